"""Backup and restore (`python -m etl backup`, `python -m etl restore`): the database and exactly the archived
files its submissions name, restored elsewhere with identical exports and identical original files; taken
while a file is being recorded; damaged or incomplete backups refused; the PostgreSQL round trip."""
from __future__ import annotations

import hashlib
import itertools
import json
import shutil
from pathlib import Path

import pytest

from cchc import auth
from cchc.config import archive_dir_for
from cchc.store import db
from cchc.views import submissions
from etl.cli import EXIT_BUSY, EXIT_FAILED, EXIT_OK, main
from etl.operations.backup import BackupError, create_backup, verify_backup
from etl.operations.copy import compare_exports
from etl.operations.restore import restore_backup
from etl.reports import archive
from etl.reports.ingest import ingest_bytes
from tests.etl.reports.test_ingest import targets_file, tasks_file

ADMIN = auth.User("snv.quantri", auth.ADMIN, None, None)
_names = itertools.count(1)


def send_files(conn: db.Connection, archive_dir: Path) -> dict[int, bytes]:
    """Three files through the real ingest (two accepted, one rejected); their bytes by submission id."""
    files = {"chi-tieu.xlsx": targets_file([{"target_code": "TTHC-3.2b", "value": 70}]),
             "nhiem-vu.xlsx": tasks_file([{"task_code": "III-3.9", "status": "dang thuc hien", "percent_done": "60%"}]),
             "rac.xlsx": b"not a workbook at all"}
    sent = {}
    for name, data in files.items():
        result = ingest_bytes(conn, data, name, "cb.test", archive_dir)
        assert result.status == ("rejected" if name == "rac.xlsx" else "accepted"), result.problems
        sent[result.submission_id] = data
    return sent


def originals(database: str | Path, ids) -> dict[int, bytes]:
    """Each submission's original file as the app hands it out (from the path the database records)."""
    conn = db.connect(database, read_only=True)
    try:
        return {i: submissions.original(conn, ADMIN, i)[1] for i in ids}
    finally:
        conn.close()


def backup_while_recording(conn: db.Connection, database: str, archive_dir: Path, folder: Path) -> dict:
    """A backup taken while two more files are on their way in, as ingest leaves them between its steps:
    one committed whose bytes are not yet moved out of the staging folder (it is in the backup), one whose
    transaction is still open (it is not; rolled back afterwards). Returns the committed one's id and bytes,
    and the backup's summary."""
    late = tasks_file([{"task_code": "III-3.5", "status": "Đã hoàn thành"}], unit="X18253", period="2024-Q3")
    open_one = targets_file([{"target_code": "TTHC-3.2b", "value": 55}], period="2024-Q3")

    def record(cur, data: bytes, name: str) -> tuple[archive.Staged, int]:
        digest = hashlib.sha256(data).hexdigest()
        staged = archive.stage(archive_dir, digest, data, name, {"by": "cb.test", "bytes": len(data)})
        sid = cur.execute("INSERT INTO submissions (sha256, filename, size_bytes, archive_path, status, uploaded_by) "
                          "VALUES (?, ?, ?, ?, 'rejected', 'cb.test') RETURNING id",
                          [digest, name, len(data), str(staged.final)]).fetchone()[0]
        return staged, sid

    with db.transaction(conn) as cur:
        late_staged, late_id = record(cur, late, "muon.xlsx")
    with pytest.raises(InterruptedError), db.transaction(conn) as cur:
        open_staged, _ = record(cur, open_one, "dang-ghi.xlsx")
        open_staged.final.parent.mkdir(parents=True, exist_ok=True)     # even with its bytes already in place
        open_staged.final.write_bytes(open_one)
        made = create_backup(conn, database, archive_dir, folder, "test")
        raise InterruptedError      # this file never makes it: rolled back
    archive.discard(open_staged)
    open_staged.final.unlink()
    manifest = verify_backup(folder)
    paths = [f["path"] for f in manifest["files"]]
    assert not made.problems and made.submissions == manifest["submissions"]
    assert not any(archive.STAGING in p or open_staged.final.name in p for p in paths), paths
    late_log = next(f for f in paths if f.endswith(late_staged.final.name.split(".")[0] + ".log.jsonl"))
    assert json.loads((folder / late_log).read_text(encoding="utf-8"))["id"] == late_id
    archive.settle(late_staged, late_id, "rejected")
    return {"late": (late_id, late), "made": made}


