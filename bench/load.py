"""Benchmark of a meeting-day crowd on one app process: N signed-in sessions at once, each opening the
overview and then every dashboard page, round after round with no pause.

- The app is started as `make run` starts it, on the sample data (a copy of ``--db``, or built with
  `init --demo`).
- One real sign-in in Chromium gives the session cookie; every simulated session sends it, as a browser
  tab of the same person would.
- Sessions speak Streamlit's own websocket protocol with its protobuf messages: ``BackMsg.rerun_script``
  asks for a page, the run ends at ``ForwardMsg.script_finished``. Like a browser, a session tells the
  server which large elements it already holds (``cached_message_hashes``).
- The first session must see the signed-in overview (89,72%, the PAR INDEX 2023), or the figures mean nothing.
- Printed per N: per page runs, median, p95 and max of a page run; the new session's overview; page runs
  per second; errors (exceptions or error messages on a page); peak RSS of the server.
- The same load against a bare Streamlit page (title, one Plotly chart, a 60-row table) gives the yardstick:
  with this app's settings (.streamlit/config.toml), and with Streamlit's defaults (a full garbage collection
  after every run, a file watcher per session).

- ``--setups`` compares deployments on the same load: ``duckdb`` (one process on the DuckDB file, as
  `make run`), ``postgresql`` (one process on PostgreSQL: the sample copied there by `etl copy`), and
  ``cluster`` (two processes on PostgreSQL behind nginx over HTTPS, started by `deploy/cluster.py` with its
  self-signed certificate; each tab gets its own route cookie, so the tabs spread over the processes; RSS is the
  sum of the app processes).

Run: `make bench` or `.venv/bin/python bench/load.py [--db DEMO.duckdb] [--sessions 1,10,25,50] [--rounds 2]
[--setups duckdb,postgresql,cluster]`. Prints figures; asserts nothing but the signed-in check.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.Alert_pb2 import Alert  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from deploy.access_log import balanced_routes  # noqa: E402
from deploy.cluster import free_port, free_ports, wait_until_up  # noqa: E402

# The dashboard pages in menu order (url paths of dashboard.py); "" is the overview at the root.
STREAMLIT_DEFAULTS = ("--runner.postScriptGC", "true", "--server.fileWatcherType", "auto")
# (address, name) of the dashboard pages in menu order. The overview is the default page at the root: it has
# no address of its own (asking for "tong-quan" gives "page not found").
PAGES = (("", "tong-quan"), ("chi-tieu", "chi-tieu"), ("nhiem-vu", "nhiem-vu"), ("chi-so", "chi-so"),
         ("so-sanh", "so-sanh"), ("don-vi", "don-vi"), ("tinh-hinh-nop", "tinh-hinh-nop"))
BARE_PAGES = (("", "trang đối chứng"),) * len(PAGES)
SIGNED_IN_MARK = b"89,72"
COOKIE = "cchc_session"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
RUN_TIMEOUT = 600
# The cluster's HTTPS, with its self-signed certificate: the bench measures, it does not check certificates.
UNCHECKED_TLS = ssl.create_default_context()
UNCHECKED_TLS.check_hostname, UNCHECKED_TLS.verify_mode = False, ssl.CERT_NONE


# --- the app under load ------------------------------------------------------------------------------------

def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Server:
    """`streamlit run SCRIPT` on a free port, with the database ``database`` (CCHC_DB: a file or a URL)."""

    def __init__(self, script: str, database: Path | str | None, log: Path, options: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self._start([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
                     "--server.headless", "true", "--server.address", "127.0.0.1", *options], log,
                    {**os.environ, **({"CCHC_DB": str(database)} if database else {})})

    def _start(self, command: list[str], log: Path, env: dict | None = None, scheme: str = "http") -> None:
        """Start ``command`` and wait until it answers on ``self.port``."""
        self.log = log.open("w")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        try:
            wait_until_up(self.url + "/_stcore/health", [self.process], timeout=180, tls=UNCHECKED_TLS)
        except RuntimeError:
            self.stop()
            raise

    def rss_mb(self) -> float:
        """Resident memory of the server process now, in MB."""
        return _rss_mb(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Cluster(Server):
    """Two app processes on PostgreSQL behind nginx, as `python -m deploy.cluster` starts them."""

    def __init__(self, database: str, folder: Path, processes: int = 2) -> None:
        self.port, self.run_dir = free_port(), folder / "cluster-run"
        self._start([sys.executable, "-m", "deploy.cluster", "--db", database, "--archive", str(folder / "archive"),
                     "--processes", str(processes), "--port", str(free_port()), "--https-port", str(self.port),
                     "--first-app-port", str(free_ports(processes)), "--run-dir", str(self.run_dir)], folder / "cluster.log",
                    scheme="https")

    def balanced_routes(self, processes: int = 2) -> list[str]:
        """Route cookies that nginx sends to each app process in turn (found by asking it). Browsers get random
        routes, even over many people; a few simulated tabs with arbitrary ones could all land on one process."""
        found = balanced_routes(self.url, self.run_dir / "nginx-access.log", processes, UNCHECKED_TLS)
        return [found[key] for key in sorted(found)]

    def rss_mb(self) -> float:
        """Resident memory of the app processes (the cluster script's Python children), in MB."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return sum(_rss_mb(int(pid)) for pid in children
                   if "streamlit" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"))


class PeakMemory:
    """Samples the server's RSS every 100 ms while a phase runs."""

    def __init__(self, server: Server) -> None:
        self.server, self.peak, self._stop = server, server.rss_mb(), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self.server.rss_mb())

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


