"""Benchmark of a reporting deadline: viewers run the dashboard pages while reporters send their reports
through the app's own upload page, one file every few seconds.

- Set-ups: ``duckdb`` (one process on the DuckDB file, as `make run`) and ``cluster`` (two processes on
  PostgreSQL behind nginx over HTTPS, `deploy/cluster.py`), on the sample data (bench/load.py starts them).
- Viewers: simulated tabs of a leader (bench/load.py's Tab, Streamlit's websocket protocol), each running
  the seven dashboard pages in turn with no pause.
- Reporters: tabs of reporter accounts on /nop-bao-cao doing what the browser does for ``st.file_uploader``:
  ask for an upload address, PUT the file there (with the XSRF token), send the widget's state, then click
  *Gửi báo cáo*. The file is the unit's targets report of 2024-Q4, a new one each time (a correction: every
  file is accepted and supersedes the last). Reporters take turns, so the files arrive one every
  ``--every`` seconds whatever their number.
- A watcher (one more leader's tab) runs the Đơn vị page of the reporters' first unit again and again: the
  time from an upload's commit to the first run of the watcher's page that lists the file is the delay until
  another viewer sees it.
- Two phases of ``--seconds`` each on the same warm tabs: without uploads, then with them. Printed: page runs
  per second, median and p95 of a page run (viewers), errors, the uploads' times and the delays; and the
  ratio of the p95s, the issue's goal being at most 1,5.

Run: `make bench` or `.venv/bin/python bench/deadline.py [--db DEMO.duckdb] [--viewers 25] [--every 2]
[--reporters 1] [--seconds 60] [--setups duckdb,cluster]`. Prints figures; asserts nothing but that the uploads
were accepted and seen.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import urllib3  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.Common_pb2 import FileUploaderState, FileURLsRequest, UploadedFileInfo  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string  # noqa: E402

from bench import load  # noqa: E402
from bench.load import PAGES, Cluster, PeakMemory, Run, Server, Tab, _p95, demo_database, sign_in_cookie  # noqa: E402
from cchc import auth  # noqa: E402
from cchc.applicability import Catalog  # noqa: E402
from cchc.store import db  # noqa: E402
from etl.reports.templates import build_template  # noqa: E402
from etl.sample.reports import DEMO_REPORTER_UNIT, _bytes, _Clerk, _fill  # noqa: E402

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # the cluster's self-signed certificate
PERIOD, PLAN_YEAR = "2024-Q4", 2024
UPLOAD_PAGE = "nop-bao-cao"
REPORTER_PASSWORD = "BaoCao@2024"
SETUPS = {"duckdb": "DuckDB, one process", "cluster": "PostgreSQL, two processes behind nginx"}


# --- the reporters and their files --------------------------------------------------------------------------

@dataclass
class Reporter:
    username: str
    unit: str
    files: list[tuple[str, bytes]]      # (name, content), sent in turn


def prepare_reporters(path: Path, count: int, files_each: int) -> list[Reporter]:
    """The demo reporter (Xã Yên Hồ) and ``count - 1`` more communes' reporter accounts, each with
    ``files_each`` distinct targets reports of 2024-Q4 (written before the app opens the database)."""
    conn = db.connect(path)
    try:
        catalog = Catalog(conn)
        communes = [u for u in catalog.reporting_units(f"{PLAN_YEAR}-12-31").to_dict("records")
                    if u["kind"] == "commune" and u["code"] != DEMO_REPORTER_UNIT]
        reporters = [("demo.yenho", DEMO_REPORTER_UNIT)]
        for number, unit in enumerate(communes[:count - 1], 1):
            username = f"bench.baocao{number}"
            auth.add_user(conn, username, REPORTER_PASSWORD, auth.REPORTER, "bench", unit["code"])
            reporters.append((username, unit["code"]))
        rng = random.Random(2024)
        made = []
        for username, code in reporters:
            rows = catalog.targets_for_unit(code, PLAN_YEAR).to_dict("records")
            files = []
            for number in range(files_each):
                clerk = _Clerk(catalog.unit(code), rng)
                workbook = build_template(conn, "targets", code, PERIOD, catalog)
                _fill(workbook, "targets", {row["code"]: clerk.target_value(row, 4) for row in rows})
                files.append((f"chi-tieu-{PERIOD}-{code}-lan-{number + 1:03d}.xlsx", _bytes(workbook)))
            made.append(Reporter(username, code, files))
        return made
    finally:
        conn.close()


class UploadTab(Tab):
    """A reporter's tab on the upload page, sending files as the browser's file picker does."""

    def __init__(self, url: str, cookie: str) -> None:
        super().__init__(url, cookie, caching=False)     # every element in full: the widgets' ids are read from them
        self.session_id = ""
        self.uploader = self.button = ""
        self.xsrf = generate_xsrf_token_string()

    def _widgets(self, run: Run) -> None:
        for frame in run.frames:
            message = ForwardMsg()
            message.ParseFromString(frame)
            kind = message.WhichOneof("type")
            if kind == "new_session" and message.new_session.initialize.session_id:
                self.session_id = message.new_session.initialize.session_id
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") == "file_uploader":
                    self.uploader = element.file_uploader.id
                elif element.WhichOneof("type") == "button" and element.button.id.endswith("upload_send"):
                    self.button = element.button.id

    async def open_page(self) -> Run:
        run = await self.run(UPLOAD_PAGE, "nop-bao-cao", keep_body=True)
        self._widgets(run)
        if not (self.session_id and self.uploader and self.button):
            raise RuntimeError(f"the upload page lacks its picker or button ({run.error_text})")
        return run

    async def _upload_address(self, name: str) -> tuple[str, str]:
        request = FileURLsRequest(request_id=name, file_names=[name], session_id=self.session_id)
        await self.socket.send(BackMsg(file_urls_request=request).SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.socket.recv())
            if message.WhichOneof("type") == "file_urls_response" and message.file_urls_response.response_id == name:
                urls = message.file_urls_response.file_urls[0]
                return urls.file_id, urls.upload_url

    def _put(self, address: str, name: str, data: bytes) -> None:
        cookies = {"cchc_route": self.route, load.COOKIE: self.cookie or "", "_streamlit_xsrf": self.xsrf}
        answer = requests.put(self.url + address, files={"file": (name, data)}, cookies=cookies,
                              headers={"X-Xsrftoken": self.xsrf}, verify=False, timeout=120)
        answer.raise_for_status()

    async def send(self, name: str, data: bytes) -> Run:
        """Pick the file and click *Gửi báo cáo*; the run returned ends after the page's own rerun, its
        ``rerun_at`` is when the file was in (ingest committed, then ``st.rerun``)."""
        file_id, address = await self._upload_address(name)
        await asyncio.to_thread(self._put, address, name, data)
        picked = WidgetState(id=self.uploader, file_uploader_state_value=FileUploaderState(uploaded_file_info=[
            UploadedFileInfo(name=name, size=len(data), file_id=file_id)]))
        await self.run(UPLOAD_PAGE, "chọn tệp", widgets=[picked])
        run = await self.run(UPLOAD_PAGE, "gửi", keep_body=True,
                             widgets=[picked, WidgetState(id=self.button, trigger_value=True)])
        self._widgets(run)      # the picker is a new widget after each send (emptied for the next files)
        if run.rerun_at is None or f"{name}: đã nhận".encode() not in run.body:
            raise RuntimeError(f"{name} was not accepted: {run.error_text or 'no “đã nhận” on the page'}")
        return run


# --- the deadline: viewers, reporters, a watcher ---------------------------------------------------------------

@dataclass
class Upload:
    name: str
    unit: str
    committed: float
    seconds: float          # pick + send + the page's answer, as the reporter waits
    seen: float | None = None


@dataclass
class Deadline:
    """One phase's figures."""

    uploads_on: bool
    runs: list[Run] = field(default_factory=list)
    watcher_runs: list[Run] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    seconds: float = 0.0
    peak_mb: float = 0.0
    sending: int = 0            # uploads under way
    late: int = 0               # uploads sent late: every reporter was busy

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.runs + self.watcher_runs)


