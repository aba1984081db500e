"""``units show``: a unit with its reports and entries. Its own module because it stands above
the three services it combines; ``units`` itself is imported by ``entries`` and ``reports``."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from ytcontest.services import entries, reports
from ytcontest.services.units import unit_json
from ytcontest.store.models import Campaign, Unit


def detail(session: Session, unit: Unit, campaign: Campaign) -> dict[str, Any]:
    """The unit, its reports by month and its entries in ``campaign``."""
    record = unit_json(unit)
    record["reports"] = reports.list_reports(session, campaign, unit=unit)
    record["entries"] = entries.list_entries(session, campaign, unit=unit)
    return record
