"""Checks on the raw bytes of an upload before any parsing: size, file type, encryption, zip bombs,
hostile package parts; and the name the file came with, made safe to store.

An .xlsx/.xlsm file is a zip archive; a legacy .xls (and any password-encrypted Office file) is an
OLE2 compound file. Anything else is not a workbook, and the message says what the file really is (a CSV
file, a web page or an OpenDocument spreadsheet renamed to .xlsx…), judged from its bytes, never from its
name. The limits are generous for a report of a few hundred rows and tight enough that a crafted archive
cannot exhaust the server.
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass

import olefile

from cchc.formatting import format_number
from cchc.text import nfc, squash_spaces
from etl.reading.errors import FileRejected
from etl.reading.package import check_package
from etl.reading.values import strip_invisible

__all__ = ["MAX_FILE_BYTES", "FileKind", "FileRejected", "check_file", "clean_filename"]

MAX_FILE_BYTES = 20 * 1024 * 1024          # also Streamlit's server.maxUploadSize (MB)
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200                # real workbooks stay far below; zip bombs reach thousands
MAX_FILENAME_BYTES = 200                   # in UTF-8, with room to spare under the 255 of every file system
UNNAMED = "tệp không tên"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BROKEN = "Tệp bị hỏng hoặc không phải là bảng tính Excel."
_SAVE_AS_XLSX = "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) › Excel Workbook (.xlsx) rồi gửi lại."
_SEND_EXCEL = "Hãy gửi tệp Excel của báo cáo."
_UNZIP = "Hãy giải nén rồi gửi tệp Excel ở bên trong."
# what the first bytes say a file is, and what to do
_SIGNATURES = (
    (b"%PDF-", "tài liệu PDF", _SEND_EXCEL),
    (b"\x89PNG", "ảnh PNG", _SEND_EXCEL),
    (b"\xff\xd8\xff", "ảnh JPEG", _SEND_EXCEL),
    (b"GIF8", "ảnh GIF", _SEND_EXCEL),
    (b"{\\rtf", "văn bản RTF", _SEND_EXCEL),
    (b"Rar!", "tệp nén RAR", _UNZIP),
    (b"7z\xbc\xaf\x27\x1c", "tệp nén 7z", _UNZIP),
    (b"\x1f\x8b", "tệp nén gzip", _UNZIP),
)
# zip parts (or the OpenDocument mimetype) that tell the other zip-based formats
_ZIP_KINDS = (
    ("xl/workbook.bin", "bảng tính Excel dạng nhị phân (.xlsb)", _SAVE_AS_XLSX),
    ("word/document.xml", "văn bản Word (.docx)", _SEND_EXCEL),
    ("ppt/presentation.xml", "bản trình chiếu PowerPoint (.pptx)", _SEND_EXCEL),
)
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.spreadsheet": "bảng tính OpenDocument (.ods, của LibreOffice hoặc OpenOffice)",
    b"application/vnd.oasis.opendocument.text": "văn bản OpenDocument (.odt)",
    b"application/vnd.oasis.opendocument.presentation": "bản trình chiếu OpenDocument (.odp)",
}
_OLE_KINDS = (("WordDocument", "văn bản Word cũ (.doc)"), ("PowerPoint Document", "bản trình chiếu PowerPoint cũ (.ppt)"))
_UNSAFE_IN_NAMES = re.compile(r'[<>:"|?*]')   # not allowed in Windows file names, where the file goes back to


@dataclass(frozen=True)
class FileKind:
    """What the bytes are: ``xlsx``, ``xlsm`` or ``xls``."""

    format: str


def _megabytes(size: int) -> str:
    return format_number(size / 1024 / 1024, 1) + " MB"


def _not_a_workbook(what: str, hint: str) -> FileRejected:
    return FileRejected(f"Tệp là {what}, không phải bảng tính Excel. {hint}")


def check_zip(data: bytes) -> str:
    """Validate an OOXML archive; returns ``xlsx`` or ``xlsm``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(_BROKEN) from None
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise FileRejected(
            f"Tệp bị từ chối vì an toàn: khi giải nén lên tới {_megabytes(total)} "
            f"(gấp {format_number(total / packed)} lần kích thước tệp), không giống một báo cáo Excel thật."
        )
    names = {e.filename for e in entries}
    if "mimetype" in names:
        with archive.open("mimetype") as stream:
            mimetype = stream.read(100).strip()
        if mimetype in _OPENDOCUMENT:
            raise _not_a_workbook(_OPENDOCUMENT[mimetype] + " được đổi tên", _SAVE_AS_XLSX)
    for part, what, hint in _ZIP_KINDS:
        if part in names:
            raise _not_a_workbook(what, hint)
    if "xl/workbook.xml" not in names:
        raise _not_a_workbook("một tệp nén (zip)", _UNZIP)
    check_package(archive)
    return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"


