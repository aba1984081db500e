"""``report import`` of many things at once: folders, ``.eml`` messages and mbox files.

The messages are real ones, made with the standard ``email`` and ``mailbox`` modules, carrying
forms made by ``report template`` and filled in (``prefill``) as a unit's clerk would. "Now" is
10/07/2026 10:00.
"""

from __future__ import annotations

import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.helpers import build_once, copy_database

FILLED = {"activities": 3, "reached": 250, "candidates": 4, "mobilized": 2, "doc_number": "15/BC"}
JUNE_24 = "Wed, 24 Jun 2026 15:00:00 +0700"
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder, _ = build_once(tmp_path_factory, "inbox", lambda run, setenv: ok(run, "init"))
    return folder


@pytest.fixture
def story(built, tmp_path):
    copy_database(built, tmp_path)


def form(run, folder: Path, unit: str, month: str = "06/2026", **values: object) -> bytes:
    """A unit's form for ``month``, filled in with FILLED (and ``values``)."""
    from ytcontest.tabular.mail import prefill

    path = folder / f"{unit}-{month.replace('/', '-')}.xlsx"
    ok(run, "report", "template", "--unit", unit, "--month", month, "-o", str(path))
    prefill(path, {**FILLED, **values})
    return path.read_bytes()


def message(
    *attachments: tuple[str, bytes] | tuple[str, bytes, tuple[str, str]],
    sender: str = "Văn thư BVA <bva@syt.thainguyen.gov.vn>",
    date: str | None = JUNE_24,
    subject: str = "Báo cáo tháng 6",
) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "khtc@syt.thainguyen.gov.vn"
    mail["Subject"] = subject
    if date is not None:
        mail["Date"] = date
    mail.set_content("Kính gửi Phòng KHTC, đơn vị gửi báo cáo đính kèm.")
    for attachment in attachments:
        name, content = attachment[0], attachment[1]
        kind = attachment[2] if len(attachment) > 2 else XLSX  # type: ignore[misc]
        mail.add_attachment(content, maintype=kind[0], subtype=kind[1], filename=name)
    return mail


def write_mbox(path: Path, *messages: EmailMessage) -> Path:
    box = mailbox.mbox(path)
    for item in messages:
        box.add(item)
    box.flush()
    box.close()
    return path


def write_eml(path: Path, mail: EmailMessage) -> Path:
    path.write_bytes(bytes(mail))
    return path


def imported(run, *args: str):
    return run("report", "import", *[str(a) for a in args])


def reports(run) -> dict[str, dict]:
    rows = json.loads(ok(run, "report", "list", "--json").stdout)
    return {r["unit"]: r for r in rows}


def test_an_eml_with_a_form_files_the_report_and_says_the_verdict(run, story, tmp_path):
    eml = write_eml(tmp_path / "bva.eml", message(("bao-cao.xlsx", form(run, tmp_path, "BVA"))))
    result = imported(run, eml)
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("✓")]
    assert line.endswith("→ bao-cao.xlsx: BVA 06/2026: muộn 16 ngày, lần 1"), line
    assert reports(run)["BVA"]["reached"] == 250


def test_received_from_mail_takes_the_messages_date(run, story, tmp_path):
    eml = write_eml(tmp_path / "bva.eml", message(("bao-cao.xlsx", form(run, tmp_path, "BVA"))))
    result = imported(run, eml, "--received-from-mail")
    assert "BVA 06/2026: đúng hạn, lần 1" in result.stdout
    assert reports(run)["BVA"]["received_at"] == "2026-06-24T15:00:00+07:00"


def test_without_received_from_mail_a_mailed_form_is_received_now(run, story, tmp_path):
    eml = write_eml(tmp_path / "bva.eml", message(("bao-cao.xlsx", form(run, tmp_path, "BVA"))))
    ok(run, "report", "import", str(eml))
    assert reports(run)["BVA"]["received_at"] == "2026-07-10T10:00:00+07:00"


def test_received_from_mail_refuses_a_message_without_a_date(run, story, tmp_path):
    eml = write_eml(
        tmp_path / "bva.eml", message(("f.xlsx", form(run, tmp_path, "BVA")), date=None)
    )
    result = imported(run, eml, "--received-from-mail")
    assert result.exit_code == 1
    assert "thư không có trường Date đọc được" in result.stdout
    assert reports(run) == {}


def test_a_message_without_an_attachment_is_ignored_with_a_line(run, story, tmp_path):
    box = write_mbox(tmp_path / "hop-thu", message(subject="Hỏi về biểu mẫu"))
    result = imported(run, box)
    assert result.exit_code == 0, result.output
    assert "«Hỏi về biểu mẫu»): bỏ qua, thư không có tệp đính kèm" in result.stdout


def test_a_foreign_attachment_is_ignored_with_a_line(run, story, tmp_path):
    pdf = ("cong-van.pdf", b"%PDF-1.4 not a form", ("application", "pdf"))
    box = write_mbox(tmp_path / "hop-thu.mbox", message(pdf))
    result = imported(run, box)
    assert result.exit_code == 0, result.output
    assert "→ cong-van.pdf: bỏ qua, không phải biểu mẫu báo cáo" in result.stdout


