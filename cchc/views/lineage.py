"""Values of units across a reorganisation: what a unit of today stands for in a period before it existed.

A unit formed on 1 July 2025 has no reports of its own for 2024. For such a period its value is the combined
value of the units it was formed from, followed back through the lineage (:func:`cchc.store.units.former_units`:
a 2024 commune merged on 1/1/2025 into another commune that then became part of a 2025 unit counts for 2024;
from 2025 its neighbour's report covers it). Values are combined by the province-level rule of
:mod:`cchc.metrics.aggregation` (numerators and denominators added for percent measures, the sum for counts). A
unit that was split between several new units is never apportioned: it is left out of every sum and named, so
the page can say so.

The SQL here reads the reported values of the units a map or a unit page needs, which no other view shares.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from cchc.metrics.aggregation import province_value
from cchc.periods import parse_period
from cchc.store import db
from cchc.store.units import FormerUnits, Lineage, units_valid_on

COLUMNS = ["code", "numerator", "denominator", "value", "combined", "sources", "reported", "excluded", "method",
           "is_sample"]


def _measure(conn: db.Connection, plan_year: int, target_code: str) -> str:
    rows = db.query_rows(conn, "SELECT measure FROM targets WHERE plan_year = ? AND code = ? ORDER BY level LIMIT 1",
                         [plan_year, target_code])
    return rows[0][0] if rows else ""


def combine(values: pd.DataFrame, former: FormerUnits, measure: str) -> dict:
    """One unit's row of :func:`values_through_lineage` from reported rows (unit_code, numerator, denominator,
    value, is_sample) of the units in ``former.sources``."""
    mine = values[values["unit_code"].isin(former.sources)]
    total = province_value(mine, measure)
    reported = mine[mine["value"].notna()]
    return {
        "code": former.code, "numerator": total.numerator, "denominator": total.denominator, "value": total.value,
        "combined": former.combined, "sources": list(former.sources), "reported": total.reporting,
        "excluded": list(former.excluded), "method": total.method, "is_sample": bool(reported["is_sample"].any()),
    }


def values_through_lineage(conn: db.Connection, plan_year: int, period: str, target_code: str, day: date
                           ) -> pd.DataFrame:
    """One row per commune-level unit valid on ``day`` (the units a map of that day shows) with its value of
    ``target_code`` in ``period``: its own when the period ends on or after its start, else its former units'
    combined value. Columns: code, numerator, denominator, value, combined, sources, reported, excluded,
    method (:mod:`cchc.metrics.aggregation`), is_sample."""
    parsed = parse_period(period)
    if parsed is None:
        raise ValueError(f"not a report period: {period!r}")
    end = parsed.end
    units = units_valid_on(conn, day)
    codes = list(units.loc[units["level"] == "commune", "code"])
    lineage = Lineage(conn)
    formers = [lineage.former_units(code, end) for code in codes]
    wanted = sorted({source for former in formers for source in former.sources})
    values = db.query_df(
        conn,
        """SELECT unit_code, numerator, denominator, value, is_sample FROM current_target_values
           WHERE plan_year = ? AND period = ? AND target_code = ? AND unit_code = ANY(?)""",
        [plan_year, period, target_code, wanted],
    )
    measure = _measure(conn, plan_year, target_code)
    return pd.DataFrame([combine(values, former, measure) for former in formers], columns=COLUMNS)
