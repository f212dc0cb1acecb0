"""The one module that talks to DuckDB.

Everything else receives a connection from here and runs parameterised SQL through the helpers
below. DuckDB lets one process open a file read-write; the app holds it while it runs, so a second
process (the command line) gets :class:`DatabaseBusyError` with a message saying what to do,
instead of a lock traceback.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

Connection = duckdb.DuckDBPyConnection
# Two transactions changed the same row at the same moment; the later one is refused, not queued.
ConflictError = duckdb.TransactionException

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class DatabaseBusyError(RuntimeError):
    """Another process (normally the running app) holds the database file."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Cơ sở dữ liệu {path} đang được một tiến trình khác sử dụng (thường là ứng dụng đang chạy). "
            "Hãy dừng ứng dụng (Ctrl+C trong cửa sổ 'make run') rồi chạy lại lệnh.\n"
            f"The database {path} is in use by another process (usually the running app). "
            "Stop the app (Ctrl+C in the 'make run' window) and run the command again."
        )
        self.path = path


class MigrationError(RuntimeError):
    """A migration already applied no longer matches its file."""


def connect(path: Path | str, read_only: bool = False) -> Connection:
    """Open (creating if needed) the database file; never waits for a lock."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusyError(path) from exc
        raise


def open_database(path: Path | str) -> Connection:
    """Connect read-write and bring the schema up to date."""
    conn = connect(path)
    try:
        migrate(conn)
    except Exception:
        conn.close()
        raise
    return conn


@contextmanager
def cursor(conn: Connection) -> Iterator[Connection]:
    """A cursor of the shared connection for one use (DuckDB cursors are per thread)."""
    cur = conn.cursor()
    try:
        yield cur
    finally:
        cur.close()


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """Run a block in one transaction on its own cursor: all of it is written, or none."""
    with cursor(conn) as cur:
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")


def query_df(conn: Connection, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
    """Run a read query with parameters and return a DataFrame."""
    with cursor(conn) as cur:
        return cur.execute(sql, params or []).df()


def query_rows(conn: Connection, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[tuple]:
    """Run a read query with parameters and return its rows."""
    with cursor(conn) as cur:
        return cur.execute(sql, params or []).fetchall()


def insert_frame(cur: Connection, table: str, frame: pd.DataFrame) -> int:
    """Insert a DataFrame's columns into the same-named columns of ``table``; returns rows written.

    Table and column names come from code, never from input; they are checked against a strict
    pattern before they reach the SQL text. Values travel through DuckDB's DataFrame scan.
    """
    names = [table, *frame.columns]
    bad = [n for n in names if not _IDENTIFIER.match(str(n))]
    if bad:
        raise ValueError(f"not an identifier: {bad}")
    columns = ", ".join(frame.columns)
    sql = "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM incoming_frame"
    cur.register("incoming_frame", frame)
    try:
        cur.execute(sql)
    finally:
        cur.unregister("incoming_frame")
    return len(frame)


def insert_rows(cur: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Insert a few rows with one parameterised multi-row VALUES statement (fastest for small batches).

    Table and column names come from code and are checked like in :func:`insert_frame`.
    """
    bad = [n for n in (table, *columns) if not _IDENTIFIER.match(str(n))]
    if bad:
        raise ValueError(f"not an identifier: {bad}")
    width = len(columns)
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        placeholders = ", ".join(["(" + ", ".join(["?"] * width) + ")"] * len(chunk))
        sql = "INSERT INTO " + table + " (" + ", ".join(columns) + ") VALUES " + placeholders
        cur.execute(sql, [value for row in chunk for value in row])
    return len(rows)


# --- migrations ---------------------------------------------------------------------------------

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def migration_files() -> list[tuple[int, str, str]]:
    """The numbered SQL files shipped in ``cchc/migrations``: (version, name, text), in order."""
    found = []
    for entry in resources.files("cchc.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migrations share a number: {versions}")
    return found


def migrate(conn: Connection) -> list[int]:
    """Apply, in order, each migration not yet recorded; returns the versions applied now."""
    with cursor(conn) as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, checksum VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        applied = {v: c for v, c in cur.execute("SELECT version, checksum FROM schema_migrations").fetchall()}
    done = []
    for version, name, text in migration_files():
        checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if version in applied:
            if applied[version] != checksum:
                raise MigrationError(
                    f"Migration {name} đã được áp dụng nhưng tệp đã bị sửa / was applied but its file changed"
                )
            continue
        with transaction(conn) as cur:
            cur.execute(text)
            cur.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                [version, name, checksum],
            )
        done.append(version)
    return done
