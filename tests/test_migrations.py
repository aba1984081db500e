"""migrations.py: from a blank database and from the previous schema with data in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from ytcontest.store import migrations
from ytcontest.store.db import Target, open_database

INDEXES_0002 = {
    "report": {"ix_report_campaign_month"},
    "entry": {"ix_entry_campaign_unit"},
    "audit_event": {"ix_audit_event_at", "ix_audit_event_object"},
    "report_revision": {"ix_report_revision_report"},
}


def target(path: Path) -> Target:
    return Target(url=f"sqlite:///{path}", path=path, is_default=False)


def build(path: Path, steps) -> None:
    """A database made by ``steps`` only, in one transaction, as a release of that time made it."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for name, step in steps:
            migrations.apply(conn, name, step)
    engine.dispose()


def fill_0001(path: Path) -> None:
    """Data as the first release wrote it: a campaign, a unit, a report and its revision."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO campaign (id, code, name, launch, submission_opens, submission_closes,"
            " first_report_month, last_report_month, report_due_day, min_entries, period,"
            " province, agency, place, created_at) VALUES (1, '2026', 'Cuộc thi 2026',"
            " '2026-04-03', '2026-09-30 17:00:00.000000', '2026-10-31 17:00:00.000000',"
            " '2026-06', '2026-11', 25, 1, 'calendar', 'UBND TỈNH THÁI NGUYÊN', 'SỞ Y TẾ',"
            " 'Thái Nguyên', '2026-04-03 01:00:00.000000')"
        )
        conn.exec_driver_sql(
            "INSERT INTO unit (id, code, name, kind, unit_group, email, phone, reports_required,"
            " active_from, active_to, created_at) VALUES (7, 'BVA', 'Bệnh viện A Thái Nguyên',"
            " 'don_vi', 'Bệnh viện tuyến tỉnh', 'khtc@bva.example.vn', NULL, 1, NULL, NULL,"
            " '2026-04-03 01:00:00.000000')"
        )
        conn.exec_driver_sql(
            "INSERT INTO report (id, campaign_id, unit_id, month, first_received_at, created_at)"
            " VALUES (3, 1, 7, '2026-06', '2026-06-20 02:00:00.000000',"
            " '2026-06-20 02:00:00.000000')"
        )
        conn.exec_driver_sql(
            "INSERT INTO report_revision (id, report_id, revision, received_at, activities,"
            " reached, candidates, mobilized, doc_number, summary, difficulties, recorded_at,"
            " recorded_by) VALUES (1, 3, 1, '2026-06-20 02:00:00.000000', 2, 150, 3, 1,"
            " '12/BC-BVA', 'Tuyên truyền tại giao ban', NULL, '2026-06-20 02:00:00.000000',"
            " 'clerk')"
        )
    engine.dispose()


@pytest.fixture
def first_release_db(tmp_path: Path) -> Path:
    path = tmp_path / "v1.db"
    build(path, migrations.MIGRATIONS[:1])
    fill_0001(path)
    return path


def applied(path: Path) -> list[str]:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        names = migrations.applied(conn)
    engine.dispose()
    return names


def schema(path: Path) -> list[tuple]:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def index_names(path: Path, table: str) -> set[str]:
    engine = sa.create_engine(f"sqlite:///{path}")
    names = {index["name"] for index in sa.inspect(engine).get_indexes(table)}
    engine.dispose()
    return names


# --- the list itself ------------------------------------------------------------------------------


def test_migration_names_are_unique():
    names = [name for name, _step in migrations.MIGRATIONS]
    assert len(names) == len(set(names))


def test_migration_names_sort_in_the_order_they_run():
    # `applied` reads the recorded names back sorted by name: the list must be in that order.
    names = [name for name, _step in migrations.MIGRATIONS]
    assert names == sorted(names)


def test_the_shipped_migrations_keep_their_names_and_order():
    names = [name for name, _step in migrations.MIGRATIONS]
    assert names[:2] == ["0001_initial", "0002_lookup_indexes"]


def test_latest_is_the_last_migration():
    assert migrations.MIGRATIONS[-1][0] == migrations.LATEST


def test_a_blank_database_has_every_migration_pending():
    assert [name for name, _ in migrations.pending([])] == [n for n, _ in migrations.MIGRATIONS]


def test_unknown_lists_the_migrations_this_version_does_not_know():
    assert migrations.unknown(["0001_initial", "9999_future"]) == ["9999_future"]
    assert migrations.unknown([n for n, _ in migrations.MIGRATIONS]) == []


# --- from a blank database ------------------------------------------------------------------------


def test_a_blank_database_is_migrated_to_the_latest_schema(tmp_path):
    path = tmp_path / "new.db"
    db = open_database(target(path), initialise=True)
    try:
        assert db.schema_version() == migrations.LATEST
    finally:
        db.dispose()
    assert applied(path) == [name for name, _ in migrations.MIGRATIONS]


def test_a_blank_database_gets_the_lookup_indexes(tmp_path):
    path = tmp_path / "new.db"
    open_database(target(path), initialise=True).dispose()
    for table, names in INDEXES_0002.items():
        assert names <= index_names(path, table), table


def test_each_migration_is_recorded_with_the_time_it_ran(tmp_path):
    path = tmp_path / "new.db"
    open_database(target(path), initialise=True).dispose()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT name, applied_at FROM {migrations.MIGRATIONS_TABLE} ORDER BY name"
        ).all()
    engine.dispose()
    # YTCONTEST_NOW is 2026-07-10 10:00 +07:00: stored as naive UTC.
    assert [(name, at[:19]) for name, at in rows] == [
        (name, "2026-07-10 03:00:00") for name, _ in migrations.MIGRATIONS
    ]


# --- from the previous schema with data -----------------------------------------------------------


def test_a_first_release_database_is_upgraded_on_open(first_release_db):
    assert applied(first_release_db) == ["0001_initial"]
    db = open_database(target(first_release_db))
    try:
        assert db.schema_version() == migrations.LATEST
    finally:
        db.dispose()
    assert applied(first_release_db) == [name for name, _ in migrations.MIGRATIONS]


def test_an_upgrade_gets_the_indexes_of_0002(first_release_db):
    for table in INDEXES_0002:
        assert not index_names(first_release_db, table) & INDEXES_0002[table]
    open_database(target(first_release_db)).dispose()
    for table, names in INDEXES_0002.items():
        assert names <= index_names(first_release_db, table), table


def test_an_upgrade_keeps_the_data(first_release_db):
    open_database(target(first_release_db)).dispose()
    engine = sa.create_engine(f"sqlite:///{first_release_db}")
    with engine.connect() as conn:
        unit = conn.exec_driver_sql("SELECT id, code, name, email FROM unit").all()
        report = conn.exec_driver_sql(
            "SELECT id, campaign_id, unit_id, month, first_received_at FROM report"
        ).all()
        revision = conn.exec_driver_sql(
            "SELECT report_id, revision, reached, doc_number FROM report_revision"
        ).all()
    engine.dispose()
    assert [tuple(r) for r in unit] == [
        (7, "BVA", "Bệnh viện A Thái Nguyên", "khtc@bva.example.vn")
    ]
    assert [tuple(r) for r in report] == [(3, 1, 7, "2026-06", "2026-06-20 02:00:00.000000")]
    assert [tuple(r) for r in revision] == [(3, 1, 150, "12/BC-BVA")]


def test_an_upgraded_database_is_read_by_the_commands(run, first_release_db):
    result = run("--db", str(first_release_db), "units", "show", "BVA", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["code"] == "BVA"
    assert record["email"] == "khtc@bva.example.vn"
    assert [r["month"] for r in record["reports"]] == ["2026-06"]
    assert record["reports"][0]["received_at"] == "2026-06-20T09:00:00+07:00"


def test_an_upgrade_that_fails_leaves_the_database_at_its_previous_version(
    first_release_db, monkeypatch
):
    def broken(conn: sa.Connection) -> None:
        conn.exec_driver_sql("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("migration failed half-way")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9000_broken", broken)])
    before = schema(first_release_db)
    with pytest.raises(RuntimeError):
        open_database(target(first_release_db))
    assert applied(first_release_db) == ["0001_initial"]
    assert schema(first_release_db) == before


# --- running them again ---------------------------------------------------------------------------


def test_opening_an_up_to_date_database_again_changes_nothing(tmp_path):
    path = tmp_path / "new.db"
    open_database(target(path), initialise=True).dispose()
    before_schema, before_names = schema(path), applied(path)
    content = path.read_bytes()
    open_database(target(path)).dispose()
    open_database(target(path), initialise=True).dispose()
    assert schema(path) == before_schema
    assert applied(path) == before_names
    assert path.read_bytes() == content


def test_no_migration_is_pending_once_all_are_applied():
    assert migrations.pending([name for name, _ in migrations.MIGRATIONS]) == []


# --- the migrations and models.py describe the same schema ----------------------------------------


@pytest.fixture(scope="module")
def migrated_inspector(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.db"
    build(path, migrations.MIGRATIONS)
    engine = sa.create_engine(f"sqlite:///{path}")
    yield sa.inspect(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def model_tables():
    from sqlmodel import SQLModel

    import ytcontest.store.models  # noqa: F401  (registers the tables)

    return SQLModel.metadata.tables


def test_the_migrations_make_the_tables_of_the_models(migrated_inspector, model_tables):
    made = set(migrated_inspector.get_table_names()) - {migrations.MIGRATIONS_TABLE}
    assert made == set(model_tables)


def test_the_migrations_make_the_columns_of_the_models(migrated_inspector, model_tables):
    for name, table in model_tables.items():
        made = [c["name"] for c in migrated_inspector.get_columns(name)]
        assert sorted(made) == sorted(c.name for c in table.columns), name


def test_the_migrations_and_the_models_agree_on_nullability(migrated_inspector, model_tables):
    for name, table in model_tables.items():
        made = {c["name"]: c["nullable"] for c in migrated_inspector.get_columns(name)}
        modelled = {c.name: c.nullable for c in table.columns}
        assert made == modelled, name


def test_the_migrations_and_the_models_agree_on_column_types(migrated_inspector, model_tables):
    dialect = sa.create_engine("sqlite://").dialect
    for name, table in model_tables.items():
        made = {c["name"]: str(c["type"]) for c in migrated_inspector.get_columns(name)}
        modelled = {c.name: str(c.type.compile(dialect)) for c in table.columns}
        assert made == modelled, name


def test_the_migrations_and_the_models_agree_on_unique_constraints(
    migrated_inspector, model_tables
):
    for name, table in model_tables.items():
        made = {tuple(u["column_names"]) for u in migrated_inspector.get_unique_constraints(name)}
        modelled = {
            tuple(c.name for c in constraint.columns)
            for constraint in table.constraints
            if isinstance(constraint, sa.UniqueConstraint)
        } | {(c.name,) for c in table.columns if c.unique}
        assert made == modelled, name


def test_the_migrations_and_the_models_agree_on_foreign_keys(migrated_inspector, model_tables):
    for name, table in model_tables.items():
        made = {
            (tuple(fk["constrained_columns"]), fk["referred_table"])
            for fk in migrated_inspector.get_foreign_keys(name)
        }
        modelled = {((fk.parent.name,), fk.column.table.name) for fk in table.foreign_keys}
        assert made == modelled, name
