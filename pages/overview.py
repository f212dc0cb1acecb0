"""Tổng quan: the five national indices for Hà Tĩnh at a glance, and the plan year in three boxes."""
from __future__ import annotations

import streamlit as st

from cchc.meeting.agenda import meeting as build_meeting
from cchc.meeting.deck import build_pptx
from cchc.meeting.deck_pdf import build_pdf
from cchc.page_models.overview import IndexCard
from web import cached, page_filters
from web.app import guarded, picture, t
from web.database import connection
from web.report import report_button
from web.unit_map import map_block

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def index_card(card: IndexCard) -> None:
    with st.container(border=True):
        st.metric(card.label, card.value, delta=card.delta, help=card.help)
        st.markdown(card.rank_line)
        if card.trend is not None:
            picture(card.trend)
        for note in card.notes:
            st.caption(note)


def box(where, title: str, lines: tuple[str, ...], page: str, link: str, count: tuple[str, int] | None = None,
        more: str | None = None) -> None:
    """One of the plan year's three boxes: a title, a count, lines, and the way to the page with the rest."""
    with where, st.container(border=True):
        st.subheader(title)
        if count:
            st.metric(*count)
        for line in lines:
            st.markdown(line)
        if more:
            st.caption(more)
        st.page_link(page, label=link, icon=":material/arrow_forward:")


def headline() -> None:
    """The plan year in one line and one picture, first on the page."""
    filters = page_filters.current()
    summary = cached.plan_summary(filters.plan_year, filters.period, filters.as_of)
    st.container(key="headline").markdown(summary.headline)        # web/style.py sets its size
    st.markdown(f"**{summary.status_title}**")
    picture(summary.status_chart)
    if summary.is_sample:
        st.info(t("sample.notice"), icon="ℹ️")


def plan_summary() -> None:
    """The plan year's three boxes: targets by status, overdue tasks, reports not received."""
    filters = page_filters.current()
    summary = cached.plan_summary(filters.plan_year, filters.period, filters.as_of)
    left, middle, right = st.columns(3)
    box(left, summary.targets_title, summary.status_lines, "pages/targets.py", t("overview.see_targets"))
    box(middle, summary.overdue_title, summary.overdue_lines, "pages/tasks.py", t("overview.see_tasks"),
        (t("overview.overdue_count"), summary.overdue_count))
    box(right, summary.missing_title, summary.missing_lines, "pages/units.py", t("overview.see_units"),
        (t("overview.missing_count"), summary.missing_count), summary.missing_more)


def unit_map() -> None:
    """The 69 units on a map; a unit clicked opens its page on the Units page, on the same view."""
    st.subheader(t("map.heading"))
    map_block(page_filters.current(), "overview_map")


def deck_buttons() -> None:
    """The meeting deck in one click, built only when clicked (on its own thread, from the same views)."""
    filters = page_filters.current()
    conn, period = connection(), filters.period

    def views():
        return build_meeting(conn, filters.plan_year, period, filters.as_of)

    name = f"hop-chi-dao-cchc_{period.code}_{filters.as_of:%Y%m%d}"
    left, middle, right = st.columns([1, 1, 2])
    left.download_button(t("overview.deck_pptx"), lambda: build_pptx(views()), file_name=name + ".pptx",
                         mime=PPTX_MIME, icon=":material/slideshow:", on_click="ignore", key="deck_pptx",
                         help=t("overview.deck_help"))
    middle.download_button(t("overview.deck_pdf"), lambda: build_pdf(views()), file_name=name + ".pdf",
                           mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
                           key="deck_pdf", help=t("overview.deck_help"))
    with right:
        report_button("overview_report_docx",
                      cached.plan_summary(filters.plan_year, filters.period, filters.as_of).is_sample)


def render() -> None:
    page_filters.page_title(page_filters.current(), t("overview.title"))
    headline()
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
    unit_map()
    deck_buttons()


guarded(render)
