"""Excel submission templates: one workbook per unit, period and kind of report.

A template is what a unit's clerk fills in and sends back. Its sheet ``layout.REPORT_SHEET`` carries
a title, the period in words, the report's identity in labelled cells (``layout.META_FIELDS``: unit
code, unit name, period, kind), one header row with the headers of ``layout.COLUMNS[kind]`` and one
row per target, task or index score. Input cells are unlocked and checked by data validation
(dropdown lists from the hidden sheet ``layout.LISTS_SHEET``, number limits, dates); everything else
is locked by a sheet protection without a password. The sheet ``layout.INSTRUCTIONS_SHEET`` tells the
clerk, in Vietnamese, how to fill and send the report.

The reader does not depend on the positions written here (it looks for the labels and the header
row by their text), but it does rely on the texts of ``etl.reports.layout``.

Speed matters (a template for each of ~260 units is built in one go): cell styles are applied
through a per-workbook cache of style arrays instead of assigning font/fill/border objects cell by
cell, and the shared style objects are created once at import.
"""
from __future__ import annotations

import io
import math
import re
from copy import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from cchc import applicability, auth
from cchc.formatting import format_date, format_period
from cchc.missing import is_missing
from cchc.periods import Period, parse_period
from cchc.store import db
from cchc.store.units import absence_reason
from cchc.vocabulary import REPORT_TITLES, TASK_ROLES
from etl.reports import layout

__all__ = [
    "TemplateError",
    "NothingToReportError",
    "HEADER_ROW",
    "FIRST_DATA_ROW",
    "INDEX_EXTRA_ROWS",
    "build_template",
    "listed_rows",
    "template_filename",
    "template_name",
    "template_for",
    "template_units",
    "write_template",
    "write_all_templates",
]

CREATOR = "CCHC Hà Tĩnh"
INDEX_REPORTING_UNIT = "SNV"          # Sở Nội vụ: the only unit that reports index results
INDEX_PREFILLED = "PAR_INDEX_INTERNAL"
TOTAL_COMPONENT = "TOTAL"
INDEX_EXTRA_ROWS = 50                 # empty input rows under the pre-filled index rows

# Row numbers on the report sheet: title, subtitle, the labelled meta cells, a blank row, the header.
TITLE_ROW = 1
SUBTITLE_ROW = 2
META_FIRST_ROW = 3
HEADER_ROW = META_FIRST_ROW + len(layout.META_FIELDS) + 1
FIRST_DATA_ROW = HEADER_ROW + 1
META_LABEL_COLUMN = 2                 # B
META_VALUE_COLUMN = 3                 # C

NOT_APPLICABLE_MARK = "—"


class TemplateError(ValueError):
    """A template cannot be made; ``message_vi`` says why, in Vietnamese, for the operator."""

    def __init__(self, message_vi: str) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi


class NothingToReportError(TemplateError):
    """The unit exists but has no target, task or index row to report for that kind and period."""


# --- shared style objects (created once) ---------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_META_BORDER = Border(bottom=Side(style="thin", color="808080"))
_NO_BORDER = Border()

_FONT = Font(name="Times New Roman", size=12)
_FONT_BOLD = Font(name="Times New Roman", size=12, bold=True)
_FONT_TITLE = Font(name="Times New Roman", size=14, bold=True)
_FONT_SUBTITLE = Font(name="Times New Roman", size=12, italic=True)
_FONT_GREY = Font(name="Times New Roman", size=12, color="808080")
_FONT_H1 = Font(name="Times New Roman", size=14, bold=True, color="1F4E79")
_FONT_H2 = Font(name="Times New Roman", size=12, bold=True, color="1F4E79")

_FILL_HEADER = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
_FILL_INPUT = PatternFill(fill_type="solid", start_color="FFFBE6", end_color="FFFBE6")
_FILL_NA = PatternFill(fill_type="solid", start_color="D9D9D9", end_color="D9D9D9")
_FILL_NONE = PatternFill(fill_type=None)
_FILL_WARN = PatternFill(fill_type="solid", start_color="F8CBAD", end_color="F8CBAD")

_ALIGN_TOP = Alignment(vertical="top")
_ALIGN_TOP_WRAP = Alignment(vertical="top", wrap_text=True)
_ALIGN_TOP_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
_ALIGN_TOP_RIGHT = Alignment(horizontal="right", vertical="top")
_ALIGN_HEADER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_ALIGN_TITLE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_ALIGN_LABEL = Alignment(horizontal="right", vertical="center")
_ALIGN_VALUE = Alignment(horizontal="left", vertical="center")
_ALIGN_TEXT = Alignment(vertical="top", wrap_text=True)

_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)

_DATE_FORMAT = "dd/mm/yyyy"
_TEXT_FORMAT = "@"

