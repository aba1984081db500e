"""Who is on time, late or missing, and who has no entry: a month, or the whole campaign.

Three queries whatever the number of units (units, reports, entries); the judging is the pure
rules' work.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from ytcontest.domain import rules
from ytcontest.domain.dates import Month, iso, now, to_vn
from ytcontest.services import campaigns, entries, reviews
from ytcontest.services import units as units_service
from ytcontest.store.models import Campaign, Report, Unit


def _first_received(
    session: Session, campaign: Campaign, month: Month | None = None
) -> dict[tuple[int, str], datetime]:
    query = select(Report.unit_id, Report.month, Report.first_received_at).where(
        Report.campaign_id == campaign.id
    )
    if month is not None:
        query = query.where(Report.month == str(month))
    return {(unit_id, m): received for unit_id, m, received in session.exec(query)}


def _window(cal: rules.Calendar, as_of: datetime) -> dict[str, str]:
    return {
        "opens": iso(cal.submission_opens),
        "closes": iso(cal.submission_closes),
        "state": rules.window_state(cal, as_of).value,
    }


def _units(session: Session, kind: str | None, unit: Unit | None) -> list[Any]:
    """The units a status is about, as plain rows (what the rules need), not ORM objects: a
    province has thousands."""
    found = list(
        session.exec(
            select(  # type: ignore[call-overload]
                Unit.id,
                Unit.code,
                Unit.name,
                Unit.kind,
                Unit.reports_required,
                Unit.active_from,
                Unit.active_to,
            ).order_by(Unit.kind.desc(), Unit.code)  # type: ignore[attr-defined]
        )
    )
    if kind:
        found = [u for u in found if u.kind == kind]
    if unit is not None:
        found = [u for u in found if u.id == unit.id]
    return found


def month_status(
    session: Session,
    campaign: Campaign,
    month: Month,
    as_of: datetime | None = None,
    *,
    unit: Unit | None = None,
    kind: str | None = None,
    only_flagged: bool = False,
) -> dict[str, Any]:
    """The contract's ``status --month`` JSON.

    The summary counts every unit that passes ``--unit``/``--kind`` (so the rates stay those of
    the group asked about); ``only_flagged`` then trims the list of units only.
    """
    campaigns.require_report_month(campaign, month)
    as_of = as_of or now()
    cal = campaign.calendar()
    received = _first_received(session, campaign, month)
    counts = entries.counts_by_unit(session, campaign, as_of)
    returned = reviews.returned_by_unit(session, campaign, month)
    rows: list[dict[str, Any]] = []
    states: list[rules.ReportState] = []
    nominations: list[rules.Nomination] = []
    # Most units share the same span (required, no dates): judge each span once.
    expected = functools.cache(lambda span: rules.is_expected(cal, span, month))
    for u in _units(session, kind, unit):
        span = units_service.span(u)
        if not expected(span):
            continue
        first = received.get((u.id or 0, str(month)))
        verdict = rules.judge_report(cal, month, first, as_of)
        active, submitted = counts.get(u.id or 0, (0, 0))
        nom = rules.nomination(cal, active, submitted, as_of, span)
        flags = rules.flags(verdict.state, nom, active, cal, as_of)
        review = returned.get(u.id or 0)
        states.append(verdict.state)
        nominations.append(nom)
        rows.append({
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "report": verdict.state.value,
            "received_at": iso(first) if first is not None and first <= as_of else None,
            "days_late": verdict.days_late,
            "entries": {"active": active, "submitted": submitted},
            "nomination": nom.value,
            "flags": [f.value for f in flags],
            "returned": review is not None,
            "return_reason": review.reason if review is not None else None,
            "remind": remind_reasons(verdict.state, flags, review is not None),
        })  # fmt: skip
    figures = rules.figures(states)
    summary = {
        "expected": figures.expected,
        "reported": figures.reported,
        "on_time": figures.on_time,
        "late": figures.late,
        "missing": figures.missing,
        "pending": figures.pending,
        "reporting_rate": figures.reporting_rate,
        "on_time_rate": figures.on_time_rate,
        "nomination_met": sum(1 for n in nominations if n is rules.Nomination.MET),
        "nomination_missed": sum(1 for n in nominations if n is rules.Nomination.MISSED),
        "returned": sum(1 for r in rows if r["returned"]),
    }
    if only_flagged:
        rows = [r for r in rows if r["flags"]]
    return {
        "campaign": {"code": campaign.code, "name": campaign.name},
        "month": str(month),
        "as_of": iso(as_of),
        "deadline": iso(rules.deadline(cal, month)),
        "last_on_time_day": rules.last_on_time_day(cal, month).isoformat(),
        "submission_window": _window(cal, as_of),
        "units": rows,
        "summary": summary,
    }


def overview(
    session: Session,
    campaign: Campaign,
    as_of: datetime | None = None,
    *,
    unit: Unit | None = None,
    kind: str | None = None,
    only_flagged: bool = False,
) -> dict[str, Any]:
    """The contract's ``status`` JSON without ``--month``: the campaign month by month."""
    as_of = as_of or now()
    cal = campaign.calendar()
    months = cal.report_months()
    received = _first_received(session, campaign)
    counts = entries.counts_by_unit(session, campaign, as_of)
    returned = reviews.returned_counts(session, campaign)
    per_month: dict[Month, list[rules.ReportState]] = {m: [] for m in months}
    rows: list[dict[str, Any]] = []
    for u in _units(session, kind, unit):
        span = units_service.span(u)
        cells: dict[str, str] = {}
        states: list[rules.ReportState] = []
        for month in months:
            if not rules.is_expected(cal, span, month):
                cells[str(month)] = rules.NOT_EXPECTED
                continue
            first = received.get((u.id or 0, str(month)))
            state = rules.judge_report(cal, month, first, as_of).state
            per_month[month].append(state)
            states.append(state)
            cells[str(month)] = state.value
        if not states and not units_service.is_active(u, to_vn(as_of).date()):
            continue  # neither owes a report nor is active: a unit of another time
        active, submitted = counts.get(u.id or 0, (0, 0))
        nom = rules.nomination(cal, active, submitted, as_of, span)
        flags = _overall_flags(states, nom, active, cal, as_of)
        rows.append({
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "months": cells,
            "entries": {"active": active, "submitted": submitted},
            "nomination": nom.value,
            "flags": flags,
        })  # fmt: skip
    if only_flagged:
        rows = [r for r in rows if r["flags"]]
    month_rows = []
    for month in months:
        figures = rules.figures(per_month[month])
        month_rows.append({
            "month": str(month),
            "deadline": iso(rules.deadline(cal, month)),
            "expected": figures.expected,
            "reported": figures.reported,
            "on_time": figures.on_time,
            "late": figures.late,
            "missing": figures.missing,
            "pending": figures.pending,
            "reporting_rate": figures.reporting_rate,
            "on_time_rate": figures.on_time_rate,
            "returned": returned.get(str(month), 0),
        })  # fmt: skip
    return {
        "campaign": {"code": campaign.code, "name": campaign.name},
        "as_of": iso(as_of),
        "timeline": {
            "launch": campaign.launch.isoformat(),
            "submission_window": _window(cal, as_of),
            "report_months": [
                {"month": str(m), "deadline": iso(rules.deadline(cal, m))} for m in months
            ],
        },
        "months": month_rows,
        "units": rows,
    }


