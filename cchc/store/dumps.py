"""A whole database written to one file at one moment, and put back: the store side of backups.

DuckDB: the live connection (the app's own, since the app holds the file while it runs) attaches a new file
and copies every table and sequence into it (``COPY FROM DATABASE``) in one transaction, so the copy is the
state of one moment while other threads go on writing. PostgreSQL: ``pg_dump`` in its custom format, given
the snapshot of a transaction that stays open while it runs (``pg_export_snapshot``); ``pg_restore`` puts it
back. In both, ``read`` runs in that same transaction: what it reads (the submissions whose archived files a
backup must take) is exactly what the written file holds.
"""
from __future__ import annotations

import os
import re
import secrets
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from cchc.config import shown
from cchc.store import db
from cchc.store.programs import binary

T = TypeVar("T")
# SQL that reads the tables of the connection's own database (DuckDB lists an attached file's tables too).
OWN_TABLES = """SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()
                AND table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"""


class DumpError(RuntimeError):
    """pg_dump or pg_restore failed (Vietnamese message, without the password)."""


def write_snapshot(conn: db.Connection, database: str, out: Path, read: Callable[[db.Connection], T]) -> T:
    """Write the whole ``database`` (open as ``conn``) to the new file ``out`` as of one moment; returns what
    ``read(cursor)`` found in that same moment."""
    if db.is_postgres(database):
        return _pg_dump(conn, database, out, read)
    return _duckdb_snapshot(conn, out, read)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _duckdb_snapshot(conn: db.Connection, out: Path, read: Callable[[db.Connection], T]) -> T:
    # ATTACH takes no parameter: the path is a SQL literal, its quotes doubled. A name of its own per call,
    # since attached files are seen by every cursor of the process.
    alias = "snapshot_" + secrets.token_hex(6)
    literal = "'" + str(out).replace("'", "''") + "'"
    with db.cursor(conn) as cur:
        row = cur.execute("SELECT current_database()").fetchone()
        assert row is not None          # a SELECT without FROM gives one row
        source = row[0]
        cur.execute(f"ATTACH {literal} AS {alias} (READ_WRITE)")    # read-write even from a read-only connection
        try:
            cur.execute("BEGIN TRANSACTION")
            try:
                found = read(cur)
                cur.execute(f"COPY FROM DATABASE {_quoted(source)} TO {alias}")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")
        finally:
            cur.execute(f"DETACH {alias}")       # writes the file out in full
    return found


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A URL for PostgreSQL's programs without its password, which goes in their environment instead (a
    command line is visible to every user of the machine)."""
    match = re.match(r"^(\w+://[^:/@]+):([^@]*)@(.*)$", url)
    env = dict(os.environ)
    if not match:
        return url, env
    env["PGPASSWORD"] = unquote(match.group(2))
    return f"{match.group(1)}@{match.group(3)}", env


def _run(program: str, url: str, *arguments: str) -> None:
    target, env = _libpq(url)
    done = subprocess.run([binary(program), *arguments, f"--dbname={target}"], capture_output=True, text=True,
                          env=env, check=False)
    if done.returncode:
        reason = " ".join(done.stderr.strip().splitlines()[-3:])
        raise DumpError(f"{program} không chạy được với {shown(url)}: {reason}")


def _pg_dump(conn: db.Connection, url: str, out: Path, read: Callable[[db.Connection], T]) -> T:
    with db.cursor(conn) as cur:
        # REPEATABLE READ: every statement of the transaction sees the snapshot taken by its first one, which
        # pg_dump adopts; the transaction stays open (exporting it) until pg_dump is done.
        cur.execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            row = cur.execute("SELECT pg_export_snapshot()").fetchone()
            assert row is not None      # a SELECT without FROM gives one row
            snapshot = row[0]
            found = read(cur)
            _run("pg_dump", url, "--format=custom", f"--snapshot={snapshot}", f"--file={out}")
        finally:
            cur.execute("ROLLBACK")
    return found


def restore_dump(dump: Path, url: str, replace: bool = False) -> None:
    """Load a ``pg_dump`` file into the database ``url``, in one transaction (all or nothing), owned by the
    connecting account. With ``replace``, the dump's tables already there are dropped first."""
    _run("pg_restore", url, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         *(["--clean", "--if-exists"] if replace else []), str(dump))


def dump_to(url: str, out: Path) -> None:
    """``pg_dump`` of the database ``url`` as it is now, into ``out`` (custom format)."""
    _run("pg_dump", url, "--format=custom", f"--file={out}")
