"""Province-level values from unit rows."""
import pandas as pd
import pytest

from cchc.metrics.aggregation import MEAN, RATIO, SINGLE, SUM, province_value


def frame(rows):
    return pd.DataFrame(rows, columns=["unit_code", "numerator", "denominator", "value"])


def test_ratio_of_sums_not_mean_of_percentages():
    rows = frame([("H436", 9000, 10000, 90.0), ("X1", 100, 200, 50.0)])
    result = province_value(rows, "percent", ["H436", "X1", "X2"])
    assert result.method == RATIO
    assert result.value == pytest.approx(9100 / 10200 * 100)   # 89,2%, not (90 + 50) / 2 = 70%
    assert result.missing == ["X2"] and result.reporting == 2


def test_without_ratios_the_mean_is_used_and_said():
    result = province_value(frame([("A", None, None, 90.0), ("B", None, None, 96.0)]), "percent")
    assert (result.method, result.value) == (MEAN, 93.0)


def test_counts_add_up_and_one_unit_is_itself():
    assert province_value(frame([("A", None, None, 2.0), ("B", None, None, 1.0)]), "count").method == SUM
    single = province_value(frame([("SNV", None, None, 3.0)]), "count", ["SNV"])
    assert (single.method, single.value, single.missing) == (SINGLE, 3.0, [])


def test_nobody_reported():
    result = province_value(frame([]), "percent", ["A", "B"])
    assert result.value is None and result.missing == ["A", "B"]
