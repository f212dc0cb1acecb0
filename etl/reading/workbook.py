"""Load a workbook's sheets as grids of values, whatever the format (.xlsx, .xlsm, .xls).

Values come from python-calamine (fast, reads cached formula results, never evaluates a formula nor runs
macros) for .xlsx/.xlsm, after :mod:`etl.reading.package` has measured every part, and from xlrd for legacy
.xls, whose sheets are measured here before a grid is built. Three things calamine does not tell are read
from the file itself: formulas saved without a cached value (to report, not to guess), formulas that take
their value from another file or program (another workbook, a path or URL, DDE: their cached value is
never used) and cells formatted with an old Vietnamese font (.VnTime, VNI-Times), whose text must be
converted to Unicode. Hidden sheets are loaded but marked: Excel cannot hide every sheet, and a file
that does was not saved by Excel.
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field

import python_calamine
import xlrd
from defusedxml import ElementTree

from etl.reading.errors import FileRejected
from etl.reading.legacy_encodings import repair_text
from etl.reading.package import MAX_SHEETS, part_path, too_far, too_many_cells
from etl.reading.refs import parse_ref

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL = re.compile(rb"<c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</c>)", re.S)   # the element c itself, not cols or c:x
_ATTR = re.compile(rb'\b(r|s|t)="([^"]*)"')
_FORMULA = re.compile(rb"<f[ >/]")
_FORMULA_ELEMENT = re.compile(rb"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_SHARED_INDEX = re.compile(rb'\bsi="(\d+)"')
_LEGACY_FONT_HINT = re.compile(rb'val="(\.vn|vni)', re.I)
# Formulas whose value comes from outside the file. Another workbook: [1]Sheet!A1 as Excel stores it,
# [Book.xlsx]Sheet!A1 or a quoted path or URL 'C:\x\[b.xlsx]S'!A1, 'file:///…'!A1. A program: DDE
# (cmd|'/c calc'!A0) and the functions that call out (RTD, CALL, REGISTER, WEBSERVICE…).
_STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')
_OTHER_FILE = re.compile(r"\[[^\[\]]+\][\w.]*!|'[^']*(?:\[|://|:\\|\\\\)[^']*'!")
_PROGRAM = re.compile(r"(?:^|[^\w.])(?:[\w.\-]+\||(?:DDE|DDEAUTO|RTD|CALL|REGISTER(?:\.ID)?|EXEC|WEBSERVICE)\s*\()",
                      re.I)
_NAME_TOKEN = re.compile(r"[A-Za-z_\\][\w.\\]*")
OTHER_FILE, PROGRAM = "other_file", "program"


def is_legacy_font(name: str | None) -> bool:
    """Fonts of the TCVN3 (.VnTime, .VnArial…) and VNI (VNI-Times…) families."""
    return name is not None and name.strip().lower().startswith((".vn", "vni"))


@dataclass
class Sheet:
    """One worksheet: values by zero-based (row, col), merged areas filled from their top-left cell."""

    name: str
    rows: list[list[object]]
    legacy_fonts: dict[tuple[int, int], str] = field(default_factory=dict)   # cells converted from these fonts
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    linked: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (OTHER_FILE or PROGRAM, formula)
    hidden: bool = False

    def value(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            value = self.rows[row][col]
            return None if value == "" else value
        return None

    @property
    def height(self) -> int:
        return len(self.rows)


def _fill_merged(rows: list[list[object]], ranges) -> None:
    width = max(map(len, rows), default=0)
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        right = min(right, width - 1)   # a merged area beyond the values (A1:XFD1048576) fills nothing more
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value


def _ooxml_sheet_paths(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    """Sheet name → path of its XML part inside the archive; and the workbook's defined names that point
    outside the file, with the kind of place they point to."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    paths = {sheet.get("name"): part_path(targets.get(sheet.get(_REL + "id"), ""))
             for sheet in book.iter(_MAIN + "sheet")}
    outside = {}
    for name in book.iter(_MAIN + "definedName"):
        kind = linked_kind(name.text or "", {})
        if kind and name.get("name"):
            outside[name.get("name").upper()] = kind
    return paths, outside


