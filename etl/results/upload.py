"""What the Kết quả công bố page (administrators) does: a national table uploaded and checked cell by cell, with a
preview of which columns were read as what and what importing it would change; the import of that previewed table
once confirmed; one province's values entered by hand. Each step is audited; each function taking a user checks
the role (:mod:`cchc.permissions`). The reading and writing are :mod:`etl.results.reader` and
:mod:`etl.results.loader` (the page calls this module, as the glue above etl may; nothing in ``cchc`` does).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from cchc import auth
from cchc.store import db, journal
from etl.results.loader import Changes, components, enter_by_hand, import_edition, preview, province_names
from etl.results.reader import Reading, Result, read_table


class StalePreview(Exception):
    """The confirmation is not for the previewed table, or the edition changed since the preview. Vietnamese."""


@dataclass
class ResultsUpload:
    """An uploaded table as checked for an edition: its reading (problems or results) and what importing it would
    change."""

    name: str
    sha256: str
    index_code: str
    year: int
    among: int
    reading: Reading
    changes: Changes = field(default_factory=Changes)

    @property
    def loadable(self) -> bool:
        return not self.reading.problems and bool(self.reading.results)


def read_upload(conn: db.Connection, data: bytes, name: str, index_code: str, year: int, among: int) -> ResultsUpload:
    """Read the table as the edition's and preview what importing it would change; writes nothing."""
    reading = read_table(data, name, index_code, components(conn, index_code), province_names(conn), among)
    upload = ResultsUpload(name, hashlib.sha256(data).hexdigest(), index_code, year, among, reading)
    if upload.loadable:
        upload.changes = preview(conn, index_code, year, reading.results)
    return upload


def check_upload(conn: db.Connection, user: auth.User, data: bytes, name: str, index_code: str, year: int,
                 among: int) -> ResultsUpload:
    """:func:`read_upload`, audited (file, size, problems, what it would change)."""
    auth.require(user, "manage")
    upload = read_upload(conn, data, name, index_code, year, among)
    reading = upload.reading
    with db.transaction(conn) as cur:
        journal.record(cur, user.username, "results_upload", "province_results", f"{index_code} {year}", {
            "file": name, "sha256": upload.sha256, "bytes": len(data), "problems": len(reading.problems),
            "provinces": reading.provinces, **upload.changes.summary()})
    return upload


def load(conn: db.Connection, user: auth.User, upload: ResultsUpload, confirmed_sha256: str, source_url: str) -> Changes:
    """Import the previewed table as its edition. The confirmation must be for that table, and the preview must
    still be what importing does (another import since raises :class:`StalePreview`)."""
    auth.require(user, "manage")
    if not upload.loadable or confirmed_sha256 != upload.sha256:
        raise StalePreview("Bảng đã thay đổi sau khi xem trước: chưa nạp gì. Hãy xem lại bản xem trước rồi xác nhận.")
    if preview(conn, upload.index_code, upload.year, upload.reading.results) != upload.changes:
        raise StalePreview(f"Kết quả {upload.index_code} {upload.year} vừa thay đổi sau khi xem trước (có thể do người "
                           "khác nạp): chưa nạp gì. Hãy xem lại bản xem trước mới rồi xác nhận.")
    return import_edition(conn, upload.index_code, upload.year, upload.reading.results, source_url, user.username,
                          upload.name, upload.sha256)


def enter(conn: db.Connection, user: auth.User, index_code: str, year: int, province_code: str, score: float | None,
          rank: int | None, rank_of: int | None, source_url: str, note: str | None) -> Changes:
    """One province's total of an edition, entered by hand (a source address required)."""
    auth.require(user, "manage")
    return enter_by_hand(conn, index_code, year, province_code,
                         [Result(province_code, "TOTAL", score, rank, rank_of, None)], source_url, note, user.username)


def provinces(conn: db.Connection, among: int) -> list[tuple[str, str]]:
    """The provinces of a set (63 or 34) as (code, name), by name."""
    return [(code, name) for code, name in db.query_rows(
        conn, "SELECT code, name FROM provinces WHERE ranked_among = ? ORDER BY name", [among])]


def problem_table(upload: ResultsUpload) -> pd.DataFrame:
    """The problems as the page lists them: sheet, cell, message."""
    return pd.DataFrame([[p.sheet or "–", p.cell or "–", p.message] for p in upload.reading.problems],
                        columns=["Trang tính", "Ô", "Nội dung"])


def column_table(upload: ResultsUpload, names: dict[str, str]) -> pd.DataFrame:
    """Which column of the table was read as what (``names``: component code → its name), and those left out."""
    rows = [[header, names.get(meaning, "Xếp hạng" if meaning == "rank" else meaning)]
            for header, meaning in upload.reading.columns.items()]
    rows += [[header, "(bỏ qua)"] for header in upload.reading.ignored_columns]
    return pd.DataFrame(rows, columns=["Cột trong bảng", "Đọc là"])
