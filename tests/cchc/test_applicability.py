"""Which targets and tasks concern a unit; the units with something to report, found for all at once."""
import pytest

from cchc.applicability import Catalog


@pytest.fixture(scope="module")
def catalog(sample):
    return Catalog(sample)


@pytest.mark.parametrize("kind", ["targets", "tasks"])
def test_units_reporting_agrees_with_each_units_rows(catalog, kind):
    rows_of = catalog.targets_for_unit if kind == "targets" else catalog.tasks_for_unit
    found = catalog.units_reporting(kind, 2024)
    assert {code for code in catalog.units["code"] if len(rows_of(code, 2024))} == found
    assert catalog.units_reporting(kind, 2030) == frozenset()


def test_reporting_units_are_shared_per_day(catalog):
    assert catalog.reporting_units("2024-12-31") is catalog.reporting_units("2024-12-31")
    later = catalog.reporting_units("2025-07-01")
    # districts and the 2023 communes ended on 1/7/2025; the 69 units of that day replaced them
    assert set(later["kind"]) == {"department", "central_agency", "commune"}
    communes = later.loc[later["kind"] == "commune", "code"]
    assert len(communes) == 69 and communes.str.startswith("X2025-").all()
