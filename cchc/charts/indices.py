"""The indices page's charts: the score and rank by year as pictures drawn on the server (:mod:`cchc.charts.years`,
on every visit of the page), and the components of a year and the internal ranking's blocks as Plotly dicts in the
shared look (:mod:`cchc.charts.common`; drawn only once their box or tab is opened).

Charts receive the frames of :mod:`cchc.views.indices`, whose texts are already in Vietnamese format, and a
``words`` mapping of the labels in the interface language; a point's words and a hover text show the formatted
values, never Plotly's own number formatting.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cchc.charts.common import GRID, INK, MUTED, PALETTE, Figure, figure, plain_label, rows, values, vertical_line
from cchc.charts.years import Note, Point, Series, Target, rank_axis, score_axis, year_chart
from cchc.views.indices import AFTER_MERGER, IndexView

TARGET_COLOUR = PALETTE[3]   # vermilion


def _flag_text(flag: object, words: Mapping[str, str]) -> str:
    return "" if pd.isna(flag) else " ⚠ " + words.get(f"flag_{flag}", str(flag))


def _host(value: object) -> str:
    return "–" if pd.isna(value) or not value else str(value)


def score_chart(view: IndexView, words: Mapping[str, str]) -> str:
    """The province's score by year with the national average (dashed) and top (triangles), and the score target
    if any, on an axis around the values (a rise from 85 to 90 shows)."""
    scored = view.yearly[view.yearly["score"].notna()]
    national = view.national
    avg, top = national[national["avg"].notna()], national[national["top"].notna()]
    series = []
    if len(avg):
        series.append(Series(words["avg"], MUTED, tuple(
            Point(int(r.year), float(r.avg), "", words["point_avg"].format(year=int(r.year), value=r.avg_text,
                                                                          source=_host(r.avg_host)))
            for r in avg.itertuples()), dash="7 5", width=2))
    if len(top):
        series.append(Series(words["top"], PALETTE[2], tuple(
            Point(int(r.year), float(r.top), "", words["point_top"].format(
                year=int(r.year), value=r.top_text, name=_host(r.top_name), source=_host(r.top_host)))
            for r in top.itertuples()), joined=False, mark="triangle"))
    series.append(Series(words["province"], PALETTE[0], tuple(
        Point(int(r.year), float(r.score), r.score_text, words["point_score"].format(
            year=int(r.year), value=r.score_text, rank=r.rank_text, source=_host(r.source),
            flag=_flag_text(r.flag, words)), flagged=not pd.isna(r.flag))
        for r in scored.itertuples())))
    targets = [Target(t.year, t.value, words["target_score"].format(year=t.year, value=t.value_text), TARGET_COLOUR)
               for t in view.targets if t.kind == "score_at_least"]
    drawn = [p.value for s in series for p in s.points] + [t.value for t in targets]
    return year_chart(words["score_title"], series, score_axis(drawn, view.scale.suffix), targets,
                      flagged=words["flagged"])


def rank_chart(view: IndexView, words: Mapping[str, str]) -> str:
    """Ranks by year on a reversed axis (1 at the top); one line per ranking base, never joined, and a note where
    the base changed; the rank target as a zone from 1 down to it."""
    ranks = view.ranks
    styles = {None: (PALETTE[0], ""), "before": (PALETTE[0], ""), AFTER_MERGER: (PALETTE[4], "2 6")}
    eras = sorted(ranks["era"].unique(), key=lambda e: (e == AFTER_MERGER, str(e)))
    series = []
    for era in eras:
        part = (ranks[ranks["era"] == era] if not pd.isna(era) else ranks[ranks["era"].isna()]).sort_values("year")
        era = None if pd.isna(era) else era
        colour, dash = styles.get(era, (PALETTE[4], "7 5"))
        counts = sorted({int(o) for o in part["rank_of"].dropna()})
        name = words["rank_line"].format(n="–".join(map(str, [counts[0], counts[-1]] if len(counts) > 1 else counts)))
        if era == AFTER_MERGER:
            name += " " + words["after_merger"]
        series.append(Series(name, colour, tuple(
            Point(int(r.year), float(r.rank), r.rank_text, words["point_rank"].format(
                year=int(r.year), rank=r.rank_text, source=_host(r.source), flag=_flag_text(r.flag, words)),
                flagged=not pd.isna(r.flag))
            for r in part.itertuples()), dash=dash))
    notes = []
    if any(b["era"] == AFTER_MERGER for b in view.base_changes):
        first = int(ranks[ranks["era"] == AFTER_MERGER]["year"].min())
        notes.append(Note(first, words["base_changed"], PALETTE[4]))
    targets = [Target(t.year, t.value, words["target_rank"].format(year=t.year, value=t.value_text), TARGET_COLOUR,
                      best=0.5) for t in view.targets if t.kind == "rank_at_most"]
    deepest = max([*ranks["rank_of"].dropna(), *ranks["rank"].dropna(), 10])
    return year_chart(words["rank_title"], series, rank_axis(deepest, words["rank_axis"]), targets, notes,
                      flagged=words["flagged"])


def _layout(title: str, height: int, **parts: object) -> dict:
    return {"title": {"text": title, "font": {"size": 17}}, "height": height,
            "margin": {"l": 10, "r": 10, "t": 48, "b": 10},
            "legend": {"orientation": "h", "y": -0.14, "x": 0, "font": {"size": 13}}, "hovermode": "closest", **parts}


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
