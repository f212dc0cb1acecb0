"""Đơn vị: one department, district or commune — its targets, tasks, index scores and submissions;
all units of a kind compared on one target or index; from a district, its communes.

The chosen unit is kept in the URL (?unit=H436) so a view can be bookmarked and sent. Names and the code
from the URL are shown as typed (:func:`cchc.text.plain_markdown`). The list holds the units that exist on the
period's last day; a unit that ended (or is formed later) stays reachable by its link, and says what it became.
Opened for a period when it did not exist, it says so, with its history and links to the periods it existed in,
instead of its figures.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from cchc import look
from cchc.charts.common import CHART_CONFIG
from cchc.documents.scorecard import card_file_name
from cchc.formatting import format_number, format_period
from cchc.page_models.units import UnitOptions, UnitPage
from cchc.text import plain_markdown
from cchc.vocabulary import UNIT_KIND_NAMES, UNIT_KINDS
from web import cached, page_filters, phone
from web.app import excel_button, guarded, metric, open_expander, open_tab, t
from web.memo import table_text
from web.unit_map import map_block

CHOSEN = "units_unit"   # the chosen unit's code; the widgets below follow it
NARROW = {name: st.column_config.TextColumn(width="small") for name in ("Vai trò", "Kế hoạch")}


def select(code: str) -> None:
    """Choose a unit (button callbacks): the search is cleared so the picker can show it."""
    st.session_state[CHOSEN] = code
    st.session_state["units_search"] = ""


def picker(options: UnitOptions, day: date) -> str:
    """Search box and unit list; returns the chosen code and writes it to the URL."""
    codes = options.codes
    if st.session_state.get(CHOSEN) not in options.labels:
        wanted = st.query_params.get("unit")
        if wanted and wanted not in options.labels:
            st.warning(t("units.unknown", code=plain_markdown(wanted)))
        st.session_state[CHOSEN] = wanted if wanted in options.labels else codes[0]
    left, right = st.columns([1, 2])
    text = left.text_input(t("units.search"), key="units_search", placeholder=t("units.search_hint"))
    # A unit reached by its link that does not exist in this period is shown first, above the period's units.
    shown = codes if st.session_state[CHOSEN] in codes else (st.session_state[CHOSEN], *codes)
    if text:
        found = cached.unit_search(day, text)
        if found:
            shown = found
        else:
            left.caption(t("units.no_match"))
    if st.session_state[CHOSEN] not in shown:   # typing a name picks its first match
        st.session_state[CHOSEN] = shown[0]
    st.session_state["units_pick"] = st.session_state[CHOSEN]
    right.selectbox(t("units.pick", n=format_number(len(shown))), shown, format_func=options.labels.get,
                    key="units_pick", on_change=lambda: st.session_state.update({CHOSEN: st.session_state["units_pick"]}))
    st.query_params["unit"] = st.session_state[CHOSEN]
    return st.session_state[CHOSEN]


def headline(page: UnitPage) -> None:
    st.subheader(plain_markdown(page.name), divider="gray")
    st.caption(page.facts)
    if page.absent:     # not a unit of this period: why, then its history, in place of its figures
        st.info(page.absent, icon=":material/history:")
        st.markdown(f"**{t('units.history')}**")
        st.markdown("\n".join(f"- {line}" for line in (*page.became, *page.formed_from, *page.history)))
    else:
        for column, item in zip(st.columns(4), page.metrics):     # the numbers first (on a phone's first screen)
            metric(item, column)
        for line in page.became:
            st.info(line, icon=":material/call_merge:")
        for line in page.formed_from:
            st.caption(line)
    if page.is_sample:
        st.info(t("sample.notice"), icon="ℹ️")


def card_buttons(page: UnitPage, filters, options: UnitOptions) -> None:
    """The unit's score card, and every unit's of the period in one zip: one A4 page of PDF each, made only when
    clicked (from the same views as this page)."""
    sample = page_filters.sample_label(filters, page.is_sample) is not None
    period, as_of = filters.period, filters.as_of
    left, right, _ = st.columns([1, 1, 1])
    with left:
        st.download_button(t("units.card_pdf"), cached.score_card(page.code, period, as_of),
                           file_name=card_file_name(page.code, period, sample), mime="application/pdf",
                           icon=":material/picture_as_pdf:", on_click="ignore", key="units_card_pdf",
                           help=t("units.card_help"))
    with right:
        st.download_button(t("units.cards_zip"), cached.score_cards_zip(period, as_of),
                           file_name=look.sample_file_name(f"phieu-cchc-{period.code}.zip", sample=sample),
                           mime="application/zip", icon=":material/folder_zip:", on_click="ignore",
                           key="units_cards_zip", help=t("units.cards_zip_help", n=format_number(len(options.codes))))


def show_table(table, name: str, file_stem: str, sample: str | None, card: dict, rows: int = 640) -> None:
    """A table (as cards on a phone: ``card`` is what :func:`web.phone.cards` shows of a row) and its download."""
    with phone.desk_only(file_stem):
        st.dataframe(table_text(table), hide_index=True, width="stretch", height=min(36 * (len(table) + 1) + 3, rows),
                     column_config={k: v for k, v in NARROW.items() if k in table.columns})
    phone.cards(table, file_stem, **card)
    excel_button(table, name, file_stem, f"units_excel_{file_stem}", sample)


def targets_tab(page: UnitPage, filters) -> None:
    st.caption(page.targets_caption)
    if page.combined:
        st.info("\n\n".join(page.combined), icon=":material/functions:")
    if page.targets is None:
        st.info(t("units.no_targets"))
        return
    show_table(page.targets, "Chỉ tiêu", f"chi-tieu-{page.code}-{filters.period.code}",
               page_filters.sample_label(filters, page.is_sample),
               {"status": "Trạng thái", "title": "Chỉ tiêu", "fields": ("Mới nhất", "Kế hoạch")})


def tasks_tab(page: UnitPage, filters) -> None:
    st.caption(page.tasks_caption)
    if page.tasks is not None:
        show_table(page.tasks, "Nhiệm vụ", f"nhiem-vu-{page.code}", page_filters.sample_label(filters, page.is_sample),
                   {"status": "Tình trạng", "title": "Hoạt động", "fields": ("Vai trò", "Hạn chót", "% hoàn thành")})


def indices_tab(page: UnitPage, filters) -> None:
    if page.indices is None:
        st.info(t("units.no_indices"))
        return
    if page.index_trend is not None:
        st.plotly_chart(page.index_trend, config=CHART_CONFIG, key="units_index_trend")
    show_table(page.indices, "Chỉ số", f"chi-so-{page.code}", page_filters.sample_label(filters, page.is_sample),
               {"title": "Chỉ số", "fields": ("Năm", "Điểm", "Xếp hạng", "Nguồn")})
    for source in page.index_sources:
        st.caption(source)


def submissions_tab(page: UnitPage, filters) -> None:
    st.caption(t("units.submissions_caption"))
    if page.submissions is None:
        st.info(t("units.no_submissions"))
        return
    show_table(page.submissions, "Báo cáo đã gửi", f"bao-cao-da-gui-{page.code}",
               page_filters.sample_label(filters, page.is_sample),
               {"status": "Tình trạng", "title": "Loại báo cáo", "fields": ("Kỳ", "Đúng hạn", "Thời điểm gửi")})


def compare_tab(page: UnitPage, filters, options: UnitOptions) -> None:
    if st.session_state.get("units_compare_for") != page.code:   # a new unit: compare its own kind
        st.session_state["units_compare_for"] = page.code
        st.session_state["units_cmp_kind"] = page.kind
    left, middle, right = st.columns([1, 2, 1])
    kind = left.selectbox(t("units.cmp_kind"), UNIT_KINDS, format_func=UNIT_KIND_NAMES.get, key="units_cmp_kind")
    choices = cached.compare_choices(kind, filters.plan_year)
    if not choices:
        st.info(t("units.cmp_nothing"))
        return
    choice = middle.selectbox(t("units.cmp_on"), list(choices), format_func=choices.get, key=f"units_cmp_{kind}")
    parent = None
    if kind == "commune":
        district = page.code if page.kind == "district" else page.parent_code
        scopes = {"province": t("units.cmp_province")}
        if district in options.codes:   # a district of the period (none from 1/7/2025)
            scopes = {district: t("units.cmp_district", name=options.names[district]), **scopes}
        scope = right.selectbox(t("units.cmp_scope"), list(scopes), format_func=scopes.get, key="units_cmp_scope")
        parent = None if scope == "province" else scope
    shown = cached.comparison_chart(kind, choice, filters.plan_year, filters.period.quarter, parent, page.code)
    if shown.chart is None:
        st.info(t("units.cmp_empty"))
    else:
        st.plotly_chart(shown.chart, config=CHART_CONFIG, key="units_compare_chart")
    if shown.missing:
        st.caption(shown.missing)


def communes_tab(page: UnitPage, filters) -> None:
    targets = cached.commune_targets(filters.plan_year)
    if not targets:
        st.info(t("units.no_targets"))
        return
    target = st.selectbox(t("units.communes_target"), list(targets), format_func=targets.get,
                          key="units_commune_target")
    communes = cached.district_communes(page.code, target, filters.plan_year, filters.period.quarter)
    st.caption(t("units.communes_caption", n=len(communes), period=format_period(filters.period.code)))
    header = st.columns([3, 1, 1, 2, 1])
    for column, key in zip(header, ("name", "value", "period", "status", "open")):
        column.markdown(f"**{t('units.communes_' + key)}**")
    for row in communes:
        cells = st.columns([3, 1, 1, 2, 1], vertical_alignment="center")
        for cell, text in zip(cells, (plain_markdown(row.name), row.text, row.period, row.status)):
            cell.markdown(text)
        cells[4].button(t("units.open"), key=f"units_open_{row.code}", on_click=select, args=(row.code,))


def render() -> None:
    filters = page_filters.current()
    st.title(t("units.title"))
    options = cached.unit_options(filters.period.end)
    if not options.codes:
        st.info(t("app.no_data"))
        return
    box = open_expander(t("map.heading"), "units_map_open", icon=":material/map:")
    if box is not None:
        with box:
            map_block(filters, "units_map")
    code = picker(options, filters.period.end)
    page = cached.unit_page(code, filters.plan_year, filters.period.quarter, filters.as_of)
    headline(page)
    if page.absent is None:     # a unit of the period: its score card (one that did not exist has none)
        card_buttons(page, filters, options)
    if not page.tabs:       # a unit out of its period with no index result: its history says it all
        return
    draw = {"targets": lambda: targets_tab(page, filters), "tasks": lambda: tasks_tab(page, filters),
            "indices": lambda: indices_tab(page, filters), "submissions": lambda: submissions_tab(page, filters),
            "compare": lambda: compare_tab(page, filters, options), "communes": lambda: communes_tab(page, filters)}
    name, tab = open_tab({name: t(f"units.tab.{name}") for name in page.tabs}, key="units_tab")
    with tab:
        draw[name]()


guarded(render)
