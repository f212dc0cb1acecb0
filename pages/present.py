"""Trình chiếu: the meeting views one per screen for the projector, with no menus, in large type;
next and previous by the buttons or the keyboard (a presenter's clicker), optional auto-advance.
The period, as-of date and screen are in the URL (?period=2024-Q4&asof=2024-12-31&screen=2).
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from cchc.charts.common import CHART_CONFIG
from cchc.meeting import presentation
from cchc.periods import Period, parse_period
from web import cached, page_filters
from web.app import guarded, picture, t

AUTO_CHOICES = (0, 10, 20, 30, 60)


def chosen_period() -> tuple[Period, date]:
    """The period and as-of date from the URL, else those of the filter bar the user came from, else the
    latest quarter with reports at its end."""
    shown = st.session_state.get("filters")
    period = parse_period(st.query_params.get("period"))
    if (period is None or period.quarter is None) and shown is not None:
        period = shown.period
        st.query_params["asof"] = shown.as_of.isoformat()
    if period is None or period.quarter is None:
        period = page_filters.latest_period()
    try:
        as_of = date.fromisoformat(st.query_params.get("asof", ""))
    except ValueError:
        as_of = period.end
    return period, as_of


def go_to(number: int, total: int) -> None:
    st.query_params["screen"] = str((number - 1) % total + 1)    # after the last screen comes the first


def render() -> None:
    st.html(presentation.CSS)
    period, as_of = chosen_period()
    meeting = cached.meeting(period.year, period.code, as_of)
    total = len(meeting.views)
    try:
        number = min(max(int(st.query_params.get("screen", "1")), 1), total)
    except ValueError:
        number = 1
    st.query_params.update({"period": period.code, "asof": as_of.isoformat(), "screen": str(number)})
    shown = cached.screen(period.year, period.code, as_of, number)
    st.html(shown.status)      # on top: seen even on a 1280×720 projector
    st.html(shown.heading)
    with st.container(key="present_body"):       # the height left between the headline and the buttons
        if shown.chart is not None or shown.picture:
            left, right = st.columns(shown.columns, gap="medium")
            left.html(shown.table)
            if shown.chart_title:
                right.html(shown.chart_title)
            if shown.picture:
                picture(shown.picture, right)
            else:
                right.plotly_chart(shown.chart, config=CHART_CONFIG, key=f"present_chart_{shown.key}",
                                   height="stretch")
        else:
            st.html(shown.table)
    back, forward, auto, leave, keys = st.columns([1, 1, 1.6, 1.6, 3], vertical_alignment="center")
    back.button(presentation.PREVIOUS, on_click=go_to, args=(number - 1, total), key="present_previous",
                width="stretch")
    forward.button(presentation.NEXT, on_click=go_to, args=(number + 1, total), key="present_next", type="primary",
                   width="stretch")
    seconds = auto.selectbox(t("present.auto"), AUTO_CHOICES, key="present_auto", label_visibility="collapsed",
                             format_func=lambda s: t("present.auto_off") if s == 0 else t("present.auto_every", s=s))
    leave.page_link("pages/overview.py", label=t("present.leave"), icon=":material/close_fullscreen:")
    keys.html(f'<div class="cchc-step">{t("present.keys")}</div>')
    st.html(presentation.keyboard_script(seconds), unsafe_allow_javascript=True)


guarded(render)
