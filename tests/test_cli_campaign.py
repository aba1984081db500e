"""``campaign``: list, show, set and add contest editions, as KHTC keeps the calendar.

Every test starts from ``init`` (fixture ``db_path``): the 2026 campaign with the Department's
defaults; "now" is 10/07/2026 10:00 Vietnam time. Messages are checked in English (``--lang en``).
"""

from __future__ import annotations

import json
import unicodedata

import pytest

from tests.helpers import assert_refused

FIGURES = ["--activities", "1", "--reached", "1", "--candidates", "1", "--mobilized", "1"]
ENTRY = [
    "--category",
    "san_pham",
    "--author-type",
    "tap_the",
    "--authors",
    "Nguyễn Văn A",
    "--applied-since",
    "01/03/2026",
]

NAME_2026 = "Cuộc thi Đổi mới sáng tạo - vì Thái Nguyên thân yêu lần thứ II, năm 2026"
NAME_2027 = "Cuộc thi Đổi mới sáng tạo - vì Thái Nguyên thân yêu lần thứ III, năm 2027"

DEFAULT_2026 = {
    "code": "2026",
    "name": NAME_2026,
    "launch": "2026-04-03",
    "submission_opens": "2026-10-01T00:00:00+07:00",
    "submission_closes": "2026-11-01T00:00:00+07:00",
    "report_months": "2026-06..2026-11",
    "report_due_day": 25,
    "min_entries": 1,
    "period": "calendar",
    "province": "UBND TỈNH THÁI NGUYÊN",
    "agency": "SỞ Y TẾ",
    "place": "Thái Nguyên",
    # Added after the contract: who signs the consolidated workbook (None: the Director).
    "signer": None,
    # Added with the documents' "Nơi nhận:" block (None: the default list).
    "recipients": None,
}


def ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def show(run, *options: str) -> dict:
    return json.loads(ok(run, *options, "campaign", "show", "--json").stdout)


def listed(run) -> list[dict]:
    return json.loads(ok(run, "campaign", "list", "--json").stdout)


def log(run) -> list[dict]:
    return json.loads(ok(run, "log", "--json").stdout)


def campaign_events(run) -> list[dict]:
    return [e for e in log(run) if e["object_type"] == "campaign"]


def set_(run, key: str, value: str, *options: str):
    return run("--lang", "en", *options, "campaign", "set", key, value)


def add_2027(run, *extra: str):
    return ok(run, "--lang", "en", "campaign", "add", "2027", "--name", NAME_2027, *extra)


# --- list and show -------------------------------------------------------------------------------


def test_show_json_gives_the_2026_defaults_with_exactly_the_contract_keys(run, db_path):
    assert show(run) == DEFAULT_2026


def test_list_json_gives_the_one_campaign_marked_current(run, db_path):
    assert listed(run) == [{**DEFAULT_2026, "current": True}]


def test_show_table_labels_the_settings(run, db_path):
    out = ok(run, "--lang", "en", "campaign", "show").stdout
    for label in ("Launch", "Report months", "Report due day", "06/2026 to 11/2026"):
        assert label in out
    assert "2026-06" not in out  # people read months as 06/2026


def test_show_table_writes_dates_day_first_and_the_period_in_words(run, db_path):
    out = ok(run, "campaign", "show").stdout
    assert "03/04/2026" in out
    assert "từ 01/10/2026" in out
    assert "đến hết ngày 31/10/2026" in out
    assert "trọn tháng" in out
    assert "calendar" not in out
    assert "T00:00" not in out


def test_unknown_campaign_is_refused_with_the_known_codes(run, db_path):
    result = run("--lang", "en", "--campaign", "NOPE", "campaign", "show")
    assert_refused(result, "no campaign with the code NOPE", "2026")
    assert result.stdout == ""


def test_unknown_campaign_is_refused_by_status_too(run, db_path):
    assert_refused(run("--lang", "en", "--campaign", "NOPE", "status", "--json"), "NOPE")


def test_campaign_code_is_matched_ignoring_case(run, db_path):
    ok(run, "campaign", "add", "k3", "--name", "Khóa thử")
    assert show(run, "--campaign", "k3")["code"] == "K3"


