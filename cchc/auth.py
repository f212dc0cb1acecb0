"""Local accounts and roles: who may read and write what.

Roles: ``admin`` (Sở Nội vụ: everything, users, catalogs), ``reporter`` (bound to one unit: its templates
and uploads only), ``viewer`` (leadership: reads everything, writes nothing). Actions checked by
:func:`require`: ``read_all`` (the dashboards), ``read`` and ``submit`` (one unit's data), ``manage``
(accounts, audit log); who may take which is declared in :mod:`cchc.permissions`. Passwords are hashed with
Argon2 (argon2-cffi) and never stored, logged or audited in clear. Repeated failed sign-ins lock the
account for a time that doubles with each further failure, and stop sign-ins from the client address they
came from for a while, whatever account it tries. A password change or a disabled account ends every
session of the account. Sessions over for a day, and failed sign-ins past their window, are deleted by
:func:`prune_sessions` (called by the app now and then at a sign-in, and by ``etl check --repair``).

The checks here (:func:`require`) are called by the functions that read and write data, not only by the
pages, so a reporter cannot upload another unit's report whatever path the request takes.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cchc.permissions import ADMIN, REPORTER, VIEWER, allows
from cchc.store import accounts, db, journal
from cchc.store.accounts import SESSION_LOOKUP as SESSION_LOOKUP  # the statement of every run's session check
from cchc.store.units import absence_reason, unit_row, unit_rows
from cchc.text import address_problem

ROLES = {ADMIN: "Quản trị (Sở Nội vụ)", REPORTER: "Cán bộ báo cáo của đơn vị", VIEWER: "Lãnh đạo (chỉ xem)"}
FREE_ATTEMPTS = 3           # failures allowed before the account is slowed down
MAX_LOCK = timedelta(minutes=15)
CLIENT_FREE_ATTEMPTS = 10   # failed sign-ins from one client address, whatever the accounts, within
CLIENT_WINDOW = timedelta(minutes=15)   # this long, before sign-ins from that address wait
MIN_PASSWORD = 8
SESSION_IDLE = timedelta(minutes=30)   # a session unused this long is signed out
SESSION_MAX = timedelta(hours=10)      # and any session after a working day
# An ended or expired session stays this long before it is deleted, so that the sessions of yesterday can still
# be read beside the audit log's sign-ins and sign-outs (the audit log keeps them for good).
SESSION_KEEP = timedelta(days=1)
CLI_PREFIX = "cli:"          # what the command line acts as: "cli:<os user>" (no account)

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
    journal.record(cur, actor, action, "users", username, detail)


def acting_as(actor: User | str) -> str:
    """The name to audit for an account change; a signed-in ``User`` must be an administrator.

    A plain string is the command line (``cli:<os user>``, :data:`CLI_PREFIX`): whoever can run it already holds the database file.
    Anything else (None: nobody signed in) is refused.
    """
    if isinstance(actor, str) and actor:
        return actor
    user = actor if isinstance(actor, User) else None
    require(user, "manage")
    assert user is not None     # require() refuses None
    return user.username


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")


def _checked_email(email: str | None) -> str | None:
    """An account's address as typed, trimmed (None or blank: none); AuthError saying what is wrong with a bad one."""
    email = (email or "").strip()
    if not email:
        return None
    problem = address_problem(email)
    if problem:
        raise AuthError(f"Địa chỉ thư \"{email}\" không hợp lệ: {problem}.")
    return email


def add_user(conn: db.Connection, username: str, password: str, role: str, actor: User | str,
             unit_code: str | None = None, display_name: str | None = None, valid_on: date | None = None,
             email: str | None = None) -> User:
    """Create an account (reporters must name their unit); ``email``, if given, must be a well-formed address (a
    reporter's gets the reminders of its unit).

    With ``valid_on`` (the accounts page gives today) the unit must exist on that day: a new reporter of Phường
    Nam Hà, gone since 1/7/2025, is refused and told Phường Thành Sen. Without it any unit of the catalog is
    accepted (the sample data's reporter sends 2024 reports for a commune of 2023)."""
    actor = acting_as(actor)
    username = username.strip().lower()
    if not username or any(ch.isspace() for ch in username):
        raise AuthError("Tên đăng nhập không được để trống hay chứa dấu cách.")
    if role not in ROLES:
        raise AuthError(f"Vai trò '{role}' không hợp lệ; chọn một trong: {', '.join(ROLES)}.")
    if role == REPORTER and not unit_code:
        raise AuthError("Tài khoản báo cáo phải gắn với một đơn vị (--unit MÃ).")
    unit = unit_row(conn, unit_code) if unit_code else None
    if unit_code and unit is None:
        raise AuthError(f"Mã đơn vị '{unit_code}' không có trong danh mục.")
    absent = absence_reason(conn, unit, valid_on) if unit and valid_on else None
    if unit and absent:     # (there is a reason only for a unit)
        raise AuthError(f"Không tạo tài khoản cho {unit['name']} ({unit_code}): {absent}.")
    if accounts.exists(conn, username):
        raise AuthError(f"Tài khoản '{username}' đã có.")
    _check_password(password)
    email = _checked_email(email)
    with db.transaction(conn) as cur:
        accounts.insert_account(cur, username, display_name, role, unit_code if role == REPORTER else None,
                                _hasher.hash(password), email)
        _audit(cur, actor, "user_add", username, {"role": role, "unit": unit_code, "email": email})
    return User(username, role, unit_code if role == REPORTER else None, display_name)


