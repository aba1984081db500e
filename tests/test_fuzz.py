"""Hypothesis fuzzing of what reads user input: the month, date and date-time parsers, the table
reader, and the three importers run through the CLI.

The properties: a parser either returns a value or raises its own error (``DateInputError``,
``TableError``), never anything else; valid values survive a round trip; an importer either
imports or refuses with exit 1, a one-line message and nothing changed in the database.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import shutil
import sqlite3
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from ytcontest.domain.dates import (
    VN_TZ,
    DateInputError,
    Month,
    format_date,
    now,
    parse_date,
    parse_datetime,
)
from ytcontest.tabular.reader import Table, TableError, read_table

TEST_NOW = "2026-07-10T10:00:00+07:00"  # as conftest.TEST_NOW

# Fast properties (pure functions) get more examples than those that run the CLI.
PURE = settings(max_examples=300, deadline=None)
FILES = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Each example runs the CLI (about 70 ms): no shrinking, which would run it hundreds of times more
# on a failure; the failing example is still printed, and replayed first on the next run.
CLI = settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- strategies --------------------------------------------------------------------------------

months = st.builds(Month, st.integers(1900, 2999), st.integers(1, 12))
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))
offsets = st.sampled_from(
    [timezone.utc, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5, minutes=-30))]
)
instants = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=offsets
)
# Text that looks like a date closely enough to get past the first checks.
date_like = st.text(alphabet="0123456789/-.: TtZz+,", max_size=32)
iso_like = st.from_regex(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}[Tt][0-9:.,+\-Zz ]{0,20}", fullmatch=True)
any_text = st.one_of(st.text(max_size=60), date_like, iso_like)


# --- months, dates, date-times -------------------------------------------------------------------


@PURE
@given(any_text)
def test_month_parse_raises_only_its_own_error(text: str) -> None:
    try:
        month = Month.parse(text)
    except DateInputError as error:
        assert str(error)
    else:
        assert 1 <= month.month <= 12 and 1900 <= month.year <= 2999
        assert Month.parse(str(month)) == month


@PURE
@given(months)
def test_month_round_trips_in_every_form(month: Month) -> None:
    assert Month.parse(str(month)) == month
    assert Month.parse(month.label()) == month
    assert Month.parse(f"{month.month}/{month.year}") == month
    assert Month.parse(f"  {month}\t") == month


@PURE
@given(any_text)
def test_parse_date_raises_only_its_own_error(text: str) -> None:
    try:
        day = parse_date(text)
    except DateInputError as error:
        assert str(error)
    else:
        assert isinstance(day, date) and 1900 <= day.year <= 2999
        assert parse_date(day.isoformat()) == day


@PURE
@given(dates, st.sampled_from(["/", "-", "."]))
def test_date_round_trips_in_every_form(day: date, separator: str) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(format_date(day)) == day
    assert parse_date(f"{day.day}{separator}{day.month}{separator}{day.year}") == day


@PURE
@given(any_text)
def test_parse_datetime_raises_only_its_own_error(text: str) -> None:
    try:
        moment = parse_datetime(text)
    except DateInputError as error:
        assert str(error)
    else:
        assert moment.tzinfo is not None and moment.utcoffset() is not None
        assert 1900 <= moment.year <= 2999


@PURE
@given(instants)
def test_datetime_round_trips(moment: datetime) -> None:
    assert parse_datetime(moment.isoformat()) == moment
    assert parse_datetime(moment.isoformat(sep=" ")) == moment
    local = moment.astimezone(VN_TZ)
    typed = f"{local.day:02d}/{local.month:02d}/{local.year} {local:%H:%M:%S}"
    assert parse_datetime(typed) == local.replace(microsecond=0)


@PURE
@given(any_text)
def test_ytcontest_now_raises_only_its_own_error(text: str) -> None:
    assume("\x00" not in text)  # an environment variable cannot hold NUL
    previous = os.environ.get("YTCONTEST_NOW")
    os.environ["YTCONTEST_NOW"] = text
    try:
        moment = now()
    except DateInputError as error:
        assert "YTCONTEST_NOW" in str(error)
    else:
        assert moment.tzinfo is not None
    finally:
        if previous is None:
            del os.environ["YTCONTEST_NOW"]
        else:
            os.environ["YTCONTEST_NOW"] = previous


# --- the table reader ------------------------------------------------------------------------------

ALIASES = {
    "code": ["mã", "mã đơn vị"],
    "name": ["tên", "tên đơn vị"],
    "kind": ["loại"],
    "email": ["thư điện tử"],
    "month": ["tháng"],
}
MAGIC_PREFIXES = [
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    b"<html>",
    b"code,name\n",
    b"",
]


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["code", "name"])
    book.active.append(["BVA", "Bệnh viện A"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = _xlsx_bytes()


def _damaged_inside(member: str) -> bytes:
    """``XLSX`` with a sound zip directory but the compressed bytes of ``member`` overwritten."""
    import struct
    import zipfile

    data = bytearray(XLSX)
    info = zipfile.ZipFile(io.BytesIO(XLSX)).getinfo(member)
    names = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + sum(names)
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    return bytes(data)


@st.composite
def damaged_xlsx(draw: st.DrawFn) -> bytes:
    """A real workbook cut short, or with some bytes overwritten."""
    data = bytearray(XLSX)
    if draw(st.booleans()):
        return bytes(data[: draw(st.integers(0, len(data)))])
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


file_bytes = st.one_of(
    st.binary(max_size=2048),
    st.tuples(st.sampled_from(MAGIC_PREFIXES), st.binary(max_size=1024)).map(b"".join),
    damaged_xlsx(),
)


def _check_table(table: Table) -> None:
    assert isinstance(table, Table)
    assert set(table.fields) <= set(ALIASES)
    assert len(set(table.fields)) == len(table.fields)
    numbers = [row.number for row in table.rows]
    assert numbers == sorted(set(numbers))
    assert all(number > table.header_row for number in numbers)
    for row in table.rows:
        assert set(row.values) == set(table.fields)
        for value in row.values.values():
            assert isinstance(value, str)
            assert value == value.strip()
            assert unicodedata.is_normalized("NFC", value)
            assert "\x00" not in value and "\r" not in value


def _read(path: Path, required: list[str]) -> Table | None:
    try:
        table = read_table(path, ALIASES, required=required)
    except TableError as error:
        message = str(error).strip()
        assert message and "\n" not in message, f"not a one-line message: {message!r}"
        return None
    _check_table(table)
    return table


@FILES
@given(data=file_bytes, required=st.sampled_from([[], ["code"], ["code", "month"]]))
def test_read_table_on_arbitrary_bytes(tmp_path: Path, data: bytes, required: list[str]) -> None:
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(data)
    _read(path, required)


header_words = st.one_of(
    st.sampled_from(
        ["code", "Mã", "MA DON VI", "tên", "Tên (*)", "loại:", "email", "thư điện tử", "tháng",
         "STT", "ghi chú", "", "code", "mã"]
    ),
    st.text(max_size=12),
)  # fmt: skip
cell_text = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["", "=1+1", '"', '""', "a,b", "a;b", "a\tb", "x\ny", "\r\n", "(1)", "2", "\x00",
         "\u202e", "\ufeff", "9" * 40, "<html>"]
    ),
)  # fmt: skip


@st.composite
def csv_texts(draw: st.DrawFn) -> tuple[bytes, str]:
    """A CSV with random headers and cells, quoted properly or joined raw, in some encoding."""
    headers = draw(st.lists(header_words, min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(cell_text, min_size=0, max_size=len(headers) + 2), max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    if draw(st.booleans()):
        buffer = io.StringIO()
        writer = csv.writer(
            buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
        )
        writer.writerow(headers)
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = "\n".join(delimiter.join(row) for row in [headers, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"]))
    return text.encode(encoding, errors="replace"), encoding


@FILES
@given(generated=csv_texts(), required=st.sampled_from([[], ["code"]]))
def test_read_table_on_generated_csv(
    tmp_path: Path, generated: tuple[bytes, str], required: list[str]
) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(generated[0])
    _read(path, required)


# Cells without control characters (the reader drops those) but with line breaks, quotes,
# delimiters, spaces and letters that NFC composes.
_plain = st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))
clean_cells = st.lists(
    st.one_of(_plain, st.sampled_from(["\n", "\r\n", ",", ";", '"', "e\u0301", " "])), max_size=15
).map("".join)


def _expected(cell: str) -> str:
    cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", cell).strip()


_NUMBERING = re.compile(r"\(?\d{1,3}\)?")


@FILES
@given(
    fields=st.lists(st.sampled_from(list(ALIASES)), min_size=2, max_size=5, unique=True),
    data=st.data(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_read_table_round_trips_a_proper_csv(
    tmp_path: Path, fields: list[str], data: st.DataObject, delimiter: str, encoding: str
) -> None:
    """Whatever the cells hold, a CSV written by the csv module comes back cell for cell."""
    rows = data.draw(st.lists(st.lists(clean_cells, min_size=len(fields), max_size=len(fields)),
                              max_size=6))  # fmt: skip
    expected_rows = [[_expected(c) for c in row] for row in rows]
    kept = [(i + 2, row) for i, row in enumerate(expected_rows) if any(row)]
    if kept:  # a first row that numbers the columns, (1) (2) (3), is skipped on purpose
        assume(not all(_NUMBERING.fullmatch(c) for c in kept[0][1] if c))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([fields, *rows])
    path = tmp_path / "fuzz.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    table = read_table(path, ALIASES, required=fields[:1])
    _check_table(table)
    assert table.fields == fields
    assert [(r.number, [r.values[f] for f in fields]) for r in table.rows] == kept


# --- the importers, through the CLI -----------------------------------------------------------------


def _env(db: Path) -> dict[str, str | None]:
    return {
        "YTCONTEST_DB": str(db),
        "YTCONTEST_NOW": TEST_NOW,
        "YTCONTEST_USER": "tester",
        "YTCONTEST_CAMPAIGN": None,
        "YTCONTEST_LANG": None,
        "YTCONTEST_DEBUG": None,
    }


def invoke(args: list[str], db: Path) -> Result:
    from ytcontest.cli.app import app

    return CliRunner().invoke(app, args, env=_env(db), color=True)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``init``, BVA's June report and one entry, made once."""
    path = tmp_path_factory.mktemp("fuzz") / "template.db"
    for args in (
        ["init"],
        ["report", "add", "--unit", "BVA", "--month", "06/2026", "--received", "20/06/2026",
         "--activities", "1", "--reached", "1", "--candidates", "1", "--mobilized", "1"],
        ["entries", "add", "--unit", "BVA", "--title", "T", "--category", "du_an",
         "--author-type", "ca_nhan", "--authors", "A"],
    ):  # fmt: skip
        result = invoke(args, path)
        assert result.exit_code == 0, (args, result.output)
    return path


