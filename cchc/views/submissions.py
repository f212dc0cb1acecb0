"""One unit's submissions as its reporter sees them: the history, each file's problem list, and the
original bytes from the archive. Every function checks the signed-in user first (:func:`cchc.auth.require`).
Its SQL reads the submissions and problem lists of the one unit asked about, and their senders' names.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from cchc import auth
from cchc.store import db


class FileMissing(OSError):
    """The archived copy of a submission is no longer on disk."""


def history(conn: db.Connection, user: auth.User, unit_code: str) -> pd.DataFrame:
    """Every file sent for ``unit_code``, newest first, with its outcome and problem counts, and the sender's name
    (``sender_name``: the account's display name; None for the command line, the sample data or an account without
    one).

    Files the user sent that could not be read far enough to name a unit are included too, so a
    reporter can find what happened to every file they sent.
    """
    auth.require(user, "read", unit_code)
    return db.query_df(conn, """
        SELECT s.id, s.uploaded_at, s.filename, s.kind, s.period, s.status, s.uploaded_by, u.display_name AS sender_name,
               s.superseded_by, s.size_bytes, s.is_sample,
               (SELECT count(*) FROM submission_problems p WHERE p.submission_id = s.id AND p.severity = 'error') AS errors,
               (SELECT count(*) FROM submission_problems p WHERE p.submission_id = s.id AND p.severity = 'warning') AS warnings
        FROM submissions s LEFT JOIN users u ON u.username = s.uploaded_by
        WHERE s.unit_code = ? OR (s.unit_code IS NULL AND s.uploaded_by = ?)
        ORDER BY s.uploaded_at DESC, s.id DESC""", [unit_code, user.username])


def _submission(conn: db.Connection, user: auth.User | None, submission_id: int) -> tuple:
    """The file name, archive path and SHA-256 of a submission ``user`` may read.

    A submission of another unit is answered as one that does not exist: trying numbers (in the address or
    a widget) tells a reporter nothing about other units' files.
    """
    auth.require(user, "read", user.unit_code if user else None)    # signed in, and reads some unit's data
    assert user is not None     # require() refuses None
    rows = db.query_rows(conn, "SELECT filename, archive_path, sha256, unit_code, uploaded_by FROM submissions "
                               "WHERE id = ?", [submission_id])
    if rows:
        filename, path, sha256, unit_code, uploaded_by = rows[0]
        try:
            if not (unit_code is None and uploaded_by == user.username):   # too broken to name a unit: the sender's
                auth.require(user, "read", unit_code)
            return filename, path, sha256
        except auth.PermissionDenied:
            pass
    raise auth.PermissionDenied(f"Không có bản nộp số {submission_id}"
                                + (f" trong các báo cáo của đơn vị {user.unit_code}." if user.unit_code else "."))


def problems(conn: db.Connection, user: auth.User, submission_id: int) -> pd.DataFrame:
    """The problem list of one submission (severity, sheet, cell, value, message), in order."""
    _submission(conn, user, submission_id)
    return db.query_df(conn, "SELECT severity, sheet, cell, value, message FROM submission_problems "
                             "WHERE submission_id = ? ORDER BY seq", [submission_id])


def original(conn: db.Connection, user: auth.User, submission_id: int) -> tuple[str, bytes]:
    """The file exactly as it was sent: its name and bytes from the archive."""
    filename, path, sha256 = _submission(conn, user, submission_id)
    try:
        return filename, Path(path).read_bytes()
    except OSError as missing:
        raise FileMissing(f"Không tìm thấy bản lưu của tệp '{filename}' (mã {sha256[:12]}…) trong kho lưu trữ.") \
            from missing
