"""Chỉ số: per national index, the province's score and rank by year next to its target, the national
average and top, the components, and the internal PAR INDEX of departments and districts.
"""
from __future__ import annotations

import streamlit as st

from cchc.web import cached, page_filters

from cchc.charts import indices as index_charts

from cchc.views import indices as index_views
from cchc.charts.common import CHART_CONFIG
from cchc.web.app import connection, excel_button, guarded, t

SOURCE_LINK = st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)/?.*")
STATUS_MARKS = {"met": ":green[● {text}]", "missed": ":red[■ {text}]", "no_value": "○ {text}"}


@st.cache_data(ttl=300, show_spinner=False)
def load_index(database: str, index_code: str, plan_year: int) -> index_views.IndexView:
    return index_views.index_view(connection(), index_code, plan_year)


@st.cache_data(ttl=300, show_spinner=False)
def load_internal(database: str):
    return index_views.internal_rows(connection())


def words() -> dict[str, str]:
    """Chart labels in the interface language (hover templates keep Plotly's %{…} fields)."""
    keys = ("province", "avg", "top", "score_title", "rank_title", "rank_axis", "rank_line", "after_merger",
            "base_changed", "target_score", "target_rank", "hover_score", "hover_avg", "hover_top", "hover_rank",
            "flag_derived", "flag_uncertain", "flag_suspect", "flagged", "max", "score", "previous", "components_title",
            "hover_component", "hover_previous", "hover_internal")
    return {key: t(f"indices.chart.{key}") for key in keys}


def target_text(target: index_views.TargetCheck) -> str:
    outcome = t(f"indices.target.{target.status}_{target.kind}" if target.status == "missed" else
                f"indices.target.{target.status}", actual=target.actual_text, gap=target.gap_text, year=target.year)
    return STATUS_MARKS[target.status].format(text=outcome)


def headline(view: index_views.IndexView, plan_year: int) -> None:
    latest = view.latest
    columns = st.columns(5)
    if latest is None:
        st.info(t("indices.no_values"))
        return
    year = int(latest["year"])
    columns[0].metric(t("indices.metric.score", year=year), latest["score_text"] if latest["score_text"] != "–"
                      else t("indices.metric.no_score"), help=t("indices.source", url=latest["source_url"]))
    columns[1].metric(t("indices.metric.rank", year=year), latest["rank_text"])
    with columns[2]:
        if view.targets:
            target = view.targets[-1]
            columns[2].metric(t("indices.metric.target", year=target.year),
                              t(f"indices.target.{target.kind}", value=target.value_text), help=target.note)
            st.markdown(target_text(target))
            if target.target_code:
                st.caption(t("indices.target.from_plan", code=target.target_code))
        else:
            columns[2].metric(t("indices.metric.target", year=plan_year), t("indices.target.none"))
    for column, key, label in ((columns[3], "avg", "indices.metric.avg"), (columns[4], "top", "indices.metric.top")):
        known = index_views.national_for(view.national, key, year)
        if known:
            column.metric(t(label, year=known["year"]), known[f"{key}_text"],
                          help=t("indices.source", url=known[f"{key}_source"]))
            if key == "top" and known["top_name"] == known["top_name"]:
                column.caption(known["top_name"])
        else:
            column.metric(t(label, year=year), "–")


def notes(view: index_views.IndexView) -> None:
    """Every derived or uncertain value and every change of ranking base, in words."""
    for flag, years in view.flag_years.items():
        if flag == "derived":
            st.caption("⚠ " + t("indices.note.derived", years=", ".join(map(str, years))))
    for year, flag, note in view.flag_notes:
        st.caption("⚠ " + t(f"indices.note.{flag}", year=year, note=note))
    if view.base_changes:
        bases = " → ".join(t("indices.note.base", n="/".join(map(str, b["rank_of"])),
                             years=_span(b["years"])) for b in view.base_changes)
        st.caption("⚠ " + t("indices.note.base_changed", bases=bases))
    if view.mixed_counts:
        st.caption("ⓘ " + t("indices.note.mixed_counts", counts=", ".join(map(str, view.mixed_counts))))
    for row in view.other_bases.itertuples():
        st.caption("ⓘ " + t("indices.note.other_base", year=int(row.year), rank=row.rank_text, source=row.source))


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def trend(view: index_views.IndexView, labels: dict[str, str]) -> None:
    """Score and rank side by side; with ranks only (DTI), the notes take the place of the score chart."""
    left, right = st.columns(2)
    with right:
        if len(view.ranks):
            st.plotly_chart(index_charts.rank_chart(view, labels), config=CHART_CONFIG, key="indices-rank")
    with left:
        if view.yearly["score"].notna().any():
            st.plotly_chart(index_charts.score_chart(view, labels), config=CHART_CONFIG, key="indices-score")
        else:
            st.markdown(t("indices.no_scores"))
            notes(view)
    if view.yearly["score"].notna().any():
        notes(view)
    table = index_views.year_table(view)
    table["flags"] = [", ".join(t(f"indices.flag.{f}") for f in flags) for flags in table["flags"]]
    with st.expander(t("indices.table.title")):
        shown = table.rename(columns=lambda c: t(f"indices.table.{c}"))
        st.dataframe(shown, hide_index=True, width="stretch",
                     column_config={t("indices.table.source"): SOURCE_LINK, t("indices.table.national_source"): SOURCE_LINK})
        excel_button(shown, view.index_code, f"chi-so-{view.index_code}", "indices_years_excel")


