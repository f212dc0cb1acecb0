"""Nhật ký (administrators): who uploaded, what was accepted or rejected, who changed accounts and who
signed in, filtered by dates, people, kind of action and text; the list can be downloaded as Excel.
"""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from cchc.formatting import format_date, format_number
from cchc.views import audit_log
from web import session
from web.app import excel_button, guarded, t
from web.database import connection


def render() -> None:
    user = session.require("manage")
    st.title(t("audit.title"))
    dates, people, groups, text = st.columns([2, 2, 2, 2])
    today = date.today()
    chosen = dates.date_input(t("audit.dates"), (today - timedelta(days=30), today), format="DD/MM/YYYY",
                              key="audit_dates")
    since, until = (chosen[0], chosen[-1]) if isinstance(chosen, tuple) and chosen else (today, today)
    who = people.multiselect(t("audit.people"), audit_log.actors(connection(), user), key="audit_people",
                             placeholder=t("audit.everyone"))
    kinds = groups.multiselect(t("audit.groups"), list(audit_log.GROUPS), format_func=audit_log.GROUP_TEXT.get,
                               key="audit_groups", placeholder=t("audit.everything"))
    search = text.text_input(t("audit.search"), key="audit_search", help=t("audit.search_help"))
    frame = audit_log.entries(connection(), user, since, until, who, kinds, search)
    st.caption(t("audit.count", n=format_number(len(frame)), since=format_date(since), until=format_date(until)))
    if frame.empty:
        st.info(t("audit.nothing"))
        return
    table = audit_log.table(frame)
    st.dataframe(table, hide_index=True, width="stretch", height=min(35 * (len(table) + 1) + 3, 600),
                 column_config={"Thời điểm": st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm:ss"),
                                "Chi tiết": st.column_config.TextColumn(width="large")}, key="audit_table")
    excel_button(table, "Nhật ký", f"nhat-ky_{since:%Y%m%d}-{until:%Y%m%d}", "audit_download")


guarded(render)
