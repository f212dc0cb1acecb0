"""The 2024 plan catalog against the plan: section II targets, appendix targets, appendix tasks."""
import pytest

from cchc.store import db

# Every quantitative target of section II "Các chỉ tiêu chủ yếu": (code, level, value, measure).
SECTION_II = [
    ("CDDH-1.1", "all", 100, "percent"),
    ("CDDH-1.2", "province", 3, "count"),          # ít nhất 03 sáng kiến
    ("CDDH-1.3a", "province", 35, "percent"),
    ("CDDH-1.3b", "all", 100, "percent"),
    ("THECHE-2.1", "province", 90, "percent"),
    ("THECHE-2.2", "province", 95, "percent"),
    ("THECHE-2.3", "province", 90, "percent"),
    ("TTHC-3.1", "province", 90, "percent"),       # số hóa kết quả giải quyết TTHC 90/80/75
    ("TTHC-3.1", "district", 80, "percent"),
    ("TTHC-3.1", "commune", 75, "percent"),
    ("TTHC-3.2a", "province", 100, "percent"),
    ("TTHC-3.2b", "all", 70, "percent"),
    ("TTHC-3.2c", "all", 90, "percent"),
    ("TTHC-3.3", "all", 70, "percent"),
    ("TTHC-3.4", "province", 100, "percent"),
    ("TTHC-3.5a", "province", 80, "percent"),
    ("TTHC-3.5b", "province", 50, "percent"),      # giao dịch thanh toán trực tuyến 50/45/40
    ("TTHC-3.5b", "district", 45, "percent"),
    ("TTHC-3.5b", "commune", 40, "percent"),
    ("TTHC-3.6", "all", 94, "percent"),
    ("TTHC-3.7", "province", 2, "count"),
    ("TCBM-4.1", "province", 100, "percent"),
    ("TCBM-4.2a", "province", 28, "reduction"),    # giảm 28 biên chế công chức
    ("TCBM-4.2b", "province", 531, "reduction"),   # giảm 531 biên chế viên chức
    ("CONGVU-5.1", "province", 50, "percent"),
    ("CONGVU-5.1", "district", 50, "percent"),
    ("CONGVU-5.2", "commune", 85, "percent"),
    ("TCC-6.1", "province", 2.5, "reduction"),
    ("TCC-6.2", "province", 100, "percent"),
    ("TCC-6.3", "province", 100, "percent"),
    ("TCC-6.4", "province", 2, "count"),
    ("TCC-6.5", "province", 85, "percent"),
    ("CQS-7.1", "province", 100, "percent"),
    ("CQS-7.2", "province", 70, "percent"),
    ("CQS-7.3", "province", 30, "percent"),
    ("CQS-7.4", "province", 100, "percent"),       # hồ sơ công việc trên môi trường mạng 100/90/60
    ("CQS-7.4", "district", 90, "percent"),
    ("CQS-7.4", "commune", 60, "percent"),
]

# Quantitative targets that only the appendix states.
APPENDIX = [
    ("TTHC-PL1.3a", 20, "reduction"), ("TTHC-PL1.3b", 20, "reduction"), ("TTHC-PL1.4", 100, "percent"),
    ("CQS-PLA1.3", 100, "percent"), ("CQS-PLB1.1", 100, "percent"), ("CQS-PLB1.2", 13, "count"),
    ("CQS-PLB1.3a", 27, "percent"), ("CQS-PLB1.3b", 10, "percent"), ("CQS-PLB1.4", 33, "count"),
    ("CQS-PLB1.5", 2, "count"), ("CQS-PLB1.6", 100, "percent"), ("CQS-PLB1.7", 100, "percent"),
    ("CQS-PLB1.8", 25, "percent"), ("CQS-PLB1.9", 30, "percent"),
]

# Activities (3.x) of each appendix section, numbered from 1 in every section and in VII.B.
ACTIVITIES = {"I": 25, "II": 7, "III": 18, "IV": 8, "V": 8, "VI": 6, "VII.A": 12, "VII.B": 9}


