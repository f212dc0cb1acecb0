"""The map block of the overview and the Units page: a target picker (the targets every commune reports), status
or value, the map of the 69 units for the filter bar's period, the note on values before July 2025, and a click
on a unit handed back to the page, which opens that unit.
"""
from __future__ import annotations

import streamlit as st

from cchc.charts.common import CHART_CONFIG
from cchc.views.unit_map import MODES
from web import cached
from web.app import t
from web.page_filters import Filters


def _clicked(chart_key: str, pending_key: str) -> None:
    """The map's on_select: keep the unit clicked (its code is first in every trace's customdata) for the page.

    A callback, so that a click is handed over once; the chart keeps its selection across later runs."""
    points = st.session_state[chart_key]["selection"]["points"]
    if points:
        point = points[0]
        st.session_state[pending_key] = (point.get("customdata") or [point.get("location")])[0]


def map_block(filters: Filters, key: str) -> str | None:
    """Draw the map block; returns the code of a unit just clicked on the map, else None."""
    targets = cached.commune_targets(filters.plan_year)
    if not targets:
        st.info(t("map.no_targets"))
        return None
    left, right = st.columns([3, 1])
    # "" for a target no longer offered (another plan year's): no option has that label, so Streamlit resets the choice
    target = left.selectbox(t("map.target"), list(targets), format_func=lambda code: targets.get(code, ""),
                            key=f"{key}_target")
    modes = {mode: t(f"map.mode.{mode}") for mode in MODES}
    mode = right.radio(t("map.mode"), MODES, format_func=modes.get, key=f"{key}_mode", horizontal=True)
    unit_map = cached.unit_map(filters.plan_year, filters.period, target)
    if unit_map.note:
        st.info(unit_map.note, icon=":material/call_merge:")
    chart_key, pending_key = f"{key}_chart", f"{key}_clicked"
    st.plotly_chart(cached.unit_map_figure(filters.plan_year, filters.period, target, mode), config=CHART_CONFIG,
                    key=chart_key, on_select=lambda: _clicked(chart_key, pending_key), selection_mode="points")
    st.caption(t("map.click_hint"))
    return st.session_state.pop(pending_key, None)
