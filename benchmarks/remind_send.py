"""How long ``remind --send`` takes to mail every seed unit its reminder and form.

Starts an SMTP server (aiosmtpd) on 127.0.0.1, makes a database with ``ytcontest init`` whose 45
seed units all have an address, then times ``python -m ytcontest remind --month 06/2026 --send
--yes --again`` as a whole child process (start-up included), at 10/07/2026 when every unit
still owes June's report: each message carries the unit's Excel form.

    python benchmarks/remind_send.py            # median of 3 runs
    python benchmarks/remind_send.py --runs 5 --starttls

Nothing leaves 127.0.0.1. Needs aiosmtpd (the ``test`` extra) and, for --starttls, openssl.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from tests.smtp import PASSWORD, Server, make_certificate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--starttls", action="store_true", help="STARTTLS and a login")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="remind-bench-") as scratch:
        folder = Path(scratch)
        env = {
            **os.environ,
            "YTCONTEST_DB": str(folder / "bench.db"),
            "YTCONTEST_NOW": "2026-07-10T10:00:00+07:00",
            "YTCONTEST_USER": "bench",
            "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
        }
        certificate = None
        if args.starttls:
            certificate = make_certificate(folder)
            env["SSL_CERT_FILE"] = str(certificate[0])
            env["YTCONTEST_SMTP_PASSWORD"] = PASSWORD

        def ytcontest(*argv: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "ytcontest", *argv],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip

        assert ytcontest("init").returncode == 0
        with sqlite3.connect(folder / "bench.db") as conn:
            conn.execute("UPDATE unit SET email = lower(code) || '@syt.thainguyen.gov.vn'")
        with Server(certificate=certificate, login=args.starttls) as server:
            settings = {"server": "127.0.0.1", "port": str(server.port),
                        "security": "starttls" if args.starttls else "none",
                        "from": "khtc@syt.thainguyen.gov.vn"}  # fmt: skip
            if args.starttls:
                settings["user"] = "khtc"
            for key, value in settings.items():
                assert ytcontest("mail", "set", key, value).returncode == 0
            times = []
            for _ in range(args.runs):
                before = len(server.recorder.received)
                start = time.perf_counter()
                done = ytcontest("remind", "--month", "06/2026", "--send", "--yes", "--again")
                times.append(time.perf_counter() - start)
                assert done.returncode == 0, done.stdout + done.stderr
                sent = len(server.recorder.received) - before
            print(
                f"remind --send: {sent} messages with forms, median {statistics.median(times):.2f} s "
                f"over {args.runs} runs ({', '.join(f'{t:.2f}' for t in times)}); "
                f"{'STARTTLS + login' if args.starttls else 'plain'} on 127.0.0.1"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
