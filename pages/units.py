"""Đơn vị: one department, district or commune — its targets, tasks, index scores and submissions;
all units of a kind compared on one target or index; from a district, its communes.

The chosen unit is kept in the URL (?unit=H436) so a view can be bookmarked and sent.
"""
from __future__ import annotations

import streamlit as st

from cchc.web import cached, page_filters
from cchc.views import units as views
from cchc.charts.common import CHART_CONFIG
from cchc.formatting import format_date, format_number, format_period
from cchc.views.tables import status_text
from cchc.charts.units import compare_bars, index_trend
from cchc.web.app import connection, excel_button, guarded, t

CHOSEN = "units_unit"   # the chosen unit's code; the widgets below follow it



@st.cache_data(ttl=300, show_spinner=False)
def load_options(database: str, plan_year: int):
    return views.unit_options(connection(), plan_year)


@st.cache_data(ttl=300, show_spinner=False)
def load_report(database: str, code: str, plan_year: int, quarter: int, as_of):
    return views.unit_report(connection(), code, plan_year, quarter, as_of)


@st.cache_data(ttl=300, show_spinner=False)
def load_choices(database: str, kind: str, plan_year: int):
    return views.compare_choices(connection(), kind, plan_year)


@st.cache_data(ttl=300, show_spinner=False)
def load_comparison(database: str, kind: str, choice: str, plan_year: int, quarter: int,
                    parent: str | None):
    return views.compare_units(connection(), kind, choice, plan_year, quarter, parent)


@st.cache_data(ttl=300, show_spinner=False)
def load_communes(database: str, district: str, target: str, plan_year: int, quarter: int):
    return views.district_communes(connection(), district, target, plan_year, quarter)


@st.cache_data(ttl=300, show_spinner=False)
def load_commune_targets(database: str, plan_year: int):
    return views.commune_target_choices(connection(), plan_year)


def select(code: str) -> None:
    """Choose a unit (button callbacks): the search is cleared so the picker can show it."""
    st.session_state[CHOSEN] = code
    st.session_state["units_search"] = ""


def picker(options) -> str:
    """Search box and unit list; returns the chosen code and writes it to the URL."""
    codes = list(options["code"])
    if st.session_state.get(CHOSEN) not in codes:
        wanted = st.query_params.get("unit")
        if wanted and wanted not in codes:
            st.warning(t("units.unknown", code=wanted))
        st.session_state[CHOSEN] = wanted if wanted in codes else codes[0]
    left, right = st.columns([1, 2])
    text = left.text_input(t("units.search"), key="units_search", placeholder=t("units.search_hint"))
    found = views.search_units(options, text)
    if found.empty:
        left.caption(t("units.no_match"))
        found = options
    shown = list(found["code"])
    if st.session_state[CHOSEN] not in shown:   # typing a name picks its first match
        st.session_state[CHOSEN] = shown[0]
    st.session_state["units_pick"] = st.session_state[CHOSEN]
    labels = dict(zip(options["code"], options["label"] + " · " + options["kind_name"]))
    right.selectbox(t("units.pick", n=format_number(len(shown))), shown, format_func=labels.get, key="units_pick",
                    on_change=lambda: st.session_state.update({CHOSEN: st.session_state["units_pick"]}))
    st.query_params["unit"] = st.session_state[CHOSEN]
    return st.session_state[CHOSEN]


def headline(report) -> None:
    profile, summary = report.profile, report.summary()
    st.subheader(profile["name"], divider="gray")
    facts = [profile["kind_name"], t("units.code", code=profile["code"])]
    if profile["parent_name"]:
        facts.insert(1, t("units.parent", name=profile["parent_name"]))
    if profile["valid_to"]:
        facts.append(t("units.valid_to", date=format_date(profile["valid_to"])))
    st.caption(" · ".join(facts))
    columns = st.columns(4)
    by_status = " · ".join(f"{status_text(k)}: {n}" for k, n in summary["targets_by_status"].items())
    columns[0].metric(t("units.m_targets"), f"{summary['targets_met']}/{summary['targets']}", help=by_status or None)
    columns[1].metric(t("units.m_overdue"), f"{summary['tasks_overdue']}/{summary['tasks']}")
    columns[2].metric(t("units.m_submissions"), format_number(summary["submissions"]),
                      help=t("units.m_submissions_help", late=summary["late"], rejected=summary["rejected"]))
    rank = views.latest_rank(report.index_scores)
    label = t("units.m_rank_sample" if rank and rank["is_sample"] else "units.m_rank", year=rank["year"]) if rank \
        else t("units.m_rank_none")
    columns[3].metric(label, rank["text"] if rank else "–")
    if report.is_sample:
        st.info(t("sample.notice"), icon="ℹ️")


NARROW = {name: st.column_config.TextColumn(width="small") for name in ("Vai trò", "Kế hoạch")}


def show_table(table, name: str, file_stem: str, rows: int = 640) -> None:
    st.dataframe(table, hide_index=True, width="stretch", height=min(36 * (len(table) + 1) + 3, rows),
                 column_config={k: v for k, v in NARROW.items() if k in table.columns})
    excel_button(table, name, file_stem, f"units_excel_{file_stem}")


def targets_tab(report, filters) -> None:
    st.caption(t("units.targets_caption", period=format_period(filters.period.code)))
    if report.targets.empty:
        st.info(t("units.no_targets"))
        return
    show_table(views.targets_table(report.targets), "Chỉ tiêu", f"chi-tieu-{report.profile['code']}-{filters.period.code}")


