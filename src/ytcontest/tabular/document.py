"""The Department's monthly report as a Word document, laid out after Nghị định 30/2020/NĐ-CP.

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt (13 in
the tables); the page number centred at the top from the second page. The national header, the
number and date line, the title; sentences that state the month's figures; the table of units;
the entries in numbers; the signature and recipients blocks.

Every figure comes from ``WorkbookData``: the same computation as ``status --month`` and the
workbook, so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ytcontest.domain import words
from ytcontest.domain.dates import format_datetime, to_vn
from ytcontest.domain.i18n import _
from ytcontest.tabular import signature
from ytcontest.tabular.workbook import WorkbookData, _date_line

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
# Nghị định 30/2020, Phụ lục I: millimetres.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def document_number(agency: str) -> str:
    """ "Số:      /BC-SYT": the number is written in by the clerk; the agency's initials follow."""
    from ytcontest.domain.text import fold

    initials = "".join(word[0] for word in fold(agency).upper().split() if word[:1].isalpha())
    return _("No.:        /BC-{initials}", initials=initials)


def sentences(data: WorkbookData) -> list[str]:
    """The figures of the month, stated in sentences."""
    s = data.status["summary"]
    month = data.month.label()
    units = data.status["units"]
    lines = [
        _(
            "As of {as_of}, {reported} of the {expected} units expected to report for {month} "
            "had sent their report; {on_time} of them on time and {late} late.",
            as_of=format_datetime(data.as_of),
            reported=s["reported"],
            expected=s["expected"],
            month=month,
            on_time=s["on_time"],
            late=s["late"],
        ),
        _(
            "The reporting rate is {reporting}; the on-time rate is {on_time_rate}.",
            reporting=words.percent(s["reporting_rate"]),
            on_time_rate=words.percent(s["on_time_rate"]),
        ),
    ]
    missing = [u["name"] for u in units if u["report"] == "missing"]
    pending = [u["name"] for u in units if u["report"] == "pending"]
    if missing:
        lines.append(
            _(
                "{count} units have not sent their report: {names}.",
                count=len(missing),
                names=", ".join(missing),
            )
        )
    elif not pending:
        lines.append(_("Every unit expected has sent its report."))
    if pending:
        lines.append(
            _(
                "{count} units have not reported yet, before the deadline: {names}.",
                count=len(pending),
                names=", ".join(pending),
            )
        )
    lines.extend(_entry_sentences(data.entry_summary, units))
    return lines


def _entry_sentences(
    summary: Sequence[Mapping[str, Any]], units: Sequence[Mapping[str, Any]]
) -> list[str]:
    total = next((r for r in summary if r["dimension"] == "total"), None)
    if total is None:
        return []

    def listed(dimension: str) -> str:
        rows = [r for r in summary if r["dimension"] == dimension and r["entries"]]
        return "; ".join(f"{r['label']} {r['entries']}" for r in rows) or "0"

    lines = [
        _(
            "The units have mobilised {entries} entries, {submitted} of them submitted to the "
            "contest. By category: {categories}. By field: {fields}.",
            entries=total["entries"],
            submitted=total["submitted"],
            categories=listed("category"),
            fields=listed("field"),
        )
    ]
    without = [u["name"] for u in units if not u["entries"]["active"]]
    if without:
        lines.append(
            _(
                "{count} units have no entry yet: {names}.",
                count=len(without),
                names=", ".join(without),
            )
        )
    else:
        lines.append(_("Every unit has at least one entry."))
    return lines


def write_document(path: Any, data: WorkbookData) -> None:
    """Write the report to ``path`` (a file name or a binary file)."""
    from docx import Document

    document = Document()
    _page(document)
    _styles(document)
    _national_header(document, data)
    _title(document, data)
    for text in sentences(data):
        _body(document, text)
    _heading(document, _("I. Reports of the units"))
    _units_table(document, data)
    _heading(document, _("II. Entries in numbers"))
    _summary_table(document, data)
    _signature(document, data)
    document.save(path)


def _page(document: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    # The page number centred in the top margin, none on the first page.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = 1  # centre
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(run, BODY_PT)


def _styles(document: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT if name == "Normal" else TABLE_PT)
        # Word picks the font of Vietnamese letters from the East Asian and complex-script slots
        # too: set them all, or some letters fall back to another face.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FONT)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after = Pt(0), Pt(6)
    normal.line_spacing = 1.15


def _font(run: Any, size: float, **style: bool) -> Any:
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    for name, value in style.items():
        setattr(run.font, name, value)
    return run


def _line(cell_or_doc: Any, text: str, size: float, *, align: int = 1, **style: bool) -> Any:
    from docx.shared import Pt

    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), size, **style)
    return paragraph


def _borderless_table(document: Any, columns: int, widths_mm: Sequence[float]) -> Any:

    table = document.add_table(rows=1, cols=columns)
    table.autofit = False
    _widths(table, widths_mm)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].paragraph_format.space_after = 0
    return table


