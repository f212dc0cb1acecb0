"""A real Streamlit server on a free port and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from deploy.cluster import free_port, wait_until_up
from tests.conftest import PROJECT_ROOT

CHROMIUM = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = PROJECT_ROOT / "test-output" / "screenshots"
# axe-core, the accessibility checker, at the version of package-lock.json (`make test` runs `npm ci` here).
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# Flags for a closed network: no background connections, no updates, no sandbox as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@dataclass(frozen=True)
class Server:
    url: str
    db_file: Path
    log_file: Path


@pytest.fixture(scope="session")
def server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """The app, served as `make run` serves it (with the sample data), on its own copy of the database."""
    db_file = tmp_path_factory.mktemp("server") / "cchc.duckdb"
    shutil.copy(demo_db_template, db_file)
    port = free_port()
    log = (tmp_path_factory.mktemp("server-log") / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=PROJECT_ROOT, env={**os.environ, "CCHC_DB": str(db_file)}, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/_stcore/health", [process], timeout=60)
    except RuntimeError:
        process.kill()
        raise RuntimeError(f"Streamlit did not start; see {log.name}") from None
    yield Server(url, db_file, Path(log.name))
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


DEMO_PASSWORDS = {"demo.quantri": "QuanTri@2024", "demo.lanhdao": "LanhDao@2024", "demo.yenho": "BaoCao@2024"}


def sign_in(page, server: Server, username: str = "demo.lanhdao") -> None:
    """Sign in on the app's sign-in page with a demo account; the session cookie then serves later visits."""
    page.goto(server.url + "/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất").wait_for(timeout=90_000)


# The app's run has ended, no element of an earlier run is still shown, no element still waits for its code
# (a placeholder), and every chart has drawn.
SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-stale="true"], [data-testid^="stSkeleton"], [data-testid="stAppSkeleton"]'))
        return false;
    return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'));
}"""


def settled(page, timeout: float = 60_000) -> None:
    """Wait until the page shows what its last run drew (instead of waiting a fixed time)."""
    page.wait_for_function(SETTLED, timeout=timeout)


# Notes the time of the page's last change (the page's own clock); installed before a resize, read by RESIZED.
_WATCH_CHANGES = """() => { if (window.__changed) return; window.__changed = {at: performance.now()};
    new MutationObserver(() => { window.__changed.at = performance.now(); })
        .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true}); }"""
QUIET_MS = 500
RESIZED = f"""() => ({SETTLED})() && performance.now() - window.__changed.at > {QUIET_MS}
    && performance.now() - window.__changed.resized > {QUIET_MS}"""


def resize(page, width: int, height: int, timeout: float = 30_000) -> None:
    """Give the open page another screen size, as a window resized or a phone turned, and wait until it has
    drawn again at that size: its charts redrawn and nothing changed for ``QUIET_MS`` (the layout is CSS and the
    charts follow their containers; Streamlit runs nothing again). Cheaper than loading the page again."""
    page.evaluate(_WATCH_CHANGES)
    page.evaluate("() => { window.__changed.resized = window.__changed.at = performance.now(); }")
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("document.querySelector('[data-testid=\"stMain\"]')?.scrollTo(0, 0)")
    page.wait_for_function(RESIZED, timeout=timeout)


def shows(page, text: str, timeout: float = 30_000) -> None:
    """Wait until ``text`` is on the page (an assertion that waits, rather than reading the page once)."""
    page.wait_for_function("text => document.body.innerText.includes(text)", arg=text, timeout=timeout)


# Markup of Streamlit's own that the app cannot change, left out of the accessibility check: {rule id: selectors}.
AXE_EXCLUDED: dict[str, list[str]] = {}
AXE_RUN = """async excluded => {
    const results = await axe.run(document, {resultTypes: ['violations']});
    return results.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.map(n => n.target.join(' '))
                                    .filter(t => !(excluded[v.id] || []).some(s => t.includes(s)))}))
        .filter(v => v.targets.length);
}"""


def accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each: rule, impact, what
    it asks and the elements concerned (outside :data:`AXE_EXCLUDED`)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci --prefix tests/browser)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return [f"{v['id']} ({v['impact']}): {v['help']}, {len(v['targets'])} element(s): " + "; ".join(v["targets"][:5])
            for v in page.evaluate(AXE_RUN, AXE_EXCLUDED)]


def accessible(page) -> None:
    """Assert that axe-core finds no serious or critical accessibility violation on the page."""
    problems = accessibility_problems(page)
    assert not problems, "accessibility (axe-core):\n" + "\n".join(problems)
