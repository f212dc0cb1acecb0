"""Tài khoản with AppTest: the unit picker for a new reporter lists the units that exist today, and a reporter of
a unit that has ended is marked and named to the administrator. (Creating an account: tests/pages/test_roles.py.)"""
from datetime import date

from cchc import auth
from cchc.applicability import Catalog
from cchc.store import db
from tests.etl.plans.year_2026 import db_2026_path, db_2026_template  # noqa: F401 (fixtures)
from tests.pages.conftest import ADMIN, open_alone


def test_the_unit_picker_lists_todays_units_and_ended_units_are_marked(db_2026_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(db_2026_path))
    conn = db.connect(db_2026_path)
    try:
        auth.add_user(conn, "dv.h436", "mat-khau-thu", auth.REPORTER, "cli:test", "H436")   # made before 1/7/2025
        auth.add_user(conn, "dv.thanhsen", "mat-khau-thu", auth.REPORTER, "cli:test", "X2025-18073")
        today = Catalog(conn).reporting_units(date.today())
    finally:
        conn.close()
    at = open_alone("accounts.py", user=ADMIN)
    options = at.selectbox(key="new_unit").options
    assert options == ["—", *(f"{name} ({code})" for code, name in zip(today["code"], today["name"]))]
    # today is after the reorganisation of 1/7/2025
    assert "Phường Thành Sen (X2025-18073)" in options and "Phường Nam Hà (X18073)" not in options
    assert not any(option.startswith("Huyện ") or option.startswith("Thị xã ") for option in options)
    accounts = at.dataframe[0].value.set_index("Tên đăng nhập")["Đơn vị"]
    assert (accounts["dv.h436"], accounts["dv.thanhsen"]) == ("H436 (đơn vị không còn)", "X2025-18073")
    assert [w.value for w in at.warning] == [
        "1 tài khoản báo cáo gắn với đơn vị không còn tồn tại (đánh dấu “đơn vị không còn” trong bảng). Các tài "
        "khoản này vẫn xem và nộp được báo cáo cho các kỳ đơn vị còn tồn tại; đơn vị mới cần tài khoản mới:\n\n"
        "- dv.h436: Thành phố Hà Tĩnh (H436): đơn vị này không còn từ 01/07/2025 (không còn cấp huyện)"]


def test_an_administrator_sets_changes_and_clears_an_accounts_address(db_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(db_path))
    conn = db.connect(db_path)
    try:
        auth.add_user(conn, "dv.h436", "mat-khau-thu", auth.REPORTER, "cli:test", "H436")
    finally:
        conn.close()

    def stored():
        conn = db.connect(db_path)
        try:
            return db.query_rows(conn, "SELECT email FROM users WHERE username = 'dv.h436'")[0][0]
        finally:
            conn.close()

    at = open_alone("accounts.py", user=ADMIN)
    at.selectbox(key="account_pick").set_value("dv.h436").run()
    save = next(b for b in at.button if b.label == "Lưu địa chỉ thư")
    at.text_input(key="account_email_dv.h436").input("bc.h436@hatinh")
    save.click().run()
    assert [e.value for e in at.error] == ['Địa chỉ thư "bc.h436\\@hatinh" không hợp lệ: tên miền "hatinh" thiếu dấu '
                                           'chấm (ví dụ hatinh.gov.vn).']
    assert stored() is None
    at.text_input(key="account_email_dv.h436").input("bc.h436@hatinh.gov.vn")
    next(b for b in at.button if b.label == "Lưu địa chỉ thư").click().run()
    assert not at.exception and not at.error
    assert stored() == "bc.h436@hatinh.gov.vn"
    assert [s.value for s in at.success] == ["Đã lưu địa chỉ thư bc.h436\\@hatinh.gov.vn cho tài khoản dv.h436."]
    assert at.dataframe[0].value.set_index("Tên đăng nhập").loc["dv.h436", "Thư điện tử"] == "bc.h436@hatinh.gov.vn"
    at.text_input(key="account_email_dv.h436").input("")
    next(b for b in at.button if b.label == "Lưu địa chỉ thư").click().run()
    assert stored() is None and [s.value for s in at.success] == ["Đã xoá địa chỉ thư của tài khoản dv.h436."]
    conn = db.connect(db_path)
    try:
        assert db.query_rows(conn, "SELECT actor FROM audit_log WHERE action = 'user_email'") == [("snv.quantri",)] * 2
    finally:
        conn.close()
