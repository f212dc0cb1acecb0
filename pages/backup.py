"""Sao lưu (administrators): back up the database and the received files into the configured folder with the
app's own connection (while the app runs it holds a DuckDB file, so the command line cannot), and the list
of backups already there. Restoring is done from the command line, with the app stopped.
"""
from __future__ import annotations

import streamlit as st

from cchc.config import default_database
from cchc.formatting import format_date, format_number
from etl.operations import backup
from web import session
from web.app import guarded, t
from web.database import connection


def render() -> None:
    user = session.require("manage")
    st.title(t("backup.title"))
    root = backup.backup_root()
    st.markdown(t("backup.intro", folder=root))
    if st.button(t("backup.create"), type="primary", icon=":material/backup:", key="backup_create"):
        with st.spinner(t("backup.running")):
            made = backup.backup_now(connection(), default_database(), user)
        st.success(t("backup.done", folder=made.folder, submissions=format_number(made.submissions),
                     files=format_number(made.archived), size=format_number(made.size / 1e6, 1)))
        if made.problems:
            st.warning(t("backup.problems", n=format_number(len(made.problems))) + "\n\n"
                       + "\n".join(f"- {problem}" for problem in made.problems))
    found = backup.list_backups(root)
    complete = [b for b in found if b.complete]
    count, last, size = st.columns(3)
    count.metric(t("backup.metric_count"), format_number(len(complete)))
    last.metric(t("backup.metric_last"), f"{format_date(complete[0].created_at)} {complete[0].created_at:%H:%M}"
                if complete else "–")
    size.metric(t("backup.metric_size"), f"{format_number(sum(b.size for b in found) / 1e6, 1)} MB")
    if not found:
        st.info(t("backup.none"))
    else:
        st.caption(t("backup.count", n=format_number(len(found))))
        st.dataframe(backup.table(found), hide_index=True, width="stretch", key="backup_table",
                     column_config={"Thời điểm": st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm:ss")})
    st.markdown(t("backup.restore", example=found[0].folder if found else root / "cchc-backup-…"))


guarded(render)
