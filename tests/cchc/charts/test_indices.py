"""Charts of the indices page, on the published values and the sample data: the score and rank by year as
pictures, the components and the internal blocks as valid Plotly dicts."""
from cchc.charts.indices import components_chart, internal_chart, rank_chart, score_chart
from cchc.page_models.indices import words
from cchc.views import indices as views
from tests.cchc.charts.conftest import tree, valid

WORDS = words("vi")


def _legend(root) -> str:
    return "".join(root[-1].itertext())


def _marks(root) -> dict[str, float]:
    """Each point's words and its height on the picture (smaller is higher): a circle's centre, or the place of
    the SVG that holds a triangle."""
    marks = {c.findtext("title"): float(c.get("cy")) for c in root.iter("circle") if c.findtext("title")}
    for holder in root.iter("svg"):
        for triangle in holder.findall("polygon[title]"):
            marks[triangle.findtext("title")] = float(holder.get("y"))
    return marks


def test_score_and_rank_of_every_index(sample):
    for code in views.INDICES:
        view = views.index_view(sample, code, 2024)
        if len(view.ranks):
            rank = tree(rank_chart(view, WORDS))
            assert rank.find("figcaption").text == WORDS["rank_title"]
        if view.yearly["score"].notna().any():
            assert tree(score_chart(view, WORDS)).find("figcaption").text == WORDS["score_title"]


def test_par_index_target_and_national_average(sample):
    view = views.index_view(sample, "PAR_INDEX", 2024)
    score = tree(score_chart(view, WORDS))
    marks = _marks(score)
    latest = next(words for words in marks if words.startswith("Năm 2024: 89,72% · hạng 15/63"))
    assert "Nguồn: baohatinh.vn" in latest
    average = marks["Trung bình cả nước 2024: 88,37%. Nguồn: baomoi.net.vn"]
    assert marks[latest] < average                                       # 89,72 drawn above 88,37
    assert any(words.startswith("Cao nhất cả nước 2024: 96,17% (Hải Phòng)") for words in marks)
    assert "89,72%" in [t.text for t in score.iter("text")]
    assert all(name in _legend(score) for name in ("Hà Tĩnh", "Trung bình cả nước", "Cao nhất cả nước"))
    rank = tree(rank_chart(view, WORDS))
    assert any(e.findtext("title") == "Mục tiêu 2024: top 10" for e in rank.iter("rect"))   # the rank target's zone
    assert WORDS["flagged"] in _legend(rank)                          # 2017 and 2019 are derived


def test_dti_ranks_change_base(sample):
    rank = tree(rank_chart(views.index_view(sample, "DTI", 2024), WORDS))
    assert WORDS["base_changed"] in [t.text for t in rank.iter("text")]
    legend = _legend(rank)
    assert "Hạng trên 63 tỉnh" in legend and "Hạng trên 34 tỉnh (sau sáp nhập)" in legend
    marks = _marks(rank)
    assert any(w.startswith("Năm 2024: hạng 7/34") for w in marks) and any(w.startswith("Năm 2024: hạng 25/63")
                                                                            for w in marks)


def test_components_and_internal_blocks(sample):
    view = views.index_view(sample, "PCI", 2024)
    year = view.components[view.components["score"].notna()]["year"].max()
    spec = valid(components_chart(view.components[view.components["year"] == year], WORDS))
    assert spec["layout"]["barmode"] == "overlay"
    ranking = views.internal_ranking(views.internal_rows(sample), 2024)
    for block, frame in ranking.blocks.items():
        spec = valid(internal_chart(frame, ranking.averages[block], block, {**WORDS, "block_average": "TB"}))
        assert spec["data"][0]["y"][0].startswith("1. ") and spec["layout"]["shapes"][0]["layer"] == "below"
