"""The units' e-mail addresses: `contacts import` from a CSV file (a file with an unknown unit or a bad address is
refused whole, naming the rows, and changes nothing; a good one sets the addresses of the units it names); the
addresses of the reporter accounts beside them; what the Địa chỉ thư điện tử page does (one address added or
removed, audited; the import format downloaded and uploaded). (The address rule itself: tests/cchc/test_text.py.)"""
from __future__ import annotations

import json

import pytest

from cchc import auth
from cchc.store import db
from etl.operations.contacts import (
    Address,
    ContactError,
    ContactsRefused,
    add_address,
    address_book,
    addresses,
    check_upload,
    contacts,
    export_csv,
    import_contacts,
    load_upload,
    remove_address,
)
from tests.conftest import run_cli

ADMIN = auth.User("snv.quantri", auth.ADMIN, None, None)
PASSWORD = "mat-khau-thu"


def test_a_file_with_a_bad_row_is_refused_naming_the_rows(conn):
    data = b"unit_code,email\nSNV,snv@hatinh.gov.vn\nKHONG-CO,a@hatinh.gov.vn\nSTP,stp.hatinh.gov.vn\n"
    with pytest.raises(ContactsRefused) as refused:
        import_contacts(conn, data, "quantri", "lien-he.csv")
    assert refused.value.problems == ['Dòng 3: không có đơn vị mã "KHONG-CO" trong danh mục.',
                                      'Dòng 4: địa chỉ thư "stp.hatinh.gov.vn" không hợp lệ: thiếu dấu @.']
    assert contacts(conn) == []
    with pytest.raises(ContactsRefused, match="tiêu đề phải là"):
        import_contacts(conn, b"ma,thu\nSNV,snv@hatinh.gov.vn\n", "quantri", "sai.csv")


def test_a_good_file_sets_the_addresses_of_the_units_it_names(conn):
    first = "unit_code,email\nSNV,snv@hatinh.gov.vn\nSNV,vanthu.snv@hatinh.gov.vn\nSTP,stp@hatinh.gov.vn\n"
    report = import_contacts(conn, first.encode(), "quantri", "lien-he.csv")
    assert (report.units, report.addresses) == (["SNV", "STP"], 3)
    again = import_contacts(conn, b"\xef\xbb\xbfunit_code,email\nSNV,nguoibaocao.snv@hatinh.gov.vn\n", "quantri",
                            "lien-he-2.csv")                 # a BOM, as Excel writes "CSV UTF-8"
    assert again.units == ["SNV"]
    assert [(code, email) for code, _, email, _ in contacts(conn)] == [("SNV", "nguoibaocao.snv@hatinh.gov.vn"),
                                                                  ("STP", "stp@hatinh.gov.vn")]
    assert db.query_rows(conn, "SELECT count(*) FROM audit_log WHERE action = 'contacts_import'") == [(2,)]


def test_the_command_line(db_path, tmp_path):
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text("unit_code,email\nSNV,snv@\n", encoding="utf-8")
    good.write_text("unit_code,email\nSNV,snv@hatinh.gov.vn\n", encoding="utf-8")
    refused = run_cli("contacts", "import", bad, "--db", db_path)
    assert refused.returncode == 1 and 'Dòng 2: địa chỉ thư "snv@" không hợp lệ: thiếu tên miền sau dấu @.' in refused.stderr
    loaded = run_cli("contacts", "import", good, "--db", db_path, "--as", "quantri")
    assert loaded.returncode == 0 and "Đã nạp 1 địa chỉ của 1 đơn vị" in loaded.stdout
    conn = db.connect(db_path)
    try:
        auth.add_user(conn, "bc.snv", PASSWORD, auth.REPORTER, "cli:test", "SNV", email="bc.snv@hatinh.gov.vn")
    finally:
        conn.close()
    listed = run_cli("contacts", "list", "--db", db_path)
    assert listed.stdout.splitlines() == ["unit_code,unit_name,email,account", "SNV,Sở Nội vụ,snv@hatinh.gov.vn,",
                                          "SNV,Sở Nội vụ,bc.snv@hatinh.gov.vn,bc.snv"]


def test_a_units_addresses_are_its_own_then_its_active_reporters(conn):
    import_contacts(conn, b"unit_code,email\nSNV,snv@hatinh.gov.vn\nSTP,stp@hatinh.gov.vn\n", "quantri", "lien-he.csv")
    auth.add_user(conn, "bc.snv", PASSWORD, auth.REPORTER, "cli:test", "SNV", email="bc.snv@hatinh.gov.vn")
    auth.add_user(conn, "vt.stp", PASSWORD, auth.REPORTER, "cli:test", "STP", email="STP@HaTinh.gov.vn")  # the unit's
    auth.add_user(conn, "nghi.snv", PASSWORD, auth.REPORTER, "cli:test", "SNV", email="nghi.snv@hatinh.gov.vn")
    auth.set_active(conn, "nghi.snv", False, "cli:test")                   # a disabled account gets nothing
    auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "cli:test", email="lanhdao@hatinh.gov.vn")   # not a unit's
    assert addresses(conn) == {"SNV": [Address("snv@hatinh.gov.vn"), Address("bc.snv@hatinh.gov.vn", "bc.snv")],
                               "STP": [Address("stp@hatinh.gov.vn")]}
    book = address_book(conn, ADMIN)
    assert list(zip(book["unit_code"], book["email"], book["account"].fillna(""), book["added_by"].fillna(""))) == [
        ("SNV", "snv@hatinh.gov.vn", "", "quantri"), ("SNV", "bc.snv@hatinh.gov.vn", "bc.snv", ""),
        ("STP", "stp@hatinh.gov.vn", "", "quantri")]


