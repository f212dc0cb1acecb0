"""Units over time: how unit codes stay unique across reorganisations, and what became of each unit that ended.

Codes (one code never changes meaning, so 2024 reports for X18073 stay Phường Nam Hà's):

- ``T42``: the province; ``H436``, ``X18070``: districts and communes of the statistics office's 2023
  catalogue, ``H``/``X`` + its code (:func:`admin_unit_code`). They keep their codes after they end.
- ``X2025-18073``: a unit of the 1 July 2025 catalogue, ``X`` + the catalogue's year + ``-`` + its statistics
  code (:func:`new_unit_code`). Each new unit reuses the statistics code of one commune it absorbed (18073 was
  Phường Nam Hà, now Phường Thành Sen): the year keeps them apart, and ``gso_code`` is ``18073`` for both.
- Departments: mnemonic codes (``SNV``); a department formed by a merger gets a new one (``SNNMT``).

The lineage (table ``unit_lineage``, migration 009) has one row per ended unit and destination:
``merged_into`` (the whole unit went into one with others), ``split_between`` (one row per destination,
never apportioned), ``renamed`` (the unit alone became the new one), ``dissolved_into`` (a district abolished).
``new_code`` empty: where the unit went is not known; it stays unmapped and its note says why.

The rows of 1 July 2025 are derived from ``data/units/units_2025.csv`` (the communes each new unit was formed
from); the step of 1 January 2025 and the 2025 department mergers are entered in ``data/units/lineage.csv``.
Both are checked against ``data/units/communes_2023_to_2025.csv`` (each 2023 commune's final destination).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from cchc.store import db
from etl.catalogs import read_csv, replace_catalog, required

TWO_TIER_REFORM = date(2025, 7, 1)
LINEAGE_COLUMNS = ["old_code", "new_code", "kind", "effective_date", "source", "verified", "note"]
KINDS = ("merged_into", "split_between", "renamed", "dissolved_into")


def admin_unit_code(gso_code: str, level: str) -> str:
    """Our code for an administrative unit of the 2023 statistics catalogue: T42, H436, X18070."""
    return {"tinh": "T", "huyen": "H", "xa": "X"}[level] + gso_code


def new_unit_code(gso_code: str, year: int = TWO_TIER_REFORM.year) -> str:
    """Our code for a commune-level unit of a later catalogue: X2025-18073."""
    return f"X{year}-{gso_code}"


def _codes(cell: str | None) -> list[str]:
    return cell.split(";") if cell else []


def _reorganisation_rows(data_dir: Path) -> list[dict]:
    """The 1 July 2025 rows: every commune still existing on 30/6/2025 into the unit(s) formed from it."""
    formed_from: dict[str, list[dict]] = {}
    for unit in read_csv(data_dir / "units" / "units_2025.csv"):
        partial, olds = set(_codes(unit["partial_old_codes"])), _codes(unit["old_codes"])
        for old in olds:
            formed_from.setdefault(old, []).append({"unit": unit, "partial": old in partial, "alone": len(olds) == 1})
    rows = []
    for old, destinations in formed_from.items():
        for d in destinations:
            kind = "split_between" if d["partial"] else "renamed" if d["alone"] else "merged_into"
            if kind != "split_between" and len(destinations) > 1:
                raise ValueError(f"units_2025.csv: {old} goes into several units without being marked partial")
            rows.append({
                "old_code": admin_unit_code(old, "xa"), "new_code": new_unit_code(d["unit"]["new_code"]),
                "kind": kind, "effective_date": TWO_TIER_REFORM,
                "source": f"NQ 1665/NQ-UBTVQH15 clause {d['unit']['nq1665_clause']}; {d['unit']['source']}",
                "verified": True, "note": None,
            })
    return rows


def build_lineage(data_dir: Path) -> pd.DataFrame:
    """Every lineage row, in the columns of ``unit_lineage``; raises ValueError when the files disagree."""
    rows = [
        {**row, "effective_date": date.fromisoformat(required(row, "effective_date")), "verified": row["verified"] == "true"}
        for row in read_csv(data_dir / "units" / "lineage.csv")
    ] + _reorganisation_rows(data_dir)
    frame = pd.DataFrame(rows, columns=LINEAGE_COLUMNS)
    unknown = sorted(set(frame["kind"]) - set(KINDS))
    if unknown:
        raise ValueError(f"lineage: unknown kinds {unknown}")
    if frame.duplicated(["old_code", "new_code", "effective_date"]).any():
        raise ValueError("lineage: a row is entered twice")
    _check_destinations(data_dir, frame)
    return frame


def final_destinations(lineage: pd.DataFrame, code: str) -> set[str]:
    """The codes a unit's lineage ends in, following later changes (X18070 -> X18094 -> X2025-18073)."""
    out: set[str] = set()
    for new in lineage.loc[lineage["old_code"] == code, "new_code"].dropna():
        out |= final_destinations(lineage, new) or {new}
    return out


def _check_destinations(data_dir: Path, lineage: pd.DataFrame) -> None:
    """Each 2023 commune must end where communes_2023_to_2025.csv says, or nowhere when it has no destination."""
    wrong = []
    for commune in read_csv(data_dir / "units" / "communes_2023_to_2025.csv"):
        code = admin_unit_code(required(commune, "old_code_2023"), "xa")
        expected = {new_unit_code(c) for c in _codes(commune["new_codes"])}
        if final_destinations(lineage, code) != expected:
            wrong.append(code)
    if wrong:
        raise ValueError(f"lineage: destinations differ from communes_2023_to_2025.csv for {wrong}")


def end_dates(lineage: pd.DataFrame) -> dict[str, date]:
    """The day each unit with a lineage row ceased to exist (its ``valid_to``)."""
    return lineage.groupby("old_code")["effective_date"].min().to_dict()


def unmapped(lineage: pd.DataFrame) -> list[str]:
    """Units that ended with no known destination, each with the reason: "X18472: …"."""
    gaps = lineage[lineage["new_code"].isna()]
    return [f"{code}: {note}" for code, note in zip(gaps["old_code"], gaps["note"])]


def load(cur: db.Connection, lineage: pd.DataFrame, actor: str) -> dict[str, int]:
    """Load the lineage (after the units it names); returns its row count."""
    replace_catalog(cur, "unit_lineage", "unit_lineage", lineage, actor)
    return {"unit_lineage": len(lineage)}
