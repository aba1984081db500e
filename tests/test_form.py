"""``report template`` and reading the filled-in form back with ``report import``.

The form is filled in with openpyxl the way a person fills it in Excel: open it, type in the yellow
cells B10..B16, save. A form that was tampered with is refused with the address of each bad cell,
and nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import assert_refused

INPUT_ROWS = range(10, 17)  # B10..B16
NUMBER_CELLS = ("B10", "B11", "B12", "B13")
FILLED = {"B10": 3, "B11": 250, "B12": 4, "B13": 2, "B14": "15/BC-BVA", "B15": "Tốt", "B16": None}


def snapshot(run) -> tuple[str, str, str]:
    outputs = []
    for args in (("report", "list"), ("entries", "list"), ("log",)):
        result = run(*args, "--json")
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    return outputs[0], outputs[1], outputs[2]


def template(run, path: Path, unit: str = "BVA", month: str = "06/2026", lang: str = "en"):
    return run(
        "--lang", lang, "report", "template", "--unit", unit, "--month", month, "-o", str(path)
    )


@pytest.fixture
def form(run, db_path, tmp_path) -> Path:
    """A blank form for BVA, June 2026, written in English."""
    path = tmp_path / "BVA-06-2026.xlsx"
    result = template(run, path)
    assert result.exit_code == 0, result.output
    return path


def fill(path: Path, values: dict[str, object]) -> Path:
    """Type ``values`` into the form's cells and save it, as a person would in Excel."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for address, value in values.items():
        sheet[address] = value
    book.save(path)
    return path


def import_form(run, path: Path, *extra: str):
    return run("--lang", "en", "report", "import", str(path), *extra)


