"""Checks on the parts of an .xlsx/.xlsm package before any parser reads them.

A workbook is a zip of XML parts, and a crafted one can hurt the server before any value is read:

* a DOCTYPE declaring entities: external entities that read the server's files, or the "billion laughs"
  that expand a few bytes into gigabytes. Excel never writes one; the file is refused.
* a cell far away (``XFD1048576``) in a tiny file: calamine reserves the whole grid of 17 billion cells
  and the process aborts. A shared-strings table announcing more strings than it holds does the same.
  Sheets are therefore measured first: rows and columns that hold a value, cells, merged areas.
* one long shared string referenced by many cells: each cell gets its own copy, gigabytes from a small file.
  The characters the cells will hold are counted.
* parts whose sizes lie, and two parts of the same name (two readers would read different ones).

Every part is read once through the zip reader, which checks its CRC and its declared size; every XML part
(and the part of each sheet the workbook names, whatever its name: calamine reads a sheet from a part called
image1.png) goes through expat with handlers that stop at the first problem, so a million-row sheet is
refused after ten thousand rows.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from collections import Counter
from posixpath import join, normpath
from typing import NoReturn
from xml.parsers import expat

from cchc.formatting import format_number
from etl.reading.errors import FileRejected
from etl.reading.refs import cell_ref, parse_ref

MAX_SHEETS = 255
MAX_ROWS = 10_000            # the last row holding a value, per sheet; a report has a few hundred
MAX_COLUMNS = 256            # the last column holding a value (IV, as far as an .xls file goes)
MAX_GRID_CELLS = 3_000_000   # rows × columns of the used area, all sheets together: the grids built in memory
MAX_ELEMENTS = 1_000_000     # cells and rows written in the sheets, empty ones included
MAX_SHARED_STRINGS = 100_000
MAX_TEXT_CHARS = 10_000_000  # characters the cells of all sheets hold, each reference to a shared string counted
MAX_MERGED = 10_000
_CHUNK = 1 << 20
_XML_SUFFIXES = (".xml", ".rels")
_WORKBOOK, _WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
_SHARED_STRINGS = "xl/sharedStrings.xml"    # the only place calamine looks for them
_REF = re.compile(r"^[A-Z]{1,3}[1-9]\d{0,6}$")   # a cell reference as Excel writes one
_SAFETY = "Tệp bị từ chối vì an toàn: "


def part_path(target: str, base: str = "xl") -> str:
    """The zip path of a relationship target, relative to ``base`` unless absolute."""
    return target.lstrip("/") if target.startswith("/") else normpath(join(base, target))


def too_far(sheet: str, row: int, col: int) -> FileRejected | None:
    """The refusal of a value at zero-based (row, col) beyond the rows or columns of any report, or None."""
    ref = cell_ref(row, col)
    if row >= MAX_ROWS:
        limit = f"{format_number(MAX_ROWS)} dòng"
    elif col >= MAX_COLUMNS:
        limit = f"{format_number(MAX_COLUMNS)} cột"
    else:
        return None
    return FileRejected(f"{_SAFETY}trang tính '{sheet}' có dữ liệu ở ô {ref}, vượt giới hạn {limit} của một báo cáo. "
                        "Hãy xoá các dòng, cột thừa (hoặc chép riêng bảng báo cáo sang một tệp mới) rồi gửi lại.")


def too_many_cells(cells: int) -> FileRejected | None:
    """The refusal of sheets whose used areas hold more cells together than a report could, or None."""
    if cells <= MAX_GRID_CELLS:
        return None
    return FileRejected(f"{_SAFETY}các trang tính có tới {format_number(cells)} ô, vượt giới hạn "
                        f"{format_number(MAX_GRID_CELLS)} ô. Hãy xoá các trang, dòng, cột thừa rồi gửi lại.")


class _Part:
    """Expat handlers for one part: they count and measure, and raise :class:`FileRejected` at the first excess."""

    def __init__(self, scan: _Package, name: str) -> None:
        self.scan, self.name = scan, name
        self.sheet = scan.sheet_names.get(name, name)
        self.row = self.col = -1                      # the current cell, zero-based
        self.last_row = self.last_col = -1            # the farthest cell holding a value
        self.cell_type: str | None = None             # the t attribute of the open cell (None: no cell open)
        self.cell_has_value = False
        self.value_text: list[str] | None = None      # the text of a shared-string cell's <v>
        self.string_length: int | None = None         # the characters of the open <si>

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rpartition(":")[2]
        if name == "c":
            self._start_cell(attrs)
        elif name == "row":
            self.scan.count_element()
            number = attrs.get("r")
            self.row = self._row_number(number) if number is not None else self.row + 1
            self.col = -1
        elif self.cell_type is not None and name in ("v", "is", "f"):
            self.cell_has_value = True
            if name == "v" and self.cell_type == "s":
                self.value_text = []
        elif name == "si":
            self.scan.count_shared_string()
            self.string_length = 0
        elif name == "sst":   # calamine reserves memory for the number of strings announced
            self.scan.check_announced_strings(attrs.get("uniqueCount", "0"))
        elif name == "mergeCell":
            self.scan.count_merged(self.sheet)
        elif name == "sheet" and self.name == _WORKBOOK:
            self.scan.add_sheet(attrs)
        elif name == "Relationship" and self.name == _WORKBOOK_RELS:
            self.scan.add_relationship(attrs)

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.scan.count_element()
        ref = attrs.get("r")
        if ref is None:
            self.col += 1
        elif _REF.match(ref):
            self.row, self.col = parse_ref(ref)
        else:
            raise self._damaged(f"một ô mang địa chỉ không hợp lệ '{ref[:20]}'")
        self.cell_type, self.cell_has_value = attrs.get("t", "n"), False

    def _row_number(self, number: str) -> int:
        if not number.isdigit() or not 1 <= int(number) <= 1_048_576:
            raise self._damaged(f"một dòng mang số không hợp lệ '{number[:20]}'")
        return int(number) - 1

    def end(self, tag: str) -> None:
        name = tag.rpartition(":")[2]
        if name == "c" and self.cell_type is not None:
            if self.cell_has_value:
                refusal = too_far(self.sheet, max(self.row, 0), max(self.col, 0))
                if refusal:
                    raise refusal
                self.last_row, self.last_col = max(self.last_row, self.row), max(self.last_col, self.col)
            self.cell_type = None
        elif name == "v" and self.value_text is not None:
            self.scan.add_text(self._shared_string_length("".join(self.value_text).strip()))
            self.value_text = None
        elif name == "si" and self.string_length is not None:
            self.scan.shared_lengths.append(self.string_length)
            self.string_length = None

    def _shared_string_length(self, index: str) -> int:
        lengths = self.scan.shared_lengths
        if not index.isdigit() or int(index) >= len(lengths):
            ref = cell_ref(max(self.row, 0), max(self.col, 0))
            raise self._damaged(f"ô {ref} trỏ tới chuỗi dùng chung số '{index[:20]}', không có trong tệp")
        return lengths[int(index)]

    def text(self, data: str) -> None:
        if self.value_text is not None:
            self.value_text.append(data)
        elif self.cell_type is not None:
            self.scan.add_text(len(data))
        elif self.string_length is not None:
            self.string_length += len(data)
            self.scan.add_text(len(data))

    def finish(self) -> None:
        if self.last_row >= 0:
            self.scan.add_area((self.last_row + 1) * (self.last_col + 1))

    def _damaged(self, what: str) -> FileRejected:
        return FileRejected(f"Tệp bị hỏng: trang tính '{self.sheet}' có {what}. "
                            "Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.")


class _Package:
    """What the parts add up to, across the whole package."""

    def __init__(self) -> None:
        self.elements = self.shared_strings = self.text_chars = self.area = self.sheets = 0
        self.merged: Counter[str] = Counter()
        self.shared_lengths: list[int] = []
        self.relationships: dict[str, str] = {}       # relationship id → part path
        self.sheet_names: dict[str, str] = {}         # part path → sheet name

    def count_element(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise FileRejected(f"{_SAFETY}các trang tính có hơn {format_number(MAX_ELEMENTS)} ô và dòng, "
                               "quá lớn so với một báo cáo. Hãy xoá các trang, dòng, cột thừa rồi gửi lại.")

    def count_shared_string(self) -> None:
        self.shared_strings += 1
        if self.shared_strings > MAX_SHARED_STRINGS:
            raise self._too_many_strings(f"có hơn {format_number(MAX_SHARED_STRINGS)} chuỗi")

    def check_announced_strings(self, count: str) -> None:
        if not count.isdigit() or int(count) > MAX_SHARED_STRINGS:
            shown = format_number(int(count)) if count.isdigit() else f"'{count[:20]}'"
            raise self._too_many_strings(f"khai báo {shown} chuỗi, vượt giới hạn {format_number(MAX_SHARED_STRINGS)}")

    @staticmethod
    def _too_many_strings(what: str) -> FileRejected:
        return FileRejected(f"{_SAFETY}bảng chuỗi dùng chung (sharedStrings) của tệp {what}. "
                            "Hãy chép riêng bảng báo cáo sang một tệp mới rồi gửi lại.")

    def add_text(self, chars: int) -> None:
        self.text_chars += chars
        if self.text_chars > MAX_TEXT_CHARS:
            raise FileRejected(f"{_SAFETY}các ô của tệp chứa hơn {format_number(MAX_TEXT_CHARS)} ký tự, "
                               "quá lớn so với một báo cáo.")

    def add_area(self, cells: int) -> None:
        self.area += cells
        refusal = too_many_cells(self.area)
        if refusal:
            raise refusal

    def count_merged(self, sheet: str) -> None:
        self.merged[sheet] += 1
        if self.merged[sheet] > MAX_MERGED:
            raise FileRejected(f"{_SAFETY}trang tính '{sheet}' có hơn {format_number(MAX_MERGED)} vùng gộp ô.")

    def add_sheet(self, attrs: dict[str, str]) -> None:
        self.sheets += 1
        if self.sheets > MAX_SHEETS:
            raise FileRejected(f"Tệp có hơn {format_number(MAX_SHEETS)} trang tính, quá nhiều cho một báo cáo.")
        rel = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if rel in self.relationships and "name" in attrs:
            self.sheet_names[self.relationships[rel]] = attrs["name"]

    def add_relationship(self, attrs: dict[str, str]) -> None:
        if attrs.get("TargetMode") != "External" and "Id" in attrs and "Target" in attrs:
            self.relationships[attrs["Id"]] = part_path(attrs["Target"])


def _refuse_doctype(*_: object) -> NoReturn:
    raise _Doctype


class _Doctype(Exception):
    """A DOCTYPE or an entity declaration was met."""


def _read_xml(archive: zipfile.ZipFile, name: str, part: _Part) -> None:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _refuse_doctype
    parser.ExternalEntityRefHandler = _refuse_doctype
    parser.StartElementHandler, parser.EndElementHandler = part.start, part.end
    parser.CharacterDataHandler = part.text
    parser.buffer_text = True
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Doctype:
        raise FileRejected(f"{_SAFETY}phần '{name}' trong tệp có khai báo DOCTYPE/ENTITY (dùng để đọc tệp của máy "
                           "chủ hoặc làm treo máy), điều Excel không bao giờ ghi. Hãy mở tệp bằng Excel, lưu lại "
                           "rồi gửi lại.") from None
    except expat.ExpatError as error:
        raise FileRejected(f"Tệp bị hỏng: phần '{name}' không phải XML hợp lệ (dòng {error.lineno}, cột "
                           f"{error.offset}). Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.") from None
    part.finish()


def _read_raw(archive: zipfile.ZipFile, name: str) -> None:
    with archive.open(name) as stream:
        while stream.read(_CHUNK):
            pass


def check_package(archive: zipfile.ZipFile) -> None:
    """Refuse a package whose parts are hostile or too large for a report (see the module's docstring)."""
    names = [entry.filename for entry in archive.infolist()]
    twice = next((name for name, n in Counter(names).items() if n > 1), None)
    if twice is not None:
        raise FileRejected(f"{_SAFETY}phần '{twice}' có hai lần trong tệp nén: mỗi chương trình sẽ đọc một bản khác nhau.")
    scan = _Package()
    # The workbook's relationships and sheets first (the names of the sheets, for the messages), then the
    # shared strings (the length of each, for the cells that use them), then every other part.
    first = [name for name in (_WORKBOOK_RELS, _WORKBOOK, _SHARED_STRINGS) if name in names]
    try:
        for name in first:
            _read_xml(archive, name, _Part(scan, name))
        sheets = set(scan.sheet_names)
        for name in names:
            if name in first:
                continue
            if name.lower().endswith(_XML_SUFFIXES) or name in sheets:
                _read_xml(archive, name, _Part(scan, name))
            else:
                _read_raw(archive, name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        # a CRC or a size that does not match, an encrypted or unknown compression method
        raise FileRejected("Tệp bị hỏng: có phần không giải nén được, hoặc kích thước ghi trong tệp nén không đúng. "
                           "Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.") from None