def set_password(conn: db.Connection, username: str, password: str, actor: User | str) -> None:
    """Change an account's password (and lift any lock). Every session of the account ends, the one making
    the change too: whoever held the old password is signed out everywhere."""
    actor = acting_as(actor)
    _check_password(password)
    _existing(conn, username)
    with db.transaction(conn) as cur:
        accounts.set_password(cur, username, _hasher.hash(password))
        _audit(cur, actor, "user_passwd", username, {"sessions_ended": _end_sessions(cur, username, "password")})


def set_active(conn: db.Connection, username: str, active: bool, actor: User | str) -> None:
    """Stop an account from signing in, or let it sign in again (its history stays either way)."""
    actor = acting_as(actor)
    _existing(conn, username)
    if not active and actor == username:
        raise AuthError("Không thể tự vô hiệu hóa tài khoản đang dùng; nhờ một quản trị viên khác.")
    with db.transaction(conn) as cur:
        accounts.set_active(cur, username, active)
        # ended now, not at their next use: enabling the account again later does not bring them back
        ended = {} if active else {"sessions_ended": _end_sessions(cur, username, "disabled")}
        _audit(cur, actor, "user_enable" if active else "user_disable", username, ended)


def set_email(conn: db.Connection, username: str, email: str | None, actor: User | str) -> str | None:
    """Give an account an e-mail address, change it, or clear it (None or blank); the address kept. A bad address
    is refused, saying what is wrong with it, and nothing is written."""
    actor = acting_as(actor)
    _existing(conn, username)
    email = _checked_email(email)
    before = accounts.email(conn, username)
    if email == before:
        return email
    with db.transaction(conn) as cur:
        accounts.set_email(cur, username, email)
        _audit(cur, actor, "user_email", username, {"before": before, "after": email})
    return email


def list_users(conn: db.Connection, actor: User | str) -> pd.DataFrame:
    """Accounts without their password hashes."""
    acting_as(actor)
    return accounts.accounts(conn)


def ended_units(conn: db.Connection, users: pd.DataFrame, day: date) -> dict[str, str]:
    """Reporters of :func:`list_users` whose unit does not exist on ``day``: username → why, in Vietnamese (their
    accounts still work for the periods when the unit existed; the administrator decides what to do with them)."""
    reporters = users[(users["role"] == REPORTER) & users["unit_code"].notna()]
    if reporters.empty:
        return {}
    units = unit_rows(conn, sorted(set(reporters["unit_code"])))
    found = {}
    for username, code in zip(reporters["username"], reporters["unit_code"]):
        absent = absence_reason(conn, units[code], day)
        if absent:
            found[username] = f"{units[code]['name']} ({code}): {absent}"
    return found


def _existing(conn: db.Connection, username: str) -> tuple:
    found = accounts.account(conn, username)
    if found is None:
        raise AuthError(f"Không có tài khoản '{username}'.")
    return found