def stored(run, unit: str = "BVA", month: str = "06/2026") -> dict:
    result = run("report", "show", unit, month, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- the blank form -------------------------------------------------------------------------------


def test_report_template_writes_a_workbook_and_says_where(run, db_path, tmp_path):
    path = tmp_path / "f.xlsx"
    result = template(run, path)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Form written: {path}"
    load_workbook(path)  # a real workbook


def test_report_template_shows_the_unit_code_and_name(run, form):
    sheet = load_workbook(form).worksheets[0]
    assert sheet["B5"].value == "BVA"
    assert sheet["B6"].value == "Bệnh viện A Thái Nguyên"


def test_report_template_shows_the_month(run, form):
    sheet = load_workbook(form).worksheets[0]
    assert sheet["B7"].value == "06/2026"


def test_report_template_shows_the_deadline(run, form):
    sheet = load_workbook(form).worksheets[0]
    assert sheet["B8"].value == "before 25/06/2026"


def test_report_template_in_vietnamese_shows_the_deadline_day(run, db_path, tmp_path):
    path = tmp_path / "f.xlsx"
    assert template(run, path, lang="vi").exit_code == 0
    sheet = load_workbook(path).worksheets[0]
    assert "25/06/2026" in str(sheet["B8"].value)


def test_report_template_labels_every_input_row(run, form):
    sheet = load_workbook(form).worksheets[0]
    assert [sheet.cell(row=row, column=1).value for row in INPUT_ROWS] == [
        "Number of publicity activities",
        "Number of people reached",
        "Number of candidate ideas and solutions found",
        "Number of entries mobilised",
        "Number of the unit's report document",
        "Summary of results",
        "Difficulties and proposals",
    ]


def test_report_template_number_cells_accept_only_whole_numbers_from_zero(run, form):
    sheet = load_workbook(form).worksheets[0]
    rules = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            rules[cell_range.coord] = validation
    for address in NUMBER_CELLS:
        rule = rules[address]
        assert rule.type == "whole", address
        assert rule.operator in ("between", "greaterThanOrEqual"), address
        assert rule.formula1 == "0", address
        assert rule.showErrorMessage, address
    assert rules["B11"].formula2 == "10000000"


def test_report_template_text_cells_have_a_length_limit(run, form):
    sheet = load_workbook(form).worksheets[0]
    rules = {
        cell_range.coord: validation
        for validation in sheet.data_validations.dataValidation
        for cell_range in validation.sqref.ranges
    }
    assert (rules["B14"].type, rules["B14"].formula1) == ("textLength", "200")
    assert (rules["B15"].type, rules["B15"].formula1) == ("textLength", "4000")
    assert (rules["B16"].type, rules["B16"].formula1) == ("textLength", "4000")


def test_report_template_input_cells_are_yellow_and_unlocked_the_rest_is_protected(run, form):
    sheet = load_workbook(form).worksheets[0]
    assert sheet.protection.sheet
    for row in INPUT_ROWS:
        cell = sheet.cell(row=row, column=2)
        assert cell.protection.locked is False, cell.coordinate
        assert cell.fill.fgColor.rgb.endswith("FFF2CC"), cell.coordinate
    assert sheet["B5"].protection.locked is True
    assert sheet["A10"].protection.locked is True


def test_report_template_finds_the_unit_by_words_of_its_name(run, db_path, tmp_path):
    path = tmp_path / "f.xlsx"
    assert template(run, path, unit="benh vien mat").exit_code == 0
    assert load_workbook(path).worksheets[0]["B5"].value == "BVMAT"


def test_report_template_refuses_a_month_outside_the_campaign(run, db_path, tmp_path):
    path = tmp_path / "f.xlsx"
    result = template(run, path, month="12/2026")
    assert_refused(result, "12/2026 is not a report month of campaign 2026")
    assert not path.exists()


def test_report_template_refuses_a_name_not_ending_in_xlsx(run, db_path, tmp_path):
    path = tmp_path / "f.xls"
    result = template(run, path)
    assert_refused(result, ".xlsx")
    assert not path.exists()


def test_report_template_refuses_an_unknown_unit(run, db_path, tmp_path):
    path = tmp_path / "f.xlsx"
    result = template(run, path, unit="ZZZ")
    assert_refused(result, "no unit matches 'ZZZ'")
    assert not path.exists()


def test_report_template_writes_nothing_in_the_database(run, db_path, tmp_path):
    before = snapshot(run)
    assert template(run, tmp_path / "f.xlsx").exit_code == 0
    assert snapshot(run) == before


# --- the round trip -------------------------------------------------------------------------------


def test_report_import_of_a_filled_form_files_the_report_with_its_figures(run, form):
    fill(form, FILLED)
    result = import_form(run, form, "--received", "20/06/2026 14:00")
    assert result.exit_code == 0, result.output
    assert "BVA 06/2026" in result.stdout
    record = stored(run)
    assert (record["activities"], record["reached"]) == (3, 250)
    assert (record["candidates"], record["mobilized"]) == (4, 2)
    assert record["doc_number"] == "15/BC-BVA"
    assert record["summary"] == "Tốt"
    assert record["difficulties"] is None
    assert record["received_at"] == "2026-06-20T14:00:00+07:00"
    assert (record["timeliness"], record["revision"]) == ("on_time", 1)


def test_report_import_of_a_form_received_after_the_deadline_is_late(run, form):
    fill(form, FILLED)
    assert import_form(run, form, "--received", "25/06/2026 00:00").exit_code == 0
    record = stored(run)
    assert (record["timeliness"], record["days_late"]) == ("late", 1)


def test_report_import_of_a_form_accepts_zero_figures(run, form):
    fill(form, {"B10": 0, "B11": 0, "B12": 0, "B13": 0})
    assert import_form(run, form, "--received", "20/06/2026 14:00").exit_code == 0
    record = stored(run)
    assert (record["activities"], record["reached"]) == (0, 0)


def test_report_import_of_a_form_accepts_numbers_typed_as_text(run, form):
    fill(form, {"B10": "3", "B11": " 250 ", "B12": "4", "B13": "2"})
    assert import_form(run, form, "--received", "20/06/2026 14:00").exit_code == 0
    assert stored(run)["reached"] == 250


def test_report_import_of_a_form_made_in_vietnamese_works_in_english(run, db_path, tmp_path):
    path = tmp_path / "f.xlsx"
    assert template(run, path, lang="vi").exit_code == 0
    fill(path, FILLED)
    assert import_form(run, path, "--received", "20/06/2026 14:00").exit_code == 0
    assert stored(run)["activities"] == 3


def test_report_import_of_a_form_with_agreeing_claims_is_accepted(run, form):
    fill(form, FILLED)
    result = import_form(
        run, form, "--unit", "BVA", "--month", "2026-06", "--received", "20/06/2026"
    )
    assert result.exit_code == 0, result.output


def test_report_import_of_a_form_dry_run_writes_nothing(run, form):
    fill(form, FILLED)
    before = snapshot(run)
    result = import_form(run, form, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "Dry run, nothing written: 1 reports.",
        "  BVA 06/2026: late by 16 days",
    ]
    assert snapshot(run) == before


def test_report_import_refuses_a_form_for_a_month_already_reported(run, form):
    fill(form, FILLED)
    assert import_form(run, form, "--received", "20/06/2026 14:00").exit_code == 0
    fill(form, {"B10": 9})  # another form for the same month (the same file again is skipped)
    before = snapshot(run)
    result = import_form(run, form, "--received", "21/06/2026 14:00")
    assert_refused(result, "BVA already reported for 06/2026")
    assert snapshot(run) == before


def test_report_import_skips_the_same_form_imported_again(run, form):
    fill(form, FILLED)
    assert import_form(run, form, "--received", "20/06/2026 14:00").exit_code == 0
    before = snapshot(run)
    result = import_form(run, form, "--received", "21/06/2026 14:00", "--amend")
    assert result.exit_code == 0, result.output
    assert "already imported on 10/07/2026 10:00" in result.stdout
    assert snapshot(run) == before  # not a new revision, even with --amend


# --- tampered forms: refused with the cell's address ----------------------------------------------


def test_report_import_refuses_a_form_whose_label_was_edited(run, form):
    fill(form, {**FILLED, "A11": "Number of people"})
    before = snapshot(run)
    result = import_form(run, form)
    assert_refused(result, "the form is not valid; nothing was imported", "A11")
    assert "A10" not in result.stderr
    assert snapshot(run) == before


def test_report_import_refuses_a_form_whose_unit_cell_was_changed(run, form):
    fill(form, {**FILLED, "B5": "BVC"})
    before = snapshot(run)
    result = import_form(run, form)
    assert_refused(result, "B5", "BVA", "BVC")
    assert snapshot(run) == before


def test_report_import_refuses_a_form_whose_month_cell_was_changed(run, form):
    fill(form, {**FILLED, "B7": "07/2026"})
    before = snapshot(run)
    result = import_form(run, form)
    assert_refused(result, "B7", "06/2026", "07/2026")
    assert snapshot(run) == before


@pytest.mark.parametrize(
    ("address", "value", "reason"),
    [
        ("B10", -1, "-1 is negative: a count is 0 or more"),
        ("B11", 2.5, "2.5 is not a whole number"),
        ("B12", "ba", "ba is not a whole number"),
        ("B13", None, "a whole number is required"),
        ("B11", 10_000_001, "must be between 0 and 10000000"),
        ("B10", True, "a true/false cell is not a whole number"),
    ],
    ids=["negative", "fraction", "text", "empty", "too-large", "boolean"],
)
def test_report_import_refuses_a_bad_number_cell_naming_it(run, form, address, value, reason):
    fill(form, {**FILLED, address: value})
    before = snapshot(run)
    result = import_form(run, form)
    assert_refused(result, f"(cell {address}): {reason}")
    assert snapshot(run) == before


def test_report_import_never_reads_a_dotted_thousands_text_as_units(run, form):
    # "1.000" is one thousand in Vietnamese writing. Read as 1000, or refused naming B11: never 1.
    fill(form, {**FILLED, "B11": "1.000"})
    before = snapshot(run)
    result = import_form(run, form, "--received", "20/06/2026 14:00")
    if result.exit_code == 0:
        assert stored(run)["reached"] == 1000
    else:
        assert_refused(result, "B11")
        assert snapshot(run) == before


def test_report_import_lists_every_bad_cell_of_a_form(run, form):
    fill(form, {**FILLED, "B10": -1, "B12": None, "B5": "BVC"})
    result = import_form(run, form)
    assert_refused(result, "B5:", "(cell B10):", "(cell B12):")


def test_report_import_refuses_a_form_text_longer_than_its_limit(run, form):
    fill(form, {**FILLED, "B14": "x" * 201})
    before = snapshot(run)
    result = import_form(run, form)
    assert_refused(result, "(cell B14): at most 200 characters")
    assert snapshot(run) == before


def test_report_import_refuses_a_form_for_another_unit_than_claimed(run, form):
    fill(form, FILLED)
    before = snapshot(run)
    result = import_form(run, form, "--unit", "BVC")
    assert_refused(result, "B5", "BVA", "BVC")
    assert snapshot(run) == before


def test_report_import_refuses_a_form_for_another_month_than_claimed(run, form):
    fill(form, FILLED)
    before = snapshot(run)
    result = import_form(run, form, "--month", "07/2026")
    assert_refused(result, "B7", "06/2026", "07/2026")
    assert snapshot(run) == before


def test_report_import_refuses_a_form_received_before_its_month(run, form):
    fill(form, FILLED)
    before = snapshot(run)
    result = import_form(run, form, "--received", "31/05/2026 10:00")
    assert_refused(result, "before the month began")
    assert snapshot(run) == before


def test_report_import_names_the_field_of_a_bad_cell_in_vietnamese(run, form):
    # "B11: 2,5 ..." makes the clerk count rows; the label of column A says which figure it is.
    fill(form, {**FILLED, "B11": 2.5, "B10": True})
    result = run("report", "import", str(form))
    assert result.exit_code == 1, result.output
    assert "Số người được tiếp cận (ô B11): " in result.stderr
    assert "(ô B10): ô đánh dấu đúng/sai không phải là số nguyên" in result.stderr
    assert "True" not in result.stderr