# --- set: good values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "field", "stored"),
    [
        ("name", "Cuộc thi ĐMST năm 2026", "name", "Cuộc thi ĐMST năm 2026"),
        ("launch", "05/04/2026", "launch", "2026-04-05"),
        ("launch", "2026-04-05", "launch", "2026-04-05"),
        (
            "submission-opens",
            "15/09/2026 08:00",
            "submission_opens",
            "2026-09-15T08:00:00+07:00",
        ),
        (
            "submission-closes",
            "15/11/2026 00:00",
            "submission_closes",
            "2026-11-15T00:00:00+07:00",
        ),
        (
            "submission-closes",
            "2026-11-14T17:00:00Z",
            "submission_closes",
            "2026-11-15T00:00:00+07:00",
        ),
        ("report-months", "2026-07..2026-12", "report_months", "2026-07..2026-12"),
        ("report-months", "07/2026..12/2026", "report_months", "2026-07..2026-12"),
        ("report-due-day", "20", "report_due_day", 20),
        ("report-due-day", "1", "report_due_day", 1),
        ("report-due-day", "28", "report_due_day", 28),
        ("min-entries", "2", "min_entries", 2),
        ("period", "15-14", "period", "15-14"),
        (
            "province",
            "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
            "province",
            "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        ),
        ("agency", "SỞ Y TẾ TỈNH THÁI NGUYÊN", "agency", "SỞ Y TẾ TỈNH THÁI NGUYÊN"),
        ("place", "TP. Thái Nguyên", "place", "TP. Thái Nguyên"),
    ],
)
def test_set_changes_that_setting_and_no_other(run, db_path, key, value, field, stored):
    result = set_(run, key, value)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"Setting {key} changed."
    assert show(run) == {**DEFAULT_2026, field: stored}


def test_set_period_back_to_calendar(run, db_path):
    ok(run, "campaign", "set", "period", "15-14")
    ok(run, "campaign", "set", "period", "calendar")
    assert show(run)["period"] == "calendar"


def test_set_key_is_read_ignoring_case_and_the_value_trimmed(run, db_path):
    ok(run, "campaign", "set", "Report-Due-Day", " 21 ")
    assert show(run)["report_due_day"] == 21


def test_set_normalises_the_text_to_nfc(run, db_path):
    ok(run, "campaign", "set", "name", unicodedata.normalize("NFD", "Cuộc thi Đổi mới"))
    assert show(run)["name"] == unicodedata.normalize("NFC", "Cuộc thi Đổi mới")


def test_set_the_same_value_changes_nothing_and_logs_nothing(run, db_path):
    before = log(run)
    result = set_(run, "report-due-day", "25")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[0] == "Nothing changed: report-due-day already has this value."
    )
    assert log(run) == before


def test_set_is_in_the_log_with_who_before_and_after(run, db_path):
    ok(run, "--user", "khtc.lan", "campaign", "set", "report-due-day", "20")
    event = campaign_events(run)[0]
    assert event["action"] == "campaign.set"
    assert event["object"] == "2026"
    assert event["actor"] == "khtc.lan"
    assert event["at"] == "2026-07-10T10:00:00+07:00"
    assert event["before"] == DEFAULT_2026
    assert event["after"] == {**DEFAULT_2026, "report_due_day": 20}


def test_each_set_is_a_log_event_newest_first(run, db_path):
    ok(run, "campaign", "set", "min-entries", "2")
    ok(run, "campaign", "set", "period", "15-14")
    events = [e for e in campaign_events(run) if e["action"] == "campaign.set"]
    assert [(e["before"]["period"], e["after"]["period"]) for e in events] == [
        ("calendar", "15-14"),
        ("calendar", "calendar"),
    ]
    assert [(e["before"]["min_entries"], e["after"]["min_entries"]) for e in events] == [
        (2, 2),
        (1, 2),
    ]


# --- set: refusals leave the campaign (and the log) unchanged ------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("report-due-day", "0", "report-due-day must be between 1 and 28"),
        ("report-due-day", "29", "report-due-day must be between 1 and 28"),
        ("report-due-day", "hai mươi", "report-due-day: hai mươi is not a whole number"),
        ("min-entries", "0", "min-entries must be at least 1"),
        (
            "submission-closes",
            "30/09/2026 00:00",
            "the submission window must close after it opens",
        ),
        (
            "submission-closes",
            "01/10/2026 00:00",
            "the submission window must close after it opens",
        ),
        ("submission-opens", "01/11/2026 00:00", "the submission window must close after it opens"),
        ("report-months", "2026-11..2026-06", "the last report month comes before the first"),
        ("report-months", "2026-06", "report-months is written FIRST..LAST"),
        ("report-months", "2026-13..2026-14", "2026-13"),
        ("period", "weekly", "period is calendar or 15-14"),
        ("launch", "31/02/2026", "31/02/2026"),
        ("submission-opens", "tuần sau", "tuần sau"),
        ("name", "   ", "name needs a text of 1 to"),
        ("colour", "red", "unknown setting colour; the settings are: name, launch,"),
    ],
)
def test_set_refuses_a_bad_value_and_changes_nothing(run, db_path, key, value, message):
    before = log(run)
    assert_refused(set_(run, key, value), message)
    assert show(run) == DEFAULT_2026
    assert log(run) == before


