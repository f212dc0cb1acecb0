"""The annotated copy sent back to a clerk: their own workbook with the problem cells marked, text from the
file kept as text."""
import io
from datetime import date

from openpyxl import load_workbook

from cchc.store import db
from cchc.store.exports import excel_text
from etl.reports.annotate import SUMMARY_SHEET, annotated_copy
from etl.reports.ingest import ingest_bytes
from etl.reports.validation import ERROR, Problem
from tests import hostile_text as hostile
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


def test_text_from_the_file_never_becomes_a_formula(db_path, tmp_path):
    """Values quoted from the file beginning with =, +, - or @ stay text on the first sheet (with Excel's quote
    prefix), the file's own text cells stay text, and what Excel cannot hold (a control character, more than
    32,767 characters) is made to fit instead of breaking the copy. The same for a legacy .xls file."""
    conn = db.connect(db_path)
    try:
        data = hostile.rejected_targets_report()
        result = _rejected(conn, tmp_path, data)
        legacy = xls_bytes(report_rows("targets", "XYZ", "2024-Q2",
                                       [{"target_code": "TTHC-3.1", "note": hostile.FORMULAS[0]}]))
        legacy_problems = _rejected(conn, tmp_path, legacy, "bao-cao.xls").problems
    finally:
        conn.close()
    odd = Problem(ERROR, "Báo cáo", "J7", hostile.LONG + "\x01", "Giá trị 'a\x01b' không đọc được.")
    book = load_workbook(io.BytesIO(annotated_copy(data, [*result.problems, odd])))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    quoted = {row[3].value: row[3] for row in book[SUMMARY_SHEET].iter_rows(min_row=2)}
    for text in hostile.FORMULAS[::2] + hostile.FORMULAS[3:]:
        assert quoted[text].data_type == "s" and quoted[text].quotePrefix, text
    assert excel_text(hostile.LONG + "\x01") in quoted and len(excel_text(hostile.LONG)) == 32_767
    assert book["Báo cáo"]["F7"].value == hostile.FORMULAS[0] and book["Báo cáo"]["F7"].data_type == "s"
    assert book["Báo cáo"]["J7"].comment.text == "Giá trị 'a\ufffdb' không đọc được."

    book = load_workbook(io.BytesIO(annotated_copy(legacy, legacy_problems)))
    note = next(c for row in book["Báo cáo"].iter_rows() for c in row if c.value == hostile.FORMULAS[0])
    assert note.data_type == "s" and note.quotePrefix
