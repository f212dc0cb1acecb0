"""The one module that knows which database is in use: DuckDB (a file) or PostgreSQL (a URL).

``CCHC_DB`` or ``--db`` names the database. A file path means DuckDB, the embedded default of
``make run``. A ``postgresql://`` URL means a PostgreSQL server shared by several app processes and the
command line. Everything else receives a connection from here and runs parameterised SQL through the
helpers below. The SQL is written once, in the forms both engines read; for PostgreSQL this module
translates DuckDB's ``?`` parameters, a few type names and the Python values (numpy numbers, numeric
results). The few statements that must differ live here, named after what they do.

DuckDB lets one process open a file read-write; the app holds it while it runs, so a second process
(the command line) gets :class:`DatabaseBusyError` with a message saying what to do, instead of a lock
traceback. PostgreSQL has no such limit.
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import psycopg
from psycopg import errors as pg_errors
from psycopg.types.numeric import FloatLoader
from psycopg_pool import ConnectionPool

from cchc.config import shown

POSTGRES_PREFIXES = ("postgresql://", "postgres://")
# Two transactions changed the same row at the same moment, or waited on each other: the later one is
# refused. DuckDB refuses at once; PostgreSQL queues it, and refuses a deadlock, or a transaction that
# gives way (see transaction()) after a short wait.
ConflictError = (duckdb.TransactionException, pg_errors.SerializationFailure, pg_errors.DeadlockDetected,
                 pg_errors.LockNotAvailable)

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class DatabaseBusyError(RuntimeError):
    """Another process (normally the running app) holds the DuckDB file."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Cơ sở dữ liệu {path} đang được một tiến trình khác sử dụng (thường là ứng dụng đang chạy). "
            "Hãy dừng ứng dụng (Ctrl+C trong cửa sổ 'make run') rồi chạy lại lệnh. Để chạy lệnh trong khi "
            "ứng dụng đang phục vụ, hãy dùng PostgreSQL: CCHC_DB=postgresql://… (xem README, mục Triển khai).\n"
            f"The database {path} is in use by another process (usually the running app). "
            "Stop the app (Ctrl+C in the 'make run' window) and run the command again. To run commands while "
            "the app serves, use PostgreSQL: CCHC_DB=postgresql://… (see the README, Deployment)."
        )
        self.path = path


class DatabaseUnreachableError(RuntimeError):
    """The PostgreSQL server of a ``postgresql://`` URL does not answer (Vietnamese and English message)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"Không kết nối được cơ sở dữ liệu PostgreSQL {shown(url)}: {reason.strip()} — hãy kiểm "
                         f"tra máy chủ PostgreSQL và địa chỉ CCHC_DB.\nCannot reach PostgreSQL at {shown(url)}.")


class MigrationError(RuntimeError):
    """A migration already applied no longer matches its file."""


def unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the PostgreSQL server went away or does not answer now (restarting, say), rather
    than that a statement was wrong: its transaction did not commit, and trying again later works once the
    server is back. Lost connections and an empty pool carry no SQLSTATE; the server's own refusals while it
    stops or starts are classes 08 and 57P."""
    if not isinstance(error, psycopg.OperationalError):
        return False
    state = error.sqlstate
    return state is None or state.startswith(("08", "57P"))


def is_postgres(target: Path | str) -> bool:
    """Whether a ``CCHC_DB`` / ``--db`` value names a PostgreSQL server rather than a DuckDB file."""
    return str(target).startswith(POSTGRES_PREFIXES)


# --- PostgreSQL behind the surface of a DuckDB connection ------------------------------------------

# A SQL text in DuckDB's dialect, token by token: string literals and quoted names are left alone.
_SQL_TOKENS = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|--[^\n]*|\?|%|\bDOUBLE\b(?!\s+PRECISION)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _postgres_sql(sql: str, with_parameters: bool) -> str:
    """DuckDB's ``?`` parameters as psycopg's ``%s`` (and a literal ``%`` doubled), ``DOUBLE`` as PostgreSQL's
    ``DOUBLE PRECISION``. Without parameters psycopg sends the text as it is, so ``%`` stays single."""
    def token(match: re.Match) -> str:
        text = match.group(0)
        if text == "?":
            return "%s"
        if text == "%":
            return "%%" if with_parameters else "%"
        if text.upper() == "DOUBLE":
            return "DOUBLE PRECISION"
        return text
    return _SQL_TOKENS.sub(token, sql)


