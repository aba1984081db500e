"""Read the tables that civil servants save from Excel, for the importers.

The same sheet reaches us in many shapes: an ``.xlsx`` workbook, or a CSV that Excel on Vietnamese
Windows wrote in UTF-8 (with or without a BOM), in UTF-16 ("Unicode Text", tab-separated) or in
Windows-1258, separated by commas or, with the Vietnamese list separator, by semicolons. The format
is judged by the bytes, not by the file name, because files get renamed on their way by e-mail and
Zalo. Whatever the shape, the caller gets one :class:`Table` of NFC text keyed by canonical field
names, or one :class:`TableError` whose text can be shown to the user as it is.

openpyxl is imported only when a workbook is actually read: it costs about 90 ms, and the CLI's
``--help`` and completion must stay fast.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import chain, pairwise
from pathlib import Path

from ytcontest.domain.i18n import _
from ytcontest.domain.text import clean

__all__ = ["Row", "Table", "TableError", "fold", "read_table"]


class TableError(Exception):
    """A file that cannot be read as the expected table.

    ``str(e)`` is a translated one-line message, ready to be shown to the user.
    """


@dataclass(frozen=True)
class Row:
    """One data row of a table."""

    number: int
    """The row's number as the user sees it in Excel or a text editor (the header is row 1 for a
    plain table), so that messages about it can be checked against the file."""
    values: dict[str, str]
    """Canonical field name -> text (NFC, stripped; an empty cell is ``""``); fields that the file
    does not have are absent."""


@dataclass(frozen=True)
class Table:
    """A table read from a file: its recognised columns and its non-empty rows."""

    fields: list[str]
    """Canonical field names found, in file order."""
    rows: list[Row]
    """Data rows; rows with nothing in any recognised column are skipped."""
    ignored: list[str] = field(default_factory=list)
    """Headers of the columns that match no field, as the file spells them (the importer may list
    them, so that a misspelt header does not go unnoticed)."""
    header_row: int = 1
    """The row number of the header (greater than 1 when a title block sits above it)."""


# Hyphen-like dashes are folded too: Word and Excel turn "-" into "–" as people type.
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015\u2212]+")


def fold(text: str) -> str:
    """Fold ``text`` for matching: lower case, no Vietnamese diacritics, one space between words.

    ``fold("Mã đơn vị") == fold("MA_DON-VI") == "ma don vi"``.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # "đ" is a letter of its own, not "d" plus a mark, so NFD leaves it alone.
    return _SEPARATORS.sub(" ", bare.replace("đ", "d")).strip()


# --- cleaning cells --------------------------------------------------------------------------


def _clean(text: str) -> str:
    # A cell written with Alt+Enter may come back with CR LF, CR or LF: keep a plain "\n". The
    # rest is the program's one idea of clean text (controls, zero-width and bidirectional marks
    # out, NFC), so the importers need not clean a cell again.
    return clean(text.replace("\r\n", "\n").replace("\r", "\n"))


# A header cell often carries a marker of a required column: "Mã đơn vị (*)", "Tên*", "Loại:".
_HEADER_MARKERS = re.compile(r"(?:\s*(?:\(\s*\*\s*\)|\*|:))+$")


def _header_key(text: str) -> str:
    return _HEADER_MARKERS.sub("", fold(text)).strip()


# --- the file itself ---------------------------------------------------------------------------

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ODF_MIMETYPE = b"application/vnd.oasis.opendocument"


def _read_bytes(path: Path) -> bytes:
    # Checked first because Windows reports reading a folder as "permission denied".
    if path.is_dir():
        raise TableError(_("{path} is a folder, not a file.", path=path))
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise TableError(_("File not found: {path}", path=path)) from exc
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise TableError(
            _("Cannot read the file {path}: {reason}", path=path, reason=reason)
        ) from exc


def _is_opendocument(data: bytes) -> bool:
    # ODF stores an uncompressed "mimetype" member first, so its text sits at a fixed offset;
    # the zip directory is read as well for writers that do not follow that rule.
    if data[30:38] == b"mimetype" and data.startswith(_ODF_MIMETYPE, 38):
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").startswith(_ODF_MIMETYPE)
    except Exception:  # any damage means "not a readable ODF", which the caller reports anyway
        return False


