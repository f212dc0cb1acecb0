"""The targets page's pictures: every target's bar against 100%, worst first by area, its projection and values;
one target's quarters against its target."""
from __future__ import annotations

import re

import pandas as pd

from cchc import look
from cchc.charts.targets import CAP, achievement, quarters_chart, targets_chart
from cchc.metrics import target_status as rules
from tests.cchc.charts.conftest import coloured, tree


def _row(code, area, status, latest, target=90.0, year_end=None, direction="at_least"):
    return {"code": code, "area": area, "level": "province", "indicator": f"Chỉ số {code}", "status": status,
            "latest": latest, "target_value": target, "year_end": year_end, "direction": direction,
            "measure": "percent", "unit_of_measure": "%"}


def test_every_target_worst_first_by_area_with_its_values():
    progress = pd.DataFrame([_row("A-1", "Thể chế", rules.MET, 95.0), _row("A-2", "Thể chế", rules.BEHIND, 45.0, year_end=60.0),
                             _row("B-1", "TTHC", rules.AT_RISK, 81.0, year_end=88.0),
                             _row("B-2", "TTHC", rules.NO_DATA, None)])
    root = tree(targets_chart(progress))
    legend, *rest = list(root)
    headers = [e.text for e in rest if e.get("style").startswith("font-weight:600")]
    assert headers == ["Thể chế", "TTHC"]
    rows = [e for e in rest if e not in [h for h in rest if h.text in headers]]
    assert ["".join(r[0].itertext()) for r in rows] == ["A-2 · Cấp tỉnh", "A-1 · Cấp tỉnh", "B-1 · Cấp tỉnh", "B-2 · Cấp tỉnh"]
    bars = [r[1][0][0] for r in rows]
    assert [b.get("data-colour") for b in bars] == [look.RED, look.GREEN, look.AMBER, look.GREY]
    width = [float(re.search(r"width:([\d.]+)%", b.get("style")).group(1)) for b in bars]
    assert abs(width[0] - 50.0 / CAP * 100) < 0.01 and abs(width[1] - CAP / CAP * 100 * 95 / 90 / 1.5) < 0.01
    assert bars[0].get("title") == "■ Chậm, khó đạt: Chỉ số A-2 · ■ 45% / ≥ 90% · dự báo cuối năm 60%"
    assert "".join(rows[3][2].itertext()) == "○ chưa có số liệu · kế hoạch ≥ 90%"
    # the projection of a target not yet met, not of one met
    assert [len(r[1][0]) for r in rows] == [3, 2, 3, 2]
    assert {e.get("data-colour") for e in coloured(legend)} == {look.RED, look.GREEN, look.AMBER, look.GREY}


def test_a_ceiling_counts_the_other_way():
    assert achievement(4.0, 5.0, "at_most") == 100.0 and achievement(10.0, 5.0, "at_most") == 50.0
    assert achievement(500.0, 90.0, "at_least") == CAP


def test_one_targets_quarters():
    root = tree(quarters_chart({1: 70.0, 2: 80.0}, 90.0, 95.0, "Tỷ lệ", "%"))
    assert root.find("figcaption").text == "Tỷ lệ"
    plot = root[1]
    quarters = list(plot)[:4]
    assert [q[0].get("title") if len(q) else None for q in quarters] == ["Quý I: 70,0%", "Quý II: 80,0%", None,
                                                                         "Dự báo cuối năm: 95,0%"]
    assert plot[4].get("title") == "Chỉ tiêu: 90,0%"
    assert "".join(root[3].itertext()).endswith("◇ Dự báo cuối năm: 95,0%")
    assert "Dự báo" not in quarters_chart({}, 90.0, None, "Tỷ lệ")
