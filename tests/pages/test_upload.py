"""Nộp báo cáo with AppTest and a real file_uploader: an accepted file, a file with problems (the cells and
messages, the marked-up copy), a corrected file that supersedes, and a reporter kept to their own unit."""
import io

import openpyxl
import pytest

from cchc import auth
from cchc.store import db
from etl.reports.templates import template_for
from tests.etl.plans.year_2026 import db_2026_path, db_2026_template  # noqa: F401 (fixtures)
from tests.etl.workbooks import fill_targets_template
from tests.pages.conftest import ADMIN, open_alone

UNIT, PERIOD = "X18253", "2024-Q4"          # the demo reporter's unit; its Q4 targets report is missing
REPORTER = ("demo.yenho", auth.REPORTER, UNIT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def files(demo_db_template):
    """The unit's Q4 targets template, filled correctly and with one numerator above its denominator."""
    conn = db.connect(demo_db_template, read_only=True)
    try:
        name, template = template_for(conn, auth.User(*REPORTER, None), "targets", UNIT, PERIOD)
    finally:
        conn.close()
    bad, bad_cell = fill_targets_template(template, numerator_too_big=True)
    good, _ = fill_targets_template(template)
    return {"name": name, "template": template, "bad": bad, "bad_cell": bad_cell, "good": good}


def upload(at, *named_files):
    at.file_uploader[0].set_value([(name, data, XLSX) for name, data in named_files])
    at.run()
    at.button(key="upload_send").click()
    at.run()
    assert not at.exception, at.exception
    return at


def table(at, column: str, n: int = 0):
    """The n-th table on the page that has ``column`` (problem tables have "Ô", the history "Tệp")."""
    return [d.value for d in [*at.table, *at.dataframe] if column in d.value.columns][n]


def submissions_of(path):
    conn = db.connect(path)
    try:
        return db.query_rows(conn, "SELECT id, filename, status, superseded_by, uploaded_by FROM submissions "
                                   "WHERE unit_code = ? AND period = ? AND kind = 'targets' ORDER BY id", [UNIT, PERIOD])
    finally:
        conn.close()


def test_the_page_offers_the_units_template_and_explains_the_steps(demo_path, files):
    at = open_alone("upload.py", user=REPORTER)
    text = " ".join(m.value for m in at.markdown)
    assert "Xã Yên Hồ" in text and "Bước 1." in text and "Bước 2." in text and "Chọn tệp" in text
    assert "mỗi tệp tối đa 20 MB" in text       # .streamlit/config.toml maxUploadSize, checked again by ingest
    assert at.radio(key="upload_kind").options == ["Chỉ tiêu", "Nhiệm vụ"]
    assert at.selectbox(key="upload_period_targets").value == PERIOD
    template = at.get("download_button")[0]
    assert template.proto.label == "Tải mẫu báo cáo (Excel)"
    assert [u.label for u in at.file_uploader] and at.file_uploader[0].accept_multiple_files
    assert set(at.file_uploader[0].allowed_type) == {".xlsx", ".xlsm", ".xls"}


def due(at):
    """The table of what the unit has to send, first on the page: (period, report) → (deadline, state, sent on)."""
    table = [d.value for d in at.dataframe if "Hạn nộp" in d.value.columns][0]
    return {(r["Kỳ báo cáo"], r["Báo cáo"]): (r["Hạn nộp"], r["Tình trạng"], r["Ngày gửi"]) for _, r in table.iterrows()}


def test_the_reporter_sees_first_what_is_due_by_when(demo_path):
    at = open_alone("upload.py", user=REPORTER)
    assert at.subheader[0].value == "Báo cáo phải nộp năm 2024"      # before the pickers and the history
    found = due(at)
    assert set(found) == {(f"Quý {q}/2024", kind) for q in ("I", "II", "III", "IV") for kind in ("Chỉ tiêu", "Nhiệm vụ")}
    assert found[("Quý IV/2024", "Chỉ tiêu")] == ("15/01/2025", "— Chưa nộp", "–")     # the sample leaves it unsent
    assert found[("Quý I/2024", "Chỉ tiêu")][0] == "15/04/2024"
    assert {state for _, state, _ in found.values()} <= {"✓ Đúng hạn", "⏱ Trễ", "✗ Bị từ chối", "— Chưa nộp"}
    assert all(sent == "–" or sent[2] == sent[5] == "/" for _, _, sent in found.values())
    assert at.warning[0].value == "**Cần nộp:** Chỉ tiêu Quý IV/2024 (hạn 15/01/2025)."


def test_a_file_with_problems_then_the_corrected_file(demo_path, files):
    at = open_alone("upload.py", user=REPORTER)
    upload(at, ("bao-cao-quy4.xlsx", files["bad"]))
    assert [e.value for e in at.error][0].startswith("bao-cao-quy4.xlsx: bị từ chối")
    problems = table(at, "Ô")
    assert due(at)[("Quý IV/2024", "Chỉ tiêu")][1] == "✗ Bị từ chối"
    row = problems[problems["Ô"] == files["bad_cell"]].iloc[0]
    assert (row["Mức độ"], row["Trang tính"], row["Giá trị"]) == ("Lỗi", "Báo cáo", "60")
    assert row["Nội dung"] == "Tử số (60) lớn hơn mẫu số (50)."
    assert submissions_of(demo_path)[0][1:] == ("bao-cao-quy4.xlsx", "rejected", None, "demo.yenho")
    # the annotated copy is the sender's own workbook with the cell marked and commented
    marked = [b for b in at.get("download_button") if b.proto.label == "Tải bản có đánh dấu các ô cần sửa"]
    assert marked, "no annotated copy offered"

    upload(at, ("bao-cao-quy4-da-sua.xlsx", files["good"]))
    assert [s.value for s in at.success][0].startswith("bao-cao-quy4-da-sua.xlsx: đã nhận")
    rows = submissions_of(demo_path)
    assert [r[2] for r in rows] == ["rejected", "accepted"]
    conn = db.connect(demo_path)
    try:
        values = db.query_rows(conn, "SELECT target_code, numerator, denominator FROM current_target_values "
                                     "WHERE unit_code = ? AND period = ? AND numerator IS NOT NULL", [UNIT, PERIOD])
    finally:
        conn.close()
    assert values and all((n, d) == (45, 50) for _, n, d in values)
    history = table(at, "Tệp")
    assert list(history["Tệp"][:2]) == ["bao-cao-quy4-da-sua.xlsx", "bao-cao-quy4.xlsx"]
    assert list(history["Kết quả"][:2]) == ["Đã nhận", "Bị từ chối"]
    assert due(at)[("Quý IV/2024", "Chỉ tiêu")][1] == "⏱ Trễ"          # sent after 15/01/2025
    assert "Cần nộp" not in " ".join(w.value for w in at.warning)


def test_the_history_names_the_senders(demo_path, files):
    """The account's name, not its id; the sample's files are the sample data's."""
    at = open_alone("upload.py", user=REPORTER)
    upload(at, ("bao-cao-quy4.xlsx", files["good"]))
    senders = table(at, "Tệp")["Người gửi"]
    assert senders.iloc[0] == "Cán bộ Xã Yên Hồ (dùng thử)"        # the demo account demo.yenho
    assert set(senders.iloc[1:]) == {"Dữ liệu mẫu"}
    assert not any("demo" in name for name in senders)


def test_a_new_file_supersedes_the_accepted_one(demo_path, files):
    at = open_alone("upload.py", user=REPORTER)
    upload(at, ("lan-1.xlsx", files["good"]))
    again, _ = fill_targets_template(files["template"])
    book = openpyxl.load_workbook(io.BytesIO(again))
    book.properties.title = "lần 2"          # other bytes, same figures
    buffer = io.BytesIO()
    book.save(buffer)
    upload(at, ("lan-2.xlsx", buffer.getvalue()))
    success = [s.value for s in at.success][0]
    first, second = submissions_of(demo_path)
    assert f"Thay thế bản nộp trước (số {first[0]})" in success
    assert first[3] == second[0] and second[3] is None
    history = table(at, "Tệp")
    assert history.iloc[1]["Ghi chú"] == f"Đã được thay bằng bản số {second[0]}"


def test_a_reporter_cannot_send_another_units_file(demo_path, files):
    conn = db.connect(demo_path)
    try:
        _, template = template_for(conn, auth.User("snv", auth.ADMIN, None, None), "targets", "H436", PERIOD)
    finally:
        conn.close()
    foreign, _ = fill_targets_template(template)
    at = open_alone("upload.py", user=REPORTER)
    upload(at, ("thanh-pho.xlsx", foreign))
    assert "bị từ chối" in at.error[0].value
    problems = table(at, "Ô")
    assert "Tệp là báo cáo của đơn vị H436, không phải của đơn vị X18253." in list(problems["Nội dung"])
    assert all(r[2] != "accepted" for r in submissions_of(demo_path))


def test_an_administrator_sends_for_any_unit(demo_path, files):
    at = open_alone("upload.py", user=ADMIN)
    at.selectbox(key="upload_period_targets").set_value(PERIOD).run()     # the units offered are the period's
    at.selectbox(key="upload_unit").set_value(UNIT).run()
    upload(at, ("thay-xa.xlsx", files["good"]))
    assert at.success and submissions_of(demo_path)[-1][1:] == ("thay-xa.xlsx", "accepted", None, ADMIN[0])


def test_a_sample_plan_year_says_so(demo_path):
    """The sample 2026 plan's periods are marked in the list; chosen, the page and its due list say it is a sample."""
    at = open_alone("upload.py", user=ADMIN)
    assert at.selectbox(key="upload_period_targets").options == \
        [f"Quý {q}/2026 (kế hoạch mẫu)" for q in ("IV", "III", "II", "I")] + [f"Quý {q}/2024" for q in ("IV", "III", "II", "I")]
    assert at.selectbox(key="upload_period_targets").value == "2024-Q4"     # offered, never chosen first
    at.selectbox(key="upload_period_targets").set_value("2026-Q2").run()
    assert at.subheader[0].value == "Báo cáo phải nộp năm 2026 · KẾ HOẠCH MẪU"
    assert any(w.value.startswith("**Kế hoạch mẫu năm 2026**") for w in at.warning)
    assert set(due(at)) >= {("Quý II/2026", "Chỉ tiêu"), ("Quý IV/2026", "Nhiệm vụ")}
    at.selectbox(key="upload_period_targets").set_value(PERIOD).run()
    assert at.subheader[0].value == "Báo cáo phải nộp năm 2024"
    assert not any("Kế hoạch mẫu" in w.value for w in at.warning)


@pytest.mark.parametrize("user", [("lanhdao", auth.VIEWER, None), None])
def test_others_cannot_use_the_page(demo_path, user):
    at = open_alone("upload.py", user=user, check=False)
    assert not at.exception and not at.file_uploader
    assert at.warning and ("không có quyền" in at.warning[0].value or "đăng nhập" in at.warning[0].value)


def test_the_pickers_offer_the_units_and_periods_that_exist(db_2026_path, monkeypatch):
    """Sở Nội vụ picks among the units of the chosen period; a reporter among the periods of their unit."""
    monkeypatch.setenv("CCHC_DB", str(db_2026_path))
    at = open_alone("upload.py", user=ADMIN)
    assert at.radio(key="upload_kind").options == ["Chỉ tiêu", "Nhiệm vụ", "Chỉ số"]
    offered = {}
    for period in ("2026-Q1", "2024-Q4"):
        at.selectbox(key="upload_period_targets").set_value(period).run()
        offered[period] = at.selectbox(key="upload_unit").options
        if period == "2026-Q1":
            at.selectbox(key="upload_unit").set_value("X2025-18073").run()     # not a unit of the next period
    assert "Phường Thành Sen (X2025-18073)" in offered["2026-Q1"] and len(offered["2026-Q1"]) == 69 + 14 + 11
    assert not any("(X18073)" in o or "(H436)" in o or "(STTTT)" in o for o in offered["2026-Q1"])
    assert "Phường Nam Hà (X18073)" in offered["2024-Q4"] and "Phường Thành Sen (X2025-18073)" not in offered["2024-Q4"]
    assert not at.exception and at.selectbox(key="upload_unit").value == "BQLKKT"      # back to the first unit
    at.radio(key="upload_kind").set_value("indices").run()
    assert "upload_unit" not in [s.key for s in at.selectbox] and "(mã SNV)" in " ".join(m.value for m in at.markdown)
    periods = {}
    for unit in ("X18073", "X2025-18073"):
        reporter = open_alone("upload.py", user=(f"dv.{unit}", auth.REPORTER, unit))
        periods[unit] = reporter.selectbox(key="upload_period_targets").options
    assert periods == {"X18073": [f"Quý {q}/2024" for q in ("IV", "III", "II", "I")],
                       "X2025-18073": [f"Quý {q}/2026" for q in ("IV", "III", "II", "I")]}
