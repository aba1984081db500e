"""Monthly reports: filed, amended (every revision kept), judged on the first one received."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import Session, select

from ytcontest.domain import rules, words
from ytcontest.domain.dates import (
    VN_TZ,
    DateInputError,
    Month,
    format_datetime,
    iso,
    now,
    parse_date,
    parse_datetime,
)
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.services import audit, campaigns
from ytcontest.services import units as units_service
from ytcontest.store.models import (
    SHORT_TEXT_MAX,
    Campaign,
    ImportedFile,
    Report,
    ReportInput,
    ReportRevision,
    Unit,
    validation_messages,
)

FIGURES = ("activities", "reached", "candidates", "mobilized")
TEXTS = ("doc_number", "summary", "difficulties")
VALUES = FIGURES + TEXTS

IMPORT_ALIASES: dict[str, list[str]] = {
    "unit": ["đơn vị", "mã đơn vị", "don vi"],
    "month": ["tháng", "tháng báo cáo", "kỳ báo cáo"],
    "received": ["ngày nhận", "thời điểm nhận", "received_at", "nhận lúc"],
    "activities": ["số hoạt động", "hoạt động tuyên truyền", "số hoạt động tuyên truyền"],
    "reached": ["số người được tiếp cận", "số lượt người", "tiếp cận"],
    "candidates": ["số ý tưởng", "số ý tưởng, giải pháp phát hiện", "phát hiện"],
    "mobilized": ["số hồ sơ vận động", "số hồ sơ", "vận động"],
    "doc_number": ["số văn bản", "số công văn", "số báo cáo"],
    "summary": ["tóm tắt", "kết quả", "nội dung"],
    "difficulties": ["khó khăn", "khó khăn, vướng mắc", "vướng mắc"],
}


def field_labels() -> dict[str, str]:
    return {
        "unit": _("unit"),
        "month": _("month"),
        "received": _("received"),
        "activities": _("publicity activities"),
        "reached": _("people reached"),
        "candidates": _("candidate ideas found"),
        "mobilized": _("entries mobilised"),
        "doc_number": _("document number"),
        "summary": _("summary"),
        "difficulties": _("difficulties"),
    }


def option_names() -> dict[str, str]:
    """The command-line option that gives each value, for "use --x" messages."""
    return {key: "--" + key.replace("_", "-") for key in VALUES}


def revision_json(revision: ReportRevision) -> dict[str, Any]:
    return {
        "revision": revision.revision,
        "received_at": iso(revision.received_at),
        **{key: getattr(revision, key) for key in VALUES},
        "recorded_at": iso(revision.recorded_at),
        "recorded_by": revision.recorded_by,
    }


def report_json(
    report: Report,
    revisions: list[ReportRevision],
    unit_code: str,
    cal: rules.Calendar,
    review: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The contract's report JSON: the latest figures, judged on the first revision received;
    then the added keys ``review`` (returned|accepted|null) and ``return_reason``."""
    month = Month.parse(report.month)
    judged, days_late = rules.timeliness(cal, month, report.first_received_at)
    latest = revisions[-1]
    return {
        "unit": unit_code,
        "month": report.month,
        "received_at": iso(report.first_received_at),
        "deadline": iso(rules.deadline(cal, month)),
        "timeliness": judged.value,
        "days_late": days_late,
        **{key: getattr(latest, key) for key in VALUES},
        "revision": latest.revision,
        "revisions": [revision_json(r) for r in revisions],
        **(review or {"review": None, "return_reason": None}),
    }


def _revisions(session: Session, report_ids: Iterable[int]) -> dict[int, list[ReportRevision]]:
    """All revisions of these reports, in one query, oldest first."""
    ids = list(report_ids)
    grouped: dict[int, list[ReportRevision]] = defaultdict(list)
    if not ids:
        return grouped
    query = (
        select(ReportRevision)
        .where(ReportRevision.report_id.in_(ids))  # type: ignore[attr-defined]
        .order_by(ReportRevision.report_id, ReportRevision.revision)
    )
    for revision in session.exec(query):
        grouped[revision.report_id].append(revision)
    return grouped


