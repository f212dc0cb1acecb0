"""One visual language (issue 20): every figure and picture the app and the deck draw shows a status in that
status's colour (cchc.look), never in another's. The walk covers the meeting's charts on the projector and in the
PPTX (series and bars), the map, the tasks timeline, the overview's targets by status, the targets page's bars and
the board's shares of the sample data, for 2024 and for the sample 2026 year seen when its Q3 is not due."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pptx import Presentation

from cchc import look
from cchc.charts.common import meeting_chart
from cchc.charts.map import unit_map_picture
from cchc.charts.targets import targets_chart
from cchc.meeting.agenda import meeting
from cchc.meeting.deck import build_pptx
from cchc.metrics import target_status, task_state
from cchc.page_models.board import board_page
from cchc.page_models.overview import plan_summary
from cchc.page_models.tasks import task_selection
from cchc.periods import Period
from cchc.store import db
from cchc.views import board
from cchc.views.reporting import missing_reports
from cchc.views.target_progress import target_progress
from cchc.views.task_progress import task_progress
from tests.cchc.charts.conftest import coloured, tree

# Every way a status is named on a figure (its label, or its shape and label), and the colour it must have.
COLOURS = {
    **{target_status.LABELS[s]: c for s, c in look.TARGET_COLOURS.items()},
    **{target_status.status_text(s): c for s, c in look.TARGET_COLOURS.items()},
    **{task_state.LABELS[s]: c for s, c in look.TASK_COLOURS.items()},
    **{board.LABELS[s]: c for s, c in look.REPORT_COLOURS.items()},
    **{board.CELLS[s]: c for s, c in look.REPORT_COLOURS.items()},
}


def _named(text: object) -> str | None:
    """The status a trace's name or a category stands for ("● Đạt (12)" on the map's legend is "● Đạt")."""
    name = str(text).split(" (")[0].strip()
    return name if name in COLOURS else None


def plotly_mismatches(figure) -> list[str]:
    """Each trace named by a status drawn in another colour, and each bar of a category named by a status."""
    wrong = []
    for trace in figure.to_dict()["data"]:
        marker = trace.get("marker", {})
        colour = marker.get("color")
        status = _named(trace.get("name", ""))
        if status and isinstance(colour, str) and colour.upper() != COLOURS[status].upper():
            wrong.append(f"{trace.get('name')}: {colour}, not {COLOURS[status]}")
        categories = trace.get("y") if trace.get("orientation") == "h" else trace.get("x")
        if isinstance(colour, list) and categories:
            for category, drawn in zip(categories, colour):
                status = _named(category)
                if status and str(drawn).upper() != COLOURS[status].upper():
                    wrong.append(f"{category}: {drawn}, not {COLOURS[status]}")
    return wrong


def picture_mismatches(markup: str) -> list[str]:
    """The same for a server-drawn picture (cchc.charts.pictures, cchc.charts.map): each element drawn in a
    meaning's colour (``data-colour``) and the status it stands for, named in its own title (a segment, a unit
    on the map: one of its lines) or in the nearest enclosing text (a legend's item)."""
    root = tree(markup)
    parents = {child: parent for parent in root.iter() for child in parent}
    wrong = []
    for element in coloured(root):
        texts = [element.get("title") or "", element.findtext("title") or ""]
        up = element
        while up in parents and not "".join(up.itertext()).strip():
            up = parents[up]
        texts.append("".join(up.itertext()))
        named = [piece for text in texts for line in text.split("\n") for piece in [line.split(":")[0]]
                 if _named(piece)]
        if not named:
            wrong.append(f"{element.get('data-colour')}: no status named beside it")
        elif element.get("data-colour").upper() != COLOURS[_named(named[0])].upper():
            wrong.append(f"{named[0]}: {element.get('data-colour')}, not {COLOURS[_named(named[0])]}")
    return wrong


def pptx_mismatches(deck: bytes) -> list[str]:
    """The same for the native charts of the deck: series fills, and the fills of bars named by status."""
    wrong = []
    for slide in Presentation(io.BytesIO(deck)).slides:
        for shape in slide.shapes:
            if not shape.has_chart:
                continue
            plot = shape.chart.plots[0]
            categories = list(plot.categories)
            for series in plot.series:
                status = _named(series.name)
                if status:
                    drawn = "#" + str(series.format.fill.fore_color.rgb)
                    if drawn.upper() != COLOURS[status].upper():
                        wrong.append(f"{series.name}: {drawn}, not {COLOURS[status]}")
                for category, point in zip(categories, series.points):
                    status = _named(category)
                    if status and point.format.fill.type is not None:
                        drawn = "#" + str(point.format.fill.fore_color.rgb)
                        if drawn.upper() != COLOURS[status].upper():
                            wrong.append(f"{category}: {drawn}, not {COLOURS[status]}")
    return wrong


def test_each_status_has_one_colour_and_each_colour_one_meaning():
    """Within a family of statuses no two share a colour, and the targets' five shapes are all different."""
    for family in (look.TARGET_COLOURS, look.TASK_COLOURS, look.REPORT_COLOURS):
        assert len(set(family.values())) == len(family)
    assert len(set(look.TARGET_MARKS.values())) == 5
    # the same hue means the same thing across families: achieved, on track, warning, behind or refused, nothing
    assert look.TARGET_COLOURS["met"] == look.TASK_COLOURS["done"] == look.REPORT_COLOURS["on_time"]
    assert look.TARGET_COLOURS["behind"] == look.TASK_COLOURS["overdue"] == look.REPORT_COLOURS["rejected"]
    assert look.TARGET_COLOURS["no_data"] == look.TASK_COLOURS["no_report"] == look.REPORT_COLOURS["missing"]


@pytest.mark.parametrize("plan_year, quarter, as_of", [(2024, 4, date(2024, 12, 31)), (2026, 3, date(2026, 6, 30))])
def test_every_meeting_figure_draws_a_status_in_its_colour(demo_db_template, plan_year, quarter, as_of):
    conn = db.connect(demo_db_template, read_only=True)
    try:
        found = meeting(conn, plan_year, Period(plan_year, quarter), as_of)
    finally:
        conn.close()
    wrong, drawn = [], 0
    for view in found.views:
        if view.chart is not None and view.chart.categories:
            wrong += [f"{view.key} · {w}" for w in plotly_mismatches(meeting_chart(view.chart))]
            drawn += 1
        if view.unit_map is not None:
            wrong += [f"{view.key} · {w}" for w in picture_mismatches(unit_map_picture(view.unit_map))]
    assert drawn >= 4 and wrong == []
    assert pptx_mismatches(build_pptx(found)) == []
    # the screens of the issue: the units lagging (red behind, amber at risk) and the reports (refused in red)
    lagging = next(v.chart for v in found.views if v.key == "lagging")
    assert lagging.series_colour(0, target_status.LABELS["behind"]) == look.RED
    reporting = next(v.chart for v in found.views if v.key == "reporting")
    assert reporting.series_colour(2, board.LABELS["rejected"]) == look.RED


@pytest.mark.parametrize("plan_year, quarter, as_of", [(2024, 4, date(2024, 12, 31)), (2026, 3, date(2026, 6, 30))])
def test_the_overview_the_targets_and_the_board_draw_a_status_in_its_colour(demo_db_template, plan_year, quarter, as_of):
    period = Period(plan_year, quarter)
    conn = db.connect(demo_db_template, read_only=True)
    try:
        summary = plan_summary(target_progress(conn, plan_year, quarter), task_progress(conn, plan_year, as_of),
                               missing_reports(conn, period), plan_year, period, as_of, "vi")
        shares = board_page(board.board(conn, plan_year), plan_year, period.code, (), None, None, "vi", as_of).shares
        targets = targets_chart(target_progress(conn, plan_year, quarter))
    finally:
        conn.close()
    assert shares is not None
    for markup in (summary.status_chart, shares, targets):
        assert coloured(tree(markup)) and picture_mismatches(markup) == []
    # the check itself: a status drawn in another's colour is caught
    assert picture_mismatches(summary.status_chart.replace(look.AMBER, look.BLUE))


def test_the_tasks_timeline_draws_each_state_in_its_colour(demo_db_template):
    conn = db.connect(demo_db_template, read_only=True)
    try:
        tasks = task_progress(conn, 2024, date(2024, 12, 31))
    finally:
        conn.close()
    figure = task_selection(tasks, date(2024, 12, 31)).timeline
    assert {t["name"] for t in figure.to_dict()["data"]} & set(task_state.LABELS.values())
    assert plotly_mismatches(figure) == []


def test_the_board_cells_use_the_light_fill_of_their_colour():
    for state, text in board.CELLS.items():
        background, _ = board.COLOURS[state]
        assert board.cell_style(text).startswith(f"background-color: {background}")
        assert background == look.fill(look.REPORT_COLOURS[state])