def test_backup_then_restore_elsewhere_gives_the_same_exports_and_files(db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CCHC_ARCHIVE", raising=False)
    conn = db.connect(db_path)
    try:
        sent = send_files(conn, archive_dir_for(db_path))
    finally:
        conn.close()
    folder = tmp_path / "sao-luu"
    assert main(["backup", "-o", str(folder), "--db", str(db_path)]) == EXIT_OK
    assert "3 bản nộp, 3 tệp đã nhận" in capsys.readouterr().out

    target = tmp_path / "may-moi" / "cchc.duckdb"
    assert main(["restore", str(folder), "--db", str(target)]) == EXIT_OK
    assert "Đã khôi phục" in capsys.readouterr().out
    assert compare_exports(str(db_path), str(target)) == []
    assert originals(target, sent) == sent
    conn = db.connect(target, read_only=True)
    try:
        paths = [Path(r[0]) for r in db.query_rows(conn, "SELECT archive_path FROM submissions")]
        logged = db.query_rows(conn, "SELECT actor, action, entity_id FROM audit_log ORDER BY id DESC LIMIT 1")
    finally:
        conn.close()
    assert paths and all(p.is_relative_to(tmp_path / "may-moi" / "archive") and p.exists() for p in paths)
    assert logged[0][1:] == ("restore", "sao-luu")

    # over a database that is there: refused without --force; with it, the old file and archive are kept
    assert main(["restore", str(folder), "--db", str(target)]) == EXIT_FAILED
    assert "--force" in capsys.readouterr().err
    assert main(["restore", str(folder), "--db", str(target), "--force"]) == EXIT_OK
    kept = sorted(p.name for p in target.parent.iterdir() if "before-restore" in p.name)
    assert [name.split(".")[0] for name in kept] == ["archive", "cchc"] and kept[1].endswith(".duckdb"), kept
    assert compare_exports(str(db_path), str(target)) == []
    assert originals(target, sent) == sent


def test_a_backup_taken_while_files_arrive_holds_each_file_whole_or_not_at_all(db_path, tmp_path):
    archive_dir = tmp_path / "archive"
    conn = db.connect(db_path)
    try:
        sent = send_files(conn, archive_dir)
        found = backup_while_recording(conn, str(db_path), archive_dir, tmp_path / "b")
    finally:
        conn.close()
    late_id, late = found["late"]
    assert found["made"].submissions == len(sent) + 1 and found["made"].archived == len(sent) + 1
    target = tmp_path / "restored" / "cchc.duckdb"
    restore_backup(tmp_path / "b", str(target), "test")
    assert compare_exports(str(db_path), str(target)) == []
    assert originals(target, [*sent, late_id]) == {**sent, late_id: late}


def test_a_damaged_or_incomplete_backup_is_refused_naming_what_is_wrong(db_path, tmp_path, capsys):
    conn = db.connect(db_path)
    try:
        send_files(conn, tmp_path / "archive")
        create_backup(conn, str(db_path), tmp_path / "archive", tmp_path / "good", "test")
    finally:
        conn.close()
    manifest = verify_backup(tmp_path / "good")
    archived = next(f["path"] for f in manifest["files"] if f["path"].endswith(".xlsx"))

    def damaged(name: str, change) -> Path:
        copy = tmp_path / name
        shutil.copytree(tmp_path / "good", copy)
        change(copy)
        return copy

    def flip_one_byte(folder: Path) -> None:
        data = bytearray((folder / archived).read_bytes())
        data[len(data) // 2] ^= 0x01
        (folder / archived).write_bytes(bytes(data))

    def escape(folder: Path) -> None:
        text = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        text["files"].append({"path": "archive/ab/../../../../etc/passwd", "sha256": "0" * 64, "bytes": 1})
        (folder / "manifest.json").write_text(json.dumps(text), encoding="utf-8")

    cases = {
        damaged("one-byte", flip_one_byte): f"Tệp {archived} trong bản sao lưu",
        damaged("no-manifest", lambda f: (f / "manifest.json").unlink()): "chưa hoàn tất",
        damaged("no-database", lambda f: (f / "database.duckdb").unlink()): "thiếu tệp database.duckdb",
        damaged("escape", escape): "tệp lạ",
    }
    for folder, message in cases.items():
        target = tmp_path / f"to-{folder.name}" / "cchc.duckdb"
        assert main(["restore", str(folder), "--db", str(target)]) == EXIT_FAILED, folder
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
        assert not target.parent.exists() or not any(target.parent.iterdir()), folder   # nothing written
    with pytest.raises(BackupError, match="đã có nội dung"):
        create_backup(db.connect(db_path, read_only=True), str(db_path), tmp_path / "archive", tmp_path / "good", "t")


def test_while_the_app_holds_the_file_the_command_line_points_to_the_app(held_db_path, catalog_db_template, tmp_path,
                                                                        capsys):
    assert main(["backup", "-o", str(tmp_path / "b"), "--db", str(held_db_path)]) == EXIT_BUSY
    err = capsys.readouterr().err
    assert "trang Sao lưu" in err and "Sao lưu ngay" in err and not (tmp_path / "b").exists()
    conn = db.connect(catalog_db_template, read_only=True)
    try:
        create_backup(conn, str(catalog_db_template), tmp_path / "archive", tmp_path / "other", "test")
    finally:
        conn.close()
    before = sorted(held_db_path.parent.iterdir())
    assert main(["restore", str(tmp_path / "other"), "--db", str(held_db_path), "--force"]) == EXIT_BUSY
    assert "đang được một tiến trình khác sử dụng" in capsys.readouterr().err
    assert sorted(held_db_path.parent.iterdir()) == before      # nothing renamed under the running app


def test_postgresql_backup_and_restore_round_trip(postgres, postgres_catalog_template, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_BACKUP_DIR", str(tmp_path / "backups"))
    source = postgres.create_database(f"backup_{next(_names)}", template=postgres_catalog_template)
    conn = db.connect(source)
    try:
        sent = send_files(conn, tmp_path / "archive")
        found = backup_while_recording(conn, source, tmp_path / "archive", tmp_path / "b")
    finally:
        conn.close()
    assert (tmp_path / "b" / "database.dump").exists()
    late_id, late = found["late"]
    monkeypatch.setenv("CCHC_ARCHIVE", str(tmp_path / "restored-archive"))
    target = postgres.create_database(f"restored_{next(_names)}")
    restore_backup(tmp_path / "b", target, "test")
    assert compare_exports(source, target) == []
    assert originals(target, [*sent, late_id]) == {**sent, late_id: late}

    with pytest.raises(BackupError, match="--force"):
        restore_backup(tmp_path / "b", target, "test")
    done = restore_backup(tmp_path / "b", target, "test", force=True)
    assert [p.parent for p in done.kept] == [tmp_path / "backups", tmp_path] and done.kept[0].stat().st_size
    assert compare_exports(source, target) == []
    conn = db.connect(target)
    try:    # the ids go on after the restored ones
        result = ingest_bytes(conn, targets_file([{"target_code": "TTHC-3.2b", "value": 80}], period="2024-Q4"),
                              "moi.xlsx", "cb.test", tmp_path / "restored-archive")
        assert result.submission_id > max(*sent, late_id)
    finally:
        conn.close()
