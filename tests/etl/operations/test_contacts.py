"""`contacts import`: the units' e-mail addresses from a CSV file; a file with an unknown unit or a bad address is
refused whole, naming the rows, and changes nothing; a good one sets the addresses of the units it names."""
from __future__ import annotations

import pytest

from cchc.store import db
from etl.operations.contacts import ContactsRefused, contacts, import_contacts, valid_address
from tests.conftest import run_cli


def test_addresses_are_checked_as_a_mail_server_would_take_them():
    assert valid_address("vanphong.snv@hatinh.gov.vn") and valid_address("xa.hoa-binh+bc@gmail.com")
    for bad in ("snv.hatinh.gov.vn", "snv@hatinh", "sở nội vụ@hatinh.gov.vn", "a@b@hatinh.gov.vn", "", "a@.vn"):
        assert not valid_address(bad), bad


def test_a_file_with_a_bad_row_is_refused_naming_the_rows(conn):
    data = b"unit_code,email\nSNV,snv@hatinh.gov.vn\nKHONG-CO,a@hatinh.gov.vn\nSTP,stp.hatinh.gov.vn\n"
    with pytest.raises(ContactsRefused) as refused:
        import_contacts(conn, data, "quantri", "lien-he.csv")
    assert refused.value.problems == ['Dòng 3: không có đơn vị mã "KHONG-CO" trong danh mục.',
                                      'Dòng 4: địa chỉ thư "stp.hatinh.gov.vn" không hợp lệ.']
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
    assert [(code, email) for code, _, email in contacts(conn)] == [("SNV", "nguoibaocao.snv@hatinh.gov.vn"),
                                                                  ("STP", "stp@hatinh.gov.vn")]
    assert db.query_rows(conn, "SELECT count(*) FROM audit_log WHERE action = 'contacts_import'") == [(2,)]


def test_the_command_line(db_path, tmp_path):
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text("unit_code,email\nSNV,snv@\n", encoding="utf-8")
    good.write_text("unit_code,email\nSNV,snv@hatinh.gov.vn\n", encoding="utf-8")
    refused = run_cli("contacts", "import", bad, "--db", db_path)
    assert refused.returncode == 1 and 'Dòng 2: địa chỉ thư "snv@" không hợp lệ.' in refused.stderr
    loaded = run_cli("contacts", "import", good, "--db", db_path, "--as", "quantri")
    assert loaded.returncode == 0 and "Đã nạp 1 địa chỉ của 1 đơn vị" in loaded.stdout
    listed = run_cli("contacts", "list", "--db", db_path)
    assert listed.stdout.splitlines()[1] == "SNV,Sở Nội vụ,snv@hatinh.gov.vn"
