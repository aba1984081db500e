"""``units list|show|add|edit|deactivate|activate|import``."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest

from tests.helpers import assert_refused, build_once, copy_database

UNIT_KEYS = [
    "code",
    "name",
    "kind",
    "group",
    "email",
    "phone",
    "reports_required",
    "active_from",
    "active_to",
    "active",
]
SEED = Path(__file__).resolve().parents[1] / "data" / "seed_units.csv"


def seed_rows() -> list[dict]:
    with SEED.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_codes_where(test) -> list[str]:
    """Seed codes whose row passes ``test``, in the list's order: offices first, then by code."""
    rows = sorted(seed_rows(), key=lambda r: (r["kind"] != "phong", r["code"]))
    return [r["code"] for r in rows if test(r)]


# The hospitals: every "Bệnh viện ..." of the seed list ("bv" designates all of them).
BV_CODES = seed_codes_where(lambda r: r["name"].startswith("Bệnh viện"))


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory) -> Path:
    """One database made by ``init`` as the ``db_path`` fixture makes it (same clock, same user),
    copied for each test: running ``init`` for each of them is slow."""
    folder, _none = build_once(tmp_path_factory, "seeded", lambda run, _setenv: ok(run("init")))
    return folder


@pytest.fixture(autouse=True)
def seeded(seeded_template, tmp_path) -> Path:
    """Every test here starts from a database made by ``init`` with the seed units."""
    return copy_database(seeded_template, tmp_path)


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def listing(run, *args: str) -> list[dict]:
    return json.loads(ok(run("units", "list", "--json", *args)))


def everything(run) -> list[dict]:
    return listing(run, "--all")


def show(run, unit: str) -> dict:
    return json.loads(ok(run("units", "show", unit, "--json")))


def codes(units: list[dict]) -> list[str]:
    return [u["code"] for u in units]


def events(run, *args: str) -> list[dict]:
    return json.loads(ok(run("log", "--json", "--limit", "10000", *args)))


# --- list -----------------------------------------------------------------------------------------


def test_units_list_json_gives_every_active_seed_unit(run):
    assert sorted(codes(listing(run))) == sorted(r["code"] for r in seed_rows())


def test_units_list_json_has_exactly_the_contract_keys(run):
    for unit in listing(run):
        assert list(unit) == UNIT_KEYS


def test_units_list_json_gives_a_units_values(run):
    bva = next(u for u in listing(run) if u["code"] == "BVA")
    assert bva == {
        "code": "BVA",
        "name": "Bệnh viện A Thái Nguyên",
        "kind": "don_vi",
        "group": "Bệnh viện tuyến tỉnh",
        "email": None,
        "phone": None,
        "reports_required": True,
        "active_from": None,
        "active_to": None,
        "active": True,
    }


def test_units_list_keeps_a_seed_unit_that_sends_no_report(run):
    khtc = next(u for u in listing(run) if u["code"] == "KHTC")
    assert khtc["reports_required"] is False


def test_units_list_puts_offices_first_then_affiliated_units_each_by_code(run):
    units = listing(run)
    kinds = [u["kind"] for u in units]
    offices = kinds.count("phong")
    assert kinds == ["phong"] * offices + ["don_vi"] * (len(kinds) - offices)
    assert codes(units[:offices]) == sorted(codes(units[:offices]))
    assert codes(units[offices:]) == sorted(codes(units[offices:]))


def test_units_list_leaves_out_inactive_units_by_default(run):
    ok(run("units", "deactivate", "BVC", "--from", "01/07/2026"))
    assert "BVC" not in codes(listing(run))


def test_units_list_all_adds_inactive_units(run):
    ok(run("units", "deactivate", "BVC", "--from", "01/07/2026"))
    bvc = next(u for u in listing(run, "--all") if u["code"] == "BVC")
    assert (bvc["active"], bvc["active_to"]) == (False, "2026-06-30")


@pytest.mark.parametrize("kind", ["phong", "don_vi"])
def test_units_list_kind_keeps_that_kind_only(run, kind):
    units = listing(run, "--kind", kind)
    assert units
    assert {u["kind"] for u in units} == {kind}
    assert len(units) == sum(1 for r in seed_rows() if r["kind"] == kind)


def test_units_list_refuses_an_unknown_kind(run):
    # Issue 12 review: a kind is read like the imports read it; an unknown one is a refusal.
    result = run("units", "list", "--kind", "benh_vien")
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_units_list_search_finds_words_of_the_name_with_diacritics(run):
    expected = seed_codes_where(lambda r: "Bắc Kạn" in r["name"])
    assert len(expected) > 1
    assert codes(listing(run, "--search", "Bắc Kạn")) == expected


def test_units_list_search_finds_the_same_without_diacritics(run):
    assert codes(listing(run, "--search", "bac kan")) == codes(listing(run, "--search", "Bắc Kạn"))


