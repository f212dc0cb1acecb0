"""Benchmark of housekeeping: how fast the audit log and the archive of received files grow, and what
`python -m etl check` costs as they do.

Growth is measured on the sample data (its audit entries and archived bytes per received file), then given for
the 1,200 files a year the province receives and for ten years; the sign-ins of a year are estimated apart
(they, not the files, make most of the audit log). The check is timed on the sample data and on a copy whose
audit log holds ten years of entries (the sample's copied, and chained as the app chains them), as a whole
command and for the audit chain alone. Prints figures; asserts nothing.

Run: `make bench` or `.venv/bin/python bench/housekeeping.py [--db FILE]` (without --db, a sample-data database is
made first, a few minutes).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import demo_database  # noqa: E402
from cchc.config import archive_dir_for  # noqa: E402
from cchc.store import db, journal  # noqa: E402
from etl.operations.check import check  # noqa: E402

FILES_A_YEAR = 1_200
YEARS = 10
# Sign-ins are not in the sample data: an estimate of a year's, each one a sign-in and a sign-out entry (or an
# expiry): 300 accounts (a reporter for most units, the office, leadership) signing in on 100 working days.
SIGN_INS_A_YEAR = 300 * 100
_COLUMNS = ["id", "logged_at", "actor", "action", "entity", "entity_id", "detail", "chain_seq", "prev_hash",
            "entry_hash"]


def _megabytes(size: float) -> str:
    return f"{size / 1e6:,.1f} MB"


def _growth(path: Path) -> int:
    """Print the growth figures; the audit entries of a year."""
    conn = db.connect(path, read_only=True)
    try:
        files = db.query_rows(conn, "SELECT count(*) FROM submissions")[0][0]
        entries, text = db.query_rows(conn, """
            SELECT count(*), sum(8 + 8 + 8 + length(actor) + length(action) + coalesce(length(entity), 0)
                               + coalesce(length(entity_id), 0) + coalesce(strlen(detail), 0) + 64 + 64)
            FROM audit_log""")[0]
        by_action = db.query_rows(conn, "SELECT action, count(*) FROM audit_log GROUP BY action ORDER BY 2 DESC LIMIT 5")
    finally:
        conn.close()
    archive = archive_dir_for(path)
    stored = [p for p in archive.rglob("*") if p.is_file() and ".staging" not in p.parts]
    archived = sum(p.stat().st_size for p in stored)
    per_file, per_entry = archived / files, text / entries
    print(f"Sample data: {files:,} received files, {entries:,} audit entries "
          f"({', '.join(f'{a} {n:,}' for a, n in by_action)}), archive {_megabytes(archived)}")
    print(f"  archive: {per_file / 1e3:,.1f} KB per received file (bytes and receipt log) → "
          f"{_megabytes(per_file * FILES_A_YEAR)} a year, {_megabytes(per_file * FILES_A_YEAR * YEARS)} in {YEARS} years")
    yearly = entries / files * FILES_A_YEAR + 2 * SIGN_INS_A_YEAR
    print(f"  audit log: {entries / files:.2f} entries per received file, {per_entry:.0f} bytes per entry (fields "
          f"and hashes) → with {SIGN_INS_A_YEAR:,} sign-ins a year, {yearly:,.0f} entries and "
          f"{_megabytes(yearly * per_entry)} a year, {_megabytes(yearly * per_entry * YEARS)} in {YEARS} years")
    return round(yearly)


def _lengthen_audit_log(path: Path, entries: int) -> Path:
    """A copy of the database whose audit log holds about ``entries`` entries: its own entries copied again and
    again, each copy chained after the last as the app chains them (beside it, so that it shares its archive)."""
    longer = path.with_name("longer.duckdb")
    shutil.copy(path, longer)
    conn = db.connect(longer)
    try:
        rows = db.query_rows(conn, "SELECT id, logged_at, actor, action, entity, entity_id, detail, chain_seq, "
                                   "entry_hash FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq")
        step, copies = max(r[0] for r in rows), -(-entries // len(rows))
        seq, previous = rows[-1][7], rows[-1][8]
        with db.transaction(conn) as cur:
            for copy in range(1, copies):
                added = []
                for row in rows:
                    fields = (row[0] + copy * step, *row[1:7])
                    seq += 1
                    digest = journal.entry_hash(previous, fields)
                    added.append([*fields, seq, previous, digest])
                    previous = digest
                db.insert_frame(cur, "audit_log", pd.DataFrame(added, columns=_COLUMNS))
            db.continue_sequence(cur, "audit_log_id", copies * step)
    finally:
        conn.close()
    return longer


def _timed_check(path: Path, label: str) -> None:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "etl", "check", "--db", str(path)], cwd=ROOT, capture_output=True,
                          text=True)
    command = time.perf_counter() - start
    conn = db.connect(path, read_only=True)
    try:
        start = time.perf_counter()
        chain = journal.verify(conn)
        verifying = time.perf_counter() - start
        start = time.perf_counter()
        check(conn, archive_dir_for(path))
        whole = time.perf_counter() - start
    finally:
        conn.close()
    state = "consistent" if done.returncode == 0 else f"exit {done.returncode}"
    print(f"  {label:34s} etl check {command:5.2f} s ({state}) · in process {whole:5.2f} s, "
          f"of which the audit chain ({chain.checked:,} entries) {verifying:5.2f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a sample-data DuckDB file to measure (copied first; its archive beside it)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = demo_database(Path(folder), args.db)
        if args.db:
            shutil.copytree(archive_dir_for(Path(args.db)), archive_dir_for(path))
        yearly = _growth(path)
        print("etl check:")
        _timed_check(path, "sample data")
        _timed_check(_lengthen_audit_log(path, yearly * YEARS), f"audit log of {YEARS} years")


if __name__ == "__main__":
    main()
