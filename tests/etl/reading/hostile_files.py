"""Hostile files, built in code, each with what must become of it: refused with a Vietnamese message (and the
cell, where there is one) or read safely (the exact values stored, and the name the file is stored under).

One table, :data:`KINDS`, so that the test can count them. Every file starts from the same small targets report
of unit H436 for 2024-Q2 (two rows) and is then made hostile, mostly by editing the parts of its zip package.
Each builds in well under a second, the million-row sheet and the million shared strings included (raw XML).
"""
from __future__ import annotations

import codecs
import io
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection

from etl.reports import layout
from tests.conftest import edited_workbook as with_book
from tests.etl.workbooks import as_xlsm, report_rows, with_cached_formula, xls_bytes, xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK, WORKBOOK_RELS, CONTENT_TYPES = "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SAFETY = "Tệp bị từ chối vì an toàn: "
SAVE_AS = "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) › Excel Workbook (.xlsx) rồi gửi lại."
DAMAGED_XLS = "Tệp .xls bị hỏng, không đọc được."
BROKEN_OLE = ("Tệp .xls bị hỏng: cấu trúc bên trong tệp (thư mục OLE) không hợp lệ, không đọc được. "
              "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.")
LONG_TEXT = "Ô có 100.000 ký tự, vượt giới hạn 4.000 ký tự của một ô báo cáo. Hãy rút gọn nội dung rồi gửi lại."
LOOK_ALIKE = "có ký tự không phải chữ Latinh, chỉ trông giống chữ Latinh: {}. Hãy gõ lại mã bằng chữ cái Latinh không dấu và chữ số."
OTHER_FILE = ("Ô có công thức lấy số liệu từ tệp khác '{}': hệ thống không dùng số liệu của tệp mà nó không nhận được. "
              "Hãy thay công thức bằng giá trị (Sao chép › Dán đặc biệt › Giá trị) rồi gửi lại.")


# --- what must become of a file ------------------------------------------------------------------

@dataclass(frozen=True)
class Refused:
    """Rejected with this error (its beginning, when ``whole`` is false) on this cell (None: the whole file)."""

    message: str
    cell: str | None = None
    whole: bool = True


@dataclass(frozen=True)
class ReadSafely:
    """Accepted: these rows stored, target code → (numerator, denominator, value, note); and this file name."""

    rows: dict[str, tuple]
    filename: str = "bao-cao.xlsx"


@dataclass(frozen=True)
class Kind:
    """One kind of hostile file: how to build it, under which name it is sent, and what must become of it."""

    id: str
    build: Callable[[], bytes]
    outcome: Refused | ReadSafely
    filename: str = "bao-cao.xlsx"


# --- the report every kind starts from -----------------------------------------------------------

def rows(note: str) -> list[dict]:
    return [{"target_code": "TTHC-3.1", "numerator": 45, "denominator": 50},
            {"target_code": "TTHC-3.2b", "value": 72.5, "note": note}]


def grid(note: str, **meta: object) -> list[list[object]]:
    """Identity in B1:C4, the header in row 6, TTHC-3.1 in row 7 (F7 45, G7 50), TTHC-3.2b in row 8 (H8, I8)."""
    return report_rows("targets", "H436", "2024-Q2", rows(note), name="Thành phố Hà Tĩnh", meta=meta)


def stored(note: str) -> dict[str, tuple]:
    return {"TTHC-3.1": (45.0, 50.0, 90.0, None), "TTHC-3.2b": (None, None, 72.5, note)}


def report(note: str, **meta: object) -> bytes:
    """The report as .xlsx; ``note`` (in I8) makes each kind's bytes its own."""
    return xlsx_bytes(grid(note, **meta))


# --- editing a package ---------------------------------------------------------------------------

