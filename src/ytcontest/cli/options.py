"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from ytcontest.domain.i18n import _


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class UnitKind(str, Enum):
    phong = "phong"
    don_vi = "don_vi"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", "-f", help=_("Output: table (for people), json or csv (for scripts).")
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help=_("Short for --format json."))]
UnitArgument = Annotated[
    str,
    typer.Argument(
        metavar="UNIT", help=_('The unit: its code, or words of its name (e.g. "bv a").')
    ),
]
KindOption = Annotated[
    str | None,
    typer.Option("--kind", help=_("phong (office of the Department) or don_vi (affiliated unit).")),
]

ImportFile = Annotated[
    Path,
    typer.Argument(metavar="FILE", help=_("CSV (UTF-8, UTF-16 or Windows-1258) or XLSX file.")),
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help=_("Check the file; write nothing."))]


def kind_code(text: str | None) -> str | None:
    """The kind ``--kind`` names: its code or its label in either language, diacritics optional
    ("đơn vị trực thuộc", "don vi truc thuoc"), as the imports read it; others refused (exit 1)."""
    from ytcontest.domain import vocab
    from ytcontest.domain.errors import UserError

    if text is None:
        return None
    try:
        return vocab.resolve(vocab.KINDS, text, "--kind")
    except ValueError as error:
        raise UserError(str(error)) from error


def chosen_format(fmt: OutputFormat, as_json: bool) -> OutputFormat:
    return OutputFormat.json if as_json else fmt


T = TypeVar("T")


def parsed(parse: Callable[[str], T], text: str) -> T:
    """``parse(text)``, with a bad date or month turned into a refusal (exit 1)."""
    from ytcontest.domain.dates import DateInputError
    from ytcontest.domain.errors import UserError

    try:
        return parse(text)
    except DateInputError as error:
        raise UserError(str(error)) from error


def counted(text: str, option: str, low: int, high: int) -> int:
    """A count given as an option, read by the one parser of counts ("1.000" is 1000); a value
    that is not one, or out of range, is a refusal (exit 1) that names the option."""
    from ytcontest.domain.errors import UserError
    from ytcontest.domain.numbers import CountError, parse_count

    try:
        number = parse_count(text)
    except CountError as error:
        raise UserError(f"{option}: {error.message}") from error
    if not low <= number <= high:
        raise UserError(
            _("{option} must be between {low} and {high}", option=option, low=low, high=high)
        )
    return number
