"""The one conversion of typed results into the JSON of CONTRACT.md."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import pytest

from ytcontest.domain.dates import Month
from ytcontest.domain.rules import Timeliness
from ytcontest.tabular.jsondata import OMIT, to_json


@dataclass(frozen=True)
class Inner:
    month: Month
    state: Timeliness


@dataclass(frozen=True)
class Outer:
    code: str
    received_at: datetime
    day: date
    inner: Inner
    rows: tuple[Inner, ...]
    hidden: str = field(default="x", metadata=OMIT)
    nothing: int | None = None


def _sample() -> Outer:
    inner = Inner(Month(2026, 6), Timeliness.ON_TIME)
    return Outer(
        code="BVA",
        received_at=datetime(2026, 6, 24, 9, 30, tzinfo=timezone.utc),
        day=date(2026, 6, 25),
        inner=inner,
        rows=(inner, inner),
    )


def test_an_instant_is_written_in_vietnam_time_to_the_second() -> None:
    assert to_json(_sample())["received_at"] == "2026-06-24T16:30:00+07:00"


def test_a_date_is_iso_and_a_month_is_year_dash_month() -> None:
    data = to_json(_sample())
    assert data["day"] == "2026-06-25"
    assert data["inner"]["month"] == "2026-06"


def test_an_enum_is_written_as_its_code() -> None:
    assert to_json(_sample())["inner"]["state"] == "on_time"


def test_fields_keep_their_order_and_an_omitted_field_is_left_out() -> None:
    keys = list(to_json(_sample()))
    assert keys == ["code", "received_at", "day", "inner", "rows", "nothing"]


def test_the_result_is_plain_json_data() -> None:
    data = to_json(_sample())
    assert json.loads(json.dumps(data)) == data
    assert data["rows"] == [data["inner"], data["inner"]]
    assert data["nothing"] is None


def test_a_value_with_no_json_form_is_refused() -> None:
    with pytest.raises(TypeError):
        to_json(object())
