"""What many test modules share: the shape of a refusal, and stories built once per module."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")


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
    now: str | None = None,
) -> tuple[Path, T]:
    """Run ``build(run, setenv)`` through the CLI in a fresh folder and database of its own,
    at the instant ``now`` unless ``build`` moves the clock itself (``setenv("YTCONTEST_NOW", …)``).

    A story of a few dozen CLI calls takes seconds; a module builds it once with this and each
    test works on a copy (``copy_database``). Returns the folder and what ``build`` returned.
    """
    from typer.testing import CliRunner

    from ytcontest.cli.app import app
    from ytcontest.i18n import set_language

    folder = factory.mktemp(name)
    with pytest.MonkeyPatch.context() as mp:
        for variable in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_CONFIG_HOME"):
            mp.setenv(variable, str(folder))
        mp.setenv("YTCONTEST_DB", str(folder / "test.db"))
        mp.setenv("YTCONTEST_USER", "tester")
        if now is not None:
            mp.setenv("YTCONTEST_NOW", now)
        for variable in ("YTCONTEST_CAMPAIGN", "YTCONTEST_LANG", "YTCONTEST_DEBUG"):
            mp.delenv(variable, raising=False)

        def run(*args: str, env: dict[str, str] | None = None) -> Any:
            return CliRunner().invoke(app, list(args), env=env)

        made = build(run, mp.setenv)
    set_language("vi")
    return folder, made


def copy_database(folder: Path, destination: Path) -> Path:
    """The database a story built in ``folder``, copied where the test's YTCONTEST_DB points."""
    for file in folder.glob("test.db*"):
        shutil.copy(file, destination / file.name)
    return destination / "test.db"