def test_an_administrator_adds_and_removes_one_address_audited(conn):
    assert add_address(conn, ADMIN, "SNV", "  vanthu.snv@hatinh.gov.vn ") == "vanthu.snv@hatinh.gov.vn"
    assert db.query_rows(conn, "SELECT unit_code, email, added_by FROM unit_contacts") == [
        ("SNV", "vanthu.snv@hatinh.gov.vn", "snv.quantri")]
    refusals = {
        ("SNV", "vanthu.snv.hatinh.gov.vn"): 'Địa chỉ thư "vanthu.snv.hatinh.gov.vn" không hợp lệ: thiếu dấu @.',
        ("SNV", "VanThu.SNV@hatinh.gov.vn"): 'Sở Nội vụ (SNV) đã có địa chỉ "VanThu.SNV@hatinh.gov.vn".',
        ("SNV", " "): "Hãy nhập địa chỉ thư điện tử.",
        ("KHONG-CO", "a@hatinh.gov.vn"): 'Không có đơn vị mã "KHONG-CO" trong danh mục.',
        ("", "a@hatinh.gov.vn"): "Hãy chọn một đơn vị.",
    }
    for (code, email), message in refusals.items():
        with pytest.raises(ContactError) as refused:
            add_address(conn, ADMIN, code, email)
        assert str(refused.value) == message
    assert db.query_rows(conn, "SELECT count(*) FROM unit_contacts") == [(1,)]
    remove_address(conn, ADMIN, "SNV", "vanthu.snv@hatinh.gov.vn")
    assert db.query_rows(conn, "SELECT count(*) FROM unit_contacts") == [(0,)]
    with pytest.raises(ContactError, match="không có địa chỉ"):
        remove_address(conn, ADMIN, "SNV", "vanthu.snv@hatinh.gov.vn")
    audited = db.query_rows(conn, "SELECT actor, action, entity_id, detail FROM audit_log "
                                  "WHERE entity = 'unit_contacts' ORDER BY id")
    assert [(actor, action, unit, json.loads(detail)) for actor, action, unit, detail in audited] == [
        ("snv.quantri", "contact_add", "SNV", {"email": "vanthu.snv@hatinh.gov.vn"}),
        ("snv.quantri", "contact_remove", "SNV", {"email": "vanthu.snv@hatinh.gov.vn"})]


def test_the_download_is_the_import_format_and_an_upload_is_the_import(conn):
    import_contacts(conn, b"unit_code,email\nSTP,stp@hatinh.gov.vn\nSNV,snv@hatinh.gov.vn\nSNV,A.snv@hatinh.gov.vn\n",
                    "quantri", "lien-he.csv")
    data = export_csv(conn, ADMIN)
    assert data.decode() == ("unit_code,email\nSNV,A.snv@hatinh.gov.vn\nSNV,snv@hatinh.gov.vn\n"
                             "STP,stp@hatinh.gov.vn\n")
    assert check_upload(conn, ADMIN, data) == {"SNV": ["A.snv@hatinh.gov.vn", "snv@hatinh.gov.vn"],
                                               "STP": ["stp@hatinh.gov.vn"]}
    with pytest.raises(ContactsRefused) as refused:
        check_upload(conn, ADMIN, data + b"STP,stp@hatinh\n")
    assert refused.value.problems == ['Dòng 5: địa chỉ thư "stp@hatinh" không hợp lệ: tên miền "hatinh" thiếu dấu '
                                      'chấm (ví dụ hatinh.gov.vn).']
    report = load_upload(conn, ADMIN, b"unit_code,email\nSTP,vanthu.stp@hatinh.gov.vn\n", "sua.csv")
    assert (report.units, report.addresses) == (["STP"], 1)
    assert [(code, email) for code, _, email, _ in contacts(conn)] == [
        ("SNV", "A.snv@hatinh.gov.vn"), ("SNV", "snv@hatinh.gov.vn"), ("STP", "vanthu.stp@hatinh.gov.vn")]
    assert db.query_rows(conn, "SELECT actor FROM audit_log WHERE action = 'contacts_import' ORDER BY id") == [
        ("quantri",), ("snv.quantri",)]
