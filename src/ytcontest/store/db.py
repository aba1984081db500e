"""Where the data lives: resolving the target, opening it safely, sessions, backups.

Everything that knows it is talking to SQLite is in this module; the rest of the program uses
SQLAlchemy constructs only, so the same commands run on PostgreSQL.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.store import migrations

if TYPE_CHECKING:
    from sqlmodel import Session

DB_FILENAME = "ytcontest.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Long enough for sixty clerks pressing Enter in the same minute before the 25th; a lock is held
# only for the few milliseconds of one report's write.
BUSY_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Target:
    """The database the user asked for, resolved."""

    url: str
    path: Path | None  # the file, for SQLite
    is_default: bool

    @property
    def display(self) -> str:
        """How to show the target: the file's path, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        return mask_url(sa.engine.make_url(self.url).render_as_string(hide_password=True))

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


def resolve(option: str | None, environ: Mapping[str, str], app_dir: Path) -> Target:
    """``--db`` wins over ``YTCONTEST_DB``, which wins over the file in the per-user app folder."""
    if option is not None and not option.strip():
        # "--db ''" is a script's mistake (an unset variable), not a wish for the default file.
        raise UserError(_("--db was given an empty value; name a database file or URL"))
    given = (option or environ.get("YTCONTEST_DB") or "").strip()
    if not given:
        path = app_dir / DB_FILENAME
        return Target(url=f"sqlite:///{path}", path=path, is_default=True)
    if "://" not in given:
        path = Path(given).expanduser().absolute()
        return Target(url=f"sqlite:///{path}", path=path, is_default=False)
    try:
        url = sa.engine.make_url(_encode_password(given))
    except (sa.exc.ArgumentError, ValueError) as error:
        raise UserError(_("not a database URL: {url}", url=mask_url(given))) from error
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise UserError(_("an SQLite URL must name a file: {url}", url=given))
        path = Path(url.database).expanduser().absolute()
        return Target(url=f"sqlite:///{path}", path=path, is_default=False)
    return Target(url=url.render_as_string(hide_password=False), path=None, is_default=False)


def _encode_password(text: str) -> str:
    """A URL whose password holds an unencoded ``@`` (or ``/``, ``?``) percent-encoded, so that
    the host is not read from the middle of the password: everything between ``user:`` and the
    last ``@`` is the password."""
    from urllib.parse import quote

    match = re.match(r"^([^:/]+://[^:/@?#]*:)(.*)@([^@]*)$", text)
    if match is None or ("@" not in match.group(2) and "/" not in match.group(2)):
        return text
    return f"{match.group(1)}{quote(match.group(2), safe='')}@{match.group(3)}"


def mask_url(text: str) -> str:
    """Any text with the passwords of the URLs in it hidden: ``user:secret@`` up to the last
    ``@`` of the URL, and ``password=`` in a query (libpq's keyword form included)."""
    text = re.sub(r"(://[^:/@\s]*:)\S*@", r"\1***@", text)
    return re.sub(r"(?i)(password\s*=\s*)('[^']*'|[^&\s]*)", r"\1***", text)


# On PostgreSQL every connection waits at most this long (seconds; 0: no limit) for the server,
# for a lock another session holds, and for one statement: one clerk's open transaction or LOCK
# cannot hang everyone's commands. Environment variables change them.
PG_TIMEOUTS = {
    "YTCONTEST_CONNECT_TIMEOUT": 10,
    "YTCONTEST_LOCK_TIMEOUT": 15,
    "YTCONTEST_STATEMENT_TIMEOUT": 120,
}


def pg_timeouts(environ: Mapping[str, str]) -> dict[str, int]:
    """The three timeouts, from the environment or the defaults; a bad value is refused."""
    values = {}
    for name, default in PG_TIMEOUTS.items():
        raw = environ.get(name, "").strip()
        if not raw:
            values[name] = default
            continue
        if not raw.isdigit() or int(raw) > 86_400:
            raise UserError(
                _("{name} must be a number of seconds (0 for no limit), not {value!r}",
                  name=name, value=raw)
            )  # fmt: skip
        values[name] = int(raw)
    return values


