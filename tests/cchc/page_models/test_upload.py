"""The upload page's list of what a unit has to send: each report's deadline and state as the board judges them
on the day, what is left to do, and the sample plan's marks."""
from datetime import date

import pandas as pd

from cchc.page_models.upload import due_reports
from cchc.views import board


def unit_board(states: dict[tuple[str, str], tuple[str, str | None]]) -> pd.DataFrame:
    """A board of one unit: (period, report) → (state as received, day sent); due 15 days after each quarter."""
    due = {"2026-Q1": date(2026, 4, 15), "2026-Q2": date(2026, 7, 15), "2026-Q3": date(2026, 10, 15),
           "2026-Q4": date(2027, 1, 15)}
    return pd.DataFrame([{"unit_code": "X", "period": period, "report": report, "due_date": due[period],
                          "state": state, "uploaded_at": pd.Timestamp(sent) if sent else pd.NaT}
                         for (period, report), (state, sent) in states.items()])


def test_what_is_due_by_when_as_the_board_says():
    frame = unit_board({("2026-Q1", "targets"): (board.ON_TIME, "2026-04-10"),
                        ("2026-Q2", "targets"): (board.REJECTED, "2026-07-20"),
                        ("2026-Q3", "tasks"): (board.MISSING, None),
                        ("2026-Q3", "targets"): (board.MISSING, None),
                        ("2026-Q4", "targets"): (board.MISSING, None)})
    found = due_reports(frame, "Phường Thành Sen", 2026, date(2026, 9, 1), False, "vi")
    assert found.title == "Báo cáo phải nộp năm 2026"
    assert found.table.to_dict("records")[:2] == [
        {"Kỳ báo cáo": "Quý I/2026", "Báo cáo": "Chỉ tiêu", "Hạn nộp": "15/04/2026", "Tình trạng": "✓ Đúng hạn",
         "Ngày gửi": "10/04/2026"},
        {"Kỳ báo cáo": "Quý II/2026", "Báo cáo": "Chỉ tiêu", "Hạn nộp": "15/07/2026", "Tình trạng": "✗ Bị từ chối",
         "Ngày gửi": "20/07/2026"}]
    assert list(found.table["Tình trạng"][2:]) == ["◌ Chưa đến hạn"] * 3      # not due on 01/09/2026
    assert found.lines[:2] == (
        ("warning", "**Cần nộp:** Chỉ tiêu Quý II/2026 (hạn 15/07/2026) – tệp đã gửi bị từ chối, cần sửa và nộp lại."),
        ("markdown", "**Sắp đến hạn:** Chỉ tiêu Quý III/2026 (hạn 15/10/2026); Nhiệm vụ Quý III/2026 (hạn 15/10/2026)."))
    later = due_reports(frame, "Phường Thành Sen", 2026, date(2026, 11, 1), False, "vi")
    assert list(later.table["Tình trạng"][2:]) == ["— Chưa nộp", "— Chưa nộp", "◌ Chưa đến hạn"]
    assert "Nhiệm vụ Quý III/2026" in later.lines[0][1]


def test_every_report_sent_and_a_sample_plan():
    frame = unit_board({("2026-Q1", "targets"): (board.LATE, "2026-05-02")})
    found = due_reports(frame, "Phường Thành Sen", 2026, date(2026, 6, 1), True, "vi")
    assert found.title == "Báo cáo phải nộp năm 2026 · KẾ HOẠCH MẪU"
    assert found.lines[0][0] == "warning" and found.lines[0][1].startswith("**Kế hoạch mẫu năm 2026**")
    assert found.lines[1] == ("markdown", "Đơn vị đã nộp đủ các báo cáo đã đến hạn của năm 2026.")
    assert found.table["Tình trạng"].tolist() == ["⏱ Trễ"]


def test_a_unit_with_nothing_to_send():
    found = due_reports(unit_board({}), "Cục Thuế *tỉnh*", 2026, date(2026, 6, 1), False, "vi")
    assert found.table is None and "Cục Thuế \\*tỉnh\\*" in found.lines[0][1]
