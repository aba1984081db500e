"""Entries: what each unit mobilised for the contest, from first spotted to submitted."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import Session, select

from ytcontest.domain import rules, vocab
from ytcontest.domain.dates import (
    DateInputError,
    format_datetime,
    iso,
    now,
    parse_date,
    parse_datetime,
    to_vn,
    window_words,
)
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.domain.text import clean, fold
from ytcontest.services import audit
from ytcontest.services import units as units_service
from ytcontest.store.models import Campaign, Entry, EntryInput, Unit, validation_messages

# The headers of ``export entries`` in both languages are among them, so that an exported file
# imports back as it is.
IMPORT_ALIASES: dict[str, list[str]] = {
    "unit": ["đơn vị", "mã đơn vị", "don vi"],
    "title": ["tên", "tên hồ sơ", "tên giải pháp", "tên bài dự thi", "tiêu đề"],
    "category": ["lĩnh vực dự thi", "loại", "loại hồ sơ", "thể loại"],
    "author_type": ["loại tác giả", "đối tượng", "đối tượng dự thi", "author type"],
    "authors": ["tác giả", "các tác giả", "tên tác giả"],
    "fields": ["lĩnh vực", "field"],
    "applied_since": ["áp dụng từ", "ngày áp dụng", "applied since"],
    "applied_at": ["nơi áp dụng", "applied at"],
    "effect": ["hiệu quả"],
    "status": ["trạng thái", "tình trạng"],
    "submitted_at": ["ngày nộp", "thời điểm nộp", "đã nộp", "submitted"],
    "late_reason": ["lý do nộp muộn", "late reason"],
}

_LIST_SPLIT = re.compile(r"[;\n]+")


def field_labels() -> dict[str, str]:
    return {
        "unit": _("unit"),
        "title": _("title"),
        "category": _("category"),
        "author_type": _("author type"),
        "authors": _("authors"),
        "fields": _("fields"),
        "applied_since": _("applied since"),
        "applied_at": _("applied at"),
        "effect": _("effect"),
        "status": _("status"),
        "submitted_at": _("submitted at"),
    }


def split_names(text: str) -> list[str]:
    """Authors typed as "Name; Name" (or one per line in a cell), order kept."""
    return [name for name in (" ".join(clean(p).split()) for p in _LIST_SPLIT.split(text)) if name]


def split_fields(text: str) -> list[str]:
    # Not on commas: the label "ứng dụng khoa học, công nghệ" holds one (see _field_ids).
    return [p for p in (clean(p) for p in re.split(r"[;\n]+", text)) if p]


def _field_ids(items: list[str], label: str) -> list[str]:
    """Field ids of ``items``; an item that names no field may be several joined by commas."""
    ids: list[str] = []
    for item in items:
        try:
            ids.append(vocab.resolve(vocab.FIELDS, item, label))
        except ValueError:
            parts = [p.strip() for p in item.split(",") if p.strip()]
            if len(parts) < 2:
                raise
            ids += [vocab.resolve(vocab.FIELDS, part, label) for part in parts]
    return list(dict.fromkeys(ids))


def warnings(entry: Entry) -> list[str]:
    """``not_applied``: the contest takes only work already applied in practice."""
    if entry.applied_since is None:
        return ["not_applied"]
    reference = to_vn(entry.submitted_at).date() if entry.submitted_at else to_vn(now()).date()
    return ["not_applied"] if entry.applied_since > reference else []


def entry_json(entry: Entry, unit_code: str) -> dict[str, Any]:
    return {
        "id": entry.id,
        "unit": unit_code,
        "title": entry.title,
        "category": entry.category,
        "author_type": entry.author_type,
        "authors": list(entry.authors),
        "fields": list(entry.fields),
        "applied_since": entry.applied_since.isoformat() if entry.applied_since else None,
        "applied_at": entry.applied_at,
        "effect": entry.effect,
        "status": entry.status,
        "submitted_at": iso(entry.submitted_at) if entry.submitted_at else None,
        "late_reason": entry.late_reason,
        "withdrawn_reason": entry.withdrawn_reason,
        "warnings": warnings(entry),
        "created_at": iso(entry.created_at),
    }


def _key(unit_code: str, entry_id: int | None) -> str:
    return f"{unit_code}/entry-{entry_id}"


def _resolve_vocab(values: dict[str, Any]) -> dict[str, Any]:
    """Vocabulary words (ids or labels) as ids; raises ValueError naming the field."""
    labels = field_labels()
    out = dict(values)
    for key, table in (("category", vocab.CATEGORIES), ("author_type", vocab.AUTHOR_TYPES)):
        if out.get(key):
            out[key] = vocab.resolve(table, out[key], labels[key])
    if "fields" in out:
        out["fields"] = _field_ids(list(out["fields"]), labels["fields"])
    return out


def _validated(values: Mapping[str, Any]) -> EntryInput:
    try:
        resolved = _resolve_vocab(dict(values))
    except ValueError as error:
        raise UserError(_("the entry was not saved:"), [str(error)]) from error
    try:
        return EntryInput.model_validate(resolved)
    except ValidationError as error:
        raise UserError(
            _("the entry was not saved:"), validation_messages(error, field_labels())
        ) from error


def _check_submission(
    campaign: Campaign, at: datetime, late_reason: str | None, current: datetime
) -> None:
    if at > current:
        raise UserError(_("the submission time {at} is in the future", at=format_datetime(at)))
    state = rules.window_state(campaign.calendar(), at)
    if state is not rules.WindowState.OPEN and not late_reason:
        raise UserError(
            _(
                "{at} is outside the submission window ({window}); give --late-reason "
                "to record it anyway",
                at=format_datetime(at),
                window=window_words(campaign.submission_opens, campaign.submission_closes),
            )
        )
    if state is rules.WindowState.OPEN and late_reason:
        # Inside the window a submission is on time: a late reason would be kept for nothing
        # and read later as if the entry had been late.
        raise UserError(
            _(
                "{at} is inside the submission window ({window}): the entry is on "
                "time; leave out --late-reason",
                at=format_datetime(at),
                window=window_words(campaign.submission_opens, campaign.submission_closes),
            )
        )


def same_title(session: Session, campaign: Campaign, unit: Unit, title: str) -> list[int]:
    """The numbers of the unit's other entries with this title (case and diacritics aside)."""
    wanted = fold(title)
    found = session.exec(
        select(Entry.id, Entry.title).where(
            Entry.campaign_id == campaign.id, Entry.unit_id == unit.id
        )
    ).all()
    return [entry_id for entry_id, other in found if fold(other) == wanted]


