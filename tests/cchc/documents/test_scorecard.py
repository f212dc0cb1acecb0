"""The score cards, read back as a user reads them (pdftotext -layout): Thành phố Hà Tĩnh for Quý IV/2024 and Phường
Thành Sen, a ward of 1/7/2025, for Quý II/2026 of the sample plan, checked against the sample database by hand; Xã
Yên Hồ's missing report; one page whatever the lists and the names hold."""
from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest

from cchc import look
from cchc.documents.scorecard import build_card, card_file_name, card_pdf, cards_zip, score_card
from cchc.periods import Period
from cchc.store import db
from cchc.views import board
from cchc.views import units as views
from tests import hostile_text as hostile

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is installed by make test")

Q4, Q2_2026 = Period(2024, 4), Period(2026, 2)


def _text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout \
        .decode("utf-8")


def _pages(data: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _line(text: str, *words: str) -> str:
    """The one line of the card that holds every word."""
    found = [line for line in text.splitlines() if all(w in line for w in words)]
    assert len(found) == 1, (words, found)
    return found[0]


def _vn(value: float, decimals: int = 1) -> str:
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".").removesuffix(",0")


@pytest.fixture(scope="module")
def cards(sample):
    made = {code: score_card(sample, code, period, as_of) for code, period, as_of in (
        ("H436", Q4, date(2024, 12, 31)), ("X2025-18073", Q2_2026, date(2026, 6, 30)),
        ("X18253", Q4, date(2024, 12, 31)), ("SNV", Q4, date(2024, 12, 31)))}
    return {code: (card, card_pdf(card), _text(card_pdf(card))) for code, card in made.items()}


def test_the_title_names_the_unit_the_period_the_date_and_the_sample(cards):
    card, data, text = cards["H436"]
    assert _pages(data) == 1
    assert "PHIẾU KẾT QUẢ CẢI CÁCH HÀNH CHÍNH" in text
    assert "Thành phố Hà Tĩnh" in text and "UBND cấp huyện · Mã đơn vị: H436" in text
    assert "Quý IV/2024 · Kế hoạch năm 2024 · Số liệu đến ngày 31/12/2024" in text
    assert look.SAMPLE_DATA_LABEL in text                  # the 2024 reports are sample data
    assert card.file_name == "MAU_phieu-cchc-2024-Q4-H436.pdf"


def test_a_target_value_and_status_as_the_data_say(cards, sample):
    _, _, text = cards["H436"]
    numerator, denominator = db.query_rows(sample, """SELECT numerator, denominator FROM current_target_values
        WHERE unit_code = 'H436' AND target_code = 'TTHC-3.1' AND period = '2024-Q4'""")[0]
    share = numerator / denominator * 100
    assert share >= 80                                      # the plan asks ≥ 80%: met, by the rules
    line = _line(text, "TTHC-3.1 ")
    assert "Số hóa kết quả giải quyết TTHC" in line and "≥ 80%" in line
    assert _vn(share) + "%" in line and f"{_vn(numerator, 0)}/{_vn(denominator, 0)}" in line
    assert line.rstrip().endswith("● Đạt")
    assert re.search(r"Chỉ tiêu đã đạt", text) and "8/8" in text