async def _viewer(tab: Tab, until: float, phase: Deadline, offset: int) -> None:
    for address, name in itertools.islice(itertools.cycle(PAGES), offset, None):
        if time.perf_counter() >= until:
            return
        phase.runs.append(await tab.run(address, name))


SUBMISSIONS_TAB = "Báo cáo đã gửi"     # the Đơn vị page's tab listing the unit's files (units.tab.submissions)


def _tab_widget(run: Run, key: str) -> str:
    """The id of the tabs (``st.tabs`` with a key) whose key is ``key``, from a run kept in full."""
    for frame in run.frames:
        message = ForwardMsg()
        message.ParseFromString(frame)
        if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "add_block":
            block = message.delta.add_block
            if block.WhichOneof("type") == "tab_container" and block.tab_container.id.endswith(key):
                return block.tab_container.id
    raise RuntimeError(f"no tabs {key!r} on the page")


async def open_submissions(tab: Tab, unit: str) -> WidgetState:
    """Open the Đơn vị page of ``unit`` on its *Báo cáo đã gửi* tab; the tab's state, to send with every run."""
    first = await tab.run("don-vi", "watcher", keep_body=True, query=f"unit={unit}")
    opened = WidgetState(id=_tab_widget(first, "units_tab"), string_value=SUBMISSIONS_TAB)
    await tab.run("don-vi", "watcher", query=f"unit={unit}", widgets=[opened])
    return opened


