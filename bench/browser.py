"""Benchmark of what a person waits for in the browser: for every page, the time from navigation to a still
page and to the first chart drawn, in Debian's Chromium, beside the same for a bare Streamlit page (a title,
one Plotly chart and a table: bench/bare_page.py, served by a second Streamlit process).

- The app is started as `make run` starts it, on the sample data (a copy of ``--db``, or built with
  `init --demo`), and signed in once as the administrator (who sees every page); each visit is a new browser
  context that carries the session cookie, so the sign-in is not measured and nothing is cached in the browser.
- Times are read in the page (``performance.now()``, from the navigation's start):
  - *title*: the page's first heading (h1) drawn;
  - *chart*: the first chart drawn: a Plotly chart's svg, or a picture drawn on the server (``.cchc-picture``:
    the overview's, the targets', the board's and the map);
  - *still*: the last change of the page before it went quiet for ``QUIET_MS``, with Streamlit's run ended,
    nothing stale or waiting (tests/browser/conftest.py's ``SETTLED``: every chart drawn), and no spinner.
- Every page is opened once unmeasured (the server's caches are then warm, as on a working day; that first
  visit is printed as *cold*), then ``--runs`` times, each visit just after one of the bare page, so that both
  are measured under the same load of the machine. Printed: medians, and the ratios of still and chart to the
  bare page's.

Run: `make bench` or `.venv/bin/python bench/browser.py [--db DEMO.duckdb] [--runs 5] [--pages chi-tieu,…]`
(``--runs 1 --pages tong-quan`` is a quick smoke run). Prints figures; asserts nothing but that every page
became still.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.load import Server, demo_database, sign_in_cookie  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DEMO_PASSWORDS, SETTLED  # noqa: E402

# The pages by address, in the menu's order (the overview is the root). The administrator opens them all.
PAGES = {"tong-quan": "", "chi-tieu": "chi-tieu", "nhiem-vu": "nhiem-vu", "chi-so": "chi-so", "so-sanh": "so-sanh",
         "don-vi": "don-vi?unit=H436", "tinh-hinh-nop": "tinh-hinh-nop",
         "trinh-chieu": "trinh-chieu?period=2024-Q4&asof=2024-12-31&screen=1", "nop-bao-cao": "nop-bao-cao",
         "tai-khoan": "tai-khoan", "nhat-ky": "nhat-ky", "sao-luu": "sao-luu", "ke-hoach": "ke-hoach",
         "ket-qua-cong-bo": "ket-qua-cong-bo"}
BARE = "trang đối chứng"
ADMIN = "demo.quantri"
COOKIE = "cchc_session"
QUIET_MS = 750
VIEWPORT = {"width": 1920, "height": 1080}

# Installed in every new document before its own scripts: notes when the page last changed, and when its
# first heading and first chart (Plotly's, or a picture of cchc.charts) appeared (ms from the navigation's start).
WATCH = """(() => {
    const seen = window.__bench = {last: 0, title: null, chart: null};
    new MutationObserver(() => {
        seen.last = performance.now();
        if (seen.title === null && document.querySelector('h1')?.textContent.trim()) seen.title = seen.last;
        if (seen.chart === null && document.querySelector('[data-testid="stPlotlyChart"] .main-svg, .cchc-picture'))
            seen.chart = seen.last;
    }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""
STILL = f"""() => ({SETTLED})() && !document.querySelector('[data-testid="stSpinner"]')
    && performance.now() - window.__bench.last > {QUIET_MS}"""


@dataclass
class Visit:
    """One visit's times in seconds from the navigation (None: the page has no heading, or no chart)."""

    still: float
    title: float | None
    chart: float | None


def visit(browser, url: str, cookie: str | None) -> Visit:
    """Open ``url`` in a new browser context (with the session cookie) and wait until the page is still."""
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    try:
        if cookie:
            context.add_cookies([{"name": COOKIE, "value": cookie, "url": url}])
        context.add_init_script(WATCH)
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(STILL, timeout=120_000, polling=100)
        if cookie and page.get_by_role("button", name="Đăng nhập", exact=True).count():
            raise RuntimeError(f"{url}: the session cookie did not sign in; the figures would be the sign-in page's")
        seen = page.evaluate("() => window.__bench")
        return Visit(seen["last"] / 1000, *(seen[k] / 1000 if seen[k] is not None else None for k in ("title", "chart")))
    finally:
        context.close()


def median(visits: list[Visit], field: str) -> float | None:
    values = [getattr(v, field) for v in visits]
    return None if not values or None in values else statistics.median(values)


@dataclass
class Row:
    """A page's visits, and the bare page's visits made just before each of them (the machine's load then)."""

    name: str
    cold: Visit
    visits: list[Visit]
    bare: list[Visit]


def measure(browser, app_url: str, bare_url: str, pages: dict[str, str], runs: int, cookie: str) -> list[Row]:
    """Every page: one unmeasured visit, then ``runs`` visits, each after a visit of the bare page, so that a page
    and its yardstick are measured under the same load of the machine."""
    rows = []
    for name, address in pages.items():
        row = Row(name, visit(browser, f"{app_url}/{address}", cookie), [], [])
        for _ in range(runs):
            row.bare.append(visit(browser, bare_url, None))
            row.visits.append(visit(browser, f"{app_url}/{address}", cookie))
        print(f"  {name}: still {median(row.visits, 'still'):.2f} s, bare {median(row.bare, 'still'):.2f} s",
              file=sys.stderr, flush=True)
        rows.append(row)
    return rows


def _s(value: float | None) -> str:
    return f"{value:6.2f}" if value is not None else "     –"


def _ratio(value: float | None, bare: float | None) -> str:
    return f"{value / bare:5.2f}×" if value is not None and bare else "     –"


def report(rows: list[Row], runs: int) -> None:
    print(f"\ntime from navigation, seconds, median of {runs} visits (each in a new browser context, signed in), "
          "Chromium at 1920×1080;\nratio: to the bare Streamlit page (title, one Plotly chart, a table) visited just "
          "before each visit")
    print(f"  {'page':18s} {'title':>6s} {'chart':>6s} {'still':>6s} {'chart−title':>11s} {'still/bare':>10s} "
          f"{'chart/bare':>10s} {'cold still':>10s}")
    every_bare = [v for row in rows for v in row.bare]
    lines = [(BARE, every_bare, every_bare, None)] + [(row.name, row.visits, row.bare, row.cold) for row in rows]
    for name, visits, bare, cold in lines:
        title, chart, still = (median(visits, field) for field in ("title", "chart", "still"))
        gap = chart - title if chart is not None and title is not None else None
        print(f"  {name:18s} {_s(title)} {_s(chart)} {_s(still)} {_s(gap):>11s} "
              f"{_ratio(still, median(bare, 'still')):>10s} {_ratio(chart, median(bare, 'chart')):>10s} "
              f"{_s(cold.still if cold else None):>10s}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an existing database with the sample data (copied; skips building it, "
                        "which takes about two minutes)")
    parser.add_argument("--runs", type=int, default=5, help="measured visits per page (after one unmeasured)")
    parser.add_argument("--pages", help=f"comma-separated, of: {', '.join(PAGES)} (default: all)")
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in args.pages.split(",")} if args.pages else PAGES
    with tempfile.TemporaryDirectory() as folder:
        demo = demo_database(Path(folder), args.db)
        app = Server("dashboard.py", demo, Path(folder) / "app.log")
        bare_server = Server("bench/bare_page.py", None, Path(folder) / "bare.log")
        try:
            cookie, _ = sign_in_cookie(app.url, ADMIN, DEMO_PASSWORDS[ADMIN])
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                visit(browser, bare_server.url, None)       # its first run, unmeasured too
                rows = measure(browser, app.url, bare_server.url, pages, args.runs, cookie)
                browser.close()
        finally:
            app.stop()
            bare_server.stop()
    report(rows, args.runs)


if __name__ == "__main__":
    main()
