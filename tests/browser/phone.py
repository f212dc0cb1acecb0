"""What a leader's phone (390×844, issue 20) must show of a dashboard page, checked on a page already open at that
size: the headline numbers on the first screen, the filters folded into one line, cards instead of wide tables
(status first), no hover-only hints; and screenshots of the first three screens.

tests/browser/test_pages.py checks every dashboard page this way after its desk and projector sizes;
tests/browser/test_phone.py has what a phone does with a page (the menu, the filter line).
"""
WIDTH, HEIGHT = 390, 844
# What a phone's browser says it is (Chrome on Android): the app draws the cards only for a phone (web.phone).
USER_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 "
              "Mobile Safari/537.36")
# The filter line's text for the views the browser tests open: 2024 by default, and the 2026 sample.
SUMMARIES = {"2024": "Quý IV/2024 · đến 31/12/2024", "2026": "2026 (mẫu) · Quý II/2026 · đến 30/06/2026"}
FILTERS = ["Năm kế hoạch", "Kỳ báo cáo", "Số liệu đến ngày", "Cấp", "Loại đơn vị"]

# Every table on screen (a data grid or a plain table) and how wide its content is: a grid that scrolls sideways
# hides columns behind the screen's edge.
TABLE_WIDTHS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]')]
    .filter(e => e.checkVisibility())
    .map(e => { const inner = e.querySelector('.dvn-scroller') || e.querySelector('table') || e;
                return Math.max(e.getBoundingClientRect().right, e.getBoundingClientRect().left + inner.scrollWidth); })"""


def screens(page, path) -> None:
    """The first screen, then the next two (Streamlit scrolls inside its own container, not the window)."""
    page.screenshot(path=str(path).format(n=0))
    for n in (1, 2):
        page.evaluate("n => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, n * 780)", n)
        page.wait_for_function("n => document.querySelector('[data-testid=\"stMain\"]').scrollTop > 0 || n == 0", arg=n)
        page.screenshot(path=str(path).format(n=n))
    page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")


def holds_on_a_phone(page, summary: str, cards: bool, former_unit: bool = False) -> None:
    """The page, open at 390×844, shows what a phone needs. ``cards``: it opens on a table, shown as cards;
    ``former_unit``: a unit that no longer exists, which shows what it became first and no numbers."""
    assert page.locator("[data-testid='stException']").count() == 0
    # the page's headline numbers are on the first screen
    if former_unit:
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
        assert first == ("cchc-card-title" if former_unit else "cchc-card-status")
    # no hint that needs a mouse
    text = page.inner_text("body").lower()
    assert "chuột" not in text and "hover" not in text
