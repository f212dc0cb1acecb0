"""The submissions board: each expected report on time, late, rejected or missing; counts; reminder."""
from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd
import pytest

from cchc.applicability import Catalog
from cchc.periods import Period
from cchc.store import db
from cchc.views import board as b
from cchc.views.reporting import expected_reports, missing_reports
from etl.reports.ingest import ingest_bytes
from tests.etl.plans.year_2026 import db_2026_path, db_2026_template  # noqa: F401 (fixtures)
from tests.etl.workbooks import report_rows, xlsx_bytes

Q2, DUE_Q2 = "2024-Q2", date(2024, 7, 15)


def sql_states(conn, period: str, due: date) -> pd.DataFrame:
    """Each expected report's state, computed here in SQL (the expected set comes from the catalog)."""
    expected = expected_reports(Catalog(conn), Period(int(period[:4]), int(period[-1])))
    sent = db.query_df(conn, """
        SELECT unit_code, kind AS report,
               CASE WHEN bool_or(status = 'accepted' AND CAST(uploaded_at AS DATE) <= ?) THEN 'on_time'
                    WHEN bool_or(status = 'accepted') THEN 'late' ELSE 'rejected' END AS state
        FROM submissions WHERE period = ? GROUP BY unit_code, kind""", [due, period])
    states = expected[["unit_code", "report"]].merge(sent, on=["unit_code", "report"], how="left")
    return states.assign(state=states["state"].fillna("missing"))


def worst_per_unit(states: pd.DataFrame) -> dict[str, int]:
    """Units counted by their worse state over their reports (what the page shows for both reports)."""
    order = ["missing", "rejected", "late", "on_time"]
    worst = states.assign(rank=states["state"].map(order.index)).groupby("unit_code")["rank"].min()
    return {state: int((worst == n).sum()) for n, state in enumerate(order)}


@pytest.fixture
def sample_board(demo_conn):
    return b.board(demo_conn, 2024)


def test_sample_q2_counts_match_sql(demo_conn, sample_board):
    expected = sql_states(demo_conn, Q2, DUE_Q2)["state"].value_counts().to_dict()
    counts = b.summary(sample_board).set_index("period").loc[Q2].to_dict()
    assert {s: counts[s] for s in b.STATES if counts[s]} == expected
    assert counts["total"] == len(expected_reports(Catalog(demo_conn), Period(2024, 2)))
    assert counts["on_time"] > 0 and counts["late"] > 0 and counts["missing"] > 0


def test_every_quarter_matches_sql_and_all_states_occur(demo_conn, sample_board):
    for period, due in (("2024-Q1", date(2024, 4, 15)), ("2024-Q3", date(2024, 10, 15)),
                        ("2024-Q4", date(2025, 1, 15))):
        got = sample_board[sample_board["period"] == period].set_index(["unit_code", "report"])["state"]
        want = sql_states(demo_conn, period, due).set_index(["unit_code", "report"])["state"]
        assert got.sort_index().to_dict() == want.sort_index().to_dict()
    assert set(sample_board["state"]) == set(b.STATES)


def test_one_units_board_is_its_rows_of_the_whole_board(demo_conn, sample_board):
    def rows(frame: pd.DataFrame) -> list[dict]:
        return frame.astype(object).where(frame.notna(), None).to_dict("records")

    for unit in ("X18253", "SNV", "H436"):
        assert rows(b.board(demo_conn, 2024, unit_code=unit)) == rows(sample_board[sample_board["unit_code"] == unit])
    assert b.board(demo_conn, 2024, unit_code="NOPE").empty


def test_units_counted_by_their_worse_report(demo_conn, sample_board):
    counts = b.summary(b.unit_states(sample_board)).set_index("period").loc[Q2].to_dict()
    assert {s: counts[s] for s in b.STATES} == {s: worst_per_unit(sql_states(demo_conn, Q2, DUE_Q2)).get(s, 0)
                                                for s in b.STATES}


def test_summary_by_kind_adds_up(sample_board):
    by_kind = b.summary(sample_board, ["period", "kind"])
    by_period = b.summary(sample_board).set_index("period")
    assert (by_kind.groupby("period")[list(b.STATES)].sum() == by_period[list(b.STATES)]).all().all()
    assert set(by_kind["kind"]) == {"department", "central_agency", "district", "commune"}


