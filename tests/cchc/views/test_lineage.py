"""Values through the lineage: former units found transitively, split units left out, sums checked by hand."""
from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pandas as pd

from cchc.store import db
from cchc.store.units import former_units
from cchc.views.lineage import values_through_lineage

AFTER_REFORM = date(2025, 7, 1)
SUBMISSION_IDS = itertools.count(800000)
VALUE_COLUMNS = ["submission_id", "unit_code", "period", "plan_year", "target_code", "level", "numerator",
                 "denominator", "value"]


# Quý II/2024 of TTHC-3.1 for three of Phường Thành Sen's former units and its split neighbour Phường Đại Nài:
# (unit, period, plan year, target, level, numerator, denominator, value).
THANH_SEN_Q2_2024 = [
    ("X18073", "2024-Q2", 2024, "TTHC-3.1", "commune", 40, 50, 80.0),
    ("X18094", "2024-Q2", 2024, "TTHC-3.1", "commune", 30, 40, 75.0),
    ("X18070", "2024-Q2", 2024, "TTHC-3.1", "commune", 10, 10, 100.0),
    ("X18082", "2024-Q2", 2024, "TTHC-3.1", "commune", 90, 100, 90.0),
]


def report(cur: db.Connection, rows: list[tuple]) -> None:
    """Accepted submissions with one value each: (unit, period, plan year, target, level, numerator, denominator,
    value), as an ingest writes them."""
    submissions, values = [], []
    for unit, period, year, target, level, numerator, denominator, value in rows:
        sid = next(SUBMISSION_IDS)
        submissions.append([sid, f"s{sid}", f"{unit}.xlsx", 1, f"archive/{sid}", "targets", unit, period, year,
                            "accepted", "test"])
        values.append([sid, unit, period, year, target, level, numerator, denominator, value])
    db.insert_rows(cur, "submissions", ["id", "sha256", "filename", "size_bytes", "archive_path", "kind", "unit_code",
                                        "period", "plan_year", "status", "uploaded_by"], submissions)
    db.insert_rows(cur, "target_values", VALUE_COLUMNS, values)


def test_two_merged_units_one_with_a_split_neighbour_checked_by_hand(conn) -> None:
    """Phường Thành Sen (X2025-18073) and Phường Hà Huy Tập (X2025-18652) of 1/7/2025, on TTHC-3.1 (percent)
    in 2024-Q2, with the real units catalog.

    Thành Sen was formed from 9 communes of 30/6/2025; two of them had absorbed a 2023 commune on 1/1/2025
    (Phường Trần Phú X18070 into Phường Thạch Linh X18094; Phường Bắc Hà X18076 into Phường Nguyễn Du X18077).
    Phường Đại Nài (X18082) was split between Thành Sen and Hà Huy Tập: left out of both.
    Reported (numerator/denominator): Nam Hà X18073 40/50, Thạch Linh X18094 30/40, Trần Phú X18070 10/10,
    Đại Nài X18082 90/100; Thạch Đài X18643 5/20, Tân Lâm Hương X18652 15/20.
    By hand: Thành Sen (40 + 30 + 10) / (50 + 40 + 10) = 80 / 100 = 80 %, 3 of 10 former units reported;
    Hà Huy Tập (5 + 15) / (20 + 20) = 20 / 40 = 50 %, 2 of 2. Đại Nài's 90/100 is in neither.
    """
    with db.transaction(conn) as cur:
        report(cur, [
            *THANH_SEN_Q2_2024,
            ("X18643", "2024-Q2", 2024, "TTHC-3.1", "commune", 5, 20, 25.0),
            ("X18652", "2024-Q2", 2024, "TTHC-3.1", "commune", 15, 20, 75.0),
            ("X18073", "2024-Q1", 2024, "TTHC-3.1", "commune", 1, 1, 100.0),   # another quarter: not counted
            ("X2025-18073", "2026-Q1", 2026, "TTHC-3.1", "commune", 7, 10, 70.0),
        ])
    frame = values_through_lineage(conn, 2024, "2024-Q2", "TTHC-3.1", AFTER_REFORM)
    assert len(frame) == 69   # the communes of 1/7/2025 (60 xã, 9 phường): no district, no department
    rows = frame.set_index("code")
    thanh_sen, ha_huy_tap = rows.loc["X2025-18073"], rows.loc["X2025-18652"]
    assert (thanh_sen["numerator"], thanh_sen["denominator"], thanh_sen["value"]) == (80, 100, 80.0)
    assert thanh_sen["combined"] and thanh_sen["reported"] == 3 and thanh_sen["method"] == "ratio"
    assert thanh_sen["sources"] == ["X18070", "X18073", "X18076", "X18077", "X18079", "X18085", "X18091",
                                    "X18094", "X18097", "X18109"]
    assert thanh_sen["excluded"] == ["X18082"]
    assert (ha_huy_tap["numerator"], ha_huy_tap["denominator"], ha_huy_tap["value"]) == (20, 40, 50.0)
    assert ha_huy_tap["sources"] == ["X18643", "X18652"] and ha_huy_tap["excluded"] == ["X18082"]
    assert ha_huy_tap["reported"] == 2
    quiet = rows.loc["X2025-18100"]   # none of its former communes reported
    assert quiet["combined"] and quiet["reported"] == 0 and pd.isna(quiet["value"])

    # Its own period: the new unit's own value, not combined.
    own = values_through_lineage(conn, 2026, "2026-Q1", "TTHC-3.1", AFTER_REFORM).set_index("code").loc["X2025-18073"]
    assert (own["value"], own["combined"], own["sources"], own["reported"]) == (70.0, False, ["X2025-18073"], 1)
    # 2025-Q1: Trần Phú and Bắc Hà no longer exist; their neighbours' reports cover them.
    q1 = former_units(conn, "X2025-18073", date(2025, 3, 31))
    assert "X18070" not in q1.sources and "X18094" in q1.sources and q1.excluded == ("X18082",)


