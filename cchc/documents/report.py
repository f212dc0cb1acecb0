"""What the periodic CCHC report says: the figures of a quarter, the first six months or the year, as sentences
and annex tables, for the Word template (:mod:`cchc.documents.report_template`) to lay out.

The province reports to Bộ Nội vụ every quý I, 6 tháng, quý III and năm. Values are cumulative within a year, so
the six-month report reads the second quarter's reports and the year report the fourth's. Every figure comes from
the views the pages read, for the same period and as-of date: targets from ``target_progress`` (the overview and
the Chỉ tiêu page), tasks from ``task_progress`` (Nhiệm vụ), reports from the submissions board judged on the
as-of date (Tình hình nộp báo cáo), indices from ``summarise`` (Chỉ số).

What only people can write (what the province did, why a target is behind, what comes next) is a placeholder:
:class:`Placeholder`, which the template shows bracketed and highlighted. Nothing is invented. The document is
Vietnamese, whatever the interface language: it is the province's report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc import look
from cchc.applicability import Catalog
from cchc.formatting import format_date, format_index_score, format_measure, format_number, format_rank
from cchc.i18n import translate
from cchc.metrics import target_status, task_state
from cchc.periods import Period
from cchc.store import db, queries
from cchc.views import board
from cchc.views.index_summary import summarise
from cchc.views.target_progress import target_progress
from cchc.views.task_progress import task_progress

ROMAN = ("I", "II", "III", "IV")
DIRECTION_AREA = "CDDH"          # "Công tác chỉ đạo điều hành CCHC": section I; every other area is one part of II
NAMED = 10                       # units or targets named in a sentence before "và N … khác (Phụ lục …)"
_CODE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H1))?$")
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")


def t(key: str, **values: object) -> str:
    return translate(key, "vi", **values)


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period of the province: a quarter ("2024-Q1"), the first six months ("2024-H1") or the year
    ("2024"), and the quarter whose reports it reads."""

    year: int
    kind: str           # quarter, half, year
    quarter: int

    @property
    def code(self) -> str:
        return {"quarter": f"{self.year}-Q{self.quarter}", "half": f"{self.year}-H1", "year": str(self.year)}[self.kind]

    @property
    def reports(self) -> Period:
        """The quarter of the units' reports this period reads (cumulative values: Q2 for H1, Q4 for the year)."""
        return Period(self.year, self.quarter)

    @property
    def end(self) -> date:
        return self.reports.end

    @property
    def name(self) -> str:
        """"quý I năm 2024", "6 tháng đầu năm 2024", "năm 2024"."""
        if self.kind == "quarter":
            return t("report.period.quarter", quarter=ROMAN[self.quarter - 1], year=self.year)
        return t(f"report.period.{self.kind}", year=self.year)


def report_period(text: str) -> ReportPeriod | None:
    """Read "2024-Q3", "2024-H1" or "2024" (None when it is none of them)."""
    match = _CODE.match(str(text).strip().upper())
    if not match:
        return None
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return ReportPeriod(year, "year", 4)
    if part == "H1":
        return ReportPeriod(year, "half", 2)
    return ReportPeriod(year, "quarter", int(part[1]))


@dataclass(frozen=True)
class Placeholder:
    """Text only people can write: the template shows it bracketed and highlighted, to be replaced."""

    text: str

    def __str__(self) -> str:
        return f"[{self.text}]"


def _named(names: list[str], noun: str, annex: str) -> str:
    """The first :data:`NAMED` names, then how many more (of ``noun``) and where they are all listed."""
    shown = "; ".join(names[:NAMED])
    rest = len(names) - NAMED
    return shown + (t("report.and_more", n=format_number(rest), noun=noun, annex=annex) if rest > 0 else "")


def _activity(row: dict) -> str:
    """A task's activity without the plan's own numbering ("3.4. Hướng dẫn …"): its code says it already."""
    return _NUMBERING.sub("", row["activity"] or row["task"])


def _measure(value: float | None, row: dict) -> str:
    return format_measure(value, row["measure"], row["unit_of_measure"])


def _target_value(row: dict) -> str:
    return ("≥ " if row["direction"] == "at_least" else "≤ ") + _measure(row["target_value"], row)


def _target_name(row: dict) -> str:
    level = "" if row["level"] == "all" else f" ({translate('level.' + row['level'], 'vi').lower()})"
    return f"{row['code']} {row['indicator']}{level}"


def _target_lines(targets: pd.DataFrame) -> list[str]:
    """How many targets of an area are where, and which are behind or at risk, with value and target."""
    if targets.empty:
        return []
    counts = targets["status"].value_counts()
    parts = [t("report.targets.met", met=format_number(counts.get(target_status.MET, 0)),
               total=format_number(len(targets)))]
    parts += [f"{format_number(counts[s])} {target_status.LABELS[s].lower()}"
              for s in (target_status.ON_TRACK, target_status.AT_RISK, target_status.BEHIND, target_status.NO_DATA)
              if counts.get(s, 0)]
    lines = [", ".join(parts) + "."]
    for status in (target_status.BEHIND, target_status.AT_RISK):
        rows = targets[targets["status"] == status].sort_values("code").to_dict("records")
        if rows:
            named = [t("report.targets.one", name=_target_name(r), value=_measure(r["latest"], r),
                       target=_target_value(r)) for r in rows]
            lines.append(t("report.targets.named", status=target_status.LABELS[status].lower(),
                           names=_named(named, t("report.noun.targets"), "I")))
    return lines


