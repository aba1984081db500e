"""The documents ready to sign: how each workbook sheet prints, the ND 30/2020 signature and
recipients blocks, the Word report, and ``entries summary``.

Each test reads back one property of the files the CLI wrote (page setup, print titles, fonts,
widths, chart colours, the docx's section, margins, styles and figures), so any drift fails.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.helpers import assert_refused, build_once, copy_database
from ytcontest.domain.i18n import set_language
from ytcontest.tabular import signature

SIGNER = "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn Xuân"
RECIPIENTS = "- Như trên; - UBND tỉnh (b/c); - Lưu: VT, KHTC."
VISIBLE = [
    "Summary",
    "By month",
    "Chart",
    "Units",
    "Entries",
    "Report revisions",
    "Entries in numbers",
]
TABLE_SHEETS = ["By month", "Units", "Entries", "Report revisions", "Entries in numbers"]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def story(run: Any, _setenv: Any) -> None:
    """June 2026: BVA on time, VP late, every other unit missing; three entries of BVA (one in
    two fields, one withdrawn), one of VP; the signer and recipients set; each document
    written in English into the story's folder."""
    ok(run("init"))
    ok(run("campaign", "set", "signer", SIGNER))
    ok(run("campaign", "set", "--", "recipients", RECIPIENTS))
    for unit, received in (("BVA", "24/06/2026 10:00"), ("VP", "26/06/2026 09:30")):
        ok(run("report", "add", "--unit", unit, "--month", "06/2026", "--received", received,
               "--activities", "2", "--reached", "100", "--candidates", "1", "--mobilized", "1"))  # fmt: skip
    for unit, category, author, fields in (
        ("BVA", "san_pham", "tap_the", ("cds", "dmst")),
        ("BVA", "du_an", "ca_nhan", ("khcn",)),
        ("BVA", "du_an", "ca_nhan", ("cdx",)),
        ("VP", "giai_phap_quan_ly", "to_chuc", ("cds",)),
    ):
        field_args = [a for f in fields for a in ("--field", f)]
        ok(run("entries", "add", "--unit", unit, "--title", f"Giải pháp {category}",
               "--category", category, "--author-type", author, "--authors", "Nguyễn Văn A",
               *field_args))  # fmt: skip
    ok(run("entries", "withdraw", "3", "--reason", "Trùng"))
    folder = Path(os.environ["HOME"])
    ok(run("--lang", "en", "export", "workbook", "--month", "06/2026", "-o", str(folder / "en.xlsx")))  # fmt: skip
    ok(run("export", "workbook", "--month", "06/2026", "-o", str(folder / "vi.xlsx")))
    ok(run("--lang", "en", "export", "document", "--month", "06/2026", "-o", str(folder / "en.docx")))  # fmt: skip
    ok(run("export", "document", "--month", "06/2026", "-o", str(folder / "vi.docx")))
    ok(run("--lang", "en", "report", "template", "--unit", "BVA", "--month", "07/2026",
           "-o", str(folder / "form.xlsx")))  # fmt: skip


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made, _none = build_once(tmp_path_factory, "documents", story)
    return made


@pytest.fixture
def filled(folder: Path, tmp_path: Path) -> Path:
    return copy_database(folder, tmp_path)


@pytest.fixture(scope="module")
def book(folder: Path) -> Any:
    return load_workbook(folder / "en.xlsx")


@pytest.fixture(scope="module")
def vi_book(folder: Path) -> Any:
    return load_workbook(folder / "vi.xlsx")


@pytest.fixture(scope="module")
def docx(folder: Path) -> Any:
    from docx import Document

    return Document(str(folder / "en.docx"))


@pytest.fixture(scope="module")
def vi_docx(folder: Path) -> Any:
    from docx import Document

    return Document(str(folder / "vi.docx"))


def cells(ws: Any) -> list[Any]:
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


def find(ws: Any, value: Any) -> Any:
    found = [c for c in cells(ws) if c.value == value]
    assert len(found) == 1, (value, [c.coordinate for c in found])
    return found[0]


