"""The archive of received files: every file's exact bytes under its SHA-256, and a log of who sent it when.

Layout, under the archive folder: ``<first two hex digits>/<sha256><.ext>`` holds the bytes, and
``<sha256>.log.jsonl`` beside it one JSON line per submission of those bytes: submission id, file name,
sender, time, outcome, whether it is sample data, the day it was judged by and what the sender said the file
was. That log is enough to replay every file in its original order (``python -m etl rebuild``).

A file reaches the archive in three steps, so that a crash at any moment leaves it fully in or fully out:

1. :func:`stage` writes the bytes and the log entry into ``.staging/`` (synced to disk) before the database
   transaction;
2. the transaction records the submission, or does not;
3. :func:`settle` then appends the log line and moves the bytes to their place (an atomic rename).

:func:`recover` finishes step 3 for files whose transaction committed and drops the others; it runs when the
app or a writing command starts, and skips files of processes still running.
"""
from __future__ import annotations

import errno
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cchc.store import db

STAGING = ".staging"
_FIRST_SUBMISSION = "SELECT id, status FROM submissions WHERE sha256 = ? ORDER BY id LIMIT 1"


def final_path(archive_dir: Path, digest: str, filename: str) -> Path:
    """Where the bytes of a file live in the archive: by hash, keeping a short extension for people."""
    suffix = Path(filename).suffix.lower()[:6]
    if not suffix[1:].isalnum():
        suffix = ""
    return archive_dir / digest[:2] / (digest + suffix)


def log_path(archive_dir: Path, digest: str) -> Path:
    """The log of every submission of these bytes."""
    return archive_dir / digest[:2] / (digest + ".log.jsonl")


@dataclass(frozen=True)
class Staged:
    """A file written to the staging folder, waiting for its transaction."""

    bytes_path: Path
    entry_path: Path
    final: Path
    entry: dict


def write_synced(path: Path, data: bytes) -> None:
    """Write a file and wait until it is on disk (its folder is made if missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


class ArchiveFull(OSError):
    """The archive's disk has no room for a file: it was not staged, so nothing was recorded (Vietnamese and
    English message, for the command line; the app says it in the interface's language)."""

    def __init__(self, archive_dir: Path, filename: str) -> None:
        super().__init__(errno.ENOSPC, f"Không đủ chỗ trên đĩa lưu trữ {archive_dir} (đĩa đầy): tệp {filename} chưa "
                                       f"được nhận, dữ liệu không thay đổi.\nThe archive's disk is full: {filename} "
                                       "was not received.")


