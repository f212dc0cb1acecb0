"""Figures of the Units page, as plain dicts: units of a kind ranked on one target or index (the chosen unit
picked out), and a unit's internal index score by year with its rank. Texts arrive formatted from
:mod:`cchc.views.units`, so bars read "89,5%" whatever the browser's language.
"""
from __future__ import annotations

import pandas as pd

from cchc import look
from cchc.charts.common import GRID, INK, MUTED, PALETTE, Figure, figure, plain_label, values, vertical_line
from cchc.formatting import format_rank, format_score

HIGHLIGHT = PALETTE[3]     # vermillion: stands out from the blue bars for colour-blind readers too
OTHERS = "#8DB8DA"         # a light blue, so the chosen unit carries the strongest colour


def _bar_height(count: int) -> int:
    """Roomy bars for a dozen units, compact ones for a province's 200 communes."""
    per_bar = 30 if count <= 25 else 20
    return max(220, 90 + per_bar * count)


def compare_bars(ranked: pd.DataFrame, highlight: str | None, title: str, reference: float | None = None,
                 reference_text: str | None = None, sample: bool = False) -> Figure:
    """Horizontal bars, best unit on top; ``ranked`` has code, label, value, text and rank, best first."""
    is_chosen = [code == highlight for code in ranked["code"]]
    labels = [plain_label(label) for label in ranked["label"]]
    ticks = [f"<b>▶ {label}</b>" if chosen else label for label, chosen in zip(labels, is_chosen)]
    count = len(ranked)
    size = 13 if count <= 25 else 11
    trace = {
        "type": "bar", "x": values(ranked["value"]), "y": list(range(count)), "orientation": "h",
        "marker": {"color": [HIGHLIGHT if c else OTHERS for c in is_chosen], "line": {"width": 0}},
        # Values sit inside the bar end (the plan's line runs behind the bars and never crosses them);
        # a bar too short for its value gets it outside.
        "text": values(ranked["text"]), "textposition": "auto", "insidetextanchor": "end", "constraintext": "none",
        "cliponaxis": False, "insidetextfont": {"color": ["white" if c else INK for c in is_chosen], "size": size},
        "outsidetextfont": {"color": INK, "size": size},
        "customdata": [[label, f"{int(rank)}/{count}"] for label, rank in zip(labels, ranked["rank"])],
        "hovertemplate": "%{customdata[0]}: %{text} · hạng %{customdata[1]}<extra></extra>",
    }
    layout = {
        "title": {"text": look.sample_title(title, plan=False, data=sample), "font": {"size": 16}},
        "height": _bar_height(count), "margin": {"l": 10, "r": 30, "t": 50, "b": 30}, "showlegend": False, "bargap": 0.4,
        "yaxis": {"tickvals": list(range(count)), "ticktext": ticks, "autorange": "reversed", "automargin": True,
                  "tickfont": {"size": size, "color": INK}, "fixedrange": True},
        "xaxis": {"range": [0, max([*values(ranked["value"]), reference or 0, 0]) * 1.05 or 1], "showgrid": True,
                  "gridcolor": GRID, "zeroline": False, "tickfont": {"color": MUTED}, "fixedrange": True},
    }
    if reference is not None:
        layout["shapes"] = [vertical_line(reference, {"color": INK, "dash": "dot", "width": 3}, layer="below")]
        layout["annotations"] = [{"x": reference, "y": -0.6, "yref": "y", "text": reference_text or "",
                                  "showarrow": False, "yanchor": "bottom", "xanchor": "left", "xshift": 4,
                                  "font": {"color": INK, "size": 12}}]
    return figure([trace], layout)


def index_trend(scores: pd.DataFrame, title: str, sample: bool = False) -> Figure:
    """A unit's total score by year (line) with its rank written at each point; ``scores`` has year,
    score, rank, rank_of (one row per year)."""
    points = scores.dropna(subset=["score"]).sort_values("year")
    labels = [f"{format_score(s)}<br>hạng {format_rank(r, o)}" if pd.notna(r) else format_score(s)
              for s, r, o in zip(points["score"], points["rank"], points["rank_of"])]
    trace = {"type": "scatter", "x": values(points["year"].astype(str)), "y": values(points["score"]),
             "mode": "lines+markers+text", "text": labels, "textposition": "top center",
             "textfont": {"color": INK, "size": 13}, "line": {"color": PALETTE[0], "width": 3},
             "marker": {"size": 10, "color": PALETTE[0]}, "hovertemplate": "Năm %{x}: %{text}<extra></extra>"}
    low = float(points["score"].min()) if len(points) else 0.0
    return figure([trace], {
        "title": {"text": look.sample_title(title, plan=False, data=sample), "font": {"size": 16}}, "height": 300,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "showlegend": False,
        "xaxis": {"type": "category", "fixedrange": True, "showgrid": False},
        "yaxis": {"range": [max(0.0, low - 15), 105], "fixedrange": True, "gridcolor": GRID, "tickfont": {"color": MUTED}},
    })
