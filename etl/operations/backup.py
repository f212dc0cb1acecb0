"""Backups: a consistent copy of the database and of the archive of received files (restored by
:mod:`etl.operations.restore`).

A backup is one folder: ``database.duckdb`` (a DuckDB snapshot) or ``database.dump`` (``pg_dump``);
``archive/`` with exactly the files that the copied submissions name, each with its log (without the lines of
submissions the copy does not hold); and ``manifest.json``: the format, the time, the database kind, the rows
of each table and every file with its SHA-256. The database is copied first, as of one moment
(:mod:`cchc.store.dumps`), then the files its submissions name, so the two agree even while files arrive: a file
received later is neither in the copy nor in its archive. The folder is built under a hidden name beside its
own and takes its name once the manifest, written last, is in: a folder without a manifest is incomplete.

:func:`verify_backup` checks a backup folder: its manifest and every file's SHA-256.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

import pandas as pd

from cchc import auth
from cchc.config import DATA_DIR, archive_dir_for, shown
from cchc.formatting import format_number
from cchc.store import db, dumps
from etl.reports import archive

FORMAT = 1
MANIFEST = "manifest.json"
ARCHIVE = "archive"
DATABASE_FILES = {"duckdb": "database.duckdb", "postgresql": "database.dump"}
BACKUP_ENV_VAR = "CCHC_BACKUP_DIR"
_ARCHIVED_NAME = re.compile(r"^[0-9a-f]{64}")
_CHUNK = 1 << 20


class BackupError(RuntimeError):
    """A backup cannot be written or restored (Vietnamese message)."""


@dataclass
class Backup:
    """One backup folder as the page lists it, or as :func:`create_backup` wrote it."""

    folder: Path
    complete: bool
    created_at: datetime | None = None
    database: str | None = None          # duckdb, postgresql
    submissions: int = 0
    archived: int = 0                    # received files (their logs not counted)
    size: int = 0                        # bytes of every file
    problems: list[str] = field(default_factory=list)


def backup_root() -> Path:
    """The folder the app writes its backups into: ``CCHC_BACKUP_DIR``, else ``data/backups``."""
    configured = os.environ.get(BACKUP_ENV_VAR)
    return Path(configured).resolve() if configured else DATA_DIR / "backups"


def database_kind(database: str | Path) -> str:
    return "postgresql" if db.is_postgres(database) else "duckdb"


def time_stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- writing a backup ---------------------------------------------------------------------------

def _read_state(cur: db.Connection) -> tuple[dict[str, int], list[tuple]]:
    """In the snapshot's transaction: rows per table, and each submission's id, hash, file and outcome."""
    tables = [r[0] for r in cur.execute(dumps.OWN_TABLES).fetchall()]
    db.check_identifiers(*tables)
    rows: dict[str, int] = {}
    for t in tables:
        count = cur.execute("SELECT count(*) FROM " + t).fetchone()
        assert count is not None        # count(*) gives one row
        rows[t] = count[0]
    submissions = cur.execute("SELECT id, sha256, archive_path, filename, status FROM submissions ORDER BY id").fetchall()
    return rows, submissions


def _staged_copy(archive_dir: Path, digest: str, submission_id: int, status: str) -> tuple[bytes, str] | None:
    """The bytes of a committed submission still in the staging folder (the moment between its commit and its
    move into place, or a crash in that moment), and the log line the move will write."""
    for entry_path in sorted((archive_dir / archive.STAGING).glob(digest + ".*.json")):
        data_path = entry_path.with_suffix(".bin")
        if data_path.exists():
            data = data_path.read_bytes()
            if hashlib.sha256(data).hexdigest() == digest:
                entry = json.loads(entry_path.read_text(encoding="utf-8"))
                return data, json.dumps({"id": submission_id, "status": status, **entry}, ensure_ascii=False) + "\n"
    return None


def _log_text(path: Path, ids: set[int]) -> str:
    """A file's log without the lines of submissions outside the copy (lines without an id stay)."""
    kept = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if isinstance(entry, dict) and entry.get("id") is not None and entry["id"] not in ids:
            continue
        kept.append(line if line.endswith("\n") else line + "\n")
    return "".join(kept)


