"""``units``: the Department's offices and affiliated units."""

from typing import Annotated, Any

import typer

from ytcontest.cli.options import (
    DryRunOption,
    FormatOption,
    ImportFile,
    JsonOption,
    KindOption,
    OutputFormat,
    UnitArgument,
    chosen_format,
    kind_code,
    parsed,
)
from ytcontest.cli.state import get_state
from ytcontest.domain.i18n import _

app = typer.Typer(
    help=_("The units: offices of the Department (phong) and affiliated units (don_vi)."),
    epilog=_('Example: ytcontest units show "bv a"'),
    no_args_is_help=True,
)


def unit_columns() -> list[Any]:
    from ytcontest.cli.render import Column

    return [
        Column("code", _("Code")),
        Column("name", _("Unit")),
        Column("kind", _("Kind"), show=kind_label),
        Column("group", _("Group")),
        Column("email", _("E-mail")),
        Column("phone", _("Phone")),
        Column("reports_required", _("Reports")),
        Column("active_from", _("Active from"), show=day_label),
        Column("active_to", _("Active until"), show=day_label),
        Column("active", _("Active")),
    ]


def day_label(day: object) -> str:
    """An ISO day as a table shows it: 14/10/2026."""
    from ytcontest.domain.dates import format_date, parse_date

    return format_date(parse_date(str(day))) if day else ""


def kind_label(kind: object) -> str:
    from ytcontest.domain import words

    return words.kind(str(kind)) if kind else ""


@app.command(
    "list",
    help=_(
        "List the units (active ones; --all adds inactive units).\n\n"
        'Example: ytcontest units list --kind don_vi --search "trung tam y te"'
    ),
)
def list_(
    ctx: typer.Context,
    kind: KindOption = None,
    search: Annotated[
        str | None, typer.Option("--search", help=_("Words of the code or name."))
    ] = None,
    include_all: Annotated[bool, typer.Option("--all", help=_("Include inactive units."))] = False,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest.cli import render
    from ytcontest.services import units

    rows = get_state(ctx).run(
        lambda s: [
            units.unit_json(u)
            for u in units.list_units(
                s, kind=kind_code(kind), search=search, include_inactive=include_all
            )
        ]
    )
    columns = unit_columns()
    fmt_value = chosen_format(fmt, as_json).value
    if fmt_value == "table":
        columns = [
            c for c in columns if c.key in ("code", "name", "kind", "group", "reports_required")
        ]
        if include_all:
            columns.append(unit_columns()[-1])
        if rows:
            # The code column as wide as the codes, the names and groups share the rest.
            render.print_fitted(
                rows,
                columns,
                title=_("Units"),
                caption=_("{count} rows", count=len(rows)),
                flexible=("name", "group", "kind"),
            )
            return
    render.emit(rows, columns, fmt_value, title=_("Units"), empty=_("No unit found."))


@app.command(
    "show",
    help=_(
        "Show a unit, its reports month by month and its entries.\n\n"
        'Example: ytcontest units show "bv a"'
    ),
)
def show(
    ctx: typer.Context,
    unit: UnitArgument,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest.cli import render
    from ytcontest.services import unit_detail, units

    state = get_state(ctx)
    record = state.run(lambda s: unit_detail.detail(s, units.find(s, unit), state.campaign(s)))
    fmt_value = chosen_format(fmt, as_json).value
    render.emit_record(record, unit_columns(), fmt_value)
    if fmt_value == "table":
        from ytcontest.cli.entries import show_entry_rows
        from ytcontest.cli.report import show_report_rows

        show_report_rows(record["reports"])
        show_entry_rows(record["entries"])


@app.command(
    "add",
    help=_(
        "Add a unit.\n\n"
        'Example: ytcontest units add TTYT-PHUBINH "Trung tâm Y tế khu vực Phú Bình" --kind don_vi'
    ),
)
def add(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Argument(metavar="CODE", help=_("Short code, letters A-Z, digits, . _ -"))
    ],
    name: Annotated[str, typer.Argument(metavar="NAME", help=_("Full name in Vietnamese."))],
    kind: Annotated[str, typer.Option("--kind", help=_("phong or don_vi."))],
    group: Annotated[
        str | None, typer.Option("--group", help=_('Group, e.g. "Bệnh viện tuyến tỉnh".'))
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help=_("E-mail address for reminders."))
    ] = None,
    phone: Annotated[str | None, typer.Option("--phone", help=_("Phone number."))] = None,
    no_reports: Annotated[
        bool,
        typer.Option("--no-reports-required", help=_("The unit does not send monthly reports.")),
    ] = False,
    active_from: Annotated[
        str | None, typer.Option("--active-from", help=_("First active day (default: always)."))
    ] = None,
) -> None:
    from ytcontest.domain.dates import parse_date
    from ytcontest.services import units

    state = get_state(ctx)
    values = {
        "code": code,
        "name": name,
        "kind": kind_code(kind),
        "group": group,
        "email": email,
        "phone": phone,
        "reports_required": not no_reports,
        "active_from": parsed(parse_date, active_from) if active_from is not None else None,
    }
    unit = state.run(lambda s: units.add(s, state.user, values), write=True)
    typer.echo(_("Unit added: {code} {name}", code=unit.code, name=unit.name))