def list_reports(
    session: Session,
    campaign: Campaign,
    *,
    month: Month | None = None,
    unit: Unit | None = None,
) -> list[dict[str, Any]]:
    query = (
        select(Report, Unit.code)
        .join(Unit, Unit.id == Report.unit_id)
        .where(Report.campaign_id == campaign.id)
        .order_by(Report.month, Unit.kind.desc(), Unit.code)
    )
    if month is not None:
        query = query.where(Report.month == str(month))
    if unit is not None:
        query = query.where(Report.unit_id == unit.id)
    rows = list(session.exec(query))
    revisions = _revisions(session, (r.id for r, _code in rows if r.id is not None))
    cal = campaign.calendar()
    from ytcontest.services.reviews import reviews

    looked = reviews(session, [r.id for r, _code in rows if r.id is not None])
    return [
        report_json(r, revisions[r.id or 0], code, cal, looked[r.id or 0].json())
        for r, code in rows
        if readable(r, revisions[r.id or 0], code)
    ]


def readable(report: Report, revisions: list[ReportRevision], code: str) -> bool:
    """False, with a warning naming the row, for a report an older version let in that cannot be
    shown (a malformed month, no revision): the others are listed all the same."""
    import sys

    try:
        Month.parse(report.month)
    except DateInputError:
        problem = "month"
    else:
        if revisions:
            return True
        problem = "revision"
    print(
        _(
            "report {id} ({code}, {month!r}) skipped: {problem}; see ytcontest db check",
            id=report.id,
            code=code,
            month=report.month,
            problem=_("no first revision") if problem == "revision" else _("malformed month"),
        ),
        file=sys.stderr,
    )
    return False


def find_report(session: Session, campaign: Campaign, unit: Unit, month: Month) -> Report | None:
    return session.exec(
        select(Report).where(
            Report.campaign_id == campaign.id, Report.unit_id == unit.id, Report.month == str(month)
        )
    ).first()


def latest_figures(session: Session, campaign: Campaign, unit: Unit) -> dict[str, Any] | None:
    """The unit's most recent report (for the prompts' hints), or None."""
    found = list_reports(session, campaign, unit=unit)
    return found[-1] if found else None


def validate_values(values: Mapping[str, Any]) -> ReportInput:
    try:
        return ReportInput.model_validate(dict(values))
    except ValidationError as error:
        raise UserError(
            _("the report was not saved:"), validation_messages(error, field_labels())
        ) from error


def check_filing(
    campaign: Campaign, unit: Unit, month: Month, received: datetime, current: datetime
) -> None:
    """The refusals that do not depend on other reports: month, received time, unit activity."""
    campaigns.require_report_month(campaign, month)
    first_instant = datetime(month.year, month.month, 1, tzinfo=VN_TZ)
    if received < first_instant:
        raise UserError(
            _(
                "a report for {month} cannot have been received on {received}, before the month "
                "began",
                month=month.label(),
                received=format_datetime(received),
            )
        )
    if received > current:
        raise UserError(
            _("the time received {received} is in the future", received=format_datetime(received))
        )
    span = units_service.span(unit)
    if not rules.is_active_during(span, month):
        raise UserError(
            _("the unit {code} is not active in {month}", code=unit.code, month=month.label())
        )


def precheck(
    session: Session,
    campaign: Campaign,
    unit: Unit,
    month: Month,
    received: datetime | None,
    amend: bool,
) -> None:
    """Every refusal that does not need the figures, so a clerk is not asked for them in vain."""
    from ytcontest.services.clerks import refuse_own_clock

    refuse_own_clock(session, received, "--received")
    current = now()
    check_filing(campaign, unit, month, received or current, current)
    _check_existing(find_report(session, campaign, unit, month), unit, month, amend)


def _check_existing(report: Report | None, unit: Unit, month: Month, amend: bool) -> None:
    if report is None and amend:
        raise UserError(
            _(
                "{code} has no report for {month} yet: file it without --amend",
                code=unit.code,
                month=month.label(),
            )
        )
    if report is not None and not amend:
        raise UserError(
            _(
                "{code} already reported for {month} (received {received}); to correct it, add "
                "--amend (the first version is kept)",
                code=unit.code,
                month=month.label(),
                received=format_datetime(report.first_received_at),
            )
        )


