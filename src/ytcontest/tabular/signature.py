"""The signature and recipients blocks of Nghị định 30/2020/NĐ-CP, Phụ lục I, as text lines.

Every document the tool makes (the workbook, the report form, the Word report) lays these lines
out in its own way; what they say is decided here once.

The ``signer`` setting is written with " / " between lines, e.g.
"KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn Xuân": the authority and the title (printed in bold
capitals), then the signer's name, printed as typed. A last part with any small letter is the
name; a setting all in capitals has no name (it is written by hand under the signature).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ytcontest.domain.i18n import _

# Blank lines left between the title and the name: room to sign and stamp (about 3 cm).
SIGNING_ROOM = 4
# "- Như trên; - Lưu: VT, KHTC.": a new line before each " - " that follows a semicolon.
_RECIPIENT_BREAK = re.compile(r"(?<=;)\s+(?=-)|\s*\n\s*|\s+/\s+")


@dataclass(frozen=True)
class Signer:
    titles: list[str]  # bold capitals: "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    name: str | None  # bold, as typed


def signer(setting: str | None) -> Signer:
    parts = [part.strip() for part in (setting or "").split(" / ") if part.strip()]
    if not parts:
        return Signer([_("DIRECTOR")], None)
    name = None
    if len(parts) > 1 and parts[-1] != parts[-1].upper():
        name = parts.pop()
    return Signer([part.upper() for part in parts], name)


def recipients(setting: str | None) -> list[str]:
    """The lines under "Nơi nhận:", one recipient each."""
    if not setting or not setting.strip():
        return [_("- As above;"), _("- Filed: Archive, KHTC.")]
    return [line for line in _RECIPIENT_BREAK.split(setting.strip()) if line]


def recipients_heading() -> str:
    return _("Recipients:")


def sign_hint() -> str:
    return _("(signature, full name)")


def unit_sign_hint() -> str:
    return _("(signature, full name and stamp)")
