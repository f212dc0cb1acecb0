"""The filters that matter on every page (plan year, period, as-of date, level), in one bar above the
pages, kept across pages and in the URL so a view can be bookmarked and sent (?period=2024-Q2&asof=…).
On a phone the bar folds into a one-line summary of the choices, which unfolds it when tapped (:mod:`web.style`
hides the bar there while the summary is folded; a desk shows the bar and never the summary).
A sample plan year (``plans.is_sample``) is offered but never chosen by default, is labelled "(mẫu)" in the
picker, and puts the "Kế hoạch mẫu" banner under the bar on every page.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from cchc import look, vocabulary
from cchc.formatting import format_date, format_period
from cchc.periods import Period, parse_period
from web import cached
from web.app import t

LEVELS = ("all", "province", "district", "commune")
AS_OF_KEPT = "f_asof_kept"     # the as-of date of the last run, outside the picker's own state
UNFOLDED = "f_unfolded"         # whether the phone's summary has unfolded the bar
UNIT_KINDS = ("all", *vocabulary.UNIT_KINDS)


@dataclass(frozen=True)
class Filters:
    """The shared choices of the filter bar."""

    plan_year: int
    period: Period
    as_of: date
    level: str
    unit_kind: str = "all"


def _plan_years() -> list[int]:
    return list(cached.plan_years()) or [date.today().year]


def _default_year(years: list[int]) -> int:
    """The newest plan year that is not a sample plan (a sample one is there to try, not to open on)."""
    sample = cached.sample_plan_years()
    return next((year for year in years if year not in sample), years[0])


def _year_labels(years: list[int]) -> dict[int, str]:
    """Each year as the picker shows it: "2026 (mẫu)" for a sample plan."""
    sample = cached.sample_plan_years()
    return {year: t("filters.sample_year", year=year) if year in sample else str(year) for year in years}


def _latest_quarter(year: int) -> int:
    return cached.latest_quarter(year) or 4


def latest_period() -> Period:
    """The newest real plan year's latest quarter with reports: where a view opens when nothing is chosen."""
    year = _default_year(_plan_years())
    return Period(year, _latest_quarter(year))


def sample_plan_banner(year: int) -> None:
    """Under the bar on every page while a sample plan year is chosen: it is not the official plan."""
    if is_sample_plan(year):
        st.warning(t("sample_plan.banner", year=year), icon=":material/science:")


def is_sample_plan(year: int) -> bool:
    """Whether the plan of ``year`` is a sample plan (``plans.is_sample``)."""
    return year in cached.sample_plan_years()


def sample_label(filters: Filters, sample_data: bool) -> str | None:
    """The label of what a page shows for these filters, when its plan or its data are samples, else None."""
    return look.sample_label(plan=is_sample_plan(filters.plan_year), data=sample_data)


def page_title(filters: Filters, title: str) -> None:
    """A page's title, marked "KẾ HOẠCH MẪU" on a sample plan year."""
    st.title(look.sample_title(title, plan=is_sample_plan(filters.plan_year), data=False))


def _from_url(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value else None


def _url_date(name: str) -> date | None:
    try:
        return date.fromisoformat(_from_url(name) or "")
    except ValueError:
        return None


def filter_bar() -> Filters:
    """Draw the bar (once per run, above the page) and return the current choices."""
    years = _plan_years()
    url_period = parse_period(_from_url("period"))
    if "f_year" not in st.session_state:
        st.session_state["f_year"] = url_period.year if url_period and url_period.year in years else \
            _default_year(years)
    summary = st.container(key="filter_summary_open" if st.session_state.get(UNFOLDED) else "filter_summary")
    columns = st.container(key="filter_bar").columns([1, 1, 1, 1, 1, 2])
    labels = _year_labels(years)      # read here: the picker may format its options outside this run
    year = columns[0].selectbox(t("filters.plan_year"), years, key="f_year", format_func=lambda y: labels.get(y, str(y)))
    quarters = {p.code: p for p in (Period(year, q) for q in range(1, 5))}
    if st.session_state.get("f_period") not in quarters:
        wanted = url_period if url_period and url_period.year == year and url_period.quarter else \
            Period(year, _latest_quarter(year))
        st.session_state["f_period"] = wanted.code
    period_code = columns[1].selectbox(t("filters.period"), list(quarters), key="f_period",
                                       format_func=format_period)
    period = quarters[period_code]
    if st.session_state.get("f_asof_period") != period_code:
        # A new period resets the as-of date to its last day; the first run takes the date from the URL.
        from_url = _url_date("asof") if "f_asof_period" not in st.session_state else None
        st.session_state["f_asof"] = from_url or period.end
        st.session_state["f_asof_period"] = period_code
    elif "f_asof" not in st.session_state:
        # A run that does not draw the bar (another page, or st.switch_page ending a run early) can drop the date
        # picker's state: it would then give today while still showing the date chosen. The date is kept apart
        # (AS_OF_KEPT) and put back.
        st.session_state["f_asof"] = st.session_state.get(AS_OF_KEPT) or _url_date("asof") or period.end
    as_of = columns[2].date_input(t("filters.as_of"), key="f_asof", format="DD/MM/YYYY")
    st.session_state[AS_OF_KEPT] = as_of
    if "f_level" not in st.session_state:
        st.session_state["f_level"] = _from_url("level") if _from_url("level") in LEVELS else "all"
    level = columns[3].selectbox(t("filters.level"), LEVELS, key="f_level", format_func=lambda v: t(f"level.{v}"))
    if "f_kind" not in st.session_state:
        st.session_state["f_kind"] = _from_url("kind") if _from_url("kind") in UNIT_KINDS else "all"
    kind = columns[4].selectbox(t("filters.unit_kind"), UNIT_KINDS, key="f_kind", format_func=lambda v: t(f"kind.{v}"))
    filters = Filters(year, period, as_of, level, kind)
    unfolded = bool(st.session_state.get(UNFOLDED))
    summary.button(summary_line(filters, labels.get(year, str(year))), key="f_summary", width="stretch",
                   icon=":material/expand_less:" if unfolded else ":material/tune:",
                   on_click=lambda: st.session_state.update({UNFOLDED: not unfolded}))
    st.query_params.update(view_params(filters))
    sample_plan_banner(year)
    return filters


def summary_line(filters: Filters, year_label: str) -> str:
    """The choices in one line, as the phone's folded bar shows them: "2024 · Quý IV/2024 · đến 31/12/2024 ·
    Mọi cấp" (the kind of unit only when one is chosen)."""
    parts = [year_label, format_period(filters.period.code), t("filters.summary_as_of", date=format_date(filters.as_of)),
             t("filters.summary_every_level") if filters.level == "all" else t(f"level.{filters.level}")]
    if filters.unit_kind != "all":
        parts.append(t(f"kind.{filters.unit_kind}"))
    return " · ".join(parts)


def current() -> Filters:
    """The filters chosen in this run (the bar is drawn by dashboard.py before the page)."""
    return st.session_state["filters"]


def view_params(filters: Filters) -> dict[str, str]:
    """The URL parameters of the view the filters show: a link (or a page switch) that carries them opens the
    same plan year, period, as-of date and filters."""
    return {"period": filters.period.code, "asof": filters.as_of.isoformat(), "level": filters.level,
            "kind": filters.unit_kind}
