"""The status of a target, by one set of rules shown to users in the legend.

- met (Đạt): the latest cumulative value already reaches the target.
- on track (Đúng tiến độ): not yet, but the year-end projection reaches it.
- at risk (Có nguy cơ): the projection falls short by no more than 5% of the target.
- behind (Chậm): the projection falls short by more than that.
- no data (Chưa có số liệu): nothing reported yet.
A target "at most" (a ceiling) is met while the value stays at or under it, by the same margins.
"""
from __future__ import annotations

import pandas as pd

from cchc import look

MET, ON_TRACK, AT_RISK, BEHIND, NO_DATA = "met", "on_track", "at_risk", "behind", "no_data"
STATUSES = (MET, ON_TRACK, AT_RISK, BEHIND, NO_DATA)
# What needs attention first: the targets page's chart and table list each area's targets in this order.
WORST_FIRST = (BEHIND, AT_RISK, NO_DATA, ON_TRACK, MET)
AT_RISK_MARGIN = 0.05

LABELS = {
    MET: "Đạt",
    ON_TRACK: "Đúng tiến độ",
    AT_RISK: "Có nguy cơ không đạt",
    BEHIND: "Chậm, khó đạt",
    NO_DATA: "Chưa có số liệu",
}
RULES = {
    MET: "Giá trị lũy kế mới nhất đã đạt chỉ tiêu.",
    ON_TRACK: "Chưa đạt, nhưng dự báo cuối năm đạt chỉ tiêu.",
    AT_RISK: "Dự báo cuối năm thiếu không quá 5% so với chỉ tiêu.",
    BEHIND: "Dự báo cuối năm thiếu hơn 5% so với chỉ tiêu.",
    NO_DATA: "Chưa có đơn vị nào báo cáo số liệu.",
}
# The shape and the colour of each status, from the visual language (cchc.look): the shape tells it apart
# without colour (tables, the map, the projector), and the label always goes with them.
MARKS = look.TARGET_MARKS
COLOURS = look.TARGET_COLOURS


def status_of(latest: float | None, year_end: float | None, target: float, direction: str = "at_least") -> str:
    """Status from the latest value and its year-end projection."""
    if latest is None:
        return NO_DATA
    sign = 1 if direction == "at_least" else -1
    if sign * (latest - target) >= 0:
        return MET
    projected = latest if year_end is None else year_end
    shortfall = sign * (target - projected)
    if shortfall <= 0:
        return ON_TRACK
    if shortfall <= AT_RISK_MARGIN * abs(target):
        return AT_RISK
    return BEHIND


def status_text(status: str) -> str:
    """A status with its shape: "● Đạt"."""
    return f"{MARKS[status]} {LABELS[status]}"


def worst_first(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets (rows with ``area`` and ``status``) by area in their first order, worst status first within each."""
    areas = {area: n for n, area in enumerate(dict.fromkeys(targets["area"]))}
    rank = {status: n for n, status in enumerate(WORST_FIRST)}
    order = targets.assign(_area=targets["area"].map(areas), _status=targets["status"].map(rank), _n=range(len(targets)))
    return order.sort_values(["_area", "_status", "_n"]).drop(columns=["_area", "_status", "_n"])


def cell_style(text: str) -> str:
    """The CSS of a table cell that shows a status (:func:`status_text`), in the status's colour."""
    for status in STATUSES:
        if text == status_text(status):
            return look.cell_css(COLOURS[status])
    return ""
