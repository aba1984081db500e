"""Issue 11: every attack of the audit, made as a hostile clerk would, is refused by the server.

The clerk logs in with psycopg (as with ``psql``) or runs the CLI; each test works in a schema of
its own on the server named by YTCONTEST_TEST_PG (``.ci/run`` starts one), and is skipped without.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
import sqlalchemy as sa

from tests.conftest import PG_URL, Run, pg_admin

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs YTCONTEST_TEST_PG (a PostgreSQL server)")

FIGURES = ("--activities", "1", "--reached", "10", "--candidates", "1", "--mobilized", "1")
ENTRY = ("--title", "T", "--category", "du_an", "--author-type", "ca_nhan", "--authors", "A")


class Clerk:
    """BVA's clerk, made by ``db grant-clerk``: its CLI URL and a psql-like connection."""

    def __init__(self, role: str, password: str, schema: str) -> None:
        self.role, self.password, self.schema = role, password, schema
        url = sa.engine.make_url(PG_URL).set(username=role, password=password)
        self.url = url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )

    def connect(self, database: str | None = None) -> Any:
        import psycopg

        url = sa.engine.make_url(database or PG_URL)
        return psycopg.connect(
            host=url.host,
            port=url.port,
            dbname=url.database,
            user=self.role,
            password=self.password,
            options=f"-csearch_path={self.schema}",
            autocommit=True,
        )

    def sql(self, statement: str, params: tuple = ()) -> list[tuple]:
        from psycopg import sql

        with self.connect() as conn:
            if params and isinstance(params[0], sql.Literal):
                cursor = conn.execute(sql.SQL(statement.replace("%s", "{}")).format(*params))
            else:
                cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def refused(self, statement: str, params: tuple = ()) -> str:
        """Run ``statement`` and return the server's refusal (the test fails if it was done)."""
        import psycopg

        with pytest.raises(psycopg.Error) as caught:
            self.sql(statement, params)
        return str(caught.value)


@pytest.fixture
def clerk(run: Run, db_path: object, pg_schema: str) -> Iterator[Clerk]:
    role = f"clerk_{uuid.uuid4().hex[:10]}"
    password = uuid.uuid4().hex
    result = grant(run, "BVA", role, password)
    assert result.exit_code == 0, result.output
    yield Clerk(role, password, pg_schema)
    drop_roles(role)


def grant(run: Run, unit: str, role: str, password: str) -> Any:
    return run("--lang", "en", "db", "grant-clerk", unit, role,
               env={"YTCONTEST_CLERK_PASSWORD": password})  # fmt: skip


def drop_roles(*roles: str) -> None:
    with pg_admin().connect() as conn:
        for role in roles:
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {role}"))


def as_clerk(run: Run, clerk: Clerk, *args: str, env: dict[str, str] | None = None) -> Any:
    return run("--lang", "en", "--db", clerk.url, "--user", "clerk", *args, env=env)


def unit_id(code: str) -> int:
    with sa.create_engine(os.environ["YTCONTEST_DB"]).connect() as conn:
        return conn.execute(
            sa.text("SELECT id FROM unit WHERE code = :c"), {"c": code}
        ).scalar_one()


