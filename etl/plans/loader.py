"""Load a checked plan workbook as its year's plan, in one transaction, audited.

The year's plan, areas, targets, tasks and report deadlines are replaced together. Reported values stay
linked by target (and task) code, so re-importing a corrected plan keeps them; removing a target or task
that already has reported values is refused, with the list, and nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass

from cchc import db, journal
from etl.catalogs import plan as plan_catalog
from etl.catalogs import replace_catalog
from etl.plans import LEVEL_LABELS
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


def removed_with_values(cur: db.Connection, reading: PlanReading) -> list[str]:
    """Targets (code, level) and tasks of the year's current plan that the new plan drops and that have values."""
    year, catalog = reading.year, reading.catalog
    keep_targets = set(zip(catalog.targets["code"], catalog.targets["level"]))
    keep_tasks = set(catalog.tasks["code"])
    reported_targets = cur.execute("SELECT DISTINCT t.code, t.level FROM targets t JOIN target_values v "
                                          "ON v.plan_year = t.plan_year AND v.target_code = t.code AND v.level = t.level "
                                          "WHERE t.plan_year = ? ORDER BY t.code, t.level", [year]).fetchall()
    reported_tasks = cur.execute("SELECT DISTINCT t.code FROM tasks t JOIN task_progress p "
                                        "ON p.plan_year = t.plan_year AND p.task_code = t.code "
                                        "WHERE t.plan_year = ? ORDER BY t.code", [year]).fetchall()
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
