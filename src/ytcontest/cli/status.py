"""``status``: a month at a glance, or the whole campaign; and ``remind``."""

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from ytcontest.cli.export import Codes, Sep, csv_separator
from ytcontest.cli.options import (
    FormatOption,
    JsonOption,
    KindOption,
    OutputFormat,
    chosen_format,
    kind_code,
    parsed,
)
from ytcontest.cli.state import get_state
from ytcontest.domain import words
from ytcontest.domain.i18n import _

MonthOption = Annotated[
    str | None, typer.Option("--month", "-m", help=_("Month: 2026-06, 06/2026 or 6/2026."))
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=_('See the situation at this instant (e.g. "25/06/2026 00:00"); default: now.'),
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help=_("Exit with code 3 when a unit shown is flagged."))
]

# State -> (symbol, Rich style). Symbols keep their meaning without colour (printed, piped).
MARKS = {
    "on_time": ("✓", "green"),
    "late": ("!", "yellow"),
    "missing": ("✗", "bold red"),
    "pending": ("…", "cyan"),
    "not_expected": ("·", "dim"),
}


def _mark(state: str, text: str | None = None) -> Any:
    from rich.text import Text

    symbol, style = MARKS.get(state, ("?", ""))
    return Text(f"{symbol} {text}" if text else symbol, style=style)


def _kind_title(kind: str) -> str:
    return _("I. Offices of the Department") if kind == "phong" else _("II. Affiliated units")


def _since(deadline: datetime, as_of: datetime) -> str:
    """How far the deadline is, in days, in words."""
    from ytcontest.domain.dates import to_vn

    days = (to_vn(deadline).date() - to_vn(as_of).date()).days
    if as_of >= deadline:
        return _("passed {days} day(s) ago", days=-days) if days else _("passed today")
    return _("in {days} day(s)", days=days) if days else _("tonight at midnight")


def _resolve(
    ctx: typer.Context, month: str | None, as_of: str | None
) -> tuple[Any, datetime | None]:
    from ytcontest.domain.dates import Month, parse_datetime

    the_month = parsed(Month.parse, month) if month is not None else None
    at = parsed(parse_datetime, as_of) if as_of is not None else None
    return the_month, at


def status(
    ctx: typer.Context,
    month: MonthOption = None,
    as_of: AsOfOption = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help=_("Only this unit."))] = None,
    kind: KindOption = None,
    only_flagged: Annotated[
        bool, typer.Option("--only-flagged", help=_("Only units with a flag."))
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
    strict: StrictOption = False,
    codes: Codes = False,
    sep: Sep = ",",
) -> None:
    from ytcontest.cli import render
    from ytcontest.services import status as service
    from ytcontest.services import units

    state = get_state(ctx)
    the_month, at = _resolve(ctx, month, as_of)

    def work(session):  # type: ignore[no-untyped-def]
        campaign = state.campaign(session)
        found = units.find(session, unit) if unit else None
        options = {
            "unit": found,
            "kind": kind_code(kind),
            "only_flagged": only_flagged,
        }
        if the_month is None:
            return service.overview(session, campaign, at, **options)
        return service.month_status(session, campaign, the_month, at, **options)

    data = state.run(work)
    fmt_value = chosen_format(fmt, as_json).value
    if fmt_value == "json":
        render.print_json(data)
    elif fmt_value == "csv":
        _print_csv(data, overview=the_month is None, codes=codes, sep=csv_separator(sep))
    elif the_month is None:
        _print_overview(data, fmt_value)
    else:
        _print_month(data, fmt_value)
    if strict and any(row["flags"] for row in data["units"]):
        raise typer.Exit(3)


def _print_csv(data: dict[str, Any], *, overview: bool, codes: bool, sep: str) -> None:
    """The status as the export writes it: words and dd/mm/yyyy, or codes and ISO (``codes``)."""
    import sys

    from ytcontest.services import exports
    from ytcontest.tabular.writer import write_csv

    if overview:
        rows, fields = exports.overview_rows(data), exports.overview_fields(data, codes=codes)
    else:
        rows, fields = exports.status_rows(data), exports.status_fields()
    write_csv(rows, fields, sys.stdout, codes=codes, sep=sep, lineterminator="\n")


