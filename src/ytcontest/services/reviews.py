"""KHTC's look at a report: returned to the unit for correction, or accepted.

A mark belongs to one revision. The unit's next amendment is a newer revision, so a return no
longer applies to it: the mark clears itself without anyone writing anything. Timeliness is not
touched: it is always judged on the first revision received.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ytcontest.domain.dates import Month, iso, now
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.services import audit
from ytcontest.store.models import Campaign, Report, ReportReview, ReportRevision, Unit

RETURNED = "returned"
ACCEPTED = "accepted"


@dataclass(frozen=True)
class Review:
    """Where a report stands with KHTC: ``state`` is None when its latest revision is unchecked."""

    state: str | None
    revision: int  # the report's latest revision
    reason: str | None = None
    at: str | None = None
    by: str | None = None

    def json(self) -> dict[str, Any]:
        return {"review": self.state, "return_reason": self.reason if self.returned else None}

    @property
    def returned(self) -> bool:
        return self.state == RETURNED


def reviews(session: Session, report_ids: list[int]) -> dict[int, Review]:
    """report id -> its review, in two queries whatever the number of reports."""
    if not report_ids:
        return {}
    latest = dict(
        session.execute(
            sa.select(ReportRevision.report_id, sa.func.max(ReportRevision.revision))
            .where(ReportRevision.report_id.in_(report_ids))  # type: ignore[attr-defined]
            .group_by(ReportRevision.report_id)
        ).all()
    )
    marks: dict[int, ReportReview] = {}
    query = (
        select(ReportReview)
        .where(ReportReview.report_id.in_(report_ids))  # type: ignore[attr-defined]
        .order_by(ReportReview.report_id, ReportReview.id)
    )
    for mark in session.exec(query):
        marks[mark.report_id] = mark  # the last one wins
    out: dict[int, Review] = {}
    for report_id in report_ids:
        revision = latest.get(report_id, 0)
        mark = marks.get(report_id)
        if mark is None or mark.revision != revision:
            out[report_id] = Review(None, revision)  # never looked at, or amended since
        else:
            out[report_id] = Review(mark.action, revision, mark.reason, iso(mark.at), mark.actor)
    return out


def returned_by_unit(session: Session, campaign: Campaign, month: Month) -> dict[int, Review]:
    """unit id -> review of its ``month`` report, for the reports now returned."""
    rows = list(
        session.exec(
            select(Report.id, Report.unit_id).where(
                Report.campaign_id == campaign.id, Report.month == str(month)
            )
        )
    )
    found = reviews(session, [report_id for report_id, _unit in rows if report_id is not None])
    return {
        unit_id: found[report_id]
        for report_id, unit_id in rows
        if report_id is not None and found[report_id].returned
    }


def returned_counts(session: Session, campaign: Campaign) -> dict[str, int]:
    """month -> how many of its reports are returned and await correction."""
    rows = list(
        session.exec(select(Report.id, Report.month).where(Report.campaign_id == campaign.id))
    )
    found = reviews(session, [report_id for report_id, _m in rows if report_id is not None])
    counts: dict[str, int] = {}
    for report_id, month in rows:
        if report_id is not None and found[report_id].returned:
            counts[month] = counts.get(month, 0) + 1
    return counts


def _report(session: Session, campaign: Campaign, unit: Unit, month: Month) -> Report:
    # A query of its own: reports' listing reads reviews, so reviews must not import reports.
    report = session.exec(
        select(Report).where(
            Report.campaign_id == campaign.id, Report.unit_id == unit.id, Report.month == str(month)
        )
    ).first()
    if report is None:
        raise UserError(_("{code} has no report for {month}", code=unit.code, month=month.label()))
    return report


def mark(
    session: Session,
    actor: str,
    campaign: Campaign,
    unit: Unit,
    month: Month,
    action: str,
    reason: str | None = None,
    *,
    again: bool = False,
) -> Review:
    """Return the latest revision for correction (``reason`` required), or accept it.

    ``again``: a report already returned stays as it is and its review is handed back (to send
    the message once more after a failed sending), instead of a refusal.
    """
    from ytcontest.domain.text import clean

    report = _report(session, campaign, unit, month)
    current = reviews(session, [report.id or 0])[report.id or 0]
    key = f"{unit.code}/{month}"
    if action == RETURNED:
        reason = clean(reason or "")
        if not reason:
            raise UserError(_("say what to correct: --reason TEXT"))
        if len(reason) > 4000:
            raise UserError(_("at most {limit} characters", limit=4000))
        if current.returned and again:
            return current
        if current.returned:
            raise UserError(
                _(
                    "{key} (version {revision}) is already returned, awaiting correction",
                    key=key,
                    revision=current.revision,
                )
            )
    elif current.state == ACCEPTED:
        raise UserError(
            _("{key} (version {revision}) is already accepted", key=key, revision=current.revision)
        )
    row = ReportReview(
        report_id=report.id or 0,
        revision=current.revision,
        action=action,
        reason=reason if action == RETURNED else None,
        at=now(),
        actor=actor,
    )
    session.add(row)
    audit.record(
        session, actor, f"report.{'return' if action == RETURNED else 'accept'}", "report", key,
        before={"review": current.state, "revision": current.revision},
        after={"review": action, "revision": current.revision, "reason": row.reason},
        campaign_id=campaign.id,
    )  # fmt: skip
    session.flush()
    return Review(action, current.revision, row.reason, iso(row.at), actor)
