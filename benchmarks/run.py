"""ytcontest's benchmarks: one command, one table of ratios against baselines measured in the same run.

    python benchmarks/run.py [--quick] [--markdown] [--profile DIR] [--keep DIR]

Run it from the repository root, in an environment where ``python -m ytcontest`` works (ytcontest
installed, or the source tree, which is put on ``PYTHONPATH`` when ytcontest is not importable),
with the benchmark dependencies of ``benchmarks/requirements.txt``. See ``benchmarks/README.md``
for what each line measures and why its target is what it is.

Every timing is the wall-clock time of a whole child process (``sys.executable`` with the current
environment), the median of several runs, taken turn about with its baseline (ours, baseline,
baseline, ours, ...) so that both share the machine's noise; one unmeasured run of each comes
first, to warm the file cache and the bytecode cache and to check that the command works. Peak
memory is the child's own ``ru_maxrss`` (``os.wait4``).

The children run in a temporary folder: the databases, ``HOME`` and a private bytecode cache
(``PYTHONPYCACHEPREFIX``: like an installed package, modules are compiled once, not at every
start, and nothing is written beside the sources), with ``YTCONTEST_NOW`` fixed at
28/11/2026 10:00 (Vietnam) so that every run judges the same data the same way.
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
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOW = "2026-11-28T10:00:00+07:00"
MONTH = "06/2026"
MIB = 1024 * 1024


# --- running children ---------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    max_rss: int | None  # bytes


class ChildFailed(RuntimeError):
    pass


def run_child(
    cmd: Sequence[str], env: dict[str, str], cwd: Path, stdout: Path | None = None
) -> Run:
    """Run ``cmd`` to its end; its wall time and its own peak resident memory."""
    err_path = cwd / ".stderr"
    with (
        open(err_path, "wb") as err,
        open(stdout, "wb") if stdout is not None else open(os.devnull, "wb") as out,
    ):
        started = time.perf_counter()
        process = subprocess.Popen(list(cmd), env=env, cwd=cwd, stdout=out, stderr=err)
        if hasattr(os, "wait4"):
            _pid, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            code = os.waitstatus_to_exitcode(status)
            process.returncode = code
            # Linux counts ru_maxrss in KiB, macOS in bytes.
            rss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
        else:  # Windows: time only
            code = process.wait()
            seconds = time.perf_counter() - started
            rss = None
    if code != 0:
        text = err_path.read_text(encoding="utf-8", errors="replace")
        raise ChildFailed(f"{' '.join(cmd)} exited with {code}:\n{text[-3000:]}")
    return Run(seconds, rss)


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
class Pair:
    ours: list[Run] = field(default_factory=list)
    base: list[Run] = field(default_factory=list)

    @property
    def ours_s(self) -> float:
        return statistics.median(r.seconds for r in self.ours)

    @property
    def base_s(self) -> float:
        return statistics.median(r.seconds for r in self.base)

    @staticmethod
    def peak(runs: list[Run]) -> int | None:
        values = [r.max_rss for r in runs if r.max_rss is not None]
        return max(values) if values else None


def measure(jobs: Sequence[Job], repeats: int, env: dict[str, str], cwd: Path) -> list[list[Run]]:
    """Warm each job up once (and check it), then run them ``repeats`` times, turn about."""
    for job in jobs:
        out = cwd / ".warmup-stdout" if job.capture else None
        job.once(env, cwd, out)
        if job.check is not None:
            job.check(out)
    runs: list[list[Run]] = [[] for _ in jobs]
    order = list(range(len(jobs)))
    for i in range(repeats):
        # ABBA order: neither side is always the one that runs right after the other.
        for index in order if i % 2 == 0 else reversed(order):
            runs[index].append(jobs[index].once(env, cwd))
    return runs


def pair(ours: Job, base: Job, repeats: int, env: dict[str, str], cwd: Path) -> Pair:
    a, b = measure([ours, base], repeats, env, cwd)
    return Pair(a, b)


# --- the table ------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None
    profile: list[str] | None = None  # the ytcontest arguments to profile when missed
    key: str = ""  # the profile's file name

    @property
    def ratio_text(self) -> str:
        return "–" if self.ratio is None else f"{self.ratio:.2f}x"

    @property
    def met_text(self) -> str:
        return "–" if self.met is None else ("yes" if self.met else "**NO**")


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.2f} s"


def mib(value: int | None) -> str:
    return "n/a" if value is None else f"{value / MIB:.0f} MiB"


def ratio_row(name: str, p: Pair, limit: float, key: str, profile: list[str]) -> Row:
    ratio = p.ours_s / p.base_s
    return Row(
        name,
        seconds(p.ours_s),
        seconds(p.base_s),
        ratio,
        f"≤ {limit:g}x",
        ratio <= limit,
        profile,
        key,
    )


def render(rows: list[Row], markdown: bool) -> str:
    head = ["benchmark", "ours", "baseline", "ratio", "target", "met"]
    body = [[r.name, r.ours, r.baseline, r.ratio_text, r.target, r.met_text] for r in rows]
    if markdown:
        lines = [
            "| " + " | ".join(head) + " |",
            "|" + "|".join(["---"] + ["--:"] * 4 + [":-:"]) + "|",
        ]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    body = [[c.replace("**", "") for c in cells] for cells in body]
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(head), "  ".join("-" * w for w in widths), *map(line, body)])


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
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
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


def status_check(units_expected: int) -> Callable[[Path | None], None]:
    def check(out: Path | None) -> None:
        assert out is not None
        data = json.loads(out.read_text(encoding="utf-8"))
        got = data["summary"]["expected"]
        # A few units do not owe June's report (not required, or joined later).
        expect(
            0.95 * units_expected <= got <= units_expected,
            f"status --format json: {got} units expected to report, for {units_expected} units",
        )

    return check


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
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it")
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
        rows = benchmarks(tmp, big, small, fast_n, heavy_n, args)
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    took = time.perf_counter() - started
    print()
    print(render(rows, args.markdown))
    print()
    missed = [r.name for r in rows if r.met is False]
    print(f"{len(missed)} target(s) missed" + (": " + "; ".join(missed) if missed else "") + ".")
    print(f"(whole run: {took:.0f} s)")
    return 1 if missed else 0


def benchmarks(
    tmp: Path, big: int, small: int, fast_n: int, heavy_n: int, args: argparse.Namespace
) -> list[Row]:
    env = child_environment(tmp)
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    log(f"machine: {machine()}")
    log(f"software: {versions(env, tmp)}")
    log(f"runs: median of {fast_n} (start-up) and {heavy_n} (heavy), after one warm-up each")
    log(f"working folder: {tmp}")

    log("preparing the databases...")
    seeded = tmp / "seeded.db"
    run_child(yt("--db", str(seeded), "init"), env, tmp)
    province, province_csv = generate(tmp, env, big, f"province-{big}")
    smaller, smaller_csv = generate(tmp, env, small, f"province-{small}")
    rows: list[Row] = []
    unit_count = count_rows(province, "unit")
    seeded_units = count_rows(seeded, "unit")
    small_count = count_rows(smaller, "unit")

    # 1. Start-up: --help.
    log("start-up: --help")
    p = pair(Job(yt("--help")), Job([*BASE, "--help"]), fast_n, env, tmp)
    rows.append(ratio_row("`--help` (start-up)", p, 1.2, "help", ["--help"]))

    # 2. status --month on the seeded database (45 units), a Rich table.
    log("start-up: status --month on the seeded database")
    args_seeded = ["--db", str(seeded), "status", "--month", MONTH]
    p = pair(Job(yt(*args_seeded)), Job([*BASE, "status", "--month", MONTH]), fast_n, env, tmp)
    rows.append(
        ratio_row("`status --month` (seeded, 45 units)", p, 1.2, "status-seeded", args_seeded)
    )

    # 3. status --month --format json at province scale.
    log(f"province: status --format json on {unit_count} units")
    args_status = ["--db", str(province), "status", "--month", MONTH, "--format", "json"]
    status_big = Job(yt(*args_status), check=status_check(unit_count), capture=True)
    p = pair(status_big, Job([*BASE, "status", "--month", MONTH]), heavy_n, env, tmp)
    rows.append(
        ratio_row(
            f"`status --month --format json` ({unit_count:,} units)",
            p,
            2.0,
            "status-json",
            args_status,
        )
    )
    status_big_s = p.ours_s

    # 4. export reports to XLSX, and its peak memory.
    reports = count_rows(province, "report")
    log(f"province: export reports ({reports} rows) to XLSX")
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
    p = pair(export_job(province, ours_xlsx), bare, heavy_n, env, tmp)
    rows.append(
        ratio_row(
            f"`export reports` XLSX ({reports:,} rows) vs bare openpyxl",
            p,
            1.3,
            "export-xlsx",
            ["--db", str(province), "export", "reports", "-o", str(ours_xlsx)],
        )
    )
    export_big_s = p.ours_s
    peak = Pair.peak(p.ours)
    rows.append(
        Row(
            "`export reports` XLSX peak memory (max RSS)",
            mib(peak),
            mib(Pair.peak(p.base)),
            None,
            "< 200 MiB",
            None if peak is None else peak < 200 * MIB,
        )
    )

    # 5. units import of a CSV of `big` new units, against sqlite-utils insert --csv.
    log(f"import: units import of {big} rows vs sqlite-utils insert --csv")
    target_db, su_db = tmp / "import.db", tmp / "sqlite-utils.db"

    def import_job(csv: Path, expected: int) -> Job:
        def check(_out: Path | None) -> None:
            got = count_rows(target_db, "unit")
            expect(got == expected + seeded_units, f"units import: {got} units after it")
            audit = count_rows(target_db, "audit_event")
            expect(audit >= expected, f"units import: only {audit} audit events")

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

    p = pair(import_job(province_csv, big), sqlite_utils_job(province_csv, big), heavy_n, env, tmp)
    rows.append(
        ratio_row(
            f"`units import` {big:,}-row CSV vs `sqlite-utils insert --csv`",
            p,
            2.0,
            "units-import",
            ["--db", str(target_db), "units", "import", str(province_csv)],
        )
    )
    import_big_s = p.ours_s

    # 6. Growth from `small` to `big` units: the same commands on the smaller database, timed
    #    turn about with the seeded database's (45 units) to split fixed and per-unit costs.
    size_ratio = unit_count / small_count
    log(f"growth: {small_count} -> {unit_count} units")
    seeded_json = Job(yt("--db", str(seeded), "status", "--month", MONTH, "--format", "json"))
    small_json = Job(
        yt("--db", str(smaller), "status", "--month", MONTH, "--format", "json"),
        check=status_check(small_count),
        capture=True,
    )
    seed_runs, small_runs = measure([seeded_json, small_json], heavy_n, env, tmp)
    t0 = statistics.median(r.seconds for r in seed_runs)
    t1 = statistics.median(r.seconds for r in small_runs)
    growth = status_big_s / t1
    rows.append(
        Row(
            f"growth of `status --format json`, {small_count:,} → {unit_count:,} units",
            seconds(status_big_s),
            seconds(t1),
            growth,
            f"≤ {size_ratio:.0f}x (sizes)",
            growth <= size_ratio,
        )
    )
    per_unit_big = (status_big_s - t1) / (unit_count - small_count)
    per_unit_small = (t1 - t0) / (small_count - seeded_units)
    rows.append(
        Row(
            f"`status` time per added unit, {small_count:,}→{unit_count:,} (ours) "
            f"vs {seeded_units}→{small_count:,} (baseline)",
            f"{per_unit_big * 1e6:.0f} µs",
            f"{per_unit_small * 1e6:.0f} µs",
            per_unit_big / per_unit_small if per_unit_small > 0 else None,
            "info (≈1x: linear)",
            None,
        )
    )
    small_reports = count_rows(smaller, "report")
    (small_export,) = measure([export_job(smaller, tmp / "small.xlsx")], heavy_n, env, tmp)
    t_small = statistics.median(r.seconds for r in small_export)
    growth = export_big_s / t_small
    rows.append(
        Row(
            f"growth of `export reports`, {small_reports:,} → {reports:,} rows",
            seconds(export_big_s),
            seconds(t_small),
            growth,
            f"≤ {reports / small_reports:.0f}x (sizes)",
            growth <= reports / small_reports,
        )
    )
    (small_import,) = measure([import_job(smaller_csv, small)], heavy_n, env, tmp)
    t_small = statistics.median(r.seconds for r in small_import)
    growth = import_big_s / t_small
    rows.append(
        Row(
            f"growth of `units import`, {small:,} → {big:,} rows",
            seconds(import_big_s),
            seconds(t_small),
            growth,
            f"≤ {big / small:.0f}x (sizes)",
            growth <= big / small,
        )
    )

    if args.profile is not None:
        profile_missed(rows, args.profile, env, tmp, seeded)
    return rows


def profile_missed(
    rows: list[Row], folder: Path, env: dict[str, str], tmp: Path, seeded: Path
) -> None:
    """Run each command that missed its ratio once under pyinstrument; text reports in ``folder``."""
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
