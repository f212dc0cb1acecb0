"""Faults on the deployment of the README, for real: `python -m deploy.cluster` with two app processes behind nginx
on a PostgreSQL server of the test's own, and browsers on it.

- One app process killed (SIGKILL) while a reporter sends a file through it: its tab reconnects by itself and
  shows the page again, still signed in, on a live process; a tab on the other process keeps working; the file
  is fully in or fully out; the cluster starts the killed process again and logs it.
- PostgreSQL stopped while pages are served: a page run says so in Vietnamese (no traceback); once the server
  is back, the next run shows the data, with the same app processes.

The seconds until each recovery are printed (run with ``-s`` to see them); they are not asserted.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from cchc.store import db
from deploy.postgres import LocalPostgres
from etl.operations.check import check
from etl.operations.copy import copy_database
from etl.reports.archive import recover, staged_leftovers
from etl.reports.templates import write_template
from tests.browser.conftest import settled, shows, sign_in
from tests.browser.test_cluster import Cluster, _page_on, running_cluster
from tests.browser.test_submission_flow import send
from tests.etl.workbooks import fill_targets_template
from tests.waiting import until

pytestmark = pytest.mark.browser

PAGE = "/chi-tieu"          # a dashboard page of the leadership: its data comes from the database
SIGNED_IN = "Đăng xuất"
UNAVAILABLE = "Tạm thời không kết nối được cơ sở dữ liệu"
# Notes, on the page's own clock, when the tab lost its connection, when it was connected again, and when a run
# drew the page after that: the moments are caught as they happen, whatever the test does meanwhile.
WATCH_CONNECTION = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__link = {lost: null, back: null, drawn: null};
    new MutationObserver(() => {
        const link = window.__link, now = performance.now();
        const connected = app.getAttribute('data-test-connection-state') === 'CONNECTED';
        if (!connected && link.lost === null) link.lost = now;
        if (connected && link.lost !== null && link.back === null) link.back = now;
        if (link.back !== null && link.drawn === null && app.getAttribute('data-test-script-state') === 'notRunning'
            && !document.querySelector('[data-stale="true"], [data-testid^="stSkeleton"]')) link.drawn = now;
    }).observe(app, {attributes: true, subtree: true, childList: true});
}"""


@dataclass(frozen=True)
class Deployment:
    cluster: Cluster
    server: LocalPostgres       # the cluster's database server, which the test stops and starts
    run: Path                   # the cluster's run folder: the apps' logs and supervisor.log
    first_app_port: int


@pytest.fixture(scope="module")
def deployment(demo_db_template, tmp_path_factory):
    # directly under /tmp: run by root, the server runs as an account that cannot enter pytest's folders
    server = LocalPostgres(Path(tempfile.mkdtemp(prefix="cchc-faults-pg-")), fast=True).start()
    folder = tmp_path_factory.mktemp("faults")
    try:
        database = server.create_database("cchc")
        copy_database(str(demo_db_template), database)
        with running_cluster(database, folder) as (cluster, first_app_port):
            yield Deployment(cluster, server, folder / "run", first_app_port)
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


def _app_pid(deployment: Deployment, app: int) -> int:
    """The process id of app process ``app`` (0 or 1) now, from the cluster's log of starts."""
    name = re.escape(f"app-{app + 1} (cổng {deployment.first_app_port + app})")
    started = re.findall(name + r": đã khởi động, pid (\d+)", (deployment.run / "supervisor.log").read_text("utf-8"))
    return int(started[-1])


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)
        return True
    except OSError:
        return False


def _shows_page(page) -> None:
    """The dashboard page drawn by a finished run, signed in."""
    settled(page, timeout=90_000)
    page.get_by_role("button", name=SIGNED_IN).wait_for(timeout=30_000)
    assert "Traceback" not in page.inner_text("body")


