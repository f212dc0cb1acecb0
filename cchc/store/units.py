"""Units over time, as stored: which units exist on a day, what a unit was formed from and what it became, why a
unit is absent from a period (in Vietnamese), and which units of a day stand for a unit formed later.

- **Existence.** Any list of units for a period comes from :func:`units_valid_on` (the period's last day), so a
  2024 page lists the 2023 districts and communes and a 2026 page the 69 units of 1 July 2025; :func:`exists_on`
  says it of one catalog row.
- **Absence.** Templates, report checks, the upload page and reporter accounts refuse a unit that does not exist
  in the period (or today) with the same words (:func:`absence_reason`): "đơn vị này không còn từ 01/07/2025,
  nay thuộc Phường Thành Sen (X2025-18073)". The successors are followed through the lineage to the units that
  exist on that day (a commune merged on 1/1/2025 and again on 1/7/2025 names its 2025 unit, not the
  intermediate commune).
- **Lineage.** :func:`predecessors` and :func:`successors` read ``unit_lineage``; :class:`Lineage` follows it
  back from a unit to the units that existed on a day (:func:`former_units`), transitively. A unit split between
  several new ones (``split_between``, or a district ``dissolved_into`` several) is never apportioned: it is
  left out and named.

Codes and the lineage's kinds are explained in :mod:`etl.catalogs.lineage`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc.formatting import format_date
from cchc.missing import is_missing
from cchc.store import db

# valid_to is the first day a unit no longer exists; NULL dates are open ends.
VALID_ON_SQL = ("(valid_from IS NULL OR valid_from <= CAST(? AS DATE))"
                " AND (valid_to IS NULL OR valid_to > CAST(? AS DATE))")


def unit_row(conn: db.Connection, code: str) -> dict | None:
    """The catalog row of one unit (any time), or None for an unknown code."""
    rows = db.query_df(conn, "SELECT * FROM units WHERE code = ?", [code]).to_dict("records")
    return rows[0] if rows else None


def unit_rows(conn: db.Connection, codes: Sequence[str]) -> dict[str, dict]:
    """The catalog rows of the units ``codes`` (those that exist), by code."""
    return {row["code"]: row for row in
            db.query_df(conn, "SELECT * FROM units WHERE code = ANY(?)", [list(codes)]).to_dict("records")}


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


@dataclass(frozen=True)
class Successor:
    """A unit that exists on the day asked about and took over (part of) an ended unit."""

    code: str
    name: str
    split: bool       # the ended unit was split: this unit took only part of it


def _as_date(value: date | None) -> date | None:
    """A bound of a unit's validity (a date, or a pandas Timestamp, which is one too) as a date; NaT as None."""
    if value is None or is_missing(value):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def exists_on(unit: dict, day: date) -> bool:
    """Whether a unit (a catalog row with ``valid_from``/``valid_to``) exists on ``day``."""
    start, end = _as_date(unit.get("valid_from")), _as_date(unit.get("valid_to"))
    return (start is None or start <= day) and (end is None or end > day)


def successors_on(conn: db.Connection, code: str, day: date) -> list[Successor]:
    """The units existing on ``day`` that an ended unit's lineage leads to, in lineage order (none when unmapped)."""
    found: dict[str, Successor] = {}

    def follow(old: str, split: bool, seen: frozenset[str]) -> None:
        for row in successors(conn, old).to_dict("records"):
            new = row["new_code"]
            if is_missing(new) or new in seen:
                continue      # unmapped: the lineage row's note says why
            parted = split or row["kind"] == "split_between"
            unit = unit_row(conn, new)
            if unit is not None and exists_on(unit, day):
                found.setdefault(new, Successor(new, unit["name"], parted))
            else:
                follow(new, parted, seen | {new})

    follow(code, False, frozenset({code}))
    return list(found.values())


def absence_reason(conn: db.Connection, unit: dict, day: date) -> str | None:
    """None when the unit exists on ``day``; otherwise why not, in Vietnamese, starting "đơn vị này …"."""
    if exists_on(unit, day):
        return None
    start, end = _as_date(unit.get("valid_from")), _as_date(unit.get("valid_to"))
    if start is not None and day < start:
        return f"đơn vị này chỉ có từ ngày {format_date(start)}"
    reason = f"đơn vị này không còn từ {format_date(end)}"
    found = successors_on(conn, unit["code"], day)
    if not found:
        # districts were abolished with the whole level on 1/7/2025: nothing took them over as a unit
        return reason + (" (không còn cấp huyện)" if unit.get("kind") == "district" else ", chưa xác định đơn vị tiếp nhận")
    names = " và ".join(f"{s.name} ({s.code})" for s in found)
    verb = "nay chia về" if any(s.split for s in found) else "nay thuộc"
    return f"{reason}, {verb} {names}"


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
