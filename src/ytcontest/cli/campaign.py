"""``campaign``: the contest editions and their calendars."""

from typing import Annotated, Any

import typer

from ytcontest.cli.options import (
    FormatOption,
    JsonOption,
    OutputFormat,
    chosen_format,
    counted,
)
from ytcontest.cli.state import get_state
from ytcontest.domain.i18n import _

app = typer.Typer(
    help=_("Campaigns (contest editions) and their calendars."),
    epilog=_("Example: ytcontest campaign show"),
    no_args_is_help=True,
)


def campaign_columns() -> list[Any]:
    from ytcontest.cli.render import Column

    return [
        Column("code", _("Code")),
        Column("name", _("Name")),
        Column("launch", _("Launch")),
        Column("submission_opens", _("Submissions open")),
        Column("submission_closes", _("Submissions close (exclusive)")),
        Column("report_months", _("Report months")),
        Column("report_due_day", _("Report due day")),
        Column("min_entries", _("Minimum entries per unit")),
        Column("period", _("Report period")),
        Column("province", _("Parent body")),
        Column("agency", _("Agency")),
        Column("place", _("Place")),
        Column("signer", _("Signer")),
        Column("recipients", _("Recipients")),
        Column("current", _("Current")),
    ]


def in_words(record: dict[str, Any]) -> dict[str, Any]:
    """A campaign's settings as a person reads them: dates dd/mm/yyyy, months 06/2026, the
    closing instant as the last day it still takes entries, the period in words."""
    from ytcontest.domain.dates import format_date, parse_date, parse_datetime

    opens = parse_datetime(record["submission_opens"])
    closes = parse_datetime(record["submission_closes"])
    first, _sep, last = record["report_months"].partition("..")
    return {
        **record,
        "launch": format_date(parse_date(record["launch"])),
        "submission_opens": _("from {when}", when=_instant(opens)),
        "submission_closes": _closing(closes),
        "report_months": _("{first} to {last}", first=_month(first), last=_month(last)),
        "report_due_day": _(
            "day {day} of each month (the June report: before {example})",
            day=record["report_due_day"],
            example=f"{record['report_due_day']:02d}/06",
        ),
        "period": period_in_words(record["period"]),
    }


def _instant(dt: Any) -> str:
    from ytcontest.domain.dates import instant_words

    return instant_words(dt)


def _closing(closes: Any) -> str:
    from ytcontest.domain.dates import closing_words

    return closing_words(closes)


def _month(text: str) -> str:
    return f"{text[5:]}/{text[:4]}" if len(text) == 7 else text


def period_in_words(period: str) -> str:
    if period == "15-14":
        return _("from the 15th of the previous month to the 14th of the month")
    if period == "calendar":
        return _("the calendar month (1st to last day)")
    return period


@app.command("list", help=_("List the campaigns.\n\nExample: ytcontest campaign list"))
def list_(
    ctx: typer.Context, fmt: FormatOption = OutputFormat.table, as_json: JsonOption = False
) -> None:
    from ytcontest.cli import render
    from ytcontest.services import campaigns

    rows = get_state(ctx).run(campaigns.list_campaigns)
    fmt_value = chosen_format(fmt, as_json).value
    columns = campaign_columns()
    if fmt_value == "table":
        columns = [
            c for c in columns if c.key in ("code", "name", "launch", "report_months", "current")
        ]
        # Dates and months as `campaign show` writes them (03/04/2026, 06/2026 đến 11/2026).
        rows = [{**r, **{k: in_words(r)[k] for k in ("launch", "report_months")}} for r in rows]
    render.emit(rows, columns, fmt_value, title=_("Campaigns"))