async def _watcher(tab: Tab, unit: str, opened: WidgetState, until: float, phase: Deadline) -> None:
    """Run the Đơn vị page of ``unit`` (its files' tab) until the phase ends and every upload of the unit has been
    seen on it."""
    def unseen() -> list[Upload]:
        return [u for u in phase.uploads if u.unit == unit and u.seen is None]
    while time.perf_counter() < until or unseen() or phase.sending:
        if time.perf_counter() > until + 60:
            return                  # an upload never seen: reported as such
        run = await tab.run("don-vi", "watcher", keep_body=True, query=f"unit={unit}", widgets=[opened])
        phase.watcher_runs.append(run)
        for upload in unseen():
            if upload.name.encode() in run.body:
                upload.seen = run.finished


async def _reporters(tabs: list[UploadTab], reporters: list[Reporter], every: float, until: float,
                     phase: Deadline, sent: list[int]) -> None:
    """Send a file every ``every`` seconds, each from a reporter whose tab is free (the schedule slips only when
    every reporter is still waiting for the last file: counted in ``phase.late``)."""
    free: asyncio.Queue[int] = asyncio.Queue()
    for number in range(len(tabs)):
        free.put_nowait(number)

    async def one(which: int) -> None:
        tab, reporter = tabs[which], reporters[which]
        name, data = reporter.files[sent[which] % len(reporter.files)]
        sent[which] += 1
        begun = time.perf_counter()
        phase.sending += 1
        try:
            run = await tab.send(name, data)
        finally:
            phase.sending -= 1
        assert run.rerun_at is not None
        phase.uploads.append(Upload(name, reporter.unit, run.rerun_at, time.perf_counter() - begun))
        free.put_nowait(which)

    start, work = time.perf_counter(), []
    for number in itertools.count():
        wait = start + number * every - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)       # the schedule of arrivals, not a wait for a condition
        if time.perf_counter() >= until:
            break
        if free.empty():
            phase.late += 1
        work.append(asyncio.create_task(one(await free.get())))
    await asyncio.gather(*work)


