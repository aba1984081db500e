"""The contest's rules, as pure functions of a campaign calendar and the moment they are judged at.

Nothing here reads the clock or the database: the moment ("as of") is always an argument, so that
a status can be reproduced for any past day and every rule can be tested on its edges.

Instants may come in any timezone and are compared as instants; a naive one is taken as UTC, the
way SQLite hands stored values back (see ``ytcontest.domain.dates.to_utc``). Days (deadlines, activity
spans, days late) are Vietnamese calendar days.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from ytcontest.domain.dates import VN_TZ, Month, month_range, to_utc, to_vn

__all__ = [
    "DEFAULT_2026",
    "NOT_EXPECTED",
    "Calendar",
    "Figures",
    "Flag",
    "Nomination",
    "Period",
    "ReportState",
    "ReportVerdict",
    "Timeliness",
    "UnitSpan",
    "WindowState",
    "data_period",
    "deadline",
    "figures",
    "flags",
    "is_active_during",
    "is_expected",
    "judge_report",
    "last_on_time_day",
    "nomination",
    "owes_entries",
    "rate",
    "timeliness",
    "window_state",
]


class _StrEnum(str, Enum):
    # str() and f-strings give the value on every Python: 3.11 changed format() of str-mixin
    # enums to "ReportState.LATE", which would otherwise leak into CSV cells and messages.
    def __str__(self) -> str:
        return str(self.value)


class ReportState(_StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"


class Timeliness(_StrEnum):
    ON_TIME = "on_time"
    LATE = "late"


class Nomination(_StrEnum):
    NO_CANDIDATE = "no_candidate"
    ON_TRACK = "on_track"
    PENDING = "pending"
    MET = "met"
    MISSED = "missed"
    # Not asked for entries: the unit was not active on any day of the submission window.
    NOT_EXPECTED = "not_expected"


class Flag(_StrEnum):
    # Declaration order is the order flags are listed in, everywhere.
    MISSING_REPORT = "missing_report"
    LATE_REPORT = "late_report"
    NO_CANDIDATE = "no_candidate"
    NOMINATION_MISSED = "nomination_missed"


class WindowState(_StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


class Period(_StrEnum):
    CALENDAR = "calendar"
    MID_MONTH = "15-14"


NOT_EXPECTED = "not_expected"

# A due day of 29 to 31 would not exist in every month, and the deadline has to.
_LAST_DUE_DAY = 28


@dataclass(frozen=True)
class Calendar:
    """The dates of one campaign that the rules depend on."""

    launch: date
    submission_opens: datetime
    # Exclusive, so that "until 01/11/2026 00:00" needs no 23:59:59.999 arithmetic.
    submission_closes: datetime
    first_report_month: Month
    last_report_month: Month
    report_due_day: int = 25
    min_entries: int = 1
    period: Period = Period.CALENDAR

    def __post_init__(self) -> None:
        if not 1 <= self.report_due_day <= _LAST_DUE_DAY:
            raise ValueError(
                f"report_due_day must be 1 to {_LAST_DUE_DAY}, not {self.report_due_day}"
            )
        if self.min_entries < 1:
            raise ValueError(f"min_entries must be at least 1, not {self.min_entries}")
        if to_utc(self.submission_closes) <= to_utc(self.submission_opens):
            raise ValueError("submission_closes must come after submission_opens")
        if self.last_report_month < self.first_report_month:
            raise ValueError("last_report_month must not come before first_report_month")
        # Accept the stored text ("15-14") too; an unknown value fails here, not in the middle of
        # a status.
        object.__setattr__(self, "period", Period(self.period))

    def report_months(self) -> list[Month]:
        return month_range(self.first_report_month, self.last_report_month)

    def is_report_month(self, month: Month) -> bool:
        return self.first_report_month <= month <= self.last_report_month


DEFAULT_2026 = Calendar(
    launch=date(2026, 4, 3),
    submission_opens=datetime(2026, 10, 1, tzinfo=VN_TZ),
    submission_closes=datetime(2026, 11, 1, tzinfo=VN_TZ),
    first_report_month=Month(2026, 6),
    last_report_month=Month(2026, 11),
    report_due_day=25,
    min_entries=1,
    period=Period.CALENDAR,
)


@dataclass(frozen=True)
class UnitSpan:
    """What the rules need to know about a unit: whether it reports, and when it was active.

    A span whose last day comes before its first (deactivated before it started) is empty: the
    unit was never active.
    """

    reports_required: bool
    active_from: date | None = None
    active_to: date | None = None


@dataclass(frozen=True)
class ReportVerdict:
    state: ReportState
    days_late: int | None


@dataclass(frozen=True)
class Figures:
    expected: int
    reported: int
    on_time: int
    late: int
    missing: int
    pending: int
    reporting_rate: float | None
    on_time_rate: float | None


@functools.lru_cache(maxsize=64)
def deadline(cal: Calendar, month: Month) -> datetime:
    """The first instant at which ``month``'s report is late: 00:00 in Vietnam on the due day."""
    return datetime(month.year, month.month, cal.report_due_day, tzinfo=VN_TZ)


