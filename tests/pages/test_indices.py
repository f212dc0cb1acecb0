"""AppTest of the indices page alone (the filters set as dashboard.py sets them), on the sample-data
database and on one with the catalogs only.
"""
import shutil
import xml.etree.ElementTree as ET
from datetime import date

import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from cchc.periods import Period
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import open_alone, open_tab, sign_in_test_user, tab
from web.page_filters import Filters

PAGE = str(PROJECT_ROOT / "pages" / "indices.py")


def _page(monkeypatch, path, lang=None):
    monkeypatch.setenv("CCHC_DB", str(path))
    return open_alone("indices.py", session={"lang": lang} if lang else None)


@pytest.fixture
def app(demo_path, monkeypatch):
    return _page(monkeypatch, demo_path)


def _pick(at, code):
    at.segmented_control(key="indices-pick").set_value(code).run()
    assert not at.exception and not at.error
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _text(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def _charts(at) -> dict:
    """The page's Plotly figures by title (the components, the internal ranking's blocks)."""
    figures = [pio.from_json(chart.proto.spec, skip_invalid=True) for chart in at.get("plotly_chart")]
    return {figure.layout.title.text: figure for figure in figures}


def _pictures(at) -> dict[str, ET.Element]:
    """The page's charts by year (cchc.charts.years, drawn on the server) by title."""
    trees = [ET.fromstring(m.value) for m in at.markdown if "cchc-years" in m.value]
    return {root.find("figcaption").text: root for root in trees}


def _legend(root: ET.Element) -> list[str]:
    return ["".join(item.itertext()) for item in root[-1]]


def _points(root: ET.Element) -> list[str]:
    """What each point of a picture says (its title), in the order drawn."""
    return [e.findtext("title") for e in root.iter() if e.tag in ("circle", "polygon") and e.findtext("title")]


def test_par_index_score_rank_target_and_national_values(app):
    metrics = _metrics(app)
    assert metrics["Điểm năm 2024"] == "89,72%"
    assert metrics["Xếp hạng năm 2024"] == "15/63"
    assert metrics["Mục tiêu năm 2024"] == "Top 10"
    assert metrics["Trung bình cả nước 2024"] == "88,37%"
    assert metrics["Cao nhất cả nước 2024"] == "96,17%"
    text = _text(app)
    assert ":red[■ Chưa đạt: hạng 15/63, cách mục tiêu 5 bậc]" in text
    assert "Hải Phòng" in text
    assert 'Thứ hạng năm 2017, 2019 được suy ra từ thông tin "tăng/giảm … bậc"' in text


def test_rank_chart_is_reversed_with_the_target_zone(app):
    pictures = _pictures(app)
    rank = pictures["Thứ hạng theo năm (1 là cao nhất)"]
    heights = {e.findtext("title").split(".")[0]: float(e.get("cy")) for e in rank.iter("circle") if e.findtext("title")}
    assert heights["Năm 2021: hạng 8/63"] < heights["Năm 2022: hạng 28/63"]   # reversed: rank 1 at the top
    legend = _legend(rank)
    assert "Hạng trên 63 tỉnh" in legend and "Mục tiêu 2024: top 10" in legend
    assert "Suy ra, tự tính hoặc chưa chắc chắn" in legend  # the hollow marks of 2017 and 2019 say what they are
    score = pictures["Điểm số theo năm"]
    assert any(p.startswith("Năm 2024: 89,72% · hạng 15/63") for p in _points(score))
    assert "89,72%" in [t.text for t in score.iter("text")]


def test_sipas_against_its_target(app):
    _pick(app, "SIPAS")
    metrics = _metrics(app)
    assert metrics["Điểm năm 2024"] == "85,17%"
    assert metrics["Mục tiêu năm 2024"] == "≥ 94%"
    text = _text(app)
    assert "Chưa đạt: 85,17%, thiếu 8,83 điểm" in text
    assert "TTHC-3.6" in text
    assert "Mục tiêu 2024: ≥ 94%" in _legend(_pictures(app)["Điểm số theo năm"])


def test_dti_ranking_base_change_is_noted_and_drawn_apart(app):
    _pick(app, "DTI")
    metrics = _metrics(app)
    assert metrics["Xếp hạng năm 2024"] == "7/34"
    assert metrics["Điểm năm 2024"] == "Chưa công bố"
    text = _text(app)
    assert "Cách xếp hạng thay đổi: 63 tỉnh (2021–2024) → 34 tỉnh (2024)" in text
    assert "Năm 2024 còn có thứ hạng 25/63" in text
    rank = _pictures(app)["Thứ hạng theo năm (1 là cao nhất)"]
    assert {"Hạng trên 63 tỉnh", "Hạng trên 34 tỉnh (sau sáp nhập)"} <= set(_legend(rank))
    points = _points(rank)
    assert [p for p in points if p.startswith("Năm 2024")] == [
        "Năm 2024: hạng 25/63. Nguồn: baohatinh.vn ⚠ chưa chắc chắn", "Năm 2024: hạng 7/34. Nguồn: vtcnews.vn"]
    # its own line, not joined to 25/63: the 34-province line (dotted) has a single point and no segment
    plot = rank[1][1]
    assert not plot.findall("line[@stroke-dasharray='2 6']")
    assert "Đổi cách xếp hạng: 63 → 34 tỉnh" in [t.text for t in plot.iter("text")]


def test_pci_components_against_the_year_before(app):
    _pick(app, "PCI")
    assert not [d for d in app.dataframe if "Chỉ số thành phần" in d.value.columns]    # drawn once opened
    assert "Các chỉ số thành phần" in [e.label for e in app.expander]
    app.session_state["indices_components_open"] = True
    app.run()
    components = next(d.value for d in app.dataframe if "Chỉ số thành phần" in d.value.columns)
    assert len(components) == 10
    entry = components[components["Chỉ số thành phần"] == "Gia nhập thị trường"].iloc[0]
    assert (entry["Điểm"], entry["Điểm tối đa"], entry["Năm trước"], entry["Thay đổi"]) == ("7,15", "10", "6,74", "+0,41")
    assert "Chỉ số thành phần năm 2023" in _charts(app)


def internal(at):
    """The page's tab of the province's own ranking (the national results are the first tab)."""
    return open_tab(at, "indices_tab", "indices.tab.internal")


def test_internal_ranking_is_sample_data_ranked_by_block(app):
    internal(app)
    assert any("dữ liệu mẫu" in i.value for i in app.info)
    text = _text(app)
    assert "Cao nhất: Sở Giao thông vận tải (91,82)" in text
    assert "Cao nhất: Thành phố Hà Tĩnh (92,19)" in text
    departments = _charts(app)["Sở, ban, ngành cấp tỉnh — 2024 (dữ liệu mẫu)"]
    bars = departments.data[0]
    assert bars.y[0] == "1. Sở GTVT" and bars.text[0] == "91,82"
    assert len(bars.y) == 19
    published = next(d.value for d in app.dataframe if "Khối" in d.value.columns)
    assert published.iloc[0]["Đơn vị"] == "Sở Ngoại vụ"  # the published ranking, shown apart


def test_district_level_shows_districts_only(demo_db_template, tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in_test_user(at)
    at.session_state["filters"] = Filters(2024, Period(2024, 4), date(2024, 12, 31), "district")
    internal(at)
    titles = list(_charts(at))
    assert "UBND cấp huyện — 2024 (dữ liệu mẫu)" in titles
    assert not any(title.startswith("Sở, ban, ngành") for title in titles)


def test_catalog_only_shows_published_internal_results_without_sample_notice(db_path, monkeypatch):
    at = internal(_page(monkeypatch, db_path))
    assert not at.info
    text = _text(at)
    assert "Chưa có báo cáo điểm Chỉ số CCHC nội bộ năm 2024" in text
    assert "Kết quả đã công bố năm 2024" in text


def test_english_switch(db_path, monkeypatch):
    at = _page(monkeypatch, db_path, lang="en")
    assert at.title[0].value == "Hà Tĩnh's administrative-reform indices"
    assert _metrics(at)["Rank 2024"] == "15/63"


def test_a_missing_target_is_not_one_accent_from_not_achieved(app):
    """Issue 20: "Chưa đặt" (no target) read like "Chưa đạt" (not achieved)."""
    _pick(app, "PAPI")
    assert _metrics(app)["Mục tiêu năm 2024"] == "Chưa có mục tiêu"


def test_published_results_come_first_and_the_sample_ranking_is_marked_apart(app):
    """Issue 20: the sample internal ranking ("1. Sở GTVT") sat right above the published one, unmarked."""
    from cchc.look import SAMPLE_DATA_MARK

    texts = [m.value for m in internal(app).markdown]
    published = next(i for i, text in enumerate(texts) if text.startswith("**Kết quả"))
    marked = next(i for i, text in enumerate(texts) if SAMPLE_DATA_MARK in text)
    assert published < marked
    assert "không phải kết quả thật" in texts[marked]
