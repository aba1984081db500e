"""Reliability under load and failure: real processes on one SQLite file (or one PostgreSQL
database, for the writers and readers, in a YTCONTEST_TEST_PG run).

- 16 writer processes file 400 reports at the same instant while readers run ``status``;
- ``units import`` and ``report import`` of 10,000 rows killed (SIGKILL) at random moments: the
  file stays sound and each import is wholly there or wholly absent;
- ``db backup`` while writers run, and the README's restore procedure.

Every process is ``python -m ytcontest`` (or a small driver that loads the package and calls its
services or its Typer app) with an environment of its own; none shares memory with the test.
The figures (durations, kill moments) are printed: run with ``-s`` to see them.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
NOW = "2026-07-10T10:00:00+07:00"
MONTH = "06/2026"
RECEIVED = "24/06/2026 10:00"
FIGURES = ["--activities", "3", "--reached", "250", "--candidates", "4", "--mobilized", "2"]

# A 10,000-row file should be imported well within a minute (about 5 s on a 2-core machine);
# past that the crash tests cannot keep to their time, and clerks filing meanwhile wait too long.
IMPORT_BUDGET_SECONDS = 60.0
BIG = 10_000
UNIT_KILLS = 12
REPORT_KILLS = 8  # 20 kills in all spread over the whole run of an import, and besides:
WRITE_PHASE_KILLS = 3  # per importer, aimed at its writing and commit

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="kills processes with SIGKILL (POSIX)"
)
# The kills, backups and restores are about one SQLite file (its lock, its journal, its backup
# API); the 16 writers run on PostgreSQL too in a YTCONTEST_TEST_PG run.
sqlite_file = pytest.mark.sqlite_only


# --- processes, files, the database seen from outside -----------------------------------------------


def environment(db: Path | str, home: Path) -> dict[str, str]:
    """What a clerk's process gets: its database, a fixed "now", a user, a home of its own."""
    home.mkdir(parents=True, exist_ok=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("YTCONTEST_") and k not in ("COLUMNS", "PYTHONPATH")
    }
    existing = os.environ.get("PYTHONPATH")
    env.update(
        PYTHONPATH=str(SRC) + (os.pathsep + existing if existing else ""),
        YTCONTEST_DB=str(db),
        YTCONTEST_NOW=NOW,
        YTCONTEST_USER="tester",
        YTCONTEST_LANG="en",
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home),
        LOCALAPPDATA=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        PYTHONIOENCODING="utf-8",
    )
    return env


