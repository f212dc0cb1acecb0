"""Tổng quan: the five national indices for Hà Tĩnh at a glance."""
from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from cchc.web import cached, page_filters
from cchc.charts.common import CHART_CONFIG, sparkline
from cchc.formatting import format_date, format_index_score, format_period, format_rank, format_signed
from cchc.views.index_summary import IndexSummary, comparable_ranks, summarise
from cchc.metrics import status as rules
from cchc.metrics.task_state import OVERDUE
from cchc.views.tables import status_text
from cchc.deck import build_pptx
from cchc.deck_pdf import build_pdf
from cchc.meeting import meeting as build_meeting
from cchc.web.app import connection, guarded, t


def rank_change_text(summary: IndexSummary) -> str:
    if summary.rank is None or summary.previous_year is None:
        return ""
    previous = summary.series[summary.series["year"] == summary.previous_year].iloc[0]
    if summary.rank_change is None and pd.notna(previous["rank"]) and not comparable_ranks(previous["rank_of"], summary.rank_of):
        return " · " + t("overview.rank_base_changed", before=int(previous["rank_of"]), after=summary.rank_of)
    if summary.rank_change is None:
        return ""
    if summary.rank_change > 0:
        return " · :green[▲ " + t("overview.rank_up", n=summary.rank_change) + "]"
    if summary.rank_change < 0:
        return " · :red[▼ " + t("overview.rank_down", n=-summary.rank_change) + "]"
    return " · " + t("overview.rank_same")


def trend(summary: IndexSummary) -> None:
    """Scores by year when there are two or more; otherwise ranks on the latest ranking basis."""
    series = summary.series
    if series["score"].notna().sum() >= 2:
        figure = sparkline(series, "score", t("overview.trend_hover"))
    else:
        ranked = series[[comparable_ranks(of, summary.rank_of) for of in series["rank_of"]]]
        if ranked["rank"].notna().sum() < 2:
            return
        figure = sparkline(ranked, "rank", t("overview.trend_rank_hover"), reversed_axis=True)
    st.plotly_chart(figure, config=CHART_CONFIG, key=f"trend-{summary.index_code}")


def index_card(summary: IndexSummary) -> None:
    with st.container(border=True):
        delta = None
        if summary.score_change is not None:
            # st.metric colours the delta by its leading "-", so keep an ASCII sign here.
            delta = t("overview.score_change", change=format_signed(summary.score_change).replace("−", "-"),
                      year=summary.previous_year)
        rank = format_rank(summary.rank, summary.rank_of) if summary.rank else None
        label = t("overview.score_label", name=t(f"index.{summary.index_code}"), year=summary.year)
        help_text = t("overview.help", year=summary.year, url=summary.source_url)
        if summary.score is not None:
            st.metric(label, format_index_score(summary.score, summary.display_unit, summary.max_score),
                      delta=delta, help=help_text)
            st.markdown((t("overview.rank", rank=rank) if rank else t("overview.no_rank")) + rank_change_text(summary))
        else:  # only a rank is published (DTI for Hà Tĩnh, derived years)
            st.metric(label, t("overview.rank_value", rank=rank), help=help_text)
            st.markdown(t("overview.no_score_published") + rank_change_text(summary))
        trend(summary)
        if summary.flag:
            st.caption("⚠ " + t(f"overview.flag.{summary.flag}", note=summary.note or ""))
        if summary.later_gap:
            st.caption(t("overview.later_gap", gap=summary.later_gap))
        st.caption(t("overview.source", host=urlparse(summary.source_url).netloc, url=summary.source_url))


def plan_summary() -> None:
    """The plan year at a glance: targets by status, overdue tasks, reports not received."""
    filters = page_filters.current()
    targets = cached.targets(filters.plan_year, filters.period.quarter)
    tasks = cached.tasks(filters.plan_year, filters.as_of)
    missing = cached.missing(filters.period.code)
    if targets["is_sample"].any() or tasks["is_sample"].any():
        st.info(t("sample.notice"), icon="ℹ️")
    left, middle, right = st.columns(3)
    with left, st.container(border=True):
        st.subheader(f"Chỉ tiêu {filters.plan_year} — {format_period(filters.period.code)}")
        counts = targets["status"].value_counts()
        for status in rules.STATUSES:
            st.markdown(f"{status_text(status)}: **{int(counts.get(status, 0))}**")
        st.page_link("pages/targets.py", label="Xem các chỉ tiêu", icon=":material/arrow_forward:")
    with middle, st.container(border=True):
        overdue = tasks[tasks["state"] == OVERDUE]
        st.subheader(f"Nhiệm vụ quá hạn đến {format_date(filters.as_of)}")
        st.metric("Số nhiệm vụ quá hạn", len(overdue))
        for row in overdue.head(5).to_dict("records"):
            st.markdown(f"- **{row['code']}** {row['activity'] or row['task']} · hạn {format_date(row['due_date'])} "
                        f"· {row['lead_text']}")
        st.page_link("pages/tasks.py", label="Xem các nhiệm vụ", icon=":material/arrow_forward:")
    with right, st.container(border=True):
        st.subheader(f"Chưa báo cáo {format_period(filters.period.code)}")
        units = missing.drop_duplicates("unit_code")
        st.metric("Số đơn vị chưa gửi đủ báo cáo", len(units))
        for row in units.head(8).to_dict("records"):
            kinds = ", ".join("chỉ tiêu" if k == "targets" else "nhiệm vụ"
                              for k in missing.loc[missing["unit_code"] == row["unit_code"], "report"])
            st.markdown(f"- {row['name']} ({kinds})")
        if len(units) > 8:
            st.caption(f"… và {len(units) - 8} đơn vị khác.")
        st.page_link("pages/units.py", label="Xem từng đơn vị", icon=":material/arrow_forward:")


PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


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
    summaries = summarise(cached.headline_scores())
    if not summaries:
        st.info(t("app.no_data"))
        return
    st.caption(t("overview.indices_caption"))
    for column, summary in zip(st.columns(len(summaries)), summaries):
        with column:
            index_card(summary)
    st.page_link("pages/indices.py", label="Xem chi tiết các chỉ số", icon=":material/arrow_forward:")
    plan_summary()
    deck_buttons()


guarded(render)