def test_hand_made_lineage(db_path: Path) -> None:
    """A tiny lineage of made-up units on a count measure: A merged into B on 1/1/2025; B, C and half of S formed
    N on 1/7/2025 (S split between N and M); R renamed to R2; D a district dissolved into two. Counts are summed."""
    units = [("TA", None, "2025-01-01"), ("TB", None, "2025-07-01"), ("TC", None, "2025-07-01"),
             ("TS", None, "2025-07-01"), ("TR", None, "2025-07-01"), ("TD", None, "2025-07-01"),
             ("TN", "2025-07-01", None), ("TM", "2025-07-01", None), ("TR2", "2025-07-01", None)]
    lineage = [("TA", "TB", "merged_into", "2025-01-01"), ("TB", "TN", "merged_into", "2025-07-01"),
               ("TC", "TN", "merged_into", "2025-07-01"), ("TS", "TN", "split_between", "2025-07-01"),
               ("TS", "TM", "split_between", "2025-07-01"), ("TR", "TR2", "renamed", "2025-07-01"),
               ("TD", "TN", "dissolved_into", "2025-07-01"), ("TD", "TM", "dissolved_into", "2025-07-01")]
    conn = db.connect(db_path)
    with db.transaction(conn) as cur:
        db.insert_rows(cur, "units", ["code", "name", "kind", "level", "valid_from", "valid_to"],
                       [[code, code, "commune", "commune", start, end] for code, start, end in units])
        db.insert_rows(cur, "unit_lineage", ["old_code", "new_code", "kind", "effective_date", "source", "verified"],
                       [[*row, "test", True] for row in lineage])
        db.insert_rows(cur, "targets", ["plan_year", "code", "level", "area_code", "source", "text", "indicator",
                                        "measure", "direction", "target_value", "reported_by"],
                       [[2024, "T-COUNT", "commune", "TTHC", "test", "Số sáng kiến", "Sáng kiến", "count",
                         "at_least", 1, "each_unit"]])
        report(cur, [(code, "2024-Q4", 2024, "T-COUNT", "commune", None, None, value)
                     for code, value in [("TA", 1), ("TB", 2), ("TC", 4), ("TS", 8), ("TR", 16)]])
    cases = {  # (code, day) -> (sources, excluded)
        ("TN", date(2024, 12, 31)): (("TA", "TB", "TC"), ("TD", "TS")),
        ("TN", date(2025, 6, 30)): (("TB", "TC"), ("TD", "TS")),
        ("TN", date(2025, 9, 30)): (("TN",), ()),
        ("TM", date(2024, 12, 31)): ((), ("TD", "TS")),
        ("TR2", date(2024, 12, 31)): (("TR",), ()),
        ("TB", date(2024, 12, 31)): (("TB",), ()),   # a unit that existed: its own values, not its later gains
    }
    for (code, day), expected in cases.items():
        found = former_units(conn, code, day)
        assert (found.sources, found.excluded) == expected, (code, day)
    rows = values_through_lineage(conn, 2024, "2024-Q4", "T-COUNT", date(2025, 7, 1)).set_index("code")
    assert rows.loc["TN", "value"] == 1 + 2 + 4 and rows.loc["TN", "method"] == "sum"   # S's 8 left out
    assert rows.loc["TR2", "value"] == 16 and rows.loc["TR2", "combined"]
    assert pd.isna(rows.loc["TM", "value"]) and rows.loc["TM", "reported"] == 0
    conn.close()
