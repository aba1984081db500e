"""Draft reminder e-mails, one RFC 5322 file per unit, that any mail program opens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime as rfc_date
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from ytcontest.domain.dates import Month, deadline_words, format_date, now, parse_datetime, to_vn
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _, language
from ytcontest.store.models import Campaign

# A reserved domain: the draft must be addressed by KHTC before it is sent.
FALLBACK_SENDER = "khtc@example.invalid"


def draft(row: dict[str, Any], campaign: Campaign, month: Month, sender: str) -> EmailMessage:
    """The reminder to one unit, in Vietnamese whatever language the sender works in: it goes
    to a unit's clerk (CONTRACT: remind --format eml)."""
    message = EmailMessage()
    message["From"] = sender
    message["Date"] = rfc_date(now())
    message["Message-ID"] = make_msgid(domain="ytcontest.invalid")
    message["X-Unsent"] = "1"  # Outlook opens the file as a draft to send
    return compose_reminder(message, row, campaign, month)


def compose_reminder(
    message: EmailMessage,
    row: dict[str, Any],
    campaign: Campaign,
    month: Month,
    form: tuple[str, bytes] | None = None,
) -> EmailMessage:
    """Address ``message`` to the unit of ``row`` and write its reminder, in Vietnamese; ``form``
    (file name, content) is attached. The drafts and the messages sent share this text."""
    with language("vi"):
        message["To"] = row["email"]
        message["Subject"] = _(
            "[{agency}] Reminder: report for {month} and contest entries – {unit}",
            agency=campaign.agency,
            month=month.label(),
            unit=row["name"],
        )
        message.set_content("\n".join(_reminder_lines(row, campaign, month, form)), charset="utf-8")
    if form is not None:
        attach_form(message, *form)
    return message


def _reminder_lines(
    row: dict[str, Any], campaign: Campaign, month: Month, form: tuple[str, bytes] | None
) -> list[str]:
    deadline = parse_datetime(row["deadline"]).date()
    reasons = row["reasons"]
    lines = [
        _("Dear {unit},", unit=row["name"]),
        "",
        _(
            'For the contest "{campaign}", the Planning-Finance office reminds your unit:',
            campaign=campaign.name,
        ),
        "",
    ]
    if "missing_report" in reasons:
        lines.append(
            _(
                "- the report for {month} has not been received; it was due {deadline}. "
                "Please send it as soon as possible.",
                month=month.label(),
                deadline=deadline_words(deadline),
            )
        )
    if "report_due" in reasons:
        lines.append(
            _(
                "- the report for {month} is due {deadline}.",
                month=month.label(),
                deadline=deadline_words(deadline),
            )
        )
    if "report_returned" in reasons:
        lines.append(
            _(
                "- the report for {month} was returned for correction: {reason}. Please send "
                "a corrected version.",
                month=month.label(),
                reason=row.get("return_reason") or "",
            )
        )
    if "no_candidate" in reasons:
        lines.append(
            _(
                "- your unit has no contest entry yet; each unit is asked to mobilise at "
                "least {count}.",
                count=campaign.min_entries,
            )
        )
    if "nomination_missed" in reasons:
        # After the window closed there is nothing left to ask for: say what happened.
        closes = to_vn(campaign.submission_closes) - timedelta(microseconds=1)
        lines.append(
            _(
                "- the time to submit entries ended on {day}; your unit submitted none, so it "
                "is recorded as having no entry in the contest.",
                day=format_date(closes.date()),
            )
        )
    if form is not None:
        lines += [
            "",
            _(
                "The attached Excel form {name} is made for your unit and this month: fill in "
                "the yellow cells and send it back in reply to this message.",
                name=form[0],
            ),
        ]
    lines += [
        "",
        _("Thank you for your cooperation."),
        _("Planning-Finance office, {agency}", agency=campaign.agency),
    ]
    return lines


def compose_return(
    message: EmailMessage,
    *,
    unit_name: str,
    email: str,
    campaign: Campaign,
    month: Month,
    revision: int,
    reason: str,
    form: tuple[str, bytes],
) -> EmailMessage:
    """The message that returns a report for correction, with the form holding what was sent."""
    with language("vi"):
        message["To"] = email
        message["Subject"] = _(
            "[{agency}] Report for {month} returned for correction – {unit}",
            agency=campaign.agency,
            month=month.label(),
            unit=unit_name,
        )
        lines = [
            _("Dear {unit},", unit=unit_name),
            "",
            _(
                "The Planning-Finance office returns your report for {month} (version "
                "{revision}) for correction:",
                month=month.label(),
                revision=revision,
            ),
            "",
            reason,
            "",
            _(
                "The attached form {name} holds the figures you sent: correct them and send the "
                "file back in reply to this message. The date your first version was received "
                "still counts for the deadline.",
                name=form[0],
            ),
            "",
            _("Thank you for your cooperation."),
            _("Planning-Finance office, {agency}", agency=campaign.agency),
        ]
        message.set_content("\n".join(lines), charset="utf-8")
    attach_form(message, *form)
    return message


XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def attach_form(message: EmailMessage, name: str, content: bytes) -> None:
    message.add_attachment(content, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=name)


def form_bytes(
    *,
    campaign: Campaign,
    unit_code: str,
    unit_name: str,
    month: Month,
    values: dict[str, Any] | None = None,
) -> tuple[str, bytes]:
    """The unit's form for ``month`` as an attachment (name, content), made by ``write_form``;
    with ``values`` pre-filled with what the unit sent."""
    import tempfile

    from ytcontest.tabular.form import write_campaign_form

    name = f"bao-cao-{unit_code}-{month}.xlsx"
    with tempfile.TemporaryDirectory(prefix="ytcontest-") as folder:
        path = Path(folder) / name
        with language("vi"):
            write_campaign_form(path, campaign, unit_code, unit_name, month)
            if values is not None:
                prefill(path, values)
        return name, path.read_bytes()


def prefill(path: Path, values: dict[str, Any]) -> None:
    """Type ``values`` into the yellow cells of a form made by ``write_form``.

    The cells are found from the form's own layout (``form.LINES``), so a form pre-filled here
    reads back with ``read_form`` (a test holds them together).
    """
    from openpyxl import load_workbook

    from ytcontest.tabular import form

    book = load_workbook(path)
    sheet = book.worksheets[0]
    for line in form.LINES:
        value = values.get(line.key)
        if value is not None:
            cell = sheet.cell(row=line.row, column=2, value=value)
            if line.kind == "text":
                cell.data_type = "s"
    book.save(path)


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