def dump(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


HOSTILE = [
    "", " ", "=1+1", "+SUM(A1:A3)", "-2+3", "@cmd", "=HYPERLINK(\"http://x\",\"y\")",
    "'; DROP TABLE unit; --", "\" OR 1=1 --", "\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff",
    "9" * 25, "-1", "1e9", "1.000", "1,5", "NaN", "∞", "٣", "ZZZ", "bv", "trung tam",
    "31/02/2026", "2026-13", "0/2026", "x" * 600, "Đ" * 5000, "a\nb", "<script>",
]  # fmt: skip


def _column(valid: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(valid), st.sampled_from(HOSTILE), st.text(max_size=12))


UNIT_COLUMNS = {
    "code": _column(["X1", "NEW-2", "bva", "BVC", "TTYT-PHUBINH", "A.B_C"]),
    "name": _column(["Đơn vị thử", "Bệnh viện X", "Trung tâm Y tế"]),
    "kind": _column(["phong", "don_vi", "Phong", " don_vi "]),
    "email": _column(["", "a@b.vn", "khtc@example.vn"]),
    "phone": _column(["", "0208 3855 000", "+84 208 385"]),
    "reports_required": _column(["1", "0", "có", "không", "x", ""]),
    "active_from": _column(["", "01/06/2026", "2026-07-01", "15.03.2026"]),
}
ENTRY_COLUMNS = {
    "unit": _column(["BVA", "BVC", "bv a", "KHTC"]),
    "title": _column(["Phần mềm nhắc lịch", "Giải pháp"]),
    "category": _column(["du_an", "san_pham", "Giải pháp quản lý", "cong trinh"]),
    "author_type": _column(["ca_nhan", "tap_the", "Tổ chức"]),
    "authors": _column(["Nguyễn Văn A", "A; B", "A\nB"]),
    "fields": _column(["", "cds", "khcn; dmst", "chuyển đổi số"]),
    "applied_since": _column(["", "01/03/2026", "2026-12-01"]),
    "status": _column(["", "identified", "preparing", "submitted", "withdrawn"]),
    "submitted_at": _column(["", "01/07/2026 10:00", "15/10/2026"]),
}
REPORT_COLUMNS = {
    "unit": _column(["BVC", "BVGT", "BVA", "bv c", "OLD"]),
    "month": _column(["06/2026", "2026-07", "6/2026", "01/06/2026", "2026-12"]),
    "activities": _column(["0", "3", "1.000", "100001"]),
    "reached": _column(["250", "10000000", "10000001"]),
    "candidates": _column(["0", "4"]),
    "mobilized": _column(["0", "2"]),
    "received": _column(["", "20/06/2026 10:00", "2026-07-01", "11/07/2026"]),
    "summary": _column(["", "Tóm tắt"]),
}


@st.composite
def import_files(draw: st.DrawFn, columns: dict[str, st.SearchStrategy[str]]) -> str:
    """A CSV of some of the importer's columns (sometimes missing a required one) and 1-4 rows."""
    names = list(columns)
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True))
    if draw(st.integers(0, 4)):  # mostly every column, so that rows reach the deep checks
        chosen = names
    rows = draw(st.lists(st.tuples(*(columns[n] for n in chosen)), min_size=1, max_size=4))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(chosen)
    writer.writerows(rows)
    return buffer.getvalue()