def test_missing_list_agrees_with_missing_reports(demo_conn, sample_board):
    missing = b.missing_list(sample_board, Q2)
    assert set(missing["unit_code"]) == set(missing_reports(demo_conn, Period(2024, 2))["unit_code"])
    assert list(missing.columns[:4]) == ["unit_code", "name", "kind", "district_name"]
    communes = missing[missing["kind"] == "commune"]
    assert communes["district_name"].notna().all()


def reminder_names(text: str) -> list[str]:
    """The unit names listed in a reminder (bullet lines; communes after their district)."""
    names = []
    for line in text.splitlines():
        if not line.startswith("- "):
            continue
        line = re.sub(r" \([^)]*\)", "", line[2:]).rstrip(".")
        if ": " in line:   # "- Huyện X: Xã A, Xã B."
            line = line.split(": ", 1)[1]
            names += line.split(", ")
        else:
            names.append(line)
    return names


def test_reminder_names_exactly_the_missing_units(sample_board):
    missing = b.missing_list(sample_board, Q2)
    text = b.reminder_text(missing, Q2, DUE_Q2, b.expected_counts(sample_board, Q2))
    assert sorted(reminder_names(text)) == sorted(missing["name"])
    assert "Quý II/2024" in text and "15/07/2024" in text
    assert "Sở, ban, ngành" in text and "UBND cấp xã" in text


def test_reminder_when_everybody_reported():
    text = b.reminder_text(b.missing_list(pd.DataFrame(columns=b.BOARD_COLUMNS), Q2), Q2, DUE_Q2)
    assert text.startswith("Tất cả cơ quan, đơn vị đã gửi") and "Quý II/2024" in text


# --- a crafted database: three districts, one file each ---------------------------------------------

def targets_file(unit: str, name: str, rows: list[dict]) -> bytes:
    return xlsx_bytes(report_rows("targets", unit, Q2, rows, name=name))


