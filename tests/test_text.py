"""text.py: NFC, cleaning, diacritic folding and finding a unit by code or words of its name."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ytcontest.domain.text import Named, clean, fold, match_named, nfc

# --- fold -----------------------------------------------------------------------------------------


def test_fold_removes_vietnamese_diacritics_and_lowers_case():
    assert fold("Bệnh viện Đa khoa Bắc Kạn") == "benh vien da khoa bac kan"


def test_fold_turns_the_letter_d_with_stroke_into_d_in_both_cases():
    assert fold("Đồng Hỷ đường") == "dong hy duong"


def test_fold_gives_the_same_result_for_composed_and_decomposed_input():
    composed = "Trung tâm Y tế khu vực Định Hóa"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold(decomposed) == fold(composed) == "trung tam y te khu vuc dinh hoa"


def test_fold_turns_punctuation_into_single_spaces():
    assert fold("Phòng Kế hoạch - Tài chính") == "phong ke hoach tai chinh"
    assert fold("TTYT-PHUBINH") == "ttyt phubinh"
    assert fold("a_b.c,d;e:f/g(h)") == "a b c d e f g h"


def test_fold_collapses_and_strips_whitespace_including_no_break_spaces():
    assert fold("  Bệnh \t viện\u00a0A\n") == "benh vien a"


@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014", "\u2212"])
def test_fold_treats_every_hyphen_like_dash_as_a_separator(dash):
    # Word and Excel turn "-" into "–" or "—" as people type; the reader's fold already does this.
    assert fold(f"Kế hoạch {dash} Tài chính") == "ke hoach tai chinh"


def test_fold_of_punctuation_only_is_empty():
    assert fold(" - / . ") == ""


# --- nfc and clean --------------------------------------------------------------------------------


def test_nfc_composes_combining_marks():
    assert nfc("Vie\u0302\u0323t") == "Việt"


def test_clean_normalises_to_nfc():
    text = clean(unicodedata.normalize("NFD", "Bệnh viện Mắt"))
    assert text == "Bệnh viện Mắt"
    assert unicodedata.is_normalized("NFC", text)


def test_clean_normalises_windows_1258_style_text_where_tones_are_combining_marks():
    # Windows-1258 keeps "ê" precomposed and writes the tone as a combining dot below.
    assert clean("Y t\u00ea\u0301 vi\u00ea\u0323t") == "Y tế việt"


def test_clean_strips_surrounding_whitespace():
    assert clean("  \t Thanh tra Sở \n ") == "Thanh tra Sở"


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_clean_removes_c0_control_characters(char):
    assert clean(f"Văn{char} phòng") == "Văn phòng"


@pytest.mark.parametrize("char", ["\x85", "\x9b", "\x9f"], ids=lambda c: f"U+{ord(c):04X}")
def test_clean_removes_c1_control_characters(char):
    # U+009B is the 8-bit CSI: left in a name, it drives the terminal of whoever lists the units.
    assert clean(f"Văn{char} phòng") == "Văn phòng"


@pytest.mark.parametrize(
    "char",
    [
        "\u061c",  # ARABIC LETTER MARK
        "\u200e",  # LEFT-TO-RIGHT MARK
        "\u200f",  # RIGHT-TO-LEFT MARK
        "\u202a",  # LRE
        "\u202b",  # RLE
        "\u202c",  # PDF
        "\u202d",  # LRO
        "\u202e",  # RLO
        "\u2066",  # LRI
        "\u2067",  # RLI
        "\u2068",  # FSI
        "\u2069",  # PDI
    ],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_clean_removes_every_bidirectional_control_character(char):
    assert clean(f"BV{char}A") == "BVA"


def test_clean_removes_zero_width_spaces():
    assert clean("B\u200bV\u200cA\u200d") == "BVA"


def test_clean_keeps_tabs_and_newlines_inside_the_text():
    assert clean("dòng 1\ndòng\t2") == "dòng 1\ndòng\t2"


@given(
    st.text(alphabet=st.characters(codec="utf-8"))
    | st.text(alphabet=st.characters(max_codepoint=127))
)
def test_clean_gives_what_the_full_cleaning_gives_for_any_text(text):
    # clean() takes a shortcut for printable ASCII; it must never differ from the full path.
    from ytcontest.domain.text import _CONTROL

    assert clean(text) == _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


# --- match_named ----------------------------------------------------------------------------------

UNITS = [
    Named("BVA", "Bệnh viện A Thái Nguyên", "BVA"),
    Named("BVC", "Bệnh viện C Thái Nguyên", "BVC"),
    Named("BVMAT", "Bệnh viện Mắt Thái Nguyên", "BVMAT"),
    Named("BVDKBK", "Bệnh viện Đa khoa Bắc Kạn", "BVDKBK"),
    Named("KHTC", "Phòng Kế hoạch - Tài chính", "KHTC"),
    Named("TTYT-PHUBINH", "Trung tâm Y tế khu vực Phú Bình", "TTYT-PHUBINH"),
    Named("TTYT-PHOYEN", "Trung tâm Y tế khu vực Phổ Yên", "TTYT-PHOYEN"),
]


def codes(found):
    return [n.code for n in found]


def test_match_named_finds_a_unit_by_its_code_in_any_case():
    assert codes(match_named("khtc", UNITS)) == ["KHTC"]
    assert codes(match_named("ttyt-phubinh", UNITS)) == ["TTYT-PHUBINH"]


def test_match_named_prefers_the_code_over_a_name_that_matches():
    units = [Named("BV", "Phòng Kế hoạch", "code"), Named("X", "BV", "name")]
    assert [n.item for n in match_named("bv", units)] == ["code"]


def test_match_named_prefers_the_exact_code_over_a_code_that_only_folds_alike():
    # Both codes are valid (letters, digits, . _ -): the one typed exactly must stay reachable.
    units = [Named("TTYT-PB", "Trung tâm một", 1), Named("TTYT.PB", "Trung tâm hai", 2)]
    assert [n.item for n in match_named("TTYT-PB", units)] == [1]
    assert [n.item for n in match_named("ttyt.pb", units)] == [2]


def test_match_named_finds_the_whole_name_ignoring_case_and_diacritics():
    assert codes(match_named("benh vien a thai nguyen", UNITS)) == ["BVA"]
    assert codes(match_named("BỆNH VIỆN A THÁI NGUYÊN", UNITS)) == ["BVA"]


def test_match_named_prefers_the_whole_name_over_a_longer_name_containing_it():
    units = [
        Named("BVA2", "Bệnh viện A Thái Nguyên cơ sở 2", 2),
        Named("BVA", "Bệnh viện A Thái Nguyên", 1),
    ]
    assert [n.item for n in match_named("Bệnh viện A Thái Nguyên", units)] == [1]


def test_match_named_finds_a_name_by_some_of_its_whole_words():
    assert codes(match_named("Bệnh viện A", UNITS)) == ["BVA"]
    assert codes(match_named("vien mat", UNITS)) == ["BVMAT"]


def test_match_named_reads_initials_of_consecutive_words():
    assert codes(match_named("bv a", UNITS)) == ["BVA"]
    assert codes(match_named("bv mat", UNITS)) == ["BVMAT"]
    assert codes(match_named("ttyt phu binh", UNITS)) == ["TTYT-PHUBINH"]


def test_match_named_reads_initials_of_a_whole_name_part():
    assert codes(match_named("bvdk bac kan", UNITS)) == ["BVDKBK"]


def test_match_named_does_not_take_a_single_letter_as_initials():
    # "a" is a whole word of BVA's name only; it is not the initial of "an" or anything else.
    assert codes(match_named("bv a", UNITS)) == ["BVA"]
    assert codes(match_named("a", UNITS)) == ["BVA"]


def test_match_named_prefers_whole_words_over_prefixes():
    units = [Named("X1", "Phòng Y tế", 1), Named("X2", "Phòng Yên Bình", 2)]
    # "y" is a whole word of the first name and only a prefix of "yen" in the second.
    assert [n.item for n in match_named("phong y", units)] == [1]
    assert [n.item for n in match_named("phong ye", units)] == [2]


def test_match_named_falls_back_to_word_prefixes():
    assert codes(match_named("bv ma", UNITS)) == ["BVMAT"]
    assert codes(match_named("ke hoa tai", UNITS)) == ["KHTC"]
    assert codes(match_named("phu bin", UNITS)) == ["TTYT-PHUBINH"]


def test_match_named_returns_every_candidate_of_an_ambiguous_query():
    assert codes(match_named("bv", UNITS)) == ["BVA", "BVC", "BVMAT", "BVDKBK"]
    assert codes(match_named("trung tam", UNITS)) == ["TTYT-PHUBINH", "TTYT-PHOYEN"]


def test_match_named_returns_the_best_tier_only():
    # "bv c" matches BVC by whole words; BVA etc. are not added by the prefix tier.
    assert codes(match_named("bv c", UNITS)) == ["BVC"]


def test_match_named_finds_nothing_for_an_unknown_query():
    assert match_named("bệnh viện z", UNITS) == []


def test_match_named_finds_nothing_for_an_empty_or_punctuation_query():
    assert match_named("", UNITS) == []
    assert match_named("  -  ", UNITS) == []


def test_match_named_accepts_decomposed_query_text():
    assert codes(match_named(unicodedata.normalize("NFD", "Phổ Yên"), UNITS)) == ["TTYT-PHOYEN"]


def test_match_named_hands_back_the_items():
    found = match_named("BVA", UNITS)
    assert [n.item for n in found] == ["BVA"]