def test_set_refuses_an_absurd_number_with_a_clear_message(run, db_path):
    result = set_(run, "min-entries", "99999999999999999999")
    assert_refused(result, "min-entries")
    assert "unexpected error" not in result.stderr
    assert show(run) == DEFAULT_2026


def test_set_refuses_a_launch_after_the_submission_window(run, db_path):
    assert_refused(set_(run, "launch", "02/11/2026"))
    assert show(run) == DEFAULT_2026


def test_set_refuses_report_months_that_leave_out_a_month_with_reports(run, db_path):
    ok(
        run,
        "report",
        "add",
        "--unit",
        "BVA",
        "--month",
        "06/2026",
        "--received",
        "20/06/2026 09:00",
        *FIGURES,
    )
    before = log(run)
    result = set_(run, "report-months", "2026-07..2026-11")
    assert_refused(result, "reports for 06/2026 exist outside the new report months")
    assert show(run) == DEFAULT_2026
    assert log(run) == before


def test_set_refused_on_another_campaign_leaves_it_unchanged(run, db_path):
    add_2027(run)
    assert_refused(set_(run, "report-due-day", "0", "--campaign", "2027"))
    assert show(run, "--campaign", "2027")["report_due_day"] == 25


# --- set: the calendar drives the status ---------------------------------------------------------


def test_set_report_due_day_moves_the_deadline_in_the_month_status(run, db_path):
    ok(run, "campaign", "set", "report-due-day", "20")
    data = json.loads(ok(run, "status", "--month", "06/2026", "--unit", "BVA", "--json").stdout)
    assert data["deadline"] == "2026-06-20T00:00:00+07:00"
    assert data["last_on_time_day"] == "2026-06-19"


def test_set_report_due_day_rejudges_a_report_received_before_the_change(run, db_path):
    ok(
        run,
        "report",
        "add",
        "--unit",
        "BVA",
        "--month",
        "06/2026",
        "--received",
        "22/06/2026 10:00",
        *FIGURES,
    )
    ok(run, "campaign", "set", "report-due-day", "20")
    data = json.loads(ok(run, "status", "--month", "06/2026", "--unit", "BVA", "--json").stdout)
    (bva,) = data["units"]
    assert (bva["report"], bva["days_late"], bva["flags"][0]) == ("late", 3, "late_report")


def test_set_report_due_day_moves_the_deadlines_of_the_overview(run, db_path):
    ok(run, "campaign", "set", "report-due-day", "20")
    data = json.loads(ok(run, "status", "--unit", "BVA", "--json").stdout)
    assert [m["deadline"] for m in data["timeline"]["report_months"]] == [
        f"2026-{m:02d}-20T00:00:00+07:00" for m in range(6, 12)
    ]


def test_set_report_months_changes_the_months_status_accepts(run, db_path):
    ok(run, "campaign", "set", "report-months", "2026-07..2026-12")
    assert_refused(run("--lang", "en", "status", "--month", "06/2026"), "06/2026")
    assert ok(run, "status", "--month", "12/2026", "--unit", "BVA", "--json")


def test_set_submission_opens_opens_the_window_earlier(run, db_path):
    ok(run, "campaign", "set", "submission-opens", "15/09/2026 00:00")
    data = json.loads(
        ok(run, "status", "--month", "06/2026", "--as-of", "20/09/2026 09:00", "--json").stdout
    )
    assert data["submission_window"] == {
        "opens": "2026-09-15T00:00:00+07:00",
        "closes": "2026-11-01T00:00:00+07:00",
        "state": "open",
    }


