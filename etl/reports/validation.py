"""Check a report read from Excel and turn it into rows to load, with every problem named to the cell.

Errors block the whole file; warnings (a value far from last quarter, "done" without evidence) are
kept with the submission but do not stop it. Messages are Vietnamese sentences a clerk understands:
what is wrong with the value in that cell, and what to do.

Some cells are refused before anything else is checked, since what they hold is not what the clerk saw or
typed: text longer than any report cell, a formula that takes its value from another file or program, a code
with invisible characters or with letters of another alphabet that look Latin.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc import applicability
from cchc.formatting import format_number, format_period
from cchc.periods import Period, parse_period
from cchc.store import db
from cchc.store.units import absence_reason
from cchc.text import fold
from cchc.vocabulary import REPORT_TITLES
from etl.reading.values import (
    MAX_TEXT_CHARS,
    ValueProblem,
    is_blank,
    parse_code,
    parse_date,
    parse_number,
    parse_percent,
    show,
)
from etl.reading.workbook import PROGRAM
from etl.reports import layout
from etl.reports.table import Cell, ReportTable

ERROR, WARNING = "error", "warning"
RATIO_TOLERANCE = 0.5     # percentage points between a typed result and numerator/denominator
JUMP_WARNING = 30.0       # percentage points of change on the previous quarter worth a second look
SHOWN_CHARS = 200         # of a value, in a problem


@dataclass(frozen=True)
class Problem:
    """One finding: where (sheet, cell), the value seen, and what is wrong."""

    severity: str
    sheet: str | None
    cell: str | None
    value: str | None
    message: str


@dataclass
class Checked:
    """The outcome of validation: identity of the report, rows ready to load, problems."""

    kind: str
    unit_code: str | None = None
    period: Period | None = None
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)


class _Findings:
    """Collects problems for one sheet."""

    def __init__(self, checked: Checked, sheet: str) -> None:
        self.checked, self.sheet = checked, sheet

    def error(self, cell: Cell | None, message: str) -> None:
        self._add(ERROR, cell, message)

    def warning(self, cell: Cell | None, message: str) -> None:
        self._add(WARNING, cell, message)

    def _add(self, severity: str, cell: Cell | None, message: str) -> None:
        shown = show(cell.value) if cell else None
        if shown is not None and len(shown) > SHOWN_CHARS:
            shown = shown[:SHOWN_CHARS] + "…"
        self.checked.problems.append(Problem(
            severity, self.sheet, cell.ref if cell else None, shown, message))


@dataclass(frozen=True)
class Expected:
    """What the sender says the file is (the upload page knows the unit, kind and period)."""

    unit_code: str | None = None
    kind: str | None = None
    period: str | None = None


def _number(cell: Cell, found: _Findings, label: str) -> float | None:
    if cell.formula_without_value:
        found.error(cell, f"Ô {label} có công thức nhưng chưa có kết quả tính sẵn. Mở tệp bằng Excel, "
                          "lưu lại rồi gửi lại (hoặc nhập số thay cho công thức).")
        return None
    if is_blank(cell.value):
        return None
    try:
        number = parse_number(cell.value)
    except ValueProblem:
        found.error(cell, f"{label} '{show(cell.value)}' không phải là số.")
        return None
    if number < 0:
        found.error(cell, f"{label} ({show(cell.value)}) không được là số âm.")
        return None
    return number


def _percent(cell: Cell, found: _Findings, label: str) -> float | None:
    if cell.formula_without_value or is_blank(cell.value):
        return _number(cell, found, label)
    try:
        value, from_fraction = parse_percent(cell.value)
    except ValueProblem:
        found.error(cell, f"{label} '{show(cell.value)}' không phải là số.")
        return None
    if value < 0:
        found.error(cell, f"{label} ({show(cell.value)}) không được là số âm.")
        return None
    if value > 100:
        found.error(cell, f"Tỷ lệ {format_number(value, 1).removesuffix(',0')}% vượt quá 100%.")
        return None
    if from_fraction:
        found.warning(cell, f"Giá trị {show(cell.value)} được hiểu là {format_number(value, 1).removesuffix(',0')}%.")
    return value


def _shown_formula(formula: str) -> str:
    return formula if len(formula) <= 80 else formula[:80] + "…"


def _unsafe_cells(table: ReportTable, found: _Findings) -> bool:
    """Refuse the cells whose value cannot be trusted whatever it is; whether there were any."""
    before = len(found.checked.problems)
    for cell in [*table.meta.values(), *(cell for row in table.rows for cell in row.values())]:
        if isinstance(cell.value, str) and len(cell.value) > MAX_TEXT_CHARS:
            found.error(cell, f"Ô có {format_number(len(cell.value))} ký tự, vượt giới hạn {format_number(MAX_TEXT_CHARS)} "
                              "ký tự của một ô báo cáo. Hãy rút gọn nội dung rồi gửi lại.")
        elif cell.linked and cell.linked[0] == PROGRAM:
            found.error(cell, f"Ô có công thức gọi chương trình hoặc dịch vụ bên ngoài (DDE) "
                              f"'{_shown_formula(cell.linked[1])}': công thức như vậy có thể chạy lệnh trên máy mở tệp, "
                              "hệ thống không dùng kết quả của nó. Hãy nhập giá trị thay cho công thức rồi gửi lại.")
        elif cell.linked:
            found.error(cell, f"Ô có công thức lấy số liệu từ tệp khác '{_shown_formula(cell.linked[1])}': hệ thống "
                              "không dùng số liệu của tệp mà nó không nhận được. Hãy thay công thức bằng giá trị "
                              "(Sao chép › Dán đặc biệt › Giá trị) rồi gửi lại.")
    return len(found.checked.problems) > before


def _code(cell: Cell, found: _Findings, label: str) -> str | None:
    """The code a cell holds, in upper case ("" when blank), or None after reporting why it cannot be read."""
    if cell.hidden:
        found.error(cell, f"{label} '{show(cell.value)}' có ký tự ẩn hoặc ký tự điều khiển ({cell.hidden}): mã nhìn "
                          "thấy có thể khác với mã trong ô. Hãy xoá ô và gõ lại mã rồi gửi lại.")
        return None
    try:
        return parse_code(cell.value)
    except ValueProblem as problem:
        found.error(cell, f"{label} '{show(cell.value)}' {problem}.")
        return None


# --- identity ------------------------------------------------------------------------------------

def _identity(conn: db.Connection, catalog: applicability.Catalog, table: ReportTable, expected: Expected,
              found: _Findings) -> tuple[dict | None, Period | None]:
    checked = found.checked
    if expected.kind and expected.kind != table.kind:
        found.error(None, f"Tệp là {REPORT_TITLES[table.kind].lower()}, không phải "
                          f"{REPORT_TITLES[expected.kind].lower()} như đã chọn.")
    declared = table.meta.get("kind")
    if declared and str(declared.value).strip().lower() in layout.KINDS and str(declared.value).strip().lower() != table.kind:
        found.error(declared, f"Mã mẫu '{declared.value}' không khớp với bảng số liệu trong tệp.")

    unit = None
    code_cell = table.meta.get("unit_code")
    if code_cell is None or is_blank(code_cell.value):
        found.error(code_cell, "Thiếu mã đơn vị: ô 'Mã đơn vị' phía trên bảng phải ghi mã của đơn vị báo cáo.")
    elif (code := _code(code_cell, found, "Mã đơn vị")) is not None:
        unit = catalog.unit(code)
        if unit is None:
            found.error(code_cell, f"Mã đơn vị '{code_cell.value}' không có trong danh mục đơn vị.")
        elif expected.unit_code and code != expected.unit_code:
            found.error(code_cell, f"Tệp là báo cáo của đơn vị {code}, không phải của đơn vị {expected.unit_code}.")
            unit = None
        else:
            checked.unit_code = code
            name_cell = table.meta.get("unit_name")
            if name_cell and not is_blank(name_cell.value) and fold(str(name_cell.value)) not in (
                    fold(unit["name"]), fold(unit["short_name"] or "")):
                found.warning(name_cell, f"Tên đơn vị '{name_cell.value}' khác với tên trong danh mục của mã {code} "
                                         f"({unit['name']}).")

    period = None
    period_cell = table.meta.get("period")
    if period_cell is None or is_blank(period_cell.value):
        found.error(period_cell, "Thiếu kỳ báo cáo: ô 'Kỳ báo cáo' phải ghi kỳ, ví dụ 2024-Q2 hoặc Quý II/2024.")
    else:
        period = parse_period(period_cell.value)
        wants_year = table.kind == "indices"
        if period is None or (period.quarter is None) != wants_year:
            example = "2024" if wants_year else "2024-Q2 hoặc Quý II/2024"
            found.error(period_cell, f"Kỳ báo cáo '{period_cell.value}' không hợp lệ (ví dụ: {example}).")
            period = None
        elif expected.period and period.code != expected.period:
            found.error(period_cell, f"Tệp là báo cáo {format_period(period.code)}, không phải "
                                     f"{format_period(expected.period)} như đã chọn.")
            period = None
        elif not wants_year and period.year not in catalog.plan_years:
            found.error(period_cell, f"Kế hoạch CCHC năm {period.year} chưa có trong hệ thống.")
            period = None
    if unit is not None and period is not None:
        absent = absence_reason(conn, unit, period.end)
        if absent:
            # a report belongs to a unit that exists in its period (a 2026 report is Phường Thành Sen's)
            found.error(code_cell, f"Mã đơn vị '{unit['code']}' ({unit['name']}): {absent}. Không nhận báo cáo "
                                   f"{format_period(period.code)} của đơn vị này.")
            unit = None
    checked.period = period
    return unit, period


# --- the code of each row ------------------------------------------------------------------------

@dataclass(frozen=True)
class _RowKind:
    """How the messages about a row's code are worded for targets and for tasks."""

    code_label: str        # "Mã chỉ tiêu"
    not_concerned: str     # "{code}" and "{unit}" are filled in


