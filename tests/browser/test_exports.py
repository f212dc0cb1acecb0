"""Downloads a user takes away: a page's table as Excel with the page's Vietnamese headers and values,
and the meeting deck from the overview in one click."""
import io

import openpyxl
import pytest
from pptx import Presentation

from cchc import look
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(server, browser):
    """Leadership signed in, in a browser that accepts downloads."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    signed_in = context.new_page()
    sign_in(signed_in, server)
    yield signed_in
    context.close()


def download(page, button: str):
    with page.expect_download(timeout=90_000) as started:
        page.get_by_role("button", name=button).first.click()
    return started.value


def test_targets_table_to_excel(server, page):
    page.goto(server.url + "/chi-tieu?period=2024-Q2")
    page.get_by_text("Chỉ tiêu kế hoạch CCHC năm 2024").wait_for(timeout=60_000)
    file = download(page, "Tải bảng (Excel)")
    assert file.suggested_filename == "MAU_chi-tieu-2024-Q2.xlsx"          # the sample reports say so
    sheet = openpyxl.load_workbook(io.BytesIO(open(file.path(), "rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == look.SAMPLE_DATA_LABEL
    header = list(rows[1])
    for name in ("Mã", "Chỉ tiêu", "Cấp", "Kế hoạch", "Mới nhất", "Dự báo cuối năm", "Trạng thái"):
        assert name in header, name
    found = {(r[header.index("Mã")], r[header.index("Cấp")]): r for r in rows[2:]}
    assert found[("TTHC-3.1", "Cấp huyện")][header.index("Kế hoạch")] == pytest.approx(0.8)   # a number, "≥ 80%"
    assert sheet.title == "Chỉ tiêu" and sheet.freeze_panes == "A3"


def test_meeting_deck_in_one_click_from_the_overview(server, page):
    page.goto(server.url + "/?period=2024-Q4")
    file = download(page, "Tải bộ trình chiếu (PowerPoint)")
    assert file.suggested_filename == "hop-chi-dao-cchc_2024-Q4_20241231.pptx"
    titles = [slide.shapes[0].text_frame.text for slide in Presentation(file.path()).slides]
    assert titles == ["Tình hình thực hiện Kế hoạch cải cách hành chính năm 2024", "Năm chỉ số cải cách hành chính của tỉnh",
                      "Chỉ tiêu năm 2024 theo trạng thái", "Các đơn vị chậm tiến độ nhất",
                      "Nhiệm vụ quá hạn theo đơn vị chủ trì", "Tình hình nộp báo cáo Quý IV/2024",
                      "Bản đồ 69 xã, phường theo trạng thái chỉ tiêu", "Hà Tĩnh giữa các tỉnh"]
    assert open(download(page, "Tải bộ trình chiếu (PDF)").path(), "rb").read(5) == b"%PDF-"