def _task_lines(tasks: pd.DataFrame) -> tuple[list[str], list[str]]:
    """How many tasks of an area are done, in progress or overdue; and each overdue task by name."""
    if tasks.empty:
        return [], []
    counts = tasks["state"].value_counts()
    done = int(counts.get(task_state.DONE, 0) + counts.get(task_state.DONE_LATE, 0))
    parts = [t("report.tasks.done", done=format_number(done), total=format_number(len(tasks)))]
    parts += [f"{format_number(counts[s])} {task_state.LABELS[s].lower()}"
              for s in (task_state.DONE_LATE, task_state.IN_PROGRESS, task_state.NOT_STARTED, task_state.NO_REPORT,
                        task_state.OVERDUE) if counts.get(s, 0)]
    overdue = tasks[tasks["state"] == task_state.OVERDUE].sort_values(["due_date", "code"])
    return [", ".join(parts) + "."], [t("report.tasks.overdue_one", code=row["code"],
                                        activity=_activity(row), lead=row["lead_text"],
                                        due=format_date(row["due_date"]))
                                      for row in overdue.to_dict("records")]


def _area(code: str, name: str, number: str, targets: pd.DataFrame, tasks: pd.DataFrame) -> dict:
    mine_targets, mine_tasks = targets[targets["area_code"] == code], tasks[tasks["area_code"] == code]
    task_lines, overdue = _task_lines(mine_tasks)
    lines = _target_lines(mine_targets) + task_lines
    if not lines:
        lines = [t("report.area.nothing")]
    return {"number": number, "name": name, "lines": lines, "overdue_title": t("report.tasks.overdue_title")
            if overdue else "", "overdue": overdue, "placeholder": Placeholder(t("report.placeholder.area", name=name[:1].lower() + name[1:]))}


def _state_text(row: dict) -> str:
    """A report's state on the as-of date, with the day it came in when it did."""
    text = board.LABELS[row["state"]]
    if row["state"] in (board.ON_TIME, board.LATE) and pd.notna(row["uploaded_at"]):
        text += f" ({format_date(pd.Timestamp(row['uploaded_at']).date())})"
    return text


def _reporting(frame: pd.DataFrame, period: Period) -> tuple[list[str], list[dict]]:
    """The units' reports of the quarter read, as the board judges them on the as-of date: a sentence with the
    counts, the late and the missing units by name, and one annex row per unit."""
    rows = frame[frame["period"] == period.code]
    states = board.unit_states(rows)
    counts = states["state"].value_counts()
    due = board.period_due_date(frame, period.code)
    sent = int(counts.get(board.ON_TIME, 0) + counts.get(board.LATE, 0))
    lines = [t("report.reporting.counts", sent=format_number(sent), total=format_number(len(states)),
               period=t("report.reporting.period", quarter=ROMAN[(period.quarter or 4) - 1], year=period.year),
               due=format_date(due), late=format_number(counts.get(board.LATE, 0)),
               missing=format_number(counts.get(board.MISSING, 0)),
               rejected=format_number(counts.get(board.REJECTED, 0)))]
    if counts.get(board.NOT_DUE, 0):
        lines[0] = lines[0][:-1] + t("report.reporting.not_due", n=format_number(counts[board.NOT_DUE]))
    for state, key in ((board.LATE, "late"), (board.MISSING, "missing"), (board.REJECTED, "rejected")):
        names = list(states.loc[states["state"] == state, "name"])
        if names:
            lines.append(t(f"report.reporting.{key}", names=_named(names, t("report.noun.units"), "III")))
    by_unit: dict[str, dict] = {}
    for row in rows.to_dict("records"):
        entry = by_unit.setdefault(row["unit_code"], {"unit": row["name"], "targets": "", "tasks": "",
                                                      "targets_fill": "", "tasks_fill": ""})
        entry[row["report"]] = _state_text(row)
        entry[row["report"] + "_fill"] = board.COLOURS[row["state"]][0].lstrip("#")
    table = [{"number": format_number(n), **entry} for n, entry in enumerate(by_unit.values(), start=1)]
    for entry in table:      # a unit that has only one of the two reports to send
        for report in board.REPORTS:
            if not entry[report]:
                entry[report] = t("report.reporting.none")
    return lines, table


def _indices(conn: db.Connection) -> list[dict]:
    """The latest published result of each headline index, as on the Chỉ số page."""
    rows = []
    for s in summarise(queries.headline_scores(conn)):
        change = "–" if s.rank_change is None else t("overview.rank_same") if s.rank_change == 0 else \
            ("▲ " + t("overview.rank_up", n=s.rank_change)) if s.rank_change > 0 else \
            ("▼ " + t("overview.rank_down", n=-s.rank_change))
        flag = f" ({t('indices.flag.' + s.flag)})" if s.flag in ("derived", "computed") else ""
        rows.append({"name": t(f"index.{s.index_code}"), "year": str(s.year),
                     "score": format_index_score(s.score, s.display_unit, s.max_score),
                     "rank": format_rank(s.rank, s.rank_of) + flag, "change": change})
    return rows


