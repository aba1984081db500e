"""``entries``: adding, finding, changing, submitting, withdrawing and importing contest entries.

"Now" is 2026-07-10 10:00 Vietnam time (before the submission window, which runs from
2026-10-01 00:00 to 2026-11-01 00:00) unless a test moves it with YTCONTEST_NOW.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import assert_refused

ENTRY_KEYS = {
    "id",
    "unit",
    "title",
    "category",
    "author_type",
    "authors",
    "fields",
    "applied_since",
    "applied_at",
    "effect",
    "status",
    "submitted_at",
    "late_reason",
    "withdrawn_reason",
    "warnings",
    "created_at",
}

IN_WINDOW = "2026-10-15T09:00:00+07:00"
AFTER_WINDOW = "2026-11-20T09:00:00+07:00"

ENTRY_HEADER = "Mã đơn vị;Tên hồ sơ;Loại hồ sơ;Loại tác giả;Tác giả;Lĩnh vực;Áp dụng từ"


# --- helpers --------------------------------------------------------------------------------------


def add(run, *extra: str, unit: str = "BVA", title: str = "Phần mềm nhắc lịch tái khám", **opts):
    options = {
        "category": "san_pham",
        "author-type": "tap_the",
        "authors": "Nguyễn Văn A; Trần Thị B",
        **{k.replace("_", "-"): v for k, v in opts.items()},
    }
    args = ["--lang", "en", "entries", "add", "--unit", unit, "--title", title]
    for name, value in options.items():
        args += [f"--{name}", value]
    return run(*args, *extra)


def add_json(run, *extra: str, **opts) -> dict:
    result = add(run, *extra, "--json", **opts)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def entry(run, entry_id: int) -> dict:
    result = run("entries", "show", str(entry_id), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def entries(run, *args: str) -> list:
    result = run("entries", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def log(run) -> list:
    result = run("log", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def en(run, *args: str, **kwargs):
    return run("--lang", "en", *args, **kwargs)


def snapshot(run) -> tuple[str, str, str]:
    outputs = []
    for args in (("report", "list"), ("entries", "list"), ("log",)):
        result = run(*args, "--json")
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    return outputs[0], outputs[1], outputs[2]


# --- add ------------------------------------------------------------------------------------------


def test_entries_add_prints_a_sentence_with_the_id_and_the_title(run, db_path):
    # Scripts read the new entry with --json (the whole entry, id included).
    first = add(run)
    second = add(run, title="Giải pháp thứ hai")
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert first.stdout == "Entry 1 added for BVA: “Phần mềm nhắc lịch tái khám”.\n"
    assert second.stdout == "Entry 2 added for BVA: “Giải pháp thứ hai”.\n"


def test_entries_add_prints_the_sentence_in_vietnamese(run, db_path):
    result = run("entries", "add", "--unit", "BVA", "--title", "Bệnh án điện tử",
                 "--category", "san_pham", "--author-type", "tap_the", "--authors", "A")  # fmt: skip
    assert result.stdout == "Đã thêm hồ sơ số 1 của BVA: “Bệnh án điện tử”.\n"


def test_entries_add_warns_on_a_title_the_unit_already_has(run, db_path):
    add(run)
    again = add(run, title="phan mem nhac lich tai kham")  # same words, without diacritics
    assert again.exit_code == 0, again.output
    assert "BVA already has an entry with this title (number 1)" in again.stderr


def test_entries_add_does_not_warn_on_another_units_title(run, db_path):
    add(run)
    other = add(run, unit="BVC")
    assert other.exit_code == 0, other.output
    assert "already has an entry" not in other.stderr


def test_entries_add_json_has_exactly_the_contract_keys(run, db_path):
    record = add_json(run, field="cds", applied_since="01/03/2026", applied_at="Khoa Khám bệnh")
    assert set(record) == ENTRY_KEYS
    assert record == {
        "id": 1,
        "unit": "BVA",
        "title": "Phần mềm nhắc lịch tái khám",
        "category": "san_pham",
        "author_type": "tap_the",
        "authors": ["Nguyễn Văn A", "Trần Thị B"],
        "fields": ["cds"],
        "applied_since": "2026-03-01",
        "applied_at": "Khoa Khám bệnh",
        "effect": None,
        "status": "identified",
        "submitted_at": None,
        "late_reason": None,
        "withdrawn_reason": None,
        "warnings": [],
        "created_at": "2026-07-10T10:00:00+07:00",
    }


@pytest.mark.parametrize(
    "typed",
    ["giai_phap_quan_ly", "Giải pháp quản lý", "giai phap quan ly", "GIẢI PHÁP QUẢN LÝ"],
)
def test_entries_add_takes_the_category_by_id_or_vietnamese_label(run, db_path, typed):
    assert add_json(run, category=typed)["category"] == "giai_phap_quan_ly"


def test_entries_add_takes_a_category_label_that_holds_a_comma(run, db_path):
    typed = "Công trình nghiên cứu, ứng dụng thành tựu"
    assert add_json(run, category=typed)["category"] == "cong_trinh"


@pytest.mark.parametrize("typed", ["ca_nhan", "Cá nhân", "ca nhan"])
def test_entries_add_takes_the_author_type_by_id_or_vietnamese_label(run, db_path, typed):
    assert add_json(run, author_type=typed)["author_type"] == "ca_nhan"


def test_entries_add_takes_fields_by_id_and_by_label(run, db_path):
    record = add_json(
        run, "--field", "cds", "--field", "đổi mới sáng tạo", "--field", "chuyen doi xanh"
    )
    assert record["fields"] == ["cds", "dmst", "cdx"]


def test_entries_add_takes_the_science_field_by_its_label_that_holds_a_comma(run, db_path):
    # The label of khcn is "ứng dụng khoa học, công nghệ": its comma must not split it in two.
    record = add_json(run, "--field", "ứng dụng khoa học, công nghệ")
    assert record["fields"] == ["khcn"]


def test_entries_add_keeps_each_field_once(run, db_path):
    record = add_json(run, "--field", "cds", "--field", "chuyển đổi số")
    assert record["fields"] == ["cds"]


def test_entries_add_refuses_an_unknown_category_listing_the_choices(run, db_path):
    before = snapshot(run)
    result = add(run, category="phan mem")
    assert_refused(result, "the entry was not saved", "category", "'phan mem'", "giai_phap_quan_ly")
    assert snapshot(run) == before


def test_entries_add_refuses_an_unknown_author_type(run, db_path):
    before = snapshot(run)
    result = add(run, author_type="hoc sinh")
    assert_refused(result, "author type", "'hoc sinh'", "ca_nhan")
    assert snapshot(run) == before


def test_entries_add_refuses_an_unknown_field(run, db_path):
    before = snapshot(run)
    result = add(run, "--field", "y te")
    assert_refused(result, "fields", "'y te'", "khcn")
    assert snapshot(run) == before


def test_entries_add_refuses_an_unknown_unit(run, db_path):
    before = snapshot(run)
    result = add(run, unit="ZZZ")
    assert_refused(result, "no unit matches 'ZZZ'")
    assert snapshot(run) == before


def test_entries_add_refuses_authors_without_a_name(run, db_path):
    before = snapshot(run)
    result = add(run, authors=" ; ;")
    assert_refused(result, "the entry was not saved", "authors")
    assert snapshot(run) == before


def test_entries_add_keeps_the_authors_in_the_order_typed(run, db_path):
    assert add_json(run, authors="B; A; C")["authors"] == ["B", "A", "C"]


def test_entries_add_refuses_a_missing_title_as_usage(run, db_path):
    before = snapshot(run)
    result = en(
        run, "entries", "add", "--unit", "BVA", "--category", "du_an", "--author-type", "ca_nhan",
        "--authors", "A",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--title" in result.output
    assert snapshot(run) == before


def test_entries_add_refuses_a_date_that_does_not_exist(run, db_path):
    before = snapshot(run)
    result = add(run, applied_since="31/02/2026")
    assert_refused(result, "“31/02/2026” is not a date")
    assert snapshot(run) == before


def test_entries_add_is_logged(run, db_path):
    add_json(run)
    event = log(run)[0]
    assert (event["action"], event["object"], event["actor"]) == (
        "entry.add",
        "BVA/entry-1",
        "tester",
    )
    assert event["after"]["title"] == "Phần mềm nhắc lịch tái khám"


# --- the not_applied warning ----------------------------------------------------------------------


def test_entries_warns_not_applied_without_applied_since(run, db_path):
    assert add_json(run)["warnings"] == ["not_applied"]


def test_entries_warns_not_applied_when_applied_since_is_after_today(run, db_path):
    assert add_json(run, applied_since="01/08/2026")["warnings"] == ["not_applied"]


def test_entries_does_not_warn_when_applied_before_today(run, db_path):
    assert add_json(run, applied_since="01/03/2026")["warnings"] == []


def test_entries_warns_not_applied_when_applied_since_is_after_the_submission(
    run, db_path, monkeypatch
):
    monkeypatch.setenv("YTCONTEST_NOW", AFTER_WINDOW)
    created = add_json(
        run, "--status", "submitted", "--submitted-at", "15/10/2026 09:00",
        applied_since="20/10/2026",
    )  # fmt: skip
    assert created["warnings"] == ["not_applied"]
    assert entry(run, created["id"])["warnings"] == ["not_applied"]


def test_entries_does_not_warn_when_applied_on_the_day_of_submission(run, db_path, monkeypatch):
    monkeypatch.setenv("YTCONTEST_NOW", IN_WINDOW)
    created = add_json(run, applied_since="15/10/2026")
    assert en(run, "entries", "submit", str(created["id"])).exit_code == 0
    assert entry(run, created["id"])["warnings"] == []


# --- list and show --------------------------------------------------------------------------------


def test_entries_list_is_an_empty_json_list_without_entries(run, db_path):
    result = run("entries", "list", "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "[]"


def test_entries_list_json_rows_are_entry_json(run, db_path):
    created = add_json(run)
    assert entries(run) == [created]


def test_entries_list_filters_by_unit(run, db_path):
    add_json(run, unit="BVA")
    add_json(run, unit="BVC")
    add_json(run, unit="BVA")
    assert [e["id"] for e in entries(run, "--unit", "BVA")] == [1, 3]


def test_entries_list_filters_by_status(run, db_path):
    add_json(run)
    add_json(run, "--status", "preparing")
    assert [e["id"] for e in entries(run, "--status", "preparing")] == [2]
    assert [e["id"] for e in entries(run, "--status", "đã phát hiện")] == [1]


def test_entries_list_refuses_an_unknown_status(run, db_path):
    result = en(run, "entries", "list", "--status", "lost")
    assert_refused(result, "'lost'")


def test_entries_list_table_names_the_status_in_words(run, db_path):
    add_json(run)
    result = en(run, "entries", "list", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Phần mềm nhắc lịch tái khám" in result.stdout
    assert "identified" in result.stdout


def test_entries_show_json_is_the_entry(run, db_path):
    created = add_json(run)
    assert entry(run, 1) == created


def test_entries_show_table_shows_the_category_label(run, db_path):
    add_json(run, category="giai_phap_quan_ly")
    result = en(run, "entries", "show", "1")
    assert result.exit_code == 0, result.output
    assert "Management solution" in result.stdout


def test_entries_show_refuses_an_unknown_id(run, db_path):
    result = en(run, "entries", "show", "99")
    assert_refused(result, "no entry with the id 99")


# --- edit -----------------------------------------------------------------------------------------


def test_entries_edit_changes_the_values_given(run, db_path):
    add_json(run)
    result = en(run, "entries", "edit", "1", "--title", "Tên mới", "--field", "dmst")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Entry 1 updated."
    changed = entry(run, 1)
    assert (changed["title"], changed["fields"]) == ("Tên mới", ["dmst"])
    assert changed["authors"] == ["Nguyễn Văn A", "Trần Thị B"]


def test_entries_edit_is_logged_with_before_and_after(run, db_path):
    add_json(run)
    assert en(run, "entries", "edit", "1", "--title", "Tên mới").exit_code == 0
    event = log(run)[0]
    assert (event["action"], event["object"]) == ("entry.edit", "BVA/entry-1")
    assert event["before"]["title"] == "Phần mềm nhắc lịch tái khám"
    assert event["after"]["title"] == "Tên mới"


def test_entries_edit_with_the_same_values_changes_nothing(run, db_path):
    add_json(run)
    before = snapshot(run)
    result = en(run, "entries", "edit", "1", "--category", "Sản phẩm")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Nothing changed: entry 1 already has these values."
    assert snapshot(run) == before


def test_entries_edit_moves_the_status_to_preparing(run, db_path):
    add_json(run)
    assert en(run, "entries", "edit", "1", "--status", "preparing").exit_code == 0
    assert entry(run, 1)["status"] == "preparing"


def test_entries_edit_refuses_submitted_as_a_status(run, db_path):
    add_json(run)
    before = snapshot(run)
    result = en(run, "entries", "edit", "1", "--status", "submitted")
    assert_refused(result, "entries submit")
    assert snapshot(run) == before


def test_entries_edit_refuses_a_withdrawn_entry(run, db_path):
    add_json(run)
    assert en(run, "entries", "withdraw", "1", "--reason", "Trùng").exit_code == 0
    before = snapshot(run)
    result = en(run, "entries", "edit", "1", "--title", "Tên mới")
    assert_refused(result, "entry 1 was withdrawn")
    assert snapshot(run) == before


def test_entries_edit_refuses_nothing_to_change(run, db_path):
    add_json(run)
    before = snapshot(run)
    result = en(run, "entries", "edit", "1")
    assert_refused(result, "nothing to change")
    assert snapshot(run) == before


def test_entries_edit_refuses_an_unknown_category(run, db_path):
    add_json(run)
    before = snapshot(run)
    result = en(run, "entries", "edit", "1", "--category", "xyz")
    assert_refused(result, "'xyz'")
    assert snapshot(run) == before


# --- submit ---------------------------------------------------------------------------------------


def test_entries_submit_inside_the_window_is_recorded(run, db_path, monkeypatch):
    add_json(run, applied_since="01/03/2026")
    monkeypatch.setenv("YTCONTEST_NOW", IN_WINDOW)
    result = en(run, "entries", "submit", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Entry 1 submitted on 15/10/2026 09:00."
    submitted = entry(run, 1)
    assert submitted["status"] == "submitted"
    assert submitted["submitted_at"] == IN_WINDOW
    assert submitted["late_reason"] is None


def test_entries_submit_inside_the_window_refuses_a_late_reason(run, db_path, monkeypatch):
    add_json(run, applied_since="01/03/2026")
    monkeypatch.setenv("YTCONTEST_NOW", IN_WINDOW)
    before = snapshot(run)
    result = en(run, "entries", "submit", "1", "--late-reason", "Nộp muộn")
    assert_refused(result, "inside the submission window", "leave out --late-reason")
    assert snapshot(run) == before


def test_entries_submit_at_a_past_time_inside_the_window(run, db_path, monkeypatch):
    add_json(run)
    monkeypatch.setenv("YTCONTEST_NOW", AFTER_WINDOW)
    result = en(run, "entries", "submit", "1", "--at", "31/10/2026 23:59:59")
    assert result.exit_code == 0, result.output
    assert entry(run, 1)["submitted_at"] == "2026-10-31T23:59:59+07:00"


def test_entries_submit_at_the_first_instant_of_the_window(run, db_path, monkeypatch):
    add_json(run)
    monkeypatch.setenv("YTCONTEST_NOW", IN_WINDOW)
    result = en(run, "entries", "submit", "1", "--at", "2026-09-30T17:00:00Z")
    assert result.exit_code == 0, result.output
    assert entry(run, 1)["submitted_at"] == "2026-10-01T00:00:00+07:00"


def test_entries_submit_before_the_window_is_refused(run, db_path):
    add_json(run)
    before = snapshot(run)
    result = en(run, "entries", "submit", "1")
    assert_refused(result, "outside the submission window", "--late-reason")
    assert snapshot(run) == before


def test_entries_submit_when_the_window_has_closed_is_refused(run, db_path, monkeypatch):
    add_json(run)
    monkeypatch.setenv("YTCONTEST_NOW", AFTER_WINDOW)
    before = snapshot(run)
    result = en(run, "entries", "submit", "1", "--at", "01/11/2026 00:00")
    assert_refused(result, "outside the submission window")
    assert snapshot(run) == before


def test_entries_submit_outside_the_window_with_a_late_reason_is_recorded(
    run, db_path, monkeypatch
):
    add_json(run)
    monkeypatch.setenv("YTCONTEST_NOW", AFTER_WINDOW)
    result = en(run, "entries", "submit", "1", "--late-reason", "Thủ trưởng đi công tác")
    assert result.exit_code == 0, result.output
    submitted = entry(run, 1)
    assert submitted["status"] == "submitted"
    assert submitted["submitted_at"] == AFTER_WINDOW
    assert submitted["late_reason"] == "Thủ trưởng đi công tác"


def test_entries_submit_late_reason_is_kept_in_the_log(run, db_path, monkeypatch):
    add_json(run)
    monkeypatch.setenv("YTCONTEST_NOW", AFTER_WINDOW)
    assert en(run, "entries", "submit", "1", "--late-reason", "Nộp bù").exit_code == 0
    event = log(run)[0]
    assert (event["action"], event["object"]) == ("entry.submit", "BVA/entry-1")
    assert event["before"]["status"] == "identified"
    assert event["after"]["status"] == "submitted"
    assert event["after"]["late_reason"] == "Nộp bù"


def test_entries_submit_twice_is_refused(run, db_path, monkeypatch):
    add_json(run)
    monkeypatch.setenv("YTCONTEST_NOW", IN_WINDOW)
    assert en(run, "entries", "submit", "1").exit_code == 0
    before = snapshot(run)
    result = en(run, "entries", "submit", "1")
    assert_refused(result, "entry 1 was already submitted")
    assert snapshot(run) == before


def test_entries_submit_in_the_future_is_refused(run, db_path, monkeypatch):
    add_json(run)
    monkeypatch.setenv("YTCONTEST_NOW", IN_WINDOW)
    before = snapshot(run)
    result = en(run, "entries", "submit", "1", "--at", "20/10/2026 09:00")
    assert_refused(result, "in the future")
    assert snapshot(run) == before


def test_entries_submit_of_a_withdrawn_entry_is_refused(run, db_path, monkeypatch):
    add_json(run)
    assert en(run, "entries", "withdraw", "1", "--reason", "Trùng").exit_code == 0
    monkeypatch.setenv("YTCONTEST_NOW", IN_WINDOW)
    before = snapshot(run)
    result = en(run, "entries", "submit", "1")
    assert_refused(result, "entry 1 was withdrawn")
    assert snapshot(run) == before


def test_entries_submit_refuses_an_unknown_id(run, db_path):
    result = en(run, "entries", "submit", "42")
    assert_refused(result, "no entry with the id 42")


def test_entries_add_as_submitted_outside_the_window_is_refused(run, db_path):
    before = snapshot(run)
    result = add(run, "--status", "submitted")
    assert_refused(result, "outside the submission window")
    assert snapshot(run) == before


def test_entries_add_as_submitted_inside_the_window_is_recorded(run, db_path, monkeypatch):
    monkeypatch.setenv("YTCONTEST_NOW", IN_WINDOW)
    record = add_json(run, "--status", "submitted")
    assert (record["status"], record["submitted_at"]) == ("submitted", IN_WINDOW)


# --- withdraw -------------------------------------------------------------------------------------


def test_entries_withdraw_without_a_reason_is_a_usage_error(run, db_path):
    add_json(run)
    before = snapshot(run)
    result = en(run, "entries", "withdraw", "1")
    assert result.exit_code == 2
    assert "--reason" in result.output
    assert "Traceback" not in result.output
    assert snapshot(run) == before


def test_entries_withdraw_with_an_empty_reason_is_refused(run, db_path):
    add_json(run)
    before = snapshot(run)
    result = en(run, "entries", "withdraw", "1", "--reason", "  ")
    assert_refused(result, "--reason")
    assert snapshot(run) == before


def test_entries_withdraw_keeps_the_reason(run, db_path):
    add_json(run)
    result = en(run, "entries", "withdraw", "1", "--reason", "Trùng với hồ sơ 9")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Entry 1 withdrawn."
    withdrawn = entry(run, 1)
    assert (withdrawn["status"], withdrawn["withdrawn_reason"]) == (
        "withdrawn",
        "Trùng với hồ sơ 9",
    )


def test_entries_withdraw_is_logged(run, db_path):
    add_json(run)
    assert en(run, "entries", "withdraw", "1", "--reason", "Trùng").exit_code == 0
    event = log(run)[0]
    assert event["action"] == "entry.withdraw"
    assert event["after"]["withdrawn_reason"] == "Trùng"


def test_entries_withdraw_twice_is_refused(run, db_path):
    add_json(run)
    assert en(run, "entries", "withdraw", "1", "--reason", "Trùng").exit_code == 0
    before = snapshot(run)
    result = en(run, "entries", "withdraw", "1", "--reason", "Lần nữa")
    assert_refused(result, "entry 1 was already withdrawn")
    assert snapshot(run) == before


# --- import ---------------------------------------------------------------------------------------


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_entries_import_adds_every_row(run, db_path, tmp_path):
    path = write(
        tmp_path / "ho-so.csv",
        ENTRY_HEADER + "\n"
        "BVA;Phần mềm A;Sản phẩm;Tập thể;Nguyễn B;chuyển đổi số;01/03/2026\n"
        "BVC;Giải pháp B;giai phap quan ly;ca nhan;Lê C;dmst;\n",
    )
    result = en(run, "entries", "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Imported: 2 entries (numbers 1 to 2)."
    rows = entries(run)
    assert [(e["unit"], e["title"], e["category"], e["author_type"]) for e in rows] == [
        ("BVA", "Phần mềm A", "san_pham", "tap_the"),
        ("BVC", "Giải pháp B", "giai_phap_quan_ly", "ca_nhan"),
    ]
    assert rows[0]["fields"] == ["cds"]
    assert rows[0]["applied_since"] == "2026-03-01"


def test_entries_import_keeps_the_authors_of_a_cell_in_order(run, db_path, tmp_path):
    path = write(
        tmp_path / "ho-so.csv",
        'unit,title,category,author_type,authors\nBVA,Tên,du_an,tap_the,"C; A; B"\n',
    )
    assert en(run, "entries", "import", str(path)).exit_code == 0
    assert entries(run)[0]["authors"] == ["C", "A", "B"]


def test_entries_import_takes_the_science_field_label_that_holds_a_comma(run, db_path, tmp_path):
    path = write(
        tmp_path / "ho-so.csv",
        "unit,title,category,author_type,authors,fields\n"
        'BVA,Tên,du_an,tap_the,A,"ứng dụng khoa học, công nghệ; chuyển đổi số"\n',
    )
    result = en(run, "entries", "import", str(path))
    assert result.exit_code == 0, result.output
    assert entries(run)[0]["fields"] == ["khcn", "cds"]


def test_entries_import_one_bad_row_writes_nothing_and_names_the_row(run, db_path, tmp_path):
    path = write(
        tmp_path / "ho-so.csv",
        ENTRY_HEADER + "\n"
        "BVA;Phần mềm A;san_pham;tap_the;A;cds;\n"
        "BVC;Giải pháp B;phan mem;ca_nhan;B;;\n"
        "BVGT;Giải pháp C;du_an;ca_nhan;C;;\n",
    )
    before = snapshot(run)
    result = en(run, "entries", "import", str(path))
    assert_refused(result, "ho-so.csv: 1 problems; nothing was imported", "row 3", "'phan mem'")
    assert "row 2" not in result.stderr and "row 4" not in result.stderr
    assert snapshot(run) == before


def test_entries_import_dry_run_writes_nothing(run, db_path, tmp_path):
    path = write(
        tmp_path / "ho-so.csv",
        ENTRY_HEADER + "\nBVA;Phần mềm A;san_pham;tap_the;A;cds;\n",
    )
    before = snapshot(run)
    result = en(run, "entries", "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Dry run, nothing written: 1 entries would be added."
    assert snapshot(run) == before


def test_entries_import_refuses_a_withdrawn_row(run, db_path, tmp_path):
    path = write(
        tmp_path / "ho-so.csv",
        "unit,title,category,author_type,authors,status\nBVA,Tên,du_an,tap_the,A,withdrawn\n",
    )
    before = snapshot(run)
    result = en(run, "entries", "import", str(path))
    assert_refused(result, "row 2")
    assert snapshot(run) == before


def test_entries_import_reads_utf16(run, db_path, tmp_path):
    text = ENTRY_HEADER.replace(";", "\t") + "\nBVA\tPhần mềm A\tSản phẩm\tTập thể\tA\t\t\n"
    path = write(tmp_path / "ho-so.txt", text, "utf-16")
    assert en(run, "entries", "import", str(path)).exit_code == 0
    assert entries(run)[0]["title"] == "Phần mềm A"


def test_entries_show_writes_dates_day_first_for_people(run, db_path):
    add_json(run, applied_since="01/03/2026")
    out = run("entries", "show", "1").stdout
    assert "01/03/2026" in out
    assert "10/07/2026 10:00" in out  # created, in Vietnam time
    assert "2026-03-01" not in out and "T10:00" not in out


def test_entries_submit_outside_the_window_names_it_as_the_letter_does(run, db_path):
    # The window closes at 00:00 on 01/11: everywhere else that is "until the end of 31/10".
    add_json(run)
    result = run("entries", "submit", "1")
    assert result.exit_code == 1, result.output
    assert "(từ 01/10/2026 đến hết ngày 31/10/2026)" in result.stderr
    assert "00:00" not in result.stderr