def stage(archive_dir: Path, digest: str, data: bytes, filename: str, entry: dict) -> Staged:
    """Write the bytes and their log entry (without the submission id) to the staging folder, synced.

    A write that fails leaves nothing in the folder; a full disk raises :class:`ArchiveFull`."""
    folder = archive_dir / STAGING
    # the writer's process id is in the name: recovery leaves alone the files of a process still running
    token = f"{digest}.{os.getpid()}.{secrets.token_hex(4)}"
    bytes_path, entry_path = folder / (token + ".bin"), folder / (token + ".json")
    # the entry is written last, under a temporary name renamed at once: its presence marks the bytes whole
    temporary = folder / (token + ".tmp")
    entry = {"sha256": digest, "filename": filename, **entry}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_synced(bytes_path, data)
        write_synced(temporary, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        os.replace(temporary, entry_path)
    except OSError as failed:
        # a part written before the disk filled up would wait for recovery, taking the room others need
        for path in (temporary, bytes_path):
            path.unlink(missing_ok=True)
        if failed.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ArchiveFull(archive_dir, filename) from failed
        raise
    return Staged(bytes_path, entry_path, final_path(archive_dir, digest, filename), entry)


def _logged_ids(path: Path) -> set[int | None]:
    if not path.exists():
        return set()
    return {line.get("id") for line in _read_lines(path)}


def _read_lines(path: Path) -> list[dict]:
    lines = []
    for text in path.read_text(encoding="utf-8").splitlines():
        try:
            lines.append(json.loads(text))
        except ValueError:
            continue        # a line cut short by a crash while it was appended: its submission is logged again
    return lines


def settle(staged: Staged, submission_id: int, status: str) -> Path:
    """After the commit: log the submission and move the bytes to their place. Safe to repeat."""
    staged.final.parent.mkdir(parents=True, exist_ok=True)
    log = log_path(staged.final.parent.parent, staged.entry["sha256"])
    if submission_id not in _logged_ids(log):
        with log.open("a+b") as out:
            out.seek(0, os.SEEK_END)
            if out.tell():              # a line cut short by a crash gets its end, so the new line stands alone
                out.seek(-1, os.SEEK_END)
                if out.read(1) != b"\n":
                    out.write(b"\n")
            line = json.dumps({"id": submission_id, "status": status, **staged.entry}, ensure_ascii=False) + "\n"
            out.write(line.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
    if staged.final.exists():
        staged.bytes_path.unlink(missing_ok=True)
    elif staged.bytes_path.exists():
        os.replace(staged.bytes_path, staged.final)
    staged.entry_path.unlink(missing_ok=True)
    return staged.final


def discard(staged: Staged) -> None:
    """The transaction did not record the file (the same bytes were already in, or it failed): forget it."""
    staged.entry_path.unlink(missing_ok=True)
    staged.bytes_path.unlink(missing_ok=True)


def _process_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True         # someone else's process: alive
    return True


@dataclass
class Recovery:
    """What :func:`recover` did: files completed (their transaction had committed) and files dropped."""

    completed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _left_behind(archive_dir: Path) -> Iterator[tuple[str, int, list[Path]]]:
    """Staged files of processes no longer running: (token, pid, its files)."""
    folder = archive_dir / STAGING
    if not folder.is_dir():
        return
    tokens: dict[str, list[Path]] = {}
    for path in folder.iterdir():
        tokens.setdefault(path.name.rsplit(".", 1)[0], []).append(path)
    for token, paths in sorted(tokens.items()):
        parts = token.split(".")
        pid = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else 0
        if not _process_running(pid):
            yield token, pid, paths


def recover(conn: db.Connection, archive_dir: Path) -> Recovery:
    """Finish or drop what crashed processes left in the staging folder (see the module's docstring).

    A file whose entry was written is whole (the entry is written after the synced bytes); its submission in
    the database says whether the transaction committed.
    """
    done = Recovery()
    for token, _, paths in _left_behind(archive_dir):
        entry_path = archive_dir / STAGING / (token + ".json")
        entry = json.loads(entry_path.read_text(encoding="utf-8")) if entry_path in paths else None
        found = db.query_rows(conn, _FIRST_SUBMISSION, [entry["sha256"]]) if entry else []
        if entry and found:
            staged = Staged(archive_dir / STAGING / (token + ".bin"), entry_path,
                            final_path(archive_dir, entry["sha256"], entry["filename"]), entry)
            settle(staged, found[0][0], found[0][1])
            done.completed.append(entry["filename"])
        else:
            for path in paths:
                path.unlink(missing_ok=True)
            done.dropped.append(entry["filename"] if entry else token)
    return done


def staged_leftovers(archive_dir: Path) -> list[str]:
    """Names of files crashed processes left in the staging folder (nothing once :func:`recover` ran)."""
    return [token for token, _, _ in _left_behind(archive_dir)]


def archived_files(archive_dir: Path) -> Iterator[Path]:
    """Every file's bytes in the archive (not the logs, not the staging folder)."""
    if not archive_dir.is_dir():
        return
    for folder in sorted(archive_dir.iterdir()):
        if folder.is_dir() and folder.name != STAGING:
            for path in sorted(folder.iterdir()):
                if not path.name.endswith(".log.jsonl") and not path.name.startswith("."):
                    yield path


def log_entries(archive_dir: Path) -> list[dict]:
    """Every submission recorded in the archive's logs, in the order they were received.

    The order is the submission id. Logs written before ids were logged have no id: then every entry is
    ordered by its time, which is the receiving order for files sent through the app.
    """
    entries = []
    if archive_dir.is_dir():
        for folder in sorted(archive_dir.iterdir()):
            if folder.is_dir() and folder.name != STAGING:
                for log in sorted(folder.glob("*.log.jsonl")):
                    digest = log.name.split(".")[0]
                    entries += [{"sha256": digest, **line} for line in _read_lines(log)]
    if all("id" in e for e in entries):
        return sorted(entries, key=lambda e: e["id"])
    return sorted(entries, key=lambda e: (e.get("at", ""), e.get("id") or 0))