def sign_in(conn: db.Connection, username: str, password: str, now: datetime | None = None,
            client: str | None = None) -> User:
    """The account, if the password is right and the account is usable; otherwise AuthError (Vietnamese).

    ``client`` is the address the attempt comes from (the app passes it; the tests and the command line
    need not): after :data:`CLIENT_FREE_ATTEMPTS` failures from it within :data:`CLIENT_WINDOW`, its
    sign-ins are refused until the oldest of them is that old, whatever account they try.
    """
    now = now or datetime.now()
    wrong = AuthError("Tên đăng nhập hoặc mật khẩu không đúng.")
    username = username.strip().lower()
    if client:
        _check_client(conn, client, username, now)
    found = accounts.account(conn, username)
    if found is None:
        _hasher.hash(password)   # spend the same time as for a real account
        _client_failed(conn, client, username, now)
        raise wrong
    name, role, unit, display, hashed, active, failures, locked_until = found
    if not active:
        raise AuthError("Tài khoản đã bị vô hiệu hóa. Liên hệ Sở Nội vụ.")
    if locked_until and locked_until > now:
        seconds = int((locked_until - now).total_seconds()) + 1
        raise AuthError(f"Đăng nhập sai nhiều lần: tài khoản tạm khóa, thử lại sau {seconds} giây.")
    try:
        _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        with db.transaction(conn) as cur:
            # counted by the database, not from what this process read: failures in every app process add up
            failures = accounts.count_failure(cur, name)
            if failures > FREE_ATTEMPTS:
                accounts.lock(cur, name, now + min(MAX_LOCK, timedelta(seconds=2 ** (failures - FREE_ATTEMPTS) * 15)))
            _audit(cur, name, "sign_in_failed", name, {"failures": failures, "client": client})
        _client_failed(conn, client, name, now)
        raise wrong from None
    with db.transaction(conn) as cur:
        accounts.clear_failures(cur, name)
        if _hasher.check_needs_rehash(hashed):
            accounts.rehash(cur, name, _hasher.hash(password))
        _audit(cur, name, "sign_in", name)
    return User(name, role, unit, display)


