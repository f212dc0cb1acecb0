"""The targets page's picture: every target of the plan as a bar of how far it has come towards its target, grouped by
area and worst first, coloured and marked by status, with the year-end projection beside it.

Targets are counted in different units (a share, a number of initiatives, a ceiling of staff), so the bars share
one scale: the latest value as a share of the target (100% = reached). A ceiling ("≤ 5") counts the other way:
staying at or under it is 100%. The label beside each bar gives the values themselves.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from cchc import look
from cchc.charts.common import GRID, INK, MUTED, Figure, figure, plain_label, vertical_line
from cchc.formatting import format_measure, format_percent
from cchc.metrics import target_status
from cchc.missing import is_missing
from cchc.vocabulary import LEVEL_NAMES

CAP = 150.0                    # bars beyond 150% of the target are drawn to 150%: the label tells the value
ROW_HEIGHT = 24


def achievement(value: float | None, target: float, direction: str) -> float | None:
    """How far ``value`` has come towards ``target``, in percent of it (100 = reached), capped at :data:`CAP`."""
    if value is None or is_missing(value):
        return None
    if direction == "at_least":
        share = value / target * 100 if target else (100.0 if value >= 0 else 0.0)
    else:                      # a ceiling: at or under it is reached; over it, the further, the less
        share = 100.0 if value <= target else (target / value * 100 if value > 0 else 0.0)
    return max(0.0, min(CAP, share))


def _label(row: dict) -> str:
    return f"{row['code']} · {LEVEL_NAMES[row['level']]}"


def _values(row: dict) -> str:
    sign = "≥ " if row["direction"] == "at_least" else "≤ "
    target = sign + format_measure(row["target_value"], row["measure"], row["unit_of_measure"])
    if row["status"] == target_status.NO_DATA:
        return f"{look.TARGET_MARKS[row['status']]} chưa có số liệu · kế hoạch {target}"
    latest = format_measure(row["latest"], row["measure"], row["unit_of_measure"])
    return f"{look.TARGET_MARKS[row['status']]} {latest} / {target}"


def targets_chart(progress: pd.DataFrame) -> Figure:
    """The chart of the targets in ``progress`` (rows of ``target_progress``). Its title is the page's to write,
    where it wraps on a phone (in the chart, the legend's rows would cover it)."""
    rows = target_status.worst_first(progress).to_dict("records")
    categories: list[str] = []
    area = None
    for row in rows:
        if row["area"] != area:
            area = row["area"]
            categories.append(f"<b>{plain_label(area)}</b>")
        categories.append(plain_label(_label(row)))
    traces: list[dict[str, Any]] = []
    for status in target_status.WORST_FIRST:
        chosen = [row for row in rows if row["status"] == status]
        if not chosen:
            continue
        traces.append({
            "type": "bar", "orientation": "h", "name": target_status.status_text(status),
            "y": [plain_label(_label(row)) for row in chosen],
            "x": [achievement(row["latest"], row["target_value"], row["direction"]) or 0 for row in chosen],
            "marker": {"color": look.TARGET_COLOURS[status]},
            "customdata": [[plain_label(row["indicator"]), plain_label(_values(row))] for row in chosen],
            "hovertemplate": "%{y}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        })
    projected = [row for row in rows if achievement(row["year_end"], row["target_value"], row["direction"]) is not None
                 and row["status"] != target_status.MET]
    if projected:
        traces.append({
            "type": "scatter", "mode": "markers", "name": "Dự báo cuối năm",
            "y": [plain_label(_label(row)) for row in projected],
            "x": [achievement(row["year_end"], row["target_value"], row["direction"]) for row in projected],
            "marker": {"symbol": "line-ns-open", "size": 16, "color": INK, "line": {"width": 3}},
            "customdata": [format_measure(row["year_end"], row["measure"], row["unit_of_measure"]) for row in projected],
            "hovertemplate": "%{y}<br>Dự báo cuối năm: %{customdata}<extra></extra>",
        })
    # The values themselves, in a column of their own right of the bars, where no bar or mark covers them.
    traces.append({"type": "scatter", "mode": "text", "showlegend": False, "hoverinfo": "skip",
                   "y": [plain_label(_label(row)) for row in rows], "x": [CAP + 4] * len(rows),
                   "text": [plain_label(_values(row)) for row in rows], "textposition": "middle right",
                   "textfont": {"size": 13, "color": INK}, "cliponaxis": False})
    ticks = [0, 25, 50, 75, 100, 125, 150]
    return figure(traces, {
        "barmode": "overlay", "bargap": 0.3,
        "height": 110 + ROW_HEIGHT * len(categories),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        "xaxis": {"range": [0, CAP + 70], "tickvals": ticks, "ticktext": [format_percent(t, 0) for t in ticks],
                  "gridcolor": GRID, "fixedrange": True, "zeroline": False,
                  "title": {"text": "So với chỉ tiêu (100% = đạt)", "font": {"color": MUTED}}},
        "yaxis": {"type": "category", "categoryorder": "array", "categoryarray": categories,
                  "autorange": "reversed", "automargin": True, "fixedrange": True, "tickfont": {"size": 13}},
        "shapes": [vertical_line(100, {"color": INK, "width": 2, "dash": "dash"})],
    })


def status_bar(counts: dict[str, int]) -> Figure:
    """The targets by status as one bar of shares, worst status first (each part with its count and share), so
    that a small group shows beside a large one. Its title is the page's to write, where it wraps on a phone."""
    total = sum(counts.values()) or 1
    traces = [{
        "type": "bar", "orientation": "h", "name": target_status.status_text(status), "y": [""],
        "x": [counts.get(status, 0) / total * 100], "marker": {"color": look.TARGET_COLOURS[status]},
        "text": [f"{look.TARGET_MARKS[status]} {format_percent(counts.get(status, 0) / total * 100, 0)} "
                 f"({counts.get(status, 0)})"],
        "textposition": "inside", "insidetextanchor": "middle", "textfont": {"size": 16, "color": "#FFFFFF"},
        "hovertemplate": f"{target_status.status_text(status)}: {counts.get(status, 0)}/{total}<extra></extra>",
    } for status in target_status.WORST_FIRST if counts.get(status, 0)]
    return figure(traces, {
        "barmode": "stack", "height": 110, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "legend": {"orientation": "h", "y": -0.05, "yanchor": "top", "x": 0, "traceorder": "normal"},
        "xaxis": {"visible": False, "range": [0, 100], "fixedrange": True},
        "yaxis": {"visible": False, "fixedrange": True},
    })
