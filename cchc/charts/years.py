"""A chart of values by year, drawn on the server as HTML and inline SVG (why not Plotly: :mod:`cchc.charts.pictures`).

Lines of values by year on one axis, with a mark on each point, its value written beside it and off the line,
hollow marks on flagged points (derived or uncertain), a target drawn as a line (a score to reach) or as a zone
(a rank to be within), and a note where something changes from one year on (the ranking base). The indices page's
score and rank charts are drawn with it (:mod:`cchc.charts.indices`).

How it stays readable at every width: the years are placed in percent of the plot's width and the values in pixels
of a fixed height, so the SVG is never scaled, and its text is drawn at its CSS size on a phone as on a desk. A
line between two points is one ``<line>`` (a polyline's points take no percent). Where the picture is narrow,
``web.style`` hides every written value but each line's last (``cchc-minor``: a container rule for each number
of years); each point says its value in its
``<title>`` still, and the table by year has them all.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cchc.charts.common import GRID, INK
from cchc.charts.pictures import FIGURE, QUIET, escaped, key_item, legend
from cchc.formatting import format_number

HEIGHT = 300            # of the plot, in CSS pixels
TOP, BOTTOM = 28, 30    # room above the highest point's label, and for the years under the plot
AXIS_WIDTH = 58         # the value axis's ticks, left of the plot
FONT_SIZE = 14
LABEL_ROOM = 56         # the width a year needs for a written value ("89,72%" at 13 px); web.style's rules use it
MOST_YEARS = 15         # web.style has a rule for each number of years up to this


@dataclass(frozen=True)
class Point:
    """One year's value: the text written beside it ("" for none) and the point in words (its ``<title>``)."""

    year: int
    value: float
    label: str
    words: str
    flagged: bool = False


@dataclass(frozen=True)
class Series:
    """A line, or marks alone (``joined=False``); ``dash`` is an SVG dash array, "" for a solid line."""

    name: str
    colour: str
    points: tuple[Point, ...]
    joined: bool = True
    dash: str = ""
    mark: str = "circle"        # circle, triangle
    width: int = 3


@dataclass(frozen=True)
class Target:
    """A year's target: a value to reach (a short dashed line), or a zone from ``best`` to the value (a rank)."""

    year: int
    value: float
    name: str
    colour: str
    best: float | None = None


@dataclass(frozen=True)
class Note:
    """Something that holds from ``year`` on: a dashed line in ``colour`` before that year, its text at the top."""

    year: int
    text: str
    colour: str


@dataclass(frozen=True)
class Axis:
    """The value axis: its ends (``low`` drawn at the bottom, or at the top when ``reversed``) and its ticks."""

    low: float
    high: float
    ticks: tuple[float, ...]
    tick_texts: tuple[str, ...]
    reversed: bool = False
    title: str = ""


def score_axis(values: Sequence[float], suffix: str = "") -> Axis:
    """An axis around ``values`` that shows their change (not from zero): about five round ticks, room above and
    below the points for their labels."""
    low, high = min(values), max(values)
    spread = high - low or abs(high) * 0.1 or 1.0
    step = _round_step(spread / 4)
    bottom = math.floor((low - spread * 0.15) / step) * step
    top = math.ceil((high + spread * 0.15) / step) * step
    ticks = [bottom + n * step for n in range(int(round((top - bottom) / step)) + 1)]
    decimals = 0            # as many as the step has: 0,25 → "0,25", 0,2 → "0,2", 5 → "5"
    while abs(step * 10 ** decimals - round(step * 10 ** decimals)) > 1e-6:
        decimals += 1
    return Axis(bottom, top, tuple(ticks), tuple(format_number(t, decimals) + suffix for t in ticks))


def _round_step(rough: float) -> float:
    """The round number (1, 2, 2,5 or 5 times a power of ten) nearest above ``rough``."""
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough * 0.999)


def rank_axis(deepest: float, title: str) -> Axis:
    """Ranks from 1 at the top down to below ``deepest`` (the most provinces ranked, or the lowest rank)."""
    bottom = float(deepest) + 3
    ticks = tuple(float(t) for t in (1, 10, 20, 30, 40, 50, 60) if t <= bottom)
    return Axis(-2.0, bottom, ticks, tuple(format_number(t) for t in ticks), reversed=True, title=title)