GOOD = [{"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500}, {"target_code": "TTHC-3.2b", "value": 72.5}]
BAD = [{"target_code": "TTHC-3.1", "numerator": 600, "denominator": 500}]


@pytest.fixture
def crafted(conn, tmp_path):
    def send(unit: str, name: str, rows: list[dict], at: datetime):
        result = ingest_bytes(conn, targets_file(unit, name, rows), f"{unit}.xlsx", "tester", tmp_path / "archive",
                              today=at.date(), uploaded_at=at)
        return result
    on_time = send("H436", "Thành phố Hà Tĩnh", GOOD, datetime(2024, 7, 15, 16, 30))
    late = send("H437", "Thị xã Hồng Lĩnh", GOOD, datetime(2024, 7, 16, 8, 0))
    rejected = send("H439", "Huyện Hương Sơn", BAD, datetime(2024, 7, 10, 9, 0))
    assert (on_time.status, late.status, rejected.status) == ("accepted", "accepted", "rejected"), rejected.problems
    return conn, {"H436": on_time, "H437": late, "H439": rejected}


def cell(frame, unit, report="targets", period=Q2):
    rows = frame[(frame["unit_code"] == unit) & (frame["report"] == report) & (frame["period"] == period)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_crafted_cells(crafted):
    conn, sent = crafted
    frame = b.board(conn, 2024)
    on_time, late, rejected = cell(frame, "H436"), cell(frame, "H437"), cell(frame, "H439")
    assert (on_time["state"], on_time["submission_id"], on_time["errors"]) == ("on_time", sent["H436"].submission_id, 0)
    assert on_time["uploaded_at"] == pd.Timestamp(2024, 7, 15, 16, 30) and on_time["due_date"] == DUE_Q2
    assert (late["state"], late["submission_id"]) == ("late", sent["H437"].submission_id)
    assert (rejected["state"], rejected["submission_id"], rejected["attempts"]) == (
        "rejected", sent["H439"].submission_id, 1)
    assert rejected["errors"] == sum(p.severity == "error" for p in sent["H439"].problems) >= 1
    assert cell(frame, "H440")["state"] == "missing" and pd.isna(cell(frame, "H440")["submission_id"])
    assert cell(frame, "H436", "tasks")["state"] == "missing"
    others = frame[~frame["unit_code"].isin(["H436", "H437", "H439"]) | (frame["report"] == "tasks")
                   | (frame["period"] != Q2)]
    assert set(others["state"]) == {"missing"} and not frame["is_sample"].any()


def test_a_late_correction_keeps_on_time_and_a_fix_after_rejection_counts(crafted, tmp_path):
    conn, sent = crafted
    fixed = GOOD + [{"target_code": "CQS-7.4", "value": 80}]
    for unit, name, at in (("H436", "Thành phố Hà Tĩnh", datetime(2024, 8, 1, 9, 0)),
                           ("H439", "Huyện Hương Sơn", datetime(2024, 7, 12, 9, 0))):
        result = ingest_bytes(conn, targets_file(unit, name, fixed), "sua.xlsx", "tester", tmp_path / "archive",
                              today=at.date(), uploaded_at=at)
        assert result.status == "accepted", result.problems
    frame = b.board(conn, 2024)
    corrected = cell(frame, "H436")
    assert corrected["state"] == "on_time" and corrected["uploaded_at"] == pd.Timestamp(2024, 7, 15, 16, 30)
    assert corrected["submission_id"] != sent["H436"].submission_id and corrected["attempts"] == 2
    assert cell(frame, "H439")["state"] == "on_time" and cell(frame, "H439")["errors"] == 0


def test_deadline_of_one_kind_wins_and_missing_rows_fall_back(crafted):
    conn, _ = crafted
    with db.transaction(conn) as cur:
        cur.execute("INSERT INTO report_deadlines VALUES (2024, 'targets', '2024-Q2', 'district', DATE '2024-07-20', "
                    "'gia hạn cho cấp huyện')")
        cur.execute("DELETE FROM report_deadlines WHERE report = 'tasks' AND period = '2024-Q3'")
    frame = b.board(conn, 2024)
    assert cell(frame, "H437")["state"] == "on_time" and cell(frame, "H437")["due_date"] == date(2024, 7, 20)
    department = frame[(frame["kind"] == "department") & (frame["period"] == Q2) & (frame["report"] == "targets")]
    assert set(department["due_date"]) == {DUE_Q2}
    assert set(frame.loc[(frame["report"] == "tasks") & (frame["period"] == "2024-Q3"), "due_date"]) == {
        date(2024, 10, 15)}   # the quarter's end plus REPORT_DAYS_AFTER_QUARTER


def test_crafted_missing_list_reminder_and_filters(crafted):
    conn, _ = crafted
    frame = b.filter_units(b.board(conn, 2024), ["district"])
    missing = b.missing_list(frame, Q2, "targets")
    assert "H436" not in set(missing["unit_code"]) and "H437" not in set(missing["unit_code"])
    assert missing.set_index("unit_code").loc["H439", "rejected"] == ("targets",)
    text = b.reminder_text(missing, Q2, DUE_Q2, b.expected_counts(frame[frame["report"] == "targets"], Q2), "targets")
    assert sorted(reminder_names(text)) == sorted(missing["name"])
    assert "Huyện Hương Sơn (báo cáo chỉ tiêu đã nộp nhưng bị từ chối)" in text
    assert "Thành phố Hà Tĩnh" not in text and "Thị xã Hồng Lĩnh" not in text
    table = b.missing_table(missing)
    assert list(table.columns) == ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Huyện, thị xã, thành phố",
                                   "Báo cáo chưa nhận", "Hạn nộp"]
    one_district = b.filter_units(b.board(conn, 2024), (), "H436")
    assert set(one_district["kind"]) == {"district", "commune"} and "H436" in set(one_district["unit_code"])


def test_grid_cells_and_styles(crafted):
    conn, _ = crafted
    frame = b.board(conn, 2024)
    table = b.grid(b.unit_states(frame, "targets"), [p.code for p in b.quarters(2024)]).set_index("Mã đơn vị")
    assert [table.loc[u, "Quý II/2024"] for u in ("H436", "H437", "H439", "H440")] == [
        "✓ Đúng hạn", "⏱ Trễ", "✗ Bị từ chối", "— Chưa nộp"]
    assert b.cell_style("✓ Đúng hạn").startswith("background-color") and b.cell_style("") == ""
    both = b.grid(b.unit_states(frame), [Q2]).set_index("Mã đơn vị")
    assert both.loc["H436", "Quý II/2024"] == "— Chưa nộp"   # its tasks report is missing


# --- the units of the period ------------------------------------------------------------------------

def test_a_2026_board_expects_the_units_of_2026_and_no_district(db_2026_path):
    conn = db.connect(db_2026_path)
    try:
        # the plan reader accepts a deadline for the districts in 2026: the board leaves it out
        conn.execute("INSERT INTO report_deadlines VALUES (2026, 'plan', '2026', 'district', DATE '2026-01-15', NULL)")
        frame, year_2024 = b.board(conn, 2026), b.board(conn, 2024)
        deadline_kinds = set(b.deadlines(conn, 2026)["unit_kind"].dropna())
        kinds_2024 = set(b.deadlines(conn, 2024)["unit_kind"].dropna())
    finally:
        conn.close()
    assert sorted(set(frame["period"])) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    for period, rows in frame.groupby("period"):
        units = rows.drop_duplicates("unit_code")
        communes = units.loc[units["kind"] == "commune", "unit_code"]
        assert len(communes) == 69 and communes.str.startswith("X2025-").all(), period
        assert (units["kind"] == "department").sum() == 14 and "district" not in set(units["kind"]), period
        assert "X18073" not in set(units["unit_code"]) and "X2025-18073" in set(units["unit_code"])
    assert frame["district_code"].isna().all() and not b.has_districts(frame, "2026-Q1")
    assert b.DISTRICT_COLUMN not in b.grid(b.unit_states(frame), ["2026-Q1"]).columns
    assert b.DISTRICT_COLUMN not in b.missing_table(b.missing_list(frame, "2026-Q1"), False).columns
    assert "Huyện" not in b.reminder_text(b.missing_list(frame, "2026-Q1"), "2026-Q1", date(2026, 4, 15))
    assert deadline_kinds == {"department", "central_agency", "commune"}
    # 2024 keeps its districts, and their deadlines
    assert b.has_districts(year_2024, "2024-Q2") and len(b.districts(year_2024)) == 13 and "district" in kinds_2024
    assert b.DISTRICT_COLUMN in b.grid(b.unit_states(year_2024), ["2024-Q2"]).columns


# --- a period whose deadline has not come (issue 20) ----------------------------------------------------

def test_a_report_not_due_by_the_view_date_is_not_due_and_never_missing(db_2026_path):
    """Viewed as of 30/06/2026, with no file yet, the 2026 reports of Q2–Q4 are not due (Q2's deadline is
    15/07/2026): they are "Chưa đến hạn", not "Chưa nộp", and the missing list and reminder leave them out;
    Q1 (due 15/04/2026) is missing. A file received later moves the day the board is judged on."""
    conn = db.connect(db_2026_path)
    try:
        frame = b.board(conn, 2026)
        assert b.received_until(conn) is None
    finally:
        conn.close()
    judged = b.judged_on(frame, date(2026, 6, 30))
    states = {period: set(rows["state"]) for period, rows in judged.groupby("period")}
    assert states == {"2026-Q1": {"missing"}, "2026-Q2": {"not_due"}, "2026-Q3": {"not_due"}, "2026-Q4": {"not_due"}}
    assert b.missing_list(judged, "2026-Q3").empty and len(b.missing_list(judged, "2026-Q1")) == 94
    counts = b.summary(b.unit_states(judged)).set_index("period")
    assert (counts.loc["2026-Q3", "missing"], counts.loc["2026-Q3", "not_due"]) == (0, 94)
    reminder = b.reminder_text(b.missing_list(judged, "2026-Q3"), "2026-Q3", date(2026, 10, 15), not_due=94)
    assert reminder.startswith("Chưa đến hạn nộp báo cáo CCHC Quý III/2026") and "đã gửi" not in reminder
    # the data has files until 04/08/2026: Q2 is due by then, whatever the as-of date says
    later = b.judged_on(frame, date(2026, 6, 30), received=date(2026, 8, 4))
    assert set(later.loc[later["period"] == "2026-Q2", "state"]) == {"missing"}
    assert set(later.loc[later["period"] == "2026-Q3", "state"]) == {"not_due"}
    assert b.CELLS["not_due"] == "◌ Chưa đến hạn" and b.LABELS["not_due"] == "Chưa đến hạn"


def test_a_rejected_file_before_the_deadline_stays_rejected(crafted):
    """Judged before the Q2 deadline, the unit whose file was rejected still has something to fix; units that
    sent nothing are not due yet; on time stays on time."""
    conn, _ = crafted
    judged = b.judged_on(b.board(conn, 2024), date(2024, 7, 12))
    assert cell(judged, "H439")["state"] == "rejected" and cell(judged, "H436")["state"] == "on_time"
    assert cell(judged, "H440")["state"] == "not_due"
    assert cell(judged, "H440", period="2024-Q1")["state"] == "missing"
