"""Schema changes, as an ordered list that only ever grows.

Each migration runs in one transaction together with the row that records it, so a database is
always at a known version. A migration that has shipped is never renamed, reordered or edited:
its tables are written out here as they were then, not taken from ``models.py`` (which describes
the latest schema; ``tests/test_migrations.py`` checks that both agree).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from ytcontest.domain.dates import now
from ytcontest.store.models import UTCDateTime

MIGRATIONS_TABLE = "ytcontest_migrations"

_record = sa.Table(
    MIGRATIONS_TABLE,
    sa.MetaData(),
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)


def _m0001_initial(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "campaign", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("launch", sa.Date, nullable=False),
        sa.Column("submission_opens", UTCDateTime, nullable=False),
        sa.Column("submission_closes", UTCDateTime, nullable=False),
        sa.Column("first_report_month", sa.String(7), nullable=False),
        sa.Column("last_report_month", sa.String(7), nullable=False),
        sa.Column("report_due_day", sa.Integer, nullable=False),
        sa.Column("min_entries", sa.Integer, nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("province", sa.String(200), nullable=False),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )  # fmt: skip
    sa.Table(
        "unit", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("unit_group", sa.String(100)),
        sa.Column("email", sa.String(100)),
        sa.Column("phone", sa.String(100)),
        sa.Column("reports_required", sa.Boolean, nullable=False),
        sa.Column("active_from", sa.Date),
        sa.Column("active_to", sa.Date),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )  # fmt: skip
    sa.Table(
        "entry", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id"), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("author_type", sa.String(32), nullable=False),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("applied_since", sa.Date),
        sa.Column("applied_at", sa.String(200)),
        sa.Column("effect", sa.String(4000)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_at", UTCDateTime),
        sa.Column("late_reason", sa.String(4000)),
        sa.Column("withdrawn_reason", sa.String(4000)),
        sa.Column("withdrawn_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )  # fmt: skip
    sa.Table(
        "report", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id"), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("first_received_at", UTCDateTime, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("campaign_id", "unit_id", "month"),
    )  # fmt: skip
    sa.Table(
        "report_revision", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("report.id"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("received_at", UTCDateTime, nullable=False),
        sa.Column("activities", sa.Integer, nullable=False),
        sa.Column("reached", sa.Integer, nullable=False),
        sa.Column("candidates", sa.Integer, nullable=False),
        sa.Column("mobilized", sa.Integer, nullable=False),
        sa.Column("doc_number", sa.String(200)),
        sa.Column("summary", sa.String(4000)),
        sa.Column("difficulties", sa.String(4000)),
        sa.Column("recorded_at", UTCDateTime, nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.UniqueConstraint("report_id", "revision"),
    )  # fmt: skip
    sa.Table(
        "audit_event", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(32), nullable=False),
        sa.Column("object_key", sa.String(200), nullable=False),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id")),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
    )  # fmt: skip
    md.create_all(conn)


def _m0002_lookup_indexes(conn: sa.Connection) -> None:
    # The status of a month reads every report and entry of a campaign, and `log` pages the audit
    # newest first; without these, both scan whole tables once units number in the thousands.
    md = sa.MetaData()
    report = sa.Table("report", md, autoload_with=conn)
    entry = sa.Table("entry", md, autoload_with=conn)
    audit = sa.Table("audit_event", md, autoload_with=conn)
    revision = sa.Table("report_revision", md, autoload_with=conn)
    for index in (
        sa.Index("ix_report_campaign_month", report.c.campaign_id, report.c.month),
        sa.Index("ix_entry_campaign_unit", entry.c.campaign_id, entry.c.unit_id),
        sa.Index("ix_audit_event_at", audit.c.at),
        sa.Index("ix_audit_event_object", audit.c.object_type, audit.c.object_key),
        sa.Index("ix_report_revision_report", revision.c.report_id),
    ):
        index.create(conn)


def _m0003_campaign_signer(conn: sa.Connection) -> None:
    # The signature block of the workbook became a campaign setting: departments differ in who
    # signs what goes upward.
    conn.execute(sa.text("ALTER TABLE campaign ADD COLUMN signer VARCHAR(200)"))


def _m0004_clerk_grants(conn: sa.Connection) -> None:
    # Which database role is the clerk of which unit. On PostgreSQL the server then holds each
    # clerk to their own unit's reports and entries (row-level security); SQLite has no roles,
    # so there the table simply stays empty.
    md = sa.MetaData()
    sa.Table("unit", md, autoload_with=conn)
    sa.Table(
        "clerk_grant", md,
        sa.Column("role_name", sa.String(63), primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("unit.id"), nullable=False),
    ).create(conn)  # fmt: skip
    if conn.dialect.name == "postgresql":
        from ytcontest.store.postgres import install_policies

        install_policies(conn)


def _m0005_server_rules(conn: sa.Connection) -> None:
    # The login beside the name the user gave (--user), in the audit log. On PostgreSQL the
    # server then keeps the clerks' clock, history and log itself (see postgres.py): found by an
    # audit done as a hostile clerk would act (issue 11).
    conn.execute(sa.text("ALTER TABLE audit_event ADD COLUMN login VARCHAR(63)"))
    if conn.dialect.name == "postgresql":
        from ytcontest.store.postgres import install_server_rules

        install_server_rules(conn)


def _m0006_campaign_recipients(conn: sa.Connection) -> None:
    # The "Nơi nhận:" block of every document the tool makes (ND 30/2020) became a campaign
    # setting, as the header texts and the signer are.
    conn.execute(sa.text("ALTER TABLE campaign ADD COLUMN recipients VARCHAR(1000)"))


def _m0007_mail_and_returns(conn: sa.Connection) -> None:
    # Closing the month's loop by e-mail: the mail settings (never the password), every message
    # sent, the content of every file imported (so the same file twice is not a new revision),
    # and KHTC's returns and acceptances of a report's revision.
    md = sa.MetaData()
    # The referenced tables, named only for their keys: reflecting them on PostgreSQL warns
    # about the identity options it cannot read back, and `init` would show that warning.
    for name in ("campaign", "unit", "report"):
        sa.Table(name, md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "mail_setting", md,
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
    )  # fmt: skip
    sa.Table(
        "sent_message", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id")),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("unit.id")),
        sa.Column("month", sa.String(7)),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("recipients", sa.JSON, nullable=False),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("sent_at", UTCDateTime, nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("error", sa.String(500)),
        sa.Column("sent_by", sa.String(100), nullable=False),
        sa.Index("ix_sent_message_unit_month", "unit_id", "month"),
    )  # fmt: skip
    sa.Table(
        "imported_file", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("reports", sa.JSON, nullable=False),
        sa.Column("imported_at", UTCDateTime, nullable=False),
        sa.Column("imported_by", sa.String(100), nullable=False),
        sa.UniqueConstraint("campaign_id", "sha256"),
    )  # fmt: skip
    sa.Table(
        "report_review", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("report.id"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(4000)),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Index("ix_report_review_report", "report_id"),
    )  # fmt: skip
    md.create_all(conn)
    if conn.dialect.name == "postgresql":
        from ytcontest.store.postgres import install_mail_rules

        install_mail_rules(conn)


MIGRATIONS: list[tuple[str, Callable[[sa.Connection], None]]] = [
    ("0001_initial", _m0001_initial),
    ("0002_lookup_indexes", _m0002_lookup_indexes),
    ("0003_campaign_signer", _m0003_campaign_signer),
    ("0004_clerk_grants", _m0004_clerk_grants),
    ("0005_server_rules", _m0005_server_rules),
    ("0006_campaign_recipients", _m0006_campaign_recipients),
    ("0007_mail_and_returns", _m0007_mail_and_returns),
]
LATEST = MIGRATIONS[-1][0]


def applied(conn: sa.Connection) -> list[str]:
    """The migrations recorded in the database, oldest first ([] for a blank database)."""
    if not sa.inspect(conn).has_table(MIGRATIONS_TABLE):
        return []
    return list(conn.execute(sa.select(_record.c.name).order_by(_record.c.name)).scalars())


def unknown(names: list[str]) -> list[str]:
    """Recorded migrations this program does not know: the database was made by a newer version."""
    known = {name for name, _ in MIGRATIONS}
    return [name for name in names if name not in known]


def pending(names: list[str]) -> list[tuple[str, Callable[[sa.Connection], None]]]:
    done = set(names)
    return [(name, step) for name, step in MIGRATIONS if name not in done]


def apply(conn: sa.Connection, name: str, step: Callable[[sa.Connection], None]) -> None:
    """Run one migration and record it, in the caller's transaction."""
    _record.create(conn, checkfirst=True)
    step(conn)
    conn.execute(sa.insert(_record).values(name=name, applied_at=now()))
