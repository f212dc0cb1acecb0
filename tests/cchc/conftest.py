"""Fixtures shared by the domain tests: a unit's submissions, and the meeting views on the sample data."""
from datetime import date

import pytest

from cchc import auth
from cchc.meeting.agenda import meeting
from cchc.periods import Period
from cchc.store import db
from cchc.views import board
from cchc.views.target_progress import target_progress
from cchc.views.task_progress import task_progress
from cchc.views.unit_status import unit_statuses
from etl.reports.ingest import ingest_bytes
from tests.etl.reports.test_ingest import TODAY, targets_file

REPORTER = auth.User("dv.h436", auth.REPORTER, "H436", None)
ROW = {"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500}
AS_OF = date(2024, 12, 31)


@pytest.fixture
def sent(conn, tmp_path):
    """H436 sends a file with an error, then the corrected file; a file nobody can read, too."""
    def send(data, name):
        return ingest_bytes(conn, data, name, "x", tmp_path / "archive", today=TODAY, user=REPORTER)
    bad = targets_file([{**ROW, "numerator": 600}])
    return {"bad": (send(bad, "sai.xlsx"), bad), "good": send(targets_file([ROW]), "dung.xlsx"),
            "junk": send(b"not a workbook", "rac.xlsx")}


@pytest.fixture(scope="module")
def sample(demo_db_template):
    """A read-only connection to the sample-data database, for a module's tests."""
    conn = db.connect(demo_db_template, read_only=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def views(demo_db_template):
    conn = db.connect(demo_db_template, read_only=True)
    try:
        found = meeting(conn, 2024, Period(2024, 4), AS_OF)
        expected = {
            "targets": target_progress(conn, 2024, 4)["status"].value_counts().to_dict(),
            "tasks": task_progress(conn, 2024, AS_OF),
            "states": board.unit_states(board.board(conn, 2024).query("period == '2024-Q4'")),
            "units": unit_statuses(conn, 2024, 4),
        }
    finally:
        conn.close()
    return found, expected
