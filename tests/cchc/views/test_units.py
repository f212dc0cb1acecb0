"""The Units page's query layer, checked against values worked out by hand from the sample-data database."""
from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pandas as pd
import pytest

from cchc.applicability import Catalog
from cchc.formatting import as_text
from cchc.periods import Period, report_deadline
from cchc.store import db
from cchc.views import units as views
from tests.cchc.views.test_lineage import THANH_SEN_Q2_2024
from tests.cchc.views.test_lineage import report as add_reports


def _vn(value: float, decimals: int = 1) -> str:
    """Vietnamese number written by hand: 89.46 -> "89,5"; trailing ",0" dropped like format_measure."""
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text.removesuffix("," + "0" * decimals) if decimals else text


def _value(conn, unit: str, target: str, period: str) -> tuple[float, float, float]:
    return db.query_rows(conn, """SELECT numerator, denominator, value FROM current_target_values
                                  WHERE unit_code = ? AND target_code = ? AND period = ?""", [unit, target, period])[0]


@pytest.fixture
def options(demo_conn):
    every = views.unit_options(demo_conn, date(2024, 12, 31))
    return every[every["listed"]].reset_index(drop=True)


def test_options_are_the_four_kinds_with_the_commune_district(options):
    assert set(options["kind"]) == {"department", "central_agency", "district", "commune"}
    assert len(options) == 19 + 11 + 13 + 216
    commune = options[options["code"] == "X18070"].iloc[0]
    assert commune["label"] == "Phường Trần Phú (Thành phố Hà Tĩnh)"
    assert options[options["code"] == "H436"].iloc[0]["label"] == "Thành phố Hà Tĩnh"
    assert list(options["kind"].drop_duplicates()) == ["department", "central_agency", "district", "commune"]


@pytest.mark.parametrize("typed", ["ky anh", "KỲ ANH", "Ky  Anh", unicodedata.normalize("NFD", "Kỳ Anh")])
def test_search_ignores_diacritics_case_and_spacing(options, typed):
    found = views.search_units(options, typed)
    assert list(found["code"][:2]) == ["H447", "H449"]          # the two Kỳ Anh first
    assert set(found["code"][2:].str[0]) == {"X"}               # then communes found through their district
    assert all(p in ("Huyện Kỳ Anh", "Thị xã Kỳ Anh") for p in found["parent_name"][2:])


def test_search_by_short_name_code_and_nothing(options):
    assert views.search_units(options, "so noi vu")["code"].iloc[0] == "SNV"
    assert views.search_units(options, "h436")["code"].tolist() == ["H436"]
    assert views.search_units(options, "tran phu thanh pho")["code"].tolist() == ["X18070"]
    assert views.search_units(options, "   ").equals(options)
    assert views.search_units(options, "zzz khong co").empty


def test_unit_targets_are_its_own_values(demo_conn):
    progress = views.unit_targets(demo_conn, "H436", 2024, 4)
    numerator, denominator, value = _value(demo_conn, "H436", "TTHC-3.1", "2024-Q4")
    row = progress[progress["code"] == "TTHC-3.1"].iloc[0]
    assert row["latest"] == pytest.approx(numerator / denominator * 100)
    assert row["latest"] == pytest.approx(value)
    assert (row["numerator"], row["denominator"]) == (numerator, denominator)
    assert row["target_value"] == 80 and row["level"] == "district"
    assert row["status"] == ("met" if value >= 80 else row["status"])
    table = views.targets_table(progress)
    shown = as_text(table)[table["Mã"] == "TTHC-3.1"].iloc[0]
    assert shown["Mới nhất"] == _vn(numerator / denominator * 100) + "%"
    assert table[table["Mã"] == "TTHC-3.1"].iloc[0]["Mới nhất"].value == pytest.approx(numerator / denominator)
    assert shown["Tử số/Mẫu số"] == f"{_vn(numerator, 0)}/{_vn(denominator, 0)}"
    assert shown["Kế hoạch"] == "≥ 80%"
    # A target reported without numerator and denominator shows a dash there.
    assert table[table["Mã"] == "TTHC-3.6"].iloc[0]["Tử số/Mẫu số"] == "–"


