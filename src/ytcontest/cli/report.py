"""``report``: a unit's monthly report, filed, amended, listed, imported, and the Excel form."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from ytcontest import words
from ytcontest.cli.options import (
    DryRunOption,
    FormatOption,
    JsonOption,
    OutputFormat,
    UnitArgument,
    chosen_format,
    parsed,
)
from ytcontest.cli.state import get_state
from ytcontest.i18n import _

app = typer.Typer(
    help=_("Monthly reports, due before the 25th: file, amend, list, import, form."),
    epilog=_("Example: ytcontest report add --unit BVA --month 06/2026"),
    no_args_is_help=True,
)

MonthOption = Annotated[
    str | None, typer.Option("--month", "-m", help=_("Month: 2026-06, 06/2026 or 6/2026."))
]
UnitOption = Annotated[
    str | None, typer.Option("--unit", "-u", help=_("The unit: its code or words of its name."))
]
Count = Annotated[int | None, typer.Option(min=None)]


def interactive() -> bool:
    """Whether a person is at the keyboard (prompts are then allowed)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def report_columns() -> list[Any]:
    from ytcontest.render import Column

    return [
        Column("unit", _("Unit")),
        Column("month", _("Month")),
        Column("received_at", _("Received"), show=_when),
        Column("timeliness", _("Timeliness")),
        Column("activities", _("Activities"), justify="right"),
        Column("reached", _("People reached"), justify="right"),
        Column("candidates", _("Candidates"), justify="right"),
        Column("mobilized", _("Mobilised"), justify="right"),
        Column("revision", _("Revision"), justify="right"),
    ]


def _when(value: object) -> str:
    from ytcontest.dates import format_datetime, parse_datetime

    return format_datetime(parse_datetime(str(value))) if value else ""


