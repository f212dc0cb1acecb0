"""Every page in a real browser at desk and projector sizes, and the dashboard pages on a phone: key text on
screen, no exception shown, no serious or critical accessibility violation (axe-core).

Each page is loaded once, at 1920×1080, then given the projector's 1280×720 and the phone's 390×844 as a window
resized (the layout is CSS; Streamlit runs nothing again), which costs a fraction of loading it again.
Screenshots go to test-output/screenshots/ for a person to look at.
"""
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.browser import phone
from tests.browser.conftest import accessible, resize, settled, shows, sign_in

pytestmark = pytest.mark.browser

# (name, address, texts, phone): ``phone`` is None for a page used at a desk only, else what the phone checks
# expect: (the view, whether the page opens on a table shown as cards, whether it is a former unit).
PAGES = [
    ("tong-quan", "", ["Tổng quan cải cách hành chính tỉnh Hà Tĩnh", "89,72%", "Nhiệm vụ quá hạn đến", "PAR INDEX 2024",
                       "15/63", "tăng 3 bậc", "SIPAS 2024", "85,17%", "PCI 2022", "67,18", "Hạng 7/34",
                       "Nguồn: baohatinh.vn"], ("2024", False, False)),
    ("chi-tieu", "chi-tieu", ["Chỉ tiêu kế hoạch CCHC năm 2024", "Cách xác định trạng thái", "Chi tiết một chỉ tiêu"],
     ("2024", True, False)),
    ("nhiem-vu", "nhiem-vu", ["Nhiệm vụ trọng tâm năm 2024", "Quá hạn", "Danh sách"], ("2024", True, False)),
    ("chi-so", "chi-so", ["PAR INDEX", "15/63"], ("2024", False, False)),
    ("so-sanh", "so-sanh", ["Hà Tĩnh giữa các tỉnh", "6/61", "Hạng trong Bắc Trung Bộ", "Yếu nhất:"],
     ("2024", False, False)),
    ("don-vi", "don-vi?unit=H436", ["Thành phố Hà Tĩnh"], ("2024", True, False)),
    ("tinh-hinh-nop", "tinh-hinh-nop", ["Tình hình nộp báo cáo", "Tra cứu một đơn vị"], ("2024", True, False)),
    ("nop-bao-cao", "nop-bao-cao", ["Nộp báo cáo", "Bước 1.", "Lịch sử nộp báo cáo của"], None),
    ("tai-khoan", "tai-khoan", ["Quản lý tài khoản", "demo.yenho", "Tạo tài khoản mới"], None),
    ("lien-he", "lien-he", ["Địa chỉ thư điện tử của các đơn vị", "chưa có địa chỉ thư nào", "Thêm một địa chỉ cho đơn vị",
                            "Tải mọi địa chỉ (CSV)"], None),
    ("nhat-ky", "nhat-ky", ["Nhật ký hệ thống", "mục từ", "Tải bảng (Excel)"], None),
    ("ket-qua-cong-bo", "ket-qua-cong-bo", ["Kết quả công bố của các tỉnh", "Nạp bảng xếp hạng toàn quốc",
                                            "Nhập tay kết quả của một tỉnh"], None),
]
# The 2026 sample plan, as the dashboard pages show it: marked as a sample on every page (issue 20).
SAMPLE_VIEW = "period=2026-Q2&asof=2026-06-30"
SAMPLE = "Kế hoạch mẫu năm 2026"
SAMPLE_PAGES = [
    ("tong-quan-2026", f"?{SAMPLE_VIEW}", ["Tổng quan cải cách hành chính tỉnh Hà Tĩnh · KẾ HOẠCH MẪU", SAMPLE],
     ("2026", False, False)),
    ("chi-tieu-2026", f"chi-tieu?{SAMPLE_VIEW}", ["Chỉ tiêu kế hoạch CCHC năm 2026 · KẾ HOẠCH MẪU", SAMPLE],
     ("2026", True, False)),
    ("nhiem-vu-2026", f"nhiem-vu?{SAMPLE_VIEW}", ["Nhiệm vụ trọng tâm năm 2026 · KẾ HOẠCH MẪU", SAMPLE],
     ("2026", True, False)),
    ("chi-so-2026", f"chi-so?{SAMPLE_VIEW}", ["PAR INDEX", SAMPLE], ("2026", False, False)),
    ("don-vi-2026", f"don-vi?unit=X2025-18073&{SAMPLE_VIEW}", ["Phường Thành Sen", SAMPLE], ("2026", True, False)),
    # a unit that ended on 01/07/2025: what it became, its history, no current tables
    ("don-vi-cu-2026", f"don-vi?unit=H436&{SAMPLE_VIEW}", ["Thành phố Hà Tĩnh", "không còn tồn tại"],
     ("2026", True, True)),
    ("tinh-hinh-nop-2026", f"tinh-hinh-nop?{SAMPLE_VIEW}", ["Tình hình nộp báo cáo · KẾ HOẠCH MẪU", SAMPLE],
     ("2026", True, False)),
]
PROJECTOR = (1280, 720)


