"""Task states on the sample data for a given as-of date."""
from datetime import date

from cchc.metrics.task_state import DONE, OVERDUE
from cchc.store import db
from cchc.views.task_progress import task_progress


def test_overdue_count_for_an_as_of_date(demo_conn):
    as_of = date(2024, 7, 1)
    tasks = task_progress(demo_conn, 2024, as_of)
    # by hand: fixed tasks due before 1 July whose lead reports (Q1, Q2) are not all done
    due = db.query_rows(demo_conn, "SELECT code, lead_unit_codes FROM tasks WHERE deadline_kind = 'fixed' AND due_date < ?",
                        [as_of])
    overdue = set()
    for code, leads in due:
        statuses = db.query_rows(demo_conn, """SELECT status FROM (
                SELECT status, row_number() OVER (PARTITION BY unit_code ORDER BY period DESC) AS newest
                FROM current_task_progress WHERE task_code = ?
                  AND period IN ('2024-Q1', '2024-Q2') AND unit_code = ANY(?)) latest
            WHERE newest = 1""", [code, list(leads)])
        if leads and set(leads) <= {"SNV", "STP", "STC", "STTTT", "SKHDT", "SKHCN", "VPUBND", "SCT"} and (
                not statuses or any(s[0] not in ("done", "done_late") for s in statuses)):
            overdue.add(code)
    found = set(tasks.loc[tasks["state"] == OVERDUE, "code"])
    assert overdue <= found                       # every single-department task computed by hand is found
    assert list(tasks["state"]).index(OVERDUE) == 0 if found else True   # overdue first


def test_nothing_is_overdue_before_the_first_deadline(demo_conn):
    tasks = task_progress(demo_conn, 2024, date(2023, 12, 20))
    assert OVERDUE not in set(tasks["state"])
    year_end = task_progress(demo_conn, 2024, date(2025, 1, 31))
    assert DONE in set(year_end["state"])
