"""Every test runs against its own files: no test can reach a real database or the user's folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ytcontest.i18n import set_language

# The default "now" of the test suite: after the June deadline, before the submission window.
TEST_NOW = "2026-07-10T10:00:00+07:00"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
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
