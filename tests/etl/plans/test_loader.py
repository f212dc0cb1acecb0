"""Loading a plan workbook: the 2024 round trip into an empty database, a re-import that keeps reported values,
the refusal to remove a target or task that has values (nothing written), the audit entry, and the command line."""
import json
from pathlib import Path

import pytest

from cchc.config import DATA_DIR
from cchc.store import db
from etl.cli import main
from etl.operations.setup import initialise
from etl.plans import TARGETS_SHEET, TASKS_SHEET
from etl.plans.context import current_plan
from etl.plans.loader import PlanRefused, import_plan, plan_changes
from etl.plans.reader import read_plan
from tests.conftest import run_cli
from tests.etl.plans.workbooks import column, edited, exported, row_of


def _without_plans(tmp_path: Path) -> Path:
    """A data folder with the shipped units, indices and provinces and no plan year."""
    folder = tmp_path / "data"
    (folder / "plan").mkdir(parents=True)
    for name in ("units", "indices", "provinces"):
        (folder / name).symlink_to(DATA_DIR / name)
    return folder


def _rows(frame) -> list[list[str]]:
    return sorted([str(value) for value in row] for row in frame.astype(object).where(frame.notna(), None).values.tolist())


def test_the_2024_plan_round_trips_into_an_empty_database(db_path, tmp_path):
    source = db.connect(db_path, read_only=True)
    empty = db.connect(tmp_path / "empty.duckdb")
    try:
        initialise(empty, "test", _without_plans(tmp_path))
        assert all(len(frame) == 0 for frame in current_plan(empty, 2024).values())
        reading = read_plan(empty, exported(source), year=2024)
        preview = plan_changes(empty, reading)
        assert [(len(c.added), len(c.removed), len(c.changed)) for c in preview.values()] == [
            (1, 0, 0), (7, 0, 0), (52, 0, 0), (93, 0, 0), (12, 0, 0)]
        import_plan(empty, reading, "test", "plan_2024.xlsx")
        assert all(not (c.added or c.removed or c.changed) for c in plan_changes(empty, reading).values())
        before, after = current_plan(source, 2024), current_plan(empty, 2024)
        for table in before:
            assert list(before[table].columns) == list(after[table].columns), table
            assert _rows(before[table]) == _rows(after[table]), table
            assert len(after[table]) > 0, table
    finally:
        source.close()
        empty.close()


def _report_values(cur: db.Connection) -> None:
    """A reported value for target CDDH-1.2 (province) and progress for task I-3.1, as an ingest writes them."""
    db.insert_rows(cur, "target_values", ["submission_id", "unit_code", "period", "plan_year", "target_code", "level",
                                          "value"], [[900001, "SNV", "2024-Q1", 2024, "CDDH-1.2", "province", 2.0]])
    db.insert_rows(cur, "task_progress", ["submission_id", "unit_code", "period", "plan_year", "task_code", "status"],
                   [[900002, "SNV", "2024-Q1", 2024, "I-3.1", "done"]])


def _set(sheet: str, key: str, value: object, **match: object):
    def edit(book):
        book[sheet].cell(row=row_of(book, sheet, **match), column=column(sheet, key)).value = value
    return edit