def add(
    session: Session,
    actor: str,
    campaign: Campaign,
    unit: Unit,
    values: Mapping[str, Any],
    *,
    status: str = "identified",
    submitted_at: datetime | None = None,
    late_reason: str | None = None,
) -> Entry:
    from ytcontest.services.clerks import refuse_own_clock

    refuse_own_clock(session, submitted_at, "--submitted-at")
    data = _validated(values)
    current = now()
    if not units_service.is_active(unit, to_vn(current).date()):
        raise UserError(_("the unit {code} is not active", code=unit.code))
    status = (
        vocab.resolve(vocab.STATUSES, status, field_labels()["status"]) if status else "identified"
    )
    if status == "withdrawn":
        raise UserError(
            _("a new entry cannot be withdrawn; add it, then: ytcontest entries withdraw")
        )
    if status == "submitted":
        submitted_at = submitted_at or current
        _check_submission(campaign, submitted_at, late_reason, current)
    elif submitted_at is not None:
        raise UserError(_("--submitted-at goes with --status submitted"))
    entry = Entry(
        campaign_id=campaign.id,
        unit_id=unit.id,
        **data.model_dump(),
        status=status,
        submitted_at=submitted_at,
        late_reason=clean(late_reason) or None if late_reason else None,
        created_at=current,
        updated_at=current,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor,
        "entry.add",
        "entry",
        _key(unit.code, entry.id),
        after=entry_json(entry, unit.code),
        campaign_id=campaign.id,
    )
    return entry


