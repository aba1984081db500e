"""The one-sheet Excel form for units that do not run the program, and reading it back.

The form carries, in a hidden sheet, which unit and month it was made for and the labels it was
made with; reading it back checks the visible cells against those, so a form copied for another
unit, another month, or with a label typed over is refused with the cell's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ytcontest.domain.dates import DateInputError, Month, deadline_words
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.domain.numbers import parse_count
from ytcontest.store.models import (
    ACTIVITIES_MAX,
    LONG_TEXT_MAX,
    PEOPLE_MAX,
    SHORT_TEXT_MAX,
)

MARKER = "ytcontest-report-form"
FORM_VERSION = "2"  # 2: one A4 page, the unit as sender; read as 1 was
META_SHEET = "ytcontest"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Line:
    key: str
    row: int
    kind: str  # "int" or "text"
    limit: int


# Where each value sits on the form (column B), with what it accepts.
LINES = (
    Line("activities", 10, "int", ACTIVITIES_MAX),
    Line("reached", 11, "int", PEOPLE_MAX),
    Line("candidates", 12, "int", ACTIVITIES_MAX),
    Line("mobilized", 13, "int", ACTIVITIES_MAX),
    Line("doc_number", 14, "text", SHORT_TEXT_MAX),
    Line("summary", 15, "text", LONG_TEXT_MAX),
    Line("difficulties", 16, "text", LONG_TEXT_MAX),
)
UNIT_ROW, NAME_ROW, MONTH_ROW, DEADLINE_ROW = 5, 6, 7, 8


def labels() -> dict[str, str]:
    """Column A of the form, in the current language."""
    return {
        "unit": _("Unit code"),
        "name": _("Unit name"),
        "month": _("Report month"),
        "deadline": _("Deadline"),
        "activities": _("Number of publicity activities"),
        "reached": _("Number of people reached"),
        "candidates": _("Number of candidate ideas and solutions found"),
        "mobilized": _("Number of entries mobilised"),
        "doc_number": _("Number of the unit's report document"),
        "summary": _("Summary of results"),
        "difficulties": _("Difficulties and proposals"),
    }


def _label_rows() -> dict[str, int]:
    rows = {"unit": UNIT_ROW, "name": NAME_ROW, "month": MONTH_ROW, "deadline": DEADLINE_ROW}
    rows.update({line.key: line.row for line in LINES})
    return rows


def write_form(
    path: Path,
    *,
    agency: str,
    campaign_name: str,
    unit_code: str,
    unit_name: str,
    month: Month,
    deadline: datetime,
    place: str = "",
) -> None:
    """The form for one unit and month, on one A4 page: the unit as sender under its parent
    body ("SỞ Y TẾ THÁI NGUYÊN": ``agency`` and ``place``), each label beside its input cell,
    and a block for the unit head to sign and stamp.

    The labels stay in A5..A16 and the inputs in B10..B16, where the first version put them,
    so the same reader takes forms of either version."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = _("Report")
    font = "Times New Roman"
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 54
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def put(ref: str, value: str, merge_to: str | None = None, **style: Any) -> Any:
        cell = sheet[ref]
        cell.value = value
        cell.data_type = "s"
        cell.font = Font(name=font, **style)
        cell.alignment = centred
        if merge_to:
            sheet.merge_cells(f"{ref}:{merge_to}")
        return cell

    parent = f"{agency} {place}".strip().upper()
    put("A1", parent, size=12)
    put("A2", unit_name.upper(), size=12, bold=True, underline="single")
    put("B1", _("SOCIALIST REPUBLIC OF VIET NAM"), size=12, bold=True)
    put("B2", _("Independence - Freedom - Happiness"), size=12, bold=True, underline="single")
    put("A3", _("MONTHLY REPORT ON THE CONTEST"), "B3", size=14, bold=True)
    put("A4", campaign_name, "B4", size=12, italic=True)
    sheet.row_dimensions[2].height = 32
    sheet.row_dimensions[3].height = 24
    sheet.row_dimensions[4].height = 32
    text = labels()
    last_day = deadline.date()
    fixed = {
        "unit": unit_code,
        "name": unit_name,
        "month": month.label(),
        "deadline": deadline_words(last_day),
    }
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    label_alignment = Alignment(vertical="center", wrap_text=True)
    for key, row in _label_rows().items():
        label = sheet.cell(row=row, column=1, value=text[key])
        label.font = Font(name=font, size=12, bold=key in fixed)
        label.alignment = label_alignment
        label.border = border
        sheet.cell(row=row, column=2).border = border
        sheet.row_dimensions[row].height = 22
        if key in fixed:
            cell = sheet.cell(row=row, column=2, value=fixed[key])
            cell.data_type = "s"
            cell.font = Font(name=font, size=12, bold=True)
            cell.alignment = label_alignment
    fill = PatternFill("solid", fgColor="FFF2CC")
    for line in LINES:
        cell = sheet.cell(row=line.row, column=2)
        cell.fill = fill
        cell.font = Font(name=font, size=12)
        cell.protection = Protection(locked=False)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if line.limit == LONG_TEXT_MAX:
            sheet.row_dimensions[line.row].height = 80  # room to write a paragraph
        if line.kind == "int":
            rule = DataValidation(
                type="whole",
                operator="between",
                formula1="0",
                formula2=str(line.limit),
                allow_blank=False,
            )
            rule.error = _("A whole number from 0 to {limit}.", limit=line.limit)
        else:
            rule = DataValidation(
                type="textLength",
                operator="lessThanOrEqual",
                formula1=str(line.limit),
                allow_blank=True,
            )
            rule.error = _("At most {limit} characters.", limit=line.limit)
        rule.showErrorMessage = True
        sheet.add_data_validation(rule)
        rule.add(cell.coordinate)
    notes = [
        _("How to fill in this form:"),
        _("1. Type the figures in the yellow cells (whole numbers, 0 when there were none)."),
        _("2. Do not change the other cells; the form is checked when it is read back."),
        _("3. Send the file to the Planning-Finance office before the deadline above."),
    ]
    for offset, note in enumerate(notes):
        cell = sheet.cell(row=LINES[-1].row + 2 + offset, column=1, value=note)
        cell.font = Font(name=font, size=11, italic=offset > 0, bold=offset == 0)
        sheet.merge_cells(start_row=cell.row, start_column=1, end_row=cell.row, end_column=2)
    _sign_block(sheet, LINES[-1].row + 2 + len(notes) + 1, font, place)
    sheet.print_area = f"A1:B{sheet.max_row}"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1  # always one page
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    # Nghị định 30/2020 margins: top and bottom 20 mm, left 30 mm, right 15 mm (in inches).
    sheet.page_margins.top = sheet.page_margins.bottom = 0.8
    sheet.page_margins.left, sheet.page_margins.right = 1.2, 0.6
    # Labels and the unit's identity are locked (no password: this guards against slips, not
    # against people); the yellow cells stay open.
    sheet.protection.sheet = True
    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    meta.append([MARKER, FORM_VERSION, unit_code, str(month)])
    meta.append([text[key] for key in _label_rows()])
    book.save(path)