def linked_kind(formula: str, outside_names: dict[str, str]) -> str | None:
    """:data:`OTHER_FILE` or :data:`PROGRAM` when a formula takes its value from outside the file (directly or
    through a defined name that does), else None. Text in quotes ("file:///…" in HYPERLINK) is not a reference."""
    code = _STRING_LITERAL.sub('""', formula)
    if _PROGRAM.search(code):
        return PROGRAM
    if _OTHER_FILE.search(code):
        return OTHER_FILE
    return next((outside_names[t.upper()] for t in _NAME_TOKEN.findall(code) if t.upper() in outside_names), None)


def _legacy_styles(archive: zipfile.ZipFile) -> dict[int, str]:
    """Cell style index → font name, for styles whose font is a legacy Vietnamese one."""
    if "xl/styles.xml" not in archive.namelist():
        return {}
    raw = archive.read("xl/styles.xml")
    if not _LEGACY_FONT_HINT.search(raw):
        return {}   # the common case: no .VnTime or VNI font anywhere in the workbook
    styles = ElementTree.fromstring(raw)
    fonts_node = styles.find(_MAIN + "fonts")
    xfs_node = styles.find(_MAIN + "cellXfs")
    if fonts_node is None or xfs_node is None:
        return {}
    names: list[str | None] = []
    for font in fonts_node.findall(_MAIN + "font"):
        name = font.find(_MAIN + "name")
        names.append(name.get("val") if name is not None else None)
    found: dict[int, str] = {}
    for index, xf in enumerate(xfs_node.findall(_MAIN + "xf")):
        font_id = int(xf.get("fontId", "0")) if xf.get("fontId", "0").isdigit() else -1
        font_name = names[font_id] if 0 <= font_id < len(names) else None
        if font_name is not None and is_legacy_font(font_name):
            found[index] = font_name
    return found


