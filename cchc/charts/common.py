"""Plotly figures as plain dicts, styled once: a palette readable on a projector and by colour-blind readers
(Okabe–Ito), Vietnamese separators, no toolbar, the app's font; and the small charts of several pages.

Why dicts: a figure built with ``plotly.graph_objects`` validates every property as it is set, and
``st.plotly_chart`` validates a dict figure again on every call. The pages keep finished figures in the
shared cache (:mod:`web.cached`) and hand them over as :class:`Figure`, which gives its dict to
Streamlit as it is. Builders write plotly.js attributes in full (``{"title": {"text": …}}``, never the
``title_text`` shorthand of ``graph_objects``); the tests check every figure against Plotly's schema.
Text from the data (names, activities) goes through :func:`plain_label`, so it is shown as typed.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, overload

import pandas as pd
from plotly.basedatatypes import BaseFigure

from cchc.formatting import format_number
from cchc.missing import is_missing

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
INK = "#1F2933"
MUTED = "#7B8794"
GRID = "#E4E7EB"
CHART_CONFIG = {"displayModeBar": False, "locale": "vi"}
THEME = {
    "separators": ",.",
    "colorway": PALETTE,
    "font": {"family": "Source Sans Pro, sans-serif", "color": INK, "size": 14},
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "hoverlabel": {"font": {"size": 14}},
}


class Figure(BaseFigure):
    """A finished figure for ``st.plotly_chart``: its plain dict, handed over without copy or validation.

    ``st.plotly_chart`` takes a ``BaseFigure``'s ``to_dict()`` as already valid (a dict would be validated
    property by property on every call, a ``graph_objects`` figure deep-copied). ``BaseFigure.__init__`` is
    skipped on purpose: it is that validation. Treat the dict as read-only: cached figures are shared by
    every session.
    """

    def __init__(self, spec: dict) -> None:  # noqa: D107 - see the class
        object.__setattr__(self, "spec", spec)

    def to_dict(self) -> dict:
        return self.spec

    def to_plotly_json(self) -> dict:
        return self.spec

    def __repr__(self) -> str:
        return f"Figure({self.spec.get('layout', {}).get('title', {}).get('text', '')!r})"


@cache
def _template(name: str) -> dict:
    import plotly.io as pio

    return pio.templates[name].to_plotly_json()


def template() -> dict:
    """The default Plotly template as a dict, as a ``graph_objects`` figure would carry it.

    In the app that is Streamlit's template ("streamlit"), from which the browser styles the chart.
    """
    import plotly.io as pio

    return _template(pio.templates.default) if pio.templates.default else {}


def merged(base: Mapping[str, Any], *updates: Mapping[str, Any]) -> dict:
    """``base`` updated by each of ``updates`` in turn, nested dicts merged (as ``update_layout`` does)."""
    out = dict(base)
    for update in updates:
        for key, value in update.items():
            if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
                out[key] = merged(out[key], value)
            else:
                out[key] = value
    return out


def figure(traces: Sequence[dict], layout: Mapping[str, Any]) -> Figure:
    """A finished figure: traces, and the shared look updated by ``layout``."""
    return Figure({"data": list(traces), "layout": merged({"template": template()}, THEME, layout)})


@overload
def plain_label(text: str) -> str: ...
@overload
def plain_label(text: object) -> object: ...
def plain_label(text: object) -> object:
    """Text from the data (a name, an activity) for a Plotly label, shown as typed: Plotly reads <b>, <br> and
    <a href=…> in labels, so < > & are written as entities, which it shows as the characters themselves.
    Anything but text (None, a number) is returned as it is."""
    return html.escape(text, quote=False) if isinstance(text, str) else text


def values(column: Iterable) -> list:
    """A column as plain JSON values: floats and ints as Python numbers, missing as None, dates as ISO text."""
    out: list[object] = []
    for value in column:
        if is_missing(value):
            out.append(None)
        elif isinstance(value, (datetime, date)):
            out.append(value.isoformat())
        elif hasattr(value, "item"):          # numpy scalars
            out.append(value.item())
        else:
            out.append(value)
    return out


def rows(frame: pd.DataFrame) -> list[list]:
    """A frame's rows as lists of plain values (``customdata``)."""
    return [values(row) for row in frame.itertuples(index=False, name=None)]