def last_on_time_day(cal: Calendar, month: Month) -> date:
    return deadline(cal, month).date() - timedelta(days=1)


def data_period(cal: Calendar, month: Month) -> tuple[date, date]:
    """The days a report for ``month`` covers (first and last, inclusive)."""
    if cal.period is Period.MID_MONTH:
        # Units that close their books on the 14th report the 15th of the previous month to then,
        # which leaves them ten days before the 25th to write it up.
        previous = month.previous()
        return date(previous.year, previous.month, 15), date(month.year, month.month, 14)
    return month.first_day(), month.last_day()


def is_active_during(unit: UnitSpan, month: Month) -> bool:
    """Whether the unit was active on at least one day of ``month``."""
    first = (
        month.first_day() if unit.active_from is None else max(unit.active_from, month.first_day())
    )
    last = month.last_day() if unit.active_to is None else min(unit.active_to, month.last_day())
    return first <= last


def is_expected(cal: Calendar, unit: UnitSpan, month: Month) -> bool:
    """Whether ``unit`` owes a report for ``month``."""
    if not (unit.reports_required and cal.is_report_month(month)):
        return False
    if not is_active_during(unit, month):
        return False
    # A unit that joins on or after the deadline day could not have reported in time; it starts
    # with the next month.
    return unit.active_from is None or unit.active_from < deadline(cal, month).date()


def timeliness(cal: Calendar, month: Month, received: datetime) -> tuple[Timeliness, int]:
    """On time (0 days late) before the deadline; otherwise late by calendar days in Vietnam."""
    if to_utc(received) < to_utc(deadline(cal, month)):
        return Timeliness.ON_TIME, 0
    # Counted on Vietnamese days, not 24-hour periods: 00:00 on the 25th is already one day late.
    days = (to_vn(received).date() - last_on_time_day(cal, month)).days
    return Timeliness.LATE, days


def judge_report(
    cal: Calendar, month: Month, first_received: datetime | None, as_of: datetime
) -> ReportVerdict:
    """The state of ``month``'s report as it stood at ``as_of``."""
    if first_received is not None and to_utc(first_received) <= to_utc(as_of):
        kind, days_late = timeliness(cal, month, first_received)
        state = ReportState.ON_TIME if kind is Timeliness.ON_TIME else ReportState.LATE
        return ReportVerdict(state, days_late)
    # A report received after as_of did not exist yet then, so it counts as none.
    if to_utc(as_of) >= to_utc(deadline(cal, month)):
        return ReportVerdict(ReportState.MISSING, None)
    return ReportVerdict(ReportState.PENDING, None)


