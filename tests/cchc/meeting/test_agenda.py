"""The meeting views on the sample data: each number agrees with the page it summarises."""
from datetime import date

from cchc.meeting.agenda import VIEW_KEYS, meeting
from cchc.metrics import target_status as rules
from cchc.metrics.task_state import OVERDUE
from cchc.periods import Period
from cchc.views import board


def test_the_meeting_has_five_views_with_date_and_sample_label(views):
    found, _ = views
    assert [v.key for v in found.views] == list(VIEW_KEYS)
    assert found.subtitle == "Quý IV/2024 · Số liệu đến ngày 31/12/2024" and found.is_sample
    assert all(v.title and v.headline and v.notes for v in found.views)
    assert not found.is_sample_plan


def test_the_sample_plan_year_meeting_is_marked(sample):
    found = meeting(sample, 2026, Period(2026, 2), date(2026, 6, 30))
    assert found.is_sample_plan and found.is_sample and found.title.startswith("Tình hình thực hiện Kế hoạch mẫu")


def test_indices(views):
    indices = views[0].views[0]
    row = indices.table.set_index("Chỉ số").loc["PAR INDEX"]
    assert (row["Năm"], row["Điểm"], row["Xếp hạng"], row["So với năm trước"]) == ("2024", "89,72%", "15/63",
                                                                                 "▲ tăng 3 bậc")
    assert indices.chart.series["Điểm"][-1] == 89.72 and indices.chart.categories[-1] == "2024"


def test_targets_by_status(views):
    found, expected = views
    targets = found.views[1]
    counts = dict(zip(targets.chart.categories, targets.chart.series["Số chỉ tiêu"]))
    assert counts == {rules.LABELS[s]: expected["targets"].get(s, 0) for s in rules.STATUSES}
    assert targets.headline.startswith(f"{expected['targets'][rules.MET]}/52 chỉ tiêu đã đạt")
    assert targets.row_status[0] == rules.BEHIND and len(targets.table) == 10
    rank = {status: n for n, status in enumerate(rules.WORST_FIRST)}     # the targets page's order, worst first
    assert [rank[s] for s in targets.row_status] == sorted(rank[s] for s in targets.row_status)


def test_lagging_units(views):
    found, expected = views
    lagging = found.views[2]
    worst = expected["units"].sort_values("lagging", ascending=False).iloc[0]
    assert f"{worst['lagging']:.0%}" == lagging.table.iloc[0]["Tỉ lệ chưa đạt tiến độ"]
    shares = [int(v.rstrip("%")) for v in lagging.table["Tỉ lệ chưa đạt tiến độ"]]
    assert shares == sorted(shares, reverse=True)


def test_overdue_by_lead_unit(views):
    found, expected = views
    overdue = found.views[3]
    tasks = expected["tasks"]
    count = int((tasks["state"] == OVERDUE).sum())
    assert overdue.headline.startswith(f"{count}/{len(tasks)} nhiệm vụ quá hạn đến ngày 31/12/2024")
    listed = {code for cell in overdue.table["Nhiệm vụ"] for code in cell.split(", ")}
    assert listed == set(tasks.loc[tasks["state"] == OVERDUE, "code"])


def test_reporting_status(views):
    found, expected = views
    reporting = found.views[4]
    states = expected["states"]["state"].value_counts()
    totals = {name: sum(values) for name, values in reporting.chart.series.items()}
    assert totals == {board.LABELS[s]: int(states.get(s, 0)) for s in board.STATES}


def test_map_of_the_69_units(views):
    view = next(v for v in views[0].views if v.key == "map")
    found = view.unit_map
    counts = found.counts()
    assert len(found.units) == 69 and found.target_code == "TTHC-3.1" and sum(counts.values()) == 69
    assert list(view.table["Số xã, phường"]) == [str(counts[s]) for s in rules.STATUSES]
    assert view.row_status == list(rules.STATUSES)
    assert found.note in view.notes and found.credit in view.notes          # 2024: through the lineage
    assert view.headline.startswith(f"TTHC-3.1 · Số hóa kết quả giải quyết TTHC: {counts[rules.MET]}/69 xã, phường đạt")


def test_the_index_is_a_trend_on_an_axis_that_shows_the_change(views):
    """85,31 → 89,72: an axis from zero would hide the rise; the chart says where its axis starts."""
    chart = views[0].views[0].chart
    assert chart.trend and chart.value_range() == (84.0, 91.0)
    assert chart.axis_note() == "Trục dọc bắt đầu từ 84, không phải từ 0"
    assert chart.labels("Điểm")[-1] == "89,72"


def test_counts_stacked_by_status_are_shares_with_the_counts_beside(views):
    """The reports by kind and the lagging units: each bar a share of its whole, so the 19 departments read as
    well as the 216 communes, and a small group keeps its count."""
    found, expected = views
    reporting = next(v.chart for v in found.views if v.key == "reporting")
    kinds = dict(zip(reporting.categories, range(len(reporting.categories))))
    communes = kinds["UBND cấp xã"]
    assert reporting.totals[communes] == sum(s[communes] for s in reporting.series.values())
    on_time = reporting.drawn(board.LABELS[board.ON_TIME])
    assert reporting.labels(board.LABELS[board.ON_TIME])[communes] == \
        f"{round(on_time[communes])}% ({reporting.series[board.LABELS[board.ON_TIME]][communes]})"
    for n in range(len(reporting.categories)):        # every kind's bar is one whole
        assert abs(sum(reporting.drawn(name)[n] for name in reporting.series) - 100) < 0.5
    lagging = next(v for v in found.views if v.key == "lagging")
    behind = lagging.chart.drawn(rules.LABELS[rules.BEHIND])
    at_risk = lagging.chart.drawn(rules.LABELS[rules.AT_RISK])
    shares = [int(v.rstrip("%")) for v in lagging.table["Tỉ lệ chưa đạt tiến độ"]]
    assert [round(a + b) for a, b in zip(behind, at_risk)] == shares      # the bars rank as the table does


def test_ha_tinh_among_the_provinces(views):
    """Issue 21: the meeting's view of Hà Tĩnh among the provinces, in the editions the comparison page opens on."""
    provinces = views[0].views[[v.key for v in views[0].views].index("provinces")]
    assert provinces.title == "Hà Tĩnh giữa các tỉnh" and provinces.chart is None
    rows = provinces.table.set_index("Chỉ số")
    assert list(rows.loc["PAPI"]) == ["2024", "6/61 (hạng tự tính)", "1/6 Bắc Trung Bộ", "61/63"]
    assert rows.loc["PAR INDEX", "Hạng trong vùng"] == "–"          # no other province of the region has a value
