"""AppTest of the map block on the overview and the Units page (sample data): the 69 units drawn for the filter
bar's period, the note on values before July 2025, the credit, the target and mode pickers, and each unit a link
to its page on the view shown."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlsplit

from streamlit.testing.v1 import AppTest

from cchc.views.unit_map import CREDIT
from tests.cchc.charts.conftest import tree
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import open_alone, sign_in_test_user

NOTE = ("Số liệu trước 01/07/2025 được cộng gộp từ các đơn vị cũ theo quá trình sáp nhập; các xã bị chia tách "
        "không được tính.")


def _map(at: AppTest):
    """The map's picture as the browser gets it."""
    return tree(next(m.value for m in at.markdown if 'class="cchc-map"' in m.value))


def _links(root) -> list[dict[str, str]]:
    """Each unit's link: its address's parameters."""
    return [dict(parse_qsl(urlsplit(a.get("href")).query)) | {"page": urlsplit(a.get("href")).path}
            for a in root.iter("a")]


def _overview(demo_path, **session: object) -> AppTest:
    """The overview (dashboard.py) with the map's widgets set before the run (a second run of dashboard.py in
    AppTest reads the filter bar's labels outside the script run, where nobody is signed in)."""
    at = sign_in_test_user(AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60), demo_path)
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_overview_map(demo_path) -> None:
    at = _overview(demo_path)
    assert "Bản đồ 69 xã, phường" in [s.value for s in at.subheader]
    root = _map(at)
    links = _links(root)
    assert len(links) == 69 and root[-1].text == CREDIT
    assert root.find("figcaption").text.startswith("TTHC-3.1 · Số hóa kết quả giải quyết TTHC · Quý IV/2024")
    assert NOTE in [i.value for i in at.info]                   # 2024: the former units' combined values
    assert at.radio(key="overview_map_mode").options == ["Trạng thái", "Giá trị"]
    # a unit opens its page on the view the overview shows (issue 20: it was computed as of today)
    assert {(link["page"], link["period"], link["asof"], link["level"], link["kind"]) for link in links} == \
        {("don-vi", "2024-Q4", "2024-12-31", "all", "all")}
    assert "X2025-18073" in {link["unit"] for link in links}
    shaded = _map(_overview(demo_path, overview_map_mode="value", overview_map_target="TTHC-3.5b"))
    assert "linear-gradient" in "".join(e.get("style", "") for e in shaded.iter())
    assert shaded.find("figcaption").text.startswith("TTHC-3.5b")


def test_the_overview_maps_links_carry_another_view(demo_path) -> None:
    """Quý II/2024 seen as of 15/08/2024, district level: the links say so."""
    at = _overview(demo_path, f_year=2024, f_period="2024-Q2", f_asof_period="2024-Q2", f_asof=date(2024, 8, 15),
                   f_level="district")
    links = _links(_map(at))
    assert {(link["period"], link["asof"], link["level"]) for link in links} == {("2024-Q2", "2024-08-15", "district")}


def test_units_page_map(demo_path) -> None:
    at = open_alone("units.py", params={"unit": "H436"})
    assert at.expander[0].label == "Bản đồ 69 xã, phường"
    assert not [m for m in at.markdown if 'class="cchc-map"' in m.value]       # drawn only once opened
    at.session_state["units_map_open"] = True
    at.run()
    links = _links(_map(at))
    assert len(links) == 69 and NOTE in [i.value for i in at.info]
    assert at.subheader[0].value == "Thành phố Hà Tĩnh"
    # a link opens a unit: the page reads it from its address
    opened = open_alone("units.py", params={"unit": "X2025-18652"})
    assert opened.subheader[0].value == "Phường Hà Huy Tập"
