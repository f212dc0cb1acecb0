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
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, overload

import pandas as pd
from plotly.basedatatypes import BaseFigure

from cchc.formatting import format_number, format_percent
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
    # the whole each category's counts are part of: the bars then show shares of it (percent), so a small group
    # reads as well as a large one, labelled with the count beside ("77% (166)")
    totals: list[float] | None = None
    # values over time (a score by year): a line on an axis fitted to the values, not from zero, which the chart
    # says, so that a rise from 85 to 90 shows
    trend: bool = False

    def series_colour(self, number: int, name: str) -> str | list[str]:
        """The colour of a series: its status's, the categories' (one series coloured by status), or the
        palette's in turn."""
        if self.series_colours and name in self.series_colours:
            return self.series_colours[name]
        if self.colours and len(self.series) == 1:
            return self.colours
        return PALETTE[number % len(PALETTE)]

    def drawn(self, name: str) -> list[float]:
        """The lengths of a series' bars: its values, or their shares of the categories' totals (percent)."""
        series = self.series[name]
        if self.totals is None:
            return series
        return [round(100 * v / total, 1) if total else 0.0 for v, total in zip(series, self.totals)]

    def labels(self, name: str) -> list[str]:
        """The numbers written on a series' bars ("" for none): the value, or the share with the count beside."""
        series = self.series[name]
        if self.totals is None:
            return [format_number(v, self.decimals) if v else "" for v in series]
        return [f"{format_percent(share, 0)} ({format_number(v)})" if v else ""
                for v, share in zip(series, self.drawn(name))]

    def value_range(self) -> tuple[float, float]:
        """A trend's axis: whole numbers around its values with room above and below, from zero only when the
        values come near it."""
        points = [v for series in self.series.values() for v in series if v is not None]
        low, high = min(points), max(points)
        pad = max(0.5, 0.2 * (high - low))
        bottom = math.floor(low - pad)
        return (0.0 if bottom <= 0 else float(bottom)), float(math.ceil(high + pad))

    def axis_note(self) -> str | None:
        """What a trend's axis says of itself when it does not start at zero, else None."""
        bottom = self.value_range()[0] if self.trend else 0
        return f"Trục dọc bắt đầu từ {format_number(bottom)}, không phải từ 0" if bottom else None


def meeting_chart(chart: Chart, height: int = 560, font_size: int = 22, label_width: int = 24) -> Figure:
    """A meeting view's chart for the projector: large labels, values written on the bars, or a trend as a line.

    Every text is drawn at ``font_size - 2`` or more: Plotly shrinks a bar's text to fit the bar unless told
    otherwise (``uniformtext``), and hides it where even that size does not fit a stacked part (the table beside
    the chart has every number). The title is the page's to write, above the chart, where it can wrap; a
    category's name longer than ``label_width`` characters is written on two lines or more.
    """
    small = font_size - 2
    layout: dict[str, Any] = {
        "height": height, "font": {"size": font_size, "color": INK}, "showlegend": len(chart.series) > 1,
        "legend": {"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "font": {"size": small},
                   "traceorder": "normal"},          # the series' order, as in the table, even when stacked
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "uniformtext": {"minsize": small, "mode": "hide"},
    }
    if chart.trend:
        return figure(_trend(chart, small), merged(layout, _trend_axes(chart, small)))
    traces = []
    for n, name in enumerate(chart.series):
        traces.append({"type": "bar", "y": [_category(c, label_width) for c in chart.categories], "x": values(chart.drawn(name)),
                       "name": name, "orientation": "h", "marker": {"color": chart.series_colour(n, name)},
                       "text": chart.labels(name), "textfont": {"size": small}, "textangle": 0,
                       "textposition": "inside" if chart.stacked else "outside", "cliponaxis": False,
                       "customdata": chart.labels(name), "hovertemplate": "%{y}: %{customdata}<extra>" + name + "</extra>"})
    return figure(traces, merged(layout, {
        "barmode": "stack" if chart.stacked else "group",
        "margin": {"r": 10 if chart.stacked else 8 * small},       # room for the numbers after the bars
        "yaxis": {"autorange": "reversed", "automargin": True, "tickfont": {"size": small, "color": INK}},
        "xaxis": {"showticklabels": False, "showgrid": False, "zeroline": False,
                  **({"range": [0, 100]} if chart.totals is not None else {})},   # shares: every bar of the same whole
    }))


def _category(name: str, width: int) -> str:
    """A category's label in lines of even length when longer than ``width`` characters, so that a unit's name
    is not cut and the bars keep their room: "Văn phòng<br>UBND tỉnh"."""
    text = plain_label(name)
    lines = math.ceil(len(text) / width)
    return "<br>".join(textwrap.wrap(text, math.ceil(len(text) / lines))) if lines > 1 else text


def _trend(chart: Chart, font_size: int) -> list[dict]:
    return [{"type": "scatter", "x": chart.categories, "y": values(chart.series[name]), "name": name,
             "mode": "lines+markers+text", "text": chart.labels(name), "textposition": _above_or_below(chart.series[name]),
             "textfont": {"size": font_size, "color": INK}, "cliponaxis": False,
             "line": {"color": PALETTE[n % len(PALETTE)], "width": 4}, "marker": {"size": 14},
             "hovertemplate": "%{x}: %{text}<extra>" + name + "</extra>"}
            for n, name in enumerate(chart.series)]


def _above_or_below(series: list[float]) -> list[str]:
    """Where each point's number goes, off the line: above a point higher than its neighbours' mean, else below."""
    places = []
    for n, value in enumerate(series):
        around = [v for v in series[max(n - 1, 0):n] + series[n + 1:n + 2] if v is not None]
        places.append("bottom center" if around and value is not None and value < sum(around) / len(around)
                      else "top center")
    return places


def _trend_axes(chart: Chart, font_size: int) -> dict:
    """The axes of a trend: the values' range, and the note that the axis does not start at zero."""
    note = chart.axis_note()
    return {
        "margin": {"l": 10, "r": 30, "t": 30 + (2 * font_size if note else 0), "b": 10},
        "xaxis": {"type": "category", "tickfont": {"size": font_size, "color": INK}, "showgrid": False},
        "yaxis": {"range": list(chart.value_range()), "tickfont": {"size": font_size, "color": INK}, "gridcolor": GRID,
                  "zeroline": False, "automargin": True, "fixedrange": True},
        "annotations": [{"text": note.replace(", ", ",<br>"), "showarrow": False, "xref": "paper", "yref": "paper",
                         "x": 0, "y": 1, "xanchor": "left", "yanchor": "bottom", "align": "left", "yshift": 12,
                         "font": {"size": font_size, "color": INK}}] if note else [],
    }
