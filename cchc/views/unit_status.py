"""How every reporting unit stands on its own targets, with the same status rules as the province view
(:mod:`cchc.metrics`): for the meeting, the units lagging most.

One query reads every unit's values; the statuses are computed in plain Python, since going unit by
unit through :func:`cchc.views.target_progress.target_progress` would take seconds for 250 units.
"""
from __future__ import annotations

from collections import defaultdict

import pandas as pd

from cchc.applicability import Catalog
from cchc.metrics.projection import project
from cchc.metrics.target_status import AT_RISK, BEHIND, MET, ON_TRACK, status_of
from cchc.store import db
from cchc.views.target_progress import reported_values

COUNTED = (MET, ON_TRACK, AT_RISK, BEHIND)


def unit_statuses(conn: db.Connection, plan_year: int, quarter: int, catalog: Catalog | None = None) -> pd.DataFrame:
    """One row per unit that reported targets by ``quarter``: how many of its targets are in each status.

    Columns: unit_code, name, kind, reported, met, on_track, at_risk, behind, lagging (share of its
    reported targets at risk or behind), is_sample.
    """
    catalog = catalog or Catalog(conn)
    values = reported_values(conn, plan_year)
    values = values[values["quarter"] <= quarter]
    targets = {(t["code"], t["level"]): t for t in catalog.targets[catalog.targets["plan_year"] == plan_year]
               .to_dict("records")}
    series: dict[tuple, dict[int, float]] = defaultdict(dict)
    ratio: dict[tuple, tuple] = {}
    sample: dict[str, bool] = defaultdict(bool)
    for row in values.sort_values("quarter").to_dict("records"):
        key = (row["unit_code"], row["target_code"], row["level"])
        if key[1:] not in targets or pd.isna(row["value"]):
            continue
        series[key][row["quarter"]] = float(row["value"])
        ratio[key] = (None if pd.isna(row["numerator"]) else row["numerator"],
                      None if pd.isna(row["denominator"]) else row["denominator"])
        sample[row["unit_code"]] |= bool(row["is_sample"])
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    for key, by_quarter in series.items():
        target = targets[key[1:]]
        year_end = project(by_quarter, target["target_value"], target["measure"], *ratio[key]).year_end
        counts[key[0]][status_of(by_quarter[max(by_quarter)], year_end, target["target_value"],
                                     target["direction"])] += 1
    rows = []
    for code, found in counts.items():
        unit = catalog.unit(code) or {"name": code, "kind": None}
        reported = sum(found.values())
        rows.append({"unit_code": code, "name": unit["name"], "kind": unit["kind"], "reported": reported, **found,
                     "lagging": (found[AT_RISK] + found[BEHIND]) / reported, "is_sample": sample[code]})
    return pd.DataFrame(rows, columns=["unit_code", "name", "kind", "reported", *COUNTED, "lagging", "is_sample"])


def lagging_units(statuses: pd.DataFrame, count: int = 10) -> pd.DataFrame:
    """The ``count`` units with the largest share of targets at risk or behind, then the most behind."""
    return statuses.sort_values(["lagging", BEHIND, AT_RISK, "unit_code"], ascending=[False, False, False, True]) \
        .head(count).reset_index(drop=True)
