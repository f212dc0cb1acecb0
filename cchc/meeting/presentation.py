"""Presentation mode (Trình chiếu) for the steering committee's projector: large type, high contrast,
one meeting view per screen, no menus; next and previous by buttons and by the keyboard.

This module writes the HTML, CSS and the small keyboard script; the page draws them.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from cchc import look
from cchc.charts.common import Figure, meeting_chart
from cchc.charts.map import unit_map_figure
from cchc.meeting.agenda import Meeting, View
from cchc.meeting.deck import ROW_FILLS, sample_mark

NEXT, PREVIOUS = "Tiếp ›", "‹ Trước"

# Sizes follow the screen height: at 1920×1080 text is about 25 px and headlines about 50 px; on a
# 1280×720 projector they shrink to 18 and 33 px so a ten-row table still fits beside its chart.
CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1.2rem !important; max-width: 100% !important; }
.cchc-screen { color: #101820; font-size: max(18px, 2.3vh); line-height: 1.3; }
.cchc-screen h1 { font-size: max(32px, 4.6vh); line-height: 1.15; margin: 0 0 0.3em 0; color: #0B3D6B; }
.cchc-headline { font-size: max(22px, 2.9vh); font-weight: 600; margin-bottom: 0.6em; }
.cchc-table { border-collapse: collapse; width: 100%; }
.cchc-table th { text-align: left; background: #0B3D6B; color: #FFFFFF; padding: 0.3em 0.5em; }
.cchc-table td { padding: 0.28em 0.5em; border-bottom: 2px solid #FFFFFF; vertical-align: top; }
.cchc-foot { display: flex; justify-content: space-between; font-size: max(18px, 2.2vh); color: #33414E;
             border-bottom: 2px solid #0B3D6B; padding-bottom: 0.2em; margin-bottom: 0.4em; }
.cchc-sample { color: #FFFFFF; background: SAMPLE_COLOUR; padding: 0.1em 0.5em; font-weight: 700; }
.cchc-step { font-size: max(18px, 2.2vh); color: #33414E; }
[data-testid="stBaseButton-primary"] p, [data-testid="stBaseButton-secondary"] p,
[data-testid="stPageLink"] p { font-size: max(18px, 2.3vh) !important; }
</style>
""".replace("SAMPLE_COLOUR", look.SAMPLE_COLOUR)


def table_html(view: View) -> str:
    """The view's table as HTML: status rows on light red, amber, blue or green, text always dark."""
    if view.table.empty:
        return "<p>Không có dòng nào.</p>"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in view.table.columns)
    rows = []
    for n, row in enumerate(view.table.itertuples(index=False)):
        status = view.row_status[n] if n < len(view.row_status) else None
        fill = f' style="background:#{ROW_FILLS[status]}"' if status in ROW_FILLS else ' style="background:#F2F4F7"'
        rows.append(f"<tr{fill}>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>")
    return (f'<div class="cchc-screen"><table class="cchc-table"><thead><tr>{head}</tr></thead>'
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
    """One screen of the projector, finished: its HTML parts and its chart (None when it has none)."""

    key: str
    status: str
    heading: str
    table: str
    chart: Figure | None


def screen(meeting: Meeting, number: int) -> Screen:
    """Screen ``number`` (from 1) of the meeting."""
    view = meeting.views[number - 1]
    chart = meeting_chart(view.chart, height=520, font_size=20) if view.chart and view.chart.categories else None
    table = table_html(view)
    if view.unit_map is not None:       # the map view: the map in the chart's place, its note under the table
        chart = unit_map_figure(view.unit_map, height=520, font_size=20)
        if view.unit_map.note:
            table += f'<div class="cchc-screen cchc-step">{html.escape(view.unit_map.note)}</div>'
    return Screen(view.key, status_html(meeting, number), heading_html(view), table, chart)
