"""Every test runs against its own files: no test can reach a real database or the user's folder.

With ``YTCONTEST_TEST_PG`` naming a PostgreSQL server (an SQLAlchemy URL of a throwaway database
whose user may create schemas), every test that goes through ``YTCONTEST_DB`` runs there instead,
each in a schema of its own; tests marked ``sqlite_only`` (files, pragmas, backups) are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from ytcontest.domain.i18n import set_language

# The default "now" of the test suite: after the June deadline, before the submission window.
TEST_NOW = "2026-07-10T10:00:00+07:00"


PG_URL = os.environ.get("YTCONTEST_TEST_PG", "").strip()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not PG_URL:
        return
    skip = pytest.mark.skip(reason="SQLite files only (YTCONTEST_TEST_PG run)")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.helpers import drop_story_schemas

    drop_story_schemas()


@cache
def pg_admin() -> Any:
    import sqlalchemy as sa

    return sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def pg_schema_url(schema: str) -> str:
    """The test server's URL, with every connection working in ``schema``."""
    import sqlalchemy as sa

    url = sa.engine.make_url(PG_URL)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@pytest.fixture
def pg_schema(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh schema on the test server, named in YTCONTEST_DB, dropped afterwards."""
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with pg_admin().connect() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    monkeypatch.setenv("YTCONTEST_DB", pg_schema_url(schema))
    yield schema
    with pg_admin().connect() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture(autouse=True)
def isolated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[None]:
    home = tmp_path / "home"
    home.mkdir()
    for variable in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA"):
        monkeypatch.setenv(variable, str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("YTCONTEST_DB", str(tmp_path / "test.db"))
    monkeypatch.setenv("YTCONTEST_USER", "tester")
    monkeypatch.setenv("YTCONTEST_NOW", TEST_NOW)
    for variable in ("YTCONTEST_CAMPAIGN", "YTCONTEST_LANG", "YTCONTEST_DEBUG"):
        monkeypatch.delenv(variable, raising=False)
    set_language("vi")
    if PG_URL and not request.node.get_closest_marker("sqlite_only"):
        request.getfixturevalue("pg_schema")
    yield
    set_language("vi")


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run the CLI in-process: ``run("units", "list", "--json")``; ``input=`` feeds stdin."""
    from ytcontest.cli.app import app

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(app, list(args), input=input, env=env)

    return invoke


@pytest.fixture
def db_path(tmp_path: Path, run: Run) -> Path:
    """A database made by ``init`` with the seed units (the file YTCONTEST_DB names)."""
    result = run("init")
    assert result.exit_code == 0, result.output
    return tmp_path / "test.db"