@pytest.fixture(scope="module")
def signed_in(server, browser):
    """A browser signed in once as the administrator (who sees every page); each test opens its page in a
    new tab of it, as a person following a link would. It says it is a phone's (the app then draws the phone's
    cards too, hidden at a desk's width), so that one load of a page is seen at the desk's, the projector's and
    the phone's sizes; tests/browser/test_phone.py checks that a desk's browser gets its tables alone."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-US",
                                  user_agent=phone.USER_AGENT)
    page = context.new_page()
    sign_in(page, server, "demo.quantri")
    page.get_by_text("89,72%", exact=True).wait_for(timeout=90_000)   # the first page registers the others
    page.wait_for_function("document.cookie.includes('cchc_session=')", timeout=30_000)
    page.close()
    yield context
    context.close()


def shows_the_page(page, texts: list[str], shot) -> str:
    """The page's texts are on screen, with no error and no accessibility violation; a screenshot of it whole.
    Returns the page's text."""
    settled(page)                                      # the page has drawn, its charts too
    for text in texts:
        shows(page, text)
    body = page.inner_text("body")
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in body and "Đã có lỗi khi hiển thị trang" not in body
    accessible(page)
    page.screenshot(path=str(shot), full_page=True)
    return body


@pytest.mark.parametrize("name, path, texts, on_phone", PAGES + SAMPLE_PAGES, ids=[c[0] for c in PAGES + SAMPLE_PAGES])
def test_page_in_the_browser(server, signed_in, screenshot_dir, name, path, texts, on_phone):
    page = signed_in.new_page()
    try:
        page.goto(f"{server.url}/{path}")
        page.get_by_text(texts[0]).filter(visible=True).first.wait_for(timeout=90_000)   # not a map unit's title
        sizes = [(1920, 1080)] + ([PROJECTOR] if on_phone else [])      # the desk-only pages are not projected
        for width, height in sizes:
            if (width, height) != (1920, 1080):
                resize(page, width, height)
            body = shows_the_page(page, texts, screenshot_dir / f"{name}-{width}x{height}.png")
            if name == "tong-quan":
                # Numbers are formatted on the server: an English-language browser still sees Vietnamese formats.
                assert "89.72" not in body
                no_blank_band_under_the_menu(page)
                metric_box = page.locator("[data-testid='stMetricValue']").first.bounding_box()
                assert metric_box and metric_box["height"] >= 30      # the headline number stays large
                the_map(page, screenshot_dir / f"ban-do-{width}x{height}.png")
        if on_phone:
            view, cards, former = on_phone
            resize(page, phone.WIDTH, phone.HEIGHT)
            phone.holds_on_a_phone(page, phone.SUMMARIES[view], cards, former)
            phone.screens(page, screenshot_dir / f"phone-{name.removesuffix('-2026')}-{view}-{{n}}.png")
        if name == "tong-quan":
            resize(page, 1920, 1080)
            a_map_click_opens_the_unit_on_the_same_view(page)
    finally:
        page.close()


def test_the_sign_in_page_is_accessible(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="en-US")
    try:
        page.goto(server.url + "/")
        page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
        settled(page)
        accessible(page)
    finally:
        page.close()


# The distance from the bottom of Streamlit's top bar (its menu) to the first element of the page.
BAND = """() => {
  const menu = document.querySelector('[data-testid="stHeader"]').getBoundingClientRect().bottom;
  const first = document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] > *');
  return first.getBoundingClientRect().top - menu;
}"""


def no_blank_band_under_the_menu(page) -> None:
    """Issue 20: a blank band of about 90 px sat above the filter bar on every page. The page now starts right under
    the menu; without the app's rule for it (web.style), the band comes back."""
    gap = page.evaluate(BAND)
    assert gap <= 24, f"{gap:.0f} px of blank band under the menu"
    page.evaluate("""() => { for (const sheet of document.styleSheets) {
        if ([...sheet.cssRules].some(r => r.cssText.includes('stMainBlockContainer'))) sheet.disabled = true; } }""")
    without = page.evaluate(BAND)
    page.evaluate("() => { for (const sheet of document.styleSheets) sheet.disabled = false; }")
    assert without - gap >= 40, f"{without:.0f} px without the app's CSS, {gap:.0f} px with it"


def the_map(page, path) -> None:
    """The overview's map: all 69 units drawn (from the shipped boundaries, nothing fetched), each a link, its
    credit, a picture of it alone."""
    chart = page.locator("figure:has(.cchc-map)")
    assert chart.locator(".cchc-map a").count() == 69
    assert "sapnhap.bando.com.vn" in chart.inner_text()
    chart.screenshot(path=str(path))


def a_map_click_opens_the_unit_on_the_same_view(page) -> None:
    """A unit chosen on the overview's map opens its page on the Units page, on the view the overview showed."""
    view = dict(parse_qsl(urlsplit(page.url).query))
    shown_date = page.locator("[data-testid='stDateInput'] input").first.input_value()
    # by the keyboard, as anyone may: a unit is a link (a click lands on the unit under the pointer, the same)
    unit = page.locator(".cchc-map a[aria-label^='Phường Thành Sen']")
    unit.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/don-vi" in url and "unit=X2025-18073" in url, timeout=60_000)
    settled(page)
    shows(page, "Phường Thành Sen")
    assert page.locator("[data-testid='stException']").count() == 0
    # the unit opens on the same view (issue 20: it was computed as of today under a bar saying 31/12/2024)
    opened = dict(parse_qsl(urlsplit(page.url).query))
    assert {k: opened.get(k) for k in ("period", "asof", "level", "kind")} == \
        {k: view[k] for k in ("period", "asof", "level", "kind")}
    assert page.locator("[data-testid='stDateInput'] input").first.input_value() == shown_date
