"""The consolidated workbook the Department sends upward, laid out as an administrative document.

Layout after Nghị định 30/2020/NĐ-CP, Phụ lục I: Times New Roman; the parent body and the agency
top left, the national motto top right; a bold title in capitals; the table; the place and date
in italics and the signature block. A4 landscape, fitted to the page width, the table's header
rows repeated on every printed page. Header texts come from the campaign's settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ytcontest import words
from ytcontest.dates import Month, format_datetime, to_vn
from ytcontest.i18n import _
from ytcontest.tabular.writer import Field, add_table_sheet, typed

FONT = "Times New Roman"
STATE_FILLS = {
    "on_time": "C6EFCE",
    "late": "FFEB9C",
    "missing": "FFC7CE",
    "pending": "DDEBF7",
    "not_expected": "EDEDED",
}


@dataclass
class WorkbookData:
    province: str
    agency: str
    place: str
    signer: str | None
    campaign_name: str
    month: Month
    as_of: datetime
    status: Mapping[str, Any]  # status --month JSON
    reports: Mapping[str, Mapping[str, Any]]  # unit code -> report JSON of the month
    overview: Mapping[str, Any]  # status JSON without --month
    unit_rows: Sequence[Mapping[str, Any]]
    unit_fields: Sequence[Field]
    entry_rows: Sequence[Mapping[str, Any]]
    entry_fields: Sequence[Field]
    revision_rows: Iterable[Mapping[str, Any]]
    revision_fields: Sequence[Field]


def _font(**kwargs: Any) -> Any:
    from openpyxl.styles import Font

    return Font(name=FONT, **kwargs)


def _put(
    sheet: Any,
    ref: str,
    value: Any,
    *,
    merge_to: str | None = None,
    font: Any = None,
    align: str = "center",
    wrap: bool = False,
) -> Any:
    from openpyxl.styles import Alignment

    cell = sheet[ref]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # names and notes come from users: never a formula
    cell.font = font or _font()
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if merge_to:
        sheet.merge_cells(f"{ref}:{merge_to}")
    return cell


def _date_line(place: str, day: datetime) -> str:
    # Nghị định 30/2020, Phụ lục I: a leading zero for days below 10 and for months 1 and 2 only.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _(
        "{place}, day {day} month {month} year {year}",
        place=place,
        day=f"{day.day:02d}",
        month=month,
        year=day.year,
    )


SUMMARY_COLUMNS = 11  # A..K


def _summary_sheet(book: Any, data: WorkbookData) -> None:
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    sheet = book.active
    sheet.title = _("Summary")
    local = to_vn(data.as_of)
    _put(sheet, "A1", data.province.upper(), merge_to="D1", font=_font(size=12))
    _put(
        sheet,
        "A2",
        data.agency.upper(),
        merge_to="D2",
        font=_font(size=12, bold=True, underline="single"),
    )
    _put(
        sheet,
        "F1",
        _("SOCIALIST REPUBLIC OF VIET NAM"),
        merge_to="K1",
        font=_font(size=12, bold=True),
    )
    _put(
        sheet,
        "F2",
        _("Independence - Freedom - Happiness"),
        merge_to="K2",
        font=_font(size=13, bold=True, underline="single"),
    )
    title = _("SUMMARY OF THE UNITS' MONTHLY REPORTS FOR {month}", month=data.month.label())
    _put(sheet, "A4", title, merge_to="K4", font=_font(size=14, bold=True), wrap=True)
    _put(
        sheet, "A5", data.campaign_name, merge_to="K5", font=_font(size=12, italic=True), wrap=True
    )
    _put(
        sheet,
        "A6",
        _("(data as of {as_of})", as_of=format_datetime(data.as_of)),
        merge_to="K6",
        font=_font(size=12, italic=True),
    )
    labels = _summary_headers()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_row = 8
    for index, label in enumerate(labels, start=1):
        cell = _put(
            sheet,
            f"{get_column_letter(index)}{header_row}",
            label,
            font=_font(bold=True),
            wrap=True,
        )
        cell.border = border
        number = _put(
            sheet,
            f"{get_column_letter(index)}{header_row + 1}",
            f"({index})",
            font=_font(italic=True),
        )
        number.border = border
    row = header_row + 2
    totals = [0] * 6
    for roman, kind in (("I", "phong"), ("II", "don_vi")):
        members = [u for u in data.status["units"] if u["kind"] == kind]
        group_title = _("Offices of the Department") if kind == "phong" else _("Affiliated units")
        _put(sheet, f"A{row}", roman, font=_font(bold=True))
        _put(sheet, f"B{row}", group_title, font=_font(bold=True), align="left")
        for col in range(1, SUMMARY_COLUMNS + 1):
            sheet.cell(row=row, column=col).border = border
        row += 1
        subtotal = [0] * 6
        for number, unit in enumerate(members, start=1):
            report = data.reports.get(unit["code"])
            figures = [
                report[k] if report else None
                for k in ("activities", "reached", "candidates", "mobilized")
            ]
            counts = [unit["entries"]["active"], unit["entries"]["submitted"]]
            values = [
                number, unit["name"],
                typed(unit["received_at"], "datetime") if unit["received_at"] else None,
                words.timeliness(unit["report"], unit["days_late"]),
                *figures, *counts,
                "; ".join(words.flag(f) for f in unit["flags"]),
            ]  # fmt: skip
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=col, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cell.font = _font()
                cell.border = border
                cell.alignment = Alignment(
                    vertical="center",
                    wrap_text=col in (2, 4, 11),
                    horizontal="left" if col in (2, 4, 11) else "center",
                )
                if col == 3 and value is not None:
                    cell.number_format = "DD/MM/YYYY"
            for i, value in enumerate([*figures, *counts]):
                subtotal[i] += value or 0
            # Spreadsheet programs do not grow a row for wrapped text when printing: size it.
            sheet.row_dimensions[row].height = 15.75 * _lines(values, (2, 4, 11))
            row += 1
        _total_row(sheet, row, _("Subtotal {group}", group=roman), subtotal, border)
        totals = [a + b for a, b in zip(totals, subtotal, strict=True)]
        row += 1
    _total_row(sheet, row, _("TOTAL"), totals, border)
    s = data.status["summary"]
    row += 2
    rates = _(
        "Expected {expected}; reported {reported} (on time {on_time}, late {late}); missing "
        "{missing}; reporting rate {reporting}; on-time rate {on_time_rate}.",
        expected=s["expected"],
        reported=s["reported"],
        on_time=s["on_time"],
        late=s["late"],
        missing=s["missing"],
        reporting=words.percent(s["reporting_rate"]),
        on_time_rate=words.percent(s["on_time_rate"]),
    )
    _put(
        sheet,
        f"A{row}",
        rates,
        merge_to=f"K{row}",
        font=_font(italic=True),
        align="left",
        wrap=True,
    )
    row += 2
    _put(
        sheet,
        f"G{row}",
        _date_line(data.place, local),
        merge_to=f"K{row}",
        font=_font(size=13, italic=True),
    )
    _put(
        sheet,
        f"A{row + 1}",
        _("PREPARED BY"),
        merge_to=f"D{row + 1}",
        font=_font(size=13, bold=True),
    )
    _put(
        sheet,
        f"A{row + 2}",
        _("(signature, full name)"),
        merge_to=f"D{row + 2}",
        font=_font(size=13, italic=True),
    )
    # "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC": each part on its own line, as signature blocks are written.
    signer = (data.signer or _("DIRECTOR")).split(" / ")
    for offset, line in enumerate(signer):
        _put(
            sheet,
            f"G{row + 1 + offset}",
            line.upper(),
            merge_to=f"K{row + 1 + offset}",
            font=_font(size=13, bold=True),
        )
    below = row + 1 + len(signer)
    _put(
        sheet,
        f"G{below}",
        _("(signature, full name)"),
        merge_to=f"K{below}",
        font=_font(size=13, italic=True),
    )
    for letter, width in zip(
        "ABCDEFGHIJK", (6, 38, 12, 16, 11, 12, 11, 11, 10, 10, 28), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.row_dimensions[4].height = 36
    sheet.row_dimensions[header_row].height = 48
    _print_setup(sheet, f"{header_row}:{header_row + 1}")


# Characters that fit on one line of the wrapped columns (B, D, K) at 12 pt.
_WRAP_WIDTHS = {2: 50, 4: 18, 11: 34}


def _lines(values: Sequence[Any], columns: Sequence[int]) -> int:
    return max(1, *(-(-len(str(values[c - 1] or "")) // _WRAP_WIDTHS[c]) for c in columns))


def _summary_headers() -> list[str]:
    return [
        _("No."),
        _("Unit"),
        _("Date received"),
        _("Report"),
        _("Publicity activities"),
        _("People reached"),
        _("Candidate ideas found"),
        _("Entries mobilised (reported)"),
        _("Entries on record"),
        _("Entries submitted"),
        _("Notes"),
    ]


def _total_row(sheet: Any, row: int, label: str, values: Sequence[int], border: Any) -> None:
    from openpyxl.styles import Alignment

    sheet.merge_cells(f"A{row}:D{row}")
    cell = sheet.cell(row=row, column=1, value=label)
    cell.data_type = "s"
    cell.font = _font(bold=True)
    cell.alignment = Alignment(horizontal="center")
    for offset, value in enumerate(values):
        total = sheet.cell(row=row, column=5 + offset, value=value)
        total.font = _font(bold=True)
        total.alignment = Alignment(horizontal="center")
    for col in range(1, SUMMARY_COLUMNS + 1):
        sheet.cell(row=row, column=col).border = border


def _print_setup(sheet: Any, title_rows: str | None) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages as it takes, downwards
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    if title_rows:
        sheet.print_title_rows = title_rows


def _monthly_sheet(book: Any, data: WorkbookData) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, PatternFill

    sheet = book.create_sheet(_("By month"))
    months = [m["month"] for m in data.overview["timeline"]["report_months"]]
    headers = [
        _("No."),
        _("Code"),
        _("Unit"),
        *[Month.parse(m).label() for m in months],
        _("Nomination"),
    ]
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.data_type = "s"
        cell.font = _font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for number, unit in enumerate(data.overview["units"], start=1):
        row = number + 1
        for col, value in enumerate((number, unit["code"], unit["name"]), start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cell.font = _font()
        for offset, month in enumerate(months):
            state = unit["months"][month]
            cell = sheet.cell(
                row=row,
                column=4 + offset,
                value=words.timeliness(state, None) if state != "late" else _("late"),
            )
            cell.data_type = "s"
            cell.font = _font()
            cell.alignment = Alignment(horizontal="center")
            cell.fill = PatternFill("solid", fgColor=STATE_FILLS.get(state, "FFFFFF"))
        cell = sheet.cell(
            row=row, column=4 + len(months), value=words.nomination(unit["nomination"])
        )
        cell.data_type = "s"
        cell.font = _font()
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 44
    sheet.freeze_panes = "D2"
    # The figures the chart draws, under the matrix.
    top = len(data.overview["units"]) + 4
    for col, header in enumerate((_("Month"), _("On time"), _("Late"), _("Missing")), start=1):
        cell = sheet.cell(row=top, column=col, value=header)
        cell.data_type = "s"
        cell.font = _font(bold=True)
    for index, month in enumerate(data.overview["months"], start=1):
        label = Month.parse(month["month"]).label()
        values = (label, month["on_time"], month["late"], month["missing"])
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=top + index, column=col, value=value)
            cell.font = _font()
            if isinstance(value, str):
                cell.data_type = "s"
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = _("Reports by month")
    chart.y_axis.title = _("Units")
    last = top + len(data.overview["months"])
    chart.add_data(
        Reference(sheet, min_col=2, max_col=4, min_row=top, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=top + 1, max_row=last))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, f"F{top}")
    _print_setup(sheet, "1:1")


def write_workbook(path: Path, data: WorkbookData) -> None:
    from openpyxl import Workbook

    book = Workbook()
    _summary_sheet(book, data)
    _monthly_sheet(book, data)
    add_table_sheet(book, _("Units"), data.unit_rows, data.unit_fields)
    add_table_sheet(book, _("Entries"), data.entry_rows, data.entry_fields)
    add_table_sheet(book, _("Report revisions"), data.revision_rows, data.revision_fields)
    book.save(path)