def _print_month(data: dict[str, Any], fmt: str) -> None:
    from rich.table import Table

    from ytcontest.cli import render
    from ytcontest.domain.dates import deadline_words, format_datetime, parse_datetime, to_vn

    console = render.console()
    as_of = parse_datetime(data["as_of"])
    deadline = parse_datetime(data["deadline"])
    window = data["submission_window"]
    console.print(f"{data['campaign']['name']}", style="bold")
    console.print(
        _(
            "Reports for {month} · as of {as_of}",
            month=data["month"][5:] + "/" + data["month"][:4],
            as_of=format_datetime(as_of),
        )
    )
    console.print(
        _(
            "Deadline: {deadline} ({when}) · submissions {state}",
            deadline=deadline_words(deadline),
            when=_since(deadline, as_of),
            state=words.window(window["state"]),
        )
    )
    from rich import box

    if not data["units"]:
        console.print(_("No unit to show."))
    rows = []
    for r in data["units"]:
        received = r["received_at"] and to_vn(parse_datetime(r["received_at"])).strftime("%d/%m/%Y")
        verdict = words.timeliness(r["report"], r["days_late"])
        if r.get("returned"):
            verdict += " · " + _("returned, awaiting correction")
        rows.append((
            r, r["code"], r["name"], verdict,
            received or "", f"{r['entries']['active']}/{r['entries']['submitted']}",
            words.nomination(r["nomination"]),
        ))  # fmt: skip
    # One table per group: the group titles print whole above their table instead of wrapping
    # inside the name column, which is the narrow one on an 80-column console. Every column but
    # the name has one fixed width across the groups, as wide as its longest value: the groups
    # line up as one table and a state ("chưa báo cáo") never wraps.
    headers = [_("Code"), _("Unit"), _("Report"), _("Received"), _("Entries"), _("Nomination")]
    widths = [
        max([len(header), *(len(row[i + 1]) for row in rows)]) for i, header in enumerate(headers)
    ]
    widths[2] += 2  # the mark before the state: "✗ "
    for kind in ("phong", "don_vi"):
        group = [row for row in rows if row[0]["kind"] == kind]
        if not group:
            continue
        console.print(_kind_title(kind), style="bold")
        table = Table(
            header_style="bold", box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0)
        )
        table.add_column(headers[0], width=widths[0], no_wrap=True)
        table.add_column(headers[1], ratio=1, min_width=10)
        table.add_column(headers[2], width=widths[2], no_wrap=True)
        table.add_column(headers[3], width=widths[3], no_wrap=True)
        table.add_column(headers[4], width=widths[4], justify="center", no_wrap=True)
        table.add_column(headers[5], width=widths[5], no_wrap=True)
        for r, code, name, report, received, counts, nomination in group:
            table.add_row(
                code,
                name,
                _mark(r["report"], report),
                received,
                counts,
                nomination,
                style="bold" if r["flags"] else None,
            )
        console.print(table)
    s = data["summary"]
    console.print(
        _(
            "Expected {expected} · reported {reported} (on time {on_time}, late {late}) · "
            "missing {missing} · not yet due {pending}",
            **{k: s[k] for k in ("expected", "reported", "on_time", "late", "missing", "pending")},
        )
    )
    console.print(
        _(
            "Reporting rate {reporting} · on-time rate {on_time} · nomination met {met}, missed {missed}",
            reporting=words.percent(s["reporting_rate"]),
            on_time=words.percent(s["on_time_rate"]),
            met=s["nomination_met"],
            missed=s["nomination_missed"],
        )
    )
    if s.get("returned"):
        console.print(_("Returned, awaiting correction: {count}", count=s["returned"]))
    console.print(_("Entries: active/submitted. Rows in bold are flagged."), style="dim")


def _print_overview(data: dict[str, Any], fmt: str) -> None:
    from datetime import time, timedelta

    from rich.table import Table

    from ytcontest.cli import render
    from ytcontest.domain.dates import format_date, parse_datetime, to_vn

    months = [m["month"] for m in data["timeline"]["report_months"]]
    console = render.console()
    as_of = parse_datetime(data["as_of"])
    window = data["timeline"]["submission_window"]
    opens, closes = parse_datetime(window["opens"]), parse_datetime(window["closes"])
    console.print(data["campaign"]["name"], style="bold")
    console.print(
        _(
            "Launched {launch} · as of {as_of}",
            launch=format_date(parse_datetime(data["timeline"]["launch"]).date()),
            as_of=format_date(as_of.date()),
        )
    )
    if window["state"] == "not_open":
        when = _("opens in {days} days", days=(opens.date() - as_of.date()).days)
    elif window["state"] == "open":
        when = _("{days} days left", days=(closes.date() - as_of.date()).days)
    else:
        when = _("closed")
    if to_vn(closes).time() == time(0):  # as the letter says it: up to the end of its last day
        console.print(
            _(
                "Submissions: from {opens} until the end of {last} ({when})",
                opens=format_date(opens.date()),
                last=format_date((to_vn(closes) - timedelta(days=1)).date()),
                when=when,
            )
        )
    else:
        console.print(
            _(
                "Submissions: {opens} to {closes} ({when})",
                opens=format_date(opens.date()),
                closes=format_date(closes.date()),
                when=when,
            )
        )
    table = Table(header_style="bold", pad_edge=False, box=None)
    table.add_column(_("Code"))
    for m in months:
        table.add_column(m[5:], justify="center")
    table.add_column(_("Nomination"))
    for kind in ("phong", "don_vi"):
        group = [r for r in data["units"] if r["kind"] == kind]
        if group:
            table.add_row(_kind_title(kind), style="bold")
        for r in group:
            table.add_row(
                r["code"],
                *[_mark(r["months"][m]) for m in months],
                words.nomination(r["nomination"]),
            )
    console.print(table)
    legend = " · ".join(
        f"{MARKS[s][0]} {words.timeliness(s, None) if s != 'late' else _('late')}"
        for s in ("on_time", "late", "missing", "pending", "not_expected")
    )
    console.print(legend, style="dim")
    rates = Table(header_style="bold", pad_edge=False, box=None)
    for header in (
        _("Month"),
        _("Deadline"),
        _("Expected"),
        _("On time"),
        _("Late"),
        _("Missing"),
        _("Reporting"),
        _("On time %"),
    ):
        rates.add_column(header, justify="right")
    rates.columns[1].no_wrap = True  # "trước ngày 25/06/2026" reads as one piece
    rates.columns[1].justify = "left"
    for m in data["months"]:
        rates.add_row(
            m["month"][5:] + "/" + m["month"][:4],
            _("before {day}", day=format_date(parse_datetime(m["deadline"]).date())),
            str(m["expected"]),
            str(m["on_time"]),
            str(m["late"]),
            str(m["missing"]),
            words.percent(m["reporting_rate"]),
            words.percent(m["on_time_rate"]),
        )
    console.print(rates)


