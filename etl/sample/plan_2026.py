"""The sample 2026 plan year of `init --demo`: a plan built from the 2024 plan's structure, flagged
``plans.is_sample`` and marked "Kế hoạch mẫu" wherever it is shown (the real 2026 target values were not
available, so it must never pass for the official plan).

It goes through the real plan path, as Sở Nội vụ would: the plan workbook pre-filled from 2024
(``plan template --year 2026 --from-year 2024``), adjusted as a person would in Excel for the units of 2026
(no district-level targets or deadlines, since no district exists in 2026; lead units and the units named
in the tasks carried through the lineage of the 2025 mergers; "UBND cấp huyện" now "UBND cấp xã"; the
deadlines' years moved to 2026), then read, checked and imported. The two quarters of sample reports are
planned with the 2024 ones by :func:`etl.sample.reports.plan_demo`.
"""
from __future__ import annotations

import io
import re

from openpyxl import Workbook

from cchc.config import DATA_DIR
from cchc.store import db, queries
from etl.catalogs import read_csv
from etl.plans import (
    DEADLINES_SHEET,
    FIRST_DATA_ROW,
    LEVEL_LABELS,
    PLAN_SHEET,
    SHEETS,
    TARGETS_SHEET,
    TASKS_SHEET,
    UNIT_KIND_LABELS,
)
from etl.plans.loader import import_plan
from etl.plans.reader import read_plan
from etl.plans.workbook import build_plan_workbook

SAMPLE_YEAR, FROM_YEAR = 2026, 2024
QUARTERS = (1, 2)
# Every unit reports both quarters (the new units and the map have something to show), one or two files wrong.
MISSING_SHARE, MISTAKE_SHARE = 0.0, 0.003
TITLE = (f"Kế hoạch mẫu năm {SAMPLE_YEAR} (không phải kế hoạch chính thức), dựng từ cấu trúc Kế hoạch cải cách "
         f"hành chính tỉnh Hà Tĩnh năm {FROM_YEAR}")
SOURCE = (f"Dữ liệu mẫu (init --demo): chưa có giá trị mục tiêu thật của năm {SAMPLE_YEAR}; chỉ tiêu, nhiệm vụ "
          f"và giá trị lấy theo kế hoạch năm {FROM_YEAR}")
DISTRICTS, COMMUNES = "ALL_DISTRICTS", "UBND cấp xã"     # the group of the districts; the communes' name
# the years around 2024 ("202 3" as the plan's text has it), not "ISO 9001:2015" nor a document's "12/2024/NĐ-CP"
_YEAR = re.compile(r"(?<![\d:])(202) ?([3-6])(?![\d/])")


def sample_plan(conn: db.Connection) -> bool | None:
    """Whether the 2026 plan is the sample one (True), a real one (False), or not there (None)."""
    return queries.is_sample_plan(conn, SAMPLE_YEAR) if SAMPLE_YEAR in queries.plan_years(conn) else None


def add_sample_plan(conn: db.Connection, actor: str = "demo") -> bool:
    """Import the sample 2026 plan unless that year has a plan; True if the year's plan is the sample one.

    A real 2026 plan imported by an administrator is never replaced: the sample year is then left out.
    The flag is written with the plan, in the import's one transaction, so a stopped run never leaves an
    unmarked sample plan.
    """
    found = sample_plan(conn)
    if found is not None:
        return found
    reading = read_plan(conn, sample_plan_workbook(conn), year=SAMPLE_YEAR)
    reading.catalog.plan = reading.catalog.plan.assign(is_sample=True)
    import_plan(conn, reading, actor, source_name="init --demo")
    return True


