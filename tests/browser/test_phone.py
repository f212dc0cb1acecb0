"""What a leader does with the dashboard on a phone (390×844, issue 20): the filter line opens the filters and folds
them again on the new choice; the menu is a button that closes after a choice.

What each dashboard page shows on a phone (headline numbers on the first screen, the folded filters, cards instead
of wide tables, no hover-only hints, screenshots test-output/screenshots/phone-*.png) is checked by
tests/browser/test_pages.py, after the page's desk and projector sizes (tests/browser/phone.py).
"""
import pytest

from tests.browser.conftest import settled, shows, sign_in
from tests.browser.phone import FILTERS, HEIGHT, USER_AGENT, WIDTH

pytestmark = pytest.mark.browser

VIEW_2024 = "period=2024-Q4"


@pytest.fixture(scope="module")
def phone(server, browser):
    """A phone's browser, signed in once as the leadership account."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="vi-VN", user_agent=USER_AGENT)
    page = context.new_page()
    sign_in(page, server)
    page.close()
    yield context
    context.close()


def open_page(phone, server, path: str, query: str):
    page = phone.new_page()
    page.goto(f"{server.url}/{path}{'&' if '?' in path else '?'}{query}")
    page.locator(".st-key-filter_summary button, [data-testid='stSelectbox']").first.wait_for(timeout=90_000)
    settled(page)
    return page


def test_the_filter_line_opens_the_filters(server, phone):
    page = open_page(phone, server, "", VIEW_2024)
    try:
        page.locator(".st-key-filter_summary button").click()
        page.get_by_label("Kỳ báo cáo", exact=True).wait_for(state="visible", timeout=30_000)
        settled(page)
        assert all(page.get_by_label(label, exact=True).first.is_visible() for label in FILTERS)
        page.get_by_label("Cấp", exact=True).click()
        page.get_by_role("option", name="Cấp tỉnh").click()
        shows(page, "Quý IV/2024 · đến 31/12/2024 · Cấp tỉnh")
        page.locator(".st-key-filter_summary_open button").click()     # folded again, on the new choice
        page.get_by_label("Kỳ báo cáo", exact=True).wait_for(state="hidden", timeout=30_000)
        assert "Cấp tỉnh" in page.locator(".st-key-filter_summary button").inner_text()
    finally:
        page.close()


def test_the_menu_is_a_button_and_closes_after_a_choice(server, phone, screenshot_dir):
    page = open_page(phone, server, "", VIEW_2024)
    try:
        button = page.locator("[data-testid='stExpandSidebarButton']")
        assert button.is_visible()
        label = button.evaluate("e => getComputedStyle(e, '::after').content")
        assert "Menu" in label, label
        box = button.bounding_box()
        assert box and box["width"] >= 60          # a button with a word on it, not a bare "»"
        button.click()
        link = page.locator("[data-testid='stSidebarNavLink']", has_text="Nhiệm vụ")
        link.wait_for(state="visible", timeout=30_000)
        page.screenshot(path=str(screenshot_dir / "phone-menu-open.png"))
        link.click()
        page.wait_for_url("**/nhiem-vu?**", timeout=60_000)
        settled(page)
        # the menu has closed: its button is back and the menu no longer covers the page
        button.wait_for(state="visible", timeout=30_000)
        page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]')"
                               ".getBoundingClientRect().right <= 0", timeout=30_000)
        shows(page, "Nhiệm vụ trọng tâm năm 2024")
        page.screenshot(path=str(screenshot_dir / "phone-menu-closed.png"))
    finally:
        page.close()


def test_a_desk_browser_keeps_its_tables_at_any_width(server, browser):
    """The cards are drawn for a phone's browser only: a desk's browser, even narrowed, gets the table (it
    scrolls), and no cards it would load for nothing."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="vi-VN")
    try:
        page = context.new_page()
        sign_in(page, server)
        page.goto(f"{server.url}/tinh-hinh-nop?{VIEW_2024}")
        shows(page, "Bảng theo đơn vị")
        settled(page)
        assert page.locator(".cchc-card").count() == 0
        assert page.locator(".st-key-desk_board_grid [data-testid='stDataFrame']").is_visible()
    finally:
        context.close()