def sign_in_cookie(url: str, username: str = "demo.lanhdao", password: str = "LanhDao@2024") -> tuple[str, float]:
    """The session cookie of a real sign-in in Chromium (Debian's, driven by Playwright), and the seconds from
    the click to the overview's figures (the first page after the start: nothing computed yet)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(ignore_https_errors=True)
        page.goto(url + "/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        start = time.perf_counter()
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("89,72%").first.wait_for(timeout=120_000)
        page.get_by_text("Số đơn vị chưa gửi đủ báo cáo").first.wait_for(timeout=120_000)
        cold = time.perf_counter() - start
        cookie = session_cookie(page)
        browser.close()
    return cookie, cold


def session_cookie(page, timeout: float = 30) -> str:
    """The session cookie the signed-in page has set, once it has (the page's script sets it; reading cookies
    from Python, not by script, which the cluster's Content-Security-Policy forbids to evaluate)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c["value"] for c in page.context.cookies() if c["name"] == COOKIE]
        if found:
            return found[0]
        page.wait_for_timeout(100)
    raise RuntimeError("the sign-in did not leave a session cookie")


# --- one simulated browser tab ---------------------------------------------------------------------------

@dataclass
class Run:
    """One page run as the client saw it."""

    page: str
    seconds: float
    errors: int
    body: bytes = b""
    error_text: str = ""
    frames: list[bytes] = field(default_factory=list)   # the run's messages, kept with ``keep_body``
    finished: float = 0.0                               # perf_counter at the end of the run
    rerun_at: float | None = None   # perf_counter when the script first ended for a rerun (st.rerun), if it did


ROUTES = itertools.cycle(["-"])     # route cookies for the tabs (see Cluster.balanced_routes)


class Tab:
    """A browser tab over Streamlit's websocket: asks for pages and waits for each run to finish."""

    def __init__(self, url: str, cookie: str | None, caching: bool = True) -> None:
        self.url, self.cookie, self.caching = url, cookie, caching
        self.cached: set[str] = set()      # hashes of large elements this tab holds, as the browser keeps them
        self.socket = None
        self.route = "-"

    async def open(self) -> None:
        # behind nginx the tabs take the app processes in turn
        self.route = next(ROUTES)
        cookies = [f"cchc_route={self.route}", *([f"{COOKIE}={self.cookie}"] if self.cookie else [])]
        headers = {"Cookie": "; ".join(cookies)}
        self.socket = await connect(self.url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                    additional_headers=headers, origin=self.url, max_size=None, open_timeout=120,
                                    ssl=UNCHECKED_TLS if self.url.startswith("https") else None)

    async def run(self, address: str, name: str, keep_body: bool = False, query: str = "",
                  widgets: list | None = None) -> Run:
        """Ask for the page at ``address`` (a url path; "" is the default page), with ``query`` (the url's query
        string) and the ``widgets``' states (``WidgetState`` messages); wait until its script has finished."""
        state = ClientState(query_string=query, page_name=address, cached_message_hashes=sorted(self.cached),
                            context_info=ContextInfo(timezone="Asia/Ho_Chi_Minh", locale="vi-VN",
                                                     url=f"{self.url}/{address}" + (f"?{query}" if query else "")))
        if widgets:
            state.widget_states.widgets.extend(widgets)
        start = time.perf_counter()
        await self.socket.send(BackMsg(rerun_script=state).SerializeToString())
        errors, body, texts = 0, [], []
        async with asyncio.timeout(RUN_TIMEOUT):    # one timer per run: the client's own CPU is on this machine too
            return await self._read_run(name, start, keep_body, errors, body, texts)

    async def _read_run(self, name: str, start: float, keep_body: bool, errors: int, body: list, texts: list) -> Run:
        rerun_at = None
        while True:
            frame = await self.socket.recv()
            if keep_body:
                body.append(frame)
            message = ForwardMsg()
            message.ParseFromString(frame)
            kind = message.WhichOneof("type")
            if message.metadata.cacheable and message.hash and self.caching:
                self.cached.add(message.hash)
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception" or (which == "alert" and element.alert.format == Alert.ERROR):
                    errors += 1
                    texts.append(element.exception.message if which == "exception" else element.alert.body)
            elif kind == "page_not_found":
                errors += 1
                texts.append("page not found")
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    rerun_at = rerun_at or time.perf_counter()
                    continue        # st.rerun or st.switch_page: the next run follows
                errors += message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR
                end = time.perf_counter()
                return Run(name, end - start, errors, b"".join(body), "; ".join(texts), body, end, rerun_at)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


# --- a phase: N tabs at once -------------------------------------------------------------------------------

@dataclass
class Phase:
    sessions: int
    runs: list[Run] = field(default_factory=list)
    first_pages: list[float] = field(default_factory=list)    # connect + the overview, per new tab
    seconds: float = 0.0
    peak_mb: float = 0.0
    signed_in: bool = True

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.runs)

    @property
    def rate(self) -> float:
        return len(self.runs) / self.seconds if self.seconds else 0.0


