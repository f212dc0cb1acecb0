"""What the comparison of provinces shows for one edition, finished, in the interface language: the headline
(Hà Tĩnh's rank nationally and in its region, always with how many provinces have data; the points to the next
rank and to the top 10), the ranked provinces, the components against the regional and national means with the
strongest and weakest named, and the rank over the years beside the region's provinces.

Built from :mod:`cchc.views.comparison` once per data version, edition and language. Texts are Markdown; every
value from the data in them is escaped (:mod:`cchc.text`).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import pandas as pd

from cchc.charts import comparison as pictures
from cchc.charts.common import MUTED, PALETTE
from cchc.charts.years import Point, Series, rank_axis, year_chart
from cchc.formatting import format_number, format_rank, score_cell
from cchc.i18n import translate
from cchc.page_models.blocks import Line, Metric, caption, markdown
from cchc.text import link_address, plain_markdown
from cchc.views.comparison import Comparison, Edition

STRONGEST = 2           # components named as strongest and as weakest
FLAGS = ("computed", "derived", "uncertain", "suspect")


@dataclass(frozen=True)
class ComparisonPage:
    """One edition."""

    heading: str
    metrics: tuple[Metric, ...]
    notes: tuple[Line, ...]
    ranked: str | None                    # pictures (cchc.charts.comparison, cchc.charts.years)
    ranked_table: pd.DataFrame            # every province with a value, columns named in the interface language
    components: str | None
    components_table: pd.DataFrame
    strengths: tuple[Line, ...]
    trend: str | None


def edition_label(edition: Edition, lang: str) -> str:
    """How an edition is offered in the pick list: "2024 · 61 tỉnh có số liệu (xếp hạng trong 63 tỉnh)"."""
    return translate("comparison.edition", lang, year=edition.year, count=edition.provinces, among=edition.among)


def _flag_text(flags: object, lang: str) -> str:
    if not isinstance(flags, str) or not flags:
        return ""
    return ", ".join(translate(f"indices.flag.{f}", lang) for f in flags.split(";") if f in FLAGS)


def _rank(rank: float, rank_of: float) -> str:
    return format_rank(int(rank), int(rank_of)) if pd.notna(rank) and pd.notna(rank_of) else "–"


def _metrics(view: Comparison, lang: str) -> tuple[Metric, ...]:
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    home = view.home
    count = len(view.totals)
    if home is None:
        return (Metric(t("comparison.metric.rank"), t("comparison.unpublished")),)
    flags = _flag_text(home["flags"], lang)
    national = Metric(t("comparison.metric.rank"), _rank(home["rank"], home["rank_of"]),
                      help=t("comparison.help.rank", count=count, among=view.edition.among),
                      lines=((caption(f"⚠ {flags}"),) if flags else ()) + (
                          caption(t("comparison.with_data", count=count, among=view.edition.among)),))
    region_rank = view.region_rank
    region = Metric(t("comparison.metric.region", region=view.region),
                    format_rank(*region_rank) if region_rank and region_rank[1] > 1 else "–",
                    help=t("comparison.help.region"),
                    lines=(caption(t("comparison.region_count", count=len(view.region_totals))),))
    score = Metric(t("comparison.metric.score"), view.scale.text(home["score"]) if pd.notna(home["score"])
                   else t("comparison.unpublished"))
    if pd.isna(home["rank"]) or home["rank"] <= 1:
        above = t("comparison.first") if pd.notna(home["rank"]) else "–"
    else:
        above = (t("comparison.points", points=format_number(view.next_rank_gap, 2))
                 if view.next_rank_gap is not None else t("comparison.no_scores"))
    # a short value (the projector's five columns are narrow), the sentence under it
    in_top10 = pd.notna(home["rank"]) and home["rank"] <= 10
    top10 = (t("comparison.reached") if in_top10 else
             t("comparison.points", points=format_number(view.top10_gap, 2)) if view.top10_gap is not None
             else t("comparison.no_scores"))
    return (national, region, score, Metric(t("comparison.metric.next_rank"), above),
            Metric(t("comparison.metric.top10"), top10,
                   lines=(caption(t("comparison.in_top10")),) if in_top10 else ()))


def _ranked(view: Comparison, lang: str) -> str | None:
    shown = view.shown
    if view.totals["score"].notna().sum() < 2:        # one score or none: nothing to place on an axis
        return None
    rows, last = [], -1
    for row in shown.itertuples():
        text = view.scale.text(row.score) if pd.notna(row.score) else translate("comparison.rank_only", lang)
        rows.append(pictures.Row(f"{int(row.rank)}. {row.name}", None if pd.isna(row.score) else float(row.score),
                                 text, bool(row.is_home), after_gap=row.place != last + 1 and last >= 0))
        last = row.place
    scores = view.totals["score"].dropna()
    low, high = float(scores.min()), float(scores.max())
    pad = (high - low) * 0.05 or 1.0
    low, high = low - pad, high + pad
    return pictures.ranked(rows, low, high, translate("comparison.ranked_title", lang, count=len(view.totals)),
                           translate("comparison.axis_note", lang, low=view.scale.text(low), high=view.scale.text(high)))


def _ranked_table(view: Comparison, lang: str) -> pd.DataFrame:
    def t(key: str) -> str:
        return translate(f"comparison.table.{key}", lang)

    totals = view.totals
    return pd.DataFrame({
        t("rank"): [_rank(r, o) for r, o in zip(totals["rank"], totals["rank_of"])],
        t("province"): totals["name"],
        t("region"): totals["subregion"],
        t("score"): [view.scale.cell(s) for s in totals["score"]],
        t("flags"): [_flag_text(f, lang) for f in totals["flags"]],
    })


def _components(view: Comparison, lang: str) -> tuple[str | None, pd.DataFrame, tuple[Line, ...]]:
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    parts = view.components
    table = pd.DataFrame({
        t("comparison.components.name"): parts["name"],
        t("comparison.components.score"): [score_cell(s) for s in parts["score"]],
        t("comparison.components.rank"): [_rank(r, o) for r, o in zip(parts["rank"], parts["rank_of"])],
        t("comparison.components.region_mean", region=view.region): [score_cell(s) for s in parts["region_mean"]],
        t("comparison.components.national_mean"): [score_cell(s) for s in parts["national_mean"]],
    })
    if parts.empty:
        return None, table, ()
    words = {"home": t("comparison.components.home"), "region_mean": t("comparison.components.region_mean",
                                                                      region=view.region),
             "national_mean": t("comparison.components.national_mean")}
    drawn = [pictures.Part(p.name, None if pd.isna(p.score) else float(p.score),
                           None if pd.isna(p.region_mean) else float(p.region_mean),
                           None if pd.isna(p.national_mean) else float(p.national_mean), 0.0,
                           float(p.max_score) if pd.notna(p.max_score) else float(parts["score"].max()),
                           " · ".join(x for x in (format_number(p.score, 2) if pd.notna(p.score) else "",
                                                  t("comparison.components.rank_text", rank=_rank(p.rank, p.rank_of))
                                                  if pd.notna(p.rank) else "") if x))
             for p in parts.itertuples()]
    picture = pictures.components(drawn, t("comparison.components.title", name=view.edition.index_code,
                                           year=view.edition.year), words)
    ranked = parts[parts["rank"].notna()].sort_values("rank")
    lines: tuple[Line, ...] = ()
    if len(ranked) >= 2 * STRONGEST:
        def named(frame: pd.DataFrame) -> str:
            return "; ".join(f"{plain_markdown(r.name)} ({t('comparison.components.rank_text', rank=_rank(r.rank, r.rank_of))})"
                             for r in frame.itertuples())

        lines = (markdown(t("comparison.strongest", items=named(ranked.head(STRONGEST)))),
                 markdown(t("comparison.weakest", items=named(ranked.tail(STRONGEST).iloc[::-1]))))
    return picture, table, lines


def _trend(view: Comparison, lang: str) -> str | None:
    trend = view.trend[view.trend["rank"].notna()]
    if trend.empty or trend["year"].nunique() < 2:
        return None
    series = []
    others = [c for c in PALETTE[1:] if c not in (pictures.REGION_COLOUR,)]
    for number, (_, rows) in enumerate(trend.groupby("code", sort=False)):
        home = bool(rows["is_home"].iloc[0])
        points = tuple(Point(int(r.year), float(r.rank), _rank(r.rank, r.rank_of) if home else "",
                             translate("comparison.trend_point", lang, name=r.name, year=int(r.year),
                                       rank=_rank(r.rank, r.rank_of)),
                             flagged=isinstance(r.flags, str) and bool(r.flags))
                       for r in rows.sort_values("year").itertuples())
        colour = pictures.HOME_COLOUR if home else (others[(number - 1) % len(others)] if others else MUTED)
        series.append(Series(str(rows["name"].iloc[0]), colour, points, width=4 if home else 2))
    series.reverse()                  # Hà Tĩnh drawn last, on top
    deepest = max(float(trend["rank_of"].max()), float(trend["rank"].max()))
    return year_chart(translate("comparison.trend_title", lang, region=view.region, among=view.edition.among),
                      series, rank_axis(deepest, translate("indices.chart.rank_axis", lang)),
                      flagged=translate("indices.chart.flagged", lang))


def comparison_page(view: Comparison, lang: str) -> ComparisonPage:
    """The page of one edition (see the module)."""
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    edition = view.edition
    notes: list[Line] = []
    if not view.is_national:
        notes.append(caption("ⓘ " + t("comparison.not_national", count=len(view.totals), among=edition.among)))
    if view.totals["flags"].fillna("").str.contains("computed").any():
        notes.append(caption("⚠ " + t("comparison.computed_note")))
    sources = sorted({s for s in view.totals.get("source_url", pd.Series(dtype=str)).dropna()})
    components_picture, components_table, strengths = _components(view, lang)
    return ComparisonPage(
        heading=t("comparison.heading", name=plain_markdown(view.name), year=edition.year,
                  count=len(view.totals), among=edition.among),
        metrics=_metrics(view, lang), notes=tuple(notes) + tuple(caption(t("comparison.source", host=plain_markdown(urlparse(s).netloc), url=link_address(s)))
                                                                   for s in sources[:3]),
        ranked=_ranked(view, lang), ranked_table=_ranked_table(view, lang), components=components_picture,
        components_table=components_table, strengths=strengths, trend=_trend(view, lang))