def _annex_targets(targets: pd.DataFrame) -> list[dict]:
    order = {code: n for n, code in enumerate(targets["area_code"].drop_duplicates())}
    rows = targets.assign(_area=targets["area_code"].map(order)).sort_values(["_area", "code", "level"], kind="stable")
    return [{"number": format_number(n), "code": r["code"], "indicator": r["indicator"],
             "level": translate("level." + r["level"], "vi"), "value": _measure(r["latest"], r),
             "target": _target_value(r), "status": target_status.status_text(r["status"]),
             "fill": look.fill(target_status.COLOURS[r["status"]]).lstrip("#")}
            for n, r in enumerate(rows.to_dict("records"), start=1)]


def _annex_tasks(tasks: pd.DataFrame, states: tuple[str, ...]) -> list[dict]:
    rows = tasks[tasks["state"].isin(states)].sort_values(["due_date", "code"], na_position="last")
    return [{"number": format_number(n), "code": r["code"], "activity": _activity(r),
             "lead": r["lead_text"], "due": format_date(r["due_date"]) if pd.notna(r["due_date"]) else r["deadline_text"],
             "state": task_state.LABELS[r["state"]]}
            for n, r in enumerate(rows.to_dict("records"), start=1)]


def report_context(conn: db.Connection, period: ReportPeriod, as_of: date, today: date | None = None) -> dict:
    """Every field of the report template (:data:`cchc.documents.report_template.FIELDS`) for ``period`` on
    ``as_of``."""
    catalog = Catalog(conn)
    plan_year, quarter = period.year, period.reports
    targets = target_progress(conn, plan_year, period.quarter, catalog)
    tasks = task_progress(conn, plan_year, as_of, catalog)
    frame = board.judged_on(board.board(conn, plan_year, catalog), as_of, board.received_until(conn))
    reporting_lines, reports = _reporting(frame, quarter)
    areas = queries.plan_areas(conn, plan_year)
    direction_name = dict(areas).get(DIRECTION_AREA, t("report.direction_title"))
    direction = _area(DIRECTION_AREA, direction_name, "", targets, tasks)
    results = [_area(code, name, str(n), targets, tasks)
               for n, (code, name) in enumerate([a for a in areas if a[0] != DIRECTION_AREA], start=1)]
    sample_plan = queries.is_sample_plan(conn, plan_year)
    sample_data = bool(targets["is_sample"].any() or tasks["is_sample"].any()) or \
        queries.has_sample_reports(conn, plan_year)
    mark = look.sample_label(plan=sample_plan, data=sample_data) or ""
    counts = targets["status"].value_counts()
    overdue = int((tasks["state"] == task_state.OVERDUE).sum())
    done = int(tasks["state"].isin((task_state.DONE, task_state.DONE_LATE)).sum())
    today = today or date.today()
    title = t("report.title", period=period.name)
    return {
        "title": title + (f" ({look.SAMPLE_PLAN_MARK if sample_plan else look.SAMPLE_DATA_MARK})" if mark else ""),
        "sample_mark": mark,
        "period_name": period.name,
        "plan_year": str(plan_year),
        "as_of": format_date(as_of),
        "draft_year": str(today.year),
        "drafted_on": format_date(today),
        "cutoff": t("report.cutoff", date=format_date(as_of), quarter=ROMAN[period.quarter - 1], year=plan_year),
        "summary": t("report.summary", date=format_date(as_of),
                     met=format_number(counts.get(target_status.MET, 0)), total=format_number(len(targets)),
                     at_risk=format_number(counts.get(target_status.AT_RISK, 0)),
                     behind=format_number(counts.get(target_status.BEHIND, 0)),
                     done=format_number(done), tasks=format_number(len(tasks)), overdue=format_number(overdue)),
        "direction": {**direction, "lines": direction["lines"] + reporting_lines,
                      "placeholder": Placeholder(t("report.placeholder.direction"))},
        "areas": results,
        "assessment": {"strengths": Placeholder(t("report.placeholder.strengths")),
                       "weaknesses": Placeholder(t("report.placeholder.weaknesses")),
                       "causes": Placeholder(t("report.placeholder.causes"))},
        "outlook": {"tasks": Placeholder(t("report.placeholder.outlook")),
                    "proposals": Placeholder(t("report.placeholder.proposals"))},
        "signer": Placeholder(t("report.placeholder.signer")),
        "targets": _annex_targets(targets),
        "tasks_overdue": _annex_tasks(tasks, (task_state.OVERDUE,)),
        "tasks_done": _annex_tasks(tasks, (task_state.DONE, task_state.DONE_LATE)),
        "reports": reports,
        "reports_period": t("report.reporting.period", quarter=ROMAN[period.quarter - 1], year=plan_year),
        "indices": _indices(conn),
    }