# name -> (font, fill, border, alignment, protection, number_format)
_STYLES: dict[str, tuple[Font, PatternFill, Border, Alignment, Protection, str]] = {
    "title": (_FONT_TITLE, _FILL_NONE, _NO_BORDER, _ALIGN_TITLE, _LOCKED, "General"),
    "subtitle": (_FONT_SUBTITLE, _FILL_NONE, _NO_BORDER, _ALIGN_TITLE, _LOCKED, "General"),
    "meta_label": (_FONT_BOLD, _FILL_NONE, _NO_BORDER, _ALIGN_LABEL, _LOCKED, "General"),
    "meta_value": (_FONT_BOLD, _FILL_NONE, _META_BORDER, _ALIGN_VALUE, _LOCKED, _TEXT_FORMAT),
    "header": (_FONT_BOLD, _FILL_HEADER, _BORDER, _ALIGN_HEADER, _LOCKED, "General"),
    "label": (_FONT, _FILL_NONE, _BORDER, _ALIGN_TOP, _LOCKED, "General"),
    "label_wrap": (_FONT, _FILL_NONE, _BORDER, _ALIGN_TOP_WRAP, _LOCKED, "General"),
    "label_centre": (_FONT, _FILL_NONE, _BORDER, _ALIGN_TOP_CENTRE, _LOCKED, "General"),
    "label_code": (_FONT_BOLD, _FILL_NONE, _BORDER, _ALIGN_TOP, _LOCKED, _TEXT_FORMAT),
    "not_applicable": (_FONT_GREY, _FILL_NA, _BORDER, _ALIGN_TOP_CENTRE, _LOCKED, "General"),
    "input": (_FONT, _FILL_INPUT, _BORDER, _ALIGN_TOP, _UNLOCKED, "General"),
    "input_wrap": (_FONT, _FILL_INPUT, _BORDER, _ALIGN_TOP_WRAP, _UNLOCKED, "General"),
    "input_centre": (_FONT, _FILL_INPUT, _BORDER, _ALIGN_TOP_CENTRE, _UNLOCKED, "General"),
    "input_text": (_FONT, _FILL_INPUT, _BORDER, _ALIGN_TOP, _UNLOCKED, _TEXT_FORMAT),
    "input_date": (_FONT, _FILL_INPUT, _BORDER, _ALIGN_TOP_CENTRE, _UNLOCKED, _DATE_FORMAT),
    "text": (_FONT, _FILL_NONE, _NO_BORDER, _ALIGN_TEXT, _LOCKED, "General"),
    "sub": (_FONT, _FILL_NONE, _NO_BORDER, Alignment(vertical="top", wrap_text=True, indent=2), _LOCKED, "General"),
    "h1": (_FONT_H1, _FILL_NONE, _NO_BORDER, _ALIGN_TEXT, _LOCKED, "General"),
    "h2": (_FONT_H2, _FILL_NONE, _NO_BORDER, _ALIGN_TEXT, _LOCKED, "General"),
}

_MARGINS = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.3)
_FOOTER = "Trang &P/&N"
_SPACES = re.compile(r"\s+")


class _Styler:
    """Applies the named styles of ``_STYLES`` to cells of one workbook, fast.

    The first cell given a style gets the style objects assigned (openpyxl registers them in the
    workbook); every later cell copies that cell's style array.
    """

    def __init__(self) -> None:
        self._arrays: dict[str, Any] = {}

    def __call__(self, cell: Cell, name: str) -> Cell:
        array = self._arrays.get(name)
        if array is None:
            font, fill, border, alignment, protection, number_format = _STYLES[name]
            cell.font = font
            cell.fill = fill
            cell.border = border
            cell.alignment = alignment
            cell.protection = protection
            cell.number_format = number_format
            self._arrays[name] = copy(cell._style)
        else:
            cell._style = copy(array)
        return cell

    def custom(self, cell: Cell, base: str, number_format: str) -> Cell:
        """The named style with another number format (target values: "≥ 80")."""
        key = base + "|" + number_format
        array = self._arrays.get(key)
        if array is None:
            self(cell, base)
            cell.number_format = number_format
            self._arrays[key] = copy(cell._style)
        else:
            cell._style = copy(array)
        return cell


# --- what a template is about ---------------------------------------------------------------------

@dataclass
class _Subject:
    kind: str
    unit: dict
    period: Period
    rows: list[dict]
    components: list[dict]        # indices only: components of the pre-filled index
    index_codes: list[str]        # indices only
    component_codes: list[str]    # indices only

    @property
    def unit_code(self) -> str:
        return str(self.unit["code"])

    @property
    def unit_name(self) -> str:
        return str(self.unit["name"])


def _text(value: object) -> str:
    """A catalog text with its whitespace collapsed; "" for a missing value."""
    if is_missing(value):
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def _check_kind(kind: str) -> None:
    if kind not in layout.KINDS:
        raise TemplateError(
            f"Không có mẫu báo cáo loại “{kind}”. Các loại mẫu: " + ", ".join(layout.KINDS) + "."
        )


def _check_period(kind: str, period: str) -> Period:
    parsed = parse_period(period)
    if kind == "indices":
        if parsed is None or parsed.quarter is not None:
            raise TemplateError(
                f"Kỳ báo cáo “{period}” không hợp lệ: kết quả chỉ số báo cáo theo năm, ví dụ “2024”."
            )
    elif parsed is None or parsed.quarter is None:
        raise TemplateError(
            f"Kỳ báo cáo “{period}” không hợp lệ: báo cáo chỉ tiêu và nhiệm vụ theo quý, "
            "ghi dạng “2024-Q1” … “2024-Q4” (số liệu lũy kế từ 01/01 đến hết quý)."
        )
    return parsed


def _resolve(conn: db.Connection, kind: str, unit_code: str, period: str,
             catalog: applicability.Catalog | None = None) -> _Subject:
    """Check the request and fetch the rows the template lists; raises TemplateError.

    ``catalog`` is a snapshot of the catalogs when the caller builds many templates (saves queries).
    """
    _check_kind(kind)
    parsed = _check_period(kind, period)
    code = str(unit_code or "").strip().upper()      # catalog codes are upper-case: "h436" is H436
    catalog = catalog or applicability.Catalog(conn)
    unit = catalog.unit(code)
    if unit is None:
        raise TemplateError(f"Không tìm thấy đơn vị có mã “{unit_code}” trong danh mục đơn vị.")
    name = unit["name"]

    if kind == "indices":
        if code != INDEX_REPORTING_UNIT:
            raise TemplateError(
                f"Chỉ Sở Nội vụ (mã {INDEX_REPORTING_UNIT}) báo cáo kết quả chỉ số; "
                f"{name} ({code}) không dùng mẫu này."
            )
        return _resolve_indices(conn, unit, parsed)

    absent = absence_reason(conn, unit, parsed.end)
    if absent:
        # the units of a period are those existing on its last day (a 2026 report is Phường Thành Sen's)
        raise TemplateError(f"{name} ({code}) không có trong kỳ báo cáo {format_period(parsed.code)}: {absent}.")
    if parsed.year not in catalog.plan_years:
        raise TemplateError(f"Chưa có kế hoạch CCHC năm {parsed.year} trong cơ sở dữ liệu, chưa thể tạo mẫu báo cáo.")
    if kind == "targets":
        frame = catalog.targets_for_unit(code, parsed.year)
        what = "chỉ tiêu nào"
    else:
        frame = catalog.tasks_for_unit(code, parsed.year)
        what = "nhiệm vụ nào (chủ trì hoặc phối hợp)"
    if frame.empty:
        raise NothingToReportError(
            f"{name} ({code}) không có {what} phải báo cáo trong kế hoạch CCHC năm {parsed.year}."
        )
    return _Subject(kind, unit, parsed, frame.to_dict("records"), [], [], [])


