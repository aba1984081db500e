"""Units: the Department's offices and affiliated units, found by code or by words of their name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import Session, select

from ytcontest.domain import vocab
from ytcontest.domain.dates import DateInputError, now, parse_date, to_vn
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.domain.rules import UnitSpan
from ytcontest.domain.text import Named, clean, fold, match_named
from ytcontest.services import audit
from ytcontest.store.models import AuditEvent, Unit, UnitInput, validation_messages

# The columns a unit file may have, with the headers people write in Excel (any case, with or
# without diacritics).
# The headers of ``export units`` in both languages are among them, so that an exported file
# imports back as it is.
IMPORT_ALIASES: dict[str, list[str]] = {
    "code": ["mã", "mã đơn vị", "ma dv", "ký hiệu"],
    "name": ["tên", "tên đơn vị", "đơn vị", "unit", "unit name"],
    "kind": ["loại", "loại đơn vị", "unit kind"],
    "group": ["nhóm", "khối"],
    "email": ["thư điện tử", "e-mail", "mail"],
    "phone": ["điện thoại", "số điện thoại", "sđt", "sdt"],
    "reports_required": ["phải báo cáo", "báo cáo", "reports", "reports required"],
    # Not "active": that is the export's yes/no column "Active" (Đang hoạt động).
    "active_from": ["hoạt động từ", "từ ngày", "active from"],
}
EDITABLE = ("name", "kind", "group", "email", "phone", "reports_required")

_YES = {"1", "x", "co", "yes", "y", "true", "c", "phai"}
_NO = {"0", "khong", "k", "no", "n", "false", ""}


def field_labels() -> dict[str, str]:
    """Field names in the user's words, for messages."""
    return {
        "code": _("code"),
        "name": _("name"),
        "kind": _("kind"),
        "group": _("group"),
        "email": _("e-mail"),
        "phone": _("phone"),
        "reports_required": _("reports required"),
        "active_from": _("active from"),
    }


def is_active(unit: Unit, day: date) -> bool:
    return _active_on(unit.active_from, unit.active_to, day)


def _active_on(active_from: date | None, active_to: date | None, day: date) -> bool:
    return (active_from is None or active_from <= day) and (active_to is None or active_to >= day)


def span(unit: Unit) -> UnitSpan:
    """What the rules need of a unit to decide whether it owes a month's report."""
    return UnitSpan(unit.reports_required, unit.active_from, unit.active_to)


def today() -> date:
    return to_vn(now()).date()


def unit_json(unit: Unit, day: date | None = None) -> dict[str, Any]:
    return _row_json(
        {
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind,
            "unit_group": unit.unit_group,
            "email": unit.email,
            "phone": unit.phone,
            "reports_required": unit.reports_required,
            "active_from": unit.active_from,
            "active_to": unit.active_to,
        },
        day,
    )


def _row_json(row: Mapping[str, Any], day: date | None = None) -> dict[str, Any]:
    """A unit's JSON record from its column values."""
    active_from, active_to = row["active_from"], row["active_to"]
    return {
        "code": row["code"],
        "name": row["name"],
        "kind": row["kind"],
        "group": row["unit_group"],
        "email": row["email"],
        "phone": row["phone"],
        "reports_required": row["reports_required"],
        "active_from": active_from.isoformat() if active_from else None,
        "active_to": active_to.isoformat() if active_to else None,
        "active": _active_on(active_from, active_to, day or today()),
    }


def all_units(session: Session) -> list[Unit]:
    # Offices first, then affiliated units, each by code: the order of the Department's tables.
    return list(session.exec(select(Unit).order_by(Unit.kind.desc(), Unit.code)))


def list_units(
    session: Session,
    *,
    kind: str | None = None,
    search: str | None = None,
    include_inactive: bool = False,
) -> list[Unit]:
    units = all_units(session)
    day = today()
    if kind:
        units = [u for u in units if u.kind == kind]
    if not include_inactive:
        units = [u for u in units if is_active(u, day)]
    if search and fold(search):
        wanted = fold(search)
        units = [u for u in units if wanted in fold(u.code) or wanted in fold(u.name)] or [
            n.item for n in match_named(search, _named(units))
        ]
    return units


def _named(units: Iterable[Unit]) -> list[Named[Unit]]:
    return [Named(u.code, u.name, u) for u in units]


def find(session: Session, query: str) -> Unit:
    """The one unit ``query`` designates: its code, or words of its name (case and diacritics aside)."""
    return find_in(all_units(session), query)


