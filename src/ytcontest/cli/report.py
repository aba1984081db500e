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
        "File reports from filled-in forms (report template), from CSV/XLSX tables (one row per "
        "unit and month, each table all or nothing), or from e-mail: .eml files and mbox files "
        "exported from a mail program, whose attached forms are read. Give several files or a "
        "folder; each gets one line, and a file imported before is skipped.\n\n"
        "Example: ytcontest report import hop-thu.mbox --received-from-mail"
    ),
)
def import_(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help=_("Forms, CSV or XLSX tables, .eml messages, mbox files, or folders of them."),
        ),
    ],
    received: Annotated[
        str | None,
        typer.Option(
            "--received", help=_("When the file arrived, for rows without a date (default: now).")
        ),
    ] = None,
    from_mail: Annotated[
        bool,
        typer.Option(
            "--received-from-mail",
            help=_("For forms that came by e-mail: received when the message was sent (its Date)."),
        ),
    ] = False,
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
    from ytcontest.errors import UserError
    from ytcontest.tabular.inbox import is_mbox, is_message_file

    at = parsed(parse_datetime, received) if received is not None else None
    the_month = parsed(Month.parse, month) if month is not None else None
    if received is not None and from_mail:
        raise UserError(_("give --received or --received-from-mail, not both"))
    options = {"received": at, "dry_run": dry_run, "amend": amend, "month": the_month}
    single = files[0] if len(files) == 1 else None
    if (
        single is not None
        and not single.is_dir()
        and not is_message_file(single)
        and not (single.is_file() and is_mbox(single))
    ):
        _import_one_file(ctx, single, unit, options)
    else:
        _import_many(ctx, files, unit, from_mail, options)


def _import_one_file(
    ctx: typer.Context, file: Path, unit: str | None, options: dict[str, Any]
) -> None:
    """One file, as ever: a refusal is an error (exit 1) listing every problem."""
    from ytcontest.render import first_few
    from ytcontest.services import reports, units

    state = get_state(ctx)

    def work(session):  # type: ignore[no-untyped-def]
        claimed = units.find(session, unit) if unit else None
        return reports.import_file(
            session, state.user, state.campaign(session), file,
            received=options["received"], dry_run=options["dry_run"], claim_unit=claimed,
            claim_month=options["month"], amend=options["amend"],
        )  # fmt: skip

    result = state.run(work, write=not options["dry_run"])
    if result.already is not None:
        typer.echo(_already(file.name, result.already))
        return
    head = _("Dry run, nothing written:") if options["dry_run"] else _("Imported:")
    typer.echo(_("{head} {count} reports.", head=head, count=len(result.filed)))
    shown, more = first_few(result.filed)
    for line in shown:
        typer.echo(f"  {line}")
    if more:
        typer.echo("  " + _("… and {count} more reports", count=more))
    if result.ignored_columns:
        typer.echo(_("  columns ignored: {names}", names=", ".join(result.ignored_columns)))


def _already(name: str, already: tuple[Any, list[str]]) -> str:
    from ytcontest.dates import format_datetime

    at, filed = already
    return _(
        "{name}: already imported on {when} ({reports}); skipped",
        name=name,
        when=format_datetime(at),
        reports=", ".join(filed),
    )


def _import_many(
    ctx: typer.Context,
    files: list[Path],
    unit: str | None,
    from_mail: bool,
    options: dict[str, Any],
) -> None:
    """Many files, folders and messages: one line each, each file all or nothing on its own;
    exit 1 when any was refused."""
    import tempfile

    from ytcontest.errors import UserError
    from ytcontest.services import reports, units
    from ytcontest.tabular.inbox import gather

    state = get_state(ctx)
    counts = {"imported": 0, "already": 0, "refused": 0, "ignored": 0}
    with tempfile.TemporaryDirectory(prefix="ytcontest-import-") as scratch:
        for number, item in enumerate(gather(files)):
            if item.refused is not None:
                counts["refused"] += 1
                typer.echo(_("✗ {label}: refused: {reason}", label=item.label, reason=item.refused))
                continue
            if item.ignored is not None:
                counts["ignored"] += 1
                typer.echo(_("· {label}: ignored, {reason}", label=item.label, reason=item.ignored))
                continue
            path = item.path
            if path is None:
                folder = Path(scratch) / str(number)
                folder.mkdir()
                path = folder / item.name
                path.write_bytes(item.content or b"")
                from ytcontest.tabular.form import is_form

                if not is_form(path):
                    counts["ignored"] += 1
                    typer.echo(_("· {label}: ignored, not a report form", label=item.label))
                    continue
            received = options["received"]
            if from_mail and item.from_mail:
                if item.sent_at is None:
                    counts["refused"] += 1
                    typer.echo(
                        _(
                            "✗ {label}: refused: the message has no readable Date; import it "
                            "with --received",
                            label=item.label,
                        )
                    )
                    continue
                received = item.sent_at

            def work(session, path=path, received=received, name=item.name):  # type: ignore[no-untyped-def]
                claimed = units.find(session, unit) if unit else None
                return reports.import_file(
                    session, state.user, state.campaign(session), path,
                    received=received, dry_run=options["dry_run"], claim_unit=claimed,
                    claim_month=options["month"], amend=options["amend"], name=name,
                )  # fmt: skip

            try:
                result = state.run(work, write=not options["dry_run"])
            except UserError as error:
                counts["refused"] += 1
                typer.echo(
                    _("✗ {label}: refused: {reason}", label=item.label, reason=error.message)
                )
                for detail in error.details:
                    typer.echo(f"    - {detail}")
                continue
            if result.already is not None:
                counts["already"] += 1
                typer.echo("= " + _already(item.label, result.already))
                continue
            counts["imported"] += 1
            typer.echo(f"✓ {item.label}: " + "; ".join(result.filed))
    head = _("Dry run, nothing written.") if options["dry_run"] else ""
    typer.echo(
        (head + " " if head else "")
        + _(
            "Imported {imported}, already imported {already}, refused {refused}, ignored "
            "{ignored}.",
            **counts,
        )
    )
    if counts["refused"]:
        # The lines above say which; the others were imported, each file on its own.
        raise UserError(
            _(
                "{count} of the files were refused (the lines marked ✗ above); the others were "
                "imported",
                count=counts["refused"],
            )
        )