def test_unit_targets_stop_at_the_chosen_quarter(demo_conn):
    progress = views.unit_targets(demo_conn, "H436", 2024, 2)
    row = progress[progress["code"] == "TTHC-3.1"].iloc[0]
    assert row["latest_quarter"] == 2
    assert row["latest"] == pytest.approx(_value(demo_conn, "H436", "TTHC-3.1", "2024-Q2")[2])
    assert pd.isna(row["q3"]) and pd.isna(row["q4"])     # later quarters are not read


def _tasks_by_hand(conn, unit: str, kind: str) -> set[str]:
    groups = [r[0] for r in db.query_rows(conn, """SELECT code FROM unit_groups
                  WHERE ? = ANY(covers_kinds) OR ? = ANY(members)""", [kind, unit])]
    names = [unit, *groups]
    return {r[0] for r in db.query_rows(conn, """SELECT code FROM tasks WHERE plan_year = 2024
              AND (lead_unit_codes && CAST(? AS VARCHAR[]) OR partner_unit_codes && CAST(? AS VARCHAR[]))""", [names, names])}


def test_unit_tasks_with_own_latest_report(demo_conn):
    tasks = views.unit_tasks(demo_conn, "H436", 2024, date(2024, 12, 31))
    assert set(tasks["code"]) == _tasks_by_hand(demo_conn, "H436", "district")
    reports = db.query_df(demo_conn, """SELECT task_code, status, percent_done, evidence FROM current_task_progress
                                        WHERE unit_code = 'H436' AND period = '2024-Q4'""")
    for report in reports.head(10).to_dict("records"):
        row = tasks[tasks["code"] == report["task_code"]].iloc[0]
        assert row["reported_status"] == report["status"]
        assert row["percent_done"] == report["percent_done"]
        assert row["reported_period"] == "2024-Q4"
    table = views.tasks_table(tasks)
    assert len(table) == len(tasks) and "nan" not in table.to_string().lower()


def test_a_task_past_its_date_without_a_report_is_overdue(demo_conn):
    # On 1 February no quarter has ended: nothing is reported, tasks due in 2023 or January are overdue.
    tasks = views.unit_tasks(demo_conn, "SNV", 2024, date(2024, 2, 1))
    due = tasks[(tasks["deadline_kind"] == "fixed") & tasks["due_date"].notna()]
    past = due[[d < date(2024, 2, 1) for d in due["due_date"]]]
    assert len(past) > 0
    assert set(past["state"]) == {"overdue"}
    assert tasks["state"].iloc[0] == "overdue"             # overdue first
    assert tasks["reported_status"].isna().all()
    assert views.tasks_table(tasks)["Tình trạng"].iloc[0] == "⚠ Quá hạn"


def test_submissions_with_status_deadline_and_problems(demo_conn):
    subs = views.unit_submissions(demo_conn, "H436", 2024)
    count = db.query_rows(demo_conn, """SELECT count(*) FROM submissions
                                        WHERE unit_code = 'H436' AND plan_year = 2024""")[0][0]
    assert len(subs) == count
    for row in subs.to_dict("records"):
        deadline = report_deadline(Period(2024, int(row["period"][-1])))
        assert row["late_days"] == max(0, (row["uploaded_at"].date() - deadline).days)
    table = views.submissions_table(subs)
    assert as_text(table)["Thời điểm gửi"].str.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d").all()
    assert all(isinstance(cell.value, datetime) for cell in table["Thời điểm gửi"])    # a date and time in Excel
    assert set(table["Đúng hạn"]) <= {"Đúng hạn"} | {f"Trễ {n} ngày" for n in range(1, 400)}


