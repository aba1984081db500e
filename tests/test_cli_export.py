"""``export units|entries|reports|status``: CSV, XLSX and JSON, read back and checked exactly."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.helpers import build_once, copy_database
from ytcontest.domain.i18n import catalog

BOM = b"\xef\xbb\xbf"
DATASETS = ("units", "entries", "reports", "status")
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)"]

EN_HEADERS = {
    "units": [
        "Code", "Unit", "Kind", "Group", "E-mail", "Phone", "Reports required", "Active from",
        "Active until", "Active",
    ],
    "entries": [
        "No.", "Unit", "Title", "Category", "Author type", "Authors", "Fields", "Applied since",
        "Applied at", "Effect", "Status", "Submitted", "Late reason", "Reason withdrawn",
        "Warnings", "Created",
    ],
    "reports": [
        "Unit", "Month", "Received", "Deadline", "Timeliness", "Days late",
        "Publicity activities", "People reached", "Candidate ideas found", "Entries mobilised",
        "Document number", "Summary", "Difficulties", "Revision",
    ],
    "status": [
        "Code", "Unit", "Kind", "Report", "Received", "Days late", "Entries", "Submitted",
        "Nomination", "Flags",
    ],
}  # fmt: skip
# The message ids behind the headers (the report figures reuse lower-case field labels, which a
# header starts with a capital: see cap()).
HEADER_IDS = {
    **EN_HEADERS,
    "reports": [
        "Unit", "Month", "Received", "Deadline", "Timeliness", "Days late",
        "publicity activities", "people reached", "candidate ideas found", "entries mobilised",
        "document number", "summary", "difficulties", "Revision",
    ],
}  # fmt: skip


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- helpers ----------------------------------------------------------------------------------


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def refused(result: Any) -> Any:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(("Lỗi:", "Error:")), result.stderr
    return result


def read_csv_file(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def read_csv_text(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def row_of(rows: list[list[str]], first: str) -> list[str]:
    matches = [r for r in rows if r and r[0] == first]
    assert len(matches) == 1, (first, rows)
    return matches[0]


def sheet_rows(path: Path) -> list[list[Any]]:
    ws = load_workbook(path).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --- data -------------------------------------------------------------------------------------


def fill(run: Any) -> None:
    """BVA on time (hostile summary), VP late, one entry of BVA with a hostile title and authors."""
    ok(run("init"))
    ok(
        run(
            "report", "add", "--unit", "BVA", "--month", "06/2026",
            "--received", "24/06/2026 10:00", "--activities", "3", "--reached", "250",
            "--candidates", "4", "--mobilized", "2", "--summary", '=HYPERLINK("http://x","y")',
        )
    )  # fmt: skip
    ok(
        run(
            "report", "add", "--unit", "VP", "--month", "06/2026",
            "--received", "26/06/2026 09:30", "--activities", "1", "--reached", "20",
            "--candidates", "1", "--mobilized", "0", "--summary", "Đã phổ biến tại giao ban",
        )
    )  # fmt: skip
    ok(
        run(
            "entries", "add", "--unit", "BVA", "--title", "+1+2", "--category", "san_pham",
            "--author-type", "tap_the", "--authors", "@SUM(A1); Nguyễn Văn B",
            "--applied-since", "01/03/2026",
        )
    )  # fmt: skip


def fill_hostile(run: Any) -> None:
    """One unit, entry and report per formula trigger, each holding the text verbatim."""
    ok(run("init"))
    for index, text in enumerate(HOSTILE, start=1):
        code = f"EVIL{index}"
        ok(run("units", "add", "--kind", "don_vi", "--active-from", "01/01/2026", "--", code, text))
        ok(
            run(
                "entries", "add", "--unit", code, f"--title={text}", "--category", "san_pham",
                "--author-type", "tap_the", f"--authors={text}; B",
            )
        )  # fmt: skip
        ok(
            run(
                "report", "add", "--unit", code, "--month", "06/2026",
                "--received", "24/06/2026 10:00", "--activities", "3", "--reached", "250",
                "--candidates", "4", "--mobilized", "2", f"--summary={text}",
            )
        )  # fmt: skip


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The databases the tests start from, built once per module; each test gets its own copy."""
    return {
        name: build_once(tmp_path_factory, name, lambda run, _setenv, build=build: build(run))[0]
        for name, build in (("filled", fill), ("hostile", fill_hostile))
    }  # fmt: skip


