"""The archive's three steps leave nothing half-done whatever moment a process dies: a staged file whose entry
was not yet renamed into place is dropped, and a log line cut short does not swallow the next one."""
import json

from cchc.store import db
from etl.reports import archive
from etl.reports.ingest import ingest_bytes
from tests.etl.reports.test_ingest import TODAY, targets_file

ROW = {"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500}
DEAD = 2 ** 22 + 7          # above the default pid_max: no process has it


def test_a_staged_file_cut_short_is_dropped(db_path, tmp_path):
    folder = tmp_path / "archive" / archive.STAGING
    folder.mkdir(parents=True)
    token = f"{'ab' * 32}.{DEAD}.0000"
    (folder / (token + ".bin")).write_bytes(b"bytes")
    (folder / (token + ".tmp")).write_text('{"sha256": "ab')        # killed while writing the entry
    conn = db.connect(db_path)
    try:
        found = archive.recover(conn, tmp_path / "archive")
    finally:
        conn.close()
    assert found.dropped == [token] and not list(folder.iterdir())


def test_a_log_line_cut_short_is_ended_before_the_next(db_path, tmp_path):
    conn = db.connect(db_path)
    try:
        data = targets_file([ROW])
        result = ingest_bytes(conn, data, "h436.xlsx", "tester", tmp_path / "archive", today=TODAY)
        log = archive.log_path(tmp_path / "archive", result.sha256)
        log.write_text('{"id": 99, "sta', encoding="utf-8")          # as if killed in the middle of a line
        staged = archive.stage(tmp_path / "archive", result.sha256, data, "h436.xlsx", {"by": "tester"})
        archive.settle(staged, result.submission_id, result.status)
    finally:
        conn.close()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"id": 99, "sta' and json.loads(lines[1])["id"] == result.submission_id
    assert [e["id"] for e in archive.log_entries(tmp_path / "archive")] == [result.submission_id]
