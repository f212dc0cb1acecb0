"""The audit log for administrators (the Nhật ký page): who uploaded, what was accepted or rejected, who changed
accounts, who signed in, filtered by date, person, kind of action and free text. Its queries read the log
(written by :mod:`cchc.store.journal`) for this page alone.
"""
from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd

from cchc import auth
from cchc.store import db

# Vietnamese names of the actions written to audit_log, grouped as the audit page offers them.
ACTIONS = {
    "ingest_accepted": "Nhận báo cáo",
    "ingest_rejected": "Từ chối báo cáo",
    "ingest_duplicate": "Gửi lại tệp đã có",
    "user_add": "Tạo tài khoản",
    "user_passwd": "Đổi mật khẩu",
    "user_disable": "Vô hiệu hóa tài khoản",
    "user_enable": "Mở lại tài khoản",
    "sign_in": "Đăng nhập",
    "sign_in_failed": "Đăng nhập sai",
    "sign_in_throttled": "Đăng nhập bị tạm ngừng (sai nhiều lần từ một địa chỉ)",
    "sign_out": "Đăng xuất",
    "prune_sessions": "Xóa phiên đăng nhập cũ",
    "load_catalog": "Nạp danh mục",
    "restore": "Khôi phục từ bản sao lưu",
    "plan_upload": "Tải lên tệp kế hoạch",
    "plan_preview": "Xem trước thay đổi kế hoạch",
    "plan_import": "Nạp kế hoạch",
    "plan_refused": "Từ chối nạp kế hoạch",
}
ENTITIES = {"submissions": "Bản nộp số", "users": "Tài khoản", "backups": "Bản sao lưu", "plans": "Kế hoạch năm"}
HIDDEN_DETAILS = {"sha256"}    # too long to read; the log in the database keeps it
GROUPS = {
    "submissions": ("ingest_accepted", "ingest_rejected", "ingest_duplicate"),
    "accounts": ("user_add", "user_passwd", "user_disable", "user_enable"),
    "sign_ins": ("sign_in", "sign_in_failed", "sign_in_throttled", "sign_out", "prune_sessions"),
    "system": ("load_catalog", "plan_upload", "plan_preview", "plan_import", "plan_refused"),
}
GROUP_TEXT = {"submissions": "Nộp báo cáo", "accounts": "Tài khoản", "sign_ins": "Đăng nhập, đăng xuất",
              "system": "Danh mục, kế hoạch"}


def actors(conn: db.Connection, user: auth.User) -> list[str]:
    """Everyone who appears in the log, for the filter."""
    auth.require(user, "manage")
    return [r[0] for r in db.query_rows(conn, "SELECT DISTINCT actor FROM audit_log ORDER BY actor")]


def entries(conn: db.Connection, user: auth.User, since: date, until: date, people: list[str] | None = None,
            groups: list[str] | None = None, text: str = "", limit: int = 5000) -> pd.DataFrame:
    """Log entries from ``since`` to ``until`` (both days included), newest first.

    ``people`` and ``groups`` (keys of :data:`GROUPS`) narrow the list when given; ``text`` is looked for,
    case-insensitively, in the entity and the details.
    """
    auth.require(user, "manage")
    sql = ["SELECT id, logged_at, actor, action, entity, entity_id, detail FROM audit_log "
           "WHERE logged_at >= ? AND logged_at < ?"]
    params: list[object] = [since, until + timedelta(days=1)]
    if people:
        sql.append("AND actor = ANY(?)")
        params.append(list(people))
    if groups:
        sql.append("AND action = ANY(?)")
        params.append([action for group in groups for action in GROUPS[group]])
    if text.strip():
        sql.append("AND (entity_id ILIKE ? OR detail ILIKE ? OR actor ILIKE ?)")
        params += [f"%{text.strip()}%"] * 3
    sql.append("ORDER BY id DESC LIMIT ?")
    params.append(limit)
    return db.query_df(conn, " ".join(sql), params)


def _details(text: str | None) -> str:
    """The JSON details as "key: value" pairs a person can read."""
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return text or ""
    if not isinstance(found, dict):
        return str(found)
    return "; ".join(f"{key}: {value}" for key, value in found.items()
                     if value not in (None, "", [], {}) and key not in HIDDEN_DETAILS)


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """The entries as the page shows them, with Vietnamese headers (the sha256 of files left out)."""
    return pd.DataFrame({
        "Thời điểm": frame["logged_at"],
        "Người thực hiện": frame["actor"],
        "Việc": frame["action"].map(lambda a: ACTIONS.get(a, a)),
        "Đối tượng": (frame["entity"].map(lambda e: ENTITIES.get(e, e)).fillna("") + " "
                      + frame["entity_id"].fillna("")).str.strip(),
        "Chi tiết": frame["detail"].map(_details),
    })
