"""Plotly figures of the indices page, in the shared theme (:func:`cchc.charts.apply_theme`).

Figures receive the frames of :mod:`cchc.views.indices`, whose texts are already in Vietnamese format,
and a ``words`` mapping of the labels in the interface language; hover texts show the formatted
values, never Plotly's own number formatting.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from cchc.charts.common import INK, MUTED, PALETTE, apply_theme
from cchc.views.indices import AFTER_MERGER, IndexView, TargetCheck

TARGET_COLOUR = PALETTE[3]   # vermilion
HEIGHT = 380


def _flag_marks(flags: pd.Series, words: Mapping[str, str]) -> list[str]:
    return ["" if pd.isna(f) else "<br>⚠ " + words.get(f"flag_{f}", str(f)) for f in flags]


def _label_positions(values: pd.Series) -> list[str]:
    """Labels above a point, below it where the line comes down to it (so labels sit off the line)."""
    points = list(values)
    positions = []
    for i, value in enumerate(points):
        neighbour = points[i - 1] if i > 0 else (points[i + 1] if len(points) > 1 else value)
        positions.append("bottom center" if value < neighbour else "top center")
    return positions


def _flagged_overlay(fig: go.Figure, x: pd.Series, y: pd.Series, flags: pd.Series, colour: str,
                     words: Mapping[str, str], name: str) -> None:
    """Hollow markers over derived or uncertain points, with one legend entry saying what they mean."""
    flagged = flags.notna()
    if flagged.any():
        fig.add_scatter(x=x[flagged], y=y[flagged], mode="markers", name=name, legendgroup="flagged",
                        showlegend=not any(t.legendgroup == "flagged" for t in fig.data),
                        marker={"size": 11, "color": "white", "line": {"width": 2.5, "color": colour}},
                        hoverinfo="skip")


def _year_axis(fig: go.Figure, years: list[int], right: float = 0.6) -> None:
    low, high = (min(years), max(years)) if years else (0, 1)
    fig.update_xaxes(tickmode="linear", dtick=1, tickformat="d", range=[low - 0.5, high + right], showgrid=False,
                     fixedrange=True, tickfont={"color": INK})


def _layout(fig: go.Figure, title: str, height: int = HEIGHT) -> go.Figure:
    apply_theme(fig)
    fig.update_layout(title={"text": title, "font": {"size": 17}}, height=height,
                      margin={"l": 10, "r": 10, "t": 48, "b": 10},
                      legend={"orientation": "h", "y": -0.14, "x": 0, "font": {"size": 13}}, hovermode="closest")
    return fig


def score_chart(view: IndexView, words: Mapping[str, str]) -> go.Figure:
    """The province's score by year with the national average and top, and the score target if any."""
    fig = go.Figure()
    scored = view.yearly[view.yearly["score"].notna()]
    national = view.national
    avg = national[national["avg"].notna()]
    if len(avg):
        fig.add_scatter(x=avg["year"], y=avg["avg"], name=words["avg"], mode="lines+markers",
                        line={"color": MUTED, "dash": "dash", "width": 2}, marker={"size": 7, "color": MUTED},
                        customdata=avg[["avg_text", "avg_host"]],
                        hovertemplate=words["hover_avg"] + "<extra></extra>")
    top = national[national["top"].notna()]
    if len(top):
        fig.add_scatter(x=top["year"], y=top["top"], name=words["top"], mode="markers",
                        marker={"symbol": "triangle-up", "size": 11, "color": PALETTE[2]},
                        customdata=top[["top_text", "top_host"]].assign(name=top["top_name"].fillna("–")),
                        hovertemplate=words["hover_top"] + "<extra></extra>")
    fig.add_scatter(x=scored["year"], y=scored["score"], name=words["province"], mode="lines+markers+text",
                    line={"color": PALETTE[0], "width": 3}, marker={"size": 10, "color": PALETTE[0]},
                    text=scored["score_text"], textposition=_label_positions(scored["score"]),
                    textfont={"size": 13, "color": INK},
                    customdata=scored[["score_text", "rank_text", "source"]].assign(flag=_flag_marks(scored["flag"], words)),
                    hovertemplate=words["hover_score"] + "<extra></extra>")
    _flagged_overlay(fig, scored["year"], scored["score"], scored["flag"], PALETTE[0], words, words["flagged"])
    for target in view.targets:
        if target.kind == "score_at_least":
            _score_target(fig, target, words)
    years = sorted({*scored["year"], *avg["year"], *top["year"], *[t.year for t in view.targets]})
    _year_axis(fig, [int(y) for y in years])
    fig.update_yaxes(ticksuffix=view.scale.suffix, fixedrange=True, gridcolor="#E4E7EB", tickfont={"color": INK})
    return _layout(fig, words["score_title"])


def _score_target(fig: go.Figure, target: TargetCheck, words: Mapping[str, str]) -> None:
    fig.add_scatter(x=[target.year - 0.4, target.year + 0.4], y=[target.value, target.value], mode="lines",
                    name=words["target_score"].format(year=target.year, value=target.value_text),
                    line={"color": TARGET_COLOUR, "width": 4, "dash": "dash"},
                    hovertemplate=words["target_score"].format(year=target.year, value=target.value_text)
                    + "<extra></extra>")