@pytest.mark.duckdb_only
def test_every_section_ii_target_value_is_present(conn):
    rows = db.query_rows(conn, "SELECT code, level, target_value, measure FROM targets "
                               "WHERE plan_year = 2024 AND source = 'Mục II' ORDER BY code, level")
    assert sorted(rows) == sorted((c, lvl, float(v), m) for c, lvl, v, m in SECTION_II)


@pytest.mark.duckdb_only
def test_appendix_targets_are_present(conn):
    rows = db.query_rows(conn, "SELECT code, target_value, measure FROM targets "
                               "WHERE plan_year = 2024 AND source = 'Phụ lục' ORDER BY code")
    assert sorted(rows) == sorted((c, float(v), m) for c, v, m in APPENDIX)


def test_targets_are_complete_and_consistent(conn):
    rows = db.query_df(conn, "SELECT * FROM targets WHERE plan_year = 2024")
    assert len(rows) == len(SECTION_II) + len(APPENDIX)
    assert rows["text"].str.len().min() > 40
    ratio = rows["numerator_label"].notna()
    assert (rows.loc[ratio, "measure"] == "percent").all() and rows.loc[ratio, "denominator_label"].notna().all()
    assert set(rows["lead_unit_code"]) <= set(db.query_df(conn, "SELECT code FROM units")["code"])
    assert rows.loc[rows["code"] == "TTHC-3.6", "index_code"].tolist() == ["SIPAS"]
    assert rows.loc[rows["code"] == "TTHC-3.7", "target_value_max"].tolist() == [3.0]


@pytest.mark.duckdb_only
@pytest.mark.parametrize("section, count", ACTIVITIES.items())
def test_every_activity_row_of_each_section(conn, section, count):
    codes = [r[0] for r in db.query_rows(conn, "SELECT code FROM tasks WHERE section = ? ORDER BY sort_order", [section])]
    assert codes == [f"{section}-3.{n}" for n in range(1, count + 1)]


def test_tasks_have_text_units_and_deadlines(conn):
    tasks = db.query_df(conn, "SELECT * FROM tasks WHERE plan_year = 2024")
    assert len(tasks) == sum(ACTIVITIES.values())
    for column in ("objective", "task", "activity", "lead_text", "deadline_text"):
        assert tasks[column].notna().all(), column
    assert tasks["lead_unit_codes"].map(len).min() >= 1
    assert set(tasks["deadline_kind"]) == {"fixed", "recurring", "conditional"}
    fixed = tasks[tasks["deadline_kind"] == "fixed"]
    assert fixed["due_date"].notna().all()
    sample = tasks.set_index("code")
    assert sample.loc["I-3.1", "lead_unit_codes"].tolist() == ["SNV"]
    assert str(sample.loc["I-3.1", "due_date"])[:10] == "2023-12-25"
    assert sample.loc["I-3.4", "lead_unit_codes"].tolist() == ["STTTT"]
    assert str(sample.loc["I-3.17", "due_date"])[:10] == "2024-09-30"       # "Quý II, III/2024"
    assert sample.loc["VII.A-3.2", "deadline_text"] == "Năm 2024- 2026"        # kept as written
    assert str(sample.loc["VII.A-3.2", "due_date"])[:10] == "2026-12-31"


def test_every_lead_unit_resolves_to_a_code(catalog_db_template):
    from cchc.config import DATA_DIR
    from etl.catalogs import plan, units
    from etl.catalogs.unit_names import UnitNames

    unit_frame, groups = units.build_units(DATA_DIR), units.build_groups(DATA_DIR)
    names = UnitNames.from_catalog(DATA_DIR, unit_frame.to_dict("records"), groups.to_dict("records"))
    catalog = plan.build_plan(DATA_DIR, 2024, names, set(unit_frame["code"]))
    assert catalog.problems == []
    known = set(unit_frame["code"]) | set(groups["code"])
    for codes in catalog.tasks["lead_unit_codes"]:
        assert codes and set(codes) <= known
    for codes in catalog.tasks["partner_unit_codes"]:
        assert set(codes) <= known
