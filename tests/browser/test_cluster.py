"""The deployment recipe of the README, for real: a PostgreSQL server, two app processes behind nginx over
HTTPS (a self-signed certificate made here) started by `python -m deploy.cluster`, and a browser. A file sent
through one process is seen from the other; `ingest` and `deck` run while both serve; nothing is lost and
nothing is loaded twice. The front door: plain HTTP is sent to HTTPS, every answer has the security
headers, clients are not told which process answered (the access log says), the cookies are Secure, every
page works under the content policy, and a burst of new websockets or single sign-on requests gets 429."""
from __future__ import annotations

import hashlib
import http.client
import os
import re
import signal
import ssl
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cchc.formatting import format_date
from cchc.store import db
from deploy.access_log import balanced_routes
from deploy.cluster import SITE_CONFIG, free_port, free_ports, wait_until_up
from deploy.tls import self_signed
from tests.browser.conftest import settled, shows, sign_in
from tests.browser.test_pages import PAGES
from tests.browser.test_submission_flow import download, look_up_yen_ho, send
from tests.conftest import PROJECT_ROOT, postgres_copy
from tests.etl.reports.test_ingest import targets_file
from tests.etl.workbooks import fill_targets_template
from tests.waiting import until

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Cluster:
    url: str            # the web address, through nginx: https://127.0.0.1:…
    http_port: int      # nginx's plain HTTP port
    tls: ssl.SSLContext     # trusts the certificate made for the test (for 127.0.0.1)
    access_log: Path
    database: str
    archive: Path
    routes: dict        # app process address (127.0.0.1:port) -> a cchc_route cookie that nginx sends to it


@contextmanager
def running_cluster(database: str, folder: Path) -> Iterator[tuple[Cluster, int]]:
    """`deploy.cluster` with two app processes on ``database``, over HTTPS with a certificate made here; the
    cluster and its first app process's port. Stopped at the end."""
    port, https_port, first_app_port = free_port(), free_port(), free_ports(2)
    cert, key = self_signed(folder / "tls")
    log = (folder / "cluster.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "deploy.cluster", "--db", database, "--archive", str(folder / "archive"),
         "--processes", "2", "--port", str(port), "--https-port", str(https_port), "--tls-cert", str(cert),
         "--tls-key", str(key), "--first-app-port", str(first_app_port), "--run-dir", str(folder / "run")],
        cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
    url, tls = f"https://127.0.0.1:{https_port}", ssl.create_default_context(cafile=cert)
    try:
        wait_until_up(url + "/_stcore/health", [process], timeout=180, tls=tls)
        access_log = folder / "run" / "nginx-access.log"
        routes = balanced_routes(url, access_log, 2, tls)
        assert sorted(routes) == [f"127.0.0.1:{first_app_port}", f"127.0.0.1:{first_app_port + 1}"], routes
        yield Cluster(url, port, tls, access_log, database, folder / "archive", routes), first_app_port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        log.close()


@pytest.fixture(scope="module")
def cluster(postgres, postgres_demo_template, tmp_path_factory):
    with running_cluster(postgres_copy(postgres, postgres_demo_template), tmp_path_factory.mktemp("cluster")) as found:
        yield found[0]


def _page_on(browser, cluster: Cluster, app: int):
    """A browser tab that nginx keeps on app process ``app`` (0 or 1)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", accept_downloads=True,
                                  ignore_https_errors=True)
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


def _answer(cluster: Cluster, path: str, client: str = "127.0.0.1", https: bool = True) -> http.client.HTTPResponse:
    """nginx's answer to GET ``path`` (read whole) on a new connection from the address ``client`` (any
    127.x.y.z is this machine, and a client of its own to nginx's rate limits)."""
    connection = (http.client.HTTPSConnection("127.0.0.1", urlsplit(cluster.url).port, context=cluster.tls,
                                              source_address=(client, 0), timeout=30) if https else
                  http.client.HTTPConnection("127.0.0.1", cluster.http_port, source_address=(client, 0), timeout=30))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def test_plain_http_is_sent_to_https_with_its_path_and_query(cluster):
    answer = _answer(cluster, "/chi-tieu?period=2024-Q4", https=False)
    assert (answer.status, answer.headers["Location"]) == (301, cluster.url + "/chi-tieu?period=2024-Q4")


