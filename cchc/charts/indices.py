"""Plotly figures of the indices page, as plain dicts in the shared look (:mod:`cchc.charts.common`).

Figures receive the frames of :mod:`cchc.views.indices`, whose texts are already in Vietnamese format,
and a ``words`` mapping of the labels in the interface language; hover texts show the formatted
values, never Plotly's own number formatting.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cchc.charts.common import GRID, INK, MUTED, PALETTE, Figure, figure, plain_label, rows, values, vertical_line
from cchc.views.indices import AFTER_MERGER, IndexView, TargetCheck

TARGET_COLOUR = PALETTE[3]   # vermilion
HEIGHT = 380


def _flag_marks(flags: pd.Series, words: Mapping[str, str]) -> list[str]:
    return ["" if pd.isna(f) else "<br>⚠ " + words.get(f"flag_{f}", str(f)) for f in flags]


def _label_positions(points: pd.Series) -> list[str]:
    """Labels above a point, below it where the line comes down to it (so labels sit off the line)."""
    points = list(points)
    positions = []
    for i, value in enumerate(points):
        neighbour = points[i - 1] if i > 0 else (points[i + 1] if len(points) > 1 else value)
        positions.append("bottom center" if value < neighbour else "top center")
    return positions


def _flagged_overlay(traces: list[dict], x: pd.Series, y: pd.Series, flags: pd.Series, colour: str, name: str) -> None:
    """Hollow markers over derived or uncertain points, with one legend entry saying what they mean."""
    flagged = flags.notna()
    if flagged.any():
        traces.append({"type": "scatter", "x": values(x[flagged]), "y": values(y[flagged]), "mode": "markers",
                       "name": name, "legendgroup": "flagged",
                       "showlegend": not any(t.get("legendgroup") == "flagged" for t in traces),
                       "marker": {"size": 11, "color": "white", "line": {"width": 2.5, "color": colour}},
                       "hoverinfo": "skip"})


def _year_axis(years: list[int], right: float = 0.6) -> dict:
    low, high = (min(years), max(years)) if years else (0, 1)
    return {"tickmode": "linear", "dtick": 1, "tickformat": "d", "range": [low - 0.5, high + right], "showgrid": False,
            "fixedrange": True, "tickfont": {"color": INK}}


def _layout(title: str, height: int = HEIGHT, **parts: object) -> dict:
    return {"title": {"text": title, "font": {"size": 17}}, "height": height,
            "margin": {"l": 10, "r": 10, "t": 48, "b": 10},
            "legend": {"orientation": "h", "y": -0.14, "x": 0, "font": {"size": 13}}, "hovermode": "closest", **parts}


def score_chart(view: IndexView, words: Mapping[str, str]) -> Figure:
    """The province's score by year with the national average and top, and the score target if any."""
    traces: list[dict] = []
    scored = view.yearly[view.yearly["score"].notna()]
    national = view.national
    avg = national[national["avg"].notna()]
    if len(avg):
        traces.append({"type": "scatter", "x": values(avg["year"]), "y": values(avg["avg"]), "name": words["avg"],
                       "mode": "lines+markers", "line": {"color": MUTED, "dash": "dash", "width": 2},
                       "marker": {"size": 7, "color": MUTED}, "customdata": rows(avg[["avg_text", "avg_host"]]),
                       "hovertemplate": words["hover_avg"] + "<extra></extra>"})
    top = national[national["top"].notna()]
    if len(top):
        traces.append({"type": "scatter", "x": values(top["year"]), "y": values(top["top"]), "name": words["top"],
                       "mode": "markers", "marker": {"symbol": "triangle-up", "size": 11, "color": PALETTE[2]},
                       "customdata": rows(top[["top_text", "top_host"]].assign(
                           name=top["top_name"].fillna("–").map(plain_label))),
                       "hovertemplate": words["hover_top"] + "<extra></extra>"})
    traces.append({"type": "scatter", "x": values(scored["year"]), "y": values(scored["score"]), "name": words["province"],
                   "mode": "lines+markers+text", "line": {"color": PALETTE[0], "width": 3},
                   "marker": {"size": 10, "color": PALETTE[0]}, "text": values(scored["score_text"]),
                   "textposition": _label_positions(scored["score"]), "textfont": {"size": 13, "color": INK},
                   "customdata": rows(scored[["score_text", "rank_text", "source"]].assign(
                       flag=_flag_marks(scored["flag"], words))),
                   "hovertemplate": words["hover_score"] + "<extra></extra>"})
    _flagged_overlay(traces, scored["year"], scored["score"], scored["flag"], PALETTE[0], words["flagged"])
    for target in view.targets:
        if target.kind == "score_at_least":
            traces.append(_score_target(target, words))
    years = sorted({*scored["year"], *avg["year"], *top["year"], *[t.year for t in view.targets]})
    return figure(traces, _layout(words["score_title"], xaxis=_year_axis([int(y) for y in years]), yaxis={
        "ticksuffix": view.scale.suffix, "fixedrange": True, "gridcolor": GRID, "tickfont": {"color": INK}}))


