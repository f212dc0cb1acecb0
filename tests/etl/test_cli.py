"""`python -m etl` as an operator runs it: real processes, a real database file."""
import csv
import io

import pytest
from openpyxl import load_workbook

from tests.conftest import run_cli


def test_init_creates_then_is_safe_to_rerun(tmp_path):
    path = tmp_path / "fresh.duckdb"
    first = run_cli("init", "--db", path)
    assert first.returncode == 0, first.stderr
    assert "Đã tạo cơ sở dữ liệu" in first.stdout and "targets:2024 52" in first.stdout
    assert first.stderr == ""  # no catalog warnings
    second = run_cli("init", "--db", path)
    assert second.returncode == 0 and "Đã cập nhật" in second.stdout and "migration" not in second.stdout


@pytest.mark.parametrize("table, columns", [
    ("units", ["code", "name", "kind", "level", "parent_code", "valid_from", "valid_to"]),
    ("targets", ["code", "area", "level", "text", "measure", "direction", "target_value", "lead_unit_code"]),
    ("tasks", ["code", "area", "objective", "task", "activity", "deliverable", "lead_unit_codes", "partner_units",
               "deadline_text", "due_date"]),
    ("index-scores", ["index_code", "year", "unit_code", "component_code", "score", "max_score", "rank", "rank_of",
                      "source_url", "flag"]),
])
def test_export_csv_to_stdout(db_path, table, columns):
    result = run_cli("export", table, "--db", db_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(c in rows[0] for c in columns)


def test_export_values(db_path):
    tasks = {r["code"]: r for r in csv.DictReader(io.StringIO(run_cli("export", "tasks", "--db", db_path).stdout))}
    assert tasks["I-3.1"]["lead_unit_codes"] == "SNV" and tasks["I-3.1"]["due_date"] == "2023-12-25"
    units = {r["code"]: r for r in csv.DictReader(io.StringIO(run_cli("export", "units", "--db", db_path).stdout))}
    assert units["H447"]["name"] == "Huyện Kỳ Anh" and units["H447"]["valid_to"] == "2025-07-01"
    communes = [u for u in units.values() if u["kind"] == "commune"]      # every unit over time, with its dates
    assert sum(u["valid_from"] < "2025-07-01" for u in communes) == 216
    assert sum(u["valid_from"] == "2025-07-01" for u in communes) == 69


def test_export_xlsx(db_path, tmp_path):
    out = tmp_path / "targets.xlsx"
    result = run_cli("export", "targets", "--format", "xlsx", "-o", out, "--db", db_path)
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 52
    digitised = [r for r in rows if r["code"] == "TTHC-3.1"]
    assert {(r["level"], r["target_value"]) for r in digitised} == {("province", 90), ("district", 80), ("commune", 75)}


def test_usage_errors_are_explained(db_path):
    assert run_cli("export", "targets", "--format", "xlsx", "--db", db_path).returncode == 2
    missing = run_cli("export", "units", "--db", db_path.parent / "none.duckdb")
    assert missing.returncode == 1 and "python -m etl init" in missing.stderr


def test_cli_refuses_cleanly_while_another_process_holds_the_database(held_db_path):
    for args in (("init", "--db", held_db_path), ("export", "units", "--db", held_db_path)):
        result = run_cli(*args, timeout=30)
        assert result.returncode == 3
        assert "đang được một tiến trình khác sử dụng" in result.stderr
        assert "in use by another process" in result.stderr
        assert "CCHC_DB=postgresql://" in result.stderr      # and how to run commands while the app serves
        assert "Traceback" not in result.stderr


def test_template_command(db_path, tmp_path):
    out = tmp_path / "h436.xlsx"
    result = run_cli("template", "targets", "--unit", "H436", "--period", "2024-Q2", "-o", out, "--db", db_path)
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out)["Báo cáo"]
    labels = {sheet.cell(r, 2).value: sheet.cell(r, 3).value for r in range(1, 8)}
    assert labels["Mã đơn vị"] == "H436" and labels["Kỳ báo cáo"] == "Quý II/2024"
    folder = tmp_path / "all"            # every unit's (tests/etl/reports/test_templates.py writes them all for a kind)
    result = run_cli("template", "indices", "--unit", "all", "--period", "2024", "-o", folder, "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert [f.name for f in folder.glob("*.xlsx")] == ["indices_2024_SNV.xlsx"]
    wrong = run_cli("template", "indices", "--unit", "H436", "--period", "2024", "-o", out, "--db", db_path)
    assert wrong.returncode == 1 and "Chỉ Sở Nội vụ" in wrong.stderr and "Traceback" not in wrong.stderr


def test_deck_for_a_scheduled_job(demo_db_template, tmp_path):
    from pptx import Presentation

    pptx = tmp_path / "hop.pptx"
    made = run_cli("deck", "--period", "2024-Q3", "--as-of", "2024-10-15", "-o", pptx, "--db", demo_db_template,
                   timeout=120)
    assert made.returncode == 0, made.stderr
    assert "Quý III/2024 · Số liệu đến ngày 15/10/2024" in made.stdout
    titles = [s.shapes[0].text_frame.text for s in Presentation(str(pptx)).slides]
    assert titles[0] == "Tình hình thực hiện Kế hoạch cải cách hành chính năm 2024"
    assert "Tình hình nộp báo cáo Quý III/2024" in titles
    pdf = tmp_path / "hop.pdf"
    assert run_cli("deck", "--period", "2024-Q4", "-o", pdf, "--db", demo_db_template, timeout=120).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    wrong = run_cli("deck", "--period", "2024", "-o", pdf, "--db", demo_db_template)
    assert wrong.returncode == 2 and "2024-Q4" in wrong.stderr
    assert run_cli("deck", "--period", "2024-Q4", "-o", tmp_path / "hop.docx", "--db", demo_db_template).returncode == 2


def test_scorecards_into_a_folder_and_a_zip(demo_db_template, tmp_path):
    import zipfile

    from cchc.store import db

    conn = db.connect(demo_db_template, read_only=True)
    try:    # the units of the period: those existing on its last day, of the Units page's kinds
        codes = {r[0] for r in db.query_rows(conn, """SELECT code FROM units WHERE kind IN
            ('department', 'central_agency', 'district', 'commune')
            AND (valid_from IS NULL OR valid_from <= DATE '2026-06-30')
            AND (valid_to IS NULL OR valid_to > DATE '2026-06-30')""")}
    finally:
        conn.close()
    folder = tmp_path / "phieu"
    made = run_cli("scorecards", "--period", "2026-Q2", "-o", folder, "--db", demo_db_template, timeout=600)
    assert made.returncode == 0, made.stderr
    assert f"Đã tạo {len(codes)} phiếu kết quả CCHC Quý II/2026 (số liệu đến ngày 30/06/2026) trong thư mục" \
        in made.stdout
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"MAU_phieu-cchc-2026-Q2-{code}.pdf" for code in codes)     # a sample plan: "MAU_"
    assert (folder / "MAU_phieu-cchc-2026-Q2-X2025-18073.pdf").read_bytes().startswith(b"%PDF")
    archive = tmp_path / "phieu.zip"
    made = run_cli("scorecards", "--period", "2026-Q2", "--as-of", "2026-06-30", "-o", archive, "--db",
                   demo_db_template, timeout=600)
    assert made.returncode == 0, made.stderr
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == names
    wrong = run_cli("scorecards", "--period", "2026", "-o", folder, "--db", demo_db_template)
    assert wrong.returncode == 2 and "2024-Q4" in wrong.stderr
    wrong = run_cli("scorecards", "--period", "2026-Q2", "--as-of", "30/06/2026", "-o", folder, "--db",
                    demo_db_template)
    assert wrong.returncode == 2 and "2024-12-31" in wrong.stderr


