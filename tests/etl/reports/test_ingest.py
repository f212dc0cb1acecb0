"""Loading a submitted file, all or nothing: values that reach the database, or the cell and message."""
from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from datetime import date

import pytest

from cchc import auth
from cchc.store import db
from etl.reports.ingest import ingest_bytes
from etl.reports.validation import Expected
from tests.conftest import run_cli
from tests.etl.plans.year_2026 import db_2026_path, db_2026_template  # noqa: F401 (fixtures)
from tests.etl.workbooks import as_xlsm, report_rows, with_cached_formula, xls_bytes, xlsx_bytes

TODAY = date(2024, 7, 10)
REPORTED_TABLES = ("target_values", "task_progress", "index_scores")


@pytest.fixture
def ingest(conn, tmp_path):
    def run(data: bytes, filename: str = "bao-cao.xlsx", **options):
        options.setdefault("today", TODAY)
        return ingest_bytes(conn, data, filename, "tester", tmp_path / "archive", **options)
    return run


def targets_file(rows, unit="H436", period="2024-Q2", **options) -> bytes:
    return xlsx_bytes(report_rows("targets", unit, period, rows, name=options.pop("name", "Thành phố Hà Tĩnh"),
                                  **{k: options.pop(k) for k in list(options) if k in ("title_rows", "header_texts",
                                                                                           "column_order", "meta")}),
                      **options)


def tasks_file(rows, unit="X18070", period="2024-Q2", **options) -> bytes:
    return xlsx_bytes(report_rows("tasks", unit, period, rows, **options))


def values(conn, unit="H436", period="2024-Q2"):
    return {r[0]: r[1:] for r in db.query_rows(
        conn, "SELECT target_code, numerator, denominator, value FROM current_target_values "
              "WHERE unit_code = ? AND period = ? ORDER BY target_code", [unit, period])}


def snapshot(conn):
    return {t: sorted(db.query_rows(conn, "SELECT * FROM " + t), key=repr) for t in REPORTED_TABLES}


def problems(result):
    return [(p.severity, p.sheet, p.cell, p.value, p.message) for p in result.problems]


def errors(result):
    return [(p.cell, p.message) for p in result.problems if p.severity == "error"]


# --- accepted files ------------------------------------------------------------------------------