def rank_chart(view: IndexView, words: Mapping[str, str]) -> go.Figure:
    """Ranks by year on a reversed axis (1 at the top); one line per ranking base, never joined."""
    fig = go.Figure()
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
        fig.add_scatter(x=part["year"], y=part["rank"], name=name, mode="lines+markers+text",
                        line={"color": colour, "width": 3, "dash": dash},
                        marker={"size": 11, "color": colour},
                        text=part["rank_text"], textposition=[("top center" if p == "bottom center" else "bottom center")
                                                              for p in _label_positions(part["rank"])],
                        textfont={"size": 13, "color": INK},
                        customdata=part[["rank_text", "source"]].assign(flag=_flag_marks(part["flag"], words)),
                        hovertemplate=words["hover_rank"] + "<extra></extra>")
        _flagged_overlay(fig, part["year"], part["rank"], part["flag"], colour, words, words["flagged"])
    if view.base_changes:
        after = next((b for b in view.base_changes if b["era"] == AFTER_MERGER), None)
        if after:
            first = ranks[ranks["era"] == AFTER_MERGER].sort_values("year").iloc[0]
            fig.add_annotation(x=first["year"], y=first["rank"], text=words["base_changed"], showarrow=True,
                               arrowhead=2, ax=-70, ay=-34, font={"size": 12, "color": PALETTE[1]},
                               bgcolor="rgba(255,255,255,0.85)")
    for target in view.targets:
        if target.kind == "rank_at_most":
            x0, x1 = target.year - 0.4, target.year + 0.4
            label = words["target_rank"].format(year=target.year, value=target.value_text)
            fig.add_scatter(x=[x0, x1, x1, x0, x0], y=[0.5, 0.5, target.value, target.value, 0.5], mode="lines",
                            fill="toself", fillcolor="rgba(213,94,0,0.12)", name=label,
                            line={"color": TARGET_COLOUR, "width": 2, "dash": "dash"},
                            hoveron="fills", hoverinfo="text", text=label)
    deepest = max([*ranks["rank_of"].dropna(), *ranks["rank"].dropna(), 10])
    years = sorted({*ranks["year"], *[t.year for t in view.targets if t.kind == "rank_at_most"]})
    _year_axis(fig, [int(y) for y in years])
    fig.update_yaxes(range=[deepest + 3, -2], tickmode="array", tickvals=[1, 10, 20, 30, 40, 50, 60],
                     fixedrange=True, gridcolor="#E4E7EB", tickfont={"color": INK},
                     title={"text": words["rank_axis"], "font": {"size": 13}})
    return _layout(fig, words["rank_title"])


def components_chart(frame: pd.DataFrame, words: Mapping[str, str]) -> go.Figure:
    """One year's components: score against the maximum (grey) and the year before (diamond)."""
    rows = frame.sort_values("sort_order")
    names = list(rows["name_vi"])
    fig = go.Figure()
    fig.add_bar(y=names, x=rows["max_score"], orientation="h", name=words["max"], marker_color="#E4E7EB",
                hoverinfo="skip")
    fig.add_bar(y=names, x=rows["score"], orientation="h", name=words["score"], marker_color=PALETTE[0],
                text=rows["score_text"], textposition="inside", insidetextanchor="start",
                textfont={"size": 13, "color": "white"},
                customdata=rows[["score_text", "max_text", "previous_text", "change_text", "source"]],
                hovertemplate=words["hover_component"] + "<extra></extra>")
    before = rows[rows["previous"].notna()]
    if len(before):
        fig.add_scatter(y=before["name_vi"], x=before["previous"], mode="markers", name=words["previous"],
                        marker={"symbol": "diamond", "size": 12, "color": PALETTE[1], "line": {"width": 1.5, "color": INK}},
                        customdata=before[["previous_text"]], hovertemplate=words["hover_previous"] + "<extra></extra>")
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed", fixedrange=True,
                     automargin=True, tickfont={"size": 13, "color": INK})
    top = rows["max_score"].max()
    fig.update_xaxes(range=[0, top if pd.notna(top) else None], fixedrange=True, gridcolor="#E4E7EB",
                     tickfont={"color": INK})
    return _layout(fig, words["components_title"], height=60 + 38 * len(rows) + 60)


def internal_chart(block: pd.DataFrame, average: float, title: str, words: Mapping[str, str]) -> go.Figure:
    """A block of the internal PAR INDEX ranked, 1 at the top, bars labelled with the score."""
    labels = [f"{int(r)}. {name}" for r, name in zip(block["rank"], block["label"])]
    fig = go.Figure()
    fig.add_bar(y=labels, x=block["score"], orientation="h", marker_color=PALETTE[0], name=words["score"],
                text=block["score_text"], textposition="inside", insidetextanchor="end",
                textfont={"size": 13, "color": "white"}, customdata=block[["name", "score_text", "rank_text"]],
                hovertemplate=words["hover_internal"] + "<extra></extra>")
    fig.add_vline(x=average, line={"color": PALETTE[3], "dash": "dash", "width": 2}, layer="below",
                  annotation={"text": words["block_average"], "font": {"size": 12, "color": PALETTE[3]},
                              "yanchor": "bottom", "xanchor": "left"}, annotation_position="top")
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", fixedrange=True,
                     automargin=True, tickfont={"size": 13, "color": INK})
    fig.update_xaxes(range=[0, 100], fixedrange=True, gridcolor="#E4E7EB", tickvals=[0, 20, 40, 60, 80, 100],
                     tickfont={"color": INK})
    fig = _layout(fig, title, height=90 + 27 * len(block))
    fig.update_layout(showlegend=False, margin={"l": 10, "r": 30, "t": 64, "b": 10}, bargap=0.25)
    return fig
