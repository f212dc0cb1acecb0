"""Presentation mode (Trình chiếu) for the steering committee's projector: large type, high contrast,
one meeting view per screen, no menus; next and previous by buttons and by the keyboard.

This module writes the HTML, CSS and the small keyboard script; the page draws them.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from cchc import look
from cchc.charts.common import Figure, meeting_chart
from cchc.charts.map import unit_map_picture
from cchc.meeting.agenda import Meeting, View
from cchc.meeting.deck import ROW_FILLS, sample_mark

NEXT, PREVIOUS = "Tiếp ›", "‹ Trước"

# The screen is the viewport, never more: the body (table and chart) takes the height the title, headline and
# buttons leave, and the chart stretches to it. Sizes follow the screen height: at 1920×1080 table text is about
# 24 px and the headline 32 px; on a 1280×720 projector nothing is under 16 px and the headline stays at 24 px.
CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.6vh 1.5rem !important; max-width: 100% !important;
  height: 100vh; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { height: 100%; gap: 0.8vh; }
[data-testid="stLayoutWrapper"]:has(> .st-key-present_body) { flex: 1 1 0; min-height: 0; display: flex;
  flex-direction: column; }
.st-key-present_body, .st-key-present_body [data-testid="stLayoutWrapper"]
  { flex: 1 1 0; min-height: 0; display: flex; flex-direction: column; }
.st-key-present_body [data-testid="stColumn"] { align-self: stretch; display: flex; flex-direction: column; }
.st-key-present_body [data-testid="stHorizontalBlock"], .st-key-present_body [data-testid="stColumn"] > [data-testid="stVerticalBlock"]
  { flex: 1 1 0; min-height: 0; }
.st-key-present_body [data-testid="stColumn"] > [data-testid="stVerticalBlock"] { gap: 0.5vh; }
.st-key-present_body [class*="st-key-present_chart"] { flex: 1 1 0; min-height: 0; }
.cchc-screen { color: #101820; font-size: max(16px, 2.25vh); line-height: 1.25; }
.cchc-screen h1 { font-size: max(30px, 4.2vh); line-height: 1.15; margin: 0; padding: 0; color: #0B3D6B; }
.cchc-headline { font-size: max(24px, 3vh); font-weight: 600; line-height: 1.25; }
.cchc-table { border-collapse: collapse; width: 100%; }
.cchc-table th { text-align: left; background: #0B3D6B; color: #FFFFFF; padding: 0.2em 0.4em; line-height: 1.15; }
.cchc-table td { padding: 0.16em 0.4em; border-bottom: 2px solid #FFFFFF; vertical-align: top; line-height: 1.2; }
.cchc-table.cchc-few { font-size: max(20px, 2.8vh); }
.cchc-chart-title { font-size: max(18px, 2.4vh); font-weight: 600; line-height: 1.2; }
.cchc-foot { display: flex; justify-content: space-between; align-items: center; gap: 1em; font-size: max(16px, 2.2vh);
             color: #33414E; border-bottom: 2px solid #0B3D6B; padding-bottom: 0.15em; }
.cchc-sample { color: #FFFFFF; background: SAMPLE_COLOUR; padding: 0.1em 0.5em; font-weight: 700; }
.cchc-step { font-size: max(16px, 2vh); color: #33414E; line-height: 1.2; }
[data-testid="stBaseButton-primary"] p, [data-testid="stBaseButton-secondary"] p,
[data-testid="stPageLink"] p, [data-testid="stSelectbox"] input { font-size: max(16px, 2.2vh) !important; }
</style>
""".replace("SAMPLE_COLOUR", look.SAMPLE_COLOUR)
FEW = 5                  # rows of a table short enough for larger type
# The share of the width the table takes beside the chart: the map wants room, the targets' table its long names.
COLUMNS = {"map": (1, 2), "targets": (5, 2), "lagging": (3, 2), "indices": (1, 1), "overdue": (1, 1), "reporting": (1, 1)}
# The characters of a category's name on one line of a chart, per share of the screen's width the chart takes.
LABEL_CHARACTERS = 60