def _score_target(target: TargetCheck, words: Mapping[str, str]) -> dict:
    label = words["target_score"].format(year=target.year, value=target.value_text)
    return {"type": "scatter", "x": [target.year - 0.4, target.year + 0.4], "y": [target.value, target.value],
            "mode": "lines", "name": label, "line": {"color": TARGET_COLOUR, "width": 4, "dash": "dash"},
            "hovertemplate": label + "<extra></extra>"}


def rank_chart(view: IndexView, words: Mapping[str, str]) -> Figure:
    """Ranks by year on a reversed axis (1 at the top); one line per ranking base, never joined."""
    traces: list[dict] = []
    annotations = []
    ranks = view.ranks
    styles = {None: (PALETTE[0], "solid"), "before": (PALETTE[0], "solid"), AFTER_MERGER: (PALETTE[1], "dot")}
    eras = sorted(ranks["era"].unique(), key=lambda e: (e == AFTER_MERGER, str(e)))
    for era in eras:
        part = ranks[ranks["era"] == era] if not pd.isna(era) else ranks[ranks["era"].isna()]
        era = None if pd.isna(era) else era
        colour, dash = styles.get(era, (PALETTE[4], "dash"))
        counts = sorted({int(o) for o in part["rank_of"].dropna()})
        name = words["rank_line"].format(n="–".join(map(str, [counts[0], counts[-1]] if len(counts) > 1 else counts)))
        if era == AFTER_MERGER:
            name += " " + words["after_merger"]
        traces.append({"type": "scatter", "x": values(part["year"]), "y": values(part["rank"]), "name": name,
                       "mode": "lines+markers+text", "line": {"color": colour, "width": 3, "dash": dash},
                       "marker": {"size": 11, "color": colour}, "text": values(part["rank_text"]),
                       "textposition": [("top center" if p == "bottom center" else "bottom center")
                                        for p in _label_positions(part["rank"])],
                       "textfont": {"size": 13, "color": INK},
                       "customdata": rows(part[["rank_text", "source"]].assign(flag=_flag_marks(part["flag"], words))),
                       "hovertemplate": words["hover_rank"] + "<extra></extra>"})
        _flagged_overlay(traces, part["year"], part["rank"], part["flag"], colour, words["flagged"])
    if view.base_changes:
        after = next((b for b in view.base_changes if b["era"] == AFTER_MERGER), None)
        if after:
            first = ranks[ranks["era"] == AFTER_MERGER].sort_values("year").iloc[0]
            annotations.append({"x": values([first["year"]])[0], "y": values([first["rank"]])[0],
                                "text": words["base_changed"], "showarrow": True, "arrowhead": 2, "ax": -70, "ay": -34,
                                "font": {"size": 12, "color": PALETTE[1]}, "bgcolor": "rgba(255,255,255,0.85)"})
    for target in view.targets:
        if target.kind == "rank_at_most":
            x0, x1 = target.year - 0.4, target.year + 0.4
            label = words["target_rank"].format(year=target.year, value=target.value_text)
            traces.append({"type": "scatter", "x": [x0, x1, x1, x0, x0], "y": [0.5, 0.5, target.value, target.value, 0.5],
                           "mode": "lines", "fill": "toself", "fillcolor": "rgba(213,94,0,0.12)", "name": label,
                           "line": {"color": TARGET_COLOUR, "width": 2, "dash": "dash"}, "hoveron": "fills",
                           "hoverinfo": "text", "text": label})
    deepest = max([*ranks["rank_of"].dropna(), *ranks["rank"].dropna(), 10])
    years = sorted({*ranks["year"], *[t.year for t in view.targets if t.kind == "rank_at_most"]})
    layout = _layout(words["rank_title"], xaxis=_year_axis([int(y) for y in years]), yaxis={
        "range": [float(deepest) + 3, -2], "tickmode": "array", "tickvals": [1, 10, 20, 30, 40, 50, 60],
        "fixedrange": True, "gridcolor": GRID, "tickfont": {"color": INK},
        "title": {"text": words["rank_axis"], "font": {"size": 13}}})
    if annotations:
        layout["annotations"] = annotations
    return figure(traces, layout)


