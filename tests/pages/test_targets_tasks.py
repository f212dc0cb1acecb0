"""AppTest of the targets and tasks pages on the sample data: the numbers a user reads."""
from datetime import date

from streamlit.testing.v1 import AppTest

from cchc.formatting import format_measure
from cchc.metrics.target_status import status_text
from cchc.metrics.task_state import LABELS, OVERDUE
from cchc.store import db
from cchc.views.target_progress import target_progress
from cchc.views.task_progress import task_progress
from tests.cchc.charts.conftest import coloured, tree
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import sign_in_test_user


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=90)
    sign_in_test_user(at)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def test_targets_page(demo_path):
    conn = db.connect(demo_path)
    expected = target_progress(conn, 2024, 2).set_index(["code", "level"])
    conn.close()
    at = open_page("pages/targets.py", period="2024-Q2")
    assert at.title[0].value == "Chỉ tiêu kế hoạch CCHC năm 2024"
    counts = {m.label: m.value for m in at.metric}
    assert counts[status_text("met")] == str((expected["status"] == "met").sum())
    table = at.dataframe[0].value.set_index(["Mã", "Cấp"])
    row = table.loc[("TTHC-3.1", "Cấp huyện")]
    source = expected.loc[("TTHC-3.1", "district")]
    assert row["Mới nhất"] == format_measure(source["latest"], "percent", "%")
    assert row["Dự báo cuối năm"] == format_measure(source["year_end"], "percent", "%")
    assert row["Trạng thái"] == status_text(source["status"])
    assert row["Kế hoạch"] == "≥ 80%"
    assert any("dữ liệu mẫu" in i.value for i in at.info)


def test_tasks_page_overdue_first(demo_path):
    conn = db.connect(demo_path)
    expected = task_progress(conn, 2024, date(2024, 9, 30))
    conn.close()
    at = open_page("pages/tasks.py", period="2024-Q3")
    counts = {m.label: m.value for m in at.metric}
    assert counts[LABELS[OVERDUE]] == str((expected["state"] == OVERDUE).sum())
    table = at.dataframe[0].value
    assert list(table["Mã"]) == list(expected["code"])
    if (expected["state"] == OVERDUE).any():
        assert table.iloc[0]["Tình trạng"] == LABELS[OVERDUE]


def test_targets_page_opens_on_a_picture_then_a_table_with_status_first(demo_path):
    """Issue 20: the page opened on a 15-column table whose status was 14th, uncoloured and unsorted."""
    from cchc.metrics.target_status import WORST_FIRST, status_text
    at = open_page("pages/targets.py", period="2024-Q4")
    texts = [m.value for m in at.markdown]
    title = texts.index("**Chỉ tiêu so với kế hoạch, theo lĩnh vực · DỮ LIỆU MẪU**")
    picture = tree(texts[title + 1])                                    # the picture, right under its title
    bars = [e for e in coloured(picture) if e.get("title")]
    assert len(bars) == 52                                              # every target of the plan
    table = at.dataframe[0].value
    assert table.columns[0] == "Trạng thái"
    order = {status_text(s): n for n, s in enumerate(WORST_FIRST)}
    for _area, rows in table.groupby("Lĩnh vực", sort=False):
        ranks = [order[s] for s in rows["Trạng thái"]]
        assert ranks == sorted(ranks)                                   # worst first within each area


def test_a_sample_plan_years_titles_say_so(demo_path):
    import json

    at = open_page("pages/targets.py", period="2026-Q2", asof="2026-06-30")
    assert at.title[0].value == "Chỉ tiêu kế hoạch CCHC năm 2026 · KẾ HOẠCH MẪU"
    assert "**Chỉ tiêu so với kế hoạch, theo lĩnh vực · KẾ HOẠCH MẪU**" in [m.value for m in at.markdown]
