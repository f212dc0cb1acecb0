"""What the indices page shows, finished, in the interface language: for one national index the headline
metrics, the notes, the score and rank charts, the table by year and the components of each year; and the
internal PAR INDEX of one year, block by block.

Built from :mod:`cchc.views.indices` once per data version (and index, plan year, language; or year and
filters for the internal ranking). The texts are Markdown; every value from the data in them (notes, names,
sources, file names) is escaped (:mod:`cchc.text`).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cchc.charts.common import Figure
from cchc.charts.indices import components_chart, internal_chart, rank_chart, score_chart
from cchc.formatting import format_score, number_cell, score_cell, signed_cell
from cchc.i18n import translate
from cchc.missing import is_missing
from cchc.page_models.blocks import Line, Metric, caption, markdown
from cchc.text import markdown_link, plain_markdown
from cchc.views import indices as views

WORDS = ("province", "avg", "top", "score_title", "rank_title", "rank_axis", "rank_line", "after_merger",
         "base_changed", "target_score", "target_rank", "point_score", "point_avg", "point_top", "point_rank",
         "flag_derived", "flag_computed", "flag_uncertain", "flag_suspect", "flagged", "max", "score", "previous", "components_title",
         "hover_component", "hover_previous", "hover_internal")
STATUS_MARKS = {"met": ":green[● {text}]", "missed": ":red[■ {text}]", "no_value": "○ {text}"}


@dataclass(frozen=True)
class ComponentsYear:
    chart: Figure | None                  # None: only ranks that year
    table: pd.DataFrame
    notes: tuple[str, ...]


@dataclass(frozen=True)
class IndexPage:
    """One national index."""

    code: str
    heading: str
    headline: tuple[Metric, ...]          # five columns; empty when the index has no published value
    notes: tuple[str, ...]
    score_chart: str | None               # pictures (cchc.charts.years)
    rank_chart: str | None
    years: pd.DataFrame                   # the table by year, columns named in the interface language
    source_columns: tuple[str, ...]       # its columns that hold links
    components: dict[int, ComponentsYear]   # latest year first


@dataclass(frozen=True)
class InternalBlock:
    block: str                            # department, central_agency, district, commune
    chart: Figure
    caption: str


@dataclass(frozen=True)
class InternalYear:
    """The internal PAR INDEX of one year, with the filter bar's level and kind of unit."""

    is_sample: bool
    blocks: tuple[InternalBlock, ...]
    source: str
    published: pd.DataFrame | None        # columns named in the interface language
    published_title: str


def words(lang: str) -> dict[str, str]:
    """Chart labels in the interface language (hover templates keep Plotly's %{…} fields)."""
    return {key: translate(f"indices.chart.{key}", lang) for key in WORDS}


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _target_text(target: views.TargetCheck, lang: str) -> str:
    key = f"indices.target.{target.status}_{target.kind}" if target.status == "missed" else f"indices.target.{target.status}"
    outcome = translate(key, lang, actual=target.actual_text, gap=target.gap_text, year=target.year)
    return STATUS_MARKS[target.status].format(text=outcome)


def _headline(view: views.IndexView, plan_year: int, lang: str) -> tuple[Metric, ...]:
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    latest = view.latest
    if latest is None:
        return ()
    year = int(latest["year"])
    score = latest["score_text"] if latest["score_text"] != "–" else t("indices.metric.no_score")
    metrics = [Metric(t("indices.metric.score", year=year), score,
                      help=t("indices.source", url=markdown_link(latest["source_url"]))),
               Metric(t("indices.metric.rank", year=year), latest["rank_text"])]
    if view.targets:
        target = view.targets[-1]
        lines: list[Line] = [markdown(_target_text(target, lang))]
        if target.target_code:
            lines.append(caption(t("indices.target.from_plan", code=target.target_code)))
        metrics.append(Metric(t("indices.metric.target", year=target.year),
                              t(f"indices.target.{target.kind}", value=target.value_text),
                              help=plain_markdown(target.note) or None,
                              lines=tuple(lines)))
    else:
        metrics.append(Metric(t("indices.metric.target", year=plan_year), t("indices.target.none")))
    for key, label in (("avg", "indices.metric.avg"), ("top", "indices.metric.top")):
        known = views.national_for(view.national, key, year)
        if known:
            top_lines = (caption(plain_markdown(known["top_name"])),) \
                if key == "top" and known["top_name"] == known["top_name"] else ()
            metrics.append(Metric(t(label, year=known["year"]), known[f"{key}_text"],
                                  help=t("indices.source", url=markdown_link(known[f"{key}_source"])), lines=top_lines))
        else:
            metrics.append(Metric(t(label, year=year), "–"))
    return tuple(metrics)


