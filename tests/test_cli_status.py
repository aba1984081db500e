import json
import pytest

def test_probe(run, db_path, monkeypatch):
    def ok(*a):
        r = run(*a)
        print(a, r.exit_code, r.stdout, r.stderr)
        return r
    ok("units", "add", "BVMOI", "Bệnh viện Mới", "--kind", "don_vi", "--active-from", "26/06/2026")
    ok("units", "add", "BVCU", "Bệnh viện Cũ", "--kind", "don_vi")
    ok("units", "deactivate", "BVCU", "--from", "01/06/2026")
    F = ["--activities", "1", "--reached", "1", "--candidates", "1", "--mobilized", "1"]
    ok("report", "add", "--unit", "BVA", "--month", "06/2026", "--received", "24/06/2026 23:59:59", *F)
    ok("report", "add", "--unit", "BVC", "--month", "06/2026", "--received", "25/06/2026 00:00:00", *F)
    E = ["--category", "san_pham", "--author-type", "tap_the", "--authors", "A; B", "--applied-since", "01/03/2026"]
    ok("entries", "add", "--unit", "BVA", "--title", "X", *E)
    ok("entries", "add", "--unit", "BVC", "--title", "Y", *E)
    ok("entries", "add", "--unit", "BVGT", "--title", "Z", *E)
    monkeypatch.setenv("YTCONTEST_NOW", "2026-07-15T09:00:00+07:00")
    ok("entries", "withdraw", "3", "--reason", "trùng")
    monkeypatch.setenv("YTCONTEST_NOW", "2026-10-05T09:00:00+07:00")
    ok("entries", "submit", "2")
    ok("status", "--month", "06/2026", "--json")
    ok("--lang", "en", "status", "--month", "06/2026")
    ok("status", "--json", "--kind", "don_vi")
    ok("--lang", "en", "status")
    ok("remind", "--month", "06/2026", "--json")
    assert 0
