"""AppTest of the overview page on a database initialised from the committed catalogs."""
import pytest
from streamlit.testing.v1 import AppTest

from cchc.formatting import format_percent
from cchc.store import db, queries
from tests.cchc.charts.conftest import tree
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import sign_in_test_user, signed_in_app
from web import database as webapp


@pytest.fixture
def app(db_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(db_path))
    return signed_in_app(db_path)


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_overview_shows_the_five_indices(app):
    metrics = {m.label: m for m in app.metric}
    assert list(metrics)[:5] == ["PAR INDEX 2024", "SIPAS 2024", "PAPI 2024", "PCI 2022", "DTI 2024"]
    assert metrics["PAR INDEX 2024"].value == "89,72%"
    assert metrics["PAR INDEX 2024"].delta == "+1,37 điểm so với 2023"
    assert metrics["SIPAS 2024"].value == "85,17%"
    assert metrics["PAPI 2024"].value == "45,55/80"                # issue 21: PAPI 2023 and 2024 were published
    assert metrics["PCI 2022"].value == "67,18"
    assert metrics["DTI 2024"].value == "Hạng 7/34"
    text = _text(app)
    assert "Xếp hạng: **15/63** · :green[▲ tăng 3 bậc]" in text
    assert "Xếp hạng: **16/63** · :red[▼ giảm 12 bậc]" in text
    assert "Xếp hạng: **6/61** (hạng tự tính) · :green[▲ tăng 1 bậc]" in text   # PAPI ranks are computed: marked
    assert "63 → 34 tỉnh" in text  # DTI's ranking base changed with the 2025 merger


def test_sources_are_shown(app):
    text = _text(app)
    assert "[baohatinh.vn](https://baohatinh.vn/ha-tinh-tang-3-bac-xep-thu-15-toan-quoc" in text
    assert "pcivietnam.vn" in text
    assert "baohatinh.vn/ha-tinh-tang-3-bac" in app.metric[0].help


def test_english_switch(db_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(db_path))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    sign_in_test_user(at)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Administrative reform in Hà Tĩnh at a glance"
    assert "Rank: **15/63**" in _text(at)


def test_empty_database_says_what_to_do(tmp_path, monkeypatch):
    # A database with the schema but no catalogs (the app normally loads them itself on start).
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "empty.duckdb"))
    monkeypatch.setattr(webapp, "_shared_connection", db.open_database)
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    sign_in_test_user(at)
    at.run()
    assert not at.exception
    assert "make run" in at.info[0].value


def test_a_failure_shows_a_sentence_not_a_traceback(db_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(db_path))

    def broken(*_):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(queries, "headline_scores", broken)
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    sign_in_test_user(at)
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("Đã có lỗi khi hiển thị trang")


def test_plan_summary_on_the_sample_data(demo_db_template, tmp_path, monkeypatch):
    import shutil
    from datetime import date

    from cchc.metrics.task_state import OVERDUE
    from cchc.periods import Period
    from cchc.views.reporting import missing_reports
    from cchc.views.task_progress import task_progress

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    conn = db.connect(path)
    overdue = (task_progress(conn, 2024, date(2024, 9, 30))["state"] == OVERDUE).sum()
    missing = missing_reports(conn, Period(2024, 3))["unit_code"].nunique()
    conn.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    sign_in_test_user(at)
    at.query_params["period"] = "2024-Q3"
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Số nhiệm vụ quá hạn"] == str(overdue)
    assert metrics["Số đơn vị chưa gửi đủ báo cáo"] == str(missing)
    assert any("dữ liệu mẫu" in i.value for i in at.info)
    assert "Nhiệm vụ quá hạn đến 30/09/2024" in [s.value for s in at.subheader]


def test_the_sample_plan_year_is_offered_marked_and_never_the_default(demo_path):
    """2026 is the sample plan of `init --demo`: in the picker as "2026 (mẫu)", not opened by default, and the
    "Kế hoạch mẫu" banner under the bar (on every dashboard page) only while it is chosen."""
    at = signed_in_app(demo_path)
    year = at.selectbox(key="f_year")
    assert year.value == 2024 and year.options == ["2026 (mẫu)", "2024"]
    assert not [w for w in at.warning if "Kế hoạch mẫu" in w.value]
    year.set_value(2026).run()
    assert not at.exception and at.selectbox(key="f_period").value == "2026-Q2"
    assert [w.value for w in at.warning if "Kế hoạch mẫu" in w.value] == [
        "**Kế hoạch mẫu năm 2026**: không phải kế hoạch chính thức. Chưa có giá trị mục tiêu thật của năm 2026; kế "
        "hoạch này được dựng từ cấu trúc kế hoạch của một năm trước để minh họa, mọi số liệu báo cáo là dữ liệu mẫu."]


def test_the_plans_headline_and_its_picture_come_first(demo_path):
    """The plan's headline (19/52 đạt …) and its picture above the index cards (issue 20: it was plain bullets
    below the fold)."""
    from cchc.metrics.target_status import STATUSES
    from cchc.views.target_progress import target_progress

    conn = db.connect(demo_path)
    statuses = target_progress(conn, 2024, 4)["status"]
    conn.close()
    at = signed_in_app(demo_path)
    headline = at.markdown[[i for i, m in enumerate(at.markdown) if "chỉ tiêu đã đạt" in m.value][0]]
    assert f"**{(statuses == 'met').sum()}/{len(statuses)} chỉ tiêu đã đạt**" in headline.value
    assert "nhiệm vụ quá hạn" in headline.value and "chưa gửi đủ báo cáo Quý IV/2024" in headline.value
    assert "**Chỉ tiêu 2024 theo trạng thái — Quý IV/2024 · DỮ LIỆU MẪU**" in [m.value for m in at.markdown]
    bar = tree(next(m.value for m in at.markdown if m.value.startswith("<figure")))
    segments = list(bar[0])
    assert len(segments) == len({s for s in statuses if s in STATUSES})
    met = (statuses == "met").sum()
    assert f"● Đạt: {format_percent(met / len(statuses) * 100, 0)} ({met})" in "".join(bar[1].itertext())
    # the headline comes before the first index card's lines
    texts = [m.value for m in at.markdown]
    first_card = next(i for i, text in enumerate(texts) if text.startswith("Xếp hạng:"))
    assert texts.index(headline.value) < first_card
