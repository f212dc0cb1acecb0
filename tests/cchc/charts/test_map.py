"""The map figure: every unit drawn from the shipped boundaries, coloured and shaped by status or shaded by value,
Vietnamese hover, the source credited, and nothing for plotly.js to fetch from the Internet."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from cchc.charts.map import SYMBOLS, unit_map_figure
from cchc.metrics import target_status as rules
from cchc.metrics.target_status import status_text
from cchc.views.unit_map import COLUMNS, CREDIT, UnitMap, boundaries
from tests.cchc.charts.conftest import valid


def _map(note: str | None = None) -> UnitMap:
    """Every unit of the boundaries, statuses in turn, every fifth one without a value."""
    rows = []
    for n, feature in enumerate(boundaries()["features"]):
        status = rules.NO_DATA if n % 5 == 4 else rules.STATUSES[n % 4]
        value = None if status == rules.NO_DATA else 50.0 + n / 2
        rows.append({"code": feature["id"], "name": feature["properties"]["name"], "value": value,
                     "text": "–" if value is None else f"{value:.1f}%".replace(".", ","), "status": status,
                     "status_text": status_text(status), "latest_period": "Quý I/2024" if n == 0 else "",
                     "combined": True, "detail": "Cộng gộp 2 đơn vị cũ"})
    units = pd.DataFrame(rows, columns=COLUMNS)
    units.loc[1, "name"] = "Xã <b>Thử</b>"
    return UnitMap("TTHC-3.1", "TTHC-3.1 · Số hóa · Quý II/2024", "2024-Q2", units, note, CREDIT, "%", True)


def test_status_map() -> None:
    unit_map = _map()
    spec = valid(unit_map_figure(unit_map))
    traces = spec["data"]
    # offline: the first trace is placed by lon/lat, so plotly.js fetches no world map; no base map, no tiles
    assert traces[0]["type"] == "scattergeo" and "locations" not in traces[0]
    assert spec["layout"]["geo"]["visible"] is False and not any(t["type"].endswith("mapbox") for t in traces)
    areas = [t for t in traces if t["type"] == "choropleth"]
    drawn = [code for t in areas for code in t["locations"]]
    assert sorted(drawn) == sorted(f["id"] for f in boundaries()["features"])      # every unit once
    statuses = dict(zip(unit_map.units["code"], unit_map.units["status"]))
    for area in areas:
        colour = area["colorscale"][0][1]
        assert {rules.COLOURS[statuses[code]] for code in area["locations"]} == {colour}
        assert sorted(f["id"] for f in area["geojson"]["features"]) == sorted(area["locations"])   # its own shapes
        assert area["featureidkey"] == "id"
    marks = {t["legendgroup"]: t for t in traces if t["type"] == "scattergeo" and t.get("showlegend") is not False}
    assert set(marks) == set(rules.STATUSES)
    for status, mark in marks.items():
        assert mark["marker"]["symbol"] == SYMBOLS[status]
        assert mark["name"].startswith(rules.LABELS[status])
    # hover: name (as typed), value, status, where the value comes from; the unit code first, for a click
    met = next(t for t in areas if t["colorscale"][0][1] == rules.COLOURS[rules.MET])
    first = met["customdata"][0]
    assert first[0] == unit_map.units["code"][0] and first[2] == "50,0%" and first[3] == "● Đạt"
    assert first[4] == "(Quý I/2024)" and first[5] == "Cộng gộp 2 đơn vị cũ"
    assert "Giá trị: %{customdata[2]}" in met["hovertemplate"]
    assert "Xã &lt;b&gt;Thử&lt;/b&gt;" in [row[1] for t in areas for row in t["customdata"]]
    assert spec["layout"]["annotations"][0]["text"].replace("<br>", " ") == CREDIT     # under the map
    assert spec["layout"]["title"]["text"].endswith("DỮ LIỆU MẪU")


def test_value_map_and_projector_size() -> None:
    unit_map = _map()
    spec = valid(unit_map_figure(unit_map, "value", height=900, font_size=24))
    traces = spec["data"]
    assert traces[0]["type"] == "scattergeo"
    shaded, grey = [t for t in traces if t["type"] == "choropleth"]
    assert shaded["colorbar"]["ticksuffix"] == "%" and shaded["z"] == unit_map.units["value"].dropna().tolist()
    assert grey["colorscale"][0][1] == rules.COLOURS[rules.NO_DATA] and grey["name"].startswith("○ Chưa có số liệu")
    assert len(shaded["locations"]) + len(grey["locations"]) == 69
    assert spec["layout"]["height"] == 900 and spec["layout"]["font"]["size"] == 24


def test_a_sample_plan_years_map_says_so() -> None:
    spec = valid(unit_map_figure(replace(_map(), is_sample_plan=True)))
    assert spec["layout"]["title"]["text"].endswith("· KẾ HOẠCH MẪU")
