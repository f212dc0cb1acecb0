"""Where Hà Tĩnh stands among the provinces in one edition of an index (an index and the year it assessed): its
rank nationally and within its region, the provinces around it, each component against the regional and national
means, the points to the next rank and to the top 10, and the rank over the years beside its neighbours'.

An edition is ranked among the 63 provinces of before the 2025 merger or among the 34 after, never both: every
figure here is within one set (:data:`HOME` is Hà Tĩnh's code in each). A province without a value is left out of
every count and mean, and the counts say how many provinces have data; a missing year is missing, never zero.
Ranks are the published ones; where a publisher gives none (PAPI publishes tiers) they were computed by sorting
the scores and carry the flag ``computed``. The region's ranks and the means are always computed here.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from cchc.store import db
from cchc.views.indices import Scale, index_catalog

HOME = {63: "42", 34: "M42"}
NEIGHBOURS = 5          # provinces shown either side of Hà Tĩnh in the ranked chart
TOP = 5                 # and at the top
NATIONAL_SHARE = 0.5    # a table with values for fewer provinces than this share is not a national one: no means


@dataclass(frozen=True)
class Edition:
    """An edition with results of several provinces, Hà Tĩnh's among them."""

    index_code: str
    year: int
    among: int              # 63 or 34
    provinces: int          # provinces with a value (a score or a rank)


@dataclass(frozen=True)
class Comparison:
    """One edition as the comparison shows it (frames of one row per province or component)."""

    edition: Edition
    name: str                        # the index's Vietnamese name
    scale: Scale
    region: str                      # Hà Tĩnh's subregion: Bắc Trung Bộ
    totals: pd.DataFrame             # code, name, subregion, score, rank, rank_of, flags, is_home: by rank
    home: dict | None                # Hà Tĩnh's row of totals
    region_totals: pd.DataFrame      # the region's provinces with a value, with region_rank
    shown: pd.DataFrame              # the ranked chart's rows: the top, then Hà Tĩnh and its neighbours
    components: pd.DataFrame         # code, name, max_score, score, rank, rank_of, flags, region_mean, national_mean
    is_national: bool                # values for most provinces: national means and ranks mean something
    next_rank_gap: float | None      # points Hà Tĩnh lacks to pass the province ranked just above it
    top10_gap: float | None          # points it lacks to reach the 10th province's score (None once in the top 10)
    trend: pd.DataFrame              # year, code, name, rank, rank_of, score, is_home: the region on this basis

    @property
    def region_rank(self) -> tuple[int, int] | None:
        """Hà Tĩnh's rank within its region, and how many of the region's provinces have a value."""
        home = self.region_totals[self.region_totals["is_home"]]
        return (int(home["region_rank"].iloc[0]), len(self.region_totals)) if len(home) else None


def editions(conn: db.Connection) -> list[Edition]:
    """Every edition with values for two provinces or more, Hà Tĩnh among them: newest first, by index."""
    rows = db.query_rows(conn, """
        SELECT r.index_code, r.year, p.ranked_among, count(DISTINCT r.province_code)
        FROM current_province_results r JOIN provinces p ON p.code = r.province_code
        WHERE r.component_code = 'TOTAL' AND (r.score IS NOT NULL OR r.rank IS NOT NULL)
        GROUP BY r.index_code, r.year, p.ranked_among
        HAVING count(DISTINCT r.province_code) >= 2 AND count(*) FILTER (WHERE r.province_code IN (?, ?)) > 0
        ORDER BY r.index_code, r.year DESC, p.ranked_among""", [HOME[63], HOME[34]])
    return [Edition(code, int(year), int(among), int(count)) for code, year, among, count in rows]


def preferred(editions: Sequence[Edition]) -> Edition:
    """The edition a page opens on among ``editions`` (of one index): the newest with a table about as large as
    the largest (a national table), so that a few provinces published early do not hide it."""
    most = max(e.provinces for e in editions)
    return max((e for e in editions if e.provinces * 2 >= most), key=lambda e: (e.year, e.provinces))


def _results(conn: db.Connection, index_code: str, among: int, year: int | None = None) -> pd.DataFrame:
    sql = """
        SELECT r.year, r.province_code AS code, p.name, p.subregion, r.component_code, r.score, r.rank, r.rank_of,
               r.flags, r.source_url
        FROM current_province_results r JOIN provinces p ON p.code = r.province_code
        WHERE r.index_code = ? AND p.ranked_among = ?""" + (" AND r.year = ?" if year is not None else "")
    frame = db.query_df(conn, sql, [index_code, among] + ([year] if year is not None else []))
    frame = frame.astype({"score": "float64", "rank": "float64", "rank_of": "float64"})
    frame["is_home"] = frame["code"] == HOME[among]
    return frame


def _by_rank(totals: pd.DataFrame) -> pd.DataFrame:
    """Provinces by rank (published or computed), those with a score but no rank after them by score."""
    return totals.sort_values(["rank", "score"], ascending=[True, False], na_position="last").reset_index(drop=True)


