"""Địa chỉ thư điện tử with AppTest on the catalogs-only database: only administrators open it; the units of the
period the reminders chase are listed with their addresses (a reporter account's among them), searchable and
filtered, and those without any address named; a valid address added is in the database and audited, a bad one
is refused in Vietnamese and nothing is written; an address removed; a CSV uploaded goes through the import, a
refused one naming its rows; the download is the import format. (Every role at its address: test_roles.py.)"""
from __future__ import annotations

import json
from datetime import date

import pytest

from cchc import auth
from cchc.applicability import Catalog
from cchc.store import db
from etl.operations.contacts import import_contacts
from etl.operations.reminders import last_ended_quarter
from tests.pages.conftest import ADMIN, VIEWER, open_alone, read_rows


def _run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def _click(button):
    at = button.click().run()
    assert not at.exception, at.exception
    return at


def _add(at, unit: str, email: str):
    generation = at.session_state["contacts_generation"]
    at.selectbox(key=f"contacts_unit_{generation}").set_value(unit)
    at.text_input(key=f"contacts_email_{generation}").input(email)
    return _click(next(b for b in at.button if b.label == "Thêm địa chỉ"))


def test_only_administrators_open_the_page(app_db):
    for user in (VIEWER, ("dv.h436", auth.REPORTER, "H436"), None):
        at = open_alone("contacts.py", user=user, check=False)
        assert not at.exception and not at.error
        assert at.warning and not at.dataframe and not at.text_input, user


def test_the_units_of_the_period_with_their_addresses_and_those_without(app_db):
    conn = db.connect(app_db)
    try:
        import_contacts(conn, b"unit_code,email\nSNV,snv@hatinh.gov.vn\n", "quantri", "lien-he.csv")
        auth.add_user(conn, "bc.stp", "mat-khau-thu", auth.REPORTER, "cli:test", "STP", email="bc.stp@hatinh.gov.vn")
        units = Catalog(conn).reporting_units(last_ended_quarter(date.today()).end)
    finally:
        conn.close()
    at = open_alone("contacts.py", user=ADMIN)
    assert at.warning[0].value.startswith(f"{len(units) - 2} trong {len(units)} đơn vị của kỳ ")
    table = at.dataframe[0].value
    assert set(table["Mã đơn vị"]) == set(units["code"])
    rows = table.set_index("Mã đơn vị")
    assert list(rows.loc["SNV", ["Địa chỉ thư", "Nguồn", "Người thêm"]]) == ["snv@hatinh.gov.vn", "Địa chỉ của đơn vị",
                                                                           "quantri"]
    assert list(rows.loc["STP", ["Địa chỉ thư", "Nguồn"]]) == ["bc.stp@hatinh.gov.vn", "Tài khoản bc.stp"]
    assert rows.loc["STC", "Địa chỉ thư"] == "—"
    at.text_input(key="contacts_search").input("tu phap")        # without diacritics
    assert list(_run(at).dataframe[0].value["Mã đơn vị"]) == ["STP"]
    at.text_input(key="contacts_search").input("")
    at.selectbox(key="contacts_kind").set_value("department")
    at.checkbox(key="contacts_only_without").check()
    shown = _run(at).dataframe[0].value
    assert "SNV" not in set(shown["Mã đơn vị"]) and "STC" in set(shown["Mã đơn vị"])
    assert set(shown["Loại"]) == {"Sở, ban, ngành"} and set(shown["Địa chỉ thư"]) == {"—"}


