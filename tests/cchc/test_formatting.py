from datetime import date

import pytest

from cchc.formatting import (
    format_date,
    format_index_score,
    format_number,
    format_percent,
    format_period,
    format_rank,
    format_signed,
)


@pytest.mark.parametrize("value, decimals, expected", [
    (1234.5, 1, "1.234,5"), (1234567, 0, "1.234.567"), (0.5, 2, "0,50"), (-1234.5, 1, "-1.234,5"), (None, 0, "–"),
    (float("nan"), 1, "–"),
])
def test_numbers_use_vietnamese_separators(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_percent_date_period_rank():
    assert format_percent(85.5) == "85,5%"
    assert format_date(date(2026, 11, 26)) == "26/11/2026"
    assert format_period("2024-Q2") == "Quý II/2024"
    assert format_period("2024") == "Năm 2024"
    assert format_rank(15, 63) == "15/63"
    assert format_signed(1.37) == "+1,37" and format_signed(-3.8) == "−3,80"


@pytest.mark.parametrize("score, unit, scale, expected", [
    (89.72, "%", 100, "89,72%"), (44.3138, "điểm", 80, "44,31/80"), (67.18, "điểm", 100, "67,18"),
    (0.6961, "0-1", 1, "0,6961"), (90.0, "%", 100, "90%"),
])
def test_index_scores_read_as_published(score, unit, scale, expected):
    assert format_index_score(score, unit, scale) == expected
