"""``mail`` and ``remind --send``: through a real SMTP server on 127.0.0.1 (aiosmtpd).

The story (built once, copied for each test), at 10/07/2026 10:00, June's deadline passed:
BVA, BVC and BVGT have an address and owe June's report and an entry; every other seed unit
owes them too but has no address.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import build_once, copy_database
from tests.smtp import PASSWORD, Server, configure, free_port, local_only, make_certificate

# Nothing in these tests may reach beyond 127.0.0.1 (the fixture fails a test that tries).
pytestmark = pytest.mark.usefixtures(local_only.__name__)

ADDRESSES = {
    "BVA": "bva@syt.thainguyen.gov.vn",
    "BVC": "bvc@syt.thainguyen.gov.vn",
    "BVGT": "bvgt@syt.thainguyen.gov.vn",
}


def assert_refused(result, *fragments: str) -> None:
    """Exit 1 and one "Lỗi: ..." message on stderr (the user's Vietnamese) holding each fragment."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith(("Lỗi: ", "Error: ")), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def build(run, setenv) -> None:
    ok(run, "init")
    for code, address in ADDRESSES.items():
        ok(run, "units", "edit", code, "--email", address)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder, _ = build_once(tmp_path_factory, "mail", build)
    return folder


@pytest.fixture
def story(built, tmp_path):
    copy_database(built, tmp_path)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def server(story):
    with Server() as running:
        yield running


@pytest.fixture
def trusted(certificate, monkeypatch):
    # The client trusts the test's own certificate the way an office trusts its own authority.
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    return certificate


def send(run, *extra: str):
    return run("remind", "--month", "06/2026", "--send", "--yes", *extra)


def recipients(server: Server) -> list[str]:
    return [str(m["To"]) for m in server.messages()]


# --- settings -------------------------------------------------------------------------------------


def test_mail_show_gives_the_settings_as_set(run, server):
    configure(run, server)
    shown = json.loads(ok(run, "mail", "show", "--json").stdout)
    assert shown["server"] == "127.0.0.1"
    assert shown["port"] == str(server.port)
    assert shown["security"] == "none"
    assert shown["from"] == "khtc@syt.thainguyen.gov.vn"
    assert shown["reply-to"] == "baocao@syt.thainguyen.gov.vn"


def test_mail_settings_start_with_port_587_and_starttls(run, story):
    shown = json.loads(ok(run, "mail", "show", "--json").stdout)
    assert (shown["port"], shown["security"], shown["server"]) == ("587", "starttls", "")


def test_mail_set_refuses_to_store_a_password(run, story):
    assert_refused(
        run("--lang", "en", "mail", "set", "password", "bí-mật"),
        "never stored",
        "YTCONTEST_SMTP_PASSWORD",
    )


def test_mail_set_refuses_an_unknown_security(run, story):
    assert_refused(run("--lang", "en", "mail", "set", "security", "tls"), "starttls, ssl or none")


def test_mail_set_refuses_a_port_that_is_not_one(run, story):
    assert_refused(run("--lang", "en", "mail", "set", "port", "70000"), "1 to 65535")


def test_mail_set_refuses_a_sender_that_is_not_an_address(run, story):
    assert_refused(run("--lang", "en", "mail", "set", "from", "khtc"), "not an e-mail address")


def test_mail_show_never_prints_the_password(run, story, monkeypatch):
    monkeypatch.setenv("YTCONTEST_SMTP_PASSWORD", "bí-mật-123")
    result = ok(run, "mail", "show")
    assert "bí-mật-123" not in result.stdout
    assert "YTCONTEST_SMTP_PASSWORD" in result.stdout


def test_mail_settings_changes_are_in_the_audit_log(run, story):
    ok(run, "mail", "set", "server", "smtp.example.invalid")
    ok(run, "mail", "set", "server", "smtp2.example.invalid")
    events = [e for e in json.loads(ok(run, "log", "--json").stdout) if e["action"] == "mail.set"]
    assert events[0]["before"] == {"value": "smtp.example.invalid"}
    assert events[0]["after"] == {"value": "smtp2.example.invalid"}


# --- mail test: each failure said plainly ---------------------------------------------------------


def test_mail_test_goes_through_starttls_with_a_login(run, story, trusted, monkeypatch):
    monkeypatch.setenv("YTCONTEST_SMTP_PASSWORD", PASSWORD)
    with Server(certificate=trusted, login=True) as tls:
        configure(run, tls, security="starttls", login=True)
        result = ok(run, "mail", "test", "--to", "khtc@syt.thainguyen.gov.vn")
        (message,) = tls.messages()
    assert "Đã gửi thư thử tới khtc@syt.thainguyen.gov.vn" in result.stdout
    assert message["Subject"] == "[ytcontest] Thư thử"
    assert "ytcontest gửi được thư" in message.get_content()


def test_mail_test_with_a_wrong_password_says_the_login_was_refused(
    run, story, trusted, monkeypatch
):
    monkeypatch.setenv("YTCONTEST_SMTP_PASSWORD", "sai-mật-khẩu")
    with Server(certificate=trusted, login=True) as tls:
        configure(run, tls, security="starttls", login=True)
        result = run("mail", "test", "--to", "khtc@syt.thainguyen.gov.vn")
        assert tls.messages() == []
    assert_refused(result, "máy chủ thư từ chối đăng nhập của khtc", "mật khẩu")


def test_mail_test_with_an_untrusted_certificate_says_tls_failed(run, story, certificate):
    # SSL_CERT_FILE is not set: the self-signed certificate is rightly not trusted.
    with Server(certificate=certificate) as tls:
        configure(run, tls, security="starttls")
        result = run("mail", "test", "--to", "khtc@syt.thainguyen.gov.vn")
    assert_refused(result, "không thiết lập được kết nối bảo mật (TLS)", "certificate")


def test_mail_test_to_a_server_without_starttls_says_so(run, server):
    configure(run, server, security="starttls")
    assert_refused(
        run("mail", "test", "--to", "khtc@syt.thainguyen.gov.vn"), "không hỗ trợ STARTTLS"
    )


def test_mail_test_to_an_unreachable_server_says_so(run, story):
    ok(run, "mail", "set", "server", "127.0.0.1")
    ok(run, "mail", "set", "port", str(free_port()))
    ok(run, "mail", "set", "security", "none")
    ok(run, "mail", "set", "from", "khtc@syt.thainguyen.gov.vn")
    assert_refused(
        run("mail", "test", "--to", "khtc@syt.thainguyen.gov.vn"),
        "không kết nối được máy chủ thư 127.0.0.1",
    )


def test_mail_test_to_a_refused_recipient_says_so(run, story):
    with Server(refuse={"khong-co@syt.thainguyen.gov.vn"}) as smtp:
        configure(run, smtp)
        result = run("mail", "test", "--to", "khong-co@syt.thainguyen.gov.vn")
    assert_refused(result, "từ chối người nhận khong-co@syt.thainguyen.gov.vn", "550")


def test_mail_test_without_a_password_off_a_terminal_is_refused(run, story, trusted):
    with Server(certificate=trusted, login=True) as tls:
        configure(run, tls, security="starttls", login=True)
        result = run("mail", "test", "--to", "khtc@syt.thainguyen.gov.vn")
    assert_refused(result, "chưa có mật khẩu của khtc", "YTCONTEST_SMTP_PASSWORD")


def test_mail_test_before_the_server_is_set_says_what_to_set(run, story):
    assert_refused(run("mail", "test", "--to", "khtc@syt.thainguyen.gov.vn"), "mail set server")


# --- remind --send --------------------------------------------------------------------------------


def test_remind_send_mails_each_unit_with_an_address(run, server):
    configure(run, server)
    result = ok(run, "remind", "--month", "06/2026", "--send", "--yes")
    assert sorted(recipients(server)) == sorted(ADDRESSES.values())
    assert "Đã gửi: 3/3." in result.stdout


def test_remind_send_subject_and_body_are_vietnamese_and_readable(run, server):
    configure(run, server)
    send(run)
    (bva,) = [m for m in server.messages() if m["To"] == ADDRESSES["BVA"]]
    assert bva["Subject"] == (
        "[SỞ Y TẾ] Nhắc việc: báo cáo tháng 06/2026 và hồ sơ dự thi – Bệnh viện A Thái Nguyên"
    )
    body = bva.get_body(preferencelist=("plain",))
    assert body.get_content_charset() == "utf-8"
    assert "Kính gửi: Bệnh viện A Thái Nguyên" in body.get_content()
    # The raw subject is encoded (RFC 2047): a mail program anywhere shows the accents.
    raw = server.recorder.received[recipients(server).index(ADDRESSES["BVA"])]
    assert re.search(rb"^Subject: =\?utf-8\?", raw, re.MULTILINE | re.IGNORECASE)


def test_remind_send_says_what_the_eml_draft_says(run, server, tmp_path):
    configure(run, server)
    send(run)
    ok(run, "remind", "--month", "06/2026", "--format", "eml", "-o", str(tmp_path / "drafts"))
    from email import message_from_bytes, policy

    draft = message_from_bytes(
        (tmp_path / "drafts" / "BVA-2026-06.eml").read_bytes(), policy=policy.default
    )
    (sent,) = [m for m in server.messages() if m["To"] == ADDRESSES["BVA"]]
    assert sent["Subject"] == draft["Subject"]
    sent_text = sent.get_body(preferencelist=("plain",)).get_content()
    for line in draft.get_content().splitlines():
        assert line in sent_text


def test_remind_send_carries_the_units_form_for_the_report(run, server, tmp_path):
    from ytcontest.tabular.form import is_form, read_form
    from ytcontest.tabular.mail import prefill

    configure(run, server)
    send(run)
    (bvc,) = [m for m in server.messages() if m["To"] == ADDRESSES["BVC"]]
    (attachment,) = list(bvc.iter_attachments())
    assert attachment.get_filename() == "bao-cao-BVC-2026-06.xlsx"
    path = tmp_path / attachment.get_filename()
    path.write_bytes(attachment.get_content())
    assert is_form(path)
    prefill(path, {"activities": 1, "reached": 2, "candidates": 3, "mobilized": 4})
    _name, values = read_form(path)
    assert (values["unit"], values["month"], values["reached"]) == ("BVC", "2026-06", 2)


def test_the_mailed_form_is_the_same_as_report_template_makes(run, server, tmp_path):
    from openpyxl import load_workbook

    configure(run, server)
    send(run)
    (bvc,) = [m for m in server.messages() if m["To"] == ADDRESSES["BVC"]]
    (attachment,) = list(bvc.iter_attachments())
    mailed = tmp_path / "mailed.xlsx"
    mailed.write_bytes(attachment.get_content())
    made = tmp_path / "made.xlsx"
    assert (
        run("report", "template", "--unit", "BVC", "--month", "06/2026", "-o", str(made)).exit_code
        == 0
    )

    def cells(path):
        sheet = load_workbook(path).active
        return [[c.value for c in row] for row in sheet.iter_rows()]

    # The sender line names the province and the signing line the place, as the template does.
    assert cells(mailed) == cells(made)


def test_remind_send_comes_from_the_sender_with_the_reply_to(run, server):
    configure(run, server)
    send(run)
    message = server.messages()[0]
    assert message["From"] == "khtc@syt.thainguyen.gov.vn"
    assert message["Reply-To"] == "baocao@syt.thainguyen.gov.vn"
    assert message["Message-ID"].endswith("@syt.thainguyen.gov.vn>")
    assert "X-Unsent" not in message


def test_remind_send_lists_the_units_without_an_address(run, server):
    configure(run, server)
    result = send(run)
    line = next(x for x in result.stdout.splitlines() if x.startswith("Chưa có địa chỉ thư"))
    assert "VP" in line.split(": ", 1)[1].split(" (")[0].split(", ")


def test_remind_send_records_each_message_in_the_history(run, server):
    configure(run, server)
    send(run)
    history = json.loads(ok(run, "remind", "--history", "--json").stdout)
    assert sorted(h["unit"] for h in history) == ["BVA", "BVC", "BVGT"]
    by_unit = {h["unit"]: h for h in history}
    sent = {m["To"]: m["Message-ID"] for m in server.messages()}
    assert by_unit["BVA"]["message_id"] == sent[ADDRESSES["BVA"]]
    assert by_unit["BVA"] | {"message_id": None} == {
        "unit": "BVA",
        "month": "2026-06",
        "kind": "reminder",
        "recipients": [ADDRESSES["BVA"]],
        "message_id": None,
        "sent_at": "2026-07-10T10:00:00+07:00",
        "result": "sent",
        "error": None,
        "sent_by": "tester",
    }


def test_remind_send_records_each_message_in_the_audit_log(run, server):
    configure(run, server)
    send(run)
    events = [e for e in json.loads(ok(run, "log", "--json").stdout) if e["action"] == "mail.send"]
    assert sorted(e["after"]["unit"] for e in events) == ["BVA", "BVC", "BVGT"]
    assert all(e["after"]["result"] == "sent" for e in events)


def test_remind_send_twice_the_same_day_sends_nothing_again(run, server):
    configure(run, server)
    send(run)
    result = send(run)
    assert len(server.messages()) == 3
    assert "Đã nhắc trong hôm nay" in result.stdout


def test_remind_send_again_sends_again_the_same_day(run, server):
    configure(run, server)
    send(run)
    send(run, "--again")
    assert len(server.messages()) == 6


def test_remind_send_the_next_day_sends_again(run, server, monkeypatch):
    configure(run, server)
    send(run)
    monkeypatch.setenv("YTCONTEST_NOW", "2026-07-11T08:00:00+07:00")
    send(run)
    assert len(server.messages()) == 6


def test_remind_send_off_a_terminal_without_yes_sends_nothing(run, server):
    configure(run, server)
    result = run("remind", "--month", "06/2026", "--send")
    assert_refused(result, "--yes")
    assert server.messages() == []
    assert json.loads(ok(run, "remind", "--history", "--json").stdout) == []


def test_remind_send_when_the_server_goes_away_keeps_what_was_sent(run, story):
    with Server(drop_after=1) as flaky:
        configure(run, flaky)
        result = send(run)
        assert len(flaky.messages()) == 1
    assert result.exit_code == 1
    assert "máy chủ thư đã đóng kết nối" in result.stdout
    assert "Chưa gửi được, chạy lại đúng lệnh này để gửi: BVGT" in result.stdout
    history = json.loads(ok(run, "remind", "--history", "--json").stdout)
    assert sorted((h["unit"], h["result"]) for h in history) == [
        ("BVA", "sent"),
        ("BVC", "failed"),
    ]


def test_remind_send_again_after_a_failure_sends_only_the_rest(run, story):
    with Server(drop_after=1) as flaky:
        configure(run, flaky)
        send(run)
        first = recipients(flaky)
    with Server() as steady:
        configure(run, steady)
        result = send(run)
        assert result.exit_code == 0, result.output
        rest = recipients(steady)
    assert sorted(first + rest) == sorted(ADDRESSES.values())


def test_remind_send_with_one_recipient_refused_sends_the_others_and_exits_1(run, story):
    with Server(refuse={ADDRESSES["BVC"]}) as smtp:
        configure(run, smtp)
        result = send(run)
        assert sorted(recipients(smtp)) == [ADDRESSES["BVA"], ADDRESSES["BVGT"]]
    assert result.exit_code == 1
    assert "BVC: chưa gửi được: máy chủ thư từ chối người nhận" in result.stdout


def test_remind_send_refuses_a_past_instant(run, server):
    configure(run, server)
    result = run("remind", "--month", "06/2026", "--send", "--yes", "--as-of", "01/06/2026")
    assert_refused(result, "--as-of")
    assert server.messages() == []


# --- on a terminal ---------------------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch):
    # CliRunner's streams are not terminals; this stands in for a person at the keyboard.
    monkeypatch.setattr("ytcontest.cli.mail.interactive", lambda: True)


def test_remind_send_on_a_terminal_shows_whom_and_sends_on_yes(run, server, terminal):
    configure(run, server)
    result = run("remind", "--month", "06/2026", "--send", input="y\n")
    assert result.exit_code == 0, result.output
    assert "3 thư nhắc việc tháng 06/2026 sẽ gửi từ khtc@syt.thainguyen.gov.vn:" in result.stdout
    for address in ADDRESSES.values():
        assert address in result.stdout
    assert "Gửi ngay?" in result.stdout
    assert len(server.messages()) == 3


def test_remind_send_on_a_terminal_answered_no_sends_nothing(run, server, terminal):
    configure(run, server)
    result = run("remind", "--month", "06/2026", "--send", input="n\n")
    assert result.exit_code == 0, result.output
    assert "Không gửi thư nào." in result.stdout
    assert server.messages() == []


def test_the_password_is_asked_on_a_terminal_and_not_echoed(run, story, trusted, terminal):
    with Server(certificate=trusted, login=True) as tls:
        configure(run, tls, security="starttls", login=True)
        result = run("mail", "test", "--to", "khtc@syt.thainguyen.gov.vn", input=PASSWORD + "\n")
        assert len(tls.messages()) == 1
    assert result.exit_code == 0, result.output
    assert "Mật khẩu của khtc trên 127.0.0.1" in result.stdout
    assert PASSWORD not in result.stdout


def test_remind_history_table_reads_in_vietnamese(run, server):
    configure(run, server)
    send(run)
    result = run("remind", "--history", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Thư đã gửi" in result.stdout
    bva = next(line for line in result.stdout.splitlines() if "BVA" in line)
    assert "06/2026" in bva and "nhắc việc" in bva and "đã gửi" in bva


def test_a_server_beyond_127_0_0_1_is_never_reached_by_the_tests(run, story, local_only):
    ok(run, "mail", "set", "server", "smtp.example.invalid")
    ok(run, "mail", "set", "from", "khtc@syt.thainguyen.gov.vn")
    result = run("mail", "test", "--to", "khtc@syt.thainguyen.gov.vn")
    assert "blocked by the test" in result.stderr
    local_only.clear()  # the attempt was the point of this test


def test_remind_history_as_eml_is_a_usage_error(run, story):
    result = run("remind", "--history", "--format", "eml")
    assert result.exit_code == 2


def test_mail_show_names_the_settings_in_vietnamese(run, story):
    # A Vietnamese clerk reads "Máy chủ thư", not "server"; "starttls" as words too.
    ok(run, "mail", "set", "server", "smtp.example.invalid")
    ok(run, "mail", "set", "security", "starttls")
    out = ok(run, "mail", "show").stdout
    assert "Máy chủ thư" in out and "Bảo mật" in out and "Mật khẩu" in out
    assert "mã hoá STARTTLS" in out
    assert "reply-to" not in out and "starttls" not in out


def test_mail_show_csv_has_vietnamese_headers_and_json_keeps_the_keys(run, story):
    ok(run, "mail", "set", "security", "ssl")
    header, row = ok(run, "mail", "show", "--format", "csv").stdout.splitlines()[:2]
    assert header.startswith("Máy chủ thư,Cổng,Bảo mật")
    assert "mã hoá SSL/TLS" in row
    shown = json.loads(ok(run, "mail", "show", "--json").stdout)
    assert shown["security"] == "ssl" and "reply-to" in shown
