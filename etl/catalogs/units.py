"""The units catalog: the province, its departments and other bodies, districts and communes over time.

Districts and communes of 2023 come from the national statistics office's 2023 catalogue
(``data/units/admin_units_2023.csv``); the 69 communes and wards of 1 July 2025, when Vietnam moved to
two-tier local government, from ``data/units/units_2025.csv``. Departments, central agencies and other
bodies are in ``data/units/departments.csv``. A unit's ``valid_to`` (first day it no longer exists) is the
date of its lineage rows (:mod:`etl.catalogs.lineage`, which also explains how codes stay unique over
time); districts with none end on 1 July 2025. Ended units keep their rows, so their history stays.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from cchc.store import db
from etl.catalogs import read_csv, replace_catalog, required
from etl.catalogs.lineage import TWO_TIER_REFORM, admin_unit_code, build_lineage, end_dates, new_unit_code

PROVINCE_CODE = "T42"
UNIT_COLUMNS = ["code", "name", "short_name", "kind", "level", "parent_code", "gso_code", "subtype", "valid_from", "valid_to"]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def build_units(data_dir: Path) -> pd.DataFrame:
    """Every unit, one row each, in the columns of the ``units`` table."""
    ends = end_dates(build_lineage(data_dir))
    rows = []
    for row in read_csv(data_dir / "units" / "admin_units_2023.csv"):
        gso_code, level, parent = required(row, "code"), required(row, "level"), row["parent_code"]
        is_province = level == "tinh"
        rows.append({
            "code": admin_unit_code(gso_code, level),
            "name": row["name"],
            "short_name": required(row, "name").removeprefix("Tỉnh ") if is_province else None,
            "kind": {"tinh": "province", "huyen": "district", "xa": "commune"}[level],
            "level": {"tinh": "province", "huyen": "district", "xa": "commune"}[level],
            "parent_code": admin_unit_code(parent, "huyen" if level == "xa" else "tinh") if parent else None,
            "gso_code": gso_code,
            "subtype": row["type"],
            "valid_from": None,
            "valid_to": None if is_province else ends.get(admin_unit_code(gso_code, level), TWO_TIER_REFORM),
        })
    for row in read_csv(data_dir / "units" / "units_2025.csv"):
        rows.append({
            "code": new_unit_code(required(row, "new_code")), "name": row["new_name"], "short_name": None,
            "kind": "commune", "level": "commune", "parent_code": PROVINCE_CODE, "gso_code": row["new_code"],
            "subtype": {"xã": "xa", "phường": "phuong"}[required(row, "new_kind")],   # spelt as the 2023 catalogue's
            "valid_from": TWO_TIER_REFORM, "valid_to": None,
        })
    for row in read_csv(data_dir / "units" / "departments.csv"):
        rows.append({
            "code": row["code"], "name": row["name"], "short_name": row["short_name"], "kind": row["kind"],
            "level": row["level"], "parent_code": row["parent_code"], "gso_code": None, "subtype": None,
            "valid_from": _date(row["valid_from"]), "valid_to": _date(row["valid_to"]) or ends.get(required(row, "code")),
        })
    frame = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    duplicated = frame["code"][frame["code"].duplicated()].tolist()
    if duplicated:
        raise ValueError(f"units catalog: duplicated codes {duplicated}")
    return frame


def build_groups(data_dir: Path) -> pd.DataFrame:
    """Collective names used as lead or partner ("UBND cấp huyện"), in the ``unit_groups`` columns."""
    rows = [
        {"code": r["code"], "name": r["name"],
         "covers_kinds": (r["covers_kinds"] or "").split(";") if r["covers_kinds"] else [],
         "members": r["members"].split(";") if r["members"] else []}
        for r in read_csv(data_dir / "units" / "groups.csv")
    ]
    return pd.DataFrame(rows, columns=["code", "name", "covers_kinds", "members"])


def load(cur: db.Connection, units: pd.DataFrame, groups: pd.DataFrame, actor: str) -> dict[str, int]:
    """Load units and groups; returns the row count of each."""
    replace_catalog(cur, "units", "units", units, actor)
    replace_catalog(cur, "unit_groups", "unit_groups", groups, actor)
    return {"units": len(units), "unit_groups": len(groups)}