def _notes(view: views.IndexView, lang: str) -> tuple[str, ...]:
    """Every derived or uncertain value and every change of ranking base, in words."""
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    notes = []
    for flag, years in view.flag_years.items():
        if flag in views.RANK_FLAGS:
            notes.append("⚠ " + t(f"indices.note.{flag}", years=", ".join(map(str, years))))
    for year, flag, note in view.flag_notes:
        notes.append("⚠ " + t(f"indices.note.{flag}", year=year, note=plain_markdown(note)))
    if view.base_changes:
        bases = " → ".join(t("indices.note.base", n="/".join(map(str, b["rank_of"])), years=_span(b["years"]))
                           for b in view.base_changes)
        notes.append("⚠ " + t("indices.note.base_changed", bases=bases))
    if view.mixed_counts:
        notes.append("ⓘ " + t("indices.note.mixed_counts", counts=", ".join(map(str, view.mixed_counts))))
    for row in view.other_bases.itertuples():
        notes.append("ⓘ " + t("indices.note.other_base", year=int(row.year), rank=row.rank_text,
                              source=plain_markdown(row.source)))
    return tuple(notes)


def _components(view: views.IndexView, labels: dict[str, str], lang: str) -> dict[int, ComponentsYear]:
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    frame = view.components
    out = {}
    for year in sorted({int(y) for y in frame["year"]}, reverse=True):
        shown = frame[frame["year"] == year]
        chart = None
        if shown["score"].notna().sum() >= 2:
            chart = components_chart(shown, {**labels, "components_title": t("indices.chart.components_title", year=year),
                                             "previous": t("indices.chart.previous_year", year=year - 1)})
        table = shown[["name_vi", "rank_text", "source_url"]].assign(
            score_text=[number_cell(v, 2) for v in shown["score"]], max_text=[score_cell(v) for v in shown["max_score"]],
            previous_text=[number_cell(v, 2) for v in shown["previous"]],
            change_text=[signed_cell(v) for v in shown["change"]],
        )[["name_vi", "score_text", "max_text", "previous_text", "change_text", "rank_text", "source_url"]]
        table = table.rename(columns=lambda c: t(f"indices.components.{c}"))
        notes = tuple("⚠ " + t("indices.components.flag", year=year, flag=t(f"indices.flag.{flag}"),
                                note=plain_markdown(part["note"].iloc[0]))
                      for flag, part in shown[shown["flag"].notna()].groupby("flag"))
        out[year] = ComponentsYear(chart, table, notes)
    return out


def index_page(view: views.IndexView, plan_year: int, lang: str) -> IndexPage:
    """The page of one index, from :func:`cchc.views.indices.index_view`."""
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    labels = words(lang)
    table = views.year_table(view)
    table["flags"] = [", ".join(t(f"indices.flag.{f}") for f in flags) for flags in table["flags"]]
    table = table.rename(columns=lambda c: t(f"indices.table.{c}"))
    has_scores = bool(view.yearly["score"].notna().any())
    return IndexPage(
        code=view.index_code,
        heading=f"**{plain_markdown(view.name)}** · {plain_markdown(view.publisher)}",
        headline=_headline(view, plan_year, lang),
        notes=_notes(view, lang),
        score_chart=score_chart(view, labels) if has_scores else None,
        rank_chart=rank_chart(view, labels) if len(view.ranks) else None,
        years=table,
        source_columns=(t("indices.table.source"), t("indices.table.national_source")),
        components=_components(view, labels, lang),
    )


def internal_year(rows: pd.DataFrame, year: int, level: str, unit_kind: str, lang: str) -> InternalYear:
    """The internal PAR INDEX of ``year`` (rows of :func:`cchc.views.indices.internal_rows`)."""
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    ranking = views.internal_ranking(rows, year, level, unit_kind)
    sample = " " + t("indices.internal.sample_suffix") if ranking.is_sample else ""
    labels = words(lang)
    blocks = []
    for block, frame in ranking.blocks.items():
        title = t(f"indices.block.{block}") + f" — {year}{sample}"
        block_labels = {**labels, "block_average": t("indices.internal.average", value=ranking.average_texts[block])}
        first, last = frame.iloc[0], frame.iloc[-1]
        blocks.append(InternalBlock(
            block, internal_chart(frame, ranking.averages[block], title, block_labels),
            t("indices.internal.extremes", first=plain_markdown(first["name"]), first_score=first["score_text"],
              last=plain_markdown(last["name"]),
              last_score=last["score_text"], average=ranking.average_texts[block])))
    source = t("indices.internal.source", files=plain_markdown(", ".join(ranking.files))) if ranking.blocks else \
        t("indices.internal.no_reported", year=year)
    published = None
    if len(ranking.published):
        published = ranking.published.assign(
            block=[t(f"indices.block.{k}") for k in ranking.published["kind"]],
            score_text=[score_cell(s, "" if is_missing(m) else "/" + format_score(m))
                        for s, m in zip(ranking.published["score"], ranking.published["max_score"])],
            # a rank of a whole ("1") is a number; one out of a count ("1/13") stays as written
            rank_text=[number_cell(r) if is_missing(o) else text for r, o, text in
                       zip(ranking.published["rank"], ranking.published["rank_of"], ranking.published["rank_text"])],
            flag=[t(f"indices.flag.{f}") if f == f and f else "" for f in ranking.published["flag"]],
        )[["block", "rank_text", "name", "score_text", "flag", "source_url"]]
        published = published.rename(columns=lambda c: t(f"indices.published.{c}"))
    return InternalYear(ranking.is_sample, tuple(blocks), source, published,
                        "**" + t("indices.internal.published", year=year) + "**")
