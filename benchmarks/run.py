"""ytcontest's benchmarks: one command, one table of ratios against baselines measured in the same run.

    python benchmarks/run.py [--quick] [--markdown] [--profile DIR] [--keep DIR]

Run it from the repository root, in an environment where ``python -m ytcontest`` works (ytcontest
installed, or else this checkout's ``src``, which is then put on ``PYTHONPATH``), with the
benchmark dependencies of ``benchmarks/requirements.txt``. ``benchmarks/README.md`` says what
each line measures and where its target comes from.

Every timing is that of a whole child process (``sys.executable`` with the current environment):
the median of several runs, taken turn about with its baseline (ours, baseline, baseline, ours,
...) so that both share the machine's noise, after one unmeasured run of each that warms the
caches and checks that the command works. "ratio" compares wall-clock times, which is what the
targets are about; "CPU ratio" compares the children's user+system CPU time, which a busy
machine disturbs less: when the two disagree, the machine was busy. Peak memory is the child's
own ``ru_maxrss`` (``os.wait4``).

The children work in a temporary folder: the databases, ``HOME``, and a private bytecode cache
(``PYTHONPYCACHEPREFIX``: modules are compiled once, as in an installed package, and nothing is
written beside the sources), with ``YTCONTEST_NOW`` fixed at 28/11/2026 10:00 (Vietnam) so that
every run judges the same data the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOW = "2026-11-28T10:00:00+07:00"
MONTH = "06/2026"
MIB = 1024 * 1024


# --- running children ---------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system
    max_rss: int | None  # bytes


class ChildFailed(RuntimeError):
    pass


def run_child(
    cmd: Sequence[str], env: dict[str, str], cwd: Path, stdout: Path | None = None
) -> Run:
    """Run ``cmd`` to its end: its wall time, its CPU time and its own peak resident memory."""
    err_path = cwd / ".stderr"
    with (
        open(err_path, "wb") as err,
        open(stdout if stdout is not None else os.devnull, "wb") as out,
    ):
        started = time.perf_counter()
        process = subprocess.Popen(list(cmd), env=env, cwd=cwd, stdout=out, stderr=err)
        if hasattr(os, "wait4"):
            _pid, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            code = os.waitstatus_to_exitcode(status)
            process.returncode = code
            cpu = usage.ru_utime + usage.ru_stime
            # Linux counts ru_maxrss in KiB, macOS in bytes.
            rss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
        else:  # Windows: wall time only
            code = process.wait()
            seconds = time.perf_counter() - started
            cpu, rss = float("nan"), None
    if code != 0:
        text = err_path.read_text(encoding="utf-8", errors="replace")
        raise ChildFailed(f"{' '.join(cmd)} exited with {code}:\n{text[-3000:]}")
    return Run(seconds, cpu, rss)


@dataclass
class Job:
    """A command to time, with what to do before each run (fresh copies, removed outputs)."""

    cmd: list[str]
    prepare: Callable[[], None] | None = None
    check: Callable[[Path | None], None] | None = None  # on the warm-up run's output
    capture: bool = False  # keep the warm-up's stdout for ``check``

    def once(self, env: dict[str, str], cwd: Path, stdout: Path | None = None) -> Run:
        if self.prepare is not None:
            self.prepare()
        return run_child(self.cmd, env, cwd, stdout)


@dataclass
class Timing:
    runs: list[Run]

    @property
    def wall(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak(self) -> int | None:
        values = [r.max_rss for r in self.runs if r.max_rss is not None]
        return max(values) if values else None


def measure(jobs: Sequence[Job], repeats: int, env: dict[str, str], cwd: Path) -> list[Timing]:
    """Warm each job up once (and check it), then run them ``repeats`` times, turn about."""
    for job in jobs:
        out = cwd / ".warmup-stdout" if job.capture else None
        job.once(env, cwd, out)
        if job.check is not None:
            job.check(out)
    runs: list[list[Run]] = [[] for _ in jobs]
    order = list(range(len(jobs)))
    for i in range(repeats):
        # ABBA: neither side is always the one that runs right after the other.
        for index in order if i % 2 == 0 else order[::-1]:
            runs[index].append(jobs[index].once(env, cwd))
    return [Timing(r) for r in runs]


# --- the table ------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    ours: str
    baseline: str
    ratio: float | None
    cpu_ratio: float | None
    target: str
    met: bool | None
    key: str = ""  # names the profile file
    profile: list[str] | None = None  # the ytcontest arguments to profile when missed

    @staticmethod
    def x(value: float | None) -> str:
        return "–" if value is None or value != value else f"{value:.2f}x"

    @property
    def met_text(self) -> str:
        return "–" if self.met is None else ("yes" if self.met else "**NO**")

    def cells(self) -> list[str]:
        return [
            self.name,
            self.ours,
            self.baseline,
            self.x(self.ratio),
            self.x(self.cpu_ratio),
            self.target,
            self.met_text,
        ]


HEAD = ["benchmark", "ours", "baseline", "ratio", "CPU ratio", "target", "met"]


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def mib(value: int | None) -> str:
    return "n/a" if value is None else f"{value / MIB:.0f} MiB"


def compare(
    name: str,
    ours: Timing,
    base: Timing,
    limit: float,
    key: str = "",
    args: list[str] | None = None,
) -> Row:
    ratio = ours.wall / base.wall
    return Row(
        name,
        seconds(ours.wall),
        seconds(base.wall),
        ratio,
        ours.cpu / base.cpu,
        f"≤ {limit:g}x",
        ratio <= limit,
        key,
        args,
    )


def render(rows: list[Row], markdown: bool) -> str:
    body = [r.cells() for r in rows]
    if markdown:
        lines = [
            "| " + " | ".join(HEAD) + " |",
            "|" + "|".join(["---"] + ["--:"] * 5 + [":-:"]) + "|",
        ]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    body = [[c.replace("**", "").replace("`", "") for c in cells] for cells in body]
    widths = [max(len(row[i]) for row in [HEAD, *body]) for i in range(len(HEAD))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(HEAD), "  ".join("-" * w for w in widths), *map(line, body)])


# --- the environment ------------------------------------------------------------------------------


def child_environment(tmp: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("YTCONTEST_") and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONSTARTUP")
    }
    home = tmp / "home"
    home.mkdir()
    paths = [str(HERE)]  # baseline_app, for python -m baseline_app
    probe = subprocess.run(
        [sys.executable, "-c", "import ytcontest"], env=env, capture_output=True, check=False
    )
    if probe.returncode != 0:  # not installed: the source tree of this checkout
        paths.append(str(ROOT / "src"))
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env.update(
        PYTHONPATH=os.pathsep.join(paths),
        PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
        PYTHONIOENCODING="utf-8",
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home),
        LOCALAPPDATA=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        YTCONTEST_NOW=NOW,
        YTCONTEST_USER="benchmark",
        YTCONTEST_DB=str(tmp / "no-such.db"),  # every command below names its database
    )
    return env


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for text in handle:
                if text.startswith("model name"):
                    cpu = text.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}{load}"
    )


def versions(env: dict[str, str], cwd: Path) -> str:
    code = (
        "import importlib.metadata as m, ytcontest, os\n"
        "names = ['typer', 'rich', 'sqlmodel', 'SQLAlchemy', 'openpyxl', 'sqlite-utils']\n"
        "out = []\n"
        "for n in names:\n"
        "    try: out.append(f'{n} {m.version(n)}')\n"
        "    except m.PackageNotFoundError: out.append(f'{n} missing')\n"
        "print(f'ytcontest {ytcontest.__version__} ({os.path.dirname(ytcontest.__file__)}); '"
        " + ', '.join(out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True
    )
    return done.stdout.strip() or done.stderr.strip()


# --- the benchmarks -------------------------------------------------------------------------------


def yt(*args: str) -> list[str]:
    return [sys.executable, "-m", "ytcontest", *args]


BASE = [sys.executable, "-m", "baseline_app"]


def count_rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise ChildFailed(message)


def status_job(db: Path, units: int) -> Job:
    def check(out: Path | None) -> None:
        assert out is not None
        data = json.loads(out.read_text(encoding="utf-8"))
        got = data["summary"]["expected"]
        # A few units do not owe June's report (not required to, or joined later).
        expect(
            0.95 * units <= got <= units,
            f"status --format json: {got} units owe June's report, of {units}",
        )

    return Job(
        yt("--db", str(db), "status", "--month", MONTH, "--format", "json"),
        check=check if units > 100 else None,
        capture=units > 100,
    )


def generate(tmp: Path, env: dict[str, str], n_units: int, name: str) -> tuple[Path, Path]:
    db, csv = tmp / f"{name}.db", tmp / f"{name}-units.csv"
    done = subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(n_units), str(db), "--csv", str(csv)],
        env=env,
        cwd=tmp,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode != 0:
        raise ChildFailed(f"generate.py failed:\n{done.stdout}{done.stderr}")
    print("  " + done.stdout.strip(), file=sys.stderr)
    return db, csv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller databases")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--profile", type=Path, metavar="DIR", help="profile what misses its target into DIR"
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR, and keep it")
    args = parser.parse_args(argv)

    big, small = (2_000, 200) if args.quick else (10_000, 1_000)
    fast_n, heavy_n = (3, 1) if args.quick else (7, 3)
    if args.keep is not None:
        if args.keep.exists():
            shutil.rmtree(args.keep)
        args.keep.mkdir(parents=True)
        tmp = args.keep.resolve()
    else:
        tmp = Path(tempfile.mkdtemp(prefix="ytcontest-bench-"))
    started = time.perf_counter()
    try:
        header, rows = benchmarks(tmp, big, small, fast_n, heavy_n, args)
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    took = time.perf_counter() - started
    print()
    for text in header:
        print(f"- {text}" if args.markdown else text)
    print()
    print(render(rows, args.markdown))
    print()
    missed = [r.name for r in rows if r.met is False]
    print(f"{len(missed)} target(s) missed" + (": " + "; ".join(missed) if missed else "") + ".")
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average at the end {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    print(f"Whole run: {took:.0f} s{load}.")
    return 1 if missed else 0


def benchmarks(
    tmp: Path, big: int, small: int, fast_n: int, heavy_n: int, args: argparse.Namespace
) -> tuple[list[str], list[Row]]:
    env = child_environment(tmp)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    header = [
        f"machine: {machine()}",
        f"software: {versions(env, tmp)}",
        f"runs: median of {fast_n} (start-up) and {heavy_n} (heavy), turn about with the "
        "baseline, after one warm-up each",
    ]
    for text in header:
        log(text)
    log(f"working folder: {tmp}")

    log("preparing the databases...")
    seeded = tmp / "seeded.db"
    run_child(yt("--db", str(seeded), "init"), env, tmp)
    province, province_csv = generate(tmp, env, big, f"province-{big}")
    smaller, smaller_csv = generate(tmp, env, small, f"province-{small}")
    seeded_units = count_rows(seeded, "unit")
    big_units, small_units = count_rows(province, "unit"), count_rows(smaller, "unit")
    big_reports, small_reports = count_rows(province, "report"), count_rows(smaller, "report")
    header.append(
        f"data: seeded database {seeded_units} units; province {big_units:,} units, "
        f"{big_reports:,} reports, {count_rows(province, 'entry'):,} entries; smaller "
        f"{small_units:,} units, {small_reports:,} reports"
    )
    rows: list[Row] = []

    # 1. Start-up: --help.
    log("start-up: --help")
    ours, base = measure([Job(yt("--help")), Job([*BASE, "--help"])], fast_n, env, tmp)
    rows.append(compare("`--help` (start-up)", ours, base, 1.2, "help", ["--help"]))

    # 2. status --month on the seeded database: a Rich table of its units.
    log("start-up: status --month on the seeded database")
    args_seeded = ["--db", str(seeded), "status", "--month", MONTH]
    ours, base = measure(
        [Job(yt(*args_seeded)), Job([*BASE, "status", "--month", MONTH])], fast_n, env, tmp
    )
    rows.append(
        compare(
            f"`status --month` (seeded, {seeded_units} units)",
            ours,
            base,
            1.2,
            "status-seeded",
            args_seeded,
        )
    )

    # 3. status --month --format json at province scale; the same command on the smaller and
    #    the seeded databases, turn about with it, for the growth.
    log(f"province: status --format json on {big_units} units (and {small_units}, {seeded_units})")
    big_status, base, small_status, seed_status = measure(
        [
            status_job(province, big_units),
            Job([*BASE, "status", "--month", MONTH]),
            status_job(smaller, small_units),
            status_job(seeded, seeded_units),
        ],
        heavy_n,
        env,
        tmp,
    )
    rows.append(
        compare(
            f"`status --month --format json` ({big_units:,} units)",
            big_status,
            base,
            2.0,
            "status-json",
            ["--db", str(province), "status", "--month", MONTH, "--format", "json"],
        )
    )

    # 4. export reports to XLSX, against a bare openpyxl script writing the same rows.
    log(f"province: export reports ({big_reports} rows) to XLSX")
    ours_xlsx, bare_xlsx = tmp / "ours.xlsx", tmp / "bare.xlsx"

    def export_job(db: Path, out: Path) -> Job:
        def check(_out: Path | None) -> None:
            expect(out.is_file() and out.stat().st_size > 10_000, f"{out} was not written")

        return Job(
            yt("--db", str(db), "export", "reports", "-o", str(out)),
            prepare=lambda: out.unlink(missing_ok=True),
            check=check,
        )

    bare = Job(
        [sys.executable, str(HERE / "bare_openpyxl.py"), str(province), str(bare_xlsx)],
        prepare=lambda: bare_xlsx.unlink(missing_ok=True),
    )
    big_export, base = measure([export_job(province, ours_xlsx), bare], heavy_n, env, tmp)
    rows.append(
        compare(
            f"`export reports` to XLSX ({big_reports:,} rows) vs bare openpyxl",
            big_export,
            base,
            1.3,
            "export-xlsx",
            ["--db", str(province), "export", "reports", "-o", str(ours_xlsx)],
        )
    )
    peak = big_export.peak
    rows.append(
        Row(
            "`export reports` to XLSX: peak memory (max RSS)",
            mib(peak),
            mib(base.peak),
            None,
            None,
            "< 200 MiB",
            None if peak is None else peak < 200 * MIB,
        )
    )

    # 5. units import of a CSV of new units, against sqlite-utils insert --csv of the same file.
    log(f"import: units import of {big} rows vs sqlite-utils insert --csv")
    target_db, su_db = tmp / "import.db", tmp / "sqlite-utils.db"

    def import_job(csv: Path, expected: int) -> Job:
        def check(_out: Path | None) -> None:
            got = count_rows(target_db, "unit")
            expect(got == expected + seeded_units, f"units import: {got} units after it")
            events = count_rows(target_db, "audit_event")
            expect(events >= expected, f"units import: only {events} audit events")

        return Job(
            yt("--db", str(target_db), "units", "import", str(csv)),
            prepare=lambda: shutil.copyfile(seeded, target_db),
            check=check,
        )

    def sqlite_utils_job(csv: Path, expected: int) -> Job:
        def check(_out: Path | None) -> None:
            got = count_rows(su_db, "units")
            expect(got == expected, f"sqlite-utils: {got} rows")

        return Job(
            [
                sys.executable,
                "-m",
                "sqlite_utils",
                "insert",
                str(su_db),
                "units",
                str(csv),
                "--csv",
            ],
            prepare=lambda: su_db.unlink(missing_ok=True),
            check=check,
        )

    big_import, base = measure(
        [import_job(province_csv, big), sqlite_utils_job(province_csv, big)], heavy_n, env, tmp
    )
    rows.append(
        compare(
            f"`units import` of a {big:,}-row CSV vs `sqlite-utils insert --csv`",
            big_import,
            base,
            2.0,
            "units-import",
            ["--db", str(target_db), "units", "import", str(province_csv)],
        )
    )

    # 6. Growth from the smaller to the province-scale data.
    log(f"growth: {small_units} -> {big_units} units")
    size = big_units / small_units
    rows.append(growth(f"`status --format json`, {small_units:,} → {big_units:,} units",
                       big_status, small_status, size))  # fmt: skip
    # CPU time: a difference of two small wall times is mostly the machine's noise.
    per_unit_big = (big_status.cpu - small_status.cpu) / (big_units - small_units)
    per_unit_small = (small_status.cpu - seed_status.cpu) / (small_units - seeded_units)
    rows.append(
        Row(
            f"`status --format json`: CPU time per added unit, {small_units:,}→{big_units:,} "
            f"(ours) vs {seeded_units}→{small_units:,} (baseline)",
            f"{per_unit_big * 1e6:.0f} µs",
            f"{per_unit_small * 1e6:.0f} µs",
            per_unit_big / per_unit_small if per_unit_small > 0 else None,
            None,
            "info: ≈1x is linear",
            None,
        )
    )
    (small_export,) = measure([export_job(smaller, tmp / "small.xlsx")], heavy_n, env, tmp)
    rows.append(growth(f"`export reports`, {small_reports:,} → {big_reports:,} rows",
                       big_export, small_export, big_reports / small_reports))  # fmt: skip
    (small_import,) = measure([import_job(smaller_csv, small)], heavy_n, env, tmp)
    rows.append(growth(f"`units import`, {small:,} → {big:,} rows",
                       big_import, small_import, big / small))  # fmt: skip

    if args.profile is not None:
        profile_missed(rows, args.profile, env, tmp, seeded)
    return header, rows


def growth(name: str, big: Timing, small: Timing, size: float) -> Row:
    """How time grows with the data: linear or better is at most the ratio of sizes."""
    ratio = big.wall / small.wall
    return Row(
        f"growth of {name}",
        seconds(big.wall),
        seconds(small.wall),
        ratio,
        big.cpu / small.cpu,
        f"≤ {size:.0f}x (sizes)",
        ratio <= size,
    )


def profile_missed(
    rows: list[Row], folder: Path, env: dict[str, str], tmp: Path, seeded: Path
) -> None:
    """Run each command that missed its target once under pyinstrument; text reports in DIR."""
    folder.mkdir(parents=True, exist_ok=True)
    for row in rows:
        if row.met is not False or row.profile is None:
            continue
        if row.key == "units-import":
            shutil.copyfile(seeded, tmp / "import.db")
        if row.key == "export-xlsx":
            (tmp / "ours.xlsx").unlink(missing_ok=True)
        out = folder.resolve() / f"{row.key}.txt"
        cmd = [
            sys.executable, "-m", "pyinstrument", "--renderer", "text",
            "--outfile", str(out), "-m", "ytcontest", *row.profile,
        ]  # fmt: skip
        print(f"profiling {row.name} -> {out}", file=sys.stderr)
        run_child(cmd, env, tmp)


if __name__ == "__main__":
    sys.exit(main())
