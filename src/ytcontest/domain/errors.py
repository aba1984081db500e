"""The one exception the program raises on purpose: a refusal the user can act on."""

from __future__ import annotations


class UserError(Exception):
    """A refusal: bad input, a rule, an unknown unit, a database that cannot be used.

    ``message`` is already in the user's language. ``details`` are extra lines (one bad row each,
    the candidates of an ambiguous unit) printed under it. The CLI turns it into exit code 1.
    """

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def one_line(self) -> str:
        """The message with its details, for a place that has one line (an import's row)."""
        return " ".join([self.message, "; ".join(self.details)]) if self.details else self.message
