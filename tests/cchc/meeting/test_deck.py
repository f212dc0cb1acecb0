"""The meeting deck: the PPTX opened with python-pptx (titles, table cells, chart series, notes) and the PDF
turned into text with pdftotext (Vietnamese words with their diacritics, key numbers, embedded font); names
holding HTML, Markdown, formula signs, "$…$" or 100,000 characters come out as typed."""
import dataclasses
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from cchc.meeting.deck import build_pptx
from cchc.meeting.deck_pdf import LONGEST, build_pdf
from cchc.store.exports import excel_text
from tests import hostile_text as hostile

NAMES = [*hostile.HOSTILE, "$\\frac$ $x^2$", hostile.LONG]     # "$…$" is mathematics to matplotlib


@pytest.fixture(scope="module")
def deck(views):
    return Presentation(io.BytesIO(build_pptx(views[0]))), views[0]


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_title_slide(deck):
    presentation, meeting = deck
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    first = texts(presentation.slides[0])
    assert "Tình hình thực hiện Kế hoạch cải cách hành chính năm 2024" in first
    assert "Kế hoạch năm 2024 · Quý IV/2024 · Số liệu đến ngày 31/12/2024" in first
    assert "DỮ LIỆU MẪU – không phải số liệu thật" in first
    assert len(presentation.slides) == 1 + len(meeting.views)


def test_each_view_slide_has_its_table_chart_notes_and_date(deck):
    presentation, meeting = deck
    for slide, view in zip(list(presentation.slides)[1:], meeting.views):
        assert view.title in texts(slide) and view.headline in texts(slide)
        assert "Quý IV/2024 · Số liệu đến ngày 31/12/2024" in texts(slide)
        table = next(s for s in slide.shapes if s.has_table).table
        assert [c.text for c in table.rows[0].cells] == list(view.table.columns)
        assert [c.text for c in table.rows[1].cells] == [str(v) for v in view.table.iloc[0]]
        if view.unit_map is not None or view.chart is None:  # the map: a picture (test_the_map_slide); no chart
            assert not any(s.has_chart for s in slide.shapes)
            continue
        chart = next(s for s in slide.shapes if s.has_chart).chart
        assert list(chart.plots[0].categories) == view.chart.categories
        assert {s.name: list(s.values) for s in chart.series} == \
            {name: [float(v) for v in view.chart.drawn(name)] for name in view.chart.series}
        notes = slide.notes_slide.notes_text_frame.text
        assert view.headline in notes and view.notes[0] in notes


def test_the_deck_draws_the_charts_as_the_projector(deck):
    """The index on its fitted axis, said under the title; the reports as shares with the counts beside."""
    presentation, meeting = deck
    slides = dict(zip((v.key for v in meeting.views), list(presentation.slides)[1:]))
    index = next(s for s in slides["indices"].shapes if s.has_chart).chart
    assert index.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert (index.value_axis.minimum_scale, index.value_axis.maximum_scale) == (84, 91)
    assert "Trục dọc bắt đầu từ 84, không phải từ 0" in index.chart_title.text_frame.text
    reports = next(s for s in slides["reporting"].shapes if s.has_chart).chart
    assert reports.value_axis.maximum_scale == 100
    on_time = reports.plots[0].series[0]
    assert on_time.name == "Đúng hạn" and on_time.points[3].data_label.text_frame.text == "77% (166)"


def test_the_map_slide_and_page(deck, tmp_path):
    """The map view is a picture of the 69 units (drawn with matplotlib) with the lineage note; the PDF page draws
    the map with the boundaries' credit under it."""
    from PIL import Image

    presentation, meeting = deck
    number, view = next((n, v) for n, v in enumerate(meeting.views, 1) if v.key == "map")
    slide = presentation.slides[number]
    picture = next(s for s in slide.shapes if s.shape_type == 13)          # MSO_SHAPE_TYPE.PICTURE
    image = Image.open(io.BytesIO(picture.image.blob))
    assert picture.image.content_type == "image/png" and image.size[0] > 1000
    colours = {colour for _, colour in image.convert("RGB").getcolors(1 << 20)}
    assert (0x1B, 0x7F, 0x3B) in colours            # the units met, in the app's green
    assert view.unit_map.note in texts(slide) and view.unit_map.credit in slide.notes_slide.notes_text_frame.text
    assert not any(s.has_chart for s in slide.shapes)
    if shutil.which("pdftotext"):
        path = tmp_path / "deck.pdf"
        path.write_bytes(build_pdf(dataclasses.replace(meeting, views=[view])))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        assert view.title in flat and "sapnhap.bando.com.vn" in flat and "Đạt (" in flat


