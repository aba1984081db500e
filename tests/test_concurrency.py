"""Two clerks pressing Enter at the same moment: real processes on one SQLite file.

Each process is ``python -m ytcontest`` with its own environment; they are started back to back so
that their writes race. Reports for different units must both be stored; for the same unit and
month exactly one wins and the other is refused cleanly (exit 1, a message, no traceback).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
FIGURES = ["--activities", "3", "--reached", "250", "--candidates", "4", "--mobilized", "2"]
NOW = "2026-07-10T10:00:00+07:00"


def environment(db_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("YTCONTEST_") and k not in ("PYTHONPATH", "COLUMNS")
    }
    env.update(
        # The database the test set up: the SQLite file, or a PostgreSQL schema in a
        # YTCONTEST_TEST_PG run.
        YTCONTEST_DB=os.environ.get("YTCONTEST_DB", str(db_path)),
        YTCONTEST_NOW=NOW,
        YTCONTEST_USER="tester",
        YTCONTEST_LANG="en",
        PYTHONPATH=str(SRC),
        PYTHONIOENCODING="utf-8",
    )
    return env


def race(db_path: Path, *commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Start every command at once, then wait for all of them."""
    env = environment(db_path)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "ytcontest", *command],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        for command in commands
    ]
    results = []
    for process, command in zip(processes, commands, strict=True):
        stdout, stderr = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
    return results


# The same command, but each process first loads the program, then waits for a shared instant:
# the import time (most of a start) is out of the race, so both reach the database together.
AT_THE_SAME_INSTANT = """
import os, sys, time
from ytcontest.__main__ import main
import ytcontest.cli.app, ytcontest.services.reports, sqlalchemy, sqlmodel
time.sleep(max(0.0, float(os.environ["START_AT"]) - time.time()))
sys.argv = ["ytcontest", *sys.argv[1:]]
main()
"""


def race_at_one_instant(db_path: Path, *commands: list[str]) -> list[subprocess.CompletedProcess]:
    env = {**environment(db_path), "START_AT": str(time.time() + 1.5)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", AT_THE_SAME_INSTANT, *command],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        for command in commands
    ]
    results = []
    for process, command in zip(processes, commands, strict=True):
        stdout, stderr = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
    return results


def report_add(unit: str, month: str = "06/2026", received: str = "20/06/2026 09:00") -> list[str]:
    return ["report", "add", "--unit", unit, "--month", month, "--received", received, *FIGURES]


def stored_reports(run) -> list[dict]:
    result = run("report", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_two_clerks_filing_for_different_units_at_once_both_succeed(run, db_path):
    first, second = race(db_path, report_add("BVA"), report_add("BVC"))
    for outcome in (first, second):
        assert outcome.returncode == 0, outcome.stderr
        assert outcome.stderr == ""
    reports = stored_reports(run)
    assert sorted((r["unit"], r["month"], r["revision"]) for r in reports) == [
        ("BVA", "2026-06", 1),
        ("BVC", "2026-06", 1),
    ]


@pytest.mark.parametrize("attempt", range(5))
def test_two_clerks_filing_the_same_unit_and_month_at_once_only_one_wins(run, db_path, attempt):
    outcomes = race(
        db_path,
        report_add("BVA", received="20/06/2026 09:00"),
        report_add("BVA", received="21/06/2026 09:00"),
    )
    codes = sorted(o.returncode for o in outcomes)
    assert codes == [0, 1], [(o.returncode, o.stderr) for o in outcomes]
    loser = next(o for o in outcomes if o.returncode == 1)
    winner = next(o for o in outcomes if o.returncode == 0)
    assert loser.stderr.startswith("Error: "), loser.stderr
    assert "Traceback" not in loser.stderr + loser.stdout
    assert "BVA already reported for 06/2026" in loser.stderr
    assert "--amend" in loser.stderr
    assert loser.stdout == ""
    assert "Verdict: on time." in winner.stdout
    (report,) = stored_reports(run)
    assert (report["unit"], report["month"], report["revision"]) == ("BVA", "2026-06", 1)
    assert len(report["revisions"]) == 1
    # The stored report is the winner's, whole: its received time is one of the two given.
    assert report["received_at"] in ("2026-06-20T09:00:00+07:00", "2026-06-21T09:00:00+07:00")
    events = json.loads(run("log", "--json").stdout)
    assert [e["action"] for e in events if e["object"] == "BVA/2026-06"] == ["report.add"]


def test_two_clerks_amending_the_same_report_at_once_get_revisions_2_and_3(run, db_path):
    (first,) = race(db_path, report_add("BVA"))
    assert first.returncode == 0, first.stderr
    outcomes = race(db_path, [*report_add("BVA"), "--amend"], [*report_add("BVA"), "--amend"])
    for outcome in outcomes:
        assert outcome.returncode == 0, outcome.stderr
    (report,) = stored_reports(run)
    assert [r["revision"] for r in report["revisions"]] == [1, 2, 3]


@pytest.mark.slow
def test_same_unit_race_started_at_one_instant_is_decided_cleanly_every_time(run, db_path):
    """Five rounds, each for another unit, with both processes released at the same instant."""
    units = ["BVA", "BVC", "BVGT", "BVMAT", "BVTT"]
    for unit in units:
        outcomes = race_at_one_instant(db_path, report_add(unit), report_add(unit))
        assert sorted(o.returncode for o in outcomes) == [0, 1], [
            (o.returncode, o.stderr) for o in outcomes
        ]
        loser = next(o for o in outcomes if o.returncode == 1)
        assert loser.stderr.startswith(f"Error: {unit} already reported for 06/2026"), loser.stderr
        assert "Traceback" not in loser.stderr
    reports = stored_reports(run)
    assert sorted((r["unit"], r["revision"], len(r["revisions"])) for r in reports) == [
        (unit, 1, 1) for unit in sorted(units)
    ]


@pytest.mark.slow
def test_amendments_released_at_one_instant_each_get_their_own_revision(run, db_path):
    """Three clerks amend one report at the same instant, three rounds: every amendment is kept,
    numbered in turn, and none is refused (on PostgreSQL the report row is locked for it)."""
    (first,) = race(db_path, report_add("BVA"))
    assert first.returncode == 0, first.stderr
    amend = [*report_add("BVA"), "--amend"]
    for _round in range(3):
        outcomes = race_at_one_instant(db_path, amend, amend, amend)
        assert [o.returncode for o in outcomes] == [0, 0, 0], [o.stderr for o in outcomes]
    (report,) = stored_reports(run)
    assert [r["revision"] for r in report["revisions"]] == list(range(1, 11))
    events = json.loads(run("log", "--json").stdout)
    assert [e["action"] for e in events if e["object"] == "BVA/2026-06"].count("report.amend") == 9
