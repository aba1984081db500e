"""What ``report import`` is given, opened up: files, folders, ``.eml`` messages and mboxes.

Each thing to import becomes an ``Item``: a file as it is, or one attachment of a message (with
the message's ``Date``). Messages without an attachment and attachments that are not our forms
become items that say why they are ignored, so every one gets its line.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from ytcontest.domain.i18n import _

MAIL_SUFFIXES = (".eml", ".msg822")
MBOX_SUFFIXES = (".mbox", ".mbx")


@dataclass
class Item:
    """One thing to import, or to say why it is not imported."""

    label: str  # how the outcome line names it
    name: str  # the file name (of the file or the attachment)
    path: Path | None = None  # a file on disk, imported as it is
    content: bytes | None = None  # an attachment's bytes
    sent_at: datetime | None = None  # the message's Date, when it came by mail
    from_mail: bool = False
    ignored: str | None = None  # why it is not imported (not a refusal)
    refused: str | None = None  # why it cannot be read at all


def is_message_file(path: Path) -> bool:
    return path.suffix.lower() in MAIL_SUFFIXES


def is_mbox(path: Path) -> bool:
    """An mbox file: by its name, or by its first line ("From " then the sender)."""
    if path.suffix.lower() in MBOX_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def gather(paths: Sequence[Path]) -> Iterator[Item]:
    """Every item of ``paths``: a folder gives its files (by name, hidden ones left out)."""
    for path in paths:
        if path.is_dir():
            children = sorted(
                p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
            )
            if not children:
                yield Item(label=str(path), name=path.name, ignored=_("an empty folder"))
            for child in children:
                yield from _file(child)
        elif not path.exists():
            yield Item(label=str(path), name=path.name, refused=_("no such file or folder"))
        else:
            yield from _file(path)


def _file(path: Path) -> Iterator[Item]:
    if is_message_file(path):
        try:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        except OSError as error:
            yield Item(label=path.name, name=path.name, refused=str(error.strerror or error))
            return
        yield from _attachments(message, path.name)  # type: ignore[arg-type]
    elif is_mbox(path):
        box = mailbox.mbox(path, factory=None, create=False)
        try:
            for number, key in enumerate(box.keys(), start=1):
                raw = box.get_bytes(key)
                message = email.message_from_bytes(raw, policy=email.policy.default)
                yield from _attachments(message, f"{path.name} #{number}")  # type: ignore[arg-type]
        finally:
            box.close()
    else:
        yield Item(label=path.name, name=path.name, path=path)


def _attachments(message: EmailMessage, where: str) -> Iterator[Item]:
    subject = str(message.get("Subject", "") or "").strip()
    sender = str(message.get("From", "") or "").strip()
    label = _("{where} ({sender}, «{subject}»)", where=where, sender=sender, subject=subject)
    sent_at = _date(message)
    found = False
    for part in message.walk():
        name = part.get_filename()
        if part.is_multipart() or not name:
            continue
        found = True
        content = part.get_payload(decode=True) or b""
        yield Item(
            label=f"{label} → {name}",
            name=Path(name).name or "attachment",
            content=content,
            sent_at=sent_at,
            from_mail=True,
        )
    if not found:
        yield Item(label=label, name=where, ignored=_("a message without an attachment"))


def _date(message: EmailMessage) -> datetime | None:
    text = message.get("Date")
    if not text:
        return None
    try:
        at = parsedate_to_datetime(str(text))
    except (TypeError, ValueError):
        return None
    # RFC 5322 "-0000" (and a missing zone) means the zone is unknown: take it as UTC.
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)
