"""``remind``: who still owes June's report or has no entry, and the draft e-mails KHTC sends them.

The story (fixture ``june``, built once per module through the CLI, copied for each test):

- KHTC has the address khtc@syt.thainguyen.gov.vn (the drafts' sender);
- BVA (bva@...): report on time (24/06/2026 23:59:59), one identified entry: owes nothing;
- BVC (no address): report late (25/06/2026 00:00), one entry: owes nothing;
- BVGT (bvgt@..., 0208 3855 123): no report, its only entry withdrawn: owes both;
- VP (vp@...): a seed office with neither report nor entry;
- BVMOI (bvmoi@...): joined 26/06/2026, after June's deadline: not reminded for June.

"Now" is 10/07/2026 10:00: June's deadline has passed, July's has not.
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from tests.helpers import assert_refused, build_once, copy_database

FIGURES = ["--activities", "1", "--reached", "1", "--candidates", "1", "--mobilized", "1"]
ENTRY = [
    "--category",
    "giai_phap_ky_thuat",
    "--author-type",
    "tap_the",
    "--authors",
    "Nguyễn Văn A; Trần Thị B",
    "--applied-since",
    "01/03/2026",
]

NOW = "2026-07-10T10:00:00+07:00"
KHTC_MAIL = "khtc@syt.thainguyen.gov.vn"
BVGT_NAME = "Bệnh viện Gang Thép Thái Nguyên"

ROW_KEYS = {
    "code",
    "name",
    "kind",
    "email",
    "phone",
    "month",
    "deadline",
    "report",
    "entries",
    "nomination",
    "flags",
    "reasons",
    "returned",
    "return_reason",
}


def ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def build_june(run, setenv) -> None:
    ok(run, "init")
    setenv("YTCONTEST_NOW", "2026-06-01T09:00:00+07:00")
    ok(run, "units", "edit", "KHTC", "--email", KHTC_MAIL)
    ok(run, "units", "edit", "BVA", "--email", "bva@syt.thainguyen.gov.vn")
    ok(
        run,
        "units",
        "edit",
        "BVGT",
        "--email",
        "bvgt@syt.thainguyen.gov.vn",
        "--phone",
        "0208 3855 123",
    )
    ok(run, "units", "edit", "VP", "--email", "vp@syt.thainguyen.gov.vn")
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
        "--email",
        "bvmoi@syt.thainguyen.gov.vn",
    )
    ok(run, "entries", "add", "--unit", "BVA", "--title", "Nhắc lịch tái khám", *ENTRY)
    ok(run, "entries", "add", "--unit", "BVC", "--title", "Bệnh án điện tử", *ENTRY)
    assert ok(
        run, "entries", "add", "--unit", "BVGT", "--title", "Kho thuốc", *ENTRY
    ).stdout.startswith("Đã thêm hồ sơ số 3 ")
    setenv("YTCONTEST_NOW", "2026-06-20T09:00:00+07:00")
    ok(run, "entries", "withdraw", "3", "--reason", "Chưa áp dụng thực tế")
    setenv("YTCONTEST_NOW", NOW)
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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, _none = build_once(tmp_path_factory, "remind", build_june)
    return folder


@pytest.fixture
def june(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_database(built, tmp_path)
    monkeypatch.setenv("YTCONTEST_NOW", NOW)


def remind(run, *args: str) -> list[dict]:
    return json.loads(ok(run, "remind", "--json", *args).stdout)


def by_code(rows: list[dict]) -> dict[str, dict]:
    return {r["code"]: r for r in rows}


def test_the_shared_copy_is_the_story_built_in_the_tests_own_database(
    run, tmp_path, monkeypatch, built
):
    build_june(run, monkeypatch.setenv)
    fresh = remind(run, "--month", "06/2026")
    copy_database(built, tmp_path, replace=True)
    assert remind(run, "--month", "06/2026") == fresh


# --- who is reminded -----------------------------------------------------------------------------


def test_json_row_of_a_unit_owing_the_report_and_an_entry(run, june):
    assert by_code(remind(run, "--month", "06/2026"))["BVGT"] == {
        "code": "BVGT",
        "name": BVGT_NAME,
        "kind": "don_vi",
        "email": "bvgt@syt.thainguyen.gov.vn",
        "phone": "0208 3855 123",
        "month": "2026-06",
        "deadline": "2026-06-25T00:00:00+07:00",
        "report": "missing",
        "entries": {"active": 0, "submitted": 0},
        "nomination": "no_candidate",
        "flags": ["missing_report", "no_candidate"],
        "reasons": ["missing_report", "no_candidate"],
        "returned": False,
        "return_reason": None,
    }


def test_json_rows_all_have_the_same_keys(run, june):
    rows = remind(run, "--month", "06/2026")
    assert rows
    for r in rows:
        assert set(r) == ROW_KEYS, r


def test_unit_without_contact_is_listed_with_null_contacts(run, june):
    nvy = by_code(remind(run, "--month", "06/2026"))["NVY"]
    assert (nvy["email"], nvy["phone"]) == (None, None)
    assert nvy["reasons"] == ["missing_report", "no_candidate"]


def test_unit_with_an_on_time_report_and_an_active_entry_is_not_listed(run, june):
    assert "BVA" not in by_code(remind(run, "--month", "06/2026"))


def test_unit_with_a_late_report_received_and_an_entry_is_not_listed(run, june):
    assert "BVC" not in by_code(remind(run, "--month", "06/2026"))


def test_unit_that_joined_after_the_deadline_is_not_reminded_of_that_month(run, june):
    assert "BVMOI" not in by_code(remind(run, "--month", "06/2026"))


def test_unit_that_joined_after_the_deadline_is_reminded_of_the_next_month(run, june):
    bvmoi = by_code(remind(run, "--month", "07/2026"))["BVMOI"]
    assert (bvmoi["report"], bvmoi["reasons"]) == ("pending", ["report_due", "no_candidate"])


def test_unit_that_does_not_report_is_never_listed(run, june):
    assert "KHTC" not in by_code(remind(run, "--month", "06/2026"))


def test_listed_units_are_exactly_those_owing_the_report_or_an_entry(run, june):
    result = ok(run, "status", "--month", "06/2026", "--json")
    owing = [
        r["code"]
        for r in json.loads(result.stdout)["units"]
        if r["report"] in ("missing", "pending") or r["entries"]["active"] == 0
    ]
    assert [r["code"] for r in remind(run, "--month", "06/2026")] == owing


def test_as_of_before_the_deadline_a_unit_with_an_entry_is_reminded_of_the_report(run, june):
    rows = by_code(remind(run, "--month", "06/2026", "--as-of", "20/06/2026 08:00"))
    assert rows["BVA"]["report"] == "pending"
    assert rows["BVA"]["reasons"] == ["report_due"]
    assert rows["BVA"]["flags"] == []


def test_as_of_the_instant_of_receipt_the_unit_is_no_longer_reminded(run, june):
    rows = by_code(remind(run, "--month", "06/2026", "--as-of", "24/06/2026 23:59:59"))
    assert "BVA" not in rows
    assert rows["BVC"]["reasons"] == ["report_due"]  # its report came a second later


def test_as_of_before_the_withdrawal_the_entry_still_counts(run, june):
    rows = by_code(remind(run, "--month", "06/2026", "--as-of", "19/06/2026 12:00"))
    assert rows["BVGT"]["reasons"] == ["report_due"]


def test_as_of_in_utc(run, june):
    rows = by_code(remind(run, "--month", "06/2026", "--as-of", "2026-06-24T17:00:00Z"))
    assert rows["BVGT"]["reasons"] == ["missing_report", "no_candidate"]
    assert "BVC" not in rows


def test_default_month_is_the_current_month(run, june):
    rows = remind(run)
    assert {r["month"] for r in rows} == {"2026-07"}
    assert by_code(rows)["BVA"]["reasons"] == ["report_due"]


def test_default_month_after_the_campaign_is_its_last_report_month(run, june, monkeypatch):
    monkeypatch.setenv("YTCONTEST_NOW", "2026-12-05T09:00:00+07:00")
    assert {r["month"] for r in remind(run)} == {"2026-11"}


def test_default_month_before_the_campaign_is_its_first_report_month(run, june, monkeypatch):
    monkeypatch.setenv("YTCONTEST_NOW", "2026-05-10T09:00:00+07:00")
    assert {r["month"] for r in remind(run, "--as-of", "10/05/2026 09:00")} == {"2026-06"}


def test_month_outside_the_campaign_is_refused(run, june):
    # As ``status --month 05/2026`` does; "nobody to remind" would wrongly reassure the clerk.
    assert_refused(run("--lang", "en", "remind", "--month", "05/2026"), "05/2026")


def test_unknown_format_is_a_usage_error(run, june):
    result = run("remind", "--month", "06/2026", "--format", "pdf")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- table and CSV -------------------------------------------------------------------------------


def test_csv_has_one_row_per_unit_with_the_reasons_and_contacts(run, june):
    result = ok(run, "--lang", "en", "remind", "--month", "06/2026", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["Code", "Unit", "Owes", "E-mail", "Phone"]
    assert [r["Code"] for r in rows] == [r["code"] for r in remind(run, "--month", "06/2026")]
    bvgt = next(r for r in rows if r["Code"] == "BVGT")
    assert bvgt == {
        "Code": "BVGT",
        "Unit": BVGT_NAME,
        "Owes": "the report (deadline passed); an entry",
        "E-mail": "bvgt@syt.thainguyen.gov.vn",
        "Phone": "0208 3855 123",
    }


def test_table_has_a_title_and_the_units(run, june):
    result = run("--lang", "en", "remind", "--month", "06/2026", env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "To remind for 06/2026" in result.stdout
    assert "BVGT" in result.stdout
    assert "bvgt@syt.thainguyen.gov.vn" in result.stdout
    assert "BVA " not in result.stdout


# --- --strict ------------------------------------------------------------------------------------


def test_strict_exits_3_when_a_listed_unit_is_flagged(run, june):
    result = run("remind", "--month", "06/2026", "--strict", "--json")
    assert result.exit_code == 3, result.output
    assert "BVGT" in by_code(json.loads(result.stdout))


def test_without_strict_flagged_units_exit_0(run, june):
    assert run("remind", "--month", "06/2026", "--json").exit_code == 0


# --- draft e-mails -------------------------------------------------------------------------------


def drafts(run, folder: Path, *args: str) -> dict[str, email.message.EmailMessage]:
    ok(run, *args, "remind", "--month", "06/2026", "--format", "eml", "-o", str(folder))
    return {
        p.name: email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted(folder.iterdir())
    }


def test_eml_writes_one_draft_per_reminded_unit_with_an_address(run, june, tmp_path):
    found = drafts(run, tmp_path / "out")
    # BVA has an address but owes nothing; BVMOI is not expected in June; others have none.
    assert set(found) == {"BVGT-2026-06.eml", "VP-2026-06.eml"}


def test_eml_says_how_many_drafts_and_who_has_no_address(run, june, tmp_path):
    folder = tmp_path / "out"
    result = ok(
        run, "--lang", "en", "remind", "--month", "06/2026", "--format", "eml", "-o", str(folder)
    )
    assert f"2 draft e-mails written to {folder}." in result.stdout
    assert "No e-mail address for: " in result.stdout
    skipped = result.stdout.split("No e-mail address for: ")[1].split(" (add one")[0].split(", ")
    assert "TTRA" in skipped and "NVY" in skipped
    assert "BVGT" not in skipped and "VP" not in skipped and "BVA" not in skipped


def test_eml_headers(run, june, tmp_path):
    message = drafts(run, tmp_path / "out")["BVGT-2026-06.eml"]
    assert message["From"] == KHTC_MAIL
    assert message["To"] == "bvgt@syt.thainguyen.gov.vn"
    assert BVGT_NAME in message["Subject"]
    assert "06/2026" in message["Subject"]
    assert parsedate_to_datetime(message["Date"]) == datetime(
        2026, 7, 10, 10, 0, tzinfo=timezone(timedelta(hours=7))
    )


def test_eml_sender_can_be_given(run, june, tmp_path):
    folder = tmp_path / "out"
    ok(
        run,
        "remind",
        "--month",
        "06/2026",
        "--format",
        "eml",
        "-o",
        str(folder),
        "--from",
        "nhacviec@syt.thainguyen.gov.vn",
    )
    message = email.message_from_bytes(
        (folder / "VP-2026-06.eml").read_bytes(), policy=email.policy.default
    )
    assert message["From"] == "nhacviec@syt.thainguyen.gov.vn"


def test_eml_body_names_the_unit_the_month_and_the_deadline(run, june, tmp_path):
    message = drafts(run, tmp_path / "out")["BVGT-2026-06.eml"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert BVGT_NAME in body
    assert "06/2026" in body
    assert "25/06/2026" in body


def test_eml_body_is_in_vietnamese(run, june, tmp_path):
    message = drafts(run, tmp_path / "out")["BVGT-2026-06.eml"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert f"Kính gửi: {BVGT_NAME}" in body
    assert "báo cáo tháng 06/2026" in body
    assert "hồ sơ dự thi" in body
    assert "Dear" not in body and "report" not in body


def test_eml_subject_is_in_vietnamese(run, june, tmp_path):
    message = drafts(run, tmp_path / "out")["BVGT-2026-06.eml"]
    assert "Nhắc việc" in message["Subject"]
    assert "Reminder" not in message["Subject"]


def test_eml_stays_in_vietnamese_when_the_user_works_in_english(run, june, tmp_path):
    # The contract: "eml writes one draft e-mail per unit that has an address, in Vietnamese".
    message = drafts(run, tmp_path / "out", "--lang", "en")["BVGT-2026-06.eml"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Kính gửi" in body
    assert "Dear" not in body
    assert "Reminder" not in message["Subject"]


def test_eml_body_before_the_deadline_says_the_report_is_due(run, june, tmp_path):
    folder = tmp_path / "out"
    ok(
        run,
        "remind",
        "--month",
        "06/2026",
        "--as-of",
        "20/06/2026 08:00",
        "--format",
        "eml",
        "-o",
        str(folder),
    )
    message = email.message_from_bytes(
        (folder / "BVA-2026-06.eml").read_bytes(), policy=email.policy.default
    )
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Báo cáo tháng 06/2026 cần được gửi trước ngày 25/06/2026" in body
    assert "chưa có hồ sơ dự thi" not in body  # BVA has an entry


def test_eml_is_a_draft_to_send(run, june, tmp_path):
    message = drafts(run, tmp_path / "out")["VP-2026-06.eml"]
    assert message["X-Unsent"] == "1"
    assert message["Message-ID"]


def test_eml_without_a_folder_is_refused(run, june, tmp_path):
    result = run("--lang", "en", "remind", "--month", "06/2026", "--format", "eml")
    assert_refused(result, "give the folder for the drafts: -o FOLDER")


def test_eml_into_a_file_is_refused(run, june, tmp_path):
    target = tmp_path / "a-file.txt"
    target.write_text("x")
    result = run(
        "--lang", "en", "remind", "--month", "06/2026", "--format", "eml", "-o", str(target)
    )
    assert_refused(result, "is a file, not a folder")
    assert target.read_text() == "x"


def test_eml_with_strict_exits_3_after_writing_the_drafts(run, june, tmp_path):
    folder = tmp_path / "out"
    result = run("remind", "--month", "06/2026", "--format", "eml", "-o", str(folder), "--strict")
    assert result.exit_code == 3, result.output
    assert (folder / "BVGT-2026-06.eml").is_file()