def test_key_numbers(deck):
    presentation, _ = deck
    indices = next(s for s in presentation.slides[1].shapes if s.has_table).table
    assert [c.text for c in indices.rows[1].cells][:4] == ["PAR INDEX", "2024", "89,72%", "15/63"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by make test")
def test_pdf_text_has_vietnamese_and_the_numbers(views, tmp_path):
    meeting = views[0]
    path = tmp_path / "deck.pdf"
    path.write_bytes(build_pdf(meeting))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("Tình hình thực hiện Kế hoạch cải cách", "Số liệu đến ngày 31/12/2024", "Năm chỉ số cải cách hành chính",
                  "Chỉ tiêu năm 2024 theo trạng thái", "Nhiệm vụ quá hạn theo đơn vị chủ trì", "89,72%", "15/63",
                  "DỮ LIỆU MẪU", meeting.views[1].headline.split(";")[0]):
        assert words in text, words
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])


@pytest.fixture(scope="module")
def hostile_deck(views):
    """The meeting with hostile names for its lagging units: in the table, the chart and the notes."""
    meeting = views[0]
    view = next(v for v in meeting.views if v.key == "lagging")
    table = view.table.copy()
    table.iloc[:len(NAMES), 0] = NAMES
    chart = dataclasses.replace(view.chart, categories=[*NAMES, *view.chart.categories[len(NAMES):]])
    shown = dataclasses.replace(view, table=table, chart=chart, notes=[*NAMES, *view.notes])
    return dataclasses.replace(meeting, views=[shown if v is view else v for v in meeting.views]), shown


def test_names_are_shown_as_typed_and_never_become_formulas(hostile_deck):
    meeting, view = hostile_deck
    slide = Presentation(io.BytesIO(build_pptx(meeting))).slides[1 + meeting.views.index(view)]
    table = next(s for s in slide.shapes if s.has_table).table
    assert [table.cell(r, 0).text for r in range(1, len(NAMES) + 1)] == NAMES
    chart = next(s for s in slide.shapes if s.has_chart).chart
    in_excel = [*NAMES[:-1], excel_text(hostile.LONG)]      # what one cell of the chart's data sheet holds
    assert list(chart.plots[0].categories)[:len(NAMES)] == in_excel
    assert all(name in slide.notes_slide.notes_text_frame.text for name in NAMES)
    # the data sheet "Edit Data" opens in Excel: text cells, no formula, no link
    sheet = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.value for c in cells if c.column == 1][1:len(NAMES) + 1] == in_excel
    assert not [c.coordinate for c in cells if c.data_type == "f" or c.hyperlink]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by make test")
def test_pdf_shows_names_as_typed(hostile_deck, tmp_path):
    meeting, view = hostile_deck
    path = tmp_path / "deck.pdf"
    path.write_bytes(build_pdf(meeting))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())                 # long cells are wrapped over lines
    for name in NAMES[:-1]:
        assert "".join(name.split()) in flat, name
    assert "N" * (LONGEST - 1) + "…" in flat      # a name longer than a page can hold is cut
    assert text.count("\f") == len(meeting.views) + 1


def test_a_sample_plan_is_marked_on_every_slide_and_page(views, tmp_path):
    """The sample 2026 plan's deck says "Kế hoạch mẫu" in its title and on every slide and PDF page."""
    from cchc.look import SAMPLE_PLAN_LABEL

    meeting = dataclasses.replace(views[0], plan_year=2026, is_sample_plan=True)
    slides = Presentation(io.BytesIO(build_pptx(meeting))).slides
    assert "Tình hình thực hiện Kế hoạch mẫu năm 2026 (không phải kế hoạch chính thức)" in texts(slides[0])
    assert all(SAMPLE_PLAN_LABEL in texts(slide) for slide in slides)
    if shutil.which("pdftotext"):
        path = tmp_path / "deck.pdf"
        path.write_bytes(build_pdf(dataclasses.replace(meeting, views=meeting.views[:1])))
        pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")
        assert all("KẾ HOẠCH MẪU" in page for page in pages if page.strip()) and len(pages) >= 2


def test_the_provinces_slide_says_where_ha_tinh_stands(deck):
    """Issue 21: the deck's "Hà Tĩnh giữa các tỉnh": per index, the rank nationally and in Bắc Trung Bộ."""
    presentation, meeting = deck
    slide = presentation.slides[1 + [v.key for v in meeting.views].index("provinces")]
    assert "Hà Tĩnh giữa các tỉnh" in texts(slide)
    assert "PAPI 2024: Hà Tĩnh xếp hạng 6/61 (hạng tự tính) cả nước, thứ 1/6 Bắc Trung Bộ." in texts(slide)
    table = next(s for s in slide.shapes if s.has_table).table
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in list(table.rows)[1:]}
    assert rows["PAPI"] == ["PAPI", "2024", "6/61 (hạng tự tính)", "1/6 Bắc Trung Bộ", "61/63"]
