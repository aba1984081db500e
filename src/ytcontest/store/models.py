"""The tables (SQLModel ``table=True``) and the input models that validate data before it is written.

Table models skip Pydantic validation, so every write goes through an input model first
(``UnitInput`` and friends, below the tables). Datetimes are stored in UTC (``UTCDateTime``):
SQLite keeps no offset, so one is attached again on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic import Field as InputField
from sqlmodel import Field, SQLModel

from ytcontest.domain.i18n import _
from ytcontest.domain.text import EMAIL, clean

if TYPE_CHECKING:
    from ytcontest.domain.rules import Calendar

# Limits shared by the tables (column sizes, enforced by PostgreSQL) and the input models.
CODE_MAX = 32
NAME_MAX = 200
RECIPIENTS_MAX = 1000
GROUP_MAX = 100
CONTACT_MAX = 100
TITLE_MAX = 500
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 4000
PEOPLE_MAX = 10_000_000
ACTIVITIES_MAX = 100_000

UNIT_KINDS = ("phong", "don_vi")


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC, handed back aware (UTC) on every backend."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


# --- tables ---------------------------------------------------------------------------------------


class DatabaseTable(SQLModel):
    """What every table shares.

    Tables are read and written through SQLAlchemy and never validated by pydantic (the input
    models below do that), so their pydantic schemas are built only if something asks for them:
    building them at import cost 25 ms at the start of every command that opens the database.
    """

    model_config = ConfigDict(defer_build=True)


class Campaign(DatabaseTable, table=True):
    __tablename__ = "campaign"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=CODE_MAX, unique=True)
    name: str = Field(max_length=NAME_MAX)
    launch: date
    submission_opens: datetime = Field(sa_type=UTCDateTime)
    submission_closes: datetime = Field(sa_type=UTCDateTime)
    first_report_month: str = Field(max_length=7)
    last_report_month: str = Field(max_length=7)
    report_due_day: int
    min_entries: int
    period: str = Field(max_length=16)
    province: str = Field(max_length=NAME_MAX)
    agency: str = Field(max_length=NAME_MAX)
    place: str = Field(max_length=NAME_MAX)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # Who signs the consolidated table ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"); None: the Director.
    signer: str | None = Field(default=None, max_length=NAME_MAX)
    # "Nơi nhận:" of the documents ("- Như trên; - Lưu: VT, KHTC."); None: a default list.
    recipients: str | None = Field(default=None, max_length=RECIPIENTS_MAX)

    def calendar(self) -> Calendar:
        """The campaign's dates and rules as the pure ``rules`` module reads them."""
        from ytcontest.domain.dates import Month
        from ytcontest.domain.rules import Calendar, Period

        return Calendar(
            launch=self.launch,
            submission_opens=self.submission_opens,
            submission_closes=self.submission_closes,
            first_report_month=Month.parse(self.first_report_month),
            last_report_month=Month.parse(self.last_report_month),
            report_due_day=self.report_due_day,
            min_entries=self.min_entries,
            period=Period(self.period),
        )


class Unit(DatabaseTable, table=True):
    __tablename__ = "unit"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=CODE_MAX, unique=True)
    name: str = Field(max_length=NAME_MAX)
    kind: str = Field(max_length=16)
    # "group" is an SQL keyword: the column has another name, the JSON key stays "group".
    unit_group: str | None = Field(default=None, max_length=GROUP_MAX)
    email: str | None = Field(default=None, max_length=CONTACT_MAX)
    phone: str | None = Field(default=None, max_length=CONTACT_MAX)
    reports_required: bool = True
    active_from: date | None = None
    active_to: date | None = None  # the last active day, inclusive
    created_at: datetime = Field(sa_type=UTCDateTime)


