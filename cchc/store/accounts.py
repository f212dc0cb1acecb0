"""The rows of accounts, sessions and failed sign-ins: every statement :mod:`cchc.auth` runs, and nothing of its
rules. Writes take the cursor of the caller's transaction, so that a change and its audit entry commit together.
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from cchc.store import db

_ACCOUNT = ("SELECT username, role, unit_code, display_name, password_hash, active, failed_attempts, locked_until "
            "FROM users WHERE username = ?")
# Every page run checks its session with this one statement: a lookup of the token by the sessions' primary
# key (the table grows with every sign-in), then its account. Written as a materialised step because DuckDB
# scans the whole sessions table when the lookup is planned together with the join (8 ms at 200 000 sessions).
SESSION_LOOKUP = """
    WITH s AS MATERIALIZED (
        SELECT username, started_at, last_seen FROM sessions WHERE token_sha256 = ? AND ended_at IS NULL)
    SELECT s.started_at, s.last_seen, u.username, u.role, u.unit_code, u.display_name, u.active
    FROM s JOIN users u USING (username)"""


# --- accounts -----------------------------------------------------------------------------------------------

def account(conn: db.Connection, username: str) -> tuple | None:
    """(username, role, unit_code, display_name, password_hash, active, failed_attempts, locked_until), or None."""
    rows = db.query_rows(conn, _ACCOUNT, [username])
    return rows[0] if rows else None


def exists(conn: db.Connection, username: str) -> bool:
    return bool(db.query_rows(conn, "SELECT 1 FROM users WHERE username = ?", [username]))


def accounts(conn: db.Connection) -> pd.DataFrame:
    """Every account without its password hash, by role and name."""
    return db.query_df(conn, "SELECT username, display_name, role, unit_code, email, active, failed_attempts, "
                             "locked_until, created_at FROM users ORDER BY role, username")


def insert_account(cur: db.Connection, username: str, display_name: str | None, role: str, unit_code: str | None,
                   password_hash: str, email: str | None = None) -> None:
    cur.execute("INSERT INTO users (username, display_name, role, unit_code, password_hash, email) "
                "VALUES (?, ?, ?, ?, ?, ?)", [username, display_name, role, unit_code, password_hash, email])


def email(conn: db.Connection, username: str) -> str | None:
    """The account's e-mail address (None: none)."""
    rows = db.query_rows(conn, "SELECT email FROM users WHERE username = ?", [username])
    return rows[0][0] if rows else None


def set_email(cur: db.Connection, username: str, email: str | None) -> None:
    cur.execute("UPDATE users SET email = ?, updated_at = current_timestamp WHERE username = ?", [email, username])


def reporter_emails(conn: db.Connection) -> list[tuple[str, str, str]]:
    """(unit code, address, username) of every active reporter account that has an address, by unit and name."""
    return [tuple(row) for row in db.query_rows(
        conn, "SELECT unit_code, email, username FROM users WHERE role = 'reporter' AND active AND email IS NOT NULL "
              "AND unit_code IS NOT NULL ORDER BY unit_code, username")]


def set_password(cur: db.Connection, username: str, password_hash: str) -> None:
    """A new password: any lock is lifted with it."""
    cur.execute("UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL, "
                "updated_at = current_timestamp WHERE username = ?", [password_hash, username])


def rehash(cur: db.Connection, username: str, password_hash: str) -> None:
    """The same password, hashed with the hasher's current parameters."""
    cur.execute("UPDATE users SET password_hash = ? WHERE username = ?", [password_hash, username])


def set_active(cur: db.Connection, username: str, active: bool) -> None:
    cur.execute("UPDATE users SET active = ?, failed_attempts = 0, locked_until = NULL, "
                "updated_at = current_timestamp WHERE username = ?", [active, username])


def count_failure(cur: db.Connection, username: str) -> int:
    """One more failed sign-in of the account, counted by the database (every app process adds to the same
    count); the count now."""
    row = cur.execute("UPDATE users SET failed_attempts = failed_attempts + 1 WHERE username = ? "
                      "RETURNING failed_attempts", [username]).fetchone()
    assert row is not None, username    # called for an account just read, and accounts are never deleted
    return row[0]


def lock(cur: db.Connection, username: str, until: datetime) -> None:
    cur.execute("UPDATE users SET locked_until = ? WHERE username = ?", [until, username])


def clear_failures(cur: db.Connection, username: str) -> None:
    cur.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?", [username])


# --- failed sign-ins by client address ------------------------------------------------------------------------

def recent_failure(conn: db.Connection, client: str, since: datetime, skip: int) -> datetime | None:
    """The time of the failed sign-in from ``client`` after ``since`` that has ``skip`` more recent ones, if any."""
    rows = db.query_rows(conn, "SELECT failed_at FROM sign_in_failures WHERE client = ? AND failed_at > ? "
                               "ORDER BY failed_at DESC LIMIT 1 OFFSET ?", [client, since, skip])
    return rows[0][0] if rows else None


def add_client_failure(cur: db.Connection, client: str, username: str, at: datetime) -> None:
    cur.execute("INSERT INTO sign_in_failures (client, username, failed_at) VALUES (?, ?, ?)", [client, username, at])


def forget_client_failures(cur: db.Connection, client: str, before: datetime) -> None:
    cur.execute("DELETE FROM sign_in_failures WHERE client = ? AND failed_at <= ?", [client, before])


def prune_client_failures(cur: db.Connection, before: datetime) -> int:
    """Delete the failed sign-ins of every address at or before ``before``; how many went."""
    return len(cur.execute("DELETE FROM sign_in_failures WHERE failed_at <= ? RETURNING client", [before]).fetchall())


# --- sessions -------------------------------------------------------------------------------------------------

def session(conn: db.Connection, token_sha256: str) -> tuple | None:
    """(started_at, last_seen, username, role, unit_code, display_name, active) of a live session, or None."""
    rows = db.query_rows(conn, SESSION_LOOKUP, [token_sha256])
    return rows[0] if rows else None


def insert_session(cur: db.Connection, token_sha256: str, username: str, via: str, at: datetime) -> None:
    cur.execute("INSERT INTO sessions (token_sha256, username, via, started_at, last_seen) VALUES (?, ?, ?, ?, ?)",
                [token_sha256, username, via, at, at])


def touch_session(cur: db.Connection, token_sha256: str, at: datetime) -> None:
    cur.execute("UPDATE sessions SET last_seen = ? WHERE token_sha256 = ?", [at, token_sha256])


def end_session(cur: db.Connection, token_sha256: str, reason: str, at: datetime) -> None:
    cur.execute("UPDATE sessions SET ended_at = ?, end_reason = ? WHERE token_sha256 = ? AND ended_at IS NULL",
                [at, reason, token_sha256])


def end_sessions_of(cur: db.Connection, username: str, reason: str, at: datetime) -> int:
    """End every live session of an account; how many were live."""
    return len(cur.execute("UPDATE sessions SET ended_at = ?, end_reason = ? "
                           "WHERE username = ? AND ended_at IS NULL RETURNING token_sha256",
                           [at, reason, username]).fetchall())


def prune_sessions(cur: db.Connection, ended_before: datetime, seen_before: datetime, started_before: datetime) -> int:
    """Delete the sessions ended before ``ended_before``, and those never ended but last used before
    ``seen_before`` or started before ``started_before``; how many went."""
    return len(cur.execute("DELETE FROM sessions WHERE ended_at < ? OR (ended_at IS NULL AND "
                           "(last_seen < ? OR started_at < ?)) RETURNING token_sha256",
                           [ended_before, seen_before, started_before]).fetchall())