# --- XLSX --------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """A cell's value as the text a CSV of the same sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        # Excel shows and exports booleans as TRUE/FALSE; keep CSV and XLSX input alike.
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # Excel keeps 15 significant digits; more would show binary noise (0.30000000000000004).
        # A comma, the Vietnamese decimal mark: a cell holding 1.234 must never read as the
        # count 1.234 (one thousand two hundred and thirty-four); "1,234" is refused as a count.
        return format(value, ".15g").replace(".", ",")
    if isinstance(value, datetime):
        # Serial numbers are fractions of a day and come back a few milliseconds off.
        if value.microsecond:
            value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
        # openpyxl returns a datetime for every date-formatted cell: midnight means a plain date.
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.replace(microsecond=0).isoformat()
    return str(value)


def _xlsx_rows(data: bytes, path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # slow to import: only when a workbook is really read

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = workbook.worksheets
            if not sheets:
                return []
            sheet = sheets[0]
            # Read-only mode trusts the size the file declares, and some programs write a wrong
            # one, which would cut rows off: ask openpyxl to read every row there is.
            sheet.reset_dimensions()
            return [
                (number, [_clean(_cell_text(value)) for value in cells])
                for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl reports damage with many exception types
        raise TableError(
            _(
                "{path} cannot be read as an Excel workbook (.xlsx): it may be damaged or only "
                "partly copied. Open it in Excel and save it again, or save it as CSV UTF-8.",
                path=path,
            )
        ) from exc


# --- CSV ---------------------------------------------------------------------------------------


def _guess_utf16_without_bom(data: bytes) -> str | None:
    # Some tools write UTF-16 without a BOM; its text is full of zero bytes on one side.
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    odd_zeros = sample[1::2].count(0)
    even_zeros = sample[0::2].count(0)
    if odd_zeros > even_zeros * 4:
        return "utf-16-le"
    if even_zeros > odd_zeros * 4:
        return "utf-16-be"
    return None


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]  # reads the BOM and drops it
    elif bomless := _guess_utf16_without_bom(data):
        encodings = [bomless]
    else:
        # Windows-1258 text is almost never valid UTF-8, so trying UTF-8 first is safe.
        encodings = ["utf-8", "cp1258"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        _(
            "{path} is not readable text in a known encoding: save it as CSV UTF-8 or Excel "
            "Workbook (.xlsx).",
            path=path,
        )
    )


_DELIMITERS = (",", ";", "\t")


def _detect_delimiter(text: str) -> str:
    """The most frequent of , ; and tab outside quotes in the first line that has any of them.

    The first such line is the header, or a title row that Excel padded with separators; a value
    of the header may be quoted and hold a line break (Alt+Enter), hence the quote tracking.
    """
    counts = dict.fromkeys(_DELIMITERS, 0)
    in_quotes = False
    for char in text[:65536]:
        if char == '"':
            in_quotes = not in_quotes
        elif in_quotes:
            continue
        elif char in counts:
            counts[char] += 1
        elif char in "\r\n" and any(counts.values()):
            break
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first on a tie: ","
    return best if counts[best] else ","


def _looks_like_markup(text: str) -> bool:
    # Web systems export HTML tables, and Excel 2003 XML, under an .xls name.
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype", "<html", "<table", "<?xml"))


def _unneutralised(cell: str) -> str:
    """A cell as it was before an export made it inert ("'=1+1" back to "=1+1"), so that an
    exported CSV imports back unchanged. Excel never writes such an apostrophe into a CSV (it
    only shows text typed with one), so nothing a person typed is lost."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        return cell[1:]
    return cell


# No field of ours holds more than a few thousand characters; a longer cell is refused by name.
CELL_LIMIT = 1_000_000
csv.field_size_limit(CELL_LIMIT)


def _csv_rows(text: str, path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    # Python 3.10's csv module refuses NUL characters, which are dropped from values anyway.
    source = io.StringIO(text.replace("\x00", ""), newline="")
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    # Rows are counted as records, as Excel shows them: a quoted value with line breaks is one row.
    number = 0
    try:
        for record in reader:
            number += 1
            yield (
                number,
                [_clean(_unneutralised(cell) if cell[:1] == "'" else cell) for cell in record],
            )
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TableError(
                _(
                    "{path}, row {row}: a value is longer than {limit} characters",
                    path=path,
                    row=number + 1,
                    limit=CELL_LIMIT,
                )
            ) from exc
        # In strict mode the other csv errors come from a badly closed quote; an unclosed one at
        # the end of the file would otherwise swallow all following rows into one value.
        raise TableError(
            _(
                "{path}, row {row}: a quoted value is not closed properly (check the quotation "
                "marks).",
                path=path,
                row=number + 1,
            )
        ) from exc


# --- from rows to a table ----------------------------------------------------------------------

# How many non-empty rows are looked at to find the header, which a title block may push down.
_HEADER_SEARCH_ROWS = 20

# Vietnamese administrative tables often number their columns under the header: (1) (2) (3)...
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,3})\)?")


def _is_column_numbering(cells: Sequence[str]) -> bool:
    numbers: list[int] = []
    for cell in cells:
        if not cell:
            continue
        match = _COLUMN_NUMBER.fullmatch(cell)
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 2 and all(b == a + 1 for a, b in pairwise(numbers))


def _field_label(canonical: str, aliases: Mapping[str, Sequence[str]]) -> str:
    spellings = list(_spellings(aliases[canonical]))
    if not spellings:
        return canonical
    return _("{field} ({alias})", field=canonical, alias=spellings[0])


def _spellings(value: Sequence[str] | str) -> Sequence[str]:
    # A lone string is one spelling, not a sequence of one-letter spellings.
    return (value,) if isinstance(value, str) else value


def _alias_index(aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, spellings in aliases.items():
        for spelling in (canonical, *_spellings(spellings)):
            key = _header_key(spelling)
            if not key:
                continue
            owner = index.setdefault(key, canonical)
            if owner != canonical:
                raise ValueError(
                    f"header {spelling!r} is an alias of both {owner!r} and {canonical!r}"
                )
    return index


def _build_table(
    grid: Iterable[tuple[int, list[str]]],
    path: Path,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    delimiter: str | None,
) -> Table:
    index = _alias_index(aliases)
    rows_in = iter(grid)

    # The header is the row, among the first non-empty ones, that names the most known fields: a
    # title block above it ("SỞ Y TẾ", "BÁO CÁO", "ĐƠN VỊ") may hold a lone word that happens to
    # be a short alias, but never as many as the header itself.
    candidates: list[tuple[int, list[str]]] = []
    for number, cells in rows_in:
        if any(cells):
            candidates.append((number, cells))
            if len(candidates) >= _HEADER_SEARCH_ROWS:
                break
    if not candidates:
        raise TableError(_("The file {path} is empty.", path=path))
    scores = [
        len({index[key] for key in map(_header_key, cells) if key in index})
        for _number, cells in candidates
    ]
    best = max(range(len(candidates)), key=scores.__getitem__)  # the first of equals
    if not scores[best]:
        expected = ", ".join(_field_label(name, aliases) for name in (required or list(aliases)))
        raise TableError(
            _(
                "{path} is not a table of the expected kind: no column header was recognised "
                "(expected columns such as {expected}).",
                path=path,
                expected=expected,
            )
        )
    header_row, header_cells = candidates[best]
    data_rows = chain(candidates[best + 1 :], rows_in)

    columns: dict[str, int] = {}
    ignored: list[str] = []
    for position, title in enumerate(header_cells):
        if not title:
            continue
        canonical = index.get(_header_key(title))
        if canonical is None:
            ignored.append(title)
        elif canonical in columns:
            raise TableError(
                _(
                    "{path}: the columns “{first}” and “{second}” both mean {field}; keep only "
                    "one of them.",
                    path=path,
                    first=header_cells[columns[canonical]],
                    second=title,
                    field=_field_label(canonical, aliases),
                )
            )
        else:
            columns[canonical] = position
    missing = [name for name in required if name not in columns]
    if missing:
        raise TableError(
            _(
                "{path}: missing required column(s): {columns}.",
                path=path,
                columns=", ".join(_field_label(name, aliases) for name in missing),
            )
        )

    width = max(position for position, title in enumerate(header_cells) if title) + 1
    rows: list[Row] = []
    first_data_row = True
    for number, cells in data_rows:
        if not any(cells):
            continue
        if first_data_row:
            first_data_row = False
            if _is_column_numbering(cells):
                continue
        if len(cells) > width and any(cells[width:]):
            used = max(position for position, cell in enumerate(cells) if cell) + 1
            if delimiter is None:
                message = _(
                    "{path}, row {row}: there are {cells} cells but the header has only "
                    "{columns} columns; give the extra column a header or clear it.",
                    path=path,
                    row=number,
                    cells=used,
                    columns=width,
                )
            else:
                message = _(
                    "{path}, row {row}: there are {cells} cells but the header has only "
                    "{columns} columns; check for a value containing “{delimiter}” that is not in "
                    "quotation marks.",
                    path=path,
                    row=number,
                    cells=used,
                    columns=width,
                    delimiter="Tab" if delimiter == "\t" else delimiter,
                )
            raise TableError(message)
        values = {
            canonical: cells[position] if position < len(cells) else ""
            for canonical, position in columns.items()
        }
        # A row filled only outside the recognised columns (a pre-numbered "STT" column of an
        # empty form) carries nothing to import.
        if any(values.values()):
            rows.append(Row(number=number, values=values))

    fields = sorted(columns, key=columns.__getitem__)
    return Table(fields=fields, rows=rows, ignored=ignored, header_row=header_row)


def read_table(
    path: Path,
    aliases: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
) -> Table:
    """Read the table in ``path`` (XLSX or CSV, told apart by content) keyed by ``aliases``.

    ``aliases`` maps each canonical field name to the header spellings accepted for it; the
    canonical name itself is always accepted, and headers are compared with :func:`fold`, so
    case, Vietnamese diacritics and ``space/_/-`` do not matter. The header is the row that names
    the most known fields among the first 20 non-empty rows, so a title block above it is skipped.
    Columns with unknown headers are left out and listed in ``Table.ignored``.

    Raises :class:`TableError` for a file that is missing or unreadable, empty, in a format to be
    saved again (``.xls``, ``.ods``, HTML), damaged, without a recognisable header, with two
    columns for one field, without a ``required`` field, or with a row longer than its header.
    """
    unknown = [name for name in required if name not in aliases]
    if unknown:
        raise ValueError(f"required fields without aliases: {unknown}")
    path = Path(path)
    data = _read_bytes(path)
    if not data:
        raise TableError(_("The file {path} is empty.", path=path))
    if data.startswith(_OLE2_MAGIC):
        # OLE2 is the old .xls format, and also the wrapper Excel puts around any workbook that
        # has an opening password.
        raise TableError(
            _(
                "{path} is an old Excel workbook (.xls) or a password-protected one: open it in "
                "Excel and save it as Excel Workbook (.xlsx) or CSV UTF-8, without a password.",
                path=path,
            )
        )
    if data.startswith(_ZIP_MAGICS):
        if _is_opendocument(data):
            raise TableError(
                _(
                    "{path} is an OpenDocument spreadsheet (.ods): save it as Excel Workbook "
                    "(.xlsx) or CSV UTF-8.",
                    path=path,
                )
            )
        return _build_table(_xlsx_rows(data, path), path, aliases, required, delimiter=None)

    text = _decode(data, path)
    if _looks_like_markup(text):
        raise TableError(
            _(
                "{path} is a web page or XML file, not a real Excel workbook: open it in Excel "
                "and save it as Excel Workbook (.xlsx) or CSV UTF-8.",
                path=path,
            )
        )
    delimiter = _detect_delimiter(text)
    return _build_table(_csv_rows(text, path, delimiter), path, aliases, required, delimiter)
