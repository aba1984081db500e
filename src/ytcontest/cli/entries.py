"""``entries``: what each unit mobilised for the contest."""

from collections.abc import Sequence
from typing import Annotated, Any

import typer

from ytcontest.cli.options import (
    DryRunOption,
    FormatOption,
    ImportFile,
    JsonOption,
    OutputFormat,
    chosen_format,
    parsed,
)
from ytcontest.cli.state import get_state
from ytcontest.domain.i18n import _

app = typer.Typer(
    help=_("Contest entries: add, list, show, edit, submit, withdraw, import."),
    epilog=_("Example: ytcontest entries list --unit BVA"),
    no_args_is_help=True,
)

EntryId = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        min=1,
        max=2**31 - 1,
        help=_("The entry's number (see: ytcontest entries list)."),
    ),
]
Title = Annotated[str | None, typer.Option("--title", help=_("Title of the entry."))]
Category = Annotated[
    str | None,
    typer.Option(
        "--category",
        help=_(
            "du_an, san_pham, cong_trinh, giai_phap_ky_thuat, giai_phap_quan_ly "
            "(or the Vietnamese name)."
        ),
    ),
]
AuthorType = Annotated[
    str | None,
    typer.Option(
        "--author-type", help=_("to_chuc, ca_nhan, tap_the, doanh_nghiep (or the Vietnamese name).")
    ),
]
Authors = Annotated[
    str | None, typer.Option("--authors", help=_("Authors, separated by ';' (order kept)."))
]
Fields = Annotated[
    list[str] | None,
    typer.Option(
        "--field", help=_("khcn, dmst, cds or cdx (or the Vietnamese name); repeat for several.")
    ),
]
AppliedSince = Annotated[
    str | None, typer.Option("--applied-since", help=_("Date the work was first applied."))
]
AppliedAt = Annotated[str | None, typer.Option("--applied-at", help=_("Where it is applied."))]
Effect = Annotated[str | None, typer.Option("--effect", help=_("Its effect, in a few words."))]


def entry_columns() -> list[Any]:
    from ytcontest.cli.render import Column
    from ytcontest.domain import vocab

    return [
        Column("id", _("No."), justify="right"),
        Column("unit", _("Unit")),
        Column("title", _("Title")),
        Column("category", _("Category"), show=lambda v: vocab.label(vocab.CATEGORIES, v)),
        Column("author_type", _("Author type"), show=lambda v: vocab.label(vocab.AUTHOR_TYPES, v)),
        Column("authors", _("Authors")),
        Column(
            "fields",
            _("Fields"),
            show=lambda v: "; ".join(vocab.label(vocab.FIELDS, f) for f in v or []),
        ),
        Column("applied_since", _("Applied since"), show=_day),
        Column("applied_at", _("Applied at")),
        Column("effect", _("Effect")),
        Column("status", _("Status"), show=lambda v: vocab.label(vocab.STATUSES, v)),
        Column("submitted_at", _("Submitted"), show=_instant),
        Column("late_reason", _("Late reason")),
        Column("withdrawn_reason", _("Reason withdrawn")),
        Column("warnings", _("Warnings"), show=_warning_text),
        Column("created_at", _("Created"), show=_instant),
    ]


def _day(value: object) -> str:
    """An ISO date as people read it: 01/03/2026 (tables only; CSV and JSON keep ISO)."""
    from ytcontest.domain.dates import format_date, parse_date

    return format_date(parse_date(str(value))) if value else ""


def _instant(value: object) -> str:
    """An ISO instant as people read it: 15/10/2026 10:00, Vietnam time."""
    from ytcontest.domain.dates import format_datetime, parse_datetime

    return format_datetime(parse_datetime(str(value))) if value else ""


def _warning_text(value: object) -> str:
    names = {"not_applied": _("not yet applied in practice")}
    return "; ".join(names.get(str(v), str(v)) for v in value or [])  # type: ignore[attr-defined]


TABLE_KEYS = ("id", "unit", "title", "category", "authors", "status", "warnings")


def show_entry_rows(rows: Sequence[dict[str, Any]]) -> None:
    from ytcontest.cli import render

    columns = [c for c in entry_columns() if c.key in TABLE_KEYS]
    render.emit(list(rows), columns, "table", title=_("Entries"), empty=_("No entry yet."))


def _values(title, category, author_type, authors, fields, applied_since, applied_at, effect):  # type: ignore[no-untyped-def]
    from ytcontest.domain.dates import parse_date
    from ytcontest.services.entries import split_fields, split_names

    values: dict[str, Any] = {
        "title": title,
        "category": category,
        "author_type": author_type,
        "authors": split_names(authors) if authors is not None else None,
        "fields": [f for item in fields for f in split_fields(item)] if fields else None,
        "applied_since": parsed(parse_date, applied_since) if applied_since is not None else None,
        "applied_at": applied_at,
        "effect": effect,
    }
    return {k: v for k, v in values.items() if v is not None}


