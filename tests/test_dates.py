"""How months, dates and times are read, written and converted (``ytcontest.domain.dates``)."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ytcontest.domain import i18n
from ytcontest.domain.dates import (
    VN_TZ,
    DateInputError,
    Month,
    format_date,
    format_datetime,
    iso,
    month_range,
    now,
    parse_date,
    parse_datetime,
    to_utc,
    to_vn,
)

PLUS_7 = timezone(timedelta(hours=7))


@pytest.fixture
def english() -> Iterator[None]:
    previous = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture
def vietnamese() -> Iterator[None]:
    previous = i18n.get_language()
    i18n.set_language("vi")
    yield
    i18n.set_language(previous)


months = st.builds(Month, st.integers(1900, 2999), st.integers(1, 12))
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


# --- Month -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2026-06", "06/2026", "6/2026", "  2026-06 ", "\t6/2026\n"],
)
def test_month_parse_accepts_iso_and_day_first_forms(text: str) -> None:
    assert Month.parse(text) == Month(2026, 6)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2026-13",
        "2026-00",
        "13/2026",
        "0/2026",
        "00/2026",
        "2026-6",
        "2026-6-1",
        "2026-06-01",
        "06-2026",
        "06/26",
        "June 2026",
        "2026/06",
        "1800-01",
        "06/3000",
        "06/2026x",
        "٠٦/٢٠٢٦",  # Arabic-Indic digits, which int() would accept
    ],
)
def test_month_parse_refuses_anything_else(text: str) -> None:
    with pytest.raises(DateInputError):
        Month.parse(text)


def test_month_parse_error_names_the_text_and_the_accepted_forms(english: None) -> None:
    with pytest.raises(DateInputError) as caught:
        Month.parse("13/2026")
    message = str(caught.value)
    assert "13/2026" in message
    assert "YYYY-MM" in message
    assert "MM/YYYY" in message


def test_month_parse_error_is_in_vietnamese_by_default(vietnamese: None) -> None:
    with pytest.raises(DateInputError) as caught:
        Month.parse("2026-13")
    assert "không phải là một tháng" in str(caught.value)
    assert "2026-13" in str(caught.value)


def test_date_input_error_is_a_value_error() -> None:
    assert issubclass(DateInputError, ValueError)


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_refuses_a_month_number_outside_1_to_12(month: int) -> None:
    with pytest.raises(DateInputError):
        Month(2026, month)


@pytest.mark.parametrize("year", [1899, 3000, 0])
def test_month_refuses_a_year_outside_1900_to_2999(year: int) -> None:
    with pytest.raises(DateInputError):
        Month(year, 6)


def test_month_accepts_the_first_and_last_years() -> None:
    assert Month(1900, 1) < Month(2999, 12)


def test_month_of_a_date() -> None:
    assert Month.of(date(2026, 6, 24)) == Month(2026, 6)


def test_month_first_and_last_day() -> None:
    assert Month(2026, 6).first_day() == date(2026, 6, 1)
    assert Month(2026, 6).last_day() == date(2026, 6, 30)
    assert Month(2026, 12).last_day() == date(2026, 12, 31)


def test_month_last_day_of_february_follows_leap_years() -> None:
    assert Month(2026, 2).last_day() == date(2026, 2, 28)
    assert Month(2028, 2).last_day() == date(2028, 2, 29)
    assert Month(2100, 2).last_day() == date(2100, 2, 28)
    assert Month(2000, 2).last_day() == date(2000, 2, 29)


def test_month_next_and_previous_cross_the_year() -> None:
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2027, 1).previous() == Month(2026, 12)
    assert Month(2026, 6).next() == Month(2026, 7)
    assert Month(2026, 6).previous() == Month(2026, 5)


def test_month_str_is_iso_and_label_is_vietnamese() -> None:
    assert str(Month(2026, 6)) == "2026-06"
    assert Month(2026, 6).label() == "06/2026"


def test_months_order_chronologically() -> None:
    assert Month(2025, 12) < Month(2026, 1) < Month(2026, 11)
    assert sorted([Month(2026, 11), Month(2025, 12), Month(2026, 6)]) == [
        Month(2025, 12),
        Month(2026, 6),
        Month(2026, 11),
    ]


def test_months_are_hashable_values() -> None:
    assert {Month(2026, 6), Month.parse("06/2026")} == {Month(2026, 6)}


@given(months)
def test_month_parse_round_trips_str_and_label(month: Month) -> None:
    assert Month.parse(str(month)) == month
    assert Month.parse(month.label()) == month


@given(months)
def test_month_next_then_previous_is_the_same_month(month: Month) -> None:
    if month != Month(2999, 12):
        assert month.next().previous() == month
        assert month.next() > month


def test_month_range_is_inclusive() -> None:
    assert month_range(Month(2026, 6), Month(2026, 11)) == [
        Month(2026, 6),
        Month(2026, 7),
        Month(2026, 8),
        Month(2026, 9),
        Month(2026, 10),
        Month(2026, 11),
    ]


def test_month_range_crosses_the_year() -> None:
    assert month_range(Month(2026, 11), Month(2027, 2)) == [
        Month(2026, 11),
        Month(2026, 12),
        Month(2027, 1),
        Month(2027, 2),
    ]


def test_month_range_of_one_month() -> None:
    assert month_range(Month(2026, 6), Month(2026, 6)) == [Month(2026, 6)]


def test_month_range_is_empty_when_last_comes_first() -> None:
    assert month_range(Month(2026, 7), Month(2026, 6)) == []


def test_month_range_reaches_the_last_representable_month() -> None:
    assert month_range(Month(2999, 11), Month(2999, 12)) == [Month(2999, 11), Month(2999, 12)]


# --- parse_date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-06-24",
        "24/06/2026",
        "24/6/2026",
        "24-06-2026",
        "24.06.2026",
        "24.6.2026",
        " 24/06/2026 ",
    ],
)
def test_parse_date_accepts_iso_and_day_first_forms(text: str) -> None:
    assert parse_date(text) == date(2026, 6, 24)


def test_parse_date_reads_single_digit_day_and_month_day_first() -> None:
    assert parse_date("3/4/2026") == date(2026, 4, 3)


def test_parse_date_accepts_29_february_of_a_leap_year() -> None:
    assert parse_date("29/02/2028") == date(2028, 2, 29)
    assert parse_date("2028-02-29") == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "29/02/2026",  # 2026 is not a leap year
        "29/02/2100",  # nor is 2100
        "31/02/2026",
        "31/04/2026",
        "00/06/2026",
        "32/01/2026",
        "2026-13-01",
        "2026-00-10",
        "2026-02-30",
        "12/31/2026",  # month 31: dates are day first, never month first
        "24/06/26",  # two-digit year
        "24/06/026",
        "2026-6-24",
        "2026/06/24",
        "24/06-2026",  # two different separators
        "24 06 2026",
        "24/06/2026 foo",
        "on 24/06/2026",
        "2026-06-24T00:00",
        "24 tháng 6 năm 2026",
        "June 24, 2026",
        "20260624",
        "24/06/1899",
        "01/01/3000",
        "",
        "   ",
    ],
)
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(DateInputError):
        parse_date(text)


def test_parse_date_error_names_the_text_and_the_accepted_forms(english: None) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_date("24 06 2026")
    message = str(caught.value)
    assert "24 06 2026" in message
    assert "YYYY-MM-DD" in message
    assert "DD/MM/YYYY" in message


def test_parse_date_error_for_a_day_that_does_not_exist_names_the_month(english: None) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_date("31/02/2026")
    assert str(caught.value) == "“31/02/2026” is not a date: 02/2026 has no day 31."


def test_parse_date_error_for_month_first_input_names_the_impossible_month(english: None) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_date("12/31/2026")
    assert "month 31" in str(caught.value)


def test_parse_date_error_in_vietnamese(vietnamese: None) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_date("31/02/2026")
    assert (
        str(caught.value)
        == "“31/02/2026” không phải là ngày hợp lệ: tháng 02/2026 không có ngày 31."
    )


@given(dates)
def test_parse_date_round_trips_format_date(day: date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day


# --- parse_datetime --------------------------------------------------------------------------


def test_parse_datetime_of_a_date_alone_is_midnight_in_vietnam() -> None:
    parsed = parse_datetime("24/06/2026")
    assert parsed == datetime(2026, 6, 24, tzinfo=VN_TZ)
    assert parsed.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    "text",
    [
        "24/06/2026 23:59",
        "2026-06-24 23:59",
        "24/6/2026 23:59",
        "24.06.2026 23:59",
        "24/06/2026   23:59",
        " 24/06/2026 23:59 ",
        "2026-06-24T23:59",
    ],
)
def test_parse_datetime_reads_a_date_and_hours_minutes_in_vietnam_time(text: str) -> None:
    assert parse_datetime(text) == datetime(2026, 6, 24, 23, 59, tzinfo=VN_TZ)


@pytest.mark.parametrize("text", ["24/06/2026 23:59:59", "2026-06-24 23:59:59"])
def test_parse_datetime_reads_seconds(text: str) -> None:
    assert parse_datetime(text) == datetime(2026, 6, 24, 23, 59, 59, tzinfo=VN_TZ)


def test_parse_datetime_accepts_a_one_digit_hour() -> None:
    assert parse_datetime("24/06/2026 8:05") == datetime(2026, 6, 24, 8, 5, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    "text",
    [
        "2026-06-24T23:59:59+07:00",
        "2026-06-24T16:59:59Z",
        "2026-06-24T16:59:59z",
        "2026-06-24T16:59:59+00:00",
        "2026-06-24T11:59:59-05:00",
        "2026-06-24T23:59:59+0700",
        "2026-06-24T23:59:59+07",
        "2026-06-24 23:59:59+07:00",
        "20260624T235959+0700",  # ISO 8601 basic format
        "20260624T165959Z",
    ],
)
def test_parse_datetime_reads_iso_8601_with_an_offset_as_that_instant(text: str) -> None:
    assert parse_datetime(text) == datetime(2026, 6, 24, 23, 59, 59, tzinfo=VN_TZ)


def test_parse_datetime_keeps_fractions_of_a_second() -> None:
    parsed = parse_datetime("2026-06-24T23:59:59.5+07:00")
    assert parsed.microsecond == 500_000


def test_parse_datetime_truncates_fractions_beyond_microseconds_instead_of_rounding_up() -> None:
    parsed = parse_datetime("2026-06-24T23:59:59.99999999+07:00")
    assert parsed == datetime(2026, 6, 24, 23, 59, 59, 999_999, tzinfo=VN_TZ)


def test_parse_datetime_iso_without_offset_is_vietnam_time() -> None:
    assert parse_datetime("2026-06-24T23:59:59") == datetime(2026, 6, 24, 23, 59, 59, tzinfo=VN_TZ)
    assert parse_datetime("20260624T235959") == datetime(2026, 6, 24, 23, 59, 59, tzinfo=VN_TZ)


def test_parse_datetime_uses_default_tz_when_there_is_no_offset() -> None:
    parsed = parse_datetime("24/06/2026 16:59", default_tz=timezone.utc)
    assert parsed == datetime(2026, 6, 24, 23, 59, tzinfo=VN_TZ)


def test_parse_datetime_ignores_default_tz_when_an_offset_is_given() -> None:
    parsed = parse_datetime("2026-06-24T23:59:00+07:00", default_tz=timezone.utc)
    assert parsed == datetime(2026, 6, 24, 23, 59, tzinfo=VN_TZ)


@given(st.text(max_size=30))
def test_parse_datetime_always_returns_an_aware_datetime_or_refuses(text: str) -> None:
    try:
        parsed = parse_datetime(text)
    except DateInputError:
        return
    assert parsed.tzinfo is not None
    assert parsed.utcoffset() is not None


@pytest.mark.parametrize(
    "text",
    [
        "24/06/2026 24:00",
        "24/06/2026 25:00",
        "24/06/2026 23:60",
        "24/06/2026 23:59:60",
        "2026-06-24T24:00:00+07:00",
        "2026-06-24T25:00:00Z",
    ],
)
def test_parse_datetime_refuses_an_invalid_hour_minute_or_second(text: str) -> None:
    with pytest.raises(DateInputError):
        parse_datetime(text)


def test_parse_datetime_error_for_an_invalid_time_names_the_text(english: None) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_datetime("24/06/2026 25:00")
    assert "24/06/2026 25:00" in str(caught.value)
    assert "invalid time" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["2026-06-24T23:59:59+24:00", "2026-06-24T23:59:59+07:60", "2026-06-24 10:00 +99"],
)
def test_parse_datetime_refuses_an_invalid_offset(text: str) -> None:
    with pytest.raises(DateInputError):
        parse_datetime(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hôm nay",
        "31/02/2026 10:00",  # the date part must exist
        "29/02/2026",
        "12/31/2026 10:00",
        "24/06/26 10:00",
        "24/06/2026 10",
        "24/06/2026 10h30",
        "24/06/2026 10:00 sáng",
        "24/06/2026 10:00 UTC",
        "2026-06",  # dateutil would read a reduced ISO date as 1 June
        "2026",
        "2026-06-24x10:00",  # dateutil would take any separator
        "2026-06-24T",
        "2026-06-24T99",
        "18000101T000000",
    ],
)
def test_parse_datetime_refuses(text: str) -> None:
    with pytest.raises(DateInputError):
        parse_datetime(text)


def test_parse_datetime_error_names_the_text_and_the_accepted_forms(english: None) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_datetime("hôm nay")
    message = str(caught.value)
    assert "hôm nay" in message
    assert "HH:MM" in message
    assert "ISO 8601" in message


# --- the clock -------------------------------------------------------------------------------


def test_now_is_the_real_clock_in_utc_without_ytcontest_now(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("YTCONTEST_NOW", raising=False)
    before = datetime.now(timezone.utc)
    current = now()
    after = datetime.now(timezone.utc)
    assert current.utcoffset() == timedelta(0)
    assert before <= current <= after


def test_now_ignores_an_empty_ytcontest_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YTCONTEST_NOW", "  ")
    assert abs(now() - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_now_is_ytcontest_now_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YTCONTEST_NOW", "2026-06-24T23:59:59+07:00")
    assert now() == datetime(2026, 6, 24, 23, 59, 59, tzinfo=VN_TZ)


def test_now_reads_ytcontest_now_without_offset_as_vietnam_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("YTCONTEST_NOW", "25/06/2026 00:00")
    current = now()
    assert current == datetime(2026, 6, 24, 17, 0, tzinfo=timezone.utc)
    assert current.tzinfo is not None


def test_now_refuses_a_bad_ytcontest_now_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    monkeypatch.setenv("YTCONTEST_NOW", "tomorrow")
    with pytest.raises(DateInputError) as caught:
        now()
    assert "YTCONTEST_NOW" in str(caught.value)
    assert "tomorrow" in str(caught.value)


# --- conversion and output -------------------------------------------------------------------


def test_to_utc_converts_an_aware_datetime() -> None:
    converted = to_utc(datetime(2026, 6, 25, 0, 0, tzinfo=VN_TZ))
    assert converted == datetime(2026, 6, 24, 17, 0, tzinfo=timezone.utc)
    assert converted.utcoffset() == timedelta(0)


def test_to_utc_takes_a_naive_datetime_as_utc() -> None:
    converted = to_utc(datetime(2026, 6, 24, 17, 0))
    assert converted == datetime(2026, 6, 24, 17, 0, tzinfo=timezone.utc)
    assert converted.tzinfo is timezone.utc


def test_to_vn_converts_an_aware_datetime() -> None:
    converted = to_vn(datetime(2026, 6, 24, 17, 0, tzinfo=timezone.utc))
    assert (converted.day, converted.hour) == (25, 0)
    assert converted.utcoffset() == timedelta(hours=7)


def test_to_vn_takes_a_naive_datetime_as_utc() -> None:
    converted = to_vn(datetime(2026, 6, 24, 17, 0))
    assert converted == datetime(2026, 6, 25, 0, 0, tzinfo=VN_TZ)
    assert converted.tzinfo is VN_TZ


def test_iso_writes_vietnam_time_to_the_second() -> None:
    instant = datetime(2026, 6, 24, 16, 59, 59, 750_000, tzinfo=timezone.utc)
    assert iso(instant) == "2026-06-24T23:59:59+07:00"


def test_iso_takes_a_naive_datetime_as_utc() -> None:
    assert iso(datetime(2026, 6, 24, 17, 0)) == "2026-06-25T00:00:00+07:00"


def test_iso_output_is_read_back_as_the_same_instant() -> None:
    instant = datetime(2026, 10, 31, 23, 59, 59, tzinfo=VN_TZ)
    assert parse_datetime(iso(instant)) == instant


def test_format_date_is_day_first_with_two_digits() -> None:
    assert format_date(date(2026, 6, 4)) == "04/06/2026"


def test_format_date_of_a_datetime_is_its_day_in_vietnam() -> None:
    assert format_date(datetime(2026, 6, 24, 17, 0, tzinfo=timezone.utc)) == "25/06/2026"


def test_format_datetime_is_vietnam_time_to_the_minute() -> None:
    instant = datetime(2026, 6, 24, 16, 59, 59, tzinfo=timezone.utc)
    assert format_datetime(instant) == "24/06/2026 23:59"


def test_format_datetime_takes_a_naive_datetime_as_utc() -> None:
    assert format_datetime(datetime(2026, 6, 24, 17, 0)) == "25/06/2026 00:00"


@given(st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2999, 12, 30)))
def test_iso_then_parse_datetime_loses_only_the_fraction_of_a_second(naive: datetime) -> None:
    assert parse_datetime(iso(naive)) == to_utc(naive).replace(microsecond=0)


# --- the Vietnamese catalog ------------------------------------------------------------------


def _catalog() -> dict[str, str]:
    path = resources.files("ytcontest") / "locale" / "vi" / "dates.json"
    loaded: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_of_the_dates_module_has_a_vietnamese_text() -> None:
    source = Path(__file__).parents[1] / "src" / "ytcontest" / "domain" / "dates.py"
    msgids = set(re.findall(r'_\(\s*"([^"]+)"', source.read_text(encoding="utf-8")))
    assert msgids
    assert msgids == set(_catalog())


def test_vietnamese_texts_keep_the_placeholders_of_their_message() -> None:
    for msgid, text in _catalog().items():
        assert _placeholders(text) == _placeholders(msgid), msgid
