"""What the units page shows about one unit, finished, in the interface language: the heading, the four
headline metrics, and each tab's caption, table or chart; and the ranked bars of a comparison with the
chosen unit picked out. A unit viewed for a period when it did not exist says so first, with what it became (or
was formed from) and the plan years it existed in, each a link to its results then; it has no headline metrics
and no table of the period of its own (:func:`cchc.views.units.presence`).

Built from :mod:`cchc.views.units` once per data version, unit, period and as-of date. The captions are
Markdown; every value from the data in them is escaped (:mod:`cchc.text`). The tables are shown as plain
text by ``st.dataframe`` and keep the values as they are.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from urllib.parse import urlencode

import pandas as pd

from cchc.charts.common import Figure
from cchc.charts.units import compare_bars, index_trend
from cchc.formatting import format_date, format_number, format_period
from cchc.i18n import translate
from cchc.metrics.target_status import status_text
from cchc.page_models.blocks import Metric
from cchc.periods import Period
from cchc.text import markdown_link, plain_markdown
from cchc.views import units as views

UNITS_PATH = "don-vi"   # the Units page's address (dashboard.py), relative so it works under any base path


@dataclass(frozen=True)
class UnitOptions:
    """The units one can pick in a period, and the label of each unit (any unit can be reached by its link)."""

    frame: pd.DataFrame               # the listed rows of :func:`cchc.views.units.unit_options`
    codes: tuple[str, ...]            # the units listed: those existing on the period's last day
    labels: dict[str, str]            # code → "name (district) · kind", for every unit (listed or reachable)
    names: dict[str, str]             # code → name


@dataclass(frozen=True)
class UnitPage:
    code: str
    kind: str
    parent_code: str | None
    name: str
    facts: str
    metrics: tuple[Metric, ...]
    is_sample: bool
    targets_caption: str
    targets: pd.DataFrame | None      # None: the unit reports no target
    tasks_caption: str
    tasks: pd.DataFrame | None
    index_trend: Figure | None
    indices: pd.DataFrame | None      # None: no index result
    index_sources: tuple[str, ...]
    submissions: pd.DataFrame | None  # None: nothing sent this plan year
    became: tuple[str, ...] = ()      # what a unit that ended became, with links (Markdown)
    formed_from: tuple[str, ...] = () # the units it was formed from, with links (Markdown)
    combined: tuple[str, ...] = ()    # the quarters shown with former units' combined values, which units
    absent: str | None = None         # the unit did not exist in the period: why, and what it belongs to now
    history: tuple[str, ...] = ()     # with ``absent``: the plan years it existed in, with links to them
    tabs: tuple[str, ...] = ("targets", "tasks", "indices", "submissions", "compare")   # the tabs shown, in order


class CommuneRow(NamedTuple):
    """One commune of a district on one target, as the district's page lists it."""

    code: str
    name: str
    text: str                         # the latest value, written out
    period: str                       # the quarter it is from ("–" when none)
    status: str                       # the status, with its shape


@dataclass(frozen=True)
class ComparisonChart:
    chart: Figure | None              # None: nobody has reported it
    missing: str | None               # the caption naming the units that have not reported


def unit_options(options: pd.DataFrame) -> UnitOptions:
    labels = dict(zip(options["code"], options["label"] + " · " + options["kind_name"]))
    listed = options[options["listed"]].reset_index(drop=True)
    return UnitOptions(listed, tuple(listed["code"]), labels, dict(zip(options["code"], options["name"])))


def unit_link(code: str, name: str, period_code: str, as_of: date) -> str:
    """A Markdown link to a unit's page on the same view: period and as-of date (the page reads ?unit=, ?period=
    and ?asof=; a link opened in the same session keeps the other filters)."""
    view = {"unit": code, "period": period_code, "asof": as_of.isoformat()}
    return f"[{plain_markdown(name)}]({UNITS_PATH}?{urlencode(view)})"


def _links(units: tuple[tuple[str, str], ...], period_code: str, as_of: date) -> str:
    return ", ".join(unit_link(code, name, period_code, as_of) for code, name in units)


