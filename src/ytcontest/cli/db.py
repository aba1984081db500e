"""``init``, ``log`` and ``db path|check|backup``: the database itself."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from ytcontest.cli.options import (
    FormatOption,
    JsonOption,
    OutputFormat,
    UnitArgument,
    chosen_format,
    counted,
    parsed,
)
from ytcontest.cli.state import get_state
from ytcontest.domain.i18n import _

app = typer.Typer(
    help=_("The database: where it is, whether it is sound, a backup copy."),
    epilog=_("Example: ytcontest db backup saoluu-2026-11-25.db"),
    no_args_is_help=True,
)


def init(
    ctx: typer.Context,
    units_file: Annotated[
        Path | None,
        typer.Option(
            "--units",
            help=_(
                "CSV or XLSX list of units to start with "
                "(default: the seed list shipped with ytcontest)."
            ),
            exists=False,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    from ytcontest.services.setup import initialise
    from ytcontest.store.db import open_database, remove_new_file

    state = get_state(ctx)
    target = state.target()
    new_file = target.path is not None and not target.path.exists()
    db = open_database(target, initialise=True)
    state._database = db
    try:
        result = initialise(db, state.user, units_file)
    except BaseException:
        # A refused init (a bad units file) must not leave a half-made database behind, which
        # every later command would call empty.
        if new_file:
            state.close()
            remove_new_file(target)
        raise
    typer.echo(
        _(
            "Database ready: {target} (schema {version})",
            target=target.display,
            version=db.schema_version(),
        )
    )
    typer.echo(
        _(
            "Units: {created} added, {kept} already there.",
            created=len(result.created),
            kept=len(result.unchanged),
        )
    )


def log(
    ctx: typer.Context,
    unit: Annotated[str | None, typer.Option("--unit", help=_("Only this unit's changes."))] = None,
    since: Annotated[
        str | None, typer.Option("--since", help=_("From this date on (25/11/2026 or 2026-11-25)."))
    ] = None,
    limit: Annotated[
        str, typer.Option("--limit", metavar=_("<number>"), help=_("At most this many events."))
    ] = "200",
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest.cli import render
    from ytcontest.domain.dates import VN_TZ, iso, parse_date
    from ytcontest.services import audit, units

    most = counted(limit, "--limit", 1, 1_000_000)
    since_at = None
    if since is not None:
        day = parsed(parse_date, since)
        since_at = datetime(day.year, day.month, day.day, tzinfo=VN_TZ)

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit) if unit else None
        return audit.events(session, unit=found, since=since_at, limit=most)

    events = get_state(ctx).run(work)
    rows = [
        {
            "at": iso(e.at),
            "actor": e.actor,
            "login": e.login,
            "action": e.action,
            "object_type": e.object_type,
            "object": e.object_key,
            "before": e.before,
            "after": e.after,
        }
        for e in events
    ]
    columns = [
        render.Column("at", _("When"), show=_when),
        render.Column("actor", _("Who")),
        render.Column("action", _("What")),
        render.Column("object", _("Object")),
        render.Column("changes", _("Changes")),
    ]
    fmt_value = chosen_format(fmt, as_json).value
    # People read words ("thêm đơn vị", "Loại: phòng chuyên môn"); JSON keeps the codes.
    shown = None if fmt_value == "json" else _LogWords()
    for row in rows:
        row["changes"] = _summary(row, shown)
        if shown is not None:
            row["action"] = shown.action(row["action"])
            row["object"] = shown.object(row["object_type"], row["object"])
            if row["login"] and row["login"] != row["actor"]:
                # On PostgreSQL the login is the server's word, the name the user's (--user).
                row["actor"] = f"{row['actor']} ({row['login']})"
    render.emit(rows, columns, fmt_value, empty=_("No change recorded."))


def _when(value: object) -> str:
    from ytcontest.domain.dates import format_datetime, parse_datetime

    return format_datetime(parse_datetime(str(value))) if value else ""


class _LogWords:
    """The audit log's codes as people read them: actions, field names and values."""

    def __init__(self) -> None:
        from ytcontest.domain import words
        from ytcontest.services import exports
        from ytcontest.tabular.writer import Field

        self.action = words.action
        campaign = [
            Field("code", _("Code")),
            Field("name", _("Name")),
            Field("launch", _("Launch"), "date"),
            Field("submission_opens", _("Submissions open"), "datetime"),
            Field("submission_closes", _("Submissions close (exclusive)"), "datetime"),
            Field("report_months", _("Report months")),
            Field("report_due_day", _("Report due day")),
            Field("min_entries", _("Minimum entries per unit")),
            Field("period", _("Report period")),
            Field("province", _("Parent body")),
            Field("agency", _("Agency")),
            Field("place", _("Place")),
            Field("signer", _("Signer")),
        ]
        self.fields: dict[str, dict[str, Field]] = {
            "unit": {f.key: f for f in exports.unit_fields()},
            "entry": {f.key: f for f in exports.entry_fields()},
            "report": {f.key: f for f in exports.revision_fields()},
            "campaign": {f.key: f for f in campaign},
        }
        self.labellers = {name: words.labeller(name) for name in words.VOCABULARIES}

    def object(self, object_type: str, key: str) -> str:
        """``BVA/2026-06`` as "BVA 06/2026", ``BVA/entry-3`` as "BVA, entry 3"."""
        from ytcontest.domain import words

        unit, _slash, rest = key.partition("/")
        if object_type == "report" and rest:
            return f"{unit} {words.month(rest)}"
        if object_type == "entry" and rest.startswith("entry-"):
            return _("{unit}, entry {id}", unit=unit, id=rest.removeprefix("entry-"))
        return key

    def name(self, object_type: str, key: str) -> str:
        field = self.fields.get(object_type, {}).get(key)
        return field.header if field else key

    def value(self, object_type: str, key: str, value: object, record: dict) -> str:
        from ytcontest.cli.render import cell_text
        from ytcontest.domain.dates import format_date, format_datetime, parse_date, parse_datetime

        field = self.fields.get(object_type, {}).get(key)
        if field is None or value in (None, "", []):
            return cell_text(value)
        try:
            if field.kind == "date":
                return format_date(parse_date(str(value)))
            if field.kind == "datetime":
                return format_datetime(parse_datetime(str(value)))
        except ValueError:
            return cell_text(value)
        if field.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            from ytcontest.cli.report import _number  # the tables' count: 2.500.000

            return _number(value)
        if field.words:
            return cell_text(self.labellers[field.words](value, record))
        return cell_text(value)