def test_units_list_search_ignores_diacritics_and_case(run):
    with_marks = codes(listing(run, "--search", "Trung tâm Y tế khu vực"))
    without = codes(listing(run, "--search", "TRUNG TAM Y TE KHU VUC"))
    assert with_marks == without
    assert len(with_marks) == sum(1 for r in seed_rows() if r["code"].startswith("TTYT-"))


def test_units_list_search_finds_a_code(run):
    assert codes(listing(run, "--search", "khtc")) == ["KHTC"]


def test_units_list_search_reads_initials(run):
    assert codes(listing(run, "--search", "bv a")) == ["BVA"]


def test_units_list_search_with_no_match_prints_an_empty_json_list(run):
    result = run("units", "list", "--json", "--search", "không có đơn vị này")
    assert ok(result) == "[]\n"


def test_units_list_with_no_match_says_so_in_a_table(run):
    result = run("--lang", "en", "units", "list", "--search", "zzzz")
    assert "No unit found." in ok(result)


def test_units_list_format_csv_parses_with_the_csv_module(run):
    result = run("--lang", "en", "units", "list", "--format", "csv")
    rows = list(csv.reader(io.StringIO(ok(result))))
    header, data = rows[0], rows[1:]
    assert header[0] == "Code"
    assert len(header) == len(UNIT_KEYS)
    assert [row[0] for row in data] == codes(listing(run))
    assert all(len(row) == len(header) for row in data)


def test_units_list_csv_keeps_commas_inside_names(run):
    result = run("units", "list", "--format", "csv", "--search", "TTKN")
    rows = list(csv.reader(io.StringIO(ok(result))))
    assert rows[1][1] == "Trung tâm Kiểm nghiệm Thuốc, Mỹ phẩm, Thực phẩm tỉnh Thái Nguyên"


def test_units_list_csv_does_not_let_a_name_run_as_a_formula(run):
    ok(add(run, "MOI", '=HYPERLINK("http://example.invalid","Đơn vị")', "--kind", "don_vi"))
    result = run("units", "list", "--format", "csv", "--search", "MOI")
    rows = list(csv.reader(io.StringIO(ok(result))))
    assert rows[1][0] == "MOI"
    assert not rows[1][1].startswith(("=", "+", "-", "@"))


def test_units_list_table_shows_codes_and_names(run):
    out = ok(run("--lang", "en", "units", "list", "--search", "bv a"))
    assert "BVA" in out and "Bệnh viện A" in out


def test_units_list_table_prints_emoji_codes_in_names_as_typed(run):
    # Rich would turn ":hospital:" into a picture; a unit's name is shown as it was written.
    ok(run("units", "add", "EMO", "Trạm :hospital: số 1", "--kind", "don_vi"))
    out = ok(run("units", "list", "--search", "EMO"))
    assert "Trạm :hospital: số 1" in out


# --- show -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["BVA", "bva", "Bva"])
def test_units_show_finds_a_unit_by_its_code_in_any_case(run, query):
    assert show(run, query)["code"] == "BVA"


@pytest.mark.parametrize(
    "query", ["bv a", "benh vien a thai nguyen", "Bệnh viện A", "BỆNH VIỆN A THÁI NGUYÊN"]
)
def test_units_show_finds_a_unit_by_words_of_its_name_ignoring_diacritics(run, query):
    assert show(run, query)["code"] == "BVA"


def test_units_show_finds_a_code_with_a_hyphen(run):
    assert show(run, "ttyt-phubinh")["name"] == "Trung tâm Y tế khu vực Phú Bình"


def test_units_show_json_adds_reports_and_entries_to_the_unit_keys(run):
    record = show(run, "BVA")
    assert list(record) == [*UNIT_KEYS, "reports", "entries"]
    assert record["reports"] == [] and record["entries"] == []


def test_units_show_finds_an_inactive_unit(run):
    ok(run("units", "deactivate", "BVC", "--from", "01/07/2026"))
    assert show(run, "BVC")["active"] is False


def test_units_show_of_an_ambiguous_query_lists_the_candidates(run):
    result = run("--lang", "en", "units", "show", "bv")
    assert len(BV_CODES) > 1
    assert_refused(result, f"'bv' matches {len(BV_CODES)} units")
    for code in BV_CODES:
        assert f"  - {code}  " in result.stderr


def test_units_show_of_an_unknown_unit_is_refused(run):
    assert_refused(
        run("--lang", "en", "units", "show", "zzz"), "no unit matches 'zzz'", "units list"
    )


def test_units_show_table_shows_the_unit(run):
    out = ok(run("--lang", "en", "units", "show", "BVA"))
    assert "Bệnh viện A Thái Nguyên" in out


# --- add ------------------------------------------------------------------------------------------


def add(run, *args: str):
    return run("--lang", "en", "units", "add", *args)


