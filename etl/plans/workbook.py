"""The plan workbook Sở Nội vụ fills: sheets of the plan, its areas, targets, tasks and report deadlines.

Headers are locked (sheet protection without a password, so rows can still be inserted, deleted and sorted);
input cells are unlocked, with dropdowns from the hidden sheet ``LISTS_SHEET`` (levels that have units in the
year, units valid in the year, indices, the areas typed on the areas sheet) and number and date checks.
Pre-filled from another year's plan, it is the export used to carry a plan forward and for the round trip.
"""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from cchc.store import db
from cchc.store.exports import append_row
from etl.plans import (
    AREAS_SHEET,
    DEADLINE_COLUMNS,
    DEADLINES_SHEET,
    FIRST_DATA_ROW,
    INSTRUCTIONS_SHEET,
    LEVEL_LABELS,
    LISTS_SHEET,
    PLAN_SHEET,
    SHEETS,
    TARGET_COLUMNS,
    TARGETS_SHEET,
    TASKS_SHEET,
    Column,
)
from etl.plans.context import YearContext, current_plan, year_context

EMPTY_ROWS = 200          # unlocked, checked rows under the pre-filled ones
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFFBE6")
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
_DATE_FORMAT = "dd/mm/yyyy"


def plan_rows(conn: db.Connection, year: int, from_year: int) -> dict[str, list[dict]]:
    """The rows of each sheet, from the plan of ``from_year`` carried to ``year`` (the title's year and the
    report deadlines' periods and dates moved by the difference; everything else as written)."""
    plan = current_plan(conn, from_year)
    shift = year - from_year
    rows: dict[str, list[dict]] = {name: [] for name in SHEETS}
    for record in _records(plan["plans"]):
        rows[PLAN_SHEET].append({**record, "year": year, "title": record["title"].replace(str(from_year), str(year))})
    rows[AREAS_SHEET] = _records(plan["plan_areas"])
    rows[TARGETS_SHEET] = _records(plan["targets"])
    rows[TASKS_SHEET] = _records(plan["tasks"])
    for record in _records(plan["report_deadlines"]):
        due = pd.Timestamp(record["due_date"]).date()
        rows[DEADLINES_SHEET].append({**record, "period": str(year) + record["period"][4:],
                                      "due_date": _add_years(due, shift)})
    return rows


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:          # 29 February into a year without it
        return day.replace(year=day.year + years, day=28)


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _shown(column: Column, value: object) -> object:
    """A stored value as the workbook shows it: labels for choices, numbers without a needless ".0"."""
    if value is None:
        return None
    # stored choices are codes, stored numbers ints or floats (as the frame's records give them)
    if column.kind == "choice" and column.choices is not None and isinstance(value, str):
        return column.choices.get(value, value)
    if column.kind in ("number", "integer") and isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    return value


def build_plan_workbook(conn: db.Connection, year: int, from_year: int | None = None) -> Workbook:
    """The workbook of plan ``year``: empty (one plan row with the year) or pre-filled from ``from_year``."""
    context = year_context(conn, year)
    rows = plan_rows(conn, year, from_year) if from_year is not None else {name: [] for name in SHEETS}
    if not rows[PLAN_SHEET]:
        rows[PLAN_SHEET] = [{"year": year, "title": f"Kế hoạch cải cách hành chính tỉnh Hà Tĩnh năm {year}"}]
    book = Workbook()
    _write_instructions(book.active, year, context)
    lists = _ListsSheet(book.create_sheet(LISTS_SHEET), context)
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name, len(book.sheetnames) - 1)
        extra = 0 if name == PLAN_SHEET else EMPTY_ROWS
        _write_table(sheet, columns, rows[name], extra, lists)
    lists.sheet.sheet_state = "hidden"
    lists.sheet.protection = SheetProtection(sheet=True)
    book.active = 0
    book.properties.title = f"Kế hoạch CCHC năm {year}"
    book.properties.creator = "CCHC Hà Tĩnh"
    return book


