"""Clerk accounts on a shared PostgreSQL database, and what a clerk may not do there."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.services import audit
from ytcontest.store.models import Unit
from ytcontest.store.postgres import grant_clerk


def grant(session: Session, actor: str, unit: Unit, role: str, password: str) -> bool:
    """Make ``role`` the clerk of ``unit``; True when the role was created."""
    created = grant_clerk(session.connection(), unit.id or 0, role, password)
    audit.record(session, actor, "clerk.grant", "unit", unit.code,
                 after={"role": role.strip().lower(), "unit": unit.code})  # fmt: skip
    return created


def refuse_own_clock(session: Session, given: Any, option: str) -> None:
    """A clerk on PostgreSQL cannot say when something was received or submitted: the server's
    clock decides. Only KHTC records a paper report with the day it came."""
    if given is not None and session.info.get("server_clock"):
        raise UserError(
            _(
                "{option} is for KHTC's administrator, who records a paper report with the day it "
                "came; a clerk's report and submission take the server's time",
                option=option,
            )
        )
