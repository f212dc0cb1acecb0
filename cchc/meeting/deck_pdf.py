"""The meeting deck as a PDF for paper: the same pages as the PowerPoint deck (title, then one page per
view with its headline, table and chart), drawn with matplotlib.

The text is set in DejaVu Sans, which has every Vietnamese glyph and ships with matplotlib (nothing to
install or download), and the font is embedded as TrueType so the PDF prints and copies as text anywhere.
Every text is drawn as it is written: matplotlib's math mode, which would read "$…$" in a name as a
formula (or fail on it), is off. A text longer than a page can hold is cut with "…".
"""
from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")   # no display on a server

import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from cchc.charts.common import Chart  # noqa: E402
from cchc.meeting.agenda import Meeting, View  # noqa: E402
from cchc.meeting.deck import ROW_FILLS, sample_mark  # noqa: E402
from cchc.meeting.map_picture import draw_map  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

Box = tuple[float, float, float, float]     # left, bottom, width, height as fractions of the page

PAGE = (13.333, 7.5)            # inches, 16:9 like the slides
FONT = "DejaVu Sans"
INK, MUTED, ACCENT, WARN = "#1F2933", "#52606D", "#0B4F8A", "#A1332B"
LONGEST = 400                   # characters of one text (a name, a cell) on paper
STYLE: dict[RcKeyType, Any] = {"font.family": FONT, "pdf.fonttype": 42, "axes.edgecolor": MUTED, "axes.labelcolor": INK,
         "xtick.color": INK, "ytick.color": INK, "text.parse_math": False}


def _footer(figure, meeting: Meeting) -> None:
    figure.text(0.04, 0.03, meeting.subtitle, fontsize=12, color=MUTED)
    mark = sample_mark(meeting)
    if mark:
        figure.text(0.96, 0.03, mark, fontsize=12, color=WARN, weight="bold", ha="right")


def _wrap(value: object, width: int) -> str:
    text = str(value)
    if len(text) > LONGEST:
        text = text[:LONGEST - 1] + "…"
    return "\n".join(textwrap.wrap(text, width)) or ""


def _table(figure, view: View, box: Box, size: float = 12.0) -> None:
    """Draw the table as text in ruled rows (matplotlib's own tables cannot wrap long Vietnamese text)."""
    left, bottom, width, height = box
    frame = view.table
    if frame.empty:
        figure.text(left, bottom + height, "Không có dòng nào.", fontsize=size, color=MUTED, va="top")
        return
    header = [str(c) for c in frame.columns]
    body = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    wanted = [min(40, max(8, *(len(w) for w in h.split()), *(len(r[c]) for r in body))) for c, h in enumerate(header)]
    shares = [w / sum(wanted) for w in wanted]
    inches_per_char = size * 0.62 / 72                    # DejaVu Sans is wide; bold headers wider still
    chars = [max(4, int(share * width * PAGE[0] / inches_per_char) - 1) for share in shares]
    rows = [[_wrap(cell, chars[c]) for c, cell in enumerate(row)] for row in [header, *body]]
    line = size * 1.35 / 72 / PAGE[1]                       # one text line as a fraction of the page height
    heights = [line * (max(cell.count("\n") + 1 for cell in row) + 0.5) for row in rows]
    if sum(heights) > height and size > 8:
        _table(figure, view, box, size - 1)                 # shrink the type until the table fits
        return
    top = bottom + height
    for r, (row, row_height) in enumerate(zip(rows, heights)):
        fill = "#E8EEF5" if r == 0 else ("#" + ROW_FILLS[view.row_status[r - 1]]
                                         if r - 1 < len(view.row_status) and view.row_status[r - 1] in ROW_FILLS
                                         else "white")
        figure.patches.append(plt.Rectangle((left, top - row_height), width, row_height, transform=figure.transFigure,
                                            facecolor=fill, edgecolor="#C9CED4", linewidth=0.6))
        x = left
        for cell, share in zip(row, shares):
            figure.text(x + 0.004, top - line * 0.25, cell, fontsize=size, va="top", color=INK,
                        weight="bold" if r == 0 else "normal", linespacing=1.2)
            x += share * width
        top -= row_height