def _postgres_value(value: Any) -> Any:
    """A parameter as psycopg takes it: numpy scalars and arrays as Python values (DuckDB takes both)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_postgres_value(v) for v in value]
    return value


def _configure(conn: psycopg.Connection) -> None:
    """Each pooled connection: numeric results as floats (as DuckDB returns its doubles), and the session's
    time zone that of this machine, so that ``current_timestamp`` stored in a TIMESTAMP column is local time
    as with DuckDB (Viet Nam keeps one offset all year)."""
    conn.adapters.register_loader("numeric", FloatLoader)
    offset = datetime.now().astimezone().utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    hours, rest = divmod(abs(minutes), 60)
    east, west = ("+", "-") if minutes >= 0 else ("-", "+")     # POSIX zones count hours west of Greenwich
    conn.execute("SELECT set_config('TimeZone', %s, false)", [f"<{east}{hours:02d}{rest:02d}>{west}{hours:02d}:{rest:02d}"])


# DuckDB's DataFrame types for PostgreSQL's type oids, so that pages and exports see the same columns.
_INT32, _INT64 = {21, 23}, {20}
_FLOATS = {700, 701, 1700}
_DATES = {1082, 1114, 1184}
_ARRAYS = {1009, 1015, 1007, 1016, 1022}


def _series(values: list, oid: int) -> pd.Series:
    missing = any(v is None for v in values)
    if oid in _INT32 or oid in _INT64:
        wide = oid in _INT64
        return pd.Series(values, dtype=("Int64" if wide else "Int32") if missing else ("int64" if wide else "int32"))
    if oid in _FLOATS:
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    if oid == 16:
        return pd.Series(values, dtype="boolean" if missing else "bool")
    if oid in _DATES:
        return pd.Series(pd.to_datetime(values), dtype="datetime64[us]") if values else pd.Series([], dtype="datetime64[us]")
    if oid in _ARRAYS:
        return pd.Series([None if v is None else np.array(v, dtype=object) for v in values], dtype=object)
    if not values:
        return pd.Series([], dtype=object)
    return pd.Series(values)


class PgCursor:
    """One pooled PostgreSQL connection, used like a DuckDB cursor; :meth:`close` gives it back to the pool.

    Connections are in autocommit mode: :func:`transaction` sends BEGIN and COMMIT itself, as with DuckDB.
    """

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        conn = pool.getconn()
        self._conn: psycopg.Connection[Any] | None = conn       # None once given back
        self._cur = conn.cursor()

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        if params:
            self._cur.execute(_postgres_sql(sql, True), [_postgres_value(v) for v in params])
        else:
            self._cur.execute(_postgres_sql(sql, False))
        return self

    def fetchone(self) -> tuple | None:
        return self._cur.fetchone()

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall()

    def fetchmany(self, size: int) -> list[tuple]:
        return self._cur.fetchmany(size)

    def df(self) -> pd.DataFrame:
        """The result as a DataFrame with the column types DuckDB's ``df()`` gives."""
        rows = self._cur.fetchall()
        description = self._cur.description or []
        columns = [_series([row[i] for row in rows], d.type_code) for i, d in enumerate(description)]
        frame = pd.concat(columns, axis=1) if columns else pd.DataFrame()
        frame.columns = [d.name for d in description]
        return frame

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Write rows with COPY (names checked by the caller). COPY reads text, so a whole number held as a
        float (a pandas column with gaps) is written as ``15``, which an INTEGER column reads too."""
        with self._cur.copy("COPY " + table + " (" + ", ".join(columns) + ") FROM STDIN") as copy:
            for row in rows:
                copy.write_row([int(v) if isinstance(v, float) and v.is_integer() else _postgres_value(v)
                                for v in row])

    def close(self) -> None:
        if self._conn is not None:
            self._cur.close()
            self._pool.putconn(self._conn)
            self._conn = None


class PgConnection:
    """A PostgreSQL database with the surface of a DuckDB connection: ``cursor()``, ``execute()``, ``close()``.

    It holds a small pool; each cursor borrows a server connection, so the app's threads run in parallel.
    """

    def __init__(self, url: str, read_only: bool = False, pool_size: int = 10) -> None:
        self.url = url
        try:        # once at once, so that a wrong address is said now rather than after the pool's timeout
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.OperationalError as exc:
            raise DatabaseUnreachableError(url, str(exc)) from None
        options = "-c default_transaction_read_only=on" if read_only else ""
        # ``check``: a pooled connection is tried before it is lent (one round trip), so that after the server
        # restarted the pool replaces the connections it lost instead of lending each once to fail a page run
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=True, configure=_configure,
                                    check=ConnectionPool.check_connection,
                                    kwargs={"autocommit": True, "options": options}, name="cchc")
        self._default: PgCursor | None = None

    def cursor(self) -> PgCursor:
        return PgCursor(self._pool)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        """Run on the connection's own cursor, as ``duckdb.DuckDBPyConnection.execute`` does."""
        if self._default is None:
            self._default = self.cursor()
        return self._default.execute(sql, params)

    def close(self) -> None:
        if self._default is not None:
            self._default.close()
        self._pool.close()


