"""Every export table of the sample database, in both formats: missing values are empty cells, never a word
like <NA> or nan, and nothing stops the writer. (That both backends give the same export tables is shown by
`etl copy`'s comparison in tests/etl/operations/test_copy.py.) Text that a spreadsheet would take for a formula stays
text in both formats."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from cchc.store import db, exports, queries
from cchc.text import starts_formula
from tests import hostile_text as hostile


@pytest.fixture(scope="module")
def sample(demo_db_template):
    connection = db.connect(demo_db_template, read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("table", sorted(queries.EXPORTS))
def test_every_export_writes_missing_values_as_empty_cells(sample, table):
    frame = queries.export_table(sample, table)
    assert len(frame)
    # the rows with a missing value, and as many others (a long table's 24,000 rows add nothing but time)
    gapped = frame.isna().any(axis=1)
    frame = pd.concat([frame[gapped].head(2000), frame[~gapped].head(2000)]).reset_index(drop=True)
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


def test_text_that_would_be_a_formula_stays_text(db_path, tmp_path):
    """A unit's notes and evidence beginning with =, +, - or @, its file's name with HTML and a note of
    100,000 characters, exported in both formats: CSV cells get the apostrophe, Excel cells are text with
    Excel's quote prefix (cut to Excel's 32,767 characters), never formulas."""
    conn = db.connect(db_path)
    try:
        hostile.fill(conn, tmp_path / "archive")
        frames = {name: queries.export_table(conn, name) for name in ("task-progress", "submissions", "units")}
    finally:
        conn.close()
    typed = {"evidence": {hostile.SCRIPT, *hostile.FORMULAS[::2]},
             "note": {hostile.LONG, hostile.FORMULAS[1], hostile.FORMULAS[3]}, "filename": {hostile.FILE_NAME},
             "name": {hostile.UNIT_NAME}}
    for name, frame in frames.items():
        out = io.StringIO()
        exports.write_csv(frame, out)
        header, *rows = list(csv.reader(io.StringIO(out.getvalue())))
        sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(frame, name))).active
        cells = list(sheet.iter_rows(min_row=2))
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"], name
        for column, texts in typed.items():
            if column not in header:
                continue
            m = header.index(column)
            in_csv, in_excel = {row[m] for row in rows}, {row[m].value: row[m] for row in cells}
            for text in texts:
                assert ("'" + text if starts_formula(text) else text) in in_csv, (name, column, text[:40])
                shown = text if len(text) <= exports.EXCEL_MAX_TEXT else text[:exports.EXCEL_MAX_TEXT - 1] + "…"
                assert in_excel[shown].data_type == "s" and in_excel[shown].quotePrefix == starts_formula(text)


def test_negative_numbers_stay_numbers_and_formula_text_stays_text():
    """Only text is guarded; a control character, which Excel cannot hold, is replaced there."""
    frame = pd.DataFrame({"n": [-2.5, 3], "i": pd.array([-2, None], dtype="Int64"), "s": ["-2+3", "=1+1"],
                          "t": ["a\x01b", None]})
    out = io.StringIO()
    exports.write_csv(frame, out)
    assert out.getvalue().splitlines()[1:] == ["-2.5,-2,'-2+3,a\x01b", "3.0,,'=1+1,"]
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(frame))).active
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in sheet[2]] == \
        [(-2.5, "n", False), (-2, "n", False), ("-2+3", "s", True), ("a\ufffdb", "s", False)]
    assert [(c.value, c.data_type) for c in sheet[3]][2] == ("=1+1", "s")


def test_typed_cells_and_a_samples_label_row():
    import io
    from datetime import date

    import pandas as pd
    from openpyxl import load_workbook

    from cchc.formatting import date_cell, measure_cell
    from cchc.look import SAMPLE_PLAN_LABEL
    from cchc.store.exports import xlsx_bytes

    frame = pd.DataFrame({"Mới nhất": [measure_cell(79.7, "percent", "%")], "Hạn": [date_cell(date(2026, 6, 30))]})
    sheet = load_workbook(io.BytesIO(xlsx_bytes(frame, "Chỉ tiêu", SAMPLE_PLAN_LABEL))).active
    assert sheet["A1"].value == SAMPLE_PLAN_LABEL
    assert [c.value for c in sheet[2]] == ["Mới nhất", "Hạn"]
    assert sheet["A3"].value == 0.797 and sheet["A3"].number_format == "#,##0.0%"
    assert sheet["B3"].value.date() == date(2026, 6, 30) and sheet["B3"].number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:B3"
