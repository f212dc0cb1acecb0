"""Nhiệm vụ: the appendix tasks by area and lead unit, with deadline and state; overdue first."""
from __future__ import annotations

import streamlit as st

from cchc.web import cached, page_filters
from cchc.charts.common import CHART_CONFIG, tasks_timeline
from cchc.formatting import format_date
from cchc.metrics import task_state
from cchc.views.tables import tasks_table
from cchc.web.app import excel_button, guarded, t


def render() -> None:
    filters = page_filters.current()
    st.title(f"Nhiệm vụ trọng tâm năm {filters.plan_year}")
    st.caption(f"Tình trạng theo báo cáo của đơn vị chủ trì, tính đến ngày {format_date(filters.as_of)}.")
    tasks = cached.tasks(filters.plan_year, filters.as_of)
    if tasks["is_sample"].any():
        st.info(t("sample.notice"), icon="ℹ️")
    counts = tasks["state"].value_counts()
    for column, state in zip(st.columns(len(task_state.LABELS)), task_state.LABELS):
        column.metric(task_state.LABELS[state], int(counts.get(state, 0)))
    left, middle, right = st.columns(3)
    areas = left.multiselect("Lĩnh vực", list(dict.fromkeys(tasks["area"])), key="tasks_area", placeholder="Tất cả")
    leads = middle.multiselect("Đơn vị chủ trì", sorted(set(tasks["lead_text"].dropna())), key="tasks_lead",
                               placeholder="Tất cả")
    states = right.multiselect("Tình trạng", list(task_state.LABELS), format_func=task_state.LABELS.get,
                               key="tasks_state", placeholder="Tất cả")
    shown = tasks
    if areas:
        shown = shown[shown["area"].isin(areas)]
    if leads:
        shown = shown[shown["lead_text"].isin(leads)]
    if states:
        shown = shown[shown["state"].isin(states)]
    table_tab, timeline_tab = st.tabs(["Danh sách", "Theo thời hạn"])
    with table_tab:
        table = tasks_table(shown)
        st.dataframe(table, hide_index=True, width="stretch", height=min(38 * (len(table) + 1), 700))
        excel_button(table, "Nhiệm vụ", f"nhiem-vu-{filters.as_of:%Y%m%d}", "tasks_download")
    with timeline_tab:
        st.plotly_chart(tasks_timeline(shown, task_state.COLOURS, task_state.LABELS, filters.as_of),
                        config=CHART_CONFIG, key="tasks_timeline")
        st.caption("Nhiệm vụ thường xuyên hoặc chưa có thời hạn cố định không hiện trên trục thời gian. "
                   "Đường chấm: ngày tính số liệu.")


guarded(render)
