"""Build a province-scale ytcontest database quickly, for the benchmarks.

    python benchmarks/generate.py N_UNITS OUT.db [--seed 2026] [--entries N] [--csv UNITS.csv]

The file is created with the program's own ``ytcontest init`` (schema, migrations, the default
campaign, the 45 seed units); then units, reports (one revision each) and entries are bulk-inserted
with SQLAlchemy Core ``executemany`` into the program's tables (``ytcontest.store.models``), so that the
column types (UTC datetimes, JSON lists) are stored exactly as the program stores them. 10,000
units, 6 report months (06/2026 to 11/2026), about 60,000 reports and 20,000 entries take a few
seconds, instead of the hours that 80,000 CLI invocations would.

What the data looks like, judged at the benchmarks' fixed "now" (28/11/2026 10:00, Vietnam):

* ``N_UNITS`` units in all: the seed list plus generated ones (``TYT00046``...), mostly affiliated
  units, a few offices; 0.2% do not have to report, 0.3% joined in the middle of the campaign.
* every unit that has to report gets a report for every month from 06/2026 to 11/2026, received
  around the deadline (the 25th): about 78% on time, 15% late (after the 25th), and 7% received
  only after "now" (December 2026), so that as of "now" they are *missing*. The reports are in
  the file, which keeps the export at the issue's scale (60,000 rows), while ``status`` judged at
  "now" counts them as missing, exactly as the program does with any report received later than
  the instant it is asked about.
* ``--entries`` entries (default: 2 per unit), spread unevenly so that some units have none:
  identified, preparing, submitted (in the window 01/10-01/11/2026) or withdrawn.

``--csv FILE`` also writes a units file in the import format (code,name,kind,group,email,phone,
reports_required) with ``N_UNITS`` *new* codes (``NU00001``...), the input of the import benchmark.
Everything is drawn from a seeded random generator: the same arguments give the same file.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

NOW = "2026-11-28T10:00:00+07:00"
VN = timezone(timedelta(hours=7))  # Vietnam has had no daylight saving time since 1975
MONTHS = [(2026, m) for m in range(6, 12)]
DUE_DAY = 25
CHUNK = 5_000

DISTRICTS = [
    "Phổ Yên", "Sông Công", "Đại Từ", "Định Hóa", "Phú Lương", "Đồng Hỷ", "Võ Nhai", "Phú Bình",
    "Ba Bể", "Bạch Thông", "Chợ Đồn", "Chợ Mới", "Na Rì", "Ngân Sơn", "Pác Nặm", "Thái Nguyên",
]  # fmt: skip
KINDS_OF_UNIT = [
    ("Trạm Y tế xã", "Trạm Y tế"),
    ("Trung tâm Y tế", "Trung tâm Y tế"),
    ("Bệnh viện Đa khoa", "Bệnh viện"),
    ("Phòng khám Đa khoa khu vực", "Phòng khám"),
]
CATEGORIES = ["du_an", "san_pham", "cong_trinh", "giai_phap_ky_thuat", "giai_phap_quan_ly"]
AUTHOR_TYPES = ["to_chuc", "ca_nhan", "tap_the", "doanh_nghiep"]
FIELDS = ["khcn", "dmst", "cds", "cdx"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hà", "Ma", "Lục"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Văn Cường",
    "Thị Dung",
    "Minh Đức",
    "Thu Hà",
    "Quang Huy",
    "Thị Lan",
]
TITLES = [
    "Phần mềm nhắc lịch tái khám",
    "Quy trình tiếp đón người bệnh một cửa",
    "Ứng dụng bản đồ số theo dõi tiêm chủng",
    "Giải pháp tiết kiệm điện trong khoa phòng",
    "Sổ sức khỏe điện tử cho người cao tuổi",
    "Cải tiến quy trình cấp phát thuốc ngoại trú",
]


def ytcontest_command() -> list[str]:
    """``ytcontest`` as the active environment runs it."""
    return [sys.executable, "-m", "ytcontest"]


def child_env() -> dict[str, str]:
    """This environment, with the source tree on the path when ytcontest is not installed."""
    env = dict(os.environ)
    try:
        import ytcontest  # noqa: F401
    except ImportError:
        src = str(Path(__file__).resolve().parents[1] / "src")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
        sys.path.insert(0, src)
    env.setdefault("YTCONTEST_NOW", NOW)
    env.setdefault("YTCONTEST_USER", "benchmark")
    return env


def init_database(path: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [*ytcontest_command(), "--db", str(path), "init"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode != 0:
        raise SystemExit(f"ytcontest init failed:\n{done.stdout}{done.stderr}")


def utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def deadline(year: int, month: int) -> datetime:
    return datetime(year, month, DUE_DAY, tzinfo=VN)


def unit_name(rng: random.Random, number: int) -> tuple[str, str]:
    long, group = rng.choice(KINDS_OF_UNIT)
    return f"{long} {rng.choice(DISTRICTS)} số {number}", group


def new_units(rng: random.Random, count: int, prefix: str, first: int) -> list[dict[str, object]]:
    """Units as the import file and the table both describe them (no ids)."""
    out = []
    for number in range(first, first + count):
        name, group = unit_name(rng, number)
        code = f"{prefix}{number:05d}"
        out.append({
            "code": code,
            "name": name,
            "kind": "phong" if rng.random() < 0.02 else "don_vi",
            "group": group,
            "email": f"{code.lower()}@syt.thainguyen.gov.vn" if rng.random() < 0.7 else "",
            "phone": f"0208 3{rng.randrange(100000, 999999)}" if rng.random() < 0.5 else "",
            "reports_required": rng.random() >= 0.002,
        })  # fmt: skip
    return out


def received_at(rng: random.Random, year: int, month: int, now: datetime) -> datetime:
    """A report's first receipt, around its deadline: on time, late, or after ``now``."""
    due = deadline(year, month)
    draw = rng.random()
    if draw < 0.78:  # on time: in the ten days before the deadline
        return due - timedelta(seconds=rng.randrange(60, 10 * 86400))
    if draw < 0.93:  # late: after the deadline, but before now
        span = min(20 * 86400, int((now - due).total_seconds()) - 60)
        return due + timedelta(seconds=rng.randrange(0, max(span, 1)))
    # not there yet at "now": missing as of now, received some day in December
    return now + timedelta(seconds=rng.randrange(3600, 20 * 86400))


