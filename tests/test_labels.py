"""The files people open show people's words, and the imports read them back (issue 12, 3-4).

CSV and XLSX exports, ``status --format csv`` and the workbook's data sheets word every code in
the chosen language (``--codes`` keeps the codes and ISO dates for scripts; JSON always carries
codes). Every import takes a code or its words, and a file made by ``export units|entries``
imports back unchanged. Also: the audit log in words, and a unit gone before the submission
window owes no entries.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.helpers import assert_refused, build_once, copy_database

# The story's clock: the submission window is open (01/10 to 31/10/2026).
STORY_NOW = "2026-10-20T10:00:00+07:00"


def ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def build(run: Any, setenv: Any) -> None:
    """A phong unit with every field, reports on time and late, three entries with every
    vocabulary (one submitted in the window, one submitted late with a reason, one whose title
    a spreadsheet would run as a formula), and BVGT gone from 01/09/2026."""
    ok(run("init"))
    ok(run(
        "units", "add", "NEWP", "Phòng Thử nghiệm", "--kind", "phong", "--group", "Khối X",
        "--email", "thu.nghiem@syt.example.vn", "--phone", "0208 123 456",
        "--no-reports-required", "--active-from", "01/05/2026",
    ))  # fmt: skip
    for unit, received in (("BVA", "24/06/2026 10:00"), ("VP", "26/06/2026 09:30")):
        ok(run(
            "report", "add", "--unit", unit, "--month", "06/2026", "--received", received,
            "--activities", "3", "--reached", "250", "--candidates", "4", "--mobilized", "2",
        ))  # fmt: skip
    ok(run(
        "entries", "add", "--unit", "BVA", "--title", "Phần mềm nhắc lịch tái khám",
        "--category", "san_pham", "--author-type", "tap_the",
        "--authors", "Nguyễn Văn A; Trần Thị B", "--field", "cds", "--field", "khcn",
        "--applied-since", "01/03/2026", "--status", "submitted",
        "--submitted-at", "15/10/2026 09:00",
    ))  # fmt: skip
    ok(run(
        "entries", "add", "--unit", "VP", "--title", "=1+1 tính nhanh", "--category", "du_an",
        "--author-type", "ca_nhan", "--authors", "Lê Văn C", "--field", "dmst",
        "--status", "preparing",
    ))  # fmt: skip
    ok(run(
        "entries", "add", "--unit", "BVC", "--title", "Giải pháp quản lý giường bệnh",
        "--category", "giai_phap_quan_ly", "--author-type", "doanh_nghiep",
        "--authors", "Công ty X", "--field", "cdx", "--applied-since", "01/01/2026",
    ))  # fmt: skip
    ok(run("entries", "submit", "3", "--at", "30/09/2026 10:00", "--late-reason", "Gửi bản giấy"))
    ok(run("units", "deactivate", "BVGT", "--from", "01/09/2026"))


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, _made = build_once(tmp_path_factory, "labels", build, now=STORY_NOW)
    return folder


@pytest.fixture
def db(story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The story's clock, so that entries imported again are created at the same instant.
    monkeypatch.setenv("YTCONTEST_NOW", STORY_NOW)
    return copy_database(story, tmp_path)


def read(path: Path, sep: str = ",") -> list[list[Any]]:
    """The rows of an exported CSV or XLSX file, as the file holds them."""
    if path.suffix == ".xlsx":
        sheet = load_workbook(path).active
        return [[c.value for c in row] for row in sheet.iter_rows()]
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def export(run: Any, dataset: str, path: Path, *options: str, lang: str = "vi") -> list[list[Any]]:
    ok(run("--lang", lang, "export", dataset, "-o", str(path), *options))
    sep = options[options.index("--sep") + 1] if "--sep" in options else ","
    return read(path, sep)


def row(rows: list[list[Any]], first: Any) -> list[Any]:
    (found,) = [r for r in rows if r[0] == first]
    return found


def column(rows: list[list[Any]], header: str, first: Any) -> Any:
    return row(rows, first)[rows[0].index(header)]


# --- exports show words ----------------------------------------------------------------------


def test_units_export_shows_the_kind_as_units_list_does(run: Any, db: Path, tmp_path: Path) -> None:
    rows = export(run, "units", tmp_path / "u.csv")
    assert column(rows, "Loại", "BVA") == "đơn vị trực thuộc"
    assert column(rows, "Loại", "NEWP") == "phòng chuyên môn"


def test_entries_export_shows_every_vocabulary_in_vietnamese(
    run: Any, db: Path, tmp_path: Path
) -> None:
    rows = export(run, "entries", tmp_path / "e.csv")
    first = dict(zip(rows[0], row(rows, "1"), strict=True))
    assert (first["Loại hồ sơ"], first["Loại tác giả"], first["Trạng thái"]) == (
        "Sản phẩm", "Tập thể", "đã nộp",
    )  # fmt: skip
    assert first["Lĩnh vực"] == "chuyển đổi số; ứng dụng khoa học, công nghệ"
    assert (first["Áp dụng từ"], first["Đã nộp"]) == ("01/03/2026", "15/10/2026 09:00:00")
    assert column(rows, "Lưu ý", "2") == "chưa được áp dụng vào thực tế"


def test_reports_export_shows_month_and_verdict_in_words(
    run: Any, db: Path, tmp_path: Path
) -> None:
    rows = export(run, "reports", tmp_path / "r.csv")
    assert row(rows, "BVA")[1:5] == ["06/2026", "24/06/2026 10:00:00", "trước ngày 25/06/2026",
                                     "đúng hạn"]  # fmt: skip
    assert column(rows, "Thời hạn", "VP") == "muộn 2 ngày"


def test_status_export_shows_report_nomination_and_flags_in_words(
    run: Any, db: Path, tmp_path: Path
) -> None:
    rows = export(run, "status", tmp_path / "s.csv", "--month", "06/2026")
    assert column(rows, "Báo cáo", "VP") == "muộn 2 ngày"
    assert column(rows, "Nộp hồ sơ", "BVA") == "đã nộp đủ"
    assert column(rows, "Báo cáo", "BVLBP") == "chưa báo cáo"
    assert column(rows, "Cảnh báo", "BVLBP") == "chưa báo cáo; chưa có hồ sơ"


def test_english_export_shows_english_words(run: Any, db: Path, tmp_path: Path) -> None:
    units = export(run, "units", tmp_path / "u.csv", lang="en")
    entries = export(run, "entries", tmp_path / "e.csv", lang="en")
    reports = export(run, "reports", tmp_path / "r.csv", lang="en")
    assert column(units, "Kind", "BVA") == "affiliated unit"
    assert row(entries, "1")[3:5] == ["Product", "Group of people"]
    assert column(entries, "Status", "2") == "preparing"
    assert column(reports, "Timeliness", "VP") == "late by 2 days"


def test_codes_keep_codes_and_iso_dates(run: Any, db: Path, tmp_path: Path) -> None:
    entries = export(run, "entries", tmp_path / "e.csv", "--codes")
    reports = export(run, "reports", tmp_path / "r.csv", "--codes")
    units = export(run, "units", tmp_path / "u.csv", "--codes")
    assert row(entries, "1")[3:8] == ["san_pham", "tap_the", "Nguyễn Văn A; Trần Thị B",
                                      "cds; khcn", "2026-03-01"]  # fmt: skip
    assert column(entries, "Đã nộp", "1") == "2026-10-15T09:00:00+07:00"
    assert column(entries, "Lưu ý", "2") == "not_applied"
    assert row(reports, "VP")[1:5] == ["2026-06", "2026-06-26T09:30:00+07:00",
                                       "2026-06-25T00:00:00+07:00", "late"]  # fmt: skip
    assert column(units, "Loại", "NEWP") == "phong"
    assert column(units, "Hoạt động từ", "NEWP") == "2026-05-01"


def test_json_export_carries_codes_whatever_the_language(
    run: Any, db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "e.json"
    ok(run("export", "entries", "-o", str(out)))
    first = json.loads(out.read_text(encoding="utf-8"))[0]
    assert (first["category"], first["status"], first["fields"]) == (
        "san_pham", "submitted", ["cds", "khcn"],
    )  # fmt: skip


def test_xlsx_export_holds_words_and_real_date_cells(run: Any, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    rows = export(run, "entries", path)
    assert row(rows, 1)[3] == "Sản phẩm"
    cell = load_workbook(path).active.cell(row=2, column=8)
    assert (cell.value, cell.number_format) == (datetime(2026, 3, 1), "DD/MM/YYYY")


def test_xlsx_reports_show_the_month_as_vietnamese_write_it(
    run: Any, db: Path, tmp_path: Path
) -> None:
    assert row(export(run, "reports", tmp_path / "r.xlsx"), "BVA")[1] == "06/2026"


def test_sep_semicolon_splits_csv_on_semicolons(run: Any, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    ok(run("export", "units", "-o", str(path), "--sep", ";"))
    header = path.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Mã;Đơn vị;Loại;")


def test_sep_semicolon_on_stdout_quotes_a_list_holding_semicolons(run: Any, db: Path) -> None:
    result = ok(run("export", "entries", "--sep", ";"))
    assert ';"Nguyễn Văn A; Trần Thị B";' in result.stdout


def test_an_unknown_separator_is_refused_in_vietnamese(run: Any, db: Path) -> None:
    assert_refused_vi(run("export", "units", "--sep", "|"), "--sep")


def assert_refused_vi(result: Any, *fragments: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("Lỗi: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


# --- status --format csv ---------------------------------------------------------------------


def status_csv(run: Any, *args: str) -> list[list[str]]:
    result = ok(run("status", "--format", "csv", *args))
    return list(csv.reader(io.StringIO(result.stdout)))


def test_status_csv_of_a_month_shows_words(run: Any, db: Path) -> None:
    rows = status_csv(run, "--month", "06/2026")
    assert row(rows, "VP")[2:6] == ["phòng chuyên môn", "muộn 2 ngày", "26/06/2026 09:30:00", "2"]


def test_status_csv_overview_heads_months_as_vietnamese_write_them(run: Any, db: Path) -> None:
    rows = status_csv(run)
    assert rows[0][3:9] == [f"{m:02d}/2026" for m in range(6, 12)]
    assert row(rows, "BVA")[3:5] == ["đúng hạn", "chưa báo cáo"]


def test_status_csv_with_codes_is_what_scripts_read(run: Any, db: Path) -> None:
    rows = status_csv(run, "--month", "06/2026", "--codes")
    assert row(rows, "VP")[2:6] == ["phong", "late", "2026-06-26T09:30:00+07:00", "2"]
    assert status_csv(run, "--codes")[0][3] == "2026-06"


def test_status_csv_takes_a_semicolon(run: Any, db: Path) -> None:
    result = ok(run("status", "--month", "06/2026", "--format", "csv", "--sep", ";"))
    assert result.stdout.startswith("Mã;Đơn vị;Loại;Báo cáo;")


# --- the workbook's data sheets --------------------------------------------------------------


def test_workbook_data_sheets_show_words(run: Any, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "tong-hop.xlsx"
    ok(run("--lang", "en", "export", "workbook", "-o", str(path), "--month", "06/2026"))
    book = load_workbook(path)
    units = [[c.value for c in r] for r in book["Units"].iter_rows()]
    entries = [[c.value for c in r] for r in book["Entries"].iter_rows()]
    revisions = [[c.value for c in r] for r in book["Report revisions"].iter_rows()]
    assert column(units, "Kind", "NEWP") == "office"
    assert row(entries, 3)[3:5] == ["Management solution", "Business"]
    assert row(revisions, "BVA")[1] == "06/2026"


# --- imports take words ----------------------------------------------------------------------


def write_units(path: Path, kind: str) -> Path:
    path.write_text(f"Mã,Tên đơn vị,Loại\nZZ1,Đơn vị thử,{kind}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("đơn vị trực thuộc", "don_vi"),
        ("Don vi truc thuoc", "don_vi"),
        ("ĐƠN VỊ TRỰC THUỘC", "don_vi"),
        ("affiliated unit", "don_vi"),
        ("DON_VI", "don_vi"),
        ("Phòng chuyên môn", "phong"),
        ("phong chuyen mon thuoc so", "phong"),
        ("Office", "phong"),
        ("phong", "phong"),
    ],
)
def test_units_import_takes_the_kind_as_code_or_words(
    run: Any, db: Path, tmp_path: Path, written: str, kind: str
) -> None:
    ok(run("units", "import", str(write_units(tmp_path / "u.csv", written))))
    assert json.loads(ok(run("units", "show", "ZZ1", "--json")).stdout)["kind"] == kind


def test_units_import_refuses_an_unknown_kind_naming_the_choices(
    run: Any, db: Path, tmp_path: Path
) -> None:
    result = run("units", "import", str(write_units(tmp_path / "u.csv", "bệnh viện")))
    assert_refused_vi(result, "dòng 2", "don_vi (đơn vị trực thuộc)")
    assert run("units", "show", "ZZ1").exit_code == 1


def test_units_import_in_english_refuses_in_english(run: Any, db: Path, tmp_path: Path) -> None:
    result = run("--lang", "en", "units", "import", str(write_units(tmp_path / "u.csv", "x")))
    assert_refused(result, "row 2", "kind")


def test_entries_import_takes_words_without_diacritics_in_any_case(
    run: Any, db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "Đơn vị,Tên hồ sơ,Loại hồ sơ,Loại tác giả,Tác giả,Lĩnh vực,Trạng thái\n"
        "BVA,Hồ sơ mới,SAN PHAM,group of people,Một Người,"
        '"Chuyen doi so; Green transformation",Dang hoan thien\n',
        encoding="utf-8",
    )
    ok(run("entries", "import", str(path)))
    entry = json.loads(ok(run("entries", "show", "4", "--json")).stdout)
    assert (entry["category"], entry["author_type"], entry["fields"], entry["status"]) == (
        "san_pham", "tap_the", ["cds", "cdx"], "preparing",
    )  # fmt: skip


# --- round trips: what export writes, import reads back unchanged ----------------------------

MODES = [
    pytest.param("csv", (), "vi", id="csv-words-vi"),
    pytest.param("csv", ("--codes",), "vi", id="csv-codes"),
    pytest.param("csv", (), "en", id="csv-words-en"),
    pytest.param("csv", ("--sep", ";"), "vi", id="csv-semicolon"),
    pytest.param("csv", ("--codes", "--sep", ";"), "en", id="csv-codes-semicolon-en"),
    pytest.param("xlsx", (), "vi", id="xlsx-words-vi"),
    pytest.param("xlsx", ("--codes",), "vi", id="xlsx-codes"),
    pytest.param("xlsx", (), "en", id="xlsx-words-en"),
]


@pytest.mark.parametrize(("suffix", "options", "lang"), MODES)
def test_exported_units_import_back_unchanged(
    run: Any, db: Path, tmp_path: Path, suffix: str, options: tuple[str, ...], lang: str
) -> None:
    before = export(run, "units", tmp_path / f"u.{suffix}", *options, lang=lang)
    # Change what the file holds, so that only reading every column back restores it.
    ok(run(
        "units", "edit", "NEWP", "--name", "Tên khác", "--kind", "don_vi", "--group", "Khối Y",
        "--email", "khac@syt.example.vn", "--phone", "0208 999 999", "--reports-required",
    ))  # fmt: skip
    ok(run("units", "edit", "BVA", "--kind", "phong"))
    ok(run("--lang", lang, "units", "import", str(tmp_path / f"u.{suffix}")))
    after = export(run, "units", tmp_path / f"again.{suffix}", *options, lang=lang)
    assert after == before


@pytest.mark.parametrize(("suffix", "options", "lang"), MODES)
def test_exported_entries_import_back_unchanged(
    run: Any, db: Path, tmp_path: Path, suffix: str, options: tuple[str, ...], lang: str
) -> None:
    before = export(run, "entries", tmp_path / f"e.{suffix}", *options, lang=lang)
    result = ok(run("--lang", lang, "entries", "import", str(tmp_path / f"e.{suffix}")))
    assert "Traceback" not in result.output
    after = export(run, "entries", tmp_path / f"again.{suffix}", *options, lang=lang)
    # The file's entries came in again as new ones (4, 5, 6): the same in every column but
    # their number.
    originals, copies = after[1:4], after[4:]
    assert [r[1:] for r in copies] == [r[1:] for r in before[1:]]
    assert [r[1:] for r in originals] == [r[1:] for r in before[1:]]
    assert after[0] == before[0]
    # And in the database, not only in the file (a CSV cell made inert reads back as it was).
    records = json.loads(ok(run("entries", "list", "--json")).stdout)
    for record in records:
        del record["id"]
    assert records[3:] == records[:3]


# --- the audit log in words ------------------------------------------------------------------


def test_log_shows_actions_and_fields_in_vietnamese(run: Any, db: Path) -> None:
    ok(run("units", "edit", "BVA", "--kind", "phong"))
    result = ok(run("log", "--unit", "BVA", "--limit", "1", env={"COLUMNS": "200"}))
    assert "sửa đơn vị" in result.stdout
    assert "Loại: đơn vị trực thuộc → phòng chuyên môn" in result.stdout
    assert "unit.edit" not in result.stdout


def test_log_shows_a_new_entry_in_words(run: Any, db: Path) -> None:
    result = ok(run("log", "--unit", "BVA", "--format", "csv"))
    added = next(
        # On PostgreSQL the login stands beside the name: "tester (ytcontest_admin)".
        r
        for r in csv.reader(io.StringIO(result.stdout))
        if r[1].split(" (")[0] == "tester" and r[2] == "thêm hồ sơ"
    )
    assert "Loại hồ sơ: Sản phẩm" in added[4]
    assert "Đã nộp: 15/10/2026 09:00" in added[4]


def test_log_names_reports_and_entries_in_words(run: Any, db: Path) -> None:
    result = ok(run("log", "--unit", "BVA", "--format", "csv"))
    objects = {r[3] for r in csv.reader(io.StringIO(result.stdout))}
    assert {"BVA 06/2026", "BVA, hồ sơ số 1"} <= objects


def test_log_in_english_shows_english_words(run: Any, db: Path) -> None:
    ok(run("units", "edit", "BVA", "--kind", "phong"))
    result = ok(run("--lang", "en", "log", "--limit", "1", env={"COLUMNS": "200"}))
    assert "unit changed" in result.stdout
    assert "Kind: affiliated unit → office" in result.stdout


def test_log_json_keeps_the_codes(run: Any, db: Path) -> None:
    ok(run("units", "edit", "BVA", "--kind", "phong"))
    (event,) = json.loads(ok(run("log", "--json", "--limit", "1")).stdout)
    assert (event["action"], event["changes"]) == ("unit.edit", "kind: don_vi → phong")


# --- a unit gone before the submission window owes no entries --------------------------------


def month_json(run: Any, as_of: str) -> dict[str, dict[str, Any]]:
    result = ok(run("status", "--month", "06/2026", "--as-of", as_of, "--json"))
    return {u["code"]: u for u in json.loads(result.stdout)["units"]}


def test_a_unit_gone_before_the_window_is_not_flagged_for_entries_after_it(
    run: Any, db: Path
) -> None:
    units = month_json(run, "02/11/2026 09:00")
    assert (units["BVGT"]["nomination"], units["BVGT"]["flags"]) == (
        "not_expected", ["missing_report"],
    )  # fmt: skip
    # A unit still active without an entry is flagged as before.
    assert units["BVLBP"]["flags"] == ["missing_report", "nomination_missed"]


def test_a_unit_gone_before_the_window_is_not_asked_for_a_candidate(run: Any, db: Path) -> None:
    units = month_json(run, "10/07/2026 09:00")
    assert units["BVGT"]["flags"] == ["missing_report"]
    assert units["BVLBP"]["flags"] == ["missing_report", "no_candidate"]


def test_the_overview_does_not_flag_its_missed_nomination(run: Any, db: Path) -> None:
    result = ok(run("status", "--as-of", "02/11/2026 09:00", "--json"))
    (bvgt,) = [u for u in json.loads(result.stdout)["units"] if u["code"] == "BVGT"]
    assert "nomination_missed" not in bvgt["flags"]
    assert bvgt["nomination"] == "not_expected"


def test_the_month_summary_does_not_count_it_as_missed(run: Any, db: Path) -> None:
    result = ok(run("status", "--month", "06/2026", "--as-of", "02/11/2026 09:00", "--json"))
    data = json.loads(result.stdout)
    missed = [u["code"] for u in data["units"] if u["nomination"] == "missed"]
    assert "BVGT" not in missed
    assert data["summary"]["nomination_missed"] == len(missed)


def test_status_shows_that_no_entry_is_expected_of_it(run: Any, db: Path) -> None:
    rows = status_csv(run, "--month", "06/2026", "--as-of", "02/11/2026 09:00")
    assert column(rows, "Nộp hồ sơ", "BVGT") == "không phải nộp hồ sơ"


# --- one place for the words -----------------------------------------------------------------


def vocabulary_codes() -> list[tuple[str, str]]:
    from ytcontest.domain import rules, vocab

    tables = {
        "kind": list(vocab.KINDS),
        "category": list(vocab.CATEGORIES),
        "author_type": list(vocab.AUTHOR_TYPES),
        "field": list(vocab.FIELDS),
        "entry_status": list(vocab.STATUSES),
        "report": [s.value for s in rules.ReportState] + [rules.NOT_EXPECTED],
        "nomination": [n.value for n in rules.Nomination],
        "flag": [f.value for f in rules.Flag],
        "window": [w.value for w in rules.WindowState],
        "warning": ["not_applied"],
    }
    return [(name, code) for name, codes in tables.items() for code in codes]


@pytest.mark.parametrize(("vocabulary", "code"), vocabulary_codes())
def test_every_code_a_file_can_hold_has_vietnamese_words(vocabulary: str, code: str) -> None:
    # A code added to the rules or the vocabularies without words would reach people's files.
    from ytcontest.domain.words import labeller

    shown = labeller(vocabulary)(code, {"days_late": 2})
    assert shown and shown != code and "_" not in shown, shown