@app.command(
    "add",
    help=_(
        "Add an entry that a unit mobilised; prints its number.\n\nExample: ytcontest entries add "
        '--unit BVA --title "Phần mềm nhắc lịch tái khám" --category san_pham --author-type tap_the '
        '--authors "Nguyễn Văn A; Trần Thị B" --field cds --applied-since 01/03/2026'
    ),
)
def add(
    ctx: typer.Context,
    unit: Annotated[
        str, typer.Option("--unit", "-u", help=_("The unit: its code or words of its name."))
    ],
    title: Annotated[str, typer.Option("--title", help=_("Title of the entry."))],
    category: Annotated[
        str,
        typer.Option(
            "--category",
            help=_("du_an, san_pham, cong_trinh, giai_phap_ky_thuat, giai_phap_quan_ly."),
        ),
    ],
    author_type: Annotated[
        str, typer.Option("--author-type", help=_("to_chuc, ca_nhan, tap_the, doanh_nghiep."))
    ],
    authors: Annotated[
        str, typer.Option("--authors", help=_("Authors, separated by ';' (order kept)."))
    ],
    fields: Fields = None,
    applied_since: AppliedSince = None,
    applied_at: AppliedAt = None,
    effect: Effect = None,
    status: Annotated[
        str, typer.Option("--status", help=_("identified, preparing or submitted."))
    ] = "identified",
    submitted_at: Annotated[
        str | None,
        typer.Option("--submitted-at", help=_("When it was submitted (with --status submitted).")),
    ] = None,
    late_reason: Annotated[
        str | None,
        typer.Option("--late-reason", help=_("Why it was submitted outside the window.")),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest.cli import render
    from ytcontest.domain.dates import parse_datetime
    from ytcontest.services import entries, units

    state = get_state(ctx)
    values = _values(
        title, category, author_type, authors, fields, applied_since, applied_at, effect
    )
    at = parsed(parse_datetime, submitted_at) if submitted_at is not None else None

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit)
        campaign = state.campaign(session)
        twins = entries.same_title(session, campaign, found, title)
        entry = entries.add(
            session,
            state.user,
            campaign,
            found,
            values,
            status=status,
            submitted_at=at,
            late_reason=late_reason,
        )
        return entries.entry_json(entry, found.code), twins

    record, twins = state.run(work, write=True)
    if twins:
        typer.echo(
            _(
                "Warning: {code} already has an entry with this title (number {ids}); check that "
                "it is not the same entry twice.",
                code=record["unit"],
                ids=", ".join(str(n) for n in twins),
            ),
            err=True,
        )
    if chosen_format(fmt, as_json) is OutputFormat.json:
        render.print_json(record)
    else:
        typer.echo(
            _(
                "Entry {id} added for {code}: “{title}”.",
                id=record["id"],
                code=record["unit"],
                title=record["title"],
            )
        )


@app.command(
    "list", help=_("List entries.\n\nExample: ytcontest entries list --unit BVA --status submitted")
)
def list_(
    ctx: typer.Context,
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help=_("Only this unit's entries."))
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help=_("identified, preparing, submitted or withdrawn.")),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest.cli import render
    from ytcontest.domain.errors import UserError
    from ytcontest.services import entries, units

    state = get_state(ctx)

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit) if unit else None
        try:
            return entries.list_entries(session, state.campaign(session), unit=found, status=status)
        except ValueError as error:
            raise UserError(str(error)) from error

    rows = state.run(work)
    fmt_value = chosen_format(fmt, as_json).value
    columns = entry_columns()
    if fmt_value == "table":
        columns = [c for c in columns if c.key in TABLE_KEYS]
    render.emit(rows, columns, fmt_value, title=_("Entries"), empty=_("No entry found."))


