"""`python -m etl copy`: the sample database to PostgreSQL and back, compared export by export."""
from __future__ import annotations

import itertools

from cchc import auth
from cchc.store import db
from etl.operations.copy import compare_exports
from etl.reports.ingest import ingest_bytes
from tests.conftest import run_cli
from tests.etl.reports.test_ingest import targets_file

_names = itertools.count(1)


def test_sample_database_to_postgresql_and_back_gives_identical_exports(demo_db_template, postgres, tmp_path):
    url = postgres.create_database(f"copy_{next(_names)}")
    there = run_cli("copy", "--from", demo_db_template, "--to", url, timeout=300)
    assert there.returncode == 0, there.stderr
    assert "mọi bảng xuất của hai bên giống hệt nhau" in there.stdout
    back = tmp_path / "back.duckdb"
    again = run_cli("copy", "--from", url, "--to", back, timeout=300)
    assert again.returncode == 0, again.stderr
    assert compare_exports(str(demo_db_template), str(back)) == []

    conn = db.connect(url)
    try:
        # every table came over: accounts (which sign in), sessions, the audit log
        for table in ("users", "sessions", "audit_log", "submission_problems", "sample_data"):
            source = db.connect(demo_db_template, read_only=True)
            try:
                expected = db.query_rows(source, "SELECT count(*) FROM " + table)[0][0]
            finally:
                source.close()
            assert db.query_rows(conn, "SELECT count(*) FROM " + table)[0][0] == expected, table
        assert auth.sign_in(conn, "demo.lanhdao", "LanhDao@2024").role == auth.VIEWER
        # the ids go on after the copied ones
        last = db.query_rows(conn, "SELECT max(id) FROM submissions")[0][0]
        result = ingest_bytes(conn, targets_file([{"target_code": "TTHC-3.2b", "value": 70}], period="2024-Q3"),
                              "new.xlsx", "tester", tmp_path / "archive")
        assert result.submission_id > last
    finally:
        conn.close()


def test_copy_refuses_a_destination_with_data(db_path, postgres, postgres_catalog_template):
    url = postgres.create_database(f"copy_{next(_names)}", template=postgres_catalog_template)
    refused = run_cli("copy", "--from", db_path, "--to", url)
    assert refused.returncode == 1
    assert "đã có dữ liệu" in refused.stderr and "Traceback" not in refused.stderr


def test_an_accounts_address_and_the_units_addresses_cross_both_ways(db_path, postgres, tmp_path):
    """Migration 013's column (users.email) and the units' addresses go to PostgreSQL and back as they were."""
    from etl.operations.contacts import import_contacts

    conn = db.connect(db_path)
    try:
        auth.add_user(conn, "bc.snv", "mat-khau-thu", auth.REPORTER, "cli:test", "SNV", email="BC.snv@hatinh.gov.vn")
        auth.add_user(conn, "lanhdao", "mat-khau-thu", auth.VIEWER, "cli:test")      # no address: NULL
        import_contacts(conn, b"unit_code,email\nSNV,snv@hatinh.gov.vn\n", "quantri", "lien-he.csv")
    finally:
        conn.close()
    url = postgres.create_database(f"copy_{next(_names)}")
    assert run_cli("copy", "--from", db_path, "--to", url, timeout=300).returncode == 0
    back = tmp_path / "back.duckdb"
    assert run_cli("copy", "--from", url, "--to", back, timeout=300).returncode == 0
    for target in (url, back):
        conn = db.connect(target)
        try:
            assert db.query_rows(conn, "SELECT username, email FROM users ORDER BY username") == [
                ("bc.snv", "BC.snv@hatinh.gov.vn"), ("lanhdao", None)]
            assert db.query_rows(conn, "SELECT unit_code, email FROM unit_contacts") == [("SNV", "snv@hatinh.gov.vn")]
        finally:
            conn.close()
