"""The annotated copy sent back to a clerk: their own workbook with the problem cells marked."""
import io
from datetime import date

from openpyxl import load_workbook

from etl.annotate import SUMMARY_SHEET, annotated_copy
from etl.ingest import ingest_bytes
from tests.etl.workbooks import report_rows, xls_bytes, xlsx_bytes


def _rejected(conn, tmp_path, data, name="bao-cao.xlsx"):
    result = ingest_bytes(conn, data, name, "tester", tmp_path / "archive", today=date(2024, 7, 10))
    assert result.status == "rejected"
    return result


def test_problem_cells_are_filled_and_commented(conn, tmp_path):
    grid = report_rows("targets", "H436", "2024-Q2", [
        {"target_code": "TTHC-3.1", "numerator": 45, "denominator": 40},
        {"target_code": "TTHC-3.2b", "value": 0.7},
    ], name="Thành phố Hà Tĩnh")
    data = xlsx_bytes(grid)
    result = _rejected(conn, tmp_path, data)
    book = load_workbook(io.BytesIO(annotated_copy(data, result.problems)))
    assert book.sheetnames[0] == SUMMARY_SHEET
    sheet = book["Báo cáo"]
    assert sheet["F7"].fill.fgColor.rgb.endswith("F4B6B6")
    assert sheet["F7"].comment.text == "Tử số (45) lớn hơn mẫu số (40)."
    assert sheet["H8"].fill.fgColor.rgb.endswith("FFE08A")          # a warning: 0,7 read as 70%
    assert sheet["B7"].value == "TTHC-3.1" and sheet["F7"].value == 45   # the clerk's own values stay
    rows = list(book[SUMMARY_SHEET].iter_rows(min_row=2, values_only=True))
    assert ("Lỗi", "Báo cáo", "F7", "45", "Tử số (45) lớn hơn mẫu số (40).") in rows


def test_file_level_problem_and_legacy_xls(conn, tmp_path):
    grid = report_rows("targets", "XYZ", "2024-Q2", [{"target_code": "TTHC-3.1", "value": 80}])
    data = xls_bytes(grid)
    result = _rejected(conn, tmp_path, data, "bao-cao.xls")
    book = load_workbook(io.BytesIO(annotated_copy(data, result.problems)))
    assert book["Báo cáo"]["C1"].comment.text == "Mã đơn vị 'XYZ' không có trong danh mục đơn vị."
    assert book["Báo cáo"]["B7"].value == "TTHC-3.1"