def _sign_block(sheet: Any, row: int, font: str, place: str) -> None:
    """The date line, "NGƯỜI LẬP BIỂU" and "THỦ TRƯỞNG ĐƠN VỊ" with room to sign and stamp,
    and "Nơi nhận:" bottom left."""
    from openpyxl.styles import Alignment, Font

    from ytcontest.tabular import signature

    def put(ref: str, value: str, *, align: str = "center", **style: Any) -> None:
        cell = sheet[ref]
        cell.value = value
        cell.data_type = "s"
        cell.font = Font(name=font, **style)
        cell.alignment = Alignment(horizontal=align, vertical="center")

    put(f"B{row}", _("{place}, day ... month ... year ......", place=place or "......"),
        size=12, italic=True)  # fmt: skip
    put(f"A{row + 1}", _("PREPARED BY"), size=12, bold=True)
    put(f"B{row + 1}", _("HEAD OF THE UNIT"), size=12, bold=True)
    put(f"A{row + 2}", signature.sign_hint(), size=11, italic=True)
    put(f"B{row + 2}", signature.unit_sign_hint(), size=11, italic=True)
    for blank in range(row + 3, row + 3 + signature.SIGNING_ROOM):
        sheet.row_dimensions[blank].height = 18  # room to sign and stamp
    below = row + 3 + signature.SIGNING_ROOM
    put(f"A{below}", signature.recipients_heading(), align="left", size=12, bold=True,
        italic=True)  # fmt: skip
    for offset, line in enumerate(
        [_("- The Department of Health (Planning-Finance office);"), _("- Filed: Archive.")],
        start=1,
    ):
        put(f"A{below + offset}", line, align="left", size=11)


def write_campaign_form(
    path: Path, campaign: Any, unit_code: str, unit_name: str, month: Month
) -> None:
    """The unit's form for ``month`` with the campaign's headers, place and deadline: the one
    way both `report template` and the mailed reminders make it, so the two never differ."""
    from ytcontest.domain import rules

    write_form(
        path,
        agency=campaign.agency,
        campaign_name=campaign.name,
        unit_code=unit_code,
        unit_name=unit_name,
        month=month,
        deadline=rules.deadline(campaign.calendar(), month),
        place=campaign.place,
    )


