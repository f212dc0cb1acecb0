"""The indices page's numbers: the province's score and rank by year for one national index, its
target, the national average and top, the component breakdown, and the internal PAR INDEX of the
departments and districts.

Queries take the shared connection and parameters; the shaping functions below them are pure, so
they are tested without a database. Every number the page shows is formatted here (Vietnamese
formats); the page only arranges and draws.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import SupportsFloat, SupportsInt
from urllib.parse import urlparse

import pandas as pd

from cchc.formatting import (
    Shown,
    format_index_score,
    format_number,
    format_rank,
    format_score,
    format_signed,
    index_score_cell,
)
from cchc.missing import is_missing
from cchc.store import db
from cchc.store.queries import HEADLINE_INDICES, PROVINCE
from cchc.views.index_summary import MERGED_PROVINCES
from cchc.vocabulary import UNIT_KINDS

INDICES = HEADLINE_INDICES
INTERNAL = "PAR_INDEX_INTERNAL"
# Blocks of the internal ranking, in the order shown; units are ranked within their block only.
BLOCKS = UNIT_KINDS
LEVEL_BLOCKS = {"all": BLOCKS, "province": ("department", "central_agency"), "district": ("district",),
                "commune": ("commune",)}
BEFORE_MERGER, AFTER_MERGER = "before", "after"


# --- queries -------------------------------------------------------------------------------------

def _query(conn: db.Connection, sql: str, params: list) -> pd.DataFrame:
    """A query whose numeric columns come back as floats (NaN, never pandas' NA, for missing values)."""
    frame = db.query_df(conn, sql, params)
    numeric = [c for c in ("score", "max_score", "rank", "rank_of", "value") if c in frame.columns]
    return frame.astype({c: "float64" for c in numeric})


def index_catalog(conn: db.Connection, index_code: str) -> dict:
    """The catalog entry of an index (names, publisher, scale, display unit)."""
    frame = db.query_df(conn, "SELECT * FROM indices WHERE code = ?", [index_code])
    return frame.iloc[0].to_dict() if len(frame) else {}


def province_rows(conn: db.Connection, index_code: str, unit_code: str = PROVINCE) -> pd.DataFrame:
    """Every yearly total of the index for the unit (a year can have two rows: two sources or bases)."""
    return _query(conn, """
        SELECT year, score, max_score, rank, rank_of, flag, note, source_url
        FROM current_index_scores
        WHERE index_code = ? AND unit_code = ? AND component_code = 'TOTAL' AND stat = 'value'
        ORDER BY year, flag IS NOT NULL, score IS NULL, rank_of DESC NULLS LAST""", [index_code, unit_code])


def national_rows(conn: db.Connection, index_code: str) -> pd.DataFrame:
    """National average and top (with the province holding it) of the index by year."""
    return _query(conn, """
        SELECT year, stat, other_name, score, rank_of, flag, note, source_url
        FROM current_index_scores
        WHERE index_code = ? AND unit_code = 'VN' AND component_code = 'TOTAL'
          AND stat IN ('national_avg', 'national_max')
        ORDER BY year, stat, flag IS NOT NULL""", [index_code])


def target_rows(conn: db.Connection, index_code: str, plan_year: int) -> pd.DataFrame:
    """The index targets of a plan year (rank to reach, score to reach)."""
    return _query(conn, """
        SELECT year, kind, value, target_code, note FROM index_targets
        WHERE index_code = ? AND plan_year = ? ORDER BY year, kind""", [index_code, plan_year])


def component_rows(conn: db.Connection, index_code: str, unit_code: str = PROVINCE) -> pd.DataFrame:
    """The unit's component values of the index by year, with the catalog's name and maximum."""
    return _query(conn, """
        SELECT s.year, s.component_code, c.name_vi, c.sort_order, coalesce(s.max_score, c.max_score) AS max_score,
               s.score, s.rank, s.rank_of, s.flag, s.note, s.source_url
        FROM current_index_scores s
        JOIN index_components c ON c.index_code = s.index_code AND c.component_code = s.component_code
        WHERE s.index_code = ? AND s.unit_code = ? AND s.component_code <> 'TOTAL' AND s.stat = 'value'
        ORDER BY s.year, c.sort_order""", [index_code, unit_code])


def internal_rows(conn: db.Connection) -> pd.DataFrame:
    """Every unit's total in the internal PAR INDEX: reported by Sở Nội vụ (submission) or published."""
    return _query(conn, """
        SELECT s.year, s.unit_code, u.name, coalesce(u.short_name, u.name) AS label, u.kind, s.score,
               s.max_score, s.rank, s.rank_of, s.flag, s.note, s.source_url, s.origin, s.is_sample,
               f.filename, f.uploaded_at
        FROM current_index_scores s
        LEFT JOIN units u ON u.code = s.unit_code
        LEFT JOIN submissions f ON f.id = s.submission_id
        WHERE s.index_code = ? AND s.component_code = 'TOTAL' AND s.stat = 'value'
        ORDER BY s.year, s.origin, u.kind, s.rank NULLS LAST, s.score DESC""", [INTERNAL])


# --- shaping -------------------------------------------------------------------------------------

def host(url: object) -> str:
    """The site of a source address, for short captions: "baohatinh.vn"."""
    return "" if is_missing(url) else urlparse(str(url)).netloc.removeprefix("www.")


def era(rank_of: SupportsInt | None) -> str | None:
    """The ranking base of a rank: before the 2025 merger (60–63 provinces) or after it (34)."""
    if rank_of is None or is_missing(rank_of):
        return None
    return AFTER_MERGER if int(rank_of) <= MERGED_PROVINCES else BEFORE_MERGER


# Flags that say how a rank was found (from "tăng/giảm N bậc", or by sorting published scores): noted once for
# all their years; other flags (uncertain, suspect) carry a note of their own each.
RANK_FLAGS = ("derived", "computed")


@dataclass(frozen=True)
class Scale:
    """How scores of an index are written: "89,72%", "44,31/80", "0,6961"."""

    display_unit: str | None
    scale_max: float | None

    def text(self, score: SupportsFloat | None) -> str:
        return format_index_score(None if score is None or is_missing(score) else float(score), self.display_unit,
                                  self.scale_max)

    def cell(self, score: SupportsFloat | None) -> Shown:
        """The score for a table: its text, and its value for a download."""
        return index_score_cell(None if score is None or is_missing(score) else float(score), self.display_unit,
                                self.scale_max)

    @property
    def suffix(self) -> str:
        return "%" if self.display_unit == "%" else ""


@dataclass(frozen=True)
class TargetCheck:
    """A target on the index and where the province stands on it."""

    year: int
    kind: str                 # rank_at_most, score_at_least
    value: float
    value_text: str           # "10", "94%"
    target_code: str | None
    note: str | None
    status: str               # met, missed, no_value
    actual_text: str | None   # "15/63", "85,17%"
    gap_text: str | None      # "5 bậc", "8,83 điểm"


@dataclass
class IndexView:
    """Everything the page shows for one index."""

    index_code: str
    name: str
    publisher: str | None
    scale: Scale
    yearly: pd.DataFrame            # one row per year: year, score, rank, rank_of, flag, note, source_url, texts
    ranks: pd.DataFrame             # every ranked row (a year can have two bases), with its era
    national: pd.DataFrame          # one row per year: avg, top, top_name, texts, sources
    targets: list[TargetCheck]
    components: pd.DataFrame        # component rows by year with the year before
    latest: dict | None             # the preferred row of the latest year with a score or rank
    other_bases: pd.DataFrame       # the latest year's other rows (another ranking base or source)
    flag_years: dict[str, list[int]] = field(default_factory=dict)   # flag -> years of flagged totals
    flag_notes: list[tuple[int, str, str]] = field(default_factory=list)  # (year, flag, note) uncertain/suspect
    base_changes: list[dict] = field(default_factory=list)  # each ranking base with its years
    mixed_counts: list[int] = field(default_factory=list)   # provinces ranked within one era when not constant


def yearly_series(rows: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """One row per year (the query orders the preferred row first: unflagged, scored, larger base)."""
    series = rows.drop_duplicates("year", keep="first").sort_values("year").reset_index(drop=True)
    series = series[series["score"].notna() | series["rank"].notna()].reset_index(drop=True)
    series["score_text"] = [scale.text(v) for v in series["score"]]
    series["rank_text"] = [format_rank(r, o) for r, o in zip(series["rank"], series["rank_of"])]
    series["source"] = [host(u) for u in series["source_url"]]
    return series


def rank_points(rows: pd.DataFrame) -> pd.DataFrame:
    """Every ranked row with its ranking base (era), so that ranks of different bases are never joined."""
    ranked = rows[rows["rank"].notna()].copy()
    ranked["era"] = [era(o) for o in ranked["rank_of"]]
    ranked["rank_text"] = [format_rank(r, o) for r, o in zip(ranked["rank"], ranked["rank_of"])]
    ranked["source"] = [host(u) for u in ranked["source_url"]]
    return ranked.sort_values(["era", "year"]).reset_index(drop=True)


def base_changes(ranks: pd.DataFrame) -> list[dict]:
    """The ranking bases used, each with its number of provinces and years; empty if only one era."""
    bases = []
    for name, part in ranks.groupby("era", sort=False):
        bases.append({"era": name, "rank_of": sorted({int(o) for o in part["rank_of"]}),
                      "years": sorted({int(y) for y in part["year"]})})
    bases.sort(key=lambda b: (b["years"][0], b["era"] == AFTER_MERGER))
    return bases if len(bases) > 1 else []


def mixed_counts(ranks: pd.DataFrame) -> list[int]:
    """The different numbers of provinces ranked within one era (PAPI: 60, 61, 63), if more than one."""
    counts = []
    for _, part in ranks.groupby("era"):
        found = sorted({int(o) for o in part["rank_of"]})
        if len(found) > 1:
            counts.extend(found)
    return counts


def national_series(rows: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """National average and top by year, side by side, with their texts and sources."""
    columns = ["year", "avg", "avg_text", "avg_source", "avg_host", "avg_flag", "top", "top_text", "top_name",
               "top_source", "top_host", "top_flag", "top_note"]
    out = []
    for year, part in rows.groupby("year"):
        avg = part[part["stat"] == "national_avg"].head(1)
        top = part[part["stat"] == "national_max"].head(1)
        out.append({
            "year": int(year),
            "avg": avg["score"].iloc[0] if len(avg) else None,
            "avg_text": scale.text(avg["score"].iloc[0]) if len(avg) else "–",
            "avg_source": avg["source_url"].iloc[0] if len(avg) else None,
            "avg_host": host(avg["source_url"].iloc[0]) if len(avg) else "",
            "avg_flag": avg["flag"].iloc[0] if len(avg) else None,
            "top": top["score"].iloc[0] if len(top) else None,
            "top_text": scale.text(top["score"].iloc[0]) if len(top) else "–",
            "top_name": top["other_name"].iloc[0] if len(top) else None,
            "top_source": top["source_url"].iloc[0] if len(top) else None,
            "top_host": host(top["source_url"].iloc[0]) if len(top) else "",
            "top_flag": top["flag"].iloc[0] if len(top) else None,
            "top_note": top["note"].iloc[0] if len(top) else None,
        })
    frame = pd.DataFrame(out, columns=columns)
    return frame.astype({"avg": float, "top": float})


def check_target(target: dict, yearly: pd.DataFrame, ranks: pd.DataFrame, scale: Scale) -> TargetCheck:
    """Whether the province met a target: rank at most N (on the base of that year), or score at least S."""
    year, kind, value = int(target["year"]), str(target["kind"]), float(target["value"])
    status, actual, gap = "no_value", None, None
    if kind == "rank_at_most":
        value_text = format_number(value)
        row = ranks[ranks["year"] == year]
        row = row[row["flag"].isna()] if row["flag"].isna().any() else row
        if len(row):
            first = row.sort_values("rank_of", ascending=False).iloc[0]
            actual = first["rank_text"]
            status = "met" if first["rank"] <= value else "missed"
            gap = None if status == "met" else format_number(first["rank"] - value)
    else:
        value_text = scale.text(value)
        row = yearly[(yearly["year"] == year) & yearly["score"].notna()]
        if len(row):
            score = float(row["score"].iloc[0])
            actual = scale.text(score)
            status = "met" if score >= value else "missed"
            gap = None if status == "met" else format_number(value - score, 2)
    return TargetCheck(year, kind, value, value_text, None if is_missing(target.get("target_code")) else target["target_code"],
                       None if is_missing(target.get("note")) else target["note"], status, actual, gap)


def components_by_year(rows: pd.DataFrame) -> pd.DataFrame:
    """Component rows with the same component's value the year before and the change."""
    if rows.empty:
        return rows.assign(previous=[], change=[], score_text=[], previous_text=[], change_text=[], rank_text=[],
                           max_text=[], source=[])
    frame = rows.copy()
    before = frame[["year", "component_code", "score"]].assign(year=frame["year"] + 1).rename(columns={"score": "previous"})
    frame = frame.merge(before, on=["year", "component_code"], how="left")
    frame["change"] = frame["score"] - frame["previous"]
    frame["score_text"] = [format_number(v, 2) for v in frame["score"]]
    frame["previous_text"] = [format_number(v, 2) for v in frame["previous"]]
    frame["change_text"] = [format_signed(v) if not is_missing(v) else "–" for v in frame["change"]]
    frame["rank_text"] = [format_rank(r, o) for r, o in zip(frame["rank"], frame["rank_of"])]
    frame["max_text"] = [format_score(v) if not is_missing(v) else "–" for v in frame["max_score"]]
    frame["source"] = [host(u) for u in frame["source_url"]]
    return frame.sort_values(["year", "sort_order"]).reset_index(drop=True)


def build_view(index_code: str, catalog: dict, totals: pd.DataFrame, national: pd.DataFrame, targets: pd.DataFrame,
               components: pd.DataFrame) -> IndexView:
    """Shape the rows of one index into what the page shows."""
    scale = Scale(catalog.get("display_unit"), catalog.get("scale_max"))
    yearly = yearly_series(totals, scale)
    ranks = rank_points(totals)
    latest, others = None, totals.iloc[0:0]
    if len(yearly):
        latest = yearly.iloc[-1].to_dict()
        same_year = totals[totals["year"] == latest["year"]]
        others = rank_points(same_year.iloc[1:]) if len(same_year) > 1 else others
    flag_years: dict[str, list[int]] = {}
    flag_notes = []
    for row in totals[totals["flag"].notna()].itertuples():
        flag_years.setdefault(row.flag, [])
        if int(row.year) not in flag_years[row.flag]:
            flag_years[row.flag].append(int(row.year))
        if row.flag not in RANK_FLAGS:
            flag_notes.append((int(row.year), row.flag, "" if is_missing(row.note) else str(row.note)))
    return IndexView(
        index_code=index_code,
        name=str(catalog.get("name_vi") or index_code),
        publisher=catalog.get("publisher"),
        scale=scale,
        yearly=yearly,
        ranks=ranks,
        national=national_series(national, scale),
        targets=[check_target(t, yearly, ranks, scale) for t in targets.to_dict("records")],
        components=components_by_year(components),
        latest=latest,
        other_bases=others,
        flag_years={k: sorted(v) for k, v in flag_years.items()},
        flag_notes=flag_notes,
        base_changes=base_changes(ranks),
        mixed_counts=mixed_counts(ranks),
    )


def index_view(conn: db.Connection, index_code: str, plan_year: int) -> IndexView:
    """The page's view of one national index for the province, with the targets of ``plan_year``."""
    return build_view(index_code, index_catalog(conn, index_code), province_rows(conn, index_code),
                      national_rows(conn, index_code), target_rows(conn, index_code, plan_year),
                      component_rows(conn, index_code))


def year_table(view: IndexView) -> pd.DataFrame:
    """One row per year, latest first: score, every rank (a flagged one marked ⚠), national average and top
    (with the province), the flags of the year and the sources. Column names are keys; the page names them.
    """
    years = sorted({*map(int, view.yearly["year"]), *map(int, view.national["year"])}, reverse=True)
    rows = []
    for year in years:
        own = view.yearly[view.yearly["year"] == year]
        ranks = view.ranks[view.ranks["year"] == year].sort_values(["flag", "rank_of"], na_position="first")
        national = view.national[view.national["year"] == year]
        flags = [f for f in ranks["flag"].dropna().unique()]
        if len(own) and not is_missing(own["flag"].iloc[0]) and own["flag"].iloc[0] not in flags:
            flags.append(own["flag"].iloc[0])
        nat = national.iloc[0] if len(national) else None
        top = "–"
        if nat is not None and nat["top_text"] != "–":
            top = nat["top_text"] + ("" if is_missing(nat["top_name"]) else f" ({nat['top_name']})")
        rows.append({
            "year": str(year),
            "score": view.scale.cell(own["score"].iloc[0] if len(own) else None),
            "rank": " · ".join(r + ("" if is_missing(f) else " ⚠") for r, f in zip(ranks["rank_text"], ranks["flag"])) or "–",
            "flags": flags,
            "avg": view.scale.cell(nat["avg"] if nat is not None else None),
            "top": top,
            "source": own["source_url"].iloc[0] if len(own) else None,
            "national_source": None if nat is None else next(
                (u for u in (nat["top_source"], nat["avg_source"]) if not is_missing(u)), None),
        })
    return pd.DataFrame(rows, columns=["year", "score", "rank", "flags", "avg", "top", "source", "national_source"])


def national_for(national: pd.DataFrame, column: str, year: int) -> dict | None:
    """The national ``avg`` or ``top`` of ``year``, or of the year before when that one is not known
    (a comparison with an older year would mislead)."""
    for wanted in (year, year - 1):
        known = national[(national["year"] == wanted) & national[column].notna()]
        if len(known):
            return known.iloc[0].to_dict()
    return None


# --- internal PAR INDEX --------------------------------------------------------------------------

@dataclass
class InternalRanking:
    """The internal PAR INDEX of one year: the reported scores ranked by block, and published results."""

    year: int
    blocks: dict[str, pd.DataFrame]     # block -> rows ranked 1.. (reported by Sở Nội vụ)
    averages: dict[str, float]          # block -> mean score
    average_texts: dict[str, str]       # block -> mean score written out: "85,53"
    published: pd.DataFrame             # published results of the year (often a rank without a score)
    is_sample: bool
    files: list[str]                    # the reports the values come from


def internal_years(rows: pd.DataFrame) -> list[int]:
    """Years with any internal PAR INDEX value, latest first."""
    return sorted({int(y) for y in rows["year"]}, reverse=True)


def internal_ranking(rows: pd.DataFrame, year: int, level: str = "all", unit_kind: str = "all") -> InternalRanking:
    """Rank each block's reported scores (highest first); published results kept apart, never mixed.

    ``level`` and ``unit_kind`` are the filter bar's choices: they narrow the blocks shown.
    """
    wanted = tuple(b for b in LEVEL_BLOCKS.get(level, BLOCKS) if unit_kind in ("all", b))
    of_year = rows[(rows["year"] == year) & rows["kind"].isin(wanted)]
    reported = of_year[of_year["origin"] != "published"]
    blocks, averages = {}, {}
    for block in wanted:
        part = reported[(reported["kind"] == block) & reported["score"].notna()].copy()
        if part.empty:
            continue
        part = part.sort_values(["score", "label"], ascending=[False, True]).reset_index(drop=True)
        # Ranks as reported where given, otherwise by score within the block.
        part["rank"] = part["rank"].where(part["rank"].notna(), pd.Series(range(1, len(part) + 1)))
        part["rank_of"] = part["rank_of"].where(part["rank_of"].notna(), len(part))
        part["score_text"] = [format_number(v, 2) for v in part["score"]]
        part["rank_text"] = [format_rank(r, o) for r, o in zip(part["rank"], part["rank_of"])]
        blocks[block] = part
        averages[block] = float(part["score"].mean())
    published = of_year[of_year["origin"] == "published"].copy()
    published["block_order"] = [wanted.index(k) for k in published["kind"]]
    published = published.sort_values(["block_order", "rank", "label"]).reset_index(drop=True)
    published["score_text"] = [
        "–" if is_missing(s) else format_score(s) + ("" if is_missing(m) else "/" + format_score(m))
        for s, m in zip(published["score"], published["max_score"])]
    published["rank_text"] = [format_rank(r, o) for r, o in zip(published["rank"], published["rank_of"])]
    return InternalRanking(
        year=year, blocks=blocks, averages=averages,
        average_texts={k: format_number(v, 2) for k, v in averages.items()}, published=published.drop(columns="block_order"),
        is_sample=bool(reported["is_sample"].fillna(False).any()),
        files=sorted({str(f) for f in reported["filename"].dropna()}),
    )
