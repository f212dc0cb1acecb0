"""A chart by year drawn on the server: its axis around the values, lines never joined across series, labels off
the line, hollow marks on flagged points, a target as a line or a zone, a note where something changes."""
from __future__ import annotations

from cchc.charts.years import Note, Point, Series, Target, rank_axis, score_axis, year_chart
from tests.cchc.charts.conftest import tree


def _points(values: dict[int, float], flagged: tuple[int, ...] = ()) -> tuple[Point, ...]:
    return tuple(Point(year, value, f"{value:g}", f"Năm {year}: {value:g}", year in flagged)
                 for year, value in values.items())


def _plot(root):
    """The plot's own SVG (the axis's ticks are left of it, the legend under it)."""
    return root[1][1]


def _y(element) -> float:
    return float(element.get("cy") or element.get("y"))


def test_a_score_axis_shows_the_change_not_the_distance_from_zero():
    axis = score_axis([85.31, 88.6, 89.72, 96.17], "%")
    assert 80 <= axis.low < 85.31 and 96.17 < axis.high <= 100
    assert axis.tick_texts[0].endswith("%") and len(axis.ticks) in range(4, 9)
    assert all(b > a for a, b in zip(axis.ticks, axis.ticks[1:]))
    small = score_axis([0.3026, 0.6961, 0.8241])
    assert small.tick_texts[:2] == ("0,2", "0,4")                                # decimal commas, round steps
    quarter = score_axis([0.5, 1.4])                     # a step of 0,25 keeps both its decimals
    assert quarter.tick_texts[:3] == ("0,25", "0,50", "0,75")


def test_points_are_placed_by_year_and_value_with_their_words():
    chart = year_chart("Điểm <số>", [Series("Hà Tĩnh", "#0072B2", _points({2022: 85.0, 2023: 88.0, 2024: 89.7}))],
                       score_axis([85.0, 89.7]))
    root = tree(chart)
    assert root.get("aria-label") == "Điểm <số>" and root.find("figcaption").text == "Điểm <số>"
    circles = root.findall(".//circle[title]")
    assert [c.find("title").text for c in circles] == ["Năm 2022: 85", "Năm 2023: 88", "Năm 2024: 89.7"]
    assert [float(c.get("cx").rstrip("%")) for c in circles] == sorted(float(c.get("cx").rstrip("%")) for c in circles)
    assert _y(circles[0]) > _y(circles[2])                                        # more is higher
    assert len(_plot(root).findall("line[@stroke='#0072B2']")) == 2                 # three points, two segments
    labels = [t for t in _plot(root).iter("text") if t.text in ("85", "88", "89.7")]
    # every written value but the last is minor: hidden where the picture is too narrow for them
    assert [t.get("class") for t in labels] == ["cchc-minor", "cchc-minor", None]
    assert "cchc-years-3" in root.get("class")


def test_labels_sit_off_the_line():
    root = tree(year_chart("Hạng", [Series("Hạng", "#0072B2", _points({2021: 8.0, 2022: 28.0, 2023: 18.0}))],
                           rank_axis(63, "Hạng")))
    marks = {c.find("title").text: _y(c) for c in root.findall(".//circle[title]")}
    labels = {t.text: float(t.get("y")) for t in root.iter("text") if t.text in ("8", "28", "18")}
    assert marks["Năm 2021: 8"] < marks["Năm 2022: 28"]                            # rank 1 at the top
    assert labels["28"] > marks["Năm 2022: 28"]             # the line comes down to 28: its value is written under it
    assert labels["8"] < marks["Năm 2021: 8"]


def test_flagged_points_are_hollow_and_the_legend_says_why():
    root = tree(year_chart("Hạng", [Series("Hạng trên 63 tỉnh", "#0072B2", _points({2017: 17.0, 2018: 13.0},
                                                                                    flagged=(2017,)))],
                           rank_axis(63, "Hạng"), flagged="Suy ra / chưa chắc chắn"))
    first, second = root.findall(".//circle[title]")
    assert first.get("fill") == "#FFFFFF" and first.get("stroke") == "#0072B2"
    assert second.get("fill") == "#0072B2"
    legend = "".join(root[-1].itertext())
    assert "Hạng trên 63 tỉnh" in legend and "Suy ra / chưa chắc chắn" in legend


def test_series_are_never_joined_and_a_note_marks_the_change():
    before = Series("Hạng trên 63 tỉnh", "#0072B2", _points({2022: 37.0, 2023: 37.0, 2024: 25.0}))
    after = Series("Hạng trên 34 tỉnh", "#CC79A7", _points({2024: 7.0}), dash="2 6")
    root = tree(year_chart("Hạng", [before, after], rank_axis(63, "Hạng"),
                           notes=[Note(2024, "Đổi cách xếp hạng: 63 → 34 tỉnh", "#CC79A7")]))
    assert len(_plot(root).findall("line[@stroke='#0072B2']")) == 2
    assert not _plot(root).findall("line[@stroke-dasharray='2 6']")               # one point: no line of its own
    assert "Đổi cách xếp hạng: 63 → 34 tỉnh" in [t.text for t in root.iter("text")]
    assert len(_plot(root).findall("line[@stroke='#CC79A7']")) == 1                # the note's line, between years


def test_targets_a_score_line_and_a_rank_zone():
    score = tree(year_chart("Điểm", [Series("Hà Tĩnh", "#0072B2", _points({2023: 88.0, 2024: 85.0}))],
                            score_axis([85.0, 94.0]), [Target(2024, 94.0, "Mục tiêu 2024: ≥ 94%", "#D55E00")]))
    line = next(e for e in score.iter("line") if e.findtext("title") == "Mục tiêu 2024: ≥ 94%")
    marks = {c.find("title").text: _y(c) for c in score.findall(".//circle[title]")}
    assert float(line.get("y1")) < marks["Năm 2023: 88"]                          # 94 above 88
    rank = tree(year_chart("Hạng", [Series("Hạng", "#0072B2", _points({2024: 15.0}))], rank_axis(63, "Hạng"),
                           [Target(2024, 10.0, "Mục tiêu 2024: top 10", "#D55E00", best=0.5)]))
    zone = next(e for e in rank.iter("rect") if e.findtext("title") == "Mục tiêu 2024: top 10")
    mark = _y(rank.find(".//circle[title]"))
    assert float(zone.get("y")) + float(zone.get("height")) < mark                 # rank 15 is outside the top 10
    assert "Mục tiêu 2024: top 10" in "".join(rank[-1].itertext())
