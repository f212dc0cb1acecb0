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


def test_a_table_cell_reads_as_the_page_and_keeps_its_value():
    from datetime import date

    import pandas as pd

    from cchc.formatting import (
        as_text,
        date_cell,
        index_score_cell,
        measure_cell,
        percent_cell,
        score_cell,
        signed_cell,
    )

    share = measure_cell(79.7, "percent", "%")
    assert (share.text, share.value, share.excel_format) == ("79,7%", 0.797, "#,##0.0%")
    target = measure_cell(80, "percent", "%", "≥ ")
    assert (target.text, target.value, target.excel_format) == ("≥ 80%", 0.8, '"≥ "#,##0%')
    count = measure_cell(3, "count", "sáng kiến")
    assert (count.text, count.value, count.excel_format) == ("3 sáng kiến", 3.0, '#,##0" sáng kiến"')
    assert signed_cell(-1.5, 1).text == "−1,5" and signed_cell(-1.5, 1).value == -1.5
    assert date_cell(date(2026, 11, 26)).text == "26/11/2026" and date_cell(date(2026, 11, 26)).excel_format == "dd/mm/yyyy"
    assert index_score_cell(89.72, "%", 100).value == 0.8972 and index_score_cell(44.31, None, 80).text == "44,31/80"
    assert score_cell(91.5, "/100").text == "91,5/100" and percent_cell(None).value is None
    assert as_text(pd.DataFrame({"a": [share, "x"]}))["a"].tolist() == ["79,7%", "x"]
