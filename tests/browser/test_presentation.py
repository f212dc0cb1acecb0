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
    ("Hà Tĩnh giữa các tỉnh", ["PAPI 2024: Hà Tĩnh xếp hạng 6/61 (hạng tự tính) cả nước, thứ 1/6 Bắc Trung Bộ.",
                               "Hạng trong vùng", "61/63"]),
]


# What a screen draws: every visible element outside the viewport; every text cut (an element whose content
# overflows a box that hides it, a chart text outside its chart, a page text under another element, a chart text
# on another); and every text's size as drawn (a chart text's font size times the scale Plotly gave it).
DRAWN = """() => {
  const width = window.innerWidth, height = window.innerHeight;
  const shown = e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return s.visibility === 'visible' && s.display !== 'none' && parseFloat(s.opacity) > 0 && r.width > 1 && r.height > 1; };
  const name = e => `${e.tagName} «${(e.value || e.textContent || '').trim().slice(0, 50)}»`;
  const outside = [], cut = [], sizes = [];
  for (const e of document.querySelectorAll('body *')) {
    if (!shown(e) || e.closest('#js-plotly-tester')) continue;      // Plotly measures text off the page
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (r.left < -1 || r.top < -1 || r.right > width + 1 || r.bottom > height + 1) outside.push(name(e));
    if (!(e instanceof SVGElement) && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
        && (s.textOverflow === 'ellipsis' || s.overflowX !== 'visible' || s.overflowY !== 'visible')) cut.push(name(e));
    const typed = e.tagName === 'INPUT' && e.value.trim();              // a field's text is its value
    if (!typed && ![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (e.closest('[data-testid="stIconMaterial"]')) continue;        // an icon's name, drawn as a picture
    let size = parseFloat(s.fontSize);
    if (e instanceof SVGElement) {
      const m = e.getScreenCTM(), chart = e.ownerSVGElement.getBoundingClientRect();
      size *= Math.hypot(m.a, m.b);
      if (r.left < chart.left - 1 || r.right > chart.right + 1 || r.top < chart.top - 1 || r.bottom > chart.bottom + 1)
        cut.push(name(e));
    } else {
      const top = document.elementFromPoint(Math.min(Math.max(r.left + 2, 0), width - 1),
                                            Math.min(Math.max(r.top + r.height / 2, 0), height - 1));
      if (top && !e.contains(top) && !top.contains(e)) cut.push(name(e) + ' under ' + name(top));
    }
    sizes.push([size, name(e)]);
  }
  for (const chart of document.querySelectorAll('.main-svg')) {
    const boxes = [...chart.querySelectorAll('text')].filter(t => t.textContent.trim() && shown(t))
      .map(t => [t, t.getBoundingClientRect()]);
    boxes.forEach(([t, a], i) => boxes.slice(i + 1).forEach(([u, b]) => {
      if (a.left < b.right - 2 && b.left < a.right - 2 && a.top < b.bottom - 2 && b.top < a.bottom - 2)
        cut.push(name(t) + ' over ' + name(u));
    }));
  }
  const px = selector => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize);
  sizes.sort((a, b) => a[0] - b[0]);
  return {outside, cut, smallest: sizes[0], title: px('.cchc-screen h1'), headline: px('.cchc-headline'),
          scrolls: document.documentElement.scrollHeight > height};
}"""


def px(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def fits(page) -> None:
    """The screen fits the viewport with nothing cut, and a room reads every text: none under 16 px as drawn,
    the title and the headline at 24 px or more."""
    drawn = page.evaluate(DRAWN)
    assert not drawn["scrolls"] and drawn["outside"] == [] and drawn["cut"] == []
    assert drawn["smallest"][0] >= 16, drawn["smallest"]
    assert drawn["title"] >= 24 and drawn["headline"] >= 24


@pytest.fixture(scope="module")
def leader(server, browser):
    """A browser signed in once as the leadership account, on the overview, from which the presentation is
    reachable; each test opens a tab of it at its size."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    sign_in(page, server)
    page.get_by_text("Trình chiếu cho cuộc họp").first.wait_for(timeout=60_000)
    page.close()
    yield context
    context.close()


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_every_screen_on_a_projector(server, leader, screenshot_dir, width, height):
    page = leader.new_page()
    try:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(server.url + "/trinh-chieu?period=2024-Q4&asof=2024-12-31&screen=1")
        for number, (title, texts) in enumerate(SCREENS, 1):
            page.get_by_role("heading", name=title).wait_for(timeout=60_000)
            page.get_by_text(f"{number}/{len(SCREENS)}", exact=True).wait_for(timeout=10_000)
            settled(page)                                   # the screen has drawn, its chart too
            for text in ("Quý IV/2024 · Số liệu đến ngày 31/12/2024", "DỮ LIỆU MẪU", *texts):
                shows(page, text)
            assert not page.locator("header[data-testid='stHeader']").is_visible()
            assert page.locator("[data-testid='stException']").count() == 0
            fits(page)
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


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_the_sample_plan_fits_a_projector(server, leader, screenshot_dir, width, height):
    """The 2026 sample plan (its second quarter, as of its last day): longer names, other numbers, the same fit."""
    page = leader.new_page()
    try:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(server.url + "/trinh-chieu?period=2026-Q2&asof=2026-06-30&screen=1")
        for number in range(1, len(SCREENS) + 1):          # turned by the keyboard, as in a meeting
            page.get_by_text(f"{number}/{len(SCREENS)}", exact=True).wait_for(timeout=60_000)
            settled(page)
            shows(page, "KẾ HOẠCH MẪU, DỮ LIỆU MẪU")
            shows(page, "Quý II/2026 · Số liệu đến ngày 30/06/2026")
            fits(page)
            page.screenshot(path=str(screenshot_dir / f"trinh-chieu-2026-{number}-{width}x{height}.png"))
            page.keyboard.press("ArrowRight")
    finally:
        page.close()
