"""Reading a plan workbook: a filled 2026 template is read into the catalog; every kind of mistake is refused
with its sheet, cell and Vietnamese message, and nothing is read from a file that is not a workbook."""
from datetime import date

import pytest

from cchc.store import db
from etl.plans import AREAS_SHEET, DEADLINES_SHEET, PLAN_SHEET, TARGETS_SHEET, TASKS_SHEET
from etl.plans.context import year_context
from etl.plans.reader import PlanRejected, read_plan
from etl.plans.workbook import plan_workbook_bytes
from etl.reading.errors import FileRejected
from tests.etl.plans.workbooks import edited, put_row


def a_department(conn: db.Connection, year: int) -> tuple[str, str]:
    """Code and name of a department valid in ``year``, as the units table holds them now."""
    units = year_context(conn, year).units
    return next((code, name) for code, (name, kind, _) in sorted(units.items()) if kind == "department")


def filled_2026(conn: db.Connection) -> bytes:
    """The empty 2026 template filled as Sở Nội vụ would: one area, a target at two levels, a task, a deadline."""
    code, name = a_department(conn, 2026)

    def fill(book):
        put_row(book, AREAS_SHEET, 2, {"code": "TTHC", "section": "III", "name": "Cải cách thủ tục hành chính"})
        target = {"code": "TTHC-1", "area_code": "TTHC", "item": "1", "source": "Mục II",
                  "text": "95,5% hồ sơ giải quyết đúng hạn", "indicator": "Hồ sơ đúng hạn", "measure": "Tỷ lệ (%)",
                  "unit_of_measure": "%", "direction": "Tối thiểu (≥)", "reported_by": "Đơn vị chủ trì báo cáo",
                  "lead_unit_code": code, "numerator_label": "Số hồ sơ đúng hạn", "denominator_label": "Tổng số hồ sơ"}
        put_row(book, TARGETS_SHEET, 2, {**target, "level": "Cấp tỉnh", "target_value": "95,5"})
        put_row(book, TARGETS_SHEET, 3, {**target, "level": "Mọi cấp", "target_value": 90})
        put_row(book, TASKS_SHEET, 2, {"section": "III", "code": "III-1", "activity": "Rà soát thủ tục",
                                       "deliverable": "Báo cáo", "lead_text": name, "partner_text": "UBND cấp xã",
                                       "deadline_text": "Quý II/2026"})
        put_row(book, DEADLINES_SHEET, 2, {"report": "Báo cáo chỉ tiêu", "period": "2026-Q1",
                                           "due_date": date(2026, 4, 15)})

    return edited(plan_workbook_bytes(conn, 2026), fill)


def test_filled_template_is_read(db_path):
    conn = db.connect(db_path)
    try:
        code, _ = a_department(conn, 2026)
        reading = read_plan(conn, filled_2026(conn), year=2026)
    finally:
        conn.close()
    catalog = reading.catalog
    assert reading.year == 2026 and catalog.plan.iloc[0]["title"] == "Kế hoạch cải cách hành chính tỉnh Hà Tĩnh năm 2026"
    assert catalog.areas[["code", "section", "sort_order"]].values.tolist() == [["TTHC", "III", 1]]
    targets = catalog.targets.set_index("level")
    assert targets.loc["province", "target_value"] == 95.5 and targets.loc["all", "target_value"] == 90
    assert set(targets["measure"]) == {"percent"} and set(targets["direction"]) == {"at_least"}
    assert set(targets["reported_by"]) == {"lead_unit"} and set(targets["lead_unit_code"]) == {code}
    task = catalog.tasks.iloc[0]
    assert (task["area_code"], task["lead_unit_codes"], task["partner_unit_codes"]) == ("TTHC", [code], ["ALL_COMMUNES"])
    assert (task["deadline_kind"], task["due_date"]) == ("fixed", date(2026, 6, 30))
    assert reading.deadlines[["report", "period", "unit_kind", "due_date"]].values.tolist() == [
        ["targets", "2026-Q1", None, date(2026, 4, 15)]]


