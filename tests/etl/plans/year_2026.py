"""A 2026 plan for the tests, made as an office would: the plan workbook pre-filled from 2024's structure, the
district-level targets taken out (no district exists in 2026) and the leads of ended departments given to the
department that took them over, then imported. The database holds no sample data: only the catalogs and the
2024 and 2026 plans. Import the fixtures (``db_2026_template``, ``db_2026_path``) into a test module to use them."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from cchc.store import db
from cchc.unit_validity import successors_on
from etl.plans import TARGETS_SHEET
from etl.plans.loader import import_plan
from etl.plans.reader import read_plan
from etl.plans.workbook import plan_workbook_bytes
from tests.etl.plans.workbooks import column, edited

YEAR = 2026
DAY = date(YEAR, 12, 31)


def plan_2026_bytes(conn: db.Connection) -> bytes:
    """2024's plan carried to 2026, changed so that it names only units and levels of 2026."""
    valid = {code for (code,) in db.query_rows(
        conn, "SELECT code FROM units WHERE valid_to IS NULL OR valid_to > CAST(? AS DATE)", [DAY.isoformat()])}

    def edit(book) -> None:
        sheet = book[TARGETS_SHEET]
        level, lead = column(TARGETS_SHEET, "level"), column(TARGETS_SHEET, "lead_unit_code")
        for row in range(sheet.max_row, 1, -1):      # from the bottom: deleting keeps the rows above in place
            if sheet.cell(row=row, column=level).value == "Cấp huyện":
                sheet.delete_rows(row)
                continue
            code = sheet.cell(row=row, column=lead).value
            if code and code not in valid:
                sheet.cell(row=row, column=lead).value = successors_on(conn, code, DAY)[0].code

    return edited(plan_workbook_bytes(conn, YEAR, from_year=2024), edit)


@pytest.fixture(scope="session")
def db_2026_template(catalog_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The initialised catalogs with the 2026 plan imported, once per session (copy it before changing it)."""
    path = tmp_path_factory.mktemp("plan_2026") / "cchc.duckdb"
    shutil.copy(catalog_db_template, path)
    conn = db.connect(path)
    try:
        import_plan(conn, read_plan(conn, plan_2026_bytes(conn), year=YEAR), "test", "plan_2026.xlsx")
    finally:
        conn.close()
    return path


@pytest.fixture
def db_2026_path(db_2026_template: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`db_2026_template`."""
    path = tmp_path / "cchc.duckdb"
    shutil.copy(db_2026_template, path)
    return path
