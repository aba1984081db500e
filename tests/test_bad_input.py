"""Bad input: a corpus of malformed and hostile inputs run through the CLI as a user would.

Every case must be refused the way CONTRACT.md (sections 2 and 3) says: exit 1 (a refusal) or 2
(Typer's usage error), one message on stderr ("Lỗi: ..." in the default language, details on
indented "  - ..." lines), no traceback, no "unexpected error", no control character that could
garble or forge the terminal's lines, and a database whose dump is the same before and after.

The database of every case is a copy of one made once per module (``init``, a report, entries, a
unit with an address, a unit no longer active), because ``init`` for each case is slow: an SQLite
file, or in a YTCONTEST_TEST_PG run a PostgreSQL schema, where the cases that make the file
read-only, fill its disk or fail its commit are skipped.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import PG_URL, TEST_NOW
from tests.helpers import build_once, copy_database

SRC = Path(__file__).resolve().parents[1] / "src"

# The figures a report needs, so that a case fails on the one thing it is about.
FIGURES = ["--activities", "1", "--reached", "1", "--candidates", "1", "--mobilized", "1"]
ENTRY = ["--title", "Phần mềm", "--category", "san_pham", "--author-type", "ca_nhan"]
ENTRY_FULL = [*ENTRY, "--authors", "Nguyễn Văn A"]
MEGA = "Đ" * (1024 * 1024)  # a title of a million letters (2 MB in UTF-8)
# The longest first line a refusal may have: a message must stay readable even when the input
# was a megabyte of text (it may quote the input, but not all of it).
MESSAGE_MAX = 1000
# C0 and C1 controls (and DEL): echoed to a terminal they move the cursor, clear the screen,
# or start a new line that looks like another message.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates reorder what the terminal shows.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


# --- the database -----------------------------------------------------------------------------


def build_template(run: Callable[..., Result], _setenv: Any) -> None:
    """``init`` plus: BVA's June report, entry 1 (BVA), entry 2 (BVC, withdrawn), BVC's address,
    and OLD, a unit inactive since 01/06/2026."""
    steps = [
        ["init"],
        ["report", "add", "--unit", "BVA", "--month", "06/2026", "--received",
         "20/06/2026 10:00", *FIGURES],
        ["entries", "add", "--unit", "BVA", *ENTRY_FULL],
        ["entries", "add", "--unit", "BVC", *ENTRY_FULL],
        ["entries", "withdraw", "2", "--reason", "Trùng hồ sơ"],
        ["units", "edit", "BVC", "--email", "bvc@example.vn"],
        ["units", "add", "OLD", "Đơn vị cũ", "--kind", "don_vi", "--active-from", "01/01/2026"],
        ["units", "deactivate", "OLD", "--from", "01/06/2026"],
    ]  # fmt: skip
    for args in steps:
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, _none = build_once(tmp_path_factory, "bad-input", build_template)
    return folder


@pytest.fixture
def database(template: Path, tmp_path: Path) -> Path | str:
    """A fresh copy of the template where YTCONTEST_DB points (conftest): the SQLite file's
    path, or in a PostgreSQL run the URL of the test's schema."""
    path = copy_database(template, tmp_path)
    return os.environ["YTCONTEST_DB"] if PG_URL else path


def dump(db: Path | str) -> str:
    """The whole database as text, read without writing (works on a read-only file too)."""
    if PG_URL:
        return _pg_dump(str(db))
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def _pg_dump(url: str) -> str:
    """Every row of every table of the schema ``url`` works in, in a stable order."""
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    import ytcontest.store.models  # noqa: F401  (the tables, in SQLModel's metadata)

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return "\n".join(
                f"{table.name}: {tuple(row)}"
                for table in SQLModel.metadata.sorted_tables
                for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns))
            )
    finally:
        engine.dispose()


def database_file(db: Path | str, destination: Path) -> None:
    """A database file in reach of a case that gives one where a table is expected."""
    if isinstance(db, Path):
        shutil.copyfile(db, destination)
    else:
        with contextlib.closing(sqlite3.connect(destination)) as connection:
            connection.execute("CREATE TABLE unit (code TEXT)")


# --- what a clean refusal is --------------------------------------------------------------------


def assert_clean_refusal(result: Result, *, lang: str = "vi") -> None:
    shown = f"exit {result.exit_code}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    # In-process, an exception that escaped the CLI would have been a traceback for the user.
    escaped = result.exception
    assert escaped is None or isinstance(escaped, SystemExit), (
        f"{type(escaped).__name__}: {escaped}\n{shown}"
    )
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert result.exit_code in (1, 2), shown
    assert result.stderr.strip(), shown
    if result.exit_code == 2:
        return  # Typer's own usage message, in its own layout
    lines = result.stderr.rstrip("\n").split("\n")
    prefix = "Lỗi: " if lang == "vi" else "Error: "
    assert lines[0].startswith(prefix), shown
    assert all(line.startswith("  - ") for line in lines[1:]), shown
    assert "YTCONTEST_DEBUG" not in result.stderr, f"an unexpected error, not a refusal\n{shown}"
    assert len(lines[0]) <= MESSAGE_MAX, f"a message of {len(lines[0])} characters"
    for line in lines:
        assert not _CONTROL.search(line), f"control character in the message: {line[:300]!r}"
        assert not _BIDI.search(line), f"bidi override in the message: {line[:300]!r}"


# --- files the cases read ------------------------------------------------------------------------

FileMaker = Callable[[Path], None]


def text(content: str, encoding: str = "utf-8") -> FileMaker:
    return lambda path: path.write_bytes(content.encode(encoding))


def raw(content: bytes) -> FileMaker:
    return lambda path: path.write_bytes(content)


def folder() -> FileMaker:
    return lambda path: path.mkdir()


