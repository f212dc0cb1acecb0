"""Figures of the units page: the ranked bars with the chosen unit picked out, a unit's index trend."""
from cchc.charts.units import HIGHLIGHT, OTHERS, compare_bars, index_trend
from cchc.views import units as views
from tests.cchc.charts.conftest import valid


def test_compare_bars_pick_out_the_chosen_unit(sample):
    comparison = views.compare_units(sample, "district", "target:TTHC-3.1", 2024, 4)
    spec = valid(compare_bars(comparison.ranked, "H436", comparison.title, comparison.reference,
                              comparison.reference_text, comparison.is_sample))
    bars = spec["data"][0]
    chosen = list(comparison.ranked["code"]).index("H436")
    assert bars["marker"]["color"][chosen] == HIGHLIGHT and bars["marker"]["color"].count(OTHERS) == len(bars["x"]) - 1
    assert spec["layout"]["yaxis"]["ticktext"][chosen].startswith("<b>▶ ")
    assert spec["layout"]["shapes"][0]["x0"] == comparison.reference
    assert spec["layout"]["title"]["text"].endswith("DỮ LIỆU MẪU")


def test_index_trend(sample):
    series = views.index_series(views.unit_index_scores(sample, "SGTVT"), "PAR_INDEX_INTERNAL")
    spec = valid(index_trend(series, "Chỉ số CCHC", True))
    assert spec["data"][0]["x"] == [str(y) for y in series["year"]]
    assert "hạng" in spec["data"][0]["text"][-1]
