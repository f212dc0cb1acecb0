"""Load a workbook's sheets as grids of values, whatever the format (.xlsx, .xlsm, .xls).

Values come from python-calamine (fast, reads cached formula results, never runs macros) for
.xlsx/.xlsm and from xlrd for legacy .xls. Two things calamine does not tell are read from the
file itself: formulas saved without a cached value (to report, not to guess) and cells formatted
with an old Vietnamese font (.VnTime, VNI-Times), whose text must be converted to Unicode.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from posixpath import join, normpath

import python_calamine
import xlrd
from defusedxml import ElementTree

from etl.legacy_encodings import repair_text
from etl.reading.files import FileRejected

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR = re.compile(rb'\b(r|s|t)="([^"]*)"')
_REF = re.compile(r"^([A-Z]+)(\d+)$")
_FORMULA = re.compile(rb"<f[ >/]")
_LEGACY_FONT_HINT = re.compile(rb'val="(\.vn|vni)', re.I)


def is_legacy_font(name: str | None) -> bool:
    """Fonts of the TCVN3 (.VnTime, .VnArial…) and VNI (VNI-Times…) families."""
    return bool(name) and name.strip().lower().startswith((".vn", "vni"))


def column_letter(col: int) -> str:
    """0 → A, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """Zero-based coordinates to an A1 reference: (13, 3) → "D14"."""
    return f"{column_letter(col)}{row + 1}"


def parse_ref(ref: str) -> tuple[int, int]:
    """An A1 reference to zero-based (row, col)."""
    match = _REF.match(ref)
    letters, number = match.group(1), int(match.group(2))
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return number - 1, col - 1


@dataclass
class Sheet:
    """One worksheet: values by zero-based (row, col), merged areas filled from their top-left cell."""

    name: str
    rows: list[list[object]]
    legacy_fonts: dict[tuple[int, int], str] = field(default_factory=dict)   # cells converted from these fonts
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)

    def value(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            value = self.rows[row][col]
            return None if value == "" else value
        return None

    @property
    def height(self) -> int:
        return len(self.rows)


def _fill_merged(rows: list[list[object]], ranges) -> None:
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value


def _ooxml_sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part inside the archive."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    paths = {}
    for sheet in book.iter(_MAIN + "sheet"):
        target = targets.get(sheet.get(_REL + "id"), "")
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    return paths


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
    names = []
    for font in fonts_node.findall(_MAIN + "font"):
        name = font.find(_MAIN + "name")
        names.append(name.get("val") if name is not None else None)
    found = {}
    for index, xf in enumerate(xfs_node.findall(_MAIN + "xf")):
        font_id = int(xf.get("fontId", 0))
        if font_id < len(names) and is_legacy_font(names[font_id]):
            found[index] = names[font_id]
    return found


def _inspect_ooxml(data: bytes, sheets: dict[str, Sheet]) -> None:
    """Find formulas without a cached value and text cells in legacy fonts, sheet by sheet."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    legacy = _legacy_styles(archive)
    for name, path in _ooxml_sheet_paths(archive).items():
        sheet = sheets.get(name)
        if sheet is None or path not in archive.namelist():
            continue
        xml = archive.read(path)
        if not legacy and not _FORMULA.search(xml):
            continue
        for match in _CELL.finditer(xml):
            attrs = dict(_ATTR.findall(match.group(1)))
            body = match.group(2) or b""
            ref = attrs.get(b"r")
            if ref is None:
                continue
            if b"<f" in body and not re.search(rb"<v>[^<]+</v>", body):
                sheet.uncached_formulas.add(parse_ref(ref.decode()))
            style = attrs.get(b"s")
            if style is not None and int(style) in legacy and attrs.get(b"t") in (b"s", b"inlineStr", b"str"):
                sheet.legacy_fonts[parse_ref(ref.decode())] = legacy[int(style)]


def _load_ooxml(data: bytes) -> list[Sheet]:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise FileRejected("Tệp đã được đặt mật khẩu. Hãy bỏ mật khẩu rồi gửi lại.") from None
    except Exception:  # noqa: BLE001 - calamine raises several error types for damaged files
        raise FileRejected("Tệp bị hỏng, Excel không mở được nội dung.") from None
    sheets: dict[str, Sheet] = {}
    merged = {}
    for meta in book.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        grid = book.get_sheet_by_name(meta.name)
        sheets[meta.name] = Sheet(meta.name, [list(row) for row in grid.to_python(skip_empty_area=False)])
        merged[meta.name] = grid.merged_cell_ranges or []
    book.close()
    _inspect_ooxml(data, sheets)
    for name, sheet in sheets.items():
        _repair_legacy_text(sheet)
        _fill_merged(sheet.rows, merged[name])
    return list(sheets.values())


def _load_xls(data: bytes) -> list[Sheet]:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise FileRejected("Tệp đã được đặt mật khẩu. Hãy bỏ mật khẩu rồi gửi lại.") from None
        raise FileRejected("Tệp .xls bị hỏng, không đọc được.") from None
    sheets = []
    for index in range(book.nsheets):
        raw = book.sheet_by_index(index)
        rows: list[list[object]] = []
        legacy: dict[tuple[int, int], str] = {}
        for r in range(raw.nrows):
            row = []
            for c in range(raw.ncols):
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
        sheet = Sheet(raw.name, rows, legacy)
        _repair_legacy_text(sheet)
        _fill_merged(rows, [((rlo, clo), (rhi - 1, chi - 1)) for rlo, rhi, clo, chi in raw.merged_cells])
        sheets.append(sheet)
    book.release_resources()
    return sheets


def _repair_legacy_text(sheet: Sheet) -> None:
    """Text typed in a TCVN3 or VNI font, converted to Unicode as soon as it is read (before merged areas are
    filled from their first cell), so that everything read from the sheet sees the same letters: titles,
    labels, the header row, and the values."""
    for (row, col), font in sheet.legacy_fonts.items():
        value = sheet.rows[row][col] if row < len(sheet.rows) and col < len(sheet.rows[row]) else None
        if isinstance(value, str):
            sheet.rows[row][col] = repair_text(value, font)[0]


def load_sheets(data: bytes, file_format: str) -> list[Sheet]:
    """Every worksheet of the workbook, in order."""
    return _load_xls(data) if file_format == "xls" else _load_ooxml(data)
