"""The index catalog and the published values loaded with their sources and flags (Hà Tĩnh's from the results of
every province, migration 011), as the pages read them."""
from cchc.store import db


def test_catalog_has_the_indices_and_their_components(conn):
    components = db.query_df(conn, "SELECT * FROM index_components")
    by_index = components[components["component_code"] != "TOTAL"].groupby("index_code").size().to_dict()
    assert by_index["PAR_INDEX"] == 8 and by_index["PAPI"] == 8 and by_index["PCI"] == 10 and by_index["DTI"] >= 8
    assert by_index["SIPAS"] == 5 and by_index["SI766"] == 5
    papi = components[(components["index_code"] == "PAPI") & (components["component_code"] != "TOTAL")]
    assert set(papi["max_score"]) == {10.0}
    assert set(components["index_code"]) == set(db.query_df(conn, "SELECT code FROM indices")["code"])


def test_published_values_with_sources(conn):
    row = db.query_rows(conn, """SELECT score, rank, rank_of, source_url FROM current_index_scores
        WHERE index_code = 'PAR_INDEX' AND year = 2024 AND unit_code = 'T42' AND component_code = 'TOTAL'""")
    assert row[0][:3] == (89.72, 15, 63) and "baohatinh.vn" in row[0][3]
    assert db.query_rows(conn, "SELECT count(*) FROM current_index_scores WHERE source_url IS NULL")[0][0] == 0
    derived = db.query_rows(conn, """SELECT rank FROM current_index_scores WHERE index_code = 'PAR_INDEX' AND year = 2019
        AND unit_code = 'T42' AND flag = 'derived'""")
    assert derived == [(12,)]
    flags = {r[0] for r in db.query_rows(conn, "SELECT DISTINCT flag FROM current_index_scores")}
    assert flags == {None, "derived", "computed", "uncertain", "suspect"}


def test_ranking_base_is_kept(conn):
    rows = db.query_rows(conn, """SELECT rank, rank_of FROM current_index_scores WHERE index_code = 'DTI' AND year = 2024
        AND unit_code = 'T42' AND component_code = 'TOTAL' ORDER BY rank_of""")
    assert rows == [(7, 34), (25, 63)]
