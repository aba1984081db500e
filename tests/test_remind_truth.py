"""One truth for ``status`` and ``remind``: the same units, from the same computation, at any instant.

The campaign is generated (a fixed seed, so a failure can be replayed): 16 units, each with a
random report history for June..November (on time, late, or none) and random entries (none,
identified, preparing, submitted in the window, withdrawn). Then, for many instants and every
report month, ``remind`` must name exactly the units to which ``status`` gives something to be
reminded of, and those are exactly the units flagged for something still to do (a late report
alone is history), plus those whose report is not yet due.
"""

from __future__ import annotations

import json
import random
from email import message_from_bytes, policy

import pytest

from tests.helpers import build_once, copy_database

SEED = 12
UNITS = [
    "VP", "TTRA", "NVY", "NVD", "TCCB", "BTXH", "BVA", "BVC",
    "BVGT", "BVLBP", "BVMAT", "BVTT", "TTPY", "TTKN", "BVDKBK", "TTKSBT",
]  # fmt: skip
MONTHS = ["06/2026", "07/2026", "08/2026", "09/2026", "10/2026", "11/2026"]
INSTANTS = [
    "20/06/2026 08:00", "25/06/2026 00:00", "10/07/2026 10:00", "30/09/2026 23:59",
    "01/10/2026 00:00", "15/10/2026 12:00", "31/10/2026 23:59", "01/11/2026 00:00",
    "26/11/2026 09:00", "15/12/2026 09:00",
]  # fmt: skip
ENTRY = ["--category", "san_pham", "--author-type", "tap_the", "--authors", "Nguyễn Văn A",
         "--applied-since", "01/03/2026"]  # fmt: skip
FIGURES = ["--activities", "1", "--reached", "10", "--candidates", "1", "--mobilized", "0"]


def ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def build(run, setenv) -> dict[str, str]:
    """The generated campaign; returns what each unit's entries are, for the text checks."""
    rng = random.Random(SEED)
    ok(run, "init")
    setenv("YTCONTEST_NOW", "2026-05-01T09:00:00+07:00")
    story: dict[str, str] = {}
    entries: list[tuple[str, int, str]] = []
    for code in UNITS:
        kind = rng.choice(["none", "identified", "preparing", "submitted", "withdrawn"])
        story[code] = kind
        if kind == "none":
            continue
        status = "identified" if kind == "identified" else "preparing"
        result = ok(run, "entries", "add", "--unit", code, "--title", f"Giải pháp {code}",
                    "--status", status, *ENTRY, "--json")  # fmt: skip
        entries.append((code, json.loads(result.stdout)["id"], kind))
    setenv("YTCONTEST_NOW", "2026-10-20T09:00:00+07:00")
    for _code, number, kind in entries:
        if kind == "submitted":
            ok(run, "entries", "submit", str(number), "--at", "15/10/2026 09:00")
        if kind == "withdrawn":
            ok(run, "entries", "withdraw", str(number), "--reason", "Không đủ điều kiện")
    setenv("YTCONTEST_NOW", "2026-12-20T09:00:00+07:00")
    for code in UNITS:
        for month in MONTHS:
            fate = rng.choice(["on_time", "late", "none"])
            if fate == "none":
                continue
            mm, yyyy = month.split("/")
            day = "20" if fate == "on_time" else str(rng.choice([25, 27, 28]))
            ok(run, "report", "add", "--unit", code, "--month", month, *FIGURES,
               "--received", f"{day}/{mm}/{yyyy} 10:00")  # fmt: skip
    return story


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_once(tmp_path_factory, "truth", build, now="2026-04-10T09:00:00+07:00")


@pytest.fixture
def campaign(built, tmp_path, monkeypatch):
    folder, story = built
    copy_database(folder, tmp_path)
    monkeypatch.setenv("YTCONTEST_NOW", "2026-12-20T09:00:00+07:00")
    return story


def status_of(run, month: str, at: str) -> dict:
    return json.loads(ok(run, "status", "--month", month, "--as-of", at, "--json").stdout)


def remind_of(run, month: str, at: str) -> list[dict]:
    return json.loads(ok(run, "remind", "--month", month, "--as-of", at, "--json").stdout)


@pytest.mark.parametrize("at", INSTANTS)
def test_remind_names_exactly_the_units_status_gives_a_reminder(run, campaign, at):
    for month in MONTHS:
        status = {u["code"]: u for u in status_of(run, month, at)["units"]}
        reminded = {r["code"]: r for r in remind_of(run, month, at)}
        assert set(reminded) == {c for c, u in status.items() if u["remind"]}, (month, at)
        for code, row in reminded.items():
            assert row["reasons"] == status[code]["remind"]
            assert row["flags"] == status[code]["flags"]


@pytest.mark.parametrize("at", INSTANTS)
def test_remind_names_every_unit_flagged_for_something_to_do(run, campaign, at):
    for month in MONTHS:
        status = status_of(run, month, at)["units"]
        reminded = {r["code"] for r in remind_of(run, month, at)}
        to_do = {
            u["code"]
            for u in status
            if set(u["flags"]) - {"late_report"} or u["report"] == "pending" or u["returned"]
        }
        assert reminded == to_do, (month, at)


def test_the_generated_campaign_has_every_kind_of_unit(campaign):
    # Otherwise the tests above would prove less than they say.
    assert set(campaign.values()) == {"none", "identified", "preparing", "submitted", "withdrawn"}


def test_after_the_window_closed_units_that_submitted_nothing_are_reminded(run, campaign):
    reminded = {r["code"]: r for r in remind_of(run, "11/2026", "26/11/2026 09:00")}
    for code, kind in campaign.items():
        if kind in ("identified", "preparing", "none", "withdrawn"):
            assert "nomination_missed" in reminded[code]["reasons"], code
            assert "no_candidate" not in reminded[code]["reasons"], code


def test_after_the_window_closed_the_draft_says_none_was_submitted_and_asks_nothing(
    run, campaign, tmp_path
):
    preparing = next(c for c, kind in campaign.items() if kind == "preparing")
    ok(run, "units", "edit", preparing, "--email", "x@syt.thainguyen.gov.vn")
    ok(run, "remind", "--month", "11/2026", "--as-of", "26/11/2026 09:00",
       "--format", "eml", "-o", str(tmp_path / "drafts"))  # fmt: skip
    draft = message_from_bytes(
        (tmp_path / "drafts" / f"{preparing}-2026-11.eml").read_bytes(), policy=policy.default
    )
    text = draft.get_content()
    assert "thời hạn nộp hồ sơ dự thi đã kết thúc ngày 31/10/2026" in text
    assert "cần vận động" not in text


def test_while_the_window_is_open_the_draft_asks_for_an_entry(run, campaign, tmp_path):
    none = next(c for c, kind in campaign.items() if kind == "none")
    ok(run, "units", "edit", none, "--email", "y@syt.thainguyen.gov.vn")
    ok(run, "remind", "--month", "10/2026", "--as-of", "15/10/2026 12:00",
       "--format", "eml", "-o", str(tmp_path / "drafts"))  # fmt: skip
    draft = message_from_bytes(
        (tmp_path / "drafts" / f"{none}-2026-10.eml").read_bytes(), policy=policy.default
    )
    text = draft.get_content()
    assert "cần vận động ít nhất 1 hồ sơ" in text
    assert "đã kết thúc" not in text
