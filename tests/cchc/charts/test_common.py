"""The shared look and the small charts: valid Plotly dicts that Streamlit takes as they are."""
from datetime import date

import plotly.io as pio
import plotly.tools
import streamlit  # noqa: F401 - registers Streamlit's Plotly template, as in the app

from cchc.charts.common import (
    PALETTE,
    Figure,
    figure,
    meeting_chart,
    merged,
    tasks_timeline,
    values,
)
from cchc.metrics import task_state
from cchc.store.queries import headline_scores
from cchc.views.index_summary import summarise
from cchc.views.task_progress import task_progress
from tests.cchc.charts.conftest import valid


def test_streamlit_takes_the_dict_as_it_is():
    spec = figure([{"type": "bar", "x": ["a"], "y": [1]}], {"height": 200})
    taken = plotly.tools.return_figure_from_figure_or_data(spec, validate_figure=True)
    assert taken is spec.to_dict()      # neither copied nor validated again on a page run


def test_the_theme_and_streamlits_template():
    spec = figure([], {"height": 200, "font": {"size": 20}})
    layout = spec.to_dict()["layout"]
    assert layout["separators"] == ",." and layout["colorway"] == PALETTE
    assert layout["font"] == {"family": "Source Sans Pro, sans-serif", "color": "#1F2933", "size": 20}
    assert layout["template"] == pio.templates["streamlit"].to_plotly_json()   # the browser styles by it


def test_merged_updates_nested_parts_like_update_layout():
    assert merged({"a": {"b": 1, "c": 2}, "d": 1}, {"a": {"c": 3}}, {"d": 4}) == {"a": {"b": 1, "c": 3}, "d": 4}


def test_values_are_plain_json():
    import numpy as np
    import pandas as pd

    assert values([np.int64(3), np.float64(1.5), float("nan"), None, pd.NaT, date(2024, 3, 31)]) == \
        [3, 1.5, None, None, None, "2024-03-31"]


def test_tasks_timeline_and_the_as_of_line(sample):
    as_of = date(2024, 9, 30)
    spec = valid(tasks_timeline(task_progress(sample, 2024, as_of), task_state.COLOURS, task_state.LABELS, as_of))
    assert {t["name"] for t in spec["data"]} <= set(task_state.LABELS.values())
    assert spec["layout"]["shapes"][0]["x0"] == 1727654400000.0          # 30/09/2024 on the time axis
    assert all(isinstance(x, str) for t in spec["data"] for x in t["x"])


def test_meeting_chart(views):
    found, _ = views
    charts = [v.chart for v in found.views if v.chart and v.chart.categories]
    for chart in charts:
        spec = valid(meeting_chart(chart, height=520, font_size=20))
        assert spec["layout"]["font"]["size"] == 20 and spec["layout"]["height"] == 520
    assert isinstance(meeting_chart(charts[0]), Figure)


