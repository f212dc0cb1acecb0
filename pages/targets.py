"""Chỉ tiêu 2024: every target with its level, latest value, gap, status, quarters and projection."""
from __future__ import annotations

import streamlit as st

from cchc.formatting import format_period
from cchc.metrics import target_status
from cchc.metrics.target_status import status_text
from cchc.page_models.targets import AreaTargets
from cchc.text import plain_markdown
from web import cached, page_filters, phone
from web.app import draw, excel_button, guarded, picture, t


def legend() -> None:
    with st.expander(t("targets.rules")):
        for status in target_status.STATUSES:
            st.markdown(f"**{status_text(status)}** — {target_status.RULES[status]}")
        st.markdown(t("targets.rules_combined"))


def detail(shown: AreaTargets) -> None:
    st.subheader(t("targets.detail"))
    details = shown.details
    chosen = st.selectbox(t("targets.pick"), list(range(len(details))), format_func=lambda i: details[i].label,
                          key="target_detail")
    left, right = st.columns([3, 2])
    picture(details[chosen].chart, left)
    draw(details[chosen].lines, right)


def render() -> None:
    filters = page_filters.current()
    page_filters.page_title(filters, t("targets.title", year=filters.plan_year))
    st.caption(t("targets.caption", period=format_period(filters.period.code)))
    page = cached.targets(filters.plan_year, filters.period.quarter, filters.level)
    if page.is_sample:
        st.info(t("sample.notice"), icon="ℹ️")
    for column, (label, count) in zip(st.columns(len(page.counts)), page.counts):
        column.metric(label, count)
    area = st.selectbox(t("targets.area"), page.areas, key="targets_area")
    shown = page.by_area[area]
    st.markdown(f"**{plain_markdown(shown.title)}**")
    picture(shown.chart)
    legend()
    with phone.desk_only("targets"):
        st.dataframe(shown.shown, hide_index=True, width="stretch", height=min(38 * (len(shown.table) + 1), 640),
                     key="targets_table")
    phone.cards(shown.table, "targets", status="Trạng thái", title="Chỉ tiêu",
                fields=("Mới nhất", "Kế hoạch", "Dự báo cuối năm"))
    excel_button(shown.table, "Chỉ tiêu", f"chi-tieu-{filters.period.code}", "targets_download", page.sample_label)
    if shown.details:
        detail(shown)


guarded(render)