def text_of(document: Any) -> str:
    return "\n".join(p.text for p in document.paragraphs)


# --- the signature and recipients lines -----------------------------------------------------------


def test_signer_titles_in_capitals_and_the_name_as_typed() -> None:
    block = signature.signer("KT. Giám đốc / Phó Giám đốc / Nguyễn Văn Xuân")
    assert (block.titles, block.name) == (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Nguyễn Văn Xuân")


def test_signer_all_in_capitals_has_no_name() -> None:
    # The setting written before names were kept: every part is a title.
    assert signature.signer("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC").name is None


def test_signer_unset_is_the_director() -> None:
    set_language("en")
    assert signature.signer(None).titles == ["DIRECTOR"]


def test_recipients_break_before_each_dash_after_a_semicolon() -> None:
    assert signature.recipients(RECIPIENTS) == ["- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, KHTC."]  # fmt: skip


def test_recipients_unset_in_vietnamese() -> None:
    assert signature.recipients(None) == ["- Như trên;", "- Lưu: VT, KHTC."]


# --- every workbook sheet prints well -----------------------------------------------------------


def test_visible_sheets_and_the_hidden_chart_data(book: Any) -> None:
    assert [ws.title for ws in book.worksheets if ws.sheet_state == "visible"] == VISIBLE
    assert book["Chart data"].sheet_state == "hidden"


@pytest.mark.parametrize("name", [n for n in VISIBLE if n != "Chart"])
def test_sheet_prints_on_a4_fitted_to_the_width(book: Any, name: str) -> None:
    setup = book[name].page_setup
    assert (int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (9, 1, 0)
    assert book[name].sheet_properties.pageSetUpPr.fitToPage is True


@pytest.mark.parametrize(
    ("name", "orientation"),
    [("Summary", "landscape"), ("By month", "landscape"), ("Report revisions", "landscape"),
     ("Entries", "landscape"), ("Entries in numbers", "portrait")],
)  # fmt: skip
def test_sheet_is_landscape_where_wide(book: Any, name: str, orientation: str) -> None:
    assert book[name].page_setup.orientation == orientation


@pytest.mark.parametrize("name", TABLE_SHEETS)
def test_table_sheet_repeats_its_header_row(book: Any, name: str) -> None:
    assert book[name].print_title_rows == "$1:$1"


@pytest.mark.parametrize("name", VISIBLE)
def test_sheet_margins_follow_nd30(book: Any, name: str) -> None:
    m = book[name].page_margins
    # 20 mm top and bottom, 30 mm left, 15 mm right (ND 30/2020 asks 20-25, 30-35, 15-20).
    assert (m.top, m.bottom, m.left, m.right) == (0.8, 0.8, 1.2, 0.6)


@pytest.mark.parametrize("name", VISIBLE)
def test_page_number_centred_at_the_top_from_the_second_page(book: Any, name: str) -> None:
    ws = book[name]
    assert ws.HeaderFooter.differentFirst is True
    assert ws.oddHeader.center.text == "&P"
    assert ws.oddHeader.center.font == "Times New Roman,Regular"
    assert (ws.page_setup.firstPageNumber, ws.page_setup.useFirstPageNumber) == (1, True)


@pytest.mark.parametrize(
    ("name", "title"),
    [("By month", "REPORTS MONTH BY MONTH"), ("Units", "LIST OF UNITS"),
     ("Entries", "LIST OF ENTRIES"), ("Report revisions", "REPORTS RECEIVED, EVERY REVISION"),
     ("Entries in numbers", "ENTRIES IN NUMBERS")],
)  # fmt: skip
def test_table_sheet_prints_its_title_on_the_first_page(book: Any, name: str, title: str) -> None:
    header = book[name].firstHeader.center
    assert (header.text, header.font) == (title, "Times New Roman,Bold")


def test_sheet_titles_in_vietnamese(vi_book: Any) -> None:
    assert vi_book["Đơn vị"].firstHeader.center.text == "DANH SÁCH ĐƠN VỊ"


@pytest.mark.parametrize("name", VISIBLE)
def test_every_cell_is_times_new_roman(book: Any, name: str) -> None:
    others = [c.coordinate for c in cells(book[name]) if c.font.name != "Times New Roman"]
    assert others == []


@pytest.mark.parametrize("name", TABLE_SHEETS)
def test_table_cells_have_borders(book: Any, name: str) -> None:
    ws = book[name]
    bare = [
        c.coordinate for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column)
        for c in row if c.row > 0 and c.border.left.style != "thin"
        and c.row <= _table_end(ws)
    ]  # fmt: skip
    assert bare == []


def _table_end(ws: Any) -> int:
    """The table's last row: the one before the first empty cell of column A (read without
    ``ws.cell``, which would add the cell it looks at to the module's shared workbook)."""
    column = [row[0] for row in ws.iter_rows(min_col=1, max_col=1, values_only=True)]
    return column.index(None) if None in column else len(column)


@pytest.mark.parametrize("name", TABLE_SHEETS)
def test_column_is_as_wide_as_its_longest_label(book: Any, name: str) -> None:
    ws = book[name]
    narrow = []
    for column in range(1, ws.max_column + 1):
        letter = ws.cell(row=1, column=column).column_letter
        width = ws.column_dimensions[letter].width
        header = str(ws.cell(row=1, column=column).value or "")
        values = [ws.cell(row=r, column=column).value for r in range(2, _table_end(ws) + 1)]
        longest = max(
            [max((len(w) for w in header.split()), default=0),
             *(min(len(str(v)), 50) for v in values if isinstance(v, str))],
        )  # fmt: skip
        if width < longest:
            narrow.append((letter, width, longest))
    assert narrow == []


def test_month_columns_fit_the_longest_state_in_vietnamese(vi_book: Any) -> None:
    # "không phải báo cáo" printed as "ông phải báo…" when the columns were too narrow.
    ws = vi_book["Theo tháng"]
    assert ws.column_dimensions["D"].width >= len("không phải báo cáo")


def test_header_row_is_tall_enough_for_its_wrapped_labels(book: Any) -> None:
    ws = book["Report revisions"]
    assert ws.row_dimensions[1].height >= 30


# --- the chart ------------------------------------------------------------------------------------


def chart(book: Any) -> Any:
    return book["Chart"]._charts[0]


def series_colour(series: Any) -> str:
    properties = series.graphicalProperties
    fill = properties.pattFill.bgClr if properties.pattFill is not None else properties.solidFill
    return str(getattr(fill.srgbClr, "value", fill.srgbClr))


def test_chart_series_coloured_by_meaning(book: Any) -> None:
    # On time green, late amber, missing red, not yet due grey.
    assert [series_colour(s) for s in chart(book).series] == ["70AD47", "FFC000", "C00000", "A6A6A6"]  # fmt: skip


def test_chart_readable_in_black_and_white(book: Any) -> None:
    series = chart(book).series
    assert all(s.dLbls.showVal and not s.dLbls.showSerName for s in series)
    assert [s.graphicalProperties.pattFill is not None for s in series] == [False, True, False, True]  # fmt: skip


def test_chart_reads_its_figures_from_the_hidden_sheet(book: Any) -> None:
    for series in chart(book).series:
        assert series.val.numRef.f.startswith("'Chart data'!")


def test_chart_figures_are_the_overview_months(book: Any, filled: Path, run: Any) -> None:
    overview = json.loads(ok(run("status", "--json")).stdout)
    ws = book["Chart data"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[1:] for r in rows] == [
        [m["on_time"], m["late"], m["missing"], m["pending"]] for m in overview["months"]
    ]


def test_by_month_sheet_holds_only_the_matrix(book: Any) -> None:
    # The chart's figures used to print under the matrix's repeated header row.
    ws = book["By month"]
    assert ws.max_row == _table_end(ws) and ws._charts == []


def test_chart_sheet_prints_on_one_landscape_page(book: Any) -> None:
    ws = book["Chart"]
    assert (ws.page_setup.orientation, ws.page_setup.fitToHeight) == ("landscape", 1)
    assert ws["A1"].value == "REPORTS BY MONTH"


# --- the signature and recipients blocks on the workbook ----------------------------------------


def sheet_of_rows(count: int) -> Any:
    from openpyxl import Workbook

    sheet = Workbook().active
    for row in range(1, count + 1):
        sheet.cell(row=row, column=1, value=row)
    sheet.column_dimensions["A"].width = 100
    sheet.page_setup.orientation = "landscape"
    return sheet


def test_a_block_that_fits_on_its_page_gets_no_break() -> None:
    from ytcontest.tabular.workbook import _keep_together

    sheet = sheet_of_rows(20)
    _keep_together(sheet, title_rows=(1, 1), first=10, last=20, break_before=8)
    assert sheet.row_breaks.brk == []


def test_a_block_that_would_straddle_two_pages_starts_a_page_with_table_lines() -> None:
    from ytcontest.tabular.workbook import _keep_together

    # About 32 rows of 15 pt fit on a landscape page between ND 30 margins.
    sheet = sheet_of_rows(40)
    _keep_together(sheet, title_rows=(1, 1), first=28, last=40, break_before=24)
    assert [b.id for b in sheet.row_breaks.brk] == [23]


def test_workbook_signer_titles_bold_then_room_then_name_as_typed(book: Any) -> None:
    ws = book["Summary"]
    first, second, name = (
        find(ws, "KT. GIÁM ĐỐC"),
        find(ws, "PHÓ GIÁM ĐỐC"),
        find(ws, "Nguyễn Văn Xuân"),
    )
    assert (second.row, second.column) == (first.row + 1, first.column)
    assert (first.font.b, second.font.b, name.font.b) == (True, True, True)
    hint = [
        c for c in cells(ws) if c.value == "(signature, full name)" and c.column == first.column
    ]
    assert hint[0].row == second.row + 1  # the hint under the title, before the name
    assert name.row - hint[0].row > signature.SIGNING_ROOM  # room to sign and stamp
    assert name.column == first.column


def test_workbook_recipients_bottom_left(book: Any) -> None:
    ws = book["Summary"]
    heading = find(ws, "Recipients:")
    assert (heading.column, heading.font.b, heading.font.i) == (1, True, True)
    assert heading.row > find(ws, "Nguyễn Văn Xuân").row
    lines = [ws.cell(row=heading.row + i, column=1).value for i in (1, 2, 3)]
    assert lines == ["- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, KHTC."]


def test_workbook_recipients_heading_in_vietnamese(vi_book: Any) -> None:
    assert find(vi_book["Tổng hợp"], "Nơi nhận:").font.b is True


# --- entries in numbers -----------------------------------------------------------------------


def summary_rows(run: Any, lang: str = "vi") -> list[dict[str, Any]]:
    return json.loads(ok(run("--lang", lang, "entries", "summary", "--json")).stdout)


def count(rows: list[dict[str, Any]], dimension: str, key: str | None) -> tuple[int, int]:
    (row,) = [r for r in rows if r["dimension"] == dimension and r["key"] == key]
    return row["entries"], row["submitted"]


def test_entries_summary_leaves_out_withdrawn_entries(filled: Path, run: Any) -> None:
    rows = summary_rows(run)
    assert count(rows, "total", None) == (3, 0)
    assert count(rows, "category", "du_an") == (1, 0)


def test_entries_summary_counts_an_entry_in_each_of_its_fields(filled: Path, run: Any) -> None:
    rows = summary_rows(run)
    assert [count(rows, "field", f)[0] for f in ("khcn", "dmst", "cds", "cdx")] == [1, 1, 2, 0]


def test_entries_summary_by_author_type_and_unit_kind(filled: Path, run: Any) -> None:
    rows = summary_rows(run)
    assert count(rows, "author_type", "tap_the")[0] == 1
    assert (count(rows, "unit_kind", "phong")[0], count(rows, "unit_kind", "don_vi")[0]) == (1, 2)


def test_entries_summary_keeps_every_vocabulary_value(filled: Path, run: Any) -> None:
    dimensions = [r["dimension"] for r in summary_rows(run)]
    assert [dimensions.count(d) for d in ("total", "category", "field", "author_type", "unit_kind")] == [1, 5, 4, 4, 2]  # fmt: skip


def test_entries_summary_csv_header(filled: Path, run: Any) -> None:
    first = ok(run("--lang", "en", "entries", "summary", "--format", "csv")).stdout.splitlines()[0]
    assert first == "Counted by,Id,Label,Entries,Submitted"


def test_entries_summary_sheet_is_the_command_table(book: Any, filled: Path, run: Any) -> None:
    ws = book["Entries in numbers"]
    sheet = [list(row)[1:] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert sheet == [[r["label"], r["entries"], r["submitted"]] for r in summary_rows(run, "en")]


# --- the Word report ------------------------------------------------------------------------------


def test_docx_is_one_a4_portrait_section_with_nd30_margins(docx: Any) -> None:
    (section,) = docx.sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def test_docx_page_number_at_the_top_from_the_second_page(docx: Any) -> None:
    section = docx.sections[0]
    assert section.different_first_page_header_footer is True
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_docx_normal_style_is_times_new_roman_14(docx: Any) -> None:
    from docx.shared import Pt

    font = docx.styles["Normal"].font
    assert (font.name, font.size) == ("Times New Roman", Pt(14))


def test_docx_every_run_is_times_new_roman_13_to_14_outside_tables(docx: Any) -> None:
    from docx.shared import Pt

    sizes = {r.font.size for p in docx.paragraphs for r in p.runs if r.text.strip()}
    assert {r.font.name for p in docx.paragraphs for r in p.runs if r.text.strip()} == {"Times New Roman"}  # fmt: skip
    assert sizes <= {Pt(13), Pt(14)}


def test_docx_national_header(docx: Any) -> None:
    header = docx.tables[0].rows[0].cells
    left, right = [c.text.splitlines() for c in header]
    assert left[:2] == ["UBND TỈNH THÁI NGUYÊN", "SỞ Y TẾ"]
    assert left[2].startswith("No.:") and left[2].endswith("/BC-SYT")
    assert right == [
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
        "Thái Nguyên, day 10 month 7 year 2026",
    ]


def test_docx_title_in_bold(docx: Any) -> None:
    title = next(p for p in docx.paragraphs if p.text == "REPORT")
    assert all(r.font.bold for r in title.runs)


def test_docx_states_the_status_figures(docx: Any, filled: Path, run: Any) -> None:
    status = json.loads(ok(run("status", "--month", "06/2026", "--json")).stdout)
    s = status["summary"]
    text = text_of(docx)
    assert (
        f"{s['reported']} of the {s['expected']} units expected to report for 06/2026 had sent "
        f"their report; {s['on_time']} of them on time and {s['late']} late."
    ) in text
    assert f"The reporting rate is {s['reporting_rate'] * 100:.1f}%" in text


def test_docx_names_the_units_still_missing(docx: Any, filled: Path, run: Any) -> None:
    status = json.loads(ok(run("status", "--month", "06/2026", "--json")).stdout)
    missing = [u["name"] for u in status["units"] if u["report"] == "missing"]
    assert f"{len(missing)} units have not sent their report: {', '.join(missing)}." in text_of(
        docx
    )


def test_docx_states_entries_by_category_and_field(docx: Any) -> None:
    text = text_of(docx)
    assert "The units have mobilised 3 entries, 0 of them submitted" in text
    assert "By category: Project 1; Product 1; Management solution 1." in text
    assert "By field: Science and technology 1; Innovation 1; Digital transformation 2." in text


def test_docx_names_the_units_without_entries(docx: Any) -> None:
    paragraph = next(p.text for p in docx.paragraphs if "have no entry yet" in p.text)
    assert "Bệnh viện A Thái Nguyên" not in paragraph and "Bệnh viện C Thái Nguyên" in paragraph


def test_docx_units_table_has_every_expected_unit(docx: Any, filled: Path, run: Any) -> None:
    status = json.loads(ok(run("status", "--month", "06/2026", "--json")).stdout)
    table = docx.tables[1]
    names = [r.cells[1].text for r in table.rows[1:] if r.cells[0].text.isdigit()]
    assert sorted(names) == sorted(u["name"] for u in status["units"])


def test_docx_units_table_repeats_its_header_row(docx: Any) -> None:
    assert "w:tblHeader" in docx.tables[1].rows[0]._tr.xml


def test_docx_entries_table_is_the_summary(docx: Any, filled: Path, run: Any) -> None:
    table = docx.tables[2]
    assert [[c.text for c in r.cells][1:] for r in table.rows[1:]] == [
        [r["label"], str(r["entries"]), str(r["submitted"])] for r in summary_rows(run, "en")
    ]


def test_docx_signature_block(docx: Any) -> None:
    left, right = docx.tables[-1].rows[0].cells
    lines = [p for p in right.paragraphs]
    assert [p.text for p in lines[:2]] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert lines[-1].text == "Nguyễn Văn Xuân" and lines[-1].runs[0].font.bold
    assert len(lines) - 3 >= signature.SIGNING_ROOM  # blank lines to sign and stamp
    assert [p.text for p in left.paragraphs] == ["Recipients:", *signature.recipients(RECIPIENTS)]


def test_docx_in_vietnamese(vi_docx: Any) -> None:
    text = text_of(vi_docx)
    assert "BÁO CÁO" in text and "Tỷ lệ đơn vị gửi báo cáo đạt" in text


def test_document_needs_a_docx_name(filled: Path, run: Any, tmp_path: Path) -> None:
    result = run("--lang", "en", "export", "document", "-o", str(tmp_path / "r.pdf"))
    assert_refused(result, "ending in .docx")


def test_document_says_what_it_wrote(filled: Path, run: Any, tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    result = ok(run("--lang", "en", "export", "document", "--month", "06/2026", "-o", str(path)))
    assert result.stdout.strip() == f"Report for 06/2026 written: {path}"


# --- the form on one page -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def form(folder: Path) -> Any:
    return load_workbook(folder / "form.xlsx").worksheets[0]


def test_form_fits_one_a4_portrait_page(form: Any) -> None:
    setup = form.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (
        "portrait", 9, 1, 1,
    )  # fmt: skip
    assert form.sheet_properties.pageSetUpPr.fitToPage is True
    assert form.print_area == [f"'Report'!$A$1:$B${form.max_row}"] or form.print_area == (
        f"'Report'!$A$1:$B${form.max_row}"
    )


def test_form_unit_is_the_sender(form: Any) -> None:
    assert form["A1"].value == "SỞ Y TẾ THÁI NGUYÊN"
    assert (form["A2"].value, form["A2"].font.b) == ("BỆNH VIỆN A THÁI NGUYÊN", True)


def test_form_title_spans_the_page(form: Any) -> None:
    assert "A3:B3" in {str(r) for r in form.merged_cells.ranges}
    assert form["A3"].alignment.wrap_text is True


def test_form_labels_beside_their_inputs(form: Any) -> None:
    # The two columns together print within the page width: label and input on the same page.
    assert form.column_dimensions["A"].width + form.column_dimensions["B"].width <= 95


def test_form_has_a_block_for_the_unit_head(form: Any) -> None:
    head = find(form, "HEAD OF THE UNIT")
    assert (head.column, head.font.b) == (2, True)
    assert form.cell(row=head.row + 1, column=2).value == "(signature, full name and stamp)"
    assert find(form, "Recipients:").column == 1


@pytest.mark.parametrize("name", ["form-v1-BVA-2026-06-filled.xlsx"])
def test_a_form_filled_in_by_the_first_version_still_imports(
    db_path: Path, run: Any, name: str
) -> None:
    source = Path(__file__).parent / "data" / name
    ok(run("report", "import", str(source)))
    report = json.loads(ok(run("report", "show", "BVA", "06/2026", "--json")).stdout)
    assert (report["revision"], report["activities"], report["doc_number"]) == (1, 3, "15/BC-BVA")


def test_report_template_missing_writes_a_form_per_unit_that_owes(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "forms"
    result = ok(run("--lang", "en", "report", "template", "--missing", "--month", "06/2026", "-o", str(out)))  # fmt: skip
    status = json.loads(ok(run("status", "--month", "06/2026", "--json")).stdout)
    owing = {u["code"] for u in status["units"] if u["report"] in ("missing", "pending")}
    assert {p.stem for p in out.glob("*.xlsx")} == owing
    assert result.stdout.strip() == f"{len(owing)} forms written in {out}"


def test_report_template_all_writes_a_form_per_expected_unit(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "all"
    ok(run("report", "template", "--all", "--month", "06/2026", "-o", str(out)))
    status = json.loads(ok(run("status", "--month", "06/2026", "--json")).stdout)
    assert {p.stem for p in out.glob("*.xlsx")} == {u["code"] for u in status["units"]}


def test_report_template_forms_are_pre_filled_for_their_unit(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "forms"
    ok(run("report", "template", "--missing", "--month", "06/2026", "-o", str(out)))
    sheet = load_workbook(out / "BVC.xlsx").worksheets[0]
    assert (sheet["B5"].value, sheet["B7"].value) == ("BVC", "06/2026")


def test_report_template_filled_forms_import(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "forms"
    ok(run("report", "template", "--missing", "--month", "06/2026", "-o", str(out)))
    book = load_workbook(out / "BVC.xlsx")
    for address, value in {"B10": 1, "B11": 30, "B12": 0, "B13": 0}.items():
        book.worksheets[0][address] = value
    book.save(out / "BVC.xlsx")
    ok(run("report", "import", str(out / "BVC.xlsx")))
    assert json.loads(ok(run("report", "show", "BVC", "06/2026", "--json")).stdout)["reached"] == 30


@pytest.mark.parametrize(
    "args",
    [("--month", "06/2026"), ("--unit", "BVA", "--all", "--month", "06/2026"),
     ("--missing", "--all", "--month", "06/2026")],
)  # fmt: skip
def test_report_template_needs_exactly_one_choice(
    filled: Path, run: Any, tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run("--lang", "en", "report", "template", *args, "-o", str(tmp_path / "x"))
    assert_refused(result, "give one of --unit U, --missing or --all")


def test_report_template_missing_refuses_a_file_as_the_folder(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    path = tmp_path / "a.xlsx"
    path.write_text("")
    result = run("--lang", "en", "report", "template", "--missing", "--month", "06/2026", "-o", str(path))  # fmt: skip
    assert_refused(result, "give a folder")


# --- the campaign setting -----------------------------------------------------------------------


def test_recipients_setting_shows_in_campaign_json(filled: Path, run: Any) -> None:
    shown = json.loads(ok(run("campaign", "show", "--json")).stdout)
    assert shown["recipients"] == RECIPIENTS


def test_recipients_setting_refuses_an_empty_text(filled: Path, run: Any) -> None:
    assert_refused(run("--lang", "en", "campaign", "set", "recipients", " "), "recipients")


def test_chart_text_is_times_new_roman(book: Any) -> None:
    drawn = chart(book)
    properties = [
        drawn.x_axis.txPr,
        drawn.y_axis.txPr,
        drawn.legend.txPr,
        drawn.series[0].dLbls.txPr,
    ]
    assert {p.p[0].pPr.defRPr.latin.typeface for p in properties} == {"Times New Roman"}