class _Plot:
    """Where a year and a value are drawn: x in percent of the plot's width, y in pixels from its top."""

    def __init__(self, years: Sequence[int], axis: Axis) -> None:
        self.first, self.last, self.axis = min(years), max(years), axis

    def x(self, year: float) -> str:
        return f"{(year - self.first + 0.5) / (self.last - self.first + 1) * 100:.2f}%"

    def y(self, value: float) -> float:
        share = (value - self.axis.low) / ((self.axis.high - self.axis.low) or 1.0)
        return round(TOP + (share if self.axis.reversed else 1 - share) * (HEIGHT - TOP - BOTTOM), 1)


def _mark(plot: _Plot, series: Series, point: Point, size: float) -> str:
    x, y = plot.x(point.year), plot.y(point.value)
    fill, stroke = ("#FFFFFF", series.colour) if point.flagged else (series.colour, "#FFFFFF")
    title = f"<title>{escaped(point.words)}</title>"
    if series.mark == "triangle":
        return (f'<svg x="{x}" y="{y}" overflow="visible"><polygon points="0,{-size * 1.2:.1f} {size:.1f},'
                f'{size * 0.8:.1f} {-size:.1f},{size * 0.8:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="1.5">'
                f'{title}</polygon></svg>')
    width = 2.5 if point.flagged else 1.5
    return (f'<circle cx="{x}" cy="{y}" r="{size:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="{width}">'
            f'{title}</circle>')


def _labels(plot: _Plot, series: Series) -> list[str]:
    """Each point's text, above the point or below it where its line comes up to it from below on the screen
    (so that the text sits off the line); every text but the last is minor (hidden where the picture is narrow)."""
    points = series.points
    out = []
    for n, point in enumerate(points):
        if not point.label:
            continue
        neighbour = points[n - 1] if n else (points[n + 1] if len(points) > 1 else point)
        y = plot.y(point.value)
        below = plot.y(neighbour.value) < y and series.joined
        minor = ' class="cchc-minor"' if n < len(points) - 1 else ""
        out.append(f'<text{minor} x="{plot.x(point.year)}" y="{y + 22 if below else y - 11:.1f}" '
                   f'text-anchor="middle" font-size="{FONT_SIZE - 1}" fill="{INK}" stroke="#FFFFFF" stroke-width="4" '
                   f'paint-order="stroke" stroke-linejoin="round">{escaped(point.label)}</text>')
    return out


def _line(plot: _Plot, series: Series) -> str:
    """The series' line, from each year to the next; a year without a value is a break in it, never bridged (a
    value not published is not somewhere between its neighbours)."""
    dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
    points = series.points
    return "".join(
        f'<line x1="{plot.x(a.year)}" y1="{plot.y(a.value)}" x2="{plot.x(b.year)}" y2="{plot.y(b.value)}" '
        f'stroke="{series.colour}" stroke-width="{series.width}" stroke-linecap="round"{dash}/>'
        for a, b in zip(points, points[1:]) if b.year - a.year == 1)


def _target(plot: _Plot, target: Target) -> str:
    left, width = plot.x(target.year - 0.4), f"{0.8 / (plot.last - plot.first + 1) * 100:.2f}%"
    y = plot.y(target.value)
    title = f"<title>{escaped(target.name)}</title>"
    if target.best is not None:
        best = plot.y(target.best)
        top, bottom = min(best, y), max(best, y)
        return (f'<rect x="{left}" y="{top}" width="{width}" height="{bottom - top:.1f}" fill="{target.colour}" '
                f'fill-opacity="0.12" stroke="{target.colour}" stroke-width="2" stroke-dasharray="6 4">{title}</rect>')
    return (f'<line x1="{left}" x2="{plot.x(target.year + 0.4)}" y1="{y}" y2="{y}" stroke="{target.colour}" '
            f'stroke-width="4" stroke-dasharray="8 5">{title}</line>')


def _note(plot: _Plot, note: Note) -> str:
    x = plot.x(note.year - 0.5)
    return (f'<line x1="{x}" x2="{x}" y1="{TOP - 14}" y2="{HEIGHT - BOTTOM}" stroke="{note.colour}" stroke-width="2" '
            f'stroke-dasharray="4 4"/><text x="{x}" dx="-6" y="{TOP - 16}" text-anchor="end" '
            f'font-size="{FONT_SIZE - 1}" fill="{INK}" font-weight="600">{escaped(note.text)}</text>')