class UnitFinder:
    """Finds units among those read once: an import resolves thousands of rows with one query
    and one folding of the names; a code is found by a dictionary look-up."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.named = _named(units)
        self.by_code = {n.code.casefold(): n.item for n in self.named}

    def find(self, query: str) -> Unit:
        return self.by_code.get(query.strip().casefold()) or _one(query, self.named)

    def find_row(self, query: str) -> Unit:
        """``find`` for a file's row: the refusal on one line, candidates included."""
        try:
            return self.find(query)
        except UserError as error:
            raise ValueError(error.one_line()) from error


def find_in(units: Iterable[Unit], query: str) -> Unit:
    """``find`` among units already read."""
    return _one(query, _named(units))


def _one(query: str, named: list[Named[Unit]]) -> Unit:
    found = match_named(query, named)
    if not found:
        raise UserError(
            _(
                "no unit matches {query!r}; see the list with: ytcontest units list --all",
                query=query,
            )
        )
    if len(found) > 1:
        raise UserError(
            _(
                "{query!r} matches {count} units; give the code of one of them:",
                query=query,
                count=len(found),
            ),
            [f"{n.code}  {n.name}" for n in found],
        )
    return found[0].item


def _validated(values: Mapping[str, Any]) -> UnitInput:
    try:
        return UnitInput.model_validate(dict(values))
    except ValidationError as error:
        raise UserError(
            _("the unit was not saved:"), validation_messages(error, field_labels())
        ) from error


def add(session: Session, actor: str, values: Mapping[str, Any]) -> Unit:
    data = _validated(values)
    if session.exec(select(Unit).where(Unit.code == data.code)).first() is not None:
        raise UserError(_("a unit with the code {code} already exists", code=data.code))
    unit = _create(session, actor, data)
    return unit


def _create(session: Session, actor: str, data: UnitInput) -> Unit:
    unit = Unit(**_new_row(data, now()))
    session.add(unit)
    audit.record(session, actor, "unit.add", "unit", unit.code, after=unit_json(unit))
    return unit


def _create_many(session: Session, actor: str, inputs: list[UnitInput], day: date) -> None:
    """Add many units with two executemany INSERTs on the tables (units, then their events).

    An import of 10,000 units through ORM objects spent most of its time building them; the rows
    and events hold what ``_create`` writes for one unit, all stamped with one instant.
    """
    if not inputs:
        return
    created = now()
    rows = [_new_row(data, created) for data in inputs]
    events = [
        audit.event_row(created, actor, "unit.add", "unit", row["code"], after=_row_json(row, day))
        for row in rows
    ]
    # Core statements on the tables: the ORM's bulk path adds a third to the time, for nothing
    # that these plain rows need.
    connection = session.connection()
    connection.execute(sa.insert(Unit.__table__), rows)  # type: ignore[attr-defined]
    connection.execute(sa.insert(AuditEvent.__table__), events)  # type: ignore[attr-defined]


def _new_row(data: UnitInput, created: datetime) -> dict[str, Any]:
    """The columns of a new unit."""
    return {
        "code": data.code,
        "name": data.name,
        "kind": data.kind,
        "unit_group": data.group,
        "email": data.email,
        "phone": data.phone,
        "reports_required": data.reports_required,
        "active_from": data.active_from,
        "active_to": None,
        "created_at": created,
    }


def _apply(unit: Unit, changes: Mapping[str, Any]) -> None:
    for key, value in changes.items():
        setattr(unit, "unit_group" if key == "group" else key, value)


def edit(session: Session, actor: str, unit: Unit, changes: Mapping[str, Any]) -> bool:
    """Change some fields of ``unit``; False when nothing actually changed."""
    before = unit_json(unit)
    merged = {k: v for k, v in before.items() if k in UnitInput.model_fields}
    merged.update({k: v for k, v in changes.items() if k in EDITABLE})
    data = _validated(merged)
    new = {key: getattr(data, key) for key in EDITABLE if key in changes}
    if all(before[key] == value for key, value in new.items()):
        return False
    _apply(unit, new)
    session.add(unit)
    audit.record(
        session, actor, "unit.edit", "unit", unit.code, before=before, after=unit_json(unit)
    )
    return True


def deactivate(session: Session, actor: str, unit: Unit, from_day: date | None = None) -> date:
    """The unit stops on ``from_day`` (today by default): its last active day is the day before.

    Returns ``from_day``, the first day the unit is inactive.
    """
    from_day = from_day or today()
    if unit.active_to is not None and unit.active_to < today():
        # Moving the end of a closed unit would make it owe reports again for months past.
        raise UserError(
            _(
                "{code} is already inactive since {day}; to change that date, run units activate "
                "first",
                code=unit.code,
                day=(unit.active_to + timedelta(days=1)).strftime("%d/%m/%Y"),
            )
        )
    if unit.active_from is not None and from_day <= unit.active_from:
        raise UserError(
            _(
                "{code} became active on {day}; it can only be deactivated after that day",
                code=unit.code,
                day=unit.active_from.strftime("%d/%m/%Y"),
            )
        )
    before = unit_json(unit)
    unit.active_to = from_day - timedelta(days=1)
    session.add(unit)
    audit.record(
        session, actor, "unit.deactivate", "unit", unit.code, before=before, after=unit_json(unit)
    )
    return from_day


