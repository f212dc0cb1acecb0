"""The meeting deck as a 16:9 PowerPoint file: a title slide, then one slide per meeting view with its
table (status rows coloured), a native chart staff can edit, the as-of date and the sample-data label
on every slide, and the numbers behind each slide in the speaker notes.

Names in the views (units, targets) are shown literally: python-pptx writes text runs as plain text, and
the chart's data sheet (what "Edit Data" opens in Excel) is written with text cells only, never formulas
or links, whatever a name begins with.
"""
from __future__ import annotations

import io
from contextlib import contextmanager

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PptxPresentation
from pptx.util import Emu, Inches, Length, Pt
from xlsxwriter import Workbook

from cchc import look
from cchc.charts.common import Chart
from cchc.meeting.agenda import Meeting, View
from cchc.meeting.map_picture import map_png
from cchc.metrics import target_status
from cchc.store.exports import excel_text
from cchc.views.unit_map import UnitMap

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)      # 13⅓ × 7½ inches: PowerPoint's 16:9
MARGIN = Inches(0.5)
INK, MUTED, ACCENT = RGBColor(0x1F, 0x29, 0x33), RGBColor(0x52, 0x60, 0x6D), RGBColor(0x0B, 0x4F, 0x8A)
# Light fills with dark text for status rows (cchc.look): readable printed in grey as well as on a projector.
ROW_FILLS = {status: look.fill(colour).lstrip("#") for status, colour in target_status.COLOURS.items()}


class _TextSheetWriter(CategoryWorkbookWriter):
    """python-pptx's writer of a chart's data sheet, with XlsxWriter told to keep text as text: by default it
    writes a category beginning with "=" as a formula and one that looks like a URL as a link."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        yield workbook, workbook.add_worksheet()
        workbook.close()


class _ChartData(CategoryChartData):
    """Chart data whose data sheet is written by :class:`_TextSheetWriter` (python-pptx's hook for it)."""

    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _TextSheetWriter(self)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, text: str, size: int, bold: bool = False, colour: RGBColor = INK,
          align=PP_ALIGN.LEFT):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return box


def sample_mark(meeting: Meeting) -> str | None:
    """The label every slide, page and screen carries when the plan or the data are samples, else None."""
    return look.sample_label(plan=meeting.is_sample_plan, data=meeting.is_sample)


def _footer(slide, meeting: Meeting) -> None:
    _text(slide, MARGIN, HEIGHT - Inches(0.55), Inches(7), Inches(0.4), meeting.subtitle, 14, colour=MUTED)
    mark = sample_mark(meeting)
    if mark:
        _text(slide, WIDTH - MARGIN - Inches(5.5), HEIGHT - Inches(0.55), Inches(5.5), Inches(0.4), mark,
              14, bold=True, colour=_rgb(look.SAMPLE_COLOUR[1:]), align=PP_ALIGN.RIGHT)


def _table(slide, view: View, left: Length, top: Length, width: Length) -> None:
    frame = view.table
    rows, columns = len(frame) + 1, len(frame.columns)
    shape = slide.shapes.add_table(rows, columns, left, top, width, Inches(0.4) * rows)
    table = shape.table
    for c, header in enumerate(frame.columns):
        cell = table.cell(0, c)
        cell.text = str(header)
        cell.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
        cell.text_frame.paragraphs[0].runs[0].font.bold = True
    for r, row in enumerate(frame.itertuples(index=False), 1):
        status = view.row_status[r - 1] if r - 1 < len(view.row_status) else None
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = str(value)
            run = cell.text_frame.paragraphs[0].runs[0]
            run.font.size, run.font.color.rgb = Pt(13), INK
            if status in ROW_FILLS:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(ROW_FILLS[status])


