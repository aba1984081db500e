"""PostgreSQL as the shared store: clerk roles held to their own unit by the server itself.

Runs when YTCONTEST_TEST_PG names a server (``.ci/run`` starts one); each test works in a schema
of its own (see conftest), and the clerk roles it creates are dropped afterwards.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from tests.conftest import PG_URL, Run, pg_admin

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs YTCONTEST_TEST_PG (a PostgreSQL server)")

FIGURES = ("--activities", "1", "--reached", "10", "--candidates", "1", "--mobilized", "1")


@pytest.fixture
def clerk(run: Run, db_path: object, pg_schema: str) -> Iterator[str]:
    """BVA's clerk: a login role made by ``db grant-clerk``; yields the clerk's database URL."""
    role = f"clerk_{uuid.uuid4().hex[:10]}"
    password = uuid.uuid4().hex
    result = run(
        "--lang", "en", "db", "grant-clerk", "BVA", role,
        env={"YTCONTEST_CLERK_PASSWORD": password},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    url = sa.engine.make_url(PG_URL).set(username=role, password=password)
    url = url.update_query_dict({"options": f"-csearch_path={pg_schema}"})
    yield url.render_as_string(hide_password=False)
    with pg_admin().connect() as conn:
        conn.execute(sa.text(f"DROP ROLE IF EXISTS {role}"))


def as_clerk(run: Run, url: str, *args: str) -> object:
    return run("--lang", "en", "--db", url, "--user", "clerk", *args)


def test_a_clerk_files_a_report_for_their_own_unit(run: Run, clerk: str) -> None:
    result = as_clerk(run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    assert result.exit_code == 0, result.output
    reports = json.loads(run("report", "list", "--json").stdout)
    assert [(r["unit"], r["month"]) for r in reports] == [("BVA", "2026-06")]


def test_a_clerk_amends_their_own_report(run: Run, clerk: str) -> None:
    as_clerk(run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    result = as_clerk(
        run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES, "--amend"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(run("report", "list", "--json").stdout)[0]["revision"] == 2


def test_the_server_refuses_a_clerks_report_for_another_unit(run: Run, clerk: str) -> None:
    result = as_clerk(run, clerk, "report", "add", "--unit", "BVC", "--month", "06/2026", *FIGURES)
    assert result.exit_code == 1
    assert "your own unit" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(run("report", "list", "--json").stdout) == []


def test_the_server_refuses_a_clerks_amendment_of_another_units_report(
    run: Run, clerk: str
) -> None:
    run("report", "add", "--unit", "BVC", "--month", "06/2026", *FIGURES)
    result = as_clerk(
        run, clerk, "report", "add", "--unit", "BVC", "--month", "06/2026", *FIGURES, "--amend"
    )
    assert result.exit_code == 1
    assert "your own unit" in result.stderr
    assert json.loads(run("report", "list", "--json").stdout)[0]["revision"] == 1


def test_the_server_refuses_a_clerks_entry_for_another_unit(run: Run, clerk: str) -> None:
    entry = ("--title", "T", "--category", "du_an", "--author-type", "ca_nhan", "--authors", "A")
    assert as_clerk(run, clerk, "entries", "add", "--unit", "BVA", *entry).exit_code == 0
    result = as_clerk(run, clerk, "entries", "add", "--unit", "BVC", *entry)
    assert result.exit_code == 1
    assert "your own unit" in result.stderr
    assert [e["unit"] for e in json.loads(run("entries", "list", "--json").stdout)] == ["BVA"]


def test_the_server_refuses_a_clerks_change_to_another_units_entry(run: Run, clerk: str) -> None:
    entry = ("--title", "T", "--category", "du_an", "--author-type", "ca_nhan", "--authors", "A")
    run("entries", "add", "--unit", "BVC", *entry)
    result = as_clerk(run, clerk, "entries", "withdraw", "1", "--reason", "not mine")
    assert result.exit_code == 1
    assert json.loads(run("entries", "list", "--json").stdout)[0]["status"] == "identified"


def test_a_clerk_reads_every_units_status(run: Run, clerk: str) -> None:
    result = as_clerk(run, clerk, "status", "--month", "06/2026", "--json")
    assert result.exit_code == 0, result.output
    assert {"BVA", "BVC"} <= {u["code"] for u in json.loads(result.stdout)["units"]}


def test_a_clerk_cannot_change_the_units(run: Run, clerk: str) -> None:
    result = as_clerk(run, clerk, "units", "edit", "BVC", "--name", "Bệnh viện khác")
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_granting_again_moves_the_clerk_to_another_unit(run: Run, clerk: str) -> None:
    role = sa.engine.make_url(clerk).username or ""
    assert (
        run("db", "grant-clerk", "BVC", role, env={"YTCONTEST_CLERK_PASSWORD": "x"}).exit_code == 0
    )
    with pg_admin().connect() as conn:
        conn.execute(sa.text(f"ALTER ROLE {role} PASSWORD 'x'"))
    moved = sa.engine.make_url(clerk).set(password="x").render_as_string(hide_password=False)
    result = as_clerk(run, moved, "report", "add", "--unit", "BVC", "--month", "06/2026", *FIGURES)
    assert result.exit_code == 0, result.output


def test_grant_clerk_is_in_the_audit_log(run: Run, clerk: str) -> None:
    events = json.loads(run("log", "--json").stdout)
    assert events[0]["action"] == "clerk.grant"


def test_a_wrong_password_is_refused_without_showing_it(run: Run, clerk: str) -> None:
    url = sa.engine.make_url(clerk).set(password="Wrong-Secret-42")
    result = run("--lang", "en", "--db", url.render_as_string(hide_password=False), "units", "list")
    assert result.exit_code == 1
    assert "Wrong-Secret-42" not in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_server_is_refused_without_showing_the_password(run: Run) -> None:
    url = "postgresql+psycopg://someone:Hidden-Pass-7@127.0.0.1:1/nothing"
    result = run("--lang", "en", "--db", url, "units", "list")
    assert result.exit_code == 1
    assert "Hidden-Pass-7" not in result.output
    assert result.stderr.startswith("Error: ")


# --- KHTC's commands on PostgreSQL (their full suites build SQLite files; these run here) -------


def _story(run: Run) -> None:
    """June 2026: BVA on time, BVC late by one day, the others missing; an entry for BVA."""
    ok = [
        run("report", "add", "--unit", "BVA", "--month", "06/2026", "--received",
            "24/06/2026 23:59:59", *FIGURES),
        run("report", "add", "--unit", "BVC", "--month", "06/2026", "--received",
            "25/06/2026 00:00", *FIGURES),
        run("entries", "add", "--unit", "BVA", "--title", "T", "--category", "san_pham",
            "--author-type", "tap_the", "--authors", "A; B"),
    ]  # fmt: skip
    assert all(r.exit_code == 0 for r in ok), [r.output for r in ok]


def test_status_of_a_month_on_postgresql(run: Run, db_path: object) -> None:
    _story(run)
    data = json.loads(run("status", "--month", "06/2026", "--json").stdout)
    units = {u["code"]: u for u in data["units"]}
    assert (units["BVA"]["report"], units["BVC"]["report"], units["BVC"]["days_late"]) == (
        "on_time", "late", 1,
    )  # fmt: skip
    assert units["BVA"]["entries"] == {"active": 1, "submitted": 0}
    summary = data["summary"]
    assert (summary["on_time"], summary["late"]) == (1, 1)
    assert summary["missing"] == summary["expected"] - 2


def test_campaign_overview_on_postgresql(run: Run, db_path: object) -> None:
    _story(run)
    data = json.loads(run("status", "--json").stdout)
    june = data["months"][0]
    assert (june["month"], june["on_time"], june["late"]) == ("2026-06", 1, 1)


def test_remind_on_postgresql(run: Run, db_path: object) -> None:
    _story(run)
    owed = {r["code"] for r in json.loads(run("remind", "--month", "06/2026", "--json").stdout)}
    assert "BVA" not in owed and "BVC" in owed  # BVC reported, but has no entry


def test_exports_and_workbook_on_postgresql(run: Run, db_path: object, tmp_path: object) -> None:
    from openpyxl import load_workbook

    _story(run)
    listed = json.loads(run("report", "list", "--json").stdout)
    exported = json.loads(run("export", "reports", "--format", "json").stdout)
    assert exported == listed
    out = f"{tmp_path}/tong-hop.xlsx"
    assert run("export", "workbook", "-o", out, "--month", "06/2026").exit_code == 0
    # Summary, by month, chart, units, entries, revisions, entries in numbers, chart data.
    assert len(load_workbook(out).sheetnames) == 8


def test_a_postgresql_database_of_the_first_schema_is_upgraded(run: Run, pg_schema: str) -> None:
    from ytcontest.store import migrations

    engine = sa.create_engine(os.environ["YTCONTEST_DB"])
    with engine.begin() as conn:
        name, step = migrations.MIGRATIONS[0]
        migrations.apply(conn, name, step)
    engine.dispose()
    result = run("--lang", "en", "init")
    assert result.exit_code == 0, result.output
    assert migrations.LATEST in result.stdout
    role = f"clerk_{uuid.uuid4().hex[:8]}"
    try:
        assert (
            run("db", "grant-clerk", "BVA", role, env={"YTCONTEST_CLERK_PASSWORD": "x"}).exit_code
            == 0
        )
    finally:
        with pg_admin().connect() as conn:
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {role}"))
