"""What many test modules share: the shape of a refusal, and stories built once per module.

A story is built once in a database of its own and copied for each test: the SQLite file, or in a
YTCONTEST_TEST_PG run a PostgreSQL schema (migrated afresh, then filled with the story's rows).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.conftest import PG_URL, TEST_NOW, pg_admin, pg_schema_url

T = TypeVar("T")

# The PostgreSQL schema each story was built in, by the story's folder; dropped at the end.
STORY_SCHEMAS: dict[Path, str] = {}


def assert_refused(result: Any, *fragments: str, code: int = 1) -> None:
    """Exit ``code``, one "Error: ..." message on stderr holding every fragment, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def build_once(
    factory: pytest.TempPathFactory,
    name: str,
    build: Callable[[Callable[..., Any], Callable[[str, str], None]], T],
    *,
    now: str = TEST_NOW,
) -> tuple[Path, T]:
    """Run ``build(run, setenv)`` through the CLI in a fresh folder and database of its own,
    at the instant ``now`` until ``build`` moves the clock itself (``setenv("YTCONTEST_NOW", …)``).

    A story of a few dozen CLI calls takes seconds; a module builds it once with this and each
    test works on a copy (``copy_database``). Returns the folder and what ``build`` returned.
    """
    from typer.testing import CliRunner

    from ytcontest.cli.app import app
    from ytcontest.domain.i18n import set_language

    folder = factory.mktemp(name)
    database = str(folder / "test.db")
    if PG_URL:
        import sqlalchemy as sa

        STORY_SCHEMAS[folder] = schema = f"story_{uuid.uuid4().hex[:16]}"
        with pg_admin().connect() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        database = pg_schema_url(schema)
    with pytest.MonkeyPatch.context() as mp:
        for variable in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_CONFIG_HOME"):
            mp.setenv(variable, str(folder))
        mp.setenv("YTCONTEST_DB", database)
        mp.setenv("YTCONTEST_USER", "tester")
        mp.setenv("YTCONTEST_NOW", now)
        for variable in ("YTCONTEST_CAMPAIGN", "YTCONTEST_LANG", "YTCONTEST_DEBUG"):
            mp.delenv(variable, raising=False)

        def run(*args: str, env: dict[str, str] | None = None) -> Any:
            return CliRunner().invoke(app, list(args), env=env)

        made = build(run, mp.setenv)
    set_language("vi")
    return folder, made


def copy_database(folder: Path, destination: Path, *, replace: bool = False) -> Path:
    """The database a story built in ``folder``, copied where the test's YTCONTEST_DB points:
    the SQLite file into ``destination``, or the story's schema into the test's own (emptied
    first with ``replace``; a file copy replaces anyway)."""
    if PG_URL:
        if replace:
            _empty_schema()
        _copy_schema(STORY_SCHEMAS[folder])
    else:
        for file in folder.glob("test.db*"):
            shutil.copy(file, destination / file.name)
    return destination / "test.db"


def _copy_schema(source: str) -> None:
    """The test's schema (blank, named in YTCONTEST_DB) migrated as ``init`` would, then given
    every row of ``source`` and the id sequences that follow them."""
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    import ytcontest.store.models  # noqa: F401  (the tables, in SQLModel's metadata)
    from ytcontest.store import db

    opened = db.open_database(
        db.resolve(None, os.environ, Path(os.environ["HOME"])), initialise=True
    )
    try:
        with opened.engine.begin() as conn:
            for table in SQLModel.metadata.sorted_tables:
                conn.execute(
                    sa.text(f"INSERT INTO {table.name} SELECT * FROM {source}.{table.name}")
                )
                if "id" in table.c:
                    conn.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce(max(id), 0) + 1, false) FROM {table.name}"
                    ))  # fmt: skip
    finally:
        opened.dispose()


def _empty_schema() -> None:
    """Drop and create again the schema YTCONTEST_DB works in."""
    import sqlalchemy as sa

    engine = sa.create_engine(os.environ["YTCONTEST_DB"], poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    finally:
        engine.dispose()
    with pg_admin().connect() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))


def drop_story_schemas() -> None:
    if not STORY_SCHEMAS:
        return
    import sqlalchemy as sa

    with pg_admin().connect() as conn:
        for schema in STORY_SCHEMAS.values():
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    STORY_SCHEMAS.clear()