def test_set_min_entries_changes_the_nomination(run, db_path):
    ok(run, "entries", "add", "--unit", "BVA", "--title", "Nhắc lịch tái khám", *ENTRY)
    args = ("status", "--month", "06/2026", "--unit", "BVA", "--json")
    assert json.loads(ok(run, *args).stdout)["units"][0]["nomination"] == "on_track"
    ok(run, "campaign", "set", "min-entries", "2")
    assert json.loads(ok(run, *args).stdout)["units"][0]["nomination"] == "no_candidate"


# --- add -----------------------------------------------------------------------------------------


def test_add_says_how_to_see_the_new_campaign(run, db_path):
    result = add_2027(run)
    assert result.stdout.strip() == (
        "Campaign 2027 added; see it with: ytcontest --campaign 2027 campaign show"
    )


def test_add_copies_the_settings_moved_by_a_year(run, db_path):
    add_2027(run)
    assert show(run, "--campaign", "2027") == {
        "code": "2027",
        "name": NAME_2027,
        "launch": "2027-04-03",
        "submission_opens": "2027-10-01T00:00:00+07:00",
        "submission_closes": "2027-11-01T00:00:00+07:00",
        "report_months": "2027-06..2027-11",
        "report_due_day": 25,
        "min_entries": 1,
        "period": "calendar",
        "province": "UBND TỈNH THÁI NGUYÊN",
        "agency": "SỞ Y TẾ",
        "place": "Thái Nguyên",
        "signer": None,
        "recipients": None,
    }


def test_add_copies_settings_changed_on_the_source(run, db_path):
    for key, value in (
        ("report-due-day", "20"),
        ("min-entries", "2"),
        ("period", "15-14"),
        ("place", "TP. Thái Nguyên"),
    ):
        ok(run, "campaign", "set", key, value)
    add_2027(run)
    new = show(run, "--campaign", "2027")
    assert (new["report_due_day"], new["min_entries"], new["period"], new["place"]) == (
        20,
        2,
        "15-14",
        "TP. Thái Nguyên",
    )


def test_add_leaves_the_source_unchanged(run, db_path):
    add_2027(run)
    assert show(run, "--campaign", "2026") == DEFAULT_2026


def test_add_copy_from_and_shift_years(run, db_path):
    add_2027(run)
    ok(
        run,
        "campaign",
        "add",
        "2028",
        "--name",
        "Lần thứ IV",
        "--copy-from",
        "2026",
        "--shift-years",
        "2",
    )
    new = show(run, "--campaign", "2028")
    assert (new["launch"], new["submission_opens"], new["report_months"]) == (
        "2028-04-03",
        "2028-10-01T00:00:00+07:00",
        "2028-06..2028-11",
    )


def test_add_is_listed_and_the_current_one_stays_the_launched_one(run, db_path):
    add_2027(run)
    assert [(c["code"], c["current"]) for c in listed(run)] == [("2026", True), ("2027", False)]
    assert show(run)["code"] == "2026"


def test_add_becomes_current_once_launched(run, db_path, monkeypatch):
    add_2027(run)
    monkeypatch.setenv("YTCONTEST_NOW", "2027-04-03T08:00:00+07:00")
    assert [(c["code"], c["current"]) for c in listed(run)] == [("2026", False), ("2027", True)]
    assert show(run)["code"] == "2027"


def test_campaign_option_picks_the_campaign_of_the_status(run, db_path, monkeypatch):
    add_2027(run)
    monkeypatch.setenv("YTCONTEST_NOW", "2027-07-10T10:00:00+07:00")
    assert_refused(
        run("--lang", "en", "status", "--month", "06/2026"),
        "06/2026 is not a report month of campaign 2027 (06/2027 to 11/2027)",
    )
    data = json.loads(
        ok(
            run, "--campaign", "2026", "status", "--month", "06/2026", "--unit", "BVA", "--json"
        ).stdout
    )
    assert data["campaign"]["code"] == "2026"


def test_campaign_environment_variable_picks_the_campaign(run, db_path, monkeypatch):
    add_2027(run)
    monkeypatch.setenv("YTCONTEST_CAMPAIGN", "2027")
    assert show(run)["code"] == "2027"


def test_set_on_another_campaign_leaves_the_current_one_alone(run, db_path):
    add_2027(run)
    ok(run, "--campaign", "2027", "campaign", "set", "report-due-day", "20")
    assert show(run, "--campaign", "2027")["report_due_day"] == 20
    assert show(run) == DEFAULT_2026


