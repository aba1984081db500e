"""Draft reminder e-mails, one RFC 5322 file per unit, that any mail program opens."""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime as rfc_date
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from ytcontest.dates import Month, format_date, now, parse_datetime
from ytcontest.errors import UserError
from ytcontest.i18n import _, language
from ytcontest.models import Campaign

# A reserved domain: the draft must be addressed by KHTC before it is sent.
FALLBACK_SENDER = "khtc@example.invalid"


def draft(row: dict[str, Any], campaign: Campaign, month: Month, sender: str) -> EmailMessage:
    """The reminder to one unit, in Vietnamese whatever language the sender works in: it goes
    to a unit's clerk (CONTRACT: remind --format eml)."""
    with language("vi"):
        return _draft(row, campaign, month, sender)


def _draft(row: dict[str, Any], campaign: Campaign, month: Month, sender: str) -> EmailMessage:
    deadline = parse_datetime(row["deadline"]).date()
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row["email"]
    message["Subject"] = _(
        "[{agency}] Reminder: report for {month} and contest entries – {unit}",
        agency=campaign.agency,
        month=month.label(),
        unit=row["name"],
    )
    message["Date"] = rfc_date(now())
    message["Message-ID"] = make_msgid(domain="ytcontest.invalid")
    message["X-Unsent"] = "1"  # Outlook opens the file as a draft to send
    lines = [
        _("Dear {unit},", unit=row["name"]),
        "",
        _(
            'For the contest "{campaign}", the Planning-Finance office reminds your unit:',
            campaign=campaign.name,
        ),
        "",
    ]
    if "missing_report" in row["reasons"]:
        lines.append(
            _(
                "- the report for {month} has not been received; it was due before 00:00 "
                "on {day}. Please send it as soon as possible.",
                month=month.label(),
                day=format_date(deadline),
            )
        )
    if "report_due" in row["reasons"]:
        lines.append(
            _(
                "- the report for {month} is due before 00:00 on {day}.",
                month=month.label(),
                day=format_date(deadline),
            )
        )
    if "no_candidate" in row["reasons"]:
        lines.append(
            _(
                "- your unit has no contest entry yet; each unit is asked to mobilise at "
                "least {count}.",
                count=campaign.min_entries,
            )
        )
    lines += [
        "",
        _("Thank you for your cooperation."),
        _("Planning-Finance office, {agency}", agency=campaign.agency),
    ]
    message.set_content("\n".join(lines), charset="utf-8")
    return message


def write_drafts(
    rows: Sequence[dict[str, Any]],
    folder: Path,
    *,
    campaign: Campaign,
    month: Month,
    sender: str | None,
) -> tuple[list[Path], list[str]]:
    """One ``CODE-YYYY-MM.eml`` per unit with an address; the codes of those without one."""
    if folder.exists() and not folder.is_dir():
        raise UserError(_("{path} is a file, not a folder", path=folder))
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[str] = []
    for row in rows:
        if not row.get("email"):
            skipped.append(row["code"])
            continue
        path = folder / f"{row['code']}-{month}.eml"
        path.write_bytes(bytes(draft(row, campaign, month, sender or FALLBACK_SENDER)))
        written.append(path)
    return written, skipped
