"""The map's data: the shipped boundaries match the units of 1 July 2025, values before July 2025 come through the
lineage and say so, statuses follow the app's rules."""
from __future__ import annotations

import pandas as pd

from cchc.metrics import target_status as rules
from cchc.periods import Period
from cchc.store import db
from cchc.store.units import units_valid_on
from cchc.views.unit_map import BOUNDARIES_DAY, CREDIT, boundaries, centres, map_from_values, unit_map
from cchc.views.units import commune_target_choices
from etl.sample.plan_2026 import SAMPLE_YEAR
from tests.cchc.views.test_lineage import report
from tests.etl.plans.year_2026 import db_2026_path, db_2026_template  # noqa: F401 (fixtures)

TARGET = {"code": "TTHC-3.1", "indicator": "Số hóa kết quả", "measure": "percent", "unit_of_measure": "%",
          "direction": "at_least", "target_value": 75.0}


def test_every_boundary_is_a_unit_of_1_july_2025(db_path) -> None:
    conn = db.connect(db_path, read_only=True)
    try:
        units = units_valid_on(conn, BOUNDARIES_DAY, ("commune",))
    finally:
        conn.close()
    ids = [feature["id"] for feature in boundaries()["features"]]
    assert len(ids) == len(set(ids)) == 69
    assert set(ids) == set(units["code"])
    assert all(code.startswith("X2025-") for code in ids)
    names = dict(zip(units["code"], units["name"]))
    assert all(names[f["id"]] == f["properties"]["name"] for f in boundaries()["features"])
    # each unit's status mark sits inside the province's extent
    assert all(105.0 < lon < 106.7 and 17.8 < lat < 18.9 for lon, lat in centres().values())


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows of values_through_lineage: (code, value, combined, sources, reported, excluded)."""
    return pd.DataFrame([{"code": c, "numerator": None, "denominator": None, "value": v, "combined": comb,
                          "sources": s, "reported": r, "excluded": e, "method": "ratio", "is_sample": False}
                         for c, v, comb, s, r, e in rows])


def test_statuses_details_and_the_note_from_hand_made_values() -> None:
    names = {"N1": "Phường Mới", "N2": "Xã Mới", "N3": "Xã <Ba>", "O1": "Xã Cũ Một", "O2": "Xã Cũ Hai",
             "O3": "Xã Bị Chia"}
    q1 = _frame([("N1", 70.0, True, ["O1", "O2"], 2, ["O3"]), ("N2", None, True, ["O2"], 0, []),
                 ("N3", None, True, ["O1"], 0, [])])
    q2 = _frame([("N1", 76.0, True, ["O1", "O2"], 2, ["O3"]), ("N2", 60.0, True, ["O2"], 1, []),
                 ("N3", None, True, ["O1"], 0, [])])
    found = map_from_values(TARGET, names, {1: q1, 2: q2}, Period(2024, 2))
    units = found.units.set_index("code")
    assert list(units["status"]) == [rules.MET, rules.BEHIND, rules.NO_DATA]
    assert list(units["text"]) == ["76%", "60%", "–"]
    assert units.loc["N1", "status_text"] == "● Đạt" and units.loc["N1", "latest_period"] == "Quý II/2024"
    assert "Cộng gộp 2 đơn vị cũ (2 đã báo cáo): Xã Cũ Một, Xã Cũ Hai" in units.loc["N1", "detail"]
    assert "Không tính (bị chia tách): Xã Bị Chia" in units.loc["N1", "detail"]
    assert found.note == ("Số liệu trước 01/07/2025 được cộng gộp từ các đơn vị cũ theo quá trình sáp nhập; "
                          "các xã bị chia tách không được tính.")
    assert found.credit == CREDIT and "sapnhap.bando.com.vn" in CREDIT
    assert found.title == "TTHC-3.1 · Số hóa kết quả · Quý II/2024" and found.value_suffix == "%"
    assert found.counts() == {rules.MET: 1, rules.ON_TRACK: 0, rules.AT_RISK: 0, rules.BEHIND: 1, rules.NO_DATA: 1}
    # a unit's own values (a period after 1 July 2025): no note, no detail
    own = map_from_values(TARGET, names, {1: _frame([("N1", 80.0, False, ["N1"], 1, [])])}, Period(2026, 1))
    assert own.note is None and own.units["detail"].tolist() == [""] and own.units["status"].tolist() == [rules.MET]


def test_a_2024_map_adds_up_the_former_units(db_path) -> None:
    """Thành Sen and Hà Huy Tập as worked out by hand in tests/cchc/views/test_lineage.py: 80 % and 50 %."""
    conn = db.connect(db_path)
    try:
        with db.transaction(conn) as cur:
            report(cur, [(unit, "2024-Q2", 2024, "TTHC-3.1", "all", n, d, n / d * 100) for unit, n, d in
                         [("X18073", 40, 50), ("X18094", 30, 40), ("X18070", 10, 10), ("X18082", 90, 100),
                          ("X18643", 5, 20), ("X18652", 15, 20)]])
        found = unit_map(conn, 2024, Period(2024, 2), "TTHC-3.1")
    finally:
        conn.close()
    units = found.units.set_index("code")
    assert len(units) == 69 and units["combined"].all() and found.note
    assert units.loc["X2025-18073", "text"] == "80%" and units.loc["X2025-18073", "status"] == rules.MET
    assert units.loc["X2025-18652", "text"] == "50%" and units.loc["X2025-18652", "status"] == rules.BEHIND
    assert "Phường Đại Nài" in units.loc["X2025-18073", "detail"]
    assert (units.drop(["X2025-18073", "X2025-18652"])["status"] == rules.NO_DATA).all()


def test_a_sample_plan_years_map_knows_it(db_2026_path) -> None:
    conn = db.connect(db_2026_path)
    try:
        with db.transaction(conn) as cur:
            cur.execute("UPDATE plans SET is_sample = TRUE WHERE year = ?", [SAMPLE_YEAR])
        target = next(iter(commune_target_choices(conn, SAMPLE_YEAR)))
        sample, real = unit_map(conn, SAMPLE_YEAR, Period(SAMPLE_YEAR, 1), target), \
            unit_map(conn, 2024, Period(2024, 1), "TTHC-3.1")
    finally:
        conn.close()
    assert sample.is_sample_plan and not real.is_sample_plan
