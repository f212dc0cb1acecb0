"""The sample data of `init --demo` (2024, and the sample 2026 plan year), made through templates and ingest like
real reports."""
from datetime import datetime

from cchc.periods import Period, report_deadline
from cchc.store import db
from etl.sample.reports import create_demo
from tests.conftest import run_cli


def test_every_sample_value_is_flagged(demo_conn):
    assert db.query_rows(demo_conn, "SELECT count(*) FROM submissions WHERE NOT is_sample")[0][0] == 0
    for table in ("target_values", "task_progress"):
        flags = db.query_rows(demo_conn, "SELECT DISTINCT is_sample FROM " + table)
        assert flags == [(True,)]
    sample_scores = db.query_rows(demo_conn, "SELECT DISTINCT is_sample FROM current_index_scores WHERE origin = 'submission'")
    assert sample_scores == [(True,)]


def test_units_report_every_quarter_with_a_few_gaps_late_and_rejected(demo_conn):
    counts = dict(db.query_rows(demo_conn, """SELECT period, count(DISTINCT unit_code) FROM current_submissions
                                              WHERE kind = 'targets' AND plan_year = 2024 GROUP BY period"""))
    assert set(counts) == {"2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"}
    assert all(225 <= n < 248 for n in counts.values())          # 248 units report targets; a few miss a quarter
    rejected = db.query_rows(demo_conn, "SELECT count(*) FROM submissions WHERE status = 'rejected'")[0][0]
    assert 10 <= rejected <= 60
    messages = {r[0] for r in db.query_rows(demo_conn, "SELECT message FROM submission_problems WHERE severity = 'error'")}
    assert any(m.startswith("Tử số") for m in messages)
    late = 0
    for period, uploaded in db.query_rows(demo_conn, "SELECT period, uploaded_at FROM current_submissions "
                                                     "WHERE kind = 'targets' AND plan_year = 2024"):
        year, quarter = period.split("-Q")
        late += uploaded > datetime.combine(report_deadline(Period(int(year), int(quarter))), datetime.max.time())
    assert 0.05 < late / sum(counts.values()) < 0.25


def test_values_move_toward_the_targets(demo_conn):
    rows = dict(db.query_rows(demo_conn, """SELECT period, avg(value) FROM current_target_values
                                            WHERE target_code = 'TTHC-3.1' GROUP BY period"""))
    assert rows["2024-Q1"] < rows["2024-Q2"] < rows["2024-Q3"] < rows["2024-Q4"]
    lagging = db.query_rows(demo_conn, """SELECT count(*) FROM current_target_values v JOIN targets t
        ON t.code = v.target_code AND t.level = v.level AND t.plan_year = v.plan_year WHERE v.period = '2024-Q4' AND v.target_code = 'TTHC-3.1'
        AND v.value < t.target_value * 0.85""")[0][0]
    assert lagging > 5


def test_tasks_and_internal_par_index(demo_conn):
    statuses = dict(db.query_rows(demo_conn, "SELECT status, count(*) FROM current_task_progress WHERE period = '2024-Q4' GROUP BY 1"))
    assert statuses["done"] > statuses.get("in_progress", 0) > 0 and statuses["done_late"] > 0
    scores = db.query_rows(demo_conn, """SELECT year, count(*), min(rank), max(rank_of) FROM current_index_scores
        WHERE index_code = 'PAR_INDEX_INTERNAL' AND origin = 'submission' GROUP BY year ORDER BY year""")
    assert [(y, n) for y, n, _, _ in scores] == [(2021, 32), (2022, 32), (2023, 32), (2024, 32)]  # 19 sở + 13 huyện
    assert all(low == 1 and top == 19 for _, _, low, top in scores)


def test_demo_is_made_once(demo_conn, tmp_path):
    before = db.query_rows(demo_conn, "SELECT count(*) FROM submissions")[0][0]
    report = create_demo(demo_conn, tmp_path / "archive")
    assert report.files == 0
    assert db.query_rows(demo_conn, "SELECT count(*) FROM submissions")[0][0] == before


def test_cli_init_demo_when_present(demo_db_template, tmp_path):
    import shutil

    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db_template, path)
    result = run_cli("init", "--demo", "--db", path)
    assert result.returncode == 0 and "Dữ liệu mẫu đã có sẵn." in result.stdout


