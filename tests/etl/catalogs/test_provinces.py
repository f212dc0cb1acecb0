"""The provinces' catalog (63 before the 2025 merger, 34 after, with the lineage) and the shipped results of
every province: Hà Tĩnh's among them, read by the pages as before."""
from __future__ import annotations

from cchc.store import db
from etl.catalogs.provinces import province_key
from etl.results.loader import province_names


def test_names_are_compared_without_diacritics_titles_or_punctuation():
    assert province_key("TP. Hồ Chí Minh") == province_key("Thành phố Hồ Chí Minh") == "ho chi minh"
    assert province_key("Hoà Bình") == province_key("tỉnh Hòa Bình") == "hoa binh"
    assert province_key("Bà Rịa-Vũng Tàu") == province_key("Bà Rịa - Vũng Tàu")


def test_63_provinces_before_the_merger_34_after_and_where_each_went(conn):
    counts = dict(db.query_rows(conn, "SELECT ranked_among, count(*) FROM provinces GROUP BY ranked_among"))
    assert counts == {63: 63, 34: 34}
    north_central = db.query_rows(conn, "SELECT ranked_among, string_agg(name, ', ' ORDER BY code) FROM provinces "
                                        "WHERE subregion = 'Bắc Trung Bộ' GROUP BY ranked_among ORDER BY 1")
    assert north_central == [(34, "Thanh Hóa, Nghệ An, Hà Tĩnh, Quảng Trị, Huế"),
                             (63, "Thanh Hóa, Nghệ An, Hà Tĩnh, Quảng Bình, Quảng Trị, Thừa Thiên Huế")]
    went = dict(db.query_rows(conn, "SELECT o.name, n.name FROM provinces o JOIN provinces n ON n.code = o.successor "
                                    "WHERE o.name IN ('Quảng Bình', 'Hà Tĩnh', 'Bình Dương')"))
    assert went == {"Quảng Bình": "Quảng Trị", "Hà Tĩnh": "Hà Tĩnh", "Bình Dương": "Thành phố Hồ Chí Minh"}


def test_a_name_stands_for_a_province_within_its_set(conn):
    names = province_names(conn)
    assert names.code("Hà Tĩnh", 63) == "42" and names.code("Ha Tinh", 34) == "M42"
    assert names.code("TT Huế", 63) == "46" and names.code("TT Huế", 34) == "M46"
    assert names.code("TP. HCM", 63) == "79" and names.code("Bà Rịa-Vũng Tàu", 63) == "77"
    assert names.code("Bà Rịa-Vũng Tàu", 34) is None           # no longer a province of its own
    assert names.code("Hà Tỉnh", 63) == "42"                   # a tone written on another letter
    assert names.code("Hà Tây", 63) is None                    # not a province since 2008: not guessed


def test_shipped_results_hold_papi_2024_for_every_province_and_ha_tinh_reads_as_before(conn):
    provinces = db.query_rows(conn, "SELECT count(DISTINCT province_code) FROM current_province_results "
                                    "WHERE index_code = 'PAPI' AND year = 2024 AND component_code = 'TOTAL'")
    assert provinces == [(61,)]
    row = db.query_rows(conn, "SELECT score, rank, rank_of, flag FROM current_index_scores WHERE unit_code = 'T42' "
                              "AND index_code = 'PAPI' AND year = 2024 AND component_code = 'TOTAL'")
    assert row == [(45.5531, 6, 61, "computed")]