def test_every_answer_has_the_security_headers_and_names_no_app_process(cluster):
    for path in ("/", "/_stcore/health", "/no/such/page"):     # the page, the app's API, an unknown address
        headers = _answer(cluster, path).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy, policy
        assert (headers["X-Content-Type-Options"], headers["Referrer-Policy"], headers["X-Frame-Options"],
                headers["Strict-Transport-Security"]) == ("nosniff", "same-origin", "SAMEORIGIN", "max-age=31536000")
        cookies = {cookie.split("=", 1)[0]: set(cookie.split("; ")[1:]) for cookie in headers.get_all("Set-Cookie")}
        assert {"Secure", "HttpOnly", "SameSite=Strict"} <= cookies["cchc_route"], cookies
        assert all("Secure" in flags for flags in cookies.values()), cookies       # Streamlit's too
        assert "X-CCHC-Upstream" not in headers
        assert not [value for value in headers.values() for process in cluster.routes if process in value]
    # the operator reads which process answered in the access log
    answered = re.compile(r'"GET /no/such/page HTTP/1.1" .* upstream=(\S+) ')
    until(lambda: answered.findall(cluster.access_log.read_text(encoding="utf-8")), 30,    # once it has answered
          "the access log has a line for the request")
    assert answered.findall(cluster.access_log.read_text(encoding="utf-8"))[-1] in cluster.routes


# Reports each violation of the content policy in the page into window.cspViolations, from its first script on.
WATCH_POLICY = """window.cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(
    `${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));"""
# The pages tests/browser/test_pages.py does not open, with a text each shows (as the administrator)
MORE_PAGES = [("trinh-chieu", "trinh-chieu", ["Thoát trình chiếu"]), ("sao-luu", "sao-luu", ["Sao lưu dữ liệu"]),
              ("ke-hoach", "ke-hoach", ["Kế hoạch CCHC theo năm"])]


def test_every_page_works_under_the_content_policy_with_secure_cookies(cluster, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", ignore_https_errors=True)
    context.add_init_script(WATCH_POLICY)
    console: list[str] = []
    context.on("console", lambda message: console.append(message.text))
    try:
        page = context.new_page()
        sign_in(page, cluster, "demo.quantri")
        page.wait_for_function("document.cookie.includes('cchc_session=')", timeout=30_000)
        assert page.evaluate("window.cspViolations") == []
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert (cookies["cchc_session"]["secure"], cookies["cchc_session"]["sameSite"]) == (True, "Strict")
        assert [cookies["cchc_route"][flag] for flag in ("secure", "httpOnly", "sameSite")] == [True, True, "Strict"]
        assert [name for name, cookie in cookies.items() if not cookie["secure"]] == []     # Streamlit's too
        page.close()
        for name, address, texts, *_ in PAGES + MORE_PAGES:
            page = context.new_page()
            page.goto(f"{cluster.url}/{address}")
            settled(page)
            shows(page, texts[0])
            assert page.locator("[data-testid='stException']").count() == 0, name
            assert page.evaluate("window.cspViolations") == [], name
            page.close()
        assert not [text for text in console if "Content Security Policy" in text]
    finally:
        context.close()


def _burst(site_zone: str) -> int:
    """The burst that deploy/nginx-cchc.conf lets one client make at once in ``site_zone``."""
    return int(re.search(rf"limit_req zone={site_zone} burst=(\d+)", SITE_CONFIG.read_text(encoding="utf-8"))[1])


def test_a_burst_of_new_websockets_or_single_sign_ons_gets_429(cluster):
    # (last in the module: its clients are addresses of their own, still nothing should come after a burst)
    for path, zone, client in (("/_stcore/stream", "cchc_stream", "127.0.0.2"), ("/auth/login", "cchc_sso", "127.0.0.3")):
        statuses = []
        while 429 not in statuses and len(statuses) < 500:
            answer = _answer(cluster, path, client)
            statuses.append(answer.status)
        # the burst passes whole, whatever the pace; the rate after it is far slower than these requests
        assert 429 not in statuses[:_burst(zone) + 1] and statuses[-1] == 429, (path, statuses)
        assert "frame-ancestors 'self'" in answer.headers["Content-Security-Policy"]
        assert _answer(cluster, path).status != 429             # another client is not held back