def get(session: Session, campaign: Campaign, entry_id: int) -> tuple[Entry, Unit]:
    row = session.exec(
        select(Entry, Unit)
        .join(Unit, Unit.id == Entry.unit_id)
        .where(Entry.id == entry_id, Entry.campaign_id == campaign.id)
    ).first()
    if row is None:
        raise UserError(
            _(
                "no entry with the id {id} in campaign {campaign}",
                id=entry_id,
                campaign=campaign.code,
            )
        )
    return row[0], row[1]


def edit(
    session: Session, actor: str, entry: Entry, unit: Unit, changes: Mapping[str, Any]
) -> bool:
    if entry.status == "withdrawn":
        raise UserError(_("entry {id} was withdrawn; it can no longer be changed", id=entry.id))
    before = entry_json(entry, unit.code)
    status = changes.get("status")
    merged = {k: before[k] for k in EntryInput.model_fields}
    merged["applied_since"] = entry.applied_since
    merged.update({k: v for k, v in changes.items() if k != "status"})
    data = _validated(merged)
    new = data.model_dump()
    if status:
        status = vocab.resolve(vocab.STATUSES, status, field_labels()["status"])
        if status not in ("identified", "preparing"):
            raise UserError(
                _(
                    "--status takes identified or preparing here; use entries submit "
                    "or entries withdraw for the others"
                )
            )
        if entry.status == "submitted":
            raise UserError(_("entry {id} is already submitted", id=entry.id))
        new["status"] = status
    if all(getattr(entry, k) == v for k, v in new.items()):
        return False
    for key, value in new.items():
        setattr(entry, key, value)
    _changed(session, actor, "entry.edit", entry, unit, before)
    return True


def submit(
    session: Session,
    actor: str,
    campaign: Campaign,
    entry: Entry,
    unit: Unit,
    at: datetime | None = None,
    late_reason: str | None = None,
) -> Entry:
    if entry.status == "withdrawn":
        raise UserError(_("entry {id} was withdrawn; it cannot be submitted", id=entry.id))
    if entry.status == "submitted":
        raise UserError(
            _(
                "entry {id} was already submitted on {at}",
                id=entry.id,
                at=format_datetime(entry.submitted_at) if entry.submitted_at else "?",
            )
        )
    from ytcontest.services.clerks import refuse_own_clock

    refuse_own_clock(session, at, "--at")
    current = now()
    at = at or current
    late_reason = clean(late_reason or "") or None
    _check_submission(campaign, at, late_reason, current)
    before = entry_json(entry, unit.code)
    entry.status = "submitted"
    entry.submitted_at = at
    entry.late_reason = late_reason
    _changed(session, actor, "entry.submit", entry, unit, before)
    return entry


def withdraw(session: Session, actor: str, entry: Entry, unit: Unit, reason: str) -> Entry:
    reason = clean(reason)
    if not reason:
        raise UserError(_("say why the entry is withdrawn (--reason)"))
    if entry.status == "withdrawn":
        raise UserError(_("entry {id} was already withdrawn", id=entry.id))
    before = entry_json(entry, unit.code)
    entry.status = "withdrawn"
    entry.withdrawn_reason = reason
    entry.withdrawn_at = now()
    _changed(session, actor, "entry.withdraw", entry, unit, before)
    return entry


def _changed(
    session: Session, actor: str, action: str, entry: Entry, unit: Unit, before: dict[str, Any]
) -> None:
    """Stamp and stage a changed entry, and log it with its record before and after."""
    entry.updated_at = now()
    session.add(entry)
    audit.record(session, actor, action, "entry", _key(unit.code, entry.id), before=before,
                 after=entry_json(entry, unit.code), campaign_id=entry.campaign_id)  # fmt: skip


