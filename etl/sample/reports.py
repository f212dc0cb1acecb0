"""Sample data for 2024, made through the real path: generate each unit's template, fill it in as a
clerk would, and ingest the file like any upload.

The values are invented (and flagged ``is_sample`` everywhere they land) but shaped like real ones:
results move toward the targets quarter by quarter, some units lag, some report late, a few files
are rejected for real mistakes and sent again corrected, a few units miss a quarter, and Sở Nội vụ
sends the internal PAR INDEX of departments and districts for 2021–2024. The sample 2026 plan year
(:mod:`etl.sample.plan_2026`) gets two quarters of reports from the units of 2026, made the same way.
Everything is drawn from seeded generators, so the sample is the same on every machine.
"""
from __future__ import annotations

import io
import os
import pickle
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, cast

import pandas as pd

from cchc import applicability, auth
from cchc.config import PROJECT_ROOT
from cchc.periods import Period, report_deadline
from cchc.store import db
from etl.reports import layout
from etl.reports.ingest import ACCEPTED, ingest_bytes, read_report
from etl.reports.templates import FIRST_DATA_ROW, HEADER_ROW, build_template, listed_rows
from etl.sample import plan_2026 as demo_2026

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
    sample_plan: bool = False           # the 2026 plan is the sample one (not a real plan imported before)

    @property
    def files(self) -> int:
        return self.accepted + self.rejected


NONE, LOADING, COMPLETE = "none", "loading", "complete"


def sample_state(conn: db.Connection) -> str:
    """Whether sample data was asked for (``init --demo``), and whether every file of it is in."""
    rows = db.query_rows(conn, "SELECT completed_at FROM sample_data")
    if not rows:
        return NONE
    # a sample completed before the sample 2026 plan existed gets it, and its reports, at the next load
    return LOADING if rows[0][0] is None or demo_2026.sample_plan(conn) is None else COMPLETE


def request_demo(conn: db.Connection) -> None:
    """Ask for the sample data (once): ``create_demo`` loads it, now or, with ``make run``, in the app."""
    with db.transaction(conn) as cur:
        if not cur.execute("SELECT 1 FROM sample_data").fetchall():
            cur.execute("INSERT INTO sample_data (requested_at) VALUES (current_timestamp)")


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
        end, rng, quarter = period.end, self.rng, period.quarter
        assert quarter is not None      # task reports are quarterly
        due = task["due_date"].date() if isinstance(task["due_date"], pd.Timestamp) else task["due_date"]
        evidence = f"Văn bản số {rng.randint(12, 980)}/{self.unit['code']}-CCHC"
        if task["deadline_kind"] == "recurring":
            if quarter == 4 and rng.random() < self.skill:
                return self._done(evidence, end - timedelta(days=rng.randint(3, 40)))
            return {"status": layout.TASK_STATUSES["in_progress"], "percent_done": min(95, 25 * quarter)}
        if task["deadline_kind"] != "fixed" or due is None:
            if quarter < 3:
                return {"status": layout.TASK_STATUSES["not_started"]}
            return {"status": layout.TASK_STATUSES["in_progress"], "percent_done": rng.choice((30, 50, 70))}
        if due <= end:
            if rng.random() < self.skill - 0.05:
                finished = due - timedelta(days=rng.randint(0, 25))
                if rng.random() < 0.12:
                    return self._done(evidence, min(end, due + timedelta(days=rng.randint(5, 40))), late=True)
                return self._done(evidence, max(date(period.year - 1, 12, 1), finished))
            return {"status": layout.TASK_STATUSES["in_progress"], "percent_done": rng.choice((40, 60, 80, 90)),
                    "note": "Đang hoàn thiện, chậm so với thời hạn"}
        first = date(period.year, 1, 1)
        started = (end - first).days / max(1, (due - first).days)
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


CODE_COLUMN = {"targets": "target_code", "tasks": "task_code", "indices": "unit_code"}


def _fill(workbook, kind: str, values: dict[str, dict]) -> None:
    """Write each row's values (by column key), the row found by its code (target, task, or unit for indices)."""
    sheet = workbook[layout.REPORT_SHEET]
    columns = _columns(sheet)
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        code = sheet.cell(row, columns[CODE_COLUMN[kind]]).value
        for key, value in (values.get(code) or {}).items() if code else ():
            sheet.cell(row, columns[key], value)


