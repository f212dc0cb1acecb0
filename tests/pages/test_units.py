"""AppTest of the Units page on a copy of the sample-data database: what a user sees for Thành phố Hà Tĩnh."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from cchc.periods import Period
from cchc.store import db
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import open_alone, open_tab, sign_in_test_user, tab
from web.page_filters import Filters

PAGE = str(PROJECT_ROOT / "pages" / "units.py")


def _page(unit: str | None = "H436", quarter: int = 4, session: dict | None = None) -> AppTest:
    return open_alone("units.py", quarter, session, params={"unit": unit} if unit else None)


@pytest.fixture
def app(demo_path) -> AppTest:
    return _page()


def _by_hand(path, sql: str, params=()):
    conn = db.connect(path)   # the app holds the file read-write in this process: same configuration
    try:
        return db.query_rows(conn, sql, list(params))
    finally:
        conn.close()


def _text(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def _vn_percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + "%"


def _frame(at, first_column: str, value: str):
    for frame in at.dataframe:
        table = frame.value
        if first_column in table.columns and value in set(table[first_column]):
            return table
    raise AssertionError(f"no table with {first_column} = {value}")


def test_unit_from_the_url_with_its_targets(app, demo_path):
    assert app.subheader[0].value == "Thành phố Hà Tĩnh"
    assert "UBND cấp huyện" in _text(app)
    numerator, denominator = _by_hand(demo_path, """SELECT numerator, denominator FROM current_target_values
        WHERE unit_code = 'H436' AND target_code = 'TTHC-3.1' AND period = '2024-Q4'""")[0]
    targets = _frame(app, "Mã", "TTHC-3.1")
    row = targets[targets["Mã"] == "TTHC-3.1"].iloc[0]
    assert row["Mới nhất"] == _vn_percent(numerator / denominator * 100)
    assert row["Kế hoạch"] == "≥ 80%"
    assert numerator / denominator * 100 >= 80          # so, by the rules, met
    assert row["Trạng thái"] == "● Đạt"
    assert app.query_params["unit"] == "H436"


def test_sample_data_is_labelled(app):
    assert any("dữ liệu mẫu" in i.value for i in app.info)


def test_tasks_and_submissions_counts(app, demo_path):
    groups = [r[0] for r in _by_hand(demo_path, """SELECT code FROM unit_groups
        WHERE 'district' = ANY(covers_kinds) OR 'H436' = ANY(members)""")]
    names = ["H436", *groups]
    tasks = _by_hand(demo_path, """SELECT count(*) FROM tasks WHERE plan_year = 2024
        AND (lead_unit_codes && CAST(? AS VARCHAR[]) OR partner_unit_codes && CAST(? AS VARCHAR[]))""", [names, names])[0][0]
    open_tab(app, "units_tab", "units.tab.tasks")
    assert f"{tasks} nhiệm vụ" in _text(app)
    assert len(_frame(app, "Vai trò", "Chủ trì")) == tasks
    sent = _by_hand(demo_path, "SELECT count(*) FROM submissions WHERE unit_code = 'H436' AND plan_year = 2024")[0][0]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Báo cáo đã gửi"] == str(sent)
    open_tab(app, "units_tab", "units.tab.submissions")
    assert len(_frame(app, "Loại báo cáo", "Kết quả chỉ tiêu")) == sent
    assert metrics["Chỉ tiêu đã đạt"] == "8/8"
    assert metrics["Xếp hạng Chỉ số CCHC 2024"] == "1/13"


def test_search_without_diacritics(app):
    app.text_input(key="units_search").input("ky anh").run()
    assert not app.exception
    options = app.selectbox(key="units_pick").options
    assert options[:2] == ["Huyện Kỳ Anh · UBND cấp huyện", "Thị xã Kỳ Anh · UBND cấp huyện"]
    assert app.subheader[0].value == "Huyện Kỳ Anh"          # typing picks the first match
    app.selectbox(key="units_pick").select("H449").run()
    assert app.subheader[0].value == "Thị xã Kỳ Anh"
    assert app.query_params["unit"] == "H449"


def test_compare_chart_ranks_the_districts(app, demo_path):
    best = _by_hand(demo_path, """SELECT u.name FROM current_target_values v JOIN units u ON u.code = v.unit_code
        WHERE u.kind = 'district' AND v.target_code = 'TTHC-3.1' AND v.period = '2024-Q4'
        ORDER BY v.value DESC LIMIT 1""")[0][0]
    open_tab(app, "units_tab", "units.tab.compare")
    charts = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    compare = next(c for c in charts if "TTHC-3.1" in c["layout"]["title"]["text"] and "geo" not in c["layout"])
    ticks = compare["layout"]["yaxis"]["ticktext"]
    assert re.sub(r"<[^>]+>|▶ ", "", ticks[0]) == best
    assert "<b>▶ Thành phố Hà Tĩnh</b>" in ticks                   # the chosen unit stands out
    assert "DỮ LIỆU MẪU" in compare["layout"]["title"]["text"]
    assert compare["data"][0]["text"][0].endswith("%") and "," in compare["data"][0]["text"][0]


def test_districts_communes_and_going_to_one(app, demo_path):
    communes = [r[0] for r in _by_hand(demo_path, "SELECT name FROM units WHERE parent_code = 'H436' ORDER BY code")]
    text = _text(open_tab(app, "units_tab", "units.tab.communes"))
    assert len(communes) == 15 and all(name in text for name in communes)
    buttons = [b for b in app.button if b.key and b.key.startswith("units_open_")]
    assert len(buttons) == 15
    app.button(key="units_open_X18070").click().run()
    assert not app.exception
    assert app.subheader[0].value == "Phường Trần Phú"
    assert "thuộc Thành phố Hà Tĩnh" in _text(app)
    assert app.query_params["unit"] == "X18070"
    assert not [b for b in app.button if b.key and b.key.startswith("units_open_")]   # a commune has no communes


def test_a_department_and_an_unknown_code(demo_path):
    at = _page("SNV", quarter=2, session=tab("units_tab", "units.tab.tasks"))
    assert at.subheader[0].value == "Sở Nội vụ"
    metrics = {m.label: m.value for m in at.metric}
    overdue, tasks = map(int, metrics["Nhiệm vụ quá hạn"].split("/"))
    assert overdue > 0 and tasks == 73
    assert (_frame(at, "Vai trò", "Chủ trì")["Tình trạng"] == "⚠ Quá hạn").sum() == overdue
    assert metrics["Xếp hạng Chỉ số CCHC 2024 (dữ liệu mẫu)"] == "10/19"     # SNV's 2024 rank is sample data
    assert "Các xã, phường, thị trấn" not in [t.label for t in at.tabs]
    unknown = _page("NOPE")
    assert "NOPE" in unknown.warning[0].value
    assert unknown.subheader[0].value      # another unit is shown instead


def test_english_labels(demo_path):
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in_test_user(at)
    at.session_state["filters"] = Filters(2024, Period(2024, 4), date(2024, 12, 31), "all")
    at.session_state["lang"] = "en"
    at.query_params["unit"] = "H436"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Units"


@pytest.fixture
def reorganised(db_path, monkeypatch):
    """The catalog's units with a few 2024 reports of Phường Thành Sen's former communes, as the app's database."""
    from tests.cchc.views.test_lineage import THANH_SEN_Q2_2024, report

    conn = db.connect(db_path)
    try:
        with db.transaction(conn) as cur:
            report(cur, THANH_SEN_Q2_2024)
    finally:
        conn.close()
    monkeypatch.setenv("CCHC_DB", str(db_path))
    return db_path


