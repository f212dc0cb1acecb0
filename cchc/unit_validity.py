"""Whether a unit exists on a day, and, when it does not, the Vietnamese reason naming what it became.

Templates, report checks, the upload page and reporter accounts refuse a unit that does not exist in the period
(or today) with the same words: "đơn vị này không còn từ 01/07/2025, nay thuộc Phường Thành Sen (X2025-18073)".
The successors are followed through the lineage to the units that exist on that day (a commune merged on
1/1/2025 and again on 1/7/2025 names its 2025 unit, not the intermediate commune).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc.formatting import format_date
from cchc.store import db
from cchc.unit_history import successors


@dataclass(frozen=True)
class Successor:
    """A unit that exists on the day asked about and took over (part of) an ended unit."""

    code: str
    name: str
    split: bool       # the ended unit was split: this unit took only part of it


def _as_date(value: object) -> date | None:
    if value is None or pd.isna(value):
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
            if new is None or pd.isna(new) or new in seen:
                continue      # unmapped: the lineage row's note says why
            parted = split or row["kind"] == "split_between"
            unit = db.query_df(conn, "SELECT * FROM units WHERE code = ?", [new]).to_dict("records")
            if unit and exists_on(unit[0], day):
                found.setdefault(new, Successor(new, unit[0]["name"], parted))
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