def test_reimport_keeps_reported_values_and_removal_is_refused(conn):
    with db.transaction(conn) as cur:
        _report_values(cur)
    workbook = exported(conn)
    corrected = edited(workbook, _set(TARGETS_SHEET, "target_value", 4, code="CDDH-1.2"))
    reading = read_plan(conn, corrected, year=2024)
    preview = plan_changes(conn, reading)
    assert {part: (c.added, c.removed, c.changed) for part, c in preview.items() if c.added or c.removed or c.changed} \
        == {"chỉ tiêu": ([], [], ["CDDH-1.2 (cấp tỉnh)"])}
    assert preview["chỉ tiêu"].summary("chỉ tiêu") == "chỉ tiêu: thêm 0, bỏ 0, sửa 1 (CDDH-1.2 (cấp tỉnh))"
    report = import_plan(conn, reading, "snv.quantri", "ke_hoach_2024.xlsx")
    assert report.counts == {"targets": 52, "tasks": 93, "report_deadlines": 12}
    target = "SELECT target_value FROM targets WHERE plan_year = 2024 AND code = 'CDDH-1.2' AND level = 'province'"
    assert db.query_rows(conn, target) == [(4.0,)]
    kept = db.query_rows(conn, "SELECT t.target_value, v.value FROM target_values v JOIN targets t ON t.plan_year = "
                               "v.plan_year AND t.code = v.target_code AND t.level = v.level WHERE v.submission_id = 900001")
    assert kept == [(4.0, 2.0)]
    audit = db.query_rows(conn, "SELECT actor, entity_id, detail FROM audit_log WHERE action = 'plan_import'")
    assert [(a, e, json.loads(d)["file"]) for a, e, d in audit] == [("snv.quantri", "2024", "ke_hoach_2024.xlsx")]

    def drop(book):
        book[TARGETS_SHEET].delete_rows(row_of(book, TARGETS_SHEET, code="CDDH-1.2"))
        book[TASKS_SHEET].delete_rows(row_of(book, TASKS_SHEET, code="I-3.1"))
        book[TARGETS_SHEET].cell(row=row_of(book, TARGETS_SHEET, code="CDDH-1.1"),
                                 column=column(TARGETS_SHEET, "target_value")).value = 99
    with pytest.raises(PlanRefused) as refused:
        import_plan(conn, read_plan(conn, edited(workbook, drop), year=2024), "snv.quantri")
    assert refused.value.removed == ["chỉ tiêu CDDH-1.2 (cấp tỉnh)", "nhiệm vụ I-3.1"]
    assert "đã có số liệu báo cáo" in str(refused.value)
    assert db.query_rows(conn, target) == [(4.0,)]          # nothing written: all or nothing
    assert db.query_rows(conn, "SELECT target_value FROM targets WHERE plan_year = 2024 AND code = 'CDDH-1.1'") == [(100.0,)]
    assert db.query_rows(conn, "SELECT count(*) FROM audit_log WHERE action = 'plan_import'") == [(1,)]

    # a target without values may go
    def drop_unreported(book):
        book[TARGETS_SHEET].delete_rows(row_of(book, TARGETS_SHEET, code="CDDH-1.1"))
    import_plan(conn, read_plan(conn, edited(workbook, drop_unreported), year=2024), "snv.quantri")
    assert db.query_rows(conn, "SELECT count(*) FROM targets WHERE plan_year = 2024") == [(51,)]

    # over a sample plan, its sample values do not hold the real plan back; real values still do
    with db.transaction(conn) as cur:
        cur.execute("UPDATE plans SET is_sample = TRUE WHERE year = 2024")
        cur.execute("UPDATE target_values SET is_sample = TRUE WHERE submission_id = 900001")
    with pytest.raises(PlanRefused) as refused:
        import_plan(conn, read_plan(conn, edited(workbook, drop), year=2024), "snv.quantri")
    assert refused.value.removed == ["nhiệm vụ I-3.1"]
    with db.transaction(conn) as cur:
        cur.execute("UPDATE task_progress SET is_sample = TRUE WHERE submission_id = 900002")
    import_plan(conn, read_plan(conn, edited(workbook, drop), year=2024), "snv.quantri")
    assert db.query_rows(conn, "SELECT count(*) FROM targets WHERE plan_year = 2024 AND code = 'CDDH-1.2'") == [(0,)]


def test_command_line_template_then_import(db_path, tmp_path, capsys):
    workbook = tmp_path / "plan_2024.xlsx"
    made = run_cli("plan", "template", "--year", 2024, "--from-year", 2024, "-o", workbook, "--db", db_path)
    assert made.returncode == 0, made.stderr
    assert "Đã tạo tệp kế hoạch năm 2024" in made.stdout
    loaded = run_cli("plan", "import", workbook, "--year", 2024, "--db", db_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "Đã nạp kế hoạch năm 2024 từ plan_2024.xlsx: 52 chỉ tiêu, 93 nhiệm vụ, 12 hạn báo cáo." in loaded.stdout
    assert "  chỉ tiêu: thêm 0, bỏ 0, sửa 0\n" in loaded.stdout
    # the refusal's output, in this process (a third process would only add its start-up time)
    assert main(["plan", "import", str(workbook), "--year", "2026", "--db", str(db_path)]) == 1
    wrong = capsys.readouterr().err
    assert "TỪ CHỐI: plan_2024.xlsx: 1 lỗi, không có gì được nạp." in wrong
    assert "Kế hoạch!A2: tệp là kế hoạch năm 2024, không phải năm 2026" in wrong
