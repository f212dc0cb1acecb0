"""Build report workbooks in code, shaped the way units really send them."""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

import xlwt
from openpyxl import Workbook
from openpyxl.styles import Font

from etl.reports import layout

META = (("Mã đơn vị", "unit"), ("Tên đơn vị", "name"), ("Kỳ báo cáo", "period"), ("Mã mẫu báo cáo", "kind"))


def headers(kind: str) -> list[str]:
    return [c.header for c in layout.COLUMNS[kind]]


def report_rows(kind: str, unit: str, period: str, rows: Sequence[dict], *, name: str = "", title_rows: int = 0,
                header_texts: Sequence[str] | None = None, column_order: Sequence[int] | None = None,
                meta: dict | None = None) -> list[list[object]]:
    """The grid of a report: title rows, labelled identity cells, header, one row per dict (keys = column keys)."""
    grid: list[list[object]] = [[f"TIÊU ĐỀ {n + 1}"] for n in range(title_rows)]
    values = {"unit": unit, "name": name, "period": period, "kind": kind} | (meta or {})
    for label, key in META:
        if values.get(key) is not None:
            grid.append([None, label, values[key]])
    grid.append([])
    keys = [c.key for c in layout.COLUMNS[kind]]
    texts = list(header_texts or headers(kind))
    order = list(column_order or range(len(keys)))
    grid.append([texts[i] for i in order])
    for number, row in enumerate(rows, 1):
        full = {"row_no": number} | row
        grid.append([full.get(keys[i]) for i in order])
    return grid


def xlsx_bytes(grid: list[list[object]], *, sheet: str = layout.REPORT_SHEET, extra_sheets: Sequence[str] = (),
               fonts: dict[tuple[int, int], str] | None = None, merged: Sequence[str] = ()) -> bytes:
    """An .xlsx file holding ``grid`` (rows from 1), optional fonts by (row, col) 1-based, merged ranges."""
    book = Workbook()
    for title in extra_sheets:
        book.create_sheet(title).append(["Sheet khác", 1, 2])
    ws = book.active
    ws.title = sheet
    for r, row in enumerate(grid, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                ws.cell(r, c, value)
    for (r, c), font in (fonts or {}).items():
        ws.cell(r, c).font = Font(name=font)
    for ref in merged:
        ws.merge_cells(ref)
    if extra_sheets:
        book.move_sheet(ws, offset=-len(extra_sheets))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_bytes(grid: list[list[object]], *, fonts: dict[tuple[int, int], str] | None = None) -> bytes:
    """A legacy .xls (BIFF8) file holding ``grid``."""
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(layout.REPORT_SHEET)
    styles = {}
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value is None:
                continue
            font = (fonts or {}).get((r + 1, c + 1))
            if font:
                if font not in styles:
                    styles[font] = xlwt.easyxf(f"font: name {font}")
                ws.write(r, c, value, styles[font])
            else:
                ws.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_cached_formula(data: bytes, ref: str, formula: str, cached: str | None) -> bytes:
    """Put a formula in cell ``ref`` of the first sheet, with a cached value (as Excel saves) or without."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                cell = f'<c r="{ref}"><f>{formula}</f>' + (f"<v>{cached}</v>" if cached is not None else "") + "</c>"
                text = content.decode()
                existing = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', text, re.S)
                if existing:
                    text = text.replace(existing.group(0), cell)
                else:
                    row = int(re.sub(r"[A-Z]", "", ref))
                    text = re.sub(rf'(<row r="{row}"[^>]*>)', r"\1" + cell, text, count=1)
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def as_xlsm(data: bytes) -> bytes:
    """The same workbook with a (dummy) VBA project, as a macro-enabled file carries."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run, never read")
    return out.getvalue()


def fill_targets_template(data: bytes, numerator_too_big: bool = False) -> tuple[bytes, str | None]:
    """A downloaded targets template filled in as a clerk would: every ratio 45/50, every other value 90.

    With ``numerator_too_big`` the first ratio gets 60/50, an error; returns the file and that cell.
    """
    from openpyxl import load_workbook

    from etl.reports.templates import FIRST_DATA_ROW, HEADER_ROW, NOT_APPLICABLE_MARK

    book = load_workbook(io.BytesIO(data))
    sheet = book[layout.REPORT_SHEET]
    by_header = {c.header: c.key for c in layout.COLUMNS["targets"]}
    columns = {by_header[c.value]: c.column for c in sheet[HEADER_ROW] if c.value in by_header}
    bad_cell = None
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if not sheet.cell(row, columns["target_code"]).value:
            continue
        numerator = sheet.cell(row, columns["numerator"])
        if numerator.value != NOT_APPLICABLE_MARK:
            numerator.value, sheet.cell(row, columns["denominator"]).value = 45, 50
            if numerator_too_big and bad_cell is None:
                numerator.value, bad_cell = 60, numerator.coordinate
        else:
            sheet.cell(row, columns["value"]).value = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), bad_cell