def _resolve_indices(conn: db.Connection, unit: dict, period: Period) -> _Subject:
    year = period.year
    units = db.query_df(
        conn,
        """SELECT code, name, kind FROM units
           WHERE kind IN ('department', 'district')
             AND (valid_from IS NULL OR valid_from <= ?::DATE) AND (valid_to IS NULL OR valid_to > ?::DATE)
           ORDER BY CASE kind WHEN 'department' THEN 1 ELSE 2 END, code""",
        [date(year, 12, 31).isoformat(), date(year, 1, 1).isoformat()],
    )
    if units.empty:
        raise NothingToReportError(f"Không có sở, ngành hay UBND cấp huyện nào hoạt động trong năm {year}.")
    components = db.query_df(
        conn,
        "SELECT component_code, name_vi, max_score FROM index_components WHERE index_code = ? ORDER BY sort_order",
        [INDEX_PREFILLED],
    ).to_dict("records")
    total_max = next((c["max_score"] for c in components if c["component_code"] == TOTAL_COMPONENT), None)
    rows = [
        {"index_code": INDEX_PREFILLED, "year": year, "unit_code": u["code"], "unit_name": u["name"],
         "component_code": TOTAL_COMPONENT, "max_score": _plain_number(total_max)}
        for u in units.to_dict("records")
    ]
    index_codes = [r[0] for r in db.query_rows(conn, "SELECT code FROM indices ORDER BY sort_order, code")]
    component_codes = [r[0] for r in db.query_rows(
        conn,
        """SELECT component_code FROM index_components GROUP BY component_code
           ORDER BY min(CASE WHEN component_code = 'TOTAL' THEN -1 ELSE sort_order END), component_code""",
    )]
    return _Subject("indices", unit, period, rows, components, index_codes, component_codes)


# --- the workbook ---------------------------------------------------------------------------------

def _validation(kind: str, error_title: str, error: str, prompt_title: str | None = None,
                prompt: str | None = None, **kwargs: Any) -> DataValidation:
    dv = DataValidation(type=kind, allow_blank=True, showErrorMessage=True, errorStyle="stop",
                        errorTitle=error_title, error=error, **kwargs)
    if prompt:
        dv.showInputMessage = True
        dv.promptTitle = prompt_title
        dv.prompt = prompt
    return dv


def _excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