async def _tab_work(url: str, cookie: str | None, pages: tuple[tuple[str, str], ...], rounds: int, phase: Phase,
                    first: bool) -> None:
    tab = Tab(url, cookie)
    start = time.perf_counter()
    try:
        await tab.open()
        opening = await tab.run(pages[0][0], pages[0][1], keep_body=first)
        phase.first_pages.append(time.perf_counter() - start)
        phase.runs.append(opening)
        if first and cookie:
            phase.signed_in = SIGNED_IN_MARK in opening.body
        for number in range(rounds):
            for address, name in pages if number else pages[1:]:
                phase.runs.append(await tab.run(address, name))
    finally:
        await tab.close()


async def _phase(url: str, cookie: str | None, pages: tuple[tuple[str, str], ...], sessions: int, rounds: int) -> Phase:
    phase = Phase(sessions)
    start = time.perf_counter()
    await asyncio.gather(*(_tab_work(url, cookie, pages, rounds, phase, n == 0) for n in range(sessions)))
    phase.seconds = time.perf_counter() - start
    return phase


def run_phase(server: Server, cookie: str | None, pages: tuple[tuple[str, str], ...], sessions: int, rounds: int) -> Phase:
    with PeakMemory(server) as memory:
        phase = asyncio.run(_phase(server.url, cookie, pages, sessions, rounds))
    phase.peak_mb = memory.peak
    return phase


