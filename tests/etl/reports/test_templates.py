"""Submission templates: what a clerk sees when opening the generated workbook."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from cchc import applicability, auth, look
from cchc.store import db
from cchc.store.units import units_valid_on
from etl.cli import main
from etl.reports import layout
from etl.reports.ingest import ingest_bytes
from etl.reports.templates import (
    INDEX_EXTRA_ROWS,
    NothingToReportError,
    TemplateError,
    build_template,
    template_for,
    template_name,
    template_units,
    write_all_templates,
    write_template,
)
from tests.etl.plans.year_2026 import db_2026_path, db_2026_template  # noqa: F401 (fixtures)


def _open(conn, tmp_path: Path, kind: str, unit: str, period: str):
    path = write_template(conn, kind, unit, period, tmp_path / f"{kind}_{unit}.xlsx")
    assert path.exists()
    return openpyxl.load_workbook(path)


def _header_row(ws, kind: str) -> int:
    headers = [c.header for c in layout.COLUMNS[kind]]
    for row in ws.iter_rows(min_row=1, max_row=30):
        if [cell.value for cell in row[:len(headers)]] == headers:
            return row[0].row
    raise AssertionError("header row not found")


def _meta(ws) -> dict[str, object]:
    """Label -> value of the labelled cells above the table (label in B, value in C)."""
    first_data_row = _header_row(ws, ws.cell(row=next(
        r for r in range(1, 20) if ws.cell(row=r, column=2).value == "Mã mẫu báo cáo"), column=3).value) + 1
    return {ws.cell(row=r, column=2).value: ws.cell(row=r, column=3).value for r in range(1, first_data_row - 1)
            if ws.cell(row=r, column=2).value}


def _table(ws, kind: str) -> tuple[int, dict[str, int], list[dict]]:
    """(header row, column number by key, rows as dicts with the cell objects under '_cells')."""
    header = _header_row(ws, kind)
    cols = {c.key: i + 1 for i, c in enumerate(layout.COLUMNS[kind])}
    code_key = {"targets": "target_code", "tasks": "task_code", "indices": "unit_code"}[kind]
    rows = []
    for r in range(header + 1, ws.max_row + 1):
        if ws.cell(row=r, column=cols[code_key]).value is None:
            continue
        record = {key: ws.cell(row=r, column=c).value for key, c in cols.items()}
        record["_cells"] = {key: ws.cell(row=r, column=c) for key, c in cols.items()}
        rows.append(record)
    return header, cols, rows


def _validations_of(ws, coordinate: str):
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


# --- report sheet: identity, headers, rows -------------------------------------------------------

def test_district_targets_template(conn, tmp_path):
    wb = _open(conn, tmp_path, "targets", "H436", "2024-Q2")
    assert wb.sheetnames[0] == layout.REPORT_SHEET
    ws = wb[layout.REPORT_SHEET]
    assert ws["A1"].value == "BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM 2024"
    assert ws["A1"].font.b
    assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
    assert ws["A2"].value == "Quý II/2024 — số liệu lũy kế từ 01/01/2024 đến 30/06/2024"
    assert _meta(ws) == {"Mã đơn vị": "H436", "Tên đơn vị": "Thành phố Hà Tĩnh",
                         "Kỳ báo cáo": "Quý II/2024", "Mã mẫu báo cáo": "targets"}

    header, _, rows = _table(ws, "targets")
    assert [c.value for c in ws[header]][:len(layout.COLUMNS["targets"])] == \
        [c.header for c in layout.COLUMNS["targets"]]
    targets = {r["target_code"]: r for r in rows}
    assert targets["TTHC-3.1"]["target_value"] == 80
    assert targets["CQS-7.4"]["target_value"] == 90
    assert targets["TTHC-3.1"]["unit_of_measure"] == "%"
    assert "Số hóa kết quả giải quyết TTHC" in targets["TTHC-3.1"]["text"]
    # lead targets of the province (Sở Nội vụ, Sở Tài chính…) are not the district's
    assert not {code for code in targets if code.startswith(("CDDH-", "TCBM-", "TCC-", "THECHE-"))}
    assert [r["row_no"] for r in rows] == list(range(1, len(rows) + 1))
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws[f"A{header}"].font.b and ws[f"A{header}"].alignment.wrap_text


def test_commune_target_is_the_commune_level_value(conn, tmp_path):
    ws = _open(conn, tmp_path, "targets", "X18070", "2024-Q1")[layout.REPORT_SHEET]
    _, _, rows = _table(ws, "targets")
    targets = {r["target_code"]: r["target_value"] for r in rows}
    assert targets["TTHC-3.1"] == 75
    assert targets["CQS-7.4"] == 60
    assert "CONGVU-5.2" in targets and "CONGVU-5.1" not in targets


def test_snv_lists_the_targets_it_leads(conn, tmp_path):
    ws = _open(conn, tmp_path, "targets", "SNV", "2024-Q4")[layout.REPORT_SHEET]
    assert ws["A2"].value.startswith("Quý IV/2024")
    _, _, rows = _table(ws, "targets")
    targets = {r["target_code"]: r for r in rows}
    assert targets["TCBM-4.2a"]["target_value"] == 28
    assert targets["TCBM-4.2a"]["unit_of_measure"] == "biên chế"
    assert {"CDDH-1.1", "CDDH-1.2", "TCBM-4.1", "TTHC-3.1"} <= set(targets)
    assert targets["TTHC-3.1"]["target_value"] == 90      # province level

    # a count target has no numerator/denominator: grey, locked, marked "—"
    no_ratio = targets["TCBM-4.2a"]["_cells"]
    assert no_ratio["numerator"].value == "—" and no_ratio["numerator"].protection.locked
    assert no_ratio["denominator"].value == "—" and no_ratio["denominator"].protection.locked
    # a ratio target tells the clerk what to count
    ratio = targets["CDDH-1.1"]["_cells"]
    assert ratio["numerator"].value is None and not ratio["numerator"].protection.locked
    assert "Số cơ quan, đơn vị, địa phương đã ban hành kế hoạch CCHC" in ratio["numerator"].comment.text
    assert "Tổng số cơ quan, đơn vị, địa phương" in ratio["denominator"].comment.text


def test_commune_tasks_are_those_communes_lead_or_partner(conn, tmp_path):
    ws = _open(conn, tmp_path, "tasks", "X18070", "2024-Q2")[layout.REPORT_SHEET]
    assert ws["A1"].value == "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ NĂM 2024"
    assert _meta(ws)["Mã mẫu báo cáo"] == "tasks"
    header, _, rows = _table(ws, "tasks")
    assert [c.value for c in ws[header]][:len(layout.COLUMNS["tasks"])] == [c.header for c in layout.COLUMNS["tasks"]]
    roles = {r["task_code"]: r["role"] for r in rows}
    assert roles["III-3.5"] == "Chủ trì"
    assert roles["III-3.16"] == "Chủ trì"
    assert roles["I-3.15"] == "Phối hợp"
    assert roles["I-3.22"] == "Phối hợp"
    assert "I-3.1" not in roles            # drafting the provincial plan: Sở Nội vụ and the CCHC leads
    assert set(roles.values()) == {"Chủ trì", "Phối hợp"}

    # every listed task names the commune, or a group covering communes, as lead or partner
    names = {"X18070", *applicability.Catalog(conn).groups_of("X18070")}
    plan = {code: set(lead) | set(partner) for code, lead, partner in db.query_rows(
        conn, "SELECT code, lead_unit_codes, partner_unit_codes FROM tasks WHERE plan_year = 2024")}
    assert all(plan[code] & names for code in roles)
    assert len(roles) == sum(1 for units in plan.values() if units & names)

    task = {r["task_code"]: r for r in rows}["III-3.5"]
    assert task["activity"].startswith("3.5.")
    assert task["deadline"] == "Thường xuyên"


# --- validation -----------------------------------------------------------------------------------

@pytest.mark.duckdb_only
def test_status_dropdown_comes_from_the_hidden_lists_sheet(conn, tmp_path):
    wb = _open(conn, tmp_path, "tasks", "H436", "2024-Q2")
    ws = wb[layout.REPORT_SHEET]
    lists = wb[layout.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    _, _, rows = _table(ws, "tasks")
    for row in rows:
        status = row["_cells"]["status"]
        (dv,) = _validations_of(ws, status.coordinate)
        assert dv.type == "list"
        assert layout.LISTS_SHEET in dv.formula1 and "!$A$2:$A$6" in dv.formula1
        assert dv.showErrorMessage and dv.errorTitle and dv.error
    listed = [lists.cell(row=r, column=1).value for r in range(2, 2 + len(layout.TASK_STATUSES))]
    assert listed == list(layout.TASK_STATUSES.values())


@pytest.mark.duckdb_only
def test_percent_and_date_limits_on_task_inputs(conn, tmp_path):
    ws = _open(conn, tmp_path, "tasks", "SNV", "2024-Q3")[layout.REPORT_SHEET]
    _, _, rows = _table(ws, "tasks")
    first, last = rows[0]["_cells"], rows[-1]["_cells"]
    for cells in (first, last):
        (percent,) = _validations_of(ws, cells["percent_done"].coordinate)
        assert (percent.type, percent.operator, percent.formula1, percent.formula2) == ("decimal", "between", "0", "100")
        (when,) = _validations_of(ws, cells["completed_on"].coordinate)
        assert when.type == "date" and when.showErrorMessage
        low, high = (date(1899, 12, 30).toordinal() + int(f) for f in (when.formula1, when.formula2))
        assert (date.fromordinal(low), date.fromordinal(high)) == (date(2023, 1, 1), date(2025, 12, 31))
        assert cells["completed_on"].number_format == "dd/mm/yyyy"


@pytest.mark.duckdb_only
def test_value_cells_have_number_limits(conn, tmp_path):
    ws = _open(conn, tmp_path, "targets", "SNV", "2024-Q2")[layout.REPORT_SHEET]
    _, _, rows = _table(ws, "targets")
    measures = dict(db.query_rows(conn, "SELECT DISTINCT code, measure FROM targets WHERE plan_year = 2024"))
    for row in rows:
        (dv,) = _validations_of(ws, row["_cells"]["value"].coordinate)
        assert dv.type == "decimal" and dv.showErrorMessage and "không" in dv.error.lower()
        if measures[row["target_code"]] == "percent":
            assert (dv.operator, dv.formula1, dv.formula2) == ("between", "0", "100")
        else:
            assert dv.formula1 == "0"
            assert dv.operator == "greaterThanOrEqual" or row["unit_of_measure"] == "%"
        if row["numerator"] is None:               # an input numerator: a number ≥ 0
            (num,) = _validations_of(ws, row["_cells"]["numerator"].coordinate)
            assert (num.type, num.operator, num.formula1) == ("decimal", "greaterThanOrEqual", "0")
    by_code = {r["target_code"]: r for r in rows}
    (reduction,) = _validations_of(ws, by_code["TCBM-4.2a"]["_cells"]["value"].coordinate)
    assert (reduction.operator, reduction.formula1) == ("greaterThanOrEqual", "0")


@pytest.mark.duckdb_only
@pytest.mark.parametrize("kind, unit, period", [("targets", "SNV", "2024-Q2"), ("tasks", "SNV", "2024-Q2"),
                                                ("indices", "SNV", "2024")])
def test_validation_texts_fit_excel_limits(conn, kind, unit, period):
    """Excel refuses (and 'repairs') a file whose validation titles or messages are too long."""
    ws = build_template(conn, kind, unit, period)[layout.REPORT_SHEET]
    assert ws.data_validations.dataValidation
    for dv in ws.data_validations.dataValidation:
        assert len(dv.errorTitle or "") <= 32 and len(dv.promptTitle or "") <= 32
        assert len(dv.error or "") <= 255 and len(dv.prompt or "") <= 255
        assert dv.type != "list" or len(dv.formula1) <= 255


# --- protection and print setup -------------------------------------------------------------------

@pytest.mark.duckdb_only
def test_input_cells_unlocked_labels_locked_sheet_protected(conn, tmp_path):
    ws = _open(conn, tmp_path, "tasks", "H436", "2024-Q2")[layout.REPORT_SHEET]
    assert ws.protection.sheet
    assert not ws.protection.password                # a unit can unprotect if really needed
    assert ws.protection.formatColumns is False and ws.protection.formatRows is False  # allowed
    header, _, rows = _table(ws, "tasks")
    for row in rows:
        for column in layout.COLUMNS["tasks"]:
            assert row["_cells"][column.key].protection.locked is (not column.input), (column.key, row["task_code"])
    for r in range(1, header + 1):
        for c in range(1, len(layout.COLUMNS["tasks"]) + 1):
            assert ws.cell(row=r, column=c).protection.locked     # title, meta labels and values, header


@pytest.mark.duckdb_only
def test_targets_input_columns_unlocked(conn, tmp_path):
    ws = _open(conn, tmp_path, "targets", "H436", "2024-Q2")[layout.REPORT_SHEET]
    _, _, rows = _table(ws, "targets")
    row = {r["target_code"]: r for r in rows}["TTHC-3.1"]["_cells"]
    assert all(not row[k].protection.locked for k in ("numerator", "denominator", "value", "note"))
    assert all(row[k].protection.locked for k in ("row_no", "target_code", "text", "unit_of_measure", "target_value"))
    meta_value = next(ws.cell(row=r, column=3) for r in range(1, 10) if ws.cell(row=r, column=2).value == "Mã đơn vị")
    assert meta_value.protection.locked


@pytest.mark.duckdb_only
def test_print_setup(conn, tmp_path):
    wb = _open(conn, tmp_path, "targets", "H436", "2024-Q2")
    ws = wb[layout.REPORT_SHEET]
    header = _header_row(ws, "targets")
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows.replace("$", "") == f"{header}:{header}"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws.page_margins.left < 0.7
    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(len(layout.COLUMNS["targets"]))]
    assert widths == [c.width for c in layout.COLUMNS["targets"]]


# --- instructions and properties -------------------------------------------------------------------

@pytest.mark.parametrize("kind, unit, period, words", [
    ("targets", "H436", "2024-Q2", ["lũy kế", "85,5", "0,855", "Tử số", "Nộp báo cáo", ".xls", "Mã đơn vị"]),
    ("tasks", "X18070", "2024-Q2", ["dd/mm/yyyy", "Đã hoàn thành", "minh chứng", "Nộp báo cáo", ".xlsm"]),
    ("indices", "SNV", "2024", ["PAR_INDEX_INTERNAL", "TOTAL", "Xếp hạng", "Nộp báo cáo"]),
])
@pytest.mark.duckdb_only
def test_instructions_sheet_in_vietnamese(conn, tmp_path, kind, unit, period, words):
    wb = _open(conn, tmp_path, kind, unit, period)
    assert layout.INSTRUCTIONS_SHEET in wb.sheetnames
    text = "\n".join(str(v) for row in wb[layout.INSTRUCTIONS_SHEET].iter_rows(values_only=True) for v in row if v)
    assert text.startswith("HƯỚNG DẪN")
    for word in words:
        assert word.lower() in text.lower(), word


@pytest.mark.duckdb_only
def test_document_properties(conn, tmp_path):
    wb = _open(conn, tmp_path, "targets", "H436", "2024-Q2")
    assert wb.properties.creator == "CCHC Hà Tĩnh"
    assert "Thành phố Hà Tĩnh" in wb.properties.title
    custom = {p.name: p.value for p in wb.custom_doc_props}
    assert custom == {"cchc_unit_code": "H436", "cchc_period": "2024-Q2", "cchc_kind": "targets"}


# --- indices --------------------------------------------------------------------------------------

def test_indices_template_for_snv(conn, tmp_path):
    ws = _open(conn, tmp_path, "indices", "SNV", "2024")[layout.REPORT_SHEET]
    assert ws["A1"].value == "KẾT QUẢ CHỈ SỐ NĂM 2024"
    assert ws["A2"].value == "Năm 2024"
    assert _meta(ws) == {"Mã đơn vị": "SNV", "Tên đơn vị": "Sở Nội vụ", "Kỳ báo cáo": "Năm 2024",
                         "Mã mẫu báo cáo": "indices"}
    header, cols, rows = _table(ws, "indices")
    expected = {code for (code,) in db.query_rows(
        conn, "SELECT code FROM units WHERE kind IN ('department', 'district')"
              " AND (valid_from IS NULL OR valid_from <= DATE '2024-12-31')"
              " AND (valid_to IS NULL OR valid_to > DATE '2024-01-01')")}
    assert {r["unit_code"] for r in rows} == expected
    assert {"SNV", "H436", "H449"} <= expected
    for row in rows:
        assert (row["index_code"], row["component_code"], row["year"], row["max_score"]) == \
            ("PAR_INDEX_INTERNAL", "TOTAL", 2024, 100)
        assert row["unit_name"] and row["score"] is None and row["rank"] is None and row["rank_of"] is None
        cells = row["_cells"]
        assert all(not cells[k].protection.locked for k in ("index_code", "year", "unit_code", "component_code",
                                                            "score", "max_score", "rank", "rank_of", "note"))
    h436 = {r["unit_code"]: r for r in rows}["H436"]
    assert h436["unit_name"] == "Thành phố Hà Tĩnh"
    # empty input rows for components and other indices
    last = header + len(rows)
    assert ws.max_row == last + INDEX_EXTRA_ROWS
    for r in (last + 1, last + INDEX_EXTRA_ROWS):
        assert ws.cell(row=r, column=cols["unit_code"]).value is None
        assert not ws.cell(row=r, column=cols["score"]).protection.locked
        (score,) = _validations_of(ws, ws.cell(row=r, column=cols["score"]).coordinate)
        assert score.type == "decimal" and score.formula1 == "0"
        (rank,) = _validations_of(ws, ws.cell(row=r, column=cols["rank"]).coordinate)
        assert rank.type == "whole"


# --- refusals -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, unit, period, words", [
    ("targets", "XYZ", "2024-Q2", ["Không tìm thấy đơn vị", "XYZ"]),
    ("targets", "H436", "2024-Q5", ["Kỳ báo cáo", "2024-Q5", "không hợp lệ"]),
    ("targets", "H436", "2024", ["Kỳ báo cáo", "theo quý"]),
    ("tasks", "H436", "abc", ["Kỳ báo cáo", "không hợp lệ"]),
    ("indices", "SNV", "2024-Q2", ["theo năm"]),
    ("indices", "H436", "2024", ["Sở Nội vụ", "H436"]),
    ("budget", "H436", "2024-Q2", ["Không có mẫu báo cáo", "budget"]),
    ("targets", "H436", "2023-Q4", ["Chưa có kế hoạch", "2023"]),
])
@pytest.mark.duckdb_only
def test_refusals_say_why_in_vietnamese(conn, kind, unit, period, words):
    with pytest.raises(TemplateError) as caught:
        build_template(conn, kind, unit, period)
    for word in words:
        assert word in caught.value.message_vi
    assert str(caught.value) == caught.value.message_vi


def test_a_unit_with_nothing_to_report(conn):
    with pytest.raises(NothingToReportError, match="không có chỉ tiêu"):
        build_template(conn, "targets", "CAT", "2024-Q2")        # a central agency: tasks only
    assert build_template(conn, "tasks", "CAT", "2024-Q2")


@pytest.mark.duckdb_only
def test_the_period_may_be_written_in_words(conn):
    ws = build_template(conn, "targets", "H436", "Quý III/2024")[layout.REPORT_SHEET]
    assert _meta(ws)["Kỳ báo cáo"] == "Quý III/2024"


@pytest.mark.duckdb_only
def test_a_folder_as_path_gets_the_standard_file_name(conn, tmp_path):
    assert write_template(conn, "tasks", "h436", "2024-Q2", tmp_path).name == "tasks_2024-Q2_H436.xlsx"
    assert write_template(conn, "indices", "SNV", "2024", tmp_path / "new").name == "indices_2024_SNV.xlsx"


# --- round trip through the reader -------------------------------------------------------------------

def _ingest(conn, tmp_path, workbook, name):
    path = tmp_path / name
    workbook.save(path)
    return ingest_bytes(conn, path.read_bytes(), name, "tester", tmp_path / "archive", today=date(2024, 7, 10))


def _fill_targets(ws) -> int:
    """Every target of a targets template filled with a plausible result; returns the number of rows."""
    _, _, rows = _table(ws, "targets")
    for row in rows:
        cells = row["_cells"]
        if cells["numerator"].value is None:           # ratio target: numerator, denominator and result
            cells["numerator"].value, cells["denominator"].value, cells["value"].value = 170, 200, 85
        else:                                           # the "—" cells stay as the template made them
            cells["value"].value = 95
    return len(rows)


def test_a_filled_template_is_accepted_by_the_reader(conn, tmp_path):
    wb = build_template(conn, "targets", "H436", "2024-Q2")
    ws = wb[layout.REPORT_SHEET]
    rows = range(_fill_targets(ws))
    result = _ingest(conn, tmp_path, wb, "targets_2024-Q2_H436.xlsx")
    assert result.status == "accepted", result.problems
    assert (result.kind, result.unit_code, result.period, result.rows_loaded) == ("targets", "H436", "2024-Q2", len(rows))

    wb = build_template(conn, "tasks", "X18070", "2024-Q2")
    ws = wb[layout.REPORT_SHEET]
    _, cols, rows = _table(ws, "tasks")
    for row in rows:
        cells = row["_cells"]
        cells["status"].value = layout.TASK_STATUSES["done"]
        cells["percent_done"].value = 100
        cells["evidence"].value = "Kế hoạch số 25/KH-UBND ngày 15/01/2024"
        cells["completed_on"].value = date(2024, 3, 15)
    result = _ingest(conn, tmp_path, wb, "tasks_2024-Q2_X18070.xlsx")
    assert result.status == "accepted", result.problems
    assert result.rows_loaded == len(rows)


@pytest.mark.parametrize("written", ["Quý II/2024", "2024-Q2", "Quý 2 năm 2024"])
def test_the_reader_takes_the_period_as_templates_write_it_now_and_did_before(conn, tmp_path, written):
    """Templates write "Quý II/2024"; those downloaded before say "2024-Q2", and are still in circulation."""
    wb = build_template(conn, "targets", "H436", "2024-Q2")
    ws = wb[layout.REPORT_SHEET]
    period_cell = next(ws.cell(row=r, column=3) for r in range(1, 10) if ws.cell(row=r, column=2).value == "Kỳ báo cáo")
    assert period_cell.value == "Quý II/2024"
    period_cell.value = written
    rows = _fill_targets(ws)
    result = _ingest(conn, tmp_path, wb, "targets_2024-Q2_H436.xlsx")
    assert result.status == "accepted", result.problems
    assert (result.period, result.rows_loaded) == ("2024-Q2", rows)


def test_a_filled_indices_template_is_accepted_by_the_reader(conn, tmp_path):
    wb = build_template(conn, "indices", "SNV", "2024")
    ws = wb[layout.REPORT_SHEET]
    _, cols, rows = _table(ws, "indices")
    for rank, row in enumerate(rows, start=1):
        row["_cells"]["score"].value = 90 - rank / 4
        row["_cells"]["rank"].value, row["_cells"]["rank_of"].value = rank, len(rows)
    result = _ingest(conn, tmp_path, wb, "indices_2024_SNV.xlsx")
    assert result.status == "accepted", result.problems
    assert result.rows_loaded == len(rows)


# --- all units --------------------------------------------------------------------------------------

@pytest.mark.duckdb_only
def test_write_all_targets_templates(conn, tmp_path):
    paths = write_all_templates(conn, "targets", "2024-Q2", tmp_path / "out")
    catalog = applicability.Catalog(conn)
    units = catalog.reporting_units("2024-06-30")["code"].tolist()
    with_targets = [u for u in units if not catalog.targets_for_unit(u, 2024).empty]
    assert len(paths) == len(with_targets) > 200
    assert {p.name for p in paths} == {f"targets_2024-Q2_{u}.xlsx" for u in with_targets}
    assert "targets_2024-Q2_CAT.xlsx" not in {p.name for p in paths}
    ws = openpyxl.load_workbook(tmp_path / "out" / "targets_2024-Q2_X18070.xlsx")[layout.REPORT_SHEET]
    assert _meta(ws)["Mã đơn vị"] == "X18070"


@pytest.mark.duckdb_only
def test_write_all_indices_is_only_snv(conn, tmp_path):
    paths = write_all_templates(conn, "indices", "2024", tmp_path)
    assert [p.name for p in paths] == ["indices_2024_SNV.xlsx"]


@pytest.mark.duckdb_only
def test_write_all_refuses_a_bad_period(conn, tmp_path):
    with pytest.raises(TemplateError):
        write_all_templates(conn, "tasks", "2024", tmp_path)


def test_template_for_a_signed_in_user(conn):
    name, data = template_for(conn, auth.User("dv", auth.REPORTER, "H436", None), "targets", "H436", "2024-Q2")
    assert name == "targets_2024-Q2_H436.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(data))[layout.REPORT_SHEET]
    assert "H436" in [cell.value for row in sheet.iter_rows(max_row=10) for cell in row]
    with pytest.raises(auth.PermissionDenied):
        template_for(conn, auth.User("dv", auth.REPORTER, "H436", None), "targets", "H437", "2024-Q2")
    with pytest.raises(auth.PermissionDenied):
        template_for(conn, auth.User("lanhdao", auth.VIEWER, None, None), "targets", "H436", "2024-Q2")


# --- the units of the period ------------------------------------------------------------------------

def test_a_2026_quarter_has_the_templates_of_the_units_of_2026(db_2026_path, tmp_path, capsys):
    conn = db.connect(db_2026_path, read_only=True)
    try:
        kinds = dict(units_valid_on(conn, date(2026, 3, 31))[["code", "kind"]].values.tolist())
        for kind in ("targets", "tasks"):
            codes = template_units(conn, kind, "2026-Q1")
            assert set(codes) <= set(kinds), kind             # no district, no 2023 commune, no merged department
            communes = [code for code in codes if kinds[code] == "commune"]
            assert len(communes) == 69 and all(code.startswith("X2025-") for code in communes), kind
            assert "district" not in {kinds[code] for code in codes}
        assert sum(kinds[code] == "department" for code in template_units(conn, "targets", "2026-Q1")) == 14
        ws = build_template(conn, "targets", "X2025-18073", "2026-Q1")[layout.REPORT_SHEET]
        assert (_meta(ws)["Mã đơn vị"], _meta(ws)["Tên đơn vị"]) == ("X2025-18073", "Phường Thành Sen")
        refusals = {}
        for unit, period in (("X18073", "2026-Q1"), ("STTTT", "2026-Q2"), ("X2025-18073", "2024-Q2")):
            with pytest.raises(TemplateError) as refused:
                build_template(conn, "targets", unit, period)
            refusals[unit] = refused.value.message_vi
    finally:
        conn.close()
    assert refusals == {
        "X18073": "Phường Nam Hà (X18073) không có trong kỳ báo cáo Quý I/2026: đơn vị này không còn từ 01/07/2025, "
                  "nay thuộc Phường Thành Sen (X2025-18073).",
        "STTTT": "Sở Thông tin và Truyền thông (STTTT) không có trong kỳ báo cáo Quý II/2026: đơn vị này không còn từ "
                 "01/03/2025, nay thuộc Sở Khoa học và Công nghệ (SKHCN).",
        "X2025-18073": "Phường Thành Sen (X2025-18073) không có trong kỳ báo cáo Quý II/2024: đơn vị này chỉ có từ "
                       "ngày 01/07/2025.",
    }
    # the command line says the same (in this process: a new one would only add its start-up time)
    assert main(["template", "targets", "--unit", "x18073", "--period", "2026-Q1", "-o", str(tmp_path),
                 "--db", str(db_2026_path)]) == 1
    assert f"Lỗi: {refusals['X18073']}" in capsys.readouterr().err


# --- a sample plan year -----------------------------------------------------------------------------

@pytest.mark.parametrize("sample", [True, False])
def test_a_sample_plan_years_template_says_so_and_is_still_read(db_2026_path, tmp_path, sample):
    """The title and a cell of its own say "Kế hoạch mẫu", the file name starts with MAU_; the reader ignores the
    mark. A real 2026 plan's template has none of it, and the same layout."""
    conn = db.connect(db_2026_path)
    try:
        conn.execute("UPDATE plans SET is_sample = ? WHERE year = 2026", [sample])
        user = auth.User("dv", auth.REPORTER, "X2025-18073", None)
        name, data = template_for(conn, user, "targets", "X2025-18073", "2026-Q1")
        assert name == ("MAU_" if sample else "") + "targets_2026-Q1_X2025-18073.xlsx"
        assert write_template(conn, "targets", "X2025-18073", "2026-Q1", tmp_path).name == name
        assert template_name(conn, user, "targets", "X2025-18073", "2026-Q1") == name
        wb = openpyxl.load_workbook(io.BytesIO(data))
        ws = wb[layout.REPORT_SHEET]
        title = "BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM 2026"
        assert ws["A1"].value == (f"{title} · KẾ HOẠCH MẪU" if sample else title)
        assert ws["A7"].value == (look.SAMPLE_PLAN_LABEL if sample else None)
        assert ("A7:" in " ".join(str(r) for r in ws.merged_cells.ranges)) == sample
        assert _header_row(ws, "targets") == 8 and ws.freeze_panes == "A9"     # the layout is otherwise the same
        assert _meta(ws) == {"Mã đơn vị": "X2025-18073", "Tên đơn vị": "Phường Thành Sen",
                             "Kỳ báo cáo": "Quý I/2026", "Mã mẫu báo cáo": "targets"}
        assert ("KẾ HOẠCH MẪU" in wb.properties.title) == sample
        rows = _fill_targets(ws)
        filled = io.BytesIO()
        wb.save(filled)
        result = ingest_bytes(conn, filled.getvalue(), name, "tester", tmp_path / "archive", today=date(2026, 4, 10))
    finally:
        conn.close()
    assert result.status == "accepted", result.problems
    assert (result.unit_code, result.period, result.rows_loaded) == ("X2025-18073", "2026-Q1", rows)