def _bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class DemoFile:
    """One sample file: the template it is made from, what the clerk writes in it, and when it is sent."""

    kind: str
    unit: str
    period: str
    values: dict[str, dict]                        # row code → values by column key
    name: str
    at: datetime
    mistake: tuple[str, str, object] | None = None  # (row code, column key, value): a real error a clerk makes

    @property
    def actor(self) -> str:
        return ACTOR_PREFIX + self.unit


@dataclass
class DemoPlan:
    """Every file of the sample, in the order they are sent; and the reports left out on purpose."""

    files: list[DemoFile]
    skipped_units: list[str]


def _mistake(kind: str, rows: list[dict], values: dict[str, dict], rng: random.Random) -> tuple[str, str, object]:
    """A real error a clerk makes: numerator above denominator, text in a number cell, a status not in the list."""
    code = rng.choice(rows)["code"]
    if kind == "targets" and values[code].get("denominator") is not None:
        return code, "numerator", values[code]["denominator"] + rng.randint(1, 30)
    return (code, "value", "đạt") if kind == "targets" else (code, "status", "Xong")


def plan_demo(conn: db.Connection, catalog: applicability.Catalog, seed: int = PLAN_YEAR) -> DemoPlan:
    """Every sample file and its values, drawn from seeded generators in a fixed order: the same on every
    machine, whichever process later builds the files, and the same again when a stopped run resumes.

    The 2024 reports, then those of the sample 2026 plan when it is there (a generator of their own, so the
    2024 sample stays as it was), then the internal PAR INDEX."""
    rng = random.Random(seed)
    plan = DemoPlan([], [])
    _plan_reports(plan, catalog, PLAN_YEAR, (1, 2, 3, 4), rng, MISSING_SHARE, MISTAKE_SHARE)
    if demo_2026.sample_plan(conn):
        _plan_reports(plan, catalog, demo_2026.SAMPLE_YEAR, demo_2026.QUARTERS, random.Random(f"{seed}-2026"),
                      demo_2026.MISSING_SHARE, demo_2026.MISTAKE_SHARE)
    plan.files.extend(_internal_par_index(conn, catalog, rng))
    return plan


def _plan_reports(plan: DemoPlan, catalog: applicability.Catalog, year: int, quarters: tuple[int, ...],
                  rng: random.Random, missing: float, mistakes: float) -> None:
    """Add the targets and tasks reports of ``year``'s quarters, from the units that exist at their end."""
    units = catalog.reporting_units(Period(year, quarters[-1]).end).to_dict("records")
    clerks = {u["code"]: _Clerk(u, rng) for u in units}
    template_rows: dict[tuple[str, str], list[dict]] = {}       # a unit's rows are the same every quarter
    for quarter in quarters:
        period = Period(year, quarter)
        for kind in ("targets", "tasks"):
            rows_of = catalog.targets_for_unit if kind == "targets" else catalog.tasks_for_unit
            for unit in units:
                code, clerk = unit["code"], clerks[unit["code"]]
                if rng.random() < missing or (kind, period.code, code) == DEMO_GAP:
                    plan.skipped_units.append(f"{kind}/{period.code}/{code}")
                    continue
                if code not in catalog.units_reporting(kind, year):
                    continue        # nothing to report: the unit gets no such template
                if (kind, code) not in template_rows:
                    template_rows[kind, code] = rows_of(code, year).to_dict("records")
                rows = template_rows[kind, code]
                # The clerk fills the rows in the template's order: each value is drawn in that order.
                values = {row["code"]: clerk.target_value(row, quarter) if kind == "targets"
                          else clerk.task_status(row, period) for row in rows}
                at = clerk.sent_at(period, late=rng.random() < LATE_SHARE)
                name = f"{kind}_{period.code}_{code}.xlsx"
                if rng.random() < mistakes:
                    plan.files.append(DemoFile(kind, code, period.code, values, name, at - timedelta(days=2),
                                               _mistake(kind, rows, values, rng)))
                    if rng.random() < 0.8:     # most fix it and send again; a few never do
                        plan.files.append(DemoFile(kind, code, period.code, values, name, at))
                    continue
                plan.files.append(DemoFile(kind, code, period.code, values, name, at))


