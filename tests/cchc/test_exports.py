"""Every export table of the sample database, in both formats: missing values are empty cells, never a word
like <NA> or nan, and nothing stops the writer. (That both backends give the same export tables is shown by
`etl copy`'s comparison in tests/etl/test_copy.py.)"""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from cchc import db, exports, queries


@pytest.fixture(scope="module")
def sample(demo_db_template):
    connection = db.connect(demo_db_template, read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("table", sorted(queries.EXPORTS))
def test_every_export_writes_missing_values_as_empty_cells(sample, table):
    frame = queries.export_table(sample, table)
    assert len(frame)
    missing = frame.isna()

    out = io.StringIO()
    exports.write_csv(frame, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == list(frame.columns) and len(rows) == len(frame) + 1
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(frame, table))).active
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == len(frame)

    gaps = 0
    for n in range(len(frame)):
        for m, column in enumerate(frame.columns):
            if missing.iat[n, m]:
                gaps += 1
                assert rows[n + 1][m] == "" and cells[n][m] is None, (table, column, n)
            else:
                assert rows[n + 1][m] not in ("", "<NA>", "nan", "NaT"), (table, column, n)
    if table in ("submissions", "index-scores", "units"):
        assert gaps          # these tables do have gaps in the sample (rejected files, unranked scores, …)


def test_missing_kinds_of_values_are_empty_in_excel():
    frame = pd.DataFrame({"n": pd.array([1, None], dtype="Int32"), "b": pd.array([True, None], dtype="boolean"),
                          "t": [pd.Timestamp("2024-01-02"), pd.NaT], "f": [1.5, float("nan")], "s": ["x", None]})
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(frame))).active
    assert [c.value for c in sheet[3]] == [None] * 5
    assert sheet["A2"].value == 1 and sheet["B2"].value is True and sheet["D2"].value == 1.5