def test_rejected_and_superseded_files(demo_conn):
    rejected = db.query_rows(demo_conn, """SELECT unit_code, plan_year, id FROM submissions
                                           WHERE status = 'rejected' LIMIT 1""")
    unit, year, sub_id = rejected[0]
    errors, warnings = db.query_rows(demo_conn, """SELECT count(*) FILTER (WHERE severity = 'error'),
        count(*) FILTER (WHERE severity = 'warning') FROM submission_problems WHERE submission_id = ?""", [sub_id])[0]
    subs = views.unit_submissions(demo_conn, unit, year)
    row = subs[subs["id"] == sub_id].iloc[0]
    assert (row["status"], row["errors"], row["warnings"]) == ("rejected", errors, warnings)
    assert errors >= 1
    replaced = db.query_rows(demo_conn, "SELECT unit_code, id FROM submissions WHERE superseded_by IS NOT NULL LIMIT 1")
    unit, sub_id = replaced[0]
    subs = views.unit_submissions(demo_conn, unit, 2024)
    assert subs[subs["id"] == sub_id].iloc[0]["status"] == "superseded"
    table = views.submissions_table(subs)
    assert "Đã được thay thế" in set(table["Tình trạng"])


def test_index_scores_and_latest_rank(demo_conn):
    scores = views.unit_index_scores(demo_conn, "H436")
    assert set(scores["index_code"]) == {"PAR_INDEX_INTERNAL", "DDCI"}
    ddci = scores[scores["index_code"] == "DDCI"].iloc[0]
    assert (ddci["year"], ddci["score"], bool(ddci["is_sample"])) == (2021, 80.26, False)
    rank = views.latest_rank(scores)
    assert rank["year"] == 2024 and rank["text"] == "1/13" and rank["is_sample"] is False   # the published rank
    table = as_text(views.index_table(scores))
    assert {"Công bố", "Dữ liệu mẫu"} <= set(table["Nguồn"])
    assert table[table["Chỉ số"] == "DDCI"].iloc[0]["Điểm"] == "80,26"
    assert table[table["Chỉ số"] == "DDCI"].iloc[0]["Ghi chú"] == "Xếp loại: Rất tốt"
    series = views.index_series(scores, "PAR_INDEX_INTERNAL")
    assert list(series["year"]) == [2021, 2022, 2023, 2024] and series["score"].notna().all()


def test_compare_districts_on_a_target(demo_conn):
    comparison = views.compare_units(demo_conn, "district", "target:TTHC-3.1", 2024, 4)
    values = db.query_df(demo_conn, """SELECT v.unit_code, v.value, u.name FROM current_target_values v
                                       JOIN units u ON u.code = v.unit_code
                                       WHERE u.kind = 'district' AND v.target_code = 'TTHC-3.1' AND v.period = '2024-Q4'
                                       ORDER BY v.value DESC""")
    assert list(comparison.ranked["code"]) == list(values["unit_code"])
    assert comparison.ranked["label"].iloc[0] == values["name"].iloc[0]
    assert comparison.ranked["text"].iloc[0] == _vn(values["value"].iloc[0]) + "%"
    assert list(comparison.ranked["rank"][:3]) == [1, 2, 3]
    assert comparison.reference == 80 and comparison.reference_text == "Kế hoạch 80%"
    assert comparison.is_sample and "Quý IV/2024" in comparison.title
    assert len(comparison.ranked) + len(comparison.missing) == 13


def test_units_that_did_not_report_are_listed(demo_conn):
    with db.cursor(demo_conn) as cur:
        cur.execute("""DELETE FROM target_values WHERE unit_code = 'H441' AND period = '2024-Q4'""")
    comparison = views.compare_units(demo_conn, "district", "target:TTHC-3.1", 2024, 4)
    assert "H441" not in set(comparison.ranked["code"])
    assert "Huyện Vũ Quang" in comparison.missing


