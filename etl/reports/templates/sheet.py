"""What every template has, whatever its kind: the request checked (:class:`Subject`), and the workbook built
around the kind's rows (:class:`ReportSheet`).

The sheet ``layout.REPORT_SHEET`` carries a title, the period in words, the report's identity in labelled cells
(``layout.META_FIELDS``: unit code, unit name, period as people write it, "Quý II/2024", and kind), the sample mark
of a sample plan year in the row above the header (``SAMPLE_ROW``, blank otherwise), one header row with the headers of
``layout.COLUMNS[kind]`` and one row per target, task or index score, written by the kind's class
(:mod:`~etl.reports.templates.targets`, :mod:`~etl.reports.templates.tasks`,
:mod:`~etl.reports.templates.indices`). Input cells are unlocked and checked by data validation; everything else
is locked by a sheet protection without a password. The sheet ``layout.INSTRUCTIONS_SHEET`` tells the clerk, in
Vietnamese, how to fill and send the report: its frame is here, what differs by kind comes from the kind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from cchc import applicability, look
from cchc.formatting import format_date, format_period
from cchc.missing import is_missing
from cchc.periods import Period, parse_period
from cchc.store import db
from cchc.store.units import absence_reason
from cchc.vocabulary import REPORT_TITLES
from etl.reports import layout
from etl.reports.templates.style import CREATOR, Styler, fit_row_height, print_setup

# Row numbers on the report sheet: title, subtitle, the labelled meta cells, a row blank but for the sample mark,
# the header.
TITLE_ROW = 1
SUBTITLE_ROW = 2
META_FIRST_ROW = 3
SAMPLE_ROW = META_FIRST_ROW + len(layout.META_FIELDS)
HEADER_ROW = SAMPLE_ROW + 1
FIRST_DATA_ROW = HEADER_ROW + 1
META_LABEL_COLUMN = 2                 # B
META_VALUE_COLUMN = 3                 # C

NOT_APPLICABLE_MARK = "—"
_SPACES = re.compile(r"\s+")

Line = tuple[str, str]      # a line of the instructions: (h1 | h2 | text | item | sub | blank, text)


class TemplateError(ValueError):
    """A template cannot be made; ``message_vi`` says why, in Vietnamese, for the operator."""

    def __init__(self, message_vi: str) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi


class NothingToReportError(TemplateError):
    """The unit exists but has no target, task or index row to report for that kind and period."""


@dataclass
class Subject:
    """What one template is about: its kind, unit and period, and the rows it lists."""

    kind: str
    unit: dict
    period: Period
    rows: list[dict]
    components: list[dict]        # indices only: components of the pre-filled index
    index_codes: list[str]        # indices only
    component_codes: list[str]    # indices only
    sample_plan: bool = False     # the plan of its year is a sample (plans.is_sample): the workbook says so

    @property
    def unit_code(self) -> str:
        return str(self.unit["code"])

    @property
    def unit_name(self) -> str:
        return str(self.unit["name"])


def catalog_text(value: object) -> str:
    """A catalog text with its whitespace collapsed; "" for a missing value."""
    if is_missing(value):
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def plain_number(value: object) -> int | float | None:
    """A catalog number as Excel should show it: 100.0 → 100; missing → None."""
    if is_missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def number_text(value: float | None) -> str:
    """A number as a clerk reads it in a note: 100 → "100", 2.5 → "2,5"."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