_TARGET_ROW = _RowKind("Mã chỉ tiêu", "Chỉ tiêu '{code}' không thuộc phạm vi báo cáo của {unit}.")
_TASK_ROW = _RowKind("Mã nhiệm vụ", "Nhiệm vụ '{code}' không giao cho {unit} (không chủ trì, không phối hợp).")


def _row_code(cell: Cell, kind: _RowKind, known: dict[str, str], concerned: set[str], seen: dict[str, str],
              found: _Findings, period: Period, unit: dict) -> str | None:
    """The plan's code of a row (matched in any case), or None after reporting why the row is unusable."""
    typed = _code(cell, found, kind.code_label)
    if typed is None:
        return None
    if not typed:
        found.error(cell, f"Dòng có số liệu nhưng thiếu {kind.code_label.lower()}.")
        return None
    if typed not in known:
        found.error(cell, f"{kind.code_label} '{cell.value}' không có trong kế hoạch năm {period.year}.")
        return None
    code = known[typed]
    if code not in concerned:
        found.error(cell, kind.not_concerned.format(code=code, unit=unit["name"]))
        return None
    if code in seen:
        found.error(cell, f"{kind.code_label} '{code}' lặp lại (đã có ở ô {seen[code]}).")
        return None
    seen[code] = cell.ref
    return code


