"""What the database says about a plan year: its units, the levels that exist, the indices, its current plan."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc.store import db

_VALID_IN_YEAR = "(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)"


@dataclass
class YearContext:
    """Units valid at some time in ``year`` (code → (name, kind, level)), the indices, and the unit records for
    reading unit names (every unit, since a plan may name a unit by an older name)."""

    year: int
    units: dict[str, tuple[str, str, str]]
    index_codes: list[str]
    all_units: list[dict]
    groups: list[dict]

    @property
    def levels(self) -> set[str]:
        """The target levels that have units in that year; ``all`` always does."""
        return {level for _, _, level in self.units.values()} | {"all"}


def year_context(conn: db.Connection, year: int) -> YearContext:
    """Read the units and indices as they are in the database now."""
    params = [date(year, 12, 31), date(year, 1, 1)]
    rows = db.query_rows(conn, f"SELECT code, name, kind, level FROM units WHERE {_VALID_IN_YEAR} ORDER BY code", params)
    indices = [r[0] for r in db.query_rows(conn, "SELECT code FROM indices ORDER BY sort_order, code")]
    all_units = db.query_df(conn, "SELECT code, name, short_name, kind FROM units ORDER BY code")
    groups = db.query_df(conn, "SELECT code, name FROM unit_groups ORDER BY code")
    return YearContext(year, {code: (name, kind, level) for code, name, kind, level in rows}, indices,
                       _records(all_units), _records(groups))


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def current_plan(conn: db.Connection, year: int) -> dict[str, pd.DataFrame]:
    """The plan of ``year`` as loaded: one frame per table, in the workbook's row order."""
    return {
        "plans": db.query_df(conn, "SELECT * FROM plans WHERE year = ?", [year]),
        "plan_areas": db.query_df(conn, "SELECT * FROM plan_areas WHERE plan_year = ? ORDER BY sort_order, code", [year]),
        "targets": db.query_df(conn, "SELECT * FROM targets WHERE plan_year = ? ORDER BY area_code, code, level", [year]),
        "tasks": db.query_df(conn, "SELECT * FROM tasks WHERE plan_year = ? ORDER BY sort_order, code", [year]),
        "report_deadlines": db.query_df(conn, "SELECT * FROM report_deadlines WHERE plan_year = ? "
                                              "ORDER BY report, period, unit_kind NULLS FIRST", [year]),
    }
