"""Months, dates and times as the Department writes them, and the program's one clock.

Vietnamese write dates day first (24/06/2026) and months as 06/2026, so every input accepts those
forms beside ISO 8601. Parsing is strict on purpose: a date that could be read two ways, or that
does not exist, is refused with a message naming the text, never guessed at, because a report
judged against the wrong day changes a unit's verdict.

Instants are kept aware. A naive datetime can only come back from SQLite, which stores what it is
given without an offset, and the program always gives it UTC; so naive means UTC here.
"""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from ytcontest.domain.i18n import _

__all__ = [
    "VN_TZ",
    "DateInputError",
    "Month",
    "deadline_words",
    "format_date",
    "format_datetime",
    "iso",
    "month_range",
    "now",
    "parse_date",
    "parse_datetime",
    "to_utc",
    "to_vn",
    "window_words",
]

VN_TZ: ZoneInfo = ZoneInfo("Asia/Ho_Chi_Minh")

# Wide enough for any campaign and the dates its documents refer to, narrow enough that a slip of
# the keyboard (20026, 0206) is caught instead of stored.
MIN_YEAR = 1900
MAX_YEAR = 2999

# [0-9] rather than \d: \d also matches Arabic-Indic and other digits that int() would accept.
_MONTH_ISO = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})")
_MONTH_VN = re.compile(r"(?P<month>[0-9]{1,2})/(?P<year>[0-9]{4})")
_DATE_ISO = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})")
# The same separator twice, so that 24/06-2026 is taken for the typo it is.
_DATE_VN = re.compile(
    r"(?P<day>[0-9]{1,2})(?P<sep>[/.-])(?P<month>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})"
)
_DATE_LIKE = re.compile(r"[0-9./-]+")
_DATETIME = re.compile(
    r"(?P<date>[0-9./-]+)(?:\s+|[Tt])"
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?"
    r"\s*(?P<offset>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
# Only these reach dateutil: it accepts any character between date and time and reduced forms
# such as "2026-06", which here would more likely be a mistake than a wish.
_ISO_OTHER = re.compile(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}[Tt]")


class DateInputError(ValueError):
    """A month, date or time that cannot be read; ``str()`` is the message for the user."""


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; orders chronologically."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise DateInputError(
                _("There is no month {month}: months run from 1 to 12.", month=self.month)
            )
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise DateInputError(
                _("Year {year} is out of range: use a year from 1900 to 2999.", year=self.year)
            )

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read ``2026-06``, ``06/2026`` or ``6/2026``."""
        stripped = text.strip()
        match = _MONTH_ISO.fullmatch(stripped) or _MONTH_VN.fullmatch(stripped)
        if match is not None:
            try:
                return cls(int(match["year"]), int(match["month"]))
            except DateInputError:
                pass
        # One message for every failure, since it is the accepted forms that help the user most.
        raise DateInputError(
            _(
                "“{text}” is not a month: write YYYY-MM or MM/YYYY, e.g. 2026-06 or 06/2026.",
                text=stripped,
            )
        )

    @classmethod
    def of(cls, d: date) -> Month:
        return cls(d.year, d.month)

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        if self.month == 12:
            return Month(self.year + 1, 1)
        return Month(self.year, self.month + 1)

    def previous(self) -> Month:
        if self.month == 1:
            return Month(self.year - 1, 12)
        return Month(self.year, self.month - 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def label(self) -> str:
        """The month as Vietnamese write it: ``06/2026``."""
        return f"{self.month:02d}/{self.year:04d}"


def month_range(first: Month, last: Month) -> list[Month]:
    """Every month from ``first`` to ``last`` inclusive; empty when ``last`` comes first."""
    months: list[Month] = []
    current = first
    while current <= last:
        months.append(current)
        if current == last:
            # Stop before next(): the month after December 2999 cannot be built.
            break
        current = current.next()
    return months


_REAL_CLOCK_ONLY = False


def use_real_clock(only: bool) -> None:
    """Ignore ``YTCONTEST_NOW`` (a clerk on PostgreSQL: the server is their clock, see db.py)."""
    global _REAL_CLOCK_ONLY
    _REAL_CLOCK_ONLY = only


def now() -> datetime:
    """The current instant, or the one in ``YTCONTEST_NOW`` so that a past day can be replayed."""
    raw = "" if _REAL_CLOCK_ONLY else os.environ.get("YTCONTEST_NOW", "").strip()
    if not raw:
        return datetime.now(timezone.utc)
    try:
        return parse_datetime(raw)
    except DateInputError as error:
        raise DateInputError(
            _("YTCONTEST_NOW is invalid; unset it to use the real clock. {error}", error=str(error))
        ) from error


def _build_date(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateInputError(
            _(
                "“{text}” is not a date: month {month} does not exist (months are 1-12).",
                text=text,
                month=month,
            )
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateInputError(
            _("“{text}” is not a date: the year must be from 1900 to 2999.", text=text)
        )
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateInputError(
            _(
                "“{text}” is not a date: {month_label} has no day {day}.",
                text=text,
                month_label=Month(year, month).label(),
                day=day,
            )
        )
    return date(year, month, day)


def parse_date(text: str) -> date:
    """Read ``YYYY-MM-DD`` or, day first, ``DD/MM/YYYY`` (also with ``-`` or ``.``)."""
    stripped = text.strip()
    match = _DATE_ISO.fullmatch(stripped) or _DATE_VN.fullmatch(stripped)
    if match is None:
        raise DateInputError(
            _("“{text}” is not a date: write YYYY-MM-DD or DD/MM/YYYY (day first).", text=stripped)
        )
    return _build_date(stripped, int(match["year"]), int(match["month"]), int(match["day"]))


def _offset(text: str, raw: str) -> tzinfo:
    if raw in ("Z", "z"):
        return timezone.utc
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or "0")
    if hours > 23 or minutes > 59:
        raise DateInputError(
            _("“{text}” has an invalid UTC offset: write it as +07:00, -05:00 or Z.", text=text)
        )
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_datetime(text: str, *, default_tz: tzinfo = VN_TZ) -> datetime:
    """Read a date, a date and ``HH:MM[:SS]``, or ISO 8601; no offset means ``default_tz``."""
    stripped = text.strip()
    match = _DATETIME.fullmatch(stripped)
    if match is not None:
        day = parse_date(match["date"])
        hour, minute = int(match["hour"]), int(match["minute"])
        second = int(match["second"] or "0")
        if hour > 23 or minute > 59 or second > 59:
            raise DateInputError(
                _(
                    "“{text}” has an invalid time: hours are 00-23, minutes and seconds 00-59.",
                    text=stripped,
                )
            )
        # Digits beyond the microsecond are dropped, not rounded: rounding up could carry a
        # report received at 23:59:59.9999999 across midnight into lateness.
        microsecond = int((match["fraction"] or "").ljust(6, "0")[:6])
        tz = _offset(stripped, match["offset"]) if match["offset"] else default_tz
        return datetime(day.year, day.month, day.day, hour, minute, second, microsecond, tzinfo=tz)
    if _ISO_OTHER.match(stripped):
        try:
            from dateutil.parser import isoparse  # 7 ms to import; rarely needed

            parsed = isoparse(stripped)
        except (ValueError, OverflowError) as error:
            raise DateInputError(_datetime_form_message(stripped)) from error
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            raise DateInputError(
                _("“{text}” is not a date: the year must be from 1900 to 2999.", text=stripped)
            )
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=default_tz)
    if _DATE_LIKE.fullmatch(stripped):
        day = parse_date(stripped)
        return datetime(day.year, day.month, day.day, tzinfo=default_tz)
    raise DateInputError(_datetime_form_message(stripped))


def _datetime_form_message(text: str) -> str:
    return _("“{text}” is not a date-time: write a date, then HH:MM[:SS], or ISO 8601.", text=text)


def _is_naive(dt: datetime) -> bool:
    return dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None


def to_utc(dt: datetime) -> datetime:
    """``dt`` in UTC; a naive ``dt`` is taken to be UTC already."""
    if dt.tzinfo is timezone.utc:
        return dt  # what the database gives back: the rules compare thousands of these
    if _is_naive(dt):
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def to_vn(dt: datetime) -> datetime:
    """``dt`` in Vietnam time; a naive ``dt`` is taken to be UTC."""
    return to_utc(dt).astimezone(VN_TZ)


def iso(dt: datetime) -> str:
    """ISO 8601 in Vietnam time to the second, as JSON output writes every instant."""
    return to_vn(dt).isoformat(timespec="seconds")


def format_date(d: date) -> str:
    """``24/06/2026``; a datetime is shown as its day in Vietnam."""
    if isinstance(d, datetime):
        d = to_vn(d).date()
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_datetime(dt: datetime) -> str:
    """``24/06/2026 23:59`` in Vietnam time."""
    local = to_vn(dt)
    return f"{format_date(local.date())} {local.hour:02d}:{local.minute:02d}"


def deadline_words(due: date) -> str:
    """A due day as every screen, letter and form says it: "trước ngày 25/06/2026".

    ``due`` is the first late day (or the instant 00:00 starting it); one wording everywhere
    so that no reader wonders whether "trước 00:00 ngày 25" and "trước ngày 25" differ.
    """
    return _("before {day}", day=format_date(due))


def instant_words(dt: datetime) -> str:
    """00:00 is the start of a day: "01/10/2026"; another time keeps it: "01/10/2026 08:00"."""
    local = to_vn(dt)
    return (
        format_date(local.date())
        if local.time().isoformat() == "00:00:00"
        else format_datetime(local)
    )


def closing_words(closes: datetime) -> str:
    """A window's end as the letter says it: until the end of its last day."""
    local = to_vn(closes)
    if local.time().isoformat() == "00:00:00":
        last_day = (local - timedelta(days=1)).date()
        return _("until the end of {day}", day=format_date(last_day))
    return _("until {when} (not included)", when=format_datetime(local))


def window_words(opens: datetime, closes: datetime) -> str:
    """ "từ 01/10/2026 đến hết ngày 31/10/2026", the wording of the campaign's letter."""
    return _("from {opens} {until}", opens=instant_words(opens), until=closing_words(closes))
