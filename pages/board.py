"""Tình hình nộp báo cáo (Sở Nội vụ): units × quarters, each report on time, late, rejected or missing;
the counts, the deadlines, the list of units still to report (Excel), a reminder text to copy, and the e-mail
reminders due today (administrators send them: :mod:`etl.operations.reminders`); the periodic report's draft in
Word, and its template for administrators (:mod:`web.report`).

Every number comes from :mod:`cchc.views.board`, finished by :mod:`cchc.page_models.board`; this page only draws.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from cchc import auth, look
from cchc.formatting import format_date, format_period
from cchc.page_models.board import BoardChoices, BoardPage
from cchc.periods import parse_period
from cchc.store import exports
from cchc.text import plain_markdown
from cchc.views import board
from cchc.vocabulary import REPORT_TITLES, UNIT_KIND_NAMES
from etl.operations import reminders as reminders_page
from web import cached, page_filters, phone, session
from web.app import XLSX_MIME, excel_button, guarded, metric, open_expander, open_tab, picture, t
from web.database import connection
from web.memo import table_text
from web.report import report_button, template_section

REPORT_CHOICES = ("all", "targets", "tasks")


def choices(found: BoardChoices, filters) -> tuple[list[str], str | None, str | None]:
    """The page's own filters: kinds of unit, district, report; the shared bar gives year and period.

    Only the kinds and districts that exist in the period are offered: no district filter after 1/7/2025."""
    period = filters.period.code
    offered, names = found.kinds.get(period, board.KINDS), found.districts.get(period, {})
    if "board_kinds" not in st.session_state:
        st.session_state["board_kinds"] = [] if filters.unit_kind == "all" else [filters.unit_kind]
    # a choice made for another period may not exist in this one (a district, for 2026)
    st.session_state["board_kinds"] = [k for k in st.session_state["board_kinds"] if k in offered]
    if st.session_state.get("board_district") not in names:
        st.session_state["board_district"] = None
    if names:
        left, middle, right = st.columns([2, 2, 1])
    else:
        (left, right), middle = st.columns([4, 1]), None
    kinds = left.multiselect(t("board.kinds"), list(offered), format_func=UNIT_KIND_NAMES.get,
                             key="board_kinds", placeholder=t("board.all"))
    district = None if middle is None else middle.selectbox(
        t("board.district"), [None, *names], key="board_district", help=t("board.district_help"),
        format_func=lambda code: t("board.all") if code is None else names[code], placeholder=t("board.all"))
    report = right.selectbox(t("board.report"), REPORT_CHOICES, key="board_report",
                             format_func=lambda r: t(f"board.report.{r}"))
    return kinds, district, None if report == "all" else report


def grid_tab(page: BoardPage, sample: str | None, period: str) -> None:
    if page.shares is not None:
        picture(page.shares)
    st.caption(t("board.grid_caption"))
    with phone.desk_only("board_grid"):
        st.dataframe(page.grid_styled, hide_index=True, width="stretch",
                     height=min(35 * (len(page.grid) + 1) + 3, 620),
                     column_config={"Mã đơn vị": st.column_config.TextColumn(width="small")}, key="board_grid")
    # on a phone, a unit's card: its report of the period first, then its other quarters
    shown = format_period(period)
    phone.cards(page.grid, "board_grid", status=shown if shown in page.grid.columns else None, title="Đơn vị",
                fields=[c for c in page.grid.columns if c not in ("Mã đơn vị", "Đơn vị", "Loại đơn vị", shown)])
    excel_button(page.grid, "Theo đơn vị", "tinh-hinh-nop-bao-cao", "board_grid_excel", sample)
    st.markdown(f"**{t('board.counts_title')}**")
    with phone.desk_only("board_counts"):
        st.dataframe(page.counts_styled, hide_index=True, key="board_counts")
    phone.cards(page.counts, "board_counts", status="Tình trạng", fields=list(page.counts.columns[1:]))
    excel_button(page.counts, "Số đơn vị", "so-don-vi-theo-tinh-trang", "board_counts_excel", sample)


def missing_tab(page: BoardPage, period: str, sample: str | None) -> None:
    st.caption(page.missing_caption)
    if page.missing is not None:
        st.dataframe(page.missing, hide_index=True, width="stretch", height=min(35 * (len(page.missing) + 1) + 3, 420),
                     column_config={"Hạn nộp": st.column_config.DateColumn(format="DD/MM/YYYY")})
    table = page.missing_for_excel
    st.download_button(t("board.download"), lambda: exports.xlsx_bytes(table, "Chưa nộp báo cáo", sample),
                       key="board_download", mime=XLSX_MIME, on_click="ignore",
                       file_name=look.sample_file_name(f"chua-nop-bao-cao-{period}.xlsx", sample=sample is not None),
                       disabled=page.missing is None)
    st.markdown(f"**{t('board.reminder_title')}**")
    st.caption(t("board.reminder_help"))
    st.code(page.reminder, language=None, wrap_lines=True)
    box = open_expander(t("board.mail_title"), "board_mail_open", icon=":material/mail:")
    if box is not None:
        with box:
            mail_section(period)


def mail_section(period_code: str) -> None:
    """Who would get an e-mail reminder today and what (python -m etl remind shows the same); administrators
    send them."""
    user = session.require("read_all")
    period, today = parse_period(period_code), date.today()
    if period is None or period.quarter is None:
        return
    reminders, without = reminders_page.preview_for(connection(), user, period, today)
    st.caption(t("board.mail_caption", today=format_date(today)))
    if reminders:
        st.dataframe(pd.DataFrame({
            t("board.mail.unit"): [r.unit_name for r in reminders],
            t("board.mail.to"): [", ".join(r.addresses) for r in reminders],
            t("board.mail.notice"): [t(f"board.mail.{r.notice}") for r in reminders],
            t("board.mail.missing"): ["; ".join(f"{REPORT_TITLES[k]} ({format_date(d)})" for k, d in r.missing)
                                      for r in reminders]}), hide_index=True, width="stretch")
    else:
        st.info(t("board.mail_none"))
    if without:
        st.caption(t("board.mail_without", n=len(without), names=plain_markdown(", ".join(without))))
    if user.role != auth.ADMIN or not reminders:
        return
    if st.button(t("board.mail_send", n=len(reminders)), type="primary", icon=":material/send:", key="board_mail_send"):
        try:
            sent, failed, _ = reminders_page.send_now(connection(), user, period, today)
        except reminders_page.SettingsError as wrong:
            st.error(str(wrong), icon=":material/error:")
            return
        (st.warning if failed else st.success)(t("board.mail_sent", sent=sent, failed=failed))


def lookup_tab(page: BoardPage) -> None:
    names = page.lookup
    code = st.selectbox(t("board.lookup"), list(names), index=None, format_func=names.get,
                        key="board_lookup", placeholder=t("board.lookup_placeholder"))
    if code is not None:
        st.markdown("\n".join(f"- {line}" for line in page.lookup_lines[code]))


def deadlines_tab(plan_year: int) -> None:
    st.caption(t("board.deadlines_caption"))
    table = cached.board_deadlines(plan_year)
    if table is None:
        st.info(t("board.no_deadlines"))
        return
    # st.table reads its cells as Markdown: the notes of the deadline catalog are shown as typed
    st.table(table_text(table).assign(**{"Ghi chú": table["Ghi chú"].map(plain_markdown)}), hide_index=True,
             border="horizontal")
    # the deadlines are the catalog's, real for a real plan: marked only for a sample plan year
    excel_button(table, "Hạn nộp", "han-nop-bao-cao", "board_deadlines_excel",
                 page_filters.sample_label(page_filters.current(), False))


def render() -> None:
    filters = page_filters.current()
    period = filters.period.code
    page_filters.page_title(filters, t("board.title"))
    found = cached.board_choices(filters.plan_year)
    if found.empty:
        st.info(t("app.no_data"))
        return
    if found.is_sample:
        st.info(t("sample.notice"), icon="ℹ️")
    kinds, district, report = choices(found, filters)
    page = cached.board_view(filters.plan_year, period, kinds, district, report, filters.as_of)
    if page.nothing:
        st.info(t("board.nothing"))
        return
    st.subheader(page.period_title, divider="gray")
    for column, item in zip(st.columns(len(page.metrics)), page.metrics):
        metric(item, column)
    report_button("board_report_docx", found.is_sample)
    sample = page_filters.sample_label(filters, found.is_sample)
    draw = {"grid": lambda: grid_tab(page, sample, period), "missing": lambda: missing_tab(page, period, sample),
            "lookup": lambda: lookup_tab(page), "deadlines": lambda: deadlines_tab(filters.plan_year)}
    name, tab = open_tab({name: t(f"board.tab.{name}") for name in draw}, key="board_tab")
    with tab:
        draw[name]()
    template_section()


guarded(render)