def _profiler(pid: int, output: str) -> subprocess.Popen:
    """py-spy recording the threads holding the GIL of process ``pid`` into ``output`` (collapsed stacks)."""
    spy = Path(sys.executable).with_name("py-spy")
    return subprocess.Popen([str(spy) if spy.exists() else "py-spy", "record", "--gil", "--format", "raw", "--rate",
                             "100", "-o", output, "--pid", str(pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def _deadline(url: str, viewer_cookie: str, reporter_cookies: list[str], reporters: list[Reporter],
                    viewers: int, seconds: float, every: float, server: Server, profile: str | None) -> list[Deadline]:
    tabs = [Tab(url, viewer_cookie) for _ in range(viewers)]
    watcher = Tab(url, viewer_cookie)
    senders = [UploadTab(url, cookie) for cookie in reporter_cookies]
    for tab in [*tabs, watcher, *senders]:
        await tab.open()
    for sender in senders:
        await sender.open_page()
    # warm: every viewer draws every page once, the watcher its page
    async def every_page(tab: Tab) -> None:
        for address, name in PAGES:
            await tab.run(address, name)
    watched = (await asyncio.gather(open_submissions(watcher, reporters[0].unit),
                                    *(every_page(tab) for tab in tabs)))[0]
    phases, sent = [], [0] * len(senders)
    for uploads_on in (False, True):
        phase = Deadline(uploads_on)
        start = time.perf_counter()
        until = start + seconds
        profiler = _profiler(server.process.pid, profile) if profile and uploads_on else None
        with PeakMemory(server) as memory:
            work = [_viewer(tab, until, phase, number) for number, tab in enumerate(tabs)]
            work.append(_watcher(watcher, reporters[0].unit, watched, until, phase))
            if uploads_on:
                work.append(_reporters(senders, reporters, every, until, phase, sent))
            await asyncio.gather(*work)
        phase.seconds, phase.peak_mb = time.perf_counter() - start, memory.peak
        if profiler:
            profiler.send_signal(signal.SIGINT)     # py-spy writes its file on SIGINT
            profiler.wait(timeout=60)
        phases.append(phase)
    for tab in [*tabs, watcher, *senders]:
        await tab.close()
    return phases


# --- printing and the set-ups ----------------------------------------------------------------------------------

def report(label: str, phase: Deadline) -> None:
    times = [r.seconds for r in phase.runs]
    what = "with uploads" if phase.uploads_on else "without uploads"
    print(f"\n{label} · {what} · {len(phase.runs)} viewer page runs in {phase.seconds:.1f} s")
    print(f"  page runs per second {len(phase.runs) / phase.seconds:.2f} · median {statistics.median(times):.3f} s · "
          f"p95 {_p95(times):.3f} s · max {max(times):.3f} s · errors {phase.errors} · peak RSS {phase.peak_mb:.0f} MB")
    for page in dict.fromkeys(r.page for r in phase.runs):
        page_times = [r.seconds for r in phase.runs if r.page == page]
        print(f"    {page:14s} {len(page_times):4d} runs · median {statistics.median(page_times):6.3f} · "
              f"p95 {_p95(page_times):6.3f}")
    if phase.errors:
        failed = [r for r in phase.runs + phase.watcher_runs if r.errors]
        print(f"  first error: {failed[0].page}: {failed[0].error_text[:200]}")
    watched = [r.seconds for r in phase.watcher_runs]
    print(f"  watcher's Đơn vị page: {len(watched)} runs, median {statistics.median(watched):.3f} s")
    if phase.uploads:
        delays = [u.seen - u.committed for u in phase.uploads if u.seen is not None]
        unseen = sum(u.seen is None for u in phase.uploads if u.unit == phase.uploads[0].unit)
        sending = [u.seconds for u in phase.uploads]
        print(f"  uploads: {len(phase.uploads)} accepted ({len(phase.uploads) / phase.seconds:.2f}/s, {phase.late} "
              f"late: every reporter busy); the reporter's send, median {statistics.median(sending):.2f} s, "
              f"max {max(sending):.2f} s")
        if delays:
            print(f"  shown on the watcher's page after: median {statistics.median(delays):.2f} s · "
                  f"max {max(delays):.2f} s ({len(delays)} watched uploads; {unseen} never seen)")


def run_setup(setup: str, database: Path | str, folder: Path, reporters: list[Reporter], viewers: int,
              seconds: float, every: float, profile: str | None = None, keep_logs: str | None = None
              ) -> list[Deadline]:
    app = Cluster(str(database), folder) if setup == "cluster" else Server("dashboard.py", database,
                                                                            folder / f"{setup}.log")
    load.ROUTES = itertools.cycle(app.balanced_routes() if isinstance(app, Cluster) else ["-"])
    try:
        viewer_cookie, _ = sign_in_cookie(app.url)
        reporter_cookies = [_reporter_cookie(app.url, r.username) for r in reporters]
        print(f"\n{SETUPS[setup]} on {app.url}: {viewers} viewers, a watcher, {len(reporters)} reporter(s), "
              f"one file every {every:g} s, {seconds:g} s per phase")
        phases = asyncio.run(_deadline(app.url, viewer_cookie, reporter_cookies, reporters, viewers, seconds, every,
                                       app, profile if setup == "duckdb" else None))
    finally:
        app.stop()
        if keep_logs:
            Path(keep_logs).mkdir(parents=True, exist_ok=True)
            for log in [folder / f"{setup}.log", *(folder / "cluster-run").glob("*.log")]:
                if log.exists():
                    shutil.copy(log, Path(keep_logs) / f"{setup}-{log.name}")
    for phase in phases:
        report(SETUPS[setup], phase)
    without, with_uploads = ([r.seconds for r in p.runs] for p in phases)
    print(f"  p95 with uploads / without: {_p95(with_uploads) / _p95(without):.2f}× (goal ≤ 1,5×)")
    return phases


def _reporter_cookie(url: str, username: str) -> str:
    """A reporter's session cookie: a real sign-in in Chromium, then the upload page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=load.CHROMIUM_ARGS)
        page = browser.new_page(ignore_https_errors=True)
        page.goto(url + "/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(REPORTER_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Nộp báo cáo").first.wait_for(timeout=120_000)
        cookie = load.session_cookie(page)
        browser.close()
    return cookie


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an existing database with the sample data (copied; skips building it)")
    parser.add_argument("--viewers", type=int, default=25)
    parser.add_argument("--reporters", type=int, default=6, help="reporter accounts taking turns to send")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between two files received")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each phase")
    parser.add_argument("--setups", default="duckdb,cluster", help="comma-separated: duckdb, cluster")
    parser.add_argument("--keep-logs", metavar="DIR", help="copy the app's logs into DIR")
    parser.add_argument("--profile", metavar="FILE", help="record the DuckDB set-up's app with py-spy (threads "
                        "holding the GIL) into FILE, collapsed stacks, during the phase with uploads")
    args = parser.parse_args()
    setups = args.setups.split(",")
    with tempfile.TemporaryDirectory() as folder:
        demo = demo_database(Path(folder), args.db)
        files_each = int(args.seconds / args.every / args.reporters) + 2
        reporters = prepare_reporters(demo, args.reporters, files_each)
        results = {}
        postgres = database = None
        try:
            if "cluster" in setups:
                from deploy.postgres import LocalPostgres
                from etl.operations.copy import copy_database

                postgres = LocalPostgres(Path(tempfile.mkdtemp(prefix="cchc-bench-postgres-"))).start()
                database = postgres.create_database("bench")
                copy_database(str(demo), database)
            for setup in setups:
                results[setup] = run_setup(setup, demo if setup == "duckdb" else database, Path(folder), reporters,
                                           args.viewers, args.seconds, args.every, args.profile, args.keep_logs)
        finally:
            if postgres:
                postgres.stop()
                shutil.rmtree(postgres.folder, ignore_errors=True)
    print("\nsummary: set-up · runs/s without, with uploads · p95 s without, with (ratio) · upload shown after, "
          "median and max s · errors")
    for setup, (without, with_uploads) in results.items():
        plain, busy = [r.seconds for r in without.runs], [r.seconds for r in with_uploads.runs]
        delays = [u.seen - u.committed for u in with_uploads.uploads if u.seen is not None] or [float("nan")]
        print(f"  {setup:8s} · {len(plain) / without.seconds:5.2f} {len(busy) / with_uploads.seconds:5.2f} · "
              f"{_p95(plain):5.2f} {_p95(busy):5.2f} ({_p95(busy) / _p95(plain):4.2f}×) · "
              f"{statistics.median(delays):5.2f} {max(delays):5.2f} · {without.errors + with_uploads.errors}")


if __name__ == "__main__":
    main()