def test_a_killed_app_process_loses_nobody(deployment, browser, tmp_path):
    cluster = deployment.cluster
    conn = db.connect(cluster.database)
    try:
        template = write_template(conn, "targets", "X18253", "2024-Q4", tmp_path / "mau.xlsx").read_bytes()
        before = db.query_rows(conn, "SELECT count(*) FROM submissions")[0][0]
    finally:
        conn.close()
    report = tmp_path / "chi-tieu-quy-4.xlsx"
    report.write_bytes(fill_targets_template(template)[0])
    doomed_context, doomed = _page_on(browser, cluster, 0)        # on the process that will be killed
    reporter_context, reporter = _page_on(browser, cluster, 0)
    other_context, other = _page_on(browser, cluster, 1)
    try:
        for page, who in ((doomed, "demo.lanhdao"), (other, "demo.quantri")):
            sign_in(page, cluster, who)
            page.goto(cluster.url + PAGE)
            _shows_page(page)
        heading = doomed.locator("h1").first.inner_text()
        sign_in(reporter, cluster, "demo.yenho")
        reporter.get_by_text("Nộp báo cáo của Xã Yên Hồ").first.wait_for(timeout=60_000)

        victim = _app_pid(deployment, 0)
        doomed.evaluate(WATCH_CONNECTION)
        send(reporter, report)
        # the upload is in flight (or just done, if it was quicker than the page's polling): the process dies
        reporter.wait_for_function("() => /Đang đọc và kiểm tra tệp|: đã nhận/.test(document.body.innerText)",
                                   timeout=60_000)
        os.kill(victim, signal.SIGKILL)
        killed = time.monotonic()
        killed_on_page = doomed.evaluate("performance.now()")      # the browser's clock, without the server

        # the other process serves on: a few page runs while the killed one is down, none fails
        runs = failed = 0
        for path in ("/chi-tieu", "/tong-quan", "/tinh-hinh-nop"):
            other.goto(cluster.url + path)
            _shows_page(other)
            runs += 1
            failed += "Đã có lỗi" in other.inner_text("body")

        # the killed process's tab notices, reconnects by itself, and draws its page again, still signed in
        doomed.wait_for_function("() => window.__link.drawn !== null", timeout=120_000)
        _shows_page(doomed)
        shows(doomed, heading)
        link = doomed.evaluate("window.__link")
        back = (link["drawn"] - killed_on_page) / 1000
        until(lambda: _answers(f"http://127.0.0.1:{deployment.first_app_port}/_stcore/health"), 120,
               "the killed process started again")
        restarted = time.monotonic() - killed       # at most: the other's page runs came first
    finally:
        doomed_context.close()
        reporter_context.close()
        other_context.close()
    print(f"\nfault 1: killed tab working again after {back:.1f} s; killed process answering again "
          f"at most {restarted:.1f} s after the kill; other process: {runs} page runs, {failed} failed")
    assert failed == 0
    log = (deployment.run / "supervisor.log").read_text(encoding="utf-8")
    assert f"app-1 (cổng {deployment.first_app_port}): đã dừng, mã thoát -9" in log
    assert _app_pid(deployment, 0) != victim

    # the file sent as the process died: fully in (its bytes archived once recovery has run) or fully out
    conn = db.connect(cluster.database)
    try:
        recover(conn, cluster.archive)          # what the next start of a writing process does first
        sent = db.query_rows(conn, "SELECT filename, status FROM submissions WHERE id > ? AND filename = ?",
                             [before, report.name])
        found = check(conn, cluster.archive)
    finally:
        conn.close()
    print(f"fault 1: the upload in flight is {'in' if sent else 'out'}")
    assert sent in ([], [(report.name, "accepted")])
    assert not found.problems, "\n".join(found.lines())
    assert staged_leftovers(cluster.archive) == []


def test_a_database_restart_is_said_then_recovered_without_restarting_the_app(deployment, browser):
    cluster = deployment.cluster
    pids = [_app_pid(deployment, 0), _app_pid(deployment, 1)]
    context, page = _page_on(browser, cluster, 1)
    try:
        sign_in(page, cluster, "demo.lanhdao")
        page.goto(cluster.url + PAGE)
        _shows_page(page)

        deployment.server.stop()
        stopped = time.monotonic()
        page.goto(cluster.url + PAGE)             # a page run while the server is down
        shows(page, UNAVAILABLE, timeout=90_000)
        said = time.monotonic() - stopped
        assert "Traceback" not in page.inner_text("body")

        deployment.server.start()
        started = time.monotonic()
        page.goto(cluster.url + PAGE)             # the next run: the data again, still signed in
        _shows_page(page)
        assert UNAVAILABLE not in page.inner_text("body")
        recovered = time.monotonic() - started
    finally:
        context.close()
    print(f"\nfault 2: message shown {said:.1f} s after the server stopped; page working again {recovered:.1f} s "
          "after it started")
    assert [_app_pid(deployment, 0), _app_pid(deployment, 1)] == pids       # no app process was restarted
    conn = db.connect(cluster.database)
    try:
        found = check(conn, cluster.archive)
    finally:
        conn.close()
    assert not found.problems, "\n".join(found.lines())
