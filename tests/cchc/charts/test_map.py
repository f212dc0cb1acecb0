"""The map picture: every unit drawn from the shipped boundaries, coloured and shaped by status or shaded by value,
each a link to its page with its value and status in words, the legend with the counts, the source credited."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from cchc.charts.map import unit_map_picture, value_colour
from cchc.metrics import target_status as rules
from cchc.metrics.target_status import status_text
from cchc.views.unit_map import COLUMNS, CREDIT, UnitMap, boundaries
from tests.cchc.charts.conftest import coloured, tree


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


def _links(root) -> list:
    return [element for element in root.iter("a")]


def test_status_map() -> None:
    unit_map = _map()
    root = tree(unit_map_picture(unit_map, link=lambda code: f"don-vi?asof=2024-06-30&unit={code}"))
    links = _links(root)
    codes = [f["id"] for f in boundaries()["features"]]
    assert [a.get("href") for a in links] == [f"don-vi?asof=2024-06-30&unit={code}" for code in unit_map.units["code"]]
    assert sorted(a.get("href").rsplit("=", 1)[1] for a in links) == sorted(codes)      # every unit once
    statuses = dict(zip(unit_map.units["code"], unit_map.units["status"]))
    for a in links:
        area = a.find("path")
        assert area.get("fill") == area.get("data-colour") == rules.COLOURS[statuses[a.get("href").rsplit("=", 1)[1]]]
    # its value in words, on the area and for a screen reader: name (as typed), value, status, its source
    first = links[0].find("path/title").text
    assert first == "\n".join([unit_map.units["name"][0], "Giá trị: 50,0% (Quý I/2024)", "● Đạt", "Cộng gộp 2 đơn vị cũ"])
    assert links[1].get("aria-label").startswith("Xã <b>Thử</b>, Giá trị: ")
    # a status shape at every unit's centre, over the areas, not in the way of a click
    marks = root.find(".//g[@aria-hidden='true']")
    assert len(list(marks)) == 69 and "pointer-events:none" in marks.get("style")
    legend = ["".join(item.itertext()).strip() for item in root.find("div")]
    counts = unit_map.counts()
    assert legend == [f"{rules.LABELS[s]} ({counts[s]})" for s in rules.STATUSES if counts[s]]
    assert root.find("figcaption").text.endswith("DỮ LIỆU MẪU")
    assert root[-1].text == CREDIT                                  # under the map


def test_value_map_and_projector_size() -> None:
    unit_map = _map()
    root = tree(unit_map_picture(unit_map, "value", height=400, font_size=24))
    assert not _links(root)                                          # the projector: no links
    areas = [g.find("path") for g in root.iter("g") if g.get("role") == "img"]
    assert len(areas) == 69
    values = unit_map.units["value"]
    low, high = values.min(), values.max()
    fills = [area.get("fill") for area in areas]
    assert fills == [rules.COLOURS[rules.NO_DATA] if v != v else value_colour(v, low, high) for v in values]
    assert value_colour(low, low, high) == "#DCEAF6" and value_colour(high, low, high) == "#0B3D6B"
    assert {e.get("data-colour") for e in coloured(root)} == {rules.COLOURS[rules.NO_DATA]}   # the only status drawn
    legend = ["".join(item.itertext()) for item in root.find("div")]
    assert legend == [f"{low:.1f}% → {high:.1f}%".replace(".", ","), "○ Chưa có số liệu (13)"]
    assert "max-height:400px" in root.find(".//svg").get("style") and "font-size:26px" in root.find("figcaption").get("style")


def test_a_sample_plan_years_map_says_so() -> None:
    root = tree(unit_map_picture(replace(_map(), is_sample_plan=True)))
    assert root.find("figcaption").text.endswith("· KẾ HOẠCH MẪU")
