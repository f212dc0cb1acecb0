"""The Kế hoạch page's choices: the years a template is offered for, and the plan it starts from (never a
sample plan). Loading and its checks are tested through the page (tests/pages/test_plan.py)."""
from datetime import date

from etl.plans.upload import default_from_year, template_years


def test_template_years_run_from_the_oldest_plan_to_the_year_after_the_newest():
    assert template_years([2024], date(2026, 12, 1)) == [2027, 2026, 2025, 2024]
    assert template_years([2028, 2024], date(2026, 12, 1)) == [2029, 2028, 2027, 2026, 2025, 2024]
    assert template_years([], date(2026, 12, 1)) == [2027, 2026]


def test_a_template_starts_from_the_years_own_plan_or_the_newest_real_one():
    plans = {2026: True, 2025: False, 2024: False}      # year → is a sample plan
    for year, expected in ((2025, 2025), (2024, 2024), (2026, 2025), (2027, 2025)):
        assert default_from_year(year, plans) == expected, year
    assert default_from_year(2027, {2026: True}) is None
