"""Tổng quan: the five national indices for Hà Tĩnh at a glance."""
from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

from cchc import queries
from cchc.charts import CHART_CONFIG, sparkline
from cchc.formatting import format_rank, format_score, format_signed
from cchc.index_summary import IndexSummary, summarise
from cchc.webapp import connection, guarded, t


def score_text(summary: IndexSummary) -> str:
    if summary.score is None:
        return t("overview.no_score")
    unit = "%" if summary.display_unit == "%" else ""
    return format_score(summary.score) + unit


def rank_change_text(summary: IndexSummary) -> str:
    if summary.rank is None or summary.previous_year is None:
        return ""
    previous = summary.series[summary.series["year"] == summary.previous_year].iloc[0]
    if summary.rank_change is None and previous["rank_of"] != summary.rank_of:
        return " · " + t("overview.rank_base_changed", before=int(previous["rank_of"]), after=summary.rank_of)
    if summary.rank_change is None:
        return ""
    if summary.rank_change > 0:
        return " · :green[▲ " + t("overview.rank_up", n=summary.rank_change) + "]"
    if summary.rank_change < 0:
        return " · :red[▼ " + t("overview.rank_down", n=-summary.rank_change) + "]"
    return " · " + t("overview.rank_same")


def index_card(summary: IndexSummary) -> None:
    with st.container(border=True):
        delta = None
        if summary.score_change is not None:
            # st.metric colours the delta by its leading "-", so keep an ASCII sign here.
            delta = t("overview.score_change", change=format_signed(summary.score_change).replace("−", "-"),
                      year=summary.previous_year)
        st.metric(
            t("overview.score_label", name=t(f"index.{summary.index_code}"), year=summary.year),
            score_text(summary), delta=delta,
            help=t("overview.help", year=summary.year, url=summary.source_url),
        )
        rank = format_rank(summary.rank, summary.rank_of) if summary.rank else None
        st.markdown((t("overview.rank", rank=rank) if rank else t("overview.no_rank")) + rank_change_text(summary))
        scored = summary.series["score"].notna().sum() >= 2
        figure = sparkline(
            summary.series, "score" if scored else "rank",
            t("overview.trend_hover") if scored else t("overview.trend_rank_hover"), reversed_axis=not scored,
        )
        st.plotly_chart(figure, config=CHART_CONFIG, key=f"trend-{summary.index_code}")
        if summary.flag:
            st.caption("⚠ " + t(f"overview.flag.{summary.flag}", note=summary.note or ""))
        if summary.later_gap:
            st.caption(t("overview.later_gap", gap=summary.later_gap))
        st.caption(t("overview.source", host=urlparse(summary.source_url).netloc, url=summary.source_url))


def render() -> None:
    st.title(t("overview.title"))
    summaries = summarise(queries.headline_scores(connection()))
    if not summaries:
        st.info(t("app.no_data"))
        return
    st.caption(t("overview.indices_caption"))
    for column, summary in zip(st.columns(len(summaries)), summaries):
        with column:
            index_card(summary)


guarded(render)
