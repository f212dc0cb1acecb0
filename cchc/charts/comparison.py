"""The pictures of the comparison of provinces, drawn on the server as HTML (why: :mod:`cchc.charts.pictures`):
provinces ranked by score as dots on one axis, and each component of the index with Hà Tĩnh's score beside the
region's and the nation's means. Hà Tĩnh is drawn in the index charts' blue (:mod:`cchc.charts.indices`), the
other provinces in grey; each row's numbers are written beside it, in Vietnamese formats, by the caller.

A dot plot rather than bars: the provinces' scores lie close together (PAPI 2024: 39,9 to 47,8 of 80), and bars
from zero would show them all alike; the axis says where it starts.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cchc.charts.common import GRID, INK, MUTED, PALETTE
from cchc.charts.pictures import FIGURE, QUIET, escaped, key_item, legend

HOME_COLOUR = PALETTE[0]
REGION_COLOUR = PALETTE[4]
FONT_SIZE = 15


@dataclass(frozen=True)
class Row:
    """One province of the ranked picture: its label ("6. Hà Tĩnh"), its score (None: a rank alone), the text
    written beside it, whether it is Hà Tĩnh, whether places before it were left out ("…")."""

    label: str
    score: float | None
    text: str
    is_home: bool
    after_gap: bool = False


@dataclass(frozen=True)
class Part:
    """One component: its name, Hà Tĩnh's score, the region's and the nation's means (None: not known), the
    component's scale, and the text written beside it ("7,51 · hạng 32/61")."""

    name: str
    score: float | None
    region_mean: float | None
    national_mean: float | None
    low: float
    high: float
    text: str


def _left(value: float, low: float, high: float) -> str:
    return f"{max(0.0, min(100.0, (value - low) / ((high - low) or 1.0) * 100)):.2f}%"


def _dot(value: float, low: float, high: float, colour: str, size: int, shape: str = "circle", title: str = "") -> str:
    radius = "50%" if shape == "circle" else "2px"
    turn = "transform:translate(-50%,-50%) rotate(45deg);" if shape == "diamond" else "transform:translate(-50%,-50%);"
    return (f'<span title="{escaped(title)}" style="position:absolute;top:50%;left:{_left(value, low, high)};'
            f'width:{size}px;height:{size}px;border-radius:{radius};background:{colour};{turn}'
            f'border:2px solid #FFFFFF;box-sizing:content-box"></span>')


def _track(markers: str) -> str:
    return (f'<div style="position:relative;height:26px;align-self:center">'
            f'<div style="position:absolute;left:0;right:0;top:50%;height:2px;background:{GRID}"></div>'
            f'{markers}</div>')


def ranked(rows: Sequence[Row], low: float, high: float, title: str, axis_note: str) -> str:
    """Provinces in rank order, each a dot on one axis from ``low`` to ``high``; "…" where places are left out."""
    lines = []
    for row in rows:
        if row.after_gap:
            lines.append(f'<div style="grid-column:1 / -1;color:{QUIET};padding-left:0.5em">…</div>')
        weight = "font-weight:700;" if row.is_home else ""
        colour = HOME_COLOUR if row.is_home else MUTED
        marker = _dot(row.score, low, high, colour, 14 if row.is_home else 10, title=f"{row.label}: {row.text}") \
            if row.score is not None else ""
        lines.append(f'<div style="{weight}color:{INK};white-space:nowrap;overflow:hidden;text-overflow:ellipsis">'
                     f'{escaped(row.label)}</div>{_track(marker)}'
                     f'<div style="{weight}color:{INK};text-align:right;white-space:nowrap">{escaped(row.text)}</div>')
    return (f'<figure role="img" aria-label="{escaped(title)}" class="cchc-picture" style="{FIGURE}">'
            f'<figcaption style="font-weight:600;font-size:{FONT_SIZE + 2}px;color:{INK};margin-bottom:6px">'
            f'{escaped(title)}</figcaption>'
            f'<div style="display:grid;grid-template-columns:minmax(8em,max-content) 1fr max-content;gap:4px 12px;'
            f'font-size:{FONT_SIZE}px">{"".join(lines)}</div>'
            f'<div style="font-size:{FONT_SIZE - 2}px;color:{QUIET};margin-top:6px">{escaped(axis_note)}</div>'
            f'</figure>')


def components(parts: Sequence[Part], title: str, words: dict[str, str]) -> str:
    """Each component on its own scale: Hà Tĩnh's score (a dot), the region's mean (a diamond), the nation's (a
    grey bar across the track); a legend under them."""
    lines = []
    for part in parts:
        markers = ""
        if part.national_mean is not None:
            markers += (f'<span title="{escaped(words["national_mean"])}" style="position:absolute;top:15%;'
                        f'height:70%;width:3px;background:{MUTED};left:{_left(part.national_mean, part.low, part.high)};'
                        f'transform:translateX(-50%)"></span>')
        if part.region_mean is not None:
            markers += _dot(part.region_mean, part.low, part.high, REGION_COLOUR, 10, "diamond", words["region_mean"])
        if part.score is not None:
            markers += _dot(part.score, part.low, part.high, HOME_COLOUR, 14, title=words["home"])
        lines.append(f'<div class="cchc-part-name" style="color:{INK}">{escaped(part.name)}</div>{_track(markers)}'
                     f'<div style="color:{INK};text-align:right;white-space:nowrap">{escaped(part.text)}</div>')
    key = legend([
        key_item(f'<span style="display:inline-block;width:12px;height:12px;border-radius:50%;'
                 f'background:{HOME_COLOUR}"></span>', words["home"]),
        key_item(f'<span style="display:inline-block;width:9px;height:9px;background:{REGION_COLOUR};'
                 f'transform:rotate(45deg)"></span>', words["region_mean"]),
        key_item(f'<span style="display:inline-block;width:3px;height:14px;background:{MUTED}"></span>',
                 words["national_mean"]),
    ], FONT_SIZE - 1)
    # web.style puts a component's name on a line of its own where the picture is narrow (a phone)
    return (f'<figure role="img" aria-label="{escaped(title)}" class="cchc-picture cchc-parts" style="{FIGURE}">'
            f'<figcaption style="font-weight:600;font-size:{FONT_SIZE + 2}px;color:{INK};margin-bottom:6px">'
            f'{escaped(title)}</figcaption>'
            f'<div class="cchc-parts-grid" style="display:grid;grid-template-columns:minmax(10em,24em) 1fr max-content;'
            f'gap:6px 12px;font-size:{FONT_SIZE}px">{"".join(lines)}</div>{key}</figure>')
