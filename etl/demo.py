"""Sample data for 2024, made through the real path: generate each unit's template, fill it in as a
clerk would, and ingest the file like any upload.

The values are invented (and flagged ``is_sample`` everywhere they land) but shaped like real ones:
results move toward the targets quarter by quarter, some units lag, some report late, a few files
are rejected for real mistakes and sent again corrected, a few units miss a quarter, and Sở Nội vụ
sends the internal PAR INDEX of departments and districts for 2021–2024.
Everything is drawn from one seeded generator, so the sample is the same on every machine.
"""
from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd

from cchc import applicability, auth, db
from etl import layout
from etl.ingest import ACCEPTED, ingest_bytes
from cchc.periods import Period, report_deadline
from etl.templates import FIRST_DATA_ROW, HEADER_ROW, NothingToReportError, build_template

PLAN_YEAR = 2024
INDEX_YEARS = (2021, 2022, 2023, 2024)
QUARTER_PROGRESS = {1: 0.82, 2: 0.89, 3: 0.95, 4: 1.0}   # share of the year's result reached, cumulative
YEARLY_DOSSIERS = {"department": 6000, "district": 9000, "commune": 900}
LATE_SHARE, MISSING_SHARE, MISTAKE_SHARE, LAGGING_SHARE = 0.10, 0.03, 0.03, 0.15
ACTOR_PREFIX = "demo:"
# The demo reporter's unit and a report it has not sent yet, so trying the upload page has a purpose.
DEMO_REPORTER_UNIT = "X18253"                  # Xã Yên Hồ, huyện Đức Thọ
DEMO_GAP = ("targets", f"{PLAN_YEAR}-Q4", DEMO_REPORTER_UNIT)


@dataclass(frozen=True)
class DemoAccount:
    """An account to try each role with; printed by `make run`, never meant for production."""

    username: str
    password: str
    role: str
    display_name: str
    unit_code: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("demo.quantri", "QuanTri@2024", auth.ADMIN, "Quản trị Sở Nội vụ (dùng thử)"),
    DemoAccount("demo.lanhdao", "LanhDao@2024", auth.VIEWER, "Lãnh đạo UBND tỉnh (dùng thử)"),
    DemoAccount("demo.yenho", "BaoCao@2024", auth.REPORTER, "Cán bộ Xã Yên Hồ (dùng thử)", DEMO_REPORTER_UNIT),
)


@dataclass
class DemoReport:
    """How many sample files were sent, and what became of them."""

    accepted: int = 0
    rejected: int = 0
    skipped_units: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.accepted + self.rejected


def has_demo(conn: db.Connection) -> bool:
    """Whether sample submissions are already loaded."""
    return bool(db.query_rows(conn, "SELECT 1 FROM submissions WHERE is_sample LIMIT 1"))


