"""Target progress on the sample data, checked against values computed by hand from the reports."""
import pytest

from cchc.metrics.projection import project
from cchc.metrics.target_status import status_of as target_status
from cchc.store import db
from cchc.views.target_progress import target_progress


def province_rate(conn, code, level, period):
    return db.query_rows(conn, "SELECT sum(numerator) / sum(denominator) * 100 FROM current_target_values "
                               "WHERE target_code = ? AND level = ? AND period = ?", [code, level, period])[0][0]


def test_district_ratio_target_is_sum_of_numerators_over_denominators(demo_conn):
    progress = target_progress(demo_conn, 2024, 2).set_index(["code", "level"])
    row = progress.loc[("TTHC-3.1", "district")]
    q1, q2 = province_rate(demo_conn, "TTHC-3.1", "district", "2024-Q1"), province_rate(demo_conn, "TTHC-3.1", "district", "2024-Q2")
    assert (row["q1"], row["q2"]) == (pytest.approx(q1), pytest.approx(q2))
    assert pd_isnull(row["q3"]) and row["latest"] == pytest.approx(q2)
    assert row["year_end"] == pytest.approx(min(100, q2 + 2 * (q2 - q1)))   # the line through Q1 and Q2, at Q4
    assert row["status"] == target_status(q2, row["year_end"], 80)
    assert row["method"] == "ratio" and row["expected"] == 13
    mean = db.query_rows(demo_conn, "SELECT avg(value) FROM current_target_values WHERE target_code = 'TTHC-3.1' "
                                    "AND level = 'district' AND period = '2024-Q2'")[0][0]
    assert row["latest"] != pytest.approx(mean)     # not the mean of the districts' percentages


def test_commune_target_lists_the_communes_missing(demo_conn):
    row = target_progress(demo_conn, 2024, 4).set_index(["code", "level"]).loc[("CQS-7.4", "commune")]
    reported = db.query_rows(demo_conn, "SELECT count(DISTINCT unit_code) FROM current_target_values "
                                        "WHERE target_code = 'CQS-7.4' AND period = '2024-Q4' AND level = 'commune'")[0][0]
    assert row["reporting"] == reported and row["expected"] == 216
    assert len(row["missing_units"]) == 216 - reported


def test_lead_unit_count_target(demo_conn):
    row = target_progress(demo_conn, 2024, 4).set_index(["code", "level"]).loc[("CDDH-1.2", "province")]
    values = dict(db.query_rows(demo_conn, "SELECT CAST(right(period, 1) AS INTEGER), value FROM current_target_values "
                                           "WHERE target_code = 'CDDH-1.2'"))
    expected = project(values, 3, "count")
    assert row["year_end"] == expected.year_end
    assert row["status"] == target_status(values[max(values)], expected.year_end, 3)


def test_one_unit_view(demo_conn):
    mine = target_progress(demo_conn, 2024, 4, unit_code="H436").set_index("code")
    numerator, denominator = db.query_rows(demo_conn, "SELECT numerator, denominator FROM current_target_values "
                                                      "WHERE unit_code = 'H436' AND target_code = 'TTHC-3.1' AND period = '2024-Q4'")[0]
    assert mine.loc["TTHC-3.1", "q4"] == pytest.approx(numerator / denominator * 100)
    assert "TCBM-4.2a" not in mine.index


def pd_isnull(value):
    return value is None or value != value
