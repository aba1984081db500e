"""``export workbook``: the consolidated workbook, read back sheet by sheet and cell by cell."""

from __future__ import annotations

import json
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.helpers import build_once, copy_database
from ytcontest.domain.i18n import catalog

EVIL = '=HYPERLINK("http://x","y")'
EN_SHEETS = [
    "Summary", "By month", "Chart", "Units", "Entries", "Report revisions", "Entries in numbers",
    "Chart data",  # hidden: the chart's figures
]  # fmt: skip
EN_SUMMARY_HEADERS = [
    "No.", "Unit", "Date received", "Report", "Publicity activities", "People reached",
    "Candidate ideas found", "Entries mobilised (reported)", "Entries on record",
    "Entries submitted", "Notes",
]  # fmt: skip
FIGURES = slice(4, 10)  # columns E..J: the four report figures and the two entry counts


# --- helpers ----------------------------------------------------------------------------------


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def refused(result: Any) -> Any:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(("Lỗi:", "Error:")), result.stderr
    return result


def find(ws: Worksheet, value: Any) -> Any:
    cells = [c for row in ws.iter_rows() for c in row if c.value == value]
    assert len(cells) == 1, (value, [c.coordinate for c in cells])
    return cells[0]


def find_like(ws: Worksheet, pattern: str) -> Any:
    cells = [
        c for row in ws.iter_rows() for c in row
        if isinstance(c.value, str) and re.search(pattern, c.value)
    ]  # fmt: skip
    assert len(cells) == 1, (pattern, [(c.coordinate, c.value) for c in cells])
    return cells[0]


def values(ws: Worksheet, row: int) -> list[Any]:
    return [c.value for c in ws[row]]


def summary_table(ws: Worksheet) -> dict[str, Any]:
    """The summary table read from its cells: header rows, groups (units, subtotal), total."""
    numbers_row = find(ws, "(1)").row
    row = numbers_row + 1
    groups = []
    for roman in ("I", "II"):
        assert ws.cell(row=row, column=1).value == roman, (row, values(ws, row))
        group = {"row": row, "title": ws.cell(row=row, column=2).value, "units": []}
        row += 1
        while isinstance(ws.cell(row=row, column=1).value, int):
            group["units"].append(values(ws, row))
            row += 1
        group["subtotal"] = values(ws, row)
        row += 1
        groups.append(group)
    return {
        "header_row": numbers_row - 1,
        "numbers_row": numbers_row,
        "groups": groups,
        "total": values(ws, row),
        "total_row": row,
    }


def unit_line(table: dict[str, Any], name: str) -> list[Any]:
    lines = [u for g in table["groups"] for u in g["units"] if u[1] == name]
    assert len(lines) == 1, name
    return lines[0]


# --- data -------------------------------------------------------------------------------------


def add_report(run: Any, unit: str, received: str, figures: tuple[int, ...], *extra: str) -> None:
    a, r, c, m = (str(f) for f in figures)
    ok(
        run(
            "report", "add", "--unit", unit, "--month", "06/2026", "--received", received,
            "--activities", a, "--reached", r, "--candidates", c, "--mobilized", m, *extra,
        )
    )  # fmt: skip


