"""Read and check a plan workbook cell by cell; every problem names its sheet and cell, in Vietnamese.

The file goes through the same hostile-file checks as the reports (:mod:`etl.reading`). What is checked:
required cells, numbers and dates, choices, duplicate codes, units that do not exist in the plan year, levels
that have no unit in that year (asked from the units table as it is), index codes, task sections without an
area, deadlines and unit names the plan's readers cannot understand, report periods outside the year.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from cchc.config import DATA_DIR
from cchc.periods import parse_period
from cchc.store import db
from cchc.text import fold
from etl.catalogs import plan as plan_catalog
from etl.catalogs.deadlines import UNPARSED, parse_deadline
from etl.catalogs.report_deadlines import COLUMNS as DEADLINE_FIELDS
from etl.catalogs.report_deadlines import period_problem
from etl.catalogs.unit_names import UnitNames
from etl.plans import (
    AREAS_SHEET,
    DEADLINES_SHEET,
    LEVEL_LABELS,
    PLAN_SHEET,
    SHEETS,
    TARGETS_SHEET,
    TASKS_SHEET,
    Column,
)
from etl.plans.context import YearContext, year_context
from etl.reading.files import check_file
from etl.reading.refs import cell_ref
from etl.reading.values import (
    ValueProblem,
    clean_text,
    header_key,
    is_blank,
    parse_code,
    parse_date,
    parse_number,
    show,
)
from etl.reading.workbook import Sheet, load_sheets


@dataclass(frozen=True)
class PlanProblem:
    """One thing wrong in the workbook: where (sheet, cell) and why."""

    sheet: str
    cell: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}{'!' + self.cell if self.cell else ''}: {self.message}"


class PlanRejected(Exception):
    """The workbook cannot be loaded; ``problems`` says every reason found."""

    def __init__(self, problems: list[PlanProblem]) -> None:
        self.problems = sorted(problems, key=_place)
        super().__init__("\n".join(map(str, self.problems)))


def _place(problem: PlanProblem) -> tuple:
    """Sort key: sheets in the workbook's order, then row, then column."""
    order = list(SHEETS).index(problem.sheet) if problem.sheet in SHEETS else -1
    match = re.fullmatch(r"([A-Z]*)(\d+)", problem.cell or "")
    return (order, int(match.group(2)), len(match.group(1)), match.group(1)) if match else (order, 0, 0, "")


@dataclass
class PlanReading:
    """A checked workbook, ready to load: the plan catalog and the year's report deadlines."""

    catalog: plan_catalog.PlanCatalog
    deadlines: pd.DataFrame

    @property
    def year(self) -> int:
        return self.catalog.year


@dataclass
class _Row:
    number: int                                   # zero-based row in the sheet
    values: dict[str, object]                     # key → value as its column's kind reads it (None: blank or wrong)
    cells: dict[str, str] = field(default_factory=dict)   # key → A1 reference

    def text(self, key: str) -> str | None:
        """The value of a text, code, choice, unit, index or area column."""
        value = self.values[key]
        assert value is None or isinstance(value, str), (key, value)
        return value

    def numeric(self, key: str) -> float | None:
        """The value of a number or integer column."""
        value = self.values[key]
        assert value is None or isinstance(value, (int, float)), (key, value)
        return value

    def integer(self, key: str) -> int | None:
        """The value of an integer column."""
        value = self.values[key]
        assert value is None or isinstance(value, int), (key, value)
        return value


def _choice(column: Column, value: object) -> str:
    assert column.choices is not None, column.key       # every choice column lists its choices (etl.plans)
    folded = fold(str(value))
    for code, label in column.choices.items():
        if folded in (fold(code), fold(label)):
            return code
    raise ValueProblem(f"'{show(value)}' không có trong danh sách ({', '.join(column.choices.values())})")


