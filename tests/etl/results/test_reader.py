"""A national table read as the publisher made it: every value exactly, or every problem by sheet and cell."""
from __future__ import annotations

import pytest

from etl.results.loader import components, province_names
from etl.results.reader import read_table
from tests.etl.results.tables import messy_papi_xlsx, papi_rows
from tests.etl.workbooks import xls_bytes


@pytest.fixture
def catalog(conn):
    return components(conn, "PAPI"), province_names(conn)


def _read(data: bytes, catalog, name: str = "papi.xlsx", among: int = 63):
    return read_table(data, name, "PAPI", catalog[0], catalog[1], among)


def test_a_messy_table_loads_exactly(catalog):
    reading = _read(messy_papi_xlsx(), catalog)
    assert not reading.problems
    assert reading.provinces == 61 and sorted(reading.without_data) == ["Tiền Giang", "Vĩnh Phúc"]
    assert set(reading.columns.values()) == {"TOTAL", "rank", "PAPI_PARTICIPATION", "PAPI_TRANSPARENCY",
                                             "PAPI_ACCOUNTABILITY", "PAPI_CORRUPTION", "PAPI_ADMIN_PROC",
                                             "PAPI_SERVICE_DELIVERY", "PAPI_ENVIRONMENT", "PAPI_EGOV"}
    assert reading.ignored_columns == ["STT"]
    results = {(r.province_code, r.component_code): r for r in reading.results}
    ha_tinh = results[("42", "TOTAL")]
    assert (ha_tinh.score, ha_tinh.rank, ha_tinh.rank_of, ha_tinh.flags) == (45.5531, 6, 61, None)   # "6/61"
    assert results[("46", "TOTAL")].score == 45.095 and results[("79", "TOTAL")].rank == 41         # TT Huế, TP. HCM
    service = results[("42", "PAPI_SERVICE_DELIVERY")]
    assert (service.rank, service.rank_of, service.flags) == (32, 61, "computed")      # computed: the table has none
    expected = {r["name"]: r["total"] for r in papi_rows() if r["total"] is not None}
    assert sorted(r.score for r in reading.results if r.component_code == "TOTAL") == sorted(expected.values())
    assert len(reading.results) == 61 * 9


def test_an_unknown_province_or_a_non_number_is_refused_naming_the_cell(catalog):
    def spoil(rows):
        rows[27][1] = "Hà Tây"            # a province of before 2008, in Hà Tĩnh's row (row 32 of the sheet)
        rows[0][10] = "43,7 điểm"        # Hà Nội's total

    reading = _read(messy_papi_xlsx(spoil), catalog)
    messages = [str(p) for p in reading.problems]
    assert messages == ['PAPI 2024!K5: "43,7 điểm" không phải là số.',
                        'PAPI 2024!B32: Không nhận ra tỉnh "Hà Tây" trong danh mục 63 tỉnh.']
    assert not reading.results


def test_a_province_twice_and_a_score_off_the_scale_are_refused(catalog):
    def spoil(rows):
        rows[1][1] = rows[0][1]          # Hà Giang's row says Hà Nội
        rows[2][2] = 12.5                # a dimension is out of 10

    messages = [str(p) for p in _read(messy_papi_xlsx(spoil), catalog).problems]
    assert 'PAPI 2024!B6: Tỉnh Hà Nội có hai dòng (dòng trước: ô B5).' in messages
    assert 'PAPI 2024!C7: Điểm 12.5 nằm ngoài thang điểm 0–10.' in messages


def test_a_csv_with_semicolons_and_decimal_commas_and_no_ranks(catalog):
    lines = ["Tỉnh;Tổng hợp", "Hà Tĩnh;45,553", "Quảng Ninh;47,821", "Nghệ An;43,07", "Vĩnh Phúc;"]
    reading = _read("\n".join(lines).encode("utf-8"), catalog, name="papi.csv")
    assert not reading.problems
    ranks = {r.province_code: (r.score, r.rank, r.rank_of, r.flags) for r in reading.results}
    assert ranks == {"22": (47.821, 1, 3, "computed"), "42": (45.553, 2, 3, "computed"),
                     "40": (43.07, 3, 3, "computed")}
    assert reading.without_data == ["Vĩnh Phúc"]


def test_a_legacy_xls_table_of_the_34_provinces(catalog):
    grid = [["Bảng xếp hạng 2025"], ["Tỉnh, thành phố", "Điểm", "Hạng"], ["Hà Tĩnh", 46.1, "3/34"],
            ["Huế", 46.5, 1], ["Quảng Trị", 46.2, 2]]
    reading = _read(xls_bytes(grid), catalog, name="papi.xls", among=34)
    assert not reading.problems
    assert {(r.province_code, r.rank, r.rank_of) for r in reading.results} == {("M42", 3, 34), ("M46", 1, 3),
                                                                               ("M45", 2, 3)}


def test_a_file_without_a_province_column_says_so(catalog):
    reading = _read(b"a;b\n1;2\n", catalog, name="x.csv")
    assert "Không tìm thấy dòng tiêu đề có cột tỉnh" in reading.problems[0].message
