"""Restoring a backup (:mod:`etl.operations.backup`): the manifest and every file's SHA-256 are checked before
anything else (:func:`~etl.operations.backup.verify_backup`), then the database is put back (an existing DuckDB
file and archive are kept under another name, and only with ``force``; a PostgreSQL database must be empty, or
with ``force`` is first dumped into the backups folder), the archive is copied, and every submission is pointed
at its restored file.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from cchc.config import archive_dir_for, shown
from cchc.store import db, dumps, journal
from etl.operations.backup import (
    ARCHIVE,
    DATABASE_FILES,
    BackupError,
    backup_root,
    database_kind,
    time_stamp,
    verify_backup,
)


@dataclass
class Restored:
    """What :func:`restore_backup` did."""

    manifest: dict
    kept: list[Path] = field(default_factory=list)     # what was there before, moved or dumped aside




def _in_use(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())


def _aside(path: Path, stamp: str) -> Path:
    """The name a file or folder is kept under when a restore replaces it: cchc.duckdb →
    cchc.before-restore-<time>.duckdb (a DuckDB file's log, .wal, after that name); archive →
    archive.before-restore-<time>."""
    if path.name.endswith(".duckdb.wal"):
        return path.with_name(path.name[:-len(".duckdb.wal")] + f".before-restore-{stamp}.duckdb.wal")
    if path.suffix:
        return path.with_name(f"{path.stem}.before-restore-{stamp}{path.suffix}")
    return path.with_name(f"{path.name}.before-restore-{stamp}")


def _restore_archive(folder: Path, manifest: dict, archive_dir: Path) -> None:
    for entry in manifest["files"]:
        parts = PurePosixPath(entry["path"]).parts
        if parts[0] != ARCHIVE:
            continue
        target = archive_dir.joinpath(*parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".restore-{target.name}")
        shutil.copyfile(folder.joinpath(*parts), temporary)
        os.replace(temporary, target)


def _point_at_archive(database: str | Path, archive_dir: Path, actor: str, folder: Path, manifest: dict) -> None:
    """Bring the restored database up to this version's schema (as the app would), point every submission at
    its file in the restored archive, and record the restore in the audit log."""
    conn = db.open_database(database)
    try:
        with db.transaction(conn) as cur:
            rows = cur.execute("SELECT id, sha256, archive_path FROM submissions").fetchall()
            cur.execute("CREATE TEMPORARY TABLE restored_paths (id BIGINT PRIMARY KEY, path VARCHAR NOT NULL)")
            db.insert_rows(cur, "restored_paths", ["id", "path"], [
                [i, str(archive_dir / digest[:2] / PurePosixPath(stored).name)] for i, digest, stored in rows])
            cur.execute("UPDATE submissions SET archive_path = p.path FROM restored_paths p WHERE submissions.id = p.id")
            cur.execute("DROP TABLE restored_paths")
            journal.record(cur, actor, "restore", "backups", folder.name, {
                "folder": str(folder), "created_at": manifest["created_at"], "submissions": manifest.get("submissions"),
                "archive": str(archive_dir)})
    finally:
        conn.close()


def _refuse_existing(what: str) -> BackupError:
    return BackupError(f"Đã có {what}: không ghi đè. Để thay bằng bản sao lưu, chạy lại với --force (dữ liệu hiện "
                       "có được giữ lại dưới tên khác, không bị xóa).")


def restore_backup(folder: Path, database: str, actor: str, force: bool = False) -> Restored:
    """Restore the backup in ``folder`` into ``database`` and its archive folder (:func:`archive_dir_for`).

    The app must be stopped (a DuckDB file the app holds is refused as busy). Nothing is changed unless the
    whole backup checks out.
    """
    folder = Path(folder).resolve()
    manifest = verify_backup(folder)
    kind = database_kind(database)
    if manifest["database"] != kind:
        raise BackupError(f"Bản sao lưu {folder} là của {manifest['database']}, không khôi phục được vào "
                          f"{shown(database)} ({kind}): khôi phục vào một {manifest['database']} rồi dùng "
                          "'python -m etl copy'.")
    archive_dir = archive_dir_for(database)
    stamp = time_stamp(datetime.now())
    source = folder / DATABASE_FILES[kind]
    done = Restored(manifest)
    if kind == "postgresql":
        _restore_postgres(source, database, archive_dir, force, stamp, actor, done)
    else:
        _restore_duckdb(source, Path(database).resolve(), archive_dir, force, stamp, actor, done)
    return done


def _restore_duckdb(source: Path, target: Path, archive_dir: Path, force: bool, stamp: str, actor: str,
                    done: Restored) -> None:
    existing = [p for p in (target, target.with_name(target.name + ".wal")) if p.exists()]
    if existing and not force:
        raise _refuse_existing(f"cơ sở dữ liệu {target}")
    if _in_use(archive_dir) and not force:
        raise _refuse_existing(f"thư mục lưu trữ {archive_dir} có tệp")
    if target.exists():
        db.connect(target).close()      # DatabaseBusyError while the app holds it: renaming it would lose data
    work = target.with_name(f".{target.name}.restoring")
    work.parent.mkdir(parents=True, exist_ok=True)
    for stale in (work, work.with_name(work.name + ".wal")):    # an interrupted restore's: never replayed
        stale.unlink(missing_ok=True)
    shutil.copyfile(source, work)
    _point_at_archive(work, archive_dir, actor, source.parent, done.manifest)   # before it takes its place
    for path in existing:
        done.kept.append(path.rename(_aside(path, stamp)))
    if _in_use(archive_dir):
        done.kept.append(archive_dir.rename(_aside(archive_dir, stamp)))
    _restore_archive(source.parent, done.manifest, archive_dir)
    os.replace(work, target)


def _restore_postgres(source: Path, url: str, archive_dir: Path, force: bool, stamp: str, actor: str,
                      done: Restored) -> None:
    conn = db.connect(url)
    try:
        tables = db.table_names(conn)
    finally:
        conn.close()
    if tables and not force:
        raise _refuse_existing(f"dữ liệu trong {shown(url)} ({len(tables)} bảng)")
    if _in_use(archive_dir) and not force:
        raise _refuse_existing(f"thư mục lưu trữ {archive_dir} có tệp")
    if tables:
        kept = backup_root() / f"cchc-before-restore-{stamp}.dump"
        kept.parent.mkdir(parents=True, exist_ok=True)
        dumps.dump_to(url, kept)
        done.kept.append(kept)
    dumps.restore_dump(source, url, replace=bool(tables))
    _point_at_archive(url, archive_dir, actor, source.parent, done.manifest)
    if _in_use(archive_dir):
        done.kept.append(archive_dir.rename(_aside(archive_dir, stamp)))
    _restore_archive(source.parent, done.manifest, archive_dir)
