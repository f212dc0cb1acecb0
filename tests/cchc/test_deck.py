"""The meeting deck: the PPTX opened with python-pptx (titles, table cells, chart series, notes) and the PDF
turned into text with pdftotext (Vietnamese words with their diacritics, key numbers, embedded font)."""
import io
import shutil
import subprocess

import pytest
from pptx import Presentation

from cchc.deck import build_pptx
from cchc.deck_pdf import build_pdf


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
        chart = next(s for s in slide.shapes if s.has_chart).chart
        assert list(chart.plots[0].categories) == view.chart.categories
        assert {s.name: list(s.values) for s in chart.series} == \
            {name: [float(v) for v in values] for name, values in view.chart.series.items()}
        notes = slide.notes_slide.notes_text_frame.text
        assert view.headline in notes and view.notes[0] in notes


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
