"""db.py: resolving the target, opening it safely (or refusing to), pragmas and write locks."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
import typer

from tests.helpers import assert_refused
from ytcontest.domain.errors import UserError
from ytcontest.store import db as dbmod
from ytcontest.store import migrations
from ytcontest.store.db import Target, open_database, resolve

# SQLite only: opens, locks and damages SQLite files; tests/test_postgres.py covers the same commands on PostgreSQL.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return tmp_path / "appdir"


@pytest.fixture(autouse=True)
def english():
    """Messages of direct calls in English (the CLI tests say --lang en themselves)."""
    from ytcontest.domain.i18n import set_language

    set_language("en")


def sqlite_target(path: Path) -> Target:
    return Target(url=f"sqlite:///{path}", path=path, is_default=False)


# --- resolve --------------------------------------------------------------------------------------


def test_resolve_prefers_the_db_option_over_the_environment(tmp_path, app_dir):
    target = resolve(str(tmp_path / "a.db"), {"YTCONTEST_DB": str(tmp_path / "b.db")}, app_dir)
    assert target.path == tmp_path / "a.db"
    assert target.is_default is False


def test_resolve_takes_ytcontest_db_when_there_is_no_option(tmp_path, app_dir):
    target = resolve(None, {"YTCONTEST_DB": str(tmp_path / "b.db")}, app_dir)
    assert target.path == tmp_path / "b.db"
    assert target.url == f"sqlite:///{tmp_path / 'b.db'}"
    assert target.is_default is False


def test_resolve_defaults_to_ytcontest_db_in_the_app_folder(app_dir):
    target = resolve(None, {}, app_dir)
    assert target.path == app_dir / "ytcontest.db"
    assert target.url == f"sqlite:///{app_dir / 'ytcontest.db'}"
    assert target.is_default is True
    assert target.is_sqlite is True


def test_resolve_makes_a_relative_path_absolute(tmp_path, app_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = resolve("data/khtc.db", {}, app_dir)
    assert target.path == tmp_path / "data" / "khtc.db"
    assert target.display == str(tmp_path / "data" / "khtc.db")


def test_resolve_expands_the_home_folder(tmp_path, app_dir):
    target = resolve("~/khtc.db", {}, app_dir)
    assert target.path == Path(os.environ["HOME"]) / "khtc.db"


def test_resolve_reads_a_relative_sqlite_url_as_a_file(tmp_path, app_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = resolve("sqlite:///khtc.db", {}, app_dir)
    assert target.path == tmp_path / "khtc.db"
    assert target.url == f"sqlite:///{tmp_path / 'khtc.db'}"
    assert target.is_default is False


def test_resolve_reads_an_absolute_sqlite_url_as_a_file(tmp_path, app_dir):
    target = resolve(f"sqlite:///{tmp_path / 'x.db'}", {}, app_dir)
    assert target.path == tmp_path / "x.db"
    assert target.display == str(tmp_path / "x.db")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_resolve_refuses_an_sqlite_url_without_a_file(url, app_dir):
    with pytest.raises(UserError):
        resolve(url, {}, app_dir)


def test_resolve_keeps_a_postgresql_url_and_hides_its_password_in_display(app_dir):
    target = resolve("postgresql+psycopg://clerk:s3cret@db.local:5432/ytcontest", {}, app_dir)
    assert target.path is None
    assert target.is_sqlite is False
    assert target.url == "postgresql+psycopg://clerk:s3cret@db.local:5432/ytcontest"
    assert target.display == "postgresql+psycopg://clerk:***@db.local:5432/ytcontest"


def test_resolve_refuses_a_string_that_is_not_a_url(app_dir):
    with pytest.raises(UserError, match="not a database URL"):
        resolve("://nothing", {}, app_dir)


def test_resolve_does_not_repeat_the_password_of_a_url_it_refuses(app_dir):
    with pytest.raises(UserError) as caught:
        resolve("post gres://clerk:s3cret@db.local/ytcontest", {}, app_dir)
    assert "s3cret" not in caught.value.message


def test_resolve_refuses_a_url_with_a_malformed_port_as_a_user_error(app_dir):
    # SQLAlchemy raises ValueError here, not ArgumentError; it must still be a plain refusal.
    with pytest.raises(UserError) as caught:
        resolve("postgresql://clerk:s3cret@db.local:port/ytcontest", {}, app_dir)
    assert "s3cret" not in caught.value.message


def test_resolve_refuses_an_empty_db_option_instead_of_taking_the_default(app_dir):
    # `ytcontest --db "$DB" ...` with $DB unset in a script must not fall back to the user's
    # default database (which is created and seeded silently).
    with pytest.raises(UserError):
        resolve("  ", {}, app_dir)


# --- open_database: what it refuses ---------------------------------------------------------------


def test_a_named_database_that_does_not_exist_is_refused_with_a_pointer_to_init(run, tmp_path):
    missing = tmp_path / "typo.db"
    result = run("--lang", "en", "--db", str(missing), "units", "list")
    assert_refused(result, "does not exist", "init")
    assert not missing.exists()


def test_a_database_named_in_the_environment_that_does_not_exist_is_not_created(run, tmp_path):
    result = run("--lang", "en", "units", "list")  # YTCONTEST_DB names tmp/test.db
    assert_refused(result, "does not exist", "ytcontest --db")
    assert not (tmp_path / "test.db").exists()


def test_open_database_refuses_a_missing_named_file_without_creating_it(tmp_path):
    path = tmp_path / "typo.db"
    with pytest.raises(UserError, match="init"):
        open_database(sqlite_target(path))
    assert not path.exists()


def test_a_folder_given_as_the_database_is_refused(run, tmp_path):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    result = run("--lang", "en", "--db", str(folder), "units", "list")
    assert_refused(result, "folder")
    assert list(folder.iterdir()) == []


def test_a_folder_given_to_init_is_refused(run, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    result = run("--lang", "en", "--db", str(folder), "init")
    assert_refused(result, "folder")
    assert list(folder.iterdir()) == []


def test_a_text_file_given_as_the_database_is_refused_and_left_unchanged(run, tmp_path):
    text = tmp_path / "notes.txt"
    content = "Danh sách đơn vị\nBVA,Bệnh viện A\n".encode()
    text.write_bytes(content)
    result = run("--lang", "en", "--db", str(text), "units", "list")
    assert_refused(result, "not a ytcontest database", "untouched")
    assert text.read_bytes() == content


def test_init_refuses_a_text_file_and_leaves_it_unchanged(run, tmp_path):
    text = tmp_path / "notes.txt"
    content = b"not a database at all\n"
    text.write_bytes(content)
    result = run("--lang", "en", "--db", str(text), "init")
    assert_refused(result, "not a ytcontest database")
    assert text.read_bytes() == content


def test_a_file_with_the_sqlite_header_and_garbage_after_it_is_refused_untouched(run, tmp_path):
    damaged = tmp_path / "damaged.db"
    content = dbmod.SQLITE_MAGIC + bytes(range(256)) * 20
    damaged.write_bytes(content)
    result = run("--lang", "en", "--db", str(damaged), "units", "list")
    assert_refused(result, "damaged or not a database")
    assert damaged.read_bytes() == content


def test_init_refuses_a_damaged_sqlite_file_and_leaves_it_unchanged(run, tmp_path):
    damaged = tmp_path / "damaged.db"
    content = dbmod.SQLITE_MAGIC + b"\x07" * 5000
    damaged.write_bytes(content)
    result = run("--lang", "en", "--db", str(damaged), "init")
    assert_refused(result)
    assert damaged.read_bytes() == content


def make_foreign_database(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO patients (name) VALUES ('Nguyễn Văn A')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_an_sqlite_database_of_another_program_is_refused_untouched(run, tmp_path):
    other = tmp_path / "other.db"
    content = make_foreign_database(other)
    result = run("--lang", "en", "--db", str(other), "units", "list")
    assert_refused(result, "another program", "untouched")
    assert other.read_bytes() == content


def test_init_refuses_an_sqlite_database_of_another_program_untouched(run, tmp_path):
    # `init` may create a database, not move into someone else's: a wrong path must not add
    # ytcontest's tables to another program's file.
    other = tmp_path / "other.db"
    content = make_foreign_database(other)
    result = run("--lang", "en", "--db", str(other), "init")
    assert_refused(result, "another program")
    assert other.read_bytes() == content


def test_an_empty_existing_file_is_refused_with_a_pointer_to_init(run, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = run("--lang", "en", "--db", str(empty), "units", "list")
    assert_refused(result, "init")
    assert empty.read_bytes() == b""


def test_a_database_of_a_newer_version_is_refused(run, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO ytcontest_migrations (name, applied_at) VALUES "
        "('9999_from_the_future', '2027-01-01 00:00:00.000000')"
    )
    conn.commit()
    conn.close()
    content = db_path.read_bytes()
    result = run("--lang", "en", "units", "list")
    assert_refused(result, "newer version", "9999_from_the_future")
    assert db_path.read_bytes() == content


def test_init_refuses_a_database_of_a_newer_version(run, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO ytcontest_migrations (name, applied_at) VALUES "
        "('9999_from_the_future', '2027-01-01 00:00:00.000000')"
    )
    conn.commit()
    conn.close()
    result = run("--lang", "en", "init")
    assert_refused(result, "newer version")


def test_a_url_whose_driver_is_not_installed_is_refused_naming_the_driver(run):
    try:
        import pg8000  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("pg8000 is installed")
    result = run(
        "--lang", "en", "--db", "postgresql+pg8000://clerk:s3cret@127.0.0.1:1/x", "units", "list"
    )
    assert_refused(result, "pg8000")
    assert "unexpected error" not in result.stderr
    assert "s3cret" not in result.output


def test_an_unreachable_postgresql_server_is_refused_without_the_password(run):
    pytest.importorskip("psycopg")
    result = run(
        "--lang", "en", "--db", "postgresql+psycopg://clerk:s3cret@127.0.0.1:1/x", "units", "list"
    )
    assert_refused(result, "clerk:***@127.0.0.1:1/x")
    assert "s3cret" not in result.output


def test_a_url_of_an_unknown_database_kind_is_refused_plainly(run):
    result = run("--lang", "en", "--db", "nonsense://db.local/x", "units", "list")
    assert_refused(result)
    assert "unexpected error" not in result.stderr


def test_a_refusal_in_the_default_language_starts_with_loi(run, tmp_path):
    result = run("--db", str(tmp_path / "typo.db"), "units", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi: "), result.stderr
    assert "Traceback" not in result.output


# --- open_database: the default database ----------------------------------------------------------


def default_path() -> Path:
    return Path(typer.get_app_dir("ytcontest")) / "ytcontest.db"


def test_the_default_database_is_in_the_app_folder_under_home(monkeypatch):
    monkeypatch.delenv("YTCONTEST_DB")
    assert default_path().is_relative_to(Path(os.environ["HOME"]))


def test_the_default_database_is_created_and_seeded_on_first_use(run, monkeypatch):
    monkeypatch.delenv("YTCONTEST_DB")
    assert not default_path().exists()
    result = run("units", "list", "--json")
    assert result.exit_code == 0, result.output
    codes = [u["code"] for u in json.loads(result.stdout)]
    assert "BVA" in codes and "KHTC" in codes
    assert default_path().is_file()


def test_the_default_database_is_seeded_only_once(run, monkeypatch):
    monkeypatch.delenv("YTCONTEST_DB")
    first = run("units", "list", "--all", "--json")
    second = run("units", "list", "--all", "--json")
    assert first.exit_code == second.exit_code == 0
    assert json.loads(first.stdout) == json.loads(second.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_default_database_file_is_readable_by_its_owner_only(run, monkeypatch):
    monkeypatch.delenv("YTCONTEST_DB")
    assert run("units", "list").exit_code == 0
    assert stat.S_IMODE(default_path().stat().st_mode) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_database_made_by_init_is_readable_by_its_owner_only(run, tmp_path):
    path = tmp_path / "new.db"
    assert run("--db", str(path), "init").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- the connection -------------------------------------------------------------------------------


@pytest.fixture
def database(db_path):
    db = open_database(sqlite_target(db_path))
    yield db
    db.dispose()


def test_open_database_gives_a_database_at_the_latest_schema(database):
    assert database.schema_version() == migrations.LATEST


def test_foreign_keys_are_on_in_read_sessions(database):
    with database.read() as session:
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_are_on_in_write_sessions(database):
    with database.write() as session:
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_row_pointing_to_a_missing_unit_is_refused_by_the_database(database):
    import sqlalchemy as sa

    with pytest.raises(sa.exc.IntegrityError), database.write() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO report (campaign_id, unit_id, month, first_received_at, created_at) "
            "VALUES (1, 99999, '2026-06', '2026-06-20 03:00:00', '2026-06-20 03:00:00')"
        )


def test_a_busy_timeout_is_set_on_every_connection(database):
    with database.read() as session:
        timeout = session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeout == dbmod.BUSY_TIMEOUT_SECONDS * 1000
    assert timeout > 0


def test_a_write_session_takes_the_write_lock_at_once(database, db_path):
    with database.write() as session:
        session.connection().exec_driver_sql("SELECT count(*) FROM unit").scalar()
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_a_read_session_does_not_take_the_write_lock(database, db_path):
    with database.read() as session:
        session.connection().exec_driver_sql("SELECT count(*) FROM unit").scalar()
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()


def test_a_write_session_rolls_back_wholly_on_error(database):
    with pytest.raises(RuntimeError), database.write() as session:
        session.connection().exec_driver_sql("DELETE FROM unit")
        raise RuntimeError("stop")
    with database.read() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM unit").scalar() > 0


@pytest.fixture
def write_locked(db_path, monkeypatch):
    """Another program holds the write lock; ytcontest waits one second only."""
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_SECONDS", 1)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


def test_a_write_while_another_user_writes_is_refused_as_busy(run, write_locked):
    result = run("--lang", "en", "units", "add", "MOI", "Đơn vị mới", "--kind", "don_vi")
    assert_refused(result, "busy with another user", "try again")


def test_a_refused_busy_write_changes_nothing(run, db_path, write_locked):
    run("units", "add", "MOI", "Đơn vị mới", "--kind", "don_vi")
    write_locked.execute("ROLLBACK")
    write_locked.execute("BEGIN")  # the fixture rolls back again
    codes = [u["code"] for u in json.loads(run("units", "list", "--all", "--json").stdout)]
    assert "MOI" not in codes


def test_reading_while_another_user_writes_works(run, write_locked):
    result = run("units", "list", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) > 0


# --- check ----------------------------------------------------------------------------------------


def test_check_finds_no_problem_in_a_sound_database(database):
    assert dbmod.check(database) == []


def test_check_reports_a_broken_foreign_key(database, db_path):
    conn = sqlite3.connect(db_path)  # foreign keys are off by default in plain sqlite3
    conn.execute(
        "INSERT INTO report (campaign_id, unit_id, month, first_received_at, created_at) "
        "VALUES (1, 99999, '2026-06', '2026-06-20 03:00:00', '2026-06-20 03:00:00')"
    )
    conn.commit()
    conn.close()
    problems = dbmod.check(database)
    assert len(problems) == 1
    assert "report" in problems[0]


# --- describe_database_error ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("database is locked", "busy"),
        ("attempt to write a readonly database", "read-only"),
        ("database or disk is full", "full"),
        ("file is not a database", "damaged"),
        ("unable to open database file", "cannot open"),
    ],
)
def test_describe_database_error_puts_sqlite_failures_in_the_users_words(
    reason, expected, tmp_path
):
    target = sqlite_target(tmp_path / "x.db")
    message = dbmod.describe_database_error(sqlite3.OperationalError(reason), target)
    assert expected in message
    assert str(tmp_path / "x.db") in message


def test_describe_database_error_hides_the_password_of_a_url(app_dir):
    target = resolve("postgresql+psycopg://clerk:s3cret@db.local/ytcontest", {}, app_dir)
    message = dbmod.describe_database_error(
        RuntimeError("connection to clerk:s3cret@db.local failed: timeout"), target
    )
    assert "s3cret" not in message


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ('connection failed: FATAL:  password authentication failed for user "c"', "refused the"),
        ("canceling statement due to lock timeout", "busy"),
        ("canceling statement due to statement timeout", "too long"),
        ("server closed the connection unexpectedly\n\tThis probably means...", "was lost"),
        ("connection timeout expired", "did not answer in time"),
        ("permission denied for table unit", "may not do this"),
    ],
)
def test_describe_database_error_puts_postgresql_failures_in_one_line(reason, expected, app_dir):
    # Issue 11: a wrong password read "cannot reach the server"; a dropped connection printed a
    # literal newline and an SQL fragment.
    target = resolve("postgresql+psycopg://clerk:s3cret@db.local/ytcontest", {}, app_dir)
    message = dbmod.describe_database_error(RuntimeError(reason), target)
    assert expected in message
    assert "\n" not in message and "s3cret" not in message


@pytest.mark.parametrize(
    "text",
    [
        "postgresql+psycopg://clerk:Pa@ss/w0rd@db.local/yt",
        "postgresql+psycopg://clerk@db.local/yt?sslmode=require&password=Pa@ss/w0rd",
        "host=db.local user=clerk password=Pa@ss/w0rd dbname=yt",
    ],
)
def test_mask_url_hides_every_form_of_password(text):
    masked = dbmod.mask_url(text)
    assert "Pa@ss" not in masked and "w0rd" not in masked
    assert "db.local" in masked


def test_a_password_with_an_unencoded_at_sign_keeps_the_host(app_dir):
    import sqlalchemy as sa

    target = resolve("postgresql+psycopg://clerk:Pa@ss@db.local:5432/yt", {}, app_dir)
    url = sa.engine.make_url(target.url)
    assert (url.host, url.password) == ("db.local", "Pa@ss")
    assert target.display == "postgresql+psycopg://clerk:***@db.local:5432/yt"


def test_a_debug_traceback_hides_the_password(monkeypatch):
    pytest.importorskip("psycopg")
    from typer.testing import CliRunner

    from ytcontest.cli.app import app

    monkeypatch.setenv("YTCONTEST_DEBUG", "1")
    monkeypatch.setenv("YTCONTEST_CONNECT_TIMEOUT", "2")
    url = "postgresql+psycopg://someone:Hidden-Pa@ss-7@127.0.0.1:1/nothing"
    result = CliRunner().invoke(app, ["--db", url, "units", "list"])
    assert result.exit_code == 1
    assert "Hidden" not in result.output and "ss-7" not in result.output