def test_compare_on_an_index_and_communes_of_a_district(demo_conn):
    comparison = views.compare_units(demo_conn, "district", "index:DDCI:2021", 2024, 4)
    best = db.query_rows(demo_conn, """SELECT unit_code FROM current_index_scores
                                       WHERE index_code = 'DDCI' AND year = 2021 AND component_code = 'TOTAL'
                                       ORDER BY score DESC LIMIT 1""")[0][0]
    assert comparison.ranked["code"].iloc[0] == best and not comparison.is_sample
    communes = views.compare_units(demo_conn, "commune", "target:TTHC-3.1", 2024, 4, parent_code="H436")
    assert len(communes.ranked) + len(communes.missing) == 15


def test_compare_choices(demo_conn):
    district = views.compare_choices(demo_conn, "district", 2024)
    assert district["target:TTHC-3.1"] == "TTHC-3.1 · Số hóa kết quả giải quyết TTHC"
    assert "index:DDCI:2021" in district and "index:PAR_INDEX_INTERNAL:2024" in district
    assert "target:TTHC-3.1" not in views.compare_choices(demo_conn, "central_agency", 2024)


def test_district_communes_latest_value(demo_conn):
    communes = views.district_communes(demo_conn, "H436", "TTHC-3.1", 2024, 4)
    assert len(communes) == 15 and communes["code"].iloc[0] == "X18070"
    row = communes.iloc[0]
    latest = db.query_rows(demo_conn, """SELECT value, period FROM current_target_values WHERE unit_code = 'X18070'
                                         AND target_code = 'TTHC-3.1' ORDER BY period DESC LIMIT 1""")[0]
    assert row["value"] == pytest.approx(latest[0])
    assert row["text"] == _vn(latest[0]) + "%"
    assert row["period"] == {"2024-Q4": "Quý IV/2024", "2024-Q3": "Quý III/2024"}.get(latest[1], row["period"])
    assert views.commune_target_choices(demo_conn, 2024)["TTHC-3.1"].startswith("TTHC-3.1 · ")


def test_unit_report_summary(demo_conn):
    report = views.unit_report(demo_conn, "H436", 2024, 4, date(2024, 12, 31))
    summary = report.summary()
    assert report.profile["name"] == "Thành phố Hà Tĩnh" and report.profile["kind_name"] == "UBND cấp huyện"
    assert summary["targets"] == len(report.targets) == 8
    assert summary["submissions"] == len(report.submissions)
    assert report.is_sample
    assert views.unit_report(demo_conn, "NOPE", 2024, 4, date(2024, 12, 31)) is None
    commune = views.unit_report(demo_conn, "X18070", 2024, 4, date(2024, 12, 31))
    assert commune.profile["parent_name"] == "Thành phố Hà Tĩnh"


def test_the_list_holds_the_units_of_the_periods_last_day(db_path):
    conn = db.connect(db_path)
    try:
        for day, expected in {date(2024, 12, 31): {"department": 19, "district": 13, "commune": 216},
                              date(2026, 3, 31): {"department": 14, "commune": 69}}.items():
            every = views.unit_options(conn, day)
            listed = every[every["listed"]]
            counts = listed[listed["kind"] != "central_agency"]["kind"].value_counts().to_dict()
            assert counts == expected, day
            assert list(every["listed"]) == sorted(every["listed"], reverse=True)   # the listed ones first
        labels = dict(zip(every["code"], every["label"]))
        assert labels["X2025-18073"] == "Phường Thành Sen"      # a commune of 1/7/2025 belongs to the province
        assert labels["X18073"] == "Phường Nam Hà (Thành phố Hà Tĩnh) (đến 30/06/2025)"   # reachable, not listed
        assert views.search_units(listed, "thanh sen")["code"].tolist() == ["X2025-18073"]
    finally:
        conn.close()


