"""Clerk accounts on a shared PostgreSQL database."""

from __future__ import annotations

from sqlmodel import Session

from ytcontest.models import Unit
from ytcontest.postgres import grant_clerk
from ytcontest.services import audit


def grant(session: Session, actor: str, unit: Unit, role: str, password: str | None) -> bool:
    """Make ``role`` the clerk of ``unit``; True when the role was created."""
    created = grant_clerk(session.connection(), unit.id or 0, role, password)
    audit.record(session, actor, "clerk.grant", "unit", unit.code,
                 after={"role": role.strip().lower(), "unit": unit.code})  # fmt: skip
    return created
