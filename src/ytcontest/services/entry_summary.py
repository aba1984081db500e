"""Entries in numbers: how many by category, field, author type and unit kind.

One computation for ``entries summary``, the workbook's sheet and the Word report, so the three
always agree. An entry counts while it is active (not withdrawn) at ``as_of``, as in ``status``;
``submitted`` counts those submitted by then. An entry in several fields counts once in each.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from ytcontest.domain import vocab
from ytcontest.domain.dates import now
from ytcontest.domain.i18n import _
from ytcontest.store.models import UNIT_KINDS, Campaign, Entry, Unit

DIMENSIONS = ("total", "category", "field", "author_type", "unit_kind")


def kind_label(kind: str) -> str:
    return {"phong": _("Offices of the Department"), "don_vi": _("Affiliated units")}.get(
        kind, kind
    )


def summary(
    session: Session, campaign: Campaign, as_of: datetime | None = None
) -> list[dict[str, Any]]:
    """Rows ``{dimension, key, label, entries, submitted}``: the total first, then every value
    of each vocabulary in its fixed order (zero rows included, so tables keep their shape)."""
    as_of = as_of or now()
    entry = Entry.__table__  # type: ignore[attr-defined]
    unit = Unit.__table__  # type: ignore[attr-defined]
    submitted_at, withdrawn_at = entry.c.submitted_at, entry.c.withdrawn_at
    query = (
        sa.select(
            entry.c.category,
            entry.c.author_type,
            entry.c.fields,
            unit.c.kind,
            sa.case((submitted_at <= as_of, True), else_=False),
        )
        .join(unit, unit.c.id == entry.c.unit_id)
        .where(
            entry.c.campaign_id == campaign.id,
            # The same window as status counts: existing at as_of and not withdrawn by then.
            sa.or_(entry.c.created_at <= as_of, submitted_at <= as_of),
            sa.or_(withdrawn_at.is_(None), withdrawn_at > as_of),
        )
    )
    keys = {
        "category": list(vocab.CATEGORIES),
        "field": list(vocab.FIELDS),
        "author_type": list(vocab.AUTHOR_TYPES),
        "unit_kind": list(UNIT_KINDS),
    }
    counts: dict[tuple[str, str | None], list[int]] = {("total", None): [0, 0]}
    for dimension, values in keys.items():
        for key in values:
            counts[(dimension, key)] = [0, 0]

    def add(dimension: str, key: str | None, done: bool) -> None:
        pair = counts.setdefault((dimension, key), [0, 0])
        pair[0] += 1
        pair[1] += int(done)

    for category, author_type, fields, kind, done in session.execute(query):
        add("total", None, done)
        add("category", category, done)
        add("author_type", author_type, done)
        add("unit_kind", kind, done)
        for field in fields or []:
            add("field", field, done)
    labels = {
        "category": lambda k: vocab.label(vocab.CATEGORIES, k),
        "field": lambda k: _cap(vocab.label(vocab.FIELDS, k)),
        "author_type": lambda k: vocab.label(vocab.AUTHOR_TYPES, k),
        "unit_kind": kind_label,
    }
    rows = []
    for (dimension, key), (active, done) in counts.items():
        label = _("All entries") if dimension == "total" else labels[dimension](str(key))
        rows.append(
            {
                "dimension": dimension,
                "key": key,
                "label": label,
                "entries": active,
                "submitted": done,
            }
        )
    return rows


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
