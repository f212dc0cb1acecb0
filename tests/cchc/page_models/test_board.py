"""The board page's finished view: what Streamlit sends from the shared, rendered grid is what a fresh
Styler would give; the counts, the missing list and each unit's history for a period and filter."""
import re

import pytest
from streamlit import dataframe_util
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from cchc.formatting import format_period
from cchc.page_models.board import board_choices, board_page
from cchc.page_models.tables import rendered
from cchc.store import db
from cchc.views import board
from tests.cchc.charts.conftest import tree
from tests.etl.plans.year_2026 import db_2026_path, db_2026_template  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def frame(sample):
    return board.board(sample, 2024)


@pytest.mark.parametrize("which", ["grid", "counts"])
def test_the_rendered_styler_sends_what_pandas_would(frame, which):
    page = board_page(frame, 2024, "2024-Q2", (), None, None, "vi")
    table = page.grid if which == "grid" else page.counts
    subset = [format_period(p.code) for p in board.quarters(2024)] if which == "grid" else ["Tình trạng"]
    shared, fresh = ArrowData(), ArrowData()
    styler = rendered(table, board.cell_style, subset)
    plain = table.style.map(board.cell_style, subset=subset)
    plain.set_uuid(styler.uuid)
    for _ in range(2):                  # and the same again on the next run
        marshall_styler(shared, styler, "x")
    marshall_styler(fresh, plain, "x")
    assert shared.styler.styles == fresh.styler.styles and "background-color" in shared.styler.styles
    values = [dataframe_util.convert_arrow_bytes_to_pandas_df(p.styler.display_values) for p in (shared, fresh)]
    assert values[0].equals(values[1])


def test_counts_missing_and_history_of_a_period(frame):
    page = board_page(frame, 2024, "2024-Q2", (), None, None, "vi")
    assert not page.nothing and page.period_title == "Quý II/2024 · hạn nộp 15/07/2024"
    total, *states = page.metrics
    assert int(total.value) == sum(int(m.value) for m in states) == frame.query("period == '2024-Q2'")["unit_code"].nunique()
    missing = board.missing_list(frame, "2024-Q2")
    assert len(page.missing) == len(missing) and page.reminder.startswith("Kính gửi")
    code = missing["unit_code"].iloc[0]
    assert page.lookup[code].endswith(f"({code})")
    assert len(page.lookup_lines[code]) == len(frame[frame["unit_code"] == code])
    assert page.lookup_lines[code][0].startswith("Quý I/2024 · báo cáo ")


def test_filters_narrow_and_may_leave_nothing(frame):
    districts = board_page(frame, 2024, "2024-Q2", ["district"], None, "targets", "vi")
    assert int(districts.metrics[0].value) == 13 and set(districts.grid["Loại đơn vị"]) == {"UBND cấp huyện"}
    assert board_page(frame, 2024, "2024-Q2", ["central_agency"], None, "targets", "vi").nothing
    choices = board_choices(frame)
    assert choices.is_sample and len(choices.districts["2024-Q2"]) == 13 and choices.kinds["2024-Q2"] == board.KINDS
    assert board_choices(frame.iloc[0:0]).empty
    assert board.DISTRICT_COLUMN in districts.grid.columns and board.DISTRICT_COLUMN in districts.missing_for_excel


def test_a_2026_period_offers_no_district(db_2026_path):
    conn = db.connect(db_2026_path, read_only=True)
    try:
        frame = board.board(conn, 2026)
    finally:
        conn.close()
    choices = board_choices(frame)
    assert choices.districts == {f"2026-Q{q}": {} for q in range(1, 5)}
    assert set(choices.kinds.values()) == {("department", "central_agency", "commune")}
    page = board_page(frame, 2026, "2026-Q1", ["commune"], None, None, "vi")
    assert int(page.metrics[0].value) == len(page.grid) == 69
    assert list(page.grid.columns) == ["Mã đơn vị", "Đơn vị", "Loại đơn vị", *(f"Quý {q}/2026" for q in
                                                                               ("I", "II", "III", "IV"))]
    assert list(page.missing_for_excel.columns) == ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Báo cáo chưa nhận",
                                                    "Hạn nộp"]
    assert "Phường Thành Sen (X2025-18073)" in page.lookup.values()


def test_shares_per_kind_of_unit_with_counts_beside_them(frame):
    """Issue 20: the board drew counts only, where shares show the small groups."""
    page = board_page(frame, 2024, "2024-Q2", (), None, None, "vi")
    root = tree(page.shares)
    rows = list(root[1])
    groups = ["".join(row[0].itertext()).split(" (")[0] for row in rows]
    assert set(groups) <= {"Sở, ban, ngành", "Cơ quan Trung ương", "UBND cấp huyện", "UBND cấp xã"} and len(groups) >= 3
    for row in rows:
        segments = list(row[1])
        widths = [float(re.search(r"flex:0 0 ([\d.]+)%", s.get("style")).group(1)) for s in segments]
        assert abs(sum(widths) - 100) < 0.01
        # each part's share and count (of its group's units) in its title, and written in it when it is wide enough
        counts = [int(re.search(r"\((\d+)\)$", s.get("title")).group(1)) for s in segments]
        total = int("".join(row[0].itertext()).rsplit("(", 1)[1].rstrip(")"))
        assert sum(counts) == total
        written = ["".join(s.itertext()) for s in segments]
        assert all(text.endswith(")") and "% (" in text for text in written if text)
