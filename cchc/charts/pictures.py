"""The pages' small pictures drawn on the server as HTML and inline SVG: a bar of shares (the targets by status,
the reports of each kind of unit), and a trend line (an index's scores by year). The map of the units is drawn
the same way (:mod:`cchc.charts.map`).

Why not Plotly: in the browser bench (``bench/browser.py``) a page's first Plotly chart costs about a second,
because plotly.js has to be loaded, compiled and run before it draws. The overview with seven small charts was
1,3× the bare page, and 0,77× with none. These pictures are static: nothing to zoom, and their numbers are
written on them or beside them. So they are markup that the browser lays out with the text around it, in the
same frame. Text is HTML in CSS pixels, readable at every width; shapes are SVG scaled to the width. A shape's
``<title>`` says in words what it shows, and so does the picture's ``aria-label``.

The markup is one line, drawn by ``web.app.picture`` (Markdown with HTML: ``st.html``'s sanitiser drops SVG), so
every text in it goes through :func:`escaped`. Every colour comes from the caller, in the visual language of :mod:`cchc.look`, and every status colour is also
written in a ``data-colour`` attribute so that the tests can walk the pictures as they walk the figures.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from cchc import look
from cchc.charts.common import INK
from cchc.formatting import format_number, format_percent

QUIET = look.QUIET_TEXT
FONT = "font-family:inherit;font-variant-numeric:tabular-nums"
# A picture's own box: Streamlit pulls the next element up by 1rem under Markdown (where a paragraph's margin
# would be), so the picture keeps that 1rem itself.
FIGURE = f"margin:0 0 1rem;{FONT}"
LONGEST_SHARE = 10          # "100% (166)": web.style has a rule for each length of a share's text up to this
MIN_WRITTEN_SHARE = 9.0      # a part narrower than this (in % of the bar) has its numbers in the legend only


@dataclass(frozen=True)
class Part:
    """One part of a bar of shares: its label (with its status mark when it has one), its colour, its count."""

    label: str
    colour: str
    count: int


# Written as entities: the characters Markdown reads (web.app.picture draws by st.markdown), so that text from the
# data (a unit's name) can never turn into a link or emphasis, whatever a later change to the markup lets through.
MARKDOWN_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "[]()*_`$~\\|"})


def escaped(value: object) -> str:
    """``value`` as text in the markup of a picture: HTML-escaped (attributes too), Markdown's characters as entities."""
    return html.escape(str(value)).translate(MARKDOWN_ENTITIES)


def rgb(colour: str) -> tuple[int, int, int]:
    """"#1B7F3B" → (27, 127, 59)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(colour: str) -> float:
    channels = [c / 255 for c in rgb(colour)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink_on(colour: str) -> str:
    """White text on a dark colour, black on a light one: whichever reads at 4.5:1 or more (WCAG AA).

    The app's hues (cchc.look): white on green, blue and red (5:1), black on amber, grey and purple."""
    light = _luminance(colour)
    return "#FFFFFF" if (1.05 / (light + 0.05)) >= 4.5 else "#000000"


def share_text(count: int, total: int) -> str:
    """"37% (19)": a part's share of its bar, its count beside it."""
    return f"{format_percent(count / total * 100 if total else 0, 0)} ({format_number(count)})"


def _bar(parts: Sequence[Part], height: int, font_size: int) -> str:
    """One bar of 100%, a segment per part with a count (empty parts left out); the share written in the segment
    when it is wide enough, and in its ``title`` always."""
    total = sum(part.count for part in parts)
    segments = []
    for part in parts:
        if not part.count:
            continue
        share = part.count / total * 100
        text = share_text(part.count, total)
        # written when it fits: web.style hides a segment's text when the segment is narrower than it (a phone)
        written = (f'<span class="cchc-share-{min(len(text), LONGEST_SHARE)}">{escaped(text)}</span>'
                   if share >= MIN_WRITTEN_SHARE else "")
        segments.append(
            f'<div class="cchc-segment" data-colour="{part.colour}" title="{escaped(part.label)}: {escaped(text)}" '
            f'style="flex:0 0 {share:.3f}%;background:{part.colour};color:{ink_on(part.colour)};display:flex;'
            f'align-items:center;justify-content:center;overflow:hidden;white-space:nowrap;'
            f'font-weight:600;font-size:{font_size}px">{written}</div>')
    if not segments:
        segments.append('<div style="flex:1;background:#E4E7EB"></div>')
    return (f'<div style="display:flex;height:{height}px;border-radius:4px;overflow:hidden;gap:2px;'
            f'background:#FFFFFF">{"".join(segments)}</div>')


