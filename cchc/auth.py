"""Local accounts and roles: who may read and write what.

Roles: ``admin`` (Sở Nội vụ: everything, users, catalogs), ``reporter`` (bound to one unit: its templates
and uploads only), ``viewer`` (leadership: reads everything, writes nothing). Passwords are hashed with
Argon2 (argon2-cffi) and never stored, logged or audited in clear. Repeated failed sign-ins lock the
account for a time that doubles with each further failure.

The checks here (:func:`require`) are called by the functions that read and write data, not only by the
pages, so a reporter cannot upload another unit's report whatever path the request takes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cchc import db

ADMIN, REPORTER, VIEWER = "admin", "reporter", "viewer"
ROLES = {ADMIN: "Quản trị (Sở Nội vụ)", REPORTER: "Cán bộ báo cáo của đơn vị", VIEWER: "Lãnh đạo (chỉ xem)"}
FREE_ATTEMPTS = 3           # failures allowed before the account is slowed down
MAX_LOCK = timedelta(minutes=15)
MIN_PASSWORD = 8

_hasher = PasswordHasher()


class AuthError(ValueError):
    """A refused account operation; the message is Vietnamese, for the person at the screen."""


class PermissionDenied(AuthError):
    """The signed-in user may not do this."""


@dataclass(frozen=True)
class User:
    """A signed-in account."""

    username: str
    role: str
    unit_code: str | None
    display_name: str | None


def _audit(cur: db.Connection, actor: str, action: str, username: str, detail: dict | None = None) -> None:
    cur.execute("INSERT INTO audit_log (actor, action, entity, entity_id, detail) VALUES (?, ?, 'users', ?, ?)",
                [actor, action, username, json.dumps(detail or {}, ensure_ascii=False)])


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")


def add_user(conn: db.Connection, username: str, password: str, role: str, actor: str,
             unit_code: str | None = None, display_name: str | None = None) -> User:
    """Create an account (reporters must name their unit)."""
    username = username.strip().lower()
    if not username or any(ch.isspace() for ch in username):
        raise AuthError("Tên đăng nhập không được để trống hay chứa dấu cách.")
    if role not in ROLES:
        raise AuthError(f"Vai trò '{role}' không hợp lệ; chọn một trong: {', '.join(ROLES)}.")
    if role == REPORTER and not unit_code:
        raise AuthError("Tài khoản báo cáo phải gắn với một đơn vị (--unit MÃ).")
    if unit_code and not db.query_rows(conn, "SELECT 1 FROM units WHERE code = ?", [unit_code]):
        raise AuthError(f"Mã đơn vị '{unit_code}' không có trong danh mục.")
    if db.query_rows(conn, "SELECT 1 FROM users WHERE username = ?", [username]):
        raise AuthError(f"Tài khoản '{username}' đã có.")
    _check_password(password)
    with db.transaction(conn) as cur:
        cur.execute("INSERT INTO users (username, display_name, role, unit_code, password_hash) VALUES (?, ?, ?, ?, ?)",
                    [username, display_name, role, unit_code if role == REPORTER else None, _hasher.hash(password)])
        _audit(cur, actor, "user_add", username, {"role": role, "unit": unit_code})
    return User(username, role, unit_code if role == REPORTER else None, display_name)


def set_password(conn: db.Connection, username: str, password: str, actor: str) -> None:
    """Change an account's password (and lift any lock)."""
    _check_password(password)
    _existing(conn, username)
    with db.transaction(conn) as cur:
        cur.execute("UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL, "
                    "updated_at = current_timestamp WHERE username = ?", [_hasher.hash(password), username])
        _audit(cur, actor, "user_passwd", username)


def disable_user(conn: db.Connection, username: str, actor: str) -> None:
    """Stop an account from signing in (its history stays)."""
    _existing(conn, username)
    with db.transaction(conn) as cur:
        cur.execute("UPDATE users SET active = FALSE, updated_at = current_timestamp WHERE username = ?", [username])
        _audit(cur, actor, "user_disable", username)


def list_users(conn: db.Connection):
    """Accounts without their password hashes."""
    return db.query_df(conn, "SELECT username, display_name, role, unit_code, active, failed_attempts, locked_until, "
                             "created_at FROM users ORDER BY role, username")


def _existing(conn: db.Connection, username: str) -> tuple:
    rows = db.query_rows(conn, "SELECT username, role, unit_code, display_name, password_hash, active, "
                               "failed_attempts, locked_until FROM users WHERE username = ?", [username])
    if not rows:
        raise AuthError(f"Không có tài khoản '{username}'.")
    return rows[0]


def sign_in(conn: db.Connection, username: str, password: str, now: datetime | None = None) -> User:
    """The account, if the password is right and the account is usable; otherwise AuthError (Vietnamese)."""
    now = now or datetime.now()
    wrong = AuthError("Tên đăng nhập hoặc mật khẩu không đúng.")
    username = username.strip().lower()
    rows = db.query_rows(conn, "SELECT username, role, unit_code, display_name, password_hash, active, "
                               "failed_attempts, locked_until FROM users WHERE username = ?", [username])
    if not rows:
        _hasher.hash(password)   # spend the same time as for a real account
        raise wrong
    name, role, unit, display, hashed, active, failures, locked_until = rows[0]
    if not active:
        raise AuthError("Tài khoản đã bị vô hiệu hóa. Liên hệ Sở Nội vụ.")
    if locked_until and locked_until > now:
        seconds = int((locked_until - now).total_seconds()) + 1
        raise AuthError(f"Đăng nhập sai nhiều lần: tài khoản tạm khóa, thử lại sau {seconds} giây.")
    try:
        _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        failures += 1
        lock = None
        if failures > FREE_ATTEMPTS:
            lock = now + min(MAX_LOCK, timedelta(seconds=2 ** (failures - FREE_ATTEMPTS) * 15))
        with db.transaction(conn) as cur:
            cur.execute("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE username = ?", [failures, lock, name])
            _audit(cur, name, "sign_in_failed", name, {"failures": failures})
        raise wrong from None
    with db.transaction(conn) as cur:
        cur.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?", [name])
        if _hasher.check_needs_rehash(hashed):
            cur.execute("UPDATE users SET password_hash = ? WHERE username = ?", [_hasher.hash(password), name])
    return User(name, role, unit, display)


def require(user: User | None, action: str, unit_code: str | None = None) -> None:
    """Raise PermissionDenied unless ``user`` may do ``action`` (read, submit, manage) for ``unit_code``."""
    if user is None:
        raise PermissionDenied("Hãy đăng nhập để tiếp tục.")
    if user.role == ADMIN:
        return
    if action == "read":
        if user.role == REPORTER and unit_code and unit_code != user.unit_code:
            raise PermissionDenied(f"Tài khoản {user.username} chỉ xem được số liệu của đơn vị {user.unit_code}.")
        return
    if action == "submit" and user.role == REPORTER:
        if unit_code and unit_code != user.unit_code:
            raise PermissionDenied(f"Tài khoản {user.username} chỉ được nộp báo cáo của đơn vị {user.unit_code}, "
                                   f"không được nộp báo cáo của đơn vị {unit_code}.")
        return
    raise PermissionDenied("Tài khoản của bạn không có quyền thực hiện việc này.")
