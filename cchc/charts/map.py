"""The map of the 69 units as a plain-dict Plotly figure: the shipped boundaries on a ``geo`` with no base map
(nothing is fetched from the Internet: no tiles, no Plotly topojson), each unit filled in its status colour with
the status's shape at its centre (as the tables' ● ◆ ▲ ■ ○, told apart without colour), or shaded by its value;
the hover says the unit, its value in Vietnamese and its status; the boundaries' source is credited under it.

Each trace carries the unit code first in ``customdata``, which a click hands back to the page
(``st.plotly_chart(on_select=…)``).
"""
from __future__ import annotations

import textwrap

import pandas as pd

from cchc import look
from cchc.charts.common import INK, MUTED, Figure, figure, plain_label, rows, values
from cchc.metrics import target_status
from cchc.views.unit_map import STATUS, VALUE, UnitMap, boundaries, centres

# The status shapes of the app (cchc.look) as Plotly marker symbols.
SYMBOLS = {status: look.PLOTLY_SYMBOLS[mark] for status, mark in target_status.MARKS.items()}
# Light to dark blue for values (PALETTE[0] in the middle): more is darker; no value is grey.
VALUE_SCALE = [[0.0, "#DCEAF6"], [0.5, "#0072B2"], [1.0, "#0B3D6B"]]
BORDER = {"color": "white", "width": 0.8}
HOVER = ("<b>%{customdata[1]}</b><br>Giá trị: %{customdata[2]} %{customdata[4]}<br>%{customdata[3]}"
         "<br>%{customdata[5]}<extra></extra>")


def _customdata(units: pd.DataFrame) -> list[list]:
    """code, name, value text, status text, the period of the value when earlier, where a combined value comes from."""
    shown = units.assign(name=units["name"].map(plain_label),
                         when=[f"({p})" if p else "" for p in units["latest_period"]])
    return rows(shown[["code", "name", "text", "status_text", "when", "detail"]])


def _areas(units: pd.DataFrame, **style: object) -> dict:
    """The units' shapes, filled; each trace carries only its own shapes, so the page gets every shape once."""
    codes = set(units["code"])
    shapes = {"type": "FeatureCollection", "features": [f for f in boundaries()["features"] if f["id"] in codes]}
    return {"type": "choropleth", "geojson": shapes, "featureidkey": "id", "locations": list(units["code"]),
            "customdata": _customdata(units), "hovertemplate": HOVER, "marker": {"line": BORDER}, **style}


def _status_traces(units: pd.DataFrame, mark_size: int) -> list[dict]:
    """Per status: the units filled in its colour, and its shape at their centres (the legend's entry)."""
    areas, marks = [], []
    where = centres()
    for status in target_status.STATUSES:
        part = units[units["status"] == status]
        if part.empty:
            continue
        colour = target_status.COLOURS[status]
        areas.append(_areas(part, z=[1] * len(part), colorscale=[[0, colour], [1, colour]], showscale=False,
                            showlegend=False, name=part["status_text"].iloc[0], legendgroup=status))
        marks.append({
            "type": "scattergeo", "lon": [where[c][0] for c in part["code"]], "lat": [where[c][1] for c in part["code"]],
            "mode": "markers", "name": f"{target_status.LABELS[status]} ({len(part)})", "legendgroup": status,
            "marker": {"symbol": SYMBOLS[status], "size": mark_size, "color": colour if status != target_status.NO_DATA else INK,
                       "line": {"color": "white", "width": 1.5}},
            "customdata": _customdata(part), "hovertemplate": HOVER,
        })
    return marks + areas


def _value_traces(units: pd.DataFrame, suffix: str, font_size: int) -> list[dict]:
    """The units shaded by value (a colour bar), the units without one in grey."""
    known, unknown = units[units["value"].notna()], units[units["value"].isna()]
    traces = []
    if len(known):
        traces.append(_areas(known, z=values(known["value"]), colorscale=VALUE_SCALE, showlegend=False,
                             colorbar={"ticksuffix": suffix, "thickness": 18, "len": 0.8,
                                       "tickfont": {"size": font_size - 2, "color": INK}}))
    if len(unknown):
        traces.append(_areas(unknown, z=[0] * len(unknown), colorscale=[[0, target_status.COLOURS[target_status.NO_DATA]],
                                                                         [1, target_status.COLOURS[target_status.NO_DATA]]],
                             showscale=False, showlegend=True, name=f"{unknown['status_text'].iloc[0]} ({len(unknown)})"))
    return traces


def _offline_first(units: pd.DataFrame) -> dict:
    """An invisible point per unit, drawn first on purpose.

    plotly.js fetches its world map (topojson, from cdn.plot.ly) for a ``geo`` whose first trace has a
    ``locationmode``, which every choropleth has, even with its own GeoJSON and the base map hidden: offline
    the fetch fails and nothing is drawn. A first trace placed by lon/lat has none, so nothing is fetched.
    """
    where = centres()
    return {"type": "scattergeo", "lon": [where[c][0] for c in units["code"]], "lat": [where[c][1] for c in units["code"]],
            "mode": "markers", "marker": {"size": 1, "opacity": 0}, "hoverinfo": "skip", "showlegend": False}


def _range(axis: int) -> list[float]:
    """The boundaries' extent on one axis (0: longitude, 1: latitude), a little padded."""
    points = [point[axis] for feature in boundaries()["features"] for point in _points(feature["geometry"])]
    pad = (max(points) - min(points)) * 0.02
    return [min(points) - pad, max(points) + pad]


def _points(geometry: dict) -> list:
    parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [point for part in parts for ring in part for point in ring]


def unit_map_figure(unit_map: UnitMap, mode: str = STATUS, height: int = 620, font_size: int = 15) -> Figure:
    """The map of ``unit_map`` coloured by status (``"status"``) or shaded by value (``"value"``).

    ``height`` and ``font_size`` grow for the projector; the title, legend and credit follow ``font_size``.
    """
    units = unit_map.units
    first = [_offline_first(units)]
    if mode == VALUE:
        traces = _value_traces(units, unit_map.value_suffix, font_size)
    else:
        traces = _status_traces(units, mark_size=round(font_size * 0.8))
    return figure(first + traces, {
        "title": {"text": look.sample_title(plain_label(unit_map.title), plan=unit_map.is_sample_plan,
                                           data=unit_map.is_sample),
                  "font": {"size": font_size + 2, "color": INK}},
        "height": height, "font": {"size": font_size, "color": INK},
        "margin": {"l": 0, "r": 0, "t": 50, "b": 3 * font_size},      # the credit, on two lines
        # the province's extent, fixed: the map fills the space and keeps its shape, whatever the values
        "geo": {"visible": False, "projection": {"type": "mercator"}, "lonaxis": {"range": _range(0)},
                "lataxis": {"range": _range(1)}, "bgcolor": "rgba(0,0,0,0)"},
        # top right is the sea: the legend hides no unit there
        "legend": {"orientation": "v", "x": 1, "y": 1, "xanchor": "right", "yanchor": "top",
                   "bgcolor": "rgba(0,0,0,0)", "font": {"size": font_size}, "itemclick": False,
                   "itemdoubleclick": False},
        "dragmode": False,
        "annotations": [{"text": "<br>".join(textwrap.wrap(plain_label(unit_map.credit), 100)), "showarrow": False,
                         "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -6, "xanchor": "left",
                         "yanchor": "top", "align": "left", "font": {"size": round(font_size * 0.8), "color": MUTED}}],
    })