def workbook(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx(rows: list[list[Any]]) -> FileMaker:
    return raw(workbook(rows))


def truncated_xlsx(rows: list[list[Any]]) -> FileMaker:
    whole = workbook(rows)
    return raw(whole[: len(whole) // 2])


def corrupt_member(rows: list[list[Any]], member: str) -> FileMaker:
    """A workbook whose zip directory is sound but whose ``member`` holds undecodable bytes."""
    import struct

    data = bytearray(workbook(rows))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    name_length, extra_length = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_length + extra_length
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    return raw(bytes(data))


def ods() -> FileMaker:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return raw(buffer.getvalue())


def plain_zip() -> FileMaker:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return raw(buffer.getvalue())


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
# Bytes that are neither UTF-8 nor Windows-1258 (0x81 0x8A 0x8D... have no character there).
NOT_ANY_ENCODING = b"code,name,kind\nX1,T\x81\x8a\x8d\x8e\x8f\x90n,phong\n"


def form(tamper: Callable[[Any], None]) -> FileMaker:
    """The report form of BVC for 06/2026 as ``report template`` writes it, then ``tamper``ed."""

    def make(path: Path) -> None:
        from datetime import datetime

        from openpyxl import load_workbook

        from ytcontest.domain.dates import VN_TZ, Month
        from ytcontest.tabular.form import write_form

        write_form(
            path,
            agency="SỞ Y TẾ",
            campaign_name="Cuộc thi",
            unit_code="BVC",
            unit_name="Bệnh viện C Thái Nguyên",
            month=Month(2026, 6),
            deadline=datetime(2026, 6, 25, tzinfo=VN_TZ),
        )
        book = load_workbook(path)
        for row, value in ((10, 1), (11, 2), (12, 3), (13, 1)):
            book.worksheets[0].cell(row=row, column=2, value=value)
        tamper(book)
        book.save(path)

    return make


def set_cell(sheet: int | str, cell: str, value: Any) -> Callable[[Any], None]:
    def tamper(book: Any) -> None:
        target = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
        target[cell] = value

    return tamper


def clear_meta_row() -> Callable[[Any], None]:
    def tamper(book: Any) -> None:
        meta = book["ytcontest"]
        for cell in ("C1", "D1"):
            meta[cell] = None

    return tamper


UNITS_HEAD = "code,name,kind,email,reports_required,active_from\n"
ENTRIES_HEAD = "unit,title,category,author_type,authors,status,applied_since,submitted_at\n"
REPORTS_HEAD = "unit,month,activities,reached,candidates,mobilized,received,summary\n"


def units_csv(*rows: str) -> FileMaker:
    return text(UNITS_HEAD + "".join(row + "\n" for row in rows))


def entries_csv(*rows: str) -> FileMaker:
    return text(ENTRIES_HEAD + "".join(row + "\n" for row in rows))


def reports_csv(*rows: str) -> FileMaker:
    return text(REPORTS_HEAD + "".join(row + "\n" for row in rows))


# --- conditions around the database ----------------------------------------------------------------


@contextlib.contextmanager
def _mounted(point: Path, *mount_args: str) -> Iterator[None]:
    point.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", *mount_args, str(point)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip() or done.returncode})")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


@contextlib.contextmanager
def read_only(db: Path, tmp_path: Path) -> Iterator[Path]:
    """The database file and its folder cannot be written.

    An ordinary user gets this from permissions; root ignores them, so as root the file is made
    immutable (chattr +i) and, failing that, its folder is bind-mounted read-only.
    """
    if os.geteuid() != 0:
        db.chmod(0o444)
        db.parent.chmod(0o555)
        try:
            yield db
        finally:
            db.parent.chmod(0o755)
            db.chmod(0o644)
        return
    if shutil.which("chattr"):
        done = subprocess.run(["chattr", "+i", str(db)], capture_output=True, check=False)
        if done.returncode == 0:
            try:
                yield db
            finally:
                subprocess.run(["chattr", "-i", str(db)], capture_output=True, check=False)
            return
    folder = tmp_path / "ro"
    folder.mkdir()
    moved = folder / db.name
    shutil.copyfile(db, moved)
    with _mounted(folder, "--bind", str(folder)):
        done = subprocess.run(
            ["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True, check=False
        )
        if done.returncode != 0:
            pytest.skip("running as root without chattr nor a read-only bind mount")
        yield moved


@contextlib.contextmanager
def full_disk(db: Path, tmp_path: Path) -> Iterator[Path]:
    """The database on a tiny filesystem (tmpfs) with no byte left free."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny filesystem needs root")
    point = tmp_path / "disk"
    size = db.stat().st_size + 64 * 1024
    with _mounted(point, "-t", "tmpfs", "-o", f"size={size}", "tmpfs"):
        moved = point / db.name
        shutil.copyfile(db, moved)
        filler = os.open(point / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for block in (4096, 512, 1):  # until ENOSPC, then with smaller blocks
                with contextlib.suppress(OSError):
                    while os.write(filler, bytes(block)):
                        pass
        finally:
            os.close(filler)
        yield moved


class _FailingCommit(sqlite3.Connection):
    """A connection whose COMMIT fails as on a disk that failed at the last moment."""

    message = "disk I/O error"

    def commit(self) -> None:
        raise sqlite3.OperationalError(self.message)


@contextlib.contextmanager
def failing_commit(message: str) -> Iterator[None]:
    """Every SQLite connection the CLI opens fails on commit with ``message``."""
    import sqlalchemy

    original = sqlalchemy.create_engine

    class Failing(_FailingCommit):
        pass

    Failing.message = message

    def create_engine(url: Any, **kwargs: Any) -> Any:
        if str(url).startswith("sqlite"):
            kwargs["connect_args"] = {**kwargs.get("connect_args", {}), "factory": Failing}
        return original(url, **kwargs)

    sqlalchemy.create_engine = create_engine
    try:
        yield
    finally:
        sqlalchemy.create_engine = original


@contextlib.contextmanager
def nothing(db: Path, tmp_path: Path) -> Iterator[Path]:
    yield db


@contextlib.contextmanager
def io_error_at_commit(db: Path, tmp_path: Path) -> Iterator[Path]:
    with failing_commit("disk I/O error"):
        yield db


@contextlib.contextmanager
def full_at_commit(db: Path, tmp_path: Path) -> Iterator[Path]:
    with failing_commit("database or disk is full"):
        yield db


STAGES = {
    None: nothing,
    "read_only": read_only,
    "full_disk": full_disk,
    "io_error_at_commit": io_error_at_commit,
    "full_at_commit": full_at_commit,
}


# --- the corpus ------------------------------------------------------------------------------------


def case(
    *args: str,
    id: str,
    files: dict[str, FileMaker] | None = None,
    env: dict[str, str] | None = None,
    stage: str | None = None,
    lang: str = "vi",
    says: tuple[str, ...] = (),
    never: tuple[str, ...] = (),
) -> Any:
    """One bad input: the CLI's arguments ("{in}" is the folder holding ``files``).

    ``says``: what the message must mention to be clear; ``never``: what would mislead.
    """
    # The stages (a read-only file, a full disk, a failing commit) are about an SQLite file.
    marks = [pytest.mark.sqlite_only] if stage is not None else []
    return pytest.param(
        list(args), files or {}, env or {}, stage, lang, says, never, id=id, marks=marks
    )


REPORT_BVC = ["report", "add", "--unit", "BVC", "--month", "06/2026"]
ENTRY_BVC = ["entries", "add", "--unit", "BVC"]

DATES = [
    case(*REPORT_BVC[:4], "--month", "31/02/2026", *FIGURES, id="month-is-a-day-that-does-not-exist"),
    case(*REPORT_BVC[:4], "--month", "2026-13", *FIGURES, id="month-13-iso"),
    case(*REPORT_BVC[:4], "--month", "13/2026", *FIGURES, id="month-13-vn"),
    case(*REPORT_BVC[:4], "--month", "2026-00", *FIGURES, id="month-00"),
    case(*REPORT_BVC[:4], "--month", "0/2026", *FIGURES, id="month-0-short"),
    case(*REPORT_BVC[:4], "--month", "-1/2026", *FIGURES, id="month-negative"),
    case(*REPORT_BVC[:4], "--month", "99999-06", *FIGURES, id="month-year-5-digits"),
    case(*REPORT_BVC[:4], "--month", "1899-12", *FIGURES, id="month-year-too-early"),
    case(*REPORT_BVC[:4], "--month", "٢٠٢٦-٠٦", *FIGURES, id="month-arabic-indic-digits"),
    case(*REPORT_BVC[:4], "--month", "2026-01", *FIGURES, id="month-outside-campaign"),
    case(*REPORT_BVC[:4], "--month", "", *FIGURES, id="month-empty-string"),
    case(*REPORT_BVC[:4], "--month", "2026-06\nLỗi: giả mạo", *FIGURES, id="month-with-newline"),
    case(*REPORT_BVC[:4], "--month", "\x1b[2J\x1b[31m2026-06", *FIGURES, id="month-ansi-escape"),
    case(*REPORT_BVC[:4], "--month", "\u202e60-6202", *FIGURES, id="month-rtl-override"),
    case(*REPORT_BVC[:4], "--month", MEGA, *FIGURES, id="month-1MB"),
    case(*REPORT_BVC, "--received", "31/02/2026 10:00", *FIGURES, id="received-feb-31"),
    case(*REPORT_BVC, "--received", "2026-06-20 25:00", *FIGURES, id="received-hour-25"),
    case(*REPORT_BVC, "--received", "2026-06-20 10:60", *FIGURES, id="received-minute-60"),
    case(*REPORT_BVC, "--received", "2026-06-20T10:00+25:00", *FIGURES, id="received-offset-25h"),
    case(*REPORT_BVC, "--received", "ngày mai", *FIGURES, id="received-words"),
    case(*REPORT_BVC, "--received", "2026-07-11 09:00", *FIGURES, id="received-in-the-future"),
    case(*REPORT_BVC, "--received", "30/05/2026", *FIGURES, id="received-before-the-month"),
    case(*REPORT_BVC, "--received", "", *FIGURES, id="received-empty-string"),
    case("status", "--month", "2026-13", id="status-month-13"),
    case("status", "--month", "6/2026", "--as-of", "32/01/2026", id="status-as-of-day-32"),
    case("remind", "--month", "00/2026", id="remind-month-00"),
    case("remind", "--as-of", "2026-02-30", id="remind-as-of-feb-30"),
    case("log", "--since", "31/02/2026", id="log-since-feb-31"),
    case("log", "--since", "2026-13-01", id="log-since-month-13"),
    case("log", "--since", "24/06-2026", id="log-since-mixed-separators"),
    case("units", "add", "NEW", "Đơn vị mới", "--kind", "phong", "--active-from", "31/04/2026",
         id="units-add-active-from-apr-31"),
    case("units", "deactivate", "BVC", "--from", "29/02/2026", id="units-deactivate-feb-29-2026"),
    case(*ENTRY_BVC, *ENTRY_FULL, "--applied-since", "2026-02-29", id="entries-applied-since-feb-29"),
    case(*ENTRY_BVC, *ENTRY_FULL, "--status", "submitted", "--submitted-at", "2026-10-15 24:00",
         id="entries-submitted-at-hour-24"),
    case("entries", "submit", "1", "--at", "15/10/2026 10:60", id="entries-submit-minute-60"),
    case("campaign", "set", "launch", "31/02/2026", id="campaign-launch-feb-31"),
    case("campaign", "set", "report-months", "2026-06..2026-13", id="campaign-report-months-13"),
    case("campaign", "set", "report-months", "2026-06", id="campaign-report-months-no-range"),
    case("campaign", "set", "report-months", "2026-11..2026-06", id="campaign-report-months-reversed"),
    case("campaign", "set", "submission-opens", "không phải ngày", id="campaign-opens-words"),
    case("export", "reports", "--month", "2026-13", id="export-month-13"),
    case("export", "status", "--month", "6/20266", id="export-month-year-5-digits"),
    case("report", "show", "BVA", "2026-13", id="report-show-month-13"),
    case("report", "template", "--unit", "BVA", "--month", "2026-13", "-o", "{in}/f.xlsx",
         id="template-month-13"),
    case("report", "template", "--unit", "BVA", "--month", "2026-12", "-o", "{in}/f.xlsx",
         id="template-month-outside-campaign"),
]  # fmt: skip

UNITS = [
    case("units", "show", "ZZZ", id="unit-matches-nothing"),
    case("units", "show", "bv", says=("'bv'", "  - BVA  "), id="unit-matches-several"),
    case("units", "show", "", id="unit-empty"),
    case("units", "show", "   ", id="unit-blank"),
    case("units", "show", "\u202eAVB", id="unit-rtl-override"),
    case("units", "show", "BVA\x1b[2K\rLỗi: giả", id="unit-ansi-and-carriage-return"),
    case("units", "show", "'; DROP TABLE unit; --", id="unit-sql-text"),
    case("units", "show", "=cmd|' /C calc'!A0", id="unit-formula-text"),
    case(*REPORT_BVC[:2], "--unit", "bv", "--month", "06/2026", *FIGURES, id="report-unit-several"),
    case(*ENTRY_BVC[:2], "--unit", "trung tam", *ENTRY_FULL, id="entries-unit-several"),
    case("entries", "list", "--unit", "nothing-like-it", id="entries-list-unit-nothing"),
    case("status", "--unit", "benh vien", id="status-unit-several"),
    case("log", "--unit", "xyz", id="log-unit-nothing"),
    case("report", "list", "--unit", "bv", id="report-list-unit-several"),
    case("units", "edit", "ZZZ", "--name", "Tên", id="units-edit-unknown"),
    case("units", "deactivate", "bv", id="units-deactivate-several"),
    case("units", "activate", "trung tâm y tế", id="units-activate-several"),
    case("units", "add", "BVA", "Trùng mã", "--kind", "phong", id="units-add-existing-code"),
    case("units", "add", "bva", "Trùng mã", "--kind", "phong", id="units-add-existing-code-lower"),
    case("units", "add", "\x00\x01\x02", "Mã rỗng", "--kind", "phong", id="units-add-code-controls"),
    case("units", "add", "'; DROP TABLE unit;--", "Tên", "--kind", "phong", id="units-add-code-sql"),
    case("units", "add", "=HYPERLINK(\"http://x\")", "Tên", "--kind", "phong",
         id="units-add-code-formula"),
    case("units", "add", "NEW", "\u202e\u200f\x07\u2066", "--kind", "phong",
         id="units-add-name-only-bidi-and-controls"),
    case("units", "add", "NEW", MEGA, "--kind", "phong", id="units-add-name-1MB"),
    case("units", "add", "NEW", "Tên", "--kind", "=1+1", id="units-add-kind-formula"),
    case("units", "add", "NEW", "Tên", "--kind", "phong", "--email", "a@b", id="units-add-bad-email"),
    case("units", "edit", "BVA", "--phone", "=1+2", id="units-edit-phone-formula"),
    case("units", "edit", "BVA", "--name", "", id="units-edit-empty-name"),
    case("units", "edit", "BVA", id="units-edit-nothing"),
    case("units", "list", "--kind", "benh_vien", id="units-list-bad-kind"),
]  # fmt: skip

NUMBERS = [
    case(*REPORT_BVC, "--activities", "-1", *FIGURES[2:], id="report-negative"),
    case(*REPORT_BVC, *FIGURES[:2], "--reached", "99999999999999999999999", *FIGURES[4:],
         id="report-huge"),
    case(*REPORT_BVC, *FIGURES[:6], "--mobilized", "100001", id="report-absurd"),
    case(*REPORT_BVC, "--activities", "1e3", *FIGURES[2:], id="report-exponent"),
    case(*REPORT_BVC, "--activities", "abc", *FIGURES[2:], id="report-not-a-number"),
    case(*REPORT_BVC, "--activities", "9" * 5000, *FIGURES[2:], id="report-5000-digits"),
    case(*REPORT_BVC, "--activities", "1", id="report-missing-figures"),
    case("report", "add", "--month", "06/2026", *FIGURES, id="report-no-unit"),
    case("report", "add", "--unit", "BVA", "--month", "06/2026", *FIGURES, id="report-twice"),
    case(*REPORT_BVC, *FIGURES, "--amend", id="report-amend-nothing"),
    case("report", "add", "--unit", "OLD", "--month", "06/2026", *FIGURES, id="report-unit-inactive"),
    case("report", "show", "BVC", "06/2026", id="report-show-none"),
    case("entries", "show", "99999999999999999999999", id="entry-id-huge"),
    case("entries", "show", "9223372036854775808", id="entry-id-above-int64"),
    case("entries", "submit", "99999999999999999999", "--late-reason", "x",
         id="entry-submit-id-huge"),
    case("entries", "withdraw", "18446744073709551616", "--reason", "x", id="entry-withdraw-id-huge"),
    case("entries", "edit", "18446744073709551616", "--title", "x", id="entry-edit-id-huge"),
    case("entries", "show", "0", id="entry-id-zero"),
    case("entries", "show", "-5", id="entry-id-negative"),
    case("entries", "show", "một", id="entry-id-words"),
    case("log", "--limit", "0", id="log-limit-zero"),
    case("log", "--limit", "99999999999999999999999", id="log-limit-huge"),
    case("campaign", "set", "report-due-day", "99", id="campaign-due-day-99"),
    case("campaign", "set", "report-due-day", "0", id="campaign-due-day-0"),
    case("campaign", "set", "min-entries", "-5", id="campaign-min-entries-negative"),
    case("campaign", "set", "min-entries", "99999", id="campaign-min-entries-huge"),
    case("campaign", "add", "2027", "--name", "X", "--shift-years", "11", id="campaign-shift-11"),
    case("campaign", "add", "2027", "--name", "X", "--shift-years", "-1", id="campaign-shift-negative"),
]  # fmt: skip

TEXTS = [
    case(*ENTRY_BVC, "--title", MEGA, *ENTRY_FULL[2:], id="entries-title-1MB"),
    case(*ENTRY_BVC, *ENTRY, "--authors", MEGA, id="entries-author-1MB"),
    case(*ENTRY_BVC, "--title", "\x1b\u202e\u200b\x07\u2066", *ENTRY_FULL[2:], id="entries-title-only-controls"),
    case(*ENTRY_BVC, *ENTRY[:2], "--category", "=1+1", *ENTRY_FULL[4:], id="entries-category-formula"),
    case(*ENTRY_BVC, *ENTRY[:4], "--author-type", "=SUM(A1:A9)", "--authors", "A",
         id="entries-author-type-formula"),
    case(*ENTRY_BVC, *ENTRY, "--authors", " ; ;\n; ", id="entries-authors-only-separators"),
    case(*ENTRY_BVC, *ENTRY_FULL, "--field", "không có", id="entries-unknown-field"),
    case(*ENTRY_BVC, *ENTRY_FULL, "--status", "withdrawn", id="entries-new-withdrawn"),
    case(*ENTRY_BVC, *ENTRY_FULL, "--effect", "x" * 5000, id="entries-effect-too-long"),
    case("entries", "list", "--status", "' OR 1=1 --", id="entries-status-sql"),
    case("entries", "withdraw", "1", "--reason", " \t\u200b ", id="entries-withdraw-blank-reason"),
    case("entries", "withdraw", "2", "--reason", "lại", id="entries-withdraw-twice"),
    case("entries", "submit", "1", id="entries-submit-outside-window"),
    case("entries", "edit", "1", id="entries-edit-nothing"),
    case("entries", "edit", "1", "--status", "submitted", id="entries-edit-status-submitted"),
    case("entries", "edit", "2", "--title", "Mới", id="entries-edit-withdrawn"),
    case(*REPORT_BVC, *FIGURES, "--summary", MEGA, id="report-summary-1MB"),
    case(*REPORT_BVC, *FIGURES, "--doc-number", "x" * 201, id="report-doc-number-too-long"),
    case("campaign", "set", "name", MEGA, id="campaign-name-1MB"),
    case("campaign", "set", "name", "\u202e\x00", id="campaign-name-only-controls"),
    case("campaign", "set", "name; DROP TABLE campaign", "x", id="campaign-key-sql"),
    case("campaign", "set", "period", "weekly", id="campaign-period-unknown"),
    case("campaign", "add", "bad code!", "--name", "X", id="campaign-code-punctuation"),
    case("campaign", "add", "2026", "--name", "X", id="campaign-code-exists"),
    case("campaign", "add", "2027", "--name", "X", "--copy-from", "1999", id="campaign-copy-unknown"),
    case("--campaign", "NOPE", "status", id="campaign-option-unknown"),
    case("--lang", "fr", "status", id="lang-unknown"),
    case("status", env={"YTCONTEST_NOW": "hôm qua"}, id="env-now-garbage"),
    case(*REPORT_BVC, *FIGURES, env={"YTCONTEST_NOW": "2026-02-30T10:00"}, id="env-now-feb-30"),
    case("status", "--kind", "benh_vien", id="status-bad-kind"),
    case("remind", "--format", "pdf", id="remind-bad-format"),
]  # fmt: skip

UNIT_FILE = ["units", "import", "{in}/units.csv"]
ENTRY_FILE = ["entries", "import", "{in}/entries.csv"]
REPORT_FILE = ["report", "import", "{in}/reports.csv"]


def units_file(maker: FileMaker, *, name: str = "units.csv", id: str) -> Any:
    return case("units", "import", f"{{in}}/{name}", files={name: maker}, id=id)


FILES = [
    units_file(text("name,kind\nĐơn vị X,phong\n"), id="units-csv-missing-column"),
    units_file(text("code,mã,name,kind\nX1,X1,Tên,phong\n"), id="units-csv-duplicate-headers"),
    # A header typed on two lines in Excel (Alt+Enter) is a common sight.
    units_file(text('code,"Mã\nđơn vị",name,kind\nX1,X1,Tên,phong\n'),
               id="units-csv-duplicate-headers-alt-enter"),
    units_file(raw(NOT_ANY_ENCODING), id="units-csv-wrong-encoding"),
    units_file(raw(b"\xff\xfe" + "code,name\nX1,Tên\n".encode("utf-16-le") + b"\x00"),
               id="units-csv-utf16-odd-length"),
    units_file(truncated_xlsx([["code", "name", "kind"], ["X1", "Tên", "phong"]]),
               name="units.xlsx", id="units-xlsx-truncated"),
    units_file(raw(OLE2), name="units.xlsx", id="units-xls-renamed-xlsx"),
    units_file(ods(), name="units.xlsx", id="units-ods-renamed-xlsx"),
    units_file(plain_zip(), name="units.xlsx", id="units-zip-not-a-workbook"),
    units_file(text("<html><body><table><tr><td>code</td></tr></table></body></html>"),
               name="units.xlsx", id="units-html-renamed-xlsx"),
    units_file(raw(PNG), name="units.csv", id="units-png-renamed-csv"),
    units_file(raw(bytes(4096)), id="units-only-nul-bytes"),
    units_file(raw(b""), id="units-empty-file"),
    units_file(text("\n\n  \n"), id="units-blank-lines"),
    units_file(folder(), id="units-directory"),
    case("units", "import", "{in}/khong-co.csv", id="units-missing-file"),
    case("units", "import", "{in}/test.db", files={}, id="units-import-the-database-itself"),
    units_file(units_csv("X1,Tên,phong,,1,,extra,cells"), id="units-row-longer-than-header"),
    units_file(units_csv('X1,"Tên chưa đóng,phong,,1,'), id="units-unclosed-quote"),
    units_file(units_csv("X1,Tên,benh_vien,,1,"), id="units-row-bad-kind"),
    units_file(units_csv("X1,Tên,phong,not-an-address,1,"), id="units-row-bad-email"),
    units_file(units_csv("X1,Tên,phong,,có lẽ,"), id="units-row-reports-maybe"),
    units_file(units_csv("X1,Tên,phong,,1,31/02/2026"), id="units-row-active-from-feb-31"),
    units_file(units_csv("X1,Tên,phong,,1,", "x1,Tên khác,phong,,1,"), id="units-row-code-twice"),
    units_file(units_csv('"=HYPERLINK(""http://x"",""y"")",Tên,phong,,1,'), id="units-row-formula-code"),
    units_file(units_csv("'; DROP TABLE unit;--,Tên,phong,,1,"), id="units-row-sql-code"),
    case(*UNIT_FILE, files={"units.csv": units_csv(f"X1,{'Đ' * 300_000},phong,,1,")},
         never=("ngoặc kép",), id="units-row-name-300k"),  # there is no quotation mark
    units_file(units_csv("X" * 100_000 + ",Tên,phong,,1,"), id="units-row-code-100k"),
    units_file(units_csv("X1,\u202e\u200b\x1b,phong,,1,"), id="units-row-name-only-controls"),
    units_file(xlsx([["code", "name", "kind"], ["X1", "Tên", 12345678901234567890]]),
               name="units.xlsx", id="units-xlsx-kind-huge-number"),
    case(*ENTRY_FILE, files={"entries.csv": text("unit,title,category,author_type\nBVA,T,du_an,ca_nhan\n")},
         id="entries-csv-missing-authors-column"),
    case(*ENTRY_FILE, files={"entries.csv": text(
        "unit,title,tên hồ sơ,category,author_type,authors\nBVA,T,T,du_an,ca_nhan,A\n")},
         id="entries-csv-duplicate-headers"),
    case("entries", "import", "{in}/e.xlsx", files={"e.xlsx": truncated_xlsx(
        [["unit", "title", "category", "author_type", "authors"], ["BVA", "T", "du_an", "ca_nhan", "A"]])},
         id="entries-xlsx-truncated"),
    case("entries", "import", "{in}/e.xlsx", files={"e.xlsx": raw(OLE2)}, id="entries-xls-renamed"),
    case(*ENTRY_FILE, files={"entries.csv": entries_csv("ZZZ,T,du_an,ca_nhan,A,,,")},
         id="entries-row-unit-nothing"),
    case(*ENTRY_FILE, files={"entries.csv": entries_csv("bv,T,du_an,ca_nhan,A,,,")},
         says=("'bv'",), id="entries-row-unit-several"),
    case(*ENTRY_FILE, files={"entries.csv": entries_csv("BVA,T,=1+1,ca_nhan,A,,,")},
         id="entries-row-category-formula"),
    case(*ENTRY_FILE, files={"entries.csv": entries_csv("BVA,T,du_an,ca_nhan,A,withdrawn,,")},
         id="entries-row-withdrawn"),
    case(*ENTRY_FILE, files={"entries.csv": entries_csv("BVA,T,du_an,ca_nhan,A,,2026-13-01,")},
         id="entries-row-applied-since-month-13"),
    case(*ENTRY_FILE, files={"entries.csv": entries_csv("BVA,T,du_an,ca_nhan,A,submitted,,01/07/2026")},
         id="entries-row-submitted-outside-window"),
    case(*ENTRY_FILE, files={"entries.csv": entries_csv("BVA,T,du_an,ca_nhan, ; ,,,")},
         id="entries-row-no-author"),
    case(*ENTRY_FILE, files={"entries.csv": entries_csv(f"BVA,{'T' * 1_000_000},du_an,ca_nhan,A,,,")},
         never=("ngoặc kép",), id="entries-row-title-1MB"),
    case(*ENTRY_FILE, files={"entries.csv": entries_csv(
        "BVA,T,du_an,ca_nhan,A,,,", "BVA,T,du_an,ca_nhan,A,đang bay,,")},
         id="entries-good-row-then-bad-status"),
    case(*REPORT_FILE, files={"reports.csv": text("unit,activities,reached,candidates,mobilized\nBVC,1,1,1,1\n")},
         id="reports-csv-missing-month"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("BVC,2026-13,1,1,1,1,,")},
         id="reports-row-month-13"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("BVC,31/02/2026,1,1,1,1,,")},
         id="reports-row-month-feb-31"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("BVC,06/2026,-5,1,1,1,,")},
         id="reports-row-negative"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv(f"BVC,06/2026,1,{'9' * 30},1,1,,")},
         id="reports-row-huge"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv(f"BVC,06/2026,1,{'9' * 5000},1,1,,")},
         never=("set_int_max_str_digits",), id="reports-row-5000-digits"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("BVC,06/2026,=1+1,1,1,1,,")},
         id="reports-row-formula-number"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("BVC,06/2026,1e3,1,1,1,,")},
         id="reports-row-exponent"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("bv,06/2026,1,1,1,1,,")},
         says=("'bv'",), id="reports-row-unit-several"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("BVC,06/2026,1,1,1,1,11/07/2026 09:00,")},
         id="reports-row-received-future"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("BVC,06/2026,1,1,1,1,,", "BVC,6/2026,2,2,2,2,,")},
         id="reports-row-twice"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("BVA,06/2026,1,1,1,1,,")},
         id="reports-row-already-filed"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv("BVC,01/2026,1,1,1,1,,")},
         id="reports-row-month-outside-campaign"),
    case(*REPORT_FILE, files={"reports.csv": reports_csv(f"BVC,06/2026,1,1,1,1,,{'x' * 5000}")},
         id="reports-row-summary-too-long"),
    case(*REPORT_FILE, "--received", "31/02/2026", files={"reports.csv": reports_csv("BVC,06/2026,1,1,1,1,,")},
         id="reports-import-received-feb-31"),
    case(*REPORT_FILE, "--month", "13/2026", files={"reports.csv": reports_csv("BVC,06/2026,1,1,1,1,,")},
         id="reports-import-claimed-month-13"),
    case(*REPORT_FILE, "--unit", "bv", files={"reports.csv": reports_csv("BVC,06/2026,1,1,1,1,,")},
         id="reports-import-claimed-unit-several"),
    case("report", "import", "{in}/form.xlsx", files={"form.xlsx": form(set_cell(0, "B10", "mười"))},
         id="form-figure-in-words"),
    case("report", "import", "{in}/form.xlsx", files={"form.xlsx": form(set_cell(0, "A11", "Số khác"))},
         id="form-label-changed"),
    case("report", "import", "{in}/form.xlsx", files={"form.xlsx": form(set_cell(0, "B5", "BVA"))},
         id="form-unit-cell-changed"),
    case("report", "import", "{in}/form.xlsx", files={"form.xlsx": form(set_cell("ytcontest", "D1", "2026-13"))},
         id="form-hidden-month-13"),
    case("report", "import", "{in}/form.xlsx", files={"form.xlsx": form(clear_meta_row())},
         id="form-hidden-row-cut"),
    case("report", "import", "{in}/form.xlsx", files={"form.xlsx": form(set_cell(0, "B11", 10**30))},
         id="form-figure-huge"),
    case("report", "import", "{in}/form.xlsx", "--unit", "BVA",
         files={"form.xlsx": form(lambda book: None)}, id="form-claimed-for-another-unit"),
    case("report", "import", "{in}", files={}, id="report-import-directory"),
    case("report", "import", "{in}/r.xlsx", files={"r.xlsx": corrupt_member(
        [["unit", "month", "activities", "reached", "candidates", "mobilized"]], "xl/workbook.xml")},
         id="reports-xlsx-damaged-inside"),
    case("units", "import", "{in}/u.xlsx", files={"u.xlsx": corrupt_member(
        [["code", "name", "kind"]], "xl/workbook.xml")}, id="units-xlsx-damaged-inside"),
    case("entries", "import", "{in}/e.xlsx", files={"e.xlsx": corrupt_member(
        [["unit", "title", "category", "author_type", "authors"]], "xl/worksheets/sheet1.xml")},
         id="entries-xlsx-sheet-damaged-inside"),
]  # fmt: skip

PATHS = [
    case("export", "units", "-o", "{in}/khong-co/units.csv", id="export-into-missing-folder"),
    case("export", "units", "-o", "{in}/d", files={"d": folder()}, id="export-onto-a-folder"),
    case("export", "units", "--format", "pdf", id="export-unknown-format"),
    case("export", "units", "-o", "{in}/units.pdf", id="export-unknown-extension"),
    case("export", "units", "--format", "xlsx", id="export-xlsx-to-stdout"),
    case("export", "workbook", "-o", "{in}/tong-hop.pdf", id="workbook-not-xlsx"),
    case("export", "workbook", "-o", "{in}/d.xlsx", files={"d.xlsx": folder()},
         id="workbook-onto-a-folder"),
    case("report", "template", "--unit", "BVA", "--month", "06/2026", "-o", "{in}/f.csv",
         id="template-not-xlsx"),
    case("report", "template", "--unit", "BVA", "--month", "06/2026", "-o", "{in}/d.xlsx",
         files={"d.xlsx": folder()}, id="template-onto-a-folder"),
    case("remind", "--format", "eml", id="remind-eml-without-folder"),
    case("remind", "--format", "eml", "-o", "{in}/f", files={"f": text("x")}, id="remind-eml-onto-a-file"),
    case("remind", "--month", "06/2026", "--format", "eml", "-o", "{in}/out", "--from",
         "khtc@example.vn\r\nBcc: ke-gian@example.com", id="remind-eml-header-injection"),
    case("db", "backup", "{in}/f", files={"f": text("x")}, id="backup-onto-existing-file"),
    case("db", "backup", "{in}/f/backup.db", files={"f": text("x")}, never=("File exists",),
         id="backup-under-a-file"),
    case("init", "--units", "{in}/bad.csv", files={"bad.csv": text("name,kind\nX,phong\n")},
         id="init-units-missing-column"),
    case("init", "--units", "{in}", id="init-units-directory"),
    case("--db", "{in}/cut.db", "db", "check", files={"cut.db": lambda p: p.write_bytes(
        (p.parent / "test.db").read_bytes()[:3000])}, id="db-check-truncated"),
    case("--db", "{in}/d", "status", files={"d": folder()}, id="db-is-a-folder"),
    case("--db", "{in}/units.csv", "status", files={"units.csv": units_csv("X1,Tên,phong,,1,")},
         id="db-is-a-csv"),
    case("--db", "{in}/khong-co.db", "status", id="db-does-not-exist"),
    case("--db", "", "status", id="db-empty"),
    case("--db", "sqlite://", "status", id="db-sqlite-memory-url"),
    case("--db", "postgresql+nosuchdriver://u:secret@h/db", "status", id="db-unknown-driver"),
    case("--db", "{in}/cut.db", "status", files={"cut.db": lambda p: p.write_bytes(
        (p.parent / "test.db").read_bytes()[:3000])}, id="db-truncated"),
    case("--db", "{in}/zero.db", "status", files={"zero.db": raw(b"SQLite format 3\x00" + bytes(4080))},
         id="db-header-then-zeros"),
]  # fmt: skip

DISK = [
    case("units", "add", "NEW", "Đơn vị mới", "--kind", "phong",
         stage="read_only", says=("chỉ cho phép đọc",), id="read-only-units-add"),
    case(*REPORT_BVC, *FIGURES,
         stage="read_only", says=("chỉ cho phép đọc",), id="read-only-report-add"),
    case(*ENTRY_BVC, *ENTRY_FULL,
         stage="read_only", says=("chỉ cho phép đọc",), id="read-only-entries-add"),
    case("campaign", "set", "name", "Tên mới",
         stage="read_only", says=("chỉ cho phép đọc",), id="read-only-campaign-set"),
    case("units", "import", "{in}/units.csv", files={"units.csv": units_csv("X1,Tên,phong,,1,")},
         stage="read_only", says=("chỉ cho phép đọc",), id="read-only-units-import"),
    case("units", "add", "NEW", "Đơn vị mới", "--kind", "phong",
         stage="full_disk", says=("đã đầy",), id="full-disk-units-add"),
    case(*REPORT_BVC, *FIGURES,
         stage="full_disk", says=("đã đầy",), id="full-disk-report-add"),
    case("units", "import", "{in}/units.csv", files={"units.csv": units_csv(
        *(f"N{i},Đơn vị số {i} {'x' * 150},phong,,1," for i in range(400)))},
         stage="full_disk", says=("đã đầy",), id="full-disk-units-import-many"),
    case(*REPORT_BVC, *FIGURES,
         stage="io_error_at_commit", says=("disk I/O error",), id="io-error-at-commit-report-add"),
    case(*ENTRY_BVC, *ENTRY_FULL,
         stage="io_error_at_commit", says=("disk I/O error",), id="io-error-at-commit-entries-add"),
    case("units", "add", "NEW", "Đơn vị mới", "--kind", "phong",
         stage="full_at_commit", says=("đã đầy",), id="full-at-commit-units-add"),
]  # fmt: skip

CORPUS = DATES + UNITS + NUMBERS + TEXTS + FILES + PATHS + DISK


def test_corpus_is_large_and_varied() -> None:
    assert len(CORPUS) >= 80
    commands = {
        next(a for a in p.values[0] if not a.startswith("-") and "{" not in a)
        for p in CORPUS
        if p.values[0] and p.values[0][0] not in ("--db", "--campaign", "--lang")
    }
    assert commands >= {"units", "entries", "report", "status", "remind", "export", "campaign",
                        "db", "log"}  # fmt: skip
    assert {p.values[3] for p in CORPUS} >= set(STAGES)


def _materialise(args: list[str], files: dict[str, FileMaker], where: Path) -> list[str]:
    where.mkdir(exist_ok=True)
    for name, make in files.items():
        make(where / name)
    return [arg.replace("{in}", str(where)) for arg in args]


def invoke(args: list[str], env: dict[str, str]) -> Result:
    """The CLI in-process, its output kept as a terminal would get it: ``color=True`` stops
    Click from stripping escape sequences, which only happens when output is not a terminal."""
    from ytcontest.cli.app import app

    return CliRunner().invoke(app, args, env=env, color=True)


@pytest.mark.parametrize(("args", "files", "env", "stage", "lang", "says", "never"), CORPUS)
def test_bad_input_is_refused_cleanly(
    database: Path | str, tmp_path: Path, args, files, env, stage, lang, says, never
) -> None:
    # A database file is an input of some cases (imported as a table, cut short): one in reach.
    where = tmp_path / "in"
    where.mkdir()
    database_file(database, where / "test.db")
    args = _materialise(args, files, where)
    with STAGES[stage](database, tmp_path) as db:
        before = dump(db)
        result = invoke(args, {**env, "YTCONTEST_DB": str(db)})
        after = dump(db)
    assert_clean_refusal(result, lang=lang)
    for fragment in says:
        assert fragment in result.stderr, f"the message should mention {fragment!r}"
    for fragment in never:
        assert fragment not in result.stderr, f"misleading message: {result.stderr[:500]}"
    assert after == before, "the database changed"
    if isinstance(db, Path):
        assert not list(db.parent.glob("*.db-journal")), "a journal was left behind"


# --- the same, as a user runs it: a real process ---------------------------------------------------

SUBPROCESS_CASES = [
    ["report", "add", "--unit", "BVC", "--month", "31/02/2026", *FIGURES],
    ["units", "show", "bv"],
    ["entries", "show", "99999999999999999999999"],
    ["units", "import", "{in}/units.xlsx"],
    ["--db", "{in}", "status"],
    ["remind", "--format", "pdf"],
]


@pytest.mark.parametrize("args", SUBPROCESS_CASES, ids=lambda a: " ".join(a)[:40])
def test_bad_input_in_a_real_process(database: Path | str, tmp_path: Path, args: list[str]) -> None:
    """No traceback reaches a real terminal either (stdin and stdout not a TTY here)."""
    where = tmp_path / "in"
    args = _materialise(args, {"units.xlsx": raw(OLE2)}, where)
    env = {k: v for k, v in os.environ.items() if not k.startswith("YTCONTEST_")}
    env.update(
        YTCONTEST_DB=str(database),
        YTCONTEST_NOW=TEST_NOW,
        YTCONTEST_USER="tester",
        PYTHONPATH=os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]),
    )
    before = dump(database)
    done = subprocess.run(
        [sys.executable, "-m", "ytcontest", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert dump(database) == before
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode in (1, 2), done.stderr
    if done.returncode == 1:
        lines = done.stderr.rstrip("\n").split("\n")
        assert lines[0].startswith("Lỗi: "), done.stderr
        assert all(line.startswith("  - ") for line in lines[1:]), done.stderr
        assert "YTCONTEST_DEBUG" not in done.stderr, done.stderr


def test_english_refusal_has_the_english_prefix(run, database: Path | str) -> None:
    result = run("--lang", "en", "report", "add", "--unit", "BVC", "--month", "2026-13", *FIGURES)
    assert_clean_refusal(result, lang="en")


def test_refused_init_leaves_no_database_behind(tmp_path: Path) -> None:
    """``init --units`` with a bad file is refused; the database it was to create must not be left
    behind half made (schema, no campaign), which every later command would trip over."""
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind\nX,phong\n", encoding="utf-8")
    target = tmp_path / "new.db"
    result = invoke(["--db", str(target), "init", "--units", str(bad)], {})
    assert_clean_refusal(result)
    assert not target.exists(), "a refused init left a database without a campaign behind"
