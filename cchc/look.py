"""The visual language of every output: one colour and one shape for each meaning, the same in every chart,
table, map, projector screen, deck and export.

Five hues carry meaning, and each means one thing wherever it is drawn: green is done or achieved, blue is on
track, amber is a warning (at risk, late, not started), red is behind or refused, grey is nothing received
yet. Purple marks the one state between them (a task done, but late), and a pale outline what is not due yet.
The hues are Okabe–Ito's (told apart with the common colour-vision deficiencies), and a shape always goes with
them: ● ◆ ▲ ■ ○ for the targets' statuses, in tables (:func:`cchc.metrics.target_status.status_text`), on the
map and in the deck. Numbers and dates are written by :mod:`cchc.formatting`.

The tables below are keyed by the statuses' codes (their rules are in :mod:`cchc.metrics.target_status`,
:mod:`cchc.metrics.task_state` and :mod:`cchc.views.board`); this module imports nothing of the app, so that every
floor may use it.
"""
from __future__ import annotations

GREEN, BLUE, AMBER, RED, GREY = "#1B7F3B", "#0072B2", "#E69F00", "#C0392B", "#7B8794"
PURPLE, PALE = "#8E6BB0", "#CBD2D9"
# The light background and the dark text of each hue, for table rows and cells: readable on a projector and
# printed in grey.
FILLS = {GREEN: ("#D5EBDC", "#14532D"), BLUE: ("#D6E6F4", "#08406B"), AMBER: ("#FCE8C3", "#5C3B00"),
         RED: ("#F8D7D3", "#7A1F17"), GREY: ("#E4E7EB", "#2B2B2B"), PURPLE: ("#E8E0F0", "#3F2A5C"),
         PALE: ("#FFFFFF", "#52606D")}
# Quiet text (captions, notes, sources): 6:1 on white, 5.5:1 on the light grey panels (WCAG asks 4.5:1).
QUIET_TEXT = "#52606D"

# A target's status (cchc.metrics.target_status): its colour and its shape.
TARGET_COLOURS = {"met": GREEN, "on_track": BLUE, "at_risk": AMBER, "behind": RED, "no_data": GREY}
TARGET_MARKS = {"met": "●", "on_track": "◆", "at_risk": "▲", "behind": "■", "no_data": "○"}
# The same shapes as matplotlib's markers, for the deck (an open circle: filled with nothing); the pictures of
# cchc.charts draw them in SVG.
MATPLOTLIB_MARKERS = {"●": "o", "◆": "D", "▲": "^", "■": "s", "○": "o"}

# Where a task stands (cchc.metrics.task_state).
TASK_COLOURS = {"done": GREEN, "in_progress": BLUE, "not_started": AMBER, "overdue": RED, "no_report": GREY,
                "done_late": PURPLE}

# A unit's report for a period, on the submissions board (cchc.views.board).
REPORT_COLOURS = {"on_time": GREEN, "late": AMBER, "rejected": RED, "missing": GREY, "not_due": PALE}


def fill(colour: str) -> str:
    """The light background of a hue (``FILLS``), for a table row or cell."""
    return FILLS[colour][0]


def cell_css(colour: str) -> str:
    """The CSS of a table cell in a hue: its light background and dark text (for a pandas Styler)."""
    background, ink = FILLS[colour]
    return f"background-color: {background}; color: {ink}"

# Sample data and sample plans. Every output of them says so, in the same words: a title gets the short mark, a
# slide, screen, template or exported sheet the label, a file name the prefix. Sample reports for a real plan
# are "dữ liệu mẫu"; a sample plan year (plans.is_sample) is "kế hoạch mẫu", and its reports are samples too.
SAMPLE_DATA_MARK, SAMPLE_PLAN_MARK = "DỮ LIỆU MẪU", "KẾ HOẠCH MẪU"
SAMPLE_DATA_LABEL = "DỮ LIỆU MẪU – không phải số liệu thật"
SAMPLE_PLAN_LABEL = "KẾ HOẠCH MẪU, DỮ LIỆU MẪU – không phải kế hoạch chính thức, không phải số liệu thật"
SAMPLE_FILE_PREFIX = "MAU_"
SAMPLE_COLOUR = "#A1332B"       # the label's background, white text on it


def sample_label(*, plan: bool, data: bool) -> str | None:
    """The label of a slide, screen, template or exported sheet of sample data or of a sample plan, else None."""
    return SAMPLE_PLAN_LABEL if plan else SAMPLE_DATA_LABEL if data else None


def sample_title(title: str, *, plan: bool, data: bool) -> str:
    """A page or chart title with its sample mark: "… · KẾ HOẠCH MẪU" or "… · DỮ LIỆU MẪU"."""
    mark = SAMPLE_PLAN_MARK if plan else SAMPLE_DATA_MARK if data else None
    return f"{title} · {mark}" if mark else title


def sample_file_name(name: str, *, sample: bool) -> str:
    """A downloaded file's name, which says "MAU_" first when what it holds is a sample."""
    return SAMPLE_FILE_PREFIX + name if sample else name
