"""What the root options resolve to, carried in ``ctx.obj`` to every command."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from sqlmodel import Session

    from ytcontest.services.scope import Scope
    from ytcontest.store.db import Database, Target
    from ytcontest.store.models import Campaign

T = TypeVar("T")


def login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some services and containers
        return "unknown"


@dataclass
class AppState:
    db_option: str | None = None
    campaign_code: str | None = None
    lang: str = "vi"
    user: str = field(default_factory=login_name)
    _database: Database | None = None

    def target(self) -> Target:
        from ytcontest.store.db import resolve

        return resolve(self.db_option, os.environ, Path(typer.get_app_dir("ytcontest")))

    def database(self, *, initialise: bool = False) -> Database:
        """The database, opened once per command; the default one is created and seeded here."""
        if self._database is None:
            from ytcontest.services.setup import initialise as seed
            from ytcontest.store.db import open_database

            self._database = open_database(
                self.target(),
                initialise=initialise,
                on_create=lambda db: seed(db, self.user),
            )
        return self._database

    def scope(self, *, initialise: bool = False) -> Scope:
        """What a use case needs: the database (opened here), the user and the campaign."""
        from ytcontest.services.scope import Scope

        return Scope(self.database(initialise=initialise), self.user, self.campaign_code)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.database().read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self.database().write() as session:
            yield session

    def campaign(self, session: Session) -> Campaign:
        from ytcontest.services import campaigns

        return campaigns.current(session, self.campaign_code)

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None

    def run(self, work: Callable[[Session], T], *, write: bool = False) -> T:
        with self.write() if write else self.read() as session:
            return work(session)


def get_state(ctx: typer.Context) -> AppState:
    state = ctx.find_root().obj
    if not isinstance(state, AppState):  # a sub-app invoked on its own, as in some tests
        state = AppState()
        ctx.find_root().obj = state
    return state
