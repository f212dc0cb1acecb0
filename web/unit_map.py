"""The map block of the overview and the Units page: a target picker (the targets every commune reports), status
or value, the map of the 69 units for the filter bar's period, and the note on values before July 2025. Each
unit on the map is a link to its page on the Units page, with the view shown (plan year, period, as-of date,
filters), so that it opens on the same numbers.
"""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from cchc.views.unit_map import MODES
from web import cached
from web.app import picture, t
from web.page_filters import Filters, view_params

UNITS_ADDRESS = "don-vi"     # the Units page's address (dashboard.py), relative to the app's root


def map_block(filters: Filters, key: str) -> None:
    """Draw the map block."""
    targets = cached.commune_targets(filters.plan_year)
    if not targets:
        st.info(t("map.no_targets"))
        return
    left, right = st.columns([3, 1])
    # "" for a target no longer offered (another plan year's): no option has that label, so Streamlit resets the choice
    target = left.selectbox(t("map.target"), list(targets), format_func=lambda code: targets.get(code, ""),
                            key=f"{key}_target")
    modes = {mode: t(f"map.mode.{mode}") for mode in MODES}
    mode = right.radio(t("map.mode"), MODES, format_func=modes.get, key=f"{key}_mode", horizontal=True)
    unit_map = cached.unit_map(filters.plan_year, filters.period, target)
    if unit_map.note:
        st.info(unit_map.note, icon=":material/call_merge:")
    address = f"{UNITS_ADDRESS}?{urlencode(view_params(filters))}&unit="
    with st.container(key=f"{key}_picture"):
        picture(cached.unit_map_picture(filters.plan_year, filters.period, target, mode, address))
    st.caption(t("map.click_hint"))
