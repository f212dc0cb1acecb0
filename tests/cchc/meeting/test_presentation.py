"""Presentation mode's HTML: status colours on rows, text escaped, the date and sample label on every screen."""
import pandas as pd

from cchc.meeting import presentation
from cchc.meeting.agenda import Meeting, View
from cchc.metrics import target_status as rules
from cchc.periods import Period


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
        assert (screen.chart is not None) == bool(view.chart and view.chart.categories or view.unit_map)
        if screen.chart is not None:
            assert screen.chart.to_dict()["layout"]["font"]["size"] == 20
        if view.key == "map":       # the map screen: the 69 units, the lineage note (2024) under the table
            assert len([c for t in screen.chart.to_dict()["data"] if t["type"] == "choropleth" for c in t["locations"]]) == 69
            assert view.unit_map.note in screen.table
