"""``report``: a unit's monthly report, filed, amended, listed, imported, and the Excel form."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

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
from ytcontest.domain import words
from ytcontest.domain.i18n import _

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


def interactive() -> bool:
    """Whether a person is at the keyboard (prompts are then allowed)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def report_columns() -> list[Any]:
    from ytcontest.cli.render import Column

    return [
        Column("unit", _("Unit")),
        Column("month", _("Month")),
        Column("received_at", _("Received"), show=_when),
        Column("timeliness", _("Timeliness")),
        Column("activities", _("Activities"), show=_number, justify="right"),
        Column("reached", _("People reached"), show=_number, justify="right"),
        Column("candidates", _("Candidates"), show=_number, justify="right"),
        Column("mobilized", _("Mobilised"), show=_number, justify="right"),
        Column("revision", _("Revision"), justify="right"),
    ]


def _when(value: object) -> str:
    from ytcontest.domain.dates import format_datetime, parse_datetime

    return format_datetime(parse_datetime(str(value))) if value else ""


def _before_day(value: object) -> str:
    """A deadline as the letter says it: "trước ngày 25/06/2026"."""
    from ytcontest.domain.dates import format_date, parse_datetime

    return _("before {day}", day=format_date(parse_datetime(str(value)).date())) if value else ""


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
    from ytcontest.cli import render

    if not reports:
        render.console().print(_("No report yet."))
        return
    render.print_fitted(
        _table_rows(reports), report_columns()[1:], title=_("Reports"), caption=None
    )


def _counts(given: dict[str, Any]) -> dict[str, Any]:
    """The figures given as options, read by the one parser of counts ("1.000" is 1000)."""
    from ytcontest.domain.errors import UserError
    from ytcontest.domain.numbers import CountError, parse_count
    from ytcontest.services.reports import FIGURES, option_names

    read = dict(given)
    for key in FIGURES:
        if isinstance(given.get(key), str):
            try:
                read[key] = parse_count(given[key])
            except CountError as error:
                raise UserError(f"{option_names()[key]}: {error.message}") from error
    return read


def _ask_count(label: str, key: str, default: int | None) -> int:
    """One figure, checked as it is typed and asked again until it is right; Enter keeps
    ``default`` (last month's figure, shown in brackets)."""
    from ytcontest.domain.errors import UserError
    from ytcontest.domain.numbers import CountError, parse_count
    from ytcontest.services.reports import validate_values

    while True:
        text = typer.prompt(
            label,
            default=_number(default) if default is not None else "",  # [1.000], read back alike
            show_default=default is not None,
        )
        try:
            number = parse_count(text)
            # The range checks of a whole report, on this one figure.
            validate_values({**_PLACEHOLDER, key: number})
            return number
        except CountError as error:
            typer.echo(f"{_('Error')}: {error.message}", err=True)
        except UserError as error:
            detail = error.details[0].split(": ", 1)[-1] if error.details else error.message
            typer.echo(f"{_('Error')}: {detail}", err=True)


_PLACEHOLDER = {"activities": 0, "reached": 0, "candidates": 0, "mobilized": 0}


def _ask_values(given: dict[str, Any], hints: dict[str, Any] | None) -> dict[str, Any]:
    """Fill in the missing values: asked for on a terminal, refused otherwise."""
    from ytcontest.domain.errors import UserError
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
    if hints is not None:
        typer.echo(
            _(
                "Enter keeps the figure in brackets, from the report for {month}.",
                month=_month_label(hints["month"]),
            )
        )
    for key in missing:
        default = hints.get(key) if hints is not None else None
        values[key] = _ask_count(labels[key].capitalize(), key, default)
    for key in TEXTS:
        if values.get(key) is None:
            text = typer.prompt(
                f"{labels[key].capitalize()} " + _("(Enter to skip)"),
                default="",
                show_default=False,
            )
            values[key] = text or None
    return values


def _month_label(month: str) -> str:
    return f"{month[5:]}/{month[:4]}"


