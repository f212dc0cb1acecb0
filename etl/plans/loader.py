"""Load a checked plan workbook as its year's plan, in one transaction, audited.

The year's plan, areas, targets, tasks and report deadlines are replaced together. Reported values stay
linked by target (and task) code, so re-importing a corrected plan keeps them; removing a target or task
that already has reported values is refused, with the list, and nothing is written. :func:`plan_changes`
says beforehand what the workbook adds, removes and changes (the preview).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cchc.missing import is_missing
from cchc.store import db, journal
from etl.catalogs import plan as plan_catalog
from etl.catalogs import replace_catalog
from etl.plans import LEVEL_LABELS
from etl.plans.context import current_plan
from etl.plans.reader import PlanReading


class PlanRefused(Exception):
    """The plan would remove targets or tasks that have reported values; ``removed`` lists them."""

    def __init__(self, year: int, removed: list[str]) -> None:
        super().__init__(f"Không nạp kế hoạch năm {year}: tệp bỏ {len(removed)} chỉ tiêu/nhiệm vụ đã có số liệu "
                         "báo cáo. Hãy giữ lại các dòng này trong tệp: " + "; ".join(removed))
        self.year = year
        self.removed = removed


@dataclass
class ImportReport:
    """What was loaded: the year and the row counts."""

    year: int
    counts: dict[str, int]


@dataclass
class Changes:
    """What loading a workbook would change in one part of the year's plan: item names added, removed, changed."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def summary(self, what: str) -> str:
        """"chỉ tiêu: thêm 1, bỏ 0, sửa 2 (CDDH-1.2 (cấp tỉnh), …)" in Vietnamese."""
        named = ", ".join((self.added + self.removed + self.changed)[:5])
        more = "…" if len(self.added) + len(self.removed) + len(self.changed) > 5 else ""
        return (f"{what}: thêm {len(self.added)}, bỏ {len(self.removed)}, sửa {len(self.changed)}"
                + (f" ({named}{more})" if named else ""))


def _comparable(value: object) -> object:
    """A cell as both the database and the workbook give it: lists as tuples, dates as dates, missing as None."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(value)
    if is_missing(value):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def _by_key(frame: pd.DataFrame, keys: list[str], name) -> dict[str, dict]:
    records = frame.astype(object).to_dict("records")
    return {name(*(r[k] for k in keys)): {k: _comparable(v) for k, v in r.items()} for r in records}


def _compare(before: pd.DataFrame, after: pd.DataFrame, keys: list[str], name) -> Changes:
    old, new = _by_key(before, keys, name), _by_key(after, keys, name)
    return Changes([k for k in new if k not in old], [k for k in old if k not in new],
                   [k for k in new if k in old and new[k] != {c: old[k].get(c) for c in new[k]}])


def plan_changes(conn: db.Connection, reading: PlanReading) -> dict[str, Changes]:
    """What loading ``reading`` would change in its year's plan, per part (the preview before confirming)."""
    current, catalog = current_plan(conn, reading.year), reading.catalog

    def target(code: str, level: str) -> str:
        return f"{code} ({LEVEL_LABELS.get(level, level).lower()})"

    return {
        "kế hoạch": _compare(current["plans"], catalog.plan, ["year"], str),
        "lĩnh vực": _compare(current["plan_areas"], catalog.areas, ["code"], str),
        "chỉ tiêu": _compare(current["targets"], catalog.targets, ["code", "level"], target),
        "nhiệm vụ": _compare(current["tasks"], catalog.tasks, ["code"], str),
        "hạn báo cáo": _compare(current["report_deadlines"], reading.deadlines, ["report", "period", "unit_kind"],
                                lambda report, period, kind: f"{report} {period}" + (f" {kind}" if kind else "")),
    }


def removed_with_values(cur: db.Connection, reading: PlanReading) -> list[str]:
    """Targets (code, level) and tasks of the year's current plan that the new plan drops and that have values.

    Over a sample plan ("Kế hoạch mẫu") the sample reports made for it do not count: the real plan replaces the
    sample, whose made-up values never held a real report."""
    year, catalog = reading.year, reading.catalog
    keep_targets = set(zip(catalog.targets["code"], catalog.targets["level"]))
    keep_tasks = set(catalog.tasks["code"])
    samples = cur.execute("SELECT count(*) FROM plans WHERE year = ? AND is_sample", [year]).fetchone()
    assert samples is not None          # count(*) gives one row
    over_sample = bool(samples[0])
    real_only = " AND NOT v.is_sample" if over_sample else ""
    reported_targets = cur.execute("SELECT DISTINCT t.code, t.level FROM targets t JOIN target_values v "
                                   "ON v.plan_year = t.plan_year AND v.target_code = t.code AND v.level = t.level "
                                   f"WHERE t.plan_year = ?{real_only} ORDER BY t.code, t.level", [year]).fetchall()
    reported_tasks = cur.execute("SELECT DISTINCT t.code FROM tasks t JOIN task_progress v "
                                 "ON v.plan_year = t.plan_year AND v.task_code = t.code "
                                 f"WHERE t.plan_year = ?{real_only} ORDER BY t.code", [year]).fetchall()
    removed = [f"chỉ tiêu {code} ({LEVEL_LABELS.get(level, level).lower()})"
               for code, level in reported_targets if (code, level) not in keep_targets]
    return removed + [f"nhiệm vụ {code}" for (code,) in reported_tasks if code not in keep_tasks]


def import_plan(conn: db.Connection, reading: PlanReading, actor: str, source_name: str | None = None) -> ImportReport:
    """Replace the year's plan by the workbook's, all or nothing; raises :class:`PlanRefused`."""
    year = reading.year
    with db.transaction(conn, lock="catalogs") as cur:
        removed = removed_with_values(cur, reading)
        if removed:
            raise PlanRefused(year, removed)
        counts = plan_catalog.load(cur, reading.catalog, actor)
        replace_catalog(cur, f"report_deadlines:{year}", "report_deadlines", reading.deadlines, actor,
                        "plan_year = ?", [year])
        counts["report_deadlines"] = len(reading.deadlines)
        journal.record(cur, actor, "plan_import", "plans", str(year), {**counts, "file": source_name})
    return ImportReport(year, counts)
