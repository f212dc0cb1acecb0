"""`python -m etl check`: does the database agree with itself and with the archive of received files?

It verifies what the product promises after any crash or restore:

- the migrations applied are the ones shipped, unchanged (their checksums);
- every submission's archived bytes are on disk and hash to its SHA-256, every archived file has its
  submission record, and every submission is in the archive's log (so a rebuild can replay it);
- nothing is half-written: no file left in the archive's staging folder by a killed process, no reported
  value without an accepted submission, no report with two current files;
- the audit log's hash chain is whole (an entry edited or deleted outside the app shows).

It only reads. ``--repair`` first finishes what killed processes left (as the app does when it starts).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from cchc.formatting import format_number
from cchc.store import db, journal
from etl.reports import archive


@dataclass
class Section:
    """One group of checks: what was looked at, and each inconsistency found (Vietnamese)."""

    title: str
    checked: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class CheckReport:
    """Every section of a check; consistent when none has a problem."""

    sections: list[Section] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return sum(len(s.problems) for s in self.sections)

    def lines(self) -> list[str]:
        """The report as printed, in Vietnamese."""
        out = []
        for section in self.sections:
            mark = "ĐÚNG" if not section.problems else f"SAI ({format_number(len(section.problems))})"
            out.append(f"[{mark}] {section.title}: {section.checked}")
            out += [f"    - {p}" for p in section.problems[:50]]
            if len(section.problems) > 50:
                out.append(f"    … và {format_number(len(section.problems) - 50)} sai lệch khác")
            out += [f"    · {n}" for n in section.notes]
        out.append("Kết quả: " + ("cơ sở dữ liệu và kho lưu trữ nhất quán." if not self.problems else
                                  f"có {format_number(self.problems)} sai lệch cần xử lý."))
        return out


def _migrations(conn: db.Connection) -> Section:
    section = Section("Migration")
    shipped = {version: (name, db.checksum(text)) for version, name, text in db.migration_files()}
    applied = dict(db.query_rows(conn, "SELECT version, checksum FROM schema_migrations")) \
        if "schema_migrations" in db.table_names(conn) else {}
    for version, (name, digest) in sorted(shipped.items()):
        if version not in applied:
            section.problems.append(f"{name} chưa được áp dụng (chạy 'python -m etl init').")
        elif applied[version] != digest:
            section.problems.append(f"{name} đã được áp dụng nhưng tệp đã bị sửa sau đó (mã kiểm tra khác).")
    for version in sorted(set(applied) - set(shipped)):
        section.problems.append(f"Migration số {version:03d} có trong cơ sở dữ liệu nhưng không có trong mã nguồn "
                                "(cơ sở dữ liệu của một phiên bản mới hơn?).")
    section.checked = f"{format_number(len(applied))} đã áp dụng, {format_number(len(shipped))} trong mã nguồn"
    return section


def _archive(conn: db.Connection, archive_dir: Path) -> Section:
    section = Section("Kho lưu trữ tệp đã nhận")
    rows = db.query_rows(conn, "SELECT id, sha256, filename, archive_path FROM submissions ORDER BY id")
    known = {sha for _, sha, _, _ in rows}
    logged: dict[str, set] = {}
    # the logs beside each submission's file (a database copied from another one still names that one's archive)
    roots = {Path(path).parent.parent for _, _, _, path in rows} | {archive_dir}
    for root in sorted(roots):
        for entry in archive.log_entries(root):
            logged.setdefault(entry["sha256"], set()).add(entry.get("id"))
    for sid, sha, filename, path in rows:
        where = f"Bản nộp số {sid} ('{filename}')"
        try:
            data = Path(path).read_bytes()
        except OSError:
            section.problems.append(f"{where}: không có bản lưu trong kho ({path}).")
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            section.problems.append(f"{where}: bản lưu trong kho không khớp mã SHA-256 (tệp đã bị thay đổi).")
        ids = logged.get(sha, set())
        if sid not in ids and None not in ids:
            section.problems.append(f"{where}: không có trong nhật ký của kho lưu trữ (không dựng lại được từ kho).")
    files = list(archive.archived_files(archive_dir))
    for path in files:
        if path.name.split(".")[0] not in known:
            section.problems.append(f"Tệp {path.relative_to(archive_dir)} trong kho không có bản nộp nào tương ứng.")
    for token in archive.staged_leftovers(archive_dir):
        section.problems.append(f"Tệp dở dang {token[:12]}… trong thư mục tạm của kho (tiến trình bị dừng đột ngột): "
                                "chạy 'python -m etl check --repair' hoặc khởi động lại ứng dụng.")
    section.checked = (f"{format_number(len(rows))} bản nộp, {format_number(len(files))} tệp trong kho "
                       f"({archive_dir})")
    return section


_HALF_WRITTEN = {
    "Số liệu chỉ tiêu không thuộc bản nộp được nhận":
        "SELECT count(*) FROM target_values v LEFT JOIN submissions s ON s.id = v.submission_id "
        "WHERE s.id IS NULL OR s.status <> 'accepted'",
    "Tiến độ nhiệm vụ không thuộc bản nộp được nhận":
        "SELECT count(*) FROM task_progress v LEFT JOIN submissions s ON s.id = v.submission_id "
        "WHERE s.id IS NULL OR s.status <> 'accepted'",
    "Kết quả chỉ số không thuộc bản nộp được nhận":
        "SELECT count(*) FROM index_scores v LEFT JOIN submissions s ON s.id = v.submission_id "
        "WHERE v.origin = 'submission' AND (s.id IS NULL OR s.status <> 'accepted')",
    "Báo cáo có hơn một tệp hiện hành (cùng đơn vị, loại, kỳ)":
        "SELECT count(*) FROM (SELECT unit_code, kind, period FROM submissions "
        "WHERE status = 'accepted' AND superseded_by IS NULL GROUP BY unit_code, kind, period HAVING count(*) > 1) d",
    "Bản nộp được nhận mà không có dòng số liệu nào":
        "SELECT count(*) FROM submissions s WHERE s.status = 'accepted' "
        "AND NOT EXISTS (SELECT 1 FROM target_values v WHERE v.submission_id = s.id) "
        "AND NOT EXISTS (SELECT 1 FROM task_progress v WHERE v.submission_id = s.id) "
        "AND NOT EXISTS (SELECT 1 FROM index_scores v WHERE v.submission_id = s.id)",
}


def _data(conn: db.Connection) -> Section:
    section = Section("Số liệu đã nạp", checked=f"{len(_HALF_WRITTEN)} phép kiểm tra")
    for text, sql in _HALF_WRITTEN.items():
        count = db.query_rows(conn, sql)[0][0]
        if count:
            section.problems.append(f"{text}: {format_number(count)}.")
    return section


def _audit(conn: db.Connection) -> Section:
    found = journal.verify(conn)
    section = Section("Chuỗi mã băm của nhật ký", checked=f"{format_number(found.checked)} mục đã niêm phong",
                      problems=found.breaks)
    if found.waiting:
        section.notes.append(f"{format_number(found.waiting)} mục mới chưa niêm phong (sẽ được niêm phong ở lần ghi "
                             "tiếp theo hoặc khi ứng dụng khởi động).")
    return section


def check(conn: db.Connection, archive_dir: Path) -> CheckReport:
    """Run every check (read only)."""
    return CheckReport([_migrations(conn), _archive(conn, archive_dir), _data(conn), _audit(conn)])