class Entry(DatabaseTable, table=True):
    __tablename__ = "entry"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    unit_id: int = Field(foreign_key="unit.id")
    title: str = Field(max_length=TITLE_MAX)
    category: str = Field(max_length=32)
    author_type: str = Field(max_length=32)
    # Ordered lists; JSON is portable between SQLite and PostgreSQL and keeps the order typed in.
    authors: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    fields: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    applied_since: date | None = None
    applied_at: str | None = Field(default=None, max_length=SHORT_TEXT_MAX)
    effect: str | None = Field(default=None, max_length=LONG_TEXT_MAX)
    status: str = Field(max_length=16)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    late_reason: str | None = Field(default=None, max_length=LONG_TEXT_MAX)
    withdrawn_reason: str | None = Field(default=None, max_length=LONG_TEXT_MAX)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Report(DatabaseTable, table=True):
    """A unit's report for one month; its figures live in its revisions.

    The unique key makes a second report for the same unit and month impossible even when two
    clerks file at the same instant: the database refuses the second one.
    """

    __tablename__ = "report"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "unit_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    unit_id: int = Field(foreign_key="unit.id")
    month: str = Field(max_length=7)
    first_received_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ReportRevision(DatabaseTable, table=True):
    __tablename__ = "report_revision"
    __table_args__ = (sa.UniqueConstraint("report_id", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id")
    revision: int
    received_at: datetime = Field(sa_type=UTCDateTime)
    activities: int
    reached: int
    candidates: int
    mobilized: int
    doc_number: str | None = Field(default=None, max_length=SHORT_TEXT_MAX)
    summary: str | None = Field(default=None, max_length=LONG_TEXT_MAX)
    difficulties: str | None = Field(default=None, max_length=LONG_TEXT_MAX)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=CONTACT_MAX)


class ClerkGrant(DatabaseTable, table=True):
    """A PostgreSQL role that may write only its unit's reports and entries (see postgres.py)."""

    __tablename__ = "clerk_grant"

    role_name: str = Field(primary_key=True, max_length=63)
    unit_id: int = Field(foreign_key="unit.id")


class AuditEvent(DatabaseTable, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=CONTACT_MAX)  # the name the user gave (--user)
    # The database login (session_user), set by the server on PostgreSQL; None on SQLite.
    login: str | None = Field(default=None, max_length=63)
    action: str = Field(max_length=64)
    object_type: str = Field(max_length=32)
    object_key: str = Field(max_length=SHORT_TEXT_MAX)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id")
    before: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)


class MailSetting(DatabaseTable, table=True):
    """One mail setting (server, port, ...); the password is never stored."""

    __tablename__ = "mail_setting"

    key: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=SHORT_TEXT_MAX)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: str = Field(max_length=CONTACT_MAX)


class SentMessage(DatabaseTable, table=True):
    """An e-mail the program sent, or tried to: a reminder, a returned report, a test."""

    __tablename__ = "sent_message"
    __table_args__ = (sa.Index("ix_sent_message_unit_month", "unit_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    month: str | None = Field(default=None, max_length=7)
    kind: str = Field(max_length=32)
    recipients: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    message_id: str = Field(max_length=SHORT_TEXT_MAX)
    sent_at: datetime = Field(sa_type=UTCDateTime)
    result: str = Field(max_length=16)  # "sent" or "failed"
    error: str | None = Field(default=None, max_length=500)
    sent_by: str = Field(max_length=CONTACT_MAX)


class ImportedFile(DatabaseTable, table=True):
    """A file whose reports were filed, known by its content: the same file again is skipped."""

    __tablename__ = "imported_file"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    sha256: str = Field(max_length=64)
    name: str = Field(max_length=SHORT_TEXT_MAX)
    reports: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    imported_at: datetime = Field(sa_type=UTCDateTime)
    imported_by: str = Field(max_length=CONTACT_MAX)


class ReportReview(DatabaseTable, table=True):
    """KHTC's look at one revision of a report: returned for correction, or accepted."""

    __tablename__ = "report_review"
    __table_args__ = (sa.Index("ix_report_review_report", "report_id"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id")
    revision: int
    action: str = Field(max_length=16)  # "returned" or "accepted"
    reason: str | None = Field(default=None, max_length=LONG_TEXT_MAX)
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=CONTACT_MAX)


# --- input models ---------------------------------------------------------------------------------
# Plain pydantic models, not SQLModel ones: they are never tables, and SQLModel's validation wrapper
# doubled the time of checking a 10,000-row import. Their validators are built on first use, so
# that a command that only reads (status) does not pay for building them.


class Input(BaseModel):
    model_config = ConfigDict(defer_build=True)


_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")
_PHONE = re.compile(r"^[0-9+() .-]{6,20}$")


def _optional_text(value: object) -> object:
    if isinstance(value, str):
        value = clean(value)
        return value or None
    return value


class UnitInput(Input):
    """A unit as typed or imported, validated and normalised (NFC, upper-case code)."""

    code: str = InputField(min_length=1, max_length=CODE_MAX)
    name: str = InputField(min_length=1, max_length=NAME_MAX)
    kind: str
    group: str | None = InputField(default=None, max_length=GROUP_MAX)
    email: str | None = InputField(default=None, max_length=CONTACT_MAX)
    phone: str | None = InputField(default=None, max_length=CONTACT_MAX)
    reports_required: bool = True
    active_from: date | None = None

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: object) -> object:
        if isinstance(value, str):
            value = clean(value).upper()
            if value and not _CODE.match(value):
                raise ValueError(
                    _(
                        "the code may hold only letters A-Z, digits and . _ - (got {value!r})",
                        value=value,
                    )
                )
        return value

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> object:
        return " ".join(clean(value).split()) if isinstance(value, str) else value

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: object) -> object:
        if isinstance(value, str):
            value = clean(value).lower()
            if value not in UNIT_KINDS:
                raise ValueError(_("the kind must be phong or don_vi (got {value!r})", value=value))
        return value

    @field_validator("group", "phone", mode="before")
    @classmethod
    def _optional(cls, value: object) -> object:
        return _optional_text(value)

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: object) -> object:
        value = _optional_text(value)
        if isinstance(value, str) and not EMAIL.match(value):
            raise ValueError(_("not an e-mail address: {value!r}", value=value))
        return value

    @field_validator("phone", mode="after")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.match(value):
            raise ValueError(_("not a phone number: {value!r}", value=value))
        return value


