"""The database module: migrations, transactions, parameter-only inserts, and the busy-file message."""
import pandas as pd
import pytest

from cchc.store import db


def _schema(conn):
    return db.query_rows(conn, "SELECT table_name, column_name, data_type FROM information_schema.columns "
                               "WHERE table_schema = current_schema() ORDER BY 1, 2, 3")


def test_migrations_apply_in_order_once(tmp_path):
    conn = db.connect(tmp_path / "x.duckdb")
    applied = db.migrate(conn)
    assert applied == [v for v, _, _ in db.migration_files()]
    schema = _schema(conn)
    assert db.migrate(conn) == []
    assert _schema(conn) == schema
    recorded = db.query_rows(conn, "SELECT version, name FROM schema_migrations ORDER BY version")
    assert recorded[0] == (1, "001_initial.sql")
    tables = {r[0] for r in schema}
    for table in ("units", "indices", "index_components", "index_scores", "targets", "tasks", "submissions",
                  "submission_problems", "target_values", "task_progress", "audit_log", "users"):
        assert table in tables


def test_a_changed_migration_file_is_refused(tmp_path):
    conn = db.connect(tmp_path / "x.duckdb")
    db.migrate(conn)
    conn.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
    with pytest.raises(db.MigrationError):
        db.migrate(conn)


def test_transaction_is_all_or_nothing(conn):
    before = db.query_rows(conn, "SELECT count(*) FROM audit_log")[0][0]
    with pytest.raises(RuntimeError):
        with db.transaction(conn) as cur:
            cur.execute("INSERT INTO audit_log (actor, action) VALUES (?, ?)", ["t", "x"])
            raise RuntimeError("stop half way")
    assert db.query_rows(conn, "SELECT count(*) FROM audit_log")[0][0] == before


def test_insert_frame_checks_identifiers(conn):
    frame = pd.DataFrame({"actor": ["a"], "action": ["b"]})
    with db.transaction(conn) as cur:
        assert db.insert_frame(cur, "audit_log", frame) == 1
    with pytest.raises(ValueError):
        with db.transaction(conn) as cur:
            db.insert_frame(cur, "audit_log; DROP TABLE units", frame)


def test_second_process_gets_a_clear_busy_error(held_db_path):
    with pytest.raises(db.DatabaseBusyError) as caught:
        db.connect(held_db_path)
    assert "đang được một tiến trình khác sử dụng" in str(caught.value)
    assert "in use by another process" in str(caught.value)


def test_duckdb_sql_is_translated_for_postgresql_outside_literals():
    sql = "SELECT CAST(x AS DOUBLE), 'a?b %' , \"odd?\" FROM t WHERE y = ? AND z LIKE '%' || ? -- why?"
    assert db._postgres_sql(sql, True) == (
        "SELECT CAST(x AS DOUBLE PRECISION), 'a?b %' , \"odd?\" FROM t WHERE y = %s AND z LIKE '%' || %s -- why?")
    assert db._postgres_sql("SELECT 5 % 2, 1::DOUBLE PRECISION", False) == "SELECT 5 % 2, 1::DOUBLE PRECISION"
    assert db._postgres_sql("SELECT 5 % ?", True) == "SELECT 5 %% %s"


def test_both_backends_return_the_same_frame_types(conn):
    frame = db.query_df(conn, """
        SELECT units.code, valid_from, CAST(NULL AS INTEGER) AS gap, CAST(1 AS INTEGER) AS one, TRUE AS yes,
               CAST(1.5 AS DOUBLE) AS half, covers_kinds
        FROM units JOIN unit_groups ON TRUE WHERE units.code = 'H436' AND unit_groups.code = 'ALL_DISTRICTS'""")
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        "code": "str", "valid_from": "datetime64[us]", "gap": "Int32", "one": "int32", "yes": "bool",
        "half": "float64", "covers_kinds": "object"}
    assert list(frame.loc[0, "covers_kinds"]) == ["district"]
