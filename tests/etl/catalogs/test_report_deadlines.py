"""Report deadlines: the plan's dates and the quarterly ones, loaded from report_deadlines.csv."""
import re
import shutil
from datetime import date

from cchc.config import DATA_DIR
from cchc.store import db
from etl.catalogs import report_deadlines
from etl.operations.setup import initialise


def test_shipped_deadlines_are_loaded(conn):
    rows = {(r, p, k): d for r, p, k, d in db.query_rows(
        conn, "SELECT report, period, unit_kind, due_date FROM report_deadlines WHERE plan_year = 2024")}
    assert rows[("plan", "2024", "department")] == date(2024, 1, 15)
    assert rows[("plan", "2024", "district")] == date(2024, 1, 15)
    assert rows[("plan", "2024", "commune")] == date(2024, 2, 5)
    assert rows[("plan", "2024", "central_agency")] == date(2024, 1, 31)
    for report in ("targets", "tasks"):
        assert [rows[(report, f"2024-Q{q}", None)] for q in range(1, 5)] == [
            date(2024, 4, 15), date(2024, 7, 15), date(2024, 10, 15), date(2025, 1, 15)]
    assert len(rows) == 12


def test_bad_rows_are_reported_and_left_out(tmp_path):
    folder = tmp_path / "plan" / "2024"
    folder.mkdir(parents=True)
    (folder / "report_deadlines.csv").write_text(
        "report,period,unit_kind,due_date,note\n"
        "targets,Quý II/2024,,20/07/2024,viết kiểu Việt Nam\n"
        "targets,2024-Q2,,2024-07-21,trùng\n"
        "report,2024-Q1,,2024-04-15,\n"
        "tasks,2024-Q1,province,2024-04-15,\n"
        "tasks,2024-Q3,,15/13/2024,\n"
        "plan,2024-Q1,,2024-01-15,\n"
        "tasks,2023-Q4,,2024-01-15,\n", encoding="utf-8")
    frame, problems = report_deadlines.build(tmp_path, 2024)
    assert frame.to_dict("records") == [{"plan_year": 2024, "report": "targets", "period": "2024-Q2",
                                         "unit_kind": None, "due_date": date(2024, 7, 20),
                                         "note": "viết kiểu Việt Nam"}]
    assert [re.search(r"dòng (\d+)", p).group(1) for p in problems] == ["3", "4", "5", "6", "7", "8"]
    assert "trùng" in problems[0] and "không hợp lệ" in problems[1] and "province" in problems[2]
    assert "15/13/2024" in problems[3]


def test_no_file_means_no_deadlines(tmp_path):
    frame, problems = report_deadlines.build(tmp_path, 2030)
    assert frame.empty and problems == []


def test_an_edited_deadline_is_reloaded(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    conn = db.connect(tmp_path / "x.duckdb")
    initialise(conn, "test", data)
    path = data / "plan" / "2024" / "report_deadlines.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("targets,2024-Q2,,2024-07-15", "targets,2024-Q2,,2024-07-20"), encoding="utf-8")
    report = initialise(conn, "test", data)
    assert report.problems == [] and report.counts["report_deadlines:2024"] == 12
    due = db.query_rows(conn, "SELECT due_date FROM report_deadlines WHERE report = 'targets' AND period = '2024-Q2'")
    assert due == [(date(2024, 7, 20),)]
