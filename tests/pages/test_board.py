"""Tình hình nộp báo cáo on the sample data: the counts a user reads for 2024-Q2, the grid, the
download of the missing units and the reminder text."""
from datetime import date

from cchc.formatting import format_number
from cchc.periods import Period
from cchc.store import db
from tests.cchc.views.test_board import reminder_names, sql_states, worst_per_unit
from tests.etl.plans.year_2026 import db_2026_path, db_2026_template  # noqa: F401 (fixtures)
from tests.pages.conftest import open_alone, open_tab, tab
from web.page_filters import Filters

STATES = {"on_time": "✓ Đúng hạn", "late": "⏱ Trễ", "rejected": "✗ Bị từ chối", "missing": "— Chưa nộp"}


def expected(path, report=None):
    conn = db.connect(path, read_only=True)
    try:
        states = sql_states(conn, "2024-Q2", date(2024, 7, 15))
    finally:
        conn.close()
    if report:
        states = states[states["report"] == report]
        counts = states["state"].value_counts().to_dict()
    else:
        counts = worst_per_unit(states)
    return counts, states


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_counts_per_unit_for_q2(demo_path):
    counts, states = expected(demo_path)
    at = open_alone("board.py", quarter=2)
    shown = metrics(at)
    assert shown["Đơn vị phải báo cáo"] == format_number(states["unit_code"].nunique())
    for state, label in STATES.items():
        assert shown[label] == format_number(counts.get(state, 0)), label
    assert any("dữ liệu mẫu" in i.value for i in at.info)
    assert at.subheader[0].value == "Quý II/2024 · hạn nộp 15/07/2024"


def test_missing_download_and_reminder(demo_path):
    counts, states = expected(demo_path)
    at = open_alone("board.py", quarter=2)
    assert "Tải bảng (Excel)" in {d.proto.label for d in at.get("download_button")}
    assert not at.code                                  # the other tabs are drawn when opened
    open_tab(at, "board_tab", "board.tab.missing")
    assert "Tải danh sách đơn vị chưa nộp (Excel)" in {d.proto.label for d in at.get("download_button")}
    reminder = at.code[0].value
    assert "Quý II/2024" in reminder and "15/07/2024" in reminder
    not_received = states[states["state"].isin(["missing", "rejected"])]["unit_code"].nunique()
    assert len(reminder_names(reminder)) == not_received == counts["missing"] + counts.get("rejected", 0)


def test_one_report_one_kind(demo_path):
    counts, _ = expected(demo_path, "targets")
    at = open_alone("board.py", quarter=2, session={"board_report": "targets"})
    shown = metrics(at)
    for state, label in STATES.items():
        assert shown[label] == format_number(counts.get(state, 0)), label
    at.multiselect(key="board_kinds").set_value(["district"]).run()
    assert not at.exception and int(metrics(at)["Đơn vị phải báo cáo"]) == 13


def test_deadlines_table_lists_the_plan_dates(demo_path):
    at = open_alone("board.py", quarter=2, session=tab("board_tab", "board.tab.deadlines"))
    table = at.table[0].value
    assert {"15/01/2024", "31/01/2024", "05/02/2024", "15/07/2024", "15/01/2025"} <= set(table["Hạn nộp"])


def test_a_2026_quarter_shows_the_units_of_2026_without_districts(db_2026_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(db_2026_path))
    q1 = Period(2026, 1)
    at = open_alone("board.py", session={"filters": Filters(2026, q1, q1.end, "all"), "board_district": "H436",
                                         "board_kinds": ["district", "commune"]})
    assert "board_district" not in [s.key for s in at.selectbox]          # no district filter in 2026
    assert at.multiselect(key="board_kinds").options == ["Sở, ban, ngành", "Cơ quan Trung ương", "UBND cấp xã"]
    assert at.multiselect(key="board_kinds").value == ["commune"]         # the district choice of 2024 dropped
    grid = at.dataframe[0].value
    assert "Huyện, thị xã, thành phố" not in grid.columns and len(grid) == int(metrics(at)["Đơn vị phải báo cáo"]) == 69
    assert "X2025-18073" in set(grid["Mã đơn vị"]) and "X18073" not in set(grid["Mã đơn vị"])
    open_tab(at, "board_tab", "board.tab.deadlines")
    assert "UBND cấp huyện" not in set(at.table[0].value["Áp dụng cho"])  # the deadlines of 2026


