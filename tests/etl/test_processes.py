"""Several OS processes on one PostgreSQL database, at the same moment: what a deployment of several app
processes and commands does. Each case starts two real Python processes that wait at a starting line, so
their work overlaps; each case is run a few times."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cchc import auth
from cchc.store import db, queries
from tests.conftest import PROJECT_ROOT, postgres_copy
from tests.etl.reports.test_ingest import targets_file

PASSWORD = "Mat-khau-2024"


@pytest.fixture
def url(postgres, postgres_catalog_template) -> str:
    return postgres_copy(postgres, postgres_catalog_template)


# Inside an ingest's transaction each row insert is held back a little: without the lock across processes,
# both processes would then be sure to find no earlier file, and both would write. With it, the outcome is
# the same however long the pause (no assertion depends on timing).
SLOW_WRITES = """
import time
_insert_rows = db.insert_rows
def _slow_insert_rows(*args, **kwargs):
    written = _insert_rows(*args, **kwargs)
    time.sleep(0.2)
    return written
db.insert_rows = _slow_insert_rows
"""


def together(url: str, *bodies: str, timeout: float = 60) -> list:
    """Run each body in its own process with ``conn`` open on ``url``; they start together. Each body sets
    ``result`` (JSON-ready); returns the results in order."""
    processes = []
    for body in bodies:
        script = textwrap.dedent("""
            import json, sys
            from datetime import datetime, timedelta
            from pathlib import Path
            from cchc import auth
            from cchc.store import db
            from etl.reports.ingest import ingest_bytes
            conn = db.connect(sys.argv[1])
            print("ready", flush=True)
            sys.stdin.readline()
            result = None
        """) + SLOW_WRITES + textwrap.dedent(body) + "\nprint(json.dumps(result), flush=True)\n"
        processes.append(subprocess.Popen([sys.executable, "-c", script, url], cwd=PROJECT_ROOT, text=True,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    try:
        for process in processes:          # everyone connected and imported: now start at once
            assert process.stdout.readline().strip() == "ready", process.stderr.read()
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        results = []
        for process in processes:
            out, err = process.communicate(timeout=timeout)
            assert process.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for process in processes:
            process.kill()


def test_the_same_bytes_sent_by_two_processes_load_once(url, tmp_path):
    conn = db.connect(url)
    try:
        for attempt in range(3):
            data = targets_file([{"target_code": "TTHC-3.2b", "value": 70 + attempt}])
            path = tmp_path / f"same-{attempt}.xlsx"
            path.write_bytes(data)
            body = f"""
                r = ingest_bytes(conn, Path({str(path)!r}).read_bytes(), "same.xlsx", "p", Path({str(tmp_path / 'archive')!r}))
                result = [r.status, r.submission_id, r.duplicate_of]
            """
            first, second = together(url, body, body)
            assert first[0] == second[0] == "accepted"
            assert first[1] == second[1]                                  # one submission, both point at it
            assert {first[2], second[2]} == {None, first[1]}                # the other one is told: a duplicate
            rows = db.query_rows(conn, "SELECT count(*) FROM submissions WHERE sha256 = (SELECT sha256 FROM submissions "
                                       "WHERE id = ?)", [first[1]])
            assert rows == [(1,)]
        values = db.query_rows(conn, "SELECT count(*) FROM current_target_values WHERE unit_code = 'H436'")
        assert values == [(1,)]
        # archived by both processes at once: one whole file each time, no temporary file left behind
        archived = list((tmp_path / "archive").rglob("*.xlsx"))
        assert len(archived) == 3 and not list((tmp_path / "archive").rglob(".part-*"))
        assert all(hashlib.sha256(p.read_bytes()).hexdigest() == p.stem for p in archived)
    finally:
        conn.close()


def test_two_files_for_one_report_leave_one_current_the_later(url, tmp_path):
    conn = db.connect(url)
    try:
        for attempt in range(3):
            paths = []
            for n in (1, 2):
                path = tmp_path / f"{attempt}-{n}.xlsx"
                path.write_bytes(targets_file([{"target_code": "TTHC-3.2b", "value": 10 * attempt + n}]))
                paths.append(path)
            bodies = [f"""
                r = ingest_bytes(conn, Path({str(p)!r}).read_bytes(), {p.name!r}, "p", Path({str(tmp_path / 'archive')!r}))
                result = [r.status, r.submission_id]
            """ for p in paths]
            results = together(url, *bodies)
            assert all(r[0] == "accepted" for r in results)
            later = max(r[1] for r in results)
            current = db.query_rows(conn, "SELECT id FROM current_submissions WHERE unit_code = 'H436' AND kind = 'targets' "
                                          "AND period = '2024-Q2'")
            assert current == [(later,)]
        history = db.query_rows(conn, "SELECT count(*), count(superseded_by) FROM submissions WHERE unit_code = 'H436'")
        assert history == [(6, 5)]
        assert len(db.query_rows(conn, "SELECT * FROM current_target_values WHERE unit_code = 'H436'")) == 1
    finally:
        conn.close()


def test_a_session_made_in_one_process_is_resumed_in_another(url):
    conn = db.connect(url)
    try:
        user = auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
        token = auth.open_session(conn, user)
        resumed, = together(url, f"""
            user = auth.resume_session(conn, {token!r})
            result = [user.username, user.role] if user else None
        """)
        assert resumed == ["lanhdao", auth.VIEWER]
        auth.end_session(conn, token, user)
        gone, = together(url, f"result = auth.resume_session(conn, {token!r})")
        assert gone is None
    finally:
        conn.close()


def test_failed_sign_ins_add_up_across_processes(url):
    conn = db.connect(url)
    try:
        auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
        body = """
            failures = 0
            for _ in range(2):
                try:
                    auth.sign_in(conn, "lanhdao", "wrong password", now=datetime(2024, 1, 1, 8, 0))
                except auth.AuthError:
                    failures += 1
            result = failures
        """
        assert together(url, body, body) == [2, 2]
        # four failures in all: past the free attempts, so the account is slowed down (each process saw only two)
        failed, locked_until = db.query_rows(conn, "SELECT failed_attempts, locked_until FROM users WHERE username = 'lanhdao'")[0]
        assert failed == 2 * 2 > auth.FREE_ATTEMPTS and locked_until > datetime(2024, 1, 1, 8, 0)
        with pytest.raises(auth.AuthError, match="tạm khóa"):
            auth.sign_in(conn, "lanhdao", PASSWORD, now=datetime(2024, 1, 1, 8, 0, 1))
    finally:
        conn.close()


def test_another_process_write_changes_the_data_version(url, tmp_path):
    """What every app process's caches are keyed on: it moves when any process loads a file."""
    conn = db.connect(url)
    try:
        before = queries.data_version(conn)
        path = tmp_path / "one.xlsx"
        path.write_bytes(targets_file([{"target_code": "TTHC-3.2b", "value": 70}]))
        together(url, f"""
            r = ingest_bytes(conn, Path({str(path)!r}).read_bytes(), "one.xlsx", "p", Path({str(tmp_path)!r}))
            result = r.status
        """)
        assert queries.data_version(conn) != before
    finally:
        conn.close()