def _region(totals: pd.DataFrame, region: str) -> pd.DataFrame:
    """The region's provinces with a value, ranked among themselves: by score where all have one, else by rank."""
    part = totals[totals["subregion"] == region].copy()
    key = "score" if part["score"].notna().all() and len(part) else "rank"
    part = part[part[key].notna()]
    part["region_rank"] = part[key].rank(method="min", ascending=(key == "rank")).astype(int)
    return part.sort_values("region_rank").reset_index(drop=True)


def _shown(totals: pd.DataFrame) -> pd.DataFrame:
    """The top provinces, then Hà Tĩnh and its neighbours either side (one run when they meet)."""
    ranked = totals[totals["rank"].notna()].reset_index(drop=True)
    home = ranked.index[ranked["is_home"]]
    keep = set(range(min(TOP, len(ranked))))
    if len(home):
        at = int(home[0])
        keep |= set(range(max(0, at - NEIGHBOURS), min(len(ranked), at + NEIGHBOURS + 1)))
    return ranked.loc[sorted(keep)].reset_index().rename(columns={"index": "place"})


def _gap(totals: pd.DataFrame, home: dict | None, rank: int) -> float | None:
    """Points Hà Tĩnh lacks to reach the score of the province at ``rank`` (None without scores, or when it is
    there already)."""
    if home is None or pd.isna(home["score"]) or pd.isna(home["rank"]) or home["rank"] <= rank:
        return None
    ahead = totals[(totals["rank"] == rank) & totals["score"].notna()]
    return float(ahead["score"].iloc[0] - home["score"]) if len(ahead) else None


def _components(conn: db.Connection, rows: pd.DataFrame, index_code: str, region: str,
                is_national: bool) -> pd.DataFrame:
    catalog = db.query_df(conn, "SELECT component_code AS code, name_vi AS name, max_score, sort_order "
                                "FROM index_components WHERE index_code = ? AND component_code <> 'TOTAL'", [index_code])
    parts = rows[rows["component_code"] != "TOTAL"]
    out = []
    for item in catalog.sort_values("sort_order").itertuples():
        of = parts[parts["component_code"] == item.code]
        if of["score"].isna().all():
            continue
        home = of[of["is_home"]]
        region_scores = of[of["subregion"] == region]["score"].dropna()
        out.append({"code": item.code, "name": item.name, "max_score": item.max_score,
                    "score": home["score"].iloc[0] if len(home) else None,
                    "rank": home["rank"].iloc[0] if len(home) else None,
                    "rank_of": home["rank_of"].iloc[0] if len(home) else None,
                    "flags": home["flags"].iloc[0] if len(home) else None,
                    "region_mean": region_scores.mean() if len(region_scores) else None,
                    "national_mean": of["score"].dropna().mean() if is_national else None})
    return pd.DataFrame(out, columns=["code", "name", "max_score", "score", "rank", "rank_of", "flags", "region_mean",
                                      "national_mean"]).astype({"score": "float64", "rank": "float64",
                                                                "rank_of": "float64", "region_mean": "float64",
                                                                "national_mean": "float64"})


def comparison(conn: db.Connection, edition: Edition) -> Comparison:
    """The comparison of one edition (see the module)."""
    rows = _results(conn, edition.index_code, edition.among)
    this = rows[rows["year"] == edition.year]
    totals = _by_rank(this[(this["component_code"] == "TOTAL") & (this["score"].notna() | this["rank"].notna())])
    home_rows = totals[totals["is_home"]]
    home = home_rows.iloc[0].to_dict() if len(home_rows) else None
    region = str(home["subregion"]) if home else str(db.query_rows(
        conn, "SELECT subregion FROM provinces WHERE code = ?", [HOME[edition.among]])[0][0])
    is_national = len(totals) >= NATIONAL_SHARE * edition.among
    trend_rows = rows[(rows["component_code"] == "TOTAL") & (rows["subregion"] == region)
                      & (rows["rank"].notna() | rows["score"].notna())]
    trend = trend_rows[["year", "code", "name", "rank", "rank_of", "score", "flags", "is_home"]].sort_values(
        ["is_home", "code", "year"], ascending=[False, True, True]).reset_index(drop=True)
    catalog = index_catalog(conn, edition.index_code)
    return Comparison(
        edition=edition, name=str(catalog.get("name_vi") or edition.index_code),
        scale=Scale(catalog.get("display_unit"), catalog.get("scale_max")), region=region, totals=totals, home=home, region_totals=_region(totals, region),
        shown=_shown(totals), components=_components(conn, this, edition.index_code, region, is_national),
        is_national=is_national, next_rank_gap=_gap(totals, home, int(home["rank"]) - 1) if home and pd.notna(
            home["rank"]) and home["rank"] > 1 else None,
        top10_gap=_gap(totals, home, 10), trend=trend)
