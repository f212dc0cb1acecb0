"""Write a table to CSV (UTF-8, header row) or to an Excel workbook.

CSV keeps ISO dates and plain decimals so other programs can read it back; the workbook shows
dates as dd/mm/yyyy and numbers with Vietnamese separators through cell formats, while the cell
values stay real dates and numbers.
"""
from __future__ import annotations

import io
from datetime import date, datetime
from typing import BinaryIO, TextIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

DATE_FORMAT = "dd/mm/yyyy"


def write_csv(frame: pd.DataFrame, out: TextIO) -> None:
    """CSV with a header row; missing values as empty cells."""
    frame.to_csv(out, index=False, lineterminator="\n", date_format="%Y-%m-%d")


def _cell_value(value: object) -> object:
    """A value as openpyxl writes it: every kind of missing value (None, NaN, NaT, pandas' NA of a nullable
    integer or boolean column) as an empty cell."""
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def write_xlsx(frame: pd.DataFrame, out: BinaryIO, sheet_title: str = "Dữ liệu") -> None:
    """A workbook with one sheet: bold frozen header, filters, readable column widths."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([_cell_value(v) for v in row])
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        values = frame[column]
        if values.map(lambda v: isinstance(v, (date, datetime, pd.Timestamp))).any():
            for cell in sheet[letter][1:]:
                cell.number_format = DATE_FORMAT
        longest = max([len(str(column))] + [len(str(v)) for v in values.head(200) if v is not None])
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(out)


def xlsx_bytes(frame: pd.DataFrame, sheet_title: str = "Dữ liệu") -> bytes:
    """The workbook of :func:`write_xlsx` as bytes, for a download button."""
    buffer = io.BytesIO()
    write_xlsx(frame, buffer, sheet_title)
    return buffer.getvalue()