class _Builder:
    """Writes one workbook for a resolved subject."""

    def __init__(self, subject: _Subject) -> None:
        self.s = subject
        self.style = _Styler()
        self.columns = layout.COLUMNS[subject.kind]
        self.col = {c.key: i + 1 for i, c in enumerate(self.columns)}
        self.letter = {c.key: get_column_letter(i + 1) for i, c in enumerate(self.columns)}
        self.wb = Workbook()
        self.ws: Worksheet = self.wb.active
        self.ws.title = layout.REPORT_SHEET
        self.lists: Worksheet = self.wb.create_sheet(layout.LISTS_SHEET)
        self.instructions: Worksheet = self.wb.create_sheet(layout.INSTRUCTIONS_SHEET, 1)
        self.last_row = HEADER_ROW

    # helpers
    def put(self, row: int, key: str, value: object, style: str) -> Cell:
        cell = self.ws.cell(row=row, column=self.col[key], value=value)
        return self.style(cell, style)

    def column_range(self, key: str, first: int, last: int) -> str:
        letter = self.letter[key]
        return f"{letter}{first}:{letter}{last}"

    @property
    def year(self) -> int:
        return self.s.period.year

    # parts
    def build(self) -> Workbook:
        self.write_heading()
        self.write_header()
        getattr(self, "write_" + self.s.kind)()
        self.finish_report_sheet()
        self.write_instructions()
        self.finish_lists()
        self.set_properties()
        self.wb.active = 0
        return self.wb

    def write_heading(self) -> None:
        ws, s = self.ws, self.s
        last_letter = get_column_letter(len(self.columns))
        title = (REPORT_TITLES[s.kind] + f" năm {self.year}").upper()
        self.style(ws.cell(row=TITLE_ROW, column=1, value=title), "title")
        ws.merge_cells(f"A{TITLE_ROW}:{last_letter}{TITLE_ROW}")
        ws.row_dimensions[TITLE_ROW].height = 24
        if s.period.quarter:
            subtitle = (f"{format_period(s.period.code)} — số liệu lũy kế từ {format_date(s.period.start)} "
                        f"đến {format_date(s.period.end)}")
        else:
            subtitle = format_period(s.period.code)
        self.style(ws.cell(row=SUBTITLE_ROW, column=1, value=subtitle), "subtitle")
        ws.merge_cells(f"A{SUBTITLE_ROW}:{last_letter}{SUBTITLE_ROW}")
        values = {"unit_code": s.unit_code, "unit_name": s.unit_name, "period": s.period.code, "kind": s.kind}
        for offset, field in enumerate(layout.META_FIELDS):
            row = META_FIRST_ROW + offset
            self.style(ws.cell(row=row, column=META_LABEL_COLUMN, value=field.label), "meta_label")
            self.style(ws.cell(row=row, column=META_VALUE_COLUMN, value=values[field.key]), "meta_value")

    def write_header(self) -> None:
        for index, column in enumerate(self.columns, start=1):
            self.style(self.ws.cell(row=HEADER_ROW, column=index, value=column.header), "header")
            self.ws.column_dimensions[get_column_letter(index)].width = column.width

    # targets
    def write_targets(self) -> None:
        ws = self.ws
        percent_dv = _validation(
            "decimal", "Kết quả không hợp lệ",
            "Kết quả là tỷ lệ phần trăm từ 0 đến 100, ví dụ 85,5 (máy dùng dấu chấm thập phân thì gõ 85.5); "
            "không ghi dấu %.",
            "Kết quả (%)", "Ghi tỷ lệ % lũy kế từ 01/01, ví dụ 85,5.",
            operator="between", formula1="0", formula2="100")
        amount_dv = _validation(
            "decimal", "Kết quả không hợp lệ", "Kết quả là một số không âm, ví dụ 3 hoặc 12,5.",
            "Kết quả", "Ghi số lượng lũy kế từ 01/01 theo đơn vị tính của chỉ tiêu.",
            operator="greaterThanOrEqual", formula1="0")
        count_dv = _validation(
            "decimal", "Số không hợp lệ", "Tử số và mẫu số là số không âm (tử số không lớn hơn mẫu số).",
            operator="greaterThanOrEqual", formula1="0")
        for dv in (percent_dv, amount_dv, count_dv):
            ws.add_data_validation(dv)

        row = HEADER_ROW
        for number, target in enumerate(self.s.rows, start=1):
            row += 1
            text, indicator = _text(target.get("text")), _text(target.get("indicator"))
            if indicator and indicator != text:
                text = f"{indicator} — {text}"
            self.put(row, "row_no", number, "label_centre")
            self.put(row, "target_code", target["code"], "label_code")
            self.put(row, "text", text, "label_wrap")
            self.put(row, "unit_of_measure", _text(target.get("unit_of_measure")), "label_centre")
            self.write_target_value(row, target)

            numerator_label = _text(target.get("numerator_label"))
            if numerator_label:
                denominator_label = _text(target.get("denominator_label"))
                num = self.put(row, "numerator", None, "input")
                den = self.put(row, "denominator", None, "input")
                num.comment = _comment("Tử số: " + numerator_label)
                if denominator_label:
                    den.comment = _comment("Mẫu số: " + denominator_label)
                count_dv.add(num.coordinate)
                count_dv.add(den.coordinate)
            else:
                self.put(row, "numerator", NOT_APPLICABLE_MARK, "not_applicable")
                self.put(row, "denominator", NOT_APPLICABLE_MARK, "not_applicable")

            value = self.put(row, "value", None, "input")
            is_percent = target.get("measure") == "percent" or _text(target.get("unit_of_measure")) == "%"
            (percent_dv if is_percent else amount_dv).add(value.coordinate)
            self.put(row, "note", None, "input_wrap")
        self.last_row = row

        # A numerator larger than its denominator turns red (a hint; the reader checks it too).
        num, den = self.letter["numerator"], self.letter["denominator"]
        ws.conditional_formatting.add(
            self.column_range("numerator", FIRST_DATA_ROW, row),
            FormulaRule(formula=[f"AND(ISNUMBER({num}{FIRST_DATA_ROW}),ISNUMBER({den}{FIRST_DATA_ROW}),"
                                 f"{num}{FIRST_DATA_ROW}>{den}{FIRST_DATA_ROW})"], fill=_FILL_WARN),
        )

    def write_target_value(self, row: int, target: dict) -> None:
        value = _plain_number(target.get("target_value"))
        upper = target.get("target_value_max")
        sign = "≤" if target.get("direction") == "at_most" else "≥"
        if not is_missing(upper):
            upper_text = _number_text(float(upper))
            number_format = f'General"–{upper_text}"'
            note = f"Chỉ tiêu: từ {_number_text(value)} đến {upper_text} {_text(target.get('unit_of_measure'))}".strip()
        else:
            number_format = f'"{sign} "General'
            note = None
        cell = self.ws.cell(row=row, column=self.col["target_value"], value=value)
        self.style.custom(cell, "label_centre", number_format)
        if note:
            cell.comment = _comment(note + ".")

    # tasks
    def write_tasks(self) -> None:
        ws = self.ws
        statuses = list(layout.TASK_STATUSES.values())
        self.lists.cell(row=1, column=1, value="Tình trạng")
        for i, status in enumerate(statuses, start=2):
            self.lists.cell(row=i, column=1, value=status)
        status_ref = f"{quote_sheetname(layout.LISTS_SHEET)}!$A$2:$A${len(statuses) + 1}"
        status_dv = _validation(
            "list", "Tình trạng không hợp lệ", "Hãy chọn tình trạng trong danh sách: " + "; ".join(statuses) + ".",
            "Tình trạng", "Chọn trong danh sách (bấm vào mũi tên bên phải ô).", formula1="=" + status_ref)
        percent_dv = _validation(
            "decimal", "Tỷ lệ không hợp lệ", "Tỷ lệ hoàn thành là số từ 0 đến 100, ví dụ 85,5 (máy dùng dấu chấm thập phân thì gõ 85.5); "
            "không ghi dấu %.",
            "Tỷ lệ hoàn thành (%)", "Số từ 0 đến 100, ví dụ 85,5.",
            operator="between", formula1="0", formula2="100")
        date_dv = _validation(
            "date", "Ngày không hợp lệ",
            f"Ghi ngày dạng ngày/tháng/năm (dd/mm/yyyy), trong khoảng 01/01/{self.year - 1} đến 31/12/{self.year + 1}.",
            "Ngày hoàn thành", "Dạng dd/mm/yyyy, ví dụ 15/03/" + str(self.year) + ".",
            operator="between", formula1=str(_excel_serial(date(self.year - 1, 1, 1))),
            formula2=str(_excel_serial(date(self.year + 1, 12, 31))))
        for dv in (status_dv, percent_dv, date_dv):
            ws.add_data_validation(dv)

        row = HEADER_ROW
        for number, task in enumerate(self.s.rows, start=1):
            row += 1
            self.put(row, "row_no", number, "label_centre")
            self.put(row, "task_code", task["code"], "label_code")
            self.put(row, "activity", _text(task.get("activity")) or _text(task.get("task")), "label_wrap")
            self.put(row, "deadline", _text(task.get("deadline_text")), "label_wrap")
            self.put(row, "role", TASK_ROLES.get(task.get("role"), _text(task.get("role"))), "label_centre")
            self.put(row, "status", None, "input_wrap")
            self.put(row, "percent_done", None, "input")
            self.put(row, "evidence", None, "input_wrap")
            self.put(row, "completed_on", None, "input_date")
            self.put(row, "note", None, "input_wrap")
        self.last_row = row
        status_dv.add(self.column_range("status", FIRST_DATA_ROW, row))
        percent_dv.add(self.column_range("percent_done", FIRST_DATA_ROW, row))
        date_dv.add(self.column_range("completed_on", FIRST_DATA_ROW, row))

        # Done without evidence: the evidence cell turns red.
        status, evidence = self.letter["status"], self.letter["evidence"]
        done = [layout.TASK_STATUSES[code] for code in layout.DONE_STATUSES]
        is_done = "OR(" + ",".join(f'${status}{FIRST_DATA_ROW}="{text}"' for text in done) + ")"
        ws.conditional_formatting.add(
            self.column_range("evidence", FIRST_DATA_ROW, row),
            FormulaRule(formula=[f"AND({is_done},LEN(TRIM({evidence}{FIRST_DATA_ROW}))=0)"], fill=_FILL_WARN),
        )

    # indices
    def write_indices(self) -> None:
        ws, s = self.ws, self.s
        self.lists.cell(row=1, column=2, value="Mã chỉ số")
        for i, code in enumerate(s.index_codes, start=2):
            self.lists.cell(row=i, column=2, value=code)
        self.lists.cell(row=1, column=3, value="Mã thành phần")
        for i, code in enumerate(s.component_codes, start=2):
            self.lists.cell(row=i, column=3, value=code)
        sheet = quote_sheetname(layout.LISTS_SHEET)
        index_dv = _validation(
            "list", "Mã chỉ số không có", "Hãy chọn mã chỉ số trong danh sách (ví dụ PAR_INDEX_INTERNAL).",
            "Mã chỉ số", "Chọn trong danh sách.", formula1=f"={sheet}!$B$2:$B${len(s.index_codes) + 1}")
        component_dv = _validation(
            "list", "Mã thành phần không có",
            "Hãy chọn mã thành phần trong danh sách; TOTAL là tổng điểm của chỉ số.",
            "Mã thành phần", "TOTAL: tổng điểm; mã khác: điểm của một lĩnh vực.",
            formula1=f"={sheet}!$C$2:$C${len(s.component_codes) + 1}")
        year_dv = _validation(
            "whole", "Năm không hợp lệ", "Năm đánh giá là số có 4 chữ số, ví dụ " + str(self.year) + ".",
            operator="between", formula1="2000", formula2="2100")
        score_dv = _validation(
            "decimal", "Điểm không hợp lệ", "Điểm là số không âm, ví dụ 85,5.",
            operator="greaterThanOrEqual", formula1="0")
        rank_dv = _validation(
            "whole", "Thứ hạng không hợp lệ", "Xếp hạng và tổng số đơn vị là số nguyên từ 1 trở lên, ví dụ 3 và 19.",
            operator="greaterThanOrEqual", formula1="1")
        for dv in (index_dv, component_dv, year_dv, score_dv, rank_dv):
            ws.add_data_validation(dv)

        row = HEADER_ROW
        for number, item in enumerate(s.rows, start=1):
            row += 1
            self.put(row, "row_no", number, "label_centre")
            self.put(row, "index_code", item["index_code"], "input_text")
            self.put(row, "year", item["year"], "input_centre")
            self.put(row, "unit_code", item["unit_code"], "input_text")
            self.put(row, "unit_name", item["unit_name"], "label_wrap")
            self.put(row, "component_code", item["component_code"], "input_text")
            self.put(row, "score", None, "input")
            self.put(row, "max_score", item["max_score"], "input")
            self.put(row, "rank", None, "input")
            self.put(row, "rank_of", None, "input")
            self.put(row, "note", None, "input_wrap")
        for _ in range(INDEX_EXTRA_ROWS):
            row += 1
            self.put(row, "row_no", None, "label_centre")
            for key in ("index_code", "unit_code", "component_code"):
                self.put(row, key, None, "input_text")
            self.put(row, "year", None, "input_centre")
            self.put(row, "unit_name", None, "input_wrap")
            for key in ("score", "max_score", "rank", "rank_of"):
                self.put(row, key, None, "input")
            self.put(row, "note", None, "input_wrap")
        self.last_row = row
        index_dv.add(self.column_range("index_code", FIRST_DATA_ROW, row))
        component_dv.add(self.column_range("component_code", FIRST_DATA_ROW, row))
        year_dv.add(self.column_range("year", FIRST_DATA_ROW, row))
        score_dv.add(self.column_range("score", FIRST_DATA_ROW, row))
        score_dv.add(self.column_range("max_score", FIRST_DATA_ROW, row))
        rank_dv.add(self.column_range("rank", FIRST_DATA_ROW, row))
        rank_dv.add(self.column_range("rank_of", FIRST_DATA_ROW, row))

    # sheet settings
    def finish_report_sheet(self) -> None:
        ws = self.ws
        widths = {index: column.width for index, column in enumerate(self.columns, start=1)}
        for row in range(HEADER_ROW, ws.max_row + 1):
            _fit_row_height(ws, row, widths)
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"
        ws.sheet_view.zoomScale = 90
        ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False,
                                        selectLockedCells=False, selectUnlockedCells=False)
        _print_setup(ws, landscape=True)
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    def finish_lists(self) -> None:
        self.lists.sheet_state = "hidden"
        self.lists.protection = SheetProtection(sheet=True)
        self.lists.column_dimensions["A"].width = 24
        self.lists.column_dimensions["B"].width = 22
        self.lists.column_dimensions["C"].width = 22

    def set_properties(self) -> None:
        s = self.s
        props = self.wb.properties
        props.title = f"{REPORT_TITLES[s.kind]} — {s.unit_name} — {format_period(s.period.code)}"
        props.subject = REPORT_TITLES[s.kind]
        props.creator = CREATOR
        props.lastModifiedBy = CREATOR
        props.keywords = f"CCHC; {s.kind}; {s.unit_code}; {s.period.code}"
        props.description = "Mẫu báo cáo cải cách hành chính tỉnh Hà Tĩnh do ứng dụng tạo ra."
        for name, value in (("cchc_unit_code", s.unit_code), ("cchc_period", s.period.code), ("cchc_kind", s.kind)):
            self.wb.custom_doc_props.append(StringProperty(name=name, value=value))

    # instructions
    def write_instructions(self) -> None:
        ws = self.instructions
        ws.column_dimensions["A"].width = 4
        ws.column_dimensions["B"].width = 110
        ws.sheet_view.showGridLines = False
        row = 0
        for style, text in _instructions(self.s):
            row += 1
            if style == "blank":
                continue
            if style == "item":
                self.style(ws.cell(row=row, column=1, value="•"), "text")
                self.style(ws.cell(row=row, column=2, value=text), "text")
            elif style == "sub":
                self.style(ws.cell(row=row, column=2, value="– " + text), "sub")
            else:
                self.style(ws.cell(row=row, column=2, value=text), style)
            _fit_row_height(ws, row, {2: 110})
        _print_setup(ws, landscape=False)


