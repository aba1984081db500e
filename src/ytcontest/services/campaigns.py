"""Campaigns: the contest editions and their calendars."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TypeVar

from sqlmodel import Session, select

from ytcontest.domain.dates import (
    VN_TZ,
    DateInputError,
    Month,
    iso,
    now,
    parse_date,
    parse_datetime,
    to_vn,
)
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.domain.numbers import CountError, parse_count
from ytcontest.domain.rules import Period
from ytcontest.domain.text import clean
from ytcontest.services import audit
from ytcontest.store.models import CODE_MAX, NAME_MAX, RECIPIENTS_MAX, Campaign, Report

DEFAULT_CODE = "2026"
# More entries than this per unit is a typing slip, not a contest rule.
MAX_MIN_ENTRIES = 100


def default_campaign() -> Campaign:
    """The 2026 contest as the Department announced it (plan of 03/4/2026)."""
    return Campaign(
        code=DEFAULT_CODE,
        name="Cuộc thi Đổi mới sáng tạo - vì Thái Nguyên thân yêu lần thứ II, năm 2026",
        launch=date(2026, 4, 3),
        submission_opens=datetime(2026, 10, 1, tzinfo=VN_TZ),
        submission_closes=datetime(2026, 11, 1, tzinfo=VN_TZ),
        first_report_month="2026-06",
        last_report_month="2026-11",
        report_due_day=25,
        min_entries=1,
        period=Period.CALENDAR.value,
        province="UBND TỈNH THÁI NGUYÊN",
        agency="SỞ Y TẾ",
        place="Thái Nguyên",
        created_at=now(),
    )


def _added(session: Session, actor: str, campaign: Campaign) -> Campaign:
    """Write a new campaign and its audit event (which needs the campaign's id)."""
    session.add(campaign)
    session.flush()
    audit.record(
        session, actor, "campaign.add", "campaign", campaign.code,
        after=campaign_json(campaign), campaign_id=campaign.id,
    )  # fmt: skip
    return campaign


def ensure_default(session: Session, actor: str) -> Campaign:
    existing = session.exec(select(Campaign).where(Campaign.code == DEFAULT_CODE)).first()
    if existing is not None:
        return existing
    campaign = default_campaign()
    return _added(session, actor, campaign)


def current(session: Session, code: str | None = None) -> Campaign:
    """The campaign named by ``code``, else the latest one already launched (else the first)."""
    campaigns = list(session.exec(select(Campaign).order_by(Campaign.launch, Campaign.id)))
    if code:
        for campaign in campaigns:
            if campaign.code.casefold() == code.strip().casefold():
                return campaign
        raise UserError(
            _("no campaign with the code {code}", code=code),
            [_("known campaigns: {codes}", codes=", ".join(c.code for c in campaigns) or "-")],
        )
    if not campaigns:
        raise UserError(_("the database holds no campaign; run: ytcontest init"))
    today = to_vn(now()).date()
    launched = [c for c in campaigns if c.launch <= today]
    return launched[-1] if launched else campaigns[0]


def require_report_month(campaign: Campaign, month: Month) -> None:
    """Refuse a month the campaign asks no report for."""
    cal = campaign.calendar()
    if not cal.is_report_month(month):
        raise UserError(
            _(
                "{month} is not a report month of campaign {campaign} ({first} to {last})",
                month=month.label(),
                campaign=campaign.code,
                first=cal.first_report_month.label(),
                last=cal.last_report_month.label(),
            )
        )


def campaign_json(campaign: Campaign) -> dict[str, object]:
    return {
        "code": campaign.code,
        "name": campaign.name,
        "launch": campaign.launch.isoformat(),
        "submission_opens": iso(campaign.submission_opens),
        "submission_closes": iso(campaign.submission_closes),
        "report_months": f"{campaign.first_report_month}..{campaign.last_report_month}",
        "report_due_day": campaign.report_due_day,
        "min_entries": campaign.min_entries,
        "period": campaign.period,
        "province": campaign.province,
        "agency": campaign.agency,
        "place": campaign.place,
        "signer": campaign.signer,
        "recipients": campaign.recipients,
    }


# --- campaign list | show | set | add -------------------------------------------------------------

SETTINGS = (
    "name", "launch", "submission-opens", "submission-closes", "report-months", "report-due-day",
    "min-entries", "period", "province", "agency", "place", "signer",
    "recipients",
)  # fmt: skip


def list_campaigns(session: Session) -> list[dict[str, object]]:
    chosen = current(session)
    rows = []
    for campaign in session.exec(select(Campaign).order_by(Campaign.launch, Campaign.id)):
        rows.append({**campaign_json(campaign), "current": campaign.id == chosen.id})
    return rows


def _parse_setting(key: str, text: str) -> dict[str, object]:
    """The column values that ``campaign set KEY TEXT`` means; raises UserError when unreadable."""
    text = clean(text)
    try:
        if key in ("name", "province", "agency", "place", "signer"):
            if not text or len(text) > NAME_MAX:
                raise UserError(
                    _("{key} needs a text of 1 to {limit} characters", key=key, limit=NAME_MAX)
                )
            return {key: text}
        if key == "recipients":
            if not text or len(text) > RECIPIENTS_MAX:
                raise UserError(
                    _(
                        "{key} needs a text of 1 to {limit} characters",
                        key=key,
                        limit=RECIPIENTS_MAX,
                    )
                )
            return {key: text}
        if key == "launch":
            return {"launch": parse_date(text)}
        if key == "submission-closes" and _is_plain_date(text):
            # "Đến ngày 31/10/2026" includes the 31st: a day without a time closes at its end,
            # that is at 00:00 of the next day.
            last_day = parse_date(text)
            return {
                "submission_closes": datetime.combine(
                    last_day + timedelta(days=1), time(0), tzinfo=VN_TZ
                )
            }
        if key in ("submission-opens", "submission-closes"):
            return {key.replace("-", "_"): parse_datetime(text)}
        if key == "report-months":
            first, sep, last = text.partition("..")
            if not sep:
                raise UserError(_("report-months is written FIRST..LAST, e.g. 2026-06..2026-11"))
            return {
                "first_report_month": str(Month.parse(first)),
                "last_report_month": str(Month.parse(last)),
            }
        if key in ("report-due-day", "min-entries"):
            try:
                number = parse_count(text)
            except CountError as error:
                raise UserError(f"{key}: {error.message}") from error
            if number > 9999:
                raise UserError(_("{key} needs a whole number", key=key))
            return {key.replace("-", "_"): number}
        if key == "period":
            if text not in (p.value for p in Period):
                raise UserError(_("period is calendar or 15-14"))
            return {"period": text}
    except DateInputError as error:
        raise UserError(str(error)) from error
    raise UserError(
        _("unknown setting {key}; the settings are: {keys}", key=key, keys=", ".join(SETTINGS))
    )


def _is_plain_date(text: str) -> bool:
    try:
        parse_date(text)
    except DateInputError:
        return False
    return True


def check_calendar(campaign: Campaign) -> None:
    """Refuse a calendar that cannot work, in the user's words."""
    if not 1 <= campaign.report_due_day <= 28:
        raise UserError(_("report-due-day must be between 1 and 28 (every month has that day)"))
    if campaign.min_entries < 1:
        raise UserError(_("min-entries must be at least 1"))
    if campaign.min_entries > MAX_MIN_ENTRIES:
        raise UserError(_("min-entries must be at most {limit}", limit=MAX_MIN_ENTRIES))
    if campaign.launch >= to_vn(campaign.submission_closes).date():
        raise UserError(_("the launch must come before the submission window closes"))
    if campaign.submission_closes <= campaign.submission_opens:
        raise UserError(_("the submission window must close after it opens"))
    if Month.parse(campaign.last_report_month) < Month.parse(campaign.first_report_month):
        raise UserError(_("the last report month comes before the first"))
    campaign.calendar()  # the rules' own checks, as a last guard


def set_value(session: Session, actor: str, campaign: Campaign, key: str, text: str) -> bool:
    """Change one setting; False when it already had that value."""
    changes = _parse_setting(key, text)
    before = campaign_json(campaign)
    for column, value in changes.items():
        setattr(campaign, column, value)
    check_calendar(campaign)
    if "first_report_month" in changes:
        outside = session.exec(
            select(Report.month).where(
                Report.campaign_id == campaign.id,
                (Report.month < campaign.first_report_month)
                | (Report.month > campaign.last_report_month),
            )
        ).first()
        if outside is not None:
            raise UserError(
                _(
                    "reports for {month} exist outside the new report months",
                    month=Month.parse(outside).label(),
                )
            )
    after = campaign_json(campaign)
    if after == before:
        return False
    session.add(campaign)
    audit.record(
        session,
        actor,
        "campaign.set",
        "campaign",
        campaign.code,
        before=before,
        after=after,
        campaign_id=campaign.id,
    )
    return True


def add(
    session: Session, actor: str, code: str, name: str, source: Campaign, shift_years: int = 1
) -> Campaign:
    """A new campaign with ``source``'s settings, its calendar moved by ``shift_years``."""
    code = clean(code).upper()
    if not code or len(code) > CODE_MAX or not code.replace("-", "").replace("_", "").isalnum():
        raise UserError(_("a campaign code is 1 to {limit} letters or digits", limit=CODE_MAX))
    if session.exec(select(Campaign).where(Campaign.code == code)).first() is not None:
        raise UserError(_("a campaign with the code {code} already exists", code=code))
    name = clean(name)
    if not name or len(name) > NAME_MAX:
        raise UserError(_("name needs a text of 1 to {limit} characters", limit=NAME_MAX))

    def moved(month: str) -> str:
        m = Month.parse(month)
        return str(Month(m.year + shift_years, m.month))

    try:
        campaign = Campaign(
            code=code,
            name=name,
            launch=_shift(source.launch, shift_years),
            submission_opens=_shift(to_vn(source.submission_opens), shift_years),
            submission_closes=_shift(to_vn(source.submission_closes), shift_years),
            first_report_month=moved(source.first_report_month),
            last_report_month=moved(source.last_report_month),
            report_due_day=source.report_due_day,
            min_entries=source.min_entries,
            period=source.period,
            province=source.province,
            agency=source.agency,
            place=source.place,
            signer=source.signer,
            recipients=source.recipients,
            created_at=now(),
        )
    except DateInputError as error:
        raise UserError(str(error)) from error
    check_calendar(campaign)
    return _added(session, actor, campaign)


_Shiftable = TypeVar("_Shiftable", date, datetime)


def _shift(value: _Shiftable, years: int) -> _Shiftable:
    from dateutil.relativedelta import relativedelta

    return value + relativedelta(years=years)  # 29/02 becomes 28/02, not an error