def write_units_csv(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed + 1)
    rows = new_units(rng, count, "NU", 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "kind", "group", "email", "phone", "reports_required"])
        for r in rows:
            writer.writerow([
                r["code"], r["name"], r["kind"], r["group"], r["email"], r["phone"],
                "1" if r["reports_required"] else "0",
            ])  # fmt: skip


def generate(n_units: int, out: Path, *, seed: int = 2026, n_entries: int | None = None) -> dict:
    env = child_env()
    if out.exists():
        out.unlink()
    init_database(out, env)

    import sqlalchemy as sa

    from ytcontest.domain.dates import parse_datetime
    from ytcontest.store.models import Entry, Report, ReportRevision, Unit

    rng = random.Random(seed)
    now = parse_datetime(env["YTCONTEST_NOW"])
    created = utc(datetime(2026, 4, 10, 8, 0, tzinfo=VN))
    engine = sa.create_engine(f"sqlite:///{out}")
    counts = {"units": 0, "reports": 0, "revisions": 0, "entries": 0}
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        seeded = conn.execute(sa.select(sa.func.count()).select_from(Unit.__table__)).scalar_one()
        campaign_id = conn.exec_driver_sql("SELECT id FROM campaign WHERE code='2026'").scalar_one()
        extra = max(n_units - seeded, 0)
        rows = []
        for r in new_units(rng, extra, "TYT", seeded + 1):
            joined = None
            if rng.random() < 0.003:  # joined during the campaign: owes reports from then on
                joined = date(2026, rng.randrange(7, 11), rng.randrange(1, 28))
            rows.append({
                "code": r["code"], "name": r["name"], "kind": r["kind"],
                "unit_group": r["group"], "email": r["email"] or None, "phone": r["phone"] or None,
                "reports_required": r["reports_required"], "active_from": joined,
                "active_to": None, "created_at": created,
            })  # fmt: skip
        for start in range(0, len(rows), CHUNK):
            conn.execute(sa.insert(Unit.__table__), rows[start : start + CHUNK])
        units = conn.execute(
            sa.select(Unit.id, Unit.reports_required, Unit.active_from).order_by(Unit.id)
        ).all()
        counts["units"] = len(units)

        # Reports and their first revision, with ids given here so the revisions can refer to
        # them without reading anything back.
        report_id = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM report").scalar_one()
        reports, revisions = [], []
        for unit_id, required, active_from in units:
            if not required:
                continue
            for year, month in MONTHS:
                if active_from is not None and active_from >= deadline(year, month).date():
                    continue
                report_id += 1
                received = utc(received_at(rng, year, month, now))
                reports.append({
                    "id": report_id, "campaign_id": campaign_id, "unit_id": unit_id,
                    "month": f"{year}-{month:02d}", "first_received_at": received,
                    "created_at": received,
                })  # fmt: skip
                revisions.append({
                    "report_id": report_id, "revision": 1, "received_at": received,
                    "activities": rng.randrange(0, 12), "reached": rng.randrange(0, 2000),
                    "candidates": rng.randrange(0, 8), "mobilized": rng.randrange(0, 5),
                    "doc_number": f"{rng.randrange(1, 400)}/BC-{unit_id}",
                    "summary": "Tuyên truyền về cuộc thi tại giao ban, trên trang thông tin điện tử "
                    "và nhóm Zalo của đơn vị.",
                    "difficulties": None if rng.random() < 0.8 else "Nhân lực còn mỏng.",
                    "recorded_at": received, "recorded_by": "vanthu",
                })  # fmt: skip
        for start in range(0, len(reports), CHUNK):
            conn.execute(sa.insert(Report.__table__), reports[start : start + CHUNK])
            conn.execute(sa.insert(ReportRevision.__table__), revisions[start : start + CHUNK])
        counts["reports"] = len(reports)
        counts["revisions"] = len(revisions)

        # Entries: unevenly spread (a few units bring many, some none).
        total = 2 * len(units) if n_entries is None else n_entries
        unit_ids = [u[0] for u in units]
        weights = [rng.paretovariate(1.5) for _ in unit_ids]
        chosen = rng.choices(unit_ids, weights=weights, k=total)
        entries = []
        for unit_id in chosen:
            made = utc(
                datetime(2026, 5, 1, tzinfo=VN) + timedelta(seconds=rng.randrange(0, 170 * 86400))
            )
            made = min(made, utc(now) - timedelta(days=1))
            draw = rng.random()
            status, submitted, withdrawn = "identified", None, None
            if draw < 0.30:
                status = "submitted"
                submitted = utc(
                    datetime(2026, 10, 1, tzinfo=VN)
                    + timedelta(seconds=rng.randrange(0, 31 * 86400))
                )
            elif draw < 0.35:
                status = "withdrawn"
                withdrawn = made + timedelta(days=rng.randrange(1, 20))
                withdrawn = min(withdrawn, utc(now) - timedelta(hours=1))
            elif draw < 0.60:
                status = "preparing"
            authors = [
                f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}" for _ in range(rng.randrange(1, 4))
            ]
            entries.append({
                "campaign_id": campaign_id, "unit_id": unit_id, "title": rng.choice(TITLES),
                "category": rng.choice(CATEGORIES), "author_type": rng.choice(AUTHOR_TYPES),
                "authors": authors, "fields": rng.sample(FIELDS, rng.randrange(1, 3)),
                "applied_since": date(2026, rng.randrange(1, 10), rng.randrange(1, 28)),
                "applied_at": "Tại đơn vị", "effect": "Giảm thời gian chờ của người bệnh.",
                "status": status, "submitted_at": submitted, "late_reason": None,
                "withdrawn_reason": "Trùng với hồ sơ khác" if withdrawn else None,
                "withdrawn_at": withdrawn, "created_at": made,
                "updated_at": max(x for x in (made, submitted, withdrawn) if x is not None),
            })  # fmt: skip
        for start in range(0, len(entries), CHUNK):
            conn.execute(sa.insert(Entry.__table__), entries[start : start + CHUNK])
        counts["entries"] = len(entries)
    engine.dispose()
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n_units", type=int, help="units in all (the 45 seed units included)")
    parser.add_argument("out", type=Path, help="the database file to (re)create")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--entries", type=int, default=None, help="default: 2 per unit")
    parser.add_argument("--csv", type=Path, default=None, help="also write a units import file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.n_units, args.out, seed=args.seed, n_entries=args.entries)
    if args.csv is not None:
        write_units_csv(args.csv, args.n_units, args.seed)
    took = time.perf_counter() - started
    print(
        f"{args.out}: {counts['units']} units, {counts['reports']} reports "
        f"({counts['revisions']} revisions), {counts['entries']} entries in {took:.1f} s"
    )


if __name__ == "__main__":
    main()
