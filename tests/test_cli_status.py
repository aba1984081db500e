"""``status``: KHTC's view of a month, and of the whole campaign.

One realistic June is built through the CLI itself (fixture ``june``) on top of the seed units:

- BVA's report received at 24/06/2026 23:59:59 (the last on-time second), one identified entry;
- BVC's report received at 25/06/2026 00:00:00 (late by one day), one entry submitted on
  05/10/2026 09:00, inside the submission window;
- BVGT sends no report; its only entry was withdrawn on 15/07/2026;
- BVMOI joins on 26/06/2026 (after June's deadline): not expected in June, expected from July;
- BVCU is inactive from 01/06/2026: never expected;
- KHTC does not report (reports_required 0): never in a month's list.

"Now" is 05/10/2026 09:00 (window open) when the story ends; most tests name their instant with
``--as-of``. The other seed units have neither reports nor entries: tests filter with
``--unit``/``--kind`` or look at given rows, and derive whole-list counts from ``units list``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import assert_refused, build_once, copy_database

FIGURES = ["--activities", "1", "--reached", "1", "--candidates", "1", "--mobilized", "1"]
ENTRY = [
    "--category",
    "san_pham",
    "--author-type",
    "tap_the",
    "--authors",
    "Nguyễn Văn A; Trần Thị B",
    "--field",
    "cds",
    "--applied-since",
    "01/03/2026",
]

STORY_END = "2026-10-05T09:00:00+07:00"

MONTH_KEYS = {
    "campaign",
    "month",
    "as_of",
    "deadline",
    "last_on_time_day",
    "submission_window",
    "units",
    "summary",
}
MONTH_UNIT_KEYS = {
    "code",
    "name",
    "kind",
    "report",
    "received_at",
    "days_late",
    "entries",
    "nomination",
    "flags",
    # Added by the returns of issue 15 (the contract allows added keys):
    "returned",
    "return_reason",
    "remind",
}
SUMMARY_KEYS = {
    "expected",
    "reported",
    "on_time",
    "late",
    "missing",
    "pending",
    "reporting_rate",
    "on_time_rate",
    "nomination_met",
    "nomination_missed",
    "returned",  # added: reports returned, awaiting correction
}
MONTHS = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]


@dataclass(frozen=True)
class Story:
    seeded: int  # seed units that owe a report (all of them active, all but KHTC)
    seeded_phong: int
    seeded_don_vi: int


def ok(run, *args: str, env: dict[str, str] | None = None):
    result = run(*args, env=env)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def build_june(run, setenv) -> Story:
    """The story, told through the CLI; ``setenv`` moves "now" as it goes."""
    ok(run, "init")
    units = json.loads(ok(run, "units", "list", "--json").stdout)
    reporting = [u for u in units if u["reports_required"] and u["active"]]
    story = Story(
        seeded=len(reporting),
        seeded_phong=sum(1 for u in reporting if u["kind"] == "phong"),
        seeded_don_vi=sum(1 for u in reporting if u["kind"] == "don_vi"),
    )

    setenv("YTCONTEST_NOW", "2026-06-01T09:00:00+07:00")
    ok(
        run,
        "units",
        "add",
        "BVMOI",
        "Bệnh viện Mới",
        "--kind",
        "don_vi",
        "--active-from",
        "26/06/2026",
    )
    ok(run, "units", "add", "BVCU", "Bệnh viện Cũ", "--kind", "don_vi")
    ok(run, "units", "deactivate", "BVCU", "--from", "01/06/2026")
    assert ok(
        run, "entries", "add", "--unit", "BVA", "--title", "Nhắc lịch tái khám", *ENTRY
    ).stdout.startswith("Đã thêm hồ sơ số 1 ")
    assert ok(
        run, "entries", "add", "--unit", "BVC", "--title", "Bệnh án điện tử", *ENTRY
    ).stdout.startswith("Đã thêm hồ sơ số 2 ")
    assert ok(
        run, "entries", "add", "--unit", "BVGT", "--title", "Kho thuốc thông minh", *ENTRY
    ).stdout.startswith("Đã thêm hồ sơ số 3 ")

    setenv("YTCONTEST_NOW", "2026-07-10T10:00:00+07:00")
    ok(
        run,
        "report",
        "add",
        "--unit",
        "BVA",
        "--month",
        "06/2026",
        "--received",
        "24/06/2026 23:59:59",
        *FIGURES,
    )
    ok(
        run,
        "report",
        "add",
        "--unit",
        "BVC",
        "--month",
        "06/2026",
        "--received",
        "25/06/2026 00:00:00",
        *FIGURES,
    )

    setenv("YTCONTEST_NOW", "2026-07-15T14:00:00+07:00")
    ok(run, "entries", "withdraw", "3", "--reason", "Trùng với sáng kiến năm trước")

    setenv("YTCONTEST_NOW", STORY_END)
    ok(run, "entries", "submit", "2")
    return story


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Story]:
    """The story's database, built once per module (the CLI calls take most of the time)."""
    return build_once(tmp_path_factory, "june", build_june)