def month_of(text: str) -> Month:
    """A month cell: 06/2026 or 2026-06, or the date Excel made of it (01/06/2026)."""
    try:
        return Month.parse(text)
    except DateInputError:
        try:
            return Month.of(parse_date(text[:10]))
        except DateInputError:
            pass
        raise


@dataclass
class Filed:
    report: dict[str, Any]
    amended: bool


def add(
    session: Session,
    actor: str,
    campaign: Campaign,
    unit: Unit,
    month: Month,
    values: Mapping[str, Any],
    *,
    received: datetime | None = None,
    amend: bool = False,
) -> Filed:
    """File ``unit``'s report for ``month``, or with ``amend`` a new revision of it."""
    from ytcontest.services.clerks import refuse_own_clock

    refuse_own_clock(session, received, "--received")
    current = now()
    received = received or current
    check_filing(campaign, unit, month, received, current)
    data = validate_values(values)
    _check_existing(find_report(session, campaign, unit, month), unit, month, amend)
    (report,) = _file_all(session, actor, campaign, [(unit, month, received, data)], amend=amend)
    revisions = _revisions(session, [report.id or 0])[report.id or 0]
    return Filed(report_json(report, revisions, unit.code, campaign.calendar()), amend)


Plan = tuple[Unit, Month, datetime, ReportInput]


def _file_all(
    session: Session,
    actor: str,
    campaign: Campaign,
    plans: Sequence[Plan],
    *,
    amend: bool,
    numbers: list[int] | None = None,
) -> list[Report]:
    """Write checked reports (``amend``: new revisions of existing ones), a few statements for
    any number of them, each with its audit event. The caller has checked every refusal."""
    current = now()
    existing: dict[tuple[int, str], Report] = {}
    latest: dict[int, ReportRevision] = {}
    if amend:
        wanted = {(unit.id, str(month)) for unit, month, _at, _data in plans}
        months = sorted({month for _unit, month in wanted})
        # FOR UPDATE: two clerks amending the same report at once on PostgreSQL would otherwise both
        # read revision N and both write N + 1; the second now waits and reads the first's revision.
        # Rows are locked in id order, so two amending imports cannot deadlock; a clerk's lock
        # takes only their own unit's rows (row-level security filters the others out). SQLite
        # ignores it: its write lock, taken when the transaction began, already serialises.
        locked = (
            select(Report)
            .where(Report.campaign_id == campaign.id, Report.month.in_(months))  # type: ignore[attr-defined]
            .order_by(Report.id)
            .with_for_update()
        )
        for report in session.exec(locked):
            if (report.unit_id, report.month) in wanted:
                existing[(report.unit_id, report.month)] = report
        for report_id, revisions in _revisions(
            session, [r.id or 0 for r in existing.values()]
        ).items():
            latest[report_id] = revisions[-1]
    reports: list[Report] = []
    for unit, month, received, _data in plans:
        report = existing.get((unit.id or 0, str(month)))
        if report is None:
            report = Report(campaign_id=campaign.id, unit_id=unit.id, month=str(month),
                            first_received_at=received, created_at=current)  # fmt: skip
            session.add(report)
        elif received < report.first_received_at:
            raise UserError(
                _(
                    "an amendment cannot be received before the first version ({first})",
                    first=format_datetime(report.first_received_at),
                )
            )
        reports.append(report)
    first_unit, first_month = plans[0][0], plans[0][1]
    _flush_or_refuse(session, first_unit, first_month)
    for report, (unit, month, received, data) in zip(reports, plans, strict=True):
        previous = latest.get(report.id or 0)
        revision = ReportRevision(
            report_id=report.id or 0,
            revision=previous.revision + 1 if previous else 1,
            received_at=received,
            **data.model_dump(),
            recorded_at=current,
            recorded_by=actor,
        )
        session.add(revision)
        if numbers is not None:
            numbers.append(revision.revision)
        audit.record(
            session, actor, "report.amend" if amend else "report.add", "report",
            f"{unit.code}/{month}", before=revision_json(previous) if previous else None,
            after=revision_json(revision), campaign_id=campaign.id,
        )  # fmt: skip
    _flush_or_refuse(session, first_unit, first_month)
    return reports