def cli(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ytcontest", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, (done.args, done.returncode, done.stderr[-2000:])
    return done


def connect(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, timeout=30, isolation_level=None)
    return con


def integrity(db: Path) -> list[str]:
    con = connect(db)
    try:
        return [row[0] for row in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()


TABLES = ("unit", "report", "report_revision", "audit_event")


def counts(db: Path) -> dict[str, int]:
    """Row counts of the tables an import writes, read in one transaction (one snapshot)."""
    con = connect(db)
    try:
        con.execute("BEGIN")
        found = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        con.execute("COMMIT")
        return found
    finally:
        con.close()


def counts_in(target: str) -> dict[str, int]:
    """``counts`` of the database YTCONTEST_DB names: an SQLite file or a PostgreSQL URL."""
    if "://" not in target:
        return counts(Path(target))
    import sqlalchemy as sa

    engine = sa.create_engine(target, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return {
                t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES
            }
    finally:
        engine.dispose()


def journal_of(db: Path) -> Path:
    return db.with_name(db.name + "-journal")


def write_units_csv(path: Path, codes: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["code", "name", "kind", "group", "email"])
        for n, code in enumerate(codes, 1):
            out.writerow([code, f"Đơn vị thử nghiệm số {n} ({code})", "don_vi", "Khối thử", ""])
    return path


def write_reports_csv(path: Path, codes: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["unit", "month", "received", *[f[2:] for f in FIGURES[::2]], "summary"])
        for n, code in enumerate(codes):
            out.writerow([code, MONTH, RECEIVED, n % 7, 100 + n % 50, n % 5, n % 3, f"Báo cáo {n}"])
    return path


def wait_for(paths: list[Path], processes: list[subprocess.Popen], timeout: float) -> None:
    """Until every file exists; a process that dies meanwhile fails the test at once."""
    end = time.monotonic() + timeout
    while not all(p.exists() for p in paths):
        dead = [p for p in processes if p.poll() is not None]
        assert not dead, [(p.args[:3], p.returncode) for p in dead]
        assert time.monotonic() < end, "the processes did not get ready in time"
        time.sleep(0.01)


def spawn(args: list[str], env: dict[str, str], out: Path | None, err: Path) -> subprocess.Popen:
    """A process whose output goes to files (a pipe nobody reads could fill up and stall it)."""
    with err.open("w") as stderr:
        if out is None:
            return subprocess.Popen(
                args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
            )
        with out.open("w") as stdout:
            return subprocess.Popen(
                args, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr
            )


def output_of(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


# --- 1. many writers and readers at once ------------------------------------------------------------

# A writer: loads the program, says it is ready, waits for the common start, then files the
# reports of its own units one after the other:
#   api:  services in-process, one ``Database.write()`` transaction per report;
#   app:  the Typer app in-process, as ``ytcontest report add ...`` (its parsing, its two sessions);
#   mixed: its first 5 reports by real ``python -m ytcontest report add ...`` processes, the
#          others as "app" (25 process starts per writer would make the test minutes long).
WRITER = r"""
import os, subprocess, sys, time
from pathlib import Path

mode, ready, go, codes = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4].split(",")
FIGURES = ["--activities", "3", "--reached", "250", "--candidates", "4", "--mobilized", "2"]

def add_args(code):
    return ["report", "add", "--unit", code, "--month", "06/2026",
            "--received", "24/06/2026 10:00", *FIGURES]

import typer
import ytcontest.cli.app
from ytcontest.store import db as database
from ytcontest.domain.dates import Month, parse_datetime
from ytcontest.services import campaigns, reports, units

ready.touch()
while not go.exists():
    time.sleep(0.005)
failed = 0
if mode == "api":
    target = database.resolve(None, os.environ, Path(typer.get_app_dir("ytcontest")))
    db = database.open_database(target)
    values = {"activities": 3, "reached": 250, "candidates": 4, "mobilized": 2}
    try:
        for code in codes:
            with db.write() as session:
                reports.add(session, os.environ["YTCONTEST_USER"], campaigns.current(session, None),
                            units.find(session, code), Month.parse("06/2026"), values,
                            received=parse_datetime("24/06/2026 10:00"))
    finally:
        db.dispose()
else:
    from ytcontest.cli.app import app
    spawned = 5 if mode == "mixed" else 0
    for code in codes[:spawned]:
        done = subprocess.run([sys.executable, "-m", "ytcontest", *add_args(code)],
                              stdin=subprocess.DEVNULL)
        failed += done.returncode != 0
    for code in codes[spawned:]:
        try:
            app(args=add_args(code), prog_name="ytcontest")
        except SystemExit as exit:
            failed += exit.code not in (0, None)
sys.exit(1 if failed else 0)
"""

# A reader: ``ytcontest status --month 06/2026 --json`` again and again (real processes) until
# the writers are done, then once more; every run is written down.
READER = r"""
import json, subprocess, sys, time
from pathlib import Path

ready, go, stop, out = map(Path, sys.argv[1:5])
ready.touch()
while not go.exists():
    time.sleep(0.005)
runs = []
while True:
    last = stop.exists()
    started = time.time()
    done = subprocess.run([sys.executable, "-m", "ytcontest", "status", "--month", "06/2026",
                           "--json"], capture_output=True, text=True, encoding="utf-8",
                          stdin=subprocess.DEVNULL)
    run = {"rc": done.returncode, "stderr": done.stderr, "started": started, "ended": time.time()}
    try:
        run["reported"] = json.loads(done.stdout)["summary"]["reported"]
    except Exception as error:
        run["json_error"] = repr(error)
    runs.append(run)
    if last:
        break
    time.sleep(0.5)
out.write_text(json.dumps(runs), encoding="utf-8")
"""

WRITERS = 16
PER_WRITER = 25
MODES = ["api"] * 10 + ["app"] * 4 + ["mixed"] * 2


@pytest.mark.slow
def test_sixteen_writers_file_400_reports_at_once_while_readers_run_status(run, db_path, tmp_path):
    codes = [f"U{n:03d}" for n in range(1, WRITERS * PER_WRITER + 1)]
    imported = run("units", "import", str(write_units_csv(tmp_path / "u400.csv", codes)))
    assert imported.exit_code == 0, imported.output
    target = os.environ["YTCONTEST_DB"]  # the SQLite file db_path, or a PostgreSQL schema
    before = counts_in(target)
    env = environment(target, tmp_path / "clerks")
    sync = tmp_path / "sync"
    sync.mkdir()
    go, stop = sync / "go", sync / "stop"

    writers, readers = [], []
    for w in range(WRITERS):
        mine = codes[w * PER_WRITER : (w + 1) * PER_WRITER]
        writers.append(
            spawn(
                [
                    sys.executable,
                    "-c",
                    WRITER,
                    MODES[w],
                    str(sync / f"w{w}"),
                    str(go),
                    ",".join(mine),
                ],
                env,
                tmp_path / f"w{w}.out",
                tmp_path / f"w{w}.err",
            )
        )
    for r in range(2):
        readers.append(
            spawn(
                [
                    sys.executable,
                    "-c",
                    READER,
                    str(sync / f"r{r}"),
                    str(go),
                    str(stop),
                    str(tmp_path / f"r{r}.json"),
                ],
                env,
                tmp_path / f"r{r}.out",
                tmp_path / f"r{r}.err",
            )
        )
    everyone = writers + readers
    try:
        wait_for(
            [sync / f"w{w}" for w in range(WRITERS)] + [sync / "r0", sync / "r1"], everyone, 120
        )
        start = time.time()
        go.touch()
        finished: dict[int, float] = {}
        while len(finished) < WRITERS:
            assert time.time() - start < 300, "the writers did not finish in 5 minutes"
            for w, writer in enumerate(writers):
                if w not in finished and writer.poll() is not None:
                    finished[w] = time.time() - start
            time.sleep(0.01)
        writers_done = time.time()
        stop.touch()
        for reader in readers:
            reader.wait(timeout=120)
    finally:
        for process in everyone:
            if process.poll() is None:
                process.kill()
                process.wait()
    elapsed = writers_done - start
    print(f"\n400 reports by {WRITERS} processes ({Counter(MODES)}): {elapsed:.1f} s")
    for mode in sorted(set(MODES)):
        times = sorted(finished[w] for w in range(WRITERS) if MODES[w] == mode)
        print(f"  {mode} writers done after {', '.join(f'{t:.1f}' for t in times)} s")

    for w, writer in enumerate(writers):
        err = output_of(tmp_path / f"w{w}.err")
        assert writer.returncode == 0, (w, MODES[w], err[-2000:])
        assert "locked" not in err.lower() and "busy" not in err.lower(), (w, err[-2000:])
        assert err == "", (w, MODES[w], err[-2000:])
    said = "".join(output_of(tmp_path / f"w{w}.out") for w in range(WRITERS))
    assert said.count("Verdict: on time.") == sum(PER_WRITER for m in MODES if m != "api")

    listed = run("report", "list", "--month", MONTH, "--json")
    assert listed.exit_code == 0, listed.output
    reports = json.loads(listed.stdout)
    assert len(reports) == 400
    assert sorted(r["unit"] for r in reports) == codes  # each unit exactly once
    for report in reports:
        assert (report["revision"], len(report["revisions"])) == (1, 1), report
        assert report["received_at"] == "2026-06-24T10:00:00+07:00"
        assert (report["activities"], report["reached"]) == (3, 250)
    after = counts_in(target)
    assert after["report"] - before["report"] == 400
    assert after["report_revision"] - before["report_revision"] == 400
    assert after["audit_event"] - before["audit_event"] == 400
    if "://" not in target:
        assert integrity(db_path) == ["ok"]

    during = 0
    for r, reader in enumerate(readers):
        err = output_of(tmp_path / f"r{r}.err")
        assert reader.returncode == 0, err[-2000:]
        runs = json.loads((tmp_path / f"r{r}.json").read_text(encoding="utf-8"))
        for one in runs:
            assert one["rc"] == 0, one
            assert one["stderr"] == "", one
            assert "json_error" not in one, one
        seen = [one["reported"] for one in runs]
        # Each run sees a committed state: the count only grows, and ends at the 400.
        assert seen == sorted(seen), seen
        assert all(0 <= n <= 400 for n in seen), seen
        assert seen[-1] == 400, seen
        during += sum(1 for one in runs if one["started"] < writers_done)
        print(f"reader {r}: {len(runs)} status runs, reported counts {seen}")
    assert during >= 2, "no status run overlapped the writers"


# --- 2. imports killed at random moments --------------------------------------------------------------


@dataclass
class Big:
    folder: Path
    base: Path  # init + the 10,000 units the reports are for (never written to after)
    units_csv: Path  # 10,000 new units
    reports_csv: Path  # 10,000 reports for the units of base
    seconds: dict[str, float | None] = field(default_factory=dict)  # None: over the budget
    measured_kill: dict[str, dict] = field(default_factory=dict)

    def env(self, db: Path) -> dict[str, str]:
        return environment(db, self.folder / "home")


IMPORTS = {
    "units": lambda big: ["units", "import", str(big.units_csv)],
    "reports": lambda big: ["report", "import", str(big.reports_csv)],
}
# What one whole import adds to each table.
FULL = {
    "units": {"unit": BIG, "report": 0, "report_revision": 0, "audit_event": BIG},
    "reports": {"unit": 0, "report": BIG, "report_revision": BIG, "audit_event": BIG},
}
NOTHING = dict.fromkeys(TABLES, 0)


def fresh_copy(source: Path, db: Path) -> None:
    for leftover in (db, journal_of(db)):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(source, db)


def start_import(big: Big, which: str, db: Path, err: Path) -> subprocess.Popen:
    # Its 10,000 lines of "filed" go nowhere.
    return spawn([sys.executable, "-m", "ytcontest", *IMPORTS[which](big)], big.env(db), None, err)


# The first bytes of a rollback journal that SQLite will play back ("hot"). A journal whose
# header is still zeroed was never synced: the database file was not touched yet, and SQLite
# leaves such a file alone (harmless; the next transaction reuses it).
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def is_hot(journal: Path) -> bool:
    try:
        with journal.open("rb") as handle:
            return handle.read(len(JOURNAL_MAGIC)) == JOURNAL_MAGIC
    except FileNotFoundError:
        return False


def after_kill(big: Big, which: str, db: Path, before: dict[str, int]) -> dict:
    """The database after an import ended or was killed: sound, and the import all or nothing."""
    journal = journal_of(db)
    journal_bytes = journal.stat().st_size if journal.exists() else 0
    hot = is_hot(journal)
    # Pages of the unfinished transaction already in the file (SQLite spills its cache into the
    # file before the commit): only the journal can undo them.
    spilled = db.stat().st_size > big.base.stat().st_size
    # The program opens it first: a journal left by the killed process must not stop it (SQLite
    # rolls a hot journal back on the first read).
    listed = cli(big.env(db), "units", "list", "--all", "--json")
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == ""
    assert not is_hot(journal), "a hot journal is still there after the program opened the file"
    assert integrity(db) == ["ok"]
    found = counts(db)
    assert len(json.loads(listed.stdout)) == found["unit"]
    delta = {t: found[t] - before[t] for t in TABLES}
    assert delta in (NOTHING, FULL[which]), f"{which} import partly there: {delta}"
    return {
        "journal_bytes": journal_bytes,
        "hot": hot,
        "spilled": spilled,
        "imported": delta == FULL[which],
    }


def journal_note(killed: bool, outcome: dict) -> str:
    if not outcome["journal_bytes"]:
        return "no journal left"
    note = f"{'hot' if outcome['hot'] else 'unsynced'} journal left ({outcome['journal_bytes']} B)"
    if killed and outcome["spilled"]:
        note += ", uncommitted pages were in the file"
    return note


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Big:
    """The 10,000-row files, a database holding 10,000 units, and how long each import takes."""
    folder = tmp_path_factory.mktemp("big")
    existing = [f"K{n:05d}" for n in range(BIG)]
    data = Big(
        folder=folder,
        base=folder / "base.db",
        units_csv=write_units_csv(folder / "new-units.csv", [f"N{n:05d}" for n in range(BIG)]),
        reports_csv=write_reports_csv(folder / "reports.csv", existing),
    )
    env = data.env(data.base)
    ok(cli(env, "init"))
    ok(cli(env, "units", "import", str(write_units_csv(folder / "existing.csv", existing))))
    before = counts(data.base)
    for which in IMPORTS:
        db = folder / f"measure-{which}.db"
        fresh_copy(data.base, db)
        process = start_import(data, which, db, folder / f"measure-{which}.err")
        started = time.monotonic()
        try:
            process.wait(timeout=IMPORT_BUDGET_SECONDS)
            data.seconds[which] = time.monotonic() - started
            assert process.returncode == 0, output_of(folder / f"measure-{which}.err")
            assert counts(db) == {t: before[t] + FULL[which][t] for t in TABLES}
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            data.seconds[which] = None
            data.measured_kill[which] = after_kill(data, which, db, before)
        print(f"\nfull {which} import of {BIG} rows: {data.seconds[which]} s")
    return data


@pytest.mark.slow
@sqlite_file
def test_a_10000_row_import_finishes_within_the_budget(big):
    """A year's file must not hold the write lock for minutes (clerks wait at most 30 s)."""
    slow = {which: s for which, s in big.seconds.items() if s is None}
    assert not slow, (
        f"importing {BIG} rows took more than {IMPORT_BUDGET_SECONDS:.0f} s: {sorted(slow)} "
        f"(measured: {big.seconds})"
    )


def kill_at_random_moments(big: Big, which: str, kills: int, seed: int) -> list[dict]:
    full = big.seconds[which]
    if full is None:
        # The one kill made while measuring was checked already (all or nothing); the rounds
        # spread over a full import would take far longer than this file may.
        pytest.fail(
            f"the {which} import of {BIG} rows did not finish within {IMPORT_BUDGET_SECONDS:.0f} s "
            f"(killed then: {big.measured_kill[which]}); too slow to crash-test in time"
        )
    rng = random.Random(seed)
    db = big.folder / f"crash-{which}.db"
    fresh_copy(big.base, db)
    before = counts(db)
    print(f"\n{which} import ({full:.1f} s in full), kills:")
    # Stratified: one moment in each slice of [0.2 s, 1.1 x a full import], so the kills cover
    # start-up, reading, the writes, the commit, and sometimes land after the end. A round whose
    # import ends first is no kill: it tells how long an import takes now (the machine's load
    # changes), and the slices are drawn again until there were ``kills`` kills.
    rounds: list[dict] = []
    while sum(r["killed"] for r in rounds) < kills:
        assert len(rounds) < kills + 8, f"too few kills landed before the end: {rounds}"
        low, high = 0.2, 1.1 * full
        step = (high - low) / kills
        k = len(rounds) % kills
        delay = rng.uniform(low + k * step, low + (k + 1) * step)
        err = big.folder / f"crash-{which}-{len(rounds)}.err"
        process = start_import(big, which, db, err)
        started = time.monotonic()
        try:
            process.wait(timeout=delay)
            killed = False
            full = time.monotonic() - started
            assert process.returncode == 0, output_of(err)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            # The import may have finished between the timeout and the kill: then it is a
            # round that ran to the end, not a kill.
            killed = process.returncode == -signal.SIGKILL
            assert killed or process.returncode == 0, output_of(err)
        outcome = after_kill(big, which, db, before)
        rounds.append({"delay": round(delay, 2), "killed": killed, **outcome})
        print(
            f"  at {delay:6.2f} s: {'killed' if killed else f'finished after {full:.1f} s'}, "
            f"{'whole import there' if outcome['imported'] else 'nothing there'}, "
            f"{journal_note(killed, outcome)}",
            flush=True,
        )
        if outcome["imported"]:
            fresh_copy(big.base, db)  # the next round imports the same rows again
    # Then a few kills aimed at the writing itself: soon after the journal turns hot, that is
    # once SQLite has synced it and starts writing the transaction's pages into the file (a
    # cache spill or the commit), the moment only the journal can undo.
    for _ in range(WRITE_PHASE_KILLS):
        err = big.folder / f"crash-{which}-{len(rounds)}.err"
        process = start_import(big, which, db, err)
        started = time.monotonic()
        while not is_hot(journal_of(db)) and process.poll() is None:
            time.sleep(0.0005)
        writing = time.monotonic() - started
        extra = rng.uniform(0, 0.03 * full)
        try:
            process.wait(timeout=extra)
            killed = False
            assert process.returncode == 0, output_of(err)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            killed = True
        outcome = after_kill(big, which, db, before)
        rounds.append({"delay": round(writing + extra, 2), "killed": killed, **outcome})
        print(
            f"  at {writing + extra:6.2f} s (journal hot from {writing:.2f} s): "
            f"{'killed' if killed else 'finished'}, "
            f"{'whole import there' if outcome['imported'] else 'nothing there'}, "
            f"{journal_note(killed, outcome)}",
            flush=True,
        )
        if outcome["imported"]:
            fresh_copy(big.base, db)
    return rounds


@pytest.mark.slow
@sqlite_file
def test_units_import_killed_at_random_moments_is_all_or_nothing(big):
    rounds = kill_at_random_moments(big, "units", UNIT_KILLS, seed=20260625)
    # Not vacuous: some kills landed while the import was writing into the file, so that only
    # rolling its journal back could leave the database as it was.
    assert any(r["killed"] and r["spilled"] and not r["imported"] for r in rounds), rounds


@pytest.mark.slow
@sqlite_file
def test_report_import_killed_at_random_moments_is_all_or_nothing(big):
    rounds = kill_at_random_moments(big, "reports", REPORT_KILLS, seed=20260626)
    assert any(r["killed"] and r["spilled"] and not r["imported"] for r in rounds), rounds


@pytest.mark.slow
@sqlite_file
def test_a_clerk_filing_while_a_10000_row_import_writes_waits_and_succeeds(big):
    """The import holds the write lock while it writes; a clerk's ``report add`` waits for it
    (the busy timeout) and succeeds, and ``status`` meanwhile answers: no "database is locked"."""
    if big.seconds["reports"] is None:
        pytest.fail(f"the report import of {BIG} rows takes more than {IMPORT_BUDGET_SECONDS} s")
    db = big.folder / "clerk-during-import.db"
    fresh_copy(big.base, db)
    env = big.env(db)
    importer = start_import(big, "reports", db, big.folder / "clerk-import.err")
    started = time.monotonic()
    while not journal_of(db).exists():
        assert importer.poll() is None, "the import ended before it was seen writing"
        time.sleep(0.001)
    came = time.monotonic() - started
    args = {
        "clerk": [
            "report",
            "add",
            "--unit",
            "BVA",
            "--month",
            MONTH,
            "--received",
            RECEIVED,
            *FIGURES,
        ],
        "reader": ["status", "--month", MONTH, "--json"],
    }
    folder = big.folder
    others = {
        name: spawn(
            [sys.executable, "-m", "ytcontest", *command],
            env,
            folder / f"during-{name}.out",
            folder / f"during-{name}.err",
        )
        for name, command in args.items()
    }
    ended: dict[str, float] = {}
    while len(ended) < len(others) + 1:
        assert time.monotonic() - started < 180
        for name, process in [*others.items(), ("import", importer)]:
            if name not in ended and process.poll() is not None:
                ended[name] = round(time.monotonic() - started, 2)
        time.sleep(0.005)
    print(f"\nimport writing from {came:.2f} s, then a clerk and a reader came; ended by {ended}")
    assert importer.returncode == 0, output_of(folder / "clerk-import.err")
    for name, process in others.items():
        err = output_of(folder / f"during-{name}.err")
        assert process.returncode == 0, (name, err)
        assert err == "", (name, err)
    assert "Verdict: on time." in output_of(folder / "during-clerk.out")
    assert json.loads(output_of(folder / "during-reader.out"))["month"] == "2026-06"
    assert counts(db)["report"] == counts(big.base)["report"] + BIG + 1
    assert integrity(db) == ["ok"]


# --- 4. backups while writers run, and restoring one -------------------------------------------------

# A writer for the backup test: for each of its units, files the June report (revision 1) and
# then amends it (revision 2), each in its own transaction, until told to stop.
LOOP_WRITER = r"""
import os, sys, time
from pathlib import Path

ready, go, stop = map(Path, sys.argv[1:4])
codes = sys.argv[4].split(",")
import typer
from ytcontest.store import db as database
from ytcontest.domain.dates import Month, parse_datetime
from ytcontest.services import campaigns, reports, units

db = database.open_database(
    database.resolve(None, os.environ, Path(typer.get_app_dir("ytcontest"))))
month = Month.parse("06/2026")
steps = [(False, parse_datetime("24/06/2026 10:00"), 3), (True, parse_datetime("26/06/2026 10:00"), 5)]
ready.touch()
while not go.exists():
    time.sleep(0.005)
done = 0
for code in codes:
    if stop.exists():
        break
    for amend, at, activities in steps:
        with db.write() as session:
            reports.add(session, "writer", campaigns.current(session, None),
                        units.find(session, code), month,
                        {"activities": activities, "reached": 10, "candidates": 1, "mobilized": 1},
                        received=at, amend=amend)
        time.sleep(0.002)
    done += 1
db.dispose()
print(done)
"""

BACKUP_WRITERS = 2
BACKUP_UNITS = 700  # per writer: more than they can file while the backups are made
BACKUPS = 5


def revisions_by_unit(db: Path) -> dict[str, int]:
    con = connect(db)
    try:
        return dict(
            con.execute(
                "SELECT unit.code, count(report_revision.id) FROM report "
                "JOIN unit ON unit.id = report.unit_id "
                "LEFT JOIN report_revision ON report_revision.report_id = report.id "
                "GROUP BY unit.code"
            ).fetchall()
        )
    finally:
        con.close()


def report_events_by_key(db: Path) -> dict[str, int]:
    con = connect(db)
    try:
        return dict(
            con.execute(
                "SELECT object_key, count(*) FROM audit_event "
                "WHERE action IN ('report.add', 'report.amend') GROUP BY object_key"
            ).fetchall()
        )
    finally:
        con.close()


def check_backup(
    env: dict[str, str], backup: Path, low: dict, high: dict, writers: list[list[str]]
):
    """A backup opens, is sound, and holds what the database held at one instant."""
    assert backup.exists()
    assert integrity(backup) == ["ok"]
    checked = ok(cli(env, "--db", str(backup), "db", "check", "--json"))
    assert json.loads(checked.stdout)["integrity"] == "ok"
    held = counts(backup)
    for table in TABLES:
        assert low[table] <= held[table] <= high[table], (backup.name, table, low, held, high)
    revisions = revisions_by_unit(backup)
    events = report_events_by_key(backup)
    for codes in writers:
        filed = [code for code in codes if code in revisions]
        # A prefix of the writer's sequence: its first k units, each complete but maybe the last.
        assert filed == codes[: len(filed)], (backup.name, filed[:5])
        for code in filed[:-1]:
            assert revisions[code] == 2, (backup.name, code, revisions[code])
        if filed:
            assert revisions[filed[-1]] in (1, 2)
        for code in filed:
            assert events.get(f"{code}/2026-06") == revisions[code], (backup.name, code)
    assert sum(revisions.values()) == held["report_revision"]
    return held


@pytest.mark.slow
@sqlite_file
def test_backups_made_while_two_writers_run_are_consistent_and_restore(run, db_path, tmp_path):
    writers_units = [[f"B{w}{n:04d}" for n in range(BACKUP_UNITS)] for w in range(BACKUP_WRITERS)]
    csv_file = write_units_csv(tmp_path / "b.csv", [c for codes in writers_units for c in codes])
    imported = run("units", "import", str(csv_file))
    assert imported.exit_code == 0, imported.output
    env = environment(db_path, tmp_path / "clerks")
    sync = tmp_path / "sync"
    sync.mkdir()
    go, stop = sync / "go", sync / "stop"
    writers = [
        spawn(
            [
                sys.executable,
                "-c",
                LOOP_WRITER,
                str(sync / f"w{w}"),
                str(go),
                str(stop),
                ",".join(codes),
            ],
            env,
            tmp_path / f"w{w}.out",
            tmp_path / f"w{w}.err",
        )
        for w, codes in enumerate(writers_units)
    ]
    made = []
    try:
        wait_for([sync / f"w{w}" for w in range(BACKUP_WRITERS)], writers, 60)
        go.touch()
        time.sleep(0.5)
        for b in range(BACKUPS):
            backup = tmp_path / f"saoluu-{b}.db"
            low = counts(db_path)
            started = time.monotonic()
            done = ok(cli(env, "db", "backup", str(backup)))
            seconds = time.monotonic() - started
            high = counts(db_path)
            assert str(backup) in done.stdout
            made.append((backup, low, high, seconds))
            time.sleep(0.3)
        running = [w.poll() is None for w in writers]
        assert all(running), "the writers ended before the last backup: give them more units"
        stop.touch()
        for writer in writers:
            writer.wait(timeout=60)
    finally:
        stop.touch()
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
    for w, writer in enumerate(writers):
        err = output_of(tmp_path / f"w{w}.err")
        assert writer.returncode == 0, err[-2000:]
        assert err == "", err[-2000:]
    final = counts(db_path)

    held = []
    for backup, low, high, seconds in made:
        held.append(check_backup(env, backup, low, high, writers_units))
        print(
            f"\n{backup.name}: {seconds:.2f} s, reports {low['report']} <= "
            f"{held[-1]['report']} <= {high['report']}"
        )
    print(f"final: {final}")
    reports_held = [h["report"] for h in held]
    assert reports_held == sorted(reports_held)
    assert len(set(reports_held)) > 1, "the backups were not made while the data changed"
    assert reports_held[-1] < final["report"]

    # The README's restore: every other ytcontest closed (the writers are), then
    # "ytcontest db restore BACKUP" and "ytcontest db check".
    chosen = made[1][0]
    expected = json.loads(ok(cli(env, "--db", str(chosen), "report", "list", "--json")).stdout)
    assert len(expected) == held[1]["report"]
    restored = ok(cli(env, "db", "restore", str(chosen)))
    assert str(db_path) in restored.stdout
    assert restored.stderr == ""
    checked = ok(cli(env, "db", "check", "--json"))
    assert json.loads(checked.stdout)["integrity"] == "ok"
    assert json.loads(ok(cli(env, "report", "list", "--json")).stdout) == expected
    assert counts(db_path) == held[1]
    assert integrity(db_path) == ["ok"]
    # And it is a working database again: a clerk files the next report.
    nxt = writers_units[0][len([c for c in writers_units[0] if c in revisions_by_unit(db_path)])]
    ok(cli(env, "report", "add", "--unit", nxt, "--month", MONTH, "--received", RECEIVED, *FIGURES))


@pytest.mark.slow
@sqlite_file
def test_restore_after_a_crash_that_left_a_journal_gives_the_backup_back(db_path, tmp_path):
    """The usual reason to restore: the machine went down in the middle of a write.

    The crashed process leaves ``ytcontest.db-journal`` beside the file, holding pages of the
    database as it was before that write (newer than the backup). The README's procedure
    (``db restore BACKUP``, then ``db check``) must give back the backup's data, sound: a copy of
    the backup laid over the file by hand would have that journal rolled back into it.
    """
    env = environment(db_path, tmp_path / "clerk")
    backup = tmp_path / "last-night.db"
    ok(cli(env, "db", "backup", str(backup)))
    expected = json.loads(
        ok(cli(env, "--db", str(backup), "units", "list", "--all", "--json")).stdout
    )
    # A day's work after the backup, then the crash in the middle of a big import.
    day = write_units_csv(tmp_path / "day.csv", [f"D{n:04d}" for n in range(3000)])
    ok(cli(env, "units", "import", str(day)))
    journal = journal_of(db_path)
    for attempt in range(3):
        size = db_path.stat().st_size
        big = write_units_csv(
            tmp_path / f"big{attempt}.csv", [f"N{attempt}{n:05d}" for n in range(BIG)]
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "ytcontest", "units", "import", str(big)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            # Kill it once it has written into the database file (its journal holds old pages).
            end = time.monotonic() + 120
            while not (journal.exists() and db_path.stat().st_size > size):
                if process.poll() is not None:
                    break  # finished first: try again with another file
                assert time.monotonic() < end
                time.sleep(0.001)
            else:
                os.kill(process.pid, signal.SIGKILL)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
        if process.returncode == -signal.SIGKILL:
            break
    assert process.returncode == -signal.SIGKILL, "no import could be caught in the middle"
    assert journal.exists() and journal.stat().st_size > 0

    restored = cli(env, "db", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    checked = cli(env, "db", "check", "--json")
    assert checked.returncode == 0, f"the restored database is damaged: {checked.stderr.strip()}"
    assert json.loads(checked.stdout)["integrity"] == "ok"
    assert integrity(db_path) == ["ok"]
    assert not journal.exists() or journal.stat().st_size == 0
    assert json.loads(ok(cli(env, "units", "list", "--all", "--json")).stdout) == expected