def test_units_add_creates_the_unit(run):
    result = add(
        run,
        "TTYT-MOI",
        "Trung tâm Y tế mới",
        "--kind",
        "don_vi",
        "--group",
        "Khối A",
        "--email",
        "ttyt.moi@example.vn",
        "--phone",
        "0208 3855 000",
    )
    assert ok(result) == "Unit added: TTYT-MOI Trung tâm Y tế mới\n"
    assert {k: v for k, v in show(run, "TTYT-MOI").items() if k in UNIT_KEYS} == {
        "code": "TTYT-MOI",
        "name": "Trung tâm Y tế mới",
        "kind": "don_vi",
        "group": "Khối A",
        "email": "ttyt.moi@example.vn",
        "phone": "0208 3855 000",
        "reports_required": True,
        "active_from": None,
        "active_to": None,
        "active": True,
    }


def test_units_add_upper_cases_the_code(run):
    ok(add(run, "ttyt-moi", "Trung tâm Y tế mới", "--kind", "don_vi"))
    assert "TTYT-MOI" in codes(listing(run))


def test_units_add_normalises_the_name_to_nfc_and_single_spaces(run):
    name = unicodedata.normalize("NFD", "  Trung   tâm Y tế  mới ")
    ok(add(run, "TTYT-MOI", name, "--kind", "don_vi"))
    assert show(run, "TTYT-MOI")["name"] == "Trung tâm Y tế mới"


def test_units_add_no_reports_required(run):
    ok(add(run, "TTYT-MOI", "Trung tâm mới", "--kind", "don_vi", "--no-reports-required"))
    assert show(run, "TTYT-MOI")["reports_required"] is False


def test_units_add_active_from_a_date(run):
    ok(add(run, "TTYT-MOI", "Trung tâm mới", "--kind", "don_vi", "--active-from", "01/06/2026"))
    assert show(run, "TTYT-MOI")["active_from"] == "2026-06-01"


def test_units_add_refuses_a_duplicate_code(run):
    before = everything(run)
    assert_refused(add(run, "BVA", "Bệnh viện khác", "--kind", "don_vi"), "BVA already exists")
    assert everything(run) == before


def test_units_add_refuses_a_duplicate_code_in_another_case(run):
    assert_refused(add(run, "bva", "Bệnh viện khác", "--kind", "don_vi"), "BVA already exists")


def test_units_add_refuses_a_bad_kind(run):
    before = everything(run)
    result = add(run, "MOI", "Đơn vị mới", "--kind", "benh_vien")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert everything(run) == before


def test_units_add_requires_a_kind(run):
    assert add(run, "MOI", "Đơn vị mới").exit_code == 2


def test_units_add_refuses_a_bad_email(run):
    before = everything(run)
    assert_refused(
        add(run, "MOI", "Đơn vị mới", "--kind", "don_vi", "--email", "khtc.at.example"),
        "not an e-mail address",
    )
    assert everything(run) == before


def test_units_add_refuses_a_bad_phone(run):
    assert_refused(
        add(run, "MOI", "Đơn vị mới", "--kind", "don_vi", "--phone", "gọi anh Nam"),
        "not a phone number",
    )


@pytest.mark.parametrize("name", ["", "   ", "\u200b"])
def test_units_add_refuses_an_empty_name(run, name):
    before = everything(run)
    assert_refused(add(run, "MOI", name, "--kind", "don_vi"), "name: a value is required")
    assert everything(run) == before


def test_units_add_refuses_a_name_that_is_too_long(run):
    assert_refused(add(run, "MOI", "x" * 201, "--kind", "don_vi"), "200")


@pytest.mark.parametrize("code", ["TTYT MOI", "BVĐK", "BV/A", ""])
def test_units_add_refuses_a_code_with_other_characters(run, code):
    before = everything(run)
    assert_refused(add(run, code, "Đơn vị mới", "--kind", "don_vi"), "code")
    assert everything(run) == before


def test_units_add_refuses_a_bad_active_from_date(run):
    assert_refused(add(run, "MOI", "Đơn vị mới", "--kind", "don_vi", "--active-from", "31/02/2026"))


@pytest.mark.parametrize(
    "junk", ["\u202e", "\u200b", "\x1b", "\x9b"], ids=["RLO", "ZWSP", "ESC", "CSI"]
)
def test_units_add_removes_invisible_and_control_characters_from_the_name(run, junk):
    ok(add(run, "MOI", f"Đơn vị{junk} mới", "--kind", "don_vi"))
    assert show(run, "MOI")["name"] == "Đơn vị mới"


def test_units_add_records_an_audit_event(run):
    ok(run("--user", "khtc.lan", "units", "add", "MOI", "Đơn vị mới", "--kind", "don_vi"))
    event = events(run, "--unit", "MOI")[0]
    assert (event["action"], event["object_type"], event["object"], event["actor"]) == (
        "unit.add",
        "unit",
        "MOI",
        "khtc.lan",
    )
    assert event["before"] is None
    assert event["after"]["name"] == "Đơn vị mới"


# --- edit -----------------------------------------------------------------------------------------


def edit(run, *args: str):
    return run("--lang", "en", "units", "edit", *args)


