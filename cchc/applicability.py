"""Which targets and tasks of a plan year concern a unit: what its reports list and what it may report.

A target applies to a unit when every unit of its level reports it (``reported_by = each_unit``:
departments, districts and communes, the level matching or the target set for all levels) or when
the unit leads it for the province (``reported_by = lead_unit``). A task concerns a unit that leads
it or partners in it, by name or through a group that covers it ("UBND cấp huyện").
"""
from __future__ import annotations

import pandas as pd

from cchc import db

# Units that report on their own values of the each-unit targets.
SELF_REPORTING_KINDS = ("department", "district", "commune")
REPORTING_KINDS = ("department", "central_agency", "district", "commune")


def unit_row(conn: db.Connection, unit_code: str) -> dict | None:
    """The unit's catalog row, or None for an unknown code."""
    frame = db.query_df(conn, "SELECT * FROM units WHERE code = ?", [unit_code])
    return None if frame.empty else frame.iloc[0].to_dict()


def groups_of(conn: db.Connection, unit_code: str) -> list[str]:
    """Codes of the groups that cover the unit (by its kind or by name)."""
    rows = db.query_rows(
        conn,
        """SELECT g.code FROM unit_groups g, units u
           WHERE u.code = ? AND (list_contains(g.covers_kinds, u.kind) OR list_contains(g.members, u.code))
           ORDER BY g.code""",
        [unit_code],
    )
    return [r[0] for r in rows]


def targets_for_unit(conn: db.Connection, unit_code: str, plan_year: int) -> pd.DataFrame:
    """The targets the unit reports on, one row per target code, in plan order."""
    return db.query_df(
        conn,
        """SELECT t.* FROM targets t
           JOIN units u ON u.code = ?
           JOIN plan_areas a ON a.plan_year = t.plan_year AND a.code = t.area_code
           WHERE t.plan_year = ?
             AND ((t.reported_by = 'each_unit' AND list_contains(?, u.kind) AND t.level IN (u.level, 'all'))
                  OR (t.reported_by = 'lead_unit' AND t.lead_unit_code = u.code))
           ORDER BY a.sort_order, t.source, t.item, t.code""",
        [unit_code, plan_year, list(SELF_REPORTING_KINDS)],
    )


def tasks_for_unit(conn: db.Connection, unit_code: str, plan_year: int) -> pd.DataFrame:
    """The tasks the unit leads or partners in, with a ``role`` column (lead, partner), in plan order."""
    names = [unit_code, *groups_of(conn, unit_code)]
    return db.query_df(
        conn,
        """SELECT t.*, CASE WHEN list_has_any(t.lead_unit_codes, ?) THEN 'lead' ELSE 'partner' END AS role
           FROM tasks t
           WHERE t.plan_year = ? AND (list_has_any(t.lead_unit_codes, ?) OR list_has_any(t.partner_unit_codes, ?))
           ORDER BY t.sort_order""",
        [names, plan_year, names, names],
    )


def reporting_units(conn: db.Connection, on: str | None = None) -> pd.DataFrame:
    """Units that send reports and exist on the date ``on`` (ISO; default: any time)."""
    return db.query_df(
        conn,
        """SELECT * FROM units WHERE list_contains(?, kind)
             AND (?::DATE IS NULL OR ((valid_from IS NULL OR valid_from <= ?::DATE) AND (valid_to IS NULL OR valid_to > ?::DATE)))
           ORDER BY CASE kind WHEN 'department' THEN 1 WHEN 'central_agency' THEN 2 WHEN 'district' THEN 3 ELSE 4 END, code""",
        [list(REPORTING_KINDS), on, on, on],
    )
