"""The words for states and verdicts, as people read them, in the chosen language."""

from __future__ import annotations

from ytcontest.i18n import _, get_language


def timeliness(state: str | None, days_late: int | None) -> str:
    if state == "on_time":
        return _("on time")
    if state == "late":
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