class _Reader:
    def __init__(self, conn: db.Connection, sheets: list[Sheet], year: int | None) -> None:
        self.conn = conn
        self.sheets = {sheet.name: sheet for sheet in sheets if not sheet.hidden}
        self.asked_year = year
        self.problems: list[PlanProblem] = []
        self.context: YearContext | None = None

    def problem(self, sheet: str, cell: str | None, message: str) -> None:
        self.problems.append(PlanProblem(sheet, cell, message))

    def table(self, name: str) -> list[_Row]:
        """The rows of one sheet, each value read by its column's kind; blank rows skipped."""
        sheet = self.sheets.get(name)
        if sheet is None:
            self.problem(name, None, f"thiếu trang tính '{name}' (hãy dùng mẫu của lệnh 'plan template')")
            return []
        columns = SHEETS[name]
        headers = {header_key(str(sheet.value(0, col)).replace("(*)", "")): col
                   for col in range(len(sheet.rows[0]) if sheet.rows else 0) if not is_blank(sheet.value(0, col))}
        where: dict[str, int] = {}
        for column in columns:
            col = headers.get(header_key(column.header))
            if col is None:
                self.problem(name, "1", f"thiếu cột '{column.header}' ở dòng tiêu đề")
            else:
                where[column.key] = col
        if len(where) < len(columns):
            return []
        rows = []
        for number in range(1, sheet.height):
            if all(is_blank(sheet.value(number, col)) for col in where.values()):
                continue
            row = _Row(number, {})
            for column in columns:
                row.cells[column.key] = cell_ref(number, where[column.key])
                row.values[column.key] = self.value(name, row.cells[column.key], column,
                                                    sheet.value(number, where[column.key]))
            rows.append(row)
        return rows

    def value(self, sheet: str, cell: str, column: Column, raw: object) -> object:
        if is_blank(raw):
            if column.required:
                self.problem(sheet, cell, f"thiếu {column.header.lower()} (ô bắt buộc)")
            return None
        try:
            if column.kind == "text":
                return clean_text(raw)
            if column.kind == "number":
                return parse_number(raw)
            if column.kind == "integer":
                number = parse_number(raw)
                if not number.is_integer():
                    raise ValueProblem("không phải là số nguyên")
                return int(number)
            if column.kind == "date":
                return parse_date(raw)
            if column.kind == "choice":
                return _choice(column, raw)
            code = parse_code(raw)
            if column.kind in ("code", "area"):
                # why: plan codes keep their case as written ("TCBM-4.2a"); parse_code only vouches for the letters
                return unicodedata.normalize("NFKC", str(raw)).strip()
            if column.kind == "unit" and self.context is not None and code not in self.context.units:
                raise ValueProblem(f"đơn vị '{code}' không có trong danh mục đơn vị còn hiệu lực năm "
                                   f"{self.context.year}")
            if column.kind == "index" and self.context is not None and code not in self.context.index_codes:
                raise ValueProblem(f"chỉ số '{code}' không có trong danh mục chỉ số")
            return code
        except ValueProblem as problem:
            self.problem(sheet, cell, f"{column.header}: '{show(raw)}' — {problem}" if "'" not in str(problem)
                         else f"{column.header}: {problem}")
            return None

    def read(self) -> PlanReading:
        plan_rows = self.table(PLAN_SHEET)
        year = self.year(plan_rows)
        if year is None:
            raise PlanRejected(self.problems)
        self.context = year_context(self.conn, year)
        areas = self.areas(self.table(AREAS_SHEET))
        targets = self.targets(self.table(TARGETS_SHEET), areas, year)
        tasks = self.tasks(self.table(TASKS_SHEET), areas, year)
        deadlines = self.deadlines(self.table(DEADLINES_SHEET), year)
        if self.problems:
            raise PlanRejected(self.problems)
        plan = pd.DataFrame([{k: plan_rows[0].values[k] for k in ("year", "title", "decision", "source")}])
        area_frame = pd.DataFrame([{"plan_year": year, "code": code, "section": section, "name": name,
                                    "sort_order": order} for order, (section, (code, name)) in
                                   enumerate(areas.items(), start=1)],
                                  columns=["plan_year", "code", "section", "name", "sort_order"])
        catalog = plan_catalog.PlanCatalog(
            year, plan, area_frame,
            pd.DataFrame(targets, columns=plan_catalog.TARGET_COLUMNS),
            pd.DataFrame(tasks, columns=plan_catalog.TASK_COLUMNS),
        )
        return PlanReading(catalog, pd.DataFrame(deadlines, columns=DEADLINE_FIELDS))

    def year(self, rows: list[_Row]) -> int | None:
        if len(rows) != 1:
            if PLAN_SHEET in self.sheets:
                self.problem(PLAN_SHEET, "A2", f"trang '{PLAN_SHEET}' phải có đúng một dòng (có {len(rows)})")
            return None
        year = rows[0].integer("year")
        if year is not None and not 2000 <= year <= 2100:
            self.problem(PLAN_SHEET, rows[0].cells["year"], f"năm kế hoạch {year} không hợp lệ")
            return None
        if year is not None and self.asked_year is not None and year != self.asked_year:
            self.problem(PLAN_SHEET, rows[0].cells["year"],
                         f"tệp là kế hoạch năm {year}, không phải năm {self.asked_year} như lệnh yêu cầu")
            return None
        return year

    def areas(self, rows: list[_Row]) -> dict[str, tuple[str, str | None]]:
        """section → (area code, name), in the sheet's order (a name left blank is a problem already)."""
        found: dict[str, tuple[str, str | None]] = {}
        codes: dict[str, int] = {}
        for row in rows:
            written, section = row.text("code"), row.text("section")    # a code is kept as written, compared in upper case
            code, section = written and written.upper(), section and section.upper()
            if code is not None and code in codes:
                self.problem(AREAS_SHEET, row.cells["code"], f"trùng mã lĩnh vực '{code}' với dòng {codes[code]}")
            elif section is not None and section in found:
                self.problem(AREAS_SHEET, row.cells["section"], f"trùng mục '{section}' với lĩnh vực {found[section][0]}")
            elif written and code and section:
                codes[code] = row.number + 1
                found[section] = (written, row.text("name"))
        if not rows and AREAS_SHEET in self.sheets:
            self.problem(AREAS_SHEET, "A2", "chưa có lĩnh vực nào: kế hoạch cần ít nhất một lĩnh vực")
        return found

    def targets(self, rows: list[_Row], areas: dict[str, tuple[str, str | None]], year: int) -> list[dict]:
        assert self.context is not None     # read() asks for it once the plan sheet gave the year
        area_codes = {code.upper(): code for code, _ in areas.values()}
        seen: dict[tuple, int] = {}
        levels = self.context.levels
        out = []
        for row in rows:
            v, cells = row.values, row.cells
            code, level, area_code = row.text("code"), row.text("level"), row.text("area_code")
            key = ((code or "").upper(), level)
            # a target is its code at a level: without a level (a problem already) there is nothing to compare
            if code and level and key in seen:
                self.problem(TARGETS_SHEET, cells["code"], f"trùng mã chỉ tiêu '{code}' ở "
                             f"{LEVEL_LABELS.get(level, level).lower()} với dòng {seen[key]}")
            seen.setdefault(key, row.number + 1)
            if level and level not in levels:
                have = ", ".join(label for code, label in LEVEL_LABELS.items() if code in levels)
                self.problem(TARGETS_SHEET, cells["level"], f"{LEVEL_LABELS[level].lower()} không có đơn vị nào "
                             f"còn hiệu lực trong năm {year} (các cấp có đơn vị: {have})")
            if area_code and area_code.upper() not in area_codes:
                self.problem(TARGETS_SHEET, cells["area_code"],
                             f"lĩnh vực '{area_code}' không có trong trang '{AREAS_SHEET}'")
            target_value, target_value_max = row.numeric("target_value"), row.numeric("target_value_max")
            if target_value is not None and target_value_max is not None and target_value_max < target_value:
                self.problem(TARGETS_SHEET, cells["target_value_max"], "giá trị tối đa nhỏ hơn giá trị mục tiêu")
            out.append({**v, "plan_year": year, "area_code": area_codes.get((area_code or "").upper())})
        return out

    def tasks(self, rows: list[_Row], areas: dict[str, tuple[str, str | None]], year: int) -> list[dict]:
        assert self.context is not None     # read() asks for it once the plan sheet gave the year
        names = UnitNames.from_catalog(DATA_DIR, self.context.all_units, self.context.groups)
        seen: dict[str, int] = {}
        out = []
        for order, row in enumerate(rows, start=1):
            v, cells = row.values, row.cells
            code = (row.text("code") or "").upper()      # the reports read codes in upper case
            if code in seen:
                self.problem(TASKS_SHEET, cells["code"], f"trùng mã nhiệm vụ '{v['code']}' với dòng {seen[code]}")
            seen.setdefault(code, row.number + 1)
            section = row.text("section")
            area = areas.get((section or "").upper().split(".")[0])
            if section and area is None:
                self.problem(TASKS_SHEET, cells["section"], f"mục '{section}' không ứng với lĩnh vực nào "
                             f"trong trang '{AREAS_SHEET}'")
            deadline = parse_deadline(row.text("deadline_text"), year)
            if deadline.kind == UNPARSED:
                self.problem(TASKS_SHEET, cells["deadline_text"], f"không đọc được thời hạn '{v['deadline_text']}' "
                             "(ví dụ đọc được: 'Trước 25/12/2025', 'Quý II/2026', 'Thường xuyên')")
            lead, partners = names.resolve(row.text("lead_text")), names.resolve(row.text("partner_text"))
            for key, found in (("lead_text", lead), ("partner_text", partners)):
                if found.unmatched:
                    self.problem(TASKS_SHEET, cells[key], f"không nhận ra đơn vị trong '{v[key]}' (phần không "
                                 f"nhận ra: {', '.join(found.unmatched)})")
            if v["lead_text"] and not lead.unmatched and not lead.codes:
                self.problem(TASKS_SHEET, cells["lead_text"], f"không nhận ra đơn vị chủ trì '{v['lead_text']}'")
            out.append({**v, "plan_year": year, "area_code": area[0] if area else None,
                        "lead_unit_codes": lead.codes, "partner_unit_codes": partners.codes,
                        "deadline_kind": deadline.kind, "due_date": deadline.due_date, "sort_order": order})
        return out

    def deadlines(self, rows: list[_Row], year: int) -> list[dict]:
        seen: dict[tuple, int] = {}
        out = []
        for row in rows:
            v, cells = row.values, row.cells
            report, period_text = row.text("report"), row.text("period")
            if report and period_text and (problem := period_problem(report, period_text, year)):
                self.problem(DEADLINES_SHEET, cells["period"], problem)
                continue
            period = parse_period(period_text)
            key = (v["report"], period.code if period else v["period"], v["unit_kind"])
            if key in seen:
                self.problem(DEADLINES_SHEET, cells["report"], f"trùng với dòng {seen[key]} (cùng loại báo cáo, kỳ "
                             "và loại đơn vị)")
            seen.setdefault(key, row.number + 1)
            out.append({**v, "plan_year": year, "period": period.code if period else None})
        return out


def read_plan(conn: db.Connection, data: bytes, year: int | None = None) -> PlanReading:
    """Check a plan workbook against the database's units and indices; raises :class:`PlanRejected` listing
    every problem, or :class:`etl.reading.errors.FileRejected` when the file is not a readable workbook."""
    sheets = load_sheets(data, check_file(data).format)
    return _Reader(conn, sheets, year).read()
