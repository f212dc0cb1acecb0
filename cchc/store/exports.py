"""Write a table to CSV (UTF-8, header row) or to an Excel workbook.

CSV keeps ISO dates and plain decimals so other programs can read it back; the workbook shows
dates as dd/mm/yyyy and numbers with Vietnamese separators through cell formats, while the cell
values stay real dates and numbers.

Formula injection. Which columns are user text: every column of text. The export tables of
``etl export`` carry text people typed (target-values.note; task-progress.evidence and note;
submissions.filename and uploaded_by; index-scores.note, source_url and other_name) and text from the
catalogs (names of units, areas, targets and tasks, which an edited catalog could fill with anything too);
the pages' tables show the same texts. Their other columns (codes, periods, kinds, states, flags, the
upload time) are text that never begins with a formula sign, and are left as they are by the rule below.
Numbers, dates and booleans are never text, so they are never touched: −2 stays the number −2. A page's table
holds its numbers and dates as :class:`cchc.formatting.Shown`: the workbook keeps the value, in the number format
that reads as the page does ("79,7%" is 0.797 shown as 0.0%).

A sample's workbook says so in its first row (:func:`cchc.look.sample_label`), above the header.

- CSV: a text cell beginning with =, +, -, @, tab or carriage return gets a leading apostrophe
  (:func:`cchc.text.spreadsheet_safe`, OWASP's advice), so a spreadsheet opening the file shows text.
- Excel: every text value is written as a text cell, never a formula (openpyxl would make "=…" one), and
  one beginning with a formula sign also carries Excel's quote prefix (the apostrophe Excel shows for
  text typed as '=…), so it stays text when someone edits the cell. The value itself is kept as typed.
  Excel cannot hold control characters or more than 32,767 characters in a cell: those are replaced
  by U+FFFD (�) and cut with "…" (:func:`excel_text`).
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import BinaryIO, TextIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc import look
from cchc.formatting import DATE_FORMAT, Shown
from cchc.missing import is_missing
from cchc.text import spreadsheet_safe, starts_formula

EXCEL_MAX_TEXT = 32_767        # characters in one cell


def write_csv(frame: pd.DataFrame, out: TextIO) -> None:
    """CSV with a header row; missing values as empty cells; text guarded against formula injection."""
    guarded = frame.copy(deep=False)
    for column in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_datetime64_any_dtype(frame[column])):
            guarded[column] = frame[column].map(spreadsheet_safe)
    guarded.to_csv(out, index=False, lineterminator="\n", date_format="%Y-%m-%d")


def excel_text(text: str) -> str:
    """Text as an Excel cell or comment can hold it: control characters replaced, at most 32,767 characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    return text if len(text) <= EXCEL_MAX_TEXT else text[:EXCEL_MAX_TEXT - 1] + "…"


def _cell_value(value: object) -> object:
    """A value as openpyxl writes it: every kind of missing value (None, NaN, NaT, pandas' NA of a nullable
    integer or boolean column) as an empty cell."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, str):
        return excel_text(value)
    return value


def append_row(sheet: Worksheet, values: Iterable[object]) -> None:
    """Append one row of values: missing values as empty cells, text always as text (see the module)."""
    row: list[object] = []
    for value in values:
        if isinstance(value, Shown):
            cell = Cell(sheet, value=_cell_value(value.value))
            cell.number_format = value.excel_format
            row.append(cell)
            continue
        value = _cell_value(value)
        # openpyxl takes "=…" for a formula and "#N/A" for an error; other text it keeps as text by itself
        if isinstance(value, str) and (starts_formula(value) or value.startswith("#")):
            value = Cell(sheet, value=value)
            value.data_type = "s"
            value.quotePrefix = starts_formula(value.value)
        row.append(value)
    sheet.append(row)


def write_xlsx(frame: pd.DataFrame, out: BinaryIO, sheet_title: str = "Dữ liệu", label: str | None = None) -> None:
    """A workbook with one sheet: bold frozen header, filters, readable column widths; a sample's ``label`` in a
    row of its own above the header."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    if label:
        append_row(sheet, [label])
        sheet["A1"].font = Font(bold=True, color="FFFFFF")
        sheet["A1"].fill = PatternFill("solid", fgColor=look.SAMPLE_COLOUR[1:])
    header_row = sheet.max_row + 1 if label else 1
    append_row(sheet, [str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        append_row(sheet, row)
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        values = frame[column]
        if values.map(lambda v: isinstance(v, (date, datetime, pd.Timestamp))).any():
            for cell in sheet[letter][header_row:]:
                cell.number_format = DATE_FORMAT
        longest = max([len(str(column))] + [len(str(v)) for v in values.head(200) if v is not None])
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(max(1, len(frame.columns)))}{sheet.max_row}"
    book.save(out)


def xlsx_bytes(frame: pd.DataFrame, sheet_title: str = "Dữ liệu", label: str | None = None) -> bytes:
    """The workbook of :func:`write_xlsx` as bytes, for a download button."""
    buffer = io.BytesIO()
    write_xlsx(frame, buffer, sheet_title, label)
    return buffer.getvalue()
