"""What the Units page shows about one department, district or commune, and how units of a kind compare.

Every number on the page comes from here: the unit's own targets with status, the tasks it leads or
partners in with its own latest report, its index scores inside the province, its submissions (late or
on time), a ranking of all units of a kind on one target or index, and a district's communes on one
target. The ``*_table`` functions turn those frames into display tables with Vietnamese headers and
values formatted the Vietnamese way.

Units over time: the lists hold the units that exist on the period's last day. A unit formed after a period
shows for it its former units' combined values (:mod:`cchc.views.lineage`); a unit that ended says what it
became, and a unit formed from others names them (:func:`what_became`, :func:`formed_from`). Viewed for a period
when it did not exist (:func:`presence`), a unit has nothing of its own due or late: no tasks, and after it ended
no targets; its report says what it belongs to on the period's last day and the plan years it existed in
(:func:`active_periods`), where its own results are.

Its SQL reads one unit's values, reports, scores and submissions, and a kind's values for the comparison.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from cchc.applicability import Catalog
from cchc.formatting import (
    Shown,
    date_cell,
    format_date,
    format_measure,
    format_number,
    format_period,
    format_rank,
    format_score,
    measure_cell,
    moment_cell,
    percent_cell,
    score_cell,
)
from cchc.metrics import task_state
from cchc.metrics.projection import project
from cchc.metrics.target_status import NO_DATA, status_of, status_text
from cchc.missing import is_missing
from cchc.periods import Period, parse_period, report_deadline
from cchc.store import db
from cchc.store.queries import PROVINCE, latest_quarter, sample_plan_years
from cchc.store.units import (
    FormerUnits,
    Lineage,
    Successor,
    exists_on,
    predecessors,
    successors,
    successors_on,
    where_children_went,
)
from cchc.text import fold
from cchc.views.lineage import combine
from cchc.views.target_progress import reported_values, target_progress
from cchc.vocabulary import (
    REPORT_LABELS,
    SUBMISSION_STATUSES,
    TASK_ROLES,
    TASK_STATUSES,
    UNIT_KIND_NAMES,
    UNIT_KIND_ORDER,
    UNIT_KINDS,
)

KIND_LEVEL = {"department": "province", "central_agency": "province", "district": "district", "commune": "commune"}
COMPARED_INDICES = ("PAR_INDEX_INTERNAL", "DDCI")
INDEX_NAMES = {"PAR_INDEX_INTERNAL": "Chỉ số CCHC (tỉnh đánh giá)", "DDCI": "DDCI"}


def _text(value: object) -> str:
    """Text of a cell, empty when missing (pandas keeps missing text as NaN)."""
    return "" if is_missing(value) else str(value)


def _units_on(catalog: Catalog, day: date) -> pd.DataFrame:
    """Units of the page's kinds that exist on ``day`` (a period's last day)."""
    units = catalog.reporting_units(day)
    return units[units["kind"].isin(UNIT_KINDS)]


def _day(value: object) -> date | None:
    return None if is_missing(value) else pd.Timestamp(value).date()


# --- choosing a unit ----------------------------------------------------------------------------------------

def unit_options(conn: db.Connection, day: date, catalog: Catalog | None = None) -> pd.DataFrame:
    """Every unit of the page's kinds: code, name, kind, kind_name, parent_code, parent_name, label, search key,
    and ``listed``: whether it exists on ``day`` (a period's last day). The list shows those; the others (ended,
    or formed later) stay reachable by their link, and their label gives their dates.

    Listed units first: departments, then central agencies, districts and communes (a district's communes
    together); a commune's label names its district: "Phường Trần Phú (Thành phố Hà Tĩnh)".
    """
    catalog = catalog or Catalog(conn)
    units = catalog.units[catalog.units["kind"].isin(UNIT_KINDS)].copy()
    units["listed"] = units["code"].isin(set(_units_on(catalog, day)["code"]))
    names = dict(zip(catalog.units["code"], catalog.units["name"]))
    units["kind_name"] = units["kind"].map(UNIT_KIND_NAMES)
    # A commune of 1/7/2025 belongs to the province itself: its label is its name alone.
    parents = [names.get(p, "") if k == "commune" and p != PROVINCE else ""
               for p, k in zip(units["parent_code"], units["kind"])]
    units["parent_name"] = parents
    units["label"] = [f"{n} ({p})" if p else n for n, p in zip(units["name"], parents)]
    units["name_key"] = units["name"].map(fold)
    units["key"] = [fold(f"{label} {code} {_text(short)}") for label, code, short in
                    zip(units["label"], units["code"], units["short_name"])]
    units["label"] = [label if listed else f"{label} ({_dates(start, end, day)})" for label, listed, start, end
                      in zip(units["label"], units["listed"], units["valid_from"], units["valid_to"])]
    units["_order"] = units["kind"].map(UNIT_KIND_ORDER)
    units["_parent"] = units["parent_code"].where(units["kind"] == "commune", "")
    units = units.sort_values(["listed", "_order", "_parent", "code"], ascending=[False, True, True, True])
    return units[["code", "name", "kind", "kind_name", "parent_code", "parent_name", "label", "name_key", "key",
                  "listed"]].reset_index(drop=True)


def _dates(start: object, end: object, day: date) -> str:
    """When a unit not existing on ``day`` existed: "đến 30/06/2025" (the last day) or "từ 01/07/2025"."""
    last = _day(end)
    if last is not None and last <= day:
        return "đến " + format_date(last - timedelta(days=1))
    return "từ " + format_date(_day(start))


def search_units(options: pd.DataFrame, text: str | None) -> pd.DataFrame:
    """The options whose name, district, code or short name contain every word typed, diacritics ignored.

    Units whose own name matches come before communes found through their district's name.
    """
    words = fold(text or "").split()
    if not words:
        return options
    found = options[[all(w in key for w in words) for key in options["key"]]]
    by_name = found["name_key"].map(lambda key: not all(w in key for w in words))
    return found.assign(_by_parent=by_name).sort_values("_by_parent", kind="stable").drop(columns="_by_parent") \
        .reset_index(drop=True)


def unit_profile(catalog: Catalog, code: str) -> dict | None:
    """Name, kind and parent of a unit, for the page header; None for an unknown code."""
    unit = catalog.unit(code)
    if unit is None:
        return None
    parent = catalog.unit(unit["parent_code"]) if unit["parent_code"] else None
    return {
        "code": code, "name": unit["name"], "short_name": unit["short_name"] or unit["name"], "kind": unit["kind"],
        "kind_name": UNIT_KIND_NAMES.get(unit["kind"], unit["kind"]), "level": unit["level"],
        "parent_code": unit["parent_code"],
        "parent_name": parent["name"] if parent and unit["kind"] == "commune" and parent["code"] != PROVINCE
        else None,
        "valid_from": _day(unit["valid_from"]), "valid_to": _day(unit["valid_to"]),
    }


# --- the unit over time -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitChange:
    """One step of a unit's history: what it became, or what it was formed from.

    ``kind`` is a lineage kind (merged_into, split_between, renamed, dissolved_into), ``unknown`` (it ended and
    where it went is not known) or ``level_abolished`` (a district of 30/6/2025: ``units`` are where its communes
    went). ``units``: (code, name) of the other units."""

    kind: str
    day: date
    units: tuple[tuple[str, str], ...]
    verified: bool = True             # False: inferred, or not confirmed by an official text


@dataclass(frozen=True)
class CombinedValues:
    """Quarters of the plan year shown with the former units' combined values, and which units those are."""

    quarters: tuple[int, ...]
    sources: tuple[tuple[str, str], ...]     # (code, name) of the units added up
    excluded: tuple[tuple[str, str], ...]    # (code, name) of the split units left out