def _flush_or_refuse(session: Session, unit: Unit, month: Month) -> None:
    """Write now, so that a report filed by someone else at the same instant is refused here.

    On SQLite the write lock taken up front already serialises clerks; on PostgreSQL the unique
    key on (campaign, unit, month) is what refuses the second one. The refusal is worded before
    the write: once the server refuses, the session's objects can no longer be read.
    """
    refusal = _(
        "{code} already reported for {month} a moment ago; to correct it, add --amend",
        code=unit.code,
        month=month.label(),
    )
    try:
        session.flush()
    except sa.exc.IntegrityError as error:
        raise UserError(refusal) from error


# --- import ---------------------------------------------------------------------------------------


@dataclass
class ReportImport:
    filed: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # The file's content was imported before: nothing was filed (when, and what it filed).
    already: tuple[datetime, list[str]] | None = None


def content_hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def imported_before(session: Session, campaign: Campaign, digest: str) -> ImportedFile | None:
    """The record of a file with this content imported before, believed only when every report
    it names was filed: on a shared server a record is a row someone could have written by hand,
    and a false one must neither skip a unit's form nor stop the import."""
    for record in session.exec(
        select(ImportedFile).where(
            ImportedFile.campaign_id == campaign.id, ImportedFile.sha256 == digest
        )
    ):
        if _names_filed_reports(session, campaign, record.reports):
            return record
    return None


def _forget_unbelieved(session: Session, campaign: Campaign, digest: str) -> bool:
    """Clear the way to record a file whose earlier record was not believed; False when this
    login may not delete it (a clerk), and the file is then left unrecorded."""
    from sqlalchemy import delete

    stale = ImportedFile.campaign_id == campaign.id, ImportedFile.sha256 == digest
    if session.exec(select(ImportedFile.id).where(*stale)).first() is None:
        return True
    if session.info.get("server_audit"):
        return False
    session.exec(delete(ImportedFile).where(*stale))  # type: ignore[call-overload]
    return True


def _names_filed_reports(session: Session, campaign: Campaign, names: object) -> bool:
    if not isinstance(names, list) or not names:
        return False
    for name in names:
        code, _slash, month = str(name).partition("/")
        unit = session.exec(select(Unit).where(Unit.code == code)).first()
        try:
            filed = unit is not None and find_report(session, campaign, unit, Month.parse(month))
        except DateInputError:
            return False
        if not filed:
            return False
    return True


