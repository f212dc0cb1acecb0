"""Benchmark of the pages: server-side run time of each page (AppTest, first run and median of warm
runs) on the sample data and on a large data set (ten plan years, every unit, every quarter), and the
time to first chart in Chromium on a real server. Prints figures; asserts nothing.

The large set copies the 2024 plan and the sample reports into 2015–2023 with SQL (a load of data for
measuring, not sample data anyone sees). Run: `make bench` or `.venv/bin/python bench/pages.py [--db DEMO.duckdb]`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc.store import db  # noqa: E402

PAGES = {"Tổng quan": ("pages/overview.py", ""), "Chỉ tiêu": ("pages/targets.py", "chi-tieu"),
         "Nhiệm vụ": ("pages/tasks.py", "nhiem-vu"), "Chỉ số": ("pages/indices.py", "chi-so"),
         "Đơn vị": ("pages/units.py", "don-vi?unit=H436")}
NAV_LABELS = {"Tổng quan": "Tổng quan", "Chỉ tiêu": "Chỉ tiêu", "Nhiệm vụ": "Nhiệm vụ", "Chỉ số": "Chỉ số",
              "Đơn vị": "Đơn vị"}
CONTENT = ".js-plotly-plot, [data-testid='stDataFrame']"
TITLES = {"Tổng quan": "Tổng quan cải cách hành chính tỉnh Hà Tĩnh", "Chỉ tiêu": "Chỉ tiêu kế hoạch CCHC năm 2024",
          "Nhiệm vụ": "Nhiệm vụ trọng tâm năm 2024", "Chỉ số": "Các chỉ số CCHC của tỉnh Hà Tĩnh", "Đơn vị": "Đơn vị"}
WARM_RUNS = 5
EXTRA_YEARS = range(2015, 2024)


def demo_database(folder: Path, given: str | None) -> Path:
    path = folder / "demo.duckdb"
    if given:
        shutil.copy(given, path)
    else:
        subprocess.run([sys.executable, "-m", "etl", "init", "--demo", "--db", str(path)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return path


def enlarge(path: Path) -> Path:
    """A copy with nine more plan years (2015–2023, :func:`bench.years.add_years`)."""
    from bench.years import add_years

    large = path.with_name("large") / "cchc.duckdb"
    large.parent.mkdir()
    shutil.copy(path, large)
    add_years(large, len(EXTRA_YEARS))      # the copies of the files go to the large set's own archive
    conn = db.connect(large)
    rows = db.query_rows(conn, "SELECT count(*) FROM target_values")[0][0]
    conn.close()
    print(f"large data set: {len(EXTRA_YEARS) + 1} plan years, {rows:,} reported target values".replace(",", "."))
    return large


def signed_in(app, path: Path):
    """The AppTest session signed in as leadership (a bench account, made once in the app's own connection)."""
    from cchc import auth
    from web.database import database

    conn = database(str(path))
    if not db.query_rows(conn, "SELECT 1 FROM users WHERE username = 'bench.lanhdao'"):
        auth.add_user(conn, "bench.lanhdao", "mat-khau-bench", auth.VIEWER, "bench")
    user = auth.User("bench.lanhdao", auth.VIEWER, None, None)
    app.session_state["session_token"] = auth.open_session(conn, user)
    app.session_state["user"] = user
    return app


def page_runs(path: Path) -> Iterator[tuple[str, float, float, float, bool]]:
    """For each page, in this process (AppTest, signed in as leadership): the overview's run that opens the session
    (the first one in the process computes every view: the cold build), the page's first run, the median of its
    warm runs, and whether it failed."""
    from streamlit.testing.v1 import AppTest

    os.environ["CCHC_DB"] = str(path)
    for name, (page, _) in PAGES.items():
        app = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300), path)
        start = time.perf_counter()
        app.run()
        opening = time.perf_counter() - start
        start = time.perf_counter()
        app.switch_page(page)
        app.run()
        first = time.perf_counter() - start
        runs = []
        for _ in range(WARM_RUNS):
            start = time.perf_counter()
            app.run()
            runs.append(time.perf_counter() - start)
        yield name, opening, first, statistics.median(runs), bool(app.exception)


def server_side(path: Path) -> None:
    for name, _, first, warm, failed in page_runs(path):
        print(f"  {name:10s}  first run {first * 1000:7.0f} ms · warm median {warm * 1000:6.0f} ms"
              + (" (exception!)" if failed else ""))


def release(paths: list[Path]) -> None:
    """Close the connections AppTest left open in this process, so the server can open the files."""
    from web import database as webapp

    for path in paths:
        webapp._shared_connection(str(path)).close()
    webapp._shared_connection.clear()


def first_chart(path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                                "--server.headless", "true"], cwd=ROOT, env={**os.environ, "CCHC_DB": str(path)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(url + "/")
            page.get_by_label("Tên đăng nhập").fill("demo.lanhdao")
            page.get_by_label("Mật khẩu").fill("LanhDao@2024")
            page.get_by_role("button", name="Đăng nhập").click()
            page.locator(".js-plotly-plot").first.wait_for(timeout=120_000)   # warms the server's caches once
            for name, (source, path_part) in PAGES.items():
                if not (ROOT / source).exists():
                    continue
                start = time.perf_counter()
                page.goto(f"{url}/{path_part}")
                page.locator(CONTENT).filter(visible=True).first.wait_for(timeout=120_000)
                opened = time.perf_counter() - start
                other = "Nhiệm vụ" if name != "Nhiệm vụ" else "Chỉ tiêu"
                page.get_by_role("link", name=NAV_LABELS[other], exact=True).first.click()
                page.get_by_role("heading", name=TITLES[other]).first.wait_for(timeout=120_000)
                page.wait_for_timeout(500)
                start = time.perf_counter()
                page.get_by_role("link", name=NAV_LABELS[name], exact=True).first.click()
                page.get_by_role("heading", name=TITLES[name]).first.wait_for(timeout=120_000)
                page.locator(CONTENT).filter(visible=True).first.wait_for(timeout=120_000)
                clicked = time.perf_counter() - start
                print(f"  {name:10s}  first chart or table: opening the link {opened:5.2f} s · "
                      f"from the menu {clicked:5.2f} s")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an existing database with the sample data (skips building it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo = demo_database(Path(folder), args.db)
        large = enlarge(demo)
        for label, path in (("sample data (2024)", demo), ("large data set", large)):
            print(f"server-side run time, {label}:")
            server_side(path)
        release([demo, large])
        for label, path in (("sample data (2024)", demo), ("large data set", large)):
            print(f"time to first chart in Chromium, {label}:")
            first_chart(path)


if __name__ == "__main__":
    main()