def components(view: index_views.IndexView, labels: dict[str, str]) -> None:
    st.subheader(t("indices.components.title"))
    frame = view.components
    if frame.empty:
        st.caption(t("indices.components.none"))
        return
    years = sorted({int(y) for y in frame["year"]}, reverse=True)
    year = st.columns([1, 4])[0].selectbox(t("indices.components.year"), years,
                                           key=f"indices-components-year-{view.index_code}")
    shown = frame[frame["year"] == year]
    if shown["score"].notna().sum() >= 2:
        chart_labels = {**labels, "components_title": t("indices.chart.components_title", year=year),
                        "previous": t("indices.chart.previous_year", year=year - 1)}
        st.plotly_chart(index_charts.components_chart(shown, chart_labels), config=CHART_CONFIG,
                        key="indices-components")
    else:
        st.caption(t("indices.components.ranks_only"))
    table = shown[["name_vi", "score_text", "max_text", "previous_text", "change_text", "rank_text", "source_url"]]
    table = table.rename(columns=lambda c: t(f"indices.components.{c}"))
    st.dataframe(table, hide_index=True, width="stretch", column_config={t("indices.components.source_url"): SOURCE_LINK})
    excel_button(table, f"Thành phần {year}", f"thanh-phan-{year}", "indices_components_excel")
    for flag, part in shown[shown["flag"].notna()].groupby("flag"):
        st.caption("⚠ " + t("indices.components.flag", year=year, flag=t(f"indices.flag.{flag}"),
                            note=part["note"].iloc[0]))


def internal(filters: page_filters.Filters) -> None:
    st.subheader(t("indices.internal.title"))
    rows = load_internal(cached.database_key())
    years = index_views.internal_years(rows)
    if not years:
        st.caption(t("indices.internal.none"))
        return
    year = st.columns([1, 4])[0].selectbox(t("indices.internal.year"), years, key="indices-internal-year",
                                           index=years.index(filters.plan_year) if filters.plan_year in years else 0)
    ranking = index_views.internal_ranking(rows, year, filters.level, getattr(filters, "unit_kind", "all"))
    if ranking.is_sample:
        st.info(t("sample.notice"), icon="ℹ️")
    sample = " " + t("indices.internal.sample_suffix") if ranking.is_sample else ""
    labels = words()
    columns = st.columns(2)
    for number, (block, frame) in enumerate(ranking.blocks.items()):
        with columns[number % 2]:
            title = t(f"indices.block.{block}") + f" — {year}{sample}"
            block_labels = {**labels, "block_average": t("indices.internal.average", value=ranking.average_texts[block])}
            st.plotly_chart(index_charts.internal_chart(frame, ranking.averages[block], title, block_labels),
                            config=CHART_CONFIG, key=f"indices-internal-{block}")
            first, last = frame.iloc[0], frame.iloc[-1]
            st.caption(t("indices.internal.extremes", first=first["name"], first_score=first["score_text"],
                         last=last["name"], last_score=last["score_text"], average=ranking.average_texts[block]))
    if ranking.blocks:
        st.caption(t("indices.internal.source", files=", ".join(ranking.files)))
    else:
        st.caption(t("indices.internal.no_reported", year=year))
    if len(ranking.published):
        st.markdown("**" + t("indices.internal.published", year=year) + "**")
        table = ranking.published.assign(
            block=[t(f"indices.block.{k}") for k in ranking.published["kind"]],
            flag=[t(f"indices.flag.{f}") if f == f and f else "" for f in ranking.published["flag"]],
        )[["block", "rank_text", "name", "score_text", "flag", "source_url"]]
        table = table.rename(columns=lambda c: t(f"indices.published.{c}"))
        st.dataframe(table, hide_index=True, width="stretch", column_config={t("indices.published.source_url"): SOURCE_LINK})
        excel_button(table, f"Công bố {year}", f"chi-so-noi-bo-cong-bo-{year}", "indices_published_excel")
        st.caption(t("indices.internal.published_note"))


def render() -> None:
    filters = page_filters.current()
    st.title(t("indices.title"))
    st.caption(t("indices.caption"))
    code = st.segmented_control(t("indices.pick"), index_views.INDICES, default=index_views.INDICES[0], required=True,
                                format_func=lambda c: t(f"index.{c}"), key="indices-pick") or index_views.INDICES[0]
    view = load_index(cached.database_key(), code, filters.plan_year)
    st.markdown(f"**{view.name}** · {view.publisher or ''}")
    labels = words()
    headline(view, filters.plan_year)
    trend(view, labels)
    guarded(lambda: components(view, labels))
    st.divider()
    guarded(lambda: internal(filters))


guarded(render)