def _summary(row: dict, shown: _LogWords | None = None) -> str:
    """What changed, one "field: before → after" per line; a new object shows its values."""
    from ytcontest.cli.render import cell_text

    before, after = row["before"] or {}, row["after"] or {}
    kind = row["object_type"]

    def name(key: str) -> str:
        return shown.name(kind, key) if shown else key

    def text(key: str, record: dict) -> str:
        value = record.get(key)
        return shown.value(kind, key, value, record) if shown else cell_text(value)

    if not before:
        sep = ": " if shown else "="
        return ", ".join(
            f"{name(k)}{sep}{text(k, after)}" for k, v in after.items() if v not in (None, "", [])
        )
    keys = [k for k in after if before.get(k) != after.get(k)]
    return "\n".join(f"{name(k)}: {text(k, before)} → {text(k, after)}" for k in keys)


@app.command(
    "path",
    help=_(
        "Print the database in use (after --db, YTCONTEST_DB and the default).\n\n"
        "Example: ytcontest db path"
    ),
)
def path(ctx: typer.Context) -> None:
    typer.echo(get_state(ctx).target().display)


@app.command(
    "check",
    help=_("Check the database's integrity and schema version.\n\nExample: ytcontest db check"),
)
def check(
    ctx: typer.Context, fmt: FormatOption = OutputFormat.table, as_json: JsonOption = False
) -> None:
    from ytcontest.cli import render
    from ytcontest.domain.errors import UserError
    from ytcontest.store import db as database
    from ytcontest.store import migrations

    state = get_state(ctx)
    db = state.database()
    problems = database.check(db)
    version = db.schema_version()
    record = {
        "database": db.target.display,
        "schema_version": version,
        "latest_schema_version": migrations.LATEST,
        "integrity": "ok" if not problems else "damaged",
        "problems": problems,
    }
    labels = [
        render.Column("database", _("Database")),
        render.Column("schema_version", _("Schema")),
        render.Column("integrity", _("Integrity")),
    ]
    render.emit_record(record, labels, chosen_format(fmt, as_json).value)
    if problems and db.target.is_sqlite:
        raise UserError(_("the database is damaged; restore the latest backup"), problems[:20])
    if problems:
        # On a server these are loosened rights or odd rows: a backup would bring back old data
        # and leave the rights as they are.
        raise UserError(
            _(
                "the server's rules need the administrator (listed below): revoke the rights "
                "named, or run ytcontest init; restoring a backup does not mend them"
            ),
            problems[:20],
        )