# --- targets -------------------------------------------------------------------------------------

def _previous_values(conn: db.Connection, unit_code: str, period: Period) -> dict[str, float]:
    before = period.previous()
    if before is None:
        return {}
    rows = db.query_rows(conn, "SELECT target_code, value FROM current_target_values WHERE unit_code = ? AND period = ?",
                         [unit_code, before.code])
    return {code: value for code, value in rows if value is not None}


def _check_targets(conn: db.Connection, catalog: applicability.Catalog, table: ReportTable, unit: dict, period: Period,
                   found: _Findings) -> None:
    plan = catalog.targets[catalog.targets["plan_year"] == period.year]
    known = {code.upper(): code for code in plan["code"]}
    applicable = catalog.targets_for_unit(unit["code"], period.year).set_index("code")
    rows = applicable.to_dict("index")
    previous = _previous_values(conn, unit["code"], period)
    before = period.previous()      # there is a previous value only when there is a quarter before
    before_shown = format_period(before.code) if before else ""
    seen: dict[str, str] = {}
    reported: set[str] = set()
    for cells in table.rows:
        code = _row_code(cells["target_code"], _TARGET_ROW, known, set(applicable.index), seen, found, period, unit)
        if code is None:
            continue
        code_cell = cells["target_code"]
        target = rows[code]
        row = _target_values(cells, target, found)
        if row is None or row["value"] is None:   # an error, or nothing reported for this target
            continue
        reported.add(code)
        last = previous.get(code)
        if last is not None and target["measure"] == "percent" and abs(row["value"] - last) > JUMP_WARNING:
            found.warning(cells.get("value", code_cell), f"Kết quả {format_number(row['value'], 1)}% chênh lệch lớn so "
                          f"với {before_shown} ({format_number(last, 1)}%); hãy kiểm tra lại.")
        elif last is not None and target["measure"] != "percent" and row["value"] < last:
            found.warning(cells.get("value", code_cell), f"Số lũy kế ({show(row['value'])}) nhỏ hơn "
                          f"{before_shown} ({show(last)}); hãy kiểm tra lại.")
        found.checked.rows.append({"target_code": code, "level": target["level"], **row})
    missing = [code for code in applicable.index if code not in reported]
    if reported and missing:
        found.warning(None, "Chưa có số liệu cho chỉ tiêu: " + ", ".join(missing) + ".")