def _find_unit_asking(state: Any, query: str | None) -> Any:
    """The unit: on a terminal an unknown or ambiguous one is listed and asked for again."""
    from ytcontest.domain.errors import UserError
    from ytcontest.services import units

    while True:
        if query is None:
            query = typer.prompt(_("Unit (code or name)"))
        try:
            return state.run(lambda session, asked=query: units.find(session, asked))
        except UserError as error:
            if not interactive():
                raise
            typer.echo(f"{_('Error')}: {error.message}", err=True)
            for line in error.details:
                typer.echo(f"  - {line}", err=True)
            query = None


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
        str | None,
        typer.Option(
            "--activities", metavar=_("<number>"), help=_("Number of publicity activities.")
        ),
    ] = None,
    reached: Annotated[
        str | None,
        typer.Option("--reached", metavar=_("<number>"), help=_("Number of people reached.")),
    ] = None,
    candidates: Annotated[
        str | None,
        typer.Option(
            "--candidates", metavar=_("<number>"), help=_("Candidate ideas and solutions found.")
        ),
    ] = None,
    mobilized: Annotated[
        str | None, typer.Option("--mobilized", metavar=_("<number>"), help=_("Entries mobilised."))
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
    from ytcontest.cli import render
    from ytcontest.domain import rules
    from ytcontest.domain.dates import (
        Month,
        deadline_words,
        format_date,
        now,
        parse_datetime,
        to_vn,
    )
    from ytcontest.domain.errors import UserError
    from ytcontest.services import reports, units

    state = get_state(ctx)
    if unit is None and not interactive():
        raise UserError(_("say which unit: --unit CODE"))
    the_month = parsed(Month.parse, month) if month is not None else Month.of(to_vn(now()).date())
    at = parsed(parse_datetime, received) if received is not None else None
    given = _counts(
        {
            "activities": activities,
            "reached": reached,
            "candidates": candidates,
            "mobilized": mobilized,
            "doc_number": doc_number,
            "summary": summary,
            "difficulties": difficulties,
        }
    )
    found = _find_unit_asking(state, unit)

    def prepare(session):  # type: ignore[no-untyped-def]
        campaign = state.campaign(session)
        reports.precheck(session, campaign, found, the_month, at, amend)
        if amend:
            # A correction changes what is given and keeps the rest of the latest revision.
            hints = reports.list_reports(session, campaign, month=the_month, unit=found)[0]
        else:
            hints = reports.latest_figures(session, campaign, found)
        cal = campaign.calendar()
        judged, days_late = rules.timeliness(cal, the_month, at or now())
        return hints, rules.deadline(cal, the_month), judged.value, days_late

    hints, deadline, judged, days_late = state.run(prepare)
    if not found.reports_required and not _confirm_unexpected(found):
        typer.echo(_("Nothing was saved."), err=True)
        raise typer.Exit(1)
    nothing_given = False
    if amend:
        # An --amend with no figure on a terminal asks each one, the current value in brackets.
        nothing_given = all(value is None for value in given.values())
        ask_all = interactive() and nothing_given
        given = {
            key: hints[key] if value is None and not (ask_all and key in reports.FIGURES) else value
            for key, value in given.items()
        }
        judged, days_late = hints["timeliness"], hints["days_late"]
    asking = interactive() and any(given[key] is None for key in reports.FIGURES)
    if asking:
        typer.echo(
            _(
                "Filing the report of {name} ({code}) for {month}, due before {day}.",
                name=found.name,
                code=found.code,
                month=the_month.label(),
                day=format_date(deadline.date()),
            )
        )
    values = _ask_values(given, hints)
    if amend and nothing_given and all(values.get(key) == hints.get(key) for key in given):
        # A revision identical to the latest, asked for with no figure, would only bury the
        # latest under a copy. (Figures given as options are taken as the clerk typed them.)
        raise UserError(
            _(
                "nothing changed from revision {revision}: give the corrected figures",
                revision=hints["revision"],
            )
        )
    if asking and not _confirm_summary(found, the_month, deadline, judged, days_late, values):
        typer.echo(_("Nothing was saved."), err=True)
        raise typer.Exit(1)

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

    deadline_day = parse_datetime(record["deadline"])
    typer.echo(
        _(
            "Report of {unit} for {month} recorded (revision {revision}).",
            unit=record["unit"],
            month=the_month.label(),
            revision=record["revision"],
        )
    )
    typer.echo(_("Deadline: {deadline}.", deadline=deadline_words(deadline_day)))
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


def _confirm_unexpected(unit: Any) -> bool:
    """A unit with no report to file (KHTC itself): warned, and on a terminal asked first.

    Without a terminal the report is still filed after the warning: scripts and imports that file
    for such a unit keep working, and the report changes no status (the unit is not expected).
    """
    typer.echo(
        _(
            "Warning: {code} does not have to file monthly reports (units edit {code} "
            "--reports-required changes that).",
            code=unit.code,
        ),
        err=True,
    )
    if not interactive():
        return True
    return ask_yes_no(_("File a report for it anyway?"), default=False)


def _confirm_summary(
    unit: Any, month: Any, deadline: Any, judged: str, days_late: int, values: dict[str, Any]
) -> bool:
    from ytcontest.domain.dates import format_date
    from ytcontest.services.reports import FIGURES, TEXTS, field_labels

    labels = field_labels()
    typer.echo("")
    typer.echo(
        _(
            "Report of {name} ({code}) for {month}:",
            name=unit.name,
            code=unit.code,
            month=month.label(),
        )
    )
    for key in FIGURES:
        typer.echo(f"  {labels[key].capitalize()}: {_number(values[key])}")
    for key in TEXTS:
        if values.get(key):
            typer.echo(f"  {labels[key].capitalize()}: {values[key]}")
    typer.echo(
        "  "
        + _(
            "Deadline: before {day}; verdict: {verdict}.",
            day=format_date(deadline.date()),
            verdict=words.timeliness(judged, days_late),
        )
    )
    return ask_yes_no(_("Save this report?"), default=True)


def ask_yes_no(question: str, *, default: bool) -> bool:
    """A yes/no question in the user's words: c/có/k/không as well as y/yes/n/no; Enter takes
    the default (the capital letter). Click's own confirm knows only y/n and answers in English."""
    from ytcontest.domain.text import fold

    hint = _("[Y/n]") if default else _("[y/N]")
    while True:
        answer = fold(typer.prompt(f"{question} {hint}", default="", show_default=False))
        if not answer:
            return default
        if answer in ("y", "yes", "c", "co"):
            return True
        if answer in ("n", "no", "k", "khong"):
            return False
        typer.echo(f"{_('Error')}: " + _("answer y (yes) or n (no)"), err=True)


def _number(value: object) -> str:
    """1.000 in Vietnamese, 1,000 in English: a count as people read it."""
    from ytcontest.domain.i18n import get_language

    if not isinstance(value, int):
        return "" if value is None else str(value)
    text = f"{value:,}"
    return text.replace(",", ".") if get_language() == "vi" else text


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
    from ytcontest.cli import render
    from ytcontest.domain.dates import Month
    from ytcontest.services import reports, units

    state = get_state(ctx)
    the_month = parsed(Month.parse, month) if month is not None else None

    def work(session):  # type: ignore[no-untyped-def]
        found = units.find(session, unit) if unit else None
        return reports.list_reports(session, state.campaign(session), month=the_month, unit=found)

    rows = state.run(work)
    fmt_value = chosen_format(fmt, as_json).value
    if fmt_value == "table" and rows:
        render.print_fitted(
            _table_rows(rows),
            report_columns(),
            title=_("Reports"),
            caption=_("{count} rows", count=len(rows)),
        )
        return
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
    from ytcontest.cli import render
    from ytcontest.domain.dates import Month
    from ytcontest.domain.errors import UserError
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
    labels = reports.field_labels()
    whole = [
        *report_columns()[:3],
        render.Column("deadline", _("Deadline"), show=_before_day),
        *report_columns()[3:],
        *[render.Column(k, labels[k].capitalize()) for k in reports.TEXTS],
    ]
    render.emit_record(_table_rows([record])[0], whole, "table")
    short = {c.key: c.header for c in report_columns()}  # the list's short headers fit 80 columns
    columns = [
        render.Column("revision", _("Revision"), justify="right"),
        render.Column("received_at", _("Received"), show=_when),
        render.Column("recorded_at", _("Recorded"), show=_when),
        render.Column("recorded_by", _("By")),
        *[render.Column(k, short[k], show=_number, justify="right") for k in reports.FIGURES],
    ]
    render.print_fitted(record["revisions"], columns, title=_("Revisions"), caption=None)


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
    from ytcontest.domain.dates import Month, parse_datetime
    from ytcontest.domain.errors import UserError
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
    from ytcontest.cli.render import first_few
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
    from ytcontest.domain.dates import format_datetime

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

    from ytcontest.domain.errors import UserError
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
    from ytcontest.domain.dates import Month
    from ytcontest.domain.errors import UserError
    from ytcontest.services import campaigns, units
    from ytcontest.tabular.form import write_campaign_form

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
    if many:
        output.mkdir(exist_ok=True)
    for code, name in chosen:
        path = output / f"{_file_name(code)}.xlsx" if many else output
        write_campaign_form(path, campaign, code, name, the_month)
    if many:
        typer.echo(_("{count} forms written in {path}", count=len(chosen), path=output))
    else:
        typer.echo(_("Form written: {path}", path=output))


def _file_name(code: str) -> str:
    """A unit code as a file name on any system (codes are letters, digits and dashes already;
    this only guards against a code that is not)."""
    import re

    return re.sub(r"[^\w.-]", "_", code).lstrip(".") or "_"


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
    from ytcontest.domain.dates import Month
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