class ReportSheet:
    """Writes one workbook for a resolved subject. A kind of report subclasses it: it says how its subject is
    found (:meth:`resolve`), writes its rows (:meth:`write_rows`) and the parts of the instructions that are its
    own (:meth:`purpose`, :meth:`how_to_fill`)."""

    kind: ClassVar[str]
    yearly: ClassVar[bool] = False       # reported by year ("2024"), not by quarter ("2024-Q2")

    def __init__(self, subject: Subject) -> None:
        self.s = subject
        self.style = Styler()
        self.columns = layout.COLUMNS[subject.kind]
        self.col = {c.key: i + 1 for i, c in enumerate(self.columns)}
        self.letter = {c.key: get_column_letter(i + 1) for i, c in enumerate(self.columns)}
        self.wb = Workbook()
        self.ws: Worksheet = self.wb.active
        self.ws.title = layout.REPORT_SHEET
        self.lists: Worksheet = self.wb.create_sheet(layout.LISTS_SHEET)
        self.instructions: Worksheet = self.wb.create_sheet(layout.INSTRUCTIONS_SHEET, 1)
        self.last_row = HEADER_ROW

    # --- what the kind says ---------------------------------------------------------------------------

    @classmethod
    def check_period(cls, period: str) -> Period:
        """The period of a template of this kind; raises :class:`TemplateError` for another form."""
        parsed = parse_period(period)
        if cls.yearly:
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

    @classmethod
    def resolve(cls, conn: db.Connection, unit: dict, period: Period, catalog: applicability.Catalog) -> Subject:
        """The subject of the unit's template for the period: the plan rows the unit reports on (the kind's
        :meth:`plan_rows`). Raises :class:`TemplateError` for a unit absent from the period or a year without a
        plan, :class:`NothingToReportError` for a unit with no row."""
        code, name = unit["code"], unit["name"]
        absent = absence_reason(conn, unit, period.end)
        if absent:
            # the units of a period are those existing on its last day (a 2026 report is Phường Thành Sen's)
            raise TemplateError(f"{name} ({code}) không có trong kỳ báo cáo {format_period(period.code)}: {absent}.")
        if period.year not in catalog.plan_years:
            raise TemplateError(f"Chưa có kế hoạch CCHC năm {period.year} trong cơ sở dữ liệu, chưa thể tạo mẫu báo cáo.")
        frame = cls.plan_rows(catalog, code, period.year)
        if frame.empty:
            raise NothingToReportError(
                f"{name} ({code}) không có {cls.nothing_to_report} phải báo cáo trong kế hoạch CCHC năm {period.year}."
            )
        return Subject(cls.kind, unit, period, frame.to_dict("records"), [], [], [],
                       period.year in catalog.sample_plan_years)

    nothing_to_report: ClassVar[str] = ""     # "chỉ tiêu nào": what a unit without rows has none of

    @classmethod
    def plan_rows(cls, catalog: applicability.Catalog, code: str, year: int) -> pd.DataFrame:
        """The rows of the plan the unit reports on (targets, tasks)."""
        raise NotImplementedError

    def write_rows(self) -> None:
        """The rows of the report sheet under the header, their validation and highlighting."""
        raise NotImplementedError

    def purpose(self) -> list[Line]:
        """Section 1 of the instructions: what the report is for."""
        raise NotImplementedError

    def how_to_fill(self, headers: dict[str, str]) -> list[Line]:
        """The kind's items of section 2 (how to fill), column by column."""
        raise NotImplementedError

    # --- helpers --------------------------------------------------------------------------------------

    def put(self, row: int, key: str, value: object, style: str) -> Cell:
        cell = self.ws.cell(row=row, column=self.col[key], value=value)
        return self.style(cell, style)

    def column_range(self, key: str, first: int, last: int) -> str:
        letter = self.letter[key]
        return f"{letter}{first}:{letter}{last}"

    @property
    def year(self) -> int:
        return self.s.period.year

    # --- the workbook ---------------------------------------------------------------------------------

    def build(self) -> Workbook:
        self.write_heading()
        self.write_header()
        self.write_rows()
        self.finish_report_sheet()
        self.write_instructions()
        self.finish_lists()
        self.set_properties()
        self.wb.active = 0
        return self.wb

    def write_heading(self) -> None:
        ws, s = self.ws, self.s
        last_letter = get_column_letter(len(self.columns))
        title = look.sample_title((REPORT_TITLES[s.kind] + f" năm {self.year}").upper(), plan=s.sample_plan, data=False)
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
        values = {"unit_code": s.unit_code, "unit_name": s.unit_name, "period": format_period(s.period.code),
                  "kind": s.kind}
        for offset, field in enumerate(layout.META_FIELDS):
            row = META_FIRST_ROW + offset
            self.style(ws.cell(row=row, column=META_LABEL_COLUMN, value=field.label), "meta_label")
            self.style(ws.cell(row=row, column=META_VALUE_COLUMN, value=values[field.key]), "meta_value")
        label = look.sample_label(plan=s.sample_plan, data=False)
        if label:       # no label, no colon: the reader takes it for no identity field (etl.reports.table)
            self.style(ws.cell(row=SAMPLE_ROW, column=1, value=label), "sample")
            ws.merge_cells(f"A{SAMPLE_ROW}:{last_letter}{SAMPLE_ROW}")
            ws.row_dimensions[SAMPLE_ROW].height = 20

    def write_header(self) -> None:
        for index, column in enumerate(self.columns, start=1):
            self.style(self.ws.cell(row=HEADER_ROW, column=index, value=column.header), "header")
            self.ws.column_dimensions[get_column_letter(index)].width = column.width

    def finish_report_sheet(self) -> None:
        ws = self.ws
        widths = {index: column.width for index, column in enumerate(self.columns, start=1)}
        for row in range(HEADER_ROW, ws.max_row + 1):
            fit_row_height(ws, row, widths)
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"
        ws.sheet_view.zoomScale = 90
        ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False,
                                        selectLockedCells=False, selectUnlockedCells=False)
        print_setup(ws, landscape=True)
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
        props.title = look.sample_title(f"{REPORT_TITLES[s.kind]} — {s.unit_name} — {format_period(s.period.code)}",
                                        plan=s.sample_plan, data=False)
        props.subject = REPORT_TITLES[s.kind]
        props.creator = CREATOR
        props.lastModifiedBy = CREATOR
        props.keywords = f"CCHC; {s.kind}; {s.unit_code}; {s.period.code}"
        props.description = "Mẫu báo cáo cải cách hành chính tỉnh Hà Tĩnh do ứng dụng tạo ra."
        for name, value in (("cchc_unit_code", s.unit_code), ("cchc_period", s.period.code), ("cchc_kind", s.kind)):
            self.wb.custom_doc_props.append(StringProperty(name=name, value=value))

    # --- the instructions -----------------------------------------------------------------------------

    def write_instructions(self) -> None:
        ws = self.instructions
        ws.column_dimensions["A"].width = 4
        ws.column_dimensions["B"].width = 110
        ws.sheet_view.showGridLines = False
        row = 0
        for style, text in self.instruction_lines():
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
            fit_row_height(ws, row, {2: 110})
        print_setup(ws, landscape=False)

    def instruction_lines(self) -> list[Line]:
        """The instructions sheet as (style, text) lines: h1, h2, text, item, sub (an item's detail), blank."""
        s = self.s
        headers = {c.key: c.header for c in layout.COLUMNS[s.kind]}
        labels = {f.key: f.label for f in layout.META_FIELDS}
        lines: list[Line] = [
            ("h1", "HƯỚNG DẪN ĐIỀN " + (REPORT_TITLES[s.kind] + f" năm {s.period.year}").upper()),
            ("text", f"Đơn vị báo cáo: {s.unit_name} (mã {s.unit_code}). Kỳ báo cáo: {format_period(s.period.code)} "
                     f"(mã kỳ {s.period.code}). Mã mẫu báo cáo: {s.kind}."),
            ("blank", ""),
            ("h2", "1. Mẫu báo cáo dùng để làm gì"),
            *self.purpose(),
            ("blank", ""),
            ("h2", "2. Cách điền"),
            ("item", "Chỉ điền vào các ô nền vàng nhạt. Các ô khác đã được khóa để tránh sửa nhầm."),
            ("item", "Ghi số, không ghi chữ. Số thập phân dùng dấu phẩy như thường lệ (85,5); nếu Excel báo lỗi khi "
                     "gõ 85,5 thì máy đang dùng dấu chấm, hãy gõ 85.5. Không ghi dấu % sau số."),
            *self.how_to_fill(headers),
            ("item", _keep_intact(headers, labels)),
            ("item", "Trang tính được khóa không đặt mật khẩu. Chỉ khi thật cần thiết mới bỏ khóa "
                     "(Review/Xem lại → Unprotect Sheet/Bỏ bảo vệ trang tính)."),
            ("blank", ""),
            ("h2", "3. Gửi báo cáo"),
            ("item", "Tải tệp lên trang “Nộp báo cáo” của ứng dụng theo dõi CCHC, hoặc gửi tệp cho Sở Nội vụ."),
            ("item", "Định dạng tệp được nhận: .xlsx, .xlsm, .xls. Nên giữ nguyên tên tệp và tên trang tính "
                     f"“{layout.REPORT_SHEET}”."),
            ("item", "Tệp có lỗi sẽ không được nhận (không nhận một phần); chương trình liệt kê từng lỗi kèm tên "
                     "trang và ô (ví dụ H12). Sửa theo danh sách rồi gửi lại cả tệp."),
        ]
        return lines


def _keep_intact(headers: dict[str, str], labels: dict[str, str]) -> str:
    meta = ", ".join(f"“{labels[f.key]}”" for f in layout.META_FIELDS)
    text = f"Không sửa các ô ở đầu trang ({meta}): chương trình dựa vào các ô này để biết báo cáo của đơn vị nào, kỳ nào."
    codes = [headers[k] for k in ("target_code", "task_code") if k in headers]
    if codes:
        text = f"Không sửa cột “{codes[0]}” và không xóa dòng. " + text
    return text