def _postgres_engine(target: Target) -> sa.Engine:
    timeouts = pg_timeouts(os.environ)
    connect_args = {}
    if timeouts["YTCONTEST_CONNECT_TIMEOUT"]:
        connect_args["connect_timeout"] = timeouts["YTCONTEST_CONNECT_TIMEOUT"]
    engine = sa.create_engine(target.url, pool_pre_ping=True, connect_args=connect_args)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, false), "
                "set_config('statement_timeout', %s, false)",
                (
                    f"{timeouts['YTCONTEST_LOCK_TIMEOUT']}s",
                    f"{timeouts['YTCONTEST_STATEMENT_TIMEOUT']}s",
                ),
            )
        dbapi_connection.commit()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # This program logs its own changes with their meaning (audit.record); the server's
        # triggers then leave them to it, for the tables' owner only (postgres.py).
        connection.exec_driver_sql("SELECT set_config('ytcontest.app_audit', 'on', true)")

    return engine


def make_engine(target: Target) -> sa.Engine:
    if not target.is_sqlite:
        try:
            if sa.engine.make_url(target.url).get_backend_name() == "postgresql":
                return _postgres_engine(target)
            return sa.create_engine(target.url, pool_pre_ping=True)
        except (sa.exc.NoSuchModuleError, ImportError) as error:
            name = sa.engine.make_url(target.url).drivername
            raise UserError(
                _(
                    "the database driver {name} is not available; for PostgreSQL install it with: "
                    'pip install "ytcontest[postgres]"',
                    name=name,
                )
            ) from error
    engine = sa.create_engine(
        target.url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS}, poolclass=sa.pool.NullPool
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself, instead of pysqlite's own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # A deferred transaction that reads and then writes fails at once with "database is
        # locked" when another writer got there first, whatever the busy timeout: writers take
        # the lock up front instead.
        mode = connection.get_execution_options().get("ytcontest_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """An opened, migrated database and the sessions to work in it."""

    def __init__(self, target: Target, engine: sa.Engine) -> None:
        self.target = target
        self.engine = engine
        self._writer = engine.execution_options(ytcontest_begin="IMMEDIATE")
        # On PostgreSQL, a login that does not own the tables (a clerk): the server keeps its
        # clock and its audit log (postgres.py).
        self.untrusted = False
        # The schema is older than this program and the login may not upgrade it: reads only.
        self.outdated: str | None = None

    def _info(self) -> dict[str, Any]:
        return {"server_audit": self.untrusted, "server_clock": self.untrusted}

    @contextmanager
    def read(self) -> Iterator[Session]:
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False, info=self._info()) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back wholly on any error."""
        from sqlmodel import Session

        if self.outdated is not None:
            raise UserError(
                _(
                    "the database {target} has an older schema ({version}) than this ytcontest "
                    "({latest}); ask the administrator to upgrade it with: ytcontest init",
                    target=self.target.display,
                    version=self.outdated,
                    latest=migrations.LATEST,
                )
            )
        with (
            Session(self._writer, expire_on_commit=False, info=self._info()) as session,
            session.begin(),
        ):
            yield session

    def schema_version(self) -> str | None:
        with self.engine.connect() as conn:
            names = migrations.applied(conn)
        return names[-1] if names else None

    def dispose(self) -> None:
        if self.untrusted:
            from ytcontest.domain import dates

            dates.use_real_clock(False)
        self.engine.dispose()


def _check_file(path: Path) -> bool:
    """Refuse a path that is not an SQLite file; True when the file exists."""
    if path.is_dir():
        raise UserError(_("{path} is a folder, not a database file", path=path))
    if not path.exists():
        return False
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise UserError(
            _("cannot read {path}: {reason}", path=path, reason=error.strerror)
        ) from error
    if header and header != SQLITE_MAGIC:
        raise UserError(
            _(
                "{path} is not a ytcontest database (not an SQLite file); it was left untouched",
                path=path,
            )
        )
    return True


def _create_file(path: Path) -> None:
    """Create an empty file readable by its owner only; SQLite fills it in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # another process made it a moment ago: open it as it is
    except OSError as error:
        raise UserError(
            _("cannot create {path}: {reason}", path=path, reason=error.strerror)
        ) from error
    os.close(fd)


def open_database(
    target: Target,
    *,
    initialise: bool = False,
    on_create: Callable[[Database], object] | None = None,
) -> Database:
    """Open ``target``, creating and migrating it when that is allowed.

    A database is created only by ``init`` (``initialise``) or when it is the default one; a
    named database that does not exist is a typo until proven otherwise. ``on_create`` runs after
    the migrations of a blank database (the seeding), and again harmlessly if two processes race.
    """
    may_create = initialise or target.is_default
    if target.path is not None and not _check_file(target.path):
        if not may_create:
            raise UserError(
                _(
                    "the database {path} does not exist; create it with: ytcontest --db {path} init",
                    path=target.path,
                )
            )
        _create_file(target.path)
    engine = make_engine(target)
    db = Database(target, engine)
    try:
        blank = _migrate(db, may_create)
    except UserError:
        db.dispose()
        raise
    except sa.exc.DatabaseError as error:
        db.dispose()
        raise UserError(describe_database_error(error, target)) from error
    if blank and on_create is not None:
        on_create(db)
    return db


def _migrate(db: Database, may_create: bool) -> bool:
    """Bring the schema up to date; True when the database was blank."""
    with db.engine.connect() as conn:
        names = migrations.applied(conn)
        if not names and sa.inspect(conn).get_table_names():
            raise UserError(
                _(
                    "{target} holds tables of another program; it was left untouched",
                    target=db.target.display,
                )
            )
        if conn.dialect.name == "postgresql":
            from ytcontest.store.postgres import is_trusted

            db.untrusted = not is_trusted(conn)
    if db.untrusted:
        # YTCONTEST_NOW never reaches what a clerk stores (the server's triggers see to that);
        # the program's own clock follows, so that what it prints agrees with what is stored.
        from ytcontest.domain import dates

        dates.use_real_clock(True)
    _refuse_newer(db, names)
    if not names and not may_create:
        raise UserError(
            _(
                "the database {target} is empty; set it up with: ytcontest --db {target} init",
                target=db.target.display,
            )
        )
    if not migrations.pending(names):
        return False
    if db.untrusted and names:
        # A clerk cannot upgrade the administrator's tables: read what can be read.
        db.outdated = names[-1]
        return False
    with db._writer.begin() as conn:
        # Read again under the write lock: another process may have migrated meanwhile.
        names = migrations.applied(conn)
        _refuse_newer(db, names)
        for name, step in migrations.pending(names):
            migrations.apply(conn, name, step)
    return not names


def _refuse_newer(db: Database, names: list[str]) -> None:
    if migrations.unknown(names):
        raise UserError(
            _(
                "the database {target} was made by a newer version of ytcontest (schema {version});"
                " update ytcontest to use it",
                target=db.target.display,
                version=names[-1],
            )
        )


def describe_database_error(error: BaseException, target: Target) -> str:
    """A database failure in the user's words, one line, without the URL's password."""
    orig = getattr(error, "orig", error)
    text = str(orig).lower()
    where = target.display
    sqlstate = getattr(orig, "sqlstate", None) or ""
    rule = _server_rule(text)
    if rule is not None:
        return rule
    if sqlstate == "55P03" or "lock timeout" in text:
        return _(
            "the database {target} is busy: another user holds what this command needs; try "
            "again in a moment (YTCONTEST_LOCK_TIMEOUT)",
            target=where,
        )
    if sqlstate == "57014" or "statement timeout" in text:
        return _(
            "the database {target} took too long to answer; nothing was changed "
            "(YTCONTEST_STATEMENT_TIMEOUT)",
            target=where,
        )
    if "locked" in text or "busy" in text:
        return _(
            "the database {target} is busy with another user; try again in a moment", target=where
        )
    if "readonly" in text or "read-only" in text:
        return _("the database {target} is read-only; nothing was changed", target=where)
    if "disk is full" in text or "no space" in text:
        return _("the disk holding {target} is full; nothing was changed", target=where)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return _("{target} is damaged or not a database; it was left untouched", target=where)
    if (
        "password authentication failed" in text
        or "no password supplied" in text
        or ("role" in text and "does not exist" in text)
        or "pg_hba.conf" in text
        or "permission denied for database" in text
    ):
        return _(
            "the database server of {target} refused the login: check the user name and the "
            "password (~/.pgpass)",
            target=where,
        )
    if "does not exist" in text and "database" in text:
        return _(
            "the database {target} does not exist on the server; ask its administrator to "
            "create it, then run: ytcontest init",
            target=where,
        )
    if "timeout expired" in text:
        return _(
            "the database server of {target} did not answer in time (YTCONTEST_CONNECT_TIMEOUT)",
            target=where,
        )
    if (
        "server closed the connection" in text
        or "terminating connection" in text
        or "consuming input failed" in text
        or "connection already closed" in text
        or "the connection is lost" in text
    ):
        return _(
            "the connection to the database server of {target} was lost; the change was not "
            "saved, run the command again",
            target=where,
        )
    if "connection refused" in text or "could not connect" in text or "connection failed" in text:
        return _("cannot reach the database server of {target}", target=where)
    if "unable to open" in text:
        return _("cannot open the database {target}", target=where)
    if "row-level security" in text:
        return _(
            "the database refused the change: your account may write only your own unit's "
            "reports and entries ({target})",
            target=where,
        )
    if sqlstate in ("42703", "42P01") or ("column" in text and "does not exist" in text):
        return _(
            "the database {target} has an older schema than this ytcontest; ask the "
            "administrator to upgrade it with: ytcontest init",
            target=where,
        )
    if "permission denied" in text:
        return _(
            "the database refused: your account may not do this ({target}); only KHTC's "
            "administrator can",
            target=where,
        )
    first_line = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return _(
        "the database {target} reported an error: {reason}",
        target=where,
        reason=mask_url(_mask(first_line, target)),
    )


def _server_rule(text: str) -> str | None:
    """The refusals of the server's own rules (postgres.py), in the user's words."""
    if "ytcontest:report_fixed" in text:
        return _("a report's month, unit and first receipt never change")
    if "ytcontest:revision_number" in text:
        return _("a revision must follow the report's last one; nothing was changed")
    if "ytcontest:report_without_revision" in text:
        return _("a report needs its first revision; nothing was changed")
    if "ytcontest:entry_status" in text:
        return _("a submitted or withdrawn entry cannot go back; nothing was changed")
    if "violates check constraint" in text:
        return _("the database refused a value outside its rules; nothing was changed")
    return None


def _mask(text: str, target: Target) -> str:
    password = sa.engine.make_url(target.url).password if not target.is_sqlite else None
    return text.replace(str(password), "***") if password else text


def restore(target: Target, source: Path) -> str:
    """Replace the SQLite database of ``target`` by the backup ``source``; its schema version.

    Written through SQLite itself (the online backup API, in reverse), never by copying the file:
    a copy laid over a database whose last write was interrupted would meet that write's journal,
    which SQLite then "rolls back" into the restored file and damages it.
    """
    if not target.is_sqlite or target.path is None:
        raise UserError(_("db restore replaces SQLite files; restore PostgreSQL with pg_restore"))
    source = source.expanduser().absolute()
    if not _check_file(source):
        raise UserError(_("the backup {path} does not exist", path=source))
    if source == target.path:
        raise UserError(_("the backup cannot overwrite the database itself"))
    backup_target = Target(url=f"sqlite:///{source}", path=source, is_default=False)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as probe:
            problems = [r[0] for r in probe.execute("PRAGMA integrity_check") if r[0] != "ok"]
            names = [r[0] for r in probe.execute(f"SELECT name FROM {migrations.MIGRATIONS_TABLE}")]
        probe.close()
    except sqlite3.Error as error:
        raise UserError(
            _("{path} is not a ytcontest backup: {reason}", path=source, reason=error)
        ) from error
    if problems:
        raise UserError(
            _("the backup {path} is damaged; choose another one", path=source), problems[:5]
        )
    _refuse_newer(Database(backup_target, make_engine(backup_target)), sorted(names))
    if not target.path.exists():
        _create_file(target.path)
    copy = sqlite3.connect(source, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        destination = sqlite3.connect(target.path, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            copy.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error as error:
        raise UserError(_("the restore failed: {reason}", reason=error)) from error
    finally:
        copy.close()
    return sorted(names)[-1] if names else "?"


def remove_new_file(target: Target) -> None:
    """Delete an SQLite file this command created, with its journal."""
    if target.path is not None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{target.path}{suffix}").unlink(missing_ok=True)


def check(db: Database) -> list[str]:
    """Problems the database reports about itself ([] when all is well)."""
    with db.engine.connect() as conn:
        if db.target.is_sqlite:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
            problems = [row for row in rows if row != "ok"]
            problems += [
                _("foreign key broken in {table} row {row}", table=row[0], row=row[1])
                for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            ]
            return problems
        from ytcontest.store.postgres import check_server_rules

        names = migrations.applied(conn)
        problems = []
        if not names or names[-1] != migrations.LATEST:
            problems.append(
                _(
                    "the schema is {version}, not {latest}: run ytcontest init to upgrade it",
                    version=names[-1] if names else "-",
                    latest=migrations.LATEST,
                )
            )
            return problems
        return problems + check_server_rules(conn) + _odd_rows(conn)


def _odd_rows(conn: sa.Connection) -> list[str]:
    """Rows an older version let in that the commands can only skip: named, for the record."""
    problems = [
        _("report {id} has no first revision", id=row[0])
        for row in conn.execute(
            sa.text(
                "SELECT p.id FROM report p WHERE NOT EXISTS (SELECT 1 FROM report_revision r "
                "WHERE r.report_id = p.id AND r.revision = 1) ORDER BY p.id LIMIT 20"
            )
        )
    ]
    for row in conn.execute(sa.text("SELECT id, month FROM report ORDER BY id")):
        if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", str(row[1])):
            problems.append(
                _("report {id} has a malformed month {month!r}", id=row[0], month=row[1])
            )
    return problems


def backup(db: Database, destination: Path) -> None:
    """A consistent copy of an SQLite database, made with SQLite's online backup while others write."""
    if not db.target.is_sqlite or db.target.path is None:
        raise UserError(_("db backup copies SQLite files; back up PostgreSQL with pg_dump"))
    destination = destination.expanduser().absolute()
    if destination.exists():
        raise UserError(_("{path} already exists; choose a new file name", path=destination))
    if destination == db.target.path:
        raise UserError(_("the backup cannot overwrite the database itself"))
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as error:
        raise UserError(
            _("{path} is a file, not a folder", path=error.filename or destination.parent)
        ) from error
    _create_file(destination)
    source = sqlite3.connect(db.target.path, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        copy = sqlite3.connect(destination)
        try:
            source.backup(copy)
        finally:
            copy.close()
    except sqlite3.Error as error:
        destination.unlink(missing_ok=True)
        raise UserError(_("the backup failed: {reason}", reason=error)) from error
    finally:
        source.close()