def test_units_edit_changes_the_name(run):
    assert ok(edit(run, "BVA", "--name", "Bệnh viện A tỉnh Thái Nguyên")) == "Unit updated: BVA\n"
    assert show(run, "BVA")["name"] == "Bệnh viện A tỉnh Thái Nguyên"


def test_units_edit_finds_the_unit_by_words_of_its_name(run):
    ok(edit(run, "bv mat", "--email", "mat@example.vn"))
    assert show(run, "BVMAT")["email"] == "mat@example.vn"


def test_units_edit_clears_the_email_with_an_empty_value(run):
    ok(edit(run, "BVA", "--email", "khtc@bva.example.vn"))
    ok(edit(run, "BVA", "--email", ""))
    assert show(run, "BVA")["email"] is None


def test_units_edit_clears_the_group_with_an_empty_value(run):
    ok(edit(run, "BVA", "--group", ""))
    assert show(run, "BVA")["group"] is None


def test_units_edit_no_reports_required(run):
    ok(edit(run, "BVA", "--no-reports-required"))
    assert show(run, "BVA")["reports_required"] is False


def test_units_edit_reports_required_again(run):
    ok(edit(run, "KHTC", "--reports-required"))
    assert show(run, "KHTC")["reports_required"] is True


def test_units_edit_changes_the_kind(run):
    ok(edit(run, "CCDS", "--kind", "don_vi"))
    assert show(run, "CCDS")["kind"] == "don_vi"


def test_units_edit_with_the_same_values_says_nothing_changed(run):
    result = edit(run, "BVA", "--name", "Bệnh viện A Thái Nguyên", "--kind", "don_vi")
    assert ok(result) == "Nothing changed: BVA already has these values.\n"


def test_units_edit_with_the_same_values_records_no_event(run):
    before = events(run)
    ok(edit(run, "BVA", "--name", "Bệnh viện A Thái Nguyên"))
    assert events(run) == before


def test_units_edit_without_an_option_is_refused(run):
    assert_refused(edit(run, "BVA"), "nothing to change")


def test_units_edit_refuses_a_bad_email_and_keeps_the_unit(run):
    before = show(run, "BVA")
    assert_refused(edit(run, "BVA", "--email", "khong-phai-email"), "not an e-mail address")
    assert show(run, "BVA") == before


def test_units_edit_refuses_an_empty_name(run):
    assert_refused(edit(run, "BVA", "--name", " "), "name: a value is required")
    assert show(run, "BVA")["name"] == "Bệnh viện A Thái Nguyên"


def test_units_edit_refuses_a_bad_kind(run):
    assert_refused(edit(run, "BVA", "--kind", "benh_vien"), "--kind", "don_vi")


def test_units_edit_of_an_unknown_unit_is_refused(run):
    assert_refused(edit(run, "zzz", "--name", "X"), "no unit matches")


def test_units_edit_of_an_ambiguous_unit_changes_nothing(run):
    before = everything(run)
    assert_refused(edit(run, "bv", "--email", "a@example.vn"), f"matches {len(BV_CODES)} units")
    assert everything(run) == before


def test_units_edit_records_the_unit_before_and_after(run):
    ok(run("--user", "khtc.lan", "units", "edit", "BVA", "--email", "khtc@bva.example.vn"))
    event = events(run, "--unit", "BVA")[0]
    assert (event["action"], event["actor"]) == ("unit.edit", "khtc.lan")
    assert event["before"]["email"] is None
    assert event["after"]["email"] == "khtc@bva.example.vn"
    assert {k: v for k, v in event["before"].items() if k != "email"} == {
        k: v for k, v in event["after"].items() if k != "email"
    }


# --- deactivate and activate ----------------------------------------------------------------------


def later(day: str) -> dict[str, str]:
    return {"YTCONTEST_NOW": f"{day}T08:00:00+07:00"}


def test_units_deactivate_from_a_date_sets_the_last_active_day_before_it(run):
    result = run("--lang", "en", "units", "deactivate", "BVC", "--from", "15/07/2026")
    assert ok(result) == "Unit BVC is inactive from 15/07/2026.\n"
    assert show(run, "BVC")["active_to"] == "2026-07-14"


def test_units_deactivated_from_a_later_date_stays_listed_until_then(run):
    ok(run("units", "deactivate", "BVC", "--from", "15/07/2026"))
    assert "BVC" in codes(listing(run))
    assert "BVC" in codes(json.loads(ok(run("units", "list", "--json", env=later("2026-07-14")))))


def test_units_deactivated_disappears_from_the_list_once_the_date_passes(run):
    ok(run("units", "deactivate", "BVC", "--from", "15/07/2026"))
    result = run("units", "list", "--json", env=later("2026-07-15"))
    assert "BVC" not in codes(json.loads(ok(result)))
    result = run("units", "list", "--all", "--json", env=later("2026-07-15"))
    bvc = next(u for u in json.loads(ok(result)) if u["code"] == "BVC")
    assert bvc["active"] is False


