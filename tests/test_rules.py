"""The contest's rules (``ytcontest.domain.rules``), read as a specification of the 2026 contest."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ytcontest.domain.dates import VN_TZ, Month
from ytcontest.domain.rules import (
    DEFAULT_2026,
    NOT_EXPECTED,
    Calendar,
    Figures,
    Flag,
    Nomination,
    Period,
    ReportState,
    ReportVerdict,
    Timeliness,
    UnitSpan,
    WindowState,
    data_period,
    deadline,
    figures,
    flags,
    is_active_during,
    is_expected,
    judge_report,
    last_on_time_day,
    nomination,
    owes_entries,
    rate,
    timeliness,
    window_state,
)

CAL = DEFAULT_2026
JUNE = Month(2026, 6)
UTC = timezone.utc
ALWAYS = UnitSpan(reports_required=True)


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def with_min(cal: Calendar, min_entries: int) -> Calendar:
    return dataclasses.replace(cal, min_entries=min_entries)


BEFORE_WINDOW = vn(2026, 9, 30, 23, 59, 59)
WINDOW_OPENS = vn(2026, 10, 1, 0, 0, 0)
WINDOW_LAST_SECOND = vn(2026, 10, 31, 23, 59, 59)
WINDOW_CLOSED = vn(2026, 11, 1, 0, 0, 0)

zones = st.sampled_from([VN_TZ, UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=14))])
instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 30), timezones=zones
)
campaign_months = st.sampled_from(CAL.report_months())


# --- the 2026 calendar -----------------------------------------------------------------------


def test_default_2026_calendar_is_the_contest_plan() -> None:
    assert CAL.launch == date(2026, 4, 3)
    assert CAL.submission_opens == vn(2026, 10, 1)
    assert CAL.submission_closes == vn(2026, 11, 1)
    assert CAL.report_due_day == 25
    assert CAL.min_entries == 1
    assert CAL.period is Period.CALENDAR


def test_default_2026_report_months_are_june_to_november() -> None:
    assert [str(m) for m in CAL.report_months()] == [
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
    ]


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (Month(2026, 5), False),
        (Month(2026, 6), True),
        (Month(2026, 11), True),
        (Month(2026, 12), False),
        (Month(2025, 6), False),
    ],
)
def test_is_report_month_covers_exactly_the_campaign_months(month: Month, expected: bool) -> None:
    assert CAL.is_report_month(month) is expected


def test_enum_values_are_the_contract_strings() -> None:
    assert [s.value for s in ReportState] == ["on_time", "late", "missing", "pending"]
    assert [t.value for t in Timeliness] == ["on_time", "late"]
    assert [n.value for n in Nomination] == [
        "no_candidate", "on_track", "pending", "met", "missed", "not_expected",
    ]  # fmt: skip
    assert [f.value for f in Flag] == [
        "missing_report",
        "late_report",
        "no_candidate",
        "nomination_missed",
    ]
    assert [w.value for w in WindowState] == ["not_open", "open", "closed"]
    assert [p.value for p in Period] == ["calendar", "15-14"]
    assert NOT_EXPECTED == "not_expected"


def test_enums_print_as_their_values() -> None:
    assert str(ReportState.LATE) == "late"
    assert f"{Flag.NO_CANDIDATE}" == "no_candidate"
    assert f"{Period.MID_MONTH}" == "15-14"


def test_enums_compare_equal_to_their_strings() -> None:
    assert ReportState.ON_TIME == "on_time"
    assert Period("15-14") is Period.MID_MONTH


@pytest.mark.parametrize("day", [0, 29, 31, -1])
def test_calendar_refuses_a_due_day_that_not_every_month_has(day: int) -> None:
    with pytest.raises(ValueError, match="report_due_day"):
        dataclasses.replace(CAL, report_due_day=day)


@pytest.mark.parametrize("day", [1, 28])
def test_calendar_accepts_due_days_1_to_28(day: int) -> None:
    assert dataclasses.replace(CAL, report_due_day=day).report_due_day == day


@pytest.mark.parametrize("closes", [vn(2026, 10, 1), vn(2026, 9, 1)])
def test_calendar_refuses_a_window_that_closes_before_it_opens(closes: datetime) -> None:
    with pytest.raises(ValueError, match="submission_closes"):
        dataclasses.replace(CAL, submission_closes=closes)


def test_calendar_compares_window_instants_across_timezones() -> None:
    # 17:00 UTC on 30/09 is 00:00 on 01/10 in Vietnam: the same instant, an empty window.
    with pytest.raises(ValueError):
        dataclasses.replace(CAL, submission_closes=utc(2026, 9, 30, 17, 0))


def test_calendar_refuses_a_last_report_month_before_the_first() -> None:
    with pytest.raises(ValueError, match="last_report_month"):
        dataclasses.replace(CAL, last_report_month=Month(2026, 5))


def test_calendar_accepts_a_single_report_month() -> None:
    cal = dataclasses.replace(CAL, last_report_month=JUNE)
    assert cal.report_months() == [JUNE]


@pytest.mark.parametrize("count", [0, -1])
def test_calendar_refuses_fewer_than_one_required_entry(count: int) -> None:
    with pytest.raises(ValueError, match="min_entries"):
        with_min(CAL, count)


def test_calendar_reads_the_period_from_its_stored_text() -> None:
    cal = dataclasses.replace(CAL, period="15-14")  # type: ignore[arg-type]
    assert cal.period is Period.MID_MONTH


def test_calendar_refuses_an_unknown_period() -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(CAL, period="weekly")  # type: ignore[arg-type]


# --- deadlines and data periods --------------------------------------------------------------


def test_deadline_is_midnight_in_vietnam_on_the_due_day() -> None:
    assert deadline(CAL, JUNE) == vn(2026, 6, 25, 0, 0)
    assert deadline(CAL, JUNE) == utc(2026, 6, 24, 17, 0)
    assert deadline(CAL, JUNE).utcoffset() == timedelta(hours=7)


def test_deadline_follows_the_calendars_due_day() -> None:
    cal = dataclasses.replace(CAL, report_due_day=10)
    assert deadline(cal, Month(2026, 7)) == vn(2026, 7, 10)


def test_last_on_time_day_is_the_day_before_the_deadline() -> None:
    assert last_on_time_day(CAL, JUNE) == date(2026, 6, 24)


def test_last_on_time_day_with_due_day_1_falls_in_the_previous_month() -> None:
    cal = dataclasses.replace(CAL, report_due_day=1)
    assert last_on_time_day(cal, Month(2026, 3)) == date(2026, 2, 28)
    assert last_on_time_day(cal, Month(2028, 3)) == date(2028, 2, 29)


def test_calendar_period_covers_the_whole_month() -> None:
    assert data_period(CAL, JUNE) == (date(2026, 6, 1), date(2026, 6, 30))


def test_calendar_period_of_february_in_a_leap_year() -> None:
    assert data_period(CAL, Month(2028, 2)) == (date(2028, 2, 1), date(2028, 2, 29))


def test_mid_month_period_runs_from_the_15th_of_the_previous_month_to_the_14th() -> None:
    cal = dataclasses.replace(CAL, period=Period.MID_MONTH)
    assert data_period(cal, JUNE) == (date(2026, 5, 15), date(2026, 6, 14))


def test_mid_month_period_of_january_starts_in_december() -> None:
    cal = dataclasses.replace(CAL, period=Period.MID_MONTH)
    assert data_period(cal, Month(2027, 1)) == (date(2026, 12, 15), date(2027, 1, 14))


# --- who is expected to report ---------------------------------------------------------------


def test_a_unit_always_active_is_active_every_month() -> None:
    assert is_active_during(ALWAYS, JUNE)


@pytest.mark.parametrize(
    ("span", "active"),
    [
        (UnitSpan(True, active_from=date(2026, 6, 30)), True),
        (UnitSpan(True, active_from=date(2026, 7, 1)), False),
        (UnitSpan(True, active_to=date(2026, 6, 1)), True),
        (UnitSpan(True, active_to=date(2026, 5, 31)), False),
        (UnitSpan(True, date(2026, 6, 10), date(2026, 6, 12)), True),
        (UnitSpan(True, date(2026, 1, 1), date(2026, 12, 31)), True),
    ],
)
def test_a_unit_is_active_during_a_month_when_its_span_touches_it(
    span: UnitSpan, active: bool
) -> None:
    assert is_active_during(span, JUNE) is active


def test_a_span_ending_before_it_starts_is_never_active() -> None:
    assert not is_active_during(UnitSpan(True, date(2026, 6, 20), date(2026, 6, 10)), JUNE)


def test_an_active_unit_that_reports_is_expected_in_a_campaign_month() -> None:
    assert is_expected(CAL, ALWAYS, JUNE)


def test_a_unit_exempt_from_reports_is_never_expected() -> None:
    assert not is_expected(CAL, UnitSpan(reports_required=False), JUNE)


@pytest.mark.parametrize("month", [Month(2026, 5), Month(2026, 12), Month(2027, 6)])
def test_a_month_outside_the_campaign_is_not_expected(month: Month) -> None:
    assert not is_expected(CAL, ALWAYS, month)


def test_a_unit_activated_on_the_last_on_time_day_is_expected() -> None:
    assert is_expected(CAL, UnitSpan(True, active_from=date(2026, 6, 24)), JUNE)


def test_a_unit_activated_on_the_deadline_day_is_not_expected_that_month() -> None:
    unit = UnitSpan(True, active_from=date(2026, 6, 25))
    assert not is_expected(CAL, unit, JUNE)
    assert is_expected(CAL, unit, Month(2026, 7))


def test_a_unit_activated_after_the_deadline_is_not_expected_that_month() -> None:
    assert not is_expected(CAL, UnitSpan(True, active_from=date(2026, 6, 28)), JUNE)


def test_a_unit_activated_before_the_campaign_is_expected() -> None:
    assert is_expected(CAL, UnitSpan(True, active_from=date(2020, 1, 1)), JUNE)


def test_a_unit_deactivated_before_a_month_began_is_not_expected() -> None:
    unit = UnitSpan(True, active_to=date(2026, 6, 30))
    assert is_expected(CAL, unit, JUNE)
    assert not is_expected(CAL, unit, Month(2026, 7))


def test_a_unit_deactivated_during_a_month_is_still_expected_for_it() -> None:
    assert is_expected(CAL, UnitSpan(True, active_to=date(2026, 6, 10)), JUNE)


# --- timeliness ------------------------------------------------------------------------------


def test_received_at_the_last_second_of_the_24th_in_vietnam_is_on_time() -> None:
    assert timeliness(CAL, JUNE, vn(2026, 6, 24, 23, 59, 59)) == (Timeliness.ON_TIME, 0)


def test_received_at_midnight_of_the_25th_in_vietnam_is_late_by_one_day() -> None:
    assert timeliness(CAL, JUNE, vn(2026, 6, 25, 0, 0, 0)) == (Timeliness.LATE, 1)


def test_received_at_the_last_second_given_in_utc_is_on_time() -> None:
    assert timeliness(CAL, JUNE, utc(2026, 6, 24, 16, 59, 59)) == (Timeliness.ON_TIME, 0)


def test_received_at_midnight_given_in_utc_is_late_by_one_day() -> None:
    assert timeliness(CAL, JUNE, utc(2026, 6, 24, 17, 0, 0)) == (Timeliness.LATE, 1)


def test_a_naive_received_time_is_taken_as_utc() -> None:
    assert timeliness(CAL, JUNE, datetime(2026, 6, 24, 16, 59, 59)) == (Timeliness.ON_TIME, 0)
    assert timeliness(CAL, JUNE, datetime(2026, 6, 24, 17, 0, 0)) == (Timeliness.LATE, 1)


def test_days_late_count_vietnamese_calendar_days_not_24_hour_periods() -> None:
    # 23:59 on the 25th and 00:00 on the 26th are one minute apart but a day apart in lateness.
    assert timeliness(CAL, JUNE, vn(2026, 6, 25, 23, 59)) == (Timeliness.LATE, 1)
    assert timeliness(CAL, JUNE, vn(2026, 6, 26, 0, 0)) == (Timeliness.LATE, 2)


def test_days_late_are_counted_in_vietnam_even_for_a_time_given_elsewhere() -> None:
    # 20:00 UTC on the 25th is already 03:00 on the 26th in Vietnam.
    assert timeliness(CAL, JUNE, utc(2026, 6, 25, 20, 0)) == (Timeliness.LATE, 2)


def test_days_late_run_on_into_the_next_month() -> None:
    assert timeliness(CAL, JUNE, vn(2026, 7, 1, 9, 0)) == (Timeliness.LATE, 7)


def test_a_report_received_before_its_month_began_is_on_time() -> None:
    assert timeliness(CAL, JUNE, vn(2026, 5, 20, 8, 0)) == (Timeliness.ON_TIME, 0)


def test_february_of_a_leap_year_counts_the_29th() -> None:
    cal = dataclasses.replace(
        CAL,
        first_report_month=Month(2028, 2),
        last_report_month=Month(2028, 3),
        submission_opens=vn(2028, 10, 1),
        submission_closes=vn(2028, 11, 1),
        report_due_day=28,
    )
    assert timeliness(cal, Month(2028, 2), vn(2028, 2, 27, 23, 59, 59)) == (Timeliness.ON_TIME, 0)
    assert timeliness(cal, Month(2028, 2), vn(2028, 2, 29, 10, 0)) == (Timeliness.LATE, 2)
    assert timeliness(cal, Month(2028, 2), vn(2028, 3, 1, 10, 0)) == (Timeliness.LATE, 3)


@given(campaign_months, instants)
def test_an_on_time_report_is_never_late_by_days_and_a_late_one_always_is(
    month: Month, received: datetime
) -> None:
    kind, days_late = timeliness(CAL, month, received)
    if kind is Timeliness.ON_TIME:
        assert days_late == 0
        assert received < deadline(CAL, month)
    else:
        assert days_late >= 1
        assert received >= deadline(CAL, month)


# --- the report verdict ----------------------------------------------------------------------


def test_a_report_received_by_as_of_is_judged_on_its_time() -> None:
    assert judge_report(CAL, JUNE, vn(2026, 6, 20), vn(2026, 7, 1)) == ReportVerdict(
        ReportState.ON_TIME, 0
    )
    assert judge_report(CAL, JUNE, vn(2026, 6, 27, 8), vn(2026, 7, 1)) == ReportVerdict(
        ReportState.LATE, 3
    )


def test_a_report_received_at_the_as_of_instant_counts() -> None:
    moment = vn(2026, 6, 20, 10, 0)
    assert judge_report(CAL, JUNE, moment, moment).state is ReportState.ON_TIME


def test_no_report_before_the_deadline_is_pending() -> None:
    verdict = judge_report(CAL, JUNE, None, vn(2026, 6, 24, 23, 59, 59))
    assert verdict == ReportVerdict(ReportState.PENDING, None)


def test_no_report_at_the_deadline_is_missing() -> None:
    verdict = judge_report(CAL, JUNE, None, vn(2026, 6, 25, 0, 0))
    assert verdict == ReportVerdict(ReportState.MISSING, None)


def test_a_report_received_after_as_of_did_not_exist_yet() -> None:
    received = vn(2026, 6, 28, 9, 0)
    assert judge_report(CAL, JUNE, received, vn(2026, 6, 20)).state is ReportState.PENDING
    assert judge_report(CAL, JUNE, received, vn(2026, 6, 27)).state is ReportState.MISSING
    assert judge_report(CAL, JUNE, received, vn(2026, 6, 29)).state is ReportState.LATE


def test_as_of_before_launch_leaves_every_report_pending() -> None:
    before_launch = vn(2026, 4, 1)
    for month in CAL.report_months():
        assert judge_report(CAL, month, None, before_launch).state is ReportState.PENDING


def test_as_of_after_the_window_leaves_unreported_months_missing() -> None:
    after = vn(2026, 12, 15)
    states = [judge_report(CAL, m, None, after).state for m in CAL.report_months()]
    assert states == [ReportState.MISSING] * 6


def test_as_of_given_in_utc_or_naive_is_the_same_instant() -> None:
    # 17:00 UTC on the 24th is the deadline itself.
    assert judge_report(CAL, JUNE, None, utc(2026, 6, 24, 17, 0)).state is ReportState.MISSING
    assert judge_report(CAL, JUNE, None, datetime(2026, 6, 24, 17, 0)).state is ReportState.MISSING
    assert judge_report(CAL, JUNE, None, datetime(2026, 6, 24, 16, 59)).state is ReportState.PENDING


@given(campaign_months, st.none() | instants, instants, instants)
def test_moving_as_of_forward_never_undoes_lateness_or_a_missing_report(
    month: Month, received: datetime | None, first: datetime, second: datetime
) -> None:
    earlier, later = sorted([first, second])
    before = judge_report(CAL, month, received, earlier).state
    after = judge_report(CAL, month, received, later).state
    if before is ReportState.LATE:
        assert after is ReportState.LATE
    if before is ReportState.MISSING:
        assert after in (ReportState.MISSING, ReportState.LATE)
    if before is ReportState.ON_TIME:
        assert after is ReportState.ON_TIME


@given(campaign_months, st.none() | instants, instants)
def test_a_verdict_has_days_late_exactly_when_a_report_was_received(
    month: Month, received: datetime | None, as_of: datetime
) -> None:
    verdict = judge_report(CAL, month, received, as_of)
    if verdict.state in (ReportState.MISSING, ReportState.PENDING):
        assert verdict.days_late is None
    elif verdict.state is ReportState.ON_TIME:
        assert verdict.days_late == 0
    else:
        assert verdict.days_late is not None and verdict.days_late >= 1


# --- the submission window -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        (vn(2026, 4, 1), WindowState.NOT_OPEN),
        (BEFORE_WINDOW, WindowState.NOT_OPEN),
        (WINDOW_OPENS, WindowState.OPEN),
        (WINDOW_LAST_SECOND, WindowState.OPEN),
        (WINDOW_CLOSED, WindowState.CLOSED),
        (vn(2027, 1, 1), WindowState.CLOSED),
    ],
)
def test_window_opens_inclusive_and_closes_exclusive(as_of: datetime, state: WindowState) -> None:
    assert window_state(CAL, as_of) is state


def test_window_edges_given_in_utc() -> None:
    assert window_state(CAL, utc(2026, 9, 30, 16, 59, 59)) is WindowState.NOT_OPEN
    assert window_state(CAL, utc(2026, 9, 30, 17, 0, 0)) is WindowState.OPEN
    assert window_state(CAL, utc(2026, 10, 31, 16, 59, 59)) is WindowState.OPEN
    assert window_state(CAL, utc(2026, 10, 31, 17, 0, 0)) is WindowState.CLOSED


def test_window_takes_a_naive_as_of_as_utc() -> None:
    assert window_state(CAL, datetime(2026, 10, 31, 16, 59, 59)) is WindowState.OPEN
    assert window_state(CAL, datetime(2026, 10, 31, 17, 0, 0)) is WindowState.CLOSED


# --- nomination ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("active", "submitted", "as_of", "expected"),
    [
        (0, 0, BEFORE_WINDOW, Nomination.NO_CANDIDATE),
        (1, 0, BEFORE_WINDOW, Nomination.ON_TRACK),
        (1, 1, BEFORE_WINDOW, Nomination.ON_TRACK),
        (0, 0, WINDOW_OPENS, Nomination.PENDING),
        (1, 0, WINDOW_OPENS, Nomination.PENDING),
        (1, 1, WINDOW_OPENS, Nomination.MET),
        (3, 1, WINDOW_LAST_SECOND, Nomination.MET),
        (2, 0, WINDOW_LAST_SECOND, Nomination.PENDING),
        (0, 0, WINDOW_CLOSED, Nomination.MISSED),
        (2, 0, WINDOW_CLOSED, Nomination.MISSED),
        (1, 1, WINDOW_CLOSED, Nomination.MET),
    ],
)
def test_nomination_by_window_and_counts(
    active: int, submitted: int, as_of: datetime, expected: Nomination
) -> None:
    assert nomination(CAL, active, submitted, as_of) is expected


def test_nomination_before_launch_is_judged_on_candidates() -> None:
    assert nomination(CAL, 0, 0, vn(2026, 1, 1)) is Nomination.NO_CANDIDATE


def test_a_withdrawn_entry_left_out_of_active_leaves_no_candidate() -> None:
    # The unit had one entry and withdrew it: callers count active = 0.
    assert nomination(CAL, 0, 0, BEFORE_WINDOW) is Nomination.NO_CANDIDATE


@pytest.mark.parametrize(
    ("active", "submitted", "as_of", "expected"),
    [
        (1, 0, BEFORE_WINDOW, Nomination.NO_CANDIDATE),
        (2, 0, BEFORE_WINDOW, Nomination.ON_TRACK),
        (2, 1, WINDOW_OPENS, Nomination.PENDING),
        (2, 2, WINDOW_OPENS, Nomination.MET),
        (3, 1, WINDOW_CLOSED, Nomination.MISSED),
        (3, 2, WINDOW_CLOSED, Nomination.MET),
    ],
)
def test_nomination_with_two_entries_required(
    active: int, submitted: int, as_of: datetime, expected: Nomination
) -> None:
    assert nomination(with_min(CAL, 2), active, submitted, as_of) is expected


@pytest.mark.parametrize(("active", "submitted"), [(-1, 0), (0, -1), (1, 2)])
def test_nomination_refuses_impossible_counts(active: int, submitted: int) -> None:
    with pytest.raises(ValueError):
        nomination(CAL, active, submitted, WINDOW_OPENS)


# --- who owes entries: active on at least one day of the submission window -------------------

WINDOW_FIRST_DAY = date(2026, 10, 1)
WINDOW_LAST_DAY = date(2026, 10, 31)  # the window closes at 00:00 on 01/11: exclusive
counts = st.integers(0, 5).flatmap(lambda a: st.tuples(st.just(a), st.integers(0, a)))


@pytest.mark.parametrize(
    ("active_from", "active_to", "owes"),
    [
        (None, None, True),
        (None, date(2026, 8, 31), False),  # deactivated from 01/09: before the window opened
        (None, date(2026, 9, 30), False),  # its last day is the eve of the window
        (None, WINDOW_FIRST_DAY, True),  # active on the window's first day
        (WINDOW_LAST_DAY, None, True),  # joined on the window's last day
        (date(2026, 11, 1), None, False),  # joined the day the window closed
        (date(2026, 7, 1), date(2026, 12, 31), True),
    ],
)
def test_owes_entries_when_active_on_a_day_of_the_window(
    active_from: date | None, active_to: date | None, owes: bool
) -> None:
    unit = UnitSpan(reports_required=True, active_from=active_from, active_to=active_to)
    assert owes_entries(CAL, unit) is owes


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 9, 30)), counts, instants)
def test_a_unit_gone_before_the_window_opens_is_never_flagged_for_entries(
    last_day: date, entry_counts: tuple[int, int], as_of: datetime
) -> None:
    active, submitted = entry_counts
    unit = UnitSpan(reports_required=True, active_to=last_day)
    nom = nomination(CAL, active, submitted, as_of, unit)
    assert nom is Nomination.NOT_EXPECTED
    for report in (None, *ReportState):
        raised = flags(report, nom, active, CAL, as_of)
        assert Flag.NO_CANDIDATE not in raised
        assert Flag.NOMINATION_MISSED not in raised


@given(st.dates(min_value=date(2026, 11, 1), max_value=date(2027, 12, 31)), counts, instants)
def test_a_unit_joining_after_the_window_closed_is_not_asked_for_entries(
    first_day: date, entry_counts: tuple[int, int], as_of: datetime
) -> None:
    unit = UnitSpan(reports_required=True, active_from=first_day)
    assert nomination(CAL, *entry_counts, as_of, unit) is Nomination.NOT_EXPECTED


@given(
    st.none() | st.dates(max_value=WINDOW_LAST_DAY),
    st.none() | st.dates(min_value=WINDOW_FIRST_DAY),
    counts,
    instants,
)
def test_a_unit_active_in_the_window_is_judged_on_its_entries_alone(
    active_from: date | None,
    active_to: date | None,
    entry_counts: tuple[int, int],
    as_of: datetime,
) -> None:
    unit = UnitSpan(reports_required=True, active_from=active_from, active_to=active_to)
    assume(owes_entries(CAL, unit))
    assert nomination(CAL, *entry_counts, as_of, unit) is nomination(CAL, *entry_counts, as_of)


def test_a_unit_that_owes_no_entries_still_owes_its_reports() -> None:
    # Its reports stay flagged: only the entry flags go.
    unit = UnitSpan(reports_required=True, active_to=date(2026, 8, 31))
    nom = nomination(CAL, 0, 0, WINDOW_CLOSED, unit)
    assert flags(ReportState.MISSING, nom, 0, CAL, WINDOW_CLOSED) == [Flag.MISSING_REPORT]


# --- flags -----------------------------------------------------------------------------------


def test_a_unit_in_good_standing_has_no_flags() -> None:
    assert flags(ReportState.ON_TIME, Nomination.ON_TRACK, 1, CAL, BEFORE_WINDOW) == []


def test_a_pending_report_is_not_flagged() -> None:
    assert flags(ReportState.PENDING, Nomination.ON_TRACK, 1, CAL, BEFORE_WINDOW) == []


def test_a_missing_report_is_flagged() -> None:
    assert flags(ReportState.MISSING, Nomination.ON_TRACK, 1, CAL, BEFORE_WINDOW) == [
        Flag.MISSING_REPORT
    ]


def test_a_late_report_is_flagged() -> None:
    assert flags(ReportState.LATE, Nomination.ON_TRACK, 1, CAL, BEFORE_WINDOW) == [Flag.LATE_REPORT]


def test_a_month_not_expected_raises_no_report_flag() -> None:
    assert flags(None, Nomination.ON_TRACK, 1, CAL, BEFORE_WINDOW) == []


def test_no_candidate_before_the_window_is_flagged() -> None:
    assert flags(None, Nomination.NO_CANDIDATE, 0, CAL, BEFORE_WINDOW) == [Flag.NO_CANDIDATE]


def test_no_candidate_while_the_window_is_open_is_flagged() -> None:
    assert flags(None, Nomination.PENDING, 0, CAL, WINDOW_LAST_SECOND) == [Flag.NO_CANDIDATE]


def test_a_candidate_not_yet_submitted_while_open_is_not_flagged() -> None:
    assert flags(None, Nomination.PENDING, 1, CAL, WINDOW_OPENS) == []


def test_after_the_window_a_missed_nomination_replaces_no_candidate() -> None:
    assert flags(None, Nomination.MISSED, 0, CAL, WINDOW_CLOSED) == [Flag.NOMINATION_MISSED]


def test_a_met_nomination_is_never_flagged_for_candidates() -> None:
    # Reachable only with inconsistent counts; MET wins.
    assert flags(None, Nomination.MET, 0, CAL, WINDOW_OPENS) == []


def test_flags_with_two_entries_required_count_candidates_against_the_minimum() -> None:
    cal = with_min(CAL, 2)
    assert flags(None, Nomination.NO_CANDIDATE, 1, cal, BEFORE_WINDOW) == [Flag.NO_CANDIDATE]
    assert flags(None, Nomination.ON_TRACK, 2, cal, BEFORE_WINDOW) == []


def test_flags_come_in_the_enums_order() -> None:
    assert flags(ReportState.MISSING, Nomination.MISSED, 0, CAL, WINDOW_CLOSED) == [
        Flag.MISSING_REPORT,
        Flag.NOMINATION_MISSED,
    ]
    assert flags(ReportState.LATE, Nomination.PENDING, 0, CAL, WINDOW_OPENS) == [
        Flag.LATE_REPORT,
        Flag.NO_CANDIDATE,
    ]


def test_flags_accept_the_stored_strings() -> None:
    assert flags("missing", "missed", 0, CAL, WINDOW_CLOSED) == [  # type: ignore[arg-type]
        Flag.MISSING_REPORT,
        Flag.NOMINATION_MISSED,
    ]


# --- rates and figures -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(0, 5, 0.0), (5, 5, 1.0), (1, 3, 0.3333), (2, 3, 0.6667), (1, 8, 0.125)],
)
def test_rate_is_a_fraction_rounded_to_4_places(
    numerator: int, denominator: int, expected: float
) -> None:
    assert rate(numerator, denominator) == expected


def test_rate_of_nothing_expected_is_none() -> None:
    assert rate(0, 0) is None


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 3), (1, -3), (4, 3)])
def test_rate_refuses_impossible_counts(numerator: int, denominator: int) -> None:
    with pytest.raises(ValueError):
        rate(numerator, denominator)


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_rate_is_always_within_0_and_1(a: int, b: int) -> None:
    numerator, denominator = min(a, b), max(a, b)
    assume(denominator > 0)
    value = rate(numerator, denominator)
    assert value is not None
    assert 0.0 <= value <= 1.0


def test_figures_of_no_expected_unit_have_no_rates() -> None:
    assert figures([]) == Figures(0, 0, 0, 0, 0, 0, None, None)


def test_figures_count_each_state_and_rate_against_expected() -> None:
    states = [
        ReportState.ON_TIME,
        ReportState.ON_TIME,
        ReportState.LATE,
        ReportState.MISSING,
        ReportState.PENDING,
        ReportState.PENDING,
    ]
    assert figures(states) == Figures(
        expected=6,
        reported=3,
        on_time=2,
        late=1,
        missing=1,
        pending=2,
        reporting_rate=0.5,
        on_time_rate=0.3333,
    )


def test_figures_accept_a_generator_and_stored_strings() -> None:
    result = figures(s for s in ["on_time", "late"])  # type: ignore[misc]
    assert (result.expected, result.reported, result.on_time_rate) == (2, 2, 0.5)


def test_figures_refuse_an_unknown_state() -> None:
    with pytest.raises(ValueError):
        figures(["not_expected"])  # type: ignore[list-item]


units = st.builds(
    UnitSpan,
    reports_required=st.booleans(),
    active_from=st.none() | st.dates(date(2026, 1, 1), date(2027, 1, 31)),
    active_to=st.none() | st.dates(date(2026, 1, 1), date(2027, 1, 31)),
)


@given(
    campaign_months,
    st.lists(st.tuples(units, st.none() | instants), max_size=30),
    instants,
)
def test_each_expected_unit_has_one_state_and_figures_add_up(
    month: Month, population: list[tuple[UnitSpan, datetime | None]], as_of: datetime
) -> None:
    states = [
        judge_report(CAL, month, received, as_of).state
        for unit, received in population
        if is_expected(CAL, unit, month)
    ]
    assert all(isinstance(state, ReportState) for state in states)
    result = figures(states)
    assert result.expected == len(states)
    assert result.on_time + result.late + result.missing + result.pending == result.expected
    assert result.reported == result.on_time + result.late
    if result.expected == 0:
        assert result.reporting_rate is None and result.on_time_rate is None
    else:
        assert result.on_time_rate is not None and result.reporting_rate is not None
        assert 0.0 <= result.on_time_rate <= result.reporting_rate <= 1.0
