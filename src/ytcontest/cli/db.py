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
from ytcontest.i18n import _

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
    from ytcontest.db import open_database, remove_new_file
    from ytcontest.services.setup import initialise

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
    from ytcontest import render
    from ytcontest.dates import VN_TZ, iso, parse_date
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
    for row in rows:
        row["changes"] = _summary(row)
    render.emit(rows, columns, chosen_format(fmt, as_json).value, empty=_("No change recorded."))


def _when(value: object) -> str:
    from ytcontest.dates import format_datetime, parse_datetime

    return format_datetime(parse_datetime(str(value))) if value else ""


def _summary(row: dict) -> str:
    """What changed, one "field: before → after" per line; a new object shows its values."""
    from ytcontest.render import cell_text

    before, after = row["before"] or {}, row["after"] or {}
    if not before:
        return ", ".join(f"{k}={cell_text(v)}" for k, v in after.items() if v not in (None, "", []))
    keys = [k for k in after if before.get(k) != after.get(k)]
    return "\n".join(f"{k}: {cell_text(before.get(k))} → {cell_text(after.get(k))}" for k in keys)


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
    from ytcontest import db as database
    from ytcontest import migrations, render
    from ytcontest.errors import UserError

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
    if problems:
        raise UserError(_("the database is damaged; restore the latest backup"), problems[:20])


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
    from ytcontest import db as database

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
            help=_("The clerk's password (asked for on a terminal when left out)."),
            envvar="YTCONTEST_CLERK_PASSWORD",
        ),
    ] = None,
) -> None:
    import sys

    from ytcontest.services import clerks, units

    if password is None and sys.stdin.isatty():
        password = typer.prompt(
            _("Password for {role}", role=role), hide_input=True, confirmation_prompt=True
        )
    state = get_state(ctx)

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit)
        return found, clerks.grant(session, state.user, found, role, password)

    found, created = state.run(work, write=True)
    name = role.strip().lower()
    if created:
        typer.echo(_("Role {role} created for {code}.", role=name, code=found.code))
    else:
        typer.echo(_("Role {role} updated for {code}.", role=name, code=found.code))
    typer.echo(
        _(
            "The clerk connects with: YTCONTEST_DB=postgresql+psycopg://{role}:PASSWORD@SERVER/DATABASE",
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
    from ytcontest import db as database

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