def test_accepted_targets_reach_the_database(conn, ingest):
    result = ingest(targets_file([
        {"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500},
        {"target_code": "TTHC-3.2b", "value": 72.5},
        {"target_code": "CQS-7.4", "numerator": "1.234", "denominator": "1.500", "value": "82,27%"},
    ]))
    assert result.status == "accepted", problems(result)
    assert (result.kind, result.unit_code, result.period, result.rows_loaded) == ("targets", "H436", "2024-Q2", 3)
    assert values(conn) == {
        "CQS-7.4": (1234.0, 1500.0, 82.27), "TTHC-3.1": (450.0, 500.0, 90.0), "TTHC-3.2b": (None, None, 72.5)}
    audit = db.query_rows(conn, "SELECT actor, action, entity_id FROM audit_log WHERE action LIKE 'ingest%'")
    assert audit == [("tester", "ingest_accepted", str(result.submission_id))]


@pytest.mark.duckdb_only
def test_what_people_really_send_still_reads(conn, ingest):
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    header_texts = ["stt", nfd("MÃ CHỈ TIÊU"), "Noi dung", "DVT", "Ke hoach", "  tu   so ", "MAU SO",
                    nfd("Kết quả thực hiện (%)"), "ghi chu"]
    grid = report_rows("targets", "H436", nfd("Quý II/2024"), [
        {"target_code": "TTHC-3.1", "numerator": "450", "denominator": "500"},
        {"target_code": "TTHC-3.2b", "value": "85,5 %"},
        {"target_code": "TTHC-3.2c", "value": 0.855},
        {"target_code": "TTHC-3.6", "value": "95,25"},
    ], title_rows=3, header_texts=header_texts, column_order=[0, 7, 1, 2, 3, 6, 5, 4, 8])
    grid.insert(-3, [])                                           # a blank row inside the table
    grid.append([None, None, "Ghi chú: số liệu từ Cổng dịch vụ công"])  # a note row under it
    grid.append([None, None, "Người lập biểu"])
    result = ingest(xlsx_bytes(grid, extra_sheets=["Hướng dẫn riêng"], merged=["A1:E1"]))
    assert result.status == "accepted", problems(result)
    assert values(conn) == {"TTHC-3.1": (450.0, 500.0, 90.0), "TTHC-3.2b": (None, None, 85.5),
                            "TTHC-3.2c": (None, None, 85.5), "TTHC-3.6": (None, None, 95.25)}
    assert [p.message for p in result.problems if p.severity == "warning"] == [
        "Giá trị 0,855 được hiểu là 85,5%.",
        "Chưa có số liệu cho chỉ tiêu: TTHC-3.3, TTHC-3.5b, CONGVU-5.1, CQS-7.4."]


@pytest.mark.duckdb_only
def test_merged_code_cells_and_column_number_row(conn, ingest):
    grid = report_rows("targets", "H436", "2024-Q2", [
        {"row_no": "(1)", "target_code": "(2)", "text": "(3)", "value": "(8)"},
        {"target_code": "TTHC-3.1", "numerator": 45, "denominator": 50},
        {"target_code": None, "numerator": 5, "denominator": 50},   # a second line of a merged code cell
    ], title_rows=1)
    result = ingest(xlsx_bytes(grid, merged=["A1:E1", "B9:B10"]))
    assert result.status == "rejected"  # the merged code makes the second line a duplicate of the first
    assert errors(result) == [("B10", "Mã chỉ tiêu 'TTHC-3.1' lặp lại (đã có ở ô B9).")]


@pytest.mark.duckdb_only
def test_formula_uses_its_cached_value(conn, ingest):
    grid = report_rows("targets", "H436", "2024-Q2", [{"target_code": "TTHC-3.1", "numerator": 1, "denominator": 50}])
    data = with_cached_formula(xlsx_bytes(grid), "F7", "40+5", "45")
    result = ingest(data)
    assert result.status == "accepted", problems(result)
    assert values(conn)["TTHC-3.1"] == (45.0, 50.0, 90.0)


@pytest.mark.duckdb_only
def test_formula_without_cached_value_is_reported(conn, ingest):
    grid = report_rows("targets", "H436", "2024-Q2", [{"target_code": "TTHC-3.1", "numerator": 1, "denominator": 50}])
    result = ingest(with_cached_formula(xlsx_bytes(grid), "F7", "40+5", None))
    assert result.status == "rejected"
    assert errors(result) == [("F7", "Ô Tử số có công thức nhưng chưa có kết quả tính sẵn. Mở tệp bằng Excel, "
                                     "lưu lại rồi gửi lại (hoặc nhập số thay cho công thức).")]


@pytest.mark.duckdb_only
def test_legacy_xls_and_xlsm(conn, ingest):
    grid = report_rows("targets", "H436", "2024-Q2", [{"target_code": "TTHC-3.1", "numerator": 45, "denominator": 50}])
    result = ingest(xls_bytes(grid), "bao-cao.xls")
    assert result.status == "accepted", problems(result)
    assert values(conn)["TTHC-3.1"] == (45.0, 50.0, 90.0)
    grid[-1][5] = 48
    result = ingest(as_xlsm(xlsx_bytes(grid)), "bao-cao.xlsm")
    assert result.status == "accepted", problems(result)
    assert values(conn)["TTHC-3.1"] == (48.0, 50.0, 96.0)


def test_tasks_report(conn, ingest):
    result = ingest(tasks_file([
        {"task_code": "III-3.5", "status": "Đã hoàn thành", "evidence": "Báo cáo số 12/BC-UBND ngày 01/6/2024",
         "completed_on": "01/06/2024"},
        {"task_code": "III-3.9", "status": "dang thuc hien", "percent_done": "60%"},
        {"task_code": "III-3.6"},                                  # not reported this quarter
    ]))
    assert result.status == "accepted", problems(result)
    rows = db.query_rows(conn, "SELECT task_code, status, percent_done, evidence, completed_on FROM current_task_progress "
                               "ORDER BY task_code")
    assert rows == [("III-3.5", "done", 100.0, "Báo cáo số 12/BC-UBND ngày 01/6/2024", date(2024, 6, 1)),
                    ("III-3.9", "in_progress", 60.0, None, None)]


def test_index_results_from_so_noi_vu(conn, ingest):
    grid = report_rows("indices", "SNV", "2024", [
        {"index_code": "PAR_INDEX_INTERNAL", "year": 2024, "unit_code": "STP", "score": "91,5", "max_score": 100,
         "rank": 2, "rank_of": 19},
        {"index_code": "PAR_INDEX_INTERNAL", "year": 2024, "unit_code": "H436", "score": 88.1, "max_score": 100,
         "rank": 1, "rank_of": 13},
        {"index_code": "PAR_INDEX_INTERNAL", "year": 2024, "unit_code": "H437"},   # prefilled, left empty
    ])
    result = ingest(xlsx_bytes(grid))
    assert result.status == "accepted", problems(result)
    rows = db.query_rows(conn, "SELECT unit_code, score, rank, rank_of, origin FROM current_index_scores "
                               "WHERE index_code = 'PAR_INDEX_INTERNAL' AND year = 2024 AND origin = 'submission' ORDER BY 1")
    assert rows == [("H436", 88.1, 1, 13, "submission"), ("STP", 91.5, 2, 19, "submission")]


# --- problems named to the cell ------------------------------------------------------------------

@pytest.mark.parametrize("row, cell, message", [
    ({"target_code": "TTHC-9", "value": 5}, "B7", "Mã chỉ tiêu 'TTHC-9' không có trong kế hoạch năm 2024."),
    ({"target_code": "TCBM-4.2a", "value": 5}, "B7", "Chỉ tiêu 'TCBM-4.2a' không thuộc phạm vi báo cáo của Thành phố Hà Tĩnh."),
    ({"target_code": "TTHC-3.1", "numerator": 45, "denominator": 40}, "F7", "Tử số (45) lớn hơn mẫu số (40)."),
    ({"target_code": "TTHC-3.2b", "value": 112}, "H7", "Tỷ lệ 112% vượt quá 100%."),
    ({"target_code": "TTHC-3.2b", "value": "nhiều"}, "H7", "Kết quả 'nhiều' không phải là số."),
    ({"target_code": "TTHC-3.1", "numerator": -3, "denominator": 40}, "F7", "Tử số (-3) không được là số âm."),
    ({"target_code": "TTHC-3.1", "numerator": 45, "denominator": 50, "value": 80}, "H7",
     "Kết quả 80,0% không khớp với tử số/mẫu số (45/50 = 90,0%)."),
    ({"target_code": "TTHC-3.1", "numerator": 45}, "G7", "Cần nhập cả tử số và mẫu số (hoặc để trống cả hai)."),
    ({"target_code": "TTHC-3.1", "numerator": 0, "denominator": 0}, "G7", "Mẫu số bằng 0: không tính được tỷ lệ."),
])
@pytest.mark.duckdb_only
def test_target_errors(conn, ingest, row, cell, message):
    before = snapshot(conn)
    result = ingest(targets_file([row]))
    assert result.status == "rejected"
    assert (cell, message) in errors(result)
    assert snapshot(conn) == before
    kept = db.query_rows(conn, "SELECT status FROM submissions WHERE id = ?", [result.submission_id])
    assert kept == [("rejected",)]
    stored = db.query_rows(conn, "SELECT cell, message FROM submission_problems WHERE submission_id = ? AND severity = 'error'",
                           [result.submission_id])
    assert (cell, message) in stored


@pytest.mark.duckdb_only
def test_negative_count_and_fractional_count(conn, ingest):
    grid = report_rows("targets", "SNV", "2024-Q2", [
        {"target_code": "CDDH-1.2", "value": -1}, {"target_code": "TCBM-4.2a", "value": 2.5},
    ], name="Sở Nội vụ")
    result = ingest(xlsx_bytes(grid))
    assert errors(result) == [("H7", "Kết quả (-1) không được là số âm.")]
    grid = report_rows("targets", "SNV", "2024-Q2", [{"target_code": "CDDH-1.2", "value": 2.5}], name="Sở Nội vụ")
    assert errors(ingest(xlsx_bytes(grid))) == [("H7", "Kết quả (2,5) phải là số nguyên.")]


@pytest.mark.duckdb_only
def test_declared_kind_must_match_the_table(conn, ingest):
    grid = report_rows("targets", "H436", "2024-Q2", [{"target_code": "TTHC-3.2b", "value": 70}], meta={"kind": "tasks"})
    result = ingest(xlsx_bytes(grid))
    assert result.status == "rejected"
    assert errors(result)[0][1].startswith("Không tìm thấy bảng số liệu: cần một dòng tiêu đề cột có 'Mã nhiệm vụ'")


@pytest.mark.duckdb_only
def test_duplicate_rows(conn, ingest):
    result = ingest(targets_file([{"target_code": "TTHC-3.2b", "value": 70}, {"target_code": "tthc-3.2B", "value": 71}]))
    assert errors(result) == [("B8", "Mã chỉ tiêu 'TTHC-3.2b' lặp lại (đã có ở ô B7).")]


@pytest.mark.parametrize("meta, expected, cell, message", [
    ({"unit": None}, Expected(), None, "Thiếu mã đơn vị: ô 'Mã đơn vị' phía trên bảng phải ghi mã của đơn vị báo cáo."),
    ({"unit": "XYZ"}, Expected(), "C1", "Mã đơn vị 'XYZ' không có trong danh mục đơn vị."),
    ({"period": None}, Expected(), None, "Thiếu kỳ báo cáo: ô 'Kỳ báo cáo' phải ghi kỳ, ví dụ 2024-Q2 hoặc Quý II/2024."),
    ({"period": "Quý 5/2024"}, Expected(), "C3", "Kỳ báo cáo 'Quý 5/2024' không hợp lệ (ví dụ: 2024-Q2 hoặc Quý II/2024)."),
    ({"period": "2023-Q4"}, Expected(), "C3", "Kế hoạch CCHC năm 2023 chưa có trong hệ thống."),
    ({}, Expected(unit_code="H437"), "C1", "Tệp là báo cáo của đơn vị H436, không phải của đơn vị H437."),
    ({}, Expected(period="2024-Q3"), "C3", "Tệp là báo cáo Quý II/2024, không phải Quý III/2024 như đã chọn."),
    ({}, Expected(kind="tasks"), None, "Tệp là báo cáo kết quả thực hiện chỉ tiêu, không phải báo cáo tiến độ thực hiện nhiệm vụ như đã chọn."),
])
@pytest.mark.duckdb_only
def test_identity_errors(conn, ingest, meta, expected, cell, message):
    grid = report_rows("targets", "H436", "2024-Q2", [{"target_code": "TTHC-3.2b", "value": 70}], meta=meta)
    result = ingest(xlsx_bytes(grid), expected=expected)
    assert result.status == "rejected"
    assert (cell, message) in errors(result)


@pytest.mark.parametrize("row, cell, message", [
    ({"task_code": "I-3.1", "status": "Đang thực hiện"}, "B7",
     "Nhiệm vụ 'I-3.1' không giao cho Phường Trần Phú (không chủ trì, không phối hợp)."),
    ({"task_code": "IX-3.1", "status": "Đang thực hiện"}, "B7", "Mã nhiệm vụ 'IX-3.1' không có trong kế hoạch năm 2024."),
    ({"task_code": "III-3.5", "status": "Xong rồi"}, "F7",
     "Tình trạng 'Xong rồi' không có trong danh sách ('Chưa triển khai', 'Đang thực hiện', 'Đã hoàn thành', "
     "'Hoàn thành quá hạn', 'Không thuộc phạm vi')."),
    ({"task_code": "III-3.5", "status": "Đang thực hiện", "percent_done": 120}, "G7", "Tỷ lệ 120% vượt quá 100%."),
    ({"task_code": "III-3.5", "status": "Đã hoàn thành", "evidence": "QĐ 1", "completed_on": "15/08/2024"}, "I7",
     "Ngày hoàn thành 15/08/2024 là ngày trong tương lai."),
    ({"task_code": "III-3.5", "percent_done": 50}, "F7", "Chưa chọn tình trạng thực hiện nhiệm vụ."),
    ({"task_code": "III-3.5", "status": "Đang thực hiện", "completed_on": "31/02/2024"}, "I7",
     "Ngày hoàn thành '31/02/2024' không phải là ngày có thật."),
])
@pytest.mark.duckdb_only
def test_task_errors(conn, ingest, row, cell, message):
    before = snapshot(conn)
    result = ingest(tasks_file([row]))
    assert result.status == "rejected"
    assert (cell, message) in errors(result)
    assert snapshot(conn) == before


def test_warnings_do_not_block(conn, ingest):
    first = ingest(targets_file([{"target_code": "TTHC-3.2b", "value": 80}], period="2024-Q1"))
    assert first.status == "accepted"
    result = ingest(targets_file([{"target_code": "TTHC-3.2b", "value": 40}]))
    assert result.status == "accepted"
    assert ("H7", "Kết quả 40,0% chênh lệch lớn so với Quý I/2024 (80,0%); hãy kiểm tra lại.") in [
        (p.cell, p.message) for p in result.problems if p.severity == "warning"]
    done = ingest(tasks_file([{"task_code": "III-3.5", "status": "Đã hoàn thành", "completed_on": date(2024, 6, 1)}]))
    assert done.status == "accepted"
    assert [(p.cell, p.message) for p in done.problems] == [
        ("H7", "Nhiệm vụ đã hoàn thành nhưng chưa ghi văn bản, sản phẩm minh chứng.")]


@pytest.mark.parametrize("data, message", [
    (b"", "Tệp rỗng (0 byte)."),
    ("Mã chỉ tiêu;Kết quả\nTTHC-3.1;90\n".encode(), "Tệp là tệp văn bản CSV (các cột cách nhau bằng dấu phẩy, chấm "
     "phẩy hoặc tab), không phải bảng tính Excel. Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) › Excel Workbook "
     "(.xlsx) rồi gửi lại."),
    (b"PK\x03\x04 broken zip", "Tệp bị hỏng hoặc không phải là bảng tính Excel."),
])
@pytest.mark.duckdb_only
def test_files_that_are_not_reports(conn, ingest, data, message):
    result = ingest(data)
    assert result.status == "rejected" and errors(result) == [(None, message)]


@pytest.mark.duckdb_only
def test_workbook_without_a_report_table(conn, ingest):
    result = ingest(xlsx_bytes([["Danh sách cán bộ"], ["Họ tên", "Chức vụ"], ["Nguyễn Văn A", "Chuyên viên"]]))
    assert result.status == "rejected"
    assert errors(result)[0][1].startswith("Không tìm thấy bảng số liệu: cần một dòng tiêu đề cột có 'Mã chỉ tiêu'")


@pytest.mark.duckdb_only
def test_empty_report(conn, ingest):
    result = ingest(targets_file([{"target_code": "TTHC-3.1"}]))
    assert ("Báo cáo chưa có số liệu nào: hãy nhập kết quả vào các cột để trống rồi gửi lại.") in [m for _, m in errors(result)]


@pytest.mark.duckdb_only
def test_size_limit_and_zip_bomb(conn, ingest):
    data = targets_file([{"target_code": "TTHC-3.2b", "value": 70}])
    big = data + b"\0" * (1024 * 1024)        # about 1 MB against a 0,5 MB limit
    result = ingest(big, max_bytes=1024 * 1024 // 2)
    assert errors(result) == [(None, "Tệp dung lượng 1,0 MB, vượt giới hạn 0,5 MB.")]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    result = ingest(bomb.getvalue())
    assert result.status == "rejected"
    assert errors(result)[0][1].startswith("Tệp bị từ chối vì an toàn: khi giải nén lên tới 50,0 MB")


@pytest.mark.duckdb_only
def test_encrypted_workbook(conn, ingest, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(targets_file([{"target_code": "TTHC-3.2b", "value": 70}]))
    encrypted = tmp_path / "secret.xlsx"
    with plain.open("rb") as source, encrypted.open("wb") as target:
        OOXMLFile(source).encrypt("matkhau", target)
    result = ingest(encrypted.read_bytes())
    assert errors(result) == [(None, "Tệp đã được đặt mật khẩu. Hãy bỏ mật khẩu (File › Info › Protect Workbook) rồi gửi lại.")]


# --- loading rules -------------------------------------------------------------------------------

def test_same_bytes_load_once(conn, ingest):
    data = targets_file([{"target_code": "TTHC-3.2b", "value": 70}])
    first, second = ingest(data), ingest(data, "copy.xlsx")
    assert second.duplicate_of == first.submission_id and second.status == "accepted"
    assert db.query_rows(conn, "SELECT count(*) FROM submissions")[0][0] == 1
    assert db.query_rows(conn, "SELECT count(*) FROM target_values")[0][0] == 1


def test_new_file_supersedes_for_display_and_history_stays(conn, ingest, tmp_path):
    first = ingest(targets_file([{"target_code": "TTHC-3.2b", "value": 70}]))
    second = ingest(targets_file([{"target_code": "TTHC-3.2b", "value": 75}, {"target_code": "TTHC-3.6", "value": 96}]))
    assert second.superseded == [first.submission_id]
    assert values(conn) == {"TTHC-3.2b": (None, None, 75.0), "TTHC-3.6": (None, None, 96.0)}
    history = db.query_rows(conn, "SELECT submission_id, value FROM target_values ORDER BY 1, 2")
    assert (first.submission_id, 70.0) in history
    assert db.query_rows(conn, "SELECT superseded_by FROM submissions WHERE id = ?", [first.submission_id]) == [(second.submission_id,)]
    rejected = ingest(targets_file([{"target_code": "TTHC-3.2b", "value": 300}]))
    assert rejected.status == "rejected" and rejected.superseded == []
    assert values(conn)["TTHC-3.2b"] == (None, None, 75.0)
    archived = list((tmp_path / "archive").rglob("*.xlsx"))
    assert len(archived) == 3 and all(p.name[:-5] in {first.sha256, second.sha256, rejected.sha256} for p in archived)


def test_cli_ingest_json_and_exit_status(db_path, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(targets_file([{"target_code": "TTHC-3.2b", "value": 70}]))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(targets_file([{"target_code": "TTHC-9", "value": 70}]))
    result = run_cli("ingest", good, "--json", "--as", "nguyen.van.a", "--db", db_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [(r["status"], r["unit_code"], r["period"], r["kind"]) for r in report] == [("accepted", "H436", "2024-Q2", "targets")]
    result = run_cli("ingest", good, bad, "--json", "--db", db_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report[1]["status"] == "rejected"
    assert report[1]["problems"] == [{"severity": "error", "sheet": "Báo cáo", "cell": "B7", "value": "TTHC-9",
                                      "message": "Mã chỉ tiêu 'TTHC-9' không có trong kế hoạch năm 2024."}]
    exported = run_cli("export", "target-values", "--db", db_path).stdout.splitlines()
    assert exported[0] == "unit_code,period,target_code,level,numerator,denominator,value,note,submission_id,is_sample"
    assert exported[1].startswith("H436,2024-Q2,TTHC-3.2b,all,,,70.0,")
    submissions = run_cli("export", "submissions", "--db", db_path).stdout
    assert "nguyen.van.a" in submissions and "rejected" in submissions
    tasks = tmp_path / "tasks.xlsx"
    tasks.write_bytes(tasks_file([{"task_code": "III-3.9", "status": "Đang thực hiện", "percent_done": 40}]))
    assert run_cli("ingest", tasks, "--db", db_path).returncode == 0
    progress = run_cli("export", "task-progress", "--db", db_path).stdout.splitlines()
    assert progress[0].startswith("unit_code,period,task_code,status,percent_done")
    assert progress[1].startswith("X18070,2024-Q2,III-3.9,in_progress,40.0")


# --- text in old Vietnamese font encodings -------------------------------------------------------

@pytest.mark.duckdb_only
def test_tcvn3_and_vni_text_arrives_as_unicode(conn, ingest):
    from tests.etl.reading.test_legacy_encodings import to_tcvn3, to_vni

    evidence = "Báo cáo số 12/BC-UBND ngày 01/6/2024 của ủy ban nhân dân phường"
    note = "Đã tổ chức tập huấn cho cán bộ, công chức"
    grid = report_rows("tasks", "X18070", "2024-Q2", [
        {"task_code": "III-3.5", "status": to_vni("Đã hoàn thành"), "evidence": to_tcvn3(evidence),
         "completed_on": "01/06/2024", "note": to_vni(note)},
    ], name=to_tcvn3("Phường Trần Phú"))
    # the evidence cell is formatted with .VnTime; the VNI cells carry no VNI font (found by their bytes)
    result = ingest(xlsx_bytes(grid, fonts={(7, 8): ".VnTime", (2, 3): ".VnTime"}))
    assert result.status == "accepted", problems(result)
    assert result.problems == []   # the unit name in TCVN3 matches the catalog once converted
    assert db.query_rows(conn, "SELECT status, evidence, note FROM current_task_progress") == [("done", evidence, note)]


@pytest.mark.duckdb_only
def test_tcvn3_in_a_legacy_xls_file(conn, ingest):
    from tests.etl.reading.test_legacy_encodings import to_tcvn3

    evidence = "Quyết định số 45/QĐ-UBND về kiện toàn Bộ phận một cửa"
    grid = report_rows("tasks", "X18070", "2024-Q2", [
        {"task_code": "III-3.5", "status": "Đã hoàn thành", "evidence": to_tcvn3(evidence), "completed_on": "01/06/2024"},
    ])
    result = ingest(xls_bytes(grid, fonts={(7, 8): ".VnTime"}), "bao-cao.xls")
    assert result.status == "accepted", problems(result)
    assert db.query_rows(conn, "SELECT evidence FROM current_task_progress") == [(evidence,)]


@pytest.mark.duckdb_only
def test_decomposed_text_is_stored_composed(conn, ingest):
    note = unicodedata.normalize("NFD", "Số liệu lấy từ Cổng dịch vụ công")
    result = ingest(targets_file([{"target_code": "TTHC-3.2b", "value": 70, "note": note}]))
    assert result.status == "accepted"
    stored = db.query_rows(conn, "SELECT note FROM current_target_values")[0][0]
    assert stored == unicodedata.normalize("NFC", note) and stored != note


# --- the signed-in sender --------------------------------------------------------------------------

REPORTER = auth.User("dv.h436", auth.REPORTER, "H436", None)
ROW = [{"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500}]


def test_a_reporter_sends_only_their_own_units_report(conn, ingest):
    accepted = ingest(targets_file(ROW), user=REPORTER)
    assert accepted.status == "accepted"
    sender = db.query_rows(conn, "SELECT uploaded_by FROM submissions WHERE id = ?", [accepted.submission_id])
    assert sender == [("dv.h436",)]
    before = snapshot(conn)
    # the file names another unit: refused, cell named, nothing loaded
    other = ingest(targets_file(ROW, unit="H437", name="Thị xã Hồng Lĩnh"), user=REPORTER)
    assert other.status == "rejected"
    assert ("C1", "Tệp là báo cáo của đơn vị H437, không phải của đơn vị H436.") in errors(other)
    assert snapshot(conn) == before
    # asking to send for another unit is refused before anything is read or archived
    with pytest.raises(auth.PermissionDenied, match="không được với đơn vị H437"):
        ingest(targets_file(ROW, unit="H437"), expected=Expected(unit_code="H437"), user=REPORTER)
    with pytest.raises(auth.PermissionDenied):
        ingest(targets_file(ROW), user=auth.User("lanhdao", auth.VIEWER, None, None))
    assert db.query_rows(conn, "SELECT count(*) FROM submissions") == [(2,)]


@pytest.mark.duckdb_only
@pytest.mark.parametrize("file_format", ["xlsx", "xls"])
@pytest.mark.parametrize("font", [".VnTime", ".VnTimeH", "VNI-Times"])
def test_a_whole_sheet_typed_in_a_legacy_font_reads(conn, ingest, font, file_format):
    """Title, labels, the header row and every text cell in one old font, as older offices type whole sheets:
    the header is found, the identity cells match, and the text is stored in Unicode."""
    from tests.etl.reading.test_legacy_encodings import to_tcvn3, to_vni

    encode = {".VnTime": to_tcvn3, ".VnTimeH": lambda text: to_tcvn3(text, h_font=True), "VNI-Times": to_vni}[font]
    evidence = "Quyết định số 45/QĐ-UBND về kiện toàn Bộ phận một cửa"
    grid = report_rows("tasks", "X18070", "2024-Q2", [
        {"task_code": "III-3.5", "status": "Đã hoàn thành", "evidence": evidence, "completed_on": "01/06/2024"},
    ], name="Phường Trần Phú", title_rows=1)
    fonts: dict[tuple[int, int], str] = {}

    def type_in_font(text: str, r: int, c: int) -> str:
        fonts[(r, c)] = font
        try:
            return encode(text)
        except ValueError:          # .VnTime has no accented capitals: a title is typed in its capital font
            fonts[(r, c)] = ".VnTimeH"
            return to_tcvn3(text, h_font=True)

    typed = [[type_in_font(v, r, c) if isinstance(v, str) else v for c, v in enumerate(row, 1)]
             for r, row in enumerate(grid, 1)]
    assert typed != grid                                          # the labels and headers really are encoded
    data = xlsx_bytes(typed, fonts=fonts) if file_format == "xlsx" else xls_bytes(typed, fonts=fonts)
    result = ingest(data, f"bao-cao.{file_format}")
    assert result.status == "accepted", problems(result)
    assert not errors(result)
    expected = evidence.upper() if font == ".VnTimeH" else evidence   # an H font shows capitals
    assert db.query_rows(conn, "SELECT unit_code, status, evidence FROM current_task_progress") == [
        ("X18070", "done", expected)]


def test_a_report_for_a_period_in_which_its_unit_does_not_exist_is_refused(db_2026_path, tmp_path):
    """A 2026 report is Phường Thành Sen's, not Phường Nam Hà's; a 2024 report cannot come from a unit of 2025."""
    conn = db.connect(db_2026_path)
    try:
        found = {}
        for unit, name, period in (("X18073", "Phường Nam Hà", "2026-Q1"), ("X2025-18073", "Phường Thành Sen", "2024-Q2")):
            grid = report_rows("targets", unit, period, [{"target_code": "TTHC-3.2b", "value": 70}], name=name)
            result = ingest_bytes(conn, xlsx_bytes(grid), f"{unit}.xlsx", "tester", tmp_path / "archive",
                                  today=date(2026, 4, 10))
            assert result.status == "rejected" and result.unit_code == unit
            found[unit] = errors(result)
        assert db.query_rows(conn, "SELECT count(*) FROM target_values") == [(0,)]
    finally:
        conn.close()
    assert found == {
        "X18073": [("C1", "Mã đơn vị 'X18073' (Phường Nam Hà): đơn vị này không còn từ 01/07/2025, nay thuộc Phường "
                          "Thành Sen (X2025-18073). Không nhận báo cáo Quý I/2026 của đơn vị này.")],
        "X2025-18073": [("C1", "Mã đơn vị 'X2025-18073' (Phường Thành Sen): đơn vị này chỉ có từ ngày 01/07/2025. "
                               "Không nhận báo cáo Quý II/2024 của đơn vị này.")],
    }