def test_units_deactivate_defaults_to_today(run):
    ok(run("units", "deactivate", "BVC"))
    assert show(run, "BVC")["active_to"] == "2026-07-09"
    assert "BVC" not in codes(listing(run))


def test_units_deactivate_takes_an_iso_date(run):
    ok(run("units", "deactivate", "BVC", "--from", "2026-08-01"))
    assert show(run, "BVC")["active_to"] == "2026-07-31"


def test_units_deactivate_refuses_a_bad_date(run):
    assert_refused(run("--lang", "en", "units", "deactivate", "BVC", "--from", "32/07/2026"))
    assert show(run, "BVC")["active_to"] is None


def test_units_deactivate_refuses_a_date_not_after_the_first_active_day(run):
    ok(add(run, "MOI", "Đơn vị mới", "--kind", "don_vi", "--active-from", "01/07/2026"))
    result = run("--lang", "en", "units", "deactivate", "MOI", "--from", "01/07/2026")
    assert_refused(result, "01/07/2026")
    assert show(run, "MOI")["active_to"] is None


def test_units_deactivate_of_an_already_inactive_unit_does_not_reopen_its_past(run):
    # BVC stopped on 01/05; "deactivate --from 01/09" must not make it active (and owing
    # reports) again from May to August.
    ok(run("units", "deactivate", "BVC", "--from", "01/05/2026"))
    result = run("--lang", "en", "units", "deactivate", "BVC", "--from", "01/09/2026")
    assert_refused(result, "BVC")
    bvc = show(run, "BVC")
    assert (bvc["active_to"], bvc["active"]) == ("2026-04-30", False)


def test_units_deactivate_records_an_audit_event(run):
    ok(run("units", "deactivate", "BVC", "--from", "15/07/2026"))
    event = events(run, "--unit", "BVC")[0]
    assert event["action"] == "unit.deactivate"
    assert (event["before"]["active_to"], event["after"]["active_to"]) == (None, "2026-07-14")


def test_units_activate_makes_an_inactive_unit_active_again(run):
    ok(run("units", "deactivate", "BVC", "--from", "01/07/2026"))
    assert ok(run("--lang", "en", "units", "activate", "BVC")) == "Unit BVC is active.\n"
    bvc = show(run, "BVC")
    assert (bvc["active_to"], bvc["active"]) == (None, True)
    assert "BVC" in codes(listing(run))


def test_units_activate_of_an_active_unit_says_so_and_records_nothing(run):
    before = events(run)
    assert ok(run("--lang", "en", "units", "activate", "BVA")) == "Unit BVA was already active.\n"
    assert events(run) == before


def test_units_activate_of_a_unit_not_started_yet_starts_it_today(run):
    ok(add(run, "MOI", "Đơn vị mới", "--kind", "don_vi", "--active-from", "01/09/2026"))
    ok(run("units", "activate", "MOI"))
    assert show(run, "MOI")["active_from"] == "2026-07-10"


def test_units_activate_records_an_audit_event(run):
    ok(run("units", "deactivate", "BVC", "--from", "01/07/2026"))
    ok(run("units", "activate", "BVC"))
    event = events(run, "--unit", "BVC")[0]
    assert event["action"] == "unit.activate"
    assert (event["before"]["active_to"], event["after"]["active_to"]) == ("2026-06-30", None)


