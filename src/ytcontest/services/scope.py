"""Who runs a use case, on which database and campaign: the one argument every use case takes.

A use case opens its own transaction through ``reading()`` or ``writing()``, so a CLI command
makes one call with the user's words and renders what comes back. Nothing here is tied to Typer:
tests and scripts build a ``Scope`` over any ``Database``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from ytcontest.store.db import Database
    from ytcontest.store.models import Campaign


@dataclass(frozen=True)
class Scope:
    database: Database
    user: str
    campaign_code: str | None = None  # None: the current campaign

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session: nothing it does is committed."""
        with self.database.read() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction, committed at the end of the block or rolled back wholly.

        On SQLite it holds the file's write lock from its first statement (BEGIN IMMEDIATE), so
        read, parse and validate everything before entering it."""
        with self.database.write() as session:
            yield session

    def campaign(self, session: Session) -> Campaign:
        from ytcontest.services import campaigns

        return campaigns.current(session, self.campaign_code)
