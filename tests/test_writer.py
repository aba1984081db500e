"""``tabular.writer``: neutralising formula text, typed cells, CSV text and the plain XLSX table."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ytcontest.domain.i18n import set_language
from ytcontest.tabular.writer import (
    Field,
    csv_text,
    neutralise,
    typed,
    write_csv,
    write_json,
    write_xlsx,
)

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+2",
    "-3+4",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    "\ncmd",
]

FIELDS = [
    Field("id", "No.", "int"),
    Field("name", "Name"),
    Field("amount", "Amount", "float"),
    Field("rate", "Rate", "rate"),
    Field("day", "Day", "date"),
    Field("at", "At", "datetime"),
    Field("ok", "OK", "bool"),
    Field("tags", "Tags", "list"),
]

ROW = {
    "id": 7,
    "name": "Bệnh viện A",
    "amount": 2.5,
    "rate": 0.25,
    "day": "2026-06-24",
    "at": "2026-06-24T10:00:00+07:00",
    "ok": True,
    "tags": ["khcn", "cds"],
}


# --- neutralise -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_prefixes_formula_triggers_with_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Bệnh viện A", "1+2", "a=b", "", "'quoted", " =x"])
def test_neutralise_leaves_ordinary_text_alone(text: str) -> None:
    assert neutralise(text) == text


# --- typed ------------------------------------------------------------------------------------


def test_typed_keeps_integers_as_integers() -> None:
    assert typed(250, "int") == 250


def test_typed_keeps_zero_as_a_number_not_empty() -> None:
    assert typed(0, "int") == 0


def test_typed_keeps_negative_numbers() -> None:
    assert typed(-5, "int") == -5


def test_typed_keeps_floats_and_rates() -> None:
    assert (typed(2.5, "float"), typed(0.25, "rate")) == (2.5, 0.25)


def test_typed_does_not_take_a_boolean_for_a_number() -> None:
    assert typed(True, "int") is None


def test_typed_empty_values_are_empty_cells() -> None:
    assert [typed(None, "text"), typed("", "text"), typed(None, "int")] == [None, None, None]


def test_typed_iso_date_becomes_a_date() -> None:
    assert typed("2026-06-24", "date") == date(2026, 6, 24)


def test_typed_datetime_becomes_naive_vietnam_time() -> None:
    assert typed("2026-06-24T03:00:00+00:00", "datetime") == datetime(2026, 6, 24, 10, 0)


def test_typed_aware_datetime_object_becomes_naive_vietnam_time() -> None:
    moment = datetime(2026, 6, 24, 17, 30, tzinfo=timezone.utc)
    assert typed(moment, "datetime") == datetime(2026, 6, 25, 0, 30)


def test_typed_datetime_in_a_date_column_becomes_its_day_in_vietnam() -> None:
    # 20:00 UTC on the 24th is 03:00 on the 25th in Vietnam; Excel cannot store an aware value.
    moment = datetime(2026, 6, 24, 20, 0, tzinfo=timezone.utc)
    assert typed(moment, "date") == date(2026, 6, 25)


def test_typed_list_is_joined_with_semicolons() -> None:
    assert typed(["A", "B"], "list") == "A; B"


def test_typed_bool_in_english() -> None:
    set_language("en")
    assert (typed(True, "bool"), typed(False, "bool")) == ("yes", "no")


def test_typed_bool_in_vietnamese() -> None:
    set_language("vi")
    assert (typed(True, "bool").lower(), typed(False, "bool").lower()) == ("có", "không")


def test_typed_text_is_returned_unchanged_not_neutralised() -> None:
    # XLSX keeps the original text in a string cell; only CSV needs the apostrophe.
    assert typed("=1+1", "text") == "=1+1"


# --- csv_text ---------------------------------------------------------------------------------


def test_csv_text_negative_number_is_not_neutralised() -> None:
    assert csv_text(-5, "int") == "-5"


def test_csv_text_negative_float_is_not_neutralised() -> None:
    assert csv_text(-2.5, "float") == "-2.5"


def test_csv_text_zero_is_written() -> None:
    assert csv_text(0, "int") == "0"


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_text_neutralises_hostile_text(text: str) -> None:
    assert csv_text(text, "text") == "'" + text


def test_csv_text_neutralises_a_list_starting_with_a_formula() -> None:
    assert csv_text(["=1+1", "B"], "list") == "'=1+1; B"


def test_csv_text_date_is_day_first() -> None:
    assert csv_text("2026-06-04", "date") == "04/06/2026"


def test_csv_text_datetime_is_day_first_in_vietnam_time() -> None:
    assert csv_text("2026-06-24T03:05:00+00:00", "datetime") == "24/06/2026 10:05:00"


def test_csv_text_empty_value_is_empty() -> None:
    assert csv_text(None, "datetime") == ""


# --- write_csv / write_json -------------------------------------------------------------------


def test_write_csv_writes_header_and_typed_row() -> None:
    set_language("en")
    out = io.StringIO(newline="")
    count = write_csv([ROW], FIELDS, out)
    assert count == 1
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["No.", "Name", "Amount", "Rate", "Day", "At", "OK", "Tags"],
        [
            "7",
            "Bệnh viện A",
            "2.5",
            "0.25",
            "24/06/2026",
            "24/06/2026 10:00:00",
            "yes",
            "khcn; cds",
        ],
    ]


def test_write_csv_uses_crlf_line_ends() -> None:
    out = io.StringIO(newline="")
    write_csv([ROW], FIELDS, out)
    assert out.getvalue().count("\r\n") == 2


@pytest.mark.parametrize("text", HOSTILE)
def test_write_csv_neutralises_hostile_text_cells(text: str) -> None:
    out = io.StringIO(newline="")
    write_csv([{"name": text}], [Field("name", "Name")], out)
    assert list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1] == ["'" + text]


def test_write_json_keeps_vietnamese_unescaped() -> None:
    out = io.StringIO()
    write_json([{"name": "Sở Y tế"}], out)
    assert out.getvalue() == '[\n  {\n    "name": "Sở Y tế"\n  }\n]\n'


# --- write_xlsx -------------------------------------------------------------------------------


def _xlsx(tmp_path: Path, rows: list[dict], fields: list[Field] = FIELDS) -> Path:
    path = tmp_path / "t.xlsx"
    with path.open("wb") as handle:
        write_xlsx(rows, fields, handle, "Table")  # type: ignore[arg-type]
    return path


def test_write_xlsx_numbers_are_numeric_cells(tmp_path: Path) -> None:
    ws = load_workbook(_xlsx(tmp_path, [ROW])).active
    assert [(c.value, c.data_type) for c in (ws["A2"], ws["C2"], ws["D2"])] == [
        (7, "n"),
        (2.5, "n"),
        (0.25, "n"),
    ]


def test_write_xlsx_rate_has_percent_format(tmp_path: Path) -> None:
    ws = load_workbook(_xlsx(tmp_path, [ROW])).active
    assert ws["D2"].number_format == "0.0%"


def test_write_xlsx_date_is_a_real_date_with_day_first_format(tmp_path: Path) -> None:
    ws = load_workbook(_xlsx(tmp_path, [ROW])).active
    cell = ws["E2"]
    assert (cell.value, cell.is_date, cell.number_format) == (
        datetime(2026, 6, 24),
        True,
        "DD/MM/YYYY",
    )


def test_write_xlsx_datetime_is_a_real_datetime_with_day_first_format(tmp_path: Path) -> None:
    ws = load_workbook(_xlsx(tmp_path, [ROW])).active
    cell = ws["F2"]
    assert (cell.value, cell.is_date, cell.number_format) == (
        datetime(2026, 6, 24, 10, 0),
        True,
        "DD/MM/YYYY HH:MM",
    )


def test_write_xlsx_text_bool_and_list_are_strings(tmp_path: Path) -> None:
    set_language("en")
    ws = load_workbook(_xlsx(tmp_path, [ROW])).active
    assert [(c.value, c.data_type) for c in (ws["B2"], ws["G2"], ws["H2"])] == [
        ("Bệnh viện A", "s"),
        ("yes", "s"),
        ("khcn; cds", "s"),
    ]


def test_write_xlsx_header_is_bold_and_frozen(tmp_path: Path) -> None:
    ws = load_workbook(_xlsx(tmp_path, [ROW])).active
    assert [c.value for c in ws[1]] == ["No.", "Name", "Amount", "Rate", "Day", "At", "OK", "Tags"]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"


def test_write_xlsx_autofilter_covers_header_and_rows(tmp_path: Path) -> None:
    ws = load_workbook(_xlsx(tmp_path, [ROW, ROW, ROW])).active
    assert ws.auto_filter.ref == "A1:H4"


def test_write_xlsx_sets_every_column_width(tmp_path: Path) -> None:
    ws = load_workbook(_xlsx(tmp_path, [ROW])).active
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDEFGH"}
    assert all(width and width >= 6 for width in widths.values()), widths


def test_write_xlsx_wide_text_gets_a_wider_column(tmp_path: Path) -> None:
    row = {**ROW, "name": "Trung tâm Kiểm nghiệm Thuốc, Mỹ phẩm, Thực phẩm tỉnh Thái Nguyên"}
    ws = load_workbook(_xlsx(tmp_path, [row])).active
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_write_xlsx_returns_the_row_count(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with path.open("wb") as handle:
        assert write_xlsx([ROW, ROW], FIELDS, handle, "Table") == 2  # type: ignore[arg-type]


def test_write_xlsx_sheet_title_is_cut_to_31_characters(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with path.open("wb") as handle:
        write_xlsx([ROW], FIELDS, handle, "x" * 40)  # type: ignore[arg-type]
    assert load_workbook(path).sheetnames == ["x" * 31]


@pytest.mark.parametrize("text", HOSTILE)
def test_write_xlsx_hostile_text_is_a_string_cell_with_original_text(
    tmp_path: Path, text: str
) -> None:
    ws = load_workbook(_xlsx(tmp_path, [{"name": text}], [Field("name", "Name")])).active
    # openpyxl writes through lxml (which python-docx brings), and lxml escapes a bare CR as a
    # character reference, so even a CR comes back as it was written.
    assert (ws["A2"].value, ws["A2"].data_type) == (text, "s")


def test_write_xlsx_has_no_formula_element(tmp_path: Path) -> None:
    rows = [{"name": text, "tags": [text]} for text in HOSTILE]
    path = _xlsx(tmp_path, rows, [Field("name", "Name"), Field("tags", "Tags", "list")])
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(n).decode("utf-8") for n in sheets)
    assert "<f>" not in xml and "<f " not in xml


def test_write_xlsx_hostile_header_is_a_string_cell(tmp_path: Path) -> None:
    ws = load_workbook(_xlsx(tmp_path, [], [Field("name", "=1+1")])).active
    assert (ws["A1"].value, ws["A1"].data_type) == ("=1+1", "s")
