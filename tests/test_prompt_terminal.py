"""``report add`` at a real terminal (a pseudo-terminal driven by pexpect), as a clerk types it.

Each test spawns the installed ``ytcontest`` with its own database and clock, answers its
questions and reads what a person would see.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]

EXE = shutil.which("ytcontest", path=str(Path(sys.executable).parent)) or "ytcontest"
NOW = "2026-07-10T10:00:00+07:00"


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YTCONTEST_")}
    env.update(
        YTCONTEST_DB=str(tmp_path / "t.db"),
        YTCONTEST_NOW=NOW,
        YTCONTEST_USER="clerk",
        HOME=str(tmp_path),
        COLUMNS="100",
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
    )
    subprocess.run([EXE, "init"], env=env, check=True, capture_output=True)
    return env


def spawn(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    child = pexpect.spawn(EXE, list(args), env=env, encoding="utf-8", timeout=20)
    child.setwinsize(40, 100)
    return child


def json_of(env: dict[str, str], *args: str) -> str:
    return subprocess.run([EXE, *args], env=env, capture_output=True, text=True).stdout


def test_the_prompt_names_the_unit_and_month_and_checks_each_value_as_typed(terminal_env):
    child = spawn(terminal_env, "report", "add", "--unit", "BVA", "--month", "06/2026")
    child.expect("tháng 06/2026 của Bệnh viện A Thái Nguyên \\(BVA\\)")
    child.expect("trước ngày 25/06/2026")
    child.expect("Số hoạt động tuyên truyền: ")
    child.sendline("-3")  # refused at once, and asked again: nothing typed so far is lost
    child.expect("là số âm")
    child.expect("Số hoạt động tuyên truyền: ")
    child.sendline("3")
    child.expect("Số người được tiếp cận: ")
    child.sendline("1.000")  # one thousand, as Vietnamese write it
    child.expect("giải pháp phát hiện: ")
    child.sendline("4")
    child.expect("vận động: ")
    child.sendline("2")
    for _ in range(3):
        child.expect("bỏ qua\\): ")
        child.sendline("")
    child.expect("Số người được tiếp cận: 1.000")
    child.expect("muộn 16 ngày")  # the verdict before saving: 10/07 is 16 days after 24/06
    child.expect("Lưu báo cáo này\\? \\[C/k\\]: ")
    child.sendline("c")
    child.expect("Kết quả: muộn 16 ngày")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert '"reached": 1000' in json_of(terminal_env, "report", "show", "BVA", "06/2026", "--json")


def test_enter_keeps_last_months_figures_shown_in_brackets(terminal_env):
    subprocess.run(
        [EXE, "report", "add", "--unit", "BVA", "--month", "06/2026", "--activities", "3",
         "--reached", "250", "--candidates", "4", "--mobilized", "2"],
        env=terminal_env, check=True, capture_output=True,
    )  # fmt: skip
    child = spawn(terminal_env, "report", "add", "--unit", "BVA", "--month", "07/2026")
    child.expect("báo cáo tháng 06/2026")
    for figure in ("3", "250", "4", "2"):
        child.expect(f"\\[{figure}\\]: ")
        child.sendline("")
    for _ in range(3):
        child.expect("bỏ qua\\): ")
        child.sendline("")
    child.expect("đúng hạn")  # 10/07 is before 25/07
    child.expect("\\[C/k\\]: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = json_of(terminal_env, "report", "show", "BVA", "07/2026", "--json")
    assert '"activities": 3' in shown and '"reached": 250' in shown


def test_an_ambiguous_unit_lists_the_candidates_and_asks_again(terminal_env):
    child = spawn(terminal_env, "report", "add", "--month", "06/2026")
    child.expect("Đơn vị \\(mã hoặc tên\\): ")
    child.sendline("bv")
    child.expect("BVA")  # the candidates, then the question again
    child.expect("Đơn vị \\(mã hoặc tên\\): ")
    child.sendline("BVC")
    child.expect("của Bệnh viện C Thái Nguyên \\(BVC\\)")
    child.sendcontrol("c")  # the clerk stops: nothing is saved, said in Vietnamese
    child.expect("Đã hủy")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert json_of(terminal_env, "report", "list", "--json").strip() == "[]"


def test_saying_no_to_the_summary_saves_nothing(terminal_env):
    child = spawn(
        terminal_env, "report", "add", "--unit", "BVA", "--month", "06/2026",
        "--activities", "3", "--reached", "250", "--candidates", "4",
    )  # fmt: skip
    child.expect("vận động: ")
    child.sendline("2")
    for _ in range(3):
        child.expect("bỏ qua\\): ")
        child.sendline("")
    child.expect("\\[C/k\\]: ")
    child.sendline("k")
    child.expect("Chưa lưu gì")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert json_of(terminal_env, "report", "list", "--json").strip() == "[]"


def test_a_unit_with_no_report_to_file_is_asked_about_first(terminal_env):
    child = spawn(terminal_env, "report", "add", "--unit", "KHTC", "--month", "06/2026")
    child.expect("KHTC không phải gửi báo cáo tháng")
    child.expect("\\[c/K\\]: ")
    child.sendline("")  # the default is no
    child.expect("Chưa lưu gì")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
