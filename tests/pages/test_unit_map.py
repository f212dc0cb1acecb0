"""AppTest of the map block on the overview and the Units page (sample data): the 69 units drawn for the filter
bar's period, the note on values before July 2025, the credit, the target and mode pickers, and a unit clicked
opening its page."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from cchc.views.unit_map import CREDIT
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import open_alone, sign_in_test_user

NOTE = ("Số liệu trước 01/07/2025 được cộng gộp từ các đơn vị cũ theo quá trình sáp nhập; các xã bị chia tách "
        "không được tính.")


def _map(at: AppTest) -> dict:
    """The map's figure as the browser gets it."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return next(spec for spec in specs if spec["layout"].get("geo"))


def _drawn(spec: dict) -> list[str]:
    return sorted(code for trace in spec["data"] if trace["type"] == "choropleth" for code in trace["locations"])


def _overview(demo_path, **session: object) -> AppTest:
    """The overview (dashboard.py) with the map's widgets set before the run (a second run of dashboard.py in
    AppTest reads the filter bar's labels outside the script run, where nobody is signed in)."""
    at = sign_in_test_user(AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60), demo_path)
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_overview_map(demo_path) -> None:
    at = _overview(demo_path)
    assert "Bản đồ 69 xã, phường" in [s.value for s in at.subheader]
    spec = _map(at)
    assert len(_drawn(spec)) == 69 and spec["layout"]["annotations"][0]["text"].replace("<br>", " ") == CREDIT
    assert spec["layout"]["title"]["text"].startswith("TTHC-3.1 · Số hóa kết quả giải quyết TTHC · Quý IV/2024")
    assert NOTE in [i.value for i in at.info]                   # 2024: the former units' combined values
    assert {t["legendgroup"] for t in spec["data"] if t.get("legendgroup")} <= {"met", "on_track", "at_risk",
                                                                               "behind", "no_data"}
    assert at.radio(key="overview_map_mode").options == ["Trạng thái", "Giá trị"]
    shaded = _overview(demo_path, overview_map_mode="value", overview_map_target="TTHC-3.5b")
    spec = _map(shaded)
    assert any("colorbar" in t for t in spec["data"]) and spec["layout"]["title"]["text"].startswith("TTHC-3.5b")


def test_a_click_on_the_overview_map_opens_the_unit(demo_path) -> None:
    """What the chart's on_select hands over for a click on Phường Thành Sen opens the Units page on it."""
    at = _overview(demo_path, overview_map_clicked="X2025-18073")
    assert at.query_params["unit"] == "X2025-18073" and at.subheader[0].value == "Phường Thành Sen"


def test_units_page_map_and_a_click(demo_path) -> None:
    at = open_alone("units.py", params={"unit": "H436"})
    assert at.expander[0].label == "Bản đồ 69 xã, phường"
    assert len(_drawn(_map(at))) == 69 and NOTE in [i.value for i in at.info]
    assert at.subheader[0].value == "Thành phố Hà Tĩnh"
    at.session_state["units_map_clicked"] = "X2025-18652"
    at.run()
    assert not at.exception and at.session_state["units_unit"] == "X2025-18652"
    assert at.subheader[0].value == "Phường Hà Huy Tập" and at.query_params["unit"] == "X2025-18652"