def test_tasks_in_progress_first_with_the_count_of_the_rest(cards, sample):
    _, _, text = cards["H436"]
    groups = [r[0] for r in db.query_rows(sample, """SELECT code FROM unit_groups
        WHERE 'district' = ANY(covers_kinds) OR 'H436' = ANY(members)""")]
    names = ["H436", *groups]
    total, lead = db.query_rows(sample, """SELECT count(*), count(*) FILTER (WHERE lead_unit_codes && CAST(? AS VARCHAR[]))
        FROM tasks WHERE plan_year = 2024
        AND (lead_unit_codes && CAST(? AS VARCHAR[]) OR partner_unit_codes && CAST(? AS VARCHAR[]))""",
                                 [names, names, names])[0]
    assert f"{total} nhiệm vụ ({lead} chủ trì, {total - lead} phối hợp), 0 quá hạn (⚠) tính đến ngày 31/12/2024" in text
    status, percent = db.query_rows(sample, """SELECT status, percent_done FROM current_task_progress
        WHERE unit_code = 'H436' AND task_code = 'IV-3.3' AND period = '2024-Q4'""")[0]
    assert (status, percent) == ("in_progress", 30)      # the one task not done: first
    tasks = text[text.index("2. Nhiệm vụ"):text.index("3. Báo cáo")]
    rows = [line for line in tasks.splitlines() if re.match(r"[IVX.AB]+-\d", line)]
    assert rows[0].startswith("IV-3.3") and "30%" in rows[0] and rows[0].rstrip().endswith("Đang thực hiện")
    assert "Hoàn thành quá hạn" in rows[1]
    rest = int(re.search(r"và (\d+) nhiệm vụ khác: \1 Hoàn thành\.", tasks).group(1))
    assert len(rows) + rest == total


def test_the_report_history_with_received_dates(cards, sample):
    _, _, text = cards["H436"]
    firsts = db.query_rows(sample, """SELECT period, kind, min(uploaded_at) FROM submissions
        WHERE unit_code = 'H436' AND status = 'accepted' AND plan_year = 2024 GROUP BY period, kind""")
    assert len(firsts) == 8
    words = {"targets": "Kết quả chỉ tiêu", "tasks": "Tiến độ nhiệm vụ"}
    for period, kind, uploaded in firsts:
        quarter = int(period[-1])
        line = _line(text, f"Quý {'I' * quarter if quarter < 4 else 'IV'}/2024 ", words[kind])
        assert uploaded.strftime("%d/%m/%Y %H:%M") in line
        due = board.due_date(board.deadlines(sample, 2024), kind, period, "district")
        assert due.strftime("%d/%m/%Y") in line
        late = (uploaded.date() - due).days
        assert ("Trễ hạn" in line and f"Trễ {late} ngày" in line) if late > 0 else "Đúng hạn" in line
    assert "Trễ 4 ngày" in _line(text, "Quý III/2024 ", "Tiến độ nhiệm vụ")


def test_the_internal_par_index(cards, sample):
    _, _, text = cards["H436"]
    rows = db.query_rows(sample, """SELECT score, rank, rank_of FROM current_index_scores
        WHERE unit_code = 'H436' AND index_code = 'PAR_INDEX_INTERNAL' AND year = 2024 AND component_code = 'TOTAL'
          AND stat = 'value' AND is_sample""")
    score, rank, rank_of = rows[0]
    assert "4. Chỉ số CCHC (tỉnh đánh giá)" in text
    line = _line(text, "2024 ", _vn(score, 2))
    assert f"{rank}/{rank_of}" in line and "Dữ liệu mẫu" in line
    assert "Xếp hạng Chỉ số CCHC 2024" in text