def make_file(file: DemoFile, conn: db.Connection | None, catalog: applicability.Catalog) -> bytes:
    """The file a clerk sends: the unit's template, filled in (and mistaken where the plan says so).

    Only index results need the database (their template lists the units assessed that year).
    """
    # Without a database (a worker process) only for targets and tasks: the catalog snapshot has their rows, and
    # build_template asks the database only about a unit absent from the period, which the plan never picks.
    workbook = build_template(cast(db.Connection, conn), file.kind, file.unit, file.period, catalog)
    _fill(workbook, file.kind, file.values)
    if file.mistake:
        _fill(workbook, file.kind, {file.mistake[0]: {file.mistake[1]: file.mistake[2]}})
    return _bytes(workbook)


class _Workers:
    """Processes that build and read sample files: ``python -m etl.sample.reports --worker``, fed pickled
    :class:`DemoFile` on stdin, answering (bytes, report) on stdout, in order.

    Plain subprocesses rather than multiprocessing: inside the app, Streamlit's page script stands in for
    ``__main__``, and multiprocessing would run it again in every worker.
    """

    def __init__(self, count: int, catalog: applicability.Catalog) -> None:
        command = [sys.executable, "-m", "etl.sample.reports", "--worker"]
        self.processes = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                           cwd=PROJECT_ROOT) for _ in range(count)]
        for process in self.processes:
            stdin = _stdin(process)
            pickle.dump(catalog, stdin)
            stdin.flush()

    def send(self, number: int, file: DemoFile) -> None:
        stdin = _stdin(self.processes[number % len(self.processes)])
        pickle.dump(file, stdin)
        stdin.flush()

    def receive(self, number: int) -> tuple[bytes, object]:
        process = self.processes[number % len(self.processes)]
        assert process.stdout is not None       # a pipe, as every worker is started
        try:
            return pickle.load(process.stdout)
        except EOFError:
            raise RuntimeError(f"a sample-data worker stopped (exit status {process.wait()})") from None

    def close(self) -> None:
        for process in self.processes:
            _stdin(process).close()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _stdin(process: subprocess.Popen[bytes]) -> IO[bytes]:
    """A worker's stdin: a pipe, as every worker is started."""
    assert process.stdin is not None
    return process.stdin