def _changes(rows: pd.DataFrame, code_column: str, name_column: str) -> list[UnitChange]:
    changes = []
    for (kind, day), group in rows.groupby(["kind", "effective_date"], sort=False):
        known = group[group[code_column].notna()]
        # groupby leaves out rows without a date: ``day`` is one
        changes.append(UnitChange(kind if len(known) else "unknown", pd.Timestamp(day).date(),
                                  tuple(zip(known[code_column], known[name_column])), bool(group["verified"].all())))
    return changes


def what_became(conn: db.Connection, catalog: Catalog, code: str) -> list[UnitChange]:
    """What a unit that ended became (empty while it exists), by date."""
    unit = catalog.unit(code)
    became = _changes(successors(conn, code), "new_code", "new_name")
    ended = _day(unit["valid_to"]) if unit is not None else None
    if became or unit is None or ended is None:
        return became
    if unit["kind"] == "district":   # 1/7/2025: no district level any more; its communes went on
        return [UnitChange("level_abolished", ended, tuple(where_children_went(conn, code, ended)))]
    return [UnitChange("unknown", ended, ())]


def formed_from(conn: db.Connection, code: str) -> list[UnitChange]:
    """The units that went into ``code``, by date and kind (empty for a unit formed from none)."""
    return _changes(predecessors(conn, code), "old_code", "old_name")


EXISTS, ENDED, NOT_YET = "exists", "ended", "not_yet"     # a unit in a period: :func:`presence`