def _assert_import_outcome(result: Result, before: str, after: str, dry_run: bool) -> None:
    shown = f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
    escaped = result.exception
    assert escaped is None or isinstance(escaped, SystemExit), f"{escaped!r}\n{shown}"
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert result.exit_code in (0, 1), shown
    if dry_run:
        assert after == before, "a dry run changed the database"
    if result.exit_code == 1:
        lines = result.stderr.rstrip("\n").split("\n")
        assert lines[0].startswith("Lỗi: "), shown
        assert all(line.startswith("  - ") for line in lines[1:]), shown
        assert "YTCONTEST_DEBUG" not in result.stderr, f"an unexpected error\n{shown}"
        assert after == before, "a refused import changed the database"
    else:
        assert not result.stderr.strip(), shown


def _run_import(
    tmp_path: Path, template: Path, command: list[str], content: str, dry_run: bool
) -> None:
    db = tmp_path / "test.db"
    shutil.copyfile(template, db)
    source = tmp_path / "import.csv"
    source.write_text(content, encoding="utf-8")
    before = dump(db)
    result = invoke([*command, str(source), *(["--dry-run"] if dry_run else [])], db)
    _assert_import_outcome(result, before, dump(db), dry_run)


@pytest.mark.sqlite_only
@CLI
@given(content=import_files(UNIT_COLUMNS), dry_run=st.booleans())
def test_units_import_fuzz(tmp_path: Path, template: Path, content: str, dry_run: bool) -> None:
    _run_import(tmp_path, template, ["units", "import"], content, dry_run)


