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

from ytcontest.domain import words
from ytcontest.domain.dates import Month, format_datetime, to_vn
from ytcontest.domain.i18n import _
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
    recipients: str | None = None
    entry_summary: Sequence[Mapping[str, Any]] = ()  # services.entry_summary.summary rows


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
    total_row = row
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
    last = _signature_blocks(sheet, row, data, left=("A", "D"), right=("G", "K"), date_line=True)
    for letter, width in zip(
        "ABCDEFGHIJK", (6, 38, 12, 16, 11, 12, 11, 11, 10, 10, 28), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.row_dimensions[4].height = 36
    sheet.row_dimensions[header_row].height = 48
    _print_setup(sheet, f"{header_row}:{header_row + 1}")
    # The rates, the signature and "Nơi nhận:" stay on one page with the table's last lines.
    _keep_together(
        sheet,
        title_rows=(header_row, header_row + 1),
        first=total_row + 1,
        last=last,
        break_before=max(header_row + 2, total_row - KEPT_TABLE_ROWS),
    )


KEPT_TABLE_ROWS = 4  # table lines moved with the signature when it would start a page alone
DEFAULT_ROW_PT = 15.0  # a row without a height of its own (Excel's; LibreOffice's is smaller)


def _keep_together(
    sheet: Any, *, title_rows: tuple[int, int], first: int, last: int, break_before: int
) -> None:
    """Put a page break before ``break_before`` when rows ``first``..``last`` would otherwise
    be split over two pages (a signature must not print apart from the text it signs).

    The pages are estimated as a spreadsheet program lays them out: the scale that fits the
    columns to the page width, the rows' heights, the header rows repeated on every page; the
    estimate errs towards breaking (rows without a height count as Excel's 15 pt)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    columns = sheet.max_column
    # Column width in characters to points, as Excel and LibreOffice convert it (7 px a char).
    width = sum(
        ((sheet.column_dimensions[get_column_letter(c)].width or 8.43) * 7 + 5) * 0.75
        for c in range(1, columns + 1)
    )
    landscape = sheet.page_setup.orientation == "landscape"
    page_w, page_h = (841.9, 595.3) if landscape else (595.3, 841.9)
    margins = sheet.page_margins
    scale = min(1.0, (page_w - (margins.left + margins.right) * 72) / width)
    usable = (page_h - (margins.top + margins.bottom) * 72) / scale

    def height(row: int) -> float:
        return sheet.row_dimensions[row].height or DEFAULT_ROW_PT

    repeated = sum(height(r) for r in range(title_rows[0], title_rows[1] + 1))
    used = 0.0
    page_of: dict[int, int] = {}
    page = 1
    for row in range(1, last + 1):
        if used + height(row) > usable:
            page, used = page + 1, repeated
        used += height(row)
        page_of[row] = page
    if page_of[first] != page_of[last] or usable - used < 0.1 * usable:
        sheet.row_breaks.append(Break(id=break_before - 1))


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


def _signature_blocks(
    sheet: Any,
    row: int,
    data: WorkbookData,
    *,
    left: tuple[str, str],
    right: tuple[str, str],
    date_line: bool,
) -> int:
    """The place and date, "NGƯỜI LẬP BIỂU" on the left and the signer on the right, each with
    room to sign (and stamp), then "Nơi nhận:" at the bottom left. Returns the last row used."""
    from ytcontest.tabular import signature

    if date_line:
        _put(
            sheet,
            f"{right[0]}{row}",
            _date_line(data.place, to_vn(data.as_of)),
            merge_to=f"{right[1]}{row}",
            font=_font(size=13, italic=True),
        )
    top = row + 1

    def line(column: tuple[str, str], at: int, text: str, **font: Any) -> None:
        _put(sheet, f"{column[0]}{at}", text, merge_to=f"{column[1]}{at}", font=_font(**font))

    line(left, top, _("PREPARED BY"), size=13, bold=True)
    line(left, top + 1, signature.sign_hint(), size=13, italic=True)
    signer = signature.signer(data.signer)
    for offset, title in enumerate(signer.titles):
        line(right, top + offset, title, size=13, bold=True)
    hint_row = top + len(signer.titles)
    line(right, hint_row, signature.sign_hint(), size=13, italic=True)
    name_row = hint_row + 1 + signature.SIGNING_ROOM
    for blank in range(hint_row + 1, name_row):
        sheet.row_dimensions[blank].height = 18  # room to sign and stamp
    if signer.name:
        line(right, name_row, signer.name, size=13, bold=True)
    below = name_row + 2
    _put(
        sheet,
        f"A{below}",
        signature.recipients_heading(),
        merge_to=f"{left[1]}{below}",
        font=_font(size=12, bold=True, italic=True),
        align="left",
    )
    for offset, text in enumerate(signature.recipients(data.recipients), start=1):
        _put(
            sheet,
            f"A{below + offset}",
            text,
            merge_to=f"{left[1]}{below + offset}",
            font=_font(size=11),
            align="left",
        )
    return below + len(signature.recipients(data.recipients))


# Nghị định 30/2020: margins top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm (in inches).
MARGINS = {"top": 0.8, "bottom": 0.8, "left": 1.2, "right": 0.6, "header": 0.3, "footer": 0.3}


def _print_setup(
    sheet: Any, title_rows: str | None, *, title: str | None = None, landscape: bool = True
) -> None:
    """A4, fitted to the page width, header rows repeated, ND 30 margins, and the page number
    centred at the top from the second page (the first page's header holds ``title``)."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages as it takes, downwards
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    for side, inches in MARGINS.items():
        setattr(sheet.page_margins, side, inches)
    if title_rows:
        sheet.print_title_rows = title_rows
    # Each sheet numbers its own pages from 1 (LibreOffice would go on counting from the sheet
    # before), so its first page is the one without a number.
    sheet.page_setup.firstPageNumber = 1
    sheet.page_setup.useFirstPageNumber = True
    sheet.HeaderFooter.differentFirst = True
    sheet.oddHeader.center.text = "&P"
    sheet.oddHeader.center.font = f"{FONT},Regular"
    sheet.oddHeader.center.size = 13
    if title:
        sheet.firstHeader.center.text = title.replace("&", "&&")
        sheet.firstHeader.center.font = f"{FONT},Bold"
        sheet.firstHeader.center.size = 14


WRAP_OVER = 50  # characters: a longer value wraps instead of widening its column


def _border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def dress_table(
    sheet: Any,
    *,
    header_row: int,
    last_row: int,
    last_column: int,
    widths: Mapping[int, float] | None = None,
    wrap_over: int = WRAP_OVER,
) -> float:
    """Borders, Times New Roman, a bold wrapped header and widths fitted to each column's
    longest label (its header up to ``HEADER_WIDTH`` characters, its values up to ``wrap_over``;
    longer text wraps, and its row is made tall enough, as spreadsheet programs do not grow a
    row for wrapped text when printing). Only the look: the values are the caller's.
    Returns the table's width in characters."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    border = _border()
    header_font = Font(name=FONT, bold=True)
    header_alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrapped = Alignment(vertical="top", wrap_text=True)
    longest = [0] * (last_column + 1)
    headers = [""] * (last_column + 1)
    long_cells = []
    for row in sheet.iter_rows(min_row=header_row, max_row=last_row, max_col=last_column):
        for cell in row:
            cell.border = border
            if cell.row == header_row:
                cell.font = header_font
                cell.alignment = header_alignment
                headers[cell.column] = str(cell.value or "")
                continue
            text = _text_width(cell.value)
            longest[cell.column] = max(longest[cell.column], min(text, wrap_over))
            if text > wrap_over:
                long_cells.append(cell)
    chosen = [0.0] * (last_column + 1)
    for column in range(1, last_column + 1):
        label = headers[column]
        word = max((len(w) for w in label.split()), default=0)
        fitted = max(longest[column], word, min(len(label), HEADER_WIDTH), 4) + 2
        chosen[column] = (widths or {}).get(column) or fitted
        sheet.column_dimensions[get_column_letter(column)].width = chosen[column]
    heights: dict[int, int] = {}
    for cell in long_cells:
        cell.alignment = wrapped
        lines = _wrapped_lines(str(cell.value), chosen[cell.column] - 2)
        heights[cell.row] = max(heights.get(cell.row, 1), lines)
    for row_number, lines in heights.items():
        sheet.row_dimensions[row_number].height = LINE_HEIGHT * lines
    header_lines = max(
        (_wrapped_lines(headers[c], chosen[c] - 2) for c in range(1, last_column + 1)), default=1
    )
    sheet.row_dimensions[header_row].height = LINE_HEIGHT * header_lines + 4
    return sum(chosen)


HEADER_WIDTH = 14  # characters of a header kept on one line before it wraps
LINE_HEIGHT = 15.0  # points per line of 11 pt text


def _wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide, wrapped at spaces."""
    count = 0
    for paragraph in text.splitlines() or [""]:
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > width:
                lines, used = lines + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
        count += lines
    return max(count, 1)


def _text_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    return max((len(line) for line in str(value).splitlines()), default=0)


def _monthly_sheet(book: Any, data: WorkbookData) -> None:
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
    for number, unit in enumerate(data.overview["units"], start=1):
        row = number + 1
        for col, value in enumerate((number, unit["code"], unit["name"]), start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
        for offset, month in enumerate(months):
            state = unit["months"][month]
            cell = sheet.cell(
                row=row,
                column=4 + offset,
                value=words.timeliness(state, None) if state != "late" else _("late"),
            )
            cell.data_type = "s"
            cell.fill = PatternFill("solid", fgColor=STATE_FILLS.get(state, "FFFFFF"))
        cell = sheet.cell(
            row=row, column=4 + len(months), value=words.nomination(unit["nomination"])
        )
        cell.data_type = "s"
    last_row = len(data.overview["units"]) + 1
    dress_table(sheet, header_row=1, last_row=last_row, last_column=len(headers))
    for row in sheet.iter_rows(min_row=2, max_row=last_row, min_col=4, max_col=len(headers) - 1):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.freeze_panes = "D2"
    _print_setup(sheet, "1:1", title=_("REPORTS MONTH BY MONTH"))
    _chart_sheet(book, data)


# The chart's colours say what each series means, and stay apart in black and white print:
# a pattern on the two lighter series, and each bar's figure written on it.
SERIES = (
    ("on_time", "70AD47", None),
    ("late", "FFC000", "wdUpDiag"),
    ("missing", "C00000", None),
    ("pending", "A6A6A6", "smCheck"),
)


def _chart_sheet(book: Any, data: WorkbookData) -> None:
    """The chart on a sheet of its own, one landscape page: drawn under a table, it printed over
    the table's repeated header rows."""
    sheet = book.create_sheet(_("Chart"))
    _put(sheet, "A1", _("REPORTS BY MONTH"), merge_to="N1", font=_font(size=14, bold=True))
    _put(
        sheet,
        "A2",
        _("(data as of {as_of})", as_of=format_datetime(data.as_of)),
        merge_to="N2",
        font=_font(size=12, italic=True),
    )
    _chart(book, sheet, data, anchor="A4")
    sheet.print_area = "A1:N32"
    _print_setup(sheet, None)
    sheet.page_setup.fitToHeight = 1  # the chart is one page


def _chart_font(size: int = 10, bold: bool = False) -> Any:
    """Chart text in Times New Roman, as the rest of the workbook."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties

    characters = CharacterProperties(latin=Font(typeface=FONT), sz=size * 100, b=bold)
    return RichText(
        p=[Paragraph(pPr=ParagraphProperties(defRPr=characters), endParaRPr=characters)]
    )


def _chart_text(text: str, *, size: int, bold: bool) -> Any:
    from openpyxl.chart.text import Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import RegularTextRun

    rich = _chart_font(size, bold)
    paragraph = rich.p[0]
    paragraph.r = [RegularTextRun(rPr=paragraph.pPr.defRPr, t=text)]
    return Title(tx=Text(rich=rich), overlay=False)


def _chart(book: Any, sheet: Any, data: WorkbookData, *, anchor: str) -> None:
    """A stacked bar chart of the months, its figures on a hidden sheet (so they never print
    under another table's header rows)."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
    from openpyxl.drawing.line import LineProperties

    source = book.create_sheet(_("Chart data"))
    source.sheet_state = "hidden"
    headers = (_("Month"), _("On time"), _("Late"), _("Missing"), _("Not yet due"))
    source.append(list(headers))
    for month in data.overview["months"]:
        source.append(
            [Month.parse(month["month"]).label(), *(month[key] for key, _c, _p in SERIES)]
        )
    last = len(data.overview["months"]) + 1
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = _chart_text(_("Reports by month"), size=14, bold=True)
    chart.y_axis.title = _chart_text(_("Units"), size=11, bold=False)
    chart.x_axis.txPr = chart.y_axis.txPr = chart.legend.txPr = _chart_font()
    chart.add_data(
        Reference(source, min_col=2, max_col=1 + len(SERIES), min_row=1, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(source, min_col=1, min_row=2, max_row=last))
    for series, (_key, colour, pattern) in zip(chart.series, SERIES, strict=True):
        properties = GraphicalProperties(ln=LineProperties(solidFill="000000", w=6350))
        if pattern:
            properties.pattFill = PatternFillProperties(
                prst=pattern,
                fgClr=ColorChoice(srgbClr="000000"),
                bgClr=ColorChoice(srgbClr=colour),
            )
        else:
            properties.solidFill = colour
        series.graphicalProperties = properties
        series.dLbls = DataLabelList(
            showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
            showPercent=False, txPr=_chart_font(),
        )  # fmt: skip
    chart.legend.position = "b"
    chart.width, chart.height = 24, 13  # centimetres: most of a landscape page
    sheet.add_chart(chart, anchor)


def _table_sheet(
    book: Any, title: str, print_title: str, rows: Any, fields: Sequence[Field]
) -> None:
    add_table_sheet(book, title, rows, fields)
    sheet = book.worksheets[-1]
    dress_table(sheet, header_row=1, last_row=max(sheet.max_row, 1), last_column=len(fields))
    _print_setup(sheet, "1:1", title=print_title)


def entry_summary_headers() -> list[str]:
    return [_("Counted by"), _("Label"), _("Entries"), _("Submitted")]


def _entry_summary_sheet(book: Any, data: WorkbookData) -> None:
    from ytcontest.domain.words import dimension_label

    sheet = book.create_sheet(_("Entries in numbers"))
    sheet.append(entry_summary_headers())
    for row in data.entry_summary:
        sheet.append(
            [dimension_label(row["dimension"]), row["label"], row["entries"], row["submitted"]]
        )
    for row in sheet.iter_rows(min_row=1, max_col=2):
        for cell in row:
            cell.data_type = "s"
    dress_table(sheet, header_row=1, last_row=sheet.max_row, last_column=4)
    _print_setup(sheet, "1:1", title=_("ENTRIES IN NUMBERS"), landscape=False)


def _use_times_new_roman(book: Any) -> None:
    """Make Times New Roman the workbook's own font, so every cell without a style of its own
    (most of the data) is in it too, without styling each cell."""
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    normal = Font(name=FONT, size=11, family=1)
    book._fonts = IndexedList([normal])
    book._named_styles["Normal"].font = normal


def write_workbook(path: Path, data: WorkbookData) -> None:
    from openpyxl import Workbook

    book = Workbook()
    _use_times_new_roman(book)
    _summary_sheet(book, data)
    _monthly_sheet(book, data)
    _table_sheet(book, _("Units"), _("LIST OF UNITS"), data.unit_rows, data.unit_fields)
    _table_sheet(book, _("Entries"), _("LIST OF ENTRIES"), data.entry_rows, data.entry_fields)
    _table_sheet(
        book,
        _("Report revisions"),
        _("REPORTS RECEIVED, EVERY REVISION"),
        data.revision_rows,
        data.revision_fields,
    )
    _entry_summary_sheet(book, data)
    # The chart's figures go last, out of the way of the sheets people read.
    book.move_sheet(_("Chart data"), offset=len(book.sheetnames))
    book.save(path)
