"""Figures of the indices page, on the published values and the sample data: valid Plotly dicts."""
from cchc.charts.indices import components_chart, internal_chart, rank_chart, score_chart
from cchc.page_models.indices import words
from cchc.views import indices as views
from tests.cchc.charts.conftest import valid

WORDS = words("vi")


def test_score_and_rank_of_every_index(sample):
    for code in views.INDICES:
        view = views.index_view(sample, code, 2024)
        if len(view.ranks):
            rank = valid(rank_chart(view, WORDS))
            assert rank["layout"]["yaxis"]["range"][1] == -2           # 1 at the top
        if view.yearly["score"].notna().any():
            valid(score_chart(view, WORDS))


def test_par_index_target_and_national_average(sample):
    view = views.index_view(sample, "PAR_INDEX", 2024)
    score = valid(score_chart(view, WORDS))
    province = next(t for t in score["data"] if t["name"] == WORDS["province"])
    assert province["y"][-1] == 89.72 and province["text"][-1] == "89,72%"
    rank = valid(rank_chart(view, WORDS))
    assert any(t.get("fill") == "toself" for t in rank["data"])          # the rank target's zone


def test_dti_ranks_change_base(sample):
    rank = valid(rank_chart(views.index_view(sample, "DTI", 2024), WORDS))
    assert rank["layout"]["annotations"][0]["text"] == WORDS["base_changed"]
    assert len([t for t in rank["data"] if t["mode"] == "lines+markers+text"]) == 2   # one line per base


def test_components_and_internal_blocks(sample):
    view = views.index_view(sample, "PCI", 2024)
    year = view.components[view.components["score"].notna()]["year"].max()
    spec = valid(components_chart(view.components[view.components["year"] == year], WORDS))
    assert spec["layout"]["barmode"] == "overlay"
    ranking = views.internal_ranking(views.internal_rows(sample), 2024)
    for block, frame in ranking.blocks.items():
        spec = valid(internal_chart(frame, ranking.averages[block], block, {**WORDS, "block_average": "TB"}))
        assert spec["data"][0]["y"][0].startswith("1. ") and spec["layout"]["shapes"][0]["layer"] == "below"