def test_add_is_in_the_log(run, db_path):
    add_2027(run)
    event = campaign_events(run)[0]
    assert event["action"] == "campaign.add"
    assert event["object"] == "2027"
    assert event["actor"] == "tester"
    assert event["before"] is None
    assert event["after"] == show(run, "--campaign", "2027")


def test_add_refuses_a_code_that_exists(run, db_path):
    before = log(run)
    result = run("--lang", "en", "campaign", "add", "2026", "--name", "Trùng mã")
    assert_refused(result, "a campaign with the code 2026 already exists")
    assert listed(run) == [{**DEFAULT_2026, "current": True}]
    assert log(run) == before


def test_add_refuses_a_code_that_exists_in_other_case(run, db_path):
    ok(run, "campaign", "add", "k3", "--name", "Khóa thử")
    assert_refused(
        run("--lang", "en", "campaign", "add", "K3", "--name", "Lại"),
        "a campaign with the code K3 already exists",
    )


def test_add_refuses_a_code_with_spaces(run, db_path):
    assert_refused(
        run("--lang", "en", "campaign", "add", "20 27", "--name", "x"),
        "a campaign code is 1 to",
    )
    assert len(listed(run)) == 1


def test_add_refuses_an_empty_name(run, db_path):
    assert_refused(run("--lang", "en", "campaign", "add", "2027", "--name", "  "), "name")
    assert len(listed(run)) == 1


def test_add_refuses_an_unknown_source(run, db_path):
    result = run("--lang", "en", "campaign", "add", "2027", "--name", "x", "--copy-from", "NOPE")
    assert_refused(result, "no campaign with the code NOPE")
    assert len(listed(run)) == 1


def test_add_without_name_is_a_usage_error(run, db_path):
    result = run("campaign", "add", "2027")
    assert result.exit_code == 2
    assert "--name" in result.output
    assert "Traceback" not in result.output


def test_set_submission_closes_with_a_date_alone_means_to_the_end_of_that_day(run, db_path):
    # "Nhận hồ sơ đến ngày 31/10/2026" includes the 31st: the window closes at 00:00 on 01/11.
    ok(run, "campaign", "set", "submission-closes", "2026-11-01 00:00")
    result = ok(run, "campaign", "set", "submission-closes", "30/10/2026")
    assert show(run)["submission_closes"] == "2026-10-31T00:00:00+07:00"
    assert "Nhận hồ sơ dự thi đến hết ngày 30/10/2026." in result.stdout


def test_set_submission_closes_with_a_time_keeps_that_instant(run, db_path):
    result = ok(run, "campaign", "set", "submission-closes", "31/10/2026 17:00")
    assert show(run)["submission_closes"] == "2026-10-31T17:00:00+07:00"
    assert "đến trước 31/10/2026 17:00" in result.stdout


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("launch", "05/04/2026", "Ngày phát động: 05/04/2026"),
        ("submission-opens", "15/09/2026", "Nhận hồ sơ dự thi từ 15/09/2026."),
        ("report-months", "2026-07..2026-12", "từ 07/2026 đến 12/2026"),
        ("report-due-day", "20", "nộp trước ngày 20/06"),
        ("min-entries", "2", ": 2"),
        ("period", "15-14", "từ ngày 15 tháng trước đến ngày 14 tháng báo cáo"),
    ],
)
def test_set_repeats_in_words_the_value_that_took_effect(run, db_path, key, value, words):
    result = ok(run, "campaign", "set", key, value)
    assert words in result.stdout.splitlines()[1], result.stdout


def test_campaign_list_table_writes_dates_and_months_day_first(run, db_path):
    # A Vietnamese reader writes 03/04/2026 and 06/2026, as `campaign show` does.
    result = run("campaign", "list", env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "03/04/2026" in result.stdout
    assert "06/2026" in result.stdout and "11/2026" in result.stdout
    assert "2026-04-03" not in result.stdout and "2026-06" not in result.stdout


def test_set_names_the_setting_in_vietnamese_words(run, db_path):
    # "Đã thay đổi thiết lập submission-closes." reads as code to a Vietnamese clerk.
    result = ok(run, "campaign", "set", "submission-closes", "02/11/2026")
    assert result.stdout.splitlines()[0] == "Đã thay đổi thiết lập “Ngừng nhận hồ sơ từ”."
    again = ok(run, "campaign", "set", "submission-closes", "02/11/2026")
    assert "“Ngừng nhận hồ sơ từ” đã có giá trị này" in again.stdout
    assert "submission-closes" not in result.stdout + again.stdout
