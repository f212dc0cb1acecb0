"""Writes bao-cao-cchc.docx, the shipped template of the periodic CCHC report, laid out after Nghị định
30/2020/NĐ-CP (Phụ lục I: thể thức văn bản hành chính): A4; margins 20 mm top and bottom, 30 mm left, 15 mm right;
Times New Roman 14 (13 and 12 in the header block, 11 in the annex tables); the issuing body and the number on the
left, the Quốc hiệu and Tiêu ngữ on the right; place and date; the title; Nơi nhận and the signature block; page
numbers centred at the top from page 2.

The fields between braces are filled by cchc.documents.report (docxtpl: ``{{ … }}`` a value, ``{{r … }}`` a
highlighted placeholder, ``{%p … %}`` a paragraph's loop or condition, ``{%tr … %}`` a table row's,
``{% cellbg … %}`` a cell's colour). The office edits the .docx in Word; this script only makes the first one:

    .venv/bin/python data/templates/make_report_template.py
"""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

FONT = "Times New Roman"
OUT = Path(__file__).with_name("bao-cao-cchc.docx")


def _fonts(element, name: str = FONT) -> None:
    """Every script of a run or style in ``name``: Word picks the East Asian font for some Vietnamese letters."""
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), name)


def _paragraph(container, text: str = "", size: float = 14, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, after: float = 6, before: float = 0):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(1) if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY else None
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    if text:
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return paragraph


def _centred(container, text: str, size: float = 14, bold: bool = False, italic: bool = False, after: float = 0):
    return _paragraph(container, text, size, bold, italic, WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=after)


def _tag(container, text: str) -> None:
    """A paragraph holding only a docxtpl tag ({%p …%}): docxtpl removes it when it fills the template."""
    _paragraph(container, text, indent=False, after=0)


def _rule(container, indent_cm: float) -> None:
    """A short line under the paragraph before (the issuing body, the Tiêu ngữ, the title), as NĐ 30 draws it: an
    empty paragraph of a tiny size, indented on both sides, with a bottom border."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(indent_cm)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _widths(table, widths: list[float]) -> None:
    """Fixed column widths (cm), written in the grid and in every cell: Word reads one, LibreOffice the other."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_text(cell, text: str, size: float = 11, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold


def _row_property(row, name: str) -> None:
    """``w:tblHeader`` (printed again at the top of every page the table runs over) or ``w:cantSplit`` (a row kept
    whole on one page)."""
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _annex_table(document, headers: list[tuple[str, float]], loop: str, cells: list[str]) -> None:
    """A table with a header row, then a docxtpl row loop: ``{%tr for … %}``, the row of fields, ``{%tr endfor %}``."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [width for _, width in headers])
    for column, (header, _) in enumerate(headers):
        _cell_text(table.rows[0].cells[column], header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _row_property(table.rows[0], "w:tblHeader")
    _row_property(table.rows[2], "w:cantSplit")
    _cell_text(table.rows[1].cells[0], "{%tr for row in " + loop + " %}")
    for column, field in enumerate(cells):
        _cell_text(table.rows[2].cells[column], field)
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}")


def _section_lines(document, name: str) -> None:
    """A section's sentences, its overdue tasks and its placeholder (``name``: direction, or area in a loop)."""
    _tag(document, "{%p for line in " + name + ".lines %}")
    _paragraph(document, "{{ line }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if " + name + ".overdue %}")
    _paragraph(document, "{{ " + name + ".overdue_title }}")
    _tag(document, "{%p for item in " + name + ".overdue %}")
    _paragraph(document, "- {{ item }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _paragraph(document, "{{r " + name + ".placeholder }}")


def _header_block(document) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [6.3, 10.2])
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = first.add_run("ỦY BAN NHÂN DÂN")
    run.font.size, run.bold = Pt(13), True
    _centred(left, "TỈNH HÀ TĨNH", 13, bold=True)
    _rule(left, 1.8)
    _centred(left, "Số: …/BC-UBND", 13)
    national = right.paragraphs[0]
    national.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = national.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.font.size, run.bold = Pt(12), True
    _centred(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _rule(right, 2.4)
    _centred(right, "Hà Tĩnh, ngày      tháng      năm {{ draft_year }}", 13, italic=True)


def _signature(document) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [8.5, 8.0])
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    run = heading.add_run("Nơi nhận:")
    run.font.size, run.bold, run.italic = Pt(12), True, True
    for line in ("- Bộ Nội vụ;", "- Ban Chỉ đạo CCHC của Chính phủ;", "- TT Tỉnh ủy, TT HĐND tỉnh;",
                 "- Chủ tịch, các PCT UBND tỉnh;", "- Sở Nội vụ;", "- Lưu: VT, NC."):
        _paragraph(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, after=0)
    top = right.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = top.add_run("TM. ỦY BAN NHÂN DÂN")
    run.font.size, run.bold = Pt(14), True
    _centred(right, "CHỦ TỊCH", 14, bold=True, after=60)
    _centred(right, "{{r signer }}", 14)