@pytest.fixture
def june(built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Story:
    """A copy of the story's database where YTCONTEST_DB points; "now" is the story's end."""
    folder, story = built
    copy_database(folder, tmp_path)
    monkeypatch.setenv("YTCONTEST_NOW", STORY_END)
    return story


def test_the_shared_copy_is_the_story_built_in_the_tests_own_database(
    run, tmp_path, monkeypatch, built
):
    build_june(run, monkeypatch.setenv)
    fresh = month(run)
    copy_database(built[0], tmp_path, replace=True)
    assert month(run) == fresh


def status(run, *args: str) -> dict:
    return json.loads(ok(run, "status", "--json", *args).stdout)


def month(run, *args: str) -> dict:
    return status(run, "--month", "06/2026", *args)


def row(data: dict, code: str) -> dict:
    found = [r for r in data["units"] if r["code"] == code]
    assert len(found) == 1, (code, [r["code"] for r in data["units"]])
    return found[0]


def codes(data: dict) -> list[str]:
    return [r["code"] for r in data["units"]]


# --- status --month: the shape -------------------------------------------------------------------


def test_month_json_has_exactly_the_contract_top_level_keys(run, june):
    assert set(month(run)) == MONTH_KEYS


def test_month_json_names_the_campaign(run, june):
    assert month(run)["campaign"] == {
        "code": "2026",
        "name": "Cuộc thi Đổi mới sáng tạo - vì Thái Nguyên thân yêu lần thứ II, năm 2026",
    }


def test_month_json_gives_the_month_deadline_and_last_on_time_day(run, june):
    data = month(run)
    assert data["month"] == "2026-06"
    assert data["deadline"] == "2026-06-25T00:00:00+07:00"
    assert data["last_on_time_day"] == "2026-06-24"


def test_month_json_as_of_defaults_to_now(run, june):
    assert month(run)["as_of"] == STORY_END


def test_month_json_gives_the_submission_window_and_its_state(run, june):
    assert month(run)["submission_window"] == {
        "opens": "2026-10-01T00:00:00+07:00",
        "closes": "2026-11-01T00:00:00+07:00",
        "state": "open",
    }


def test_month_json_unit_rows_have_exactly_the_contract_keys(run, june):
    data = month(run)
    assert data["units"]
    for unit in data["units"]:
        assert set(unit) == MONTH_UNIT_KEYS, unit
        assert set(unit["entries"]) == {"active", "submitted"}


def test_month_json_summary_has_exactly_the_contract_keys(run, june):
    assert set(month(run)["summary"]) == SUMMARY_KEYS


def test_month_accepts_the_iso_month_too(run, june):
    assert status(run, "--month", "2026-06") == month(run)


def test_month_format_json_is_the_same_as_json(run, june):
    result = ok(run, "status", "--month", "06/2026", "--format", "json")
    assert json.loads(result.stdout) == month(run)


# --- status --month: each unit of the story ------------------------------------------------------


def test_month_unit_reporting_in_the_last_second_is_on_time(run, june):
    assert row(month(run), "BVA") == {
        "code": "BVA",
        "name": "Bệnh viện A Thái Nguyên",
        "kind": "don_vi",
        "report": "on_time",
        "received_at": "2026-06-24T23:59:59+07:00",
        "days_late": 0,
        "entries": {"active": 1, "submitted": 0},
        "nomination": "pending",
        "flags": [],
        "returned": False,
        "return_reason": None,
        "remind": [],
    }


def test_month_unit_reporting_at_midnight_of_the_25th_is_late_by_one_day(run, june):
    assert row(month(run), "BVC") == {
        "code": "BVC",
        "name": "Bệnh viện C Thái Nguyên",
        "kind": "don_vi",
        "report": "late",
        "received_at": "2026-06-25T00:00:00+07:00",
        "days_late": 1,
        "entries": {"active": 1, "submitted": 1},
        "nomination": "met",
        "flags": ["late_report"],
        "returned": False,
        "return_reason": None,
        "remind": [],
    }


def test_month_unit_without_report_and_with_only_a_withdrawn_entry(run, june):
    assert row(month(run), "BVGT") == {
        "code": "BVGT",
        "name": "Bệnh viện Gang Thép Thái Nguyên",
        "kind": "don_vi",
        "report": "missing",
        "received_at": None,
        "days_late": None,
        "entries": {"active": 0, "submitted": 0},
        "nomination": "pending",
        "flags": ["missing_report", "no_candidate"],
        "returned": False,
        "return_reason": None,
        "remind": ["missing_report", "no_candidate"],
    }


def test_month_leaves_out_a_unit_that_joined_after_the_deadline(run, june):
    assert "BVMOI" not in codes(month(run))


def test_month_expects_a_unit_that_joined_after_the_deadline_the_next_month(run, june):
    data = status(run, "--month", "07/2026", "--unit", "BVMOI")
    assert row(data, "BVMOI")["report"] == "missing"
    assert data["summary"]["expected"] == 1


def test_month_leaves_out_a_unit_inactive_since_the_first_of_the_month(run, june):
    assert "BVCU" not in codes(month(run))


def test_month_never_lists_a_unit_that_does_not_report(run, june):
    assert "KHTC" not in codes(month(run))


def test_month_lists_offices_first_then_affiliated_units(run, june):
    kinds = [r["kind"] for r in month(run)["units"]]
    assert kinds == sorted(kinds, key=lambda k: k != "phong")
    assert kinds[0] == "phong" and kinds[-1] == "don_vi"


def test_month_lists_every_seed_unit_that_owes_a_report(run, june):
    assert len(month(run)["units"]) == june.seeded


def test_month_judges_an_amended_report_on_its_first_revision(run, june, monkeypatch):
    monkeypatch.setenv("YTCONTEST_NOW", "2026-07-20T09:00:00+07:00")
    ok(run, "report", "add", "--unit", "BVC", "--month", "06/2026", "--amend", *FIGURES)
    bvc = row(month(run, "--as-of", "21/07/2026 09:00"), "BVC")
    assert (bvc["report"], bvc["received_at"], bvc["days_late"]) == (
        "late",
        "2026-06-25T00:00:00+07:00",
        1,
    )


def test_month_expects_a_unit_active_for_part_of_the_month(run, june):
    ok(run, "units", "deactivate", "BVGT", "--from", "15/06/2026")
    assert row(month(run), "BVGT")["report"] == "missing"
    assert "BVGT" not in codes(status(run, "--month", "07/2026"))


# --- status --month: summary ---------------------------------------------------------------------


def test_month_summary_counts_every_expected_unit(run, june):
    n = june.seeded
    assert month(run)["summary"] == {
        "expected": n,
        "reported": 2,
        "on_time": 1,
        "late": 1,
        "missing": n - 2,
        "pending": 0,
        "reporting_rate": round(2 / n, 4),
        "on_time_rate": round(1 / n, 4),
        "nomination_met": 1,
        "nomination_missed": 0,
        "returned": 0,
    }


def test_month_summary_of_the_affiliated_units(run, june):
    n = june.seeded_don_vi
    summary = month(run, "--kind", "don_vi")["summary"]
    assert (summary["expected"], summary["reported"], summary["missing"]) == (n, 2, n - 2)
    assert summary["reporting_rate"] == round(2 / n, 4)
    assert summary["on_time_rate"] == round(1 / n, 4)


def test_month_summary_of_one_unit_on_time_gives_rates_of_one(run, june):
    summary = month(run, "--unit", "BVA")["summary"]
    assert summary == {
        "expected": 1,
        "reported": 1,
        "on_time": 1,
        "late": 0,
        "missing": 0,
        "pending": 0,
        "reporting_rate": 1.0,
        "on_time_rate": 1.0,
        "nomination_met": 0,
        "nomination_missed": 0,
        "returned": 0,
    }


def test_month_summary_of_a_late_unit_counts_it_reported_but_not_on_time(run, june):
    summary = month(run, "--unit", "BVC")["summary"]
    assert summary["reporting_rate"] == 1.0
    assert summary["on_time_rate"] == 0.0
    assert summary["nomination_met"] == 1


def test_month_rates_are_null_when_no_unit_is_expected(run, june):
    data = month(run, "--unit", "BVMOI")
    assert data["units"] == []
    assert data["summary"] == {
        "expected": 0,
        "reported": 0,
        "on_time": 0,
        "late": 0,
        "missing": 0,
        "pending": 0,
        "reporting_rate": None,
        "on_time_rate": None,
        "nomination_met": 0,
        "nomination_missed": 0,
        "returned": 0,
    }


def test_month_rates_are_fractions_rounded_to_four_decimals(run, june):
    summary = month(run)["summary"]
    n = june.seeded
    assert 2 / n != round(2 / n, 4)  # the seed gives a rate that needs rounding
    assert summary["reporting_rate"] == round(2 / n, 4)
    assert summary["on_time_rate"] == round(1 / n, 4)


# --- status --month --as-of: the same month seen at several instants -----------------------------


def test_as_of_last_second_before_deadline_a_unit_without_report_is_pending(run, june):
    data = month(run, "--as-of", "24/06/2026 23:59:59")
    assert data["as_of"] == "2026-06-24T23:59:59+07:00"
    bvgt = row(data, "BVGT")
    assert (bvgt["report"], bvgt["received_at"], bvgt["days_late"]) == ("pending", None, None)
    assert bvgt["flags"] == []


def test_as_of_last_second_before_deadline_a_report_received_later_is_pending(run, june):
    bvc = row(month(run, "--as-of", "24/06/2026 23:59:59"), "BVC")
    assert (bvc["report"], bvc["received_at"], bvc["days_late"]) == ("pending", None, None)


def test_as_of_the_instant_of_receipt_the_report_counts(run, june):
    bva = row(month(run, "--as-of", "24/06/2026 23:59:59"), "BVA")
    assert (bva["report"], bva["received_at"], bva["days_late"]) == (
        "on_time",
        "2026-06-24T23:59:59+07:00",
        0,
    )


def test_as_of_last_second_before_deadline_entries_then_existing_are_on_track(run, june):
    data = month(run, "--as-of", "24/06/2026 23:59:59")
    assert data["submission_window"]["state"] == "not_open"
    for code in ("BVA", "BVC", "BVGT"):  # BVGT's entry was withdrawn only in July
        assert row(data, code)["entries"] == {"active": 1, "submitted": 0}
        assert row(data, code)["nomination"] == "on_track"


def test_as_of_last_second_before_deadline_summary_counts_pending(run, june):
    summary = month(run, "--as-of", "24/06/2026 23:59:59")["summary"]
    n = june.seeded
    assert (summary["on_time"], summary["late"], summary["missing"], summary["pending"]) == (
        1,
        0,
        0,
        n - 1,
    )
    assert summary["reporting_rate"] == round(1 / n, 4)


def test_as_of_midnight_of_the_25th_a_unit_without_report_is_missing(run, june):
    bvgt = row(month(run, "--as-of", "25/06/2026 00:00"), "BVGT")
    assert bvgt["report"] == "missing"
    assert bvgt["flags"] == ["missing_report"]


def test_as_of_midnight_of_the_25th_the_report_received_then_is_late(run, june):
    bvc = row(month(run, "--as-of", "25/06/2026 00:00"), "BVC")
    assert (bvc["report"], bvc["received_at"], bvc["days_late"], bvc["flags"]) == (
        "late",
        "2026-06-25T00:00:00+07:00",
        1,
        ["late_report"],
    )


def test_as_of_before_a_report_was_received_it_is_pending(run, june):
    bva = row(month(run, "--as-of", "20/06/2026 08:00"), "BVA")
    assert bva == {
        "code": "BVA",
        "name": "Bệnh viện A Thái Nguyên",
        "kind": "don_vi",
        "report": "pending",
        "received_at": None,
        "days_late": None,
        "entries": {"active": 1, "submitted": 0},
        "nomination": "on_track",
        "flags": [],
        "returned": False,
        "return_reason": None,
        "remind": ["report_due"],
    }


def test_as_of_before_a_units_entries_existed_it_has_no_candidate(run, june):
    bva = row(month(run, "--as-of", "31/05/2026 12:00"), "BVA")
    assert bva["entries"] == {"active": 0, "submitted": 0}
    assert bva["nomination"] == "no_candidate"
    assert bva["flags"] == ["no_candidate"]


def test_as_of_inside_the_window_before_submission_nomination_is_pending(run, june):
    data = month(run, "--as-of", "03/10/2026 12:00")
    assert data["submission_window"]["state"] == "open"
    assert row(data, "BVC")["entries"] == {"active": 1, "submitted": 0}
    assert row(data, "BVC")["nomination"] == "pending"


def test_as_of_inside_the_window_a_submitted_entry_meets_the_nomination(run, june):
    data = month(run, "--as-of", "15/10/2026 12:00")
    assert row(data, "BVC")["nomination"] == "met"
    assert row(data, "BVA")["nomination"] == "pending"
    assert row(data, "BVA")["flags"] == []
    assert row(data, "BVGT")["flags"] == ["missing_report", "no_candidate"]


def test_as_of_window_closed_nomination_is_met_or_missed(run, june):
    data = month(run, "--as-of", "01/11/2026 00:00")
    assert data["submission_window"]["state"] == "closed"
    assert (row(data, "BVA")["nomination"], row(data, "BVA")["flags"]) == (
        "missed",
        ["nomination_missed"],
    )
    assert (row(data, "BVC")["nomination"], row(data, "BVC")["flags"]) == ("met", ["late_report"])
    # Once the window has closed, the missed nomination replaces "no candidate".
    assert row(data, "BVGT")["flags"] == ["missing_report", "nomination_missed"]


def test_as_of_window_closed_summary_counts_met_and_missed(run, june):
    summary = month(run, "--as-of", "01/11/2026 00:00")["summary"]
    assert summary["nomination_met"] == 1
    assert summary["nomination_missed"] == june.seeded - 1


def test_as_of_in_utc_is_judged_as_the_same_instant(run, june):
    data = month(run, "--as-of", "2026-06-24T17:00:00Z")
    assert data["as_of"] == "2026-06-25T00:00:00+07:00"
    assert row(data, "BVGT")["report"] == "missing"
    assert row(data, "BVC")["report"] == "late"


def test_as_of_in_utc_one_second_earlier_is_before_the_deadline(run, june):
    data = month(run, "--as-of", "2026-06-24T16:59:59Z")
    assert data["as_of"] == "2026-06-24T23:59:59+07:00"
    assert row(data, "BVGT")["report"] == "pending"
    assert row(data, "BVC")["report"] == "pending"


def test_as_of_in_utc_at_the_window_close(run, june):
    assert month(run, "--as-of", "2026-10-31T16:59:59Z")["submission_window"]["state"] == "open"
    assert month(run, "--as-of", "2026-10-31T17:00:00Z")["submission_window"]["state"] == "closed"


def test_as_of_that_is_not_a_date_is_refused(run, june):
    assert_refused(run("--lang", "en", "status", "--month", "06/2026", "--as-of", "31/02/2026"))


# --- status --month: filters and --strict --------------------------------------------------------


def test_filter_unit_by_code_shows_only_that_unit(run, june):
    assert codes(month(run, "--unit", "bvc")) == ["BVC"]


def test_filter_unit_by_words_of_its_name(run, june):
    assert codes(month(run, "--unit", "benh vien gang thep")) == ["BVGT"]


def test_filter_unknown_unit_is_refused(run, june):
    assert_refused(run("--lang", "en", "status", "--month", "06/2026", "--unit", "NOPE"))


def test_filter_kind_phong_shows_only_offices_that_report(run, june):
    data = month(run, "--kind", "phong")
    assert {r["kind"] for r in data["units"]} == {"phong"}
    assert len(data["units"]) == june.seeded_phong
    assert {"VP", "TTRA", "NVY"} <= set(codes(data))
    assert "KHTC" not in codes(data)


def test_filter_kind_don_vi_shows_only_affiliated_units(run, june):
    data = month(run, "--kind", "don_vi")
    assert {r["kind"] for r in data["units"]} == {"don_vi"}
    assert len(data["units"]) == june.seeded_don_vi
    assert {"BVA", "BVC", "BVGT"} <= set(codes(data))


def test_filter_unknown_kind_is_refused(run, june):
    result = run("status", "--month", "06/2026", "--kind", "benh_vien")
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_filter_only_flagged_leaves_out_units_without_flags(run, june):
    data = month(run, "--only-flagged", "--as-of", "15/10/2026 12:00")
    assert "BVA" not in codes(data)
    assert {"BVC", "BVGT"} <= set(codes(data))
    assert all(r["flags"] for r in data["units"])


def test_filter_only_flagged_keeps_the_summary_of_all_units(run, june):
    flagged = month(run, "--only-flagged")
    everyone = month(run)
    assert flagged["summary"] == everyone["summary"]
    assert len(flagged["units"]) == len(everyone["units"]) - 1  # all but BVA


def test_strict_exits_0_when_no_unit_shown_is_flagged(run, june):
    result = run("status", "--month", "06/2026", "--unit", "BVA", "--strict", "--json")
    assert result.exit_code == 0, result.output
    assert row(json.loads(result.stdout), "BVA")["flags"] == []


def test_strict_exits_3_when_a_unit_shown_is_flagged(run, june):
    result = run("status", "--month", "06/2026", "--unit", "BVC", "--strict", "--json")
    assert result.exit_code == 3, result.output
    assert row(json.loads(result.stdout), "BVC")["flags"] == ["late_report"]


def test_strict_exits_3_for_a_missed_nomination_after_the_window(run, june):
    result = run(
        "status", "--month", "06/2026", "--unit", "BVA", "--strict", "--as-of", "01/11/2026 00:00"
    )
    assert result.exit_code == 3, result.output


def test_strict_exits_3_in_the_table_format_too(run, june):
    result = run("--lang", "en", "status", "--month", "06/2026", "--strict")
    assert result.exit_code == 3, result.output
    assert "BVGT" in result.stdout


def test_strict_exits_0_when_only_flagged_leaves_nobody(run, june):
    result = run(
        "status", "--month", "06/2026", "--unit", "BVA", "--only-flagged", "--strict", "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["units"] == []


def test_month_outside_the_campaign_is_refused(run, june):
    result = run("--lang", "en", "status", "--month", "05/2026")
    assert_refused(result, "05/2026 is not a report month of campaign 2026 (06/2026 to 11/2026)")
    assert result.stdout == ""


def test_month_after_the_campaign_is_refused(run, june):
    assert_refused(run("--lang", "en", "status", "--month", "12/2026", "--json"), "12/2026")


# --- status --month: CSV and table ---------------------------------------------------------------


def month_csv(run, *args: str) -> list[dict[str, str]]:
    # --codes: what scripts read (test_cli_export.py covers the words people read).
    result = ok(
        run, "--lang", "en", "status", "--month", "06/2026", "--format", "csv", "--codes", *args
    )
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_csv_parses_with_one_row_per_unit(run, june):
    rows = month_csv(run, "--kind", "don_vi")
    assert [r["Code"] for r in rows] == codes(month(run, "--kind", "don_vi"))


def test_csv_has_the_columns_of_the_month_view(run, june):
    result = ok(run, "--lang", "en", "status", "--month", "06/2026", "--format", "csv")
    assert next(csv.reader(io.StringIO(result.stdout))) == [
        "Code",
        "Unit",
        "Kind",
        "Report",
        "Received",
        "Days late",
        "Entries",
        "Submitted",
        "Nomination",
        "Flags",
    ]


def test_csv_row_of_a_late_unit(run, june):
    (bvc,) = month_csv(run, "--unit", "BVC")
    assert bvc == {
        "Code": "BVC",
        "Unit": "Bệnh viện C Thái Nguyên",
        "Kind": "don_vi",
        "Report": "late",
        "Received": "2026-06-25T00:00:00+07:00",
        "Days late": "1",
        "Entries": "1",
        "Submitted": "1",
        "Nomination": "met",
        "Flags": "late_report",
    }


def test_csv_row_of_a_missing_unit_lists_both_flags(run, june):
    (bvgt,) = month_csv(run, "--unit", "BVGT")
    assert (bvgt["Report"], bvgt["Received"], bvgt["Days late"]) == ("missing", "", "")
    assert bvgt["Flags"] == "missing_report; no_candidate"


def en_table(run, *args: str, columns: int = 80) -> str:
    result = ok(run, "--lang", "en", "status", *args, env={"COLUMNS": str(columns)})
    assert "Traceback" not in result.output
    return result.stdout


def test_month_table_shows_the_group_titles_and_the_units(run, june):
    out = en_table(run, "--month", "06/2026", columns=120)
    assert "I. Offices of the Department" in out
    assert "II. Affiliated units" in out
    assert out.index("I. Offices of the Department") < out.index("VP ")
    assert out.index("II. Affiliated units") < out.index("BVA ") < out.index("BVGT ")
    assert "KHTC" not in out


def test_month_table_shows_the_deadline_and_the_summary_lines(run, june):
    out = en_table(run, "--month", "06/2026", columns=120)
    n = june.seeded
    assert "Deadline: before 25/06/2026 (" in out
    assert f"Expected {n} · reported 2 (on time 1, late 1) · missing {n - 2} · not yet due 0" in out
    assert f"Reporting rate {2 / n * 100:.1f}% · on-time rate {1 / n * 100:.1f}%" in out


def test_month_table_fits_in_80_columns(run, june):
    out = en_table(run, "--month", "06/2026")
    assert max(len(line) for line in out.splitlines()) <= 80


def test_month_table_keeps_each_group_title_on_one_line_in_80_columns(run, june):
    out = en_table(run, "--month", "06/2026")
    assert "I. Offices of the Department" in out
    assert "II. Affiliated units" in out


def test_month_table_in_vietnamese_does_not_show_the_english_titles(run, june):
    out = ok(run, "status", "--month", "06/2026", env={"COLUMNS": "120"}).stdout
    assert "Offices of the Department" not in out
    assert "Affiliated units" not in out
    assert "Expected" not in out


def test_month_table_with_nobody_to_show_says_so(run, june):
    out = en_table(run, "--month", "06/2026", "--unit", "BVMOI")
    assert "No unit to show." in out
    assert "Expected 0 · reported 0" in out
    assert "Reporting rate - · on-time rate -" in out


# --- status without --month: the campaign overview -----------------------------------------------


def overview(run, *args: str) -> dict:
    return status(run, "--as-of", "26/07/2026 09:00", *args)


def test_overview_json_has_exactly_the_contract_keys(run, june):
    data = overview(run)
    assert set(data) == {"campaign", "as_of", "timeline", "months", "units"}
    assert set(data["timeline"]) == {"launch", "submission_window", "report_months"}


def test_overview_timeline(run, june):
    data = overview(run)
    assert data["campaign"] == {
        "code": "2026",
        "name": "Cuộc thi Đổi mới sáng tạo - vì Thái Nguyên thân yêu lần thứ II, năm 2026",
    }
    assert data["as_of"] == "2026-07-26T09:00:00+07:00"
    assert data["timeline"] == {
        "launch": "2026-04-03",
        "submission_window": {
            "opens": "2026-10-01T00:00:00+07:00",
            "closes": "2026-11-01T00:00:00+07:00",
            "state": "not_open",
        },
        "report_months": [{"month": m, "deadline": f"{m}-25T00:00:00+07:00"} for m in MONTHS],
    }


def test_overview_month_rows_have_exactly_the_contract_keys(run, june):
    data = overview(run)
    assert [m["month"] for m in data["months"]] == MONTHS
    for m in data["months"]:
        assert set(m) == {
            "month",
            "deadline",
            "expected",
            "reported",
            "on_time",
            "late",
            "missing",
            "pending",
            "reporting_rate",
            "on_time_rate",
            "returned",  # added: reports returned, awaiting correction
        }


def test_overview_month_figures_of_june(run, june):
    n = june.seeded
    assert overview(run)["months"][0] == {
        "month": "2026-06",
        "deadline": "2026-06-25T00:00:00+07:00",
        "expected": n,
        "reported": 2,
        "on_time": 1,
        "late": 1,
        "missing": n - 2,
        "pending": 0,
        "reporting_rate": round(2 / n, 4),
        "on_time_rate": round(1 / n, 4),
        "returned": 0,
    }


def test_overview_month_figures_of_july_count_the_newcomer(run, june):
    n = june.seeded + 1  # BVMOI owes July's report
    july = overview(run)["months"][1]
    assert (july["expected"], july["reported"], july["missing"], july["pending"]) == (n, 0, n, 0)
    assert (july["reporting_rate"], july["on_time_rate"]) == (0.0, 0.0)


def test_overview_month_figures_of_a_month_not_yet_due_are_pending(run, june):
    august = overview(run)["months"][2]
    n = june.seeded + 1
    assert (august["expected"], august["missing"], august["pending"]) == (n, 0, n)


def test_overview_month_figures_match_the_month_view(run, june):
    summary = month(run, "--as-of", "26/07/2026 09:00")["summary"]
    june_row = overview(run)["months"][0]
    for key in ("expected", "reported", "on_time", "late", "missing", "pending"):
        assert june_row[key] == summary[key], key
    assert june_row["reporting_rate"] == summary["reporting_rate"]
    assert june_row["on_time_rate"] == summary["on_time_rate"]


def test_overview_unit_rows_have_exactly_the_contract_keys(run, june):
    for unit in overview(run)["units"]:
        assert set(unit) == {"code", "name", "kind", "months", "entries", "nomination", "flags"}
        assert list(unit["months"]) == MONTHS


def test_overview_unit_on_time_in_june_and_missing_in_july(run, june):
    assert row(overview(run), "BVA") == {
        "code": "BVA",
        "name": "Bệnh viện A Thái Nguyên",
        "kind": "don_vi",
        "months": {
            "2026-06": "on_time",
            "2026-07": "missing",
            "2026-08": "pending",
            "2026-09": "pending",
            "2026-10": "pending",
            "2026-11": "pending",
        },
        "entries": {"active": 1, "submitted": 0},
        "nomination": "on_track",
        "flags": ["missing_report"],
    }


def test_overview_unit_late_once_carries_both_report_flags(run, june):
    bvc = row(overview(run), "BVC")
    assert bvc["months"]["2026-06"] == "late"
    assert bvc["flags"] == ["missing_report", "late_report"]
    # its entry was submitted only in October
    assert (bvc["entries"], bvc["nomination"]) == ({"active": 1, "submitted": 0}, "on_track")


def test_overview_unit_with_a_withdrawn_entry_has_no_candidate(run, june):
    bvgt = row(overview(run), "BVGT")
    assert bvgt["entries"] == {"active": 0, "submitted": 0}
    assert bvgt["nomination"] == "no_candidate"
    assert bvgt["flags"] == ["missing_report", "no_candidate"]


def test_overview_newcomer_does_not_owe_the_months_before_it_joined(run, june):
    assert row(overview(run), "BVMOI")["months"] == {
        "2026-06": "not_expected",
        "2026-07": "missing",
        "2026-08": "pending",
        "2026-09": "pending",
        "2026-10": "pending",
        "2026-11": "pending",
    }


def test_overview_unit_that_does_not_report_owes_no_month(run, june):
    khtc = row(overview(run), "KHTC")
    assert set(khtc["months"].values()) == {"not_expected"}
    assert "missing_report" not in khtc["flags"]


def test_overview_after_the_window_closes(run, june):
    data = status(run, "--as-of", "01/11/2026 00:00")
    assert data["timeline"]["submission_window"]["state"] == "closed"
    assert row(data, "BVC")["nomination"] == "met"
    assert row(data, "BVA")["nomination"] == "missed"
    assert "nomination_missed" in row(data, "BVA")["flags"]


def test_overview_filter_unit_limits_units_and_month_figures(run, june):
    data = overview(run, "--unit", "BVA")
    assert codes(data) == ["BVA"]
    assert [m["expected"] for m in data["months"]] == [1] * 6
    assert data["months"][0]["on_time_rate"] == 1.0


def test_overview_rates_are_null_for_a_month_nobody_owes(run, june):
    data = overview(run, "--unit", "BVMOI")
    assert data["months"][0]["expected"] == 0
    assert data["months"][0]["reporting_rate"] is None
    assert data["months"][0]["on_time_rate"] is None


def test_overview_filter_kind(run, june):
    data = overview(run, "--kind", "phong")
    assert {r["kind"] for r in data["units"]} == {"phong"}
    assert data["months"][0]["expected"] == june.seeded_phong


def test_overview_strict_exits_3_when_a_unit_is_flagged(run, june):
    result = run("status", "--unit", "BVA", "--as-of", "26/07/2026 09:00", "--strict", "--json")
    assert result.exit_code == 3, result.output


def test_overview_strict_exits_0_when_no_unit_is_flagged(run, june):
    result = run("status", "--unit", "BVA", "--as-of", "24/06/2026 12:00", "--strict", "--json")
    assert result.exit_code == 0, result.output
    assert row(json.loads(result.stdout), "BVA")["flags"] == []


def test_overview_table_shows_group_titles_units_and_months(run, june):
    out = en_table(run, "--as-of", "26/07/2026 09:00")
    assert "I. Offices of the Department" in out
    assert "II. Affiliated units" in out
    for code in ("VP", "BVA", "BVC", "BVGT", "BVMOI"):
        assert f"\n{code} " in out, code
    assert "06/2026  before 25/06/2026" in out


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_overview_table_fits_in_80_columns(run, june, lang):
    result = ok(run, "--lang", lang, "status", env={"COLUMNS": "80"})
    assert max(len(line) for line in result.stdout.splitlines()) <= 80, result.stdout


def test_overview_csv_has_one_row_per_unit_and_a_column_per_month(run, june):
    result = ok(
        run, "--lang", "en", "status", "--as-of", "26/07/2026 09:00", "--format", "csv", "--codes"
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["Code"] for r in rows] == codes(overview(run))
    bva = next(r for r in rows if r["Code"] == "BVA")
    assert [bva[m] for m in MONTHS] == ["on_time", "missing"] + ["pending"] * 4


def test_month_table_says_the_deadline_in_the_one_wording_in_vietnamese(run, june):
    # Issue 12 point 6: one wording for every deadline, without the "00:00".
    result = run("status", "--month", "06/2026", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Hạn nộp: trước ngày 25/06/2026 (" in result.stdout


def test_month_table_shows_the_received_day_with_its_year(run, june):
    # "24/06" leaves the year to guess in a campaign that crosses into a new year.
    out = en_table(run, "--month", "06/2026")
    assert "24/06/2026" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_filter_kind_takes_the_words_of_the_kind(run, june):
    data = json.loads(ok(run, "status", "--month", "06/2026", "--kind", "don vi truc thuoc",
                         "--json").stdout)  # fmt: skip
    assert len(data["units"]) == june.seeded_don_vi