def _widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Column widths that Word and LibreOffice both keep: the grid's and each cell's."""
    from docx.shared import Mm

    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _national_header(document: Any, data: WorkbookData) -> None:
    table = _borderless_table(document, 2, (62, 103))
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _first(left, data.province.upper(), 13)
    _line(left, data.agency.upper(), 13, bold=True, underline=True)
    _line(left, document_number(data.agency), 13)
    _first(right, _("SOCIALIST REPUBLIC OF VIET NAM"), 12, bold=True)
    _line(right, _("Independence - Freedom - Happiness"), 13, bold=True, underline=True)
    _line(right, _date_line(data.place, to_vn(data.as_of)), 14, italic=True)


def _first(cell: Any, text: str, size: float, **style: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = 1
    _font(paragraph.add_run(text), size, **style)


def _title(document: Any, data: WorkbookData) -> None:
    from docx.shared import Pt

    title = _line(document, _("REPORT"), BODY_PT, bold=True)
    title.paragraph_format.space_before = Pt(18)
    _line(
        document,
        _(
            "The units' monthly reports for {month} on the contest {campaign}",
            month=data.month.label(),
            campaign=data.campaign_name,
        ),
        BODY_PT,
        bold=True,
    ).paragraph_format.space_after = Pt(12)


def _body(document: Any, text: str) -> None:
    from docx.shared import Mm

    paragraph = document.add_paragraph()
    paragraph.alignment = 3  # justified
    paragraph.paragraph_format.first_line_indent = Mm(10)
    _font(paragraph.add_run(text), BODY_PT)


def _heading(document: Any, text: str) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    _font(paragraph.add_run(text), BODY_PT, bold=True)


def units_table_headers() -> list[str]:
    return [_("No."), _("Unit"), _("Date received"), _("Report"), _("Entries"), _("Submitted")]


def _grid(document: Any, headers: Sequence[str], widths_mm: Sequence[float]) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    _widths(table, widths_mm)
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = 1
        _font(paragraph.add_run(header), TABLE_PT, bold=True)
    # The header row repeats at the top of each page the table runs onto.
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(marker)
    return table


def _add_row(table: Any, values: Sequence[Any], *, bold: bool = False) -> None:
    from docx.shared import Mm

    cells = table.add_row().cells
    for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
        cell.width = table.rows[0].cells[index].width or Mm(20)
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = 0
        paragraph.alignment = 1 if index != 1 else 0
        _font(paragraph.add_run("" if value is None else str(value)), TABLE_PT, bold=bold)


def _units_table(document: Any, data: WorkbookData) -> None:
    table = _grid(document, units_table_headers(), (12, 70, 25, 28, 15, 15))
    for roman, kind in (("I", "phong"), ("II", "don_vi")):
        members = [u for u in data.status["units"] if u["kind"] == kind]
        group = _("Offices of the Department") if kind == "phong" else _("Affiliated units")
        _add_row(table, [roman, group, "", "", "", ""], bold=True)
        for number, unit in enumerate(members, start=1):
            received = to_vn(_parse(unit["received_at"])) if unit["received_at"] else None
            _add_row(
                table,
                [
                    number,
                    unit["name"],
                    received.strftime("%d/%m/%Y") if received else "",
                    words.timeliness(unit["report"], unit["days_late"]),
                    unit["entries"]["active"],
                    unit["entries"]["submitted"],
                ],
            )


def _parse(value: Any) -> Any:
    from ytcontest.domain.dates import parse_datetime

    return value if not isinstance(value, str) else parse_datetime(value)


def _summary_table(document: Any, data: WorkbookData) -> None:
    from ytcontest.domain.words import dimension_label
    from ytcontest.tabular.workbook import entry_summary_headers

    table = _grid(document, entry_summary_headers(), (40, 85, 20, 20))
    shown = None
    for row in data.entry_summary:
        # The group's name once, on its first line: the table reads as groups.
        group = dimension_label(row["dimension"]) if row["dimension"] != shown else ""
        shown = row["dimension"]
        _add_row(table, [group, row["label"], row["entries"], row["submitted"]])


def _signature(document: Any, data: WorkbookData) -> None:
    from docx.shared import Pt

    document.add_paragraph().paragraph_format.space_after = Pt(6)
    table = _borderless_table(document, 2, (80, 85))
    left, right = table.rows[0].cells
    _first(left, signature.recipients_heading(), 12, bold=True, italic=True)
    left.paragraphs[0].alignment = 0
    for text in signature.recipients(data.recipients):
        _line(left, text, 11, align=0)
    signer = signature.signer(data.signer)
    _first(right, signer.titles[0], BODY_PT, bold=True)
    for title in signer.titles[1:]:
        _line(right, title, BODY_PT, bold=True)
    for _blank in range(signature.SIGNING_ROOM):
        _line(right, "", BODY_PT)  # room to sign and stamp
    if signer.name:
        _line(right, signer.name, BODY_PT, bold=True)
