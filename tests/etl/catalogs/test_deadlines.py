"""The deadline parser, on every form the 2024 plan writes and on every deadline string it contains."""
from datetime import date

import pytest

from cchc.config import DATA_DIR
from etl.catalogs import read_csv
from etl.catalogs.deadlines import CONDITIONAL, FIXED, NONE, RECURRING, UNPARSED, parse_deadline


@pytest.mark.parametrize("text, kind, due", [
    ("Trước 25/12/2023", FIXED, date(2023, 12, 25)),
    ("Trước 25/12/202 3", FIXED, date(2023, 12, 25)),        # broken across lines in the PDF
    ("Tháng 01/2024", FIXED, date(2024, 1, 31)),
    ("Quý I/2024", FIXED, date(2024, 3, 31)),
    ("Quý II, III/2024", FIXED, date(2024, 9, 30)),          # end of the last quarter named
    ("Quý I, II năm 2024", FIXED, date(2024, 6, 30)),
    ("Quý IV/2024", FIXED, date(2024, 12, 31)),
    ("Quý I-IV năm 2024", FIXED, date(2024, 12, 31)),
    ("Quý II- IV năm 2024", FIXED, date(2024, 12, 31)),
    ("Quý II", FIXED, date(2024, 6, 30)),                    # year from the plan
    ("Năm 2024", FIXED, date(2024, 12, 31)),
    ("Năm 2024-2026", FIXED, date(2026, 12, 31)),
    ("Năm 2024- 2026", FIXED, date(2026, 12, 31)),
    ("Thường xuyên", RECURRING, None),
    ("Thườn g xuyên", RECURRING, None),
    ("THUONG XUYEN", RECURRING, None),
    ("Theo Kế hoạch của Bộ Nội vụ", CONDITIONAL, None),
    ("Khi có chỉ đạo của Trung ương", CONDITIONAL, None),
    ("Sau khi các cơ quan liên quan công bố chỉ số PCI năm 2024", CONDITIONAL, None),
    ("Theo lộ trình đề án được phê duyệt", CONDITIONAL, None),
    ("", NONE, None),
    (None, NONE, None),
    ("Quý V/2024", UNPARSED, None),
    ("32/13/2024", UNPARSED, None),
    ("Sớm nhất có thể", UNPARSED, None),
])
def test_forms_written_in_the_plan(text, kind, due):
    deadline = parse_deadline(text, 2024)
    assert (deadline.kind, deadline.due_date) == (kind, due)


def test_every_deadline_of_the_2024_plan_is_understood():
    texts = {row["deadline_text"] for row in read_csv(DATA_DIR / "plan" / "2024" / "tasks.csv")}
    assert len(texts) >= 20
    parsed = {text: parse_deadline(text, 2024) for text in texts}
    assert [t for t, d in parsed.items() if d.kind in (UNPARSED, NONE)] == []
    assert all(d.due_date for d in parsed.values() if d.kind == FIXED)
