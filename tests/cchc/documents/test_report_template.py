"""The periodic report as Word reads it back (python-docx): the page, margins and fonts of Nghị định 30, the header
block, page numbers from page 2, the figures of 2024-Q4, the placeholders marked, the annex tables with their colours,
Vietnamese text intact. A template naming a field the report does not fill is refused, with the list; an
administrator's template replaces the shipped one until they go back."""
import io
import re
import unicodedata
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc import auth, look
from cchc.documents import report_template
from cchc.documents.report import report_context, report_period
from cchc.store import db

ADMIN = auth.User("snv.quantri", auth.ADMIN, None, None)
PLACEHOLDER_FILL = look.fill(look.AMBER).lstrip("#")


@pytest.fixture(scope="module")
def context(sample):
    return report_context(sample, report_period("2024-Q4"), date(2024, 12, 31), today=date(2026, 12, 7))


@pytest.fixture(scope="module")
def document(context):
    return Document(io.BytesIO(report_template.render(context)))


def _texts(document) -> list[str]:
    """Every paragraph's text, in the body and in its tables, in order."""
    found = []
    for block in document.element.body.iter(qn("w:p")):
        found.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
    return found


def _template_with(*lines: str) -> bytes:
    """The shipped template with paragraphs added at its end."""
    edited = Document(str(report_template.SHIPPED))
    for line in lines:
        edited.add_paragraph(line)
    out = io.BytesIO()
    edited.save(out)
    return out.getvalue()


def test_page_margins_and_fonts_of_decree_30(document):
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)      # A4
    margins = [round(m / Mm(1)) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                         section.right_margin)]
    assert margins == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    sizes = {run.font.size for p in document.paragraphs for run in p.runs if run.font.size}
    assert sizes <= {Pt(11), Pt(12), Pt(13), Pt(14)}


