"""Tình hình nộp báo cáo (Sở Nội vụ): units × quarters, each report on time, late, rejected or missing;
the counts, the deadlines, the list of units still to report (Excel) and a reminder text to copy.

Every number comes from :mod:`cchc.views.board`; this page only draws.
"""
from __future__ import annotations

import streamlit as st

from cchc import exports

from cchc.views import board

from cchc.web import cached, page_filters
from cchc.formatting import format_date, format_number, format_period
from cchc.web.app import connection, excel_button, guarded, t

REPORT_CHOICES = ("all", "targets", "tasks")



@st.cache_data(ttl=300, show_spinner=False)
def load_board(database: str, plan_year: int):
    return board.board(connection(), plan_year)


@st.cache_data(ttl=300, show_spinner=False)
def load_deadlines(database: str, plan_year: int):
    return board.deadlines(connection(), plan_year)


def choices(frame, filters) -> tuple[list[str], str | None, str | None]:
    """The page's own filters: kinds of unit, district, report; the shared bar gives year and period."""
    if "board_kinds" not in st.session_state:
        st.session_state["board_kinds"] = [] if filters.unit_kind == "all" else [filters.unit_kind]
    left, middle, right = st.columns([2, 2, 1])
    kinds = left.multiselect(t("board.kinds"), list(board.KINDS), format_func=board.KIND_SHORT.get,
                             key="board_kinds", placeholder=t("board.all"))
    names = board.districts(frame)
    district = middle.selectbox(t("board.district"), [None, *names], key="board_district",
                                format_func=lambda code: t("board.all") if code is None else names[code],
                                help=t("board.district_help"))
    report = right.selectbox(t("board.report"), REPORT_CHOICES, key="board_report",
                             format_func=lambda r: t(f"board.report.{r}"))
    return kinds, district, None if report == "all" else report


def metrics(counts, period: str, due) -> None:
    row = counts[counts["period"] == period]
    found = row.iloc[0].to_dict() if len(row) else {s: 0 for s in (*board.STATES, "total")}
    columns = st.columns(5)
    columns[0].metric(t("board.m_total"), format_number(found["total"]),
                      help=t("board.m_total_help", date=format_date(due)))
    for column, state in zip(columns[1:], board.STATES):
        column.metric(board.CELLS[state], format_number(found[state]), help=t(f"board.m_{state}_help"))


def grid_tab(states, counts, periods: list[str]) -> None:
    st.caption(t("board.grid_caption"))
    table = board.grid(states, periods)
    styled = table.style.map(board.cell_style, subset=[format_period(p) for p in periods])
    st.dataframe(styled, hide_index=True, width="stretch", height=min(35 * (len(table) + 1) + 3, 620),
                 column_config={"Mã đơn vị": st.column_config.TextColumn(width="small")}, key="board_grid")
    excel_button(table, "Theo đơn vị", "tinh-hinh-nop-bao-cao", "board_grid_excel")
    st.markdown(f"**{t('board.counts_title')}**")
    counts_view = board.counts_table(counts)
    st.dataframe(counts_view.style.map(board.cell_style, subset=["Tình trạng"]), hide_index=True,
                 key="board_counts")
    excel_button(counts_view, "Số đơn vị", "so-don-vi-theo-tinh-trang", "board_counts_excel")


def missing_tab(frame, period: str, report: str | None, due) -> None:
    missing = board.missing_list(frame, period, report)
    table = board.missing_table(missing)
    st.caption(t("board.missing_caption", n=len(missing), period=format_period(period), date=format_date(due)))
    if not missing.empty:
        st.dataframe(table, hide_index=True, width="stretch", height=min(35 * (len(table) + 1) + 3, 420),
                     column_config={"Hạn nộp": st.column_config.DateColumn(format="DD/MM/YYYY")})
    st.download_button(t("board.download"), exports.xlsx_bytes(table, "Chưa nộp báo cáo"), key="board_download",
                       file_name=f"chua-nop-bao-cao-{period}.xlsx", disabled=missing.empty)
    st.markdown(f"**{t('board.reminder_title')}**")
    st.caption(t("board.reminder_help"))
    st.code(board.reminder_text(missing, period, due, board.expected_counts(frame, period), report),
            language=None, wrap_lines=True)


def lookup_tab(frame) -> None:
    names = dict(zip(frame["unit_code"], frame["name"]))
    code = st.selectbox(t("board.lookup"), list(names), index=None, format_func=lambda c: f"{names[c]} ({c})",
                        key="board_lookup", placeholder=t("board.lookup_placeholder"))
    if code is not None:
        st.markdown("\n".join(f"- {line}" for line in board.unit_lines(frame, code)))


def deadlines_tab(rows) -> None:
    st.caption(t("board.deadlines_caption"))
    if rows.empty:
        st.info(t("board.no_deadlines"))
        return
    table = board.deadlines_table(rows)
    st.table(table, hide_index=True, border="horizontal")
    excel_button(table, "Hạn nộp", "han-nop-bao-cao", "board_deadlines_excel")


def render() -> None:
    filters = page_filters.current()
    period = filters.period.code
    st.title(t("board.title"))
    frame = load_board(cached.database_key(), filters.plan_year)
    if frame.empty:
        st.info(t("app.no_data"))
        return
    if frame["is_sample"].any():
        st.info(t("sample.notice"), icon="ℹ️")
    kinds, district, report = choices(frame, filters)
    shown = board.filter_units(frame, kinds, district)
    if report is not None:
        shown = shown[shown["report"] == report]
    if shown.empty:
        st.info(t("board.nothing"))
        return
    states = board.unit_states(shown)
    counts = board.summary(states)
    due = board.period_due_date(shown, period)
    st.subheader(t("board.period_title", period=format_period(period), date=format_date(due)), divider="gray")
    metrics(counts, period, due)
    periods = [p.code for p in board.quarters(filters.plan_year)]
    grid, missing, lookup, deadlines = st.tabs([t("board.tab.grid"), t("board.tab.missing"), t("board.tab.lookup"),
                                                t("board.tab.deadlines")])
    with grid:
        grid_tab(states, counts, periods)
    with missing:
        missing_tab(shown, period, report, due)
    with lookup:
        lookup_tab(shown)
    with deadlines:
        deadlines_tab(load_deadlines(cached.database_key(), filters.plan_year))


guarded(render)