def presence(profile: dict, day: date) -> str:
    """Whether the unit of ``profile`` exists on ``day`` (a period's last day, as the unit lists count), had
    ended by then, or was not formed yet."""
    if exists_on(profile, day):
        return EXISTS
    return NOT_YET if profile["valid_from"] is not None and day < profile["valid_from"] else ENDED


@dataclass(frozen=True)
class ActivePeriod:
    """A plan year in which a unit existed: the quarters on whose last day it did, and the one its link opens."""

    plan_year: int
    quarters: tuple[int, ...]
    shown: int            # the year's latest quarter with reports when the unit existed then, else its last one
    is_sample: bool       # a sample plan year ("Kế hoạch mẫu")


def active_periods(conn: db.Connection, catalog: Catalog, profile: dict) -> list[ActivePeriod]:
    """The plan years of the database in which the unit existed, oldest first: where its own results are."""
    sample = sample_plan_years(conn)
    found = []
    for year in sorted(catalog.plan_years):
        quarters = tuple(q for q in range(1, 5) if exists_on(profile, Period(year, q).end))
        if quarters:
            latest = latest_quarter(conn, year)
            found.append(ActivePeriod(year, quarters, latest if latest in quarters else quarters[-1], year in sample))
    return found


def lineage_values(conn: db.Connection, code: str, plan_year: int, catalog: Catalog
                   ) -> tuple[pd.DataFrame, list[CombinedValues]]:
    """The values the unit's page shows for the plan year (rows of :func:`reported_values`): its own, and for
    the quarters that ended before it existed its former units' combined values (one row per target and
    quarter, by :func:`cchc.views.lineage.combine`); with those quarters and units."""
    start = _day((catalog.unit(code) or {}).get("valid_from"))
    before = [q for q in range(1, 5) if start is not None and Period(plan_year, q).end < start]
    lineage = Lineage(conn) if before else None
    formers = {q: lineage.former_units(code, Period(plan_year, q).end) for q in before} if lineage is not None else {}
    formers = {q: former for q, former in formers.items() if former.sources or former.excluded}
    if not formers:
        return reported_values(conn, plan_year, code), []
    values = reported_values(conn, plan_year)
    t = catalog.targets
    measures = dict(zip(t.loc[t["plan_year"] == plan_year, "code"], t.loc[t["plan_year"] == plan_year, "measure"]))
    rows = []
    for quarter, former in formers.items():
        mine = values[(values["quarter"] == quarter) & values["unit_code"].isin(former.sources)]
        for target_code, group in mine.groupby("target_code", sort=False):
            total = combine(group, former, measures.get(target_code, ""))
            if total["value"] is not None:
                rows.append({"unit_code": code, "period": Period(plan_year, quarter).code, "quarter": quarter,
                             "target_code": target_code, "level": group["level"].iloc[0],
                             "numerator": total["numerator"], "denominator": total["denominator"],
                             "value": total["value"], "is_sample": total["is_sample"]})
    own = values[(values["unit_code"] == code) & ~values["quarter"].isin(list(formers))]
    combined = pd.DataFrame(rows, columns=values.columns)
    shown = combined if own.empty else own if combined.empty else pd.concat([own, combined], ignore_index=True)
    return shown, _combined_notes(formers, catalog)