def test_the_header_block_title_and_signature(document):
    header = document.tables[0]
    left, right = (cell.text.split("\n") for cell in header.rows[0].cells)
    assert left[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"] and "Số: …/BC-UBND" in left
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "Hà Tĩnh, ngày      tháng      năm 2026" in right
    assert all(run.bold for run in header.rows[0].cells[1].paragraphs[0].runs)
    texts = _texts(document)
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "Kết quả thực hiện công tác cải cách hành chính quý IV năm 2024 (DỮ LIỆU MẪU)"
    assert texts[title + 3] == look.SAMPLE_DATA_LABEL
    signature = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    assert "- Bộ Nội vụ;" in signature.rows[0].cells[0].text
    assert signature.rows[0].cells[1].text.split("\n")[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_page_numbers_at_the_top_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    fields = [f.get(qn("w:instr")) for f in section.header._element.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE"]
    assert not list(section.first_page_header._element.iter(qn("w:fldSimple")))


def test_the_sections_carry_the_figures_of_the_period(document, context):
    texts = _texts(document)
    headings = [t for t in texts if re.match(r"(I|II|III|IV)\. [A-ZĐÀ-Ỹ ,]+$", t)]
    assert headings == ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
                        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", "III. ĐÁNH GIÁ CHUNG",
                        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"]
    assert ("Đến ngày 31/12/2024: 19/52 chỉ tiêu đạt, 18 có nguy cơ không đạt, 15 chậm, khó đạt; 39/93 nhiệm vụ đã "
            "hoàn thành, 3 nhiệm vụ quá hạn.") in texts
    assert "1. Cải cách thể chế" in texts and "6. Xây dựng và phát triển chính quyền điện tử, chính quyền số" in texts
    assert "- II-3.4 Hướng dẫn nghiệp vụ chuyên sâu nâng cao kỹ năng xây dựng văn bản quy phạm pháp luật (chủ trì: " \
           "Sở Tư pháp; hạn 30/06/2024)." in texts
    assert context["cutoff"] in texts
    assert not [t for t in texts if "{{" in t or "{%" in t]            # every field filled, every tag gone
    # Vietnamese as written, composed (NFC), whatever Word does with it
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert "Cải cách thủ tục hành chính" in " ".join(texts) and "Ủy ban nhân dân tỉnh Hà Tĩnh" in " ".join(texts)


def test_placeholders_are_marked(document):
    marked = [run for p in document.element.body.iter(qn("w:p")) for run in p.iter(qn("w:r"))
              if (shading := run.find(f"{qn('w:rPr')}/{qn('w:shd')}")) is not None
              and shading.get(qn("w:fill")) == PLACEHOLDER_FILL]
    texts = ["".join(t.text for t in run.iter(qn("w:t"))) for run in marked]
    assert len(texts) == 13
    assert all(t.startswith("[Cần bổ sung") or t == "[Ký, ghi rõ họ tên]" for t in texts)
    assert all(run.find(f"{qn('w:rPr')}/{qn('w:i')}") is not None for run in marked)


def test_the_annex_tables(document, context):
    tables = {t.rows[0].cells[-1].text: t for t in document.tables[2:]}
    targets = tables["Trạng thái"]
    assert len(targets.rows) == 1 + 52
    first = [c.text for c in targets.rows[1].cells]
    assert first == ["1", "CDDH-1.1", "Cơ quan, đơn vị ban hành kế hoạch CCHC năm 2024", "Tất cả các cấp", "97%",
                     "≥ 100%", "▲ Có nguy cơ không đạt"]
    shading = targets.rows[1].cells[6]._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    assert shading.get(qn("w:fill")) == look.fill(look.TARGET_COLOURS["at_risk"]).lstrip("#")
    reports = tables["Báo cáo nhiệm vụ"]
    assert len(reports.rows) == 1 + 259
    yen_ho = next(r for r in reports.rows if r.cells[1].text == "Xã Yên Hồ")
    assert yen_ho.cells[2].text == "Chưa nộp"
    indices = tables["So với năm trước"]
    assert [c.text for c in indices.rows[1].cells] == ["PAR INDEX", "2024", "89,72%", "15/63", "▲ tăng 3 bậc"]
    overdue, done = [t for t in document.tables if t.rows[0].cells[-1].text == "Tình trạng"]
    assert [r.cells[1].text for r in overdue.rows[1:]] == ["II-3.4", "III-3.3", "I-3.21"]
    assert len(done.rows) == 1 + 39
    assert targets.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None   # repeated on each page


def test_the_shipped_template_names_only_known_fields(context):
    report_template.check(report_template.SHIPPED.read_bytes(), context)
    used = report_template._open(report_template.SHIPPED.read_bytes()).get_undeclared_template_variables()
    assert used == set(report_template.FIELDS) - {"drafted_on"}
    assert set(report_template.FIELDS) == set(context)


def test_a_template_naming_unknown_fields_is_refused_with_the_list(context):
    with pytest.raises(report_template.TemplateRefused) as refused:
        report_template.check(_template_with("{{ so_van_ban }} và {{ nguoi_ky }}", "{{ title }}"), context)
    assert refused.value.problems[0] == "Mẫu dùng trường không có trong báo cáo: nguoi_ky, so_van_ban."
    assert "title" in refused.value.problems[1]
    with pytest.raises(report_template.TemplateRefused) as misspelt:
        report_template.check(_template_with("{{ direction.titel }}"), context)
    assert "titel" in misspelt.value.problems[0]
    with pytest.raises(report_template.TemplateRefused) as broken:
        report_template.check(_template_with("{{ title "), context)
    assert "cú pháp" in broken.value.problems[0]
    with pytest.raises(report_template.TemplateRefused) as not_word:
        report_template.check(b"PK\x03\x04 not really a zip", context)
    assert "không phải tài liệu Word" in not_word.value.problems[0]


def test_an_administrators_template_until_they_go_back(demo_conn, context):
    conn = demo_conn
    edited = _template_with("Ghi chú của Sở Nội vụ: {{ as_of }}")
    audited = db.query_rows(conn, "SELECT count(*) FROM audit_log")[0][0]
    with pytest.raises(report_template.TemplateRefused):
        report_template.replace(conn, ADMIN, _template_with("{{ khong_co }}"), "sai.docx", context)
    assert db.query_rows(conn, "SELECT count(*) FROM report_templates")[0][0] == 0       # nothing written
    with pytest.raises(auth.PermissionDenied):
        report_template.replace(conn, auth.User("lanhdao", auth.VIEWER, None, None), edited, "mau.docx", context)
    report_template.replace(conn, ADMIN, edited, "C:\\Users\\snv\\mau-moi.docx", context)
    content, who = report_template.current(conn)
    assert content == edited and who.startswith("mau-moi.docx · snv.quantri · ")
    made = Document(io.BytesIO(report_template.render(context, content)))
    assert "Ghi chú của Sở Nội vụ: 31/12/2024" in _texts(made)
    report_template.restore_shipped(conn, ADMIN)
    assert report_template.current(conn) == (report_template.SHIPPED.read_bytes(), None)
    actions = [a for (a,) in db.query_rows(conn, "SELECT action FROM audit_log ORDER BY id")][audited:]
    assert actions == ["report_template_upload", "report_template_restore"]
