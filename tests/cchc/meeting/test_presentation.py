"""Presentation mode's HTML: status colours on rows, text escaped, the date and sample label on every screen."""
import pandas as pd

from cchc.meeting import presentation
from cchc.meeting.agenda import Meeting, View
from cchc.metrics import target_status as rules
from cchc.periods import Period
from tests.cchc.charts.conftest import tree


def test_table_rows_take_their_status_colour_and_text_is_escaped():
    view = View("t", "Tiêu đề", "Câu chính", pd.DataFrame({"Đơn vị": ["Sở <Nội vụ>", "Sở Tư pháp"]}),
                row_status=[rules.BEHIND, rules.MET])
    html = presentation.table_html(view)
    assert "Sở &lt;Nội vụ&gt;" in html and "<Nội vụ>" not in html
    assert 'background:#F8D7D3' in html and 'background:#D5EBDC' in html


def test_every_screen_says_the_date_and_sample(tmp_path):
    view = View("t", "Tiêu đề", "Câu chính", pd.DataFrame())
    sample = Meeting(2024, Period(2024, 4), Period(2024, 4).end, True, [view, view])
    text = presentation.status_html(sample, 2)
    assert "Số liệu đến ngày 31/12/2024" in text and "DỮ LIỆU MẪU" in text and "2/2" in text
    real = Meeting(2024, Period(2024, 4), Period(2024, 4).end, False, [view])
    assert "DỮ LIỆU MẪU" not in presentation.status_html(real, 1)
    plan = Meeting(2026, Period(2026, 2), Period(2026, 2).end, True, [view], is_sample_plan=True)
    assert "KẾ HOẠCH MẪU, DỮ LIỆU MẪU" in presentation.status_html(plan, 1)


def test_keyboard_and_auto_advance_script():
    script = presentation.keyboard_script(20)
    assert "ArrowRight" in script and "PageUp" in script and presentation.NEXT in script and "20000" in script
    assert "setTimeout(() => press" in script and "if (0 > 0)" in presentation.keyboard_script(None)


def test_a_finished_screen_has_its_parts_and_its_chart_when_it_has_one(views):
    meeting, _ = views
    for number, view in enumerate(meeting.views, 1):
        screen = presentation.screen(meeting, number)
        assert screen.key == view.key and f"{number}/{len(meeting.views)}" in screen.status
        assert view.title in screen.heading and screen.table.startswith('<div class="cchc-screen">')
        assert (screen.chart is not None) == bool(view.chart and view.chart.categories and not view.unit_map)
        if screen.chart is not None:
            assert screen.chart.to_dict()["layout"]["font"]["size"] == 20
        assert bool(screen.picture) == (view.unit_map is not None)
        if view.key == "map":       # the map screen: the 69 units (no links), the lineage note (2024) under the table
            units = [g for g in tree(screen.picture).iter("g") if g.get("role") == "img"]
            assert len(units) == 69 and "<a " not in screen.picture
            assert view.unit_map.note in screen.table


def test_the_screens_charts_show_the_change_and_the_shares_at_a_readable_size(views):
    """On the projector: the index on an axis that shows 85 → 90 and says it does not start at zero; counts stacked
    by status drawn as shares with the counts beside; no text Plotly may shrink under 18 px; the chart's title in
    the page (where it wraps), not in the figure (where it is cut)."""
    meeting, _ = views
    screens = {view.key: presentation.screen(meeting, n) for n, view in enumerate(meeting.views, 1)}
    index = screens["indices"].chart.to_dict()
    line = index["data"][0]
    assert line["type"] == "scatter" and line["y"][-1] == 89.72 and line["text"][-1] == "89,72"
    assert index["layout"]["yaxis"]["range"] == [84.0, 91.0]
    assert "Trục dọc bắt đầu từ 84,<br>không phải từ 0" in [a["text"] for a in index["layout"]["annotations"]]
    reports = screens["reporting"].chart.to_dict()
    assert reports["layout"]["barmode"] == "stack" and reports["layout"]["xaxis"]["range"] == [0, 100]
    on_time = next(t for t in reports["data"] if t["name"] == "Đúng hạn")
    assert on_time["x"][-1] == 76.9 and on_time["text"][-1] == "77% (166)"
    assert "Tỉ lệ đơn vị theo tình hình nộp báo cáo" in screens["reporting"].chart_title
    for key, shown in screens.items():
        if key == "map":        # a picture, its text in CSS pixels: 20 px, its title 22 px
            assert "font-size:20px" in shown.picture and "font-size:22px" in shown.picture
            continue
        if key == "provinces":  # a table alone (cchc.meeting.agenda._provinces says why)
            assert shown.chart is None and "6/61 (hạng tự tính)" in shown.table
            continue
        spec = shown.chart.to_dict()
        assert "text" not in spec["layout"].get("title", {})
        assert spec["layout"]["uniformtext"] == {"minsize": 18, "mode": "hide"}
        assert all(t["textfont"]["size"] >= 18 and t.get("textangle", 0) == 0 for t in spec["data"])
        assert spec["layout"]["yaxis"]["tickfont"]["size"] >= 18
    lagging = screens["lagging"].chart.to_dict()
    assert "Văn phòng<br>UBND tỉnh" not in lagging["data"][0]["y"]        # room for the name on one line