@functools.lru_cache(maxsize=16)
def window_state(cal: Calendar, as_of: datetime) -> WindowState:
    moment = to_utc(as_of)
    if moment < to_utc(cal.submission_opens):
        return WindowState.NOT_OPEN
    if moment < to_utc(cal.submission_closes):
        return WindowState.OPEN
    return WindowState.CLOSED


def owes_entries(cal: Calendar, unit: UnitSpan) -> bool:
    """Whether the unit is asked for entries: it is active on at least one day of the submission
    window. One deactivated before the window opens, or joining after it closes, could not
    submit anything."""
    opens = to_vn(cal.submission_opens).date()
    # The window's end is exclusive: closing at 00:00 on 01/11 makes 31/10 its last day.
    last = to_vn(to_utc(cal.submission_closes) - timedelta(microseconds=1)).date()
    first = opens if unit.active_from is None else max(unit.active_from, opens)
    end = last if unit.active_to is None else min(unit.active_to, last)
    return first <= end


def nomination(
    cal: Calendar, active: int, submitted: int, as_of: datetime, unit: UnitSpan | None = None
) -> Nomination:
    """Where a unit stands on nominating entries.

    ``active`` counts its entries that are not withdrawn, ``submitted`` those of them submitted.
    Given the ``unit``'s span, a unit that does not owe entries (``owes_entries``) is
    ``NOT_EXPECTED`` whatever its counts.
    """
    if active < 0 or submitted < 0:
        raise ValueError(
            f"entry counts cannot be negative (active={active}, submitted={submitted})"
        )
    if submitted > active:
        # Submitted entries are a part of the active ones; more of them means a counting bug.
        raise ValueError(f"submitted ({submitted}) cannot exceed active ({active})")
    if unit is not None and not owes_entries(cal, unit):
        return Nomination.NOT_EXPECTED
    state = window_state(cal, as_of)
    if state is WindowState.NOT_OPEN:
        return Nomination.ON_TRACK if active >= cal.min_entries else Nomination.NO_CANDIDATE
    if submitted >= cal.min_entries:
        return Nomination.MET
    return Nomination.PENDING if state is WindowState.OPEN else Nomination.MISSED


def flags(
    report: ReportState | None, nom: Nomination, active: int, cal: Calendar, as_of: datetime
) -> list[Flag]:
    """What needs someone's attention; ``report`` is None for a month the unit does not owe."""
    raised: list[Flag] = []
    if report == ReportState.MISSING:
        raised.append(Flag.MISSING_REPORT)
    elif report == ReportState.LATE:
        raised.append(Flag.LATE_REPORT)
    # Once the window has closed, having no candidate is no longer something to act on: the
    # missed nomination says it.
    if (
        active < cal.min_entries
        and nom not in (Nomination.MET, Nomination.NOT_EXPECTED)
        and window_state(cal, as_of) is not WindowState.CLOSED
    ):
        raised.append(Flag.NO_CANDIDATE)
    if nom == Nomination.MISSED:
        raised.append(Flag.NOMINATION_MISSED)
    return raised


def rate(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator`` rounded to 4 places; None when there is nothing to divide by."""
    if numerator < 0 or denominator < 0 or numerator > denominator:
        raise ValueError(
            f"a rate needs 0 <= numerator <= denominator, not {numerator}/{denominator}"
        )
    if denominator == 0:
        return None
    return round(numerator / denominator, 4)


def figures(states: Iterable[ReportState]) -> Figures:
    """Counts and rates over one report state per expected unit (DHIS2's definitions)."""
    counts = Counter(ReportState(state) for state in states)
    expected = sum(counts.values())
    on_time = counts[ReportState.ON_TIME]
    late = counts[ReportState.LATE]
    reported = on_time + late
    return Figures(
        expected=expected,
        reported=reported,
        on_time=on_time,
        late=late,
        missing=counts[ReportState.MISSING],
        pending=counts[ReportState.PENDING],
        reporting_rate=rate(reported, expected),
        on_time_rate=rate(on_time, expected),
    )
