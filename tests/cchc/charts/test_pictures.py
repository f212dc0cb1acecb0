"""The server-drawn pictures: a bar of shares with the share and count of each part, groups of them, a trend line."""
from __future__ import annotations

import re

from cchc import look
from cchc.charts.pictures import Part, ink_on, share_bar, shares, trend_line
from tests.cchc.charts.conftest import coloured, tree


def _width(element) -> float:
    return float(re.search(r"flex:0 0 ([\d.]+)%", element.get("style")).group(1))


def test_a_bar_of_shares_writes_each_share_and_count():
    parts = [Part("■ Chậm, khó đạt", look.RED, 15), Part("◆ Đúng tiến độ", look.BLUE, 0),
             Part("▲ Có nguy cơ", look.AMBER, 3), Part("● Đạt", look.GREEN, 34)]
    root = tree(share_bar(parts, "Chỉ tiêu <2024>"))
    assert root.get("aria-label") == "Chỉ tiêu <2024>"            # escaped once, read as typed
    bar, legend = root
    segments = list(bar)
    assert [s.get("data-colour") for s in segments] == [look.RED, look.AMBER, look.GREEN]     # empty parts left out
    assert abs(sum(_width(s) for s in segments) - 100) < 0.01
    # written in the segment when wide enough (3/52 = 6% is not), in its title always, in the legend always
    assert ["".join(s.itertext()) for s in segments] == ["29% (15)", "", "65% (34)"]
    # a segment's text carries its length's class, by which web.style hides it where it does not fit
    assert [s[0].get("class") for s in segments if len(s)] == ["cchc-share-8", "cchc-share-8"]
    assert segments[1].get("title") == "▲ Có nguy cơ: 6% (3)"
    assert "".join(legend.itertext()) == "■ Chậm, khó đạt: 29% (15)▲ Có nguy cơ: 6% (3)● Đạt: 65% (34)"


def test_the_text_on_a_colour_reads_at_4_5_to_1():
    assert [ink_on(hue) for hue in (look.GREEN, look.BLUE, look.RED)] == ["#FFFFFF"] * 3
    assert [ink_on(hue) for hue in (look.AMBER, look.GREY, look.PURPLE, look.PALE)] == ["#000000"] * 4


def test_groups_of_shares_one_bar_each():
    root = tree(shares(["Sở", "Xã"], [("✓ Đúng hạn", look.GREEN, [12, 166]), ("— Chưa nộp", look.GREY, [1, 0])],
                       "Tình trạng Quý IV/2024"))
    assert root.find("figcaption").text == "Tình trạng Quý IV/2024"
    grid = root[1]
    names = ["".join(row[0].itertext()) for row in grid]
    assert names == ["Sở (13)", "Xã (166)"]
    for row in grid:
        assert abs(sum(_width(s) for s in row[1]) - 100) < 0.01
    assert ["".join(s.itertext()) for s in grid[1][1]] == ["100% (166)"]
    assert {e.get("data-colour") for e in coloured(root)} == {look.GREEN, look.GREY}


def test_a_trend_line_marks_the_last_year_and_says_every_point():
    root = tree(trend_line([2022, 2023, 2024], [80.0, 85.0, 89.72], ["Năm 2022: 80", "Năm 2023: 85", "Năm 2024: 89,72"],
                           look.BLUE))
    circles = root.findall(".//circle")
    assert [c.get("r") for c in circles] == ["3.5", "3.5", "6"]
    assert [c.find("title").text for c in circles] == ["Năm 2022: 80", "Năm 2023: 85", "Năm 2024: 89,72"]
    assert float(circles[0].get("cy")) > float(circles[-1].get("cy"))       # more is higher
    assert "".join(root[1].itertext()) == "20222024"
    ranks = tree(trend_line([2022, 2024], [20.0, 15.0], ["hạng 20", "hạng 15"], look.BLUE, reversed_axis=True))
    first, last = ranks.findall(".//circle")
    assert float(first.get("cy")) > float(last.get("cy"))                  # rank 15 is above rank 20