def vertical_line(x: float, line: dict, layer: str | None = None) -> dict:
    """A line across the plot at ``x`` (``add_vline`` of ``graph_objects``)."""
    shape = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": line}
    if layer:
        shape["layer"] = layer
    return shape


def sparkline(series: pd.DataFrame, value: str, hover: str, reversed_axis: bool = False, height: int = 90) -> Figure:
    """A small trend line of ``series[value]`` by year, the last point marked; no axes or grid.

    ``reversed_axis`` puts smaller numbers on top, for ranks (1 is best).
    """
    points = series.dropna(subset=[value])
    years = values(points["year"])
    trace = {"type": "scatter", "x": years, "y": values(points[value]), "mode": "lines+markers",
             "line": {"color": PALETTE[0], "width": 3},
             "marker": {"size": [6] * (len(points) - 1) + [11], "color": PALETTE[0]},
             "hovertemplate": hover + "<extra></extra>"}
    return figure([trace], {
        "height": height, "margin": {"l": 4, "r": 4, "t": 6, "b": 18}, "showlegend": False,
        "xaxis": {"showgrid": False, "zeroline": False, "tickmode": "array", "tickvals": [min(years), max(years)],
                  "tickfont": {"size": 11, "color": MUTED}, "fixedrange": True},
        "yaxis": {"visible": False, "fixedrange": True, "autorange": "reversed" if reversed_axis else True},
    })


def quarters_chart(by_quarter: dict[int, float | None], target: float, year_end: float | None, label: str,
                   unit: str = "") -> Figure:
    """A target's value by quarter (bars), the target (line) and the year-end projection (hollow marker)."""
    quarters = [f"Quý {roman}" for roman in ("I", "II", "III", "IV")]
    traces = [
        {"type": "bar", "x": quarters, "y": values(by_quarter.get(q) for q in range(1, 5)), "name": "Đã đạt (lũy kế)",
         "marker": {"color": PALETTE[0]}, "hovertemplate": "%{x}: %{y:,.1f}" + unit + "<extra></extra>"},
        {"type": "scatter", "x": quarters, "y": values([target] * 4), "mode": "lines", "name": "Chỉ tiêu",
         "line": {"color": PALETTE[3], "dash": "dash", "width": 3},
         "hovertemplate": "Chỉ tiêu: %{y:,.1f}" + unit + "<extra></extra>"},
    ]
    if year_end is not None:
        traces.append({"type": "scatter", "x": [quarters[-1]], "y": values([year_end]), "mode": "markers",
                       "name": "Dự báo cuối năm",
                       "marker": {"symbol": "diamond-open", "size": 16, "color": PALETTE[1], "line": {"width": 3}},
                       "hovertemplate": "Dự báo: %{y:,.1f}" + unit + "<extra></extra>"})
    return figure(traces, {"title": {"text": plain_label(label)}, "height": 360, "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
                           "legend": {"orientation": "h", "y": -0.15}})


def tasks_timeline(tasks: pd.DataFrame, colours: Mapping[str, str], labels: Mapping[str, str], as_of: date) -> Figure:
    """Tasks with a due date on a time axis, one row per area, coloured and shaped by state."""
    symbols = ["square", "circle", "diamond", "triangle-up", "x", "star"]
    dated = tasks[tasks["due_date"].notna()]
    traces = []
    for index, (state, label) in enumerate(labels.items()):
        part = dated[dated["state"] == state]
        if part.empty:
            continue
        traces.append({
            "type": "scatter", "x": values(part["due_date"]), "y": values(part["area"].map(plain_label)), "mode": "markers",
            "name": label, "marker": {"color": colours[state], "size": 14, "symbol": symbols[index % len(symbols)],
                                      "line": {"width": 1, "color": "white"}},
            "text": values((part["code"] + " — " + part["activity"].fillna("").str.slice(0, 80)).map(plain_label)),
            "hovertemplate": "%{text}<br>Hạn: %{x|%d/%m/%Y}<extra></extra>",
        })
    return figure(traces, {
        "shapes": [vertical_line(pd.Timestamp(as_of).value / 1e6, {"color": INK, "dash": "dot"})],
        "height": 420, "margin": {"l": 10, "r": 10, "t": 20, "b": 10}, "legend": {"orientation": "h", "y": -0.2},
        "xaxis": {"tickformat": "%d/%m/%Y"},
    })


