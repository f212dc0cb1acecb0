"""`copy`: move a whole database between the two backends (a DuckDB file, a PostgreSQL URL).

Every table is copied as it is, ids included: catalogs, submissions with their problems and values,
users, sessions, the audit log, the sample-data state. The destination must be empty (just created, or
migrated by `init` without catalogs); its migrations must match the source's. The sequences then continue
after the copied ids. :func:`compare_exports` checks the result the way a user would: every export table
of both sides, as CSV text.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from cchc.store import db, exports, queries

# Tables whose ids come from a sequence (the sequence continues after the copied ids).
SEQUENCES = {"submissions": "submissions_id", "index_scores": "index_scores_id", "audit_log": "audit_log_id",
             "province_results": "province_results_id", "reminder_log": "reminder_log_id",
             "report_templates": "report_template_id"}


class CopyError(RuntimeError):
    """The copy cannot start (Vietnamese message)."""


@dataclass
class CopyReport:
    """Rows copied per table."""

    rows: dict[str, int] = field(default_factory=dict)


def _migrations(conn: db.Connection) -> list[tuple]:
    return db.query_rows(conn, "SELECT version, checksum FROM schema_migrations ORDER BY version")


def copy_database(source: str, destination: str) -> CopyReport:
    """Copy every table of ``source`` into the empty database ``destination`` (created or migrated here)."""
    src = db.connect(source, read_only=True)
    try:
        dst = db.open_database(destination)
        try:
            return _copy(src, dst)
        finally:
            dst.close()
    finally:
        src.close()


def _copy(src: db.Connection, dst: db.Connection) -> CopyReport:
    if _migrations(src) != _migrations(dst):
        raise CopyError("Nguồn và đích khác phiên bản cấu trúc (migration): chạy 'python -m etl init --db NGUỒN' "
                        "để cập nhật nguồn trước.")
    tables = [t for t in db.table_names(src) if t != "schema_migrations"]
    db.check_identifiers(*tables)
    missing = sorted(set(tables) - set(db.table_names(dst)))
    if missing:
        raise CopyError(f"Đích thiếu bảng: {', '.join(missing)}.")
    filled = [t for t in tables if db.query_rows(dst, "SELECT count(*) FROM " + t)[0][0]]
    if filled:
        raise CopyError(f"Cơ sở dữ liệu đích đã có dữ liệu (bảng {', '.join(filled)}): hãy dùng một cơ sở dữ liệu trống.")
    report = CopyReport()
    with db.transaction(dst, lock="copy") as cur:
        for table in tables:
            frame = db.query_df(src, "SELECT * FROM " + table)
            report.rows[table] = db.insert_frame(cur, table, frame) if len(frame) else 0
        for table, sequence in SEQUENCES.items():
            found = cur.execute("SELECT max(id) FROM " + table).fetchone()
            assert found is not None        # an aggregate without GROUP BY gives one row
            db.continue_sequence(cur, sequence, found[0] or 0)
    return report


def compare_exports(first: str, second: str) -> list[str]:
    """The export tables whose CSV differs between two databases (empty: identical)."""
    texts = []
    for target in (first, second):
        conn = db.connect(target, read_only=True)
        try:
            tables = {}
            for name in sorted(queries.EXPORTS):
                out = io.StringIO()
                exports.write_csv(queries.export_table(conn, name), out)
                tables[name] = out.getvalue()
            texts.append(tables)
        finally:
            conn.close()
    return [name for name in texts[0] if texts[0][name] != texts[1][name]]