def tasks_tab(report, filters) -> None:
    summary = report.summary()
    st.caption(t("units.tasks_caption", n=summary["tasks"], lead=summary["tasks_lead"],
                 partner=summary["tasks"] - summary["tasks_lead"], overdue=summary["tasks_overdue"],
                 date=format_date(filters.as_of)))
    if not report.tasks.empty:
        show_table(views.tasks_table(report.tasks), "Nhiệm vụ", f"nhiem-vu-{report.profile['code']}")


def indices_tab(report) -> None:
    scores = report.index_scores
    if scores.empty:
        st.info(t("units.no_indices"))
        return
    series = views.index_series(scores, "PAR_INDEX_INTERNAL")
    if len(series) >= 2:
        st.plotly_chart(index_trend(series, views.INDEX_NAMES["PAR_INDEX_INTERNAL"], bool(series["is_sample"].any())),
                        config=CHART_CONFIG, key="units_index_trend")
    show_table(views.index_table(scores), "Chỉ số", f"chi-so-{report.profile['code']}")
    for url in dict.fromkeys(scores["source_url"].dropna()):
        st.caption(t("units.source", url=url))


def submissions_tab(report) -> None:
    st.caption(t("units.submissions_caption"))
    if report.submissions.empty:
        st.info(t("units.no_submissions"))
        return
    show_table(views.submissions_table(report.submissions), "Báo cáo đã gửi", f"bao-cao-da-gui-{report.profile['code']}")


def compare_tab(report, filters, options) -> None:
    profile = report.profile
    if st.session_state.get("units_compare_for") != profile["code"]:   # a new unit: compare its own kind
        st.session_state["units_compare_for"] = profile["code"]
        st.session_state["units_cmp_kind"] = profile["kind"]
    left, middle, right = st.columns([1, 2, 1])
    kind = left.selectbox(t("units.cmp_kind"), views.UNIT_KINDS, format_func=views.KIND_NAMES.get, key="units_cmp_kind")
    choices = load_choices(cached.database_key(), kind, filters.plan_year)
    if not choices:
        st.info(t("units.cmp_nothing"))
        return
    choice = middle.selectbox(t("units.cmp_on"), list(choices), format_func=choices.get, key=f"units_cmp_{kind}")
    parent = None
    if kind == "commune":
        district = profile["code"] if profile["kind"] == "district" else profile["parent_code"]
        scopes = {"province": t("units.cmp_province")}
        names = dict(zip(options["code"], options["name"]))
        if district in names:
            scopes = {district: t("units.cmp_district", name=names[district]), **scopes}
        scope = right.selectbox(t("units.cmp_scope"), list(scopes), format_func=scopes.get, key="units_cmp_scope")
        parent = None if scope == "province" else scope
    comparison = load_comparison(cached.database_key(), kind, choice, filters.plan_year, filters.period.quarter, parent)
    if comparison.ranked.empty:
        st.info(t("units.cmp_empty"))
    else:
        st.plotly_chart(compare_bars(comparison.ranked, profile["code"], comparison.title, comparison.reference,
                                     comparison.reference_text, comparison.is_sample),
                        config=CHART_CONFIG, key="units_compare_chart")
    if comparison.missing:
        st.caption(t("units.cmp_missing", n=len(comparison.missing), names=", ".join(comparison.missing)))


def communes_tab(report, filters) -> None:
    targets = load_commune_targets(cached.database_key(), filters.plan_year)
    if not targets:
        st.info(t("units.no_targets"))
        return
    target = st.selectbox(t("units.communes_target"), list(targets), format_func=targets.get,
                          key="units_commune_target")
    communes = load_communes(cached.database_key(), report.profile["code"], target, filters.plan_year, filters.period.quarter)
    st.caption(t("units.communes_caption", n=len(communes), period=format_period(filters.period.code)))
    header = st.columns([3, 1, 1, 2, 1])
    for column, key in zip(header, ("name", "value", "period", "status", "open")):
        column.markdown(f"**{t('units.communes_' + key)}**")
    for row in communes.to_dict("records"):
        cells = st.columns([3, 1, 1, 2, 1], vertical_alignment="center")
        cells[0].markdown(row["name"])
        cells[1].markdown(row["text"])
        cells[2].markdown(row["period"] or "–")
        cells[3].markdown(status_text(row["status"]))
        cells[4].button(t("units.open"), key=f"units_open_{row['code']}", on_click=select, args=(row["code"],))


def render() -> None:
    filters = page_filters.current()
    st.title(t("units.title"))
    options = load_options(cached.database_key(), filters.plan_year)
    if options.empty:
        st.info(t("app.no_data"))
        return
    code = picker(options)
    report = load_report(cached.database_key(), code, filters.plan_year, filters.period.quarter, filters.as_of)
    headline(report)
    names = ["targets", "tasks", "indices", "submissions", "compare"]
    if report.profile["kind"] == "district":
        names.append("communes")
    tabs = dict(zip(names, st.tabs([t(f"units.tab.{name}") for name in names])))
    with tabs["targets"]:
        targets_tab(report, filters)
    with tabs["tasks"]:
        tasks_tab(report, filters)
    with tabs["indices"]:
        indices_tab(report)
    with tabs["submissions"]:
        submissions_tab(report)
    with tabs["compare"]:
        compare_tab(report, filters, options)
    if "communes" in tabs:
        with tabs["communes"]:
            communes_tab(report, filters)


guarded(render)