def admin_sql(statement: str, params: dict | None = None) -> list[Any]:
    engine = sa.create_engine(os.environ["YTCONTEST_DB"], poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        result = conn.execute(sa.text(statement), params or {})
        return list(result) if result.returns_rows else []


def campaign_id() -> int:
    return admin_sql("SELECT id FROM campaign ORDER BY id LIMIT 1")[0][0]


# A report and its first revision in one statement (DO block): what psql makes easy.
REPORT_SQL = """DO $$ DECLARE new_id bigint; BEGIN
  INSERT INTO report (campaign_id, unit_id, month, first_received_at, created_at)
    VALUES (%s, %s, %s, %s, %s) RETURNING id INTO new_id;
  INSERT INTO report_revision (report_id, revision, received_at, activities, reached,
    candidates, mobilized, recorded_at, recorded_by)
    VALUES (new_id, 1, %s, %s, 1, 1, 1, %s, 'clerk');
END $$"""
PAST = "2026-06-20 02:00:00"


def report_params(unit: int, month: str = "2026-06", activities: int = 1) -> tuple:
    from psycopg import sql

    # A DO block takes no parameters: the values are written in as literals.
    values = (campaign_id(), unit, month, PAST, PAST, PAST, activities, PAST)
    return tuple(sql.Literal(v) for v in values)


# --- 1. acting for another unit: the temp-table shadow ---------------------------------------


def test_a_clerk_cannot_create_a_temporary_table(clerk: Clerk) -> None:
    refusal = clerk.refused("CREATE TEMP TABLE clerk_grant (role_name text, unit_id int)")
    assert "permission denied" in refusal


def test_the_temp_table_shadow_gives_no_other_unit_even_with_temp_rights(clerk: Clerk) -> None:
    # Had TEMP been granted again by someone, the function still reads the schema's own table.
    database = sa.engine.make_url(PG_URL).database
    with pg_admin().connect() as conn:
        conn.execute(sa.text(f"GRANT TEMPORARY ON DATABASE {database} TO {clerk.role}"))
    try:
        bvc = unit_id("BVC")
        with clerk.connect() as conn:
            conn.execute("CREATE TEMP TABLE clerk_grant (role_name text, unit_id int)")
            conn.execute("INSERT INTO clerk_grant VALUES (%s, %s)", (clerk.role, bvc))
            import psycopg

            with pytest.raises(psycopg.Error, match="row-level security"):
                conn.execute(
                    psycopg.sql.SQL(REPORT_SQL.replace("%s", "{}")).format(*report_params(bvc))
                )
    finally:
        with pg_admin().connect() as conn:
            conn.execute(sa.text(f"REVOKE TEMPORARY ON DATABASE {database} FROM {clerk.role}"))
    assert admin_sql("SELECT count(*) FROM report")[0][0] == 0


def test_the_clerk_function_is_schema_qualified_with_pg_temp_last(clerk: Clerk) -> None:
    (config, source), *_ = admin_sql(
        "SELECT proconfig, prosrc FROM pg_proc WHERE proname = 'ytcontest_clerk_unit' "
        "AND pronamespace = current_schema()::regnamespace"
    )
    assert config == [f"search_path={clerk.schema}, pg_temp"]
    assert f"{clerk.schema}.clerk_grant" in source.replace('"', "")


# --- 2. backdating, by the CLI and by SQL ----------------------------------------------------


def test_a_clerks_received_option_is_refused(run: Run, clerk: Clerk) -> None:
    result = as_clerk(run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026",
                      "--received", "20/06/2026 09:00", *FIGURES)  # fmt: skip
    assert result.exit_code == 1
    assert "paper report" in result.stderr
    assert admin_sql("SELECT count(*) FROM report")[0][0] == 0


def test_a_clerks_submission_time_is_refused(run: Run, clerk: Clerk) -> None:
    assert as_clerk(run, clerk, "entries", "add", "--unit", "BVA", *ENTRY).exit_code == 0
    result = as_clerk(run, clerk, "entries", "submit", "1", "--at", "01/10/2026 09:00")
    assert result.exit_code == 1
    assert "paper report" in result.stderr


def test_ytcontest_now_does_not_reach_a_clerks_report(run: Run, clerk: Clerk) -> None:
    # The suite's clock says 10 July; a clerk's report is stamped by the server (December).
    result = as_clerk(run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026",
                      *FIGURES, env={"YTCONTEST_NOW": "2026-06-20T09:00:00+07:00"})  # fmt: skip
    assert result.exit_code == 0, result.output
    (first, received, recorded), *_ = admin_sql(
        "SELECT p.first_received_at, r.received_at, r.recorded_at FROM report p "
        "JOIN report_revision r ON r.report_id = p.id"
    )
    server_now = admin_sql("SELECT now() AT TIME ZONE 'UTC'")[0][0]
    for stored in (first, received, recorded):
        assert abs((server_now - stored).total_seconds()) < 120
    assert json.loads(run("report", "list", "--json").stdout)[0]["timeliness"] == "late"


def test_the_administrators_paper_report_keeps_its_received_day(run: Run, clerk: Clerk) -> None:
    result = run("report", "add", "--unit", "BVA", "--month", "06/2026",
                 "--received", "24/06/2026 10:00", *FIGURES)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(run("report", "list", "--json").stdout)[0]["timeliness"] == "on_time"


def test_a_clerks_sql_insert_takes_the_servers_time(clerk: Clerk) -> None:
    clerk.sql(REPORT_SQL, report_params(unit_id("BVA")))
    (first,), *_ = admin_sql("SELECT first_received_at FROM report")
    assert first > datetime(2026, 11, 1)


def test_a_clerk_cannot_move_a_reports_receipt_or_month(run: Run, clerk: Clerk) -> None:
    as_clerk(run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    for change in ("first_received_at = '2026-06-01'", "month = '2026-07'", "unit_id = 1"):
        assert "permission denied" in clerk.refused(f"UPDATE report SET {change}")
    assert "report_fixed" in clerk.refused("UPDATE report SET created_at = '2026-06-01'")


def test_the_administrator_cannot_move_a_reports_receipt_either(run: Run, clerk: Clerk) -> None:
    run("report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    with pytest.raises(sa.exc.DBAPIError, match="report_fixed"):
        admin_sql("UPDATE report SET first_received_at = '2026-06-01'")


def test_a_clerk_cannot_change_or_delete_a_revision(run: Run, clerk: Clerk) -> None:
    as_clerk(run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    for statement in (
        "UPDATE report_revision SET received_at = '2026-06-01'",
        "UPDATE report_revision SET activities = 0, revision = 5, recorded_by = 'x'",
        "DELETE FROM report_revision",
        "DELETE FROM report",
        "DELETE FROM entry",
    ):
        assert "permission denied" in clerk.refused(statement)


def test_a_clerks_revision_number_is_checked_by_the_server(run: Run, clerk: Clerk) -> None:
    as_clerk(run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    report = admin_sql("SELECT id FROM report")[0][0]
    refusal = clerk.refused(
        "INSERT INTO report_revision (report_id, revision, received_at, activities, reached, "
        "candidates, mobilized, recorded_at, recorded_by) VALUES (%s, 7, now(), 1, 1, 1, 1, "
        "now(), 'clerk')",
        (report,),
    )
    assert "revision_number" in refusal


def test_a_clerk_cannot_backdate_an_entrys_submission_by_sql(run: Run, clerk: Clerk) -> None:
    as_clerk(run, clerk, "entries", "add", "--unit", "BVA", *ENTRY)
    clerk.sql("UPDATE entry SET status = 'submitted', submitted_at = '2026-01-01'")
    (submitted,), *_ = admin_sql("SELECT submitted_at FROM entry")
    assert submitted > datetime(2026, 11, 1)
    clerk.sql("UPDATE entry SET submitted_at = '2026-01-01', title = 'U'")
    assert admin_sql("SELECT submitted_at FROM entry")[0][0] == submitted
    assert "entry_status" in clerk.refused("UPDATE entry SET status = 'identified'")


def test_a_clerk_cannot_move_an_entry_to_another_unit(run: Run, clerk: Clerk) -> None:
    as_clerk(run, clerk, "entries", "add", "--unit", "BVA", *ENTRY)
    assert "permission denied" in clerk.refused(f"UPDATE entry SET unit_id = {unit_id('BVC')}")


# --- 3. the audit log ------------------------------------------------------------------------


def test_a_clerk_cannot_write_the_audit_log(clerk: Clerk) -> None:
    refusal = clerk.refused(
        "INSERT INTO audit_event (at, actor, action, object_type, object_key) "
        "VALUES (now(), 'ytcontest_admin', 'x', 'unit', 'BVA')"
    )
    assert "permission denied" in refusal
    for statement in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"):
        assert "permission denied" in clerk.refused(statement)


def test_a_change_made_with_sql_is_in_the_log_with_the_login(run: Run, clerk: Clerk) -> None:
    as_clerk(run, clerk, "entries", "add", "--unit", "BVA", *ENTRY)
    clerk.sql("UPDATE entry SET title = 'Changed by psql'")
    event = json.loads(run("log", "--json").stdout)[0]
    assert (event["action"], event["login"], event["object"]) == (
        "entry.edit", clerk.role, "BVA/entry-1",
    )  # fmt: skip
    assert event["after"]["title"] == "Changed by psql"


def test_the_clerks_cli_change_is_logged_once_with_name_and_login(run: Run, clerk: Clerk) -> None:
    as_clerk(run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    events = [e for e in json.loads(run("log", "--json").stdout) if e["object"] == "BVA/2026-06"]
    assert [(e["action"], e["actor"], e["login"]) for e in events] == [
        ("report.add", "clerk", clerk.role)
    ]


def test_the_administrators_change_is_logged_once(run: Run, clerk: Clerk) -> None:
    run("report", "add", "--unit", "BVC", "--month", "06/2026", *FIGURES)
    events = [e for e in json.loads(run("log", "--json").stdout) if e["object"] == "BVC/2026-06"]
    assert [(e["action"], e["actor"]) for e in events] == [("report.add", "tester")]
    assert events[0]["login"] == sa.engine.make_url(PG_URL).username


def test_the_log_table_shows_the_login_beside_the_name(run: Run, clerk: Clerk) -> None:
    as_clerk(run, clerk, "entries", "add", "--unit", "BVA", *ENTRY)
    out = run("--lang", "en", "log", "--format", "csv").stdout
    assert f"clerk ({clerk.role})" in out


# --- 4. stalls -------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["report", "report_revision", "entry", "unit", "audit_event"])
def test_a_clerk_cannot_lock_a_table(clerk: Clerk, table: str) -> None:
    with clerk.connect() as conn:
        import psycopg

        with pytest.raises(psycopg.Error, match="permission denied"), conn.transaction():
            conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")


def test_a_clerk_cannot_draw_from_any_sequence(clerk: Clerk) -> None:
    sequences = [
        row[0]
        for row in admin_sql(
            "SELECT c.relname FROM pg_class c WHERE c.relkind = 'S' "
            "AND c.relnamespace = current_schema()::regnamespace"
        )
    ]
    assert any("audit_event" in name for name in sequences)
    for name in sequences:
        assert "permission denied" in clerk.refused(f"SELECT nextval('{name}')")


def test_ids_that_grow_are_bigint(clerk: Clerk) -> None:
    types = dict(
        admin_sql(
            "SELECT table_name, data_type FROM information_schema.columns WHERE column_name = 'id'"
            " AND table_schema = current_schema()"
        )
    )
    assert all(types[t] == "bigint" for t in ("report", "report_revision", "entry", "audit_event"))


def test_a_held_lock_makes_a_command_wait_only_the_lock_timeout(run: Run, db_path: object) -> None:
    engine = sa.create_engine(os.environ["YTCONTEST_DB"], poolclass=sa.pool.NullPool)
    with engine.connect() as conn, conn.begin():
        conn.execute(sa.text("LOCK TABLE unit IN ACCESS EXCLUSIVE MODE"))
        started = datetime.now(timezone.utc)
        result = run("--lang", "en", "units", "list", env={"YTCONTEST_LOCK_TIMEOUT": "1"})
        waited = (datetime.now(timezone.utc) - started).total_seconds()
    assert result.exit_code == 1
    assert "busy" in result.stderr and "Traceback" not in result.output
    assert waited < 10


def test_a_bad_timeout_setting_is_refused(run: Run, db_path: object) -> None:
    result = run("--lang", "en", "units", "list", env={"YTCONTEST_LOCK_TIMEOUT": "soon"})
    assert result.exit_code == 1
    assert "YTCONTEST_LOCK_TIMEOUT" in result.stderr


# --- bad rows --------------------------------------------------------------------------------


def test_a_clerks_report_with_a_malformed_month_is_refused(clerk: Clerk) -> None:
    refusal = clerk.refused(REPORT_SQL, report_params(unit_id("BVA"), month="garbage"))
    assert "report_month_format" in refusal


def test_a_clerks_negative_figure_is_refused(clerk: Clerk) -> None:
    refusal = clerk.refused(REPORT_SQL, report_params(unit_id("BVA"), activities=-5))
    assert "report_revision_figures" in refusal


def test_a_report_without_its_first_revision_is_refused(clerk: Clerk) -> None:
    refusal = clerk.refused(
        "INSERT INTO report (campaign_id, unit_id, month, first_received_at, created_at) "
        "VALUES (%s, %s, '2026-06', now(), now())",
        (campaign_id(), unit_id("BVA")),
    )
    assert "report_without_revision" in refusal


def test_shared_commands_still_work_after_the_attacks(run: Run, clerk: Clerk) -> None:
    for statement, params in (
        (REPORT_SQL, report_params(unit_id("BVA"), month="garbage")),
        (REPORT_SQL, report_params(unit_id("BVA"), activities=-1)),
    ):
        clerk.refused(statement, params)
    for args in (("report", "list"), ("export", "reports", "--format", "json"), ("status",)):
        assert run(*args).exit_code == 0


# --- role takeover, cross-database reach -----------------------------------------------------


def test_grant_clerk_refuses_the_administrators_role(run: Run, db_path: object) -> None:
    admin = sa.engine.make_url(PG_URL).username or ""
    result = grant(run, "BVD", admin, "X-takeover-1")
    assert result.exit_code == 1
    assert "choose another name" in result.stderr
    assert run("units", "list").exit_code == 0


def test_grant_clerk_refuses_a_role_it_did_not_make(run: Run, db_path: object) -> None:
    role = f"someone_{uuid.uuid4().hex[:8]}"
    with pg_admin().connect() as conn:
        conn.execute(sa.text(f"CREATE ROLE {role} LOGIN"))
    try:
        result = grant(run, "BVA", role, "pw-1")
        assert result.exit_code == 1
        assert "not made by ytcontest" in result.stderr
    finally:
        drop_roles(role)


def test_grant_clerk_refuses_a_role_that_can_create_databases(run: Run, clerk: Clerk) -> None:
    with pg_admin().connect() as conn:
        conn.execute(sa.text(f"ALTER ROLE {clerk.role} CREATEDB"))
    result = grant(run, "BVA", clerk.role, "pw-2")
    assert result.exit_code == 1
    assert "create roles or databases" in result.stderr


def test_the_clerk_group_belongs_to_one_database(clerk: Clerk) -> None:
    database = sa.engine.make_url(PG_URL).database
    groups = admin_sql(
        "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.member "
        "JOIN pg_roles b ON b.oid = m.roleid WHERE a.rolname = :r",
        {"r": clerk.role},
    )
    assert [g[0] for g in groups] == [f"ytcontest_clerk_{database}"]


@pytest.mark.skipif(
    not os.environ.get("YTCONTEST_TEST_PG_OTHER"), reason="needs YTCONTEST_TEST_PG_OTHER"
)
def test_a_clerk_reaches_nothing_in_another_ytcontest_database(run: Run, clerk: Clerk) -> None:
    import psycopg

    other = os.environ["YTCONTEST_TEST_PG_OTHER"]
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(other, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        url = sa.engine.make_url(other).update_query_dict({"options": f"-csearch_path={schema}"})
        assert run("--db", url.render_as_string(hide_password=False), "init").exit_code == 0
        with pytest.raises(psycopg.Error, match="permission denied"), clerk.connect(other) as c:
            c.execute(f"SELECT * FROM {schema}.unit")
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


# --- passwords -------------------------------------------------------------------------------


def test_a_password_on_the_command_line_is_refused(run: Run, db_path: object) -> None:
    result = run("--lang", "en", "db", "grant-clerk", "BVA", "clerk_x", "--password", "p")
    assert result.exit_code == 1
    assert "command line" in result.stderr


def test_an_empty_password_is_refused(run: Run, db_path: object) -> None:
    result = grant(run, "BVA", f"clerk_{uuid.uuid4().hex[:8]}", "")
    assert result.exit_code == 1
    assert "empty" in result.stderr


def test_no_terminal_and_no_password_variable_is_refused(run: Run, db_path: object) -> None:
    result = run("--lang", "en", "db", "grant-clerk", "BVA", "clerk_y")
    assert result.exit_code == 1
    assert "YTCONTEST_CLERK_PASSWORD" in result.stderr


@pytest.mark.skipif(
    not os.environ.get("YTCONTEST_TEST_PG_LOG"), reason="needs YTCONTEST_TEST_PG_LOG"
)
def test_the_password_never_reaches_the_server_log(run: Run, db_path: object) -> None:
    role, secret = f"clerk_{uuid.uuid4().hex[:8]}", f"Secret-{uuid.uuid4().hex}"
    try:
        assert grant(run, "BVA", role, secret).exit_code == 0
        assert grant(run, "BVA", role, secret + "2").exit_code == 0
        with open(os.environ["YTCONTEST_TEST_PG_LOG"], encoding="utf-8", errors="replace") as f:
            log = f.read()
        assert f"ALTER ROLE {role}" in log  # log_statement=ddl: the statement is there ...
        assert secret not in log  # ... with a verifier in place of the password
    finally:
        drop_roles(role)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://clerk:Pa@ss-w0rd@db.example:5432/yt",
        "postgresql+psycopg://clerk@db.example/yt?password=Pa@ss-w0rd",
        "postgresql+psycopg://clerk:Pa%40ss-w0rd@db.example/yt",
    ],
)
def test_db_path_masks_the_password(run: Run, url: str) -> None:
    result = run("--db", url, "db", "path")
    assert result.exit_code == 0
    assert "Pa" not in result.stdout.replace("Path", "")
    assert "db.example" in result.stdout


# --- messages, db check, older schema --------------------------------------------------------


def test_a_wrong_password_says_the_login_was_refused(run: Run, clerk: Clerk) -> None:
    url = sa.engine.make_url(clerk.url).set(password="Wrong-Secret-42")
    result = run("--lang", "en", "--db", url.render_as_string(hide_password=False), "status")
    assert result.exit_code == 1
    assert "refused the login" in result.stderr
    assert "Wrong-Secret-42" not in result.output


def test_a_refused_edit_of_another_units_entry_says_so(run: Run, clerk: Clerk) -> None:
    run("entries", "add", "--unit", "BVC", *ENTRY)
    result = as_clerk(run, clerk, "entries", "edit", "1", "--title", "Mine now")
    assert result.exit_code == 1
    assert "your own unit" in result.stderr
    assert "StaleData" not in result.stderr


def test_db_check_verifies_the_server_rules(run: Run, clerk: Clerk) -> None:
    result = run("--lang", "en", "db", "check", "--json")
    assert result.exit_code == 0, result.output
    admin_sql("ALTER TABLE report NO FORCE ROW LEVEL SECURITY")
    admin_sql("DROP POLICY ytcontest_clerk_insert ON entry")
    admin_sql(f"GRANT UPDATE ON report TO ytcontest_clerk_{sa.engine.make_url(PG_URL).database}")
    result = run("--lang", "en", "db", "check")
    assert result.exit_code == 1
    for words in ("forced on report", "ytcontest_clerk_insert on entry", "UPDATE on report"):
        assert words in result.stderr, result.stderr


def test_a_clerk_on_an_older_schema_reads_and_is_told_to_ask_for_an_upgrade(
    run: Run, clerk: Clerk
) -> None:
    from ytcontest.store import migrations

    admin_sql("DELETE FROM ytcontest_migrations WHERE name = :n", {"n": migrations.LATEST})
    assert as_clerk(run, clerk, "status", "--month", "06/2026").exit_code == 0
    result = as_clerk(run, clerk, "entries", "add", "--unit", "BVA", *ENTRY)
    assert result.exit_code == 1
    assert "older schema" in result.stderr and "upgrade" in result.stderr


# --- clerks still work as before -------------------------------------------------------------


def test_a_clerk_files_amends_and_reads(run: Run, clerk: Clerk) -> None:
    add = ("report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    assert as_clerk(run, clerk, *add).exit_code == 0
    assert as_clerk(run, clerk, *add, "--amend").exit_code == 0
    shown = json.loads(as_clerk(run, clerk, "report", "show", "BVA", "06/2026", "--json").stdout)
    assert shown["revision"] == 2
    assert as_clerk(run, clerk, "entries", "add", "--unit", "BVA", *ENTRY).exit_code == 0
    assert as_clerk(run, clerk, "entries", "withdraw", "1", "--reason", "dup").exit_code == 0
    assert as_clerk(run, clerk, "log").exit_code == 0


def test_odd_rows_of_an_older_database_are_named_and_skipped(run: Run, clerk: Clerk) -> None:
    # Rows the audit made before the upgrade: the new rules would refuse them, so they are let
    # in the way an older version did (constraint dropped, check trigger off).
    run("report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    admin_sql("ALTER TABLE report DROP CONSTRAINT report_month_format")
    admin_sql("ALTER TABLE report DISABLE TRIGGER ytcontest_report_needs_revision")
    admin_sql(
        "INSERT INTO report (campaign_id, unit_id, month, first_received_at, created_at) "
        "VALUES (:c, :u, 'garbage', now(), now()), (:c, :u, '2026-07', now(), now())",
        {"c": campaign_id(), "u": unit_id("BVC")},
    )
    listed = run("--lang", "en", "report", "list", "--json")
    assert listed.exit_code == 0
    assert [r["unit"] for r in json.loads(listed.stdout)] == ["BVA"]
    assert "'garbage'" in listed.stderr and "no first revision" in listed.stderr
    exported = run("export", "reports", "--format", "json")
    assert exported.exit_code == 0 and len(json.loads(exported.stdout)) == 1
    checked = run("--lang", "en", "db", "check")
    assert checked.exit_code == 1
    assert "malformed month" in checked.stderr and "no first revision" in checked.stderr


@pytest.mark.slow
def test_sixteen_clerks_amending_at_once_lose_and_repeat_no_revision(
    run: Run, clerk: Clerk
) -> None:
    # What held before issue 11 must hold after it: the server's revision check and the
    # amendment's row lock together give 2..17, each once.
    import subprocess
    import sys

    add = ("report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    assert as_clerk(run, clerk, *add).exit_code == 0
    env = {**os.environ, "YTCONTEST_DB": clerk.url, "YTCONTEST_LANG": "en"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "ytcontest", "--user", f"c{i}", *add, "--amend"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(16)
    ]
    outcomes = [p.communicate(timeout=300) for p in processes]
    assert all(p.returncode == 0 for p in processes), outcomes
    numbers = sorted(r[0] for r in admin_sql("SELECT revision FROM report_revision"))
    assert numbers == list(range(1, 18))


# --- the mail and import tables (issue 15) under the same rules -------------------------------


def filled_form(run: Run, folder: Any, unit: str) -> Any:
    from tests.test_report_inbox import FILLED
    from ytcontest.tabular.mail import prefill

    path = folder / f"{unit}.xlsx"
    assert (
        run("report", "template", "--unit", unit, "--month", "06/2026", "-o", str(path)).exit_code
        == 0
    )
    prefill(path, FILLED)
    return path


def sha256(path: Any) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


IMPORT_RECORD = (
    "INSERT INTO imported_file (campaign_id, sha256, name, reports, imported_at, imported_by) "
    "VALUES (%s, %s, 'x.xlsx', %s, '2020-01-01', 'ytcontest_admin')"
)


def test_a_clerk_cannot_record_an_import_of_another_units_report(clerk: Clerk) -> None:
    refusal = clerk.refused(IMPORT_RECORD, (campaign_id(), "a" * 64, '["BVC/2026-06"]'))
    assert "row-level security" in refusal


def test_a_clerk_cannot_record_an_import_with_a_malformed_list_or_hash(clerk: Clerk) -> None:
    clerk.refused(IMPORT_RECORD, (campaign_id(), "a" * 64, "5"))
    clerk.refused(IMPORT_RECORD, (campaign_id(), "not a hash", '["BVA/2026-06"]'))


def test_a_clerks_import_record_takes_the_servers_time_and_login(clerk: Clerk) -> None:
    clerk.sql(IMPORT_RECORD, (campaign_id(), "b" * 64, '["BVA/2026-06"]'))
    (at, by), *_ = admin_sql("SELECT imported_at, imported_by FROM imported_file")
    assert by == clerk.role
    assert at > datetime(2026, 1, 1)


def test_an_unbelieved_import_record_neither_skips_nor_stops_a_form(
    run: Run, clerk: Clerk, tmp_path: Any
) -> None:
    path = filled_form(run, tmp_path, "BVC")
    admin_sql(
        "INSERT INTO imported_file (campaign_id, sha256, name, reports, imported_at, imported_by) "
        "VALUES (:c, :s, 'x.xlsx', '[\"BVC/2026-06\"]', now(), 'someone')",
        {"c": campaign_id(), "s": sha256(path)},
    )
    result = run("--lang", "en", "report", "import", str(path))
    assert result.exit_code == 0, result.output
    assert admin_sql("SELECT count(*) FROM report")[0][0] == 1
    again = run("--lang", "en", "report", "import", str(path))
    assert again.exit_code == 0 and "already imported" in again.output


def test_a_clerks_received_option_on_import_is_refused(
    run: Run, clerk: Clerk, tmp_path: Any
) -> None:
    path = filled_form(run, tmp_path, "BVA")
    result = as_clerk(run, clerk, "report", "import", str(path), "--received", "20/06/2026 10:00")
    assert result.exit_code == 1
    assert "--received" in result.stderr
    assert admin_sql("SELECT count(*) FROM report")[0][0] == 0


def test_a_clerk_is_refused_before_any_mail_is_sent(run: Run, clerk: Clerk) -> None:
    for key, value in (("server", "127.0.0.1"), ("port", "9"), ("from", "khtc@example.org")):
        assert run("mail", "set", key, value).exit_code == 0
    result = as_clerk(run, clerk, "mail", "test", "--to", "x@example.org")
    assert result.exit_code == 1
    assert "administrator" in result.stderr
    assert "reach" not in result.stderr  # refused before trying the server


def test_an_update_that_changes_nothing_is_not_logged(run: Run, clerk: Clerk) -> None:
    as_clerk(run, clerk, "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES)
    before = admin_sql("SELECT count(*) FROM audit_event")[0][0]
    for _ in range(3):
        clerk.sql("UPDATE report SET created_at = created_at")
    assert admin_sql("SELECT count(*) FROM audit_event")[0][0] == before


def test_db_check_names_column_rights_beyond_the_clerks_and_the_remedy(
    run: Run, clerk: Clerk
) -> None:
    group = f"ytcontest_clerk_{sa.engine.make_url(PG_URL).database}"
    admin_sql(f"GRANT INSERT (report_id, revision, action, at, actor) ON report_review TO {group}")
    admin_sql(f"GRANT UPDATE (first_received_at) ON report TO {clerk.role}")
    try:
        result = run("--lang", "en", "db", "check")
    finally:  # the role is dropped after the test, which its grants would prevent
        admin_sql(f"REVOKE UPDATE (first_received_at) ON report FROM {clerk.role}")
    assert result.exit_code == 1
    assert "INSERT (action, actor, at, report_id, revision) on report_review" in result.stderr
    assert f"{clerk.role} holds UPDATE (first_received_at) on report" in result.stderr
    assert "restoring a backup does not" in result.stderr


def test_db_check_names_a_right_the_clerks_lack(run: Run, clerk: Clerk) -> None:
    group = f"ytcontest_clerk_{sa.engine.make_url(PG_URL).database}"
    admin_sql(f"REVOKE INSERT ON imported_file FROM {group}")
    result = run("--lang", "en", "db", "check")
    assert result.exit_code == 1
    assert "lack INSERT" in result.stderr and "imported_file" in result.stderr