def test_demo_accounts_one_per_role_and_a_report_left_to_send(demo_conn):
    from cchc import auth
    from etl.sample.reports import DEMO_ACCOUNTS, DEMO_GAP, add_demo_accounts

    for account in DEMO_ACCOUNTS:
        user = auth.sign_in(demo_conn, account.username, account.password)
        assert (user.role, user.unit_code) == (account.role, account.unit_code)
    assert {a.role for a in DEMO_ACCOUNTS} == set(auth.ROLES)
    kind, period, unit = DEMO_GAP
    assert not db.query_rows(demo_conn, "SELECT 1 FROM submissions WHERE kind = ? AND period = ? AND unit_code = ?",
                             [kind, period, unit])
    # a demo account disabled for production is not brought back by the next `make run`
    auth.set_active(demo_conn, "demo.quantri", False, "cli:root")
    assert [a.username for a in add_demo_accounts(demo_conn)] == ["demo.lanhdao", "demo.yenho"]
    assert not auth.list_users(demo_conn, "cli:root").set_index("username").loc["demo.quantri", "active"]


def test_init_demo_prints_the_demo_accounts(tmp_path, demo_db_template):
    import shutil

    path = tmp_path / "cchc.duckdb"
    shutil.copy(demo_db_template, path)
    result = run_cli("init", "--demo", "--db", path)
    assert result.returncode == 0, result.stderr
    assert "Tài khoản dùng thử" in result.stdout
    assert "demo.yenho / BaoCao@2024" in result.stdout and "đơn vị X18253" in result.stdout


def stop_before_the_last(conn, files: int) -> None:
    """Take the last ``files`` sample files out again, as if `init --demo` had been stopped before them."""
    ids = [r[0] for r in db.query_rows(conn, "SELECT id FROM submissions WHERE is_sample ORDER BY id DESC LIMIT ?",
                                       [files])]
    with db.transaction(conn) as cur:
        for table in ("target_values", "task_progress", "index_scores", "submission_problems"):
            cur.execute("DELETE FROM " + table + " WHERE submission_id = ANY(?)", [ids])
        cur.execute("UPDATE submissions SET superseded_by = NULL WHERE superseded_by = ANY(?)", [ids])
        cur.execute("DELETE FROM submissions WHERE id = ANY(?)", [ids])
        cur.execute("UPDATE sample_data SET completed_at = NULL")


def exports(conn) -> dict:
    """What the sample put in the database, in an order of its own (an export's order leaves ties, e.g. a
    unit's published and reported index score of a year, in the order the rows happen to be stored)."""
    from cchc.store import queries

    def ordered(frame):
        frame = frame.drop(columns="submission_id")
        return frame.sort_values(list(frame.columns), na_position="last", kind="stable").reset_index(drop=True)

    found = {name: ordered(queries.export_table(conn, name)) for name in ("target-values", "task-progress",
                                                                        "index-scores")}
    found["submissions"] = db.query_rows(conn, "SELECT filename, unit_code, period, status, uploaded_at, "
                                               "superseded_by IS NULL FROM submissions ORDER BY id")
    return found


def test_a_stopped_load_resumes_where_it_stopped(demo_db_template, tmp_path):
    import shutil

    from etl.sample.reports import COMPLETE, loaded_files, sample_state

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    conn = db.connect(path)
    try:
        whole = exports(conn)
        stop_before_the_last(conn, 12)        # the four index reports (made here) and tasks files (made by workers)
        report = create_demo(conn, tmp_path / "archive", workers=2)
        assert report.files == 12 and loaded_files(conn) == len(whole["submissions"])
        assert sample_state(conn) == COMPLETE
        again = exports(conn)
        assert again["submissions"] == whole["submissions"]
        assert all(again[name].equals(whole[name]) for name in ("target-values", "task-progress", "index-scores"))
    finally:
        conn.close()


def test_init_demo_in_the_background_leaves_the_load_to_the_app(catalog_db_template, tmp_path):
    import shutil

    from etl.sample.reports import LOADING, loaded_files, sample_state

    path = tmp_path / "cchc.duckdb"
    shutil.copy(catalog_db_template, path)
    result = run_cli("init", "--demo", "--background", "--db", path)
    assert result.returncode == 0, result.stderr
    assert "sẽ được ứng dụng nạp trong nền" in result.stdout and "demo.lanhdao / LanhDao@2024" in result.stdout
    conn = db.connect(path)
    try:
        assert sample_state(conn) == LOADING and loaded_files(conn) == 0
    finally:
        conn.close()