def _check_client(conn: db.Connection, client: str, username: str, now: datetime) -> None:
    """Refuse (and audit) a sign-in from an address with too many recent failures."""
    # the failure that must leave the window before the next attempt: the FREE-th most recent one
    oldest = accounts.recent_failure(conn, client, now - CLIENT_WINDOW, CLIENT_FREE_ATTEMPTS - 1)
    if oldest is None:
        return
    until = oldest + CLIENT_WINDOW
    with db.transaction(conn) as cur:
        _audit(cur, username or "?", "sign_in_throttled", username or "?",
               {"client": client, "until": until.isoformat(timespec="seconds")})
    minutes = -(-int((until - now).total_seconds()) // 60) or 1
    raise AuthError(f"Có quá nhiều lần đăng nhập sai từ địa chỉ {client}: tạm ngừng đăng nhập từ địa chỉ này, "
                    f"thử lại sau {minutes} phút (lúc {until:%H:%M}).")


def _client_failed(conn: db.Connection, client: str | None, username: str, now: datetime) -> None:
    """Count a failed sign-in from ``client`` (in the database: every app process counts the same ones)."""
    if not client:
        return
    with db.transaction(conn) as cur:
        accounts.add_client_failure(cur, client, username, now)
    try:
        with db.transaction(conn, give_way=True) as cur:
            accounts.forget_client_failures(cur, client, now - CLIENT_WINDOW)
    except db.ConflictError:
        pass    # another failure from the same address is deleting the same rows at this moment


def sign_in_external(conn: db.Connection, email: str | None) -> User:
    """The account of someone signed in by the province's single sign-on (``st.login``).

    The identity provider proves who they are; what they may do comes from an active local account
    whose user name is their e-mail address (created by an administrator with the role it should have).
    """
    username = (email or "").strip().lower()
    found = accounts.account(conn, username) if username else None
    if found is None or not found[5]:
        raise AuthError(f"Tài khoản {username or '(không có e-mail)'} chưa được Sở Nội vụ cấp quyền trong hệ thống. "
                        "Liên hệ Sở Nội vụ để được tạo tài khoản.")
    with db.transaction(conn) as cur:
        _audit(cur, username, "sign_in", username, {"via": "sso"})
    return User(*found[:4])


SESSION_TOUCH = timedelta(minutes=1)     # how often a session's last use is written back


def open_session(conn: db.Connection, user: User, via: str = "password", now: datetime | None = None) -> str:
    """Start a session for a signed-in user; returns the token the browser keeps (only its hash is stored)."""
    now = now or datetime.now()
    token = secrets.token_urlsafe(32)
    with db.transaction(conn) as cur:
        accounts.insert_session(cur, _token_hash(token), user.username, via, now)
    return token


def resume_session(conn: db.Connection, token: str | None, now: datetime | None = None) -> User | None:
    """The account of a live session, or None (unknown, ended, expired, or the account was disabled).

    An expired session is ended here; a live one has its last use written back (at most once a minute).
    """
    if not token:
        return None
    now = now or datetime.now()
    found = accounts.session(conn, _token_hash(token))
    if found is None:
        return None
    started, last_seen, name, role, unit, display, active = found
    user = User(name, role, unit, display)
    if not active or session_expired(started, last_seen, now):
        end_session(conn, token, user, "expired" if active else "disabled", now)
        return None
    if now - last_seen >= SESSION_TOUCH:
        try:
            with db.transaction(conn, give_way=True) as cur:
                accounts.touch_session(cur, _token_hash(token), now)
        except db.ConflictError:
            pass    # another tab of the same session wrote it at the same moment: it is just as fresh
    return user


def end_session(conn: db.Connection, token: str | None, user: User, reason: str = "user",
                now: datetime | None = None) -> None:
    """End a session (``reason``: user, expired, disabled) and record the sign-out."""
    with db.transaction(conn) as cur:
        if token:
            accounts.end_session(cur, _token_hash(token), reason, now or datetime.now())
        _audit(cur, user.username, "sign_out", user.username, {"reason": reason})


def _end_sessions(cur: db.Connection, username: str, reason: str) -> int:
    """End every live session of an account (``reason``: password, disabled); how many were live."""
    return accounts.end_sessions_of(cur, username, reason, datetime.now())


@dataclass(frozen=True)
class Pruned:
    """What :func:`prune_sessions` deleted: sessions, and failed sign-ins counted by client address."""

    sessions: int
    sign_in_failures: int


def prune_sessions(conn: db.Connection, actor: str, now: datetime | None = None) -> Pruned:
    """Delete the sessions that ended, or expired, more than :data:`SESSION_KEEP` ago, and the failed sign-ins
    older than :data:`CLIENT_WINDOW` (they no longer slow anyone down); one audit entry with the counts when
    anything went. A session still live, or ended within the day, stays.

    Another process pruning at the same moment wins: this one then deletes nothing (the next prune will).
    """
    now = now or datetime.now()
    gone = now - SESSION_KEEP
    try:
        with db.transaction(conn, give_way=True) as cur:
            # a session never ended is over once idle SESSION_IDLE or open SESSION_MAX: counted from then
            pruned = Pruned(accounts.prune_sessions(cur, gone, gone - SESSION_IDLE, gone - SESSION_MAX),
                            accounts.prune_client_failures(cur, now - CLIENT_WINDOW))
            if pruned.sessions or pruned.sign_in_failures:
                journal.record(cur, actor, "prune_sessions", "sessions", None,
                               {"sessions": pruned.sessions, "sign_in_failures": pruned.sign_in_failures})
    except db.ConflictError:
        return Pruned(0, 0)
    return pruned


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_expired(started: datetime, last_seen: datetime, now: datetime | None = None) -> bool:
    """Whether a session must sign in again: idle too long, or open longer than a working day."""
    now = now or datetime.now()
    return now - last_seen > SESSION_IDLE or now - started > SESSION_MAX


def require(user: User | None, action: str, unit_code: str | None = None) -> None:
    """Raise PermissionDenied unless ``user`` may do ``action`` for ``unit_code``, as
    :data:`cchc.permissions.ACTIONS` declares (the message says why, in Vietnamese).

    ``read_all``: dashboards over every unit (admin, viewer). ``read``: one unit's data (a reporter only
    their own). ``submit``: send a unit's report (admin, a reporter for their own unit). ``manage``:
    accounts and the audit log (admin).
    """
    if user is None:
        raise PermissionDenied("Hãy đăng nhập để tiếp tục.")
    if allows(user.role, action, own_unit=unit_code is not None and unit_code == user.unit_code):
        return
    if action in ("read", "submit") and allows(user.role, action):    # a reporter, for another unit
        verb = "xem được số liệu" if action == "read" else "được nộp báo cáo"
        raise PermissionDenied(f"Tài khoản {user.username} chỉ {verb} của đơn vị {user.unit_code}"
                               + (f", không được với đơn vị {unit_code}." if unit_code else "."))
    if action == "read_all" and user.role == REPORTER:
        raise PermissionDenied(f"Tài khoản {user.username} chỉ xem và nộp báo cáo của đơn vị {user.unit_code}; "
                               "các trang tổng hợp dành cho lãnh đạo và Sở Nội vụ.")
    raise PermissionDenied("Tài khoản của bạn không có quyền thực hiện việc này.")