def _copy_archive(submissions: list[tuple], archive_dir: Path, out: Path) -> tuple[list[dict], list[str]]:
    """Copy each file the submissions name, checked against its SHA-256, with its filtered log."""
    ids = {row[0] for row in submissions}
    files, problems, done = [], [], set()
    for submission_id, digest, stored, filename, status in submissions:
        name = PurePosixPath(stored).name
        relative = f"{ARCHIVE}/{digest[:2]}/{name}"
        if relative in done:
            continue
        source = Path(stored) if Path(stored).exists() else archive_dir / digest[:2] / name
        staged_line = ""
        if source.exists():
            data = source.read_bytes()
        else:
            staged = _staged_copy(archive_dir, digest, submission_id, status)
            if staged is None:
                problems.append(f"Không tìm thấy tệp lưu của bản nộp số {submission_id} ('{filename}', {stored}): "
                                f"bản sao lưu không có tệp này.")
                continue
            data, staged_line = staged
        if hashlib.sha256(data).hexdigest() != digest:
            problems.append(f"Tệp lưu của bản nộp số {submission_id} ('{filename}', {source}) đã bị hỏng "
                            "(mã SHA-256 không khớp): bản sao lưu không có tệp này.")
            continue
        archive.write_synced(out / relative, data)
        files.append({"path": relative, "sha256": digest, "bytes": len(data)})
        done.add(relative)
        log = source.parent / f"{digest}.log.jsonl"
        text = (_log_text(log, ids) if log.exists() else "") + staged_line
        if text:
            log_relative = f"{ARCHIVE}/{digest[:2]}/{digest}.log.jsonl"
            encoded = text.encode("utf-8")
            archive.write_synced(out / log_relative, encoded)
            files.append({"path": log_relative, "sha256": hashlib.sha256(encoded).hexdigest(), "bytes": len(encoded)})
    return files, problems


