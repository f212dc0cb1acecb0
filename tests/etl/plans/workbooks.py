"""Plan workbooks for the tests: the real template, changed cell by cell as a person would in Excel."""
from __future__ import annotations

from openpyxl import Workbook

from cchc.store import db
from etl.plans import SHEETS
from etl.plans.workbook import plan_workbook_bytes
from tests.conftest import edited_workbook as edited  # noqa: F401  (the plan tests' name for it)


def column(sheet_name: str, key: str) -> int:
    """The 1-based column of a field on a sheet of the template."""
    return [c.key for c in SHEETS[sheet_name]].index(key) + 1


def put_row(book: Workbook, sheet_name: str, row: int, values: dict[str, object]) -> None:
    """Write ``values`` (field → value) into ``row`` of a sheet."""
    for key, value in values.items():
        # why: sheet.cell(value=None) leaves the old value; an emptied cell must be assigned
        book[sheet_name].cell(row=row, column=column(sheet_name, key)).value = value


def row_of(book: Workbook, sheet_name: str, **match: object) -> int:
    """The row whose fields equal ``match`` (codes as shown in the workbook)."""
    sheet = book[sheet_name]
    for row in range(2, sheet.max_row + 1):
        if all(sheet.cell(row=row, column=column(sheet_name, k)).value == v for k, v in match.items()):
            return row
    raise LookupError(match)


def exported(conn: db.Connection, year: int = 2024) -> bytes:
    """The year's plan as the plan workbook."""
    return plan_workbook_bytes(conn, year, from_year=year)
