"""Values of units across a reorganisation: what a unit of today stands for in a period before it existed.

A unit formed on 1 July 2025 has no reports of its own for 2024. For such a period its value is the combined
value of the units it was formed from, followed back through the lineage (a 2024 commune merged on 1/1/2025
into another commune that then became part of a 2025 unit counts for 2024; from 2025 its neighbour's report
covers it). Values are combined by the province-level rule of :mod:`cchc.metrics.aggregation` (numerators
and denominators added for percent measures, the sum for counts). A unit that was split between several new
units (``split_between``, or a district ``dissolved_into`` several) is never apportioned: it is left out of
every sum and named, so the page can say so.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc.metrics.aggregation import province_value
from cchc.periods import parse_period
from cchc.store import db
from cchc.unit_history import units_valid_on
from cchc.unit_validity import exists_on

COLUMNS = ["code", "numerator", "denominator", "value", "combined", "sources", "reported", "excluded", "method",
           "is_sample"]


@dataclass(frozen=True)
class FormerUnits:
    """The units whose values stand for one unit on a day: added up (``sources``) or left out (``excluded``)."""

    code: str
    sources: tuple[str, ...]
    excluded: tuple[str, ...]

    @property
    def combined(self) -> bool:
        """Whether the values are other units' values (the unit itself did not exist on the day)."""
        return self.sources != (self.code,)


class Lineage:
    """The lineage and the units' validity, read once, to follow many units back in time."""

    def __init__(self, conn: db.Connection) -> None:
        self.validity = {code: {"valid_from": start, "valid_to": end} for code, start, end in
                         db.query_rows(conn, "SELECT code, valid_from, valid_to FROM units")}
        self.into: dict[str, list[str]] = {}      # new code -> the old codes that went into it
        self.out_count: dict[str, int] = {}       # old code -> how many units it went into
        for old, new in db.query_rows(conn, """SELECT old_code, new_code FROM unit_lineage
                                               WHERE new_code IS NOT NULL ORDER BY old_code, new_code"""):
            self.into.setdefault(new, []).append(old)
            self.out_count[old] = self.out_count.get(old, 0) + 1

    def valid_on(self, code: str, day: date) -> bool:
        return exists_on(self.validity.get(code, {}), day)

    def former_units(self, code: str, day: date) -> FormerUnits:
        """The units valid on ``day`` that ``code`` was formed from, transitively (``code`` itself if valid)."""
        sources: list[str] = []
        excluded: list[str] = []
        seen: set[str] = set()

        def follow(unit: str) -> None:
            if unit in seen:
                return
            seen.add(unit)
            valid = self.valid_on(unit, day)
            if valid:
                sources.append(unit)
            for old in self.into.get(unit, []):
                # A unit that existed on the day already holds the ones that went into it before; those that
                # went into it later still reported on their own that day.
                if valid and not self.valid_on(old, day):
                    continue
                # A unit divided between several new ones: its values cannot be shared out, so it is left out.
                if self.out_count.get(old, 0) > 1:
                    if old not in excluded:
                        excluded.append(old)
                else:
                    follow(old)

        if self.valid_on(code, day):   # the unit's own values
            return FormerUnits(code, (code,), ())
        follow(code)
        return FormerUnits(code, tuple(sorted(sources)), tuple(sorted(excluded)))


def former_units(conn: db.Connection, code: str, day: date) -> FormerUnits:
    """The units whose values stand for ``code`` on ``day`` (the last day of a period), and the split ones left out."""
    return Lineage(conn).former_units(code, day)


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
    end = parse_period(period).end
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
