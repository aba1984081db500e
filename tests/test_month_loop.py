"""The month's loop end to end, through a real SMTP server on 127.0.0.1 and a real mbox file.

KHTC sends July's reminders with the forms; the units fill them in and reply; KHTC saves its
inbox as an mbox and imports it; it returns one report; the unit corrects and replies; KHTC
accepts it. Nothing here leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import mailbox
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.smtp import PASSWORD, Server, configure, local_only, make_certificate
from ytcontest.domain.dates import VN_TZ

# Nothing in these tests may reach beyond 127.0.0.1 (the fixture fails a test that tries).
pytestmark = pytest.mark.usefixtures(local_only.__name__)

UNITS = {
    "BVA": "bva@syt.thainguyen.gov.vn",
    "BVC": "bvc@syt.thainguyen.gov.vn",
    "BVGT": "bvgt@syt.thainguyen.gov.vn",
}
FIGURES = {"activities": 2, "reached": 180, "candidates": 3, "mobilized": 1}


def ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def reply(original: EmailMessage, sender: str, when: datetime, form: Path) -> EmailMessage:
    """The unit's answer to ``original``, the filled form attached, as its mail program sends it."""
    answer = EmailMessage()
    answer["From"] = sender
    answer["To"] = str(original["Reply-To"] or original["From"])
    answer["Subject"] = "Re: " + str(original["Subject"])
    answer["In-Reply-To"] = str(original["Message-ID"])
    answer["Date"] = format_datetime(when)
    answer.set_content("Đơn vị gửi lại biểu mẫu đã điền.")
    answer.add_attachment(
        form.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=form.name,
    )
    return answer


def filled(message: EmailMessage, folder: Path, values: dict) -> Path:
    from ytcontest.tabular.mail import prefill

    (attachment,) = list(message.iter_attachments())
    path = folder / attachment.get_filename()
    path.write_bytes(attachment.get_content())
    prefill(path, values)
    return path


def report(run, unit: str) -> dict:
    return json.loads(ok(run, "report", "show", unit, "07/2026", "--json").stdout)


def test_the_months_loop_from_reminder_to_accepted_correction(run, db_path, tmp_path, monkeypatch):
    certificate = make_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("YTCONTEST_SMTP_PASSWORD", PASSWORD)
    for code, address in UNITS.items():
        ok(run, "units", "edit", code, "--email", address)
    replies = tmp_path / "replies"
    replies.mkdir()
    with Server(certificate=certificate, login=True) as smtp:
        configure(run, smtp, security="starttls", login=True)

        # 1. July's reminders go out on 10/07, each with the unit's form.
        ok(run, "remind", "--month", "07/2026", "--send", "--yes")
        reminders = {str(m["To"]): m for m in smtp.messages()}
        assert set(reminders) == set(UNITS.values())

        # 2. The units reply from 13/07 to 15/07 with their forms filled in; KHTC saves its inbox as mbox.
        inbox = mailbox.mbox(tmp_path / "hop-thu.mbox")
        for day, address in enumerate(UNITS.values(), start=13):
            form = filled(reminders[address], replies, FIGURES)
            inbox.add(
                reply(reminders[address], address, datetime(2026, 7, day, 9, tzinfo=VN_TZ), form)
            )
        question = EmailMessage()
        question["From"], question["Subject"] = UNITS["BVA"], "Hỏi về cách điền"
        question["Date"] = format_datetime(datetime(2026, 7, 14, 8, tzinfo=VN_TZ))
        question.set_content("Xin hỏi ô số người được tiếp cận tính thế nào?")
        inbox.add(question)
        inbox.flush()
        inbox.close()

        # 3. On 20/07 KHTC imports the inbox: three reports, one question ignored.
        monkeypatch.setenv("YTCONTEST_NOW", "2026-07-20T08:00:00+07:00")
        result = ok(run, "report", "import", str(tmp_path / "hop-thu.mbox"), "--received-from-mail")
        assert "Đã nhập 3, đã nhập từ trước 0, bị từ chối 0, bỏ qua 1." in result.stdout
        assert report(run, "BVC")["received_at"] == "2026-07-14T09:00:00+07:00"
        assert report(run, "BVC")["timeliness"] == "on_time"

        # 4. BVC's figures do not add up: returned, with the reason and its own figures.
        reason = "Số hồ sơ vận động lớn hơn số ý tưởng phát hiện"
        ok(run, "report", "return", "BVC", "07/2026", "--reason", reason, "--send")
        returned = smtp.messages()[-1]
        assert returned["To"] == UNITS["BVC"]
        assert reason in returned.get_body(preferencelist=("plain",)).get_content()
        status = json.loads(ok(run, "status", "--month", "07/2026", "--json").stdout)
        assert status["summary"]["returned"] == 1

        # 5. BVC corrects the form it got back and replies on 21/07; KHTC imports the message.
        corrected = filled(returned, replies, {"mobilized": 0})
        message = reply(returned, UNITS["BVC"], datetime(2026, 7, 21, 10, tzinfo=VN_TZ), corrected)
        (tmp_path / "bvc.eml").write_bytes(bytes(message))
        monkeypatch.setenv("YTCONTEST_NOW", "2026-07-22T08:00:00+07:00")
        result = ok(run, "report", "import", str(tmp_path / "bvc.eml"), "--received-from-mail")
        assert "BVC 07/2026: đúng hạn, lần 2" in result.stdout

    # 6. KHTC checks and accepts it; the first version still decides timeliness.
    ok(run, "report", "accept", "BVC", "07/2026")
    bvc = report(run, "BVC")
    assert (bvc["revision"], bvc["mobilized"], bvc["reached"]) == (2, 0, 180)
    assert (bvc["review"], bvc["timeliness"]) == ("accepted", "on_time")
    status = json.loads(ok(run, "status", "--month", "07/2026", "--json").stdout)
    assert status["summary"]["returned"] == 0
    kinds = [h["kind"] for h in json.loads(ok(run, "remind", "--history", "--json").stdout)]
    assert sorted(kinds) == ["reminder", "reminder", "reminder", "return"]
