"""`python -m etl rebuild --from-archive`: make a database again from the archive of received files alone.

The archive keeps every received file's bytes and, in its log, who sent it, when, what the sender said it was
and the day it was judged by (:mod:`etl.reports.archive`). Replaying every file in its original order, with its
original submission number, sender and time, through the same ingest path gives the same submissions, problem
lists, current values and board as the database that was lost. Accounts, sessions and the audit log are not in
the archive: they come from a backup (``python -m etl backup``).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from cchc.applicability import Catalog
from cchc.store import db
from etl.reports import archive
from etl.reports.ingest import ingest_bytes
from etl.reports.validation import Expected


class RebuildError(ValueError):
    """The rebuild cannot start or cannot trust a file; the message is Vietnamese."""


@dataclass
class RebuildReport:
    """What a rebuild replayed, and any file whose outcome differs from the one logged."""

    files: int = 0
    accepted: int = 0
    rejected: int = 0
    differences: list[str] = field(default_factory=list)


def rebuild(conn: db.Connection, source: Path, target: Path,
            progress: Callable[[int, int], None] | None = None) -> RebuildReport:
    """Replay every file logged in the archive ``source`` into ``conn`` (initialised, with no submissions),
    archiving them again in ``target``."""
    if Path(source).resolve() == Path(target).resolve():
        raise RebuildError("Kho lưu trữ đích phải khác kho nguồn: chọn cơ sở dữ liệu mới ở thư mục khác "
                           "hoặc đặt --archive.")
    if db.query_rows(conn, "SELECT count(*) FROM submissions")[0][0]:
        raise RebuildError("Cơ sở dữ liệu đích đã có bản nộp: hãy dựng lại vào một cơ sở dữ liệu mới.")
    entries = archive.log_entries(source)
    if not entries:
        raise RebuildError(f"Không tìm thấy tệp nào trong nhật ký của kho lưu trữ {source}.")
    catalog, report = Catalog(conn), RebuildReport()
    for number, entry in enumerate(entries, start=1):
        path = archive.final_path(source, entry["sha256"], entry["filename"])
        try:
            data = path.read_bytes()
        except OSError:
            raise RebuildError(f"Thiếu tệp {path} (bản nộp số {entry.get('id', '?')}) trong kho lưu trữ.") from None
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise RebuildError(f"Tệp {path} không khớp mã SHA-256 của nó: kho lưu trữ đã bị thay đổi.")
        at = datetime.fromisoformat(entry["at"])
        result = ingest_bytes(conn, data, entry["filename"], entry["by"], target,
                              expected=Expected(**entry.get("expected", {})),
                              today=date.fromisoformat(entry["today"]) if entry.get("today") else at.date(),
                              uploaded_at=at, is_sample=entry.get("is_sample", False), catalog=catalog,
                              submission_id=entry.get("id"))
        report.files += 1
        report.accepted += result.status == "accepted"
        report.rejected += result.status == "rejected"
        if entry.get("status") and entry["status"] != result.status:
            report.differences.append(f"Bản nộp số {entry.get('id')} ('{entry['filename']}'): lúc nhận là "
                                      f"{entry['status']}, khi dựng lại là {result.status}.")
        if progress:
            progress(number, len(entries))
    with db.transaction(conn) as cur:
        found = cur.execute("SELECT max(id) FROM submissions").fetchone()
        assert found is not None        # an aggregate without GROUP BY gives one row
        db.continue_sequence(cur, "submissions_id", found[0])
        # sample files came from `init --demo`: the app must not load them a second time
        cur.execute("INSERT INTO sample_data SELECT min(uploaded_at), max(uploaded_at) FROM submissions "
                    "WHERE is_sample HAVING count(*) > 0 AND NOT EXISTS (SELECT 1 FROM sample_data)")
    return report