def import_file(
    session: Session,
    actor: str,
    campaign: Campaign,
    path: Path,
    *,
    received: datetime | None = None,
    dry_run: bool = False,
    claim_unit: Unit | None = None,
    claim_month: Month | None = None,
    amend: bool = False,
    name: str | None = None,
) -> ReportImport:
    """File the reports of a table (one per row) or of a filled-in form, all or none.

    With ``amend`` every row must be a correction of a report already filed (a new revision); a
    form for a report returned for correction is such a correction without it. A file whose
    content was imported before is skipped (``already``), never made a new revision.
    """
    from ytcontest.services.clerks import refuse_own_clock
    from ytcontest.tabular import form

    refuse_own_clock(session, received, "--received")
    digest = content_hash(path)
    known = imported_before(session, campaign, digest)
    if known is not None:
        return ReportImport(already=(known.imported_at, list(known.reports)))
    is_form = form.is_form(path)
    if is_form:
        rows = [form.read_form(path, claim_unit.code if claim_unit else None, claim_month)]
        ignored: list[str] = []
    else:
        rows, ignored = _table_rows(path)
    result = ReportImport(ignored_columns=ignored)
    current = now()
    finder = units_service.UnitFinder(units_service.all_units(session))
    problems: list[str] = []
    plans: list[tuple[Unit, Month, datetime, ReportInput]] = []
    seen: dict[tuple[str, Month], str] = {}
    existing = {
        (r.unit_id, r.month): r
        for r in session.exec(select(Report).where(Report.campaign_id == campaign.id))
    }
    if is_form and not amend and rows:
        # A form sent back for a report returned for correction is the correction.
        amend = _answers_a_return(session, finder, existing, rows[0][1])
    for where, values in rows:
        try:
            unit = finder.find_row(values.get("unit", ""))
            month = month_of(values.get("month", ""))
            if claim_unit is not None and unit.id != claim_unit.id:
                raise UserError(
                    _(
                        "the file is for {found}, not {claimed}",
                        found=unit.code,
                        claimed=claim_unit.code,
                    )
                )
            if claim_month is not None and month != claim_month:
                raise UserError(
                    _(
                        "the file is for {found}, not {claimed}",
                        found=month.label(),
                        claimed=claim_month.label(),
                    )
                )
            text = values.get("received", "")
            refuse_own_clock(session, text or None, field_labels()["received"])
            at = parse_datetime(text) if text else (received or current)
            check_filing(campaign, unit, month, at, current)
            data = validate_values({k: _blank_none(values.get(k)) for k in VALUES})
            if (unit.id, str(month)) in existing and not amend:
                raise UserError(
                    _(
                        "{code} already reported for {month}; to file this as a correction, "
                        "add --amend",
                        code=unit.code,
                        month=month.label(),
                    )
                )
            if (unit.id, str(month)) not in existing and amend:
                raise UserError(
                    _(
                        "{code} has no report for {month} yet: file it without --amend",
                        code=unit.code,
                        month=month.label(),
                    )
                )
            if (unit.code, month) in seen:
                raise UserError(
                    _(
                        "{code} {month} is already at {first}",
                        code=unit.code,
                        month=month.label(),
                        first=seen[(unit.code, month)],
                    )
                )
            seen[(unit.code, month)] = where
            plans.append((unit, month, at, data))
        except UserError as error:
            problems += [f"{where}: {r}" for r in (error.details or [error.message])]
        except (ValueError, DateInputError) as error:
            problems.append(f"{where}: {error}")
    if problems:
        raise UserError(
            _(
                "{path}: {count} problems; nothing was imported:",
                path=name or path.name,
                count=len(problems),
            ),
            problems,
        )
    cal = campaign.calendar()
    numbers: list[int] = []
    if plans and not dry_run:
        filed = _file_all(session, actor, campaign, plans, amend=amend, numbers=numbers)
        firsts = [report.first_received_at for report in filed]
    else:
        firsts = [
            existing[(unit.id, str(month))].first_received_at
            if (unit.id, str(month)) in existing
            else at
            for unit, month, at, _data in plans
        ]
    for index, ((unit, month, _at, _data), first) in enumerate(zip(plans, firsts, strict=True)):
        judged, days_late = rules.timeliness(cal, month, first)
        line = _(
            "{code} {month}: {verdict}",
            code=unit.code,
            month=month.label(),
            verdict=words.timeliness(judged.value, days_late),
        )
        if numbers:
            line += ", " + _("revision {revision}", revision=numbers[index])
        result.filed.append(line)
    if plans and not dry_run and _forget_unbelieved(session, campaign, digest):
        session.add(
            ImportedFile(
                campaign_id=campaign.id or 0,
                sha256=digest,
                name=(name or path.name)[:SHORT_TEXT_MAX],
                reports=[f"{unit.code}/{month}" for unit, month, _at, _data in plans],
                imported_at=now(),
                imported_by=actor,
            )
        )
        session.flush()
    return result


def _answers_a_return(
    session: Session,
    finder: units_service.UnitFinder,
    existing: Mapping[tuple[int, str], Report],
    values: Mapping[str, Any],
) -> bool:
    from ytcontest.services import reviews

    try:
        unit = finder.find_row(str(values.get("unit", "")))
        month = month_of(str(values.get("month", "")))
    except (UserError, ValueError, DateInputError):
        return False  # the loop below says what is wrong with the form
    report = existing.get((unit.id or 0, str(month)))
    if report is None:
        return False
    return reviews.reviews(session, [report.id or 0])[report.id or 0].returned


def _table_rows(path: Path) -> tuple[list[tuple[str, dict[str, str]]], list[str]]:
    from ytcontest.tabular.reader import TableError, read_table

    try:
        table = read_table(path, IMPORT_ALIASES, required=["unit", "month", *FIGURES])
    except TableError as error:
        raise UserError(str(error)) from error
    rows = [(_("row {row}", row=row.number), dict(row.values)) for row in table.rows]
    return rows, list(table.ignored)


def _blank_none(value: object) -> object:
    return None if value is None or value == "" else value