def swatch(colour: str) -> str:
    """A legend's small square in a meaning's colour (``data-colour``: the tests' walk of the visual language)."""
    return (f'<span data-colour="{colour}" style="display:inline-block;width:14px;height:14px;border-radius:3px;'
            f'background:{colour}"></span>')


def key_item(mark: str, text: str) -> str:
    """One entry of a legend: its mark (a swatch, a shape, a line) and its text (escaped here)."""
    return (f'<span style="display:inline-flex;align-items:center;gap:6px;margin-right:18px">{mark}'
            f'{escaped(text)}</span>')


def legend(items: Sequence[str], font_size: int) -> str:
    """Entries of :func:`key_item` in a row that wraps."""
    return (f'<div style="display:flex;flex-wrap:wrap;row-gap:4px;margin-top:8px;color:{INK};'
            f'font-size:{font_size}px">{"".join(items)}</div>')


def _legend(parts: Sequence[Part], font_size: int) -> str:
    """The parts drawn, with their colours, counts and shares of the whole."""
    total = sum(part.count for part in parts)
    return legend([key_item(swatch(part.colour), f"{part.label}: {share_text(part.count, total)}")
                   for part in parts if part.count], font_size)


def share_bar(parts: Sequence[Part], label: str, height: int = 44, font_size: int = 16) -> str:
    """One bar of shares, worst part first as given, with a legend of every part's count and share under it
    (a small part reads there when its segment is too narrow to hold its numbers)."""
    return (f'<figure role="img" aria-label="{escaped(label)}" class="cchc-picture" style="{FIGURE}">'
            f'{_bar(parts, height, font_size)}{_legend(parts, font_size)}</figure>')


def shares(groups: Sequence[str], parts: Sequence[tuple[str, str, Sequence[int]]], title: str,
           font_size: int = 15) -> str:
    """Each group as one bar of 100%, split into ``parts`` (label, colour, count per group): its share and count
    written in each segment, so that a small group reads as well as a large one; the groups' names on the left,
    one legend under them all."""
    rows = []
    for n, group in enumerate(groups):
        drawn = [Part(label, colour, counts[n]) for label, colour, counts in parts]
        total = sum(part.count for part in drawn)
        rows.append(f'<div style="display:contents"><div style="align-self:center;color:{INK};'
                    f'font-size:{font_size}px">{escaped(group)} <span style="color:{QUIET}">'
                    f'({format_number(total)})</span></div>{_bar(drawn, 34, font_size - 1)}</div>')
    key = legend([key_item(swatch(colour), label) for label, colour, counts in parts if any(counts)], font_size)
    return (f'<figure role="img" aria-label="{escaped(title)}" class="cchc-picture" style="{FIGURE}">'
            f'<figcaption style="font-weight:600;font-size:{font_size + 1}px;color:{INK};margin-bottom:8px">'
            f'{escaped(title)}</figcaption>'
            f'<div style="display:grid;grid-template-columns:minmax(7em,max-content) 1fr;gap:6px 12px">'
            f'{"".join(rows)}</div>{key}</figure>')


def trend_line(years: Sequence[int], values: Sequence[float], texts: Sequence[str], colour: str,
               reversed_axis: bool = False, label: str = "") -> str:
    """A small trend line by year, the last point larger; the first and last years under it; each point's
    ``texts`` in its title. ``reversed_axis`` puts smaller numbers on top, for ranks (1 is best)."""
    width, height, pad = 240, 56, 8
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    first, last = min(years), max(years)
    span = (last - first) or 1

    def point(year: int, value: float) -> tuple[float, float]:
        x = pad + (year - first) / span * (width - 2 * pad)
        up = (value - low) / spread
        return round(x, 1), round(pad + (up if reversed_axis else 1 - up) * (height - 2 * pad), 1)

    points = [point(year, value) for year, value in zip(years, values)]
    line = " ".join(f"{x},{y}" for x, y in points)
    marks = "".join(
        f'<circle cx="{x}" cy="{y}" r="{6 if n == len(points) - 1 else 3.5}" fill="{colour}">'
        f'<title>{escaped(text)}</title></circle>'
        for n, ((x, y), text) in enumerate(zip(points, texts)))
    return (f'<figure role="img" aria-label="{escaped(label or "; ".join(texts))}" class="cchc-picture" '
            f'style="{FIGURE}">'
            f'<svg viewBox="0 0 {width} {height}" width="100%" style="display:block;max-height:90px">'
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="3" '
            f'stroke-linejoin="round"/>{marks}</svg>'
            f'<div style="display:flex;justify-content:space-between;font-size:12px;color:{QUIET};'
            f'padding:0 2px">{first}<span>{last}</span></div></figure>')
