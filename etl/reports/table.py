"""Find the report in a workbook by its words, not its positions.

The labelled identity cells ("Mã đơn vị", "Kỳ báo cáo", "Mã mẫu báo cáo") and the header row are
recognised by folded text (no diacritics, any case, spacing or trailing colon), so title rows added
above, columns moved or headers retyped still read. Data rows run from the header to the end of the
sheet; blank rows, column-number rows "(1) (2) (3)" and note or signature rows are skipped.
Only visible sheets are read: the clerk and whoever checks the file see what is loaded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from etl.reading.refs import cell_ref
from etl.reading.values import clean_text, header_key, invisible_characters, is_blank
from etl.reading.workbook import Sheet
from etl.reports import layout

HEADER_SEARCH_ROWS = 40
MAX_LABEL_CHARS = 200      # a header or a label is never longer; longer text is not compared (nor cached)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_CODE_LIKE = re.compile(r"^[A-Za-z][\w.\-]*\d[\w.\-]*$")
TEXT_KEYS = {"target_code", "task_code", "text", "activity", "unit_of_measure", "deadline", "role", "status",
             "evidence", "note", "index_code", "unit_code", "unit_name", "component_code"}


@dataclass(frozen=True)
class Cell:
    """A value read from the sheet and where it was: sheet name and A1 reference."""

    value: object
    ref: str
    formula_without_value: bool = False
    hidden: str = ""                          # invisible characters left out of the text ("U+202E")
    linked: tuple[str, str] | None = None     # a formula linked outside the file: (its kind, its text)


@dataclass
class ReportTable:
    """The report found in a workbook."""

    sheet: str
    kind: str
    header_row: int                       # zero-based
    columns: dict[str, int]               # column key → zero-based column
    meta: dict[str, Cell] = field(default_factory=dict)
    rows: list[dict[str, Cell]] = field(default_factory=list)


class TableNotFound(Exception):
    """No report table in the workbook; the message says what was looked for."""


def _aliases() -> dict[str, list[tuple[str, str]]]:
    """kind → [(alias key, column key)], longest aliases first."""
    table = {}
    for kind, columns in layout.COLUMNS.items():
        pairs = [(header_key(a), c.key) for c in columns for a in (c.header, *c.aliases)]
        table[kind] = sorted(pairs, key=lambda p: -len(p[0]))
    return table


_COLUMN_ALIASES = _aliases()
_META_ALIASES = sorted(
    ((header_key(a), f.key) for f in layout.META_FIELDS for a in (f.label, *f.aliases)), key=lambda p: -len(p[0]))


@lru_cache(maxsize=65536)
def _column_of(key: str, kind: str) -> str | None:
    return _match(key, _COLUMN_ALIASES[kind])


@lru_cache(maxsize=65536)
def _meta_of(key: str) -> str | None:
    return _match(key, _META_ALIASES)


def _match(key: str, aliases: list[tuple[str, str]]) -> str | None:
    """The column a header means: an exact alias, else the longest alias the header starts with."""
    if not key:
        return None
    for alias, column in aliases:
        if key == alias:
            return column
    for alias, column in aliases:
        if key.startswith(alias + " "):
            return column
    return None


def _header_columns(sheet: Sheet, row: int, kind: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, value in enumerate(sheet.rows[row]):
        if isinstance(value, str) and value.strip() and len(value) <= MAX_LABEL_CHARS:
            column = _column_of(header_key(value), kind)
            if column and column not in found:
                found[column] = col
    return found


def _find_header(sheet: Sheet, kinds: tuple[str, ...]) -> tuple[str, int, dict[str, int]] | None:
    best = None
    for row in range(min(sheet.height, HEADER_SEARCH_ROWS)):
        for kind in kinds:
            columns = _header_columns(sheet, row, kind)
            required = [c.key for c in layout.COLUMNS[kind] if c.required]
            if len(columns) >= 3 and all(k in columns for k in required):
                if best is None or len(columns) > len(best[2]):
                    best = (kind, row, columns)
    return best


def _read_meta(sheet: Sheet, last_row: int) -> dict[str, Cell]:
    meta: dict[str, Cell] = {}
    for row in range(min(last_row, sheet.height)):
        cells = sheet.rows[row]
        for col, value in enumerate(cells):
            if not isinstance(value, str) or not value.strip():
                continue
            label, _, inline = value.partition(":")
            key = _meta_of(header_key(label)) if len(label) <= MAX_LABEL_CHARS else None
            if key is None or key in meta:
                continue
            if inline.strip():
                meta[key] = _cell(sheet, row, col, inline)
                continue
            for right in range(col + 1, len(cells)):
                if not is_blank(cells[right]) and cells[right] != value:
                    meta[key] = _cell(sheet, row, right, cells[right])
                    break
    return meta


def _cell(sheet: Sheet, row: int, col: int, raw: object, text: bool = True) -> Cell:
    """A value read at (row, col), with what the sheet knows about that cell."""
    return Cell(clean_text(raw) if text else raw, cell_ref(row, col), (row, col) in sheet.uncached_formulas,
                invisible_characters(raw), sheet.linked.get((row, col)))


def _declared_kind(sheets: list[Sheet]) -> str | None:
    for sheet in sheets:
        declared = _read_meta(sheet, HEADER_SEARCH_ROWS).get("kind")
        if declared and str(declared.value).strip().lower() in layout.KINDS:
            return str(declared.value).strip().lower()
    return None


def _is_skippable(cells: dict[str, Cell], code_key: str, kind: str) -> bool:
    values = {k: c.value for k, c in cells.items() if not is_blank(c.value)}
    if not values:
        return True
    if all(_COLUMN_NUMBER.match(str(v).strip()) for v in values.values()):
        return True  # the "(1) (2) (3)" row under a header
    inputs = {c.key for c in layout.COLUMNS[kind] if c.input} - {code_key}
    if any(k in inputs for k in values):
        return False
    # No value typed: a note or signature row ("Ghi chú: …", "Người lập biểu") unless it carries a code.
    code = values.get(code_key)
    return code is None or not _CODE_LIKE.match(str(code).strip())


def find_report(sheets: list[Sheet]) -> ReportTable:
    """The report table of a workbook's visible sheets; sheets named like our template are tried first."""
    visible = [sheet for sheet in sheets if not sheet.hidden]
    ordered = sorted(visible, key=lambda s: header_key(s.name) != header_key(layout.REPORT_SHEET))
    declared = _declared_kind(ordered)
    kinds = (declared,) if declared else layout.KINDS
    for sheet in ordered:
        found = _find_header(sheet, kinds)
        if found is None:
            continue
        kind, header_row, columns = found
        table = ReportTable(sheet.name, kind, header_row, columns, _read_meta(sheet, header_row))
        code_key = next(c.key for c in layout.COLUMNS[kind] if c.required)
        for row in range(header_row + 1, sheet.height):
            cells = {}
            for key, col in columns.items():
                raw = sheet.value(row, col)
                cells[key] = _cell(sheet, row, col, raw, key in TEXT_KEYS or isinstance(raw, str))
            if not _is_skippable(cells, code_key, kind):
                table.rows.append(cells)
        return table
    hidden = next((sheet.name for sheet in sheets if sheet.hidden and _find_header(sheet, kinds)), None)
    if hidden is not None:
        raise TableNotFound(f"Bảng số liệu nằm ở trang tính đang bị ẩn '{hidden}'. Hãy bỏ ẩn trang này (nhấn chuột "
                            "phải vào tên một trang › Bỏ ẩn), lưu lại rồi gửi lại.")
    expected = ", ".join(f"'{c.header}'" for c in layout.COLUMNS[kinds[0]] if c.required or c.input)
    raise TableNotFound(
        "Không tìm thấy bảng số liệu: cần một dòng tiêu đề cột có " + expected
        + ". Hãy dùng mẫu báo cáo tải từ hệ thống."
    )