def sample_plan_workbook(conn: db.Connection) -> bytes:
    """The plan workbook of 2026 pre-filled from 2024 and adjusted for the units of 2026."""
    book = build_plan_workbook(conn, SAMPLE_YEAR, from_year=FROM_YEAR)
    successor = _successors(conn)
    renamed = _renamed(conn, successor)
    district = LEVEL_LABELS["district"]
    for _, cell in _rows(book, PLAN_SHEET):
        cell("title").value, cell("decision").value, cell("source").value = TITLE, None, SOURCE
    for row, cell in _rows(book, TARGETS_SHEET):
        if cell("level").value == district:
            _clear(row)
            continue
        for key in ("text", "indicator"):       # a sample target names the sample year, never 2024
            cell(key).value = _shifted(cell(key).value)
        if cell("lead_unit_code").value in successor:
            cell("lead_unit_code").value = successor[cell("lead_unit_code").value]
    for _, cell in _rows(book, TASKS_SHEET):
        for key in ("lead_text", "partner_text"):
            cell(key).value = _carried(cell(key).value, renamed)
        for key in ("objective", "task", "activity", "deliverable", "deadline_text", "funding_text"):
            cell(key).value = _shifted(cell(key).value)
    for row, cell in _rows(book, DEADLINES_SHEET):
        if cell("unit_kind").value == UNIT_KIND_LABELS["district"]:
            _clear(row)
        else:
            cell("note").value = _shifted(cell("note").value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _successors(conn: db.Connection) -> dict[str, str]:
    """Unit code → the one unit valid in 2026 it went into (followed through several steps); units split
    between several, or gone where nobody knows, are left out."""
    valid = {r[0] for r in db.query_rows(conn, "SELECT code FROM units WHERE (valid_to IS NULL OR valid_to > ?)",
                                         [f"{SAMPLE_YEAR}-01-01"])}
    moves: dict[str, set[str]] = {}
    for old, new in db.query_rows(conn, "SELECT old_code, new_code FROM unit_lineage WHERE new_code IS NOT NULL"):
        moves.setdefault(old, set()).add(new)
    found = {}
    for old in moves:
        code, seen = old, {old}
        while code not in valid and len(moves.get(code, ())) == 1:
            code = next(iter(moves[code]))
            if code in seen:
                break
            seen.add(code)
        if code in valid and code != old:
            found[old] = code
    return found


def _renamed(conn: db.Connection, successor: dict[str, str]) -> dict[str, str]:
    """Each way a task may name a merged department (name, short name, aliases) → its successor's name, and
    the districts' names → "UBND cấp xã" (their part of the work passes to the communes); longest first.

    Departments only: a commune's name can be part of another's. "cấp huyện" alone stays: it is part of
    names such as "Bộ phận một cửa cấp tỉnh, cấp huyện, cấp xã"."""
    names = dict(db.query_rows(conn, "SELECT code, name FROM units"))
    ways = [(name, code) for code, name, short in db.query_rows(
        conn, "SELECT code, name, short_name FROM units WHERE level = 'province'") for name in (name, short) if name]
    ways += [(row["alias"], row["code"]) for row in read_csv(DATA_DIR / "units" / "aliases.csv")]
    found = {alias: names[successor[code]] for alias, code in ways if code in successor and successor[code] in names}
    found |= {alias: COMMUNES for alias, code in ways if code == DISTRICTS and alias.startswith(("UBND", "các huyện"))}
    return dict(sorted(found.items(), key=lambda item: -len(item[0])))


def _carried(text: str | None, renamed: dict[str, str]) -> str | None:
    """A task's lead or partner text with the merged departments and the districts named as in 2026."""
    if not text:
        return text
    for old, new in renamed.items():
        # "02 UBND cấp huyện được lựa chọn" is a pilot group of its own, not the districts
        text = re.sub(re.escape(old) + r"(?! được)", new, text)
    return text


def _shifted(text: str | None) -> str | None:
    """A text as written, its years moved to the sample year's ("Quý II/2024" → "Quý II/2026", "so với năm 2023" →
    "so với năm 2025")."""
    if not text:
        return text
    return _YEAR.sub(lambda m: str(int(m.group(1) + m.group(2)) + SAMPLE_YEAR - FROM_YEAR), text)


def _rows(book: Workbook, name: str):
    """Each filled row of a sheet, with a function giving its cell by column key."""
    sheet = book[name]
    keys = [column.key for column in SHEETS[name]]
    for number in range(FIRST_DATA_ROW, sheet.max_row + 1):
        row = sheet[number]
        if any(cell.value not in (None, "") for cell in row):
            yield row, lambda key, row=row: row[keys.index(key)]


def _clear(row) -> None:
    for cell in row:
        cell.value = None