def validation_messages(error: ValidationError, labels: Mapping[str, str]) -> list[str]:
    """Pydantic's errors as short sentences in the user's language, one per problem.

    ``labels`` names each field in the user's words (the option or column the value came from).
    """
    messages = []
    for item in error.errors():
        loc = [str(part) for part in item.get("loc", ())]
        field = labels.get(loc[0], loc[0]) if loc else "?"
        kind = item.get("type", "")
        ctx = item.get("ctx") or {}
        if kind == "value_error" and "error" in ctx:
            text = str(ctx["error"])
        elif kind == "string_too_short" or kind == "missing":
            text = _("a value is required")
        elif kind == "string_too_long":
            text = _("at most {limit} characters", limit=ctx.get("max_length", "?"))
        elif kind in ("greater_than_equal", "greater_than"):
            text = _("must be at least {limit}", limit=ctx.get("ge", ctx.get("gt", "?")))
        elif kind in ("less_than_equal", "less_than"):
            text = _("must be at most {limit}", limit=ctx.get("le", ctx.get("lt", "?")))
        elif kind.startswith("int"):
            text = _("must be a whole number")
        elif kind.startswith("bool"):
            text = _("must be yes or no (1/0, có/không)")
        elif kind.startswith("date"):
            text = _("must be a date such as 25/06/2026")
        else:
            text = _("invalid value")
        messages.append(f"{field}: {text}")
    return messages


def whole_number(value: object) -> object:
    """A count as people write it, read by the one parser of counts (``numbers.parse_count``):
    "1.000" is one thousand, "1,5" and "-3" are refused. Pydantic alone would read "1.000" as 1.
    ``None`` is left to Pydantic, which says the value is required."""
    if value is None:
        return value
    from ytcontest.domain.numbers import parse_count

    return parse_count(value)


class ReportInput(Input):
    """A month's report figures as typed or imported."""

    activities: int = InputField(ge=0, le=ACTIVITIES_MAX)
    reached: int = InputField(ge=0, le=PEOPLE_MAX)
    candidates: int = InputField(ge=0, le=ACTIVITIES_MAX)
    mobilized: int = InputField(ge=0, le=ACTIVITIES_MAX)
    doc_number: str | None = InputField(default=None, max_length=SHORT_TEXT_MAX)
    summary: str | None = InputField(default=None, max_length=LONG_TEXT_MAX)
    difficulties: str | None = InputField(default=None, max_length=LONG_TEXT_MAX)

    @field_validator("doc_number", "summary", "difficulties", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return _optional_text(value)

    @field_validator("activities", "reached", "candidates", "mobilized", mode="before")
    @classmethod
    def _count(cls, value: object) -> object:
        return whole_number(value)


class EntryInput(Input):
    """An entry's descriptive fields, validated (vocabularies resolved by the caller)."""

    title: str = InputField(min_length=1, max_length=TITLE_MAX)
    category: str
    author_type: str
    authors: list[str] = InputField(min_length=1)
    fields: list[str] = InputField(default_factory=list)
    applied_since: date | None = None
    applied_at: str | None = InputField(default=None, max_length=SHORT_TEXT_MAX)
    effect: str | None = InputField(default=None, max_length=LONG_TEXT_MAX)

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: object) -> object:
        return " ".join(clean(value).split()) if isinstance(value, str) else value

    @field_validator("applied_at", "effect", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return _optional_text(value)

    @field_validator("authors", mode="after")
    @classmethod
    def _authors(cls, value: list[str]) -> list[str]:
        names = [" ".join(clean(name).split()) for name in value]
        names = [name for name in names if name]
        if not names:
            raise ValueError(_("give at least one author"))
        too_long = [name for name in names if len(name) > NAME_MAX]
        if too_long:
            raise ValueError(_("an author's name has more than {limit} characters", limit=NAME_MAX))
        return names