def test_the_plan_is_the_same_every_time_and_survives_a_kill(_demo_build, demo_db_template):
    """The session's sample database was made by `init --demo` killed at a random moment and run again
    (tests/conftest.py), in other processes: the plan made here names the very files that are in, once each,
    in plan order, every file without a clerk's mistake accepted; and `etl check` finds nothing wrong."""
    from cchc.applicability import Catalog
    from cchc.config import archive_dir_for
    from etl.operations.check import check
    from etl.sample.reports import plan_demo

    conn = db.connect(demo_db_template, read_only=True)
    try:
        plan = plan_demo(conn, Catalog(conn))
        sent = db.query_rows(conn, "SELECT filename, status FROM submissions WHERE is_sample ORDER BY id")
        report = check(conn, archive_dir_for(demo_db_template))
    finally:
        conn.close()
    assert [name for name, _ in sent] == [f.name for f in plan.files]
    assert all(status == "accepted" for (_, status), file in zip(sent, plan.files) if not file.mistake)
    assert [f.kind for f in plan.files[-4:]] == ["indices"] * 4
    # the sample 2026 plan's reports come after 2024's, from a generator of their own, one or two mistaken
    years = [f.period[:4] for f in plan.files[:-4]]
    assert years == sorted(years) and years.count("2026") == 355
    assert 1 <= sum(1 for f in plan.files if f.mistake and f.period.startswith("2026")) <= 2
    mistaken = [f for f in plan.files if f.mistake]
    assert mistaken and all(f.kind in ("targets", "tasks") for f in mistaken)
    assert not report.problems, "\n".join(report.lines())
    assert "killed (SIGKILL) at" in _demo_build.log_path.read_text(encoding="utf-8")


def test_the_sample_2026_plan_is_marked_and_fits_the_units_of_2026(demo_db_template):
    """Built from 2024's plan through the plan workbook: flagged, titled as a sample, no district level, lead
    units carried through the 2025 mergers (Sở TT&TT → Sở KH&CN), deadlines in 2026."""
    conn = db.connect(demo_db_template, read_only=True)
    try:
        plans = dict(db.query_rows(conn, "SELECT year, is_sample FROM plans"))
        title = db.query_rows(conn, "SELECT title FROM plans WHERE year = 2026")[0][0]
        levels = dict(db.query_rows(conn, "SELECT level, count(*) FROM targets WHERE plan_year = 2026 GROUP BY 1"))
        ended = {r[0] for r in db.query_rows(conn, "SELECT code FROM units WHERE valid_to <= DATE '2026-01-01'")}
        leads = {r[0] for r in db.query_rows(conn, "SELECT lead_unit_code FROM targets WHERE plan_year = 2026")}
        named = {code for lead, partners in db.query_rows(
            conn, "SELECT lead_unit_codes, partner_unit_codes FROM tasks WHERE plan_year = 2026") for code in lead + partners}
        deadlines = db.query_rows(conn, "SELECT unit_kind, due_date FROM report_deadlines WHERE plan_year = 2026")
        tasks_due = {r[0].year for r in db.query_rows(conn, "SELECT due_date FROM tasks WHERE plan_year = 2026 "
                                                            "AND due_date IS NOT NULL")}
        same = db.query_rows(conn, """SELECT count(*) FROM targets a JOIN targets b ON b.code = a.code
            AND b.level = a.level AND b.plan_year = 2024 WHERE a.plan_year = 2026""")[0][0]
    finally:
        conn.close()
    assert plans == {2024: False, 2026: True} and title.startswith("Kế hoạch mẫu năm 2026")
    assert "district" not in levels and same == sum(levels.values()) == 48     # 2024's 52 less its 4 district rows
    assert "SKHCN" in leads and not leads & ended and not named & ended
    assert all(kind != "district" and due.year >= 2026 for kind, due in deadlines)
    assert tasks_due <= {2025, 2026, 2028}     # "Trước 25/12/2023" → 2025 and "Năm 2024- 2026" → 2028, as 2024's


def test_the_sample_2026_reports_come_from_the_units_of_2026(demo_db_template):
    conn = db.connect(demo_db_template, read_only=True)
    try:
        found = db.query_rows(conn, """SELECT s.period, s.kind, u.kind, u.code LIKE 'X2025-%', count(DISTINCT s.unit_code)
            FROM current_submissions s JOIN units u ON u.code = s.unit_code WHERE s.plan_year = 2026
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3""")
        flags = db.query_rows(conn, "SELECT DISTINCT is_sample FROM submissions WHERE plan_year = 2026")
        rejected = db.query_rows(conn, "SELECT count(*) FROM submissions WHERE plan_year = 2026 AND status = 'rejected'")
    finally:
        conn.close()
    counts = {(period, kind, unit_kind): n for period, kind, unit_kind, new, n in found if unit_kind != "commune" or new}
    assert len(counts) == len(found)                                  # every commune that reports is a 2025 one
    for period in ("2026-Q1", "2026-Q2"):
        assert counts[(period, "targets", "commune")] == counts[(period, "tasks", "commune")] == 69
        assert counts[(period, "targets", "department")] == counts[(period, "tasks", "department")] == 14
        assert counts[(period, "tasks", "central_agency")] == 11
    assert {period for period, *_ in found} == {"2026-Q1", "2026-Q2"}
    assert flags == [(True,)] and rejected[0][0] == 1
