"""Targets on the national indices, per plan year: ``data/plan/<year>/index_targets.csv``.

Sở Nội vụ enters them with the plan: "PAR INDEX in the top 10" is ``rank_at_most 10``, "SIPAS at
least 94%" is ``score_at_least 94``. Columns: ``index_code, year, kind, value, target_code, note``;
``target_code`` links the row to the plan target it comes from (``targets.csv``), where there is one.
A plan year without the file has no index targets.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from cchc.store import db
from etl.catalogs import read_csv, replace_catalog, required

FILE_NAME = "index_targets.csv"
KINDS = {"rank_at_most", "score_at_least"}
COLUMNS = ["plan_year", "index_code", "year", "kind", "value", "target_code", "note"]


def _number(text: str | None) -> float | None:
    try:
        return float(text.replace(",", ".")) if text else None
    except ValueError:
        return None


def build(data_dir: Path, plan_year: int, index_codes: set[str], target_codes: set[str]) -> tuple[pd.DataFrame, list[str]]:
    """The rows of one plan year and the problems found in them; rows with a problem are left out."""
    path = data_dir / "plan" / str(plan_year) / FILE_NAME
    rows: list[dict] = []
    problems: list[str] = []
    seen: set[tuple] = set()
    for number, r in enumerate(read_csv(path) if path.exists() else [], start=2):
        where = f"{plan_year}: {FILE_NAME} dòng {number}"
        value, year = _number(r["value"]), _number(r["year"])
        found = []
        if r["index_code"] not in index_codes:
            found.append(f"chỉ số '{r['index_code']}' không có trong danh mục")
        if r["kind"] not in KINDS:
            found.append(f"loại '{r['kind']}' không hợp lệ (rank_at_most hoặc score_at_least)")
        if value is None or year is None:
            found.append(f"năm '{r['year']}' hoặc giá trị '{r['value']}' không phải là số")
        if r.get("target_code") and r["target_code"] not in target_codes:
            found.append(f"chỉ tiêu '{r['target_code']}' không có trong targets.csv")
        key = (r["index_code"], r["year"], r["kind"])
        if key in seen:
            found.append(f"trùng với một dòng trước {key}")
        seen.add(key)
        if found or value is None or year is None:     # a number not read is already in found
            problems.extend(f"{where}: {p}" for p in found)
            continue
        rows.append({"plan_year": plan_year, "index_code": r["index_code"], "year": int(year), "kind": r["kind"],
                     "value": value, "target_code": r.get("target_code"), "note": r.get("note")})
    return pd.DataFrame(rows, columns=COLUMNS), problems


def load(cur: db.Connection, data_dir: Path, plans: list, actor: str) -> tuple[dict[str, int], list[str]]:
    """Load the index targets of every plan year (each year replaced on its own); counts and problems.

    ``plans`` are the :class:`etl.catalogs.plan.PlanCatalog` of the years being loaded.
    """
    index_codes = {required(r, "code") for r in read_csv(data_dir / "indices" / "indices.csv")}
    counts, problems = {}, []
    for catalog in plans:
        frame, found = build(data_dir, catalog.year, index_codes, set(catalog.targets["code"]))
        replace_catalog(cur, f"index_targets:{catalog.year}", "index_targets", frame, actor, "plan_year = ?",
                        [catalog.year])
        counts[f"index_targets:{catalog.year}"] = len(frame)
        problems.extend(found)
    return counts, problems