def list_entries(
    session: Session, campaign: Campaign, *, unit: Unit | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    query = (
        select(Entry, Unit.code)
        .join(Unit, Unit.id == Entry.unit_id)
        .where(Entry.campaign_id == campaign.id)
        .order_by(Entry.id)
    )
    if unit is not None:
        query = query.where(Entry.unit_id == unit.id)
    if status:
        query = query.where(Entry.status == vocab.resolve(vocab.STATUSES, status, _("status")))
    return [entry_json(entry, code) for entry, code in session.exec(query)]


@dataclass
class EntryImport:
    created: list[int] = field(default_factory=list)
    rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)


def import_file(
    session: Session, actor: str, campaign: Campaign, path: Path, *, dry_run: bool = False
) -> EntryImport:
    """Add the entries of a CSV or XLSX file: all rows or none."""
    from ytcontest.tabular.reader import TableError, read_table

    try:
        table = read_table(
            path, IMPORT_ALIASES, required=["unit", "title", "category", "author_type", "authors"]
        )
    except TableError as error:
        raise UserError(str(error)) from error
    result = EntryImport(rows=len(table.rows), ignored_columns=list(table.ignored))
    problems: list[str] = []
    plans: list[tuple[Unit, dict[str, Any], str, datetime | None, str | None]] = []
    finder = units_service.UnitFinder(units_service.all_units(session))
    for row in table.rows:
        values = dict(row.values)
        try:
            unit = finder.find_row(values.pop("unit", ""))
            status = values.pop("status", "") or "identified"
            status = vocab.resolve(vocab.STATUSES, status, field_labels()["status"])
            submitted_text = values.pop("submitted_at", "")
            submitted = parse_datetime(submitted_text) if submitted_text else None
            late_reason = values.pop("late_reason", "") or None
            values["authors"] = split_names(values.get("authors", ""))
            values["fields"] = split_fields(values.get("fields", ""))
            since = values.pop("applied_since", "")
            values["applied_since"] = parse_date(since) if since else None
            data = _validated(values)
            if status == "withdrawn":
                raise ValueError(_("an imported entry cannot be withdrawn"))
            if status == "submitted":
                submitted = submitted or now()
                _check_submission(campaign, submitted, late_reason, now())
            else:
                submitted = late_reason = None
            plans.append((unit, data.model_dump(), status, submitted, late_reason))
        except (UserError, ValueError, DateInputError) as error:
            reasons = (
                (error.details or [error.message]) if isinstance(error, UserError) else [str(error)]
            )
            problems += [_("row {row}: {reason}", row=row.number, reason=r) for r in reasons]
    if problems:
        raise UserError(
            _(
                "{path}: {count} problems; nothing was imported:",
                path=path.name,
                count=len(problems),
            ),
            problems,
        )
    if dry_run:
        return result
    for unit, data, status, submitted, late_reason in plans:
        entry = add(
            session,
            actor,
            campaign,
            unit,
            data,
            status=status,
            submitted_at=submitted,
            late_reason=late_reason,
        )
        result.created.append(entry.id or 0)
    return result


def counts_by_unit(
    session: Session, campaign: Campaign, as_of: datetime | None = None
) -> dict[int, tuple[int, int]]:
    """unit id -> (active, submitted) entries, as they stood at ``as_of`` (now by default).

    Counted by the database: a province's 20,000 entries are not worth reading one by one.
    """
    as_of = as_of or now()
    entry = Entry.__table__  # type: ignore[attr-defined]
    submitted, withdrawn = entry.c.submitted_at, entry.c.withdrawn_at
    query = (
        sa.select(
            entry.c.unit_id,
            sa.func.count(),
            sa.func.sum(sa.case((submitted <= as_of, 1), else_=0)),
        )
        .where(
            entry.c.campaign_id == campaign.id,
            # An entry exists from its creation, or from its submission when that was recorded
            # after the fact; a withdrawn one is no longer active from its withdrawal.
            sa.or_(entry.c.created_at <= as_of, submitted <= as_of),
            sa.or_(withdrawn.is_(None), withdrawn > as_of),
        )
        .group_by(entry.c.unit_id)
    )
    return {unit_id: (active, done) for unit_id, active, done in session.execute(query)}
