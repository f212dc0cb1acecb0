"""The deployment recipe of the README, for real: a PostgreSQL server, two app processes behind nginx
started by `python -m deploy.cluster`, and a browser. A file sent through one process is seen from the
other; `ingest` and `deck` run while both serve; nothing is lost and nothing is loaded twice."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from cchc.formatting import format_date
from cchc.store import db
from deploy.cluster import free_port, wait_until_up
from tests.browser.conftest import settled, shows, sign_in
from tests.browser.test_submission_flow import download, look_up_yen_ho, send
from tests.conftest import PROJECT_ROOT, postgres_copy
from tests.etl.reports.test_ingest import targets_file
from tests.etl.workbooks import fill_targets_template

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Cluster:
    url: str            # the web address, through nginx
    database: str
    archive: Path
    routes: dict        # app process port -> a cchc_route cookie that nginx sends to it


def _upstream(url: str, route: str) -> str:
    request = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"cchc_route={route}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["X-CCHC-Upstream"]


@pytest.fixture(scope="module")
def cluster(postgres, postgres_demo_template, tmp_path_factory):
    database = postgres_copy(postgres, postgres_demo_template)
    folder = tmp_path_factory.mktemp("cluster")
    port, first_app_port = free_port(), free_port()
    log = (folder / "cluster.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "deploy.cluster", "--db", database, "--archive", str(folder / "archive"),
         "--processes", "2", "--port", str(port), "--first-app-port", str(first_app_port),
         "--run-dir", str(folder / "run")],
        cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/_stcore/health", [process], timeout=180)
        routes: dict[str, str] = {}
        for n in range(200):              # cookies that nginx sends to each of the two processes
            routes.setdefault(_upstream(url, f"r{n}"), f"r{n}")
            if len(routes) == 2:
                break
        assert sorted(routes) == [f"127.0.0.1:{first_app_port}", f"127.0.0.1:{first_app_port + 1}"], routes
        yield Cluster(url, database, folder / "archive", routes)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        log.close()


def _page_on(browser, cluster: Cluster, app: int):
    """A browser tab that nginx keeps on app process ``app`` (0 or 1)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", accept_downloads=True)
    route = cluster.routes[sorted(cluster.routes)[app]]
    context.add_cookies([{"name": "cchc_route", "value": route, "url": cluster.url}])
    return context, context.new_page()


def _cli(cluster: Cluster, *args: object) -> subprocess.CompletedProcess:
    """`python -m etl` with the deployment's database and shared archive, as a scheduled job runs it."""
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args), "--db", cluster.database], cwd=PROJECT_ROOT,
                          env={**os.environ, "CCHC_ARCHIVE": str(cluster.archive)}, capture_output=True, text=True,
                          timeout=120)


def test_a_file_sent_through_one_process_is_seen_from_the_other(cluster, browser, tmp_path):
    conn = db.connect(cluster.database)
    before = db.query_rows(conn, "SELECT count(*) FROM submissions")[0][0]
    reporter_context, reporter = _page_on(browser, cluster, 0)
    office_context, office = _page_on(browser, cluster, 1)
    try:
        # the other process has drawn the board before the file comes (its cache holds the old state)
        sign_in(office, cluster, "demo.quantri")
        look_up_yen_ho(office, cluster.url)
        shows(office, "Quý IV/2024 · báo cáo chỉ tiêu: Chưa nộp")

        sign_in(reporter, cluster, "demo.yenho")
        reporter.get_by_text("Nộp báo cáo của Xã Yên Hồ").first.wait_for(timeout=60_000)
        _, template = download(reporter, "Tải mẫu báo cáo (Excel)")
        filled, _ = fill_targets_template(template)
        sent = tmp_path / "chi-tieu-quy-4.xlsx"
        sent.write_bytes(filled)
        send(reporter, sent)
        shows(reporter, "chi-tieu-quy-4.xlsx: đã nhận", timeout=60_000)

        # while both processes serve: a command-line ingest and a meeting deck
        other = tmp_path / "h436-q3.xlsx"
        other.write_bytes(targets_file([{"target_code": "TTHC-3.2b", "value": 70}], period="2024-Q3"))
        ingested = _cli(cluster, "ingest", other)
        assert ingested.returncode == 0 and "ĐÃ NHẬN" in ingested.stdout, ingested.stdout + ingested.stderr
        deck = _cli(cluster, "deck", "--period", "2024-Q4", "-o", tmp_path / "hop.pptx")
        assert deck.returncode == 0 and (tmp_path / "hop.pptx").stat().st_size > 10_000, deck.stderr
        for command in (("init",), ("export", "submissions", "-o", tmp_path / "nop.csv"), ("user", "list")):
            done = _cli(cluster, *command)
            assert done.returncode == 0, (command, done.stderr)
        assert "h436-q3.xlsx" in (tmp_path / "nop.csv").read_text(encoding="utf-8")

        # the other process sees the file at its next run
        look_up_yen_ho(office, cluster.url)
        shows(office, f"Quý IV/2024 · báo cáo chỉ tiêu: Trễ hạn — nộp ngày {format_date(date.today())}")
        settled(office)
    finally:
        reporter_context.close()
        office_context.close()

    try:
        # nothing lost, nothing twice: the two new files, each once, each archived with its bytes
        new = db.query_rows(conn, "SELECT filename, sha256, archive_path, status FROM submissions WHERE id > "
                                  "(SELECT max(id) FROM submissions) - ? ORDER BY id",
                            [db.query_rows(conn, "SELECT count(*) FROM submissions")[0][0] - before])
        assert [(r[0], r[3]) for r in new] == [("chi-tieu-quy-4.xlsx", "accepted"), ("h436-q3.xlsx", "accepted")]
        assert db.query_rows(conn, "SELECT count(*) - count(DISTINCT sha256) FROM submissions") == [(0,)]
        assert db.query_rows(conn, "SELECT count(*) FROM (SELECT unit_code, kind, period FROM current_submissions "
                                   "GROUP BY unit_code, kind, period HAVING count(*) > 1) twice") == [(0,)]
        for _, digest, archived, _ in new:
            assert Path(archived).parent.parent == cluster.archive.resolve()
            assert hashlib.sha256(Path(archived).read_bytes()).hexdigest() == digest
    finally:
        conn.close()