def parts(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {entry.filename: archive.read(entry) for entry in archive.infolist()}


def zipped(contents: dict[str, bytes] | list[tuple[str, bytes]], level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in contents.items() if isinstance(contents, dict) else contents:
            archive.writestr(name, content)
    return out.getvalue()


def edited(data: bytes, changes: dict[str, Callable[[bytes], bytes] | bytes], level: int = 6) -> bytes:
    """The package with some parts changed (a function of the old content) or added (bytes)."""
    contents = parts(data)
    for name, change in changes.items():
        contents[name] = change(contents[name]) if callable(change) else change
    return zipped(contents, level)


def replaced(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def change(content: bytes) -> bytes:
        assert old in content, (old, content[:300])
        return content.replace(old, new, 1)
    return change


def put_cell(ref: str, cell: bytes) -> Callable[[bytes], bytes]:
    """A change of the sheet that writes ``cell`` (a whole <c> element) at ``ref``, in place of what was there."""
    def change(content: bytes) -> bytes:
        existing = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', content, re.DOTALL)
        if existing:
            return content.replace(existing.group(0), cell)
        row = re.sub(r"[A-Z]", "", ref).encode()
        return re.sub(rb'(<row r="' + row + rb'"[^>]*>)', lambda m: m.group(1) + cell, content, count=1)
    return change


def inline(ref: str, text: str) -> bytes:
    """A text cell as openpyxl writes it; ``text`` may hold Excel's _xHHHH_ escapes for control characters."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'.encode()


def with_shared_strings(data: bytes, sst: bytes, cells: dict[str, int], level: int = 6) -> bytes:
    """The package with a shared-strings part ``sst`` and the given cells pointing into it."""
    changes: dict[str, Callable[[bytes], bytes] | bytes] = {
        SHARED_STRINGS: sst,
        CONTENT_TYPES: replaced(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        WORKBOOK_RELS: replaced(b"</Relationships>", b'<Relationship Id="rIdS" Type="' + REL_NS.encode()
                                + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    }
    contents = parts(edited(data, changes))
    for ref, index in cells.items():
        contents[SHEET] = put_cell(ref, f'<c r="{ref}" t="s"><v>{index}</v></c>'.encode())(contents[SHEET])
    return zipped(contents, level)


def sst(*strings: str, unique_count: int | None = None) -> bytes:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    count = len(strings) if unique_count is None else unique_count
    return f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" uniqueCount="{count}">{items}</sst>'.encode()



def rows_xml(first: int, last: int, cell: bytes = b'<c r="A%d"><v>1</v></c>') -> bytes:
    return b"".join(b'<row r="%d">' % n + cell % n + b"</row>" for n in range(first, last + 1))


# --- the kinds -----------------------------------------------------------------------------------

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "hahahahahahahahahaha">'
          + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi"))
          + f']><sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&i;</t></si></sst>').encode()


def _xxe_in_sheet() -> bytes:
    return edited(report("xxe"), {SHEET: lambda c: (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + c.replace(b"<t>xxe</t>", b"<t>&xxe;</t>"))})


def _xxe_in_utf16_styles() -> bytes:
    def change(content: bytes) -> bytes:
        text = content.decode("utf-8").split("?>", 1)[-1]
        declared = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE styleSheet [<!ENTITY x SYSTEM "file:///etc/shadow">]>'
        return codecs.BOM_UTF16_LE + (declared + text).encode("utf-16-le")
    return edited(report("utf-16"), {"xl/styles.xml": change})


def _million_rows() -> bytes:
    return edited(report("million"), {SHEET: replaced(b"</sheetData>", rows_xml(9, 1_000_000) + b"</sheetData>")}, level=1)


def _huge_shared_strings() -> bytes:
    items = b"".join(b"<si><t>chuoi %d</t></si>" % n for n in range(1_000_000))
    return with_shared_strings(report("huge sst"), f'<sst xmlns="{MAIN_NS}">'.encode() + items + b"</sst>", {"I8": 0},
                               level=1)


def _amplified_string() -> bytes:
    """One string of 30.000 characters referenced by 20.000 cells: 600 million characters once read."""
    cells = b'<c r="J%d" t="s"><v>0</v></c>'
    data = with_shared_strings(report("amplified"), sst("x" * 30_000), {})
    return edited(data, {SHEET: replaced(b"</sheetData>", rows_xml(100, 20_099, cells) + b"</sheetData>")})


def _lying_sizes() -> bytes:
    """The sheet's uncompressed size declared as 1.000 bytes in both zip headers; it is fifty times more."""
    data = bytearray(edited(report("lying"), {SHEET: replaced(b"</sheetData>", rows_xml(9, 2000) + b"</sheetData>")}))
    name, at = SHEET.encode(), -1
    while (at := data.find(b"PK\x01\x02", at + 1)) >= 0:       # each central directory entry
        if data[at + 46:at + 46 + len(name)] == name:
            struct.pack_into("<I", data, at + 24, 1000)
            struct.pack_into("<I", data, struct.unpack_from("<I", data, at + 42)[0] + 22, 1000)
    return bytes(data)


def _duplicate_parts() -> bytes:
    contents = list(parts(report("duplicate")).items())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)   # zipfile warns of the name it is asked to write twice
        return zipped(contents + [(SHEET, parts(report("second copy"))[SHEET])])


def _many_sheets() -> bytes:
    sheets = "".join(f'<sheet name="T{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, 301))
    rels = "".join(f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
                   for n in range(1, 301))
    return edited(report("sheets"), {
        WORKBOOK: f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{sheets}</sheets></workbook>'.encode(),
        WORKBOOK_RELS: ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        + rels + "</Relationships>").encode()})


def _sheet_in_a_png_part() -> bytes:
    """The workbook's sheet is a part named like an image, with a value at XFD1048576 (a 17-billion-cell grid)."""
    data = report("png")
    sheet = parts(data)[SHEET].replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                                       b"</sheetData>")
    return edited(data, {"xl/media/image1.png": sheet,
                         WORKBOOK_RELS: replaced(b"/xl/worksheets/sheet1.xml", b"/xl/media/image1.png")})


def _with_sheet_rels(data: bytes, relationships: str) -> dict[str, bytes]:
    return {"xl/worksheets/_rels/sheet1.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + relationships + "</Relationships>").encode()}


def _hyperlink_to_a_file() -> bytes:
    data = report("hyperlink")
    return edited(data, {
        SHEET: replaced(b"</sheetData>", b'</sheetData><hyperlinks><hyperlink xmlns:r="' + REL_NS.encode()
                        + b'" ref="B7" r:id="rIdH"/></hyperlinks>'),
        **_with_sheet_rels(data, f'<Relationship Id="rIdH" Type="{REL_NS}/hyperlink" '
                                 'Target="file:///etc/passwd" TargetMode="External"/>')})


def _embedded_program() -> bytes:
    data = report("embedded")
    return edited(data, {"xl/embeddings/oleObject1.bin": b"MZ\x90\x00" + bytes(200) + b"This program cannot be run",
                         **_with_sheet_rels(data, f'<Relationship Id="rIdO" Type="{REL_NS}/oleObject" '
                                                  'Target="../embeddings/oleObject1.bin"/>')})


def _external_defined_name() -> bytes:
    data = with_cached_formula(report("defined name"), "F7", "SoLieuQuy", "45")
    return edited(data, {WORKBOOK: replaced(b"<definedNames/>", b'<definedNames><definedName name="SoLieuQuy">'
                                            b"[1]TongHop!$F$7</definedName></definedNames>")})


def _control_and_bidi_text() -> bytes:
    typed = "Đã\u202e tập huấn_x0007_ cho\u200b cán bộ\u2066, công chức\u2069\u200f"
    return edited(report("bidi"), {SHEET: put_cell("I8", inline("I8", typed))})


def _hidden_decoy() -> bytes:
    """A very hidden sheet named like the template (read first, were hidden sheets read) with other values."""
    def change(book: Workbook) -> None:
        book.active.title = "Báo cáo quý II"
        decoy = book.create_sheet(layout.REPORT_SHEET)
        for row in report_rows("targets", "H436", "2024-Q2", [{"target_code": "TTHC-3.1", "numerator": 5,
                                                                "denominator": 50}]):
            decoy.append(row)
        decoy.sheet_state = "veryHidden"
    return with_book(report("decoy"), change)


def _report_on_a_hidden_sheet() -> bytes:
    def change(book: Workbook) -> None:
        book[layout.REPORT_SHEET].sheet_state = "hidden"
        book.active = 1
    return with_book(xlsx_bytes(grid("hidden"), extra_sheets=["Hướng dẫn"]), change)


def _protected_sheet() -> bytes:
    def change(book: Workbook) -> None:
        book.active.protection.sheet = True
        book.active.protection.password = "matkhau"
    return with_book(report("protected sheet"), change)


def _protected_workbook() -> bytes:
    def change(book: Workbook) -> None:
        book.security = WorkbookProtection(workbookPassword="matkhau", lockStructure=True)
    return with_book(report("protected workbook"), change)


def _merged_to_the_end() -> bytes:
    """9.000 rows, and a merged area from I9 to XFD9000: filled as Excel shows it, 147 million cells."""
    merged = b'</sheetData><mergeCells count="1"><mergeCell ref="I9:XFD9000"/></mergeCells>'
    return edited(report("merged"), {SHEET: replaced(b"</sheetData>", rows_xml(9, 9000) + merged)})


def _csv() -> bytes:
    return "Mã đơn vị,H436\nKỳ báo cáo,2024-Q2\nMã chỉ tiêu,Tử số,Mẫu số\nTTHC-3.1,45,50\n".encode()


def _ods() -> bytes:
    content = b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'
    return zipped([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", content),
                   ("META-INF/manifest.xml", b"<manifest/>")])


def _xlsb() -> bytes:
    return zipped({CONTENT_TYPES: b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00", "xl/worksheets/sheet1.bin": b"\x81"})


def _docx() -> bytes:
    return zipped({CONTENT_TYPES: b"<Types/>", "word/document.xml": b"<w:document/>"})


def _html() -> bytes:
    return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"></head><body><table>'
            "<tr><td>Mã chỉ tiêu</td><td>Tử số</td></tr><tr><td>TTHC-3.1</td><td>45</td></tr></table></body></html>"
            ).encode()


def _spreadsheet_2003() -> bytes:
    return ('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:'
            'office:spreadsheet"><Worksheet ss:Name="Báo cáo"><Table><Row><Cell><Data ss:Type="String">TTHC-3.1'
            "</Data></Cell></Row></Table></Worksheet></Workbook>").encode()


# --- legacy .xls with a broken compound file -----------------------------------------------------

def _xls() -> bytes:
    return xls_bytes(grid("xls"))


def _patched(data: bytes, offset: int, value: int) -> bytes:
    out = bytearray(data)
    struct.pack_into("<I", out, offset, value)
    return bytes(out)


def _directory_entry(data: bytes, index: int) -> int:
    """Where directory entry ``index`` starts (the directory's first sector, 512-byte sectors)."""
    return 512 + struct.unpack_from("<I", data, 0x30)[0] * 512 + index * 128


def _directory_out_of_range() -> bytes:
    return _patched(_xls(), 0x30, 0x00FFFFF0)


def _directory_cycle() -> bytes:
    """Two entries that are each other's left sibling: a reader that follows the tree goes round for ever."""
    data = _xls()
    data = _patched(data, _directory_entry(data, 1) + 68, 2)
    return _patched(data, _directory_entry(data, 2) + 68, 1)


def _allocation_loop() -> bytes:
    """The directory's sector chained to itself in the allocation table."""
    data = _xls()
    directory = struct.unpack_from("<I", data, 0x30)[0]
    fat = struct.unpack_from("<I", data, 0x4C)[0]
    return _patched(data, 512 + fat * 512 + directory * 4, directory)


def _directory_garbage() -> bytes:
    data = _xls()
    start = _directory_entry(data, 0)
    return data[:start] + b"\xff" * 512 + data[start + 512:]


def _word_document_as_xls() -> bytes:
    """The workbook stream renamed WordDocument: an old Word document, as far as the file says."""
    data = bytearray(_xls())
    entry = _directory_entry(bytes(data), 1)
    name = "WordDocument\0".encode("utf-16-le")
    data[entry:entry + 64] = name + bytes(64 - len(name))
    struct.pack_into("<H", data, entry + 64, len(name))
    return bytes(data)


def _xls_far_cell() -> bytes:
    return xls_bytes([*grid("far xls"), *[[] for _ in range(65_000 - 8)], [None] * 255 + [1]])


# --- the table -----------------------------------------------------------------------------------

KINDS: list[Kind] = [
    # entities and DOCTYPEs, wherever they hide
    Kind("xxe-in-sheet", _xxe_in_sheet, Refused(
        f"{SAFETY}phần '{SHEET}' trong tệp có khai báo DOCTYPE/ENTITY", whole=False)),
    Kind("xxe-in-workbook", lambda: edited(report("xxe wb"), {WORKBOOK: lambda c: (
        b'<!DOCTYPE workbook SYSTEM "file:///etc/passwd">' + c)}), Refused(
        f"{SAFETY}phần '{WORKBOOK}' trong tệp có khai báo DOCTYPE/ENTITY", whole=False)),
    Kind("xxe-parameter-entity", lambda: edited(report("xxe pe"), {CONTENT_TYPES: lambda c: (
        b'<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>'
        + c)}), Refused(f"{SAFETY}phần '{CONTENT_TYPES}' trong tệp có khai báo DOCTYPE/ENTITY", whole=False)),
    Kind("billion-laughs", lambda: with_shared_strings(report("laughs"), LAUGHS, {"I8": 0}), Refused(
        f"{SAFETY}phần '{SHARED_STRINGS}' trong tệp có khai báo DOCTYPE/ENTITY", whole=False)),
    Kind("xxe-in-utf16-part", _xxe_in_utf16_styles, Refused(
        f"{SAFETY}phần 'xl/styles.xml' trong tệp có khai báo DOCTYPE/ENTITY", whole=False)),
    # sizes
    Kind("million-row-sheet", _million_rows, Refused(
        f"{SAFETY}trang tính 'Báo cáo' có dữ liệu ở ô A10001, vượt giới hạn 10.000 dòng của một báo cáo. Hãy xoá "
        "các dòng, cột thừa (hoặc chép riêng bảng báo cáo sang một tệp mới) rồi gửi lại.")),
    Kind("value-at-xfd1048576", lambda: edited(report("far"), {SHEET: replaced(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')}), Refused(
        f"{SAFETY}trang tính 'Báo cáo' có dữ liệu ở ô XFD1048576, vượt giới hạn 10.000 dòng", whole=False)),
    Kind("value-in-column-1000", lambda: edited(report("wide"), {SHEET: put_cell("ALL8", b'<c r="ALL8"><v>1</v></c>')}),
         Refused(f"{SAFETY}trang tính 'Báo cáo' có dữ liệu ở ô ALL8, vượt giới hạn 256 cột", whole=False)),
    Kind("million-shared-strings", _huge_shared_strings, Refused(
        f"{SAFETY}bảng chuỗi dùng chung (sharedStrings) của tệp có hơn 100.000 chuỗi. Hãy chép riêng bảng báo cáo "
        "sang một tệp mới rồi gửi lại.")),
    Kind("shared-strings-count-lie", lambda: with_shared_strings(
        report("count lie"), sst("ghi chú", unique_count=4_294_967_295), {"I8": 0}), Refused(
        f"{SAFETY}bảng chuỗi dùng chung (sharedStrings) của tệp khai báo 4.294.967.295 chuỗi, vượt giới hạn 100.000.",
        whole=False)),
    Kind("one-string-in-20000-cells", _amplified_string, Refused(
        f"{SAFETY}các ô của tệp chứa hơn 10.000.000 ký tự, quá lớn so với một báo cáo.")),
    Kind("shared-string-index-minus-one", lambda: with_shared_strings(report("index"), sst("ghi chú"), {"I8": -1}),
         Refused("Tệp bị hỏng: trang tính 'Báo cáo' có ô I8 trỏ tới chuỗi dùng chung số '-1', không có trong tệp.",
                 whole=False)),
    Kind("sizes-that-lie", _lying_sizes, Refused("Tệp bị hỏng: có phần không giải nén được, hoặc kích thước ghi "
                                                 "trong tệp nén không đúng.", whole=False)),
    Kind("same-part-twice", _duplicate_parts, Refused(
        f"{SAFETY}phần '{SHEET}' có hai lần trong tệp nén: mỗi chương trình sẽ đọc một bản khác nhau.")),
    Kind("300-sheets", _many_sheets, Refused("Tệp có hơn 255 trang tính, quá nhiều cho một báo cáo.")),
    Kind("sheet-in-a-png-part", _sheet_in_a_png_part, Refused(
        f"{SAFETY}trang tính 'Báo cáo' có dữ liệu ở ô XFD1048576", whole=False)),
    Kind("sheet-outside-the-package", lambda: edited(report("outside"), {WORKBOOK_RELS: replaced(
        b"/xl/worksheets/sheet1.xml", b"../../../../etc/passwd")}), Refused("Tệp bị hỏng, Excel không mở được nội dung.")),
    Kind("invalid-cell-reference", lambda: edited(report("ref"), {SHEET: replaced(b'r="H8"', b'r="H0"')}), Refused(
        "Tệp bị hỏng: trang tính 'Báo cáo' có một ô mang địa chỉ không hợp lệ 'H0'. Hãy mở tệp bằng Excel, lưu lại "
        "rồi gửi lại.")),
    Kind("text-before-the-root", lambda: edited(report("garbage"), {SHEET: lambda c: b"garbage " + c}), Refused(
        f"Tệp bị hỏng: phần '{SHEET}' không phải XML hợp lệ", whole=False)),
    Kind("merged-area-to-column-xfd", _merged_to_the_end, ReadSafely(stored("merged"))),
    Kind("dimension-that-lies", lambda: edited(report("dimension"), {SHEET: replaced(
        b'<dimension ref="A1:I8"/>', b'<dimension ref="A1:XFD1048576"/>')}), ReadSafely(stored("dimension"))),
    Kind("zip-slip-entry", lambda: edited(report("zip slip"), {"../../../../tmp/cchc-zip-slip.sh": b"#!/bin/sh\n"}),
         ReadSafely(stored("zip slip"))),
    Kind("embedded-program", _embedded_program, ReadSafely(stored("embedded"))),
    Kind("macro-project", lambda: edited(as_xlsm(report("macro")), {WORKBOOK_RELS: replaced(
        b"</Relationships>", b'<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/relationships/'
        b'vbaProject" Target="vbaProject.bin"/></Relationships>')}), ReadSafely(stored("macro"), "bao-cao.xlsm"),
        "bao-cao.xlsm"),
    Kind("xinclude-element", lambda: edited(report("xinclude"), {SHEET: replaced(
        b"</sheetData>", b'</sheetData><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"'
        b' parse="text"/>')}), ReadSafely(stored("xinclude"))),
    # formulas and links
    Kind("external-link-formula", lambda: with_cached_formula(report("external"), "F7", "[1]TongHop!F7", "45"),
         Refused(OTHER_FILE.format("[1]TongHop!F7"), "F7")),
    Kind("external-path-formula", lambda: with_cached_formula(
        report("path"), "H8", "'file:///C:/bao-cao/[so-lieu.xlsx]Sheet1'!H8", "72.5"),
        Refused(OTHER_FILE.format("'file:///C:/bao-cao/[so-lieu.xlsx]Sheet1'!H8"), "H8")),
    Kind("external-defined-name", _external_defined_name, Refused(OTHER_FILE.format("SoLieuQuy"), "F7")),
    Kind("dde-formula", lambda: with_cached_formula(report("dde"), "H8", "cmd|'/c calc.exe'!A0", "72.5"), Refused(
        "Ô có công thức gọi chương trình hoặc dịch vụ bên ngoài (DDE) 'cmd|'/c calc.exe'!A0': công thức như vậy có thể "
        "chạy lệnh trên máy mở tệp, hệ thống không dùng kết quả của nó. Hãy nhập giá trị thay cho công thức rồi gửi lại.",
        "H8")),
    Kind("hyperlink-to-file", _hyperlink_to_a_file, ReadSafely(stored("hyperlink"))),
    Kind("hyperlink-formula-to-file", lambda: edited(report("hyperlink formula"), {SHEET: put_cell(
        "I8", b'<c r="I8" t="str"><f>HYPERLINK("file:///C:/Windows/System32/calc.exe","Xem minh chung")</f>'
              b"<v>Xem minh chung</v></c>")}), ReadSafely(stored("Xem minh chung"))),
    Kind("formula-typed-as-text", lambda: edited(report("as text"), {SHEET: put_cell(
        "I8", inline("I8", "=cmd|' /C calc'!A0"))}), ReadSafely(stored("=cmd|' /C calc'!A0"))),
    # other formats under an Excel name
    Kind("csv-renamed", _csv, Refused("Tệp là tệp văn bản CSV (các cột cách nhau bằng dấu phẩy, chấm phẩy hoặc tab), "
                                      f"không phải bảng tính Excel. {SAVE_AS}")),
    Kind("utf16-tab-text-renamed", lambda: "Mã chỉ tiêu\tTử số\r\nTTHC-3.1\t45\r\n".encode("utf-16"), Refused(
        "Tệp là tệp văn bản CSV (các cột cách nhau bằng dấu phẩy, chấm phẩy hoặc tab), "
        f"không phải bảng tính Excel. {SAVE_AS}")),
    Kind("html-renamed", _html, Refused("Tệp là trang web (HTML) mang tên tệp Excel (nhiều phần mềm xuất \"Excel\" "
                                        f"theo cách này), không phải bảng tính Excel. {SAVE_AS}")),
    Kind("xml-spreadsheet-2003-renamed", _spreadsheet_2003, Refused(
        f"Tệp là bảng tính dạng XML 2003 (XML Spreadsheet), không phải bảng tính Excel. {SAVE_AS}")),
    Kind("ods-renamed", _ods, Refused("Tệp là bảng tính OpenDocument (.ods, của LibreOffice hoặc OpenOffice) được đổi "
                                      f"tên, không phải bảng tính Excel. {SAVE_AS}")),
    Kind("xlsb-renamed", _xlsb, Refused(f"Tệp là bảng tính Excel dạng nhị phân (.xlsb), không phải bảng tính Excel. {SAVE_AS}")),
    Kind("docx-renamed", _docx, Refused("Tệp là văn bản Word (.docx), không phải bảng tính Excel. Hãy gửi tệp Excel "
                                        "của báo cáo.")),
    Kind("pdf-renamed", lambda: b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n", Refused(
        "Tệp là tài liệu PDF, không phải bảng tính Excel. Hãy gửi tệp Excel của báo cáo.")),
    Kind("doc-renamed-xls", _word_document_as_xls, Refused(
        "Tệp là văn bản Word cũ (.doc), không phải bảng tính Excel. Hãy gửi tệp Excel của báo cáo."), "bao-cao.xls"),
    # legacy .xls with a broken compound file
    Kind("xls-directory-out-of-range", _directory_out_of_range, Refused(BROKEN_OLE), "bao-cao.xls"),
    Kind("xls-directory-cycle", _directory_cycle, Refused(DAMAGED_XLS), "bao-cao.xls"),
    Kind("xls-allocation-loop", _allocation_loop, Refused(DAMAGED_XLS), "bao-cao.xls"),
    Kind("xls-directory-garbage", _directory_garbage, Refused(BROKEN_OLE), "bao-cao.xls"),
    Kind("xls-truncated", lambda: _xls()[:2600], Refused(BROKEN_OLE), "bao-cao.xls"),
    Kind("xls-value-at-iv65001", _xls_far_cell, Refused(
        f"{SAFETY}trang tính 'Báo cáo' có dữ liệu ở ô IV65001, vượt giới hạn 10.000 dòng", whole=False), "bao-cao.xls"),
    # hidden and protected sheets
    Kind("all-sheets-hidden", lambda: edited(report("all hidden"), {WORKBOOK: replaced(
        b'state="visible"', b'state="hidden"')}), Refused("Tất cả trang tính trong tệp đều bị ẩn", whole=False)),
    Kind("report-on-a-hidden-sheet", _report_on_a_hidden_sheet, Refused(
        "Bảng số liệu nằm ở trang tính đang bị ẩn 'Báo cáo'. Hãy bỏ ẩn trang này (nhấn chuột phải vào tên một trang › "
        "Bỏ ẩn), lưu lại rồi gửi lại.")),
    Kind("very-hidden-decoy-sheet", _hidden_decoy, ReadSafely(stored("decoy"))),
    Kind("password-protected-sheet", _protected_sheet, ReadSafely(stored("protected sheet"))),
    Kind("password-protected-structure", _protected_workbook, ReadSafely(stored("protected workbook"))),
    # text
    # (openpyxl cuts text at Excel's 32.767 characters: these cells are written as XML)
    Kind("note-of-100000-characters", lambda: edited(report("long"), {SHEET: put_cell("I8", inline("I8", "x" * 100_000))}),
         Refused(LONG_TEXT, "I8")),
    Kind("unit-code-of-100000-characters", lambda: edited(report("long code"), {SHEET: put_cell(
        "C1", inline("C1", "H" * 100_000))}), Refused(LONG_TEXT, "C1")),
    Kind("100000-characters-above-the-table", lambda: edited(report("long title"), {SHEET: put_cell(
        "A1", inline("A1", "Mã đơn vị " * 10_000))}), ReadSafely(stored("long title"))),
    Kind("control-and-bidi-characters", _control_and_bidi_text, ReadSafely(stored(
        "Đã tập huấn cho cán bộ, công chức"))),
    Kind("unit-code-in-cyrillic", lambda: report("cyrillic", unit="Н436"), Refused(
        "Mã đơn vị 'Н436' " + LOOK_ALIKE.format("'Н' (chữ Kirin)"), "C1")),
    Kind("unit-code-greek-and-cyrillic", lambda: report("greek", unit="Η4З6"), Refused(
        "Mã đơn vị 'Η4З6' " + LOOK_ALIKE.format("'Η' (chữ Hy Lạp), 'З' (chữ Kirin)"), "C1")),
    Kind("target-code-in-cyrillic", lambda: edited(report("target"), {SHEET: put_cell("B7", inline("B7", "ТТНС-3.1"))}),
         Refused("Mã chỉ tiêu 'ТТНС-3.1' " + LOOK_ALIKE.format("'Т' (chữ Kirin), 'Н' (chữ Kirin), 'С' (chữ Kirin)"), "B7")),
    Kind("target-code-with-invisible-characters", lambda: edited(report("invisible"), {SHEET: put_cell(
        "B7", inline("B7", "TTHC\u202e-3.1\u200b"))}), Refused(
        "Mã chỉ tiêu 'TTHC-3.1' có ký tự ẩn hoặc ký tự điều khiển (U+202E, U+200B): mã nhìn thấy có thể khác với mã "
        "trong ô. Hãy xoá ô và gõ lại mã rồi gửi lại.", "B7")),
    Kind("unit-code-in-full-width-digits", lambda: report("full width", unit="Ｈ４３６"), ReadSafely(stored("full width"))),
    Kind("infinite-number", lambda: edited(report("inf"), {SHEET: replaced(b"<v>72.5</v>", b"<v>inf</v>")}), Refused(
        "Kết quả 'inf' không phải là số.", "H8")),
    # names
    Kind("name-with-dot-dot-slash", lambda: report("dot dot"), ReadSafely(stored("dot dot"), "bao-cao.xlsx"),
         "../../../etc/cron.d/bao-cao.xlsx"),
    Kind("name-with-windows-path", lambda: report("windows"), ReadSafely(stored("windows"), "bao cao quy II.xlsx"),
         "..\\..\\Windows\\System32\\bao cao quy II.xlsx"),
    Kind("name-with-control-characters", lambda: report("nul"), ReadSafely(stored("nul"), "baocao.xlsx"),
         "bao\x00cao\x07\r\n.xlsx"),
    Kind("name-with-bidi-override", lambda: report("rlo"), ReadSafely(stored("rlo"), "bao-cao-xslx.exe"),
         "bao-cao-\u202exslx.exe"),
    Kind("name-of-300-characters", lambda: report("long name"), ReadSafely(stored("long name"), "á" * 97 + ".xlsx"),
         "á" * 300 + ".xlsx"),
    Kind("name-of-dots-only", lambda: report("dots"), ReadSafely(stored("dots"), "tệp không tên"), ".."),
]
