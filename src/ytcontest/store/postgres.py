"""What only PostgreSQL can do: the server itself holds clerks to their own unit, its clock, its log.

The server enforces it, not the program: a clerk who connects with another tool (``psql``) is held
to the same rules. The owner of the tables (KHTC's administrator, who ran ``init``) keeps full rights;
everyone else ("untrusted": the clerks, or any other role given rights by hand) gets:

- row-level security: reads everywhere, writes only for their own unit (``clerk_grant``);
- the server's clock: a report's receipt, a revision's times and an entry's submission are
  ``now()`` on the server, whatever the client sends;
- append-only history: INSERT on reports and revisions, no UPDATE or DELETE; a report's month,
  unit and first receipt never change (for anyone); revision numbers follow on, checked here;
- the audit log written by the server (triggers), with the login (``session_user``) and the
  server's time; no direct INSERT on ``audit_event``.

Functions follow PostgreSQL's "Writing SECURITY DEFINER Functions Safely": every name qualified
with the schema, ``search_path`` set to the schema then ``pg_temp``, EXECUTE revoked from PUBLIC.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import sqlalchemy as sa

from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _

OLD_CLERK_GROUP = "ytcontest_clerk"  # migration 0004's group, shared by every database
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Tables with row-level security: what a clerk writes, and how a row names its unit.
OWNED = {
    "report": "unit_id = {s}.ytcontest_clerk_unit()",
    "entry": "unit_id = {s}.ytcontest_clerk_unit()",
    "report_revision": (
        "EXISTS (SELECT 1 FROM {s}.report r WHERE r.id = report_id "
        "AND r.unit_id = {s}.ytcontest_clerk_unit())"
    ),
}
READ_TABLES = (
    "campaign", "unit", "entry", "report", "report_revision", "audit_event",
    "ytcontest_migrations",
)  # fmt: skip
# Column-level grants: what a clerk may write. No table-level UPDATE, so no LOCK TABLE beyond
# ROW EXCLUSIVE; no id column, so no sequence to burn (identity columns need no grant).
REPORT_INSERT = ("campaign_id", "unit_id", "month", "first_received_at", "created_at")
REVISION_INSERT = (
    "report_id", "revision", "received_at", "activities", "reached", "candidates", "mobilized",
    "doc_number", "summary", "difficulties", "recorded_at", "recorded_by",
)  # fmt: skip
ENTRY_UPDATE = (
    "title", "category", "author_type", "authors", "fields", "applied_since", "applied_at",
    "effect", "status", "submitted_at", "late_reason", "withdrawn_reason", "withdrawn_at",
    "updated_at",
)  # fmt: skip
ENTRY_INSERT = ("campaign_id", "unit_id", "created_at", *ENTRY_UPDATE)
AUDITED = ("report", "report_revision", "entry", "unit", "campaign", "clerk_grant")
# Ids that grow with use become bigint identities.
BIGINT_IDS = ("report", "report_revision", "entry", "audit_event")
# Migration 0007's tables (mail and reviews): clerks read them; ids are identities, so no
# sequence grant is needed for the one insert a clerk makes.
MAIL_TABLES = ("mail_setting", "sent_message", "imported_file", "report_review")
CLERK_INSERT_EXTRA = {
    "imported_file": ("campaign_id", "sha256", "name", "reports", "imported_at", "imported_by"),
}
# Functions and the setting each must carry; ``db check`` verifies them.
FUNCTIONS = {
    "ytcontest_clerk_unit": True,  # SECURITY DEFINER
    "ytcontest_trusted": False,
    "ytcontest_report_rules": False,
    "ytcontest_revision_rules": False,
    "ytcontest_entry_rules": False,
    "ytcontest_report_needs_revision": False,
    "ytcontest_audit_row": True,
    "ytcontest_audit_stamp": False,
    "ytcontest_imported_file_rules": False,
}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def clerk_group(database: str) -> str:
    """The clerk group of one database: rights in one database give nothing in another."""
    name = f"ytcontest_clerk_{database.lower()}"
    if re.fullmatch(r"[a-z0-9_]+", database.lower()) and len(name) <= 63:
        return name
    return "ytcontest_clerk_" + hashlib.sha256(database.encode()).hexdigest()[:24]


def current_group(conn: sa.Connection) -> str:
    return clerk_group(conn.execute(sa.text("SELECT current_database()")).scalar_one())


def is_trusted(conn: sa.Connection) -> bool:
    """True when the login owns the tables (or no table exists yet): the administrator."""
    owner = conn.execute(
        sa.text(
            "SELECT pg_has_role(session_user, c.relowner, 'MEMBER') FROM pg_class c "
            "WHERE c.oid = to_regclass('report')"
        )
    ).scalar()
    return owner is None or bool(owner)


# Migration 0004's tables and how a row names its unit (kept as shipped: migrations never change).
_OWNED_0004 = {
    "report": "unit_id = ytcontest_clerk_unit()",
    "entry": "unit_id = ytcontest_clerk_unit()",
    "report_revision": (
        "EXISTS (SELECT 1 FROM report r WHERE r.id = report_id "
        "AND r.unit_id = ytcontest_clerk_unit())"
    ),
}


def install_policies(conn: sa.Connection) -> None:
    """Migration 0004 as it shipped (0005 replaces all of it): the clerk group, its grants and the
    row-level policies."""
    schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    conn.execute(sa.text(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OLD_CLERK_GROUP}') "
        f"THEN CREATE ROLE {OLD_CLERK_GROUP} NOLOGIN; END IF; END $$"
    ))  # fmt: skip
    # SECURITY DEFINER so that a clerk need not read the grants table; session_user because
    # inside such a function current_user is the function's owner.
    conn.execute(sa.text(
        f"CREATE OR REPLACE FUNCTION ytcontest_clerk_unit() RETURNS integer "
        f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {quote(schema)} AS "
        f"$$ SELECT unit_id FROM clerk_grant WHERE role_name = session_user $$"
    ))  # fmt: skip
    conn.execute(sa.text(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {OLD_CLERK_GROUP}"))
    conn.execute(
        sa.text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {quote(schema)} TO {OLD_CLERK_GROUP}")
    )
    conn.execute(sa.text(f"REVOKE SELECT ON clerk_grant FROM {OLD_CLERK_GROUP}"))
    conn.execute(sa.text(
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote(schema)} TO {OLD_CLERK_GROUP}"
    ))  # fmt: skip
    conn.execute(sa.text(f"GRANT INSERT ON audit_event TO {OLD_CLERK_GROUP}"))
    for table, own in _OWNED_0004.items():
        conn.execute(sa.text(f"GRANT INSERT, UPDATE ON {table} TO {OLD_CLERK_GROUP}"))
        conn.execute(sa.text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        conn.execute(sa.text(f"CREATE POLICY {table}_read ON {table} FOR SELECT USING (true)"))
        conn.execute(sa.text(
            f"CREATE POLICY {table}_insert ON {table} FOR INSERT TO {OLD_CLERK_GROUP} WITH CHECK ({own})"
        ))  # fmt: skip
        conn.execute(sa.text(
            f"CREATE POLICY {table}_update ON {table} FOR UPDATE TO {OLD_CLERK_GROUP} "
            f"USING ({own}) WITH CHECK ({own})"
        ))  # fmt: skip


# --- migration 0005 ---------------------------------------------------------------------------


def install_server_rules(conn: sa.Connection) -> None:
    """Migration 0005 on PostgreSQL: everything the module docstring promises."""
    schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    s = quote(schema)
    group = current_group(conn)

    def run(sql: str) -> None:
        conn.exec_driver_sql(sql)

    _drop_0004(conn, s)
    run(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
        f"THEN CREATE ROLE {group} NOLOGIN NOINHERIT; END IF; END $$"
    )
    for row in conn.execute(sa.text("SELECT role_name FROM clerk_grant")).scalars():
        run(f"GRANT {group} TO {quote(row)}")
    _bigint_identities(conn, s)
    _functions(conn, s, schema, group)
    _constraints(conn, s)
    _triggers(conn, s)
    _grants(conn, s, group)
    _policies(conn, s, group)
    _database_rights(conn, group)


def _drop_0004(conn: sa.Connection, s: str) -> None:
    """Migration 0004's grants and policies, which trusted an unqualified name (the temp-table
    shadow) and a group shared by every database."""
    for table in OWNED:
        for suffix in ("read", "insert", "update"):
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {table}_{suffix} ON {s}.{table}")
    exists = conn.execute(
        sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": OLD_CLERK_GROUP}
    ).first()
    if exists:
        for kind in ("TABLES", "SEQUENCES", "FUNCTIONS"):
            conn.exec_driver_sql(f"REVOKE ALL ON ALL {kind} IN SCHEMA {s} FROM {OLD_CLERK_GROUP}")
        conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA {s} FROM {OLD_CLERK_GROUP}")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {s}.ytcontest_clerk_unit()")


def _bigint_identities(conn: sa.Connection, s: str, tables: tuple[str, ...] = BIGINT_IDS) -> None:
    if "report_revision" in tables:
        conn.exec_driver_sql(f"ALTER TABLE {s}.report_revision ALTER COLUMN report_id TYPE bigint")
    for table in tables:
        sequence = conn.execute(
            sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": f"{s}.{table}"}
        ).scalar()
        conn.exec_driver_sql(f"ALTER TABLE {s}.{table} ALTER COLUMN id DROP DEFAULT")
        if sequence:
            conn.exec_driver_sql(f"DROP SEQUENCE IF EXISTS {sequence}")
        conn.exec_driver_sql(f"ALTER TABLE {s}.{table} ALTER COLUMN id TYPE bigint")
        conn.exec_driver_sql(
            f"ALTER TABLE {s}.{table} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY"
        )
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{s}.{table}', 'id'), "
            f"coalesce(max(id), 0) + 1, false) FROM {s}.{table}"
        )


def _function(
    conn: sa.Connection, s: str, signature: str, returns: str, body: str, *, definer: bool = False
) -> None:
    language = "sql" if returns not in ("trigger",) else "plpgsql"
    volatility = "STABLE" if language == "sql" else "VOLATILE"
    conn.exec_driver_sql(
        f"CREATE OR REPLACE FUNCTION {s}.{signature} RETURNS {returns} LANGUAGE {language} "
        f"{volatility} {'SECURITY DEFINER' if definer else 'SECURITY INVOKER'} "
        f"SET search_path = {s}, pg_temp AS $fn$ {body} $fn$"
    )
    conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {s}.{signature} FROM PUBLIC")


_UTC_NOW = "(pg_catalog.now() AT TIME ZONE 'UTC')"


def _functions(conn: sa.Connection, s: str, schema: str, group: str) -> None:
    literal = "'" + f"{s}.report".replace("'", "''") + "'"
    # SECURITY DEFINER so that a clerk need not read the grants table; session_user because
    # inside such a function current_user is the function's owner. Every name is qualified: a
    # clerk's temporary table of the same name can no longer stand in for clerk_grant.
    _function(conn, s, "ytcontest_clerk_unit()", "integer",
              f"SELECT g.unit_id FROM {s}.clerk_grant g WHERE g.role_name = session_user",
              definer=True)  # fmt: skip
    _function(conn, s, "ytcontest_trusted()", "boolean",
              "SELECT pg_catalog.pg_has_role(session_user, c.relowner, 'MEMBER') "
              f"FROM pg_catalog.pg_class c WHERE c.oid = {literal}::pg_catalog.regclass")  # fmt: skip
    for name in ("ytcontest_clerk_unit()", "ytcontest_trusted()"):
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {s}.{name} TO {group}")
    # The server's clock, and the fixed parts of a report, for everyone but the administrator.
    _function(conn, s, "ytcontest_report_rules()", "trigger", f"""
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF NOT {s}.ytcontest_trusted() THEN
              NEW.first_received_at := {_UTC_NOW};
              NEW.created_at := {_UTC_NOW};
            END IF;
          ELSIF NEW.created_at IS DISTINCT FROM OLD.created_at AND NOT {s}.ytcontest_trusted()
             OR NEW.month IS DISTINCT FROM OLD.month OR NEW.unit_id IS DISTINCT FROM OLD.unit_id
             OR NEW.campaign_id IS DISTINCT FROM OLD.campaign_id
             OR NEW.first_received_at IS DISTINCT FROM OLD.first_received_at THEN
            RAISE EXCEPTION 'ytcontest:report_fixed' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END""")  # fmt: skip
    _function(conn, s, "ytcontest_revision_rules()", "trigger", f"""
        DECLARE expected bigint;
        BEGIN
          IF NOT {s}.ytcontest_trusted() THEN
            NEW.received_at := {_UTC_NOW};
            NEW.recorded_at := {_UTC_NOW};
            SELECT coalesce(max(r.revision), 0) + 1 INTO expected
              FROM {s}.report_revision r WHERE r.report_id = NEW.report_id;
            IF NEW.revision IS DISTINCT FROM expected THEN
              RAISE EXCEPTION 'ytcontest:revision_number' USING ERRCODE = 'check_violation';
            END IF;
          END IF;
          RETURN NEW;
        END""")  # fmt: skip
    _function(conn, s, "ytcontest_entry_rules()", "trigger", f"""
        BEGIN
          IF {s}.ytcontest_trusted() THEN RETURN NEW; END IF;
          IF TG_OP = 'INSERT' THEN
            NEW.created_at := {_UTC_NOW};
            NEW.submitted_at := CASE WHEN NEW.status = 'submitted' THEN {_UTC_NOW} END;
            NEW.withdrawn_at := CASE WHEN NEW.status = 'withdrawn' THEN {_UTC_NOW} END;
          ELSE
            IF OLD.status = 'withdrawn' AND NEW.status <> 'withdrawn'
               OR OLD.status = 'submitted' AND NEW.status NOT IN ('submitted', 'withdrawn') THEN
              RAISE EXCEPTION 'ytcontest:entry_status' USING ERRCODE = 'check_violation';
            END IF;
            NEW.created_at := OLD.created_at;
            NEW.submitted_at := CASE
              WHEN NEW.status = 'submitted' AND OLD.status <> 'submitted' THEN {_UTC_NOW}
              ELSE OLD.submitted_at END;
            NEW.withdrawn_at := CASE
              WHEN NEW.status = 'withdrawn' AND OLD.status <> 'withdrawn' THEN {_UTC_NOW}
              ELSE OLD.withdrawn_at END;
          END IF;
          NEW.updated_at := {_UTC_NOW};
          RETURN NEW;
        END""")  # fmt: skip
    _function(conn, s, "ytcontest_report_needs_revision()", "trigger", f"""
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM {s}.report_revision r
                         WHERE r.report_id = NEW.id AND r.revision = 1)
             AND EXISTS (SELECT 1 FROM {s}.report p WHERE p.id = NEW.id) THEN
            RAISE EXCEPTION 'ytcontest:report_without_revision' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NULL;
        END""")  # fmt: skip
    # The login and, for anyone but the administrator, the server's time on every event.
    _function(conn, s, "ytcontest_audit_stamp()", "trigger", f"""
        BEGIN
          NEW.login := session_user;
          IF NOT {s}.ytcontest_trusted() THEN NEW.at := {_UTC_NOW}; END IF;
          RETURN NEW;
        END""")  # fmt: skip
    # Every change, unless the administrator's own ytcontest logged it already (it sets
    # ytcontest.app_audit in each transaction; only the tables' owner is believed).
    _function(conn, s, "ytcontest_audit_row()", "trigger", f"""
        DECLARE
          b jsonb; a jsonb; rec jsonb; act text; otype text := TG_TABLE_NAME; okey text;
          camp integer; code text; op text := pg_catalog.lower(TG_OP);
        BEGIN
          IF {s}.ytcontest_trusted()
             AND pg_catalog.current_setting('ytcontest.app_audit', true) = 'on' THEN
            RETURN NULL;
          END IF;
          IF TG_OP <> 'INSERT' THEN b := pg_catalog.to_jsonb(OLD); END IF;
          IF TG_OP <> 'DELETE' THEN a := pg_catalog.to_jsonb(NEW); END IF;
          -- An update that changes nothing (a clerk may touch a report's row to lock it) is no
          -- event: otherwise a clerk could fill the log with empty changes.
          IF TG_OP = 'UPDATE' AND a = b THEN RETURN NULL; END IF;
          rec := coalesce(a, b);
          act := TG_TABLE_NAME || '.' || op;
          IF TG_TABLE_NAME = 'report' THEN
            IF TG_OP = 'INSERT' THEN RETURN NULL; END IF;  -- logged with its first revision
            SELECT u.code INTO code FROM {s}.unit u WHERE u.id = (rec->>'unit_id')::bigint;
            okey := code || '/' || (rec->>'month');
            camp := (rec->>'campaign_id')::integer;
          ELSIF TG_TABLE_NAME = 'report_revision' THEN
            otype := 'report';
            SELECT u.code || '/' || p.month, p.campaign_id INTO okey, camp
              FROM {s}.report p JOIN {s}.unit u ON u.id = p.unit_id
              WHERE p.id = (rec->>'report_id')::bigint;
            IF TG_OP = 'INSERT' THEN
              act := CASE WHEN (rec->>'revision')::integer = 1 THEN 'report.add'
                          ELSE 'report.amend' END;
            END IF;
          ELSIF TG_TABLE_NAME = 'entry' THEN
            SELECT u.code INTO code FROM {s}.unit u WHERE u.id = (rec->>'unit_id')::bigint;
            okey := code || '/entry-' || (rec->>'id');
            camp := (rec->>'campaign_id')::integer;
            act := CASE
              WHEN TG_OP = 'INSERT' THEN 'entry.add'
              WHEN TG_OP = 'DELETE' THEN 'entry.delete'
              WHEN a->>'status' = 'submitted' AND b->>'status' <> 'submitted' THEN 'entry.submit'
              WHEN a->>'status' = 'withdrawn' AND b->>'status' <> 'withdrawn' THEN 'entry.withdraw'
              ELSE 'entry.edit' END;
          ELSIF TG_TABLE_NAME = 'clerk_grant' THEN
            otype := 'unit';
            SELECT u.code INTO okey FROM {s}.unit u WHERE u.id = (rec->>'unit_id')::bigint;
            act := CASE WHEN TG_OP = 'DELETE' THEN 'clerk.revoke' ELSE 'clerk.grant' END;
          ELSE
            okey := rec->>'code';
          END IF;
          INSERT INTO {s}.audit_event
            (at, actor, login, action, object_type, object_key, campaign_id, before, after)
          VALUES ({_UTC_NOW},
            pg_catalog.left(coalesce(nullif(pg_catalog.current_setting('ytcontest.user', true),
                                            ''), session_user), 100),
            session_user, act, otype, pg_catalog.left(coalesce(okey, '?'), 200), camp,
            b::json, a::json);
          RETURN NULL;
        END""", definer=True)  # fmt: skip


def _constraints(conn: sa.Connection, s: str) -> None:
    """Impossible rows kept out. NOT VALID: rows an older version let in do not block the
    upgrade (the commands name them and go on); every new or changed row is checked."""
    checks = {
        "report": {"report_month_format": "month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'"},
        "report_revision": {
            "report_revision_number": "revision >= 1",
            "report_revision_figures": (
                "activities >= 0 AND reached >= 0 AND candidates >= 0 AND mobilized >= 0"
            ),
        },
        "entry": {
            "entry_status_known": (
                "status IN ('identified', 'preparing', 'submitted', 'withdrawn')"
            )
        },
        "campaign": {
            "campaign_months_format": (
                "first_report_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' "
                "AND last_report_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'"
            )
        },
        "unit": {"unit_kind_known": "kind IN ('phong', 'don_vi')"},
    }
    for table, named in checks.items():
        for name, check in named.items():
            conn.exec_driver_sql(
                f"ALTER TABLE {s}.{table} ADD CONSTRAINT {name} CHECK ({check}) NOT VALID"
            )


def _triggers(conn: sa.Connection, s: str) -> None:
    def run(sql: str) -> None:
        conn.exec_driver_sql(sql)

    run(f"CREATE TRIGGER ytcontest_report_rules BEFORE INSERT OR UPDATE ON {s}.report "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.ytcontest_report_rules()")  # fmt: skip
    run(f"CREATE TRIGGER ytcontest_revision_rules BEFORE INSERT ON {s}.report_revision "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.ytcontest_revision_rules()")  # fmt: skip
    run(f"CREATE TRIGGER ytcontest_entry_rules BEFORE INSERT OR UPDATE ON {s}.entry "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.ytcontest_entry_rules()")  # fmt: skip
    run(f"CREATE CONSTRAINT TRIGGER ytcontest_report_needs_revision AFTER INSERT ON {s}.report "
        f"DEFERRABLE INITIALLY DEFERRED "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.ytcontest_report_needs_revision()")  # fmt: skip
    run(f"CREATE TRIGGER ytcontest_audit_stamp BEFORE INSERT ON {s}.audit_event "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.ytcontest_audit_stamp()")  # fmt: skip
    for table in AUDITED:
        # Deferred to the commit: by then the program has said who acts (ytcontest.user).
        run(f"CREATE CONSTRAINT TRIGGER ytcontest_audit AFTER INSERT OR UPDATE OR DELETE "
            f"ON {s}.{table} DEFERRABLE INITIALLY DEFERRED "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.ytcontest_audit_row()")  # fmt: skip


def _grants(conn: sa.Connection, s: str, group: str) -> None:
    def run(sql: str) -> None:
        conn.exec_driver_sql(sql)

    run(f"GRANT USAGE ON SCHEMA {s} TO {group}")
    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {group}")
    run(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {group}")
    for table in READ_TABLES:
        run(f"GRANT SELECT ON {s}.{table} TO {group}")
    run(f"GRANT INSERT ({', '.join(REPORT_INSERT)}) ON {s}.report TO {group}")
    # Only so that an amendment can lock its report (SELECT ... FOR UPDATE needs an UPDATE right
    # on one column); the trigger refuses any actual change.
    run(f"GRANT UPDATE (created_at) ON {s}.report TO {group}")
    run(f"GRANT INSERT ({', '.join(REVISION_INSERT)}) ON {s}.report_revision TO {group}")
    run(f"GRANT INSERT ({', '.join(ENTRY_INSERT)}) ON {s}.entry TO {group}")
    run(f"GRANT UPDATE ({', '.join(ENTRY_UPDATE)}) ON {s}.entry TO {group}")


def _policies(conn: sa.Connection, s: str, group: str) -> None:
    for table, own in OWNED.items():
        own = own.format(s=s)
        for sql in (
            f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY",
            # FORCE: the owner is held to the policies too (it has its own, below), so that no
            # function of the owner's can lend a clerk the owner's freedom by mistake.
            f"ALTER TABLE {s}.{table} FORCE ROW LEVEL SECURITY",
            f"CREATE POLICY ytcontest_owner ON {s}.{table} FOR ALL TO CURRENT_USER "
            "USING (true) WITH CHECK (true)",
            f"CREATE POLICY ytcontest_read ON {s}.{table} FOR SELECT USING (true)",
            f"CREATE POLICY ytcontest_clerk_insert ON {s}.{table} FOR INSERT TO {group} "
            f"WITH CHECK ({own})",
        ):
            conn.exec_driver_sql(sql)
    for table in ("entry", "report"):
        own = OWNED[table].format(s=s)
        conn.exec_driver_sql(
            f"CREATE POLICY ytcontest_clerk_update ON {s}.{table} FOR UPDATE TO {group} "
            f"USING ({own}) WITH CHECK ({own})"
        )


def install_mail_rules(conn: sa.Connection) -> None:
    """Migration 0007 on PostgreSQL: the mail and review tables under the same rules. Clerks read
    them; a clerk's import records the file it filed (its content hash), and nothing else."""
    schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    s = quote(schema)
    group = current_group(conn)
    _bigint_identities(conn, s, tuple(t for t in MAIL_TABLES if t != "mail_setting"))
    exists = conn.execute(
        sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group}
    ).first()
    if exists is None:
        return

    def run(sql: str) -> None:
        conn.exec_driver_sql(sql)

    for table in MAIL_TABLES:
        run(f"GRANT SELECT ON {s}.{table} TO {group}")
    for table, columns in CLERK_INSERT_EXTRA.items():
        run(f"GRANT INSERT ({', '.join(columns)}) ON {s}.{table} TO {group}")
    # A clerk's record of an imported file: the server's time and login, a real hash, and only
    # reports of the clerk's own unit, so that a planted record can skip no other unit's form.
    _function(conn, s, "ytcontest_imported_file_rules()", "trigger", f"""
        BEGIN
          IF NOT {s}.ytcontest_trusted() THEN
            NEW.imported_at := {_UTC_NOW};
            NEW.imported_by := pg_catalog.left(session_user, 100);
          END IF;
          RETURN NEW;
        END""")  # fmt: skip
    run(f"CREATE TRIGGER ytcontest_imported_file_rules BEFORE INSERT ON {s}.imported_file "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.ytcontest_imported_file_rules()")  # fmt: skip
    run(f"ALTER TABLE {s}.imported_file ADD CONSTRAINT imported_file_sha256 "
        "CHECK (sha256 ~ '^[0-9a-f]{64}$')")  # fmt: skip
    run(f"ALTER TABLE {s}.imported_file ADD CONSTRAINT imported_file_reports "
        "CHECK (pg_catalog.json_typeof(reports) = 'array')")  # fmt: skip
    own_code = f"(SELECT u.code FROM {s}.unit u WHERE u.id = {s}.ytcontest_clerk_unit())"
    for sql in (
        f"ALTER TABLE {s}.imported_file ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {s}.imported_file FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY ytcontest_owner ON {s}.imported_file FOR ALL TO CURRENT_USER "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY ytcontest_read ON {s}.imported_file FOR SELECT USING (true)",
        f"CREATE POLICY ytcontest_clerk_insert ON {s}.imported_file FOR INSERT TO {group} "
        "WITH CHECK (pg_catalog.json_typeof(reports) = 'array' AND NOT EXISTS ("
        "SELECT 1 FROM pg_catalog.json_array_elements_text(reports) e(v) "
        f"WHERE pg_catalog.split_part(e.v, '/', 1) IS DISTINCT FROM {own_code}))",
    ):
        run(sql)


def _database_rights(conn: sa.Connection, group: str) -> None:
    """No temporary tables for anyone but the group's betters, and CONNECT only for the group,
    when this login owns the database (otherwise ``db check`` names what is left to do)."""
    database = conn.execute(sa.text("SELECT current_database()")).scalar_one()
    owns = conn.execute(
        sa.text(
            "SELECT pg_has_role(current_user, datdba, 'MEMBER') FROM pg_database "
            "WHERE datname = current_database()"
        )
    ).scalar()
    if owns:
        conn.exec_driver_sql(f"REVOKE TEMPORARY, CONNECT ON DATABASE {quote(database)} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {quote(database)} TO {group}")


# --- db check --------------------------------------------------------------------------------


def check_server_rules(conn: sa.Connection) -> list[str]:
    """What is missing or loosened of the server's rules ([] when all holds)."""
    schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    database = conn.execute(sa.text("SELECT current_database()")).scalar_one()
    group = clerk_group(database)
    problems: list[str] = []
    if (
        conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :g"), {"g": group}).first()
        is None
    ):
        return [_("the clerk group {group} is missing", group=group)]
    for table in (*OWNED, "imported_file"):
        row = conn.execute(
            sa.text(
                "SELECT c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relname = :t"
            ),
            {"s": schema, "t": table},
        ).first()
        if row is None or not (row[0] and row[1]):
            problems.append(
                _("row-level security is not enabled and forced on {table}", table=table)
            )
        wanted = {"ytcontest_owner", "ytcontest_read", "ytcontest_clerk_insert"}
        if table in ("entry", "report"):
            wanted.add("ytcontest_clerk_update")
        found = set(
            conn.execute(
                sa.text(
                    "SELECT policyname FROM pg_policies WHERE schemaname = :s AND tablename = :t"
                ),
                {"s": schema, "t": table},
            ).scalars()
        )
        for name in sorted(wanted - found):
            problems.append(_("the policy {name} on {table} is missing", name=name, table=table))
        for name in sorted(found - wanted):
            problems.append(_("an unknown policy {name} on {table}", name=name, table=table))
    expected_path = f"search_path={quote(schema)}, pg_temp"
    for name, definer in FUNCTIONS.items():
        row = conn.execute(
            sa.text(
                "SELECT p.prosecdef, p.proconfig, has_function_privilege('public', p.oid, 'EXECUTE') "
                "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = :s AND p.proname = :f"
            ),
            {"s": schema, "f": name},
        ).first()
        if row is None:
            problems.append(_("the function {name} is missing", name=name))
            continue
        settings = [c.replace('"', "") for c in (row[1] or [])]
        if row[0] != definer or expected_path.replace('"', "") not in settings or row[2]:
            problems.append(_("the function {name} has unsafe settings", name=name))
    problems += _check_grants(conn, schema, database, group)
    problems += _check_column_grants(conn, schema, group)
    return problems


# What a clerk may write, column by column; anything more is a loosened rule, anything less
# stops the clerks' own work.
CLERK_WRITES: dict[tuple[str, str], tuple[str, ...]] = {
    ("report", "INSERT"): REPORT_INSERT,
    ("report", "UPDATE"): ("created_at",),
    ("report_revision", "INSERT"): REVISION_INSERT,
    ("entry", "INSERT"): ENTRY_INSERT,
    ("entry", "UPDATE"): ENTRY_UPDATE,
    **{(table, "INSERT"): columns for table, columns in CLERK_INSERT_EXTRA.items()},
}


def _check_column_grants(conn: sa.Connection, schema: str, group: str) -> list[str]:
    """Column rights beyond CLERK_WRITES held by the clerk group, any clerk role or PUBLIC, and
    the rights the group lacks of them."""
    clerks = list(conn.execute(sa.text("SELECT role_name FROM clerk_grant")).scalars())
    held: dict[tuple[str, str, str], set[str]] = {}
    for grantee, table, column, privilege in conn.execute(
        sa.text(
            "SELECT grantee, table_name, column_name, privilege_type "
            "FROM information_schema.column_privileges "
            "WHERE table_schema = :s AND privilege_type <> 'SELECT' AND grantee IN :who"
        ).bindparams(sa.bindparam("who", expanding=True)),
        {"s": schema, "who": [group, "PUBLIC", *clerks]},
    ):
        held.setdefault((grantee, table, privilege), set()).add(column)
    problems: list[str] = []
    for (grantee, table, privilege), columns in sorted(held.items()):
        allowed = set(CLERK_WRITES.get((table, privilege), ())) if grantee == group else set()
        extra = sorted(columns - allowed)
        if extra:
            problems.append(
                _(
                    "{who} holds {rights} on {table}",
                    who=grantee,
                    rights=f"{privilege} ({', '.join(extra)})",
                    table=table,
                )
            )
    for (table, privilege), columns in sorted(CLERK_WRITES.items()):
        lacking = sorted(set(columns) - held.get((group, table, privilege), set()))
        if lacking:
            problems.append(
                _(
                    "the clerks lack {rights} on {table}, which their work needs",
                    rights=f"{privilege} ({', '.join(lacking)})",
                    table=table,
                )
            )
    return problems


def _check_grants(conn: sa.Connection, schema: str, database: str, group: str) -> list[str]:
    problems: list[str] = []
    privileges: dict[str, set[str]] = {}
    for table, privilege in conn.execute(
        sa.text(
            "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = :g AND table_schema = :s"
        ),
        {"g": group, "s": schema},
    ):
        privileges.setdefault(table, set()).add(privilege)
    for table, held in sorted(privileges.items()):
        extra = held - {"SELECT"} - ({"INSERT"} if table in CLERK_INSERT_EXTRA else set())
        if extra:
            problems.append(
                _(
                    "the clerks hold {rights} on {table}",
                    rights=", ".join(sorted(extra)),
                    table=table,
                )
            )
    for table in READ_TABLES:
        if "SELECT" not in privileges.get(table, set()):
            problems.append(_("the clerks cannot read {table}", table=table))
    if conn.execute(
        sa.text("SELECT has_table_privilege(:g, 'audit_event', 'INSERT')"), {"g": group}
    ).scalar():
        problems.append(
            _("the clerks hold {rights} on {table}", rights="INSERT", table="audit_event")
        )
    burnable = conn.execute(
        sa.text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND c.relkind = 'S' AND (has_sequence_privilege(:g, c.oid, 'USAGE') "
            "OR has_sequence_privilege(:g, c.oid, 'UPDATE'))"
        ),
        {"s": schema, "g": group},
    ).scalars()
    for name in burnable:
        problems.append(_("the clerks may draw numbers from the sequence {name}", name=name))
    if conn.execute(
        sa.text("SELECT has_database_privilege(:g, current_database(), 'TEMPORARY')"), {"g": group}
    ).scalar():
        problems.append(
            _(
                "the clerks may create temporary tables; as the database's owner run: "
                "REVOKE TEMPORARY ON DATABASE {database} FROM PUBLIC",
                database=quote(database),
            )
        )
    return problems


# --- grant-clerk -----------------------------------------------------------------------------


def grant_clerk(conn: sa.Connection, unit_id: int, role: str, password: str) -> bool:
    """Create or update ``role`` as the clerk of the unit; True when the role was created.

    The password travels only as a SCRAM-SHA-256 verifier computed here (libpq's
    PQencryptPasswordConn): the server and its log never see it.
    """
    if conn.dialect.name != "postgresql":
        raise UserError(
            _("clerk accounts need a PostgreSQL database (--db postgresql+psycopg://...)")
        )
    role = role.strip().lower()
    group = current_group(conn)
    if (
        not _ROLE.match(role)
        or role in ("postgres", "public", OLD_CLERK_GROUP, group)
        or role.startswith(("pg_", "ytcontest_clerk"))
    ):
        raise UserError(
            _("a role name is lower-case letters, digits and _ (at most 63), e.g. clerk_bva")
        )
    if not password:
        raise UserError(_("the clerk's password cannot be empty"))
    found = conn.execute(
        sa.text(
            "SELECT oid, rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication "
            "OR rolbypassrls FROM pg_roles WHERE rolname = :r"
        ),
        {"r": role},
    ).first()
    if found is not None:
        _refuse_foreign(conn, role, found[0], bool(found[1]))
    verifier = _scram_verifier(conn, role, password)
    if found is None:
        conn.exec_driver_sql(
            f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT "
            f"PASSWORD '{verifier}'"
        )
    else:
        conn.exec_driver_sql(f"ALTER ROLE {role} PASSWORD '{verifier}'")
    conn.exec_driver_sql(f"GRANT {group} TO {role}")
    conn.execute(sa.text("DELETE FROM clerk_grant WHERE role_name = :r"), {"r": role})
    conn.execute(
        sa.text("INSERT INTO clerk_grant (role_name, unit_id) VALUES (:r, :u)"),
        {"r": role, "u": unit_id},
    )
    return found is None


def _refuse_foreign(conn: sa.Connection, role: str, oid: Any, powerful: bool) -> None:
    """A role that exists may be made a clerk again only if this database made it a clerk, and
    it never gained powers: never an administrator's role, taken over by mistake or on purpose."""
    if powerful:
        raise UserError(
            _(
                "the role {role} can create roles or databases or is a superuser; a clerk must "
                "not: choose another name",
                role=role,
            )
        )
    owns = conn.execute(
        sa.text(
            "SELECT 1 FROM pg_shdepend WHERE refobjid = :o AND deptype = 'o' "
            "UNION ALL SELECT 1 FROM pg_database WHERE datdba = :o LIMIT 1"
        ),
        {"o": oid},
    ).first()
    if owns is not None:
        raise UserError(
            _("the role {role} owns objects on the server; choose another name", role=role)
        )
    ours = conn.execute(
        sa.text("SELECT 1 FROM clerk_grant WHERE role_name = :r"), {"r": role}
    ).first()
    if ours is None:
        raise UserError(
            _(
                "the role {role} already exists and was not made by ytcontest for this database;"
                " choose another name",
                role=role,
            )
        )


def _scram_verifier(conn: sa.Connection, role: str, password: str) -> str:
    pgconn = conn.connection.dbapi_connection.pgconn  # type: ignore[union-attr]
    verifier = pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    text = verifier.decode("ascii")
    if "'" in text or not text.startswith("SCRAM-SHA-256$"):
        raise UserError(_("the clerk's password could not be prepared"))
    return text