def fill(run: Any) -> None:
    """June: BVA on time then amended, VP late, BVC missing; two entries of BVA; a hostile unit."""
    ok(run("init"))
    add_report(run, "BVA", "24/06/2026 10:00", (3, 250, 4, 2), f"--summary={EVIL}")
    add_report(run, "BVA", "27/06/2026 08:00", (5, 300, 6, 3), "--amend", "--summary=+1+2")
    add_report(run, "VP", "26/06/2026 09:30", (1, 20, 1, 0), "--summary=Đã phổ biến")
    ok(run("units", "add", "--kind", "don_vi", "--active-from", "01/01/2026", "--", "EVIL", EVIL))
    add_report(run, "EVIL", "20/06/2026 08:00", (2, 30, 1, 1), "--summary=-3+4")
    for title in ("@SUM(A1)", "Phần mềm quản lý hồ sơ"):
        ok(
            run(
                "entries", "add", "--unit", "BVA", f"--title={title}", "--category",
                "san_pham", "--author-type", "tap_the", "--authors", "=A1; Trần Thị B",
            )
        )  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The filled database, built once per module (each test works on its own copy), with the
    workbook it gives in each language."""

    def build(run: Any, _setenv: Any) -> None:
        fill(run)
        folder = Path(os.environ["HOME"])  # the story's own folder
        for lang in ("en", "vi"):
            ok(run("--lang", lang, "export", "workbook", "-o", str(folder / f"{lang}.xlsx"),
                   "--month", "06/2026"))  # fmt: skip

    folder, _none = build_once(tmp_path_factory, "template", build)
    return folder


@pytest.fixture
def filled(template: Path, tmp_path: Path) -> Path:
    return copy_database(template, tmp_path)


def workbook(run: Any, path: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    """Write the workbook (a leading ``--lang X`` goes before the command) and read it back."""
    lang: tuple[str, ...] = ()
    if args[:1] == ("--lang",):
        lang, args = args[:2], args[2:]
    ok(run(*lang, "export", "workbook", "-o", str(path), *args, env=env))
    return load_workbook(path)


@pytest.fixture
def en_book(template: Path) -> Any:
    return load_workbook(template / "en.xlsx")


@pytest.fixture
def vi_book(template: Path) -> Any:
    return load_workbook(template / "vi.xlsx")


@pytest.fixture
def status_json(filled: Path, run: Any) -> dict[str, Any]:
    return json.loads(ok(run("status", "--month", "2026-06", "--json")).stdout)


# --- sheets -----------------------------------------------------------------------------------


def test_sheets_in_order_in_english(en_book: Any) -> None:
    assert en_book.sheetnames == EN_SHEETS


def test_summary_and_monthly_sheets_named_in_vietnamese(vi_book: Any) -> None:
    assert vi_book.sheetnames[:2] == ["Tổng hợp", "Theo tháng"]


def test_every_sheet_named_in_vietnamese(vi_book: Any) -> None:
    vi = catalog("vi")
    assert [n for n in EN_SHEETS if n not in vi] == []
    assert vi_book.sheetnames == [vi[n] for n in EN_SHEETS]


def test_the_command_says_which_month_it_wrote(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "w.xlsx"
    result = ok(run("--lang", "en", "export", "workbook", "-o", str(out), "--month", "06/2026"))
    assert "06/2026" in result.stdout and str(out) in result.stdout


# --- summary: the document header -------------------------------------------------------------


def test_summary_province_top_left(vi_book: Any) -> None:
    cell = find(vi_book.worksheets[0], "UBND TỈNH THÁI NGUYÊN")
    assert (cell.row, cell.column) == (1, 1)


def test_summary_agency_under_province_in_bold(vi_book: Any) -> None:
    cell = find(vi_book.worksheets[0], "SỞ Y TẾ")
    assert (cell.row, cell.column, cell.font.b) == (2, 1, True)


def test_summary_national_title_top_right_in_bold(vi_book: Any) -> None:
    ws = vi_book.worksheets[0]
    cell = find(ws, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert (cell.row, cell.column > 4, cell.font.b) == (1, True, True)


def test_summary_motto_under_national_title_in_bold(vi_book: Any) -> None:
    ws = vi_book.worksheets[0]
    title = find(ws, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find(ws, "Độc lập - Tự do - Hạnh phúc")
    assert (motto.row, motto.column, motto.font.b) == (title.row + 1, title.column, True)


def test_summary_national_title_in_english(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    assert find(ws, "SOCIALIST REPUBLIC OF VIET NAM").row == 1
    assert find(ws, "Independence - Freedom - Happiness").row == 2


def test_summary_title_names_the_month_in_bold_capitals(en_book: Any) -> None:
    cell = find(en_book.worksheets[0], "SUMMARY OF THE UNITS' MONTHLY REPORTS FOR 06/2026")
    assert cell.font.b is True


def test_summary_title_in_vietnamese_names_the_month(vi_book: Any) -> None:
    cell = find_like(vi_book.worksheets[0], r"06/2026")
    assert cell.value == cell.value.upper()
    assert cell.font.b is True


def test_summary_title_spans_the_table(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    cell = find(ws, "SUMMARY OF THE UNITS' MONTHLY REPORTS FOR 06/2026")
    assert f"{cell.coordinate}:K{cell.row}" in {str(r) for r in ws.merged_cells.ranges}


def test_summary_as_of_line(en_book: Any) -> None:
    cell = find(en_book.worksheets[0], "(data as of 10/07/2026 10:00)")
    assert cell.font.i is True


def test_summary_names_the_campaign(en_book: Any, filled: Path, run: Any) -> None:
    name = json.loads(ok(run("campaign", "show", "--json")).stdout)["name"]
    assert (
        find(en_book.worksheets[0], name).row < summary_table(en_book.worksheets[0])["header_row"]
    )


# --- summary: the table -----------------------------------------------------------------------


def test_summary_header_row(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    table = summary_table(ws)
    assert values(ws, table["header_row"]) == EN_SUMMARY_HEADERS
    assert all(c.font.b for c in ws[table["header_row"]])


def test_summary_column_number_row(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    assert values(ws, summary_table(ws)["numbers_row"]) == [f"({i})" for i in range(1, 12)]


def test_summary_first_column_is_stt_in_vietnamese(vi_book: Any) -> None:
    # Vietnamese tables number their rows under "STT" (số thứ tự); "Số" reads as "number of".
    ws = vi_book.worksheets[0]
    assert ws.cell(row=summary_table(ws)["header_row"], column=1).value == "STT"


def test_summary_groups_offices_then_affiliated_units(en_book: Any) -> None:
    groups = summary_table(en_book.worksheets[0])["groups"]
    assert [g["title"] for g in groups] == ["Offices of the Department", "Affiliated units"]


def test_summary_group_members_follow_the_status(en_book: Any, status_json: dict[str, Any]) -> None:
    groups = summary_table(en_book.worksheets[0])["groups"]
    expected = [
        [u["name"] for u in status_json["units"] if u["kind"] == kind]
        for kind in ("phong", "don_vi")
    ]
    assert [[u[1] for u in g["units"]] for g in groups] == expected


def test_summary_numbers_units_from_one_in_each_group(en_book: Any) -> None:
    groups = summary_table(en_book.worksheets[0])["groups"]
    for group in groups:
        assert [u[0] for u in group["units"]] == list(range(1, len(group["units"]) + 1))


def test_summary_unit_line_holds_latest_figures_and_first_receipt(en_book: Any) -> None:
    line = unit_line(summary_table(en_book.worksheets[0]), "Bệnh viện A Thái Nguyên")
    assert line[2:10] == [datetime(2026, 6, 24, 10, 0), "on time", 5, 300, 6, 3, 2, 0]
    assert line[10] in (None, "")


def test_summary_late_unit_line(en_book: Any) -> None:
    line = unit_line(summary_table(en_book.worksheets[0]), "Văn phòng Sở")
    assert line[2:] == [
        datetime(2026, 6, 26, 9, 30), "late by 2 days", 1, 20, 1, 0, 0, 0,
        "report late; no entry yet",
    ]  # fmt: skip


def test_summary_missing_unit_has_empty_figures(en_book: Any) -> None:
    line = unit_line(summary_table(en_book.worksheets[0]), "Bệnh viện C Thái Nguyên")
    assert line[2:] == [None, "missing", None, None, None, None, 0, 0,
                        "report missing; no entry yet"]  # fmt: skip


def test_summary_date_received_is_a_date_day_first(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    cell = find(ws, "Bệnh viện A Thái Nguyên").offset(column=1)
    assert (cell.is_date, cell.number_format.startswith("DD/MM/YYYY")) == (True, True)


def test_summary_figures_are_numbers(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    row = find(ws, "Bệnh viện A Thái Nguyên").row
    assert [ws.cell(row=row, column=c).data_type for c in range(5, 11)] == ["n"] * 6


def test_summary_subtotals_are_sums_of_their_units(en_book: Any) -> None:
    table = summary_table(en_book.worksheets[0])
    for roman, group in zip(("I", "II"), table["groups"], strict=True):
        sums = [sum(u[i] or 0 for u in group["units"]) for i in range(4, 10)]
        assert group["subtotal"][0] == f"Subtotal {roman}"
        assert group["subtotal"][FIGURES] == sums


def test_summary_total_is_the_sum_of_every_unit(en_book: Any) -> None:
    table = summary_table(en_book.worksheets[0])
    units = [u for g in table["groups"] for u in g["units"]]
    assert table["total"][0] == "TOTAL"
    assert table["total"][FIGURES] == [sum(u[i] or 0 for u in units) for i in range(4, 10)]


def test_summary_total_of_this_data(en_book: Any) -> None:
    # BVA (amended) 5/300/6/3, VP 1/20/1/0, EVIL 2/30/1/1; BVA has two entries.
    assert summary_table(en_book.worksheets[0])["total"][FIGURES] == [8, 350, 8, 4, 2, 0]


def test_summary_total_equals_the_subtotals(en_book: Any) -> None:
    table = summary_table(en_book.worksheets[0])
    first, second = (g["subtotal"][FIGURES] for g in table["groups"])
    assert table["total"][FIGURES] == [a + b for a, b in zip(first, second, strict=True)]


def test_summary_total_is_bold(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    row = summary_table(ws)["total_row"]
    assert all(ws.cell(row=row, column=c).font.b for c in (1, *range(5, 11)))


def test_summary_rates_line(en_book: Any, status_json: dict[str, Any]) -> None:
    s = status_json["summary"]
    text = (
        f"Expected {s['expected']}; reported 3 (on time 2, late 1); missing {s['missing']}; "
        f"reporting rate {s['reporting_rate'] * 100:.1f}%; "
        f"on-time rate {s['on_time_rate'] * 100:.1f}%."
    )
    assert find(en_book.worksheets[0], text).row > summary_table(en_book.worksheets[0])["total_row"]


def test_summary_rates_use_a_decimal_comma_in_vietnamese(vi_book: Any) -> None:
    cell = find_like(vi_book.worksheets[0], r"%")
    assert re.findall(r"\d+[.,]\d%", cell.value) != []
    assert re.findall(r"\d+\.\d%", cell.value) == [], cell.value


# --- summary: place, date and signatures ------------------------------------------------------


def test_summary_place_and_date_in_english(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    cell = find_like(ws, r"^Thái Nguyên, day 10 month 0?7 year 2026$")
    assert cell.row > summary_table(ws)["total_row"]
    assert (cell.column > 4, cell.font.i) == (True, True)


def test_summary_place_and_date_in_vietnamese(vi_book: Any) -> None:
    # Nghị định 30/2020, Phụ lục I: a leading zero only for days below 10 and months 1 and 2.
    cell = find_like(vi_book.worksheets[0], r"^Thái Nguyên, ngày")
    assert cell.value == "Thái Nguyên, ngày 10 tháng 7 năm 2026"
    assert cell.font.i is True


def test_summary_date_pads_day_and_january_february(filled: Path, run: Any, tmp_path: Path) -> None:
    book = workbook(run, tmp_path / "w.xlsx", env={"YTCONTEST_NOW": "2027-02-05T09:00:00+07:00"})
    cell = find_like(book.worksheets[0], r"^Thái Nguyên, ngày")
    assert cell.value == "Thái Nguyên, ngày 05 tháng 02 năm 2027"


def test_summary_signature_block_in_english(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    date_row = find_like(ws, r"^Thái Nguyên, day").row
    left, right = find(ws, "PREPARED BY"), find(ws, "DIRECTOR")
    assert (left.row, right.row) == (date_row + 1, date_row + 1)
    assert (left.column, right.column > 4, left.font.b, right.font.b) == (1, True, True, True)
    hints = [c for row in ws.iter_rows() for c in row if c.value == "(signature, full name)"]
    assert [(c.row, c.column) for c in hints] == [
        (date_row + 2, left.column),
        (date_row + 2, right.column),
    ]


def test_summary_signer_comes_from_the_campaign_one_line_per_part(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    ok(run("campaign", "set", "signer", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"))
    ws = workbook(run, tmp_path / "w.xlsx").worksheets[0]
    first, second = find(ws, "KT. GIÁM ĐỐC"), find(ws, "PHÓ GIÁM ĐỐC")
    assert (second.row, second.column) == (first.row + 1, first.column)


def test_summary_signature_block_in_vietnamese(vi_book: Any) -> None:
    ws = vi_book.worksheets[0]
    assert find(ws, "NGƯỜI LẬP BIỂU").font.b is True
    assert find(ws, "GIÁM ĐỐC").font.b is True
    hints = [c for row in ws.iter_rows() for c in row if c.value == "(Ký, ghi rõ họ tên)"]
    assert len(hints) == 2


# --- summary: fonts and page ------------------------------------------------------------------


def test_summary_every_cell_is_times_new_roman(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    others = [
        (c.coordinate, c.font.name) for row in ws.iter_rows() for c in row
        if c.value is not None and c.font.name != "Times New Roman"
    ]  # fmt: skip
    assert others == []


def test_summary_page_is_a4_landscape_fitted_to_width(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    setup = ws.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        9,
        1,
        0,
    )
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True


def test_summary_repeats_the_header_rows_on_each_page(en_book: Any) -> None:
    ws = en_book.worksheets[0]
    table = summary_table(ws)
    assert ws.print_title_rows == f"${table['header_row']}:${table['numbers_row']}"


# --- by month ---------------------------------------------------------------------------------


def test_monthly_chart_is_a_bar_chart_on_a_sheet_of_its_own(en_book: Any) -> None:
    from openpyxl.chart import BarChart

    # Drawn under the matrix, it printed over the matrix's repeated header row.
    assert en_book["By month"]._charts == []
    charts = en_book["Chart"]._charts
    assert len(charts) == 1 and isinstance(charts[0], BarChart)


def test_monthly_sheet_header_lists_the_report_months(en_book: Any) -> None:
    ws = en_book["By month"]
    assert values(ws, 1) == [
        "No.", "Code", "Unit", "06/2026", "07/2026", "08/2026", "09/2026", "10/2026", "11/2026",
        "Nomination",
    ]  # fmt: skip


def test_monthly_sheet_states_of_june(en_book: Any) -> None:
    ws = en_book["By month"]
    june = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=4).value
            for r in range(2, ws.max_row + 1)}  # fmt: skip
    assert (june["BVA"], june["VP"], june["BVC"]) == ("on time", "late", "missing")


def test_monthly_sheet_colours_each_state_differently(en_book: Any) -> None:
    ws = en_book["By month"]
    rows = {ws.cell(row=r, column=2).value: r for r in range(2, ws.max_row + 1)}
    cells = [
        ws.cell(row=rows["BVA"], column=4),  # on time
        ws.cell(row=rows["VP"], column=4),  # late
        ws.cell(row=rows["BVC"], column=4),  # missing
        ws.cell(row=rows["BVA"], column=5),  # July: not yet due
    ]
    assert [c.fill.fill_type for c in cells] == ["solid"] * 4
    assert len({c.fill.fgColor.rgb for c in cells}) == 4


def test_monthly_sheet_lists_the_overview_units(en_book: Any, filled: Path, run: Any) -> None:
    overview = json.loads(ok(run("status", "--json")).stdout)
    ws = en_book["By month"]
    codes = [ws.cell(row=r, column=2).value for r in range(2, 2 + len(overview["units"]))]
    assert codes == [u["code"] for u in overview["units"]]


def test_monthly_sheet_is_times_new_roman(en_book: Any) -> None:
    ws = en_book["By month"]
    others = [
        c.coordinate for row in ws.iter_rows() for c in row
        if c.value is not None and c.font.name != "Times New Roman"
    ]  # fmt: skip
    assert others == []


def test_monthly_sheet_prints_landscape_with_its_header(en_book: Any) -> None:
    ws = en_book["By month"]
    assert (ws.page_setup.orientation, int(ws.page_setup.paperSize)) == ("landscape", 9)
    assert ws.print_title_rows == "$1:$1"


# --- table sheets -----------------------------------------------------------------------------


def test_units_sheet_lists_every_unit(en_book: Any, filled: Path, run: Any) -> None:
    units = json.loads(ok(run("units", "list", "--all", "--json")).stdout)
    ws = en_book["Units"]
    assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == [
        u["code"] for u in units
    ]


def test_entries_sheet_lists_every_entry(en_book: Any) -> None:
    ws = en_book["Entries"]
    assert [values(ws, r)[:3] for r in range(2, ws.max_row + 1)] == [
        [1, "BVA", "@SUM(A1)"],
        [2, "BVA", "Phần mềm quản lý hồ sơ"],
    ]


def test_revisions_sheet_lists_every_revision(en_book: Any) -> None:
    ws = en_book["Report revisions"]
    rows = sorted(values(ws, r)[:8] for r in range(2, ws.max_row + 1))
    assert rows == [
        ["BVA", "06/2026", 1, datetime(2026, 6, 24, 10, 0), 3, 250, 4, 2],
        ["BVA", "06/2026", 2, datetime(2026, 6, 27, 8, 0), 5, 300, 6, 3],
        ["EVIL", "06/2026", 1, datetime(2026, 6, 20, 8, 0), 2, 30, 1, 1],
        ["VP", "06/2026", 1, datetime(2026, 6, 26, 9, 30), 1, 20, 1, 0],
    ]


def test_revisions_sheet_records_who_and_when(en_book: Any) -> None:
    ws = en_book["Report revisions"]
    assert values(ws, 1)[-2:] == ["Recorded", "By"]
    assert values(ws, 2)[-2:] == [datetime(2026, 7, 10, 10, 0), "tester"]


@pytest.mark.parametrize("name", ["Units", "Entries", "Report revisions"])
def test_table_sheet_header_is_bold_frozen_and_filtered(en_book: Any, name: str) -> None:
    ws = en_book[name]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}" + str(
        ws.max_row
    )


@pytest.mark.parametrize("name", ["Units", "Entries", "Report revisions"])
def test_table_sheet_column_widths_are_set(en_book: Any, name: str) -> None:
    ws = en_book[name]
    letters = [ws.cell(row=1, column=c).column_letter for c in range(1, ws.max_column + 1)]
    assert all(
        ws.column_dimensions[x].width and ws.column_dimensions[x].width >= 6 for x in letters
    )


# --- hostile text -----------------------------------------------------------------------------


def test_hostile_unit_name_is_text_on_the_summary(en_book: Any) -> None:
    cell = find(en_book.worksheets[0], EVIL)
    assert cell.data_type == "s"


def test_hostile_unit_name_is_text_on_the_monthly_sheet(en_book: Any) -> None:
    assert find(en_book["By month"], EVIL).data_type == "s"


def test_hostile_unit_name_is_text_on_the_units_sheet(en_book: Any) -> None:
    assert find(en_book["Units"], EVIL).data_type == "s"


def test_hostile_entry_title_and_authors_are_text(en_book: Any) -> None:
    ws = en_book["Entries"]
    cells = [find(ws, "@SUM(A1)")] + [
        c for row in ws.iter_rows() for c in row if c.value == "=A1; Trần Thị B"
    ]
    assert [(c.value[:1], c.data_type) for c in cells] == [("@", "s"), ("=", "s"), ("=", "s")]


def test_hostile_report_summaries_are_text_on_the_revisions_sheet(en_book: Any) -> None:
    ws = en_book["Report revisions"]
    cells = [find(ws, text) for text in (EVIL, "+1+2", "-3+4")]
    assert [c.data_type for c in cells] == ["s", "s", "s"]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_workbook_has_no_formula_in_any_sheet(template: Path, lang: str) -> None:
    with zipfile.ZipFile(template / f"{lang}.xlsx") as archive:
        sheets = [n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]
        xml = "".join(archive.read(n).decode("utf-8") for n in sheets)
    assert len(sheets) == len(EN_SHEETS)
    assert "HYPERLINK" in xml
    assert "<f>" not in xml and "<f " not in xml


# --- month, settings, refusals ----------------------------------------------------------------


def test_without_month_covers_latest_month_past_its_deadline(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    book = workbook(run, tmp_path / "w.xlsx", "--lang", "en")
    find(book.worksheets[0], "SUMMARY OF THE UNITS' MONTHLY REPORTS FOR 06/2026")


def test_without_month_moves_on_after_the_next_deadline(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    book = workbook(
        run, tmp_path / "w.xlsx", "--lang", "en", env={"YTCONTEST_NOW": "2026-08-26T08:00:00+07:00"}
    )
    find(book.worksheets[0], "SUMMARY OF THE UNITS' MONTHLY REPORTS FOR 08/2026")


def test_without_month_before_any_deadline_asks_for_month(
    db_path: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "w.xlsx"
    result = refused(
        run(
            "export", "workbook", "-o", str(out), env={"YTCONTEST_NOW": "2026-06-10T10:00:00+07:00"}
        )
    )
    assert "--month" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("name", ["w.csv", "w.xls", "w", "w.xlsx.bak"])
def test_output_not_ending_in_xlsx_is_refused(
    filled: Path, run: Any, tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    refused(run("export", "workbook", "-o", str(out), "--month", "06/2026"))
    assert not out.exists()


def test_upper_case_xlsx_extension_is_accepted(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "W.XLSX"
    ok(run("export", "workbook", "-o", str(out), "--month", "06/2026"))
    assert zipfile.is_zipfile(out)


def test_a_folder_that_does_not_exist_is_refused(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "w.xlsx"
    refused(run("export", "workbook", "-o", str(out), "--month", "06/2026"))
    assert not out.parent.exists()


def test_a_folder_as_output_is_refused(filled: Path, run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "w.xlsx"
    folder.mkdir()
    refused(run("export", "workbook", "-o", str(folder), "--month", "06/2026"))
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_month_outside_the_campaign_is_refused(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "w.xlsx"
    refused(run("export", "workbook", "-o", str(out), "--month", "01/2027"))
    assert not out.exists()


def test_campaign_agency_setting_heads_the_summary(filled: Path, run: Any, tmp_path: Path) -> None:
    ok(run("campaign", "set", "agency", "SỞ Y TẾ TỈNH X"))
    book = workbook(run, tmp_path / "w.xlsx", "--month", "06/2026")
    cell = find(book.worksheets[0], "SỞ Y TẾ TỈNH X")
    assert (cell.row, cell.column, cell.font.b) == (2, 1, True)


def test_campaign_agency_is_written_in_capitals(filled: Path, run: Any, tmp_path: Path) -> None:
    ok(run("campaign", "set", "agency", "Sở Y tế tỉnh X"))
    book = workbook(run, tmp_path / "w.xlsx", "--month", "06/2026")
    assert book.worksheets[0]["A2"].value == "SỞ Y TẾ TỈNH X"


def test_campaign_province_setting_heads_the_summary(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    ok(run("campaign", "set", "province", "UBND TỈNH Y"))
    book = workbook(run, tmp_path / "w.xlsx", "--month", "06/2026")
    assert find(book.worksheets[0], "UBND TỈNH Y").coordinate == "A1"


def test_campaign_place_setting_names_the_place(filled: Path, run: Any, tmp_path: Path) -> None:
    ok(run("campaign", "set", "place", "Bắc Kạn"))
    book = workbook(run, tmp_path / "w.xlsx", "--lang", "en", "--month", "06/2026")
    find_like(book.worksheets[0], r"^Bắc Kạn, day 10 month 0?7 year 2026$")
