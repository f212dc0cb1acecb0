"""Tổng quan: the five national indices for Hà Tĩnh at a glance, and the plan year in three boxes."""
from __future__ import annotations

import streamlit as st

from cchc.charts.common import CHART_CONFIG
from cchc.deck import build_pptx
from cchc.deck_pdf import build_pdf
from cchc.meeting import meeting as build_meeting
from cchc.views.overview_page import IndexCard
from cchc.web import cached, page_filters
from cchc.web.app import connection, guarded, t

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def index_card(card: IndexCard) -> None:
    with st.container(border=True):
        st.metric(card.label, card.value, delta=card.delta, help=card.help)
        st.markdown(card.rank_line)
        if card.trend is not None:
            st.plotly_chart(card.trend, config=CHART_CONFIG, key=f"trend-{card.code}")
        for note in card.notes:
            st.caption(note)


def plan_summary() -> None:
    """The plan year at a glance: targets by status, overdue tasks, reports not received."""
    filters = page_filters.current()
    summary = cached.plan_summary(filters.plan_year, filters.period, filters.as_of)
    if summary.is_sample:
        st.info(t("sample.notice"), icon="ℹ️")
    left, middle, right = st.columns(3)
    with left, st.container(border=True):
        st.subheader(summary.targets_title)
        for line in summary.status_lines:
            st.markdown(line)
        st.page_link("pages/targets.py", label=t("overview.see_targets"), icon=":material/arrow_forward:")
    with middle, st.container(border=True):
        st.subheader(summary.overdue_title)
        st.metric(t("overview.overdue_count"), summary.overdue_count)
        for line in summary.overdue_lines:
            st.markdown(line)
        st.page_link("pages/tasks.py", label=t("overview.see_tasks"), icon=":material/arrow_forward:")
    with right, st.container(border=True):
        st.subheader(summary.missing_title)
        st.metric(t("overview.missing_count"), summary.missing_count)
        for line in summary.missing_lines:
            st.markdown(line)
        if summary.missing_more:
            st.caption(summary.missing_more)
        st.page_link("pages/units.py", label=t("overview.see_units"), icon=":material/arrow_forward:")


def deck_buttons() -> None:
    """The meeting deck in one click, built only when clicked (on its own thread, from the same views)."""
    filters = page_filters.current()
    conn, period = connection(), filters.period

    def views():
        return build_meeting(conn, filters.plan_year, period, filters.as_of)

    name = f"hop-chi-dao-cchc_{period.code}_{filters.as_of:%Y%m%d}"
    left, middle, _ = st.columns([1, 1, 2])
    left.download_button(t("overview.deck_pptx"), lambda: build_pptx(views()), file_name=name + ".pptx",
                         mime=PPTX_MIME, icon=":material/slideshow:", on_click="ignore", key="deck_pptx",
                         help=t("overview.deck_help"))
    middle.download_button(t("overview.deck_pdf"), lambda: build_pdf(views()), file_name=name + ".pdf",
                           mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
                           key="deck_pdf", help=t("overview.deck_help"))


def render() -> None:
    st.title(t("overview.title"))
    cards = cached.index_cards()
    if not cards:
        st.info(t("app.no_data"))
        return
    st.caption(t("overview.indices_caption"))
    for column, card in zip(st.columns(len(cards)), cards):
        with column:
            index_card(card)
    st.page_link("pages/indices.py", label=t("overview.see_indices"), icon=":material/arrow_forward:")
    plan_summary()
    deck_buttons()


guarded(render)