@app.command("show", help=_("Show one entry.\n\nExample: ytcontest entries show 12"))
def show(
    ctx: typer.Context,
    entry_id: EntryId,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest.cli import render
    from ytcontest.services import entries

    state = get_state(ctx)

    def work(session):  # type: ignore[no-untyped-def]
        entry, unit = entries.get(session, state.campaign(session), entry_id)
        return entries.entry_json(entry, unit.code)

    render.emit_record(state.run(work), entry_columns(), chosen_format(fmt, as_json).value)


@app.command(
    "edit",
    help=_(
        "Change an entry (not once withdrawn); every change is logged.\n\n"
        "Example: ytcontest entries edit 12 --status preparing --field cds --field dmst"
    ),
)
def edit(
    ctx: typer.Context,
    entry_id: EntryId,
    title: Title = None,
    category: Category = None,
    author_type: AuthorType = None,
    authors: Authors = None,
    fields: Fields = None,
    applied_since: AppliedSince = None,
    applied_at: AppliedAt = None,
    effect: Effect = None,
    status: Annotated[
        str | None, typer.Option("--status", help=_("identified or preparing."))
    ] = None,
) -> None:
    from ytcontest.domain.errors import UserError
    from ytcontest.services import entries

    state = get_state(ctx)
    changes = _values(
        title, category, author_type, authors, fields, applied_since, applied_at, effect
    )
    if status:
        changes["status"] = status
    if not changes:
        raise UserError(_("nothing to change; give at least one option (see --help)"))

    def work(session):  # type: ignore[no-untyped-def]
        entry, unit = entries.get(session, state.campaign(session), entry_id)
        try:
            return entries.edit(session, state.user, entry, unit, changes)
        except ValueError as error:
            raise UserError(str(error)) from error

    if state.run(work, write=True):
        typer.echo(_("Entry {id} updated.", id=entry_id))
    else:
        typer.echo(_("Nothing changed: entry {id} already has these values.", id=entry_id))


@app.command(
    "submit",
    help=_(
        "Record that an entry was submitted to the contest; outside the submission window only with "
        '--late-reason.\n\nExample: ytcontest entries submit 12 --at "15/10/2026 09:00"'
    ),
)
def submit(
    ctx: typer.Context,
    entry_id: EntryId,
    at: Annotated[
        str | None, typer.Option("--at", help=_("When it was submitted (default: now)."))
    ] = None,
    late_reason: Annotated[
        str | None,
        typer.Option("--late-reason", help=_("Why it was submitted outside the window.")),
    ] = None,
) -> None:
    from ytcontest.domain.dates import format_datetime, parse_datetime
    from ytcontest.services import entries

    state = get_state(ctx)
    when = parsed(parse_datetime, at) if at is not None else None

    def work(session):  # type: ignore[no-untyped-def]
        campaign = state.campaign(session)
        entry, unit = entries.get(session, campaign, entry_id)
        return entries.submit(session, state.user, campaign, entry, unit, when, late_reason)

    entry = state.run(work, write=True)
    typer.echo(
        _("Entry {id} submitted on {at}.", id=entry_id, at=format_datetime(entry.submitted_at))
    )


@app.command(
    "withdraw",
    help=_(
        "Withdraw an entry, saying why; it stays on record.\n\n"
        'Example: ytcontest entries withdraw 12 --reason "Trùng với hồ sơ 9"'
    ),
)
def withdraw(
    ctx: typer.Context,
    entry_id: EntryId,
    reason: Annotated[str, typer.Option("--reason", help=_("Why the entry is withdrawn."))],
) -> None:
    from ytcontest.services import entries

    state = get_state(ctx)

    def work(session):  # type: ignore[no-untyped-def]
        entry, unit = entries.get(session, state.campaign(session), entry_id)
        return entries.withdraw(session, state.user, entry, unit, reason)

    state.run(work, write=True)
    typer.echo(_("Entry {id} withdrawn.", id=entry_id))


@app.command(
    "import",
    help=_(
        "Add entries from a CSV or Excel file, all rows or none.\n\n"
        "Example: ytcontest entries import ho-so.xlsx --dry-run"
    ),
)
def import_(
    ctx: typer.Context,
    file: ImportFile,
    dry_run: DryRunOption = False,
) -> None:
    from ytcontest.services import entries

    state = get_state(ctx)
    result = state.run(
        lambda s: entries.import_file(s, state.user, state.campaign(s), file, dry_run=dry_run),
        write=not dry_run,
    )
    if dry_run:
        typer.echo(
            _("Dry run, nothing written: {count} entries would be added.", count=result.rows)
        )
    else:
        typer.echo(
            _(
                "Imported: {count} entries (numbers {first} to {last}).",
                count=len(result.created),
                first=min(result.created, default=0),
                last=max(result.created, default=0),
            )
        )
    if result.ignored_columns:
        typer.echo(_("  columns ignored: {names}", names=", ".join(result.ignored_columns)))


@app.command(
    "summary",
    help=_(
        "Count the entries by category, field, author type and unit kind (withdrawn ones left "
        "out; an entry in several fields counts in each).\n\n"
        "Example: ytcontest entries summary --format csv"
    ),
)
def summary(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest.cli import render
    from ytcontest.domain import words
    from ytcontest.services import entry_summary

    state = get_state(ctx)
    rows = state.run(lambda s: entry_summary.summary(s, state.campaign(s)))
    columns = [
        render.Column("dimension", _("Counted by"), show=words.dimension_label),
        render.Column("key", _("Id")),
        render.Column("label", _("Label")),
        render.Column("entries", _("Entries"), justify="right"),
        render.Column("submitted", _("Submitted"), justify="right"),
    ]
    fmt_value = chosen_format(fmt, as_json).value
    if fmt_value == "table":
        columns = [c for c in columns if c.key != "key"]
    render.emit(rows, columns, fmt_value, title=_("Entries in numbers"))
