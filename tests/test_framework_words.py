"""No English from the framework reaches a Vietnamese user: help chrome, usage errors, prompts.

Typer and its copy of Click write their own texts ("Usage:", "Missing option", "Aborted."); these
tests run the help of every command and a set of mistakes in Vietnamese and fail on any of them.
"""

from __future__ import annotations

import pytest

# What Typer, Click and Pydantic say in English. None may reach a Vietnamese screen.
FRAMEWORK_ENGLISH = (
    "Usage:", "Options", "Commands", "Arguments", "Show this message", "[default:",
    "[required]", "[env var:", "Install completion", "Show completion", "No such command",
    "Did you mean", "Invalid value", "Missing argument", "Missing option", "Missing command",
    "Got unexpected", "No such option", "Possible options", "requires an argument",
    "does not take a value", "for help", "Aborted", "Input should be", "Value error",
    "<str>", "<int>", "<bool>", "<path>", "[OPTIONS]", "COMMAND [ARGS]", "Error",
    "is not one of", "Repeat for confirmation", "invalid input",
)  # fmt: skip


def english_in(text: str) -> list[str]:
    return [phrase for phrase in FRAMEWORK_ENGLISH if phrase in text]


def command_paths() -> list[list[str]]:
    """Every command and group of the tool, as the words that name it."""
    import typer.main

    from ytcontest.cli.app import app

    paths: list[list[str]] = []

    def walk(command, path: list[str]) -> None:  # type: ignore[no-untyped-def]
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "root")
def test_help_of_every_command_has_no_english_from_the_framework(run, path):
    result = run(*path, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "Cách dùng: ytcontest" in result.stdout
    assert english_in(result.stdout) == [], result.stdout


USAGE_ERRORS = [
    (["reprot"], "Không có lệnh 'reprot'. Có phải ý bạn là 'report'"),
    (["units", "list", "--format", "xx"], "không phải là một trong các giá trị 'table'"),
    (["units", "list", "--format", "xml"], "Giá trị không hợp lệ cho '--format'"),
    (["units", "list", "--formatt"], "Không có tùy chọn --formatt"),
    (["units", "list", "--format"], "Tùy chọn '--format' cần một giá trị."),
    (["report", "show"], "Thiếu đối số 'UNIT'."),
    (["entries", "add", "--unit", "BVA"], "Thiếu tùy chọn '--title'."),
    (["units", "list", "thừa"], "Thừa đối số không dùng đến: thừa"),
    (["entries", "show", "x"], "phải là số nguyên"),
    (["units"], "Lệnh"),  # a group without a command shows its help
]


@pytest.mark.parametrize(("args", "words"), USAGE_ERRORS, ids=lambda a: " ".join(a))
def test_usage_errors_speak_vietnamese(run, args, words):
    result = run(*args, env={"COLUMNS": "120"})
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert english_in(result.output) == [], result.output


@pytest.mark.parametrize(("args", "words"), USAGE_ERRORS[:4], ids=lambda a: " ".join(a))
def test_usage_errors_stay_english_with_lang_en(run, args, words):
    result = run("--lang", "en", *args, env={"COLUMNS": "120"})
    assert result.exit_code == 2
    assert "Usage: ytcontest" in result.output
    assert "Error" in result.output
    assert "Cách dùng" not in result.output and "Lỗi" not in result.output


def test_help_stays_english_with_lang_en(run):
    result = run("--lang", "en", "report", "add", "--help", env={"COLUMNS": "100"})
    assert "Usage: ytcontest report add [OPTIONS]" in result.stdout
    assert "Show this message and exit." in result.stdout
    assert "Options" in result.stdout


@pytest.fixture
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ytcontest.cli.report.interactive", lambda: True)


def test_a_wrong_figure_at_the_prompt_is_refused_in_vietnamese_and_asked_again(
    run, db_path, interactive
):
    result = run(
        "report", "add", "--unit", "BVA", "--month", "06/2026",
        input="-3\n1,5\nba\n3\n1.000\n4\n2\n\n\n\nc\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Lỗi: -3 là số âm" in result.stderr
    assert "dấu phẩy là dấu thập phân" in result.stderr
    assert "ba không phải là số nguyên" in result.stderr
    assert english_in(result.output) == [], result.output
    shown = run("report", "show", "BVA", "06/2026", "--json")
    assert '"reached": 1000' in shown.stdout


def test_stopping_at_a_question_says_so_in_vietnamese_and_saves_nothing(run, db_path, interactive):
    result = run("report", "add", "--unit", "BVA", "--month", "06/2026", input="3\n")
    assert result.exit_code == 1
    assert "Đã hủy" in result.stderr
    assert english_in(result.output) == [], result.output
    assert "chưa có báo cáo tháng 06/2026" in run("report", "show", "BVA", "06/2026").stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["log", "--limit", "x"], "Lỗi: --limit: x không phải là số nguyên"),
        (["log", "--limit", "0"], "Lỗi: --limit phải từ 1 đến 1000000"),
        (
            ["campaign", "add", "2027", "--name", "X", "--shift-years", "1,5"],
            "Lỗi: --shift-years: 1,5",
        ),
    ],
)
def test_a_malformed_count_option_is_a_refusal_in_vietnamese(run, db_path, args, words):
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(words), result.stderr


def test_a_count_option_reads_thousands_grouped(run, db_path):
    assert run("log", "--limit", "1.000").exit_code == 0