def test_former_commune_links_to_its_new_unit_which_names_its_former_units(reorganised):
    """Phường Nam Hà (2024) says it became Phường Thành Sen, with a link; Phường Thành Sen, reached by its link
    though it is not in 2024's list, names its former units and shows their combined values, labelled: TTHC-3.1 in
    Quý II/2024 = (40 + 30 + 10) / (50 + 40 + 10) = 80 % (Nam Hà, Thạch Linh, Trần Phú; Đại Nài split, left out)."""
    old = _page("X18073")
    assert old.subheader[0].value == "Phường Nam Hà"
    link = "[Phường Thành Sen](don-vi?unit=X2025-18073&period=2024-Q4&asof=2024-12-31)"
    assert f"Từ ngày 01/07/2025 sáp nhập vào {link}." in [i.value for i in old.info]

    new = _page("X2025-18073")
    assert not new.warning and new.subheader[0].value == "Phường Thành Sen"
    picker = new.selectbox(key="units_pick")
    assert picker.value == "X2025-18073" and len(picker.options) == 1 + 259   # shown above the 2024 units
    text = _text(new)
    assert "[Phường Nam Hà](don-vi?unit=X18073&period=2024-Q4&asof=2024-12-31)" in text            # named, with a link
    combined = next(i.value for i in new.info if "giá trị cộng gộp của các đơn vị cũ" in i.value)
    assert combined.startswith("Năm 2024: giá trị cộng gộp của các đơn vị cũ")
    assert "[Phường Trần Phú](don-vi?unit=X18070&period=2024-Q4&asof=2024-12-31)" in combined
    assert "bị chia tách" in combined and "[Phường Đại Nài](don-vi?unit=X18082&period=2024-Q4&asof=2024-12-31)" in combined
    row = _frame(new, "Mã", "TTHC-3.1").set_index("Mã").loc["TTHC-3.1"]
    assert (row["Quý II"], row["Tử số/Mẫu số"]) == ("80%", "80/100")


def test_a_2026_period_lists_the_units_of_then(reorganised):
    at = _page(None, session={"filters": Filters(2026, Period(2026, 1), date(2026, 3, 31), "all")})
    options = at.selectbox(key="units_pick").options
    assert "Phường Thành Sen · UBND cấp xã" in options
    assert not [o for o in options if o.endswith("UBND cấp huyện")]                # no district
    assert sum(o.endswith("UBND cấp xã") for o in options) == 69


SAMPLE_2026 = Filters(2026, Period(2026, 4), date(2026, 12, 31), "all")


