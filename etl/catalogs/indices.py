"""The index catalog (PAR INDEX, SIPAS, PAPI, PCI, DTI, the 766 service index, the province's own
indices), their components, and the published values that ship with the product.

Published values come from ``data/indices/published_scores.csv``, curated from the public sources
named in each row's ``source_url``; a rank computed from a "tăng/giảm N bậc" phrase is flagged
``derived``, a doubtful value ``uncertain`` or ``suspect``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from cchc.store import db
from etl.catalogs import read_csv, replace_catalog, required

FLAGS = {None, "derived", "uncertain", "suspect"}
STATS = {"value", "national_avg", "national_max", "national_min", "regional_avg"}
SCORE_COLUMNS = [
    "index_code", "year", "unit_code", "component_code", "stat", "other_name", "score", "max_score",
    "rank", "rank_of", "flag", "note", "source_url", "origin",
]


def _float(value: str | None) -> float | None:
    return float(value) if value else None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def build_indices(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``indices`` and ``index_components`` rows."""
    folder = data_dir / "indices"
    indices = pd.DataFrame([
        {**r, "scale_max": _float(r["scale_max"]), "higher_is_better": (r["higher_is_better"] or "true").lower() == "true",
         "sort_order": _int(r["sort_order"])}
        for r in read_csv(folder / "indices.csv")
    ])
    components = pd.DataFrame([
        {**r, "max_score": _float(r["max_score"]), "sort_order": _int(r["sort_order"])}
        for r in read_csv(folder / "components.csv")
    ])
    return indices, components


def build_published_scores(data_dir: Path, unit_codes: set[str], components: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The published values, and the problems found in them (unknown codes, flags, duplicates)."""
    known_components = set(zip(components["index_code"], components["component_code"]))
    rows, problems, seen = [], [], set()
    for number, r in enumerate(read_csv(data_dir / "indices" / "published_scores.csv"), start=2):
        where = f"published_scores.csv dòng {number}"
        if (r["index_code"], r["component_code"]) not in known_components:
            problems.append(f"{where}: thành phần {r['index_code']}/{r['component_code']} không có trong danh mục")
        if r["unit_code"] not in unit_codes and r["unit_code"] != "VN":
            problems.append(f"{where}: đơn vị '{r['unit_code']}' không có trong danh mục")
        if r["flag"] not in FLAGS or r["stat"] not in STATS:
            problems.append(f"{where}: flag/stat không hợp lệ ({r['flag']}, {r['stat']})")
        if not r["source_url"]:
            problems.append(f"{where}: thiếu nguồn (source_url)")
        key = (r["index_code"], r["year"], r["unit_code"], r["component_code"], r["stat"], r["other_name"], r["rank_of"])
        if key in seen:
            problems.append(f"{where}: trùng với một dòng trước {key}")
        seen.add(key)
        rows.append({
            **r, "year": int(required(r, "year")), "score": _float(r["score"]), "max_score": _float(r["max_score"]),
            "rank": _int(r["rank"]), "rank_of": _int(r["rank_of"]), "origin": "published",
        })
    return pd.DataFrame(rows, columns=SCORE_COLUMNS), problems


def load(cur: db.Connection, data_dir: Path, unit_codes: set[str], actor: str) -> tuple[dict[str, int], list[str]]:
    """Load the catalog and the published values; returns row counts and problems."""
    indices, components = build_indices(data_dir)
    scores, problems = build_published_scores(data_dir, unit_codes, components)
    replace_catalog(cur, "indices", "indices", indices, actor)
    replace_catalog(cur, "index_components", "index_components", components, actor)
    replace_catalog(cur, "published_scores", "index_scores", scores, actor, "origin = 'published'")
    return {"indices": len(indices), "index_components": len(components), "published_scores": len(scores)}, problems
