"""Kế hoạch (administrators): download the plan workbook of a year (empty or pre-filled from a loaded plan),
upload the filled workbook, read its problems cell by cell or the preview of what it changes, and confirm to
load it as that year's plan. Nothing is loaded before the confirmation, and only the file previewed: the
confirm button belongs to that file's SHA-256, and the loading checks the preview is still what it would do.

The logic is :mod:`etl.plans.upload`'s; the dashboards' cached views follow the data version, which the
loading changes, so they show the new plan at the next click.
"""
from __future__ import annotations

import hashlib
from datetime import date
from functools import partial

import streamlit as st

from cchc.formatting import format_number
from cchc.text import plain_markdown
from etl.plans import upload as plan_page
from etl.plans.loader import PlanRefused
from web import session, versions
from web.app import XLSX_MIME, guarded, t
from web.database import connection

UPLOAD, RESULT, NOTICE, GENERATION = "plan_upload", "plan_result", "plan_notice", "plan_generation"


def template_section(user) -> None:
    st.subheader(t("plan.template_heading"), divider="gray")
    conn = connection()
    plans = plan_page.loaded_plans(conn)

    def year_label(year: int) -> str:
        return t("plan.year_sample" if plans[year] else "plan.year_loaded", year=year) if year in plans else str(year)

    left, right = st.columns(2)
    year = left.selectbox(t("plan.year"), plan_page.template_years(list(plans), date.today()), format_func=year_label,
                          key="plan_year")
    starts = [None, *plans]
    start = right.selectbox(t("plan.from_year"), starts, index=starts.index(plan_page.default_from_year(year, plans)),
                            format_func=lambda y: t("plan.from_none") if y is None else year_label(y),
                            key=f"plan_from_{year}", help=t("plan.from_help"))
    st.download_button(t("plan.template"), partial(plan_page.template, conn, user, year, start),
                       file_name=f"ke-hoach-cchc-{year}.xlsx", mime=XLSX_MIME, icon=":material/download:",
                       on_click="ignore", key="plan_template")


def show_problems(upload: plan_page.PlanUpload) -> None:
    st.error(t("plan.rejected", name=plain_markdown(upload.name), n=format_number(len(upload.problems))),
             icon=":material/error:")
    st.dataframe(plan_page.problem_table(upload), hide_index=True, width="stretch", key="plan_problems",
                 column_config={"Nội dung": st.column_config.TextColumn(width="large")})


def show_preview(user, upload: plan_page.PlanUpload, sha256: str) -> None:
    st.markdown(t("plan.preview", year=upload.year, name=plain_markdown(upload.name)))
    if upload.replaces_sample:
        st.warning(t("plan.replaces_sample", year=upload.year), icon=":material/warning:")
    if not upload.changes_anything:
        st.info(t("plan.unchanged", year=upload.year))
        return
    st.markdown("\n".join(f"- {plain_markdown(change.summary(part))}" for part, change in upload.changes.items()))
    st.dataframe(plan_page.change_table(upload), hide_index=True, width="stretch", key="plan_changes")
    if upload.refused:
        st.error(t("plan.refused", year=upload.year, n=format_number(len(upload.refused))) + "\n\n"
                 + "\n".join(f"- {plain_markdown(item)}" for item in upload.refused), icon=":material/block:")
        return
    # keyed by the previewed file: a click meant for another file's preview is not this button's
    if st.button(t("plan.confirm", year=upload.year), type="primary", icon=":material/task_alt:",
                 key=f"plan_confirm_{upload.sha256[:16]}"):
        confirm(user, upload, sha256)


def confirm(user, upload: plan_page.PlanUpload, sha256: str) -> None:
    try:
        report = plan_page.load(connection(), user, upload, sha256)
    except plan_page.StalePreview as stale:
        st.session_state[NOTICE] = str(stale)
        st.session_state.pop(UPLOAD, None)      # the same file is checked again: a new preview
        st.rerun()
    except PlanRefused as refused:
        st.error(plain_markdown(str(refused)), icon=":material/block:")
        return
    # kept before anything is drawn: a second click that interrupts this run finds the preview used up
    st.session_state[RESULT] = t("plan.loaded", year=report.year, name=plain_markdown(upload.name),
                                 targets=format_number(report.counts["targets"]),
                                 tasks=format_number(report.counts["tasks"]),
                                 deadlines=format_number(report.counts["report_deadlines"]))
    versions.wrote_data()
    st.session_state.pop(UPLOAD, None)
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1     # empties the file picker
    st.rerun()


def upload_section(user) -> None:
    st.subheader(t("plan.upload_heading"), divider="gray")
    if NOTICE in st.session_state:
        st.warning(st.session_state.pop(NOTICE), icon=":material/warning:")
    generation = st.session_state.setdefault(GENERATION, 0)
    file = st.file_uploader(t("plan.file"), type=["xlsx"], key=f"plan_file_{generation}", help=t("plan.file_help"))
    if file is None:
        if RESULT in st.session_state:
            st.success(st.session_state[RESULT], icon=":material/check_circle:")
        return
    data = file.getvalue()
    sha256 = hashlib.sha256(data).hexdigest()
    upload = st.session_state.get(UPLOAD)
    if upload is None or (upload.sha256, upload.name) != (sha256, file.name):
        with st.spinner(t("plan.checking")):
            upload = plan_page.check_upload(connection(), user, data, file.name)
        st.session_state[UPLOAD] = upload
        st.session_state.pop(RESULT, None)
    if upload.problems:
        show_problems(upload)
    else:
        show_preview(user, upload, sha256)


def render() -> None:
    user = session.require("manage")
    st.title(t("plan.title"))
    st.markdown(t("plan.intro"))
    template_section(user)
    upload_section(user)


guarded(render)