def _page_numbers(section) -> None:
    """The page number centred at the top, from page 2 (NĐ 30): page 1 has a header of its own, empty."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _annex_title(document, number: str, title: str) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _centred(document, f"Phụ lục {number}", 14, bold=True)
    _centred(document, title, 14, bold=True)
    _centred(document, "(Kèm theo Báo cáo số …/BC-UBND ngày … của Ủy ban nhân dân tỉnh Hà Tĩnh)", 13, italic=True)
    _centred(document, "Số liệu đến ngày {{ as_of }}", 13, italic=True, after=6)


def build() -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _fonts(normal.element)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    _page_numbers(section)

    _header_block(document)
    _centred(document, "", 14)
    _centred(document, "BÁO CÁO", 14, bold=True)
    _centred(document, "{{ title }}", 14, bold=True)
    _rule(document, 6.2)
    _tag(document, "{%p if sample_mark %}")
    warning = _centred(document, "{{ sample_mark }}", 13, bold=True, after=6)
    warning.runs[0].font.color.rgb = RGBColor(0xA1, 0x33, 0x2B)   # look.SAMPLE_COLOUR
    _tag(document, "{%p endif %}")
    _centred(document, "Kính gửi: Bộ Nội vụ.", 14, after=12)
    _paragraph(document, "Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, Ủy ban nhân dân tỉnh "
                         "Hà Tĩnh báo cáo kết quả thực hiện công tác cải cách hành chính {{ period_name }} như sau:")
    _paragraph(document, "{{ cutoff }}", italic=True)

    _paragraph(document, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", bold=True, before=6)
    _section_lines(document, "direction")
    _paragraph(document, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", bold=True, before=6)
    _paragraph(document, "{{ summary }}")
    _tag(document, "{%p for area in areas %}")
    _paragraph(document, "{{ area.number }}. {{ area.name }}", bold=True)
    _section_lines(document, "area")
    _tag(document, "{%p endfor %}")
    _paragraph(document, "III. ĐÁNH GIÁ CHUNG", bold=True, before=6)
    for number, (title, field) in enumerate((("Ưu điểm", "strengths"), ("Tồn tại, hạn chế", "weaknesses"),
                                             ("Nguyên nhân", "causes")), start=1):
        _paragraph(document, f"{number}. {title}", bold=True)
        _paragraph(document, "{{r assessment." + field + " }}")
    _paragraph(document, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", bold=True, before=6)
    _paragraph(document, "{{r outlook.tasks }}")
    _paragraph(document, "Đề xuất, kiến nghị", bold=True)
    _paragraph(document, "{{r outlook.proposals }}")
    _paragraph(document, "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {{ period_name }} của "
                         "Ủy ban nhân dân tỉnh Hà Tĩnh./.", after=12)
    _signature(document)

    _annex_title(document, "I", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {{ plan_year }}")
    _annex_table(document, [("TT", 1.1), ("Mã", 2.3), ("Chỉ tiêu", 5.0), ("Cấp", 1.7), ("Kết quả", 1.8),
                            ("Kế hoạch", 2.0), ("Trạng thái", 2.6)], "targets",
                 ["{{ row.number }}", "{{ row.code }}", "{{ row.indicator }}", "{{ row.level }}", "{{ row.value }}",
                  "{{ row.target }}", "{% cellbg row.fill %}{{ row.status }}"])
    _annex_title(document, "II", "NHIỆM VỤ QUÁ HẠN VÀ NHIỆM VỤ ĐÃ HOÀN THÀNH")
    task_headers = [("TT", 1.1), ("Mã", 1.6), ("Nhiệm vụ", 6.0), ("Chủ trì", 3.2), ("Thời hạn", 2.4),
                    ("Tình trạng", 2.2)]
    task_cells = ["{{ row.number }}", "{{ row.code }}", "{{ row.activity }}", "{{ row.lead }}", "{{ row.due }}",
                  "{{ row.state }}"]
    _paragraph(document, "1. Nhiệm vụ quá hạn", bold=True, indent=False)
    _tag(document, "{%p if not tasks_overdue %}")
    _paragraph(document, "Không có nhiệm vụ quá hạn.", indent=False)
    _tag(document, "{%p endif %}")
    _annex_table(document, task_headers, "tasks_overdue", task_cells)
    _paragraph(document, "2. Nhiệm vụ đã hoàn thành", bold=True, indent=False, before=12)
    _tag(document, "{%p if not tasks_done %}")
    _paragraph(document, "Chưa có nhiệm vụ nào hoàn thành.", indent=False)
    _tag(document, "{%p endif %}")
    _annex_table(document, task_headers, "tasks_done", task_cells)
    _annex_title(document, "III", "TÌNH HÌNH GỬI BÁO CÁO {{ reports_period }} CỦA CÁC CƠ QUAN, ĐƠN VỊ")
    _annex_table(document, [("TT", 1.1), ("Cơ quan, đơn vị", 7.4), ("Báo cáo chỉ tiêu", 4.0),
                            ("Báo cáo nhiệm vụ", 4.0)], "reports",
                 ["{{ row.number }}", "{{ row.unit }}", "{% cellbg row.targets_fill %}{{ row.targets }}",
                  "{% cellbg row.tasks_fill %}{{ row.tasks }}"])
    _annex_title(document, "IV", "KẾT QUẢ CÁC CHỈ SỐ CẢI CÁCH HÀNH CHÍNH ĐÃ CÔNG BỐ GẦN NHẤT")
    _annex_table(document, [("Chỉ số", 5.0), ("Năm", 1.6), ("Điểm", 2.6), ("Xếp hạng", 3.6),
                            ("So với năm trước", 3.7)], "indices",
                 ["{{ row.name }}", "{{ row.year }}", "{{ row.score }}", "{{ row.rank }}", "{{ row.change }}"])
    document.core_properties.title = "Báo cáo kết quả thực hiện công tác cải cách hành chính"
    document.core_properties.author = "Bảng điều khiển CCHC tỉnh Hà Tĩnh"
    document.core_properties.language = "vi-VN"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"Đã ghi {OUT}")