def _work() -> None:
    """The worker's loop (``python -m etl.sample.reports --worker``): a catalog, then files to build and read, until EOF."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr         # stdout carries the answers only; anything printed goes to stderr
    catalog = pickle.load(source)
    while True:
        try:
            file = pickle.load(source)
        except EOFError:
            return
        data = make_file(file, None, catalog)
        pickle.dump((data, read_report(data)), sink)
        sink.flush()


def _made(files: list[DemoFile], conn: db.Connection, catalog: applicability.Catalog,
          workers: int) -> Iterator[tuple[bytes, object]]:
    """Each file's bytes and what reading them found, in plan order; built by ``workers`` processes.

    Index results are made here (their template needs the database, which only this process may open).
    A few files per worker are under way at a time, so memory stays flat however long the plan.
    """
    if workers <= 1:
        for file in files:
            data = make_file(file, conn, catalog)
            yield data, read_report(data)
        return
    pool = _Workers(workers, catalog)
    away = [file for file in files if file.kind != "indices"]      # built by the workers, in plan order
    sent = received = 0
    try:
        for file in files:
            if file.kind == "indices":
                data = make_file(file, conn, catalog)
                yield data, read_report(data)
                continue
            while sent < len(away) and sent < received + 3 * workers:    # a few files under way per worker
                pool.send(sent, away[sent])
                sent += 1
            yield pool.receive(received)
            received += 1
    finally:
        pool.close()


def loaded_files(conn: db.Connection) -> int:
    """How many sample files are in the database."""
    return db.query_rows(conn, "SELECT count(*) FROM submissions WHERE is_sample")[0][0]


def _unsent(conn: db.Connection, files: list[DemoFile]) -> list[DemoFile]:
    """The files of the plan not in the database yet, in plan order. Matched by name (a mistaken file and its
    correction share one, and are sent in that order), not by count: a sample completed before the 2026
    year existed has the 2024 files and the index reports, which the plan puts around the 2026 files."""
    sent = Counter(row[0] for row in db.query_rows(conn, "SELECT filename FROM submissions WHERE is_sample"))
    todo = []
    for file in files:
        if sent[file.name]:
            sent[file.name] -= 1
        else:
            todo.append(file)
    return todo


def create_demo(conn: db.Connection, archive_dir: Path, seed: int = PLAN_YEAR,
                progress: Callable[[int, int], None] | None = None, workers: int | None = None) -> DemoReport:
    """Add the sample 2026 plan, make and ingest the sample reports of 2024 and 2026; nothing to do if they are
    all in, and a stopped run resumes.

    ``workers`` processes build and read the files (default: one per core); this process ingests them in
    order. ``progress(done, total)`` hears of each file loaded.
    """
    sample_plan = demo_2026.add_sample_plan(conn)    # before the catalog: its reports are planned with the others
    catalog = applicability.Catalog(conn)
    plan = plan_demo(conn, catalog, seed)
    todo = _unsent(conn, plan.files)
    done = len(plan.files) - len(todo)
    report = DemoReport(skipped_units=plan.skipped_units, sample_plan=sample_plan)
    workers = (os.cpu_count() or 1) if workers is None else workers
    request_demo(conn)
    if progress:
        progress(done, len(plan.files))
    for number, (file, (data, read)) in enumerate(zip(todo, _made(todo, conn, catalog, workers)), start=done + 1):
        result = ingest_bytes(conn, data, file.name, file.actor, archive_dir, uploaded_at=file.at, today=file.at.date(),
                              is_sample=True, catalog=catalog, report=read)
        if result.status == ACCEPTED:
            report.accepted += 1
        else:
            report.rejected += 1
        if progress:
            progress(number, len(plan.files))
    with db.transaction(conn) as cur:
        cur.execute("UPDATE sample_data SET completed_at = current_timestamp WHERE completed_at IS NULL")
    return report


def add_demo_accounts(conn: db.Connection) -> list[DemoAccount]:
    """Create the demo accounts that were never created (a disabled one stays disabled); returns the usable ones.

    Only a database with sample data (loaded, or asked for and loading) gets them.
    """
    if sample_state(conn) == NONE:
        return []
    existing = {row[0]: row[1] for row in db.query_rows(conn, "SELECT username, active FROM users")}
    for account in DEMO_ACCOUNTS:
        if account.username not in existing:
            auth.add_user(conn, account.username, account.password, account.role, "demo", account.unit_code,
                          account.display_name)
            existing[account.username] = True
    return [account for account in DEMO_ACCOUNTS if existing[account.username]]


def _internal_par_index(conn: db.Connection, catalog: applicability.Catalog, rng: random.Random) -> list[DemoFile]:
    """Sở Nội vụ's yearly report of the internal PAR INDEX of departments and districts."""
    files = []
    for year in INDEX_YEARS:
        codes = [row["unit_code"] for row in listed_rows(conn, "indices", "SNV", str(year), catalog)]
        kinds = {}
        for code in codes:
            unit = catalog.unit(code)
            assert unit is not None     # the template lists units of the database, which the catalog holds
            kinds[code] = unit["kind"]
        scores = {code: round(min(99.2, rng.gauss(84 + (year - 2021), 5)), 2) for code in codes}
        values = {}
        for kind in dict.fromkeys(kinds.values()):
            block = sorted((code for code in codes if kinds[code] == kind), key=lambda code: -scores[code])
            for rank, code in enumerate(block, 1):
                values[code] = {"score": scores[code], "max_score": 100, "rank": rank, "rank_of": len(block)}
        sent = datetime(year + 1, 3, rng.randint(10, 28), 9, 30)
        files.append(DemoFile("indices", "SNV", str(year), values, f"indices_{year}_SNV.xlsx", sent))
    return files


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    _work()