class _Clerk:
    """Fills one unit's templates; its skill decides how close to the targets its results are."""

    def __init__(self, unit: dict, rng: random.Random) -> None:
        self.unit, self.rng = unit, rng
        lagging = rng.random() < LAGGING_SHARE
        self.skill = rng.uniform(0.64, 0.86) if lagging else rng.uniform(0.94, 1.12)
        self.volume = YEARLY_DOSSIERS.get(unit["kind"], 1000) * rng.uniform(0.5, 1.6)
        self.punctual = rng.random() > 0.25

    # targets: one value per row, cumulative to the end of the quarter
    def target_value(self, target: dict, quarter: int) -> dict:
        goal, progress = float(target["target_value"]), QUARTER_PROGRESS[quarter]
        noise = self.rng.uniform(-2.5, 2.5)
        if target["measure"] == "percent":
            value = max(0.0, min(100.0, goal * self.skill * progress + noise))
            if isinstance(target["numerator_label"], str) and target["numerator_label"]:
                denominator = max(1, round(self.volume * quarter / 4 * self.rng.uniform(0.95, 1.05)))
                numerator = round(denominator * value / 100)
                return {"numerator": numerator, "denominator": denominator}
            return {"value": round(value, 1)}
        if target["measure"] == "count":
            return {"value": float(max(0, round(goal * min(1.15, self.skill) * quarter / 4)))}
        reached = goal * self.skill * quarter / 4          # reductions build up through the year
        return {"value": round(reached, 1) if goal < 10 else float(round(reached))}

    def task_status(self, task: dict, period: Period) -> dict:
        end, rng = period.end, self.rng
        due = task["due_date"].date() if isinstance(task["due_date"], pd.Timestamp) else task["due_date"]
        evidence = f"Văn bản số {rng.randint(12, 980)}/{self.unit['code']}-CCHC"
        if task["deadline_kind"] == "recurring":
            if period.quarter == 4 and rng.random() < self.skill:
                return self._done(evidence, end - timedelta(days=rng.randint(3, 40)))
            return {"status": layout.TASK_STATUSES["in_progress"], "percent_done": min(95, 25 * period.quarter)}
        if task["deadline_kind"] != "fixed" or due is None:
            if period.quarter < 3:
                return {"status": layout.TASK_STATUSES["not_started"]}
            return {"status": layout.TASK_STATUSES["in_progress"], "percent_done": rng.choice((30, 50, 70))}
        if due <= end:
            if rng.random() < self.skill - 0.05:
                finished = due - timedelta(days=rng.randint(0, 25))
                if rng.random() < 0.12:
                    return self._done(evidence, min(end, due + timedelta(days=rng.randint(5, 40))), late=True)
                return self._done(evidence, max(date(PLAN_YEAR - 1, 12, 1), finished))
            return {"status": layout.TASK_STATUSES["in_progress"], "percent_done": rng.choice((40, 60, 80, 90)),
                    "note": "Đang hoàn thiện, chậm so với thời hạn"}
        started = (end - date(PLAN_YEAR, 1, 1)).days / max(1, (due - date(PLAN_YEAR, 1, 1)).days)
        if started < 0.3 and rng.random() < 0.5:
            return {"status": layout.TASK_STATUSES["not_started"]}
        return {"status": layout.TASK_STATUSES["in_progress"],
                "percent_done": int(max(10, min(90, round(100 * started * self.skill, -1))))}

    def _done(self, evidence: str, finished: date, late: bool = False) -> dict:
        row = {"status": layout.TASK_STATUSES["done_late" if late else "done"], "percent_done": 100,
               "completed_on": finished}
        if self.rng.random() > 0.05:   # a few clerks forget the evidence: a warning, not an error
            row["evidence"] = f"{evidence} ngày {finished:%d/%m/%Y}"
        return row

    def sent_at(self, period: Period, late: bool) -> datetime:
        deadline = report_deadline(period)
        day = deadline + timedelta(days=self.rng.randint(1, 20)) if late else deadline - timedelta(
            days=self.rng.randint(0, 4 if not self.punctual else 12))
        return datetime.combine(day, time(self.rng.randint(7, 17), self.rng.randint(0, 59)))


def _columns(sheet) -> dict[str, int]:
    """Column key → 1-based column of the template's header row."""
    by_header = {c.header: c.key for cols in layout.COLUMNS.values() for c in cols}
    return {by_header[cell.value]: cell.column for cell in sheet[HEADER_ROW] if cell.value in by_header}


def _fill(workbook, values: Callable[[str], dict | None]) -> None:
    """Write each row's values (by column key) where ``values(code)`` gives some."""
    sheet = workbook[layout.REPORT_SHEET]
    columns = _columns(sheet)
    code_column = columns.get("target_code") or columns.get("task_code")
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        code = sheet.cell(row, code_column).value
        filled = values(code) if code else None
        for key, value in (filled or {}).items():
            sheet.cell(row, columns[key], value)


def _bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _mistake(workbook, rng: random.Random) -> None:
    """A real error a clerk makes: numerator above denominator, text in a number cell, a mistyped code."""
    sheet = workbook[layout.REPORT_SHEET]
    columns = _columns(sheet)
    rows = [r for r in range(FIRST_DATA_ROW, sheet.max_row + 1)
            if sheet.cell(r, columns.get("target_code") or columns.get("task_code")).value]
    row = rng.choice(rows)
    if "numerator" in columns and sheet.cell(row, columns["denominator"]).value not in (None, "—"):
        sheet.cell(row, columns["numerator"], sheet.cell(row, columns["denominator"]).value + rng.randint(1, 30))
    elif "value" in columns:
        sheet.cell(row, columns["value"], "đạt")
    else:
        sheet.cell(row, columns["status"], "Xong")


