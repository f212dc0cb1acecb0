"""Progress of the plan's targets: per target and level, the value of each quarter at province level,
the latest value, the gap, the year-end projection, what the rest of the year must reach, the status,
and which expected units have not reported.

Province-level values come from :mod:`cchc.metrics.aggregation` (ratio of sums for ratio targets);
status and projection from :mod:`cchc.metrics.target_status` and :mod:`cchc.metrics.projection`. Its SQL
reads the current reported values of a plan year.
"""
from __future__ import annotations

import pandas as pd

from cchc.applicability import Catalog
from cchc.metrics.aggregation import province_value
from cchc.metrics.projection import project
from cchc.metrics.target_status import status_of
from cchc.store import db
from cchc.vocabulary import SELF_REPORTING_KINDS

COLUMNS = [
    "code", "level", "area_code", "area", "indicator", "text", "measure", "unit_of_measure", "direction",
    "target_value", "reported_by", "lead_unit_code", "q1", "q2", "q3", "q4", "latest", "latest_quarter", "gap",
    "year_end", "required_rest", "status", "method", "reporting", "expected", "missing_units", "is_sample",
]


def reported_values(conn: db.Connection, plan_year: int, unit_code: str | None = None) -> pd.DataFrame:
    """Current values of a plan year (one row per unit, period and target), with the quarter number."""
    return db.query_df(
        conn,
        """SELECT unit_code, period, CAST(right(period, 1) AS INTEGER) AS quarter, target_code, level,
                  numerator, denominator, value, is_sample
           FROM current_target_values
           WHERE plan_year = ? AND (?::VARCHAR IS NULL OR unit_code = ?)""",
        [plan_year, unit_code, unit_code],
    )


def expected_units(catalog: Catalog, target: dict, on: str) -> list[str]:
    """Units that should report a target: the lead unit, or every unit of its level."""
    if target["reported_by"] == "lead_unit":
        return [target["lead_unit_code"]]
    units = catalog.reporting_units(on)
    units = units[units["kind"].isin(SELF_REPORTING_KINDS)]
    if target["level"] != "all":
        units = units[units["level"] == target["level"]]
    return list(units["code"])


def target_progress(conn: db.Connection, plan_year: int, up_to_quarter: int = 4,
                    catalog: Catalog | None = None, unit_code: str | None = None,
                    values: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per target and level of the plan year, using reports up to ``up_to_quarter``.

    With ``unit_code``, only that unit's targets and its own values (no aggregation), or ``values`` (rows of
    :func:`reported_values`) when given: a new unit's page gives its former units' combined values.
    """
    catalog = catalog or Catalog(conn)
    areas = dict(db.query_rows(conn, "SELECT code, name FROM plan_areas WHERE plan_year = ?", [plan_year]))
    values = reported_values(conn, plan_year, unit_code) if values is None else values
    values = values[values["quarter"] <= up_to_quarter]
    targets = catalog.targets_for_unit(unit_code, plan_year) if unit_code else \
        catalog.targets[catalog.targets["plan_year"] == plan_year]
    on = f"{plan_year}-12-31"
    by_target = dict(tuple(values.groupby("target_code", sort=False)))
    rows = []
    for target in targets.to_dict("records"):
        mine = by_target.get(target["code"], values.iloc[0:0])
        if unit_code is None:
            mine = mine[mine["level"] == target["level"]]
        quarters = dict(tuple(mine.groupby("quarter", sort=False)))
        expected = [unit_code] if unit_code else expected_units(catalog, target, on)
        by_quarter, last = {}, None
        for quarter in range(1, up_to_quarter + 1):
            aggregate = province_value(quarters.get(quarter, mine.iloc[0:0]), target["measure"], expected)
            if aggregate.value is not None:
                by_quarter[quarter] = aggregate.value
                last = (quarter, aggregate)
        latest = last[1].value if last else None
        projection = project(by_quarter, target["target_value"], target["measure"],
                             last[1].numerator if last else None, last[1].denominator if last else None)
        sign = 1 if target["direction"] == "at_least" else -1
        rows.append({
            **{k: target[k] for k in ("code", "level", "area_code", "indicator", "text", "measure", "unit_of_measure",
                                      "direction", "target_value", "reported_by", "lead_unit_code")},
            "area": areas.get(target["area_code"]),
            **{f"q{q}": by_quarter.get(q) for q in range(1, 5)},
            "latest": latest,
            "latest_quarter": last[0] if last else None,
            "gap": None if latest is None else sign * (latest - target["target_value"]),
            "year_end": projection.year_end,
            "required_rest": projection.required_rest,
            "status": status_of(latest, projection.year_end, target["target_value"], target["direction"]),
            "method": last[1].method if last else None,
            "reporting": last[1].reporting if last else 0,
            "expected": len(expected),
            "missing_units": last[1].missing if last else expected,
            "is_sample": bool(mine["is_sample"].any()) if len(mine) else False,
        })
    return pd.DataFrame(rows, columns=COLUMNS)