Connection = duckdb.DuckDBPyConnection | PgConnection | PgCursor


def connect(target: Path | str, read_only: bool = False) -> Connection:
    """Open the database ``target`` names: a PostgreSQL URL, or a DuckDB file (created if needed, never waiting
    for a lock)."""
    if is_postgres(target):
        return PgConnection(str(target), read_only=read_only)
    path = Path(target)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusyError(path) from exc
        raise


def open_database(target: Path | str) -> Connection:
    """Connect read-write and bring the schema up to date."""
    conn = connect(target)
    try:
        migrate(conn)
    except Exception:
        conn.close()
        raise
    return conn


@contextmanager
def cursor(conn: Connection) -> Iterator[Connection]:
    """A cursor of the shared connection for one use (DuckDB cursors are per thread; PostgreSQL's borrow a
    pooled connection)."""
    # A cursor comes from the database, not from another cursor: PostgreSQL's have none to give (DuckDB's
    # cursors are connections themselves).
    assert not isinstance(conn, PgCursor), "db.cursor() takes the database, not a cursor"
    cur = conn.cursor()
    try:
        yield cur
    finally:
        cur.close()


# One process's DuckDB file is written by its threads only; a named lock for them. PostgreSQL's are advisory
# locks, held by the server across every process until the transaction ends.
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def _thread_lock(name: str) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(name, threading.Lock())


# Work to do once the current transaction of this thread has committed (see :func:`after_commit`).
_AFTER_COMMIT = threading.local()


def after_commit(work: Callable[[Connection], object]) -> None:
    """Run ``work(conn)`` (its result ignored) once the enclosing :func:`transaction` of this thread has committed
    (dropped if it rolls back): for follow-up writes that must see the committed rows and take their own lock,
    such as sealing the audit log's new entries into its hash chain. Outside a transaction it is an error."""
    pending = getattr(_AFTER_COMMIT, "stack", None)
    if not pending:
        raise RuntimeError("after_commit outside a transaction")
    if work not in pending[-1]:
        pending[-1].append(work)


@contextmanager
def transaction(conn: Connection, lock: str | None = None, give_way: bool = False) -> Iterator[Connection]:
    """Run a block in one transaction on its own cursor: all of it is written, or none.

    With ``lock``, the block runs alone among all blocks holding the same lock name, in every process
    sharing the database (for example two ingests of the same file): the later one starts after the
    earlier one committed, and sees what it wrote. With ``give_way``, a write that would wait for another
    transaction's row raises :data:`ConflictError` instead (at once on DuckDB, after 100 ms on PostgreSQL).
    """
    stack = _AFTER_COMMIT.__dict__.setdefault("stack", [])
    stack.append([])
    try:
        with cursor(conn) as cur:
            postgres = isinstance(cur, PgCursor)
            held = _thread_lock(lock) if lock and not postgres else None
            if held:
                held.acquire()
            try:
                cur.execute("BEGIN TRANSACTION")
                try:
                    if lock and postgres:
                        cur.execute("SELECT pg_advisory_xact_lock(hashtext(?))", [lock])
                    if give_way and postgres:
                        cur.execute("SET LOCAL lock_timeout = '100ms'")
                    yield cur
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
                cur.execute("COMMIT")
            finally:
                if held:
                    held.release()
    finally:
        committed_work = stack.pop()
    for work in committed_work:     # reached only after COMMIT: an exception above skips it
        work(conn)