@dataclass(frozen=True)
class Chart:
    """Series for a bar chart, one value per category and series: a meeting view's chart, drawn by
    :func:`meeting_chart` for the projector and natively by the deck (PPTX) and its PDF."""

    title: str
    categories: list[str]
    series: dict[str, list[float]]
    colours: list[str] | None = None      # one per category when a single series is coloured by status
    decimals: int = 0
    stacked: bool = False                 # series add up to a whole (e.g. the units of a kind)
    # the colour of each series that stands for a status (cchc.look): a status is drawn in its own colour
    series_colours: dict[str, str] | None = None

    def series_colour(self, number: int, name: str) -> str | list[str]:
        """The colour of a series: its status's, the categories' (one series coloured by status), or the
        palette's in turn."""
        if self.series_colours and name in self.series_colours:
            return self.series_colours[name]
        if self.colours and len(self.series) == 1:
            return self.colours
        return PALETTE[number % len(PALETTE)]


def meeting_chart(chart: Chart, height: int = 560, font_size: int = 22) -> Figure:
    """A meeting view's bars for the projector: large labels, values written on the bars."""
    traces = []
    for n, (name, series) in enumerate(chart.series.items()):
        colours = chart.series_colour(n, name)
        traces.append({"type": "bar", "y": [plain_label(c) for c in chart.categories], "x": values(series), "name": name,
                       "orientation": "h", "marker": {"color": colours},
                       "text": [format_number(v, chart.decimals) if v else "" for v in series],
                       "textposition": "inside" if chart.stacked else "outside", "cliponaxis": False,
                       "hovertemplate": "%{y}: %{x}<extra>" + name + "</extra>"})
    return figure(traces, {
        "title": {"text": chart.title, "font": {"size": font_size + 2, "color": INK}}, "height": height,
        "font": {"size": font_size, "color": INK}, "barmode": "stack" if chart.stacked else "group",
        "showlegend": len(chart.series) > 1, "legend": {"orientation": "h", "y": -0.12, "font": {"size": font_size - 2}},
        "margin": {"l": 10, "r": 60, "t": 70, "b": 40},
        "yaxis": {"autorange": "reversed", "automargin": True, "tickfont": {"size": font_size - 2, "color": INK}},
        "xaxis": {"showticklabels": False, "showgrid": False},
    })


def shares_chart(groups: Sequence[str], parts: Sequence[tuple[str, str, Sequence[int]]], title: str,
                 height_per_group: int = 46) -> Figure:
    """Each group as one bar of 100%, split into ``parts`` (label, colour, count per group): the share of each part
    drawn, its count and share written in it, so a small group reads as well as a large one."""
    totals = [sum(counts[n] for _, _, counts in parts) or 1 for n in range(len(groups))]
    traces = []
    for label, colour, counts in parts:
        if not any(counts):
            continue
        shares = [count / total * 100 for count, total in zip(counts, totals)]
        traces.append({
            "type": "bar", "orientation": "h", "name": plain_label(label), "y": [plain_label(g) for g in groups],
            "x": shares, "marker": {"color": colour},
            "text": [f"{count} · {format_number(share)}%" if count else "" for count, share in zip(counts, shares)],
            "textposition": "inside", "insidetextanchor": "middle", "textfont": {"size": 14},
            "customdata": [[count, total] for count, total in zip(counts, totals)],
            "hovertemplate": "%{y} · " + plain_label(label) + ": %{customdata[0]}/%{customdata[1]}<extra></extra>",
        })
    return figure(traces, {
        "title": {"text": plain_label(title), "font": {"size": 16}}, "barmode": "stack",
        "height": 110 + height_per_group * len(groups), "margin": {"l": 10, "r": 10, "t": 44, "b": 10},
        "legend": {"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0, "traceorder": "normal"},
        "xaxis": {"range": [0, 100], "ticksuffix": "%", "fixedrange": True, "gridcolor": GRID},
        "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
    })
