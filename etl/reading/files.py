"""Checks on the raw bytes of an upload before any parsing: size, file type, encryption, zip bombs.

An .xlsx/.xlsm file is a zip archive; a legacy .xls (and any password-encrypted Office file) is an
OLE2 compound file. Anything else is not a workbook. The limits are generous for a report of a few
hundred rows and tight enough that a crafted archive cannot exhaust the server.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import olefile

from cchc.formatting import format_number

MAX_FILE_BYTES = 20 * 1024 * 1024          # also Streamlit's server.maxUploadSize (MB)
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200                # real workbooks stay far below; zip bombs reach thousands
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRejected(Exception):
    """The file cannot be read as a report; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class FileKind:
    """What the bytes are: ``xlsx``, ``xlsm`` or ``xls``."""

    format: str


def _megabytes(size: int) -> str:
    return format_number(size / 1024 / 1024, 1) + " MB"


def check_zip(data: bytes) -> str:
    """Validate an OOXML archive; returns ``xlsx`` or ``xlsm``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected("Tệp bị hỏng hoặc không phải là bảng tính Excel.") from None
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise FileRejected(
            f"Tệp bị từ chối vì an toàn: khi giải nén lên tới {_megabytes(total)} "
            f"(gấp {format_number(total / packed)} lần kích thước tệp), không giống một báo cáo Excel thật."
        )
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise FileRejected("Tệp không phải là bảng tính Excel (có thể là tệp Word hoặc tệp nén khác).")
    return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"


def check_ole(data: bytes) -> str:
    """Validate an OLE2 compound file: a legacy .xls workbook, not an encrypted package."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except OSError:
        raise FileRejected("Tệp bị hỏng hoặc không phải là bảng tính Excel.") from None
    streams = {"/".join(path) for path in ole.listdir()}
    ole.close()
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise FileRejected("Tệp đã được đặt mật khẩu. Hãy bỏ mật khẩu (File › Info › Protect Workbook) rồi gửi lại.")
    if not streams & {"Workbook", "Book"}:
        raise FileRejected("Tệp không phải là bảng tính Excel (có thể là tệp Word hoặc PowerPoint cũ).")
    return "xls"


def check_file(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> FileKind:
    """Reject empty, oversized, encrypted, non-workbook and bomb-like files; say what the file is."""
    if not data:
        raise FileRejected("Tệp rỗng (0 byte).")
    if len(data) > max_bytes:
        raise FileRejected(f"Tệp dung lượng {_megabytes(len(data))}, vượt giới hạn {_megabytes(max_bytes)}.")
    if data.startswith(b"PK\x03\x04"):
        return FileKind(check_zip(data))
    if data.startswith(_OLE_MAGIC):
        return FileKind(check_ole(data))
    raise FileRejected("Tệp không phải là bảng tính Excel (.xlsx, .xlsm hoặc .xls).")
