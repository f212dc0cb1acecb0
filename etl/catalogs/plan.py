"""The plan catalog of each year: areas, quantitative targets and the appendix tasks.

Files live in ``data/plan/<year>/``: ``plan.csv`` (title), ``areas.csv``, ``targets.csv`` (one row
per target value and level) and ``tasks.csv`` (one row per appendix activity, text as written).
Loading parses each deadline and resolves each lead and partner name to unit codes; what cannot be
read is returned as a list of problems, so a new year's plan shows its gaps at ``init``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cchc.store import db
from etl.catalogs import read_csv, replace_catalog, required
from etl.catalogs.deadlines import UNPARSED, parse_deadline
from etl.catalogs.unit_names import UnitNames

TARGET_COLUMNS = [
    "plan_year", "code", "level", "area_code", "item", "source", "text", "indicator", "measure",
    "unit_of_measure", "direction", "target_value", "target_value_max", "numerator_label",
    "denominator_label", "reported_by", "lead_unit_code", "index_code", "note",
]
TASK_COLUMNS = [
    "plan_year", "code", "section", "area_code", "objective", "task", "activity", "deliverable",
    "lead_text", "lead_unit_codes", "partner_text", "partner_unit_codes", "deadline_text",
    "deadline_kind", "due_date", "funding_text", "sort_order",
]
LEVELS = {"province", "district", "commune", "all"}
MEASURES = {"percent", "count", "reduction"}
DIRECTIONS = {"at_least", "at_most"}
REPORTERS = {"each_unit", "lead_unit"}


@dataclass
class PlanCatalog:
    """One plan year, ready to load, and what could not be read in it."""

    year: int
    plan: pd.DataFrame
    areas: pd.DataFrame
    targets: pd.DataFrame
    tasks: pd.DataFrame
    problems: list[str] = field(default_factory=list)


def plan_years(data_dir: Path) -> list[int]:
    """The plan years that have a folder under ``data/plan``."""
    return sorted(int(p.name) for p in (data_dir / "plan").iterdir() if p.is_dir() and p.name.isdigit())


def _number(value: str | None) -> float | None:
    return float(value.replace(",", ".")) if value else None


def build_plan(data_dir: Path, year: int, names: UnitNames, unit_codes: set[str]) -> PlanCatalog:
    """Read and check one plan year."""
    folder = data_dir / "plan" / str(year)
    problems: list[str] = []
    plan = pd.DataFrame([{"year": year, **{k: r[k] for k in ("title", "decision", "source")}} for r in read_csv(folder / "plan.csv")])
    area_rows = read_csv(folder / "areas.csv")
    areas = pd.DataFrame([{"plan_year": year, **r, "sort_order": int(required(r, "sort_order"))} for r in area_rows])
    area_by_section = {r["section"]: r["code"] for r in area_rows}

    targets = []
    for row in read_csv(folder / "targets.csv"):
        target = {**row, "plan_year": year,
                  "target_value": _number(row["target_value"]), "target_value_max": _number(row["target_value_max"])}
        where = f"targets.csv {row['code']}/{row['level']}"
        for column, allowed in (("level", LEVELS), ("measure", MEASURES), ("direction", DIRECTIONS), ("reported_by", REPORTERS)):
            if row[column] not in allowed:
                problems.append(f"{where}: {column} '{row[column]}' không hợp lệ")
        if row["area_code"] not in area_by_section.values():
            problems.append(f"{where}: lĩnh vực '{row['area_code']}' không có trong areas.csv")
        if row["lead_unit_code"] and row["lead_unit_code"] not in unit_codes:
            problems.append(f"{where}: đơn vị chủ trì '{row['lead_unit_code']}' không có trong danh mục")
        targets.append(target)

    tasks = []
    for order, row in enumerate(read_csv(folder / "tasks.csv"), start=1):
        deadline = parse_deadline(row["deadline_text"], year)
        if deadline.kind == UNPARSED:
            problems.append(f"tasks.csv {row['code']}: không đọc được thời hạn '{row['deadline_text']}'")
        lead, partners = names.resolve(row["lead_text"]), names.resolve(row["partner_text"])
        if lead.unmatched or not lead.codes:
            problems.append(f"tasks.csv {row['code']}: không nhận ra đơn vị chủ trì {lead.unmatched or row['lead_text']!r}")
        area = area_by_section.get(required(row, "section").split(".")[0])
        if area is None:
            problems.append(f"tasks.csv {row['code']}: mục '{row['section']}' không có trong areas.csv")
        tasks.append({
            **row, "plan_year": year, "area_code": area, "lead_unit_codes": lead.codes,
            "partner_unit_codes": partners.codes, "deadline_kind": deadline.kind, "due_date": deadline.due_date,
            "sort_order": order,
        })
    return PlanCatalog(
        year, plan, areas,
        pd.DataFrame(targets, columns=TARGET_COLUMNS),
        pd.DataFrame(tasks, columns=TASK_COLUMNS),
        problems,
    )


def load(cur: db.Connection, catalog: PlanCatalog, actor: str) -> dict[str, int]:
    """Write one plan year (replacing that year only); returns the row counts."""
    scope, params = "year = ?", [catalog.year]
    replace_catalog(cur, f"plan:{catalog.year}", "plans", catalog.plan, actor, scope, params)
    scope = "plan_year = ?"
    replace_catalog(cur, f"plan_areas:{catalog.year}", "plan_areas", catalog.areas, actor, scope, params)
    replace_catalog(cur, f"targets:{catalog.year}", "targets", catalog.targets, actor, scope, params)
    replace_catalog(cur, f"tasks:{catalog.year}", "tasks", catalog.tasks, actor, scope, params)
    return {"targets": len(catalog.targets), "tasks": len(catalog.tasks)}
