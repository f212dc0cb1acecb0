"""The map of the 69 units drawn on the server as inline SVG (see :mod:`cchc.charts.pictures` for why not Plotly):
the shipped boundaries, each unit filled in its status colour with the status's shape at its centre (as the
tables' ● ◆ ▲ ■ ○, told apart without colour), or shaded by its value; a legend with the counts, and the
boundaries' source credited under it. Nothing is fetched: no tiles, no base map.

Each unit is a link (``link(code)``, the page's address of that unit with the view it came from), so a click,
a tap or the keyboard opens it; its ``<title>`` says the unit, its value in Vietnamese and its status, and so
does the link's ``aria-label``. The projector draws it without links.
"""
from __future__ import annotations

import html
import math
from collections.abc import Callable
from functools import cache

import pandas as pd

from cchc import look
from cchc.charts.pictures import FIGURE, INK, QUIET, escaped, key_item, legend, rgb, swatch
from cchc.formatting import format_number
from cchc.metrics import target_status
from cchc.views.unit_map import STATUS, VALUE, UnitMap, boundaries, centres

WIDTH = 1000                # the map's own units, across (its height follows the province's shape)
# Light to dark blue for values (look.BLUE in the middle): more is darker; no value is grey.
VALUE_SCALE = ("#DCEAF6", look.BLUE, "#0B3D6B")


def _y(lat: float) -> float:
    """Mercator: the province keeps its shape."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


@cache
def _frame() -> tuple[float, float, float, float]:
    """West, north (projected), the scale to :data:`WIDTH`, and the height in the map's units (2% padding)."""
    points = [point for feature in boundaries()["features"] for point in _points(feature["geometry"])]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(_y(p[1]) for p in points), max(_y(p[1]) for p in points)
    pad = (east - west) * 0.02
    scale = WIDTH / (east - west + 2 * pad)
    return west - pad, north + pad, scale, (north - south + 2 * pad) * scale


def _points(geometry: dict) -> list:
    return [point for polygon in _polygons(geometry) for ring in polygon for point in ring]


def _polygons(geometry: dict) -> list:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _xy(lon: float, lat: float) -> tuple[float, float]:
    west, north, scale, _ = _frame()
    return round((lon - west) * scale, 1), round((north - _y(lat)) * scale, 1)


@cache
def _paths() -> dict[str, str]:
    """Each unit's outline as an SVG path (its holes too), by unit code; computed once."""
    found = {}
    for feature in boundaries()["features"]:
        rings = []
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                xy = [_xy(lon, lat) for lon, lat in ring]
                rings.append("M" + "L".join(f"{x:g},{y:g}" for x, y in xy) + "Z")
        found[feature["id"]] = "".join(rings)
    return found


def _mark(status: str, x: float, y: float, size: float) -> str:
    """The status's shape (● ◆ ▲ ■ ○) at (x, y), ``size`` across, white-edged so it reads on any fill."""
    colour = target_status.COLOURS[status]
    r = size / 2
    edge = 'stroke="#FFFFFF" stroke-width="2"'
    shape = look.TARGET_MARKS[status]
    if shape == "◆":
        return f'<path d="M{x},{y - r * 1.25}L{x + r * 1.25},{y}L{x},{y + r * 1.25}L{x - r * 1.25},{y}Z" fill="{colour}" {edge}/>'
    if shape == "▲":
        return f'<path d="M{x},{y - r * 1.3}L{x + r * 1.2},{y + r * 0.8}L{x - r * 1.2},{y + r * 0.8}Z" fill="{colour}" {edge}/>'
    if shape == "■":
        return f'<rect x="{x - r}" y="{y - r}" width="{size}" height="{size}" fill="{colour}" {edge}/>'
    if shape == "○":
        return f'<circle cx="{x}" cy="{y}" r="{r}" fill="#FFFFFF" stroke="{INK}" stroke-width="2.5"/>'
    return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{colour}" {edge}/>'


def _blend(low: str, high: str, share: float) -> str:
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(rgb(low), rgb(high)))


def value_colour(value: float, low: float, high: float) -> str:
    """The shade of ``value`` between the map's ``low`` and ``high`` (light to dark blue)."""
    share = 0.5 if high == low else (value - low) / (high - low)
    return _blend(VALUE_SCALE[0], VALUE_SCALE[1], share * 2) if share <= 0.5 else \
        _blend(VALUE_SCALE[1], VALUE_SCALE[2], share * 2 - 1)