def _target_values(cells: dict[str, Cell], target: dict, found: _Findings) -> dict | None:
    """Numerator, denominator and value of one target row; None if the row has an error."""
    errors_before = len(found.checked.problems)
    is_ratio = isinstance(target["numerator_label"], str) and bool(target["numerator_label"])
    numerator = denominator = None
    if is_ratio:
        numerator = _number(cells["numerator"], found, "Tử số") if "numerator" in cells else None
        denominator = _number(cells["denominator"], found, "Mẫu số") if "denominator" in cells else None
    value_cell = cells.get("value")
    if value_cell is None:
        value = None
    elif target["measure"] == "percent":
        value = _percent(value_cell, found, "Kết quả")
    else:
        value = _number(value_cell, found, "Kết quả")
        if value is not None and target["measure"] == "count" and not float(value).is_integer():
            found.error(value_cell, f"Kết quả ({show(value_cell.value)}) phải là số nguyên.")
    if any(p.severity == ERROR for p in found.checked.problems[errors_before:]):
        return None
    if (numerator is None) != (denominator is None):
        missing = cells.get("denominator" if denominator is None else "numerator")
        found.error(missing, "Cần nhập cả tử số và mẫu số (hoặc để trống cả hai).")
        return None
    if numerator is not None and denominator is not None:     # (both or neither, from here)
        if denominator == 0:
            found.error(cells["denominator"], "Mẫu số bằng 0: không tính được tỷ lệ.")
            return None
        if numerator > denominator:
            found.error(cells["numerator"], f"Tử số ({show(numerator)}) lớn hơn mẫu số ({show(denominator)}).")
            return None
        ratio = numerator / denominator * 100
        if value is None:
            value = ratio
        elif abs(value - ratio) > RATIO_TOLERANCE:
            found.error(value_cell, f"Kết quả {format_number(value, 1)}% không khớp với tử số/mẫu số "
                                    f"({show(numerator)}/{show(denominator)} = {format_number(ratio, 1)}%).")
            return None
    note = cells.get("note")
    return {"numerator": numerator, "denominator": denominator, "value": value,
            "note": None if note is None or is_blank(note.value) else str(note.value)}


# --- tasks ---------------------------------------------------------------------------------------

_STATUS_BY_KEY = {fold(text): code for code, text in layout.TASK_STATUSES.items()} | layout.TASK_STATUS_ALIASES


