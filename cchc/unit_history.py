"""Units over time as stored: the units that exist on a day, and where a unit came from or went.

Any list of units for a period should come from :func:`units_valid_on` (the period's last day), so a 2024
page lists the 2023 districts and communes and a 2026 page the 69 units of 1 July 2025. Codes and the
lineage's kinds are explained in :mod:`etl.catalogs.lineage`.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from cchc.store import db

# valid_to is the first day a unit no longer exists; NULL dates are open ends.
VALID_ON_SQL = ("(valid_from IS NULL OR valid_from <= CAST(? AS DATE))"
                " AND (valid_to IS NULL OR valid_to > CAST(? AS DATE))")


def units_valid_on(conn: db.Connection, day: date, kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """The units that exist on ``day`` (of the given kinds, default all), ordered by code."""
    sql = "SELECT * FROM units WHERE " + VALID_ON_SQL
    params: list = [day.isoformat(), day.isoformat()]
    if kinds is not None:
        sql += " AND kind = ANY(?)"
        params.append(list(kinds))
    return db.query_df(conn, sql + " ORDER BY code", params)


def predecessors(conn: db.Connection, code: str) -> pd.DataFrame:
    """The lineage rows into ``code``: the units it was formed from, with kind, date, source, verified, note."""
    return db.query_df(
        conn,
        """SELECT l.*, u.name AS old_name FROM unit_lineage l JOIN units u ON u.code = l.old_code
           WHERE l.new_code = ? ORDER BY l.effective_date, l.old_code""",
        [code],
    )


def successors(conn: db.Connection, code: str) -> pd.DataFrame:
    """The lineage rows out of ``code``: what it became (``new_code`` NULL when not known, with the reason)."""
    return db.query_df(
        conn,
        """SELECT l.*, u.name AS new_name FROM unit_lineage l LEFT JOIN units u ON u.code = l.new_code
           WHERE l.old_code = ? ORDER BY l.effective_date, l.new_code""",
        [code],
    )


def where_children_went(conn: db.Connection, parent_code: str, day: date) -> list[tuple[str, str]]:
    """(code, name) of the units that the units under ``parent_code`` went into on ``day`` (a district's
    communes on 1/7/2025, when the district level ended), by code."""
    return db.query_rows(
        conn,
        """SELECT DISTINCT l.new_code, n.name FROM unit_lineage l JOIN units c ON c.code = l.old_code
           JOIN units n ON n.code = l.new_code
           WHERE c.parent_code = ? AND l.effective_date = CAST(? AS DATE) ORDER BY l.new_code""",
        [parent_code, day.isoformat()],
    )