def test_a_new_ward_of_the_sample_plan(cards, sample):
    card, data, text = cards["X2025-18073"]
    assert _pages(data) == 1
    assert "Phường Thành Sen" in text and "Mã đơn vị: X2025-18073" in text
    assert "Quý II/2026 · Kế hoạch mẫu năm 2026 · Số liệu đến ngày 30/06/2026" in text
    assert look.SAMPLE_PLAN_LABEL in text and look.SAMPLE_PLAN_MARK in text
    numerator, denominator, target = db.query_rows(sample, """SELECT v.numerator, v.denominator, t.target_value
        FROM current_target_values v JOIN targets t ON t.plan_year = v.plan_year AND t.code = v.target_code
         AND t.level = v.level
        WHERE v.unit_code = 'X2025-18073' AND v.target_code = 'TTHC-3.2c' AND v.period = '2026-Q2'""")[0]
    line = _line(text, "TTHC-3.2c ")
    assert _vn(numerator / denominator * 100) + "%" in line and f"≥ {_vn(target)}%" in line
    # the status the Units page shows for it
    report = views.unit_report(sample, "X2025-18073", 2026, 2, date(2026, 6, 30))
    page = views.targets_table(report.targets).set_index("Mã")
    assert line.rstrip().endswith(page.loc["TTHC-3.2c", "Trạng thái"])
    assert numerator / denominator * 100 < target and "Đạt" not in line
    # targets not achieved come first: behind, at risk, then on track
    targets = text[text.index("1. Chỉ tiêu"):text.index("2. Nhiệm vụ")]
    marks = [next(m for m in "■▲○◆●" if m in line) for line in targets.splitlines() if re.match(r"[A-Z]+-\d", line)]
    assert marks == sorted(marks, key="■▲○◆●".index) and len(marks) == len(report.targets) and marks[0] == "■"
    received = db.query_rows(sample, """SELECT period, kind, min(uploaded_at) FROM submissions
        WHERE unit_code = 'X2025-18073' AND status = 'accepted' GROUP BY period, kind""")
    assert len(received) == 4
    for period, kind, uploaded in received:
        line = _line(text, {"2026-Q1": "Quý I/2026 ", "2026-Q2": "Quý II/2026 "}[period],
                     {"targets": "Kết quả chỉ tiêu", "tasks": "Tiến độ nhiệm vụ"}[kind])
        assert uploaded.strftime("%d/%m/%Y %H:%M") in line
    assert "Đơn vị chưa có kết quả Chỉ số CCHC (tỉnh đánh giá)." in text
    assert card.file_name == "MAU_phieu-cchc-2026-Q2-X2025-18073.pdf"


def test_a_missing_report_says_so(cards, sample):
    _, data, text = cards["X18253"]
    assert _pages(data) == 1
    assert not db.query_rows(sample, """SELECT 1 FROM submissions WHERE unit_code = 'X18253' AND period = '2024-Q4'
        AND kind = 'targets' AND status = 'accepted'""")
    line = _line(text, "Quý IV/2024 ", "Kết quả chỉ tiêu")
    assert "15/01/2025" in line and "Chưa nộp" in line
    assert "Xã Yên Hồ" in text and "Huyện Đức Thọ" in text


def test_long_lists_keep_to_one_page(cards):
    card, data, text = cards["SNV"]
    assert _pages(data) == 1 and "\f" not in text.rstrip("\f")
    tasks = card.tables[1]
    assert len(tasks.rows) > 20
    assert re.search(r"và (\d+) nhiệm vụ khác", text)


def test_names_are_written_as_typed_and_long_ones_cut(sample):
    report = views.unit_report(sample, "H436", 2024, 4, date(2024, 12, 31))
    for name in (*hostile.HOSTILE, "Phường Ωmega", hostile.LONG):     # Ω: outside the cut-down font, in the whole one
        changed = copy.copy(report)
        changed.profile = {**report.profile, "name": name}
        changed.targets = report.targets.assign(indicator=name)
        data = card_pdf(build_card(changed, board.board(sample, 2024, unit_code="H436"), Q4, date(2024, 12, 31),
                                   False))
        text = _text(data)
        assert _pages(data) == 1
        if name == hostile.LONG:
            assert "NNNN…" in text and "N" * 200 not in text
        else:
            assert name in text


def test_file_names_and_the_zip(cards):
    assert card_file_name("X2025-18073", Q2_2026, False) == "phieu-cchc-2026-Q2-X2025-18073.pdf"
    assert card_file_name("a/b c", Q4, True) == "MAU_phieu-cchc-2024-Q4-a_b_c.pdf"
    chosen = [cards["H436"][0], cards["X18253"][0]]
    with zipfile.ZipFile(io.BytesIO(cards_zip(chosen))) as archive:
        assert archive.namelist() == [c.file_name for c in chosen]
        assert "Thành phố Hà Tĩnh" in _text(archive.read(chosen[0].file_name))


def test_a_unit_not_in_the_period_has_no_card(sample):
    assert score_card(sample, "X18073", Q2_2026, date(2026, 6, 30)) is None     # Phường Nam Hà ended 1/7/2025
    assert score_card(sample, "NOPE", Q4, date(2024, 12, 31)) is None
