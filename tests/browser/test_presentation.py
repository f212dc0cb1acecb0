"""Presentation mode on a projector's sizes: every screen with its as-of date, sample label and key
numbers, large type, no menus, turned by the keyboard, no serious or critical accessibility violation
(axe-core). Screenshots for a person to look at."""
import pytest

from tests.browser.conftest import accessible, settled, shows, sign_in

pytestmark = pytest.mark.browser

SCREENS = [
    ("Năm chỉ số cải cách hành chính của tỉnh", ["PAR INDEX 2024: 89,72%, xếp hạng 15/63.", "SIPAS", "7/34"]),
    ("Chỉ tiêu năm 2024 theo trạng thái", ["chỉ tiêu đã đạt", "Chậm, khó đạt", "Dự báo cuối năm"]),
    ("Các đơn vị chậm tiến độ nhất", ["Tỉ lệ chưa đạt tiến độ", "Văn phòng UBND tỉnh"]),
    ("Nhiệm vụ quá hạn theo đơn vị chủ trì", ["nhiệm vụ quá hạn đến ngày 31/12/2024", "Sở Nội vụ"]),
    ("Tình hình nộp báo cáo Quý IV/2024", ["đơn vị đã nộp báo cáo Quý IV/2024 (hạn 15/01/2025)", "UBND cấp xã"]),
    ("Bản đồ 69 xã, phường theo trạng thái chỉ tiêu", ["xã, phường đạt", "Số liệu trước 01/07/2025", "Số xã, phường"]),
]


def px(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_every_screen_on_a_projector(server, browser, screenshot_dir, width, height):
    page = browser.new_page(viewport={"width": width, "height": height}, locale="en-US")
    try:
        sign_in(page, server)
        page.get_by_text("Trình chiếu cho cuộc họp").first.wait_for(timeout=60_000)   # reachable from the pages
        page.goto(server.url + "/trinh-chieu?period=2024-Q4&asof=2024-12-31&screen=1")
        for number, (title, texts) in enumerate(SCREENS, 1):
            page.get_by_role("heading", name=title).wait_for(timeout=60_000)
            page.get_by_text(f"{number}/{len(SCREENS)}", exact=True).wait_for(timeout=10_000)
            settled(page)                                   # the screen has drawn, its chart too
            for text in ("Quý IV/2024 · Số liệu đến ngày 31/12/2024", "DỮ LIỆU MẪU", *texts):
                shows(page, text)
            assert not page.locator("header[data-testid='stHeader']").is_visible()
            assert page.locator("[data-testid='stException']").count() == 0
            accessible(page)
            if width == 1920:
                assert px(page, ".cchc-screen h1") >= 40 and px(page, ".cchc-table td") >= 24
            page.screenshot(path=str(screenshot_dir / f"trinh-chieu-{number}-{width}x{height}.png"))
            page.keyboard.press("ArrowRight")               # a presenter's clicker sends the same key
        page.get_by_role("heading", name=SCREENS[0][0]).wait_for(timeout=30_000)   # after the last, the first
        page.keyboard.press("ArrowLeft")
        page.get_by_role("heading", name=SCREENS[-1][0]).wait_for(timeout=30_000)
        if width == 1280:                                   # auto-advance: the next screen comes by itself
            settled(page)                                   # the screen has settled after the key press
            choice = page.get_by_role("combobox", name="Tự chuyển màn hình")
            choice.click()
            choice.fill("10 giây")
            page.get_by_role("option", name="Tự chuyển sau 10 giây").click()
            page.get_by_role("heading", name=SCREENS[0][0]).wait_for(timeout=25_000)
    finally:
        page.close()