# --- printing ----------------------------------------------------------------------------------------------

def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def report(label: str, phase: Phase) -> None:
    every = [r.seconds for r in phase.runs]
    print(f"\n{label} · {phase.sessions} sessions · {len(phase.runs)} page runs in {phase.seconds:.1f} s")
    print(f"  {'page':14s} {'runs':>5s} {'median':>8s} {'p95':>8s} {'max':>8s} {'errors':>7s}")
    by_page: dict[str, list[Run]] = defaultdict(list)
    for run in phase.runs:
        by_page[run.page].append(run)
    for page, runs in by_page.items():
        times = [r.seconds for r in runs]
        failed = [r for r in runs if r.errors]
        print(f"  {page:14s} {len(times):5d} {statistics.median(times):8.3f} {_p95(times):8.3f} {max(times):8.3f} "
              f"{sum(r.errors for r in runs):7d}" + (f"  ({failed[0].error_text[:80]})" if failed else ""))
    print(f"  {'every page':14s} {len(every):5d} {statistics.median(every):8.3f} {_p95(every):8.3f} {max(every):8.3f}")
    print(f"  new session's first page (connect + run): median {statistics.median(phase.first_pages):.3f} s")
    print(f"  page runs per second {phase.rate:.2f} · errors {phase.errors} · peak RSS {phase.peak_mb:.0f} MB"
          + ("" if phase.signed_in else " · NOT SIGNED IN: the figures are of the sign-in page"))