def table_html(view: View) -> str:
    """The view's table as HTML: status rows on light red, amber, blue or green, text always dark."""
    if view.table.empty:
        return '<div class="cchc-screen"><p>Không có dòng nào.</p></div>'
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in view.table.columns)
    rows = []
    for n, row in enumerate(view.table.itertuples(index=False)):
        status = view.row_status[n] if n < len(view.row_status) else None
        fill = f' style="background:#{ROW_FILLS[status]}"' if status in ROW_FILLS else ' style="background:#F2F4F7"'
        rows.append(f"<tr{fill}>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>")
    few = " cchc-few" if len(view.table) <= FEW else ""      # a short table has room for larger type
    return (f'<div class="cchc-screen"><table class="cchc-table{few}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def heading_html(view: View) -> str:
    return (f'<div class="cchc-screen"><h1>{html.escape(view.title)}</h1>'
            f'<div class="cchc-headline">{html.escape(view.headline)}</div></div>')


def status_html(meeting: Meeting, number: int) -> str:
    """Every screen says how fresh its numbers are, whether they are sample data, and where we are."""
    mark = sample_mark(meeting)
    sample = f'<span class="cchc-sample">{mark}</span>' if mark else ""
    return (f'<div class="cchc-screen cchc-foot"><span>{html.escape(meeting.subtitle)}</span>{sample}'
            f'<span>{number}/{len(meeting.views)}</span></div>')


def keyboard_script(auto_seconds: int | None) -> str:
    """Arrow keys, Page Up/Down and space turn the screens (a presenter's clicker sends these); with
    ``auto_seconds``, the next screen comes by itself."""
    auto = int(auto_seconds) * 1000 if auto_seconds else 0
    return f"""<script>
(function () {{
  const press = (label) => {{
    const button = Array.from(document.querySelectorAll('button')).find(b => b.innerText.trim() === label);
    if (button && !button.disabled) button.click();
  }};
  if (window.__cchcKeys) document.removeEventListener('keydown', window.__cchcKeys);
  window.__cchcKeys = (event) => {{
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)) return;
    if (['ArrowRight', 'PageDown', ' '].includes(event.key)) {{ event.preventDefault(); press('{NEXT}'); }}
    if (['ArrowLeft', 'PageUp'].includes(event.key)) {{ event.preventDefault(); press('{PREVIOUS}'); }}
  }};
  document.addEventListener('keydown', window.__cchcKeys);
  clearTimeout(window.__cchcTimer);
  if ({auto} > 0) window.__cchcTimer = setTimeout(() => press('{NEXT}'), {auto});
}})();
</script>"""


@dataclass(frozen=True)
class Screen:
    """One screen of the projector, finished: its HTML parts, its chart (None when it has none) with its title
    (HTML, "" when the figure has its own) or a picture in the chart's place (the map, HTML), and the shares of
    the width of the table and the chart."""

    key: str
    status: str
    heading: str
    table: str
    chart: Figure | None
    chart_title: str = ""
    columns: tuple[int, int] = (2, 1)
    picture: str = ""


def screen(meeting: Meeting, number: int) -> Screen:
    """Screen ``number`` (from 1) of the meeting."""
    view = meeting.views[number - 1]
    chart, chart_title, picture = None, "", ""
    columns = COLUMNS.get(view.key, (2, 1))
    if view.chart and view.chart.categories:
        share = columns[1] / sum(columns)
        chart = meeting_chart(view.chart, height=420, font_size=20, label_width=round(LABEL_CHARACTERS * share))
        chart_title = f'<div class="cchc-screen cchc-chart-title">{html.escape(view.chart.title)}</div>'
    table = table_html(view)
    if view.unit_map is not None:       # the map view: the map in the chart's place, its note under the table
        chart, chart_title = None, ""
        picture = unit_map_picture(view.unit_map, height=400, font_size=20)
        if view.unit_map.note:
            table += f'<div class="cchc-screen cchc-step">{html.escape(view.unit_map.note)}</div>'
    return Screen(view.key, status_html(meeting, number), heading_html(view), table, chart, chart_title, columns,
                  picture)