def test_a_quarter_not_due_yet_is_not_counted_missing(demo_path, monkeypatch):
    """The sample 2026 year has files until 04/08/2026: seen as of 30/06/2026, Quý III/2026 (due 15/10/2026) is not
    due for any of its 94 units. Before, the board counted all 94 as "Chưa nộp"."""
    q3 = Period(2026, 3)
    at = open_alone("board.py", session={"filters": Filters(2026, q3, date(2026, 6, 30), "all")})
    shown = metrics(at)
    assert shown["Đơn vị phải báo cáo"] == "94"
    assert shown["— Chưa nộp"] == "0" and shown["◌ Chưa đến hạn"] == "94"
    assert open_tab(at, "board_tab", "board.tab.missing").code[0].value.startswith("Chưa đến hạn nộp báo cáo CCHC Quý III/2026")
    # the same year's Q1 (due 15/04/2026) is judged as before
    q1 = Period(2026, 1)
    earlier = metrics(open_alone("board.py", session={"filters": Filters(2026, q1, q1.end, "all")}))
    assert "◌ Chưa đến hạn" not in earlier and earlier["Đơn vị phải báo cáo"] == "94"


def test_placeholders_are_in_vietnamese(demo_path):
    """Issue 20: the district filter said "Choose an option" while no district was chosen."""
    at = open_alone("board.py")
    for box in at.selectbox:
        assert box.placeholder in ("", None) or "Choose" not in box.placeholder
    assert at.selectbox(key="board_district").placeholder == "Tất cả"


def test_the_e_mail_reminders_previewed_for_all_and_sent_by_an_administrator(demo_path, monkeypatch):
    """Issue 22: the board shows who would get an e-mail reminder today, and what; an administrator sends them
    through the SMTP server of the settings (a real one here)."""
    from cchc.store import db
    from etl.operations.contacts import import_contacts
    from tests.mail import smtp_server
    from tests.pages.conftest import ADMIN

    conn = db.connect(demo_path)
    try:
        import_contacts(conn, b"unit_code,email\nSTTTT,sotttt@hatinh.gov.vn\nX18253,xayenho@hatinh.gov.vn\n",
                        "quantri", "lien-he.csv")
    finally:
        conn.close()
    viewer = open_alone("board.py", session={**tab("board_tab", "board.tab.missing"), "board_mail_open": True})
    shown = viewer.dataframe[-1].value
    assert set(shown["Gửi tới"]) == {"sotttt@hatinh.gov.vn", "xayenho@hatinh.gov.vn"}
    assert set(shown["Loại nhắc"]) == {"Quá hạn"}                        # Q4 2024 is long past its deadline
    assert not [b for b in viewer.button if b.key == "board_mail_send"]   # only administrators send
    with smtp_server() as (inbox, port):
        for name, value in {"CCHC_SMTP_HOST": "127.0.0.1", "CCHC_SMTP_PORT": str(port), "CCHC_SMTP_SECURITY": "none",
                            "CCHC_SMTP_FROM": "cchc@snv.hatinh.gov.vn"}.items():
            monkeypatch.setenv(name, value)
        admin = open_alone("board.py", user=ADMIN,
                           session={**tab("board_tab", "board.tab.missing"), "board_mail_open": True})
        admin.button(key="board_mail_send").click().run()
        assert not admin.exception
        assert admin.success[0].value == "Đã gửi 2 thư, lỗi 0 (xem Nhật ký)."
        assert sorted(m["To"] for m in inbox.messages) == ["sotttt@hatinh.gov.vn", "xayenho@hatinh.gov.vn"]