def demo_database(folder: Path, given: str | None) -> Path:
    path = folder / "demo.duckdb"
    if given:
        shutil.copy(given, path)
        archive = Path(given).parent / "archive"
        if archive.is_dir():
            shutil.copytree(archive, folder / "archive")
    else:
        subprocess.run([sys.executable, "-m", "etl", "init", "--demo", "--db", str(path)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return path


SETUPS = {"duckdb": "DuckDB, one process", "postgresql": "PostgreSQL, one process",
          "cluster": "PostgreSQL, two processes behind nginx"}


def run_setup(setup: str, database: Path | str, folder: Path, counts: list[int], rounds: int,
              profile: str | None) -> dict[int, Phase]:
    """Start one set-up of the dashboard, sign in, and run every number of sessions against it."""
    app = Cluster(str(database), folder) if setup == "cluster" else Server("dashboard.py", database,
                                                                            folder / f"{setup}.log")
    phases: dict[int, Phase] = {}
    global ROUTES
    ROUTES = itertools.cycle(app.balanced_routes() if isinstance(app, Cluster) else ["-"])
    try:
        cookie, cold = sign_in_cookie(app.url)
        print(f"{SETUPS[setup]} on {app.url}; signed in, the overview drawn in {cold:.2f} s from the click (nothing "
              f"computed yet); RSS {app.rss_mb():.0f} MB")
        spy = Path(sys.executable).with_name("py-spy")
        profiler = subprocess.Popen([str(spy) if spy.exists() else "py-spy", "record", "--gil", "--format", "raw",
                                     "--rate", "200", "-o", profile, "--pid", str(app.process.pid)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if profile else None
        if isinstance(app, Cluster):   # the sign-in drew the pages in one process; the others draw them here first
            run_phase(app, cookie, PAGES, 2, 1)
        for sessions in counts:
            phases[sessions] = run_phase(app, cookie, PAGES, sessions, rounds)
            report(f"dashboard ({SETUPS[setup]})", phases[sessions])
        if profiler:
            profiler.send_signal(2)     # py-spy writes its file on SIGINT
            profiler.wait(timeout=60)
    finally:
        app.stop()
    if any(phase.errors for phase in phases.values()) and setup != "cluster":
        log = (folder / f"{setup}.log").read_text(encoding="utf-8", errors="replace")
        print("\nthe server's log, from its first error:\n" + log[log.find("Traceback") - 300:][:6000])
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an existing database with the sample data (copied; skips building it)")
    parser.add_argument("--sessions", default="1,10,25,50", help="numbers of concurrent sessions, comma-separated")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over every dashboard page per session")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare page")
    parser.add_argument("--setups", default="duckdb", help="comma-separated: duckdb (one process, as make run), "
                        "postgresql (one process), cluster (two processes on PostgreSQL behind nginx)")
    parser.add_argument("--profile", metavar="FILE", help="record the dashboard server with py-spy (pip install py-spy; "
                        "only threads holding the GIL) into FILE, collapsed stacks, while the phases run")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]
    setups = args.setups.split(",")
    with tempfile.TemporaryDirectory() as folder:
        demo = demo_database(Path(folder), args.db)
        results: dict[str, dict[int, Phase]] = {}
        postgres = None
        try:
            if {"postgresql", "cluster"} & set(setups):
                from deploy.postgres import LocalPostgres
                from etl.operations.copy import copy_database

                postgres = LocalPostgres(Path(tempfile.mkdtemp(prefix="cchc-bench-postgres-"))).start()
                database = postgres.create_database("bench")
                copy_database(str(demo), database)
            for setup in setups:
                results[setup] = run_setup(setup, demo if setup == "duckdb" else database, Path(folder), counts,
                                           args.rounds, args.profile if setup == setups[0] else None)
        finally:
            if postgres:
                postgres.stop()
                shutil.rmtree(postgres.folder, ignore_errors=True)
        if not args.no_bare:
            for label, options in (("bare", ()), ("bare, Streamlit's defaults", STREAMLIT_DEFAULTS)):
                bare = Server("bench/bare_page.py", None, Path(folder) / "bare.log", options)
                results[label] = {}
                try:
                    for sessions in counts:
                        results[label][sessions] = run_phase(bare, None, BARE_PAGES, sessions, args.rounds)
                        report(f"bare page ({'Streamlit defaults' if options else 'this app’s settings'})",
                               results[label][sessions])
                finally:
                    bare.stop()
        for setup in setups:
            print(f"\nsummary, {SETUPS[setup]}: sessions · page runs/s: dashboard, bare page (ratio), bare page with "
                  "Streamlit's defaults · p95 s · new session's overview s · peak RSS MB · errors")
            for sessions, phase in results[setup].items():
                bare_phase = results.get("bare", {}).get(sessions)
                default_phase = results.get("bare, Streamlit's defaults", {}).get(sessions)
                bare_rate = f"{bare_phase.rate:6.2f} ({phase.rate / bare_phase.rate:4.2f})" if bare_phase else "     –"
                default_rate = f"{default_phase.rate:6.2f}" if default_phase else "     –"
                print(f"  {sessions:3d} · {phase.rate:6.2f} {bare_rate} {default_rate} · "
                      f"{_p95([r.seconds for r in phase.runs]):6.2f} · {statistics.median(phase.first_pages):6.2f} · "
                      f"{phase.peak_mb:5.0f} · {phase.errors}")
        if "cluster" in results and "postgresql" in results:
            for sessions in counts:
                one, two = results["postgresql"][sessions], results["cluster"][sessions]
                print(f"  two processes / one on PostgreSQL, {sessions} sessions: {two.rate / one.rate:.2f}× page runs/s")
        if not all(p.signed_in for setup in setups for p in results[setup].values()):
            sys.exit("the dashboard's first session did not see the signed-in overview (89,72)")


if __name__ == "__main__":
    main()