def check_ole(data: bytes) -> str:
    """Validate an OLE2 compound file: a legacy .xls workbook, not an encrypted package."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(path) for path in ole.listdir()}
    except Exception:  # noqa: BLE001 - a broken directory or allocation table raises many kinds of error
        streams = set()
    if not streams:   # a real .xls, .doc or .ppt always holds streams: its directory is broken
        raise FileRejected("Tệp .xls bị hỏng: cấu trúc bên trong tệp (thư mục OLE) không hợp lệ, không đọc được. "
                           "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.")
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise FileRejected("Tệp đã được đặt mật khẩu. Hãy bỏ mật khẩu (File › Info › Protect Workbook) rồi gửi lại.")
    if not streams & {"Workbook", "Book"}:
        for stream, what in _OLE_KINDS:
            if stream in streams:
                raise _not_a_workbook(what, _SEND_EXCEL)
        raise FileRejected("Tệp không phải là bảng tính Excel (có thể là tệp Word hoặc PowerPoint cũ).")
    return "xls"


def _as_text(data: bytes) -> str | None:
    """The beginning of the file as text, if it is text (UTF-16 with its mark, UTF-8, or an 8-bit code page)."""
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    else:
        try:
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            text = head.decode("cp1258", errors="replace")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n")
    return text if text and controls <= len(text) // 100 else None


def _describe_text(text: str) -> tuple[str, str]:
    """What a text file is: CSV, a web page saved with an Excel name, an Excel 2003 XML file, XML or plain text."""
    start = text.lstrip().lower()[:4096]
    if "urn:schemas-microsoft-com:office:spreadsheet" in start:
        return "bảng tính dạng XML 2003 (XML Spreadsheet)", _SAVE_AS_XLSX
    if any(tag in start for tag in ("<html", "<!doctype html", "<table", "<head", "<meta")):
        return "trang web (HTML) mang tên tệp Excel (nhiều phần mềm xuất \"Excel\" theo cách này)", _SAVE_AS_XLSX
    if start.startswith("<"):
        return "tệp XML", _SEND_EXCEL
    first_line = start.split("\n", 1)[0]
    if any(separator in first_line for separator in ",;\t"):
        return "tệp văn bản CSV (các cột cách nhau bằng dấu phẩy, chấm phẩy hoặc tab)", _SAVE_AS_XLSX
    return "tệp văn bản", _SEND_EXCEL


def check_file(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> FileKind:
    """Reject empty, oversized, encrypted, non-workbook, bomb-like and hostile files; say what the file is."""
    if not data:
        raise FileRejected("Tệp rỗng (0 byte).")
    if len(data) > max_bytes:
        raise FileRejected(f"Tệp dung lượng {_megabytes(len(data))}, vượt giới hạn {_megabytes(max_bytes)}.")
    if data.startswith(b"PK\x03\x04"):
        return FileKind(check_zip(data))
    if data.startswith(_OLE_MAGIC):
        return FileKind(check_ole(data))
    for signature, what, hint in _SIGNATURES:
        if data.startswith(signature):
            raise _not_a_workbook(what, hint)
    text = _as_text(data)
    if text is not None:
        raise _not_a_workbook(*_describe_text(text))
    raise FileRejected("Tệp không phải là bảng tính Excel (.xlsx, .xlsm hoặc .xls).")


def clean_filename(name: str) -> str:
    """The name a file came with, safe to store and to offer back for download: its last part only (no folder,
    no "../"), without control or bidirectional-override characters nor the characters Windows forbids,
    in NFC, at most :data:`MAX_FILENAME_BYTES` bytes with its extension kept, and never empty."""
    base = re.split(r"[/\\]", strip_invisible(str(name)))[-1]
    base = nfc(squash_spaces(_UNSAFE_IN_NAMES.sub("_", base)))
    stem, dot, extension = base.rpartition(".")
    if not dot or not extension.isalnum() or len(extension) > 10:
        stem, extension = base, ""
    suffix = "." + extension if extension else ""
    room = MAX_FILENAME_BYTES - len(suffix.encode())
    stem = stem.encode()[:room].decode("utf-8", errors="ignore").strip(" .")
    return (stem or UNNAMED) + suffix
