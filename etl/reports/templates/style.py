"""The look of a template, shared by every kind: Times New Roman, a light-blue header, pale-yellow input cells,
grey cells that need nothing, locked labels, a sample plan's mark in white on the sample colour of :mod:`cchc.look`; the cell styles applied fast (:class:`Styler`); data validation,
comments, row heights for wrapped text and the A4 print set-up.

Speed matters (a template for each of ~260 units is built in one go): cell styles are applied through a
per-workbook cache of style arrays instead of assigning font/fill/border objects cell by cell, and the shared
style objects are created once at import.
"""
from __future__ import annotations

import math
from copy import copy
from datetime import date
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from cchc.look import SAMPLE_COLOUR

CREATOR = "CCHC Hà Tĩnh"

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
_FONT_SAMPLE = Font(name="Times New Roman", size=12, bold=True, color="FFFFFF")

_FILL_HEADER = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
_FILL_INPUT = PatternFill(fill_type="solid", start_color="FFFBE6", end_color="FFFBE6")
_FILL_NA = PatternFill(fill_type="solid", start_color="D9D9D9", end_color="D9D9D9")
_FILL_NONE = PatternFill(fill_type=None)
FILL_WARN = PatternFill(fill_type="solid", start_color="F8CBAD", end_color="F8CBAD")
_FILL_SAMPLE = PatternFill(fill_type="solid", start_color=SAMPLE_COLOUR[1:], end_color=SAMPLE_COLOUR[1:])

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
    "sample": (_FONT_SAMPLE, _FILL_SAMPLE, _NO_BORDER, _ALIGN_TITLE, _LOCKED, "General"),
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


class Styler:
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


def validation(kind: str, error_title: str, error: str, prompt_title: str | None = None,
                prompt: str | None = None, **kwargs: Any) -> DataValidation:
    dv = DataValidation(type=kind, allow_blank=True, showErrorMessage=True, errorStyle="stop",
                        errorTitle=error_title, error=error, **kwargs)
    if prompt:
        dv.showInputMessage = True
        dv.promptTitle = prompt_title
        dv.prompt = prompt
    return dv


def excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


LINE_HEIGHT = 16.5      # points per wrapped line of 12-point Times New Roman
CHARS_PER_WIDTH = 1.15  # characters of 12-point Times per unit of Excel column width (measured in LibreOffice)


def fit_row_height(ws: Worksheet, row: int, widths: dict[int, float]) -> None:
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


def comment(text: str) -> Comment:
    """A cell's note (shown when the pointer is over the cell, or when the cell is selected)."""
    note = Comment(text, CREATOR)
    note.width = 260
    note.height = 90
    return note


def print_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = copy(_MARGINS)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = _FOOTER