@app.command(
    "backup",
    help=_(
        "Write a consistent copy of the database to FILE, also while others "
        "are writing.\n\nExample: ytcontest db backup D:\\saoluu\\ytcontest-2026-11-25.db"
    ),
)
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help=_("The new file to write (it must not exist)."))
    ],
) -> None:
    from ytcontest.store import db as database

    db = get_state(ctx).database()
    database.backup(db, file)
    typer.echo(_("Backup written: {path}", path=file.expanduser().absolute()))


@app.command(
    "grant-clerk",
    help=_(
        "On a PostgreSQL database: create or update the login ROLE of UNIT's clerk, who can read "
        "everything but file and amend only that unit's reports and entries (enforced by the "
        "server). Run by the database's administrator.\n\n"
        "Example: ytcontest db grant-clerk BVA clerk_bva"
    ),
)
def grant_clerk(
    ctx: typer.Context,
    unit: UnitArgument,
    role: Annotated[
        str, typer.Argument(metavar="ROLE", help=_("The clerk's login name, e.g. clerk_bva."))
    ],
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            hidden=True,
            help=_("Refused: a password on the command line shows in the process list."),
        ),
    ] = None,
) -> None:
    import os
    import sys

    from ytcontest.domain.errors import UserError
    from ytcontest.services import clerks, units

    state = get_state(ctx)
    if state.target().is_sqlite:
        raise UserError(
            _("clerk accounts need a PostgreSQL database (--db postgresql+psycopg://...)")
        )
    if password is not None:
        raise UserError(
            _(
                "a password is never given on the command line (others see it in the process "
                "list); type it when asked, or set YTCONTEST_CLERK_PASSWORD"
            )
        )
    secret = os.environ.get("YTCONTEST_CLERK_PASSWORD")
    if secret is None:
        if not sys.stdin.isatty():
            raise UserError(
                _(
                    "the clerk's password is needed: run on a terminal to type it, or set "
                    "YTCONTEST_CLERK_PASSWORD"
                )
            )
        secret = typer.prompt(
            _("Password for {role}", role=role), hide_input=True, confirmation_prompt=True
        )
    if not secret:
        raise UserError(_("the clerk's password cannot be empty"))

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit)
        return found, clerks.grant(session, state.user, found, role, secret)

    found, created = state.run(work, write=True)
    name = role.strip().lower()
    if created:
        typer.echo(_("Role {role} created for {code}.", role=name, code=found.code))
    else:
        typer.echo(_("Role {role} updated for {code}.", role=name, code=found.code))
    typer.echo(
        _(
            "The clerk connects with YTCONTEST_DB=postgresql+psycopg://{role}@SERVER/DATABASE and "
            "keeps the password in ~/.pgpass (or a pg_service.conf service); see the README",
            role=name,
        )
    )


@app.command(
    "restore",
    help=_(
        "Replace the database by a backup made with db backup (close every other ytcontest "
        "first). Safe after a crash: it goes through SQLite, never by copying the file.\n\n"
        "Example: ytcontest db restore D:\\saoluu\\ytcontest-2026-11-25.db"
    ),
)
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help=_("The backup to bring back."))],
) -> None:
    from ytcontest.store import db as database

    state = get_state(ctx)
    target = state.target()
    version = database.restore(target, file)
    typer.echo(
        _(
            "Restored {path} from {backup} (schema {version}); check it with: ytcontest db check",
            path=target.display,
            backup=file,
            version=version,
        )
    )