def components_chart(frame: pd.DataFrame, words: Mapping[str, str]) -> Figure:
    """One year's components: score against the maximum (grey) and the year before (diamond)."""
    ordered = frame.sort_values("sort_order")
    names = values(ordered["name_vi"].map(plain_label))
    traces = [
        {"type": "bar", "y": names, "x": values(ordered["max_score"]), "orientation": "h", "name": words["max"],
         "marker": {"color": GRID}, "hoverinfo": "skip"},
        {"type": "bar", "y": names, "x": values(ordered["score"]), "orientation": "h", "name": words["score"],
         "marker": {"color": PALETTE[0]}, "text": values(ordered["score_text"]), "textposition": "inside",
         "insidetextanchor": "start", "textfont": {"size": 13, "color": "white"},
         "customdata": rows(ordered[["score_text", "max_text", "previous_text", "change_text", "source"]]),
         "hovertemplate": words["hover_component"] + "<extra></extra>"},
    ]
    before = ordered[ordered["previous"].notna()]
    if len(before):
        traces.append({"type": "scatter", "y": values(before["name_vi"].map(plain_label)), "x": values(before["previous"]),
                       "mode": "markers", "name": words["previous"],
                       "marker": {"symbol": "diamond", "size": 12, "color": PALETTE[1],
                                  "line": {"width": 1.5, "color": INK}},
                       "customdata": rows(before[["previous_text"]]),
                       "hovertemplate": words["hover_previous"] + "<extra></extra>"})
    top = ordered["max_score"].max()
    return figure(traces, _layout(
        words["components_title"], height=60 + 38 * len(ordered) + 60, barmode="overlay", bargap=0.35,
        yaxis={"categoryorder": "array", "categoryarray": names, "autorange": "reversed", "fixedrange": True,
               "automargin": True, "tickfont": {"size": 13, "color": INK}},
        xaxis={"range": [0, float(top) if pd.notna(top) else None], "fixedrange": True, "gridcolor": GRID,
               "tickfont": {"color": INK}}))


def internal_chart(block: pd.DataFrame, average: float, title: str, words: Mapping[str, str]) -> Figure:
    """A block of the internal PAR INDEX ranked, 1 at the top, bars labelled with the score."""
    labels = [f"{int(r)}. {plain_label(name)}" for r, name in zip(block["rank"], block["label"])]
    colour = PALETTE[3]
    trace = {"type": "bar", "y": labels, "x": values(block["score"]), "orientation": "h",
             "marker": {"color": PALETTE[0]}, "name": words["score"], "text": values(block["score_text"]),
             "textposition": "inside", "insidetextanchor": "end", "textfont": {"size": 13, "color": "white"},
             "customdata": rows(block[["name", "score_text", "rank_text"]].assign(name=block["name"].map(plain_label))),
             "hovertemplate": words["hover_internal"] + "<extra></extra>"}
    return figure([trace], _layout(
        title, height=90 + 27 * len(block), showlegend=False, margin={"l": 10, "r": 30, "t": 64, "b": 10},
        bargap=0.25,
        shapes=[vertical_line(average, {"color": colour, "dash": "dash", "width": 2}, layer="below")],
        annotations=[{"text": words["block_average"], "font": {"size": 12, "color": colour}, "yanchor": "bottom",
                      "xanchor": "left", "showarrow": False, "x": average, "xref": "x", "y": 1, "yref": "y domain"}],
        yaxis={"categoryorder": "array", "categoryarray": labels, "autorange": "reversed", "fixedrange": True,
               "automargin": True, "tickfont": {"size": 13, "color": INK}},
        xaxis={"range": [0, 100], "fixedrange": True, "gridcolor": GRID, "tickvals": [0, 20, 40, 60, 80, 100],
               "tickfont": {"color": INK}}))
