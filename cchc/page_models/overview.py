"""What the overview page shows, finished: a card per national index (value, change, rank, trend, notes and
source) and the plan year at a glance (targets by status, overdue tasks, units that have not reported).

Everything is text ready to draw, in the interface language, plus the pictures (HTML); the page only lays
it out. The texts are Markdown; every value from the data in them is escaped (:mod:`cchc.text`). Built once
per data version and shared by every session (:mod:`web.cached`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

import pandas as pd

from cchc import look
from cchc.charts.common import PALETTE
from cchc.charts.pictures import trend_line
from cchc.charts.targets import status_bar
from cchc.formatting import format_date, format_index_score, format_period, format_rank, format_signed
from cchc.i18n import translate
from cchc.metrics import target_status
from cchc.metrics.target_status import status_text
from cchc.metrics.task_state import OVERDUE
from cchc.periods import Period
from cchc.text import link_address, markdown_link, plain_markdown
from cchc.views.index_summary import IndexSummary, comparable_ranks, summarise
from cchc.views.indices import RANK_FLAGS

SHOWN_OVERDUE, SHOWN_MISSING = 5, 8


@dataclass(frozen=True)
class IndexCard:
    """One national index on the overview."""

    code: str
    label: str                 # "PAR INDEX 2024"
    value: str                 # "89,72%", or "Hạng 7/34" when only a rank is published
    delta: str | None          # "+1,37 điểm so với 2023" (an ASCII sign, which st.metric colours)
    help: str
    rank_line: str             # markdown: "Xếp hạng: **15/63** · :green[▲ tăng 3 bậc]"
    trend: str | None          # the trend line (HTML), None with fewer than two points
    notes: tuple[str, ...]     # captions: flags, a later year without a value, the source


@dataclass(frozen=True)
class PlanSummary:
    """The plan year at a glance, for one period and as-of date."""

    is_sample: bool
    headline: str                           # markdown: "**19/52** chỉ tiêu đã đạt · …", first on the page
    status_title: str                       # the chart's title, marked on a sample plan year or sample data
    status_chart: str                       # the targets by status, as shares (HTML)
    targets_title: str
    status_lines: tuple[str, ...]
    overdue_title: str
    overdue_count: int
    overdue_lines: tuple[str, ...]
    missing_title: str
    missing_count: int
    missing_lines: tuple[str, ...]
    missing_more: str | None


def _rank_change_text(summary: IndexSummary, lang: str) -> str:
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    if summary.rank is None or summary.previous_year is None:
        return ""
    previous = summary.series[summary.series["year"] == summary.previous_year].iloc[0]
    if summary.rank_change is None and pd.notna(previous["rank"]) and \
            not comparable_ranks(previous["rank_of"], summary.rank_of):
        return " · " + t("overview.rank_base_changed", before=int(previous["rank_of"]), after=summary.rank_of)
    if summary.rank_change is None:
        return ""
    if summary.rank_change > 0:
        return " · :green[▲ " + t("overview.rank_up", n=summary.rank_change) + "]"
    if summary.rank_change < 0:
        return " · :red[▼ " + t("overview.rank_down", n=-summary.rank_change) + "]"
    return " · " + t("overview.rank_same")


def _trend(summary: IndexSummary, lang: str) -> str | None:
    """Scores by year when there are two or more; otherwise ranks on the latest ranking basis."""
    series = summary.series
    scored = series.dropna(subset=["score"])
    if len(scored) >= 2:
        texts = [translate("overview.trend_point", lang, year=int(year),
                           value=format_index_score(score, summary.display_unit, summary.max_score))
                 for year, score in zip(scored["year"], scored["score"])]
        return trend_line(list(scored["year"].astype(int)), list(scored["score"].astype(float)), texts, PALETTE[0])
    ranked = series[[comparable_ranks(of, summary.rank_of) for of in series["rank_of"]]].dropna(subset=["rank"])
    if len(ranked) < 2:
        return None
    texts = [translate("overview.trend_rank_point", lang, year=int(year), rank=format_rank(rank, of))
             for year, rank, of in zip(ranked["year"], ranked["rank"], ranked["rank_of"])]
    return trend_line(list(ranked["year"].astype(int)), list(ranked["rank"].astype(float)), texts, PALETTE[0],
                      reversed_axis=True)


def index_card(summary: IndexSummary, lang: str) -> IndexCard:
    """The card of one index."""
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    delta = None
    if summary.score_change is not None:
        # st.metric colours the delta by its leading "-", so keep an ASCII sign here.
        delta = t("overview.score_change", change=format_signed(summary.score_change).replace("−", "-"),
                  year=summary.previous_year)
    rank = format_rank(summary.rank, summary.rank_of) if summary.rank else None
    change = _rank_change_text(summary, lang)
    if summary.score is not None:
        value = format_index_score(summary.score, summary.display_unit, summary.max_score)
        if not rank:
            rank_line = t("overview.no_rank") + change
        elif summary.flag in RANK_FLAGS:        # a rank not published as such says how it was found, beside it
            rank_line = t("overview.rank_flagged", rank=rank, flag=t(f"indices.flag.{summary.flag}")) + change
        else:
            rank_line = t("overview.rank", rank=rank) + change
    else:       # only a rank is published (DTI for Hà Tĩnh, derived years)
        value, delta = t("overview.rank_value", rank=rank), None
        rank_line = t("overview.no_score_published") + change
    notes = []
    if summary.flag:
        notes.append("⚠ " + t(f"overview.flag.{summary.flag}", note=plain_markdown(summary.note)))
    if summary.later_gap:
        notes.append(t("overview.later_gap", gap=plain_markdown(summary.later_gap)))
    notes.append(t("overview.source", host=plain_markdown(urlparse(summary.source_url).netloc),
                   url=link_address(summary.source_url)))
    help_text = t("overview.help", year=summary.year, url=markdown_link(summary.source_url))
    return IndexCard(summary.index_code, t("overview.score_label", name=t(f"index.{summary.index_code}"), year=summary.year),
                     value, delta, help_text, rank_line, _trend(summary, lang), tuple(notes))


def index_cards(headline_scores: pd.DataFrame, lang: str) -> list[IndexCard]:
    """A card per headline index with a published value (rows of :func:`cchc.store.queries.headline_scores`)."""
    return [index_card(summary, lang) for summary in summarise(headline_scores)]


def plan_summary(targets: pd.DataFrame, tasks: pd.DataFrame, missing: pd.DataFrame, plan_year: int, period: Period,
                 as_of: date, lang: str, sample_plan: bool = False) -> PlanSummary:
    """Targets by status (``target_progress``), overdue tasks (``task_progress``) and the units whose reports
    of ``period`` have not come in (``missing_reports``), as the overview's three boxes."""
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    counts = targets["status"].value_counts()
    overdue = tasks[tasks["state"] == OVERDUE]
    units = missing.drop_duplicates("unit_code")
    reports = missing.groupby("unit_code", sort=False)["report"].agg(tuple)
    kinds = {"targets": t("overview.report.targets"), "tasks": t("overview.report.tasks")}
    is_sample = bool(targets["is_sample"].any() or tasks["is_sample"].any())
    status_title = look.sample_title(t("overview.status_chart", year=plan_year, period=format_period(period.code)),
                                     plan=sample_plan, data=is_sample)
    return PlanSummary(
        is_sample=is_sample,
        headline=t("overview.headline", met=int(counts.get(target_status.MET, 0)), total=len(targets),
                   behind=int(counts.get(target_status.BEHIND, 0)), at_risk=int(counts.get(target_status.AT_RISK, 0)),
                   overdue=len(overdue), missing=len(units), period=format_period(period.code)),
        status_chart=status_bar({s: int(counts.get(s, 0)) for s in target_status.STATUSES}, status_title),
        status_title=status_title,
        targets_title=t("overview.targets_title", year=plan_year, period=format_period(period.code)),
        status_lines=tuple(f"{status_text(status)}: **{int(counts.get(status, 0))}**" for status in target_status.STATUSES),
        overdue_title=t("overview.overdue_title", date=format_date(as_of)),
        overdue_count=len(overdue),
        overdue_lines=tuple(t("overview.overdue_line", code=plain_markdown(row["code"]),
                              activity=plain_markdown(row["activity"] or row["task"]),
                              due=format_date(row["due_date"]), lead=plain_markdown(row["lead_text"]))
                            for row in overdue.head(SHOWN_OVERDUE).to_dict("records")),
        missing_title=t("overview.missing_title", period=format_period(period.code)),
        missing_count=len(units),
        missing_lines=tuple(t("overview.missing_line", name=plain_markdown(row["name"]),
                              kinds=", ".join(kinds[k] for k in reports[row["unit_code"]]))
                            for row in units.head(SHOWN_MISSING).to_dict("records")),
        missing_more=t("overview.missing_more", n=len(units) - SHOWN_MISSING) if len(units) > SHOWN_MISSING else None,
    )
