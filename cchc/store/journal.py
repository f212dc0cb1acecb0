"""The audit log's writing side: record an entry, seal entries into a hash chain, and verify the chain.

Every write of the app and the command line that a person may have to account for goes through
:func:`record`, inside the transaction that does the write. Once that transaction has committed, its new
entries are *sealed*: in order, each gets the next place in the chain (``chain_seq``), the hash of the entry
sealed before it (``prev_hash``) and its own hash over that and its fields (``entry_hash``). Sealing runs
under one lock in every process, so the chain never forks. An entry changed, deleted or inserted outside the
app no longer matches its hash or breaks the links: :func:`verify` finds it (``python -m etl check``).
Entries are sealed by the process that wrote them, or, after a crash in between, by the next seal of any
process; until then :func:`verify` counts them as waiting, not as broken.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from cchc.store import db

GENESIS = "0" * 64          # the "previous hash" of the first entry
_FIELDS = "id, logged_at, actor, action, entity, entity_id, detail"
_BATCH = 10_000             # entries read at a time by verify()


def record(cur: db.Connection, actor: str, action: str, entity: str | None, entity_id: str | None,
           detail: dict | None = None) -> None:
    """Write one audit entry in the caller's transaction; it is sealed into the chain after the commit."""
    cur.execute("INSERT INTO audit_log (actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)",
                [actor, action, entity, entity_id, json.dumps(detail or {}, ensure_ascii=False)])
    db.after_commit(seal)


def _stamp(value: datetime | None) -> str:
    return value.isoformat(timespec="microseconds") if value is not None else ""


def entry_hash(previous: str, row: tuple) -> str:
    """The hash of one entry: its fields (id, time, actor, action, entity, entity id, details) after the
    previous entry's hash, as canonical JSON."""
    entry_id, logged_at, actor, action, entity, entity_id, detail = row
    text = json.dumps([previous, int(entry_id), _stamp(logged_at), actor, action, entity, entity_id, detail],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(conn: db.Connection) -> int:
    """Seal every entry not yet in the chain, oldest first; returns how many."""
    with db.transaction(conn, lock="audit") as cur:
        last = cur.execute("SELECT chain_seq, entry_hash FROM audit_log WHERE chain_seq IS NOT NULL "
                           "ORDER BY chain_seq DESC LIMIT 1").fetchone()
        seq, previous = last if last else (0, GENESIS)
        waiting = cur.execute(f"SELECT {_FIELDS} FROM audit_log WHERE chain_seq IS NULL ORDER BY id").fetchall()
        for row in waiting:
            seq += 1
            digest = entry_hash(previous, row)
            cur.execute("UPDATE audit_log SET chain_seq = ?, prev_hash = ?, entry_hash = ? WHERE id = ?",
                        [seq, previous, digest, row[0]])
            previous = digest
    return len(waiting)


@dataclass
class ChainReport:
    """What :func:`verify` found: entries checked, entries waiting to be sealed, and each break (Vietnamese)."""

    checked: int = 0
    waiting: int = 0
    breaks: list[str] = field(default_factory=list)


def verify(conn: db.Connection) -> ChainReport:
    """Walk the chain from its first entry: every link and every hash must hold, with no place missing.

    The entries are read a batch at a time, so the memory a check takes does not grow with the years of the log.
    """
    report = ChainReport()
    previous, expected_seq = GENESIS, 1
    with db.cursor(conn) as cur:
        waiting = cur.execute("SELECT count(*) FROM audit_log WHERE chain_seq IS NULL").fetchone()
        assert waiting is not None      # count(*) gives one row
        report.waiting = waiting[0]
        found = cur.execute(f"SELECT {_FIELDS}, chain_seq, prev_hash, entry_hash FROM audit_log "
                            "WHERE chain_seq IS NOT NULL ORDER BY chain_seq")
        while rows := found.fetchmany(_BATCH):
            for *fields, seq, prev_hash, own_hash in rows:
                report.checked += 1
                where = f"mục nhật ký số {fields[0]} (vị trí {seq} trong chuỗi)"
                if seq != expected_seq:
                    report.breaks.append(f"Thiếu mục ở vị trí {expected_seq}–{seq - 1} của chuỗi nhật ký "
                                         f"(trước {where}): có mục đã bị xóa.")
                if prev_hash != previous:
                    report.breaks.append(f"{where.capitalize()}: không nối với mục trước (mục trước đã bị sửa hoặc xóa).")
                if entry_hash(prev_hash or "", tuple(fields)) != own_hash:
                    report.breaks.append(f"{where.capitalize()}: nội dung không khớp mã băm (đã bị sửa ngoài ứng dụng).")
                previous, expected_seq = own_hash, seq + 1
    return report