def _inspect_ooxml(data: bytes, sheets: dict[str, Sheet]) -> None:
    """Find formulas without a cached value, formulas linked outside the file and text cells in legacy fonts,
    sheet by sheet."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    legacy = _legacy_styles(archive)
    paths, outside_names = _ooxml_sheet_paths(archive)
    for name, path in paths.items():
        sheet = sheets.get(name)
        if sheet is None or path not in archive.namelist():
            continue
        xml = archive.read(path)
        if not legacy and not _FORMULA.search(xml):
            continue
        shared: dict[bytes, str] = {}   # a shared formula's text, by its index, for the cells that only name it
        for match in _CELL.finditer(xml):
            attrs = dict(_ATTR.findall(match.group(1)))
            body = match.group(2) or b""
            ref = attrs.get(b"r")
            if ref is None:
                continue
            formula = _FORMULA_ELEMENT.search(body)
            if formula is not None:
                text = html.unescape((formula.group(2) or b"").decode("utf-8", errors="replace"))
                index = _SHARED_INDEX.search(formula.group(1))
                if index is not None:
                    text = shared.setdefault(index.group(1), text) if text else shared.get(index.group(1), "")
                if not re.search(rb"<v>[^<]+</v>", body):
                    sheet.uncached_formulas.add(parse_ref(ref.decode()))
                elif kind := linked_kind(text, outside_names):
                    sheet.linked[parse_ref(ref.decode())] = (kind, text)
            style = attrs.get(b"s", b"")
            if style.isdigit() and int(style) in legacy and attrs.get(b"t") in (b"s", b"inlineStr", b"str"):
                sheet.legacy_fonts[parse_ref(ref.decode())] = legacy[int(style)]


def _load_ooxml(data: bytes) -> list[Sheet]:
    sheets: dict[str, Sheet] = {}
    merged = {}
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for meta in book.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            grid = book.get_sheet_by_name(meta.name)
            sheets[meta.name] = Sheet(meta.name, [list(row) for row in grid.to_python(skip_empty_area=False)],
                                      hidden=meta.visible != python_calamine.SheetVisibleEnum.Visible)
            merged[meta.name] = grid.merged_cell_ranges or []
        book.close()
    except python_calamine.PasswordError:
        raise FileRejected("Tệp đã được đặt mật khẩu. Hãy bỏ mật khẩu rồi gửi lại.") from None
    except Exception:  # noqa: BLE001 - calamine raises several error types for damaged files
        raise FileRejected("Tệp bị hỏng, Excel không mở được nội dung.") from None
    _inspect_ooxml(data, sheets)
    for name, sheet in sheets.items():
        _repair_legacy_text(sheet)
        _fill_merged(sheet.rows, merged[name])
    return list(sheets.values())


def _load_xls(data: bytes) -> list[Sheet]:
    try:
        # ragged rows: a single value far away (IV65536) makes one long row, not a grid of 16 million cells
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True,
                                  logfile=io.StringIO())
        if book.nsheets > MAX_SHEETS:
            raise FileRejected(f"Tệp có {book.nsheets} trang tính, quá nhiều cho một báo cáo.")
        sheets = [_xls_sheet(book, book.sheet_by_index(index)) for index in range(book.nsheets)]
        refusal = too_many_cells(sum(s.height * max(map(len, s.rows), default=0) for s in sheets))
        if refusal:
            raise refusal
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise FileRejected("Tệp đã được đặt mật khẩu. Hãy bỏ mật khẩu rồi gửi lại.") from None
        raise FileRejected("Tệp .xls bị hỏng, không đọc được.") from None
    except FileRejected:
        raise
    except Exception:  # noqa: BLE001 - a damaged file makes xlrd fail in many ways (IndexError, AssertionError…)
        raise FileRejected("Tệp .xls bị hỏng, không đọc được.") from None
    book.release_resources()
    return sheets


def _xls_used_rows(raw: xlrd.sheet.Sheet) -> int:
    """Rows up to the last one holding a value (blank formatted cells do not count); refuses a value beyond the
    rows or columns of any report."""
    used = 0
    for r in range(raw.nrows):
        types = raw.row_types(r)
        last = max((c for c, t in enumerate(types) if t not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)), default=-1)
        if last >= 0:
            refusal = too_far(raw.name, r, last)
            if refusal:
                raise refusal
            used = r + 1
    return used


def _xls_sheet(book: xlrd.Book, raw: xlrd.sheet.Sheet) -> Sheet:
    rows: list[list[object]] = []
    legacy: dict[tuple[int, int], str] = {}
    for r in range(_xls_used_rows(raw)):
        row = []
        for c in range(raw.row_len(r)):
            cell = raw.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                row.append(xlrd.error_text_from_code.get(cell.value, "#LỖI"))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                row.append("")
            else:
                row.append(cell.value)
            if cell.ctype == xlrd.XL_CELL_TEXT:
                font = book.font_list[book.xf_list[cell.xf_index].font_index].name
                if is_legacy_font(font):
                    legacy[(r, c)] = font
        rows.append(row)
    sheet = Sheet(raw.name, rows, legacy, hidden=raw.visibility != 0)
    _repair_legacy_text(sheet)
    _fill_merged(rows, [((rlo, clo), (rhi - 1, chi - 1)) for rlo, rhi, clo, chi in raw.merged_cells])
    return sheet


def _repair_legacy_text(sheet: Sheet) -> None:
    """Text typed in a TCVN3 or VNI font, converted to Unicode as soon as it is read (before merged areas are
    filled from their first cell), so that everything read from the sheet sees the same letters: titles,
    labels, the header row, and the values."""
    for (row, col), font in sheet.legacy_fonts.items():
        value = sheet.rows[row][col] if row < len(sheet.rows) and col < len(sheet.rows[row]) else None
        if isinstance(value, str):
            sheet.rows[row][col] = repair_text(value, font)[0]


def load_sheets(data: bytes, file_format: str) -> list[Sheet]:
    """Every worksheet of the workbook, in order; hidden ones marked. A workbook whose every sheet is hidden is
    refused: Excel does not allow it, and nobody saw what the file holds."""
    sheets = _load_xls(data) if file_format == "xls" else _load_ooxml(data)
    if sheets and all(sheet.hidden for sheet in sheets):
        raise FileRejected("Tất cả trang tính trong tệp đều bị ẩn (Excel không cho phép như vậy, tệp đã bị sửa bằng "
                           "công cụ khác): không ai nhìn thấy số liệu trong tệp. Hãy mở tệp, bỏ ẩn trang báo cáo, "
                           "lưu lại rồi gửi lại.")
    return sheets
