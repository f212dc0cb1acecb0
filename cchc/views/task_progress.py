"""Where each appendix task stands on an "as of" date, from the progress reports of its lead units.

The reports counted are each unit's latest accepted report for a quarter that had ended by the
as-of date. A task led by a group ("UBND cấp huyện") counts the reports of every member. Its SQL reads the
current task reports of a plan year.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from cchc.applicability import Catalog
from cchc.metrics.task_state import ORDER, task_state
from cchc.periods import Period
from cchc.store import db

COLUMNS = ["code", "section", "area_code", "area", "objective", "task", "activity", "deliverable", "lead_text",
           "lead_unit_codes", "partner_text", "deadline_text", "deadline_kind", "due_date", "state", "lead_reports",
           "lead_done", "percent_done", "is_sample"]


def latest_progress(conn: db.Connection, plan_year: int, as_of: date) -> pd.DataFrame:
    """Each unit's latest reported status of each task, from quarters ended by ``as_of``."""
    ended = [Period(plan_year, q).code for q in range(1, 5) if Period(plan_year, q).end <= as_of]
    if not ended:
        return pd.DataFrame(columns=["unit_code", "task_code", "status", "percent_done", "completed_on", "is_sample"])
    return db.query_df(
        conn,
        """SELECT DISTINCT ON (unit_code, task_code) unit_code, task_code, status, percent_done, completed_on, is_sample
           FROM current_task_progress
           WHERE plan_year = ? AND period = ANY(?)
           ORDER BY unit_code, task_code, period DESC""",
        [plan_year, ended],
    )


def lead_units(catalog: Catalog, lead_codes: list[str]) -> set[str]:
    """The units behind a task's lead codes: named units, and the members of named groups."""
    units = catalog.units
    found: set[str] = set()
    for code in lead_codes:
        if catalog.unit(code) is not None:
            found.add(code)
            continue
        kinds, members = catalog.group_cover(code)
        found |= set(members) | set(units.loc[units["kind"].isin(kinds), "code"])
    return found


def task_progress(conn: db.Connection, plan_year: int, as_of: date, catalog: Catalog | None = None) -> pd.DataFrame:
    """One row per task of the plan year with its state on ``as_of``; overdue tasks first."""
    catalog = catalog or Catalog(conn)
    areas = dict(db.query_rows(conn, "SELECT code, name FROM plan_areas WHERE plan_year = ?", [plan_year]))
    progress = latest_progress(conn, plan_year, as_of)
    by_task = {code: group for code, group in progress.groupby("task_code")} if len(progress) else {}
    rows = []
    for task in catalog.tasks[catalog.tasks["plan_year"] == plan_year].to_dict("records"):
        reports = by_task.get(task["code"])
        leads = lead_units(catalog, list(task["lead_unit_codes"]))
        lead_reports = reports[reports["unit_code"].isin(leads)] if reports is not None else None
        statuses = list(lead_reports["status"]) if lead_reports is not None else []
        completed = [None if pd.isna(d) else pd.Timestamp(d).date() for d in lead_reports["completed_on"]] \
            if lead_reports is not None else []
        due = None if pd.isna(task["due_date"]) else pd.Timestamp(task["due_date"]).date()
        rows.append({
            **{k: task[k] for k in ("code", "section", "area_code", "objective", "task", "activity", "deliverable",
                                    "lead_text", "lead_unit_codes", "partner_text", "deadline_text", "deadline_kind")},
            "area": areas.get(task["area_code"]),
            "due_date": due,
            "state": task_state(task["deadline_kind"], due, statuses, completed, as_of),
            "lead_reports": len(statuses),
            "lead_done": sum(s in ("done", "done_late") for s in statuses),
            "percent_done": (float(lead_reports["percent_done"].mean())
                             if lead_reports is not None and statuses else None),
            "is_sample": bool(reports["is_sample"].any()) if reports is not None else False,
        })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["_order"] = frame["state"].map(ORDER)
    return frame.sort_values(["_order", "due_date", "code"], na_position="last").drop(columns="_order").reset_index(drop=True)
