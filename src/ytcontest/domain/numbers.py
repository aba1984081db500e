"""Counts as Vietnamese write them: the one reader of every whole number the tool is given.

In Vietnamese a dot or a space groups thousands (``1.000``, ``2.500.000``, ``1 000``) and a comma is
the decimal mark. A count typed as an option, at the prompt, in a CSV or XLSX cell or in the Excel
form goes through :func:`parse_count`, so ``1.000`` means one thousand by every route and never 1.
What is not plainly a whole number from 0 up (``1,5``, ``1.00``, ``1.5``, ``-3``, a cell holding
2.5) is refused with a message in the user's language, never guessed at.
"""

from __future__ import annotations

import re

from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _, get_language

# A dot, an ordinary space, a no-break space, a narrow no-break space or a thin space groups
# thousands; one kind of separator per number, groups of exactly three digits.
_SPACES = " \u00a0\u202f\u2009"
_PLAIN = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?P<sep>[. \u00a0\u202f\u2009])[0-9]{3}(?:(?P=sep)[0-9]{3})*")
# Beyond any count of ours, and far below int()'s own digit limit.
_MAX_DIGITS = 15


class CountError(UserError, ValueError):
    """A value that is not a count: its message, translated, says why and how to write it.

    A ValueError too, so that Pydantic validators and callers that expect one take it as is.
    """


def parse_count(value: object) -> int:
    """The whole number from 0 up that ``value`` holds: text as typed, or a spreadsheet cell.

    Raises :class:`CountError` for anything else.
    """
    if isinstance(value, bool):  # a TRUE/FALSE cell is not a count
        raise CountError(_("{value} is not a whole number", value=value))
    if isinstance(value, int):
        return _non_negative(value, str(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CountError(_("{value} is not a whole number", value=value))
        if not value.is_integer():
            shown = format(value, ".15g")
            if get_language() == "vi":
                shown = shown.replace(".", ",")  # 2,5 as a Vietnamese Excel shows it
            raise CountError(_("{value} is not a whole number", value=shown))
        return _non_negative(int(value), format(value, ".15g"))
    if not isinstance(value, str):
        raise CountError(_("{value} is not a whole number", value=value))
    text = value.strip(_SPACES + "\t\r\n")
    if not text:
        raise CountError(_("a whole number is required (0 when there were none)"))
    if text[0] in "-\u2212" and _is_count_text(text[1:].lstrip(_SPACES)):
        raise CountError(_("{value} is negative: a count is 0 or more", value=text))
    if not _is_count_text(text):
        raise CountError(_explain(text))
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) > _MAX_DIGITS:
        raise CountError(_("{value} is too large a number", value=text))
    return int(digits)


def _is_count_text(text: str) -> bool:
    return bool(_PLAIN.fullmatch(text) or _GROUPED.fullmatch(text))


def _non_negative(number: int, shown: str) -> int:
    if number < 0:
        raise CountError(_("{value} is negative: a count is 0 or more", value=shown))
    if len(str(number)) > _MAX_DIGITS:
        raise CountError(_("{value} is too large a number", value=shown))
    return number


def _explain(text: str) -> str:
    """Why ``text`` is not a count, in words that show how to write it."""
    if "," in text:
        return _(
            "{value} is not a whole number: a comma is the decimal mark; write thousands "
            "as 1.000 or 1 000",
            value=text,
        )
    if "." in text:
        return _(
            "{value} is not a whole number: a dot groups thousands in threes (1.000, 2.500.000)",
            value=text,
        )
    return _("{value} is not a whole number (write it as 1000, 1.000 or 1 000)", value=text)