def is_form(path: Path) -> bool:
    """Whether ``path`` is an XLSX made by ``write_form`` (only the zip's sheet list is read)."""
    import zipfile
    import zlib

    try:
        with path.open("rb") as handle:
            if handle.read(4) != ZIP_MAGIC:
                return False
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, EOFError, ValueError, zipfile.BadZipFile, zlib.error):
        return False  # not a readable form: the table reader will say what is wrong
    return f'name="{META_SHEET}"' in workbook


def read_form(
    path: Path, claimed_unit: str | None = None, claimed_month: Month | None = None
) -> tuple[str, dict[str, Any]]:
    """The values of a filled-in form, or a refusal listing each bad cell by its address."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UserError(
            _("{path} cannot be read as an Excel form: {reason}", path=path.name, reason=error)
        ) from error
    meta_rows = list(book[META_SHEET].iter_rows(values_only=True))
    try:
        if len(meta_rows) < 2 or meta_rows[0][0] != MARKER:
            raise ValueError(MARKER)
        _marker, _version, unit_code, month_text = meta_rows[0][:4]
        month = Month.parse(str(month_text))
        unit_code = str(unit_code or "")
    except (ValueError, DateInputError) as error:
        # The hidden sheet was edited: the form no longer says what it was made for.
        raise UserError(_("{path} is not a ytcontest report form", path=path.name)) from error
    expected_labels = list(meta_rows[1])
    sheet = book.worksheets[0]
    problems: list[str] = []
    for row, expected in zip(_label_rows().values(), expected_labels, strict=False):
        cell = sheet.cell(row=row, column=1)
        if str(cell.value or "").strip() != str(expected or "").strip():
            problems.append(
                _(
                    "{cell}: the label was changed (expected {expected!r})",
                    cell=cell.coordinate,
                    expected=expected,
                )
            )
    unit_cell = sheet.cell(row=UNIT_ROW, column=2)
    month_cell = sheet.cell(row=MONTH_ROW, column=2)
    if str(unit_cell.value or "").strip() != unit_code:
        problems.append(
            _(
                "{cell}: the form was made for {expected}, not {found}",
                cell=unit_cell.coordinate,
                expected=unit_code,
                found=unit_cell.value,
            )
        )
    if str(month_cell.value or "").strip() != month.label():
        problems.append(
            _(
                "{cell}: the form was made for {expected}, not {found}",
                cell=month_cell.coordinate,
                expected=month.label(),
                found=month_cell.value,
            )
        )
    if claimed_unit is not None and claimed_unit != unit_code:
        problems.append(
            _(
                "{cell}: the form is for {found}, not {claimed}",
                cell=unit_cell.coordinate,
                found=unit_code,
                claimed=claimed_unit,
            )
        )
    if claimed_month is not None and claimed_month != month:
        problems.append(
            _(
                "{cell}: the form is for {found}, not {claimed}",
                cell=month_cell.coordinate,
                found=month.label(),
                claimed=claimed_month.label(),
            )
        )
    values: dict[str, Any] = {"unit": unit_code, "month": str(month)}
    names = labels()
    for line in LINES:
        cell = sheet.cell(row=line.row, column=2)
        value, problem = _read_cell(cell.value, line)
        if problem:  # the field by its label, as the clerk sees it in column A, then the cell
            problems.append(
                _(
                    "{field} (cell {cell}): {problem}",
                    field=names[line.key],
                    cell=cell.coordinate,
                    problem=problem,
                )
            )
        values[line.key] = value
    if problems:
        raise UserError(
            _("{path}: the form is not valid; nothing was imported:", path=path.name), problems
        )
    return path.name, values


def _read_cell(value: Any, line: Line) -> tuple[Any, str | None]:
    if line.kind == "text":
        text = "" if value is None else str(value).strip()
        if len(text) > line.limit:
            return None, _("at most {limit} characters", limit=line.limit)
        return text or None, None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("a whole number is required (0 when there were none)")
    if isinstance(value, bool):  # Excel's TRUE/FALSE would otherwise read "True"
        return None, _("a true/false cell is not a whole number")
    try:
        number = parse_count(value)  # the one reader of counts: "1.000" is 1000, 2.5 is refused
    except ValueError as error:
        return None, str(error)
    if number > line.limit:
        return None, _("must be between 0 and {limit}", limit=line.limit)
    return number, None
