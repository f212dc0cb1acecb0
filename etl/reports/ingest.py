"""Load one submitted file, all or nothing.

The raw bytes are staged in the archive (by SHA-256) before anything reads them. Then the file is checked,
read, validated, and written in one transaction: an accepted file loads completely and supersedes the
earlier accepted file of the same unit, kind and period (which stays as history); a rejected file
writes only its submission record and problem list. The same bytes sent again load once. Every
write is in the audit log. Once the transaction has committed, the bytes take their place in the archive
(:mod:`etl.reports.archive`). The upload page of the app calls the same function.
"""
from __future__ import annotations

import hashlib
import os
import signal
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cchc import auth
from cchc.applicability import Catalog
from cchc.store import db, journal
from etl.reading.files import MAX_FILE_BYTES, FileRejected, check_file, clean_filename
from etl.reading.workbook import load_sheets
from etl.reports import archive
from etl.reports.table import ReportTable, TableNotFound, find_report
from etl.reports.validation import ERROR, Checked, Expected, Problem, validate

ACCEPTED, REJECTED = "accepted", "rejected"
_FIRST_OF_THESE_BYTES = "SELECT id, status, kind, unit_code, period FROM submissions WHERE sha256 = ? ORDER BY id LIMIT 1"


@dataclass
class IngestResult:
    """What happened to one file."""

    filename: str
    sha256: str
    status: str                      # accepted, rejected
    submission_id: int
    kind: str | None = None
    unit_code: str | None = None
    period: str | None = None
    rows_loaded: int = 0
    duplicate_of: int | None = None  # the same bytes were already submitted
    superseded: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready form (for `ingest --json`)."""
        data = asdict(self)
        data["problems"] = [asdict(p) for p in self.problems]
        return data


def read_report(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> ReportTable | Problem:
    """Check a file and find its report table, or the one problem that stops it. Needs no database, so it
    can run in another process (the sample data reads its files on every core)."""
    try:
        kind = check_file(data, max_bytes)
        return find_report(load_sheets(data, kind.format))
    except (FileRejected, TableNotFound) as problem:
        return Problem(ERROR, None, None, None, str(problem))


@dataclass(frozen=True)
class IngestOptions:
    """How a file is taken in, besides what it is and who sent it: the keyword options of :func:`ingest_bytes`."""

    today: date | None = None                # the day the deadlines are judged by (default: today)
    uploaded_at: datetime | None = None      # when it came in (default: now)
    is_sample: bool = False                  # sample data (init --demo)
    max_bytes: int = MAX_FILE_BYTES
    catalog: Catalog | None = None           # a snapshot of the catalogs, when many files are taken in at once
    report: ReportTable | Problem | None = None    # the bytes already read (:func:`read_report`, in a worker)
    submission_id: int | None = None         # the number to give it (a rebuild keeps the original ones)


@dataclass(frozen=True)
class _Received:
    """A file as it came in and was staged in the archive, and what its sender said it is."""

    data: bytes
    filename: str
    actor: str
    expected: Expected
    digest: str
    at: datetime
    staged: archive.Staged


def _read(conn: db.Connection, received: _Received, options: IngestOptions, today: date
          ) -> tuple[Checked | None, list[Problem]]:
    """Check, read and validate; a file-level problem comes back as a single error."""
    found = read_report(received.data, options.max_bytes) if options.report is None else options.report
    if isinstance(found, Problem):
        return None, [found]
    checked = validate(conn, found, received.expected, today, options.catalog)
    return checked, checked.problems


def _insert_dicts(cur: db.Connection, table: str, rows: list[dict]) -> int:
    columns = list(rows[0])
    return db.insert_rows(cur, table, columns, [[row[c] for c in columns] for row in rows])


def _insert_rows(cur: db.Connection, checked: Checked, submission_id: int, is_sample: bool) -> int:
    base = {"submission_id": submission_id}
    if checked.kind == "indices":
        return _insert_dicts(cur, "index_scores", [{**base, **row, "stat": "value", "origin": "submission"}
                                                   for row in checked.rows])
    table = "target_values" if checked.kind == "targets" else "task_progress"
    period = checked.period
    assert period is not None       # a report without a period has an error, and is never loaded
    return _insert_dicts(cur, table, [{**base, "unit_code": checked.unit_code, "period": period.code,
                                       "plan_year": period.year, **row, "is_sample": is_sample}
                                      for row in checked.rows])


def ingest_bytes(conn: db.Connection, data: bytes, filename: str, actor: str, archive_dir: Path,
                 expected: Expected | None = None, *, user: auth.User | None = None, **options: Any) -> IngestResult:
    """Archive, check and load one file; returns what happened. Never raises for a bad file.

    ``expected`` is what the sender said the file is (the upload page's choices), checked against the file.

    ``options`` are the fields of :class:`IngestOptions` (an unknown name is a TypeError). Pass a ``catalog``
    snapshot when ingesting many files in one go, and ``report`` when these bytes were already read
    (:func:`read_report`, in another process). With a signed-in ``user`` (the app), the role is checked here,
    whatever page or path the file came by: a reporter may send only their own unit's report (anything else
    raises :class:`cchc.auth.PermissionDenied`, or is rejected when the file itself names another unit), and the
    submission is recorded under their name.

    The bytes are staged in the archive before anything reads them and put in place once the submission is
    committed (:mod:`etl.reports.archive`): killed at any moment, the file is fully in or fully out.
    """
    settings = IngestOptions(**options)
    expected = expected or Expected()
    filename = clean_filename(filename)
    if user is not None:
        auth.require(user, "submit", expected.unit_code or user.unit_code)
        actor = user.username
        if user.role == auth.REPORTER:
            expected = replace(expected, unit_code=user.unit_code)
    digest = hashlib.sha256(data).hexdigest()
    at = settings.uploaded_at or datetime.now()
    earlier = db.query_rows(conn, _FIRST_OF_THESE_BYTES, [digest])
    if earlier:   # the same bytes again: answered without reading the file
        with db.transaction(conn) as cur:
            return _duplicate(cur, earlier[0], filename, digest, actor)

    today = settings.today or date.today()
    staged = archive.stage(archive_dir, digest, data, filename, {
        "by": actor, "at": at.isoformat(), "bytes": len(data), "is_sample": settings.is_sample,
        "today": today.isoformat(), "expected": asdict(expected)})
    try:
        result = _record(conn, _Received(data, filename, actor, expected, digest, at, staged), settings, today)
    except BaseException:
        archive.discard(staged)
        raise
    if result.duplicate_of is not None:
        archive.discard(staged)
    else:
        _crash_point("after_commit")
        archive.settle(staged, result.submission_id, result.status)
    return result


def _crash_point(name: str) -> None:
    """Kill this process here when the crash tests ask for it (``CCHC_CRASH_AT=name``): the moment between
    two steps that a power cut could choose."""
    if os.environ.get("CCHC_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _record(conn: db.Connection, received: _Received, options: IngestOptions, today: date) -> IngestResult:
    """Read and validate the file, then record it in one transaction (see :func:`ingest_bytes`)."""
    filename, digest, actor = received.filename, received.digest, received.actor
    checked, problems = _read(conn, received, options, today)
    status = REJECTED if checked is None or checked.has_errors else ACCEPTED
    result = IngestResult(filename, digest, status, 0, problems=problems)
    if checked is not None:
        result.kind, result.unit_code = checked.kind, checked.unit_code
        result.period = checked.period.code if checked.period else None
    # One ingest writes at a time, in every process sharing the database: two processes sending the same
    # bytes at the same moment load them once, and of two files for one unit, kind and period the later
    # one supersedes the earlier (without the lock both could find nothing to supersede and stay current).
    with db.transaction(conn, lock="ingest") as cur:
        earlier = cur.execute(_FIRST_OF_THESE_BYTES, [digest]).fetchone()
        if earlier:
            return _duplicate(cur, earlier, filename, digest, actor)
        inserted = cur.execute(
            """INSERT INTO submissions (id, sha256, filename, size_bytes, archive_path, kind, unit_code, period,
                                        plan_year, status, uploaded_by, uploaded_at, is_sample)
               VALUES (coalesce(?, nextval('submissions_id')), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
            [options.submission_id, digest, filename, len(received.data), str(received.staged.final), result.kind,
             result.unit_code, result.period, checked.period.year if checked and checked.period else None, status,
             actor, received.at, options.is_sample],
        ).fetchone()
        assert inserted is not None     # INSERT … RETURNING of one row
        result.submission_id = inserted[0]
        if problems:
            _insert_dicts(cur, "submission_problems", [{"submission_id": result.submission_id, "seq": n, **asdict(p)}
                                                       for n, p in enumerate(problems, 1)])
        if checked is not None and status == ACCEPTED:     # (accepted means read, and without errors)
            result.rows_loaded = _insert_rows(cur, checked, result.submission_id, options.is_sample)
            superseded = cur.execute(
                """UPDATE submissions SET superseded_by = ?
                   WHERE status = 'accepted' AND superseded_by IS NULL AND id <> ?
                     AND unit_code = ? AND kind = ? AND period = ? RETURNING id""",
                [result.submission_id, result.submission_id, result.unit_code, result.kind, result.period],
            ).fetchall()
            result.superseded = sorted(r[0] for r in superseded)
        journal.record(cur, actor, f"ingest_{status}", "submissions", str(result.submission_id), {
            "filename": filename, "sha256": digest, "kind": result.kind, "unit": result.unit_code,
            "period": result.period, "rows": result.rows_loaded, "errors": sum(p.severity == ERROR for p in problems),
            "superseded": result.superseded})
        _crash_point("before_commit")
    return result


def _duplicate(cur: db.Connection, earlier: tuple, filename: str, digest: str, actor: str) -> IngestResult:
    """The same bytes were sent before: recorded in the audit log, answered with the first submission's outcome."""
    sid, status, kind, unit_code, period = earlier
    journal.record(cur, actor, "ingest_duplicate", "submissions", str(sid), {"filename": filename})
    problems = [Problem(*row) for row in cur.execute(
        "SELECT severity, sheet, cell, value, message FROM submission_problems WHERE submission_id = ? ORDER BY seq",
        [sid]).fetchall()]
    return IngestResult(filename, digest, status, sid, kind, unit_code, period, duplicate_of=sid, problems=problems)


def ingest_path(conn: db.Connection, path: Path, actor: str, archive_dir: Path, **options: Any) -> IngestResult:
    """Ingest a file from disk (the command line)."""
    return ingest_bytes(conn, Path(path).read_bytes(), Path(path).name, actor, archive_dir, **options)
