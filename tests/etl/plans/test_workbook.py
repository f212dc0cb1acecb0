"""The plan workbook as written: its sheets, headers, dropdowns, protection and instructions in Vietnamese, and
the pre-filled copy of another year's plan moved to the new year."""
import io
from datetime import datetime

from openpyxl import load_workbook

from cchc.store import db
from etl.plans import (
    AREAS_SHEET,
    DEADLINES_SHEET,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    PLAN_SHEET,
    TARGETS_SHEET,
    TASKS_SHEET,
)
from etl.plans.workbook import plan_workbook_bytes
from tests.etl.plans.workbooks import column, row_of


def test_empty_template_of_2026(db_path):
    conn = db.connect(db_path, read_only=True)
    try:
        book = load_workbook(io.BytesIO(plan_workbook_bytes(conn, 2026)))
    finally:
        conn.close()
    assert book.sheetnames == [INSTRUCTIONS_SHEET, PLAN_SHEET, AREAS_SHEET, TARGETS_SHEET, TASKS_SHEET,
                               DEADLINES_SHEET, LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    instructions = "\n".join(str(c.value) for c in book[INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "HƯỚNG DẪN ĐIỀN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026" in instructions and "(*)" in instructions
    assert [c.value for c in book[PLAN_SHEET][2]][:2] == [2026, "Kế hoạch cải cách hành chính tỉnh Hà Tĩnh năm 2026"]
    targets = book[TARGETS_SHEET]
    assert targets["A1"].value == "Mã chỉ tiêu (*)" and targets["B1"].value == "Cấp (*)"
    assert targets.protection.sheet and targets["A1"].protection.locked and not targets["A2"].protection.locked
    assert targets["A2"].number_format == "@"      # a code such as "1.10" stays text
    lists = book[LISTS_SHEET]
    ranges = {str(dv.sqref)[:1]: dv.formula1 for dv in targets.data_validations.dataValidation}
    level_list = ranges["B"].split("!")[1].replace("$", "").split(":")
    levels = [c.value for row in lists[level_list[0]:level_list[1]] for c in row if c.value]
    assert "Cấp huyện" not in levels and "Cấp tỉnh" in levels and "Mọi cấp" in levels   # no district after 1/7/2025
    assert ranges["C"] == f"='{AREAS_SHEET}'!$A$2:$A$202"
    assert {"P", "Q", "H", "J", "O", "K"} <= set(ranges)     # units, indices, choices and the number check
    assert ranges["K"] == "0"


def test_prefilled_from_2024_moves_the_year(db_path):
    conn = db.connect(db_path, read_only=True)
    try:
        book = load_workbook(io.BytesIO(plan_workbook_bytes(conn, 2026, from_year=2024)))
    finally:
        conn.close()
    assert book[PLAN_SHEET]["A2"].value == 2026 and "năm 2026" in book[PLAN_SHEET]["B2"].value
    targets = book[TARGETS_SHEET]
    row = row_of(book, TARGETS_SHEET, code="CDDH-1.2")
    assert targets.cell(row=row, column=column(TARGETS_SHEET, "level")).value == "Cấp tỉnh"
    assert targets.cell(row=row, column=column(TARGETS_SHEET, "target_value")).value == 3
    filled = {name: sum(1 for (value,) in book[name].iter_rows(min_row=2, max_col=1, values_only=True) if value)
              for name in (TARGETS_SHEET, TASKS_SHEET, AREAS_SHEET, DEADLINES_SHEET)}
    assert filled == {TARGETS_SHEET: 52, TASKS_SHEET: 93, AREAS_SHEET: 7, DEADLINES_SHEET: 12}
    deadlines = book[DEADLINES_SHEET]
    row = row_of(book, DEADLINES_SHEET, period="2026-Q1", report="Báo cáo chỉ tiêu")
    assert deadlines.cell(row=row, column=column(DEADLINES_SHEET, "due_date")).value == datetime(2026, 4, 15)
