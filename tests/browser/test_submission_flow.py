"""The whole path of a report in a real browser: a commune's reporter downloads the template, sends it
with a mistake, reads the message for the right cell, downloads the marked-up copy, sends the corrected
file; then Sở Nội vụ sees the commune's report on the board, late (the quarter ended in 2024)."""
import io
from datetime import date

import openpyxl
import pytest

from cchc.formatting import format_date
from tests.browser.conftest import DEMO_PASSWORDS, settled, shows, sign_in
from tests.etl.workbooks import fill_targets_template

pytestmark = pytest.mark.browser


def download(page, button: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name=button).click()
    return started.value.suggested_filename, open(started.value.path(), "rb").read()


def send(page, path) -> None:
    page.locator("input[type='file']").set_input_files(str(path))
    # the button is enabled once the file is in the picker (long names are shortened there)
    page.get_by_role("button", name="Nộp các tệp đã chọn").click(timeout=30_000)


def look_up_yen_ho(page, url: str) -> None:
    """The board's look-up of one unit, for Xã Yên Hồ in Quý IV/2024."""
    page.goto(url + "/tinh-hinh-nop?period=2024-Q4")
    page.get_by_role("tab", name="Tra cứu một đơn vị").click()
    picker = page.get_by_role("combobox", name="Đơn vị cần tra cứu")
    picker.click()
    picker.fill("Yên Hồ")
    page.get_by_role("option", name="Xã Yên Hồ (X18253)").click()


def test_reporter_fixes_a_rejected_file_and_the_board_shows_it(server, browser, screenshot_dir, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", accept_downloads=True)
    page = context.new_page()
    try:
        sign_in(page, server, "demo.yenho")
        page.get_by_text("Nộp báo cáo của Xã Yên Hồ").first.wait_for(timeout=60_000)
        name, template = download(page, "Tải mẫu báo cáo (Excel)")
        assert name == "targets_2024-Q4_X18253.xlsx"          # the period the commune still owes comes first

        bad, bad_cell = fill_targets_template(template, numerator_too_big=True)
        wrong = tmp_path / "chi-tieu-quy-4.xlsx"
        wrong.write_bytes(bad)
        send(page, wrong)
        page.get_by_text("bị từ chối").first.wait_for(timeout=60_000)
        row = page.locator("tr", has_text="Tử số (60) lớn hơn mẫu số (50).").first
        row.wait_for(timeout=30_000)
        cells = row.locator("td, th").all_inner_texts()
        assert cells[:4] == ["Lỗi", "Báo cáo", bad_cell, "60"], cells
        page.screenshot(path=str(screenshot_dir / "nop-bao-cao-tu-choi-1280x900.png"), full_page=True)

        name, data = download(page, "Tải bản có đánh dấu các ô cần sửa")   # the result's, not the history's
        assert name == "can-sua_chi-tieu-quy-4.xlsx"
        marked = openpyxl.load_workbook(io.BytesIO(data))
        assert marked.sheetnames[0] == "Lỗi cần sửa"
        assert "Tử số (60) lớn hơn mẫu số (50)." in marked["Báo cáo"][bad_cell].comment.text

        good, _ = fill_targets_template(template)
        fixed = tmp_path / "chi-tieu-quy-4-da-sua.xlsx"
        fixed.write_bytes(good)
        send(page, fixed)
        page.get_by_text("chi-tieu-quy-4-da-sua.xlsx: đã nhận").wait_for(timeout=60_000)
        page.screenshot(path=str(screenshot_dir / "nop-bao-cao-da-nhan-1280x900.png"), full_page=True)

        page.get_by_role("button", name="Đăng xuất").click()
        page.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)
        sign_in(page, server, "demo.quantri")
        look_up_yen_ho(page, server.url)
        line = f"Quý IV/2024 · báo cáo chỉ tiêu: Trễ hạn — nộp ngày {format_date(date.today())} (hạn 15/01/2025)"
        page.get_by_text(line).wait_for(timeout=30_000)
        page.screenshot(path=str(screenshot_dir / "tinh-hinh-nop-tra-cuu-1280x900.png"), full_page=True)
    finally:
        context.close()
    server_log = server.log_file.read_text(encoding="utf-8", errors="replace")
    assert not any(password in server_log for password in DEMO_PASSWORDS.values())


def drawn_text(locator) -> tuple[str, str]:
    """What an element shows of its own text (its font size) and in its place (the ::after the glue writes)."""
    return tuple(locator.evaluate("""e => [getComputedStyle(e).fontSize,
                                           getComputedStyle(e, '::after').content.replace(/^"|"$/g, '')]"""))


def test_the_upload_page_says_what_is_due_and_its_file_picker_speaks_vietnamese(server, browser, screenshot_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        sign_in(page, server, "demo.yenho")
        due = page.get_by_text("Báo cáo phải nộp năm 2024")
        due.wait_for(timeout=60_000)
        shows(page, "Tình trạng tính đến ngày")
        assert due.bounding_box()["y"] < page.get_by_test_id("stDataFrame").first.bounding_box()["y"] \
            < page.get_by_text("Loại báo cáo").bounding_box()["y"]        # the table of the reports due, first
        zone = page.get_by_test_id("stFileUploaderDropzone")
        zone.wait_for(timeout=30_000)
        button = zone.get_by_test_id("stBaseButton-secondary").locator("p")
        limit = page.get_by_test_id("stFileUploaderDropzoneInstructions").locator("span")
        assert drawn_text(button) == ("0px", "Chọn tệp")          # Streamlit's "Upload", hidden
        assert drawn_text(limit) == ("0px", "Tối đa 20 MB mỗi tệp • XLSX, XLSM, XLS")
        assert button.evaluate("e => e.getBoundingClientRect().width") > 40     # the text drawn takes its room
        zone.screenshot(path=str(screenshot_dir / "nop-bao-cao-chon-tep.png"))
        page.screenshot(path=str(screenshot_dir / "nop-bao-cao-phai-nop-1280x900.png"), full_page=True)
        dragged = page.evaluate_handle("() => { const d = new DataTransfer(); d.items.add(new File(['x'], 'a.xlsx'));"
                                       " return d; }")
        zone.dispatch_event("dragenter", {"dataTransfer": dragged})
        drop = zone.locator("input + div > span")
        drop.wait_for(timeout=10_000)
        assert drawn_text(drop) == ("0px", "Thả tệp vào đây")     # "Drag and drop files here"
    finally:
        context.close()


def test_links_survive_the_sign_in(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(server.url + "/chi-tieu?period=2024-Q2")          # a link sent to leadership, not signed in
        page.get_by_label("Tên đăng nhập").fill("demo.lanhdao")
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORDS["demo.lanhdao"])
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Chỉ tiêu kế hoạch CCHC năm 2024").wait_for(timeout=60_000)
        shows(page, "Quý II/2024")
        page.get_by_role("button", name="Đăng xuất").click()
        page.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)     # signed out (the session has ended)
        sign_in(page, server, "demo.yenho")
        page.wait_for_function("document.cookie.includes('cchc_session=')", timeout=30_000)   # the cookie is written
        page.goto(server.url + "/nop-bao-cao")                        # the reporter's page by its address, reloaded
        page.get_by_text("Nộp báo cáo của Xã Yên Hồ").first.wait_for(timeout=60_000)
        settled(page)
        assert "Page not found" not in page.inner_text("body")
    finally:
        page.close()
