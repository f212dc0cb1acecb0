"""The periodic CCHC report in Word, from the overview and the board: the draft for the period and as-of date the
filter bar shows (built only when clicked), and, for administrators, the template in use and its replacement.

The quarter chosen gives the province's report: quý I and quý III are quarterly reports, quý II the six-month report
and quý IV the year report (values are cumulative, so they read the same units' reports). The command line makes any
of them (``python -m etl report``).
"""
from __future__ import annotations

import streamlit as st

from cchc import auth, look
from cchc.documents import report_template
from cchc.documents.report import ReportPeriod, report_context
from cchc.text import plain_markdown
from web import page_filters, session
from web.app import file_picker, open_expander, t
from web.database import connection

KINDS = {1: "quarter", 2: "half", 3: "quarter", 4: "year"}


def _period(filters: page_filters.Filters) -> ReportPeriod:
    """The province's report of the filter bar's quarter."""
    quarter = filters.period.quarter or 4
    return ReportPeriod(filters.plan_year, KINDS[quarter], quarter)


def report_button(key: str, sample_data: bool) -> None:
    """"Dự thảo báo cáo … (Word)": the draft for the filter bar's period and as-of date. ``sample_data``: what the
    page already knows of its data (the file's name says so; nothing is read for it on each run)."""
    filters = page_filters.current()
    period = _period(filters)
    conn, as_of = connection(), filters.as_of

    def docx() -> bytes:
        content, _ = report_template.current(conn)
        return report_template.render(report_context(conn, period, as_of), content)

    sample = sample_data or page_filters.is_sample_plan(filters.plan_year)
    name = look.sample_file_name(f"bao-cao-cchc_{period.code}_{as_of:%Y%m%d}.docx", sample=sample)
    st.download_button(t("report.button", period=period.name), docx, file_name=name, mime=report_template.DOCX_MIME,
                       icon=":material/description:", on_click="ignore", key=key, help=t("report.button_help"))


def template_section() -> None:
    """For administrators: which template is in use, the template to download and edit, and its replacement."""
    try:
        user = session.require("manage")
    except auth.PermissionDenied:
        return
    box = open_expander(t("report.template_title"), "report_template_open", icon=":material/edit_document:")
    if box is None:
        return
    with box:
        _template_manager(user)


def _template_manager(user: auth.User) -> None:
    conn = connection()
    content, uploaded = report_template.current(conn)
    st.caption(t("report.template_uploaded", who=uploaded) if uploaded else t("report.template_shipped"))
    st.download_button(t("report.template_download"), content, file_name="mau-bao-cao-cchc.docx",
                       mime=report_template.DOCX_MIME, icon=":material/download:", key="report_template_download")
    with st.popover(t("report.template_fields")):
        st.table({t("report.template_field"): list(report_template.FIELDS),
                  t("report.template_meaning"): list(report_template.FIELDS.values())})
    files = file_picker(t("report.template_upload"), ["docx"], report_template.MAX_BYTES, "report_template_file",
                        multiple=False)
    if files and st.button(t("report.template_use"), type="primary", key="report_template_use"):
        filters = page_filters.current()
        try:
            report_template.replace(conn, user, files[0].getvalue(), files[0].name,
                                    report_context(conn, _period(filters), filters.as_of))
        except report_template.TemplateRefused as refused:
            st.error(t("report.template_refused", name=files[0].name) + "\n\n" +
                     "\n".join(f"- {plain_markdown(problem)}" for problem in refused.problems), icon=":material/error:")
            return
        st.success(t("report.template_saved", name=files[0].name), icon=":material/check_circle:")
    if uploaded and st.button(t("report.template_restore"), key="report_template_restore"):
        report_template.restore_shipped(conn, user)
        st.success(t("report.template_restored"), icon=":material/check_circle:")
