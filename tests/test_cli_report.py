"""``report``: filing, amending, listing and importing monthly reports, as a clerk types them.

Everything runs through the CLI against a real temporary SQLite file (fixture ``db_path``); "now"
is 2026-07-10 10:00 Vietnam time unless a test says otherwise. Messages are checked in English
(``--lang en``), except where the Vietnamese words themselves are the point.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest

from tests.helpers import assert_refused


def figures(activities: int, reached: int, candidates: int, mobilized: int) -> list[str]:
    return [
        *("--activities", str(activities), "--reached", str(reached)),
        *("--candidates", str(candidates), "--mobilized", str(mobilized)),
    ]


FIGURES = figures(3, 250, 4, 2)

REPORT_KEYS = {
    "unit",
    "month",
    "received_at",
    "deadline",
    "timeliness",
    "days_late",
    "activities",
    "reached",
    "candidates",
    "mobilized",
    "doc_number",
    "summary",
    "difficulties",
    "revision",
    "revisions",
    # Added by the returns of issue 15: returned|accepted|null, and what to correct.
    "review",
    "return_reason",
}

VN_HEADER = (
    "Mã đơn vị;Tháng;Ngày nhận;Số hoạt động;Số người được tiếp cận;Số ý tưởng;Số hồ sơ vận động"
)


# --- helpers --------------------------------------------------------------------------------------


def add(run, *extra: str, unit: str = "BVA", month: str = "06/2026", values=FIGURES):
    """``report add`` in English with the usual figures; ``extra`` goes last."""
    return run("--lang", "en", "report", "add", "--unit", unit, "--month", month, *values, *extra)


def add_json(run, *extra: str, unit: str = "BVA", month: str = "06/2026") -> dict:
    result = add(run, *extra, "--json", unit=unit, month=month)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def show(run, unit: str = "BVA", month: str = "06/2026") -> dict:
    result = run("report", "show", unit, month, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def listed(run, *args: str) -> list:
    result = run("report", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def snapshot(run) -> tuple[str, str, str]:
    """What a refusal must leave untouched: reports, entries and the audit log."""
    outputs = []
    for args in (("report", "list"), ("entries", "list"), ("log",)):
        result = run(*args, "--json")
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    return outputs[0], outputs[1], outputs[2]


@pytest.fixture
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person is at the keyboard, so that missing values are asked for."""
    monkeypatch.setattr("ytcontest.cli.report.interactive", lambda: True)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """``text`` as Windows-1258 bytes, the way Excel writes it (tones as combining marks)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


# --- report add: the verdict at the edge of the deadline -----------------------------------------


@pytest.mark.parametrize(
    ("received", "received_at", "timeliness", "days_late"),
    [
        ("24/06/2026 23:59:59", "2026-06-24T23:59:59+07:00", "on_time", 0),
        ("25/06/2026 00:00", "2026-06-25T00:00:00+07:00", "late", 1),
        ("2026-06-24T16:59:59Z", "2026-06-24T23:59:59+07:00", "on_time", 0),
        ("2026-06-24T17:00:00Z", "2026-06-25T00:00:00+07:00", "late", 1),
        ("25/06/2026 23:59:59", "2026-06-25T23:59:59+07:00", "late", 1),
        ("26/06/2026 00:00", "2026-06-26T00:00:00+07:00", "late", 2),
    ],
    ids=[
        "vn-last-second",
        "vn-midnight",
        "utc-last-second",
        "utc-midnight",
        "vn-end-of-25th",
        "vn-26th",
    ],
)
def test_report_add_judges_the_first_received_time_against_midnight_of_the_25th(
    run, db_path, received, received_at, timeliness, days_late
):
    record = add_json(run, "--received", received)
    assert record["received_at"] == received_at
    assert record["deadline"] == "2026-06-25T00:00:00+07:00"
    assert (record["timeliness"], record["days_late"]) == (timeliness, days_late)


def test_report_add_prints_month_deadline_and_on_time_verdict_in_english(run, db_path):
    result = add(run, "--received", "24/06/2026 23:59:59")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Report of BVA for 06/2026 recorded (revision 1).",
        "Deadline: before 25/06/2026.",
        "Verdict: on time.",
    ]


def test_report_add_prints_late_by_one_day_in_english(run, db_path):
    result = add(run, "--received", "25/06/2026 00:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Verdict: late by 1 day."


def test_report_add_prints_late_by_several_days_in_english(run, db_path):
    result = add(run, "--received", "27/06/2026 10:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Verdict: late by 3 days."


def test_report_add_prints_on_time_verdict_in_vietnamese(run, db_path):
    result = run(
        "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES,
        "--received", "24/06/2026 23:59:59",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3, lines
    assert "BVA" in lines[0] and "06/2026" in lines[0]
    assert "25/06/2026" in lines[1]
    assert "đúng hạn" in lines[2], lines[2]
    assert "on time" not in result.stdout


def test_report_add_prints_late_by_one_day_in_vietnamese(run, db_path):
    result = run(
        "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES,
        "--received", "25/06/2026 00:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "muộn 1 ngày" in result.stdout.splitlines()[-1], result.stdout
    assert "late" not in result.stdout


def test_report_add_json_has_exactly_the_contract_keys(run, db_path):
    record = add_json(run, "--received", "20/06/2026 09:00")
    assert set(record) == REPORT_KEYS
    assert record["unit"] == "BVA"
    assert record["month"] == "2026-06"
    assert (record["activities"], record["reached"]) == (3, 250)
    assert (record["candidates"], record["mobilized"]) == (4, 2)
    assert (record["doc_number"], record["summary"], record["difficulties"]) == (None, None, None)
    assert record["revision"] == 1
    assert len(record["revisions"]) == 1


def test_report_add_json_is_alone_on_stdout(run, db_path):
    result = add(run, "--received", "20/06/2026 09:00", "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("{")
    json.loads(result.stdout)  # nothing else around it


def test_report_add_json_writes_times_with_the_vietnam_offset(run, db_path):
    record = add_json(run, "--received", "2026-06-20T02:00:00Z")
    assert record["received_at"] == "2026-06-20T09:00:00+07:00"
    assert record["deadline"] == "2026-06-25T00:00:00+07:00"
    assert record["revisions"][0]["received_at"] == "2026-06-20T09:00:00+07:00"
    assert record["revisions"][0]["recorded_at"] == "2026-07-10T10:00:00+07:00"


def test_report_add_keeps_the_text_values(run, db_path):
    record = add_json(
        run, "--doc-number", "15/BC-BVA", "--summary", "Đã tuyên truyền", "--difficulties", "Không"
    )
    assert record["doc_number"] == "15/BC-BVA"
    assert record["summary"] == "Đã tuyên truyền"
    assert record["difficulties"] == "Không"


def test_report_add_defaults_month_and_received_to_now(run, db_path):
    result = run("--lang", "en", "report", "add", "--unit", "BVA", *FIGURES, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["month"] == "2026-07"
    assert record["received_at"] == "2026-07-10T10:00:00+07:00"
    assert (record["timeliness"], record["days_late"]) == ("on_time", 0)


def test_report_add_default_month_is_the_month_in_vietnam_not_in_utc(run, db_path, monkeypatch):
    # 30/06 23:30 UTC is already 01/07 06:30 in Vietnam.
    monkeypatch.setenv("YTCONTEST_NOW", "2026-06-30T23:30:00Z")
    result = run("--lang", "en", "report", "add", "--unit", "BVA", *FIGURES, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["month"] == "2026-07"
    assert record["received_at"] == "2026-07-01T06:30:00+07:00"


def test_report_add_default_received_after_the_deadline_is_late(run, db_path, monkeypatch):
    monkeypatch.setenv("YTCONTEST_NOW", "2026-07-26T08:00:00+07:00")
    result = run("--lang", "en", "report", "add", "--unit", "BVA", *FIGURES)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Report of BVA for 07/2026 recorded (revision 1).",
        "Deadline: before 25/07/2026.",
        "Verdict: late by 2 days.",
    ]


def test_report_add_finds_the_unit_by_words_of_its_name(run, db_path):
    record = add_json(run, unit="bv a")
    assert record["unit"] == "BVA"


def test_report_add_records_who_filed_it(run, db_path):
    result = run(
        "--lang", "en", "--user", "clerk.lan", "report", "add", "--unit", "BVA",
        "--month", "06/2026", *FIGURES, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["revisions"][0]["recorded_by"] == "clerk.lan"


def test_report_add_is_logged(run, db_path):
    add_json(run, "--received", "20/06/2026 09:00")
    events = json.loads(run("log", "--json").stdout)
    assert events[0]["action"] == "report.add"
    assert events[0]["actor"] == "tester"
    assert events[0]["before"] is None
    assert events[0]["after"]["activities"] == 3


def test_report_add_accepts_the_largest_allowed_figures(run, db_path):
    values = figures(0, 10000000, 0, 0)
    result = add(run, "--json", values=values)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["reached"] == 10_000_000


def test_report_add_accepts_a_summary_of_4000_characters(run, db_path):
    record = add_json(run, "--summary", "x" * 4000)
    assert record["summary"] == "x" * 4000


# --- report add: refusals -------------------------------------------------------------------------


def test_report_add_refuses_a_second_report_without_amend(run, db_path):
    add_json(run, "--received", "20/06/2026 09:00")
    before = snapshot(run)
    result = add(run, "--received", "21/06/2026 09:00")
    assert_refused(result, "BVA already reported for 06/2026", "--amend")
    assert snapshot(run) == before


def test_report_add_refuses_amend_without_a_first_report(run, db_path):
    before = snapshot(run)
    result = add(run, "--amend")
    assert_refused(result, "BVA has no report for 06/2026 yet", "without --amend")
    assert snapshot(run) == before


@pytest.mark.parametrize("month", ["05/2026", "2026-12", "01/2027"])
def test_report_add_refuses_a_month_outside_the_campaign(run, db_path, month):
    before = snapshot(run)
    result = add(run, month=month)
    assert_refused(result, "is not a report month of campaign 2026", "06/2026 to 11/2026")
    assert snapshot(run) == before


def test_report_add_refuses_received_before_the_month_began(run, db_path):
    before = snapshot(run)
    result = add(run, "--received", "30/06/2026 23:59", month="07/2026")
    assert_refused(result, "before the month began")
    assert snapshot(run) == before


def test_report_add_accepts_received_at_the_first_instant_of_the_month(run, db_path):
    record = add_json(run, "--received", "01/07/2026 00:00", month="07/2026")
    assert record["received_at"] == "2026-07-01T00:00:00+07:00"


def test_report_add_refuses_received_in_the_future(run, db_path):
    before = snapshot(run)
    result = add(run, "--received", "10/07/2026 10:00:01", month="07/2026")
    assert_refused(result, "in the future")
    assert snapshot(run) == before


def test_report_add_refuses_a_unit_deactivated_before_the_month(run, db_path):
    deactivated = run("--lang", "en", "units", "deactivate", "BVC", "--from", "01/06/2026")
    assert deactivated.exit_code == 0, deactivated.output
    before = snapshot(run)
    result = add(run, unit="BVC")
    assert_refused(result, "BVC is not active in 06/2026")
    assert snapshot(run) == before


def test_report_add_accepts_a_unit_deactivated_after_the_month_began(run, db_path):
    deactivated = run("--lang", "en", "units", "deactivate", "BVC", "--from", "15/06/2026")
    assert deactivated.exit_code == 0, deactivated.output
    assert add_json(run, unit="BVC")["unit"] == "BVC"


@pytest.mark.parametrize(
    ("option", "label"),
    [
        ("--activities", "publicity activities"),
        ("--reached", "people reached"),
        ("--candidates", "candidate ideas found"),
        ("--mobilized", "entries mobilised"),
    ],
)
def test_report_add_refuses_a_negative_number(run, db_path, option, label):
    values = list(FIGURES)
    values[values.index(option) + 1] = "-1"
    before = snapshot(run)
    result = add(run, values=values)
    assert_refused(result, f"{option}: -1 is negative: a count is 0 or more")
    assert snapshot(run) == before


def test_report_add_refuses_more_than_ten_million_people_reached(run, db_path):
    values = figures(1, 10000001, 0, 0)
    before = snapshot(run)
    result = add(run, values=values)
    assert_refused(result, "people reached: must be at most 10000000")
    assert snapshot(run) == before


def test_report_add_refuses_a_summary_longer_than_4000_characters(run, db_path):
    before = snapshot(run)
    result = add(run, "--summary", "x" * 4001)
    assert_refused(result, "summary: at most 4000 characters")
    assert snapshot(run) == before


def test_report_add_without_a_terminal_refuses_missing_values_naming_the_options(run, db_path):
    before = snapshot(run)
    result = run("--lang", "en", "report", "add", "--unit", "BVA", "--month", "06/2026")
    assert_refused(result, "missing values", "--activities", "--reached", "--candidates")
    assert "--mobilized" in result.stderr
    assert snapshot(run) == before


def test_report_add_without_a_terminal_names_only_the_missing_options(run, db_path):
    result = run(
        "--lang", "en", "report", "add", "--unit", "BVA", "--month", "06/2026",
        "--activities", "3", "--reached", "250", "--candidates", "4",
    )  # fmt: skip
    assert_refused(result, "missing values", "--mobilized")
    assert "--activities" not in result.stderr
    assert "--reached" not in result.stderr


def test_report_add_without_a_terminal_refuses_a_missing_unit(run, db_path):
    before = snapshot(run)
    result = run("--lang", "en", "report", "add", "--month", "06/2026", *FIGURES)
    assert_refused(result, "--unit")
    assert snapshot(run) == before


def test_report_add_refuses_an_unknown_unit(run, db_path):
    before = snapshot(run)
    result = add(run, unit="ZZZ")
    assert_refused(result, "no unit matches 'ZZZ'", "units list")
    assert snapshot(run) == before


def test_report_add_refuses_an_ambiguous_unit_listing_the_candidates(run, db_path):
    result = add(run, unit="benh vien")
    assert_refused(result, "units; give the code of one of them", "BVA", "BVC")


def test_report_add_refuses_a_month_that_does_not_exist(run, db_path):
    before = snapshot(run)
    result = add(run, month="2026-13")
    assert_refused(result, "“2026-13” is not a month", "2026-06 or 06/2026")
    assert snapshot(run) == before


def test_report_add_refuses_a_date_that_does_not_exist(run, db_path):
    before = snapshot(run)
    result = add(run, "--received", "31/02/2026")
    assert_refused(result, "“31/02/2026” is not a date", "02/2026 has no day 31")
    assert snapshot(run) == before


def test_report_add_refuses_a_number_that_is_not_a_number_with_a_message(run, db_path):
    # A malformed count is a refusal in the user's words (exit 1), not a usage error.
    before = snapshot(run)
    result = run(
        "--lang", "en", "report", "add", "--unit", "BVA", "--month", "06/2026",
        "--activities", "three", "--reached", "1", "--candidates", "1", "--mobilized", "1",
    )  # fmt: skip
    assert_refused(result, "--activities: three is not a whole number")
    assert snapshot(run) == before


@pytest.mark.parametrize(
    ("typed", "stored"), [("1000", 1000), ("1.000", 1000), ("1 000", 1000), ("1\u00a0000", 1000),
                          ("2.500.000", 2500000)]
)  # fmt: skip
def test_report_add_reads_reached_as_vietnamese_write_it(run, db_path, typed, stored):
    result = add(
        run, values=[*figures(3, 1, 4, 2)[:2], "--reached", typed, *figures(3, 1, 4, 2)[4:]]
    )
    assert result.exit_code == 0, result.output
    assert show(run)["reached"] == stored


@pytest.mark.parametrize("typed", ["1,5", "1.00", "1.0000", "1.5", "-3"])
def test_report_add_refuses_a_reached_that_is_not_a_whole_number(run, db_path, typed):
    before = snapshot(run)
    result = run(
        "report", "add", "--unit", "BVA", "--month", "06/2026", "--activities", "1",
        "--reached", typed, "--candidates", "1", "--mobilized", "1",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi: --reached: "), result.stderr
    assert "không phải là số nguyên" in result.stderr or "là số âm" in result.stderr
    assert snapshot(run) == before


# --- report add on a terminal ---------------------------------------------------------------------


def test_report_add_asks_for_missing_values_on_a_terminal(run, db_path, interactive):
    result = run(
        "--lang", "en", "report", "add", "--unit", "BVA", "--month", "06/2026",
        "--received", "20/06/2026 09:00", input="3\n250\n4\n2\n\n\n\ny\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Verdict: on time." in result.stdout
    record = show(run)
    assert (record["activities"], record["reached"]) == (3, 250)
    assert (record["candidates"], record["mobilized"]) == (4, 2)
    assert (record["doc_number"], record["summary"], record["difficulties"]) == (None, None, None)


def test_report_add_asks_only_for_the_values_not_given(run, db_path, interactive):
    result = run(
        "--lang", "en", "report", "add", "--unit", "BVA", "--month", "06/2026",
        "--activities", "3", "--reached", "250", "--candidates", "4", "--doc-number", "12/BC",
        "--summary", "Tốt", "--difficulties", "Không", input="7\ny\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert show(run)["mobilized"] == 7
    assert "publicity activities" not in result.stdout


def test_report_add_on_a_terminal_keeps_the_typed_texts(run, db_path, interactive):
    result = run(
        "--lang", "en", "report", "add", "--unit", "BVA", "--month", "06/2026",
        input="3\n250\n4\n2\n15/BC\nĐã tổ chức hội nghị\n\ny\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record = show(run)
    assert record["doc_number"] == "15/BC"
    assert record["summary"] == "Đã tổ chức hội nghị"
    assert record["difficulties"] is None


def test_report_add_prompt_shows_the_previous_figures_when_there_is_a_report(
    run, db_path, interactive
):
    add_json(run, "--received", "20/06/2026 09:00")  # June: 3, 250, 4, 2
    result = run(
        "--lang", "en", "report", "add", "--unit", "BVA", "--month", "07/2026",
        input="5\n300\n1\n0\n\n\n\ny\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "from the report for 06/2026" in result.stdout, result.stdout
    assert "Publicity activities [3]:" in result.stdout
    assert "People reached [250]:" in result.stdout
    assert show(run, month="07/2026")["activities"] == 5


def test_report_add_prompt_enter_keeps_last_months_figures(run, db_path, interactive):
    add_json(run, "--received", "20/06/2026 09:00")  # June: 3, 250, 4, 2
    result = run(
        "--lang", "en", "report", "add", "--unit", "BVA", "--month", "07/2026",
        input="\n\n\n\n\n\n\ny\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record = show(run, month="07/2026")
    assert [record[k] for k in ("activities", "reached", "candidates", "mobilized")] == [
        3,
        250,
        4,
        2,
    ]


def test_report_add_prompt_has_no_hint_for_a_first_report(run, db_path, interactive):
    result = run(
        "--lang", "en", "report", "add", "--unit", "BVA", "--month", "06/2026",
        input="3\n250\n4\n2\n\n\n\ny\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "from the report for" not in result.stdout


def test_report_add_prompt_hint_is_the_units_own_previous_report(run, db_path, interactive):
    add_json(run, unit="BVC")  # another unit's figures must not be offered to BVA
    result = run(
        "--lang", "en", "report", "add", "--unit", "BVA", "--month", "07/2026",
        input="3\n250\n4\n2\n\n\n\ny\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "from the report for" not in result.stdout


def test_report_add_asks_for_the_unit_on_a_terminal(run, db_path, interactive):
    result = run("--lang", "en", "report", "add", "--month", "06/2026", *FIGURES, input="BVC\n")
    assert result.exit_code == 0, result.output
    assert show(run, unit="BVC")["unit"] == "BVC"


def test_report_add_on_a_terminal_refuses_a_second_report_before_asking_for_figures(
    run, db_path, interactive
):
    # A clerk should not type seven values only to be told the month is already reported.
    add_json(run, "--received", "20/06/2026 09:00")
    before = snapshot(run)
    result = run("--lang", "en", "report", "add", "--unit", "BVA", "--month", "06/2026", input="")
    assert_refused(result, "BVA already reported for 06/2026", "--amend")
    assert "publicity activities" not in result.stdout
    assert snapshot(run) == before


# --- amendments -----------------------------------------------------------------------------------


def test_report_add_amend_adds_revision_2_and_keeps_revision_1(run, db_path):
    add_json(run, "--received", "20/06/2026 09:00")
    values = figures(5, 300, 6, 3)
    result = add(run, "--amend", "--received", "22/06/2026 09:00", "--json", values=values)
    assert result.exit_code == 0, result.output
    record = show(run)
    assert record["revision"] == 2
    assert (record["activities"], record["reached"], record["candidates"], record["mobilized"]) == (
        5,
        300,
        6,
        3,
    )
    first, second = record["revisions"]
    assert (first["revision"], second["revision"]) == (1, 2)
    assert (first["activities"], first["reached"], first["candidates"], first["mobilized"]) == (
        3,
        250,
        4,
        2,
    )
    assert first["received_at"] == "2026-06-20T09:00:00+07:00"
    assert second["received_at"] == "2026-06-22T09:00:00+07:00"
    for revision in (first, second):
        assert revision["recorded_by"] == "tester"
        assert revision["recorded_at"] == "2026-07-10T10:00:00+07:00"


def test_report_add_amend_records_who_amended(run, db_path, monkeypatch):
    add_json(run, "--received", "20/06/2026 09:00")
    monkeypatch.setenv("YTCONTEST_NOW", "2026-07-11T08:30:00+07:00")
    result = run(
        "--user", "clerk2", "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES,
        "--amend",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    first, second = show(run)["revisions"]
    assert (first["recorded_by"], first["recorded_at"]) == ("tester", "2026-07-10T10:00:00+07:00")
    assert (second["recorded_by"], second["recorded_at"]) == (
        "clerk2",
        "2026-07-11T08:30:00+07:00",
    )


def test_report_add_late_amendment_keeps_the_on_time_verdict_of_the_first_revision(run, db_path):
    add_json(run, "--received", "24/06/2026 23:59:59")
    record = add_json(run, "--amend", "--received", "30/06/2026 10:00")
    assert (record["timeliness"], record["days_late"]) == ("on_time", 0)
    assert record["received_at"] == "2026-06-24T23:59:59+07:00"
    assert show(run)["timeliness"] == "on_time"


def test_report_add_amendment_keeps_the_late_verdict_of_the_first_revision(run, db_path):
    add_json(run, "--received", "26/06/2026 08:00")
    record = add_json(run, "--amend", "--received", "28/06/2026 08:00")
    assert (record["timeliness"], record["days_late"]) == ("late", 2)
    assert record["received_at"] == "2026-06-26T08:00:00+07:00"


def test_report_add_amend_prints_the_verdict_of_the_first_version(run, db_path):
    add_json(run, "--received", "24/06/2026 23:59:59")
    result = add(run, "--amend", "--received", "30/06/2026 10:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Report of BVA for 06/2026 recorded (revision 2).",
        "Deadline: before 25/06/2026.",
        "Verdict: on time (judged on the first version, received 24/06/2026 23:59).",
    ]


def test_report_add_refuses_an_amendment_received_before_the_first_version(run, db_path):
    add_json(run, "--received", "26/06/2026 08:00")
    before = snapshot(run)
    result = add(run, "--amend", "--received", "20/06/2026 08:00")
    assert_refused(result, "cannot be received before the first version")
    assert snapshot(run) == before


def test_report_add_amend_is_logged_with_before_and_after(run, db_path):
    add_json(run, "--received", "20/06/2026 09:00")
    values = figures(5, 250, 4, 2)
    assert add(run, "--amend", values=values).exit_code == 0
    event = json.loads(run("log", "--json").stdout)[0]
    assert event["action"] == "report.amend"
    assert event["before"]["activities"] == 3
    assert event["after"]["activities"] == 5
    assert event["after"]["revision"] == 2


# --- report show and list -------------------------------------------------------------------------


def test_report_show_json_is_the_report_with_its_revisions(run, db_path):
    filed = add_json(run, "--received", "20/06/2026 09:00")
    assert show(run) == filed


def test_report_show_table_shows_the_verdict_and_the_revisions(run, db_path):
    add_json(run, "--received", "20/06/2026 09:00")
    add_json(run, "--amend", "--received", "21/06/2026 09:00")
    result = run("--lang", "en", "report", "show", "BVA", "06/2026")
    assert result.exit_code == 0, result.output
    assert "BVA" in result.stdout
    assert "Timeliness" in result.stdout
    assert "on time" in result.stdout
    assert "20/06/2026 09:00" in result.stdout
    assert "Revisions" in result.stdout
    assert "on_time" not in result.stdout


def test_report_show_refuses_a_month_without_report(run, db_path):
    result = run("--lang", "en", "report", "show", "BVA", "06/2026")
    assert_refused(result, "BVA has no report for 06/2026")


def test_report_list_is_an_empty_json_list_without_reports(run, db_path):
    result = run("report", "list", "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "[]"


def test_report_list_filters_by_month(run, db_path):
    add_json(run, unit="BVA", month="06/2026")
    add_json(run, unit="BVC", month="06/2026")
    add_json(run, unit="BVA", month="07/2026")
    rows = listed(run, "--month", "06/2026")
    assert [(r["unit"], r["month"]) for r in rows] == [("BVA", "2026-06"), ("BVC", "2026-06")]


def test_report_list_filters_by_unit(run, db_path):
    add_json(run, unit="BVA", month="06/2026")
    add_json(run, unit="BVC", month="06/2026")
    add_json(run, unit="BVA", month="07/2026")
    rows = listed(run, "--unit", "BVA")
    assert [(r["unit"], r["month"]) for r in rows] == [("BVA", "2026-06"), ("BVA", "2026-07")]


def test_report_list_filters_by_month_and_unit(run, db_path):
    add_json(run, unit="BVA", month="06/2026")
    add_json(run, unit="BVC", month="06/2026")
    add_json(run, unit="BVA", month="07/2026")
    rows = listed(run, "--unit", "BVC", "--month", "2026-06")
    assert [(r["unit"], r["month"]) for r in rows] == [("BVC", "2026-06")]


def test_report_list_filter_without_match_is_an_empty_json_list(run, db_path):
    add_json(run, unit="BVA", month="06/2026")
    assert listed(run, "--month", "07/2026") == []


def test_report_list_rows_are_report_json(run, db_path):
    add_json(run, "--received", "20/06/2026 09:00")
    (row,) = listed(run)
    assert set(row) == REPORT_KEYS


def test_report_list_csv_parses_with_a_header_and_one_row_per_report(run, db_path):
    add_json(run, "--received", "20/06/2026 09:00", unit="BVA")
    add_json(run, "--received", "26/06/2026 09:00", unit="BVC")
    result = run("--lang", "en", "report", "list", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "Unit",
        "Month",
        "Received",
        "Timeliness",
        "Activities",
        "People reached",
        "Candidates",
        "Mobilised",
        "Revision",
    ]
    assert [row[0] for row in rows[1:]] == ["BVA", "BVC"]
    assert [row[3] for row in rows[1:]] == ["on_time", "late"]
    assert rows[1][4:] == ["3", "250", "4", "2", "1"]


def test_report_list_table_shows_late_by_days(run, db_path):
    add_json(run, "--received", "26/06/2026 09:00")
    result = run("--lang", "en", "report", "list", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "late by 2 days" in result.stdout
    assert "26/06/2026 09:00" in result.stdout


def test_report_list_refuses_an_unknown_unit(run, db_path):
    result = run("--lang", "en", "report", "list", "--unit", "ZZZ")
    assert_refused(result, "no unit matches 'ZZZ'")


# --- report import --------------------------------------------------------------------------------


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def imported(run, path: Path, *extra: str):
    return run("--lang", "en", "report", "import", str(path), *extra)


def test_report_import_reads_a_vietnamese_header(run, db_path, tmp_path):
    path = write(
        tmp_path / "bao-cao.csv",
        VN_HEADER + "\nBVA;06/2026;24/06/2026 15:00;3;250;4;2\nBVC;6/2026;;1;20;0;0\n",
    )
    result = imported(run, path, "--received", "25/06/2026 08:00")
    assert result.exit_code == 0, result.output
    assert "Imported: 2" in result.stdout
    rows = {r["unit"]: r for r in listed(run, "--month", "06/2026")}
    assert set(rows) == {"BVA", "BVC"}
    assert (rows["BVA"]["activities"], rows["BVA"]["reached"]) == (3, 250)
    assert (rows["BVA"]["candidates"], rows["BVA"]["mobilized"]) == (4, 2)
    assert rows["BVA"]["received_at"] == "2026-06-24T15:00:00+07:00"
    assert rows["BVA"]["timeliness"] == "on_time"


def test_report_import_uses_received_for_rows_without_a_date(run, db_path, tmp_path):
    path = write(tmp_path / "r.csv", VN_HEADER + "\nBVC;06/2026;;1;20;0;0\n")
    result = imported(run, path, "--received", "25/06/2026 08:00")
    assert result.exit_code == 0, result.output
    (row,) = listed(run)
    assert row["received_at"] == "2026-06-25T08:00:00+07:00"
    assert (row["timeliness"], row["days_late"]) == ("late", 1)


def test_report_import_without_received_uses_now_for_rows_without_a_date(run, db_path, tmp_path):
    path = write(tmp_path / "r.csv", VN_HEADER + "\nBVC;07/2026;;1;20;0;0\n")
    assert imported(run, path).exit_code == 0
    (row,) = listed(run)
    assert row["received_at"] == "2026-07-10T10:00:00+07:00"


def test_report_import_reads_an_english_header(run, db_path, tmp_path):
    path = write(
        tmp_path / "reports.csv",
        "unit,month,received,activities,reached,candidates,mobilized\n"
        "BVA,2026-06,2026-06-24T16:59:59Z,3,250,4,2\n",
    )
    result = imported(run, path)
    assert result.exit_code == 0, result.output
    (row,) = listed(run)
    assert row["unit"] == "BVA"
    assert row["received_at"] == "2026-06-24T23:59:59+07:00"
    assert row["timeliness"] == "on_time"


def test_report_import_reads_windows_1258(run, db_path, tmp_path):
    text = (
        VN_HEADER + ";Tóm tắt\n"
        "BVA;06/2026;24/06/2026 15:00;3;250;4;2;Đã tổ chức hội nghị tuyên truyền\n"
    )
    path = tmp_path / "cp1258.csv"
    path.write_bytes(cp1258(text))
    result = imported(run, path)
    assert result.exit_code == 0, result.output
    (row,) = listed(run)
    assert row["summary"] == "Đã tổ chức hội nghị tuyên truyền"
    assert unicodedata.is_normalized("NFC", row["summary"])
    assert (row["activities"], row["reached"]) == (3, 250)


def test_report_import_reads_utf16_tab_separated(run, db_path, tmp_path):
    text = VN_HEADER.replace(";", "\t") + "\nBVA\t06/2026\t24/06/2026 15:00\t3\t250\t4\t2\n"
    path = write(tmp_path / "unicode.txt", text, "utf-16")
    result = imported(run, path)
    assert result.exit_code == 0, result.output
    (row,) = listed(run)
    assert (row["unit"], row["reached"]) == ("BVA", 250)


def test_report_import_one_bad_row_writes_nothing_and_names_the_row(run, db_path, tmp_path):
    path = write(
        tmp_path / "r.csv",
        VN_HEADER + "\n"
        "BVA;06/2026;;3;250;4;2\n"
        "BVC;06/2026;;3;250;4;2\n"
        "BVGT;06/2026;;-3;250;4;2\n"
        "BVMAT;06/2026;;3;250;4;2\n",
    )
    before = snapshot(run)
    result = imported(run, path, "--received", "20/06/2026 08:00")
    assert_refused(result, "r.csv: 1 problems; nothing was imported")
    assert "row 4: publicity activities: -3 is negative: a count is 0 or more" in result.stderr
    assert "row 2" not in result.stderr and "row 5" not in result.stderr
    assert snapshot(run) == before


def test_report_import_lists_every_bad_row(run, db_path, tmp_path):
    path = write(
        tmp_path / "r.csv",
        VN_HEADER
        + "\nZZZ;06/2026;;1;1;1;1\nBVA;2026-13;;1;1;1;1\nBVC;06/2026;31/02/2026;1;1;1;1\n",
    )
    before = snapshot(run)
    result = imported(run, path)
    assert_refused(result, "3 problems", "row 2:", "row 3:", "row 4:", "'ZZZ'", "2026-13")
    assert "31/02/2026" in result.stderr
    assert snapshot(run) == before


def test_report_import_refuses_a_unit_and_month_twice_in_the_file(run, db_path, tmp_path):
    path = write(
        tmp_path / "r.csv", VN_HEADER + "\nBVA;06/2026;;3;250;4;2\nBVA;2026-06;;5;250;4;2\n"
    )
    before = snapshot(run)
    result = imported(run, path, "--received", "20/06/2026 08:00")
    assert_refused(result, "row 3: BVA 06/2026 is already at row 2")
    assert snapshot(run) == before


def test_report_import_refuses_a_unit_and_month_already_reported(run, db_path, tmp_path):
    add_json(run, "--received", "20/06/2026 09:00")
    path = write(tmp_path / "r.csv", VN_HEADER + "\nBVC;06/2026;;1;1;1;1\nBVA;06/2026;;5;250;4;2\n")
    before = snapshot(run)
    result = imported(run, path, "--received", "21/06/2026 08:00")
    assert_refused(result, "row 3: BVA already reported for 06/2026", "--amend")
    assert snapshot(run) == before


def test_report_import_refuses_a_row_outside_the_campaign_months(run, db_path, tmp_path):
    path = write(tmp_path / "r.csv", VN_HEADER + "\nBVA;05/2026;;1;1;1;1\n")
    before = snapshot(run)
    result = imported(run, path)
    assert_refused(result, "row 2: 05/2026 is not a report month")
    assert snapshot(run) == before


def test_report_import_refuses_a_file_without_a_required_column(run, db_path, tmp_path):
    path = write(tmp_path / "r.csv", "Mã đơn vị;Tháng;Số hoạt động\nBVA;06/2026;1\n")
    before = snapshot(run)
    result = imported(run, path)
    assert_refused(result, "missing required column")
    assert snapshot(run) == before


def test_report_import_dry_run_writes_nothing(run, db_path, tmp_path):
    path = write(tmp_path / "r.csv", VN_HEADER + "\nBVA;06/2026;;3;250;4;2\nBVC;06/2026;;1;1;1;1\n")
    before = snapshot(run)
    result = imported(run, path, "--received", "20/06/2026 08:00", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Dry run, nothing written: 2 reports.",
        "  BVA 06/2026: on time",
        "  BVC 06/2026: on time",
    ]
    assert snapshot(run) == before


def test_report_import_dry_run_still_refuses_a_bad_file(run, db_path, tmp_path):
    path = write(tmp_path / "r.csv", VN_HEADER + "\nBVA;06/2026;;-1;250;4;2\n")
    result = imported(run, path, "--dry-run")
    assert_refused(result, "row 2: publicity activities: -1 is negative")


def test_report_import_is_logged_per_report(run, db_path, tmp_path):
    path = write(tmp_path / "r.csv", VN_HEADER + "\nBVA;06/2026;;3;250;4;2\nBVC;06/2026;;1;1;1;1\n")
    assert imported(run, path, "--received", "20/06/2026 08:00").exit_code == 0
    events = json.loads(run("log", "--json").stdout)
    assert sorted(e["object"] for e in events if e["action"] == "report.add") == [
        "BVA/2026-06",
        "BVC/2026-06",
    ]


def test_report_import_of_many_reports_lists_twenty_and_counts_the_rest(run, db_path, tmp_path):
    units = json.loads(run("units", "list", "--json").stdout)
    codes = [u["code"] for u in units][:25]
    rows = "".join(f"\n{code};06/2026;;1;10;0;0" for code in codes)
    result = imported(run, write(tmp_path / "r.csv", VN_HEADER + rows), "--received", "20/06/2026")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Imported: 25 reports")
    assert len(lines) == 22
    assert lines[-1] == "  … and 5 more reports"
    assert len(listed(run, "--month", "06/2026")) == 25


def test_report_import_refuses_a_missing_file(run, db_path, tmp_path):
    result = imported(run, tmp_path / "nothing.csv")
    assert_refused(result, "nothing.csv")


def test_report_import_reads_an_xlsx_table_with_excel_dates_and_numbers(run, db_path, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(VN_HEADER.split(";"))
    sheet.append(["BVA", "06/2026", datetime(2026, 6, 24, 23, 59, 59), 3, 1000, 4, 2])
    sheet.append(["BVC", "2026-06", datetime(2026, 6, 25), 3, 250.0, 4, 2])
    path = tmp_path / "bao-cao.xlsx"
    book.save(path)
    result = imported(run, path)
    assert result.exit_code == 0, result.output
    rows = {r["unit"]: r for r in listed(run)}
    assert rows["BVA"]["received_at"] == "2026-06-24T23:59:59+07:00"
    assert (rows["BVA"]["timeliness"], rows["BVA"]["reached"]) == ("on_time", 1000)
    assert rows["BVC"]["received_at"] == "2026-06-25T00:00:00+07:00"
    assert (rows["BVC"]["timeliness"], rows["BVC"]["days_late"]) == ("late", 1)
    assert rows["BVC"]["reached"] == 250


def test_report_import_reads_a_month_that_excel_turned_into_a_date(run, db_path, tmp_path):
    # Typing 06/2026 in an Excel cell stores the date 01/06/2026: that is the month June 2026.
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(VN_HEADER.split(";"))
    sheet.append(["BVA", datetime(2026, 6, 1), datetime(2026, 6, 24, 15, 0), 3, 250, 4, 2])
    path = tmp_path / "bao-cao.xlsx"
    book.save(path)
    result = imported(run, path)
    assert result.exit_code == 0, result.output
    (row,) = listed(run)
    assert (row["unit"], row["month"]) == ("BVA", "2026-06")


def test_report_import_never_reads_a_dotted_thousands_figure_as_units(run, db_path, tmp_path):
    # Vietnamese write one thousand as "1.000". Read as 1000, or refused naming the row: never 1.
    path = write(tmp_path / "r.csv", VN_HEADER + "\nBVA;06/2026;;3;1.000;4;2\n")
    before = snapshot(run)
    result = imported(run, path, "--received", "20/06/2026 08:00")
    if result.exit_code == 0:
        assert show(run)["reached"] == 1000
    else:
        assert_refused(result, "row 2", "people reached")
        assert snapshot(run) == before


def test_report_add_amend_keeps_what_it_does_not_change(run, db_path):
    first = add(run, "--received", "24/06/2026 10:00", "--doc-number", "12/BC", "--summary", "S")
    assert first.exit_code == 0, first.output
    result = run(
        "report", "add", "--unit", "BVA", "--month", "06/2026", "--reached", "999", "--amend"
    )
    assert result.exit_code == 0, result.output
    latest = show(run)
    assert (latest["revision"], latest["reached"]) == (2, 999)
    kept = {
        k: latest[k] for k in ("activities", "candidates", "mobilized", "doc_number", "summary")
    }
    assert kept == {k: latest["revisions"][0][k] for k in kept}


def test_report_add_for_a_unit_with_no_report_to_file_warns_and_files_without_a_terminal(
    run, db_path
):
    # A script filing for KHTC keeps working (the contract lists the refusals; this is not one),
    # and the warning on stderr says what to change if it was meant.
    result = add(run, unit="KHTC")
    assert result.exit_code == 0, result.output
    assert "Warning: KHTC does not have to file monthly reports" in result.stderr
    assert show(run, unit="KHTC")["unit"] == "KHTC"


def test_report_add_says_the_deadline_in_the_one_wording(run, db_path):
    # Issue 12 point 6: "trước ngày 25/06/2026", never "trước 00:00 ngày 25/06/2026".
    result = run(
        "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES,
        "--received", "24/06/2026 10:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Hạn nộp: trước ngày 25/06/2026." in result.output


def test_report_add_amend_with_no_figure_off_a_terminal_is_refused(run, db_path):
    # Without a figure nothing would differ: revision 2 would be a copy of revision 1.
    add_json(run, "--received", "24/06/2026 10:00")
    before = snapshot(run)
    result = run("report", "add", "--unit", "BVA", "--month", "06/2026", "--amend")
    assert result.exit_code == 1, result.output
    assert "không có gì thay đổi" in result.stderr
    assert snapshot(run) == before


def test_report_add_amend_with_no_figure_asks_each_with_the_current_value(
    run, db_path, interactive
):
    add_json(run, "--received", "24/06/2026 10:00")
    # Enter keeps 3, then 260 people instead of 250, the rest kept (figures, then the three
    # texts the first revision left empty); then the summary is confirmed.
    result = run("--lang", "en", "report", "add", "--unit", "BVA", "--month", "06/2026", "--amend",
                 input="\n260\n\n\n" "\n\n\n" "y\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "[250]" in result.output
    assert show(run)["revision"] == 2
    assert show(run)["reached"] == 260


def test_report_add_amend_asked_with_nothing_changed_is_refused(run, db_path, interactive):
    add_json(run, "--received", "24/06/2026 10:00")
    before = snapshot(run)
    result = run("report", "add", "--unit", "BVA", "--month", "06/2026", "--amend",
                 input="\n\n\n\n" "\n\n\n" "y\n")  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "không có gì thay đổi" in result.stderr
    assert snapshot(run) == before
