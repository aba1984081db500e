"""The audit log: every change, who made it, and the record before and after."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ytcontest.domain.dates import iso, now
from ytcontest.store.models import AuditEvent, Unit


def snapshot(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe copy of a record's values (dates as ISO text)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, datetime):
            out[key] = iso(value)
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def record(
    session: Session,
    actor: str,
    action: str,
    object_type: str,
    object_key: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    campaign_id: int | None = None,
) -> AuditEvent:
    event = AuditEvent(
        **event_row(now(), actor, action, object_type, object_key, before, after, campaign_id)
    )
    if session.info.get("server_audit"):
        # A clerk on PostgreSQL: the server's triggers write the event (with the login and the
        # server's time); the program only says who acts, as the user gave it (--user).
        say_who(session, actor)
        return event
    session.add(event)
    return event


def say_who(session: Session, actor: str) -> None:
    """The name the user gave, for the server's audit triggers of this transaction."""
    session.execute(
        sa.text("SELECT set_config('ytcontest.user', :actor, true)"), {"actor": actor[:100]}
    )


def event_row(
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    campaign_id: int | None = None,
) -> dict[str, Any]:
    """The columns of one audit event; ``record`` adds one, bulk writers insert many."""
    return {
        "at": at,
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_key": object_key,
        "campaign_id": campaign_id,
        "before": snapshot(before) if before is not None else None,
        "after": snapshot(after) if after is not None else None,
    }


def events(
    session: Session,
    *,
    unit: Unit | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[AuditEvent]:
    """Newest first. ``unit`` keeps the events about that unit and about its reports and entries."""
    query = select(AuditEvent).order_by(sa.desc(AuditEvent.at), sa.desc(AuditEvent.id))
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if unit is not None:
        # Reports and entries are keyed "UNIT/..." so one prefix test finds them all.
        query = query.where(
            sa.or_(
                sa.and_(AuditEvent.object_type == "unit", AuditEvent.object_key == unit.code),
                AuditEvent.object_key.startswith(f"{unit.code}/", autoescape=True),
            )
        )
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query))
