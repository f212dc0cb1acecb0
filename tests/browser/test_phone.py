"""The dashboard on a leader's phone (390×844, issue 20): headline numbers on the first screen, the filters folded
into one line, a menu button that closes after a choice, cards instead of wide tables, no hover-only hints.

Screenshots (the first screen and the screens below it) go to test-output/screenshots/phone-*.png.
"""
import pytest

from tests.browser.conftest import settled, shows, sign_in

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844
VIEWS = {"2024": ("period=2024-Q4", "Quý IV/2024 · đến 31/12/2024"),
         "2026": ("period=2026-Q2&asof=2026-06-30", "2026 (mẫu) · Quý II/2026 · đến 30/06/2026")}
# Each dashboard page, and whether it shows a table (as cards on a phone) when it opens.
PAGES = [("tong-quan", "", False), ("chi-tieu", "chi-tieu", True), ("nhiem-vu", "nhiem-vu", True),
         ("chi-so", "chi-so", False), ("don-vi", "don-vi?unit=H436", True), ("tinh-hinh-nop", "tinh-hinh-nop", True)]
FILTERS = ["Năm kế hoạch", "Kỳ báo cáo", "Số liệu đến ngày", "Cấp", "Loại đơn vị"]
CASES = [(name, path, cards, view) for view in VIEWS for name, path, cards in PAGES]

# Every table on screen (a data grid or a plain table) and how wide its content is: a grid that scrolls sideways
# hides columns behind the screen's edge.
TABLE_WIDTHS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]')]
    .filter(e => e.checkVisibility())
    .map(e => { const inner = e.querySelector('.dvn-scroller') || e.querySelector('table') || e;
                return Math.max(e.getBoundingClientRect().right, e.getBoundingClientRect().left + inner.scrollWidth); })"""


@pytest.fixture(scope="module")
def phone(server, browser):
    """A phone's browser, signed in once as the leadership account."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="vi-VN")
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


def screens(page, path) -> None:
    """The first screen, then the next two (Streamlit scrolls inside its own container, not the window)."""
    page.screenshot(path=str(path).format(n=0))
    for n in (1, 2):
        page.evaluate("n => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, n * 780)", n)
        page.wait_for_function("n => document.querySelector('[data-testid=\"stMain\"]').scrollTop > 0 || n == 0", arg=n)
        page.screenshot(path=str(path).format(n=n))
    page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")


@pytest.mark.parametrize("name, path, cards, view", CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_dashboard_page_on_a_phone(server, phone, screenshot_dir, name, path, cards, view):
    query, summary = VIEWS[view]
    page = open_page(phone, server, path, query)
    try:
        assert page.locator("[data-testid='stException']").count() == 0
        # the page's headline numbers are on the first screen
        if name == "don-vi" and view == "2026":     # a former unit: no numbers, what it became begins instead
            box = page.get_by_text("không còn tồn tại").first.bounding_box()
            box = box and {**box, "height": 30}
        else:
            box = page.locator(".st-key-headline, [data-testid='stMetricValue']").first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= HEIGHT, f"headline at {box}"
        # the filters are one line that opens them; the pickers themselves are folded
        line = page.locator(".st-key-filter_summary button")
        assert line.is_visible() and summary in line.inner_text()
        for label in FILTERS:
            assert not page.get_by_label(label, exact=True).first.is_visible(), label
        # no table wider than the screen: cards, status first, instead
        widths = page.evaluate(TABLE_WIDTHS)
        assert all(right <= WIDTH for right in widths), widths
        assert page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollWidth") <= WIDTH
        if cards:
            card = page.locator(".cchc-card").first
            assert card.is_visible()
            first = card.locator(":scope > div").first.get_attribute("class")
            # a former unit shows only its index results, which have no status
            assert first == ("cchc-card-title" if name == "don-vi" and view == "2026" else "cchc-card-status")
        # no hint that needs a mouse
        text = page.inner_text("body").lower()
        assert "chuột" not in text and "hover" not in text
        screens(page, screenshot_dir / f"phone-{name}-{view}-{{n}}.png")
    finally:
        page.close()


def test_the_filter_line_opens_the_filters(server, phone):
    page = open_page(phone, server, "", VIEWS["2024"][0])
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
    page = open_page(phone, server, "", VIEWS["2024"][0])
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
