"""An upload killed in the running app: the app's process is killed (SIGKILL) just before the upload's
transaction commits, then just after; the file is fully out, then fully in once the start after the crash has
put its bytes in place (the app's start runs etl.operations.setup.recover), and `etl check` finds the database and the
archive consistent."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from cchc.config import archive_dir_for
from cchc.store import db
from deploy.cluster import free_port, wait_until_up
from etl.operations.check import check
from etl.operations.setup import recover
from etl.reports.templates import write_template
from tests.browser.conftest import Server, sign_in
from tests.browser.test_submission_flow import send
from tests.conftest import PROJECT_ROOT
from tests.etl.workbooks import fill_targets_template

pytestmark = pytest.mark.browser


def _serve(db_file, log_file, crash_at: str | None) -> tuple[subprocess.Popen, Server]:
    port = free_port()
    env = {**os.environ, "CCHC_DB": str(db_file)}
    if crash_at:
        env["CCHC_CRASH_AT"] = crash_at
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port), "--server.headless",
         "true", "--server.address", "127.0.0.1"], cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/_stcore/health", [process], timeout=60)
    return process, Server(url, db_file, log_file.name)


def _submissions(db_file) -> list[tuple]:
    conn = db.connect(db_file, read_only=True)
    try:
        return db.query_rows(conn, "SELECT filename, status FROM submissions WHERE NOT is_sample ORDER BY id")
    finally:
        conn.close()


def test_an_upload_killed_in_the_app_is_fully_out_then_fully_in(demo_db_template, browser, tmp_path):
    db_file = tmp_path / "cchc.duckdb"
    shutil.copy(demo_db_template, db_file)
    archive = archive_dir_for(db_file)
    conn = db.connect(db_file)
    try:
        template = write_template(conn, "targets", "X18253", "2024-Q4", tmp_path / "mau.xlsx").read_bytes()
    finally:
        conn.close()
    report = tmp_path / "chi-tieu-quy-4.xlsx"
    report.write_bytes(fill_targets_template(template)[0])
    log = (tmp_path / "streamlit.log").open("w")
    try:
        for crash_at in ("before_commit", "after_commit"):
            process, server = _serve(db_file, log, crash_at)
            # a browser of its own each time: cookies do not tell ports apart, and the last one is signed in
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            try:
                sign_in(page, server, "demo.yenho")         # the first page of a start finishes a crashed upload
                page.get_by_text("Nộp báo cáo của Xã Yên Hồ").first.wait_for(timeout=60_000)
                send(page, report)
                process.wait(timeout=90)                      # killed by the crash point
            finally:
                context.close()
                process.kill()
            staged = os.listdir(archive / ".staging")
            if crash_at == "before_commit":                   # nothing recorded; the staged copy is dropped later
                assert _submissions(db_file) == [] and len(staged) == 2
            else:           # the second start dropped the first copy; the file is recorded, its bytes wait
                assert _submissions(db_file) == [("chi-tieu-quy-4.xlsx", "accepted")] and len(staged) == 2
    finally:
        log.close()
    conn = db.connect(db_file)
    try:
        recovered = recover(conn, archive)                    # what the next start of the app does first
        found = check(conn, archive)
    finally:
        conn.close()
    assert recovered.completed == ["chi-tieu-quy-4.xlsx"] and os.listdir(archive / ".staging") == []
    assert not found.problems, "\n".join(found.lines())
