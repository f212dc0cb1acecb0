"""Kế hoạch with AppTest on the catalogs-only database: only administrators open it; the template; a workbook
with errors (sheet, cell, message; nothing changes); a changed plan previewed, then loaded on confirmation, once;
a file changed under a preview not loaded; removing a target with reported values refused with the list."""
import io
import json

import openpyxl
import pytest

from cchc import auth
from cchc.store import db, queries
from etl.plans import PLAN_SHEET, TARGETS_SHEET
from etl.plans import upload as plan_page
from etl.plans.context import current_plan
from etl.plans.reader import PlanRejected, read_plan
from tests.etl.plans.workbooks import column, edited, exported, row_of
from tests.pages.conftest import ADMIN, VIEWER, open_alone, read_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TARGET = "SELECT target_value FROM targets WHERE plan_year = 2024 AND code = ? AND level = 'province'"


def _set_target(code: str, key: str, value: object):
    def edit(book):
        book[TARGETS_SHEET].cell(row=row_of(book, TARGETS_SHEET, code=code), column=column(TARGETS_SHEET, key)).value = value
    return edit


def _drop_target(code: str):
    def edit(book):
        book[TARGETS_SHEET].delete_rows(row_of(book, TARGETS_SHEET, code=code))
    return edit


@pytest.fixture(scope="module")
def workbooks(catalog_db_template):
    """The 2024 plan as its workbook, and copies changed as an administrator would in Excel."""
    conn = db.connect(catalog_db_template, read_only=True)
    try:
        plan = exported(conn)
    finally:
        conn.close()
    return {
        "changed": edited(plan, _set_target("CDDH-1.2", "target_value", 4)),
        "changed_again": edited(plan, _set_target("CDDH-1.2", "target_value", 5)),
        "bad": edited(plan, lambda book: [_set_target("CDDH-1.2", "target_value", "nhiều")(book),
                                          _set_target("CDDH-1.1", "lead_unit_code", "KHONG-CO")(book)]),
        "dropped": edited(plan, _drop_target("CDDH-1.2")),
    }


def _audited(path) -> list[str]:
    return [a for (a,) in read_rows(path, "SELECT action FROM audit_log WHERE action LIKE 'plan%' ORDER BY id")]


def _upload(at, name: str, data: bytes):
    at.file_uploader[0].set_value((name, data, XLSX))
    at.run()
    assert not at.exception, at.exception
    return at


def _confirm_keys(at) -> list[str]:
    return [b.key for b in at.button if b.key.startswith("plan_confirm_")]


def test_only_administrators_open_the_page(app_db):
    for user in (VIEWER, ("dv.h436", auth.REPORTER, "H436"), None):
        at = open_alone("plan.py", user=user, check=False)
        assert not at.exception and not at.error
        assert at.warning and not at.file_uploader and not at.get("download_button"), user
    assert _audited(app_db) == []


def test_the_template_of_a_year_pre_filled_from_a_loaded_plan(app_db):
    at = open_alone("plan.py", user=ADMIN)
    assert at.title[0].value == "Kế hoạch CCHC theo năm"
    years = at.selectbox(key="plan_year")
    assert years.options[-1] == "2024 (đã có kế hoạch)" and {"2025", "2026"} <= set(years.options)
    assert at.selectbox(key=f"plan_from_{years.value}").value == 2024     # the newest real plan
    at.selectbox(key="plan_year").select(2024).run()
    start = at.selectbox(key="plan_from_2024")
    assert start.value == 2024 and start.options[0] == "Tệp trống"
    [button] = at.get("download_button")
    assert button.proto.label == "Tải tệp kế hoạch (Excel)" and button.proto.deferred_file_id   # built when clicked
    # what the button's callable returns for these choices: the 2024 plan as a workbook
    conn = db.connect(app_db)
    try:
        data = plan_page.template(conn, auth.User(*ADMIN, None), 2024, start.value)
        assert read_plan(conn, data).catalog.targets.shape[0] == 52
    finally:
        conn.close()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book[PLAN_SHEET]["A2"].value == 2024 and TARGETS_SHEET in book.sheetnames


def test_a_workbook_with_errors_shows_each_cell_and_loads_nothing(app_db, workbooks):
    before = read_rows(app_db, "SELECT count(*), sum(target_value) FROM targets")
    at = _upload(open_alone("plan.py", user=ADMIN), "ke-hoach-loi.xlsx", workbooks["bad"])
    assert at.error[0].value.startswith("ke-hoach-loi.xlsx: 2 lỗi, không có gì được nạp.")
    shown = at.dataframe[0].value
    conn = db.connect(app_db)
    try:
        with pytest.raises(PlanRejected) as rejected:
            read_plan(conn, workbooks["bad"])
    finally:
        conn.close()
    assert shown.values.tolist() == [[p.sheet, p.cell, p.message] for p in rejected.value.problems]
    book = openpyxl.load_workbook(io.BytesIO(workbooks["bad"]))
    cells = [f"{openpyxl.utils.get_column_letter(column(TARGETS_SHEET, key))}{row_of(book, TARGETS_SHEET, code=code)}"
             for key, code in (("target_value", "CDDH-1.2"), ("lead_unit_code", "CDDH-1.1"))]
    assert sorted(cell for _, cell, _ in shown.values.tolist()) == sorted(cells)
    assert set(shown["Trang tính"]) == {TARGETS_SHEET}
    assert all(message for message in shown["Nội dung"]) and not _confirm_keys(at)
    assert read_rows(app_db, "SELECT count(*), sum(target_value) FROM targets") == before
    detail = read_rows(app_db, "SELECT detail FROM audit_log WHERE action = 'plan_upload'")
    assert _audited(app_db) == ["plan_upload"] and json.loads(detail[0][0])["problems"] == 2
    # not a workbook at all: one problem, of the whole file
    at = _upload(at, "khong-phai-excel.xlsx", b"Day khong phai tep Excel")
    assert at.error[0].value.startswith("khong-phai-excel.xlsx: 1 lỗi, không có gì được nạp.")
    assert at.dataframe[0].value[["Trang tính", "Ô"]].values.tolist() == [["–", "–"]]