LINE_HEIGHT = 16.5      # points per wrapped line of 12-point Times New Roman
CHARS_PER_WIDTH = 1.15  # characters of 12-point Times per unit of Excel column width (measured in LibreOffice)


def _fit_row_height(ws: Worksheet, row: int, widths: dict[int, float]) -> None:
    """Set a row's height for its wrapped text: Excel keeps the stored height and LibreOffice does not
    grow rows of an .xlsx on opening, so without this long texts print on top of each other."""
    lines = 1
    for column, width in widths.items():
        value = ws.cell(row=row, column=column).value
        if isinstance(value, str) and value:
            per_line = max(1, int(width * CHARS_PER_WIDTH))
            lines = max(lines, sum(math.ceil(max(1, len(part)) / per_line) for part in value.split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = lines * LINE_HEIGHT + 2


def _comment(text: str) -> Comment:
    comment = Comment(text, CREATOR)
    comment.width = 260
    comment.height = 90
    return comment


def _plain_number(value: object) -> int | float | None:
    """A catalog number as Excel should show it: 100.0 → 100; missing → None."""
    if is_missing(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = copy(_MARGINS)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = _FOOTER


def _instructions(s: _Subject) -> list[tuple[str, str]]:
    """The instructions sheet as (style, text) lines: h1, h2, text, item, sub (an item's detail), blank."""
    headers = {c.key: c.header for c in layout.COLUMNS[s.kind]}
    labels = {f.key: f.label for f in layout.META_FIELDS}
    period_words = format_period(s.period.code)
    lines: list[tuple[str, str]] = [
        ("h1", "HƯỚNG DẪN ĐIỀN " + (REPORT_TITLES[s.kind] + f" năm {s.period.year}").upper()),
        ("text", f"Đơn vị báo cáo: {s.unit_name} (mã {s.unit_code}). Kỳ báo cáo: {period_words} "
                 f"(mã kỳ {s.period.code}). Mã mẫu báo cáo: {s.kind}."),
        ("blank", ""),
        ("h2", "1. Mẫu báo cáo dùng để làm gì"),
    ]
    if s.kind == "targets":
        lines += [
            ("item", "Báo cáo kết quả thực hiện các chỉ tiêu của Kế hoạch cải cách hành chính (CCHC) năm "
                     f"{s.period.year} của tỉnh mà đơn vị phải thực hiện. Mỗi dòng là một chỉ tiêu."),
            ("item", f"Số liệu là số LŨY KẾ từ {format_date(s.period.start)} đến {format_date(s.period.end)} "
                     "(không phải số liệu riêng của quý). Báo cáo quý II là báo cáo 6 tháng, quý IV là báo cáo năm."),
        ]
    elif s.kind == "tasks":
        lines += [
            ("item", "Báo cáo tiến độ các nhiệm vụ của Kế hoạch CCHC năm "
                     f"{s.period.year} mà đơn vị chủ trì hoặc phối hợp thực hiện. Mỗi dòng là một nhiệm vụ."),
            ("item", f"Tình trạng ghi theo thực tế đến hết ngày {format_date(s.period.end)} "
                     f"(lũy kế từ {format_date(s.period.start)})."),
            ("item", f"Cột “{headers['role']}”: Chủ trì — đơn vị chịu trách nhiệm chính; "
                     "Phối hợp — đơn vị phối hợp với cơ quan chủ trì, báo cáo phần việc của mình."),
        ]
    else:
        lines += [
            ("item", f"Sở Nội vụ nhập kết quả các chỉ số (điểm, xếp hạng) của năm {s.period.year}. "
                     "Mỗi dòng là một điểm số: một chỉ số, một năm, một đơn vị được đánh giá, một thành phần."),
            ("item", f"Các dòng đã điền sẵn: tổng điểm (mã thành phần {TOTAL_COMPONENT}) của Chỉ số CCHC nội bộ "
                     f"({INDEX_PREFILLED}) cho từng sở, ban, ngành và UBND cấp huyện. Chỉ cần nhập điểm, "
                     "xếp hạng và tổng số đơn vị được xếp hạng."),
            ("item", f"Điểm các lĩnh vực (thành phần) hoặc chỉ số khác: ghi vào các dòng trống bên dưới "
                     f"(có sẵn {INDEX_EXTRA_ROWS} dòng), mỗi dòng ghi đủ mã chỉ số, năm, mã đơn vị và mã thành phần."),
        ]
    lines += [
        ("blank", ""),
        ("h2", "2. Cách điền"),
        ("item", "Chỉ điền vào các ô nền vàng nhạt. Các ô khác đã được khóa để tránh sửa nhầm."),
        ("item", "Ghi số, không ghi chữ. Số thập phân dùng dấu phẩy như thường lệ (85,5); nếu Excel báo lỗi khi gõ "
                 "85,5 thì máy đang dùng dấu chấm, hãy gõ 85.5. Không ghi dấu % sau số."),
    ]
    if s.kind == "targets":
        lines += [
            ("item", f"Cột “{headers['numerator']}” và “{headers['denominator']}”: ghi số đếm được (ví dụ số hồ sơ). "
                     "Di chuột vào ô để xem ghi chú nói rõ cần đếm gì. Tử số không được lớn hơn mẫu số "
                     "(ô tử số chuyển màu đỏ nếu lớn hơn). Ô có dấu “—” nền xám là chỉ tiêu không cần tử số, mẫu số."),
            ("item", f"Cột “{headers['value']}”: với chỉ tiêu tính bằng %, ghi tỷ lệ phần trăm, ví dụ 85,5 "
                     "(chương trình cũng nhận 0,855 hoặc “85,5%”). Với chỉ tiêu có tử số và mẫu số: "
                     "kết quả = tử số / mẫu số × 100. Với chỉ tiêu đếm số lượng hoặc cắt giảm, "
                     f"ghi số lượng theo cột “{headers['unit_of_measure']}”."),
            ("item", f"Cột “{headers['target_value']}” là mức kế hoạch giao: “≥ 80” nghĩa là tối thiểu 80."),
            ("item", f"Cột “{headers['note']}”: giải trình khi chưa đạt chỉ tiêu, hoặc nguồn số liệu."),
        ]
    elif s.kind == "tasks":
        statuses = layout.TASK_STATUSES
        lines += [
            ("item", f"Cột “{headers['status']}”: chọn trong danh sách thả xuống (bấm vào mũi tên ở bên phải ô):"),
            ("sub", f"{statuses['not_started']}: chưa bắt đầu thực hiện."),
            ("sub", f"{statuses['in_progress']}: đã triển khai nhưng chưa xong."),
            ("sub", f"{statuses['done']}: đã hoàn thành trong thời hạn."),
            ("sub", f"{statuses['done_late']}: đã hoàn thành nhưng sau thời hạn của kế hoạch."),
            ("sub", f"{statuses['not_applicable']}: nhiệm vụ không thuộc phạm vi của đơn vị "
                     f"(ghi rõ lý do ở cột “{headers['note']}”)."),
            ("item", f"Cột “{headers['percent_done']}”: số từ 0 đến 100, ví dụ 85,5 (chương trình cũng nhận 0,855 "
                     "hoặc “85,5%”). Nhiệm vụ đã hoàn thành ghi 100."),
            ("item", f"Cột “{headers['evidence']}”: BẮT BUỘC khi tình trạng là “{statuses['done']}” hoặc "
                     f"“{statuses['done_late']}” (ô chuyển màu đỏ nếu còn trống): ghi số, ký hiệu và ngày văn bản "
                     "hoặc sản phẩm, ví dụ “Kế hoạch số 25/KH-UBND ngày 15/01/" + str(s.period.year) + "”."),
            ("item", f"Cột “{headers['completed_on']}”: ghi ngày dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ "
                     f"15/03/{s.period.year}; chỉ ghi khi nhiệm vụ đã hoàn thành."),
            ("item", f"Cột “{headers['note']}”: khó khăn, vướng mắc, đề xuất hoặc lý do chậm."),
        ]
    else:
        component_lines = [
            f"{c['component_code']}: {c['name_vi']}"
            + (f" (tối đa {_number_text(float(c['max_score']))} điểm)" if not is_missing(c["max_score"]) else "")
            for c in s.components
        ]
        lines += [
            ("item", f"Cột “{headers['score']}”: điểm đạt được, số thập phân dùng dấu phẩy, ví dụ 85,5."),
            ("item", f"Cột “{headers['max_score']}”: thang điểm (đã điền sẵn 100); sửa nếu điểm tối đa của đơn vị "
                     "khác (ví dụ 98 khi có tiêu chí không áp dụng)."),
            ("item", f"Cột “{headers['rank']}” và “{headers['rank_of']}”: số nguyên, ví dụ hạng 3 trên tổng số 19 "
                     "đơn vị cùng khối."),
            ("item", f"Mã thành phần của {INDEX_PREFILLED} (chọn trong danh sách thả xuống):"),
            *[("sub", text) for text in component_lines],
        ]
    lines += [
        ("item", _keep_intact(s.kind, headers, labels)),
        ("item", "Trang tính được khóa không đặt mật khẩu. Chỉ khi thật cần thiết mới bỏ khóa "
                 "(Review/Xem lại → Unprotect Sheet/Bỏ bảo vệ trang tính)."),
        ("blank", ""),
        ("h2", "3. Gửi báo cáo"),
        ("item", "Tải tệp lên trang “Nộp báo cáo” của ứng dụng theo dõi CCHC, hoặc gửi tệp cho Sở Nội vụ."),
        ("item", "Định dạng tệp được nhận: .xlsx, .xlsm, .xls. Nên giữ nguyên tên tệp và tên trang tính "
                 f"“{layout.REPORT_SHEET}”."),
        ("item", "Tệp có lỗi sẽ không được nhận (không nhận một phần); chương trình liệt kê từng lỗi kèm tên trang "
                 "và ô (ví dụ H12). Sửa theo danh sách rồi gửi lại cả tệp."),
    ]
    return lines


def _keep_intact(kind: str, headers: dict[str, str], labels: dict[str, str]) -> str:
    meta = ", ".join(f"“{labels[f.key]}”" for f in layout.META_FIELDS)
    text = f"Không sửa các ô ở đầu trang ({meta}): chương trình dựa vào các ô này để biết báo cáo của đơn vị nào, kỳ nào."
    codes = [headers[k] for k in ("target_code", "task_code") if k in headers]
    if codes:
        text = f"Không sửa cột “{codes[0]}” và không xóa dòng. " + text
    return text


# --- public API ---------------------------------------------------------------------------------

def build_template(conn: db.Connection, kind: str, unit_code: str, period: str,
                   catalog: applicability.Catalog | None = None) -> Workbook:
    """The submission template of ``kind`` for a unit and period, as an openpyxl workbook.

    ``kind`` is one of ``layout.KINDS``. Targets and tasks take a quarter ("2024-Q2", also "Quý II/2024");
    the plan year is the period's year. Indices take a year ("2024") and only Sở Nội vụ (SNV) reports them.
    Raises :class:`TemplateError` (message in Vietnamese) for an unknown kind or unit, a bad period,
    a unit that does not exist at the end of the period, or a unit with nothing to report
    (:class:`NothingToReportError`). Pass a ``catalog`` snapshot when building many templates.
    """
    return _Builder(_resolve(conn, kind, unit_code, period, catalog)).build()


def listed_rows(conn: db.Connection, kind: str, unit_code: str, period: str,
                catalog: applicability.Catalog | None = None) -> list[dict]:
    """The rows the template lists (targets, tasks, or the units whose index results it asks for), in order."""
    return _resolve(conn, kind, unit_code, period, catalog).rows


def template_filename(kind: str, unit_code: str, period: str) -> str:
    """The file name of a template: ``targets_2024-Q2_SNV.xlsx``."""
    parsed = parse_period(period)
    code = parsed.code if parsed else str(period)
    return f"{kind}_{code}_{unit_code}.xlsx"


def template_name(conn: db.Connection, user: auth.User, kind: str, unit_code: str, period: str,
                  catalog: applicability.Catalog | None = None) -> str:
    """The file name of the template a signed-in user may download, without building it (the upload page
    builds it only when the button is clicked); raises :class:`TemplateError` like :func:`build_template`."""
    auth.require(user, "submit", unit_code)
    _resolve(conn, kind, unit_code, period, catalog)
    return template_filename(kind, unit_code, period)


def template_for(conn: db.Connection, user: auth.User, kind: str, unit_code: str, period: str) -> tuple[str, bytes]:
    """The template a signed-in user downloads: its file name and bytes.

    Only someone who may submit for ``unit_code`` gets it (:func:`cchc.auth.require`).
    """
    auth.require(user, "submit", unit_code)
    buffer = io.BytesIO()
    build_template(conn, kind, unit_code, period).save(buffer)
    return template_filename(kind, unit_code, period), buffer.getvalue()


def write_template(conn: db.Connection, kind: str, unit_code: str, period: str, path: Path | str) -> Path:
    """Build the template (see :func:`build_template`) and save it at ``path``; returns the path.

    A ``path`` that is a folder (an existing one, or a path without a file extension) receives the file
    under :func:`template_filename`.
    """
    workbook = build_template(conn, kind, unit_code, period)
    target = Path(path)
    if target.is_dir() or not target.suffix:
        target = target / template_filename(kind, str(unit_code).strip().upper(), period)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def _subjects(conn: db.Connection, kind: str, period: str, catalog: applicability.Catalog) -> list[_Subject]:
    """What each template of the period is about: one per unit that exists on the period's last day and has
    something to report (units without a row, e.g. central agencies for targets, are skipped)."""
    _check_kind(kind)
    parsed = _check_period(kind, period)
    if kind == "indices":
        codes = [INDEX_REPORTING_UNIT]
    else:
        codes = [str(code) for code in catalog.reporting_units(parsed.end)["code"]]
    subjects = []
    for code in codes:
        try:
            subjects.append(_resolve(conn, kind, code, parsed.code, catalog))
        except NothingToReportError:
            continue
    return subjects


def template_units(conn: db.Connection, kind: str, period: str) -> list[str]:
    """Codes of the units :func:`write_all_templates` makes a template for, in its order: for a 2026 quarter the
    69 communes and wards of 1/7/2025 and the departments of 2026, never a district or a 2023 commune."""
    return [s.unit_code for s in _subjects(conn, kind, period, applicability.Catalog(conn))]


def write_all_templates(conn: db.Connection, kind: str, period: str, folder: Path | str) -> list[Path]:
    """Save the template of every unit of :func:`template_units` in ``folder``; for indices only Sở Nội vụ
    gets a file. Returns the paths written, in the order of the units.
    """
    subjects = _subjects(conn, kind, period, applicability.Catalog(conn))
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for subject in subjects:
        path = out / template_filename(kind, subject.unit_code, subject.period.code)
        _Builder(subject).build().save(path)
        written.append(path)
    return written