def activate(session: Session, actor: str, unit: Unit) -> bool:
    """Make the unit active again from today on; False when it already was."""
    if unit.active_to is None and is_active(unit, today()):
        return False
    before = unit_json(unit)
    unit.active_to = None
    if unit.active_from is not None and unit.active_from > today():
        unit.active_from = today()
    session.add(unit)
    audit.record(
        session, actor, "unit.activate", "unit", unit.code, before=before, after=unit_json(unit)
    )
    return True


# --- import ---------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _yes_no(text: str) -> bool:
    # Most files say 1 or 0, already in the sets' folded form: no need to fold them.
    folded = text if text in _YES or text in _NO else fold(text)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError(_("must be yes or no (1/0, có/không)"))


def _row_values(values: Mapping[str, str]) -> dict[str, Any]:
    """A file row's text (cleaned by the reader) as typed values; raises ValueError with a
    message for the row."""
    out: dict[str, Any] = {}
    for key, text in values.items():
        if key == "reports_required":
            if text:
                out[key] = _yes_no(text)
        elif key == "active_from":
            if text:
                try:
                    out[key] = parse_date(text)
                except DateInputError as error:
                    raise ValueError(f"{field_labels()[key]}: {error}") from error
        elif key == "kind" and text:
            # The code, or the words ``units list`` and the export show, in either language.
            out[key] = vocab.resolve(vocab.KINDS, text, field_labels()[key])
        else:
            out[key] = text
    return out


def import_file(
    session: Session, actor: str, path: Path, *, dry_run: bool = False, only_new: bool = False
) -> ImportResult:
    """Create or update units from a CSV or XLSX file, all rows or none.

    Every row is checked before anything is written; one bad row refuses the whole file, listing
    each bad row with its number and the reason. ``only_new`` adds the units that are not there
    yet and leaves the others as KHTC edited them (``init`` run again).
    """
    from ytcontest.tabular.reader import TableError, read_table

    try:
        table = read_table(path, IMPORT_ALIASES, required=["code"])
    except TableError as error:
        raise UserError(str(error)) from error
    existing = {u.code: u for u in all_units(session)}
    result = ImportResult(ignored_columns=list(getattr(table, "ignored", [])))
    problems: list[str] = []
    seen: dict[str, int] = {}
    plans: list[tuple[Unit | None, UnitInput]] = []
    for row in table.rows:
        try:
            values = _row_values(row.values)
        except ValueError as error:
            problems.append(_("row {row}: {reason}", row=row.number, reason=error))
            continue
        code = clean(values.get("code", "")).upper()
        if code in seen:
            problems.append(
                _(
                    "row {row}: the code {code} is already on row {first}",
                    row=row.number,
                    code=code,
                    first=seen[code],
                )
            )
            continue
        seen[code] = row.number
        unit = existing.get(code)
        merged = dict(values)
        if unit is not None:
            current = unit_json(unit)
            # An empty cell leaves a required field as it is; it clears an optional one.
            for key in ("name", "kind"):
                if not merged.get(key):
                    merged[key] = current[key]
            for key in ("group", "email", "phone", "reports_required", "active_from"):
                merged.setdefault(key, current[key])
        try:
            data = UnitInput.model_validate(merged)
        except ValidationError as error:
            for message in validation_messages(error, field_labels()):
                problems.append(_("row {row}: {reason}", row=row.number, reason=message))
            continue
        plans.append((unit, data))
    if problems:
        raise UserError(
            _(
                "{path}: {count} rows are not valid; nothing was imported:",
                path=path.name,
                count=len(problems),
            ),
            problems,
        )
    day = today()
    new: list[UnitInput] = []
    for unit, checked in plans:
        data = checked.model_dump()
        code = data["code"]
        if unit is None:
            result.created.append(code)
            new.append(checked)
            continue
        if only_new:
            result.unchanged.append(code)
            continue
        before = unit_json(unit, day)
        changes = {k: data[k] for k in (*EDITABLE, "active_from") if before[k] != _jsonish(data[k])}
        if not changes:
            result.unchanged.append(code)
            continue
        result.updated.append(code)
        if not dry_run:
            _apply(unit, changes)
            session.add(unit)
            audit.record(
                session, actor, "unit.import", "unit", code, before=before,
                after=unit_json(unit, day),
            )  # fmt: skip
    if not dry_run:
        _create_many(session, actor, new, day)
    return result


def _jsonish(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
