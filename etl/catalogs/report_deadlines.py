"""Report deadlines per plan year: ``data/plan/<year>/report_deadlines.csv``, edited by Sở Nội vụ.

Columns: ``report, period, unit_kind, due_date, note``. ``report`` is ``plan`` (the units' own CCHC
plan for the year, ``period`` = the year) or ``targets``/``tasks`` (the quarterly reports, ``period`` =
``2024-Q1`` … ``2024-Q4``). An empty ``unit_kind`` applies to every kind of unit; a row for one kind
wins over it. ``due_date`` is the last day a report counts as on time, written ``2024-07-15`` or
``15/07/2024``. The shipped quarterly dates are the quarter's end plus
:data:`cchc.periods.REPORT_DAYS_AFTER_QUARTER` days. A plan year without the file has no deadlines
here, and the board falls back to that default.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from cchc.periods import parse_period
from cchc.store import db
from cchc.vocabulary import UNIT_KINDS
from etl.catalogs import read_csv, replace_catalog

FILE_NAME = "report_deadlines.csv"
REPORTS = {"plan", "targets", "tasks"}
COLUMNS = ["plan_year", "report", "period", "unit_kind", "due_date", "note"]
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str | None) -> date | None:
    """``2024-07-15`` or ``15/07/2024``; None when the text is not a date."""
    if not text:
        return None
    try:
        match = _DMY.match(text)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        return None


def period_problem(report: str, text: str | None, plan_year: int) -> str | None:
    """Why ``text`` is not a period of ``plan_year`` for that report (Vietnamese), or None when it is."""
    period = parse_period(text)
    if period is None or period.year != plan_year:
        return f"kỳ '{text}' không phải là một kỳ của năm {plan_year}"
    if report == "plan" and period.quarter is not None:
        return f"kế hoạch năm có kỳ là năm ({plan_year}), không phải '{text}'"
    if report in ("targets", "tasks") and period.quarter is None:
        return f"báo cáo {report} có kỳ là một quý ({plan_year}-Q1 … {plan_year}-Q4), không phải '{text}'"
    return None


def build(data_dir: Path, plan_year: int) -> tuple[pd.DataFrame, list[str]]:
    """The rows of one plan year and the problems found in them; rows with a problem are left out."""
    path = data_dir / "plan" / str(plan_year) / FILE_NAME
    rows: list[dict] = []
    problems: list[str] = []
    seen: set[tuple] = set()
    for number, r in enumerate(read_csv(path) if path.exists() else [], start=2):
        where = f"{plan_year}: {FILE_NAME} dòng {number}"
        report, kind, due = r.get("report"), r.get("unit_kind"), parse_date(r.get("due_date"))
        found = []
        if report not in REPORTS:
            found.append(f"loại báo cáo '{report}' không hợp lệ (plan, targets hoặc tasks)")
        elif (problem := period_problem(report, r.get("period"), plan_year)) is not None:
            found.append(problem)
        if kind is not None and kind not in UNIT_KINDS:
            found.append(f"loại đơn vị '{kind}' không hợp lệ ({', '.join(sorted(UNIT_KINDS))} hoặc để trống)")
        if due is None:
            found.append(f"hạn nộp '{r.get('due_date')}' không phải là ngày (2024-07-15 hoặc 15/07/2024)")
        period = parse_period(r.get("period"))
        key = (report, period.code if period else r.get("period"), kind)
        if key in seen:
            found.append(f"trùng với một dòng trước ({report}, {key[1]}, {kind or 'mọi đơn vị'})")
        seen.add(key)
        if found:
            problems.extend(f"{where}: {p}" for p in found)
            continue
        assert period is not None       # period_problem found none: the period was read
        rows.append({"plan_year": plan_year, "report": report, "period": period.code, "unit_kind": kind,
                     "due_date": due, "note": r.get("note")})
    return pd.DataFrame(rows, columns=COLUMNS), problems


def load(cur: db.Connection, data_dir: Path, plan_years: list[int], actor: str) -> tuple[dict[str, int], list[str]]:
    """Load the deadlines of every plan year (each year replaced on its own); counts and problems."""
    counts, problems = {}, []
    for year in plan_years:
        frame, found = build(data_dir, year)
        replace_catalog(cur, f"report_deadlines:{year}", "report_deadlines", frame, actor, "plan_year = ?", [year])
        counts[f"report_deadlines:{year}"] = len(frame)
        problems.extend(found)
    return counts, problems
