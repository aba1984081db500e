"""The export baseline: the same report rows written to XLSX by a bare openpyxl write-only script.

    python benchmarks/bare_openpyxl.py DATABASE.db OUT.xlsx

What ``ytcontest export reports -o OUT.xlsx`` writes, with nothing but the unavoidable: one
streaming SQL query (each report with its latest revision and its unit's code, in the export's
order), the same 14 columns and values (the received time and the deadline as Vietnam-time
datetimes, the timeliness and days late computed the same way), the same header row, and
openpyxl's write-only ``append`` of plain values. No ORM, no per-cell objects, no styles, no
column widths.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime, timedelta

from openpyxl import Workbook

# ytcontest's Vietnamese headers, so that the two files hold the same text.
HEADERS = [
    "Đơn vị", "Tháng", "Nhận lúc", "Hạn nộp", "Thời hạn", "Số ngày muộn",
    "Số hoạt động tuyên truyền", "Số người được tiếp cận", "Số ý tưởng, giải pháp phát hiện",
    "Số hồ sơ vận động", "Số văn bản", "Tóm tắt", "Khó khăn, vướng mắc", "Bản",
]  # fmt: skip
QUERY = """
SELECT unit.code, report.month, report.first_received_at,
       rev.activities, rev.reached, rev.candidates, rev.mobilized,
       rev.doc_number, rev.summary, rev.difficulties, rev.revision
FROM report
JOIN unit ON unit.id = report.unit_id
JOIN report_revision AS rev ON rev.report_id = report.id
 AND rev.revision = (SELECT max(revision) FROM report_revision WHERE report_id = report.id)
ORDER BY report.month, unit.kind DESC, unit.code
"""
VN = timedelta(hours=7)  # stored times are UTC; the sheet shows Vietnam time, as ytcontest's
DUE_DAY = 25


def main(database: str, out: str) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Báo cáo")
    sheet.append(HEADERS)
    connection = sqlite3.connect(database)
    count = 0
    for code, month, received, *figures, revision in connection.execute(QUERY):
        at = datetime.fromisoformat(received) + VN
        year, number = int(month[:4]), int(month[5:])
        due = datetime(year, number, DUE_DAY)
        late = 0 if at < due else (at.date() - (due.date() - timedelta(days=1))).days
        sheet.append([
            code, month, at, due, "on_time" if late == 0 else "late", late, *figures, revision,
        ])  # fmt: skip
        count += 1
    connection.close()
    book.save(out)
    return count


if __name__ == "__main__":
    rows = main(sys.argv[1], sys.argv[2])
    print(f"{rows} rows written to {sys.argv[2]}", file=sys.stderr)