def create_backup(conn: db.Connection, database: str, archive_dir: Path, folder: Path, actor: str) -> Backup:
    """Write a backup of ``database`` (open as ``conn``) and of its archive into the new folder ``folder``;
    ``actor`` is recorded in the manifest. Files the copied submissions name but that are missing or damaged
    in the archive are listed in ``problems`` (and in the manifest); everything else is written.
    """
    folder = Path(folder).resolve()
    if folder.exists():
        if not folder.is_dir() or any(folder.iterdir()):
            raise BackupError(f"Thư mục {folder} đã có nội dung: hãy chọn một thư mục mới hoặc trống.")
        folder.rmdir()
    kind = database_kind(database)
    partial = folder.parent / f".{folder.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)       # what an interrupted backup of the same name left
    partial.mkdir(parents=True)
    try:
        created = datetime.now()
        database_file = partial / DATABASE_FILES[kind]
        rows, submissions = dumps.write_snapshot(conn, database, database_file, _read_state)
        files, problems = _copy_archive(submissions, archive_dir, partial)
        files.insert(0, {"path": database_file.name, "sha256": _sha256_file(database_file),
                         "bytes": database_file.stat().st_size})
        manifest = {"format": FORMAT, "created_at": created.isoformat(timespec="seconds"), "created_by": actor,
                    "database": kind, "source": shown(database), "archive": str(archive_dir), "rows": rows,
                    "submissions": len(submissions), "problems": problems, "files": files}
        archive.write_synced(partial / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        os.rename(partial, folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    directory = os.open(folder.parent, os.O_RDONLY)     # the rename itself on disk
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return _summary(folder, manifest)


def backup_now(conn: db.Connection, database: str, user: auth.User, root: Path | None = None) -> Backup:
    """The app's button (administrators only): a backup into a new dated folder of ``root`` (default
    :func:`backup_root`), with the app's own connection."""
    auth.require(user, "manage")
    root = root or backup_root()
    name = f"cchc-backup-{time_stamp(datetime.now())}"
    folder, n = root / name, 1
    while folder.exists() or (root / f".{folder.name}.partial").exists():
        n += 1
        folder = root / f"{name}-{n}"
    return create_backup(conn, database, archive_dir_for(database), folder, user.username)


# --- listing and checking backups -----------------------------------------------------------------

def _summary(folder: Path, manifest: dict) -> Backup:
    files = manifest.get("files", [])
    return Backup(folder, True, datetime.fromisoformat(manifest["created_at"]), manifest.get("database"),
                  manifest.get("submissions", 0),
                  sum(1 for f in files if f["path"].startswith(ARCHIVE + "/") and not f["path"].endswith(".log.jsonl")),
                  sum(f["bytes"] for f in files), list(manifest.get("problems", [])))


def read_backup(folder: Path) -> Backup:
    """A backup folder as its manifest describes it (not checked: see :func:`verify_backup`)."""
    try:
        return _summary(folder, json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return Backup(folder, False)


def list_backups(root: Path) -> list[Backup]:
    """The backup folders under ``root``, newest first (incomplete ones last)."""
    if not root.is_dir():
        return []
    found = [read_backup(f) for f in root.iterdir() if f.is_dir() and not f.name.startswith(".")]
    return sorted(found, key=lambda b: (b.complete, b.created_at or datetime.min, b.folder.name), reverse=True)


def table(backups: list[Backup]) -> pd.DataFrame:
    """The backups as the page shows them, with Vietnamese headers."""
    return pd.DataFrame({
        "Thời điểm": [b.created_at for b in backups],
        "Thư mục": [b.folder.name for b in backups],
        "Cơ sở dữ liệu": [{"duckdb": "DuckDB", "postgresql": "PostgreSQL"}.get(b.database or "", "") for b in backups],
        "Bản nộp": [b.submissions for b in backups],
        "Tệp đã nhận": [b.archived for b in backups],
        "Dung lượng": [f"{format_number(b.size / 1e6, 1)} MB" for b in backups],
        "Tình trạng": ["Chưa hoàn tất — không dùng được" if not b.complete
                       else f"Thiếu {len(b.problems)} tệp lưu" if b.problems else "Đầy đủ" for b in backups],
    })


def _member(folder: Path, relative: str, kind: str) -> Path:
    """A file the manifest lists, refused unless it is the database file or an archived file's place."""
    parts = PurePosixPath(relative).parts
    if relative == DATABASE_FILES[kind] or (
            len(parts) == 3 and parts[0] == ARCHIVE and re.fullmatch(r"[0-9a-f]{2}", parts[1])
            and _ARCHIVED_NAME.match(parts[2]) and parts[2].startswith(parts[1])):
        return folder.joinpath(*parts)
    raise BackupError(f"Bản sao lưu {folder} không hợp lệ: manifest.json ghi một tệp lạ ({relative!r}).")


def verify_backup(folder: Path) -> dict:
    """The manifest of a complete, undamaged backup; otherwise :class:`BackupError` naming what is wrong."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"Không có thư mục sao lưu {folder}.")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"Bản sao lưu {folder} chưa hoàn tất hoặc không phải một bản sao lưu (không có tệp "
                          f"{MANIFEST}): không khôi phục từ bản này.") from None
    except ValueError:
        raise BackupError(f"Tệp {folder / MANIFEST} bị hỏng (không đọc được): không khôi phục từ bản này.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("database") not in DATABASE_FILES:
        raise BackupError(f"Tệp {folder / MANIFEST} không phải của bản sao lưu mà phiên bản này đọc được.")
    files = manifest.get("files") or []
    if DATABASE_FILES[manifest["database"]] not in {f.get("path") for f in files}:
        raise BackupError(f"Bản sao lưu {folder} không có tệp cơ sở dữ liệu {DATABASE_FILES[manifest['database']]}.")
    for entry in files:
        path = _member(folder, str(entry.get("path")), manifest["database"])
        if not path.is_file():
            raise BackupError(f"Bản sao lưu {folder} thiếu tệp {entry['path']}: không khôi phục từ bản này.")
        if path.stat().st_size != entry.get("bytes") or _sha256_file(path) != entry.get("sha256"):
            raise BackupError(f"Tệp {entry['path']} trong bản sao lưu {folder} đã bị hỏng (mã SHA-256 không khớp "
                              "với manifest.json): không khôi phục từ bản này.")
    return manifest