@pytest.fixture
def filled(templates: dict[str, Path], tmp_path: Path) -> Path:
    return copy_database(templates["filled"], tmp_path)


@pytest.fixture
def hostile(templates: dict[str, Path], tmp_path: Path) -> Path:
    return copy_database(templates["hostile"], tmp_path)


# --- CSV to a file ----------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", DATASETS)
def test_csv_file_starts_with_a_bom(filled: Path, run: Any, tmp_path: Path, dataset: str) -> None:
    out = tmp_path / f"{dataset}.csv"
    ok(run("export", dataset, "-o", str(out)))
    assert out.read_bytes().startswith(BOM)


@pytest.mark.parametrize("dataset", DATASETS)
def test_csv_file_without_bom_when_asked(
    filled: Path, run: Any, tmp_path: Path, dataset: str
) -> None:
    with_bom, without = tmp_path / "with.csv", tmp_path / "without.csv"
    ok(run("export", dataset, "-o", str(with_bom)))
    ok(run("export", dataset, "-o", str(without), "--no-bom"))
    assert not without.read_bytes().startswith(BOM)
    assert with_bom.read_bytes() == BOM + without.read_bytes()


@pytest.mark.parametrize("dataset", DATASETS)
def test_csv_file_lines_end_with_crlf(filled: Path, run: Any, tmp_path: Path, dataset: str) -> None:
    out = tmp_path / f"{dataset}.csv"
    ok(run("export", dataset, "-o", str(out)))
    data = out.read_bytes()
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")


