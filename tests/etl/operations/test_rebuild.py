"""`python -m etl rebuild --from-archive`: a new database made from the archive alone has the same
submissions (numbers, senders, times, outcomes), problem lists, current values and board as the original,
on DuckDB and on PostgreSQL."""
from __future__ import annotations

import shutil
from datetime import date, datetime

import pandas as pd
import pytest

from cchc import auth
from cchc.config import archive_dir_for
from cchc.store import db
from cchc.views.board import board
from etl.operations.copy import compare_exports
from etl.operations.rebuild import RebuildError, rebuild
from etl.reports.ingest import ingest_bytes
from etl.reports.validation import Expected
from tests.conftest import run_cli
from tests.etl.reports.test_ingest import targets_file, tasks_file

ROW = {"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500}
REPORTER = auth.User("dv.h437", auth.REPORTER, "H437", None)


def _send_everything(path) -> None:
    """Files of every outcome, sent on different days by different people."""
    archive = archive_dir_for(path)
    conn = db.connect(path)

    def send(data, name, when, **options):
        return ingest_bytes(conn, data, name, options.pop("actor", "dv.h436"), archive, today=when.date(),
                            uploaded_at=when, **options)
    try:
        send(targets_file([{**ROW, "numerator": 600}]), "sai.xlsx", datetime(2024, 7, 2, 8, 30))    # rejected
        good = targets_file([ROW])
        send(good, "dung.xlsx", datetime(2024, 7, 3, 9, 0))                                          # accepted
        send(targets_file([{**ROW, "numerator": 480}]), "sua-lai.xlsx", datetime(2024, 7, 20, 14, 5))  # supersedes
        send(good, "dung-lan-2.xlsx", datetime(2024, 7, 21))                                         # same bytes
        send(b"not a workbook", "rac.xlsx", datetime(2024, 7, 4))                                     # unreadable
        send(targets_file([ROW], unit="H438"), "nham-don-vi.xlsx", datetime(2024, 7, 5), user=REPORTER)  # refused
        send(targets_file([ROW], unit="H437", period="2024-Q3"), "quy3.xlsx", datetime(2024, 10, 30),
             expected=Expected("H437", "targets", "2024-Q3"), user=REPORTER)                          # late
        send(tasks_file([{"task_code": "III-3.5", "status": "Đã hoàn thành", "evidence": "Báo cáo 12/BC",
                          "completed_on": "01/06/2024"}]), "nhiem-vu.xlsx", datetime(2024, 7, 8))
        send(targets_file([ROW], unit="H439"), "mau.xlsx", datetime(2024, 7, 9), is_sample=True, actor="demo:H439")
    finally:
        conn.close()


def _problems_and_board(target: str) -> tuple[list[tuple], pd.DataFrame]:
    conn = db.connect(target, read_only=True)
    try:
        problems = db.query_rows(conn, "SELECT * FROM submission_problems ORDER BY submission_id, seq")
        return problems, board(conn, 2024).reset_index(drop=True)
    finally:
        conn.close()


def test_a_rebuild_from_the_archive_equals_the_original(db_path, tmp_path, postgres):
    _send_everything(db_path)
    source = archive_dir_for(db_path)
    rebuilt = tmp_path / "rebuilt" / "cchc.duckdb"
    rebuilt.parent.mkdir()
    done = run_cli("rebuild", "--from-archive", source, "--db", rebuilt)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã dựng lại 8 tệp (5 được nhận, 3 bị từ chối)" in done.stdout, done.stdout
    url = postgres.create_database("rebuilt_from_archive")
    on_postgres = run_cli("rebuild", "--from-archive", source, "--db", url, "--archive", tmp_path / "pg-archive")
    assert on_postgres.returncode == 0, on_postgres.stdout + on_postgres.stderr

    original_problems, original_board = _problems_and_board(str(db_path))
    assert len(original_problems) >= 4 and len(original_board) > 500
    for target in (str(rebuilt), url):
        assert compare_exports(str(db_path), target) == [], target
        problems, rebuilt_board = _problems_and_board(target)
        assert problems == original_problems
        pd.testing.assert_frame_equal(rebuilt_board, original_board)
    conn = db.connect(rebuilt)
    try:        # numbering goes on after the replayed submissions
        after = ingest_bytes(conn, targets_file([ROW], unit="H440"), "moi.xlsx", "x", archive_dir_for(rebuilt),
                             today=date(2024, 7, 9))
        assert after.submission_id == 9
    finally:
        conn.close()


def test_a_rebuild_refuses_a_database_with_submissions_and_a_damaged_archive(db_path, catalog_db_template, tmp_path):
    _send_everything(db_path)
    source = archive_dir_for(db_path)
    conn = db.connect(db_path)
    try:
        with pytest.raises(RebuildError, match="Cơ sở dữ liệu đích đã có bản nộp"):
            rebuild(conn, source, tmp_path / "other")
    finally:
        conn.close()
    sorted(source.glob("??/*.xlsx"))[0].write_bytes(b"changed")
    fresh = tmp_path / "new" / "cchc.duckdb"
    fresh.parent.mkdir()
    shutil.copy(catalog_db_template, fresh)
    conn = db.connect(fresh)
    try:
        with pytest.raises(RebuildError, match="không khớp mã SHA-256 của nó"):
            rebuild(conn, source, archive_dir_for(fresh))
    finally:
        conn.close()