def _combined_notes(formers: dict[int, FormerUnits], catalog: Catalog) -> list[CombinedValues]:
    def named(codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        return tuple((code, (catalog.unit(code) or {"name": code})["name"]) for code in codes)

    by_units: dict[tuple, list[int]] = {}
    for quarter, former in formers.items():
        by_units.setdefault((former.sources, former.excluded), []).append(quarter)
    return [CombinedValues(tuple(quarters), named(sources), named(excluded))
            for (sources, excluded), quarters in by_units.items()]


# --- the unit's own data ------------------------------------------------------------------------------------

def unit_targets(conn: db.Connection, code: str, plan_year: int, quarter: int, catalog: Catalog | None = None,
                 values: pd.DataFrame | None = None) -> pd.DataFrame:
    """The unit's targets with its own values by quarter (or ``values``, from :func:`lineage_values`), status,
    and the latest numerator/denominator."""
    values = reported_values(conn, plan_year, code) if values is None else values
    progress = target_progress(conn, plan_year, quarter, catalog=catalog or Catalog(conn), unit_code=code,
                               values=values)
    latest = {(r["target_code"], r["quarter"]): r for r in values.to_dict("records")}
    numerators, denominators = [], []
    for row in progress.to_dict("records"):
        found = latest.get((row["code"], row["latest_quarter"])) if not is_missing(row["latest_quarter"]) else None
        numerators.append(None if found is None or is_missing(found["numerator"]) else float(found["numerator"]))
        denominators.append(None if found is None or is_missing(found["denominator"]) else float(found["denominator"]))
    return progress.assign(numerator=numerators, denominator=denominators)


def targets_table(progress: pd.DataFrame) -> pd.DataFrame:
    """Display table of a unit's targets."""
    rows = []
    for row in progress.to_dict("records"):
        def fmt(key: str, row: dict = row, prefix: str = "") -> Shown:
            return measure_cell(row[key], row["measure"], row["unit_of_measure"], prefix)
        ratio = "–" if is_missing(row["numerator"]) or is_missing(row["denominator"]) else \
            f"{format_number(row['numerator'])}/{format_number(row['denominator'])}"
        rows.append({
            "Mã": row["code"], "Lĩnh vực": row["area"], "Chỉ tiêu": row["indicator"],
            "Kế hoạch": fmt("target_value", prefix="≥ " if row["direction"] == "at_least" else "≤ "),
            "Quý I": fmt("q1"), "Quý II": fmt("q2"), "Quý III": fmt("q3"), "Quý IV": fmt("q4"),
            "Mới nhất": fmt("latest"), "Tử số/Mẫu số": ratio, "Dự báo cuối năm": fmt("year_end"),
            "Trạng thái": status_text(row["status"]),
        })
    # What matters first (value, status) on the left, so a narrow screen shows it without scrolling.
    return pd.DataFrame(rows, columns=["Mã", "Chỉ tiêu", "Kế hoạch", "Mới nhất", "Trạng thái", "Tử số/Mẫu số",
                                       "Quý I", "Quý II", "Quý III", "Quý IV", "Dự báo cuối năm", "Lĩnh vực"])


def unit_tasks(conn: db.Connection, code: str, plan_year: int, as_of: date, catalog: Catalog | None = None
               ) -> pd.DataFrame:
    """The tasks the unit leads or partners in, with its own latest report from quarters ended by ``as_of``.

    ``state`` is the task's state for this unit alone (overdue when its due date has passed and the
    unit has not reported it done); overdue tasks first.
    """
    catalog = catalog or Catalog(conn)
    tasks = catalog.tasks_for_unit(code, plan_year)
    areas = dict(db.query_rows(conn, "SELECT code, name FROM plan_areas WHERE plan_year = ?", [plan_year]))
    ended = [Period(plan_year, q).code for q in range(1, 5) if Period(plan_year, q).end <= as_of]
    reports = db.query_df(
        conn,
        """SELECT DISTINCT ON (task_code) task_code, period, status, percent_done, evidence, completed_on, is_sample
           FROM current_task_progress
           WHERE unit_code = ? AND plan_year = ? AND period = ANY(?)
           ORDER BY task_code, period DESC""",
        [code, plan_year, ended],
    ) if ended else pd.DataFrame(columns=["task_code"])
    by_task = {r["task_code"]: r for r in reports.to_dict("records")}
    rows = []
    for task in tasks.to_dict("records"):
        report = by_task.get(task["code"])
        due = None if is_missing(task["due_date"]) else pd.Timestamp(task["due_date"]).date()
        completed = None if report is None or is_missing(report["completed_on"]) \
            else pd.Timestamp(report["completed_on"]).date()
        statuses = [report["status"]] if report is not None else []
        rows.append({
            "code": task["code"], "area": areas.get(task["area_code"]), "activity": task["activity"] or task["task"],
            "role": task["role"], "lead_text": task["lead_text"], "deadline_text": task["deadline_text"],
            "deadline_kind": task["deadline_kind"], "due_date": due,
            "reported_status": report["status"] if report is not None else None,
            "reported_period": report["period"] if report is not None else None,
            "percent_done": None if report is None or is_missing(report["percent_done"])
            else float(report["percent_done"]),
            "evidence": None if report is None or is_missing(report["evidence"]) else report["evidence"],
            "completed_on": completed,
            "state": task_state.task_state(task["deadline_kind"], due, statuses, [completed], as_of),
            "is_sample": bool(report["is_sample"]) if report is not None else False,
        })
    columns = ["code", "area", "activity", "role", "lead_text", "deadline_text", "deadline_kind", "due_date",
               "reported_status", "reported_period", "percent_done", "evidence", "completed_on", "state", "is_sample"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["_order"] = frame["state"].map(task_state.ORDER)
    return frame.sort_values(["_order", "due_date", "code"], na_position="last", kind="stable") \
        .drop(columns="_order").reset_index(drop=True)


def tasks_table(tasks: pd.DataFrame) -> pd.DataFrame:
    """Display table of a unit's tasks; overdue ones marked with ⚠."""
    rows = []
    for row in tasks.to_dict("records"):
        state = task_state.LABELS[row["state"]]
        rows.append({
            "Mã": row["code"], "Hoạt động": _text(row["activity"]),
            "Vai trò": TASK_ROLES.get(row["role"], row["role"]),
            "Thời hạn": "Thường xuyên" if row["deadline_kind"] == "recurring" else _text(row["deadline_text"]),
            "Hạn chót": date_cell(row["due_date"], missing=""),
            "Tình trạng": ("⚠ " + state) if row["state"] == task_state.OVERDUE else state,
            "Đơn vị báo cáo": TASK_STATUSES.get(_text(row["reported_status"]), "Chưa báo cáo"),
            "% hoàn thành": percent_cell(row["percent_done"], 0),
            "Minh chứng": _text(row["evidence"]),
            "Ngày hoàn thành": date_cell(row["completed_on"], missing=""),
            "Kỳ báo cáo": format_period(_text(row["reported_period"])),
        })
    return pd.DataFrame(rows, columns=["Mã", "Hoạt động", "Vai trò", "Hạn chót", "Tình trạng", "% hoàn thành",
                                       "Đơn vị báo cáo", "Minh chứng", "Ngày hoàn thành", "Kỳ báo cáo", "Thời hạn"])


def unit_index_scores(conn: db.Connection, code: str) -> pd.DataFrame:
    """The unit's total scores in the province's own indices, by year (newest first), published before sample."""
    return db.query_df(
        conn,
        """SELECT s.index_code, s.year, s.score, coalesce(s.max_score, i.scale_max) AS max_score, s.rank, s.rank_of,
                  s.origin, s.is_sample, s.source_url, s.note
           FROM current_index_scores s JOIN indices i ON i.code = s.index_code
           WHERE s.unit_code = ? AND s.index_code = ANY(?) AND s.component_code = 'TOTAL' AND s.stat = 'value'
           ORDER BY i.sort_order, s.index_code, s.year DESC, s.origin = 'published' DESC""",
        [code, list(COMPARED_INDICES)],
    )


def index_table(scores: pd.DataFrame) -> pd.DataFrame:
    """Display table of a unit's index scores."""
    rows = []
    for row in scores.to_dict("records"):
        suffix = "/" + format_score(row["max_score"]) if not is_missing(row["max_score"]) and row["max_score"] != 100 \
            else ""
        score = score_cell(row["score"], suffix)
        rank_of = None if is_missing(row["rank_of"]) else int(row["rank_of"])
        rank = "–" if is_missing(row["rank"]) else format_rank(int(row["rank"]), rank_of)
        source = "Dữ liệu mẫu" if row["is_sample"] else \
            ("Công bố" if row["origin"] == "published" else "Báo cáo của Sở Nội vụ")
        rows.append({
            "Chỉ số": INDEX_NAMES.get(row["index_code"], row["index_code"]), "Năm": str(row["year"]), "Điểm": score,
            "Xếp hạng": rank, "Nguồn": source,
            "Ghi chú": _note(_text(row["note"])),
        })
    return pd.DataFrame(rows, columns=["Chỉ số", "Năm", "Điểm", "Xếp hạng", "Nguồn", "Ghi chú"])


# Notes of the published index catalog are written "block: …" and "class: …".
_NOTE_WORDS = {"block:": "Khối:", "class:": "Xếp loại:"}


def _note(note: str) -> str:
    for english, vietnamese in _NOTE_WORDS.items():
        if note.startswith(english):
            return vietnamese + note[len(english):]
    return note


def unit_submissions(conn: db.Connection, code: str, plan_year: int) -> pd.DataFrame:
    """Every file the unit sent for the plan year (newest first): status, deadline, lateness, problems."""
    frame = db.query_df(
        conn,
        """SELECT s.id, s.kind, s.period, s.filename, s.uploaded_by, s.uploaded_at, s.is_sample,
                  CASE WHEN s.status = 'accepted' AND s.superseded_by IS NOT NULL THEN 'superseded' ELSE s.status END
                      AS status,
                  (SELECT count(*) FROM submission_problems p WHERE p.submission_id = s.id AND p.severity = 'error') AS errors,
                  (SELECT count(*) FROM submission_problems p WHERE p.submission_id = s.id AND p.severity = 'warning') AS warnings
           FROM submissions s
           WHERE s.unit_code = ? AND (s.plan_year = ? OR s.period LIKE ?)
           ORDER BY s.uploaded_at DESC, s.id DESC""",
        [code, plan_year, f"{plan_year}%"],
    )
    deadlines, late_days = [], []
    for period_code, uploaded in zip(frame["period"], frame["uploaded_at"]):
        period = parse_period(period_code)
        # Only quarterly reports have a deadline; index results follow the publication of the index.
        deadline = report_deadline(period) if period and period.quarter else None
        deadlines.append(deadline)
        late_days.append(None if deadline is None else max(0, (pd.Timestamp(uploaded).date() - deadline).days))
    return frame.assign(deadline=deadlines, late_days=late_days)


def submissions_table(submissions: pd.DataFrame) -> pd.DataFrame:
    """Display table of a unit's submissions."""
    rows = []
    for row in submissions.to_dict("records"):
        late = row["late_days"]
        rows.append({
            "Loại báo cáo": REPORT_LABELS.get(_text(row["kind"]), _text(row["kind"])),
            "Kỳ": format_period(_text(row["period"])),
            "Tình trạng": SUBMISSION_STATUSES.get(row["status"], row["status"]),
            "Thời điểm gửi": moment_cell(row["uploaded_at"]),
            "Hạn nộp": date_cell(row["deadline"], missing=""),
            "Đúng hạn": "" if is_missing(late) else ("Đúng hạn" if late == 0 else f"Trễ {int(late)} ngày"),
            "Lỗi": int(row["errors"]), "Cảnh báo": int(row["warnings"]), "Tệp": _text(row["filename"]),
        })
    return pd.DataFrame(rows, columns=["Loại báo cáo", "Kỳ", "Tình trạng", "Thời điểm gửi", "Hạn nộp", "Đúng hạn",
                                       "Lỗi", "Cảnh báo", "Tệp"])


@dataclass
class UnitReport:
    """Everything the page shows about one unit for a plan year, period and as-of date."""

    profile: dict
    targets: pd.DataFrame
    tasks: pd.DataFrame
    index_scores: pd.DataFrame
    submissions: pd.DataFrame
    combined: list[CombinedValues] = field(default_factory=list)   # quarters shown with former units' values
    became: list[UnitChange] = field(default_factory=list)
    formed_from: list[UnitChange] = field(default_factory=list)
    presence: str = EXISTS            # in the period asked for: EXISTS, ENDED or NOT_YET (:func:`presence`)
    now: list[Successor] = field(default_factory=list)          # ENDED: the units it belongs to on the period's end
    active: list[ActivePeriod] = field(default_factory=list)    # not EXISTS: the plan years it existed in

    @property
    def is_sample(self) -> bool:
        return bool(self.targets["is_sample"].any() or self.tasks["is_sample"].any()
                    or self.index_scores["is_sample"].any() or self.submissions["is_sample"].any())

    def summary(self) -> dict:
        """Headline counts: targets met, tasks overdue, files sent and sent late."""
        accepted = self.submissions[self.submissions["status"] != "rejected"]
        return {
            "targets": len(self.targets), "targets_met": int((self.targets["status"] == "met").sum()),
            "targets_no_data": int((self.targets["status"] == NO_DATA).sum()),
            "targets_by_status": {k: int(v) for k, v in self.targets["status"].value_counts().items()},
            "tasks": len(self.tasks), "tasks_overdue": int((self.tasks["state"] == task_state.OVERDUE).sum()),
            "tasks_lead": int((self.tasks["role"] == "lead").sum()),
            "submissions": len(self.submissions), "rejected": int((self.submissions["status"] == "rejected").sum()),
            "late": int((accepted["late_days"].fillna(0) > 0).sum()),
        }


def unit_report(conn: db.Connection, code: str, plan_year: int, quarter: int, as_of: date,
                catalog: Catalog | None = None) -> UnitReport | None:
    """The unit's report (None for an unknown code)."""
    catalog = catalog or Catalog(conn)
    profile = unit_profile(catalog, code)
    if profile is None:
        return None
    day = Period(plan_year, quarter).end
    here = presence(profile, day)
    values, combined = lineage_values(conn, code, plan_year, catalog)
    targets = unit_targets(conn, code, plan_year, quarter, catalog, values)
    tasks = unit_tasks(conn, code, plan_year, as_of, catalog)
    if here != EXISTS:
        # Nothing of its own was due, so nothing is late or missing: no tasks; after it ended no targets either
        # (before it was formed, its targets are its former units' combined values).
        tasks = tasks.iloc[:0]
        if here == ENDED:
            targets = targets.iloc[:0]
    # Index scores and ranks stay the unit's own: a rank cannot be added up.
    return UnitReport(profile, targets, tasks, unit_index_scores(conn, code), unit_submissions(conn, code, plan_year),
                      combined, what_became(conn, catalog, code), formed_from(conn, code), here,
                      successors_on(conn, code, day) if here == ENDED else [],
                      active_periods(conn, catalog, profile) if here != EXISTS else [])


# --- comparing units of a kind --------------------------------------------------------------------------------

@dataclass
class Comparison:
    """Units of a kind ranked on one target or index; the units that did not report."""

    title: str
    ranked: pd.DataFrame              # code, label, value, text, rank, is_sample — best first
    missing: list[str] = field(default_factory=list)
    reference: float | None = None    # the plan's target value, drawn as a line
    reference_text: str | None = None
    higher_is_better: bool = True
    is_sample: bool = False


def compare_choices(conn: db.Connection, kind: str, plan_year: int, catalog: Catalog | None = None) -> dict[str, str]:
    """What units of a kind can be compared on: "target:CODE" and "index:CODE:YEAR" keys with their labels."""
    catalog = catalog or Catalog(conn)
    choices = {}
    if kind in ("department", "district", "commune"):
        t = catalog.targets
        mine = t[(t["plan_year"] == plan_year) & (t["reported_by"] == "each_unit")
                 & t["level"].isin((KIND_LEVEL[kind], "all"))]
        for row in mine.drop_duplicates("code").to_dict("records"):
            choices[f"target:{row['code']}"] = f"{row['code']} · {row['indicator']}"
    rows = db.query_rows(
        conn,
        """SELECT s.index_code, s.year FROM current_index_scores s JOIN units u ON u.code = s.unit_code
           JOIN indices i ON i.code = s.index_code
           WHERE u.kind = ? AND s.index_code = ANY(?) AND s.component_code = 'TOTAL' AND s.stat = 'value'
             AND s.score IS NOT NULL AND s.year <= ?
           GROUP BY s.index_code, s.year ORDER BY min(i.sort_order), s.index_code, s.year DESC""",
        [kind, list(COMPARED_INDICES), plan_year],
    )
    for index_code, year in rows:
        choices[f"index:{index_code}:{year}"] = f"{INDEX_NAMES.get(index_code, index_code)} năm {year}"
    return choices


def _unique_labels(units: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """Short names, with the district added where two communes share a name."""
    labels = [s if isinstance(s, str) and s else n for s, n in zip(units["short_name"], units["name"])]
    counts = pd.Series(labels).value_counts()
    return [f"{label} ({names.get(parent, '')})" if counts[label] > 1 else label
            for label, parent in zip(labels, units["parent_code"])]


def compare_units(conn: db.Connection, kind: str, choice: str, plan_year: int, quarter: int,
                  parent_code: str | None = None, catalog: Catalog | None = None) -> Comparison:
    """All units of ``kind`` (only the communes of ``parent_code`` when given) ranked on ``choice``.

    A target is compared on the values reported for the filters' period; an index on one year's scores.
    """
    catalog = catalog or Catalog(conn)
    units = _units_on(catalog, Period(plan_year, quarter).end)
    units = units[units["kind"] == kind]
    if parent_code:
        units = units[units["parent_code"] == parent_code]
    names = dict(zip(catalog.units["code"], catalog.units["name"]))
    labels = dict(zip(units["code"], _unique_labels(units, names)))
    codes = list(units["code"])
    part, *rest = choice.split(":")
    if part == "target":
        target_code = rest[0]
        t = catalog.targets
        target = t[(t["plan_year"] == plan_year) & (t["code"] == target_code)
                   & t["level"].isin((KIND_LEVEL[kind], "all"))].iloc[0]
        period = Period(plan_year, quarter)
        values = db.query_df(
            conn,
            """SELECT unit_code, value, is_sample FROM current_target_values
               WHERE plan_year = ? AND period = ? AND target_code = ? AND unit_code = ANY(?)
                 AND value IS NOT NULL""",
            [plan_year, period.code, target_code, codes],
        )
        higher = target["direction"] == "at_least"
        texts = [format_measure(v, target["measure"], target["unit_of_measure"]) for v in values["value"]]
        title = f"{target_code} · {target['indicator']} — {format_period(period.code)}"
        reference: float | None = float(target["target_value"])
        reference_text: str | None = "Kế hoạch " + format_measure(reference, target["measure"],
                                                                   target["unit_of_measure"])
    else:
        index_code, year = rest[0], int(rest[1])
        values = db.query_df(
            conn,
            """SELECT DISTINCT ON (unit_code) unit_code, score AS value, is_sample FROM current_index_scores
               WHERE index_code = ? AND year = ? AND component_code = 'TOTAL' AND stat = 'value'
                 AND score IS NOT NULL AND unit_code = ANY(?)
               ORDER BY unit_code, origin = 'published' DESC""",
            [index_code, year, codes],
        )
        higher = bool(db.query_rows(conn, "SELECT higher_is_better FROM indices WHERE code = ?", [index_code])[0][0])
        texts = [format_score(v) for v in values["value"]]
        title = f"{INDEX_NAMES.get(index_code, index_code)} năm {year}"
        reference = reference_text = None
    ranked = values.assign(text=texts, label=values["unit_code"].map(labels)).rename(columns={"unit_code": "code"})
    ranked = ranked.sort_values(["value", "code"], ascending=[not higher, True], kind="stable").reset_index(drop=True)
    ranked["rank"] = ranked["value"].rank(method="min", ascending=not higher).astype(int)
    reported = set(ranked["code"])
    missing = [labels[c] for c in codes if c not in reported]
    return Comparison(title, ranked[["code", "label", "value", "text", "rank", "is_sample"]], missing, reference,
                      reference_text, higher, bool(ranked["is_sample"].any()))


# --- a district's communes ----------------------------------------------------------------------------------

def commune_target_choices(conn: db.Connection, plan_year: int, catalog: Catalog | None = None) -> dict[str, str]:
    """Targets every commune reports: code → "code · indicator"."""
    t = (catalog or Catalog(conn)).targets
    mine = t[(t["plan_year"] == plan_year) & (t["reported_by"] == "each_unit") & t["level"].isin(("commune", "all"))]
    return {row["code"]: f"{row['code']} · {row['indicator']}"
            for row in mine.drop_duplicates("code").to_dict("records")}


def district_communes(conn: db.Connection, district_code: str, target_code: str, plan_year: int, quarter: int,
                      catalog: Catalog | None = None) -> pd.DataFrame:
    """The district's communes with their latest value of a target up to ``quarter`` and its status."""
    catalog = catalog or Catalog(conn)
    units = _units_on(catalog, Period(plan_year, quarter).end)
    communes = units[(units["kind"] == "commune") & (units["parent_code"] == district_code)].sort_values("code")
    t = catalog.targets
    target = t[(t["plan_year"] == plan_year) & (t["code"] == target_code) & t["level"].isin(("commune", "all"))].iloc[0]
    values = db.query_df(
        conn,
        """SELECT unit_code, CAST(right(period, 1) AS INTEGER) AS quarter, value, is_sample
           FROM current_target_values
           WHERE plan_year = ? AND target_code = ? AND unit_code = ANY(?) AND value IS NOT NULL
             AND CAST(right(period, 1) AS INTEGER) <= ?""",
        [plan_year, target_code, list(communes["code"]), quarter],
    )
    rows = []
    for commune in communes.to_dict("records"):
        mine = values[values["unit_code"] == commune["code"]]
        by_quarter = dict(zip(mine["quarter"], mine["value"]))
        last = max(by_quarter) if by_quarter else None
        latest = by_quarter[last] if last else None
        projection = project(by_quarter, target["target_value"], target["measure"])
        rows.append({
            "code": commune["code"], "name": commune["name"], "value": latest,
            "text": format_measure(latest, target["measure"], target["unit_of_measure"]),
            "period": format_period(Period(plan_year, last).code) if last else "",
            "status": status_of(latest, projection.year_end, target["target_value"], target["direction"]),
            "is_sample": bool(mine["is_sample"].any()),
        })
    return pd.DataFrame(rows, columns=["code", "name", "value", "text", "period", "status", "is_sample"])


def index_series(scores: pd.DataFrame, index_code: str) -> pd.DataFrame:
    """One scored row per year of an index (published before sample), oldest first, for a trend chart."""
    mine = scores[(scores["index_code"] == index_code) & scores["score"].notna()]
    return mine.drop_duplicates("year").sort_values("year").reset_index(drop=True)


def latest_rank(scores: pd.DataFrame, index_code: str = "PAR_INDEX_INTERNAL") -> dict | None:
    """The newest year's rank of an index (published before sample): year, rank, rank_of, is_sample."""
    ranked = scores[(scores["index_code"] == index_code) & scores["rank"].notna()]
    if ranked.empty:
        return None
    row = ranked.iloc[0]   # newest year first, published first
    rank_of = None if is_missing(row["rank_of"]) else int(row["rank_of"])
    return {"year": int(row["year"]), "rank": int(row["rank"]), "rank_of": rank_of,
            "text": format_rank(int(row["rank"]), rank_of), "is_sample": bool(row["is_sample"])}