# --- import ---------------------------------------------------------------------------------------

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Text as Excel on Vietnamese Windows saves it: letters with ^ ˘ ˙ precomposed where
    Windows-1258 has them, tones as combining marks after them."""
    out = bytearray()
    for letter in unicodedata.normalize("NFC", text):
        try:
            out += letter.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", letter)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        tones = "".join(c for c in parts if c in TONES)
        out += (base + tones).encode("cp1258")
    return bytes(out)


HEADERS = {
    "vi": ["Mã đơn vị", "Tên đơn vị", "Loại", "Nhóm", "Thư điện tử", "Điện thoại", "Phải báo cáo"],
    "vi_plain": [
        "Ma don vi",
        "Ten don vi",
        "Loai",
        "Nhom",
        "Thu dien tu",
        "Dien thoai",
        "Phai bao cao",
    ],
    "en": ["Code", "Name", "Kind", "Group", "E-mail", "Phone", "Reports required"],
}
ROWS = [
    [
        "TTYT-MOI",
        "Trung tâm Y tế khu vực Phú Lương mới",
        "don_vi",
        "Trung tâm Y tế khu vực",
        "ttyt.moi@example.vn",
        "0209 3870 000",
        "có",
    ],
    ["PHONG-MOI", "Phòng Nghiệp vụ Dược và Đào tạo", "phong", "Phòng chuyên môn", "", "", "không"],
]
EXPECTED = [
    {
        "code": "PHONG-MOI",
        "name": "Phòng Nghiệp vụ Dược và Đào tạo",
        "kind": "phong",
        "group": "Phòng chuyên môn",
        "email": None,
        "phone": None,
        "reports_required": False,
        "active_from": None,
        "active_to": None,
        "active": True,
    },
    {
        "code": "TTYT-MOI",
        "name": "Trung tâm Y tế khu vực Phú Lương mới",
        "kind": "don_vi",
        "group": "Trung tâm Y tế khu vực",
        "email": "ttyt.moi@example.vn",
        "phone": "0209 3870 000",
        "reports_required": True,
        "active_from": None,
        "active_to": None,
        "active": True,
    },
]


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def imported(run) -> list[dict]:
    return [u for u in everything(run) if u["code"] in ("TTYT-MOI", "PHONG-MOI")]


def import_(run, path: Path, *args: str):
    return run("--lang", "en", "units", "import", str(path), *args)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("utf-16", "\t"),  # Excel's "Unicode Text"
        ("utf-16", ","),
        ("utf-16-le", "\t"),  # some tools write no BOM
        ("utf-8", ";"),  # the Vietnamese list separator
        ("utf-8-sig", ";"),
    ],
)
def test_units_import_reads_a_csv_file(run, tmp_path, encoding, delimiter):
    path = tmp_path / "donvi.csv"
    path.write_bytes(csv_text(HEADERS["vi"], ROWS, delimiter).encode(encoding))
    result = import_(run, path)
    assert ok(result).startswith("Imported: 2 created, 0 updated, 0 unchanged.")
    assert imported(run) == EXPECTED


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_units_import_reads_a_windows_1258_csv_file(run, tmp_path, delimiter):
    data = cp1258(csv_text(HEADERS["vi"], ROWS, delimiter))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / "donvi.csv"
    path.write_bytes(data)
    ok(import_(run, path))
    assert imported(run) == EXPECTED


def test_units_import_reads_an_xlsx_workbook(run, tmp_path):
    path = write_xlsx(tmp_path / "donvi.xlsx", HEADERS["vi"], ROWS)
    assert ok(import_(run, path)).startswith("Imported: 2 created, 0 updated, 0 unchanged.")
    assert imported(run) == EXPECTED


def test_units_import_reads_an_xlsx_workbook_with_numbers_and_dates(run, tmp_path):
    from datetime import datetime

    path = write_xlsx(
        tmp_path / "donvi.xlsx",
        ["Mã", "Tên", "Loại", "Phải báo cáo", "Hoạt động từ"],
        [["MOI", "Đơn vị mới", "don_vi", 0, datetime(2026, 6, 1)]],
    )
    ok(import_(run, path))
    moi = show(run, "MOI")
    assert (moi["reports_required"], moi["active_from"]) == (False, "2026-06-01")


@pytest.mark.parametrize("headers", ["vi", "vi_plain", "en"])
def test_units_import_understands_vietnamese_and_english_headers(run, tmp_path, headers):
    path = tmp_path / "donvi.csv"
    path.write_text(csv_text(HEADERS[headers], ROWS), encoding="utf-8")
    ok(import_(run, path))
    assert imported(run) == EXPECTED


def test_units_import_takes_an_active_from_date_day_first(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text(
        "Mã,Tên,Loại,Hoạt động từ\nMOI,Đơn vị mới,don_vi,01/08/2026\n", encoding="utf-8"
    )
    ok(import_(run, path))
    assert show(run, "MOI")["active_from"] == "2026-08-01"


def test_units_import_upper_cases_codes_and_normalises_names(run, tmp_path):
    path = tmp_path / "donvi.csv"
    name = unicodedata.normalize("NFD", "Trung  tâm   mới")
    path.write_text(f"code,name,kind\nttyt-moi, {name} ,don_vi\n", encoding="utf-8")
    ok(import_(run, path))
    assert show(run, "TTYT-MOI")["name"] == "Trung tâm mới"


def test_units_import_reports_created_updated_and_unchanged(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text(
        "Mã đơn vị,Tên đơn vị,Loại\n"
        "MOI,Đơn vị mới,don_vi\n"
        "BVA,Bệnh viện A tỉnh Thái Nguyên,don_vi\n"
        "BVC,Bệnh viện C Thái Nguyên,don_vi\n",
        encoding="utf-8",
    )
    out = ok(import_(run, path))
    assert out.splitlines()[:3] == [
        "Imported: 1 created, 1 updated, 1 unchanged.",
        "  created: MOI",
        "  updated: BVA",
    ]
    assert show(run, "BVA")["name"] == "Bệnh viện A tỉnh Thái Nguyên"


def test_units_import_of_the_same_file_again_changes_nothing(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text(csv_text(HEADERS["vi"], ROWS), encoding="utf-8")
    ok(import_(run, path))
    before, log_before = everything(run), events(run)
    assert ok(import_(run, path)).startswith("Imported: 0 created, 0 updated, 2 unchanged.")
    assert everything(run) == before
    assert events(run) == log_before


def test_units_import_leaves_columns_the_file_does_not_have(run, tmp_path):
    ok(edit(run, "BVA", "--email", "khtc@bva.example.vn"))
    path = tmp_path / "donvi.csv"
    path.write_text("Mã,Tên\nBVA,Bệnh viện A tỉnh Thái Nguyên\n", encoding="utf-8")
    ok(import_(run, path))
    bva = show(run, "BVA")
    assert (bva["name"], bva["kind"], bva["email"]) == (
        "Bệnh viện A tỉnh Thái Nguyên",
        "don_vi",
        "khtc@bva.example.vn",
    )


def test_units_import_keeps_the_name_and_kind_of_an_existing_unit_for_empty_cells(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text("Mã,Tên,Loại,Nhóm\nBVA,,,Khối bệnh viện\n", encoding="utf-8")
    ok(import_(run, path))
    bva = show(run, "BVA")
    assert (bva["name"], bva["kind"], bva["group"]) == (
        "Bệnh viện A Thái Nguyên",
        "don_vi",
        "Khối bệnh viện",
    )


def test_units_import_clears_an_optional_field_for_an_empty_cell(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text("Mã,Nhóm\nBVA,\n", encoding="utf-8")
    ok(import_(run, path))
    assert show(run, "BVA")["group"] is None


def test_units_import_lists_the_columns_it_ignored(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text("STT,Mã,Tên,Loại,Ghi chú\n1,MOI,Đơn vị mới,don_vi,xx\n", encoding="utf-8")
    out = ok(import_(run, path))
    assert "columns ignored: STT, Ghi chú" in out


def test_units_import_records_audit_events(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text("Mã,Tên,Loại\nMOI,Đơn vị mới,don_vi\nBVA,Bệnh viện A mới,don_vi\n")
    ok(run("--user", "khtc.lan", "units", "import", str(path)))
    new = events(run, "--unit", "MOI")[0]
    assert (new["action"], new["actor"], new["before"]) == ("unit.add", "khtc.lan", None)
    updated = events(run, "--unit", "BVA")[0]
    assert (updated["action"], updated["actor"]) == ("unit.import", "khtc.lan")
    assert (updated["before"]["name"], updated["after"]["name"]) == (
        "Bệnh viện A Thái Nguyên",
        "Bệnh viện A mới",
    )


def test_units_import_of_many_units_names_twenty_and_counts_the_rest(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text(csv_text(["Mã", "Tên", "Loại"], fifty_good_rows()), encoding="utf-8")
    lines = ok(import_(run, path)).splitlines()
    assert lines[0] == "Imported: 50 created, 0 updated, 0 unchanged."
    codes = ", ".join(f"DV{n:02d}" for n in range(1, 21))
    assert lines[1] == f"  created: {codes} (and 30 more units)"
    assert {f"DV{n:02d}" for n in range(1, 51)} <= {u["code"] for u in everything(run)}


def test_units_import_logs_a_new_unit_as_units_add_would(run, tmp_path):
    values = ["Phòng khám mới", "don_vi", "Phòng khám", "pk@syt.example.vn", "0208 3855 000", "0"]
    path = tmp_path / "donvi.csv"
    header = ["Mã", "Tên", "Loại", "Nhóm", "E-mail", "Điện thoại", "Phải báo cáo"]
    path.write_text(csv_text(header, [["PK-MOI", *values]]), encoding="utf-8")
    ok(import_(run, path))
    name, kind, group, email, phone, _required = values
    ok(
        run("units", "add", "PK-TAY", name, "--kind", kind, "--group", group,
            "--email", email, "--phone", phone, "--no-reports-required")
    )  # fmt: skip
    imported_event = events(run, "--unit", "PK-MOI")[0]
    added_event = events(run, "--unit", "PK-TAY")[0]
    assert imported_event["action"] == added_event["action"] == "unit.add"
    assert imported_event["after"] == {**added_event["after"], "code": "PK-MOI"}
    assert show(run, "PK-MOI") == {**show(run, "PK-TAY"), "code": "PK-MOI"}


def test_units_import_dry_run_reports_and_writes_nothing(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text("Mã,Tên,Loại\nMOI,Đơn vị mới,don_vi\nBVA,Bệnh viện A mới,don_vi\n")
    before, log_before = everything(run), events(run)
    out = ok(import_(run, path, "--dry-run"))
    assert out.splitlines()[0] == "Dry run, nothing written: 1 created, 1 updated, 0 unchanged."
    assert everything(run) == before
    assert events(run) == log_before


def fifty_good_rows() -> list[list[str]]:
    return [[f"DV{n:02d}", f"Đơn vị số {n}", "don_vi"] for n in range(1, 51)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_units_import_with_one_bad_row_among_fifty_writes_nothing(run, tmp_path, fmt):
    rows = fifty_good_rows()
    rows.insert(25, ["DV-XAU", "Đơn vị xấu", "benh_vien"])  # row 27 of the file
    if fmt == "csv":
        path = tmp_path / "donvi.csv"
        path.write_text(csv_text(["Mã", "Tên", "Loại"], rows), encoding="utf-8")
    else:
        path = write_xlsx(tmp_path / "donvi.xlsx", ["Mã", "Tên", "Loại"], rows)
    before, log_before = everything(run), events(run)
    result = import_(run, path)
    assert_refused(result, "nothing was imported", "row 27", "benh_vien")
    assert "row 26" not in result.stderr and "row 28" not in result.stderr
    assert everything(run) == before
    assert events(run) == log_before


def test_units_import_lists_every_bad_row(run, tmp_path):
    rows = fifty_good_rows()
    rows[4][2] = "benh_vien"  # row 6
    rows[9][3:] = []
    rows[9][1] = ""  # row 11: no name
    path = tmp_path / "donvi.csv"
    path.write_text(csv_text(["Mã", "Tên", "Loại"], rows), encoding="utf-8")
    result = import_(run, path)
    assert_refused(result, "2 rows are not valid")
    assert "row 6: kind" in result.stderr
    assert "row 11: name" in result.stderr


def test_units_import_refuses_a_duplicate_code_inside_the_file(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text("Mã,Tên,Loại\nMOI,Đơn vị mới,don_vi\nBVA,Bệnh viện A,don_vi\nmoi,Khác,phong\n")
    before = everything(run)
    assert_refused(import_(run, path), "row 4: the code MOI is already on row 2")
    assert everything(run) == before


def test_units_import_refuses_a_bad_email_row(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text("Mã,Tên,Loại,E-mail\nMOI,Đơn vị mới,don_vi,khong-co\n")
    assert_refused(import_(run, path), "row 2", "not an e-mail address")


def test_units_import_reads_yes_no_and_dates_wrapped_in_direction_marks(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text(
        "Mã,Tên,Loại,Phải báo cáo,Hoạt động từ\n"
        "MOI,Đơn vị mới,don_vi,không\u200e,\u200e01/06/2026\u200e\n"
        "BVA,\u200e,,có\u200f,\n",
        encoding="utf-8",
    )
    assert ok(import_(run, path)).startswith("Imported: 1 created, 0 updated, 1 unchanged.")
    new = show(run, "MOI")
    assert (new["reports_required"], new["active_from"]) == (False, "2026-06-01")
    assert show(run, "BVA")["name"] == "Bệnh viện A Thái Nguyên"


def test_units_import_refuses_a_bad_yes_no_value(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text("Mã,Tên,Loại,Phải báo cáo\nMOI,Đơn vị mới,don_vi,có lẽ\n", encoding="utf-8")
    assert_refused(import_(run, path), "row 2")


def test_units_import_refuses_an_old_xls_renamed_xlsx(run, tmp_path):
    path = tmp_path / "donvi.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    before = everything(run)
    assert_refused(import_(run, path), ".xls")
    assert everything(run) == before


def test_units_import_refuses_a_file_without_a_code_column(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_text("Tên,Loại\nĐơn vị mới,don_vi\n", encoding="utf-8")
    assert_refused(import_(run, path), "code")


def test_units_import_refuses_an_empty_file(run, tmp_path):
    path = tmp_path / "donvi.csv"
    path.write_bytes(b"")
    assert_refused(import_(run, path), "empty")


def test_units_import_of_a_missing_file_is_refused_without_traceback(run, tmp_path):
    result = import_(run, tmp_path / "khong-co.csv")
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert "khong-co.csv" in result.output


def test_units_import_of_a_folder_is_refused_without_traceback(run, tmp_path):
    result = import_(run, tmp_path)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output


def test_units_show_table_writes_the_days_day_first(run):
    # "Hoạt động đến 2026-06-30" is a date a Vietnamese reader has to turn around.
    ok(run("units", "deactivate", "BVC", "--from", "01/07/2026"))
    out = ok(run("units", "show", "BVC"))
    assert "30/06/2026" in out
    assert "2026-06-30" not in out


def test_units_edit_takes_the_kind_in_vietnamese_words(run):
    # The clerk types the kind as the screens show it, not the code.
    ok(run("units", "edit", "BVC", "--kind", "phòng chuyên môn"))
    assert show(run, "BVC")["kind"] == "phong"


def test_units_list_takes_the_kind_without_diacritics(run):
    listed = listing(run, "--kind", "don vi truc thuoc")
    assert listed and {u["kind"] for u in listed} == {"don_vi"}


def test_units_add_takes_the_kind_in_english_words(run):
    ok(run("units", "add", "--kind", "affiliated unit", "--", "MOI2", "Đơn vị mới"))
    assert show(run, "MOI2")["kind"] == "don_vi"


def test_units_add_refuses_an_unknown_kind_in_vietnamese_naming_the_choices(run):
    result = run("units", "add", "--kind", "khoa", "--", "MOI2", "Đơn vị mới")
    assert result.exit_code == 1, result.output
    assert "phong (phòng chuyên môn)" in result.stderr
    assert "don_vi (đơn vị trực thuộc)" in result.stderr
    assert "Traceback" not in result.output