def _overall_flags(
    states: Iterable[rules.ReportState],
    nom: rules.Nomination,
    active: int,
    cal: rules.Calendar,
    as_of: datetime,
) -> list[str]:
    """A unit's flags over the whole campaign: any month missing or late, and its nomination."""
    found: set[rules.Flag] = set()
    for state in states:
        found.update(rules.flags(state, nom, active, cal, as_of))
    found.update(rules.flags(None, nom, active, cal, as_of))
    return [f.value for f in rules.Flag if f in found]


def default_month(campaign: Campaign, as_of: datetime | None = None) -> Month:
    """The month a reminder is about: this month, kept within the campaign's report months."""
    cal = campaign.calendar()
    this = Month.of(to_vn(as_of or now()).date())
    return min(max(this, cal.first_report_month), cal.last_report_month)


def remind_reasons(
    report: rules.ReportState, flags: Iterable[rules.Flag], returned: bool
) -> list[str]:
    """What a unit is reminded of, from the same judgement that made its status flags.

    Every flag that asks something of the unit becomes a reason (a late report is history:
    nothing is left to ask), and so do a report not yet due and a report returned for
    correction. ``remind`` names exactly the units with a reason; a test holds it to ``status``.
    """
    raised = set(flags)
    reasons = []
    if rules.Flag.MISSING_REPORT in raised:
        reasons.append("missing_report")
    if report is rules.ReportState.PENDING:
        reasons.append("report_due")
    if returned:
        reasons.append("report_returned")
    if rules.Flag.NO_CANDIDATE in raised:
        reasons.append("no_candidate")
    if rules.Flag.NOMINATION_MISSED in raised:
        reasons.append("nomination_missed")
    return reasons


def reminders(
    session: Session, campaign: Campaign, month: Month, as_of: datetime | None = None
) -> list[dict[str, Any]]:
    """The units ``status`` gives something to be reminded of (its ``remind`` key), with their
    contacts."""
    status = month_status(session, campaign, month, as_of)
    contacts = {u.code: u for u in units_service.all_units(session)}
    out = []
    for row in status["units"]:
        if not row["remind"]:
            continue
        unit = contacts[row["code"]]
        out.append({
            "code": row["code"],
            "name": row["name"],
            "kind": row["kind"],
            "email": unit.email,
            "phone": unit.phone,
            "month": status["month"],
            "deadline": status["deadline"],
            "report": row["report"],
            "entries": row["entries"],
            "nomination": row["nomination"],
            "flags": row["flags"],
            "reasons": row["remind"],
            "returned": row["returned"],
            "return_reason": row["return_reason"],
        })  # fmt: skip
    return out
