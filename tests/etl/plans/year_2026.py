"""A 2026 plan for the tests, made through `etl/plans` as an office would: the workbook of the sample 2026 plan
(`etl.sample.plan_2026.sample_plan_workbook`: 2024's structure with no district level and the leads of merged
departments carried to their successors), read and imported as a real plan. The database holds the catalogs and
the 2024 and 2026 plans, no reports. Import the fixtures (``db_2026_template``, ``db_2026_path``) into a test
module to use them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cchc.store import db
from etl.plans.loader import import_plan
from etl.plans.reader import read_plan
from etl.sample.plan_2026 import SAMPLE_YEAR, sample_plan_workbook
from tests.conftest import private_copy


@pytest.fixture(scope="session")
def db_2026_template(catalog_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The initialised catalogs with the 2026 plan imported, once per session (copy it before changing it)."""
    path = tmp_path_factory.mktemp("plan_2026") / "cchc.duckdb"
    shutil.copy(catalog_db_template, path)
    conn = db.connect(path)
    try:
        import_plan(conn, read_plan(conn, sample_plan_workbook(conn), year=SAMPLE_YEAR), "test", "plan_2026.xlsx")
    finally:
        conn.close()
    return path


@pytest.fixture
def db_2026_path(db_2026_template: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`db_2026_template`."""
    return private_copy(db_2026_template, tmp_path)