@app.command(
    "template",
    help=_(
        "Write the one-sheet Excel form for a unit and month, for units that do not run the program; "
        "read it back with report import.\n\nExample: ytcontest report template --unit BVA --month "
        "06/2026 -o BVA-06-2026.xlsx"
    ),
)
def template(
    ctx: typer.Context,
    unit: Annotated[
        str, typer.Option("--unit", "-u", help=_("The unit: its code or words of its name."))
    ],
    month: Annotated[
        str, typer.Option("--month", "-m", help=_("Month: 2026-06, 06/2026 or 6/2026."))
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help=_("The .xlsx file to write."))],
) -> None:
    from ytcontest import rules
    from ytcontest.dates import Month
    from ytcontest.errors import UserError
    from ytcontest.services import campaigns, units
    from ytcontest.tabular.form import write_form

    state = get_state(ctx)
    the_month = parsed(Month.parse, month)
    if output.suffix.lower() != ".xlsx":
        raise UserError(_("the form is an Excel file: give a name ending in .xlsx"))
    if output.is_dir():
        raise UserError(_("{path} is a folder, not a file", path=output))

    def work(session):  # type: ignore[no-untyped-def]
        return units.find(session, unit), state.campaign(session)

    found, campaign = state.run(work)
    campaigns.require_report_month(campaign, the_month)
    cal = campaigns.calendar(campaign)
    write_form(
        output,
        agency=campaign.agency,
        campaign_name=campaign.name,
        unit_code=found.code,
        unit_name=found.name,
        month=the_month,
        deadline=rules.deadline(cal, the_month),
    )
    typer.echo(_("Form written: {path}", path=output))


@app.command(
    "return",
    help=_(
        "Return a unit's report to it for correction: the latest version is marked returned "
        "until the unit's next amendment; --send mails the reason and the form holding what the "
        "unit sent.\n\nExample: ytcontest report return BVA 06/2026 --reason "
        '"Số người được tiếp cận chưa khớp với văn bản" --send'
    ),
)
def return_(
    ctx: typer.Context,
    unit: UnitArgument,
    month: Annotated[
        str, typer.Argument(metavar="MONTH", help=_("Month: 2026-06, 06/2026 or 6/2026."))
    ],
    reason: Annotated[
        str,
        typer.Option("--reason", help=_("What the unit must correct (it is told).")),
    ],
    send: Annotated[
        bool, typer.Option("--send", help=_("Mail the unit the reason and its form."))
    ] = False,
) -> None:
    _review(ctx, unit, month, "returned", reason, send)


@app.command(
    "accept",
    help=_(
        "Record that KHTC checked a unit's report and accepts its latest version.\n\n"
        "Example: ytcontest report accept BVA 06/2026"
    ),
)
def accept(
    ctx: typer.Context,
    unit: UnitArgument,
    month: Annotated[
        str, typer.Argument(metavar="MONTH", help=_("Month: 2026-06, 06/2026 or 6/2026."))
    ],
) -> None:
    _review(ctx, unit, month, "accepted", None, False)


def _review(
    ctx: typer.Context, unit: str, month: str, action: str, reason: str | None, send: bool
) -> None:
    from ytcontest.dates import Month
    from ytcontest.services import reports, reviews, units

    state = get_state(ctx)
    the_month = parsed(Month.parse, month)

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit)
        campaign = state.campaign(session)
        if send:
            from ytcontest.services import mail

            mail.config(session)  # refuse before marking when mail cannot be sent
        listed = reports.list_reports(session, campaign, month=the_month, unit=found)
        # Sending again after a failed sending: the return stands, the message goes once more.
        resend = (
            send and action == "returned" and bool(listed) and listed[0]["review"] == "returned"
        )
        review = reviews.mark(
            session, state.user, campaign, found, the_month, action, reason, again=send
        )
        record = reports.list_reports(session, campaign, month=the_month, unit=found)[0]
        return found, campaign, review, record, resend

    found, campaign, review, record, resend = state.run(work, write=True)
    if resend:
        typer.echo(
            _(
                "The report of {unit} for {month} is already returned: the message is sent again "
                "with the reason given then.",
                unit=found.code,
                month=the_month.label(),
            )
        )
    elif action == "returned":
        typer.echo(
            _(
                "Report of {unit} for {month} (version {revision}) returned for correction: "
                "{reason}",
                unit=found.code,
                month=the_month.label(),
                revision=review.revision,
                reason=review.reason,
            )
        )
    else:
        typer.echo(
            _(
                "Report of {unit} for {month} (version {revision}) accepted.",
                unit=found.code,
                month=the_month.label(),
                revision=review.revision,
            )
        )
    if send:
        from ytcontest.cli.mailing import send_return

        send_return(state, campaign, the_month, found, record, review.reason or "")