def test_every_mistake_is_named_with_its_sheet_and_cell(db_path):
    def spoil(book):
        put_row(book, TARGETS_SHEET, 2, {"text": None, "target_value": "nhiều", "lead_unit_code": "XYZ"})
        put_row(book, TARGETS_SHEET, 3, {"level": "Cấp tỉnh", "measure": "khác", "index_code": "ABC",
                                         "area_code": "KHAC"})
        put_row(book, TARGETS_SHEET, 4, {"code": "TTHC-2", "level": "Cấp huyện", "area_code": "TTHC",
                                         "source": "Mục II", "text": "x", "indicator": "x", "measure": "Số lượng",
                                         "direction": "Tối đa (≤)", "target_value": 3, "target_value_max": 2,
                                         "reported_by": "Từng đơn vị báo cáo"})
        put_row(book, TASKS_SHEET, 2, {"deadline_text": "Sớm nhất có thể", "lead_text": "Sở Không Tồn Tại"})
        put_row(book, TASKS_SHEET, 3, {"section": "IX", "code": "III-1", "lead_text": "UBND cấp xã",
                                       "deadline_text": "Thường xuyên"})
        put_row(book, AREAS_SHEET, 3, {"code": "TTHC", "section": "IV", "name": "Trùng mã"})
        put_row(book, DEADLINES_SHEET, 3, {"report": "Báo cáo nhiệm vụ", "period": "2025-Q1", "due_date": "1/4/2026"})
        put_row(book, DEADLINES_SHEET, 4, {"report": "Báo cáo chỉ tiêu", "period": "2026-Q2", "due_date": "32/13/2026"})
        put_row(book, DEADLINES_SHEET, 5, {"report": "Báo cáo chỉ tiêu", "period": "2026-Q1",
                                           "due_date": date(2026, 4, 20)})

    conn = db.connect(db_path)
    try:
        with pytest.raises(PlanRejected) as refused:
            read_plan(conn, edited(filled_2026(conn), spoil), year=2026)
    finally:
        conn.close()
    found = {(p.sheet, p.cell): p.message for p in refused.value.problems}
    expected = {
        (TARGETS_SHEET, "F2"): "thiếu nội dung chỉ tiêu (như văn bản ghi) (ô bắt buộc)",
        (TARGETS_SHEET, "K2"): "Giá trị mục tiêu: 'nhiều' — không phải là số",
        (TARGETS_SHEET, "P2"): "Đơn vị chủ trì (mã): đơn vị 'XYZ' không có trong danh mục đơn vị còn hiệu lực năm 2026",
        (TARGETS_SHEET, "A3"): "trùng mã chỉ tiêu 'TTHC-1' ở cấp tỉnh với dòng 2",
        (TARGETS_SHEET, "H3"): "Loại số đo: 'khác' không có trong danh sách (Tỷ lệ (%), Số lượng, Mức giảm)",
        (TARGETS_SHEET, "Q3"): "Chỉ số liên quan: chỉ số 'ABC' không có trong danh mục chỉ số",
        (TARGETS_SHEET, "C3"): "lĩnh vực 'KHAC' không có trong trang 'Lĩnh vực'",
        (TARGETS_SHEET, "B4"): "cấp huyện không có đơn vị nào còn hiệu lực trong năm 2026",
        (TARGETS_SHEET, "L4"): "giá trị tối đa nhỏ hơn giá trị mục tiêu",
        (TASKS_SHEET, "I2"): "không đọc được thời hạn 'Sớm nhất có thể'",
        (TASKS_SHEET, "G2"): "không nhận ra đơn vị trong 'Sở Không Tồn Tại'",
        (TASKS_SHEET, "A3"): "mục 'IX' không ứng với lĩnh vực nào trong trang 'Lĩnh vực'",
        (TASKS_SHEET, "B3"): "trùng mã nhiệm vụ 'III-1' với dòng 2",
        (AREAS_SHEET, "A3"): "trùng mã lĩnh vực 'TTHC' với dòng 2",
        (DEADLINES_SHEET, "B3"): "kỳ '2025-Q1' không phải là một kỳ của năm 2026",
        (DEADLINES_SHEET, "D4"): "Hạn nộp: '32/13/2026' — không phải là ngày có thật",
        (DEADLINES_SHEET, "A5"): "trùng với dòng 2 (cùng loại báo cáo, kỳ và loại đơn vị)",
    }
    assert [p.cell for p in refused.value.problems][:4] == ["A3", "F2", "K2", "P2"]   # sheet by sheet, row by row
    for where, message in expected.items():
        assert where in found, (where, found)
        assert found[where].startswith(message), (where, found[where])
    assert set(found) == set(expected), set(found) - set(expected)


def test_the_file_must_be_the_plan_of_the_year_asked_with_its_sheets_and_columns(db_path):
    conn = db.connect(db_path)
    try:
        data = filled_2026(conn)
        cases = {
            "year": (edited(data, lambda b: None), 2025,
                     (PLAN_SHEET, "A2", "tệp là kế hoạch năm 2026, không phải năm 2025 như lệnh yêu cầu")),
            "sheet": (edited(data, lambda b: b.remove(b[TASKS_SHEET])), 2026,
                      (TASKS_SHEET, None, "thiếu trang tính 'Nhiệm vụ'")),
            "column": (edited(data, lambda b: b[DEADLINES_SHEET].cell(row=1, column=4, value="Ngày")), 2026,
                       (DEADLINES_SHEET, "1", "thiếu cột 'Hạn nộp' ở dòng tiêu đề")),
            "no area": (edited(data, lambda b: b[AREAS_SHEET].delete_rows(2)), 2026,
                        (AREAS_SHEET, "A2", "chưa có lĩnh vực nào")),
            "bad year": (edited(data, lambda b: put_row(b, PLAN_SHEET, 2, {"year": "năm sau"})), None,
                         (PLAN_SHEET, "A2", "Năm kế hoạch: 'năm sau' — không phải là số")),
        }
        for name, (workbook, year, (sheet, cell, message)) in cases.items():
            with pytest.raises(PlanRejected) as refused:
                read_plan(conn, workbook, year=year)
            assert any(p.sheet == sheet and p.cell == cell and p.message.startswith(message)
                       for p in refused.value.problems), (name, refused.value.problems)
        with pytest.raises(FileRejected):
            read_plan(conn, b"code,level\nX,all\n", year=2026)
    finally:
        conn.close()
