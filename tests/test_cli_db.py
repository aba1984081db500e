"""``init``, ``db path|check|backup`` and ``log``."""

from __future__ import annotations

import csv
import json
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from tests.helpers import assert_refused
from ytcontest.store import migrations

# SQLite only: init, db path, db check and db backup of SQLite files; tests/test_postgres.py covers the same commands on PostgreSQL.
pytestmark = pytest.mark.sqlite_only

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_units.csv"
LOG_KEYS = {"at", "actor", "action", "object_type", "object", "before", "after"}


def seed_codes() -> list[str]:
    with SEED.open(encoding="utf-8-sig", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def units_json(run, *extra: str) -> list[dict]:
    result = run(*extra, "units", "list", "--all", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def log_json(run, *args: str) -> list[dict]:
    result = run("log", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# --- init -----------------------------------------------------------------------------------------


def test_init_creates_the_database_named_in_the_environment(run, tmp_path):
    result = run("init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "test.db").is_file()


def test_init_seeds_every_unit_of_the_seed_list(run, tmp_path):
    assert run("init").exit_code == 0
    assert sorted(u["code"] for u in units_json(run)) == sorted(seed_codes())
    assert count(tmp_path / "test.db", "unit") == len(seed_codes())


def test_init_creates_the_default_campaign(run, tmp_path):
    assert run("init").exit_code == 0
    conn = sqlite3.connect(tmp_path / "test.db")
    codes = [row[0] for row in conn.execute("SELECT code FROM campaign")]
    conn.close()
    assert codes == ["2026"]


def test_init_prints_the_database_and_the_schema_version(run, tmp_path):
    result = run("--lang", "en", "init")
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "test.db") in result.stdout
    assert migrations.LATEST in result.stdout
    assert f"Units: {len(seed_codes())} added, 0 already there." in result.stdout


def test_init_run_twice_adds_nothing_twice(run, tmp_path):
    assert run("init").exit_code == 0
    path = tmp_path / "test.db"
    before = {t: count(path, t) for t in ("unit", "campaign", "audit_event")}
    result = run("--lang", "en", "init")
    assert result.exit_code == 0, result.output
    assert f"Units: 0 added, {len(seed_codes())} already there." in result.stdout
    assert {t: count(path, t) for t in ("unit", "campaign", "audit_event")} == before


def test_init_again_keeps_the_edits_made_since(run, db_path):
    assert run("units", "edit", "BVA", "--email", "khtc@bva.example.vn").exit_code == 0
    assert run("init").exit_code == 0
    show = run("units", "show", "BVA", "--json")
    assert json.loads(show.stdout)["email"] == "khtc@bva.example.vn"


def test_init_with_a_units_file_uses_that_file(run, tmp_path):
    units = tmp_path / "donvi.csv"
    units.write_text(
        "Mã đơn vị,Tên đơn vị,Loại\nKHTC,Phòng Kế hoạch - Tài chính,phong\n"
        "BVA,Bệnh viện A Thái Nguyên,don_vi\n",
        encoding="utf-8",
    )
    result = run("--lang", "en", "init", "--units", str(units))
    assert result.exit_code == 0, result.output
    assert "Units: 2 added, 0 already there." in result.stdout
    assert sorted(u["code"] for u in units_json(run)) == ["BVA", "KHTC"]


def test_init_with_a_missing_units_file_is_refused_without_traceback(run, tmp_path):
    result = run("--lang", "en", "init", "--units", str(tmp_path / "missing.csv"))
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert "missing.csv" in result.output


def test_init_with_a_bad_units_file_adds_no_unit(run, tmp_path):
    units = tmp_path / "donvi.csv"
    units.write_text("code,name,kind\nKHTC,Phòng KHTC,phong\nBVA,Bệnh viện A,benh_vien\n")
    result = run("--lang", "en", "init", "--units", str(units))
    assert_refused(result, "row 3")
    if (tmp_path / "test.db").exists():
        assert count(tmp_path / "test.db", "unit") == 0


def test_init_records_who_set_the_database_up(run):
    assert run("--user", "khtc.lan", "init").exit_code == 0
    events = log_json(run)
    assert events
    assert {e["actor"] for e in events} == {"khtc.lan"}


# --- db path --------------------------------------------------------------------------------------


def test_db_path_prints_the_db_option(run, tmp_path):
    result = run("--db", str(tmp_path / "khtc.db"), "db", "path")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'khtc.db'}\n"


def test_db_path_prints_a_relative_db_option_as_an_absolute_path(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("--db", "khtc.db", "db", "path")
    assert result.stdout == f"{tmp_path / 'khtc.db'}\n"


def test_db_path_prints_ytcontest_db(run, tmp_path):
    result = run("db", "path")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'test.db'}\n"


def test_db_path_prints_the_default_database(run, monkeypatch):
    monkeypatch.delenv("YTCONTEST_DB")
    result = run("db", "path")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{Path(typer.get_app_dir('ytcontest')) / 'ytcontest.db'}\n"


def test_db_path_takes_an_empty_ytcontest_db_as_unset(run):
    result = run("db", "path", env={"YTCONTEST_DB": ""})
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{Path(typer.get_app_dir('ytcontest')) / 'ytcontest.db'}\n"


def test_an_empty_db_option_is_refused(run):
    # `ytcontest --db "$DB" ...` with $DB unset must not work on the user's default database.
    assert_refused(run("--lang", "en", "--db", "", "db", "path"), "--db")


def test_db_path_creates_nothing(run, tmp_path, monkeypatch):
    assert run("db", "path").exit_code == 0
    assert run("--db", str(tmp_path / "khtc.db"), "db", "path").exit_code == 0
    monkeypatch.delenv("YTCONTEST_DB")
    assert run("db", "path").exit_code == 0
    assert not (tmp_path / "test.db").exists()
    assert not (tmp_path / "khtc.db").exists()
    assert not (Path(typer.get_app_dir("ytcontest")) / "ytcontest.db").exists()


def test_db_path_hides_the_password_of_a_url(run):
    result = run("--db", "postgresql+psycopg://clerk:s3cret@db.local/ytcontest", "db", "path")
    assert result.exit_code == 0, result.output
    assert result.stdout == "postgresql+psycopg://clerk:***@db.local/ytcontest\n"


# --- db check -------------------------------------------------------------------------------------


def test_db_check_reports_a_sound_database_at_the_latest_schema(run, db_path):
    result = run("db", "check", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "database": str(db_path),
        "schema_version": migrations.LATEST,
        "latest_schema_version": migrations.LATEST,
        "integrity": "ok",
        "problems": [],
    }


def test_db_check_prints_a_table_for_people(run, db_path):
    result = run("--lang", "en", "db", "check")
    assert result.exit_code == 0, result.output
    assert "ok" in result.stdout
    assert migrations.LATEST in result.stdout


def test_db_check_refuses_a_database_with_a_broken_link(run, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO report (campaign_id, unit_id, month, first_received_at, created_at) "
        "VALUES (1, 99999, '2026-06', '2026-06-20 03:00:00', '2026-06-20 03:00:00')"
    )
    conn.commit()
    conn.close()
    result = run("--lang", "en", "db", "check", "--json")
    assert_refused(result, "damaged", "backup")
    record = json.loads(result.stdout)
    assert record["integrity"] == "damaged"
    assert len(record["problems"]) == 1


def test_db_check_of_a_missing_named_database_is_refused(run, tmp_path):
    result = run("--lang", "en", "db", "check")
    assert_refused(result, "does not exist")
    assert not (tmp_path / "test.db").exists()


# --- db backup ------------------------------------------------------------------------------------


def test_db_backup_writes_a_copy_with_the_same_units(run, db_path, tmp_path):
    assert run("units", "add", "MOI", "Đơn vị mới", "--kind", "don_vi").exit_code == 0
    copy = tmp_path / "saoluu" / "ytcontest-2026-07-10.db"
    result = run("--lang", "en", "db", "backup", str(copy))
    assert result.exit_code == 0, result.output
    assert str(copy) in result.stdout
    assert units_json(run, "--db", str(copy)) == units_json(run)


def test_db_backup_is_a_sound_database_at_the_same_schema(run, db_path, tmp_path):
    copy = tmp_path / "copy.db"
    assert run("db", "backup", str(copy)).exit_code == 0
    check = run("--db", str(copy), "db", "check", "--json")
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["schema_version"] == migrations.LATEST


def test_db_backup_refuses_an_existing_file_and_leaves_it_alone(run, db_path, tmp_path):
    existing = tmp_path / "old.db"
    existing.write_bytes(b"an older backup")
    result = run("--lang", "en", "db", "backup", str(existing))
    assert_refused(result, "already exists")
    assert existing.read_bytes() == b"an older backup"


def test_db_backup_refuses_to_overwrite_the_database_itself(run, db_path):
    content = db_path.read_bytes()
    result = run("--lang", "en", "db", "backup", str(db_path))
    assert_refused(result)
    assert db_path.read_bytes() == content


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_db_backup_is_readable_by_its_owner_only(run, db_path, tmp_path):
    copy = tmp_path / "copy.db"
    assert run("db", "backup", str(copy)).exit_code == 0
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_db_backup_copies_while_another_connection_reads(run, db_path, tmp_path):
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM unit").fetchone()
    try:
        result = run("db", "backup", str(tmp_path / "copy.db"))
    finally:
        reader.close()
    assert result.exit_code == 0, result.output
    assert count(tmp_path / "copy.db", "unit") == len(seed_codes())


# --- log ------------------------------------------------------------------------------------------


def at(day: str) -> dict[str, str]:
    return {"YTCONTEST_NOW": f"{day}T10:00:00+07:00"}


def edit(run, *args: str, day: str) -> None:
    result = run(*args, env=at(day))
    assert result.exit_code == 0, result.output


@pytest.fixture
def history(run, db_path):
    """After init (2026-07-10, by tester): changes on three later days by two people."""
    edit(run, "units", "edit", "BVA", "--email", "a@bva.example.vn", day="2026-07-11")
    edit(run, "--user", "khtc.lan", "units", "edit", "BVC", "--group", "Khối A", day="2026-07-15")
    edit(run, "units", "edit", "BVA", "--phone", "0208 3855 000", day="2026-07-20")
    return db_path


def test_log_json_has_the_contract_keys(run, history):
    for event in log_json(run):
        assert set(event) >= LOG_KEYS, event


def test_log_lists_events_newest_first(run, history):
    events = log_json(run)
    times = [e["at"] for e in events]
    assert times == sorted(times, reverse=True)
    assert [(e["action"], e["object"], e["at"]) for e in events[:4]] == [
        ("unit.edit", "BVA", "2026-07-20T10:00:00+07:00"),
        ("unit.edit", "BVC", "2026-07-15T10:00:00+07:00"),
        ("unit.edit", "BVA", "2026-07-11T10:00:00+07:00"),
        ("unit.add", events[3]["object"], "2026-07-10T10:00:00+07:00"),
    ]


def test_log_lists_events_of_the_same_instant_newest_first(run, history):
    # init adds the campaign first, then the units: the campaign's event comes last.
    events = log_json(run)
    assert (events[-1]["action"], events[-1]["object_type"]) == ("campaign.add", "campaign")


def test_log_writes_times_in_iso_8601_with_the_vietnam_offset(run, history):
    assert log_json(run)[0]["at"] == "2026-07-20T10:00:00+07:00"


def test_log_keeps_the_actor_from_the_user_option(run, history):
    event = log_json(run)[1]
    assert (event["object"], event["actor"]) == ("BVC", "khtc.lan")


def test_log_keeps_the_actor_from_ytcontest_user(run, history):
    event = log_json(run)[0]
    assert (event["object"], event["actor"]) == ("BVA", "tester")


def test_log_keeps_the_record_before_and_after_a_change(run, history):
    event = log_json(run)[0]
    assert event["object_type"] == "unit"
    assert event["before"]["phone"] is None
    assert event["after"]["phone"] == "0208 3855 000"
    assert event["before"]["email"] == event["after"]["email"] == "a@bva.example.vn"


def test_log_unit_keeps_only_that_units_events(run, history):
    events = log_json(run, "--unit", "BVA")
    assert [(e["action"], e["object"], e["at"]) for e in events] == [
        ("unit.edit", "BVA", "2026-07-20T10:00:00+07:00"),
        ("unit.edit", "BVA", "2026-07-11T10:00:00+07:00"),
        ("unit.add", "BVA", "2026-07-10T10:00:00+07:00"),
    ]


def test_log_unit_takes_words_of_the_name(run, history):
    events = log_json(run, "--unit", "bv c")
    assert [(e["action"], e["object"]) for e in events] == [
        ("unit.edit", "BVC"),
        ("unit.add", "BVC"),
    ]


def test_log_unit_of_an_unknown_unit_is_refused(run, history):
    assert_refused(run("--lang", "en", "log", "--unit", "không có"), "no unit matches")


def test_log_since_keeps_the_events_from_that_day_on(run, history):
    events = log_json(run, "--since", "15/07/2026")
    assert [e["at"] for e in events] == [
        "2026-07-20T10:00:00+07:00",
        "2026-07-15T10:00:00+07:00",
    ]


def test_log_since_takes_an_iso_date(run, history):
    assert [e["at"] for e in log_json(run, "--since", "2026-07-16")] == [
        "2026-07-20T10:00:00+07:00"
    ]


def test_log_since_counts_the_day_in_vietnam_time(run, history):
    # 2026-07-11 10:00 +07:00 is 03:00 UTC: it belongs to the 11th, not to the 10th.
    events = log_json(run, "--since", "11/07/2026")
    assert events[-1]["at"] == "2026-07-11T10:00:00+07:00"
    assert len(events) == 3


def test_log_since_and_unit_combine(run, history):
    events = log_json(run, "--unit", "BVA", "--since", "2026-07-12")
    assert [e["at"] for e in events] == ["2026-07-20T10:00:00+07:00"]


def test_log_since_a_bad_date_is_refused(run, history):
    assert_refused(run("--lang", "en", "log", "--since", "31/02/2026"))


def test_log_limit_keeps_the_newest_events(run, history):
    events = log_json(run, "--limit", "2")
    assert [e["at"] for e in events] == [
        "2026-07-20T10:00:00+07:00",
        "2026-07-15T10:00:00+07:00",
    ]


def test_log_with_nothing_since_prints_an_empty_json_list(run, history):
    result = run("log", "--json", "--since", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "[]\n"


def test_log_csv_parses_with_one_row_per_event(run, history):
    result = run("--lang", "en", "log", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(result.stdout.splitlines(keepends=True)))
    assert len(rows) == 1 + len(log_json(run))


def test_log_table_shows_who_changed_what(run, history):
    result = run("--lang", "en", "log", "--unit", "BVC")
    assert result.exit_code == 0, result.output
    assert "khtc.lan" in result.stdout
    assert "BVC" in result.stdout


def test_grant_clerk_on_sqlite_is_refused_naming_postgresql(run, db_path):
    result = run("--lang", "en", "db", "grant-clerk", "BVA", "clerk_bva", "--password", "x")
    assert result.exit_code == 1
    assert "PostgreSQL" in result.stderr


def test_db_restore_brings_the_backup_back(run, db_path, tmp_path):
    backup = tmp_path / "b.db"
    assert run("db", "backup", str(backup)).exit_code == 0
    assert run("units", "add", "ZZ", "Đơn vị Z", "--kind", "don_vi").exit_code == 0
    result = run("db", "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert run("units", "show", "ZZ").exit_code == 1
    assert json.loads(run("db", "check", "--json").stdout)["integrity"] == "ok"


def test_db_restore_after_a_crash_ignores_the_journal_of_the_interrupted_write(
    run, db_path, tmp_path
):
    """A power cut leaves a hot journal beside the file; a restore must not replay it."""
    backup = tmp_path / "b.db"
    run("db", "backup", str(backup))
    crash = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size=1')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        'c.execute("UPDATE unit SET name = name || randomblob(3000)")\n'
        "os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(db_path)], check=False)
    assert Path(f"{db_path}-journal").exists()
    result = run("db", "restore", str(backup))
    assert result.exit_code == 0, result.output
    check = run("db", "check", "--json")
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["integrity"] == "ok"


def test_db_restore_refuses_a_file_that_is_not_a_backup(run, db_path, tmp_path):
    garbage = tmp_path / "g.db"
    garbage.write_text("not a database")
    before = db_path.read_bytes()
    result = run("--lang", "en", "db", "restore", str(garbage))
    assert result.exit_code == 1
    assert db_path.read_bytes() == before


def test_log_table_groups_the_thousands_of_counts_as_the_tables_do(run, db_path):
    # "Số người được tiếp cận: 2500000" is hard to read; the report tables write 2.500.000.
    result = run(
        "report", "add", "--unit", "BVA", "--month", "06/2026", "--activities", "3",
        "--reached", "2500000", "--candidates", "4", "--mobilized", "2",
        "--received", "20/06/2026 09:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = run("log", "--unit", "BVA", env={"COLUMNS": "200"}).stdout
    assert "2.500.000" in out
    assert "2500000" not in out