def test_an_administrator_adds_a_valid_address_and_a_bad_one_is_refused(app_db):
    at = open_alone("contacts.py", user=ADMIN)
    _add(at, "STC", "stc.hatinh.gov.vn")
    assert [e.value for e in at.error] == ['Địa chỉ thư "stc.hatinh.gov.vn" không hợp lệ: thiếu dấu \\@.']
    assert read_rows(app_db, "SELECT count(*) FROM unit_contacts") == [(0,)]
    _add(at, "STC", "Nộp báo cáo@hatinh.gov.vn")
    assert [e.value for e in at.error] == ['Địa chỉ thư "Nộp báo cáo\\@hatinh.gov.vn" không hợp lệ: có dấu cách.']
    _add(at, "STC", "vanthu.stc@hatinh.gov.vn")
    assert not at.error
    assert [s.value for s in at.success] == ["Đã thêm địa chỉ vanthu.stc\\@hatinh.gov.vn cho Sở Tài chính."]
    assert read_rows(app_db, "SELECT unit_code, email, added_by FROM unit_contacts") == [
        ("STC", "vanthu.stc@hatinh.gov.vn", "snv.quantri")]
    audited = read_rows(app_db, "SELECT actor, action, entity_id, detail FROM audit_log WHERE action = 'contact_add'")
    assert [(a, b, c, json.loads(d)) for a, b, c, d in audited] == [
        ("snv.quantri", "contact_add", "STC", {"email": "vanthu.stc@hatinh.gov.vn"})]
    assert at.dataframe[0].value.set_index("Mã đơn vị").loc["STC", "Địa chỉ thư"] == "vanthu.stc@hatinh.gov.vn"
    _add(at, "STC", "VanThu.STC@hatinh.gov.vn")                   # the same address in other letters
    assert [e.value for e in at.error] == ['Sở Tài chính (STC) đã có địa chỉ "VanThu.STC\\@hatinh.gov.vn".']
    assert read_rows(app_db, "SELECT count(*) FROM unit_contacts") == [(1,)]


def test_an_address_is_removed(app_db):
    conn = db.connect(app_db)
    try:
        import_contacts(conn, b"unit_code,email\nSNV,snv@hatinh.gov.vn\nSNV,cu.snv@hatinh.gov.vn\n", "quantri", "a.csv")
    finally:
        conn.close()
    at = open_alone("contacts.py", user=ADMIN)
    picker = at.selectbox(key="contacts_remove")
    assert picker.options[0].startswith("Sở Nội vụ (SNV): cu.snv@hatinh.gov.vn · thêm bởi quantri, ")
    picker.set_value(("SNV", "cu.snv@hatinh.gov.vn")).run()
    _click(at.button(key="contacts_remove_button"))
    assert [s.value for s in at.success] == ["Đã xoá địa chỉ cu.snv\\@hatinh.gov.vn của Sở Nội vụ."]
    assert read_rows(app_db, "SELECT email FROM unit_contacts") == [("snv@hatinh.gov.vn",)]
    assert read_rows(app_db, "SELECT actor, action FROM audit_log WHERE action = 'contact_remove'") == [
        ("snv.quantri", "contact_remove")]


def test_a_csv_upload_is_the_import_and_a_bad_one_names_its_rows(app_db):
    at = open_alone("contacts.py", user=ADMIN)
    at.file_uploader[0].set_value(("lien-he.csv", b"unit_code,email\nSNV,snv@hatinh.gov.vn\nKHONG,x@hatinh.gov.vn\n"
                                                  b"STP,stp@hatinh\n", "text/csv"))
    _run(at)
    assert at.error[0].value == "Tệp lien-he.csv bị từ chối, chưa nạp gì (2 lỗi). Sửa các dòng sau rồi tải lên lại:"
    assert 'Dòng 3: không có đơn vị mã "KHONG" trong danh mục.' in at.markdown[-1].value
    assert "Dòng 4: địa chỉ thư" in at.markdown[-1].value
    assert not [b for b in at.button if b.key == "contacts_load"]
    assert read_rows(app_db, "SELECT count(*) FROM unit_contacts") == [(0,)]
    at.file_uploader[0].set_value(("lien-he.csv", b"unit_code,email\nSNV,snv@hatinh.gov.vn\nSTP,stp@hatinh.gov.vn\n",
                                   "text/csv"))
    _run(at)
    assert at.info[0].value.startswith("Tệp lien-he.csv hợp lệ: 2 địa chỉ của 2 đơn vị.")
    _click(at.button(key="contacts_load"))
    assert [s.value for s in at.success] == ["Đã nạp 2 địa chỉ của 2 đơn vị từ lien-he.csv."]
    assert read_rows(app_db, "SELECT unit_code, email, added_by FROM unit_contacts ORDER BY unit_code") == [
        ("SNV", "snv@hatinh.gov.vn", "snv.quantri"), ("STP", "stp@hatinh.gov.vn", "snv.quantri")]
    assert read_rows(app_db, "SELECT actor FROM audit_log WHERE action = 'contacts_import'") == [("snv.quantri",)]
    download = at.get("download_button")[0]
    assert download.proto.label == "Tải mọi địa chỉ (CSV)"