def create_demo(conn: db.Connection, archive_dir: Path, seed: int = PLAN_YEAR,
                progress: Callable[[str], None] | None = None) -> DemoReport:
    """Generate, fill and ingest the 2024 sample reports; does nothing if sample data is present."""
    report = DemoReport()
    if has_demo(conn):
        return report
    rng = random.Random(seed)
    catalog = applicability.Catalog(conn)
    units = catalog.reporting_units(f"{PLAN_YEAR}-12-31").to_dict("records")
    clerks = {u["code"]: _Clerk(u, rng) for u in units}

    def send(data: bytes, unit: str, name: str, at: datetime) -> bool:
        result = ingest_bytes(conn, data, name, ACTOR_PREFIX + unit, archive_dir, uploaded_at=at,
                              today=at.date(), is_sample=True, catalog=catalog)
        if result.status == ACCEPTED:
            report.accepted += 1
        else:
            report.rejected += 1
        return result.status == ACCEPTED

    for quarter in (1, 2, 3, 4):
        period = Period(PLAN_YEAR, quarter)
        if progress:
            progress(f"Dữ liệu mẫu: {period.code}")
        for kind in ("targets", "tasks"):
            for unit in units:
                code, clerk = unit["code"], clerks[unit["code"]]
                if rng.random() < MISSING_SHARE or (kind, period.code, code) == DEMO_GAP:
                    report.skipped_units.append(f"{kind}/{period.code}/{code}")
                    continue
                try:
                    workbook = build_template(conn, kind, code, period.code, catalog)
                except NothingToReportError:
                    continue
                if kind == "targets":
                    rows = catalog.targets_for_unit(code, PLAN_YEAR).set_index("code").to_dict("index")
                    _fill(workbook, lambda c: clerk.target_value(rows[c], quarter) if c in rows else None)
                else:
                    rows = catalog.tasks_for_unit(code, PLAN_YEAR).set_index("code").to_dict("index")
                    _fill(workbook, lambda c: clerk.task_status(rows[c], period) if c in rows else None)
                at = clerk.sent_at(period, late=rng.random() < LATE_SHARE)
                name = f"{kind}_{period.code}_{code}.xlsx"
                if rng.random() < MISTAKE_SHARE:
                    correct = _bytes(workbook)
                    _mistake(workbook, rng)
                    send(_bytes(workbook), code, name, at - timedelta(days=2))
                    if rng.random() < 0.8:     # most fix it and send again; a few never do
                        send(correct, code, name, at)
                    continue
                send(_bytes(workbook), code, name, at)
    _internal_par_index(conn, catalog, rng, send, progress)
    return report


def add_demo_accounts(conn: db.Connection) -> list[DemoAccount]:
    """Create the demo accounts that were never created (a disabled one stays disabled); returns the usable ones.

    Only a database with sample data gets them.
    """
    if not has_demo(conn):
        return []
    existing = {row[0]: row[1] for row in db.query_rows(conn, "SELECT username, active FROM users")}
    for account in DEMO_ACCOUNTS:
        if account.username not in existing:
            auth.add_user(conn, account.username, account.password, account.role, "demo", account.unit_code,
                          account.display_name)
            existing[account.username] = True
    return [account for account in DEMO_ACCOUNTS if existing[account.username]]


def _internal_par_index(conn, catalog, rng, send, progress) -> None:
    """Sở Nội vụ's yearly report of the internal PAR INDEX of departments and districts."""
    for year in INDEX_YEARS:
        if progress:
            progress(f"Dữ liệu mẫu: chỉ số CCHC nội bộ {year}")
        workbook = build_template(conn, "indices", "SNV", str(year), catalog)
        sheet = workbook[layout.REPORT_SHEET]
        columns = _columns(sheet)
        rows = [r for r in range(FIRST_DATA_ROW, sheet.max_row + 1) if sheet.cell(r, columns["unit_code"]).value]
        kinds = {r: catalog.unit(sheet.cell(r, columns["unit_code"]).value)["kind"] for r in rows}
        scores = {r: round(min(99.2, rng.gauss(84 + (year - 2021), 5)), 2) for r in rows}
        for kind in set(kinds.values()):
            block = sorted((r for r in rows if kinds[r] == kind), key=lambda r: -scores[r])
            for rank, r in enumerate(block, 1):
                for key, value in (("score", scores[r]), ("max_score", 100), ("rank", rank), ("rank_of", len(block))):
                    sheet.cell(r, columns[key], value)
        sent = datetime(year + 1, 3, rng.randint(10, 28), 9, 30)
        send(_bytes(workbook), "SNV", f"indices_{year}_SNV.xlsx", sent)
