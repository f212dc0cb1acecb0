"""`python -m etl check`: a consistent database passes; each kind of damage is named in Vietnamese and makes
the command exit non-zero."""
import json
import os
import shutil

from cchc.config import archive_dir_for
from cchc.store import db
from etl.reports.ingest import ingest_bytes
from tests.conftest import run_cli
from tests.etl.reports.test_ingest import TODAY, targets_file

ROW = {"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500}


def test_a_consistent_database_passes_and_each_damage_is_named(db_path):
    archive = archive_dir_for(db_path)
    conn = db.connect(db_path)
    try:
        sent = [ingest_bytes(conn, data, name, "tester", archive, today=TODAY) for name, data in (
            ("h436.xlsx", targets_file([ROW])), ("h437.xlsx", targets_file([ROW], unit="H437")),
            ("sai.xlsx", targets_file([{**ROW, "numerator": 600}], unit="H438")), ("rac.xlsx", b"not a workbook"))]
    finally:
        conn.close()
    assert [r.status for r in sent] == ["accepted", "accepted", "rejected", "rejected"]
    clean = run_cli("check", "--db", db_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "[ĐÚNG] Kho lưu trữ tệp đã nhận: 4 bản nộp, 4 tệp trong kho" in clean.stdout
    assert "Kết quả: cơ sở dữ liệu và kho lưu trữ nhất quán." in clean.stdout

    paths = {r.filename: next(archive.glob(f"*/{r.sha256}.xlsx")) for r in sent}
    paths["h436.xlsx"].write_bytes(paths["h436.xlsx"].read_bytes() + b"x")     # bytes changed
    paths["h437.xlsx"].unlink()                                                   # bytes lost
    (archive / "ab").mkdir(exist_ok=True)     # (a received file may already have a folder "ab")
    shutil.copy(paths["sai.xlsx"], archive / "ab" / ("ab" * 32 + ".xlsx"))               # a file nobody sent
    staging = archive / ".staging"
    staging.mkdir(exist_ok=True)
    dead = 2 ** 22 + 7                      # above the default pid_max: no process has it
    (staging / f"{'cd' * 32}.{dead}.0000.bin").write_bytes(b"half")
    (staging / f"{'cd' * 32}.{dead}.0000.json").write_text(json.dumps({"sha256": "cd" * 32, "filename": "do-dang.xlsx"}))
    conn = db.connect(db_path)
    try:
        with db.transaction(conn) as cur:
            cur.execute("UPDATE schema_migrations SET checksum = 'x' WHERE version = 2")
            cur.execute("UPDATE audit_log SET actor = 'ai-do' WHERE action = 'ingest_rejected'")
            cur.execute("INSERT INTO target_values (submission_id, unit_code, period, plan_year, target_code, level) "
                        "VALUES (?, 'H438', '2024-Q2', 2024, 'TTHC-3.1', 'district')", [sent[2].submission_id])
    finally:
        conn.close()
    damaged = run_cli("check", "--db", db_path)
    assert damaged.returncode == 1
    out = damaged.stdout
    for text in (
        "002_current_values.sql đã được áp dụng nhưng tệp đã bị sửa sau đó",
        f"Bản nộp số {sent[0].submission_id} ('h436.xlsx'): bản lưu trong kho không khớp mã SHA-256",
        f"Bản nộp số {sent[1].submission_id} ('h437.xlsx'): không có bản lưu trong kho",
        f"Tệp ab/{'ab' * 32}.xlsx trong kho không có bản nộp nào tương ứng.",
        f"Tệp dở dang {'cd' * 6}… trong thư mục tạm của kho",
        "Số liệu chỉ tiêu không thuộc bản nộp được nhận: 1.",
        "nội dung không khớp mã băm (đã bị sửa ngoài ứng dụng).",
        "Kết quả: có 8 sai lệch cần xử lý.",
    ):
        assert text in out, out
    repaired = run_cli("check", "--repair", "--db", db_path)
    assert "Bỏ 1 tệp chưa được ghi nhận" in repaired.stderr and "Tệp dở dang" not in repaired.stdout
    assert "Đã xóa 0 phiên đăng nhập đã kết thúc hơn một ngày" in repaired.stdout
    assert not os.listdir(staging)
