"""Kết quả công bố with AppTest on the catalogs-only database: only administrators open it; a spoiled table shows
each cell and imports nothing; a good one is previewed (its columns, what it changes), then imported on
confirmation; one province's result entered by hand, with its source."""
from __future__ import annotations

import pytest

from cchc import auth
from cchc.store import db
from tests.etl.results.tables import messy_papi_xlsx
from tests.pages.conftest import ADMIN, VIEWER, open_alone, read_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SOURCE = "https://papi.org.vn/bang-xep-hang-2024"


def _page(year: int = 2024):
    at = open_alone("results.py", user=ADMIN)
    at.selectbox(key="results_import_index").select("PAPI")
    at.number_input(key="results_import_year").set_value(year)
    at.text_input(key="results_import_source").input(SOURCE)
    at.run()
    assert not at.exception, at.exception
    return at


def _upload(at, name: str, data: bytes):
    at.file_uploader[0].set_value((name, data, XLSX))
    at.run()
    assert not at.exception, at.exception
    return at


def test_only_administrators_open_the_page(app_db):
    for user in (VIEWER, ("dv.h436", auth.REPORTER, "H436"), None):
        at = open_alone("results.py", user=user, check=False)
        assert not at.exception and not at.error
        assert at.warning and not at.file_uploader, user


def test_a_spoiled_table_shows_each_cell_and_imports_nothing(app_db):
    def spoil(rows):
        rows[27][1] = "Hà Tây"

    at = _upload(_page(), "papi-loi.xlsx", messy_papi_xlsx(spoil))
    assert at.error[0].value.startswith("papi-loi.xlsx: 1 lỗi, không có gì được nạp.")
    assert at.dataframe[0].value.values.tolist() == [
        ["PAPI 2024", "B32", 'Không nhận ra tỉnh "Hà Tây" trong danh mục 63 tỉnh.']]
    assert not [b for b in at.button if b.key and b.key.startswith("results_confirm_")]
    assert read_rows(app_db, "SELECT count(*) FROM province_results WHERE origin <> 'shipped'") == [(0,)]
    assert read_rows(app_db, "SELECT action FROM audit_log WHERE action LIKE 'results%'") == [("results_upload",)]


def test_a_table_is_previewed_then_imported_on_confirmation(app_db):
    at = _upload(_page(), "papi-2024.xlsx", messy_papi_xlsx())
    columns = dict(at.dataframe[0].value.values.tolist())
    assert columns["Tổng hợp"] == "Chỉ số PAPI tổng hợp" and columns["Xếp hạng"] == "Xếp hạng"
    assert columns["Công khai, minh bạch"].startswith("Công khai, minh bạch") and columns["STT"] == "(bỏ qua)"
    assert any("Không có số liệu: Vĩnh Phúc, Tiền Giang." in c.value for c in at.caption)
    assert read_rows(app_db, "SELECT count(*) FROM province_results WHERE origin <> 'shipped'") == [(0,)]
    [confirm] = [b for b in at.button if b.key and b.key.startswith("results_confirm_")]
    confirm.click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Đã nạp PAPI 2024 từ papi-2024.xlsx")
    assert read_rows(app_db, "SELECT score, rank, source_url FROM current_index_scores WHERE unit_code = 'T42' "
                         "AND index_code = 'PAPI' AND year = 2024 AND component_code = 'TOTAL'") == [(45.5531, 6, SOURCE)]


def test_one_province_entered_by_hand_needs_its_source(app_db):
    at = open_alone("results.py", user=ADMIN)
    at.selectbox(key="results_manual_index").select("PAPI")
    at.number_input(key="results_manual_year").set_value(2025)
    at.run()
    assert at.radio(key="results_manual_among_2025").value == 34          # an edition of 2025 ranks among 34
    assert at.selectbox(key="results_manual_province").value == "M42"
    at.number_input(key="results_manual_score").set_value(46.2)
    at.number_input(key="results_manual_rank").set_value(4)
    at.button[-1].click().run()                                            # no source: refused
    assert "nguồn công bố" in at.error[0].value
    at.text_input(key="results_manual_source").input("https://baohatinh.vn/papi-2025")
    at.button[-1].click().run()
    assert at.success[0].value == "Đã lưu kết quả PAPI 2025 của Hà Tĩnh (thêm mới)."
    assert read_rows(app_db, "SELECT score, rank, rank_of, origin FROM province_results WHERE index_code = 'PAPI' AND year = 2025") == [
        (46.2, 4, 34, "manual")]
