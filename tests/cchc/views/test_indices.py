"""The indices page's query layer: yearly series, ranking bases, targets, national values, components,
the internal ranking; and the index-target catalog it reads (data/plan/<year>/index_targets.csv).
"""
import math
import shutil

import pandas as pd
import pytest

from cchc.config import DATA_DIR
from cchc.store import db
from cchc.views import indices as index_views
from cchc.views.indices import Scale
from etl.catalogs import index_targets
from etl.operations.setup import initialise

PERCENT = Scale("%", 100.0)


def _totals(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (year, score, rank, rank_of, flag) in the order of the query."""
    frame = pd.DataFrame(rows, columns=["year", "score", "rank", "rank_of", "flag"])
    return frame.assign(max_score=100.0, note=None, source_url="https://example.vn/a").astype(
        {"score": float, "rank": float, "rank_of": float})


# --- on the catalog database ---------------------------------------------------------------------

def test_par_index_view(conn):
    view = index_views.index_view(conn, "PAR_INDEX", 2024)
    assert (view.latest["year"], view.latest["score_text"], view.latest["rank_text"]) == (2024, "89,72%", "15/63")
    assert view.flag_years == {"derived": [2017, 2019]}
    assert view.base_changes == [] and view.mixed_counts == []
    national = index_views.national_for(view.national, "avg", 2024)
    assert national["avg_text"] == "88,37%"
    top = index_views.national_for(view.national, "top", 2024)
    assert (top["top_text"], top["top_name"]) == ("96,17%", "Hải Phòng")
    [target] = view.targets
    assert (target.kind, target.value_text, target.status, target.actual_text, target.gap_text) == (
        "rank_at_most", "10", "missed", "15/63", "5")


def test_sipas_target_comes_from_the_plan(conn):
    [target] = index_views.index_view(conn, "SIPAS", 2024).targets
    assert (target.kind, target.value_text, target.target_code) == ("score_at_least", "94%", "TTHC-3.6")
    assert (target.status, target.actual_text, target.gap_text) == ("missed", "85,17%", "8,83")


def test_dti_keeps_both_ranking_bases(conn):
    view = index_views.index_view(conn, "DTI", 2024)
    assert view.latest["rank_text"] == "7/34"  # the unflagged row of 2024 is preferred
    assert list(view.other_bases["rank_text"]) == ["25/63"]
    assert view.base_changes == [
        {"era": "before", "rank_of": [63], "years": [2021, 2022, 2023, 2024]},
        {"era": "after", "rank_of": [34], "years": [2024]},
    ]
    assert view.flag_years["uncertain"] == [2023, 2024]
    table = index_views.year_table(view)
    assert table.iloc[0]["rank"] == "7/34 · 25/63 ⚠" and str(table.iloc[0]["avg"]) == "0,6961"


def test_pci_components_with_the_year_before(conn):
    components = index_views.index_view(conn, "PCI", 2024).components
    assert set(components.groupby("year").size()) == {10}
    assert sorted(components["year"].unique()) == list(range(2017, 2024))
    entry = components[(components["year"] == 2023) & (components["component_code"] == "PCI_ENTRY")].iloc[0]
    assert (entry["score_text"], entry["max_text"], entry["previous_text"], entry["change_text"]) == (
        "7,15", "10", "6,74", "+0,41")
    first = components[components["year"] == 2017]
    assert (first["previous_text"] == "–").all()


def test_papi_ranks_of_varying_counts_are_flagged(conn):
    view = index_views.index_view(conn, "PAPI", 2024)
    assert (view.latest["score_text"], view.latest["rank_text"]) == ("45,55/80", "6/61")    # PAPI 2024 (issue 21)
    assert view.mixed_counts == [60, 61, 63]
    of_2022 = view.components[view.components["year"] == 2022]
    assert len(of_2022) == 8 and of_2022["score"].notna().all()      # the dimensions' scores of the PAPI table
    assert set(of_2022["rank_text"]) - {"–"} == {"2/61", "12/61", "16/61"}   # ranks only where a source gave them


def test_internal_published_values_without_sample(conn):
    rows = index_views.internal_rows(conn)
    ranking = index_views.internal_ranking(rows, 2024)
    assert ranking.blocks == {} and not ranking.is_sample
    assert list(ranking.published["label"])[:2] == ["Sở Ngoại vụ", "Sở Tư pháp"]
    assert list(ranking.published["kind"]) == ["department"] * 4 + ["central_agency", "district"]
    published_2023 = index_views.internal_ranking(rows, 2023).published
    assert published_2023.iloc[0]["score_text"] == "93,364/98"


def test_an_index_with_a_rank_only(conn):
    view = index_views.index_view(conn, "SI766", 2024)  # a rank without a score, outside the headline five
    assert view.latest["rank_text"] == "1" and view.targets == []


# --- pure shaping --------------------------------------------------------------------------------

def test_yearly_series_prefers_unflagged_rows_and_drops_empty_years():
    totals = _totals([(2022, 80.0, 5, 63, None), (2023, None, None, None, None), (2024, None, 7, 34, None),
                      (2024, None, 25, 63, "uncertain")])
    series = index_views.yearly_series(totals, PERCENT)
    assert list(series["year"]) == [2022, 2024]
    assert list(series["rank_text"]) == ["5/63", "7/34"]
    assert list(series["score_text"]) == ["80%", "–"]


def test_rank_points_separate_the_bases():
    ranks = index_views.rank_points(_totals([(2023, None, 20, 63, None), (2024, None, 25, 63, "uncertain"),
                                             (2024, None, 7, 34, None)]))
    assert list(zip(ranks["era"], ranks["year"], ranks["rank"])) == [
        ("after", 2024, 7.0), ("before", 2023, 20.0), ("before", 2024, 25.0)]
    assert [b["rank_of"] for b in index_views.base_changes(ranks)] == [[63], [34]]


def test_same_base_is_no_change():
    ranks = index_views.rank_points(_totals([(2023, None, 20, 63, None), (2024, None, 25, 63, None)]))
    assert index_views.base_changes(ranks) == [] and index_views.mixed_counts(ranks) == []


@pytest.mark.parametrize(("kind", "value", "status", "gap"), [
    ("rank_at_most", 10, "missed", "5"),
    ("rank_at_most", 15, "met", None),
    ("score_at_least", 89.72, "met", None),
    ("score_at_least", 94, "missed", "4,28"),
])
def test_check_target(kind, value, status, gap):
    totals = _totals([(2024, 89.72, 15, 63, None)])
    yearly, ranks = index_views.yearly_series(totals, PERCENT), index_views.rank_points(totals)
    check = index_views.check_target({"year": 2024, "kind": kind, "value": value}, yearly, ranks, PERCENT)
    assert (check.status, check.gap_text) == (status, gap)


def test_target_without_a_result_yet():
    totals = _totals([(2023, 88.0, 18, 63, None)])
    check = index_views.check_target({"year": 2024, "kind": "rank_at_most", "value": 10},
                                     index_views.yearly_series(totals, PERCENT), index_views.rank_points(totals), PERCENT)
    assert (check.status, check.actual_text) == ("no_value", None)


def test_national_for_does_not_reach_back_further_than_a_year():
    rows = pd.DataFrame([
        (2017, "national_avg", None, 60.2, None, None, None, "https://a.vn/x"),
        (2022, "national_max", "Quảng Ninh", 72.95, 63.0, None, None, "https://b.vn/y"),
    ], columns=["year", "stat", "other_name", "score", "rank_of", "flag", "note", "source_url"])
    national = index_views.national_series(rows, Scale("điểm", 100.0))
    assert index_views.national_for(national, "avg", 2022) is None
    assert index_views.national_for(national, "top", 2023)["top_text"] == "72,95"


def test_internal_ranking_by_block_with_level_filter():
    rows = pd.DataFrame([
        (2024, "A", "Sở A", "Sở A", "department", 80.0, 100.0, None, None, None, None, None, "submission", True, "f.xlsx", None),
        (2024, "B", "Sở B", "Sở B", "department", 90.5, 100.0, None, None, None, None, None, "submission", True, "f.xlsx", None),
        (2024, "H", "Huyện H", "Huyện H", "district", 70.0, 100.0, 1.0, 1.0, None, None, None, "submission", True, "f.xlsx", None),
        (2024, "B", "Sở B", "Sở B", "department", None, None, 1.0, None, None, None, "https://x.vn", "published", False, None, None),
    ], columns=["year", "unit_code", "name", "label", "kind", "score", "max_score", "rank", "rank_of", "flag", "note",
                "source_url", "origin", "is_sample", "filename", "uploaded_at"])
    ranking = index_views.internal_ranking(rows, 2024)
    assert list(ranking.blocks) == ["department", "district"]
    departments = ranking.blocks["department"]
    assert list(departments["label"]) == ["Sở B", "Sở A"]
    assert list(departments["rank_text"]) == ["1/2", "2/2"] and list(departments["score_text"]) == ["90,50", "80,00"]
    assert ranking.average_texts["department"] == "85,25"
    assert ranking.is_sample and ranking.files == ["f.xlsx"] and len(ranking.published) == 1
    assert list(index_views.internal_ranking(rows, 2024, "district").blocks) == ["district"]
    assert list(index_views.internal_ranking(rows, 2024, unit_kind="department").blocks) == ["department"]
    assert index_views.internal_ranking(rows, 2024, "district", "department").blocks == {}
    assert index_views.internal_years(rows) == [2024]


def test_host():
    assert index_views.host("https://www.baohatinh.vn/a/b") == "baohatinh.vn"
    assert index_views.host(None) == "" and index_views.host(math.nan) == ""


# --- the catalog of index targets ----------------------------------------------------------------

def test_index_targets_are_loaded_with_the_plan(conn):
    rows = db.query_rows(conn, "SELECT plan_year, index_code, year, kind, value, target_code FROM index_targets ORDER BY 1, 2, 3, 4")
    assert rows == [(2024, "PAR_INDEX", 2024, "rank_at_most", 10.0, None),
                    (2024, "SIPAS", 2024, "score_at_least", 94.0, "TTHC-3.6")]


def test_index_target_problems_are_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "plan" / "2024" / index_targets.FILE_NAME
    path.write_text(path.read_text(encoding="utf-8")
                    + "XYZ,2024,rank_at_most,5,,\nPCI,2024,best,1,,\nPCI,2024,rank_at_most,mười,,\n"
                    + "DTI,2024,rank_at_most,20,NOPE-1,\nPAR_INDEX,2024,rank_at_most,12,,\n", encoding="utf-8")
    conn = db.connect(tmp_path / "x.duckdb")
    report = initialise(conn, "test", data)
    problems = [p for p in report.problems if index_targets.FILE_NAME in p]
    assert len(problems) == 5
    assert "chỉ số 'XYZ' không có trong danh mục" in problems[0]
    assert any("loại 'best'" in p for p in problems) and any("'mười'" in p for p in problems)
    assert any("'NOPE-1'" in p for p in problems) and any("trùng" in p for p in problems)
    assert report.counts["index_targets:2024"] == 2  # rows with a problem are left out
    conn.close()
