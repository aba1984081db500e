"""The printed documents of a realistic month, for a person to look at (not a test).

Builds, with the CLI only, a database of the 45 seed units with six months of reports
(06/2026..11/2026, most on time, some late, a few missing) and some entries, as of 05/12/2026;
writes the workbook, a report form and the Word report into OUT; and, when LibreOffice is
installed, converts each to PDF and prints its page count:

    python benchmarks/print_documents.py OUT            # needs ytcontest on PATH or PYTHONPATH=src
    python benchmarks/print_documents.py OUT --no-pdf   # the documents only

The PDFs are made with ``soffice --headless --convert-to pdf FILE --outdir OUT`` and counted
with ``pdfinfo``.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

MONTHS = ("2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11")
NOW = "2026-12-05T09:00:00+07:00"


def ytcontest(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ytcontest", *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"ytcontest {' '.join(args)}: {result.stderr}")
    return result.stdout


def seed_codes() -> list[tuple[str, bool]]:
    root = Path(__file__).resolve().parent.parent
    with (root / "data" / "seed_units.csv").open(encoding="utf-8") as handle:
        return [(row["code"], row["reports_required"] == "1") for row in csv.DictReader(handle)]


def build(out: Path) -> dict[str, str]:
    env = {**os.environ, "YTCONTEST_DB": str(out / "ytcontest.db"), "YTCONTEST_NOW": NOW}
    env.setdefault("YTCONTEST_USER", "khtc")
    (out / "ytcontest.db").unlink(missing_ok=True)
    ytcontest(env, "init")
    ytcontest(env, "campaign", "set", "signer", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn Xuân")
    ytcontest(env, "campaign", "set", "--", "recipients", "- Như trên; - UBND tỉnh (b/c); - Lưu: VT, KHTC.")
    rng = random.Random(14)
    reports = out / "reports.csv"
    with reports.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit", "month", "received", "activities", "reached", "candidates",
                         "mobilized", "doc_number", "summary"])  # fmt: skip
        for code, required in seed_codes():
            if not required:
                continue
            for month in MONTHS:
                roll = rng.random()
                if roll < 0.07:
                    continue  # missing
                year, number = month.split("-")
                day = rng.randint(10, 24) if roll < 0.85 else rng.randint(25, 28)
                writer.writerow([
                    code, month, f"{day:02d}/{number}/{year} 09:00", rng.randint(1, 8),
                    rng.randint(20, 900), rng.randint(0, 5), rng.randint(0, 3),
                    f"{rng.randint(10, 99)}/BC-{code}", "Đã phổ biến tại giao ban",
                ])  # fmt: skip
    ytcontest(env, "report", "import", str(reports))
    entries = out / "entries.csv"
    categories = ("du_an", "san_pham", "cong_trinh", "giai_phap_ky_thuat", "giai_phap_quan_ly")
    with entries.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit", "title", "category", "author_type", "authors", "fields",
                         "applied_since", "status"])  # fmt: skip
        for index, (code, _required) in enumerate(seed_codes()):
            for number in range(rng.choice((0, 1, 1, 2, 3))):
                writer.writerow([
                    code, f"Giải pháp {index + 1}.{number + 1} của {code}", rng.choice(categories),
                    rng.choice(("ca_nhan", "tap_the", "to_chuc")), "Nguyễn Văn A; Trần Thị B",
                    rng.choice(("cds", "dmst", "khcn; cds", "cdx")), "01/03/2026",
                    rng.choice(("identified", "preparing")),
                ])  # fmt: skip
    ytcontest(env, "entries", "import", str(entries))
    return env


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0] if args else "print-out").resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = build(out)
    files = [out / "tong-hop.xlsx", out / "bao-cao.docx", out / "forms"]
    ytcontest(env, "export", "workbook", "--month", "11/2026", "-o", str(files[0]))
    ytcontest(env, "export", "document", "--month", "11/2026", "-o", str(files[1]))
    ytcontest(env, "report", "template", "--all", "--month", "11/2026", "-o", str(files[2]) + "/")
    form = files[2] / "BVA.xlsx"
    if "--no-pdf" in sys.argv or not shutil.which("soffice"):
        print(f"written in {out}")
        return
    for path in (files[0], files[1], form):
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", str(path), "--outdir", str(out)],
            check=True,
            capture_output=True,
        )
        pdf = out / (path.stem + ".pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages"))
        print(f"{pdf.name}: {pages} pages")


if __name__ == "__main__":
    main()