def _hover(row: pd.Series) -> str:
    """The unit, its value (and the earlier period it is from), its status, where a combined value comes from."""
    value = row["text"] + (f" ({row['latest_period']})" if row["latest_period"] else "")
    lines = [str(row["name"]), f"Giá trị: {value}", row["status_text"]]
    if row["detail"]:
        lines.append(html.unescape(str(row["detail"])).replace("<br>", "\n"))
    return "\n".join(lines)


def _status_legend(unit_map: UnitMap) -> list[str]:
    items = []
    for status, count in unit_map.counts().items():
        if count:
            shape = (f'<svg width="16" height="16" viewBox="-10 -10 20 20" aria-hidden="true" '
                     f'data-colour="{target_status.COLOURS[status]}">{_mark(status, 0, 0, 12)}</svg>')
            items.append(key_item(shape, f"{target_status.LABELS[status]} ({format_number(count)})"))
    return items


def _value_legend(unit_map: UnitMap, low: float, high: float) -> list[str]:
    units = unit_map.units
    items = []
    if units["value"].notna().any():
        suffix = unit_map.value_suffix
        ramp = (f'<span style="display:inline-block;width:120px;height:14px;border-radius:3px;'
                f'background:linear-gradient(to right,{",".join(VALUE_SCALE)})"></span>')
        items.append(key_item(ramp, f"{format_number(low, 1)}{suffix} → {format_number(high, 1)}{suffix}"))
    missing = int(units["value"].isna().sum())
    if missing:
        items.append(key_item(swatch(target_status.COLOURS[target_status.NO_DATA]),
                              f"{target_status.status_text(target_status.NO_DATA)} ({missing})"))
    return items


def unit_map_picture(unit_map: UnitMap, mode: str = STATUS, link: Callable[[str], str] | None = None,
                     height: int = 620, font_size: int = 15) -> str:
    """The map of ``unit_map`` coloured by status (``"status"``) or shaded by value (``"value"``), as HTML.

    ``link(code)`` is the address a unit opens (None: no links, on the projector). ``height`` is the most the
    map takes on the page; it and ``font_size`` grow for the projector.
    """
    units = unit_map.units
    paths, where = _paths(), centres()
    known = units["value"].dropna()
    low, high = (float(known.min()), float(known.max())) if len(known) else (0.0, 0.0)
    mark_size = 18
    areas, marks = [], []
    for _, row in units.iterrows():
        code = row["code"]
        if mode == VALUE:
            colour = target_status.COLOURS[target_status.NO_DATA] if pd.isna(row["value"]) else \
                value_colour(float(row["value"]), low, high)
            status_colour = ""
        else:
            colour = target_status.COLOURS[row["status"]]
            status_colour = f' data-colour="{colour}"'
        said = _hover(row)
        hover = escaped(said).replace("\n", "&#10;")      # one line of markup (web.app.picture)
        area = (f'<path d="{paths[code]}" fill="{colour}"{status_colour} stroke="#FFFFFF" stroke-width="1.2" '
                f'fill-rule="evenodd"><title>{hover}</title></path>')
        if mode != VALUE:       # over every area (a neighbour drawn later would hide it); a click goes through
            marks.append(_mark(row["status"], *_xy(*where[code]), mark_size))
        label = escaped(said.replace("\n", ", "))
        areas.append(f'<a href="{escaped(link(code))}" target="_self" aria-label="{label}">{area}</a>'
                     if link else f'<g role="img" aria-label="{label}">{area}</g>')
    _, _, _, map_height = _frame()
    key = legend(_value_legend(unit_map, low, high) if mode == VALUE else _status_legend(unit_map), font_size)
    title = look.sample_title(unit_map.title, plan=unit_map.is_sample_plan, data=unit_map.is_sample)
    svg = (f'<svg viewBox="0 0 {WIDTH} {map_height:.0f}" preserveAspectRatio="xMidYMid meet" '
           f'style="display:block;width:100%;height:auto;max-height:{height}px" class="cchc-map">'
           f'{"".join(areas)}<g aria-hidden="true" style="pointer-events:none">{"".join(marks)}</g></svg>')
    return (f'<figure class="cchc-picture" style="{FIGURE}">'
            f'<figcaption style="font-weight:600;font-size:{font_size + 2}px;color:{INK};margin-bottom:6px">'
            f'{escaped(title)}</figcaption>'
            f'{key}{svg}'
            f'<div style="font-size:{max(12, round(font_size * 0.8))}px;color:{QUIET};margin-top:6px">'
            f'{escaped(unit_map.credit)}</div></figure>')