@pytest.mark.sqlite_only
@CLI
@given(content=import_files(ENTRY_COLUMNS), dry_run=st.booleans())
def test_entries_import_fuzz(tmp_path: Path, template: Path, content: str, dry_run: bool) -> None:
    _run_import(tmp_path, template, ["entries", "import"], content, dry_run)


@pytest.mark.sqlite_only
@CLI
@given(content=import_files(REPORT_COLUMNS), dry_run=st.booleans())
@example(  # a line break inside a month cell (Alt+Enter in Excel)
    content='unit,month,activities,reached,candidates,mobilized\nBVC,"06\n2026",1,1,1,1\n',
    dry_run=True,
)
def test_report_import_fuzz(tmp_path: Path, template: Path, content: str, dry_run: bool) -> None:
    _run_import(tmp_path, template, ["report", "import"], content, dry_run)


@pytest.mark.sqlite_only
@CLI
@given(data=file_bytes, command=st.sampled_from([["units", "import"], ["entries", "import"],
                                                 ["report", "import"]]))  # fmt: skip
@example(data=_damaged_inside("xl/workbook.xml"), command=["report", "import"])
@example(data=_damaged_inside("xl/worksheets/sheet1.xml"), command=["units", "import"])
def test_importers_on_arbitrary_bytes(
    tmp_path: Path, template: Path, data: bytes, command: list[str]
) -> None:
    db = tmp_path / "test.db"
    shutil.copyfile(template, db)
    source = tmp_path / "import.xlsx"
    source.write_bytes(data)
    before = dump(db)
    result = invoke([*command, str(source)], db)
    _assert_import_outcome(result, before, dump(db), dry_run=False)