def test_csv_file_reports_the_row_count_on_stderr(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    result = ok(run("--lang", "en", "export", "reports", "-o", str(out)))
    assert result.stdout == ""
    assert result.stderr == f"2 rows written to {out}\n"


def test_csv_file_to_a_relative_name_in_the_current_folder(
    filled: Path, run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    ok(run("export", "units", "-o", "donvi.csv"))
    assert files_in(folder) == {"donvi.csv"}
    assert (folder / "donvi.csv").read_bytes().startswith(BOM)


def test_exported_file_gets_the_usual_permissions(filled: Path, run: Any, tmp_path: Path) -> None:
    # A file shared on the Department's server must be readable as any file the user makes.
    previous = os.umask(0o022)
    try:
        out = tmp_path / "u.csv"
        ok(run("export", "units", "-o", str(out)))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


# --- CSV to stdout ----------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", DATASETS)
def test_csv_to_stdout_by_default_has_no_bom(filled: Path, run: Any, dataset: str) -> None:
    result = ok(run("--lang", "en", "export", dataset))
    assert not result.stdout_bytes.startswith(BOM)
    assert read_csv_text(result.stdout)[0] == [cap(h) for h in HEADER_IDS[dataset]]


@pytest.mark.parametrize("dataset", DATASETS)
def test_csv_to_stdout_with_dash_has_no_bom(filled: Path, run: Any, dataset: str) -> None:
    result = ok(run("--lang", "en", "export", dataset, "-o", "-"))
    assert not result.stdout_bytes.startswith(BOM)
    assert read_csv_text(result.stdout)[0] == [cap(h) for h in HEADER_IDS[dataset]]


def test_csv_to_stdout_has_nothing_else_on_it(filled: Path, run: Any) -> None:
    result = ok(run("export", "units", "-o", "-"))
    rows = read_csv_text(result.stdout)
    units = json.loads(ok(run("units", "list", "--all", "--json")).stdout)
    assert len(rows) == 1 + len(units)


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["units", "entries", "status"])
def test_headers_in_english_with_lang_en(
    filled: Path, run: Any, tmp_path: Path, dataset: str
) -> None:
    out = tmp_path / "x.csv"
    ok(run("--lang", "en", "export", dataset, "-o", str(out)))
    assert read_csv_file(out)[0] == EN_HEADERS[dataset]


def test_report_headers_in_english_are_capitalised_like_the_others(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "x.csv"
    ok(run("--lang", "en", "export", "reports", "-o", str(out)))
    assert read_csv_file(out)[0] == EN_HEADERS["reports"]


@pytest.mark.parametrize("dataset", DATASETS)
def test_headers_in_vietnamese_by_default(
    filled: Path, run: Any, tmp_path: Path, dataset: str
) -> None:
    out = tmp_path / "x.csv"
    ok(run("export", dataset, "-o", str(out)))
    vi = catalog("vi")
    missing = [h for h in HEADER_IDS[dataset] if h not in vi]
    assert missing == [], f"no Vietnamese text for {missing}"
    assert read_csv_file(out)[0] == [cap(vi[h]) for h in HEADER_IDS[dataset]]


def test_vietnamese_unit_header_reads_don_vi(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    ok(run("export", "units", "-o", str(out)))
    assert read_csv_file(out)[0][:2] == ["Mã", "Đơn vị"]


def test_vietnamese_report_headers_start_with_a_capital(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "x.csv"
    ok(run("export", "reports", "-o", str(out)))
    headers = read_csv_file(out)[0]
    assert [h for h in headers if not h[:1].isupper()] == []


# --- columns follow the JSON fields -----------------------------------------------------------


def test_units_csv_row_follows_unit_json(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    ok(run("--lang", "en", "export", "units", "-o", str(out)))
    bva = json.loads(ok(run("units", "show", "BVA", "--json")).stdout)
    assert row_of(read_csv_file(out), "BVA") == [
        "BVA", bva["name"], "affiliated unit", bva["group"] or "", "", "", "yes", "", "", "yes",
    ]  # fmt: skip


def test_units_csv_dates_are_day_first(filled: Path, run: Any, tmp_path: Path) -> None:
    ok(run("units", "add", "NEWU", "Đơn vị mới", "--kind", "don_vi", "--active-from", "05/06/2026"))
    out = tmp_path / "x.csv"
    ok(run("--lang", "en", "export", "units", "-o", str(out)))
    assert row_of(read_csv_file(out), "NEWU")[7] == "05/06/2026"


def test_entries_csv_row_follows_entry_json(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    ok(run("--lang", "en", "export", "entries", "-o", str(out)))
    assert row_of(read_csv_file(out), "1") == [
        "1", "BVA", "'+1+2", "Product", "Group of people", "'@SUM(A1); Nguyễn Văn B", "",
        "01/03/2026", "", "", "identified", "", "", "", "", "10/07/2026 10:00:00",
    ]  # fmt: skip


def test_reports_csv_rows_follow_report_json(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    ok(run("--lang", "en", "export", "reports", "-o", str(out)))
    rows = read_csv_file(out)
    assert sorted(rows[1:]) == [
        [
            "BVA", "06/2026", "24/06/2026 10:00:00", "before 25/06/2026", "on time", "0",
            "3", "250", "4", "2", "", "'=HYPERLINK(\"http://x\",\"y\")", "", "1",
        ],
        [
            "VP", "06/2026", "26/06/2026 09:30:00", "before 25/06/2026", "late by 2 days", "2",
            "1", "20", "1", "0", "", "Đã phổ biến tại giao ban", "", "1",
        ],
    ]  # fmt: skip


def test_reports_csv_lists_rows_in_the_order_of_report_list(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    # BVA was entered before VP, but the Department's order is offices first, then by code.
    out = tmp_path / "x.csv"
    ok(run("export", "reports", "-o", str(out)))
    listed = json.loads(ok(run("report", "list", "--json")).stdout)
    assert [r[0] for r in read_csv_file(out)[1:]] == [r["unit"] for r in listed]


def test_reports_csv_with_month_keeps_only_that_month(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    ok(
        run(
            "report", "add", "--unit", "BVA", "--month", "07/2026",
            "--received", "10/07/2026 08:00", "--activities", "1", "--reached", "1",
            "--candidates", "0", "--mobilized", "0",
        )
    )  # fmt: skip
    out = tmp_path / "x.csv"
    ok(run("export", "reports", "--month", "07/2026", "-o", str(out)))
    assert [(r[0], r[1]) for r in read_csv_file(out)[1:]] == [("BVA", "07/2026")]


def test_reports_csv_shows_latest_figures_of_an_amended_report(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    ok(
        run(
            "report", "add", "--unit", "BVA", "--month", "06/2026",
            "--received", "27/06/2026 08:00", "--activities", "5", "--reached", "300",
            "--candidates", "6", "--mobilized", "3", "--amend",
        )
    )  # fmt: skip
    out = tmp_path / "x.csv"
    ok(run("export", "reports", "-o", str(out)))
    bva = row_of(read_csv_file(out), "BVA")
    # Judged on the first revision (on time), figures of the latest, revision 2.
    assert (bva[2], bva[4], bva[5], bva[6:10], bva[13]) == (
        "24/06/2026 10:00:00", "đúng hạn", "0", ["5", "300", "6", "3"], "2",
    )  # fmt: skip


def test_status_csv_row_follows_status_json(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    ok(run("--lang", "en", "export", "status", "--month", "06/2026", "-o", str(out)))
    rows = read_csv_file(out)
    assert row_of(rows, "BVA") == [
        "BVA", "Bệnh viện A Thái Nguyên", "affiliated unit", "on time", "24/06/2026 10:00:00",
        "0", "1", "0", "on track", "",
    ]  # fmt: skip
    assert row_of(rows, "VP")[3:6] == ["late by 2 days", "26/06/2026 09:30:00", "2"]
    assert row_of(rows, "BVC")[3:] == ["missing", "", "", "0", "0", "no candidate",
                                       "report missing; no entry yet"]  # fmt: skip


def test_status_csv_has_one_row_per_unit_of_the_status_json(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "x.csv"
    ok(run("export", "status", "--month", "06/2026", "-o", str(out)))
    data = json.loads(ok(run("status", "--month", "2026-06", "--json")).stdout)
    assert [r[0] for r in read_csv_file(out)[1:]] == [u["code"] for u in data["units"]]


# --- status month -----------------------------------------------------------------------------


def test_status_without_month_covers_latest_month_past_its_deadline(filled: Path, run: Any) -> None:
    result = ok(run("export", "status", "--format", "json"))
    assert json.loads(result.stdout)["month"] == "2026-06"


def test_status_without_month_moves_on_once_a_deadline_passes(filled: Path, run: Any) -> None:
    at = ok(run("export", "status", "--format", "json",
                env={"YTCONTEST_NOW": "2026-08-25T00:00:00+07:00"}))  # fmt: skip
    before = ok(run("export", "status", "--format", "json",
                    env={"YTCONTEST_NOW": "2026-08-24T23:59:00+07:00"}))  # fmt: skip
    assert (json.loads(before.stdout)["month"], json.loads(at.stdout)["month"]) == (
        "2026-07",
        "2026-08",
    )


def test_status_without_month_before_any_deadline_asks_for_month(
    db_path: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "s.csv"
    result = refused(
        run("export", "status", "-o", str(out), env={"YTCONTEST_NOW": "2026-06-10T10:00:00+07:00"})
    )
    assert "--month" in result.stderr
    assert not out.exists()


def test_status_before_any_deadline_names_the_first_deadline_day_first(
    db_path: Path, run: Any
) -> None:
    result = refused(run("export", "status", env={"YTCONTEST_NOW": "2026-06-10T10:00:00+07:00"}))
    assert "25/06/2026" in result.stderr
    assert "T00:00:00" not in result.stderr  # people read dates day first, not ISO 8601


def test_status_with_month_outside_the_campaign_is_refused(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "s.csv"
    refused(run("export", "status", "--month", "01/2027", "-o", str(out)))
    assert not out.exists()


# --- JSON -------------------------------------------------------------------------------------


def test_units_json_equals_units_list_all(filled: Path, run: Any) -> None:
    ok(run("units", "add", "OLD", "Đơn vị đã giải thể", "--kind", "don_vi"))
    ok(run("units", "deactivate", "OLD", "--from", "01/07/2026"))
    exported = ok(run("export", "units", "--format", "json")).stdout
    assert json.loads(exported) == json.loads(ok(run("units", "list", "--all", "--json")).stdout)


def test_entries_json_equals_entries_list(filled: Path, run: Any) -> None:
    exported = ok(run("export", "entries", "--format", "json")).stdout
    assert json.loads(exported) == json.loads(ok(run("entries", "list", "--json")).stdout)


def test_reports_json_equals_report_list(filled: Path, run: Any) -> None:
    exported = ok(run("export", "reports", "--format", "json")).stdout
    assert json.loads(exported) == json.loads(ok(run("report", "list", "--json")).stdout)


def test_reports_json_with_month_equals_report_list_of_the_month(filled: Path, run: Any) -> None:
    exported = ok(run("export", "reports", "--month", "06/2026", "--format", "json")).stdout
    listed = ok(run("report", "list", "--month", "06/2026", "--json")).stdout
    assert json.loads(exported) == json.loads(listed)


def test_status_json_equals_status_of_the_month(filled: Path, run: Any) -> None:
    exported = ok(run("export", "status", "--month", "06/2026", "--format", "json")).stdout
    assert json.loads(exported) == json.loads(
        ok(run("status", "--month", "2026-06", "--json")).stdout
    )


def test_json_to_a_file_from_its_extension(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "ho-so.json"
    ok(run("export", "entries", "-o", str(out)))
    data = out.read_bytes()
    assert not data.startswith(BOM)
    assert json.loads(data) == json.loads(ok(run("entries", "list", "--json")).stdout)


def test_json_to_stdout_has_nothing_else_on_it(filled: Path, run: Any) -> None:
    result = ok(run("export", "units", "--format", "json"))
    json.loads(result.stdout)  # the whole of stdout parses


def test_json_of_no_entries_is_an_empty_list(db_path: Path, run: Any) -> None:
    assert ok(run("export", "entries", "--format", "json")).stdout.strip() == "[]"


# --- XLSX -------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", DATASETS)
def test_xlsx_format_comes_from_the_extension(
    filled: Path, run: Any, tmp_path: Path, dataset: str
) -> None:
    out = tmp_path / f"{dataset}.XLSX"
    ok(run("--lang", "en", "export", dataset, "-o", str(out)))
    assert zipfile.is_zipfile(out)
    assert sheet_rows(out)[0] == [cap(h) for h in HEADER_IDS[dataset]]


@pytest.mark.parametrize(
    ("dataset", "title"),
    [("units", "Units"), ("entries", "Entries"), ("reports", "Reports"), ("status", "Status")],
)
def test_xlsx_sheet_is_named_for_the_dataset(
    filled: Path, run: Any, tmp_path: Path, dataset: str, title: str
) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("--lang", "en", "export", dataset, "-o", str(out)))
    assert load_workbook(out).sheetnames == [title]


def test_xlsx_rows_match_the_json(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "units", "-o", str(out)))
    units = json.loads(ok(run("units", "list", "--all", "--json")).stdout)
    assert [r[0] for r in sheet_rows(out)[1:]] == [u["code"] for u in units]


def test_xlsx_report_figures_are_numbers(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "reports", "--month", "06/2026", "-o", str(out)))
    ws = load_workbook(out).active
    bva = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "BVA")
    assert [(c.value, c.data_type) for c in bva[5:10]] == [
        (0, "n"), (3, "n"), (250, "n"), (4, "n"), (2, "n"),
    ]  # fmt: skip
    assert (bva[13].value, bva[13].data_type) == (1, "n")


def test_xlsx_report_datetimes_are_real_datetimes_day_first(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "reports", "--month", "06/2026", "-o", str(out)))
    ws = load_workbook(out).active
    bva = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "BVA")
    received, deadline = bva[2], bva[3]
    assert (received.value, received.is_date) == (datetime(2026, 6, 24, 10, 0), True)
    assert (deadline.value, deadline.is_date) == (datetime(2026, 6, 25, 0, 0), True)
    assert received.number_format.startswith("DD/MM/YYYY")
    assert deadline.number_format.startswith("DD/MM/YYYY")


def test_xlsx_entry_date_is_a_real_date_day_first(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "entries", "-o", str(out)))
    ws = load_workbook(out).active
    applied = ws["H2"]
    assert (applied.value, applied.is_date, applied.number_format) == (
        datetime(2026, 3, 1),
        True,
        "DD/MM/YYYY",
    )


def test_xlsx_entry_id_is_a_number_and_text_is_text(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "entries", "-o", str(out)))
    ws = load_workbook(out).active
    assert [(c.value, c.data_type) for c in ws[2][:3]] == [(1, "n"), ("BVA", "s"), ("+1+2", "s")]


def test_xlsx_status_counts_are_numbers(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "status", "--month", "06/2026", "-o", str(out)))
    ws = load_workbook(out).active
    vp = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "VP")
    assert [(c.value, c.data_type) for c in (vp[5], vp[6], vp[7])] == [
        (2, "n"), (0, "n"), (0, "n"),
    ]  # fmt: skip


def test_xlsx_header_is_bold_and_frozen(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "units", "-o", str(out)))
    ws = load_workbook(out).active
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"


def test_xlsx_autofilter_covers_all_rows(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "status", "--month", "06/2026", "-o", str(out)))
    ws = load_workbook(out).active
    assert ws.auto_filter.ref == f"A1:J{ws.max_row}"
    assert ws.max_row > 2


def test_xlsx_column_widths_are_set(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "units", "-o", str(out)))
    ws = load_workbook(out).active
    widths = [ws.column_dimensions[letter].width for letter in "ABCDEFGHIJ"]
    assert all(w and w >= 6 for w in widths), widths
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width  # names vs codes


# --- hostile text -----------------------------------------------------------------------------


@pytest.mark.parametrize(("index", "text"), list(enumerate(HOSTILE, start=1)))
def test_csv_neutralises_a_hostile_unit_name(
    hostile: Path, run: Any, tmp_path: Path, index: int, text: str
) -> None:
    out = tmp_path / "x.csv"
    ok(run("export", "units", "-o", str(out)))
    assert row_of(read_csv_file(out), f"EVIL{index}")[1] == "'" + text


@pytest.mark.parametrize(("index", "text"), list(enumerate(HOSTILE, start=1)))
def test_csv_neutralises_a_hostile_status_unit_name(
    hostile: Path, run: Any, tmp_path: Path, index: int, text: str
) -> None:
    out = tmp_path / "x.csv"
    ok(run("export", "status", "--month", "06/2026", "-o", str(out)))
    assert row_of(read_csv_file(out), f"EVIL{index}")[1] == "'" + text


@pytest.mark.parametrize(("index", "text"), list(enumerate(HOSTILE, start=1)))
def test_csv_neutralises_a_hostile_entry_title_and_authors(
    hostile: Path, run: Any, tmp_path: Path, index: int, text: str
) -> None:
    out = tmp_path / "x.csv"
    ok(run("export", "entries", "-o", str(out)))
    row = row_of(read_csv_file(out), str(index))
    assert (row[2], row[5]) == ("'" + text, "'" + text + "; B")


@pytest.mark.parametrize(("index", "text"), list(enumerate(HOSTILE, start=1)))
def test_csv_neutralises_a_hostile_report_summary(
    hostile: Path, run: Any, tmp_path: Path, index: int, text: str
) -> None:
    out = tmp_path / "x.csv"
    ok(run("export", "reports", "-o", str(out)))
    assert row_of(read_csv_file(out), f"EVIL{index}")[11] == "'" + text


def test_csv_to_stdout_neutralises_hostile_text(hostile: Path, run: Any) -> None:
    rows = read_csv_text(ok(run("export", "units")).stdout)
    assert [row_of(rows, f"EVIL{i}")[1] for i in range(1, 5)] == ["'" + t for t in HOSTILE]


def test_json_keeps_hostile_text_verbatim(hostile: Path, run: Any) -> None:
    units = json.loads(ok(run("export", "units", "--format", "json")).stdout)
    names = {u["code"]: u["name"] for u in units}
    assert [names[f"EVIL{i}"] for i in range(1, 5)] == HOSTILE


@pytest.mark.parametrize(
    ("dataset", "column", "key"),
    [("units", 1, "EVIL{i}"), ("status", 1, "EVIL{i}"), ("entries", 2, "{i}"),
     ("reports", 11, "EVIL{i}")],
)  # fmt: skip
def test_xlsx_keeps_hostile_text_as_string_cells(
    hostile: Path, run: Any, tmp_path: Path, dataset: str, column: int, key: str
) -> None:
    out = tmp_path / "x.xlsx"
    args = ["--month", "06/2026"] if dataset == "status" else []
    ok(run("export", dataset, *args, "-o", str(out)))
    ws = load_workbook(out).active
    by_key = {str(row[0].value): row for row in ws.iter_rows(min_row=2)}
    cells = [by_key[key.format(i=i)][column] for i in range(1, 5)]
    assert [(c.value, c.data_type) for c in cells] == [(t, "s") for t in HOSTILE]


@pytest.mark.parametrize("dataset", DATASETS)
def test_xlsx_has_no_formula_in_the_sheet_xml(
    hostile: Path, run: Any, tmp_path: Path, dataset: str
) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", dataset, "-o", str(out)))
    with zipfile.ZipFile(out) as archive:
        xml = "".join(
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("xl/worksheets/")
        )
    assert "HYPERLINK" in xml  # the text is there...
    assert "<f>" not in xml and "<f " not in xml  # ...but never as a formula


# --- bad input --------------------------------------------------------------------------------


def test_unknown_format_is_refused(filled: Path, run: Any, tmp_path: Path) -> None:
    before = files_in(tmp_path)
    refused(run("export", "units", "--format", "pdf", "-o", str(tmp_path / "x.pdf")))
    assert files_in(tmp_path) == before


def test_unknown_extension_is_refused(filled: Path, run: Any, tmp_path: Path) -> None:
    before = files_in(tmp_path)
    refused(run("export", "units", "-o", str(tmp_path / "x.pdf")))
    assert files_in(tmp_path) == before


def test_unknown_format_to_stdout_is_refused(filled: Path, run: Any) -> None:
    result = refused(run("export", "units", "--format", "pdf"))
    assert result.stdout == ""


def test_xlsx_to_stdout_with_dash_is_refused(filled: Path, run: Any) -> None:
    result = refused(run("export", "units", "--format", "xlsx", "-o", "-"))
    assert result.stdout == ""


def test_xlsx_to_stdout_without_output_is_refused(filled: Path, run: Any) -> None:
    result = refused(run("export", "reports", "--format", "xlsx"))
    assert result.stdout == ""


def test_a_folder_as_output_is_refused(filled: Path, run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    refused(run("export", "units", "-o", str(folder)))
    assert files_in(folder) == set()


def test_a_folder_named_like_a_csv_file_is_refused(filled: Path, run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "donvi.csv"
    folder.mkdir()
    refused(run("export", "units", "-o", str(folder)))
    assert folder.is_dir() and files_in(folder) == set()
    assert [n for n in files_in(tmp_path) if n.startswith(".donvi")] == []


@pytest.mark.parametrize("name", ["x.csv", "x.xlsx", "x.json"])
def test_a_folder_that_does_not_exist_is_refused(
    filled: Path, run: Any, tmp_path: Path, name: str
) -> None:
    out = tmp_path / "missing" / name
    refused(run("export", "status", "--month", "06/2026", "-o", str(out)))
    assert not out.parent.exists()


def test_refused_export_leaves_an_existing_file_untouched(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "s.csv"
    out.write_bytes(b"old contents")
    run("export", "status", "--month", "01/2027", "-o", str(out))
    assert out.read_bytes() == b"old contents"


def test_a_refused_export_leaves_no_temporary_file(filled: Path, run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    refused(
        run("export", "status", "-o", str(folder / "s.csv"),
            env={"YTCONTEST_NOW": "2026-06-10T10:00:00+07:00"})
    )  # fmt: skip
    assert files_in(folder) == set()


def test_a_bad_month_is_refused(filled: Path, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    result = run("export", "reports", "--month", "13/2026", "-o", str(out))
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_refusal_is_in_english_with_lang_en(filled: Path, run: Any) -> None:
    result = refused(run("--lang", "en", "export", "units", "--format", "pdf"))
    assert result.stderr.startswith("Error: ")


def test_reports_csv_in_words_says_the_deadline_as_a_day(
    filled: Path, run: Any, tmp_path: Path
) -> None:
    # "25/06/2026 00:00:00" reads as due on the 25th; the Department's wording is "before the 25th".
    out = ok(run("export", "reports", "--month", "06/2026")).stdout
    assert "trước ngày 25/06/2026" in out
    assert "00:00:00" not in out.split("\n", 2)[1]


def test_reports_csv_with_codes_keeps_the_deadline_iso(filled: Path, run: Any) -> None:
    out = ok(run("export", "reports", "--month", "06/2026", "--codes")).stdout
    assert "2026-06-25T00:00:00+07:00" in out
