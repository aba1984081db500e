"""What only PostgreSQL can do: clerk roles limited to their own unit by row-level security.

The server enforces it, not the program: a clerk who connects with another tool is held to the
same rows. The owner of the tables (KHTC's administrator, who ran ``init``) is not subject to the
policies and keeps full rights.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from ytcontest.errors import UserError
from ytcontest.i18n import _

CLERK_GROUP = "ytcontest_clerk"
# Tables a clerk writes, and how a row names its unit.
_OWNED = {
    "report": "unit_id = ytcontest_clerk_unit()",
    "entry": "unit_id = ytcontest_clerk_unit()",
    "report_revision": (
        "EXISTS (SELECT 1 FROM report r WHERE r.id = report_id "
        "AND r.unit_id = ytcontest_clerk_unit())"
    ),
}
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def install_policies(conn: sa.Connection) -> None:
    """The clerk group, its grants, and the row-level policies (migration 0004, PostgreSQL only)."""
    schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    conn.execute(sa.text(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{CLERK_GROUP}') "
        f"THEN CREATE ROLE {CLERK_GROUP} NOLOGIN; END IF; END $$"
    ))  # fmt: skip
    # SECURITY DEFINER so that a clerk need not read the grants table; session_user because
    # inside such a function current_user is the function's owner.
    conn.execute(sa.text(
        f"CREATE OR REPLACE FUNCTION ytcontest_clerk_unit() RETURNS integer "
        f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {_quote(schema)} AS "
        f"$$ SELECT unit_id FROM clerk_grant WHERE role_name = session_user $$"
    ))  # fmt: skip
    conn.execute(sa.text(f"GRANT USAGE ON SCHEMA {_quote(schema)} TO {CLERK_GROUP}"))
    conn.execute(sa.text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {_quote(schema)} TO {CLERK_GROUP}"))
    conn.execute(sa.text(f"REVOKE SELECT ON clerk_grant FROM {CLERK_GROUP}"))
    conn.execute(sa.text(
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_quote(schema)} TO {CLERK_GROUP}"
    ))  # fmt: skip
    conn.execute(sa.text(f"GRANT INSERT ON audit_event TO {CLERK_GROUP}"))
    for table, own in _OWNED.items():
        conn.execute(sa.text(f"GRANT INSERT, UPDATE ON {table} TO {CLERK_GROUP}"))
        conn.execute(sa.text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        conn.execute(sa.text(f"CREATE POLICY {table}_read ON {table} FOR SELECT USING (true)"))
        conn.execute(sa.text(
            f"CREATE POLICY {table}_insert ON {table} FOR INSERT TO {CLERK_GROUP} WITH CHECK ({own})"
        ))  # fmt: skip
        conn.execute(sa.text(
            f"CREATE POLICY {table}_update ON {table} FOR UPDATE TO {CLERK_GROUP} "
            f"USING ({own}) WITH CHECK ({own})"
        ))  # fmt: skip


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_clerk(conn: sa.Connection, unit_id: int, role: str, password: str | None) -> bool:
    """Create or update ``role`` as the clerk of the unit; True when the role was created."""
    if conn.dialect.name != "postgresql":
        raise UserError(
            _("clerk accounts need a PostgreSQL database (--db postgresql+psycopg://...)")
        )
    role = role.strip().lower()
    if not _ROLE.match(role) or role in ("postgres", CLERK_GROUP):
        raise UserError(
            _("a role name is lower-case letters, digits and _ (at most 63), e.g. clerk_bva")
        )
    exists = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if exists is None:
        conn.execute(sa.text(f"CREATE ROLE {role} LOGIN"))
    if password:
        # A password cannot be a bound parameter in CREATE/ALTER ROLE: quote it as a literal.
        literal = "'" + password.replace("'", "''") + "'"
        conn.execute(sa.text(f"ALTER ROLE {role} PASSWORD {literal}".replace(":", r"\:")))
    conn.execute(sa.text(f"GRANT {CLERK_GROUP} TO {role}"))
    conn.execute(sa.text("DELETE FROM clerk_grant WHERE role_name = :r"), {"r": role})
    conn.execute(
        sa.text("INSERT INTO clerk_grant (role_name, unit_id) VALUES (:r, :u)"),
        {"r": role, "u": unit_id},
    )
    return exists is None
