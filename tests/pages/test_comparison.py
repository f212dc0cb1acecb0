"""AppTest of the comparison of provinces (So sánh các tỉnh) on the database with the catalogs and the shipped
results of every province: PAPI 2024, Hà Tĩnh first of the six Bắc Trung Bộ provinces, its weakest dimensions
named with their national ranks; an edition imported later is shown at once."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from cchc.store import db
from etl.results.loader import enter_by_hand
from etl.results.reader import Result
from tests.pages.conftest import open_alone


@pytest.fixture
def app(db_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(db_path))
    return open_alone("comparison.py")


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _text(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def _pictures(at) -> list[ET.Element]:
    return [ET.fromstring(m.value) for m in at.markdown if m.value.startswith("<figure")]


def test_papi_2024_puts_ha_tinh_first_in_its_region_with_the_number_of_provinces(app):
    assert app.selectbox(key="comparison-edition-PAPI").value.year == 2024
    metrics = _metrics(app)
    assert metrics["Hạng toàn quốc"] == "6/61" and metrics["Hạng trong Bắc Trung Bộ"] == "1/6"
    assert metrics["Điểm của Hà Tĩnh"] == "45,55/80" and metrics["Cách top 10"] == "Đã đạt"
    text = _text(app)
    assert "61/63 tỉnh có số liệu" in text and "⚠ hạng tự tính" in text and "Hà Tĩnh đang trong top 10" in text       # the rank is marked as computed
    assert "**Yếu nhất:** Cung ứng dịch vụ công (hạng 32/61); Quản trị điện tử (hạng 31/61)" in text
    titles = [p.find("figcaption").text for p in _pictures(app)]
    assert any(t.startswith("Xếp hạng theo điểm") for t in titles)
    assert any(t.startswith("Chỉ số thành phần PAPI 2024") for t in titles)
    assert any(t.startswith("Thứ hạng qua các năm: Hà Tĩnh và các tỉnh Bắc Trung Bộ") for t in titles)


def test_the_ranked_picture_shows_the_top_and_ha_tinh_with_its_neighbours(app):
    ranked = next(p for p in _pictures(app) if p.find("figcaption").text.startswith("Xếp hạng theo điểm"))
    labels = [div.text for div in ranked[1] if div.text and ". " in div.text]
    assert labels[:6] == ["1. Quảng Ninh", "2. Tây Ninh", "3. Bình Thuận", "4. Thái Nguyên", "5. Ninh Thuận",
                          "6. Hà Tĩnh"]
    assert labels[-1] == "11. Thừa Thiên Huế"                    # five either side of Hà Tĩnh, no more


def _pick(at, year: int):
    box = at.selectbox(key="comparison-edition-PAPI")
    box.select_index(next(i for i, label in enumerate(box.options) if label.startswith(str(year)))).run()
    assert not at.exception and not at.error
    return at


def test_a_regional_edition_has_no_national_mean_and_says_so(app):
    _pick(app, 2023)
    metrics = _metrics(app)
    assert metrics["Hạng trong Bắc Trung Bộ"] == "2/6" and metrics["Hạng toàn quốc"] == "7/61"
    assert "chưa có bảng toàn quốc: không tính trung bình cả nước" in _text(app)


def test_an_edition_entered_by_hand_shows_at_once(db_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(db_path))
    conn = db.connect(db_path)
    try:
        for code, score, rank in (("M42", 46.2, 4), ("M46", 47.0, 1)):
            enter_by_hand(conn, "PAPI", 2025, code, [Result(code, "TOTAL", score, rank, 34, None)],
                          "https://papi.org.vn/2025", None, "quantri")
    finally:
        conn.close()
    at = open_alone("comparison.py")
    assert at.selectbox(key="comparison-edition-PAPI").value.year == 2024     # the national table comes first
    assert at.selectbox(key="comparison-edition-PAPI").options[0].startswith("2025 · 2 tỉnh")
    _pick(at, 2025)
    metrics = _metrics(at)
    assert metrics["Hạng toàn quốc"] == "4/34" and metrics["Hạng trong Bắc Trung Bộ"] == "2/2"