def _history(report: views.UnitReport, period_code: str, as_of: date, lang: str
             ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the unit became and what it was formed from, one sentence per step."""
    def line(prefix: str, change: views.UnitChange) -> str:
        text = translate(f"{prefix}.{change.kind}", lang, date=format_date(change.day),
                         units=_links(change.units, period_code, as_of))
        return text if change.verified else f"{text} {translate('units.unverified', lang)}"
    return (tuple(line("units.became", c) for c in report.became),
            tuple(line("units.formed", c) for c in report.formed_from))


def _combined(report: views.UnitReport, plan_year: int, period_code: str, as_of: date, lang: str) -> tuple[str, ...]:
    """The label of the former units' combined values: which quarters, which units, which were left out."""
    lines = []
    for shown in report.combined:
        quarters = format_period(str(plan_year)) if shown.quarters == (1, 2, 3, 4) else \
            ", ".join(format_period(f"{plan_year}-Q{q}") for q in shown.quarters)
        lines.append(translate("units.combined", lang, quarters=quarters, n=len(shown.sources),
                               units=_links(shown.sources, period_code, as_of)))
        if shown.excluded:
            lines.append(translate("units.combined_excluded", lang,
                                   units=_links(shown.excluded, period_code, as_of)))
    return tuple(lines)


def _absent(report: views.UnitReport, period_code: str, as_of: date, lang: str) -> str:
    """Why the unit is not in the period (Markdown): ended, and what it belongs to now; or not formed yet."""
    profile = report.profile
    name, period = plain_markdown(profile["name"]), format_period(period_code)
    if report.presence == views.NOT_YET:
        lines = [translate("units.absent.not_yet", lang, name=name, period=period,
                           date=format_date(profile["valid_from"]))]
    else:
        lines = [translate("units.absent.ended", lang, name=name, period=period, date=format_date(profile["valid_to"]))]
        if report.now:
            key = "units.absent.now_split" if any(s.split for s in report.now) else "units.absent.now_in"
            lines.append(translate(key, lang, units=_links(tuple((s.code, s.name) for s in report.now), period_code,
                                                            as_of)))
    # Before it was formed, its targets tab holds its former units' combined values: those are not its own.
    former = report.presence == views.NOT_YET and not report.targets.empty
    lines.append(translate("units.absent.former_values" if former else "units.absent.nothing_due", lang))
    return " ".join(lines)


def _active(report: views.UnitReport, lang: str) -> tuple[str, ...]:
    """The plan years the unit existed in, each with a link to its page on the quarter it opens."""
    code = report.profile["code"]
    lines = []
    for active in report.active:
        year = translate("filters.sample_year", lang, year=active.plan_year) if active.is_sample \
            else str(active.plan_year)
        quarters = translate("units.history.whole_year", lang) if active.quarters == (1, 2, 3, 4) else \
            ", ".join(format_period(f"{active.plan_year}-Q{q}") for q in active.quarters)
        shown = Period(active.plan_year, active.shown)
        link = unit_link(code, translate("units.history.open", lang, period=format_period(shown.code)), shown.code,
                         shown.end)
        lines.append(translate("units.history.period", lang, plan=translate("units.history.plan", lang, year=year),
                               quarters=quarters, link=link))
    return tuple(lines) or (translate("units.history.none", lang),)


def _tabs(report: views.UnitReport) -> tuple[str, ...]:
    """The tabs of the page: out of its period, only the former units' targets and the unit's index results
    (each of its own year), those there are."""
    if report.presence != views.EXISTS:
        return (("targets",) if not report.targets.empty else ()) + \
            (("indices",) if not report.index_scores.empty else ())
    tabs = ("targets", "tasks", "indices", "submissions", "compare")
    return (*tabs, "communes") if report.profile["kind"] == "district" else tabs


def _metrics(report: views.UnitReport, summary: dict, lang: str) -> tuple[Metric, ...]:
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    by_status = " · ".join(f"{status_text(k)}: {n}" for k, n in summary["targets_by_status"].items())
    rank = views.latest_rank(report.index_scores)
    label = t("units.m_rank_sample" if rank and rank["is_sample"] else "units.m_rank", year=rank["year"]) if rank \
        else t("units.m_rank_none")
    return (
        Metric(t("units.m_targets"), f"{summary['targets_met']}/{summary['targets']}", help=by_status or None),
        Metric(t("units.m_overdue"), f"{summary['tasks_overdue']}/{summary['tasks']}"),
        Metric(t("units.m_submissions"), format_number(summary["submissions"]),
               help=t("units.m_submissions_help", late=summary["late"], rejected=summary["rejected"])),
        Metric(label, rank["text"] if rank else "–"),
    )


def unit_page(report: views.UnitReport, period_code: str, as_of: date, lang: str) -> UnitPage:
    """The page of one unit, from :func:`cchc.views.units.unit_report`."""
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    profile, summary = report.profile, report.summary()
    facts = [profile["kind_name"], t("units.code", code=plain_markdown(profile["code"]))]
    if profile["parent_name"]:
        facts.insert(1, t("units.parent", name=plain_markdown(profile["parent_name"])))
    if profile["valid_from"]:
        facts.append(t("units.valid_from", date=format_date(profile["valid_from"])))
    if profile["valid_to"]:
        facts.append(t("units.valid_to", date=format_date(profile["valid_to"])))
    scores = report.index_scores
    became, formed = _history(report, period_code, as_of, lang)
    exists = report.presence == views.EXISTS
    series = views.index_series(scores, "PAR_INDEX_INTERNAL") if not scores.empty else scores
    trend = index_trend(series, views.INDEX_NAMES["PAR_INDEX_INTERNAL"], bool(series["is_sample"].any())) \
        if len(series) >= 2 else None
    return UnitPage(
        code=profile["code"], kind=profile["kind"], parent_code=profile["parent_code"], name=profile["name"],
        facts=" · ".join(facts), metrics=_metrics(report, summary, lang) if exists else (),
        is_sample=report.is_sample,
        targets_caption=t("units.targets_caption_combined" if report.combined else "units.targets_caption",
                          period=format_period(period_code)),
        targets=None if report.targets.empty else views.targets_table(report.targets),
        tasks_caption=t("units.tasks_caption", n=summary["tasks"], lead=summary["tasks_lead"],
                        partner=summary["tasks"] - summary["tasks_lead"], overdue=summary["tasks_overdue"],
                        date=format_date(as_of)),
        tasks=None if report.tasks.empty else views.tasks_table(report.tasks),
        index_trend=trend,
        indices=None if scores.empty else views.index_table(scores),
        index_sources=tuple(t("units.source", url=markdown_link(url))
                            for url in dict.fromkeys(scores["source_url"].dropna())),
        submissions=None if report.submissions.empty else views.submissions_table(report.submissions),
        became=became, formed_from=formed,
        combined=_combined(report, int(period_code[:4]), period_code, as_of, lang),
        absent=None if exists else _absent(report, period_code, as_of, lang),
        history=() if exists else _active(report, lang), tabs=_tabs(report),
    )


def commune_rows(communes: pd.DataFrame) -> tuple[CommuneRow, ...]:
    """The rows of :func:`cchc.views.units.district_communes` as the page lists them."""
    return tuple(CommuneRow(code, name, text, period or "–", status_text(status)) for code, name, text, period, status
                 in zip(communes["code"], communes["name"], communes["text"], communes["period"], communes["status"]))


def comparison_chart(comparison: views.Comparison, highlight: str, lang: str) -> ComparisonChart:
    """The ranked bars of a comparison with the unit ``highlight`` picked out."""
    chart = None if comparison.ranked.empty else compare_bars(
        comparison.ranked, highlight, comparison.title, comparison.reference, comparison.reference_text,
        comparison.is_sample)
    missing = translate("units.cmp_missing", lang, n=len(comparison.missing),
                        names=plain_markdown(", ".join(comparison.missing))) \
        if comparison.missing else None
    return ComparisonChart(chart, missing)
