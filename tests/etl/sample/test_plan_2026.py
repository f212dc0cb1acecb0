"""The sample 2026 plan names its own year (issue 20: sample target texts said "năm 2024"): every text of its
targets and tasks has its years moved with the plan, and the plan says it is a sample."""
import re

from cchc.store import db
from tests.etl.plans.year_2026 import db_2026_path, db_2026_template  # noqa: F401 (fixtures)

OLD_YEARS = re.compile(r"(?<![\d/])202[34](?!\d)")     # the plan's year and the one before, in 2024's texts


def test_the_sample_plan_names_the_sample_year(db_2026_path):
    conn = db.connect(db_2026_path, read_only=True)
    try:
        targets = db.query_rows(conn, "SELECT code, text, indicator FROM targets WHERE plan_year = 2026")
        tasks = db.query_rows(conn, """SELECT code, objective, task, activity, deliverable, deadline_text, funding_text
                                       FROM tasks WHERE plan_year = 2026""")
        title = db.query_rows(conn, "SELECT title FROM plans WHERE year = 2026")[0][0]
    finally:
        conn.close()
    old = [(row[0], text) for row in [*targets, *tasks] for text in row[1:] if text and OLD_YEARS.search(text)]
    assert old == []
    assert any("2026" in text for _, *texts in targets for text in texts if text)
    assert "Kế hoạch mẫu năm 2026" in title