def _chart(figure, chart: Chart, box: Box) -> None:
    axes = figure.add_axes(box)
    axes.spines[["top", "right"]].set_visible(False)
    note = chart.axis_note()
    axes.set_title(_wrap(chart.title, 30) + (f"\n{note}" if note else ""), fontsize=13, color=INK, loc="left")
    if chart.trend:                  # a line on the values' axis, as on the projector
        for name in chart.series:
            axes.plot(chart.categories, chart.series[name], marker="o", linewidth=2.5, color=chart.series_colour(0, name))
            for x, (value, label) in enumerate(zip(chart.series[name], chart.labels(name))):
                axes.annotate(label, (x, value), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=10)
        axes.set_ylim(*chart.value_range())
        axes.tick_params(labelsize=10)
        return
    names = [_wrap(c, 24) for c in chart.categories]
    count = len(chart.series)
    height = 0.7 if chart.stacked else 0.8 / count
    starts = [0.0] * len(chart.categories)
    whole = 100 if chart.totals is not None else max((sum(v) for v in zip(*chart.series.values())), default=0)
    for n, series in enumerate(chart.series):
        values = chart.drawn(series)
        positions = list(range(len(values))) if chart.stacked else \
            [i + (n - (count - 1) / 2) * height for i in range(len(values))]
        colours = chart.series_colour(n, series)
        bars = axes.barh(positions, values, height=height, left=starts if chart.stacked else None, color=colours,
                         label=series)
        # a stacked segment too small to hold its number goes without (the table beside it has them all)
        room = 0.08 * whole if chart.stacked else 0
        labels = [label if v and v >= room else "" for v, label in zip(values, chart.labels(series))]
        axes.bar_label(bars, labels=labels, padding=3, fontsize=10, color="white" if chart.stacked else INK,
                       label_type="center" if chart.stacked else "edge")
        if chart.stacked:
            starts = [a + b for a, b in zip(starts, values)]
    axes.set_yticks(range(len(names)), names, fontsize=10)
    axes.invert_yaxis()
    if chart.totals is not None:
        axes.set_xlim(0, 100)
    if chart.decimals == 0:
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=9)
    if count > 1:
        axes.legend(fontsize=9, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2)


def _view_page(pdf: PdfPages, meeting: Meeting, view: View) -> None:
    figure = plt.figure(figsize=PAGE)
    figure.text(0.04, 0.92, view.title, fontsize=26, weight="bold", color=ACCENT)
    figure.text(0.04, 0.86, _wrap(view.headline, 130), fontsize=14, color=INK, va="top")
    table_width = 0.56 if view.chart and view.chart.categories else 0.3 if view.unit_map else 0.92
    _table(figure, view, (0.04, 0.1 if view.unit_map is None else 0.45, table_width, 0.68 if view.unit_map is None
                          else 0.33))
    if view.unit_map is not None:       # the map drawn on the page, its note beside it and its credit under it
        draw_map(figure.add_axes((0.37, 0.12, 0.6, 0.68)), view.unit_map, font_size=9)
        if view.unit_map.note:
            figure.text(0.04, 0.4, _wrap(view.unit_map.note, 50), fontsize=11, color=MUTED, va="top")
        figure.text(0.04, 0.085, view.unit_map.credit, fontsize=8, color=MUTED)
    if view.chart and view.chart.categories:
        _chart(figure, view.chart, (0.04 + table_width + 0.14, 0.2, 0.92 - table_width - 0.14, 0.54))
    _footer(figure, meeting)
    pdf.savefig(figure)
    plt.close(figure)


def build_pdf(meeting: Meeting) -> bytes:
    """The deck as PDF bytes."""
    buffer = io.BytesIO()
    with plt.rc_context(STYLE), PdfPages(buffer, metadata={"Title": meeting.title,
                                                           "Author": "Sở Nội vụ tỉnh Hà Tĩnh"}) as pdf:
        figure = plt.figure(figsize=PAGE)
        figure.text(0.06, 0.62, _wrap(meeting.title, 40), fontsize=34, weight="bold", color=ACCENT, va="top")
        figure.text(0.06, 0.40, f"Kế hoạch năm {meeting.plan_year} · {meeting.subtitle}", fontsize=20, color=INK)
        figure.text(0.06, 0.33, "Sở Nội vụ tỉnh Hà Tĩnh", fontsize=16, color=MUTED)
        mark = sample_mark(meeting)
        if mark:
            figure.text(0.06, 0.24, mark, fontsize=16, color=WARN, weight="bold")
        pdf.savefig(figure)
        plt.close(figure)
        for view in meeting.views:
            _view_page(pdf, meeting, view)
    return buffer.getvalue()