def test_a_new_units_earlier_year_is_its_former_units_combined(db_path):
    """Phường Thành Sen in 2024: its former units' TTHC-3.1 of Quý II added up by hand, (40 + 30 + 10) / (50 + 40 +
    10) = 80 %, Phường Đại Nài (split) left out; what the former units became, and a district of 30/6/2025."""
    conn = db.connect(db_path)
    try:
        with db.transaction(conn) as cur:
            add_reports(cur, THANH_SEN_Q2_2024)
            db.insert_rows(cur, "units", ["code", "name", "kind", "level", "parent_code", "valid_to"],
                           [["X99999", "Xã Thử", "commune", "commune", "H436", "2025-07-01"]])
        new = views.unit_report(conn, "X2025-18073", 2024, 4, date(2024, 12, 31))
        row = new.targets[new.targets["code"] == "TTHC-3.1"].iloc[0]
        assert (row["q2"], row["latest"], row["numerator"], row["denominator"]) == (80.0, 80.0, 80, 100)
        assert pd.isna(row["q1"]) and row["status"] == "met"
        [combined] = new.combined
        assert combined.quarters == (1, 2, 3, 4) and combined.excluded == (("X18082", "Phường Đại Nài"),)
        assert [code for code, _ in combined.sources] == ["X18070", "X18073", "X18076", "X18077", "X18079", "X18085",
                                                          "X18091", "X18094", "X18097", "X18109"]
        assert not new.became and [c.kind for c in new.formed_from] == ["merged_into", "split_between"]
        old = views.unit_report(conn, "X18073", 2024, 4, date(2024, 12, 31))
        assert not old.combined and old.targets[old.targets["code"] == "TTHC-3.1"].iloc[0]["q2"] == 80.0   # its own
        assert old.became == [views.UnitChange("merged_into", date(2025, 7, 1), (("X2025-18073", "Phường Thành Sen"),))]
        catalog = Catalog(conn)
        [district] = views.what_became(conn, catalog, "H436")
        assert district.kind == "level_abolished" and district.day == date(2025, 7, 1)
        assert [code for code, _ in district.units] == ["X2025-18073", "X2025-18100", "X2025-18652", "X2025-18685"]
        assert views.what_became(conn, catalog, "X99999") == [views.UnitChange("unknown", date(2025, 7, 1), ())]
        # Xã Trung Lộc: merged on 1/1/2025 into a neighbour the reference does not name (new_code NULL).
        assert views.what_became(conn, catalog, "X18472") == [views.UnitChange("unknown", date(2025, 1, 1), (), False)]
        assert views.what_became(conn, catalog, "X2025-18073") == []
    finally:
        conn.close()


def test_a_unit_out_of_its_period_has_nothing_due(demo_conn):
    """Issue 20: Phường Nam Hà ended on 01/07/2025. For the 2026 sample plan it has no target, no task and so none
    overdue; it belongs to Phường Thành Sen then, and existed all of plan year 2024. In 2024 it has its own."""
    gone = views.unit_report(demo_conn, "X18073", 2026, 4, date(2026, 12, 31))
    assert gone.presence == views.ENDED
    assert gone.targets.empty and gone.tasks.empty
    summary = gone.summary()
    assert (summary["targets"], summary["tasks"], summary["tasks_overdue"]) == (0, 0, 0)
    assert [(s.code, s.split) for s in gone.now] == [("X2025-18073", False)]
    assert gone.active == [views.ActivePeriod(2024, (1, 2, 3, 4), 4, False)]
    then = views.unit_report(demo_conn, "X18073", 2024, 4, date(2024, 12, 31))
    assert then.presence == views.EXISTS and not then.now and not then.active
    assert len(then.targets) > 0 and len(then.tasks) > 0
    # Formed on 01/07/2025: in 2024 its former units' targets, but no task of its own; it exists in 2026.
    new = views.unit_report(demo_conn, "X2025-18073", 2024, 4, date(2024, 12, 31))
    assert new.presence == views.NOT_YET and new.tasks.empty and len(new.targets) > 0
    assert [(a.plan_year, a.quarters, a.is_sample) for a in new.active] == [(2026, (1, 2, 3, 4), True)]
    # A district dissolved on 1/1/2025 (Huyện Lộc Hà): in 2026 no district took it over, the level is gone.
    district = views.unit_report(demo_conn, "H448", 2026, 2, date(2026, 6, 30))
    assert district.presence == views.ENDED and not district.now and district.tasks.empty
