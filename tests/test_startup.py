"""Starting the program: ``python -m ytcontest``, ``--version``, fast help, an example in every help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ytcontest

SRC = Path(__file__).resolve().parents[1] / "src"
HEAVY = ("sqlmodel", "sqlalchemy", "openpyxl")

# Runs the real entry point with the given arguments and writes the loaded modules to a file.
PROBE = """
import json, sys
from ytcontest.__main__ import main
out, sys.argv = sys.argv[1], ["ytcontest", *sys.argv[2:]]
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
with open(out, "w", encoding="utf-8") as handle:
    json.dump({"code": code, "modules": sorted(sys.modules)}, handle)
"""


@pytest.fixture
def child_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a child process: our sources, a temporary home, no database named."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("YTCONTEST_")}
    home = tmp_path / "child-home"
    home.mkdir()
    env.update(
        PYTHONPATH=str(SRC),
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home),
        LOCALAPPDATA=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        YTCONTEST_NOW="2026-07-10T10:00:00+07:00",
        YTCONTEST_USER="tester",
        PYTHONIOENCODING="utf-8",
        COLUMNS="100",
    )
    return env


def python(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def probe(args: list[str], env: dict[str, str], tmp_path: Path) -> tuple[int, set[str]]:
    out = tmp_path / "probe.json"
    done = python(["-c", PROBE, str(out), *args], env, tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    return result["code"], set(result["modules"])


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


# --- python -m ytcontest --------------------------------------------------------------------------


@pytest.mark.slow
def test_python_m_ytcontest_help_exits_0_and_shows_the_commands(child_env, tmp_path):
    done = python(["-m", "ytcontest", "--lang", "en", "--help"], child_env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout
    for command in ("init", "log", "db", "units"):
        assert command in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_python_m_ytcontest_without_arguments_shows_the_usage(child_env, tmp_path):
    done = python(["-m", "ytcontest"], child_env, tmp_path)
    assert done.returncode == 2  # a command is missing: a usage error, with the help shown
    assert "Cách dùng: ytcontest" in done.stdout + done.stderr  # Vietnamese by default
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_python_m_ytcontest_runs_a_command(child_env, tmp_path):
    env = dict(child_env, YTCONTEST_DB=str(tmp_path / "khtc.db"))
    assert python(["-m", "ytcontest", "init"], env, tmp_path).returncode == 0
    done = python(["-m", "ytcontest", "units", "list", "--json"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "BVA" in [u["code"] for u in json.loads(done.stdout)]


@pytest.mark.slow
def test_python_m_ytcontest_refuses_with_exit_1_and_no_traceback(child_env, tmp_path):
    env = dict(child_env, YTCONTEST_DB=str(tmp_path / "typo.db"))
    done = python(["-m", "ytcontest", "--lang", "en", "units", "list"], env, tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: ")
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.slow
def test_python_m_ytcontest_version_prints_the_version(child_env, tmp_path):
    done = python(["-m", "ytcontest", "--version"], child_env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"ytcontest {ytcontest.__version__}\n"


def test_version_in_process(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"ytcontest {ytcontest.__version__}\n"


def test_an_unknown_language_is_a_usage_error(run):
    assert run("--lang", "fr", "units", "list").exit_code == 2


def test_the_language_option_ignores_case(run):
    assert run("--lang", "EN", "--version").exit_code == 0


# --- startup cost ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--lang", "en", "--help"],
        ["--version"],
        ["units", "--help"],
        ["units", "list", "--help"],
        ["units", "import", "--help"],
        ["db", "--help"],
        ["db", "backup", "--help"],
        ["init", "--help"],
        ["log", "--help"],
    ],
    ids=" ".join,
)
def test_help_imports_neither_sqlmodel_sqlalchemy_nor_openpyxl(args, child_env, tmp_path):
    code, modules = probe(args, child_env, tmp_path)
    assert code == 0
    assert "ytcontest.cli.app" in modules  # the probe did load the program
    assert heavy(modules) == []


@pytest.mark.slow
def test_shell_completion_imports_neither_sqlmodel_sqlalchemy_nor_openpyxl(child_env, tmp_path):
    env = dict(
        child_env,
        _YTCONTEST_COMPLETE="complete_bash",
        COMP_WORDS="ytcontest un",
        COMP_CWORD="1",
    )
    out = tmp_path / "probe.json"
    done = python(["-c", PROBE, str(out)], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "units" in done.stdout
    assert heavy(set(json.loads(out.read_text(encoding="utf-8"))["modules"])) == []


@pytest.mark.slow
def test_help_creates_no_database(child_env, tmp_path):
    python(["-m", "ytcontest", "--help"], child_env, tmp_path)
    python(["-m", "ytcontest", "units", "list", "--help"], child_env, tmp_path)
    home = Path(child_env["HOME"])
    assert [p for p in home.rglob("*") if p.is_file()] == []


@pytest.mark.slow
def test_the_import_time_report_names_no_heavy_module_for_help(child_env, tmp_path):
    done = python(["-X", "importtime", "-m", "ytcontest", "--help"], child_env, tmp_path)
    assert done.returncode == 0
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert heavy(imported) == []


# --- an example in every help ---------------------------------------------------------------------


def command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command of the app, as the words typed to reach it."""
    import typer

    from ytcontest.cli.app import app

    paths: list[tuple[str, ...]] = []

    def walk(command, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            if not getattr(sub, "hidden", False):
                walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return paths


COMMANDS = command_paths()


def test_the_command_tree_has_the_foundation_commands():
    for path in [
        ("init",),
        ("log",),
        ("db", "path"),
        ("db", "check"),
        ("db", "backup"),
        *[
            ("units", name)
            for name in ("list", "show", "add", "edit", "deactivate", "activate", "import")
        ],
    ]:
        assert path in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "ytcontest")
def test_every_command_help_gives_an_example(run, path):
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout or "Ví dụ" in result.stdout, result.stdout


# Help texts are made when the command modules are imported, in the language chosen then: the
# English ones need a fresh process that sets the language first, as ``__main__.main`` does.
ENGLISH_HELP = """
import json, sys
from ytcontest.domain.i18n import set_language
set_language("en")
from typer.testing import CliRunner
from ytcontest.cli.app import app
paths = json.loads(sys.argv[2])
out = {" ".join(p): CliRunner().invoke(app, ["--lang", "en", *p, "--help"]).stdout for p in paths}
with open(sys.argv[1], "w", encoding="utf-8") as handle:
    json.dump(out, handle)
"""


@pytest.fixture(scope="module")
def english_help(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("help")
    env = {k: v for k, v in os.environ.items() if not k.startswith("YTCONTEST_")}
    env.update(PYTHONPATH=str(SRC), HOME=str(folder), XDG_CONFIG_HOME=str(folder), COLUMNS="100")
    out = folder / "help.json"
    done = python(["-c", ENGLISH_HELP, str(out), json.dumps(COMMANDS)], env, folder)
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "ytcontest")
def test_every_command_help_gives_an_example_in_english(english_help, path):
    text = english_help[" ".join(path)]
    assert "Usage" in text
    assert "Example" in text, text