def _chart(slide, data: Chart, left: Length, top: Length, width: Length, height: Length) -> None:
    """The view's chart as the projector draws it (:func:`cchc.charts.common.meeting_chart`): a trend as a line on
    its fitted axis, shares of a whole with the counts beside, else the values on bars."""
    shares = data.totals is not None
    chart_data = _ChartData(number_format='0"%"' if shares else "0" if data.decimals == 0 else "0.00")
    # the chart's XML and its data sheet cannot hold control characters
    chart_data.categories = [excel_text(str(c)) for c in data.categories]
    for name in data.series:
        chart_data.add_series(excel_text(name), data.drawn(name))
    if data.trend:
        kind = XL_CHART_TYPE.LINE_MARKERS
    elif data.stacked:
        kind = XL_CHART_TYPE.BAR_STACKED
    else:
        kind = XL_CHART_TYPE.BAR_CLUSTERED if len(data.categories) > 5 else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, left, top, width, height, chart_data).chart
    chart.has_title = True
    title = chart.chart_title.text_frame
    title.text = data.title
    title.paragraphs[0].runs[0].font.size = Pt(16)
    note = data.axis_note()
    if note:                                # the axis does not start at zero: said under the title
        run = title.add_paragraph().add_run()
        run.text = note
        run.font.size, run.font.bold = Pt(12), False
    chart.font.size = Pt(12)
    chart.has_legend = len(data.series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    if data.trend or shares:
        low, high = data.value_range() if data.trend else (0.0, 100.0)
        chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = low, high
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(12)
    plot.data_labels.number_format = chart_data.number_format
    plot.data_labels.number_format_is_linked = False
    if kind in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED):
        chart.category_axis.reverse_order = True       # first category on top, as in the table
    for number, (series, name) in enumerate(zip(plot.series, data.series)):
        if shares:                          # "77% (166)": the share with its count
            for point, label in zip(series.points, data.labels(name)):
                point.data_label.text_frame.text = label
                point.data_label.font.size = Pt(12)
        if data.trend:
            continue
        colours = data.series_colour(number, name)
        if isinstance(colours, list):        # one series, each bar in its status's colour
            for point, colour in zip(series.points, colours):
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(colour)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(colours)


def _map_picture(slide, unit_map: UnitMap) -> None:
    left, top, width = MARGIN + Inches(4.4), Inches(1.7), WIDTH - 2 * MARGIN - Inches(4.4)
    slide.shapes.add_picture(io.BytesIO(map_png(unit_map, (8.0, 4.6))), left, top, width=width)
    if unit_map.note:
        _text(slide, MARGIN, Inches(5.0), Inches(4.2), Inches(1.2), unit_map.note, 13, colour=MUTED)


def _view_slide(presentation: PptxPresentation, meeting: Meeting, view: View) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])      # blank
    _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.8), view.title, 32, bold=True, colour=ACCENT)
    _text(slide, MARGIN, Inches(1.1), WIDTH - 2 * MARGIN, Inches(0.6), view.headline, 18)
    body_top = Inches(1.8)
    table_width = (WIDTH - 2 * MARGIN) * (0.58 if view.chart else 0.33 if view.unit_map else 1.0)
    if len(view.table):
        _table(slide, view, MARGIN, body_top, Emu(int(table_width)))
    if view.chart and view.chart.categories:
        left = MARGIN + int(table_width) + Inches(0.2)
        _chart(slide, view.chart, Emu(left), body_top, Emu(WIDTH - MARGIN - left), Emu(HEIGHT - body_top - Inches(0.8)))
    if view.unit_map is not None:       # the map as a picture (its credit drawn under it), the note beside
        _map_picture(slide, view.unit_map)
    _footer(slide, meeting)
    slide.notes_slide.notes_text_frame.text = "\n".join([view.headline, *view.notes])


def build_pptx(meeting: Meeting) -> bytes:
    """The deck as .pptx bytes."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    presentation.core_properties.title = meeting.title
    presentation.core_properties.author = "Sở Nội vụ tỉnh Hà Tĩnh"
    title = presentation.slides.add_slide(presentation.slide_layouts[6])
    _text(title, MARGIN, Inches(2.0), WIDTH - 2 * MARGIN, Inches(1.6), meeting.title, 40, bold=True, colour=ACCENT)
    _text(title, MARGIN, Inches(3.8), WIDTH - 2 * MARGIN, Inches(0.6),
          f"Kế hoạch năm {meeting.plan_year} · {meeting.subtitle}", 24)
    _text(title, MARGIN, Inches(4.5), WIDTH - 2 * MARGIN, Inches(0.5), "Sở Nội vụ tỉnh Hà Tĩnh", 20, colour=MUTED)
    mark = sample_mark(meeting)
    if mark:
        _text(title, MARGIN, Inches(5.3), WIDTH - 2 * MARGIN, Inches(0.5), mark, 20, bold=True,
              colour=_rgb(look.SAMPLE_COLOUR[1:]))
    title.notes_slide.notes_text_frame.text = "\n".join(f"{v.title}: {v.headline}" for v in meeting.views)
    for view in meeting.views:
        _view_slide(presentation, meeting, view)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
