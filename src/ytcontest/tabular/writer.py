"""Writing tables out: CSV for Excel on Windows, XLSX with typed cells, JSON for scripts.

No text cell can run as a formula: in CSV, text that Excel would read as a formula is prefixed
with an apostrophe; in XLSX it is written as a string cell, which Excel never evaluates.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from ytcontest.domain.dates import VN_TZ, parse_datetime, to_vn

# Excel, LibreOffice and Google Sheets start a formula with these (tab and CR/LF hide it).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
RATE_FORMAT = "0.0%"
# Rows looked at to size the columns before streaming the rest.
WIDTH_SAMPLE = 500


@dataclass(frozen=True)
class Field:
    """A column of an export: the key in the row, its header, and what kind of value it holds."""

    key: str
    header: str
    kind: str = "text"  # text | int | float | rate | date | datetime | bool | list
    # The vocabulary of the codes the column holds (see ytcontest.domain.words.VOCABULARIES): the cell
    # shows their words unless the export keeps the codes (--codes).
    words: str | None = None


def worded(fields: Sequence[Field], *, codes: bool = False) -> Callable[[Mapping[str, Any]], Any]:
    """A function giving a row with its codes turned into words (the row itself when there is
    nothing to word, or with ``codes``)."""
    from ytcontest.domain import words

    wording = [] if codes else [(f.key, words.labeller(f.words)) for f in fields if f.words]
    if not wording:
        return lambda row: row

    def word(row: Mapping[str, Any]) -> Mapping[str, Any]:
        out = dict(row)
        for key, show in wording:
            out[key] = show(row.get(key), row)
        return out

    return word


def neutralise(text: str) -> str:
    """Text that a spreadsheet would take for a formula, made inert with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _bool_text(value: bool) -> str:
    from ytcontest.domain.i18n import _

    return _("yes") if value else _("no")


def _list_text(value: Any) -> str:
    return "; ".join(str(v) for v in value or [])


def typed(value: Any, kind: str) -> Any:
    """A row value as the spreadsheet should hold it: numbers, naive local dates, or text."""
    if value is None or value == "":
        return None
    if kind in ("int", "float", "rate"):
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if kind == "date":
        if isinstance(value, datetime):
            return to_vn(value).date()
        if isinstance(value, date):
            return value
        text = str(value)
        return to_vn(parse_datetime(text)).date() if len(text) > 10 else date.fromisoformat(text)
    if kind == "datetime":
        if isinstance(value, datetime):
            moment = value
        else:
            try:  # what iso() writes, read by the C parser; anything else by ours
                moment = datetime.fromisoformat(value)
                if moment.tzinfo is None:
                    moment = parse_datetime(str(value))
            except (TypeError, ValueError):
                moment = parse_datetime(str(value))
        # Excel has no time zones: the Department reads Vietnam time.
        return to_vn(moment).replace(tzinfo=None)
    if kind == "bool":
        return _bool_text(bool(value))
    if kind == "list":
        return _list_text(value)
    return str(value)


def csv_text(value: Any, kind: str, *, codes: bool = False) -> str:
    """A CSV cell: dates day first for people, or ISO 8601 with ``codes`` (for scripts)."""
    cell = typed(value, kind)
    if cell is None:
        return ""
    if codes and isinstance(cell, datetime):
        return cell.replace(tzinfo=VN_TZ).isoformat(timespec="seconds")
    if codes and isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, (int, float)):
        return str(cell)
    return neutralise(str(cell))


# What ``--sep`` takes: Excel on many Vietnamese Windows set-ups splits CSV on ";".
SEPARATORS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t"}


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    fields: Sequence[Field],
    out: IO[str],
    *,
    codes: bool = False,
    sep: str = ",",
    lineterminator: str = "\r\n",
) -> int:
    """The rows as CSV; codes in words (unless ``codes``) and dates day first (ISO with
    ``codes``)."""
    writer = csv.writer(out, delimiter=sep, lineterminator=lineterminator)
    writer.writerow([neutralise(f.header) for f in fields])
    word = worded(fields, codes=codes)
    count = 0
    for row in rows:
        shown = word(row)
        writer.writerow([csv_text(shown.get(f.key), f.kind, codes=codes) for f in fields])
        count += 1
    return count


def write_json(data: Any, out: IO[str]) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def text_cell(sheet: Any, value: Any, **style: Any) -> Any:
    """A write-only cell that is always a string (never a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def xlsx_cell(sheet: Any, value: Any, kind: str) -> Any:
    cell = text_cell(sheet, typed(value, kind))
    if kind == "date":
        cell.number_format = DATE_FORMAT
    elif kind == "datetime":
        cell.number_format = DATETIME_FORMAT
    elif kind == "rate":
        cell.number_format = RATE_FORMAT
    return cell


def add_table_sheet(
    book: Any,
    title: str,
    rows: Iterable[Mapping[str, Any]],
    fields: Sequence[Field],
    *,
    progress: Callable[[int], None] | None = None,
    codes: bool = False,
) -> int:
    """A plain table on a new sheet: bold frozen header, autofilter, fitted widths; codes in
    words unless ``codes``.

    Rows stream to the file; only the first ``WIDTH_SAMPLE`` are held to size the columns.
    """
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    iterator: Iterator[Mapping[str, Any]] = map(worded(fields, codes=codes), rows)
    sample = list(islice(iterator, WIDTH_SAMPLE))
    for index, field in enumerate(fields, start=1):
        widest = max(
            [len(field.header), *(_width(typed(r.get(field.key), field.kind)) for r in sample)]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 6), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([text_cell(sheet, f.header, font=bold) for f in fields])
    from openpyxl.cell.cell import ERROR_CODES

    formats = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT, "rate": RATE_FORMAT}
    # Only the cells that need a number format are cell objects, one per column, reused on every
    # row: a write-only sheet writes each row out as it is appended.
    plan = [
        (
            f.key,
            f.kind,
            text_cell(sheet, None, number_format=formats.get(f.kind))
            if f.kind in formats
            else None,
        )
        for f in fields
    ]
    # An ordinary sheet (the workbook) keeps cell objects: there each row needs its own.
    reuse = bool(getattr(book, "write_only", False))
    count = 0
    for row in chain(sample, iterator):
        values = []
        for key, kind, styled in plan:
            value = typed(row.get(key), kind)
            if styled is not None:  # an empty cell keeps its format too, as before
                if not reuse:
                    styled = text_cell(sheet, None, number_format=styled.number_format)
                styled.value = value
                value = styled
            elif value is None:
                pass
            elif isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
                value = text_cell(sheet, value)  # a string cell, never a formula
            values.append(value)
        sheet.append(values)
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(count)
    last = get_column_letter(max(len(fields), 1))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    return count


def write_xlsx(
    rows: Iterable[Mapping[str, Any]],
    fields: Sequence[Field],
    path: Path,
    title: str,
    *,
    progress: Callable[[int], None] | None = None,
    codes: bool = False,
) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    count = add_table_sheet(book, title[:31], rows, fields, progress=progress, codes=codes)
    book.save(path)
    return count