def _axis(plot: _Plot) -> tuple[str, str]:
    """The ticks' texts (their own SVG, left of the plot) and the plot's grid lines."""
    axis = plot.axis
    texts, grid = [], []
    for tick, text in zip(axis.ticks, axis.tick_texts):
        y = plot.y(tick)
        texts.append(f'<text x="{AXIS_WIDTH - 8}" y="{y + 5}" text-anchor="end" font-size="{FONT_SIZE - 1}" '
                     f'fill="{INK}">{escaped(text)}</text>')
        grid.append(f'<line x1="0" x2="100%" y1="{y}" y2="{y}" stroke="{GRID}" stroke-width="1"/>')
    if axis.title:
        middle = (TOP + HEIGHT - BOTTOM) / 2
        texts.append(f'<text transform="translate(13 {middle}) rotate(-90)" text-anchor="middle" '
                     f'font-size="{FONT_SIZE - 1}" fill="{QUIET}">{escaped(axis.title)}</text>')
    return "".join(texts), "".join(grid)


def _key(series: Series) -> str:
    """A legend's mark for a series: a stroke of its line (dashed as drawn) with its mark."""
    dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
    line = (f'<line x1="2" x2="30" y1="9" y2="9" stroke="{series.colour}" stroke-width="{series.width}"{dash}/>'
            if series.joined else "")
    mark = (f'<polygon points="16,2 23,14 9,14" fill="{series.colour}"/>' if series.mark == "triangle"
            else f'<circle cx="16" cy="9" r="5" fill="{series.colour}"/>')
    return f'<svg width="32" height="18" aria-hidden="true">{line}{mark}</svg>'


def _target_key(target: Target) -> str:
    shape = (f'<rect x="3" y="3" width="26" height="12" fill="{target.colour}" fill-opacity="0.12" '
             f'stroke="{target.colour}" stroke-width="2" stroke-dasharray="6 4"/>' if target.best is not None else
             f'<line x1="2" x2="30" y1="9" y2="9" stroke="{target.colour}" stroke-width="4" stroke-dasharray="8 5"/>')
    return f'<svg width="32" height="18" aria-hidden="true">{shape}</svg>'


def _flagged_key(colour: str) -> str:
    return (f'<svg width="32" height="18" aria-hidden="true"><circle cx="16" cy="9" r="6" fill="#FFFFFF" '
            f'stroke="{colour}" stroke-width="2.5"/></svg>')


def year_chart(title: str, series: Sequence[Series], axis: Axis, targets: Sequence[Target] = (),
               notes: Sequence[Note] = (), flagged: str = "") -> str:
    """The chart: its title, the axis and the plot side by side, a legend under them (``flagged``: what a hollow
    mark means, shown when a point is flagged). Series are drawn in order, the last on top."""
    years = [p.year for s in series for p in s.points] + [t.year for t in targets] + [n.year for n in notes]
    plot = _Plot(years, axis)
    count = min(plot.last - plot.first + 1, MOST_YEARS)
    ticks, grid = _axis(plot)
    drawn = ([_target(plot, target) for target in targets] + [_line(plot, s) for s in series if s.joined]
             + [_note(plot, note) for note in notes]
             + [_mark(plot, s, p, 7 if s.mark == "triangle" else 6) for s in series for p in s.points]
             + [label for s in series for label in _labels(plot, s)])
    years_text = "".join(f'<text x="{plot.x(year)}" y="{HEIGHT - 8}" text-anchor="middle" font-size="{FONT_SIZE - 1}" '
                         f'fill="{INK}">{year}</text>' for year in range(plot.first, plot.last + 1))
    keys = [key_item(_key(s), s.name) for s in series] + [key_item(_target_key(t), t.name) for t in targets]
    colours = [s.colour for s in series if any(p.flagged for p in s.points)]
    if colours and flagged:
        keys.append(key_item(_flagged_key(colours[0]), flagged))
    return (f'<figure role="img" aria-label="{escaped(title)}" class="cchc-picture cchc-years cchc-years-{count}" style="{FIGURE}">'
            f'<figcaption style="font-weight:600;font-size:{FONT_SIZE + 3}px;color:{INK};margin-bottom:4px">'
            f'{escaped(title)}</figcaption>'
            f'<div style="display:flex;font-family:inherit">'
            f'<svg width="{AXIS_WIDTH}" height="{HEIGHT}" style="flex:0 0 {AXIS_WIDTH}px;overflow:visible" '
            f'aria-hidden="true">{ticks}</svg>'
            f'<svg width="100%" height="{HEIGHT}" style="flex:1 1 auto;min-width:0;overflow:visible">'
            f'{grid}{"".join(drawn)}{years_text}</svg></div>{legend(keys, FONT_SIZE)}</figure>')