@app.command(
    "edit",
    help=_(
        "Change a unit's name, kind, group, contacts or reporting duty.\n\n"
        "Example: ytcontest units edit BVA --email khtc.bva@example.vn"
    ),
)
def edit(
    ctx: typer.Context,
    unit: UnitArgument,
    name: Annotated[str | None, typer.Option("--name", help=_("New name."))] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=_("phong or don_vi."))] = None,
    group: Annotated[
        str | None, typer.Option("--group", help=_('New group ("" clears it).'))
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help=_('New e-mail ("" clears it).'))
    ] = None,
    phone: Annotated[
        str | None, typer.Option("--phone", help=_('New phone ("" clears it).'))
    ] = None,
    reports_required: Annotated[
        bool | None,
        typer.Option(
            "--reports-required/--no-reports-required",
            help=_("Whether the unit sends monthly reports."),
        ),
    ] = None,
) -> None:
    from ytcontest.domain.errors import UserError
    from ytcontest.services import units

    changes: dict[str, Any] = {
        key: value
        for key, value in {
            "name": name,
            "kind": kind_code(kind),
            "group": group,
            "email": email,
            "phone": phone,
            "reports_required": reports_required,
        }.items()
        if value is not None
    }
    if not changes:
        raise UserError(_("nothing to change; give at least one option (see --help)"))
    state = get_state(ctx)

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit)
        return found, units.edit(session, state.user, found, changes)

    found, changed = state.run(work, write=True)
    if changed:
        typer.echo(_("Unit updated: {code}", code=found.code))
    else:
        typer.echo(_("Nothing changed: {code} already has these values.", code=found.code))


@app.command(
    "deactivate",
    help=_(
        "Stop a unit (merged, dissolved) from a date on; its history stays.\n\n"
        "Example: ytcontest units deactivate TTYT-BACHTHONG --from 01/12/2026"
    ),
)
def deactivate(
    ctx: typer.Context,
    unit: UnitArgument,
    from_day: Annotated[
        str | None,
        typer.Option("--from", help=_("First day the unit is inactive (default: today).")),
    ] = None,
) -> None:
    from ytcontest.domain.dates import format_date, parse_date
    from ytcontest.services import units

    state = get_state(ctx)
    day = parsed(parse_date, from_day) if from_day is not None else None

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit)
        return found, units.deactivate(session, state.user, found, day)

    found, first_inactive = state.run(work, write=True)
    typer.echo(
        _("Unit {code} is inactive from {day}.", code=found.code, day=format_date(first_inactive))
    )


@app.command(
    "activate", help=_("Make a unit active again.\n\nExample: ytcontest units activate BVA")
)
def activate(ctx: typer.Context, unit: UnitArgument) -> None:
    from ytcontest.services import units

    state = get_state(ctx)

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit)
        return found, units.activate(session, state.user, found)

    found, changed = state.run(work, write=True)
    if changed:
        typer.echo(_("Unit {code} is active.", code=found.code))
    else:
        typer.echo(_("Unit {code} was already active.", code=found.code))


@app.command(
    "import",
    help=_(
        "Add or update units from a CSV or Excel file (by code), all rows or "
        "none.\n\nExample: ytcontest units import donvi.xlsx --dry-run"
    ),
)
def import_(
    ctx: typer.Context,
    file: ImportFile,
    dry_run: DryRunOption = False,
) -> None:
    from ytcontest.cli.render import first_few
    from ytcontest.services import units

    state = get_state(ctx)
    result = state.run(
        lambda s: units.import_file(s, state.user, file, dry_run=dry_run), write=not dry_run
    )
    head = _("Dry run, nothing written:") if dry_run else _("Imported:")
    typer.echo(
        _(
            "{head} {created} created, {updated} updated, {unchanged} unchanged.",
            head=head,
            created=len(result.created),
            updated=len(result.updated),
            unchanged=len(result.unchanged),
        )
    )
    for label, codes in ((_("created"), result.created), (_("updated"), result.updated)):
        shown, more = first_few(codes)
        if shown:
            tail = " " + _("(and {count} more units)", count=more) if more else ""
            typer.echo(f"  {label}: {', '.join(shown)}{tail}")
    if result.ignored_columns:
        typer.echo(_("  columns ignored: {names}", names=", ".join(result.ignored_columns)))