def _check_tasks(catalog: applicability.Catalog, table: ReportTable, unit: dict, period: Period, found: _Findings,
                 today: date) -> None:
    known = {code.upper(): code for code in catalog.tasks.loc[catalog.tasks["plan_year"] == period.year, "code"]}
    concerned = set(catalog.tasks_for_unit(unit["code"], period.year)["code"])
    seen: dict[str, str] = {}
    for cells in table.rows:
        code = _row_code(cells["task_code"], _TASK_ROW, known, concerned, seen, found, period, unit)
        if code is None:
            continue
        row = _task_values(cells, period, found, today)
        if row is not None:
            found.checked.rows.append({"task_code": code, **row})


def _task_values(cells: dict[str, Cell], period: Period, found: _Findings, today: date) -> dict | None:
    errors_before = len(found.checked.problems)
    status_cell = cells["status"]
    inputs = [cells[k] for k in ("percent_done", "evidence", "completed_on") if k in cells]
    if is_blank(status_cell.value):
        if any(not is_blank(c.value) for c in inputs):
            found.error(status_cell, "Chưa chọn tình trạng thực hiện nhiệm vụ.")
        return None
    status = _STATUS_BY_KEY.get(fold(str(status_cell.value)))
    if status is None:
        choices = ", ".join(f"'{t}'" for t in layout.TASK_STATUSES.values())
        found.error(status_cell, f"Tình trạng '{status_cell.value}' không có trong danh sách ({choices}).")
    percent = None
    if "percent_done" in cells and not is_blank(cells["percent_done"].value):
        percent = _percent(cells["percent_done"], found, "Tỷ lệ hoàn thành")
    completed = None
    if "completed_on" in cells and not is_blank(cells["completed_on"].value):
        try:
            completed = parse_date(cells["completed_on"].value)
            if completed > today:
                found.error(cells["completed_on"], f"Ngày hoàn thành {completed:%d/%m/%Y} là ngày trong tương lai.")
            elif completed.year < period.year - 1:
                found.error(cells["completed_on"], f"Ngày hoàn thành {completed:%d/%m/%Y} quá xa so với năm kế hoạch {period.year}.")
        except ValueProblem as problem:
            found.error(cells["completed_on"], f"Ngày hoàn thành '{show(cells['completed_on'].value)}' {problem}.")
    if any(p.severity == ERROR for p in found.checked.problems[errors_before:]):
        return None
    evidence = cells.get("evidence")
    evidence_text = None if evidence is None or is_blank(evidence.value) else str(evidence.value)
    if status in layout.DONE_STATUSES:
        if percent is None:
            percent = 100.0
        if evidence_text is None:
            found.warning(evidence or status_cell, "Nhiệm vụ đã hoàn thành nhưng chưa ghi văn bản, sản phẩm minh chứng.")
        if completed is None:
            found.warning(cells.get("completed_on") or status_cell, "Nhiệm vụ đã hoàn thành nhưng chưa ghi ngày hoàn thành.")
    elif percent == 100:
        found.warning(status_cell, "Tỷ lệ hoàn thành 100% nhưng tình trạng chưa phải 'Đã hoàn thành'.")
    note = cells.get("note")
    return {"status": status, "percent_done": percent, "evidence": evidence_text, "completed_on": completed,
            "note": None if note is None or is_blank(note.value) else str(note.value)}


# --- index results -------------------------------------------------------------------------------