@app.command(
    "show",
    help=_(
        "Show the campaign's settings (--campaign picks another).\n\n"
        "Example: ytcontest campaign show"
    ),
)
def show(
    ctx: typer.Context, fmt: FormatOption = OutputFormat.table, as_json: JsonOption = False
) -> None:
    from ytcontest.cli import render
    from ytcontest.services import campaigns

    state = get_state(ctx)
    record = state.run(lambda s: campaigns.campaign_json(state.campaign(s)))
    fmt_value = chosen_format(fmt, as_json).value
    columns = campaign_columns()[:-1]
    if fmt_value == "table":
        from dataclasses import replace

        record = in_words(record)
        both = _("Submissions accepted")  # "từ 01/10/2026" over "đến hết ngày 31/10/2026"
        columns = [
            replace(c, header=both) if c.key in ("submission_opens", "submission_closes") else c
            for c in columns
        ]
    render.emit_record(record, columns, fmt_value)


@app.command(
    "set",
    help=_(
        "Change one setting: name, launch, submission-opens, submission-closes, report-months "
        "(2026-06..2026-11), report-due-day (1-28), min-entries, period (calendar or 15-14), "
        'province, agency, place, signer (who signs the workbook; " / " starts a new line).\n\nExample: ytcontest campaign set submission-closes "01/11/2026 00:00"'
    )
    + "\n\n"
    + _(
        'Also recipients: the "Nơi nhận:" block of the documents, its lines started by " - ", '
        'e.g. "- Như trên; - Lưu: VT, KHTC."'
    ),
)
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help=_("The setting to change."))],
    value: Annotated[str, typer.Argument(metavar="VALUE", help=_("Its new value."))],
) -> None:
    from ytcontest.services import campaigns

    state = get_state(ctx)
    key = key.strip().lower()

    def work(session):  # type: ignore[no-untyped-def]
        campaign = state.campaign(session)
        changed = campaigns.set_value(session, state.user, campaign, key, value)
        return changed, campaigns.campaign_json(campaign)

    changed, record = state.run(work, write=True)
    column = key.replace("-", "_")
    # In Vietnamese the setting is named as `campaign show` labels it ("Ngừng nhận hồ sơ từ"),
    # not by the English key; in English the key is already words.
    from ytcontest.domain.i18n import get_language

    named = key if get_language() == "en" else _setting_label(column, key)
    typer.echo(
        _("Setting {key} changed.", key=named)
        if changed
        else _("Nothing changed: {key} already has this value.", key=named)
    )
    # The value that took effect, in words: a date typed alone can mean the end of that day.
    shown = in_words(record)
    if column in ("submission_opens", "submission_closes"):
        typer.echo(_("Submissions accepted {value}.", value=shown[column]))
    else:
        typer.echo(f"{_setting_label(column, key)}: {shown.get(column, '')}")


def _setting_label(column: str, key: str) -> str:
    return {c.key: c.header for c in campaign_columns()}.get(column, key)


@app.command(
    "add",
    help=_(
        "Add a campaign with the settings of another (the current one by default), its dates moved "
        'by --shift-years.\n\nExample: ytcontest campaign add 2027 --name "Cuộc thi ... năm 2027"'
    ),
)
def add(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Argument(metavar="CODE", help=_("Code of the new campaign, e.g. 2027."))
    ],
    name: Annotated[str, typer.Option("--name", help=_("Full name of the contest edition."))],
    copy_from: Annotated[
        str | None, typer.Option("--copy-from", help=_("Campaign whose settings to copy."))
    ] = None,
    shift_years: Annotated[
        str,
        typer.Option("--shift-years", metavar=_("<number>"), help=_("Years to move the dates by.")),
    ] = "1",
) -> None:
    from ytcontest.services import campaigns

    state = get_state(ctx)
    years = counted(shift_years, "--shift-years", 0, 10)

    def work(session):  # type: ignore[no-untyped-def]
        source = campaigns.current(session, copy_from or state.campaign_code)
        return campaigns.add(session, state.user, code, name, source, years)

    campaign = state.run(work, write=True)
    typer.echo(
        _(
            "Campaign {code} added; see it with: ytcontest --campaign {code} campaign show",
            code=campaign.code,
        )
    )