class _ListsSheet:
    """The hidden sheet of dropdown values: one column per list, each list's range formula by kind."""

    def __init__(self, sheet: Worksheet, context: YearContext) -> None:
        self.sheet = sheet
        self.ranges: dict[str, str] = {}
        levels = [label for code, label in LEVEL_LABELS.items() if code in context.levels]
        self._add("level", "Cấp có đơn vị trong năm", levels)
        for column in TARGET_COLUMNS + DEADLINE_COLUMNS:
            if column.kind == "choice" and column.choices is not None and column.key != "level":
                self._add(column.key, column.header, list(column.choices.values()))
        self._add("unit", f"Đơn vị còn hiệu lực năm {context.year}", list(context.units))
        self._add("unit_name", "Tên đơn vị", [name for name, _, _ in context.units.values()])
        self._add("index", "Chỉ số", context.index_codes)
        self.ranges["area"] = f"{quote_sheetname(AREAS_SHEET)}!$A${FIRST_DATA_ROW}:$A${FIRST_DATA_ROW + EMPTY_ROWS}"

    def _add(self, key: str, header: str, values: list[str]) -> None:
        col = len(self.ranges) + 1
        letter = get_column_letter(col)
        self.sheet.cell(row=1, column=col, value=header)
        for offset, value in enumerate(values, start=2):
            self.sheet.cell(row=offset, column=col, value=value).data_type = "s"
        self.sheet.column_dimensions[letter].width = 24
        self.ranges[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${max(2, len(values) + 1)}"

    def formula(self, column: Column) -> str | None:
        key = column.key if column.kind == "choice" else column.kind
        return self.ranges.get(key) if column.kind in ("choice", "unit", "index", "area") else None


def _validation(column: Column, lists: _ListsSheet) -> DataValidation | None:
    formula = lists.formula(column)
    if formula is not None:
        dv = DataValidation(type="list", formula1="=" + formula, allow_blank=True)
        dv.error = f"Chọn {column.header.lower()} trong danh sách."
    elif column.kind in ("number", "integer"):
        dv = DataValidation(type="decimal" if column.kind == "number" else "whole", operator="greaterThanOrEqual",
                            formula1="0", allow_blank=True)
        dv.error = "Nhập một số không âm."
    elif column.kind == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        dv.error = "Nhập một ngày, dạng ngày/tháng/năm."
    else:
        return None
    dv.showErrorMessage, dv.errorStyle, dv.errorTitle = True, "stop", "Giá trị không hợp lệ"
    return dv


def _write_table(sheet: Worksheet, columns: list[Column], rows: list[dict], extra: int, lists: _ListsSheet) -> None:
    append_row(sheet, [c.header + (" (*)" if c.required else "") for c in columns])
    for record in rows:
        append_row(sheet, [_shown(c, record.get(c.key)) for c in columns])
    last = len(rows) + extra + FIRST_DATA_ROW - 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        header = sheet.cell(row=1, column=index)
        header.font, header.fill, header.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
        for row in range(FIRST_DATA_ROW, last + 1):
            cell = sheet.cell(row=row, column=index)
            cell.fill, cell.protection, cell.alignment = _INPUT_FILL, _UNLOCKED, _WRAP
            # why: a code such as "1.10" or a period "2026-Q1" typed into a General cell becomes a number or date
            cell.number_format = _DATE_FORMAT if column.kind == "date" else ("General" if column.kind in (
                "number", "integer") else "@")
        dv = _validation(column, lists)
        if dv is not None and last >= FIRST_DATA_ROW:
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            sheet.add_data_validation(dv)
    sheet.freeze_panes = "A2"
    sheet.protection = SheetProtection(sheet=True, insertRows=False, deleteRows=False, formatColumns=False,
                                       formatRows=False, sort=False, autoFilter=False)


def _instructions(year: int, context: YearContext) -> list[str]:
    levels = ", ".join(label for code, label in LEVEL_LABELS.items() if code in context.levels)
    return [
        f"HƯỚNG DẪN ĐIỀN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {year}",
        "",
        ("Tệp này là danh mục kế hoạch CCHC của một năm. Sở Nội vụ điền rồi nạp bằng lệnh "
         "'python -m etl plan import TỆP.xlsx'. Tệp được kiểm tra từng ô; nếu có lỗi, không có gì được nạp và "
         "mỗi lỗi ghi rõ trang tính, ô và lý do."),
        "",
        f"• Trang '{PLAN_SHEET}': một dòng: năm kế hoạch, tên kế hoạch, văn bản ban hành, nguồn.",
        f"• Trang '{AREAS_SHEET}': các lĩnh vực của kế hoạch, theo thứ tự; mục là số La Mã của phụ lục (I, II, …).",
        (f"• Trang '{TARGETS_SHEET}': mỗi dòng một chỉ tiêu ở một cấp. Cùng một mã có thể có nhiều dòng nếu "
         "mỗi cấp có giá trị riêng, nhưng không được trùng cả mã và cấp."),
        f"  – Cấp: chỉ chọn các cấp có đơn vị trong năm {year}: {levels}.",
        "  – Giá trị mục tiêu là số (85 hoặc 85,5); với khoảng (\"02 đến 03\") ghi 2 và 3 ở cột tối đa.",
        "  – Với tỷ lệ báo cáo bằng tử số/mẫu số, ghi tên tử số và mẫu số.",
        f"  – Đơn vị chủ trì: mã của một đơn vị còn hiệu lực trong năm {year} (danh sách chọn).",
        (f"• Trang '{TASKS_SHEET}': mỗi dòng một hoạt động của phụ lục nhiệm vụ. Mục là số La Mã của lĩnh vực "
         "(có thể kèm phần nhỏ, ví dụ VII.B). Chủ trì, phối hợp và thời hạn ghi như văn bản; tên đơn vị phải "
         "nhận ra được (ví dụ 'Sở Nội vụ', 'UBND cấp huyện'), thời hạn phải đọc được (ví dụ 'Trước 25/12/2025', "
         "'Quý II/2026', 'Thường xuyên', 'Theo kế hoạch của Bộ Nội vụ')."),
        (f"• Trang '{DEADLINES_SHEET}': hạn nộp báo cáo. Kế hoạch CCHC năm có kỳ là năm ({year}); báo cáo chỉ tiêu "
         f"và nhiệm vụ có kỳ là quý ({year}-Q1 … {year}-Q4). Để trống loại đơn vị: áp dụng cho mọi đơn vị."),
        "",
        "Các cột có dấu (*) là bắt buộc. Có thể thêm, xóa, sắp xếp dòng; không đổi tên tiêu đề cột.",
        ("Nạp lại một kế hoạch đã sửa giữ nguyên số liệu đã báo cáo theo mã chỉ tiêu. Không xóa được chỉ tiêu hay "
         "nhiệm vụ đã có số liệu báo cáo: lệnh nạp từ chối và liệt kê chúng."),
    ]


def _write_instructions(sheet: Worksheet, year: int, context: YearContext) -> None:
    sheet.title = INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width = 120
    sheet.sheet_view.showGridLines = False
    for row, text in enumerate(_instructions(year, context), start=1):
        cell = sheet.cell(row=row, column=1, value=text or None)
        cell.alignment = _WRAP
        if row == 1:
            cell.font = Font(bold=True, size=14, color="1F4E79")
    sheet.protection = SheetProtection(sheet=True)


def plan_workbook_bytes(conn: db.Connection, year: int, from_year: int | None = None) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    build_plan_workbook(conn, year, from_year).save(buffer)
    return buffer.getvalue()


def write_plan_workbook(conn: db.Connection, year: int, path: Path, from_year: int | None = None) -> Path:
    """Write the workbook to ``path``; returns it."""
    path.write_bytes(plan_workbook_bytes(conn, year, from_year))
    return path