def _table_rows(reports: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reports as people read them: the verdict in words, the month as 06/2026."""
    return [
        {
            **r,
            "timeliness": words.timeliness(r["timeliness"], r["days_late"]),
            "month": f"{r['month'][5:]}/{r['month'][:4]}",
        }
        for r in reports
    ]


def show_report_rows(reports: Sequence[dict[str, Any]]) -> None:
    """The reports part of ``units show`` as a table."""
    from ytcontest import render

    render.emit(
        _table_rows(reports),
        report_columns()[1:],
        "table",
        title=_("Reports"),
        empty=_("No report yet."),
    )


def _ask_values(given: dict[str, Any], hints: dict[str, Any] | None) -> dict[str, Any]:
    """Fill in the missing values: asked for on a terminal, refused otherwise."""
    from ytcontest.errors import UserError
    from ytcontest.services.reports import FIGURES, TEXTS, field_labels, option_names

    missing = [key for key in FIGURES if given.get(key) is None]
    if not missing:
        return given
    if not interactive():
        raise UserError(
            _(
                "missing values: {names}; give them as options",
                names=", ".join(f"{field_labels()[k]} ({option_names()[k]})" for k in missing),
            )
        )
    labels = field_labels()
    values = dict(given)
    for key in missing:
        hint = ""
        if hints is not None and hints.get(key) is not None:
            hint = " " + _(
                "(last report, {month}: {value})", month=hints["month"], value=hints[key]
            )
        values[key] = typer.prompt(f"{labels[key]}{hint}", type=int)
    for key in TEXTS:
        if values.get(key) is None:
            text = typer.prompt(
                f"{labels[key]} " + _("(Enter to skip)"), default="", show_default=False
            )
            values[key] = text or None
    return values


@app.command(
    "add",
    help=_(
        "File a unit's monthly report (the current month and now by default) and see at once "
        "whether it is on time. A second report for the same month needs --amend.\n\n"
        "Example: ytcontest report add --unit BVA --month 06/2026 --activities 3 --reached 250 "
        "--candidates 4 --mobilized 2"
    ),
)
def add(
    ctx: typer.Context,
    unit: UnitOption = None,
    month: MonthOption = None,
    received: Annotated[
        str | None,
        typer.Option(
            "--received",
            help=_(
                "When the report arrived: 24/06/2026 16:30 (Vietnam "
                "time) or ISO 8601; default: now."
            ),
        ),
    ] = None,
    activities: Annotated[
        int | None, typer.Option("--activities", help=_("Number of publicity activities."))
    ] = None,
    reached: Annotated[
        int | None, typer.Option("--reached", help=_("Number of people reached."))
    ] = None,
    candidates: Annotated[
        int | None, typer.Option("--candidates", help=_("Candidate ideas and solutions found."))
    ] = None,
    mobilized: Annotated[
        int | None, typer.Option("--mobilized", help=_("Entries mobilised."))
    ] = None,
    doc_number: Annotated[
        str | None, typer.Option("--doc-number", help=_("Number of the unit's report document."))
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", help=_("Summary of results."))] = None,
    difficulties: Annotated[
        str | None, typer.Option("--difficulties", help=_("Difficulties and proposals."))
    ] = None,
    amend: Annotated[
        bool, typer.Option("--amend", help=_("Add a corrected version; earlier ones are kept."))
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest import render
    from ytcontest.dates import Month, now, parse_datetime, to_vn
    from ytcontest.errors import UserError
    from ytcontest.services import reports, units

    state = get_state(ctx)
    if unit is None:
        if not interactive():
            raise UserError(_("say which unit: --unit CODE"))
        unit = typer.prompt(_("Unit (code or name)"))
    the_month = parsed(Month.parse, month) if month is not None else Month.of(to_vn(now()).date())
    at = parsed(parse_datetime, received) if received is not None else None
    given = {
        "activities": activities,
        "reached": reached,
        "candidates": candidates,
        "mobilized": mobilized,
        "doc_number": doc_number,
        "summary": summary,
        "difficulties": difficulties,
    }

    def prepare(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit)
        campaign = state.campaign(session)
        reports.precheck(session, campaign, found, the_month, at, amend)
        if amend:
            # A correction changes what is given and keeps the rest of the latest revision.
            return found, reports.list_reports(session, campaign, month=the_month, unit=found)[0]
        return found, reports.latest_figures(session, campaign, found)

    found, hints = state.run(prepare)
    if amend:
        given = {key: hints[key] if value is None else value for key, value in given.items()}
    values = _ask_values(given, hints)

    def work(session):  # type: ignore[no-untyped-def]
        campaign = state.campaign(session)
        the_unit = units.find(session, found.code)
        return reports.add(
            session, state.user, campaign, the_unit, the_month, values, received=at, amend=amend
        )

    filed = state.run(work, write=True)
    record = filed.report
    if chosen_format(fmt, as_json) is OutputFormat.json:
        render.print_json(record)
        return
    from ytcontest.dates import format_date

    deadline_day = parse_datetime(record["deadline"])
    typer.echo(
        _(
            "Report of {unit} for {month} recorded (revision {revision}).",
            unit=record["unit"],
            month=the_month.label(),
            revision=record["revision"],
        )
    )
    typer.echo(_("Deadline: before 00:00 on {day}.", day=format_date(deadline_day.date())))
    verdict = words.timeliness(record["timeliness"], record["days_late"])
    if filed.amended:
        typer.echo(
            _(
                "Verdict: {verdict} (judged on the first version, received {received}).",
                verdict=verdict,
                received=_when(record["received_at"]),
            )
        )
    else:
        typer.echo(_("Verdict: {verdict}.", verdict=verdict))


@app.command(
    "list", help=_("List the reports received.\n\nExample: ytcontest report list --month 06/2026")
)
def list_(
    ctx: typer.Context,
    month: MonthOption = None,
    unit: UnitOption = None,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest import render
    from ytcontest.dates import Month
    from ytcontest.services import reports, units

    state = get_state(ctx)
    the_month = parsed(Month.parse, month) if month is not None else None

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit) if unit else None
        return reports.list_reports(session, state.campaign(session), month=the_month, unit=found)

    rows = state.run(work)
    fmt_value = chosen_format(fmt, as_json).value
    if fmt_value == "table":
        rows = _table_rows(rows)
    render.emit(rows, report_columns(), fmt_value, title=_("Reports"), empty=_("No report found."))


@app.command(
    "show",
    help=_(
        "Show one report with all its revisions (who recorded each, and when).\n\n"
        "Example: ytcontest report show BVA 06/2026"
    ),
)
def show(
    ctx: typer.Context,
    unit: UnitArgument,
    month: Annotated[
        str, typer.Argument(metavar="MONTH", help=_("Month: 2026-06, 06/2026 or 6/2026."))
    ],
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    from ytcontest import render
    from ytcontest.dates import Month
    from ytcontest.errors import UserError
    from ytcontest.services import reports, units

    state = get_state(ctx)
    the_month = parsed(Month.parse, month)

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit)
        listed = reports.list_reports(session, state.campaign(session), month=the_month, unit=found)
        if not listed:
            raise UserError(
                _("{code} has no report for {month}", code=found.code, month=the_month.label())
            )
        return listed[0]

    record = state.run(work)
    fmt_value = chosen_format(fmt, as_json).value
    if fmt_value != "table":
        render.emit_record(record, report_columns(), fmt_value)
        return
    render.emit_record(_table_rows([record])[0], report_columns(), "table")
    short = {c.key: c.header for c in report_columns()}  # the list's short headers fit 80 columns
    columns = [
        render.Column("revision", _("Revision"), justify="right"),
        render.Column("received_at", _("Received"), show=_when),
        render.Column("recorded_at", _("Recorded"), show=_when),
        render.Column("recorded_by", _("By")),
        *[render.Column(k, short[k], justify="right") for k in reports.FIGURES],
        render.Column("doc_number", reports.field_labels()["doc_number"]),
    ]
    render.emit(record["revisions"], columns, "table", title=_("Revisions"))


@app.command(
    "import",
    help=_(
        "File reports from a CSV/XLSX table (one row per unit and month) or from a filled-in form "
        "(report template); all or nothing.\n\nExample: ytcontest report import bao-cao-thang-6.xlsx "
        '--received "24/06/2026 15:00"'
    ),
)
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help=_("CSV, XLSX or a filled-in form."))],
    received: Annotated[
        str | None,
        typer.Option(
            "--received", help=_("When the file arrived, for rows without a date (default: now).")
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help=_("Refuse the file unless it is this unit's.")),
    ] = None,
    month: Annotated[
        str | None,
        typer.Option("--month", "-m", help=_("Refuse the file unless it is for this month.")),
    ] = None,
    dry_run: DryRunOption = False,
    amend: Annotated[
        bool,
        typer.Option(
            "--amend", help=_("The file corrects reports already filed: add new revisions.")
        ),
    ] = False,
) -> None:
    from ytcontest.dates import Month, parse_datetime
    from ytcontest.render import first_few
    from ytcontest.services import reports, units

    state = get_state(ctx)
    at = parsed(parse_datetime, received) if received is not None else None
    the_month = parsed(Month.parse, month) if month is not None else None

    def work(session):  # type: ignore[no-untyped-def]
        claimed = units.find(session, unit) if unit else None
        return reports.import_file(
            session,
            state.user,
            state.campaign(session),
            file,
            received=at,
            dry_run=dry_run,
            claim_unit=claimed,
            claim_month=the_month,
            amend=amend,
        )

    result = state.run(work, write=not dry_run)
    head = _("Dry run, nothing written:") if dry_run else _("Imported:")
    typer.echo(_("{head} {count} reports.", head=head, count=len(result.filed)))
    shown, more = first_few(result.filed)
    for line in shown:
        typer.echo(f"  {line}")
    if more:
        typer.echo("  " + _("… and {count} more reports", count=more))
    if result.ignored_columns:
        typer.echo(_("  columns ignored: {names}", names=", ".join(result.ignored_columns)))


@app.command(
    "template",
    help=_(
        "Write the one-sheet Excel form for a unit and month, for units that do not run the program; "
        "read it back with report import.\n\nExample: ytcontest report template --unit BVA --month "
        "06/2026 -o BVA-06-2026.xlsx"
    )
    + "\n\n"
    + _(
        "With --missing, one form per unit that still owes the month's report, with --all one per "
        "unit expected that month, each named by its unit's code in the folder -o DIR/.\n\n"
        "Example: ytcontest report template --missing --month 06/2026 -o bieu-mau/"
    ),
)
def template(
    ctx: typer.Context,
    month: Annotated[
        str, typer.Option("--month", "-m", help=_("Month: 2026-06, 06/2026 or 6/2026."))
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help=_("The .xlsx file to write."))],
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help=_("The unit: its code or words of its name.")),
    ] = None,
    missing: Annotated[
        bool,
        typer.Option("--missing", help=_("A form for each unit that still owes the month.")),
    ] = False,
    every: Annotated[
        bool, typer.Option("--all", help=_("A form for each unit expected that month."))
    ] = False,
) -> None:
    from ytcontest import rules
    from ytcontest.dates import Month
    from ytcontest.errors import UserError
    from ytcontest.services import campaigns, units
    from ytcontest.tabular.form import write_form

    state = get_state(ctx)
    the_month = parsed(Month.parse, month)
    if sum((unit is not None, missing, every)) != 1:
        raise UserError(_("give one of --unit U, --missing or --all"))
    many = missing or every
    if many:
        if output.exists() and not output.is_dir():
            raise UserError(_("{path} is a file: give a folder for the forms", path=output))
        if not output.parent.is_dir():
            raise UserError(_("the folder {path} does not exist", path=output.parent))
    else:
        if output.suffix.lower() != ".xlsx":
            raise UserError(_("the form is an Excel file: give a name ending in .xlsx"))
        if output.is_dir():
            raise UserError(_("{path} is a folder, not a file", path=output))

    def work(session):  # type: ignore[no-untyped-def]
        campaign = state.campaign(session)
        campaigns.require_report_month(campaign, the_month)
        if not many:
            found = units.find(session, unit or "")
            return [(found.code, found.name)], campaign
        from ytcontest.services import status

        owing = ("missing", "pending") if missing else ("on_time", "late", "missing", "pending")
        month_units = status.month_status(session, campaign, the_month)["units"]
        return [(u["code"], u["name"]) for u in month_units if u["report"] in owing], campaign

    chosen, campaign = state.run(work)
    cal = campaigns.calendar(campaign)
    if many:
        output.mkdir(exist_ok=True)
    for code, name in chosen:
        path = output / f"{_file_name(code)}.xlsx" if many else output
        write_form(
            path,
            agency=campaign.agency,
            campaign_name=campaign.name,
            unit_code=code,
            unit_name=name,
            month=the_month,
            deadline=rules.deadline(cal, the_month),
            place=campaign.place,
        )
    if many:
        typer.echo(_("{count} forms written in {path}", count=len(chosen), path=output))
    else:
        typer.echo(_("Form written: {path}", path=output))


def _file_name(code: str) -> str:
    """A unit code as a file name on any system (codes are letters, digits and dashes already;
    this only guards against a code that is not)."""
    import re

    return re.sub(r"[^\w.-]", "_", code).lstrip(".") or "_"