def test_a_former_commune_in_the_2026_sample_says_what_it_became(demo_path):
    """Issue 20: Phường Nam Hà ended on 01/07/2025. Opened for the 2026 sample plan year it says it no longer
    exists and what it belongs to (a link on the same view), links to its 2024 results, and shows no metric, no
    table of missing targets and no overdue task."""
    at = _page("X18073", session={"filters": SAMPLE_2026})
    assert at.subheader[0].value == "Phường Nam Hà"
    statement = next(i.value for i in at.info if "không còn tồn tại" in i.value)
    assert statement.startswith("Phường Nam Hà không còn tồn tại trong kỳ Quý IV/2026: đơn vị thôi hoạt động từ "
                                "ngày 01/07/2025")
    assert "Nay thuộc [Phường Thành Sen](don-vi?unit=X2025-18073&period=2026-Q4&asof=2026-12-31)." in statement
    text = _text(at)
    assert "Lịch sử đơn vị" in text
    assert "Kế hoạch năm 2024: đơn vị hoạt động cả năm — " \
           "[xem kết quả Quý IV/2024](don-vi?unit=X18073&period=2024-Q4&asof=2024-12-31)" in text
    assert not at.metric and not at.dataframe and not at.tabs
    assert "quá hạn" not in text.replace("không có gì quá hạn", "")


def test_a_former_commune_in_2024_shows_its_results(demo_path):
    """The history link's view: Phường Nam Hà in 2024, when it existed, has its figures as any unit."""
    at = _page("X18073")
    assert not [i for i in at.info if "không còn tồn tại" in i.value]
    metrics = {m.label: m.value for m in at.metric}
    targets = _frame(at, "Mã", "TTHC-3.1")
    assert metrics["Chỉ tiêu đã đạt"].endswith(f"/{len(targets)}") and len(targets) > 0
    open_tab(at, "units_tab", "units.tab.tasks")
    assert "Nhiệm vụ quá hạn" in metrics and any("Vai trò" in f.value.columns for f in at.dataframe)
    assert any(i.value.startswith("Từ ngày 01/07/2025 sáp nhập vào [Phường Thành Sen]") for i in at.info)


def test_a_new_commune_before_it_was_formed_counts_no_task(demo_path):
    """Phường Thành Sen (formed 01/07/2025) for 2024: it was not formed yet; its former units' combined targets,
    no overdue task counted against it, and a link to its own 2026 sample results."""
    at = _page("X2025-18073")
    statement = next(i.value for i in at.info if "chưa được thành lập" in i.value)
    assert statement.startswith("Phường Thành Sen chưa được thành lập trong kỳ Quý IV/2024")
    assert [tab.label for tab in at.tabs] == ["Chỉ tiêu"]
    assert not at.metric and "Nhiệm vụ quá hạn" not in _text(at)
    assert len(_frame(at, "Mã", "TTHC-3.1")) > 0
    assert "[xem kết quả Quý II/2026](don-vi?unit=X2025-18073&period=2026-Q2&asof=2026-06-30)" in _text(at)


def _offered(monkeypatch) -> dict:
    """The page's download buttons by key: label, file name, type and data (a function: built when clicked)."""
    import streamlit

    offered: dict = {}

    def download_button(label, data, file_name=None, mime=None, **kwargs):
        offered[kwargs.get("key") or label] = (label, file_name, mime, data)
        return False

    monkeypatch.setattr(streamlit, "download_button", download_button)
    return offered


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by make test")
def test_the_score_card_download_holds_the_page_figures(demo_path, monkeypatch):
    offered = _offered(monkeypatch)
    at = _page()
    label, name, mime, data = offered["units_card_pdf"]
    assert (label, name, mime) == ("Tải phiếu kết quả (PDF)", "MAU_phieu-cchc-2024-Q4-H436.pdf", "application/pdf")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data(), capture_output=True, check=True).stdout \
        .decode("utf-8")
    assert "Thành phố Hà Tĩnh" in text and "Quý IV/2024 · Kế hoạch năm 2024 · Số liệu đến ngày 31/12/2024" in text
    targets = _frame(at, "Mã", "TTHC-3.1")
    row = targets[targets["Mã"] == "TTHC-3.1"].iloc[0]
    line = next(line for line in text.splitlines() if line.startswith("TTHC-3.1 "))
    assert str(row["Mới nhất"]) in line and line.rstrip().endswith(str(row["Trạng thái"]))
    label, name, mime, data = offered["units_cards_zip"]
    assert (label, name, mime) == ("Tải phiếu kết quả của mọi đơn vị (ZIP)", "MAU_phieu-cchc-2024-Q4.zip",
                                   "application/zip")
    assert callable(data)       # built when clicked (the CLI's test opens one)


def test_a_unit_out_of_the_period_offers_no_score_card(demo_path, monkeypatch):
    offered = _offered(monkeypatch)
    _page("X2025-18073")         # Phường Thành Sen, formed 1/7/2025, seen for Quý IV/2024
    assert "units_card_pdf" not in offered and "units_cards_zip" not in offered