def _check_indices(catalog: applicability.Catalog, table: ReportTable, unit: dict, period: Period, found: _Findings) -> None:
    if unit["code"] != "SNV":
        found.error(table.meta.get("unit_code"), "Chỉ Sở Nội vụ gửi báo cáo kết quả chỉ số.")
        return
    components = catalog.components
    indices = {a for a, _ in components}
    seen: dict[tuple, str] = {}
    for cells in table.rows:
        errors_before = len(found.checked.problems)
        index_cell, unit_cell = cells["index_code"], cells["unit_code"]
        if all(is_blank(cells[k].value) for k in ("score", "rank") if k in cells):
            continue  # a prefilled row left empty: nothing reported for that unit
        index = _code(index_cell, found, "Mã chỉ số")
        component_cell = cells.get("component_code")
        component = _code(component_cell, found, "Thành phần") if component_cell else ""
        code = _code(unit_cell, found, "Mã đơn vị")
        if index is None or component is None or code is None:
            continue
        component = component or "TOTAL"
        if index not in indices:
            found.error(index_cell, f"Mã chỉ số '{index_cell.value}' không có trong danh mục chỉ số.")
        elif (index, component) not in components:
            found.error(component_cell, f"Thành phần '{component}' không thuộc chỉ số {index}.")
        if catalog.unit(code) is None:
            found.error(unit_cell, f"Mã đơn vị '{unit_cell.value}' không có trong danh mục đơn vị.")
        year_cell = cells["year"]
        try:
            year = int(parse_number(year_cell.value))
            if year != period.year:
                found.error(year_cell, f"Năm {year} khác với kỳ báo cáo {period.year}.")
        except (ValueProblem, TypeError):
            found.error(year_cell, f"Năm '{show(year_cell.value)}' không hợp lệ.")
        numbers = {k: _number(cells[k], found, label) if k in cells else None
                   for k, label in (("score", "Điểm"), ("max_score", "Điểm tối đa"), ("rank", "Xếp hạng"), ("rank_of", "Tổng số đơn vị"))}
        if numbers["score"] is not None and numbers["max_score"] is not None and numbers["score"] > numbers["max_score"]:
            found.error(cells["score"], f"Điểm ({show(numbers['score'])}) lớn hơn điểm tối đa ({show(numbers['max_score'])}).")
        for name in ("rank", "rank_of"):
            number = numbers[name]
            if number is not None and (number < 1 or not float(number).is_integer()):
                found.error(cells[name], f"Giá trị '{show(cells[name].value)}' phải là số nguyên từ 1 trở lên.")
        if numbers["rank"] is not None and numbers["rank_of"] is not None and numbers["rank"] > numbers["rank_of"]:
            found.error(cells["rank"], f"Xếp hạng ({show(numbers['rank'])}) lớn hơn tổng số đơn vị ({show(numbers['rank_of'])}).")
        key = (index, code, component)
        if key in seen:
            found.error(index_cell, f"Kết quả của {code} ({index}, {component}) lặp lại (đã có ở ô {seen[key]}).")
        seen[key] = index_cell.ref
        if any(p.severity == ERROR for p in found.checked.problems[errors_before:]):
            continue
        note = cells.get("note")
        found.checked.rows.append({
            "index_code": index, "year": period.year, "unit_code": code, "component_code": component,
            "score": numbers["score"], "max_score": numbers["max_score"],
            "rank": None if numbers["rank"] is None else int(numbers["rank"]),
            "rank_of": None if numbers["rank_of"] is None else int(numbers["rank_of"]),
            "note": None if note is None or is_blank(note.value) else str(note.value),
        })


def validate(conn: db.Connection, table: ReportTable, expected: Expected = Expected(), today: date | None = None,
             catalog: applicability.Catalog | None = None) -> Checked:
    """Check a report table; the rows are ready to load when ``has_errors`` is false.

    Pass a ``catalog`` snapshot when checking many files in one go.
    """
    catalog = catalog or applicability.Catalog(conn)
    checked = Checked(kind=table.kind)
    found = _Findings(checked, table.sheet)
    if _unsafe_cells(table, found):
        return checked
    unit, period = _identity(conn, catalog, table, expected, found)
    if unit is None or period is None:
        return checked
    if table.kind == "targets":
        _check_targets(conn, catalog, table, unit, period, found)
    elif table.kind == "tasks":
        _check_tasks(catalog, table, unit, period, found, today or date.today())
    else:
        _check_indices(catalog, table, unit, period, found)
    if not checked.rows and not checked.has_errors:
        found.error(None, "Báo cáo chưa có số liệu nào: hãy nhập kết quả vào các cột để trống rồi gửi lại.")
    return checked
