"""The words for states and verdicts, as people read them, in the chosen language.

This is the one place where a code (``on_time``, ``don_vi``, ``san_pham``, ``unit.add``) becomes
the word a person reads: screens, the files people open (CSV, XLSX, the workbook's sheets) and
the audit log all ask here. JSON and ``--codes`` keep the codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ytcontest.domain import vocab
from ytcontest.domain.i18n import _, get_language


def timeliness(state: str | None, days_late: int | None) -> str:
    if state == "on_time":
        return _("on time")
    if state == "late":
        if days_late is None:  # a month's cell in an overview: no count of days there
            return _("late")
        return _("late by {days} days", days=days_late) if days_late != 1 else _("late by 1 day")
    if state == "missing":
        return _("missing")
    if state == "pending":
        return _("not yet due")
    if state == "not_expected":
        return _("not expected")
    return ""


def nomination(state: str | None) -> str:
    return {
        "no_candidate": _("no candidate"),
        "on_track": _("on track"),
        "pending": _("not yet submitted"),
        "met": _("met"),
        "missed": _("missed"),
        "not_expected": _("no entry expected"),
    }.get(state or "", state or "")


def flag(name: str) -> str:
    return {
        "missing_report": _("report missing"),
        "late_report": _("report late"),
        "no_candidate": _("no entry yet"),
        "nomination_missed": _("no entry submitted"),
    }.get(name, name)


def window(state: str) -> str:
    return {"not_open": _("not open yet"), "open": _("open"), "closed": _("closed")}.get(
        state, state
    )


def percent(value: float | None) -> str:
    """A rate as people read it: "66,7%" in Vietnamese (a dot would read as thousands)."""
    if value is None:
        return "-"
    text = f"{value * 100:.1f}%"
    return text.replace(".", ",") if get_language() == "vi" else text


def kind(code: str | None) -> str:
    """``phong`` / ``don_vi`` as people say it: "phòng chuyên môn", "đơn vị trực thuộc"."""
    return vocab.label(vocab.KINDS, code)


def warning(code: str) -> str:
    return {"not_applied": _("not yet applied in practice")}.get(code, code)


def month(code: str) -> str:
    """``2026-06`` as Vietnamese write it: ``06/2026``."""
    from ytcontest.domain.dates import DateInputError, Month

    try:
        return Month.parse(code).label()
    except DateInputError:
        return code


def action(code: str) -> str:
    """An audit log action (``unit.add``) in words."""
    return {
        "unit.add": _("unit added"),
        "unit.edit": _("unit changed"),
        "unit.import": _("unit updated by import"),
        "unit.deactivate": _("unit deactivated"),
        "unit.activate": _("unit activated"),
        "entry.add": _("entry added"),
        "entry.edit": _("entry changed"),
        "entry.submit": _("entry submitted"),
        "entry.withdraw": _("entry withdrawn"),
        "report.add": _("report filed"),
        "report.amend": _("report amended"),
        "campaign.add": _("campaign added"),
        "campaign.set": _("campaign setting changed"),
        "clerk.grant": _("clerk account granted"),
    }.get(code, code)


def deadline(instant: str) -> str:
    """A report's deadline instant (ISO, naive meaning UTC) as "trước ngày 25/06/2026"."""
    from datetime import datetime

    from ytcontest.domain.dates import deadline_words

    return deadline_words(datetime.fromisoformat(instant))


def _simple(vocabulary: str) -> Callable[[str], str]:
    return {
        "kind": kind,
        "category": lambda c: vocab.label(vocab.CATEGORIES, c),
        "author_type": lambda c: vocab.label(vocab.AUTHOR_TYPES, c),
        "field": lambda c: vocab.label(vocab.FIELDS, c),
        "entry_status": lambda c: vocab.label(vocab.STATUSES, c),
        "nomination": nomination,
        "flag": flag,
        "warning": warning,
        "window": window,
        "month": month,
        "deadline": deadline,
    }[vocabulary]


# The vocabularies a table column may hold (``Field.words`` names one of them).
VOCABULARIES = (
    "kind", "category", "author_type", "field", "entry_status", "report", "nomination", "flag",
    "warning", "window", "month", "deadline",
)  # fmt: skip


def labeller(vocabulary: str) -> Callable[[Any, Mapping[str, Any]], Any]:
    """How a table cell shows a code of ``vocabulary`` in the current language: a list item by
    item, a report state with the row's ``days_late`` ("late by 2 days"), anything unknown as it
    is. Each distinct code is worded once per labeller: an export of 60,000 reports asks for a
    handful of words, not 60,000."""
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"unknown vocabulary {vocabulary!r}")
    simple = None if vocabulary == "report" else _simple(vocabulary)
    seen: dict[tuple[Any, Any], str] = {}

    def show(value: Any, row: Mapping[str, Any]) -> Any:
        if value is None or value == "":
            return value
        if isinstance(value, (list, tuple)):
            return [show(item, row) for item in value]
        days = row.get("days_late") if simple is None else None
        key = (value, days)
        text = seen.get(key)
        if text is None:
            code = str(value)
            text = seen[key] = simple(code) if simple else timeliness(code, days) or code
        return text

    return show


def dimension_label(dimension: str) -> str:
    return {
        "total": _("All entries"),
        "category": _("By category"),
        "field": _("By field"),
        "author_type": _("By author type"),
        "unit_kind": _("By unit kind"),
    }[dimension]


def remind_reason(reason: str) -> str:
    """What a reminder asks the unit for, by the reason code of ``status``."""
    return {
        "missing_report": _("the report (deadline passed)"),
        "report_due": _("the report (not yet due)"),
        "no_candidate": _("an entry"),
        "report_returned": _("the report (returned for correction)"),
        "nomination_missed": _("no entry submitted (window closed)"),
    }.get(reason, reason)
