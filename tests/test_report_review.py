"""``report return`` and ``report accept``: KHTC sends a report back for correction, or accepts it.

The story (built once, copied per test), "now" 10/07/2026 10:00: BVA reported June on time
(24/06/2026 15:00), BVC late (26/06/2026 08:00); BVA has an address.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import build_once, copy_database
from tests.smtp import Server, configure, local_only

# Nothing in these tests may reach beyond 127.0.0.1 (the fixture fails a test that tries).
pytestmark = pytest.mark.usefixtures(local_only.__name__)

FIGURES = ["--activities", "3", "--reached", "250", "--candidates", "4", "--mobilized", "2"]
REASON = "Số người được tiếp cận chưa khớp với văn bản số 15/BC"


def ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def refused(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("Lỗi: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def build(run, setenv) -> None:
    ok(run, "init")
    ok(run, "units", "edit", "BVA", "--email", "bva@syt.thainguyen.gov.vn")
    ok(run, "report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES,
       "--received", "24/06/2026 15:00", "--doc-number", "15/BC")  # fmt: skip
    ok(run, "report", "add", "--unit", "BVC", "--month", "06/2026", *FIGURES,
       "--received", "26/06/2026 08:00")  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder, _ = build_once(tmp_path_factory, "review", build)
    return folder


@pytest.fixture
def story(built, tmp_path):
    copy_database(built, tmp_path)


def shown(run, unit: str = "BVA") -> dict:
    return json.loads(ok(run, "report", "show", unit, "06/2026", "--json").stdout)


def month(run) -> dict:
    return json.loads(ok(run, "status", "--month", "06/2026", "--json").stdout)


def unit_row(data: dict, code: str) -> dict:
    return next(u for u in data["units"] if u["code"] == code)


def give_back(run, unit: str = "BVA"):
    return ok(run, "report", "return", unit, "06/2026", "--reason", REASON)


def test_return_marks_the_latest_revision_returned_with_the_reason(run, story):
    result = give_back(run)
    assert "Đã trả lại báo cáo tháng 06/2026 của BVA (lần 1) để chỉnh sửa" in result.stdout
    record = shown(run)
    assert (record["review"], record["return_reason"]) == ("returned", REASON)


def test_a_report_never_looked_at_has_no_review(run, story):
    assert (shown(run)["review"], shown(run)["return_reason"]) == (None, None)


def test_return_is_in_the_audit_log(run, story):
    give_back(run)
    (event,) = [
        e for e in json.loads(ok(run, "log", "--json").stdout) if e["action"] == "report.return"
    ]
    assert event["after"] == {"review": "returned", "revision": 1, "reason": REASON}


def test_return_without_a_reason_is_refused(run, story):
    refused(run("report", "return", "BVA", "06/2026", "--reason", "  "), "--reason")
    assert shown(run)["review"] is None


def test_return_of_a_report_not_received_is_refused(run, story):
    refused(run("report", "return", "BVGT", "06/2026", "--reason", REASON), "BVGT")


def test_return_twice_is_refused(run, story):
    give_back(run)
    refused(run("report", "return", "BVA", "06/2026", "--reason", "x"), "đã bị trả lại")


def test_the_next_amendment_clears_the_mark(run, story):
    give_back(run)
    ok(run, "report", "add", "--unit", "BVA", "--month", "06/2026", "--amend", "--reached", "260")
    record = shown(run)
    assert (record["revision"], record["review"], record["return_reason"]) == (2, None, None)


def test_timeliness_stays_judged_on_the_first_revision(run, story):
    give_back(run)
    ok(run, "report", "add", "--unit", "BVA", "--month", "06/2026", "--amend", "--reached", "260")
    record = shown(run)
    assert (record["timeliness"], record["received_at"]) == (
        "on_time",
        "2026-06-24T15:00:00+07:00",
    )


def test_accept_records_that_khtc_checked_the_report(run, story):
    result = ok(run, "report", "accept", "BVA", "06/2026")
    assert "Đã chấp nhận báo cáo tháng 06/2026 của BVA (lần 1)." in result.stdout
    assert shown(run)["review"] == "accepted"


def test_accept_of_a_returned_report_clears_the_return(run, story):
    give_back(run)
    ok(run, "report", "accept", "BVA", "06/2026")
    assert (shown(run)["review"], shown(run)["return_reason"]) == ("accepted", None)


def test_accept_twice_is_refused(run, story):
    ok(run, "report", "accept", "BVA", "06/2026")
    refused(run("report", "accept", "BVA", "06/2026"), "đã được chấp nhận")


def test_status_counts_the_returned_reports(run, story):
    give_back(run)
    data = month(run)
    assert data["summary"]["returned"] == 1
    assert unit_row(data, "BVA")["returned"] is True
    assert unit_row(data, "BVA")["return_reason"] == REASON
    assert unit_row(data, "BVC")["returned"] is False


def test_status_table_says_returned_awaiting_correction(run, story):
    give_back(run)
    result = run("status", "--month", "06/2026", "--unit", "BVA", env={"COLUMNS": "200"})
    assert "đúng hạn · trả lại, chờ chỉnh sửa" in result.stdout
    assert "Trả lại, chờ chỉnh sửa: 1" in result.stdout


def test_status_overview_counts_the_returned_reports_by_month(run, story):
    give_back(run)
    months = json.loads(ok(run, "status", "--json").stdout)["months"]
    assert [m["returned"] for m in months] == [1, 0, 0, 0, 0, 0]


def test_remind_names_a_unit_whose_report_is_returned(run, story):
    give_back(run)
    rows = json.loads(ok(run, "remind", "--month", "06/2026", "--json").stdout)
    bva = next(r for r in rows if r["code"] == "BVA")
    assert "report_returned" in bva["reasons"]
    assert bva["return_reason"] == REASON


def test_a_corrected_report_is_no_longer_reminded_as_returned(run, story):
    give_back(run)
    ok(run, "report", "add", "--unit", "BVA", "--month", "06/2026", "--amend", "--reached", "260")
    rows = json.loads(ok(run, "remind", "--month", "06/2026", "--json").stdout)
    assert all("report_returned" not in r["reasons"] for r in rows)


def test_return_send_mails_the_reason_and_the_form_holding_what_was_sent(run, story, tmp_path):
    from ytcontest.tabular.form import read_form

    with Server() as smtp:
        configure(run, smtp)
        ok(run, "report", "return", "BVA", "06/2026", "--reason", REASON, "--send")
        (mail,) = smtp.messages()
    assert mail["To"] == "bva@syt.thainguyen.gov.vn"
    assert mail["Subject"] == (
        "[SỞ Y TẾ] Trả lại báo cáo tháng 06/2026 để chỉnh sửa – Bệnh viện A Thái Nguyên"
    )
    assert REASON in mail.get_body(preferencelist=("plain",)).get_content()
    (attachment,) = list(mail.iter_attachments())
    path = tmp_path / attachment.get_filename()
    path.write_bytes(attachment.get_content())
    _name, values = read_form(path)
    assert (values["unit"], values["month"]) == ("BVA", "2026-06")
    assert (values["activities"], values["reached"], values["doc_number"]) == (3, 250, "15/BC")
    history = json.loads(ok(run, "remind", "--history", "--json").stdout)
    assert [(h["unit"], h["kind"], h["result"]) for h in history] == [("BVA", "return", "sent")]


def test_return_send_to_a_unit_without_address_keeps_the_return_and_says_so(run, story):
    with Server() as smtp:
        configure(run, smtp)
        result = run("report", "return", "BVC", "06/2026", "--reason", REASON, "--send")
    refused(result, "BVC chưa có địa chỉ thư")
    assert shown(run, "BVC")["review"] == "returned"


def test_return_send_without_mail_settings_is_refused_before_marking(run, story):
    refused(run("report", "return", "BVA", "06/2026", "--reason", REASON, "--send"), "mail set")
    assert shown(run)["review"] is None


def test_a_corrected_form_for_a_returned_report_is_filed_as_its_correction(run, story, tmp_path):
    from ytcontest.tabular.mail import prefill

    give_back(run)
    path = tmp_path / "BVA-06.xlsx"
    ok(run, "report", "template", "--unit", "BVA", "--month", "06/2026", "-o", str(path))
    prefill(path, {"activities": 3, "reached": 260, "candidates": 4, "mobilized": 2})
    result = ok(run, "report", "import", str(path))
    assert "BVA 06/2026: đúng hạn, lần 2" in result.stdout
    record = shown(run)
    assert (record["reached"], record["revision"], record["review"]) == (260, 2, None)


def test_a_form_for_a_report_not_returned_still_needs_amend(run, story, tmp_path):
    from ytcontest.tabular.mail import prefill

    path = tmp_path / "BVA-06.xlsx"
    ok(run, "report", "template", "--unit", "BVA", "--month", "06/2026", "-o", str(path))
    prefill(path, {"activities": 3, "reached": 260, "candidates": 4, "mobilized": 2})
    refused(run("report", "import", str(path)), "--amend")


def test_remind_table_counts_the_returned_reports(run, story):
    give_back(run)
    result = ok(run, "remind", "--month", "06/2026")
    assert "Trả lại, chờ chỉnh sửa: 1" in result.stdout


def test_export_reports_json_carries_the_review_as_report_list_does(run, story):
    give_back(run)
    exported = json.loads(ok(run, "export", "reports", "--format", "json").stdout)
    assert exported == json.loads(ok(run, "report", "list", "--json").stdout)
    assert next(r for r in exported if r["unit"] == "BVA")["review"] == "returned"


def test_return_send_again_after_a_failed_sending_sends_without_a_second_mark(run, story):
    give_back(run)
    with Server() as smtp:
        configure(run, smtp)
        result = ok(run, "report", "return", "BVA", "06/2026", "--reason", "khác", "--send")
        (mail,) = smtp.messages()
    assert "thư được gửi lại với lý do đã nêu" in result.stdout
    assert REASON in mail.get_body(preferencelist=("plain",)).get_content()
    events = json.loads(ok(run, "log", "--json").stdout)
    assert [e["action"] for e in events].count("report.return") == 1