def query_df(conn: Connection, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
    """Run a read query with parameters (positional ``?`` ones, the only kind PostgreSQL's translation knows) and
    return a DataFrame."""
    with cursor(conn) as cur:
        return cur.execute(sql, params or []).df()


def query_rows(conn: Connection, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
    """Run a read query with parameters (positional ``?`` ones, as for :func:`query_df`) and return its rows."""
    with cursor(conn) as cur:
        return cur.execute(sql, params or []).fetchall()


def check_identifiers(*names: object) -> None:
    """Names of tables, columns, sequences and databases come from code, never from input; checked before they
    reach the SQL text (a name cannot be a parameter)."""
    bad = [n for n in names if not _IDENTIFIER.match(str(n))]
    if bad:
        raise ValueError(f"not an identifier: {bad}")


def _frame_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """A DataFrame's rows as Python values, missing ones (NaN, NaT, NA) as None."""
    columns = []
    for name in frame.columns:
        column = frame[name]
        values = column.astype(object).where(column.notna(), None).tolist()
        columns.append([v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in values])
    return [list(row) for row in zip(*columns)]


def insert_frame(cur: Connection, table: str, frame: pd.DataFrame) -> int:
    """Insert a DataFrame's columns into the same-named columns of ``table``; returns rows written.

    Values travel through DuckDB's DataFrame scan, or PostgreSQL's COPY.
    """
    check_identifiers(table, *frame.columns)
    if isinstance(cur, PgCursor):
        cur.copy_rows(table, list(frame.columns), _frame_rows(frame))
        return len(frame)
    # PostgreSQL writes through a transaction's cursor (above), never through the database object itself
    assert not isinstance(cur, PgConnection), "insert_frame takes a cursor of db.transaction()"
    columns = ", ".join(frame.columns)
    sql = "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM incoming_frame"
    cur.register("incoming_frame", frame)
    try:
        cur.execute(sql)
    finally:
        cur.unregister("incoming_frame")
    return len(frame)


def insert_rows(cur: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Insert a few rows with one parameterised multi-row VALUES statement (fastest for small batches)."""
    check_identifiers(table, *columns)
    width = len(columns)
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        placeholders = ", ".join(["(" + ", ".join(["?"] * width) + ")"] * len(chunk))
        sql = "INSERT INTO " + table + " (" + ", ".join(columns) + ") VALUES " + placeholders
        cur.execute(sql, [value for row in chunk for value in row])
    return len(rows)


def continue_sequence(cur: Connection, sequence: str, past: int) -> None:
    """Make ``sequence`` hand out numbers above ``past`` (after rows were copied in with their ids).

    PostgreSQL sets it; DuckDB cannot alter a sequence that a table's default uses, so ``past`` numbers are drawn.
    """
    check_identifiers(sequence)
    if past < 1:
        return
    if isinstance(cur, PgCursor):
        cur.execute("SELECT setval(?, ?)", [sequence, int(past)])
    else:
        cur.execute("SELECT max(nextval('" + sequence + "')) FROM range(?)", [int(past)])


def table_names(conn: Connection) -> list[str]:
    """The tables of the schema (not views), by name."""
    return [r[0] for r in query_rows(conn, """
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name""")]


# --- migrations ---------------------------------------------------------------------------------

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def migration_files() -> list[tuple[int, str, str]]:
    """The numbered SQL files shipped in ``cchc/store/migrations``: (version, name, text), in order."""
    found = []
    for entry in resources.files("cchc.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migrations share a number: {versions}")
    return found


def checksum(text: str) -> str:
    """The SHA-256 of a migration's text, as recorded when it is applied."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def migrate(conn: Connection) -> list[int]:
    """Apply, in order, each migration not yet recorded; returns the versions applied now.

    Each runs in its own transaction under the lock "migrate", so app processes starting together on one
    PostgreSQL database apply it once.
    """
    done = []
    for version, name, text in migration_files():
        with transaction(conn, lock="migrate") as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, checksum VARCHAR NOT NULL,"
                " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
            applied = cur.execute("SELECT checksum FROM schema_migrations WHERE version = ?", [version]).fetchone()
            if applied:
                if applied[0] != checksum(text):
                    raise MigrationError(
                        f"Migration {name} đã được áp dụng nhưng tệp đã bị sửa / was applied but its file changed")
                continue
            cur.execute(text)
            cur.execute("INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                        [version, name, checksum(text)])
        done.append(version)
    return done
