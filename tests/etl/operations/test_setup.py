"""`init` is safe to run twice: nothing changes the second time; a changed catalog is reloaded."""
import shutil

from cchc.config import DATA_DIR
from cchc.store import db
from etl.operations.setup import initialise

TABLES = ("units", "unit_groups", "indices", "index_components", "index_scores", "plans", "plan_areas",
          "targets", "tasks", "audit_log", "catalog_versions", "schema_migrations")


def _snapshot(conn):
    return {table: sorted(db.query_rows(conn, "SELECT * FROM " + table), key=repr) for table in TABLES}


def test_second_init_changes_nothing(conn):
    before = _snapshot(conn)
    report = initialise(conn, actor="test-again")
    assert report.migrations == [] and report.problems == []
    assert _snapshot(conn) == before


def test_first_init_is_audited_and_counts_are_reported(tmp_path):
    conn = db.connect(tmp_path / "new.duckdb")
    report = initialise(conn, actor="tester")
    assert report.migrations == [v for v, _, _ in db.migration_files()]
    assert report.counts["units"] > 1 + 13 + 216  # province, districts, communes and the departments
    assert report.counts["targets:2024"] == 52 and report.counts["tasks:2024"] == 93
    actions = db.query_rows(conn, "SELECT DISTINCT actor, action FROM audit_log")
    assert actions == [("tester", "load_catalog")]


def test_a_changed_catalog_is_reloaded(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    conn = db.connect(tmp_path / "x.duckdb")
    initialise(conn, "test", data)
    targets = data / "plan" / "2024" / "targets.csv"
    targets.write_text(targets.read_text(encoding="utf-8").replace(",at_least,28,,", ",at_least,30,,"), encoding="utf-8")
    initialise(conn, "test", data)
    assert db.query_rows(conn, "SELECT target_value FROM targets WHERE code = 'TCBM-4.2a'") == [(30.0,)]
    assert db.query_rows(conn, "SELECT count(*) FROM targets")[0][0] == 52
