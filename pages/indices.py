"""Chỉ số: per national index, the province's score and rank by year next to its target, the national
average and top, the components, and the internal PAR INDEX of departments and districts.
"""
from __future__ import annotations

import streamlit as st

from cchc import look
from cchc.charts.common import CHART_CONFIG
from cchc.page_models.indices import IndexPage
from cchc.views import comparison as comparison_views
from cchc.views import indices as index_views
from web import cached, page_filters, phone
from web.app import draw, excel_button, guarded, metric, open_expander, open_tab, picture, t
from web.memo import table_text

SOURCE_LINK = st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)/?.*")


def headline(page: IndexPage) -> None:
    columns = st.columns(5)
    if not page.headline:
        st.info(t("indices.no_values"))
        return
    for column, item in zip(columns, page.headline):
        metric(item, column)


def notes(page: IndexPage) -> None:
    for note in page.notes:
        st.caption(note)


def trend(page: IndexPage) -> None:
    """Score and rank side by side; with ranks only (DTI), the notes take the place of the score chart."""
    left, right = st.columns(2)
    with right:
        if page.rank_chart is not None:
            picture(page.rank_chart)
    with left:
        if page.score_chart is not None:
            picture(page.score_chart)
        else:
            st.markdown(t("indices.no_scores"))
            notes(page)
    if page.score_chart is not None:
        notes(page)
    box = open_expander(t("indices.table.title"), "indices_years_open")
    if box is not None:
        with box:
            st.dataframe(table_text(page.years), hide_index=True, width="stretch",
                         column_config={column: SOURCE_LINK for column in page.source_columns})
            excel_button(page.years, page.code, f"chi-so-{page.code}", "indices_years_excel")


def components(page: IndexPage) -> None:
    """The components of the chosen index, drawn once their box is opened (a chart and a table under the trend
    would cost every visit of the page; issue 20's browser bench)."""
    if not page.components:
        st.caption(t("indices.components.none"))
        return
    box = open_expander(t("indices.components.title"), "indices_components_open", icon=":material/view_list:")
    if box is None:
        return
    with box:
        _components(page)


def _components(page: IndexPage) -> None:
    year = st.columns([1, 4])[0].selectbox(t("indices.components.year"), list(page.components),
                                           key=f"indices-components-year-{page.code}")
    shown = page.components[year]
    if shown.chart is not None:
        st.plotly_chart(shown.chart, config=CHART_CONFIG, key="indices-components")
    else:
        st.caption(t("indices.components.ranks_only"))
    with phone.desk_only("indices_components"):
        st.dataframe(table_text(shown.table), hide_index=True, width="stretch",
                     column_config={t("indices.components.source_url"): SOURCE_LINK})
    phone.cards(shown.table, "indices_components", title=t("indices.components.name_vi"),
                fields=[t(f"indices.components.{c}") for c in ("score_text", "change_text", "rank_text")])
    excel_button(shown.table, f"Thành phần {year}", f"thanh-phan-{year}", "indices_components_excel")
    for note in shown.notes:
        st.caption(note)


def internal(filters: page_filters.Filters) -> None:
    st.subheader(t("indices.internal.title"))
    years = cached.internal_years()
    if not years:
        st.caption(t("indices.internal.none"))
        return
    year = st.columns([1, 4])[0].selectbox(t("indices.internal.year"), years, key="indices-internal-year",
                                           index=years.index(filters.plan_year) if filters.plan_year in years else 0)
    shown = cached.internal_year(year, filters.level, getattr(filters, "unit_kind", "all"))
    if shown.published is not None:
        st.markdown(shown.published_title)
        with phone.desk_only("indices_published"):
            st.dataframe(table_text(shown.published), hide_index=True, width="stretch",
                         column_config={t("indices.published.source_url"): SOURCE_LINK})
        phone.cards(shown.published, "indices_published", title=t("indices.published.name"),
                    fields=[t(f"indices.published.{c}") for c in ("block", "rank_text", "score_text", "flag")])
        excel_button(shown.published, f"Công bố {year}", f"chi-so-noi-bo-cong-bo-{year}", "indices_published_excel")
        st.caption(t("indices.internal.published_note"))
    if not shown.blocks:
        st.caption(shown.source)
        return
    # Sample results never sit beside published ones unmarked: they come after them, in a box of their own
    # headed by the sample label.
    with st.container(border=shown.is_sample):
        if shown.is_sample:
            st.markdown(f"**:red-background[{look.SAMPLE_DATA_MARK}]** {t('indices.internal.sample_heading', year=year)}")
            st.info(t("sample.notice"), icon="ℹ️")
        columns = st.columns(2)
        for number, block in enumerate(shown.blocks):
            with columns[number % 2]:
                st.plotly_chart(block.chart, config=CHART_CONFIG, key=f"indices-internal-{block.block}")
                st.caption(block.caption)
        st.caption(shown.source)


def render() -> None:
    filters = page_filters.current()
    st.title(t("indices.title"))
    st.caption(t("indices.caption"))
    # the internal ranking (results of the units of the province, sample ones among them) has a tab of its own
    draw = {"national": lambda: national(filters), "internal": lambda: guarded(lambda: internal(filters))}
    name, tab = open_tab({name: t(f"indices.tab.{name}") for name in draw}, key="indices_tab")
    with tab:
        draw[name]()


def national(filters: page_filters.Filters) -> None:
    """The chosen national index: the province's score and rank by year, its components, and where it stands
    among the provinces."""
    code = st.segmented_control(t("indices.pick"), index_views.INDICES, default=index_views.INDICES[0], required=True,
                                format_func=lambda c: t(f"index.{c}"), key="indices-pick") or index_views.INDICES[0]
    page = cached.index_page(code, filters.plan_year)
    st.markdown(page.heading)
    headline(page)
    trend(page)
    guarded(lambda: components(page))
    guarded(lambda: among_provinces(code))


def among_provinces(code: str) -> None:
    """The newest edition of the index with results of several provinces, in a box drawn once opened: Hà Tĩnh's
    ranks and the provinces around it; the whole comparison is a page of its own."""
    editions = [e for e in cached.editions() if e.index_code == code]
    if not editions:
        return
    box = open_expander(t("comparison.title"), "indices_comparison_open", icon=":material/compare_arrows:")
    if box is None:
        return
    with box:
        page = cached.comparison_page(comparison_views.preferred(editions))
        st.markdown(page.heading)
        for column, item in zip(st.columns(len(page.metrics)), page.metrics):
            metric(item, column)
        if page.ranked:
            picture(page.ranked)
        draw(page.strengths)
        st.page_link("pages/comparison.py", label=t("indices.comparison_link"), icon=":material/compare_arrows:")


guarded(render)
