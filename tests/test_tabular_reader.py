"""Reading tables saved from Excel: formats, encodings, delimiters, headers and their errors."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

import pytest

from ytcontest.domain.i18n import get_language, set_language
from ytcontest.tabular.reader import Row, Table, TableError, fold, read_table

ROOT = Path(__file__).resolve().parents[1]

UNIT_ALIASES: dict[str, list[str]] = {
    "code": ["mã", "mã đơn vị", "ma dv"],
    "name": ["tên", "tên đơn vị"],
    "kind": ["loại"],
    "group": ["nhóm"],
    "email": ["thư điện tử"],
    "phone": ["điện thoại", "số điện thoại"],
    "reports_required": ["phải báo cáo"],
}


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    # Messages are checked in the default language, whatever another test left behind.
    before = get_language()
    set_language("vi")
    yield
    set_language(before)


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def read(path: Path, required: Sequence[str] = ()) -> Table:
    return read_table(path, UNIT_ALIASES, required=required)


def error_of(path: Path, required: Sequence[str] = ()) -> str:
    with pytest.raises(TableError) as caught:
        read(path, required)
    message = str(caught.value)
    assert "\n" not in message
    return message


def xlsx(tmp_path: Path, rows: Sequence[Sequence[object]], name: str = "table.xlsx") -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for number, cells in enumerate(rows, start=1):
        for column, value in enumerate(cells, start=1):
            if value is not None:
                sheet.cell(row=number, column=column, value=value)
    path = tmp_path / name
    workbook.save(path)
    return path


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Encode as Excel does in Windows-1258: base letters precomposed, tones as combining marks."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


SAMPLE = "code,name,kind\nBVA,Bệnh viện A Thái Nguyên,don_vi\nVP,Văn phòng Sở,phong\n"
EXPECTED_ROWS = [
    Row(2, {"code": "BVA", "name": "Bệnh viện A Thái Nguyên", "kind": "don_vi"}),
    Row(3, {"code": "VP", "name": "Văn phòng Sở", "kind": "phong"}),
]


# --- fold ----------------------------------------------------------------------------------------


def test_fold_drops_case_diacritics_and_separators() -> None:
    assert fold("Mã đơn vị") == "ma don vi"
    assert fold("  MÃ_ĐƠN--VỊ ") == "ma don vi"
    assert fold("Phòng Kế hoạch – Tài chính") == "phong ke hoach tai chinh"
    assert fold(unicodedata.normalize("NFD", "Bệnh viện")) == "benh vien"


# --- encodings -----------------------------------------------------------------------------------


def test_utf8_csv_without_bom(tmp_path: Path) -> None:
    table = read(write(tmp_path, "units.csv", SAMPLE))
    assert table.fields == ["code", "name", "kind"]
    assert table.rows == EXPECTED_ROWS
    assert table.ignored == []
    assert table.header_row == 1


def test_utf8_bom_does_not_stick_to_first_header(tmp_path: Path) -> None:
    table = read(write(tmp_path, "units.csv", "\ufeff" + SAMPLE), required=["code"])
    assert table.fields == ["code", "name", "kind"]
    assert table.rows == EXPECTED_ROWS


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_either_endianness(tmp_path: Path, encoding: str) -> None:
    # Excel's "Unicode Text" is UTF-16 with a BOM and tab-separated.
    content = ("\ufeff" + SAMPLE.replace(",", "\t")).encode(encoding)
    table = read(write(tmp_path, "units.txt", content))
    assert table.rows == EXPECTED_ROWS


def test_windows_1258_combining_tones_become_nfc(tmp_path: Path) -> None:
    content = windows_1258("Mã,Tên\nBVA,Bệnh viện A Thái Nguyên\n")
    assert b"\xf2" in content  # the dot below of "ệ" really is a separate combining mark
    table = read(write(tmp_path, "units.csv", content))
    assert table.fields == ["code", "name"]
    assert table.rows[0].values["name"] == "Bệnh viện A Thái Nguyên"
    assert unicodedata.is_normalized("NFC", table.rows[0].values["name"])


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    # 0x81 is valid neither in UTF-8 nor in Windows-1258.
    path = write(tmp_path, "units.csv", b"code,name\nBVA,\x81\x8d\n")
    assert "units.csv" in error_of(path)


# --- delimiters and quoting ----------------------------------------------------------------------


def test_semicolon_delimiter(tmp_path: Path) -> None:
    # Excel with the Vietnamese list separator writes ";", and decimals with ",".
    path = write(tmp_path, "units.csv", "code;name;phone\nBVA;Bệnh viện A, cơ sở 1;\n")
    table = read(path)
    assert table.rows == [Row(2, {"code": "BVA", "name": "Bệnh viện A, cơ sở 1", "phone": ""})]


def test_tab_delimiter(tmp_path: Path) -> None:
    table = read(write(tmp_path, "units.txt", SAMPLE.replace(",", "\t")))
    assert table.rows == EXPECTED_ROWS


def test_quoted_value_keeps_newline_and_delimiter(tmp_path: Path) -> None:
    content = 'code,name\r\nBVA,"Bệnh viện A,\r\nThái Nguyên"\r\nVP,Văn phòng Sở\r\n'
    table = read(write(tmp_path, "units.csv", content))
    assert table.rows[0].values["name"] == "Bệnh viện A,\nThái Nguyên"
    # Numbered as Excel shows it: a value with a line break is still one row.
    assert [row.number for row in table.rows] == [2, 3]


def test_quoted_header_with_line_break_still_decides_delimiter(tmp_path: Path) -> None:
    content = '"Mã\nđơn vị";"Tên, đơn vị"\nBVA;Bệnh viện A Thái Nguyên\n'
    table = read(write(tmp_path, "units.csv", content))
    assert table.fields == ["code"]
    assert table.ignored == ["Tên, đơn vị"]


def test_unclosed_quote_names_its_row(tmp_path: Path) -> None:
    content = 'code,name\nBVA,Bệnh viện A\nVP,"Văn phòng Sở\nKHTC,Phòng Kế hoạch - Tài chính\n'
    message = error_of(write(tmp_path, "units.csv", content))
    assert "units.csv" in message
    assert "dòng 3" in message


# --- headers -------------------------------------------------------------------------------------


def test_vietnamese_headers_with_diacritics(tmp_path: Path) -> None:
    path = write(
        tmp_path, "units.csv", "Mã đơn vị,Tên đơn vị,Loại,Phải báo cáo\nBVA,Bệnh viện A,don_vi,1\n"
    )
    table = read(path)
    assert table.fields == ["code", "name", "kind", "reports_required"]
    assert table.rows[0].values == {
        "code": "BVA",
        "name": "Bệnh viện A",
        "kind": "don_vi",
        "reports_required": "1",
    }


def test_vietnamese_headers_without_diacritics_any_case_and_separator(tmp_path: Path) -> None:
    path = write(
        tmp_path, "units.csv", "MA_DV,ten don vi,LOAI,phai-bao-cao\nBVA,Bệnh viện A,don_vi,1\n"
    )
    assert read(path).fields == ["code", "name", "kind", "reports_required"]


def test_english_canonical_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", "Code,NAME,Reports Required\nBVA,Bệnh viện A,0\n")
    table = read(path)
    assert table.fields == ["code", "name", "reports_required"]
    assert table.rows[0].values["reports_required"] == "0"


def test_required_marker_on_header_is_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", "Mã đơn vị (*),Tên*,Loại:\nBVA,Bệnh viện A,don_vi\n")
    assert read(path).fields == ["code", "name", "kind"]


def test_duplicate_headers_are_refused_naming_both(tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", "Mã,Tên,Mã đơn vị\nBVA,Bệnh viện A,BVA\n")
    message = error_of(path)
    assert "“Mã”" in message
    assert "“Mã đơn vị”" in message


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", "code,kind\nBVA,don_vi\n")
    message = error_of(path, required=["code", "name"])
    assert "tên (name)" in message
    assert "mã (code)" not in message


def test_unknown_columns_are_ignored_and_listed(tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", "STT,code,Ghi chú,name\n1,BVA,cơ sở chính,Bệnh viện A\n")
    table = read(path)
    assert table.fields == ["code", "name"]
    assert table.ignored == ["STT", "Ghi chú"]
    assert table.rows == [Row(2, {"code": "BVA", "name": "Bệnh viện A"})]


def test_header_matching_no_field_is_not_a_table_of_this_kind(tmp_path: Path) -> None:
    path = write(tmp_path, "report.csv", "Tháng,Số hoạt động\n2026-06,3\n")
    message = error_of(path)
    assert "report.csv" in message
    assert "mã (code)" in message


def test_header_below_a_title_block_is_found(tmp_path: Path) -> None:
    content = (
        "SỞ Y TẾ,,\nDANH SÁCH ĐƠN VỊ,,\n,,\n"
        "Mã đơn vị,Tên đơn vị,Loại\n(1),(2),(3)\nBVA,Bệnh viện A,don_vi\n"
    )
    table = read(write(tmp_path, "units.csv", content))
    assert table.header_row == 4
    # The row that numbers the columns, as administrative tables do, is not data.
    assert table.rows == [Row(6, {"code": "BVA", "name": "Bệnh viện A", "kind": "don_vi"})]


def test_title_row_holding_a_short_alias_is_not_taken_for_the_header(tmp_path: Path) -> None:
    aliases = {**UNIT_ALIASES, "name": ["tên", "đơn vị"]}
    content = "ĐƠN VỊ,,\nMã,Tên,Loại\nBVA,Bệnh viện A,don_vi\n"
    table = read_table(write(tmp_path, "units.csv", content), aliases)
    assert table.header_row == 2
    assert table.fields == ["code", "name", "kind"]


# --- row shapes ----------------------------------------------------------------------------------


def test_more_cells_than_header_names_the_row(tmp_path: Path) -> None:
    content = "code,name\nBVA,Bệnh viện A\nBVC,Bệnh viện C, Thái Nguyên\n"
    message = error_of(write(tmp_path, "units.csv", content))
    assert "dòng 3" in message
    assert "3 ô" in message


def test_trailing_empty_cells_beyond_header_are_harmless(tmp_path: Path) -> None:
    # Excel pads every row to the widest one when a stray cell was once typed and cleared.
    table = read(write(tmp_path, "units.csv", "code,name,,\nBVA,Bệnh viện A,,\n"))
    assert table.rows == [Row(2, {"code": "BVA", "name": "Bệnh viện A"})]


def test_fewer_cells_than_header_are_empty(tmp_path: Path) -> None:
    table = read(write(tmp_path, "units.csv", "code,name,kind\nBVA\n"))
    assert table.rows == [Row(2, {"code": "BVA", "name": "", "kind": ""})]


def test_empty_rows_are_skipped_and_numbers_match_the_file(tmp_path: Path) -> None:
    content = "code,name\n\nBVA,Bệnh viện A\n,\n  ,\t\n\nVP,Văn phòng Sở\n"
    table = read(write(tmp_path, "units.csv", content))
    assert [(row.number, row.values["code"]) for row in table.rows] == [(3, "BVA"), (7, "VP")]


def test_rows_filled_only_in_unknown_columns_are_skipped(tmp_path: Path) -> None:
    # An empty form whose STT column was numbered in advance.
    content = "STT,code,name\n1,BVA,Bệnh viện A\n2,,\n3,,\n"
    assert [row.number for row in read(write(tmp_path, "units.csv", content)).rows] == [2]


def test_control_characters_are_removed_and_values_stripped(tmp_path: Path) -> None:
    content = 'code,name\n BVA\x07 ,"\u200bBệnh\x00 viện\tA\x1b "\n'
    table = read(write(tmp_path, "units.csv", content))
    assert table.rows[0].values == {"code": "BVA", "name": "Bệnh viện\tA"}


def test_bidirectional_and_zero_width_marks_are_removed(tmp_path: Path) -> None:
    # Dates copied from Windows or a web page often carry left-to-right marks around them.
    content = "code,name,group\n\u200eBVA\u200f,\u202bBệnh viện A\u202c,\u200e01/06/2026\u2069\n"
    table = read(write(tmp_path, "units.csv", content))
    assert table.rows[0].values == {"code": "BVA", "name": "Bệnh viện A", "group": "01/06/2026"}


# --- files that are not there or not tables ------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "units.csv", b""))
    assert "units.csv" in message
    assert "không có dữ liệu" in message


def test_file_with_only_blank_lines_is_empty(tmp_path: Path) -> None:
    assert "không có dữ liệu" in error_of(write(tmp_path, "units.csv", "\ufeff\r\n,,\r\n"))


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    message = error_of(folder)
    assert str(folder) in message
    assert "thư mục" in message


def test_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "khong-co.csv"
    message = error_of(path)
    assert str(path) in message
    assert "Không tìm thấy" in message


def test_old_xls_renamed_xlsx_asks_to_save_again(tmp_path: Path) -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    message = error_of(write(tmp_path, "units.xlsx", ole2))
    assert ".xls" in message
    assert ".xlsx" in message
    assert "CSV" in message


def test_truncated_xlsx_is_refused(tmp_path: Path) -> None:
    whole = xlsx(tmp_path, [["code", "name"], ["BVA", "Bệnh viện A"]]).read_bytes()
    message = error_of(write(tmp_path, "cut.xlsx", whole[: len(whole) // 2]))
    assert "cut.xlsx" in message
    assert ".xlsx" in message


def test_ods_asks_to_save_as_xlsx_or_csv(tmp_path: Path) -> None:
    path = tmp_path / "units.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", "<office:document-content/>")
    message = error_of(path)
    assert ".ods" in message
    assert ".xlsx" in message


def test_html_saved_as_xls_is_refused(tmp_path: Path) -> None:
    page = "<html><body><table><tr><td>code</td></tr></table></body></html>"
    assert "units.xls" in error_of(write(tmp_path, "units.xls", page))


# --- XLSX ----------------------------------------------------------------------------------------


def test_xlsx_is_read_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = xlsx(tmp_path, [["Mã", "Tên"], ["BVA", "Bệnh viện A Thái Nguyên"]], name="units.csv")
    table = read(path)
    assert table.rows == [Row(2, {"code": "BVA", "name": "Bệnh viện A Thái Nguyên"})]


def test_xlsx_numbers_and_dates_become_text(tmp_path: Path) -> None:
    aliases = {"a": [], "b": [], "c": [], "d": [], "e": [], "f": [], "g": []}
    path = xlsx(
        tmp_path,
        [
            ["a", "b", "c", "d", "e", "f", "g"],
            [12, 12.0, 0.1 + 0.2, date(2026, 6, 24), datetime(2026, 6, 24, 8, 30), None, True],
        ],
    )
    table = read_table(path, aliases)
    assert table.rows[0].values == {
        "a": "12",
        "b": "12",
        "c": "0,3",  # the Vietnamese decimal mark: "0.3" could read as a grouped count
        "d": "2026-06-24",
        "e": "2026-06-24 08:30:00",
        "f": "",
        "g": "TRUE",
    }


def test_xlsx_empty_rows_skipped_and_numbers_match_the_sheet(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [
            [None],
            ["code", "name"],
            [None, None],
            ["BVA", "Bệnh viện A"],
            [None],
            [None],
            ["VP", "  Văn phòng Sở "],
        ],
    )
    table = read(path)
    assert table.header_row == 2
    assert table.rows == [
        Row(4, {"code": "BVA", "name": "Bệnh viện A"}),
        Row(7, {"code": "VP", "name": "Văn phòng Sở"}),
    ]


def test_xlsx_nfd_text_becomes_nfc(tmp_path: Path) -> None:
    path = xlsx(tmp_path, [["code", "name"], ["BVA", unicodedata.normalize("NFD", "Bệnh viện A")]])
    assert read(path).rows[0].values["name"] == "Bệnh viện A"


def test_xlsx_value_beyond_header_names_the_row(tmp_path: Path) -> None:
    path = xlsx(tmp_path, [["code", "name"], ["BVA", "Bệnh viện A", "thừa"]])
    assert "dòng 2" in error_of(path)


# --- import cost ---------------------------------------------------------------------------------


def test_importing_the_reader_does_not_import_openpyxl() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    code = "import ytcontest.tabular.reader, sys; assert 'openpyxl' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- the seed list -------------------------------------------------------------------------------


def test_seed_units_file_reads_and_is_sound() -> None:
    path = ROOT / "data" / "seed_units.csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert (
        raw.decode("utf-8").splitlines()[0] == "code,name,kind,group,email,phone,reports_required"
    )

    table = read(path, required=list(UNIT_ALIASES))
    assert table.fields == list(UNIT_ALIASES)
    assert 45 <= len(table.rows) <= 65
    codes = [row.values["code"] for row in table.rows]
    assert len(set(codes)) == len(codes)
    assert all(code.isascii() and code == code.upper() for code in codes)
    names = [fold(row.values["name"]) for row in table.rows]
    assert len(set(names)) == len(names)
    assert {row.values["kind"] for row in table.rows} == {"phong", "don_vi"}
    assert not [row for row in table.rows if "trung uong" in fold(row.values["name"])]
    for row in table.rows:
        assert all(unicodedata.is_normalized("NFC", value) for value in row.values.values())
        assert row.values["email"] == row.values["phone"] == ""
        assert row.values["reports_required"] == ("0" if row.values["code"] == "KHTC" else "1")
    assert unicodedata.is_normalized("NFC", raw.decode("utf-8"))
