"""The units page's finished view of one unit, and a comparison with the unit picked out."""
from datetime import date

from cchc.views import units as views
from cchc.views.units_page import comparison_chart, unit_options, unit_page


def test_options_label_every_unit(sample):
    options = unit_options(views.unit_options(sample, 2024))
    assert len(options.codes) == len(options.labels) == 259
    assert options.labels["X18070"] == "Phường Trần Phú (Thành phố Hà Tĩnh) · UBND cấp xã"


def test_a_districts_page(sample):
    report = views.unit_report(sample, "H436", 2024, 4, date(2024, 12, 31))
    page = unit_page(report, "2024-Q4", date(2024, 12, 31), "vi")
    assert (page.name, page.kind) == ("Thành phố Hà Tĩnh", "district") and "mã H436" in page.facts
    assert [m.label for m in page.metrics][:3] == ["Chỉ tiêu đã đạt", "Nhiệm vụ quá hạn", "Báo cáo đã gửi"]
    assert len(page.targets) == len(report.targets) and len(page.tasks) == len(report.tasks)
    assert page.submissions is not None and page.is_sample
    assert page.tasks_caption.endswith("31/12/2024, theo báo cáo của chính đơn vị.")


def test_comparison_picks_out_the_unit_and_names_the_missing(sample):
    comparison = views.compare_units(sample, "commune", "target:TTHC-3.1", 2024, 4, "H436")
    shown = comparison_chart(comparison, "X18070", "vi")
    assert shown.chart is not None
    bars = shown.chart.to_dict()["data"][0]
    assert bars["marker"]["color"].count("#D55E00") == 1
    assert (shown.missing is None) == (not comparison.missing)
