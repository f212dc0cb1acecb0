"""The map of the 69 units drawn with matplotlib for the deck: the shipped boundaries as polygons in the status
colours, the status shapes at the units' centres, a legend with the counts and the boundaries' credit under
it. Into a PDF page's axes (:mod:`cchc.meeting.deck_pdf`) or as a PNG picture (:mod:`cchc.meeting.deck`):
no browser and no Plotly image export are needed on the server.
"""
from __future__ import annotations

import io
import math
import textwrap
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")   # no display on a server

import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

from cchc import look
from cchc.metrics import target_status  # noqa: E402
from cchc.views.unit_map import UnitMap, boundaries, centres  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# The status shapes of the app (● ◆ ▲ ■ ○, cchc.look) as matplotlib markers.
MARKERS = {status: look.MATPLOTLIB_MARKERS[mark] for status, mark in target_status.MARKS.items()}
INK, MUTED = "#1F2933", "#52606D"
STYLE: dict[RcKeyType, Any] = {"font.family": "DejaVu Sans", "pdf.fonttype": 42, "text.parse_math": False}


def draw_map(axes, unit_map: UnitMap, font_size: float = 10) -> None:
    """The units in their status colours with their status shapes, and the legend, on ``axes``."""
    status = dict(zip(unit_map.units["code"], unit_map.units["status"]))
    patches, colours = [], []
    for feature in boundaries()["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        colour = target_status.COLOURS[status.get(feature["id"], target_status.NO_DATA)]
        for part in parts:
            patches.append(Polygon(part[0], closed=True))
            colours.append(colour)
    axes.add_collection(PatchCollection(patches, facecolor=colours, edgecolor="white", linewidth=0.5))
    where = centres()
    for key in target_status.STATUSES:
        codes = [code for code, found in status.items() if found == key]
        if codes:
            open_mark = key == target_status.NO_DATA
            axes.scatter([where[c][0] for c in codes], [where[c][1] for c in codes], marker=MARKERS[key], s=font_size * 3,
                         facecolor="none" if open_mark else target_status.COLOURS[key],
                         edgecolor=INK if open_mark else "white", linewidth=1, zorder=3)
    axes.autoscale_view()
    # Longitude shrinks with the cosine of the latitude: the province keeps its shape.
    latitude = sum(axes.get_ylim()) / 2
    axes.set_aspect(1 / math.cos(math.radians(latitude)))
    axes.set_axis_off()
    counts = unit_map.counts()
    handles = [Line2D([], [], linestyle="none", marker=MARKERS[key], markersize=font_size * 0.9,
                      markerfacecolor="none" if key == target_status.NO_DATA else target_status.COLOURS[key],
                      markeredgecolor=INK if key == target_status.NO_DATA else target_status.COLOURS[key],
                      label=f"{target_status.LABELS[key]} ({counts[key]})") for key in target_status.STATUSES if counts[key]]
    axes.legend(handles=handles, loc="lower left", fontsize=font_size, frameon=False)


def map_png(unit_map: UnitMap, size: tuple[float, float] = (8.0, 5.2), dpi: int = 150) -> bytes:
    """The map with its title and the credit under it, as PNG bytes (``size`` in inches)."""
    with plt.rc_context(STYLE):
        figure = plt.figure(figsize=size)
        axes = figure.add_axes((0.0, 0.1, 1.0, 0.82))
        draw_map(axes, unit_map)
        title = look.sample_title(unit_map.title, plan=False, data=unit_map.is_sample)
        figure.text(0.01, 0.97, title, fontsize=12, color=INK, va="top")
        figure.text(0.01, 0.015, textwrap.fill(unit_map.credit, 110), fontsize=7.5, color=MUTED)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        plt.close(figure)
    return buffer.getvalue()