def test_an_unreachable_postgresql_is_said_plainly(tmp_path):
    result = run_cli("export", "units", "--db", f"postgresql://cchc:secret@/cchc?host={tmp_path}", timeout=60)
    assert result.returncode == 1
    assert "Không kết nối được cơ sở dữ liệu PostgreSQL" in result.stderr and "Traceback" not in result.stderr
    assert "secret" not in result.stderr                     # the password is not printed


def test_report_for_a_scheduled_job(demo_db_template, tmp_path):
    from docx import Document

    docx = tmp_path / "bao-cao.docx"
    made = run_cli("report", "--period", "2024-H1", "-o", docx, "--db", demo_db_template, timeout=120)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == f"Đã tạo {docx}: báo cáo 6 tháng đầu năm 2024, số liệu đến ngày 30/06/2024."
    texts = [p.text for p in Document(str(docx)).paragraphs]
    assert "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024 (DỮ LIỆU MẪU)" in texts
    assert run_cli("report", "--period", "2024-Q5", "-o", docx, "--db", demo_db_template).returncode == 2
    assert run_cli("report", "--period", "2024", "-o", tmp_path / "x.pdf", "--db", demo_db_template).returncode == 2
    missing = run_cli("report", "--period", "2031", "-o", docx, "--db", demo_db_template)
    assert missing.returncode == 1 and "Chưa có kế hoạch năm 2031" in missing.stderr


def test_a_template_to_try_is_checked_first(demo_db_template, tmp_path):
    from docx import Document

    from cchc.documents.report_template import SHIPPED

    edited = Document(str(SHIPPED))
    edited.add_paragraph("{{ nguoi_ky }}")
    template = tmp_path / "mau-thu.docx"
    edited.save(str(template))
    refused = run_cli("report", "--period", "2024", "-o", tmp_path / "bc.docx", "--template", template,
                      "--db", demo_db_template, timeout=120)
    assert refused.returncode == 1 and not (tmp_path / "bc.docx").exists()
    assert "TỪ CHỐI: mau-thu.docx" in refused.stderr and "nguoi_ky" in refused.stderr
    assert "Traceback" not in refused.stderr
