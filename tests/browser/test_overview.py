"""The overview in a real browser at the sizes of a desk screen and of a projector."""
import pytest

from tests.browser.conftest import shows, sign_in
from tests.conftest import run_cli

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_overview_renders_readably(server, browser, screenshot_dir, width, height):
    page = browser.new_page(viewport={"width": width, "height": height}, locale="en-US")
    try:
        sign_in(page, server)
        page.get_by_text("89,72%").wait_for(timeout=60_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
        for text in ("Tổng quan cải cách hành chính tỉnh Hà Tĩnh", "PAR INDEX 2024", "15/63", "tăng 3 bậc",
                     "SIPAS 2024", "85,17%", "PCI 2022", "67,18", "Hạng 7/34", "Nguồn: baohatinh.vn"):
            shows(page, text)
        body = page.inner_text("body")
        # Numbers are formatted on the server: an English-language browser still sees Vietnamese formats.
        assert "89.72" not in body
        assert page.locator("[data-testid='stException']").count() == 0
        assert "Traceback" not in body
        metric_box = page.locator("[data-testid='stMetricValue']").first.bounding_box()
        assert metric_box and metric_box["height"] >= 30  # the headline number stays large
        page.screenshot(path=str(screenshot_dir / f"overview-{width}x{height}.png"), full_page=True)
    finally:
        page.close()


def test_cli_refuses_while_the_running_app_holds_the_database(server, browser):
    page = browser.new_page()
    try:
        page.goto(server.url + "/")
        page.get_by_text("Tên đăng nhập").wait_for(timeout=60_000)  # the app has opened its connection
    finally:
        page.close()
    result = run_cli("init", "--db", server.db_file, timeout=30)
    assert result.returncode == 3
    assert "đang được một tiến trình khác sử dụng" in result.stderr and "Traceback" not in result.stderr
