"""The headline figures of an index for one unit: latest score and rank, change on the year before,
the yearly series for a trend chart, and the source to cite.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cchc.missing import is_missing


@dataclass(frozen=True)
class IndexSummary:
    """What the overview shows for one index."""

    index_code: str
    name: str
    display_unit: str | None
    year: int
    score: float | None
    max_score: float | None
    rank: int | None
    rank_of: int | None
    flag: str | None
    note: str | None
    source_url: str | None
    previous_year: int | None
    score_change: float | None     # this year's score minus last year's
    rank_change: int | None        # places gained (positive) or lost (negative); None if bases differ
    series: pd.DataFrame           # year, score, rank, rank_of, flag: one row per year
    later_gap: str | None          # why a later year shows no value (e.g. PCI 2023 not published)


def _text(value: object) -> str | None:
    return None if is_missing(value) else str(value)


# Rankings before the 2025 merger are out of 60-63 provinces (some editions leave a few unranked);
# from mid-2025 they are out of 34. Ranks compare within one of those eras only.
MERGED_PROVINCES = 34


def comparable_ranks(rank_of: float | None, other_rank_of: float | None) -> bool:
    """Whether two ranks were given on comparable bases (same era of the province count)."""
    if rank_of is None or other_rank_of is None or is_missing(rank_of) or is_missing(other_rank_of):
        return False
    return rank_of == other_rank_of or (rank_of > MERGED_PROVINCES and other_rank_of > MERGED_PROVINCES)


def _one_row_per_year(rows: pd.DataFrame) -> pd.DataFrame:
    """Keep the preferred whole row of each year (the query orders unflagged, scored rows first)."""
    return rows.drop_duplicates("year", keep="first").sort_values("year")


def summarise(scores: pd.DataFrame) -> list[IndexSummary]:
    """One summary per index in ``scores`` (rows of :func:`cchc.store.queries.headline_scores`)."""
    summaries = []
    for code, rows in scores.groupby("index_code", sort=False):
        series = _one_row_per_year(rows)
        has_value = series["score"].notna() | series["rank"].notna()
        if not has_value.any():
            continue
        latest = series[has_value].iloc[-1]
        later = series[(series["year"] > latest["year"]) & ~has_value]
        before = series[(series["year"] == latest["year"] - 1) & has_value]
        previous = before.iloc[0] if len(before) else None
        score_change = rank_change = None
        if previous is not None:
            if pd.notna(latest["score"]) and pd.notna(previous["score"]):
                score_change = float(latest["score"] - previous["score"])
            if pd.notna(latest["rank"]) and pd.notna(previous["rank"]) and comparable_ranks(latest["rank_of"], previous["rank_of"]):
                rank_change = int(previous["rank"] - latest["rank"])
        summaries.append(IndexSummary(
            index_code=str(code),
            name=str(latest["name_vi"]),
            display_unit=_text(latest["display_unit"]),
            year=int(latest["year"]),
            score=None if pd.isna(latest["score"]) else float(latest["score"]),
            max_score=None if pd.isna(latest["max_score"]) else float(latest["max_score"]),
            rank=None if pd.isna(latest["rank"]) else int(latest["rank"]),
            rank_of=None if pd.isna(latest["rank_of"]) else int(latest["rank_of"]),
            flag=_text(latest["flag"]),
            note=_text(latest["note"]),
            source_url=_text(latest["source_url"]),
            previous_year=None if previous is None else int(previous["year"]),
            score_change=score_change,
            rank_change=rank_change,
            series=series[has_value][["year", "score", "rank", "rank_of", "flag"]].reset_index(drop=True),
            later_gap=(f"{int(later.iloc[-1]['year'])}: {_text(later.iloc[-1]['note'])}"
                       if len(later) and _text(later.iloc[-1]["note"]) else None),
        ))
    return summaries
