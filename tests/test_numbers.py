"""The one reader of counts: numbers as Vietnamese write them, by every route."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ytcontest.domain.numbers import CountError, parse_count


def vietnamese(number: int, separator: str) -> str:
    """``number`` with its thousands grouped by ``separator`` (2500000 -> 2.500.000)."""
    return f"{number:,}".replace(",", separator)


@given(
    st.integers(min_value=0, max_value=10**15 - 1),
    st.sampled_from([".", " ", "\u00a0", "\u202f", ""]),
)
def test_any_whole_number_written_the_vietnamese_way_reads_back_the_same(number, separator):
    assert parse_count(vietnamese(number, separator)) == number


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_any_whole_spreadsheet_cell_reads_back_the_same(number):
    assert parse_count(number) == number
    if number < 2**53:  # a float holds every whole number up to 2**53 exactly
        assert parse_count(float(number)) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [("1000", 1000), ("1.000", 1000), ("1 000", 1000), ("1\u00a0000", 1000),
     ("1\u202f000", 1000), ("2.500.000", 2_500_000), (" 12 ", 12), ("0", 0)],
)  # fmt: skip
def test_a_count_is_read_with_its_thousands_grouped(text, number):
    assert parse_count(text) == number


@pytest.mark.parametrize(
    "value", ["1,5", "1.00", "1.0000", "1.5", "-3", "1,000", "1.000 000", "", "ba", "1e3",
              "\u0663", 2.5, -3, True, float("nan"), None],
)  # fmt: skip
def test_what_is_not_a_whole_number_from_zero_is_refused(value):
    with pytest.raises(CountError):
        parse_count(value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1,5", "dấu phẩy là dấu thập phân"),
        ("1.00", "dấu chấm tách hàng nghìn"),
        ("-3", "là số âm"),
        (2.5, "2,5 không phải là số nguyên"),
    ],
)
def test_a_refusal_says_why_in_vietnamese(value, words):
    with pytest.raises(CountError) as caught:
        parse_count(value)
    assert words in caught.value.message


def test_a_refusal_is_a_value_error_for_validators():
    # Pydantic validators and import rows catch ValueError: the one parser fits them as is.
    assert issubclass(CountError, ValueError)


@pytest.mark.parametrize(
    ("cell", "count"), [(1000, 1000), (2500000.0, 2500000), ("1.000", 1000), ("1 000", 1000)]
)
def test_an_xlsx_cell_holding_a_whole_number_reads_as_that_count(tmp_path, cell, count):
    assert parse_count(xlsx_cell(tmp_path, cell)) == count


@pytest.mark.parametrize("cell", [2.5, 1.234, -3])
def test_an_xlsx_cell_holding_no_whole_number_is_refused(tmp_path, cell):
    # 1.234 in a numeric cell is one point two three four: never the count 1234.
    with pytest.raises(CountError):
        parse_count(xlsx_cell(tmp_path, cell))


def xlsx_cell(tmp_path, value: object) -> str:
    """``value`` written in a real XLSX file and read back as an import reads every cell."""
    from openpyxl import Workbook

    from ytcontest.tabular.reader import read_table

    book = Workbook()
    book.active.append(["n"])
    book.active.append([value])
    path = tmp_path / "n.xlsx"
    book.save(path)
    return read_table(path, {"n": []}).rows[0].values["n"]
