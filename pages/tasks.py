"""Nhiệm vụ: the appendix tasks by area and lead unit, with deadline and state; overdue first."""
from __future__ import annotations

import streamlit as st

from cchc.charts.common import CHART_CONFIG
from cchc.formatting import format_date
from cchc.metrics import task_state
from web import cached, page_filters, phone
from web.app import excel_button, guarded, open_tab, t
from web.memo import table_text


def render() -> None:
    filters = page_filters.current()
    page_filters.page_title(filters, t("tasks.title", year=filters.plan_year))
    st.caption(t("tasks.caption", date=format_date(filters.as_of)))
    page = cached.tasks(filters.plan_year, filters.as_of)
    if page.is_sample:
        st.info(t("sample.notice"), icon="ℹ️")
    for column, (label, count) in zip(st.columns(len(page.counts)), page.counts):
        column.metric(label, count)
    left, middle, right = st.columns(3)
    areas = left.multiselect(t("tasks.area"), page.areas, key="tasks_area", placeholder=t("tasks.all"))
    leads = middle.multiselect(t("tasks.lead"), page.leads, key="tasks_lead", placeholder=t("tasks.all"))
    states = right.multiselect(t("tasks.state"), list(task_state.LABELS), format_func=task_state.LABELS.get,
                               key="tasks_state", placeholder=t("tasks.all"))
    shown = cached.task_selection(filters.plan_year, filters.as_of, areas, leads, states)
    draw = {"list": lambda: list_tab(shown, filters, page.is_sample), "timeline": lambda: timeline_tab(shown)}
    name, tab = open_tab({"list": t("tasks.tab_list"), "timeline": t("tasks.tab_timeline")}, key="tasks_tab")
    with tab:
        draw[name]()


def list_tab(shown, filters, is_sample: bool) -> None:
    with phone.desk_only("tasks"):
        st.dataframe(table_text(shown.table), hide_index=True, width="stretch",
                     height=min(38 * (len(shown.table) + 1), 700))
    phone.cards(shown.table, "tasks", status="Tình trạng", title="Hoạt động", fields=("Chủ trì", "Thời hạn"))
    excel_button(shown.table, "Nhiệm vụ", f"nhiem-vu-{filters.as_of:%Y%m%d}", "tasks_download",
                 page_filters.sample_label(filters, is_sample))


def timeline_tab(shown) -> None:
    st.plotly_chart(shown.timeline, config=CHART_CONFIG, key="tasks_timeline")
    st.caption(t("tasks.timeline_note"))


guarded(render)
