"""A copy of a submitted workbook with every problem cell highlighted and commented, for the sender.

The clerk gets back their own file (not a new template): the cells named in the problem list are
filled (red for errors, amber for warnings) and carry the Vietnamese message as a comment; problems
that belong to no cell are listed on a first sheet "Lỗi cần sửa". A legacy .xls file comes back as
.xlsx with the same values, since its format cannot carry the marks. Macros are never kept.

Everything the copy adds from the file (the values on the first sheet, an .xls file's cells) is written as
text cells that never become formulas, and the comments as plain text (:func:`cchc.store.exports.append_row`).
"""
from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from cchc.store.exports import append_row, excel_text
from etl.reading.files import check_file
from etl.reading.workbook import load_sheets
from etl.reports.validation import ERROR, Problem

SUMMARY_SHEET = "Lỗi cần sửa"
_FILLS = {ERROR: PatternFill("solid", fgColor="F4B6B6"), "warning": PatternFill("solid", fgColor="FFE08A")}
_AUTHOR = "Hệ thống CCHC Hà Tĩnh"


def _open(data: bytes) -> Workbook:
    kind = check_file(data)
    if kind.format == "xls":
        book = Workbook()
        book.remove(book.active)
        for sheet in load_sheets(data, "xls"):
            target = book.create_sheet(sheet.name[:31])
            for row in sheet.rows:
                append_row(target, [None if value == "" else value for value in row])
        return book
    return load_workbook(io.BytesIO(data), keep_vba=False)


def annotated_copy(data: bytes, problems: Iterable[Problem]) -> bytes:
    """The submitted workbook with its problems marked; an .xlsx file as bytes."""
    book = _open(data)
    summary = book.create_sheet(SUMMARY_SHEET, 0)
    append_row(summary, ["Mức độ", "Trang tính", "Ô", "Giá trị", "Nội dung"])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for width, letter in zip((10, 16, 8, 20, 90), "ABCDE"):
        summary.column_dimensions[letter].width = width
    by_cell: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        append_row(summary, ["Lỗi" if problem.severity == ERROR else "Cảnh báo", problem.sheet, problem.cell,
                             problem.value, problem.message])
        if problem.sheet is not None and problem.sheet in book.sheetnames and problem.cell:
            by_cell.setdefault((problem.sheet, problem.cell), []).append(problem)
    for (sheet_name, ref), found in by_cell.items():
        cell = book[sheet_name][ref]
        worst = ERROR if any(p.severity == ERROR for p in found) else "warning"
        cell.fill = _FILLS[worst]
        comment = Comment(excel_text("\n".join(p.message for p in found)), _AUTHOR)
        comment.width, comment.height = 320, 60 + 30 * len(found)
        cell.comment = comment
    book.active = 0
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = sheet.title == SUMMARY_SHEET
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