def test_a_changed_plan_is_previewed_then_loaded_once_on_confirmation(app_db, workbooks):
    conn = db.connect(app_db)
    try:
        version = queries.data_version(conn)
    finally:
        conn.close()
    at = _upload(open_alone("plan.py", user=ADMIN), "ke-hoach-2024.xlsx", workbooks["changed"])
    text = " ".join(m.value for m in at.markdown)
    assert "nạp tệp ke-hoach-2024.xlsx làm kế hoạch năm 2024" in text
    assert "chỉ tiêu: thêm 0, bỏ 0, sửa 1 (CDDH-1.2 (cấp tỉnh))" in text and "nhiệm vụ: thêm 0, bỏ 0, sửa 0" in text
    assert at.dataframe[0].value.values.tolist() == [["chỉ tiêu", "Sửa", "CDDH-1.2 (cấp tỉnh)"]]
    assert read_rows(app_db, TARGET, ["CDDH-1.2"]) == [(3.0,)]                  # nothing loaded before confirming
    assert _audited(app_db) == ["plan_upload", "plan_preview"]

    # a click meant for this preview, arriving with another file in the picker, loads nothing
    [first] = _confirm_keys(at)
    at.button(key=first).click()
    at = _upload(at, "ke-hoach-2024-v2.xlsx", workbooks["changed_again"])
    assert read_rows(app_db, TARGET, ["CDDH-1.2"]) == [(3.0,)] and not at.success
    [second] = _confirm_keys(at)
    assert second != first and "ke-hoach-2024-v2.xlsx" in " ".join(m.value for m in at.markdown)

    at.button(key=second).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == ("Đã nạp kế hoạch năm 2024 từ ke-hoach-2024-v2.xlsx: 52 chỉ tiêu, 93 nhiệm vụ, "
                                   "12 hạn báo cáo. Các trang số liệu dùng kế hoạch mới từ lần bấm tiếp theo.")
    assert read_rows(app_db, TARGET, ["CDDH-1.2"]) == [(5.0,)]
    assert not _confirm_keys(at) and at.file_uploader[0].value is None        # the picker is emptied
    assert _audited(app_db) == ["plan_upload", "plan_preview"] * 2 + ["plan_import"]
    conn = db.connect(app_db)
    try:
        assert queries.data_version(conn) != version      # the dashboards' cached views follow it
        # a second confirmation of the same preview (a double click) loads nothing
        previewed = plan_page.read_upload(conn, workbooks["changed"], "ke-hoach-2024.xlsx")
        plan_page.load(conn, auth.User(*ADMIN, None), previewed, previewed.sha256)
        with pytest.raises(plan_page.StalePreview, match="đã thay đổi sau khi xem trước"):
            plan_page.load(conn, auth.User(*ADMIN, None), previewed, previewed.sha256)
        with pytest.raises(plan_page.StalePreview, match="Tệp đã thay đổi"):
            plan_page.load(conn, auth.User(*ADMIN, None), previewed, "0" * 64)
    finally:
        conn.close()
    assert read_rows(app_db, "SELECT count(*) FROM audit_log WHERE action = 'plan_import'") == [(2,)]


def test_removing_a_target_with_reported_values_is_refused_with_the_list(app_db, workbooks):
    conn = db.connect(app_db)
    try:
        with db.transaction(conn) as cur:
            db.insert_rows(cur, "target_values", ["submission_id", "unit_code", "period", "plan_year", "target_code",
                                                  "level", "value"], [[900001, "SNV", "2024-Q1", 2024, "CDDH-1.2", "province", 2.0]])
            cur.execute("UPDATE plans SET is_sample = TRUE WHERE year = 2024")     # as the sample 2026 plan is
        before = current_plan(conn, 2024)["targets"]
    finally:
        conn.close()
    at = _upload(open_alone("plan.py", user=ADMIN), "bo-chi-tieu.xlsx", workbooks["dropped"])
    assert [e.value for e in at.error] == [(
        "Không thể nạp: tệp bỏ 1 chỉ tiêu/nhiệm vụ của năm 2024 đã có số liệu báo cáo. Hãy giữ lại các dòng này "
        "trong tệp rồi tải lên lại:\n\n- chỉ tiêu CDDH-1.2 (cấp tỉnh)")]
    assert at.dataframe[0].value.values.tolist() == [["chỉ tiêu", "Bỏ", "CDDH-1.2 (cấp tỉnh)"]]
    assert [w.value for w in at.warning] == ["Năm 2024 đang dùng kế hoạch mẫu (số liệu minh họa). Nạp tệp này sẽ "
                                             "thay kế hoạch mẫu bằng kế hoạch trong tệp."]
    assert not _confirm_keys(at)
    conn = db.connect(app_db)
    try:
        assert current_plan(conn, 2024)["targets"].equals(before)
    finally:
        conn.close()
    detail = json.loads(read_rows(app_db, "SELECT detail FROM audit_log WHERE action = 'plan_preview'")[0][0])
    assert detail["refused"] == ["chỉ tiêu CDDH-1.2 (cấp tỉnh)"]
