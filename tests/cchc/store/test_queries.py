"""The data version the pages' caches are keyed by: it moves with every file received and catalog loaded."""

from cchc.store import queries
from etl.operations.setup import initialise
from etl.reports.ingest import ingest_bytes
from tests.etl.reports.test_ingest import TODAY, targets_file

ROW = {"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500}


def test_the_version_moves_with_each_file_and_catalog_load(conn, tmp_path):
    first = queries.data_version(conn)
    assert queries.data_version(conn) == first                       # reading changes nothing
    report = targets_file([ROW])       # made once: a workbook made again a second later has other bytes
    ingest_bytes(conn, report, "dung.xlsx", "x", tmp_path / "archive", today=TODAY)
    accepted = queries.data_version(conn)
    ingest_bytes(conn, b"not a workbook", "rac.xlsx", "x", tmp_path / "archive", today=TODAY)
    rejected = queries.data_version(conn)                            # the board shows rejected files too
    ingest_bytes(conn, report, "lai.xlsx", "x", tmp_path / "archive", today=TODAY)
    assert queries.data_version(conn) == rejected                    # the same bytes again: nothing new
    assert len({first, accepted, rejected}) == 3 and first.catalogs == rejected.catalogs
    initialise(conn, "test")
    assert queries.data_version(conn) == rejected                    # unchanged catalogs are not reloaded
    conn.execute("DELETE FROM catalog_versions WHERE name = 'units'")
    initialise(conn, "test")
    assert queries.data_version(conn).catalogs != rejected.catalogs


def test_plan_years_and_latest_quarter(demo_conn):
    assert queries.plan_years(demo_conn) == (2026, 2024)        # 2026: the sample plan of `init --demo`
    assert queries.sample_plan_years(demo_conn) == {2026}
    assert queries.is_sample_plan(demo_conn, 2026) and not queries.is_sample_plan(demo_conn, 2024)
    assert queries.latest_quarter(demo_conn, 2024) == 4 and queries.latest_quarter(demo_conn, 2023) is None
    assert queries.latest_quarter(demo_conn, 2026) == 2


def test_each_kind_of_file_has_its_part_of_the_version(conn, tmp_path):
    """A view made from one kind of file keeps its key while files of the other kinds arrive (web.cached)."""
    first = queries.data_version(conn)
    assert queries.unit_files(conn, "H436") == (0, 0)
    ingest_bytes(conn, targets_file([ROW]), "dung.xlsx", "x", tmp_path / "archive", today=TODAY)
    after = queries.data_version(conn)
    assert after.of("targets") != first.of("targets")
    assert after.of("tasks") == first.of("tasks") and after.of("indices") == first.of("indices")
    assert after.of("targets").catalogs == after.catalogs
    assert after.of("targets").of("targets") == after.of("targets")      # narrowed twice: the same key
    assert queries.unit_files(conn, "H436")[0] == 1 and queries.unit_files(conn, "X18253") == (0, 0)
    ingest_bytes(conn, b"not a workbook", "rac.xlsx", "x", tmp_path / "archive", today=TODAY)
    rejected = queries.data_version(conn)
    assert rejected != after and rejected.of("targets") == after.of("targets")      # no kind: the board alone
