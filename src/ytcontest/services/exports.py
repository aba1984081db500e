"""What each export holds: its columns (headers in the user's language) and its rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from ytcontest.domain import rules
from ytcontest.domain.dates import Month, format_date, now
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.services import campaigns, entries, entry_summary, reports, reviews, status, units
from ytcontest.store.models import Campaign, Report, Unit
from ytcontest.tabular.writer import Field

DATASETS = ("units", "entries", "reports", "status")


def unit_fields() -> list[Field]:
    return [
        Field("code", _("Code")),
        Field("name", _("Unit")),
        Field("kind", _("Kind"), words="kind"),
        Field("group", _("Group")),
        Field("email", _("E-mail")),
        Field("phone", _("Phone")),
        Field("reports_required", _("Reports required"), "bool"),
        Field("active_from", _("Active from"), "date"),
        Field("active_to", _("Active until"), "date"),
        Field("active", _("Active"), "bool"),
    ]


def entry_fields() -> list[Field]:
    return [
        Field("id", _("No."), "int"),
        Field("unit", _("Unit")),
        Field("title", _("Title")),
        Field("category", _("Category"), words="category"),
        Field("author_type", _("Author type"), words="author_type"),
        Field("authors", _("Authors"), "list"),
        Field("fields", _("Fields"), "list", words="field"),
        Field("applied_since", _("Applied since"), "date"),
        Field("applied_at", _("Applied at")),
        Field("effect", _("Effect")),
        Field("status", _("Status"), words="entry_status"),
        Field("submitted_at", _("Submitted"), "datetime"),
        Field("late_reason", _("Late reason")),
        Field("withdrawn_reason", _("Reason withdrawn")),
        Field("warnings", _("Warnings"), "list", words="warning"),
        Field("created_at", _("Created"), "datetime"),
    ]


def _figure_fields() -> list[Field]:
    # The labels are written for sentences ("people reached"); a header starts with a capital.
    labels = {k: v[:1].upper() + v[1:] for k, v in reports.field_labels().items()}
    return [
        *[Field(k, labels[k], "int") for k in reports.FIGURES],
        *[Field(k, labels[k]) for k in reports.TEXTS],
    ]


def report_fields() -> list[Field]:
    return [
        Field("unit", _("Unit")),
        Field("month", _("Month"), words="month"),
        Field("received_at", _("Received"), "datetime"),
        Field("deadline", _("Deadline"), "datetime"),
        Field("timeliness", _("Timeliness"), words="report"),
        Field("days_late", _("Days late"), "int"),
        *_figure_fields(),
        Field("revision", _("Revision"), "int"),
    ]


def revision_fields() -> list[Field]:
    return [
        Field("unit", _("Unit")),
        Field("month", _("Month"), words="month"),
        Field("revision", _("Revision"), "int"),
        Field("received_at", _("Received"), "datetime"),
        *_figure_fields(),
        Field("recorded_at", _("Recorded"), "datetime"),
        Field("recorded_by", _("By")),
    ]


def status_fields() -> list[Field]:
    return [
        Field("code", _("Code")),
        Field("name", _("Unit")),
        Field("kind", _("Kind"), words="kind"),
        Field("report", _("Report"), words="report"),
        Field("received_at", _("Received"), "datetime"),
        Field("days_late", _("Days late"), "int"),
        Field("entries_active", _("Entries"), "int"),
        Field("entries_submitted", _("Submitted"), "int"),
        Field("nomination", _("Nomination"), words="nomination"),
        Field("flags", _("Flags"), "list", words="flag"),
    ]


def overview_fields(data: dict[str, Any], *, codes: bool = False) -> list[Field]:
    """The columns of ``status`` without ``--month`` as CSV: one per report month, headed
    ``06/2026`` (``2026-06`` with ``codes``)."""
    months = [m["month"] for m in data["timeline"]["report_months"]]
    return [
        Field("code", _("Code")),
        Field("name", _("Unit")),
        Field("kind", _("Kind"), words="kind"),
        *[Field(m, m if codes else Month.parse(m).label(), words="report") for m in months],
        Field("nomination", _("Nomination"), words="nomination"),
        Field("flags", _("Flags"), "list", words="flag"),
    ]


def overview_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**row, **row["months"]} for row in data["units"]]


def fields(dataset: str) -> list[Field]:
    return {
        "units": unit_fields,
        "entries": entry_fields,
        "reports": report_fields,
        "status": status_fields,
    }[dataset]()


def latest_due_month(campaign: Campaign, as_of: datetime | None = None) -> Month:
    """The latest report month whose deadline has passed: what the Department asks about."""
    cal = campaign.calendar()
    as_of = as_of or now()
    passed = [m for m in cal.report_months() if rules.deadline(cal, m) <= as_of]
    if not passed:
        raise UserError(
            _(
                "no report month's deadline has passed yet (the first is {day}); give --month",
                day=format_date(rules.deadline(cal, cal.first_report_month)),
            )
        )
    return passed[-1]


def status_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {**row, "entries_active": row["entries"]["active"],
         "entries_submitted": row["entries"]["submitted"]}
        for row in data["units"]
    ]  # fmt: skip


def iter_report_rows(session: Session, campaign: Campaign) -> Iterator[dict[str, Any]]:
    """Every report with its latest figures, streamed in pages so memory stays flat."""
    cal = campaign.calendar()
    for page in _report_pages(session, campaign):
        revisions = reports._revisions(session, [r.id for r, _code in page if r.id is not None])
        looked = reviews.reviews(session, [r.id for r, _code in page if r.id is not None])
        for report, code in page:
            if reports.readable(report, revisions[report.id or 0], code):  # odd rows named, skipped
                review = looked[report.id or 0].json()
                yield reports.report_json(report, revisions[report.id or 0], code, cal, review)


def iter_report_table_rows(session: Session, campaign: Campaign) -> Iterator[dict[str, Any]]:
    """Every report as the CSV and XLSX tables show it (the latest figures, no revision history),
    read by one streaming Core query: no ORM objects, no JSON built and parsed back."""
    import sqlalchemy as sa

    from ytcontest.store.models import ReportRevision

    cal = campaign.calendar()
    latest = (
        sa.select(ReportRevision.report_id, sa.func.max(ReportRevision.revision).label("last"))
        .group_by(ReportRevision.report_id)
        .subquery()
    )
    query = (
        sa.select(
            Unit.code,
            Report.month,
            Report.first_received_at,
            *[getattr(ReportRevision, key) for key in reports.VALUES],
            ReportRevision.revision,
        )
        .join(Unit, Unit.id == Report.unit_id)
        .join(latest, latest.c.report_id == Report.id)
        .join(
            ReportRevision,
            sa.and_(
                ReportRevision.report_id == Report.id, ReportRevision.revision == latest.c.last
            ),
        )
        .where(Report.campaign_id == campaign.id)
        .order_by(Report.month, Unit.kind.desc(), Unit.code)  # type: ignore[attr-defined]
        .execution_options(yield_per=2000)
    )
    months: dict[str, tuple[Month, datetime]] = {}
    for code, month_text, received, *values, revision in session.execute(query):
        if month_text not in months:
            month = Month.parse(month_text)
            months[month_text] = (month, rules.deadline(cal, month))
        month, deadline = months[month_text]
        judged, days_late = rules.timeliness(cal, month, received)
        yield {
            "unit": code,
            "month": month_text,
            "received_at": received,
            "deadline": deadline,
            "timeliness": judged.value,
            "days_late": days_late,
            **dict(zip(reports.VALUES, values, strict=True)),
            "revision": revision,
        }


def iter_revision_rows(session: Session, campaign: Campaign) -> Iterator[dict[str, Any]]:
    for page in _report_pages(session, campaign):
        revisions = reports._revisions(session, [r.id for r, _code in page if r.id is not None])
        for report, code in page:
            for revision in revisions[report.id or 0]:
                yield {"unit": code, "month": report.month, **reports.revision_json(revision)}


def _report_pages(
    session: Session, campaign: Campaign, size: int = 2000
) -> Iterator[list[tuple[Report, str]]]:
    """The campaign's reports in ``report list`` order, fetched ``size`` rows at a time from one
    streaming query, so a province-scale export never holds every report at once."""
    result = session.exec(
        select(Report, Unit.code)
        .join(Unit, Unit.id == Report.unit_id)
        .where(Report.campaign_id == campaign.id)
        .order_by(Report.month, Unit.kind.desc(), Unit.code)  # type: ignore[attr-defined]
        .execution_options(yield_per=size)
    )
    for page in result.partitions(size):
        yield [(report, code) for report, code in page]


def rows(
    session: Session,
    campaign: Campaign,
    dataset: str,
    month: Month | None,
    as_of: datetime | None = None,
) -> tuple[Any, Any]:
    """(the rows for CSV/XLSX, the data for JSON) of ``dataset``."""
    if dataset == "units":
        data = [units.unit_json(u) for u in units.all_units(session)]
        return data, data
    if dataset == "entries":
        data = entries.list_entries(session, campaign)
        return data, data
    if dataset == "reports":
        if month is not None:
            campaigns.require_report_month(campaign, month)
            data = reports.list_reports(session, campaign, month=month)
            return data, data
        # The tables stream flat rows; JSON keeps each report's revisions (a lazy stream too).
        return iter_report_table_rows(session, campaign), iter_report_rows(session, campaign)
    chosen = month or latest_due_month(campaign, as_of)
    data = status.month_status(session, campaign, chosen, as_of)
    return status_rows(data), data


def workbook_data(
    session: Session, campaign: Campaign, month: Month | None, as_of: datetime | None = None
) -> Any:
    """Everything the consolidated workbook shows, read in a handful of queries."""
    from ytcontest.tabular.workbook import WorkbookData

    as_of = as_of or now()
    chosen = month or latest_due_month(campaign, as_of)
    month_reports = {r["unit"]: r for r in reports.list_reports(session, campaign, month=chosen)}
    return WorkbookData(
        province=campaign.province,
        agency=campaign.agency,
        place=campaign.place,
        signer=campaign.signer,
        campaign_name=campaign.name,
        month=chosen,
        as_of=as_of,
        status=status.month_status(session, campaign, chosen, as_of),
        reports=month_reports,
        overview=status.overview(session, campaign, as_of),
        unit_rows=[units.unit_json(u) for u in units.all_units(session)],
        unit_fields=unit_fields(),
        entry_rows=entries.list_entries(session, campaign),
        entry_fields=entry_fields(),
        revision_rows=iter_revision_rows(session, campaign),
        revision_fields=revision_fields(),
        recipients=campaign.recipients,
        entry_summary=entry_summary.summary(session, campaign, as_of),
    )