def test_a_foreign_excel_file_is_ignored_not_refused(run, story, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Danh sách cán bộ"
    book.save(tmp_path / "other.xlsx")
    box = write_mbox(
        tmp_path / "hop-thu.mbox", message(("ds.xlsx", (tmp_path / "other.xlsx").read_bytes()))
    )
    result = imported(run, box)
    assert result.exit_code == 0, result.output
    assert "→ ds.xlsx: bỏ qua, không phải biểu mẫu báo cáo" in result.stdout


def test_a_form_for_the_wrong_month_is_refused_and_the_others_are_imported(run, story, tmp_path):
    box = write_mbox(
        tmp_path / "hop-thu.mbox",
        message(("bva.xlsx", form(run, tmp_path, "BVA"))),
        message(("bvc.xlsx", form(run, tmp_path, "BVC", "07/2026"))),
    )
    result = imported(run, box, "--month", "06/2026")
    assert result.exit_code == 1
    assert "→ bvc.xlsx: từ chối" in result.stdout
    assert "07/2026" in result.stdout
    assert result.stderr.startswith("Lỗi: 1 tệp bị từ chối")
    assert set(reports(run)) == {"BVA"}


def test_one_bad_form_stops_neither_the_others_nor_is_half_imported(run, story, tmp_path):
    box = write_mbox(
        tmp_path / "hop-thu.mbox",
        message(("bva.xlsx", form(run, tmp_path, "BVA", reached=-5))),
        message(("bvc.xlsx", form(run, tmp_path, "BVC"))),
    )
    result = imported(run, box)
    assert result.exit_code == 1
    assert "    - B11" in result.stdout or "    - " in result.stdout
    assert set(reports(run)) == {"BVC"}


def test_the_same_form_twice_in_an_mbox_is_filed_once(run, story, tmp_path):
    content = form(run, tmp_path, "BVA")
    box = write_mbox(
        tmp_path / "hop-thu.mbox",
        message(("bva.xlsx", content)),
        message(("bva.xlsx", content), subject="Gửi lại báo cáo"),
    )
    result = imported(run, box)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("= ") and "đã nhập lúc 10/07/2026 10:00 (BVA/2026-06)" in lines[1]
    assert reports(run)["BVA"]["revision"] == 1


def test_importing_the_same_mbox_again_files_nothing_new(run, story, tmp_path):
    box = write_mbox(tmp_path / "hop-thu.mbox", message(("bva.xlsx", form(run, tmp_path, "BVA"))))
    ok(run, "report", "import", str(box))
    result = imported(run, box, "--amend")
    assert result.exit_code == 0, result.output
    assert "Đã nhập 0, đã nhập từ trước 1, bị từ chối 0, bỏ qua 0." in result.stdout
    assert reports(run)["BVA"]["revision"] == 1


def test_a_folder_gives_each_of_its_files_a_line(run, story, tmp_path):
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    (inbox / "bva.xlsx").write_bytes(form(run, tmp_path, "BVA"))
    write_eml(inbox / "bvc.eml", message(("bvc.xlsx", form(run, tmp_path, "BVC"))))
    (inbox / "ghi-chu.txt").write_text("không phải báo cáo", encoding="utf-8")
    result = imported(run, inbox)
    assert result.exit_code == 1  # the text file is not a table: refused, with its line
    assert set(reports(run)) == {"BVA", "BVC"}
    assert "✗ ghi-chu.txt: từ chối" in result.stdout
    assert len([x for x in result.stdout.splitlines() if x[:1] in "✓✗=·"]) == 3


def test_several_files_are_imported_each_on_its_own(run, story, tmp_path):
    bva = tmp_path / "bva.xlsx"
    bva.write_bytes(form(run, tmp_path, "BVA"))
    eml = write_eml(tmp_path / "bvc.eml", message(("bvc.xlsx", form(run, tmp_path, "BVC"))))
    result = imported(run, bva, eml)
    assert result.exit_code == 0, result.output
    assert "Đã nhập 2, đã nhập từ trước 0, bị từ chối 0, bỏ qua 0." in result.stdout


def test_a_dry_run_of_an_mbox_writes_nothing(run, story, tmp_path):
    box = write_mbox(tmp_path / "hop-thu.mbox", message(("bva.xlsx", form(run, tmp_path, "BVA"))))
    result = imported(run, box, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Chạy thử, không ghi gì." in result.stdout
    assert reports(run) == {}


def test_a_missing_file_among_several_is_refused_with_its_line(run, story, tmp_path):
    bva = tmp_path / "bva.xlsx"
    bva.write_bytes(form(run, tmp_path, "BVA"))
    result = imported(run, bva, tmp_path / "khong-co.xlsx")
    assert result.exit_code == 1
    assert "khong-co.xlsx: từ chối: không có tệp hoặc thư mục này" in result.stdout
    assert set(reports(run)) == {"BVA"}


def test_a_single_table_import_says_each_verdict(run, story, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "Mã đơn vị;Tháng;Ngày nhận;Số hoạt động;Số người được tiếp cận;Số ý tưởng;"
        "Số hồ sơ vận động\nBVA;06/2026;24/06/2026 15:00;3;250;4;2\n"
        "BVC;06/2026;26/06/2026 08:00;1;20;0;0\n",
        encoding="utf-8",
    )
    result = ok(run, "report", "import", str(path))
    assert result.stdout.splitlines()[1:] == [
        "  BVA 06/2026: đúng hạn, lần 1",
        "  BVC 06/2026: muộn 2 ngày, lần 1",
    ]
