"""Setting a database up: the schema, the default campaign and the starting list of units."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ytcontest.services import campaigns, units
from ytcontest.services.units import ImportResult
from ytcontest.store.db import Database


def seed_units_path() -> Path:
    """``data/seed_units.csv``: inside the installed package (the wheel carries a copy), or at the
    top of a source checkout (an editable install)."""
    packaged = resources.files("ytcontest") / "data" / "seed_units.csv"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "data" / "seed_units.csv"


def initialise(db: Database, actor: str, units_file: Path | None = None) -> ImportResult:
    """Create the default campaign and add the units of ``units_file`` (the seed list by default).

    Units already there are left as they are, so running it again adds nothing twice.
    """
    with db.write() as session:
        campaigns.ensure_default(session, actor)
        result = units.import_file(session, actor, units_file or seed_units_path(), only_new=True)
    return result