def remind(
    ctx: typer.Context,
    month: MonthOption = None,
    as_of: AsOfOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help=_("table, json, csv, or eml (one draft e-mail per unit).")
        ),
    ] = "table",
    as_json: JsonOption = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=_("Folder for the eml drafts."))
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option("--from", help=_("Sender address of the drafts (default: KHTC's e-mail).")),
    ] = None,
    strict: StrictOption = False,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help=_(
                "Send the reminders by e-mail (report reminders carry the unit's form); see: "
                "ytcontest mail show."
            ),
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=_("Send without asking (for scripts)."))
    ] = False,
    again: Annotated[
        bool,
        typer.Option("--again", help=_("Also send to units already reminded today.")),
    ] = False,
    history: Annotated[
        bool, typer.Option("--history", help=_("Show the messages already sent."))
    ] = False,
) -> None:
    from ytcontest.cli import render
    from ytcontest.cli.render import Column
    from ytcontest.domain.errors import UserError
    from ytcontest.services import status as service
    from ytcontest.services import units

    fmt = "json" if as_json else fmt.strip().lower()
    if fmt not in ("table", "json", "csv", "eml"):
        raise typer.BadParameter(_("choose table, json, csv or eml"), param_hint="--format")
    state = get_state(ctx)
    the_month, at = _resolve(ctx, month, as_of)
    if history:
        if fmt == "eml":
            raise typer.BadParameter(_("choose table, json or csv"), param_hint="--format")
        from ytcontest.cli.mailing import show_history

        show_history(state, state.run(state.campaign), the_month, fmt)
        return

    def work(session):  # type: ignore[no-untyped-def]
        campaign = state.campaign(session)
        chosen = the_month or service.default_month(campaign, at)
        rows = service.reminders(session, campaign, chosen, at)
        khtc = next((u for u in units.all_units(session) if u.code == "KHTC"), None)
        return campaign, chosen, rows, (khtc.email if khtc else None)

    campaign, chosen, rows, khtc_email = state.run(work)
    if send:
        if as_of is not None:
            raise UserError(_("--send sends today's reminders: leave out --as-of"))
        from ytcontest.cli.mailing import send_reminders

        send_reminders(state, campaign, chosen, rows, yes=yes, again=again)
        if strict and any(r["flags"] for r in rows):
            raise typer.Exit(3)
        return
    from ytcontest.domain.text import EMAIL

    if fmt == "eml" and sender is not None and not EMAIL.match(sender.strip()):
        raise UserError(_("not an e-mail address: {value!r}", value=sender))
    if fmt == "eml":
        if output is None:
            raise UserError(_("give the folder for the drafts: -o FOLDER"))
        from ytcontest.tabular.mail import write_drafts

        written, skipped = write_drafts(
            rows, output, campaign=campaign, month=chosen, sender=sender or khtc_email
        )
        typer.echo(
            _("{count} draft e-mails written to {folder}.", count=len(written), folder=output)
        )
        if skipped:
            typer.echo(
                _(
                    "No e-mail address for: {codes} (add one with: ytcontest units edit CODE "
                    "--email ...)",
                    codes=", ".join(skipped),
                )
            )
    else:
        flat = [
            {
                **r,
                **{"active": r["entries"]["active"], "submitted": r["entries"]["submitted"]},
                "why": "; ".join(words.remind_reason(x) for x in r["reasons"]),
            }
            for r in rows
        ]
        columns = [
            Column("code", _("Code")),
            Column("name", _("Unit")),
            Column("why", _("Owes")),
            Column("email", _("E-mail")),
            Column("phone", _("Phone")),
        ]
        if fmt == "json":
            render.print_json(rows)
        else:
            render.emit(
                flat,
                columns,
                fmt,
                title=_("To remind for {month}", month=chosen.label()),
                empty=_("Nobody to remind for {month}.", month=chosen.label()),
            )
            returned = sum(1 for r in rows if r.get("returned"))
            if fmt == "table" and returned:
                typer.echo(_("Returned, awaiting correction: {count}", count=returned))
    if strict and any(r["flags"] for r in rows):
        raise typer.Exit(3)
