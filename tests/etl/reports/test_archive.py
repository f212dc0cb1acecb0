"""The archive's three steps leave nothing half-done whatever moment a process dies: a staged file whose entry
was not yet renamed into place is dropped, and a log line cut short does not swallow the next one. A full disk
(a real one: a small tmpfs filled up) refuses the file with a clear message and leaves nothing behind."""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cchc.config import ARCHIVE_ENV_VAR
from cchc.store import db
from etl.reports import archive
from etl.reports.ingest import ingest_bytes
from tests.conftest import PROJECT_ROOT
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


@pytest.fixture
def full_disk():
    """A folder on a tmpfs of its own filled up but for 4 KiB, so a file's first bytes fit and the rest does not.
    Mounting needs root and a container allowed to mount."""
    folder = Path(tempfile.mkdtemp(prefix="cchc-full-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True,
                             text=True) if os.getuid() == 0 else None
    if mounted is None or mounted.returncode:
        folder.rmdir()
        pytest.skip("a full disk needs a tmpfs mounted: " + ("not root" if mounted is None else mounted.stderr.strip()))
    try:
        filler = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:             # ENOSPC: full
            os.ftruncate(filler, os.fstat(filler).st_size - 4096)
        finally:
            os.close(filler)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def test_a_full_disk_refuses_the_file_and_leaves_nothing(db_path, full_disk):
    conn = db.connect(db_path)
    counts = "SELECT (SELECT count(*) FROM submissions), (SELECT count(*) FROM audit_log)"
    try:
        before = db.query_rows(conn, counts)
        with pytest.raises(archive.ArchiveFull) as refused:
            ingest_bytes(conn, targets_file([ROW]), "h436.xlsx", "tester", full_disk / "archive", today=TODAY)
        after = db.query_rows(conn, counts)
    finally:
        conn.close()
    assert "đĩa đầy" in str(refused.value) and "h436.xlsx" in str(refused.value)
    assert after == before
    assert list((full_disk / "archive" / archive.STAGING).iterdir()) == []


def test_the_command_line_says_the_disk_is_full(db_path, full_disk, tmp_path):
    report = tmp_path / "h436.xlsx"
    report.write_bytes(targets_file([ROW]))
    done = subprocess.run([sys.executable, "-m", "etl", "ingest", str(report), "--db", str(db_path)], cwd=PROJECT_ROOT,
                          env={**os.environ, ARCHIVE_ENV_VAR: str(full_disk / "archive")}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1 and "đĩa đầy" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert list((full_disk / "archive" / archive.STAGING).iterdir()) == []
