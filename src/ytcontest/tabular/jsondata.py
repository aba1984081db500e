"""Typed values as JSON data: the one place where results become the JSON of CONTRACT.md.

Use cases return dataclasses with real ``datetime``, ``date``, ``Month`` and enum values; the
edges (``--json`` on a screen, ``export --format json`` in a file) turn them into JSON here, so
an instant is written the same way everywhere: ISO 8601 in Vietnam time, to the second.

A dataclass becomes an object whose keys are its field names, in order. A field declared with
``field(metadata=OMIT)`` is left out (values the screens need but the JSON does not show).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from ytcontest.domain.dates import Month, iso

OMIT = {"json": False}


def to_json(value: Any) -> Any:
    """``value`` as plain JSON data (dict, list, str, int, float, bool, None)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        if isinstance(value, Enum):  # a str enum: its code
            return value.value
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Month):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("json", True)
        }
    if isinstance(value, Mapping):
        return {str(to_json(k)): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    raise TypeError(f"no JSON form for {type(value).__name__}")
