"""The report's buttons as people use them: leadership downloads the draft of the chosen period from the overview and
from the board (quý IV gives the year report, quý II the six-month one); an administrator replaces the template on the
board, a template with an unknown field is refused with the list and changes nothing."""
from __future__ import annotations

import io

import pytest
import streamlit
from docx import Document

from cchc.documents import report_template
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import ADMIN, VIEWER, open_alone, read_rows, sign_in_test_user


@pytest.fixture
def offered(monkeypatch):
    """The Word files the pages offer, built as a click builds them: {key: (file name, bytes)}."""
    found: dict[str, tuple[str, bytes]] = {}
    real = streamlit.download_button

    def download_button(label, data, file_name=None, mime=None, **kwargs):
        if str(file_name).endswith(".docx") and callable(data):
            data = data()
            found[kwargs.get("key") or label] = (file_name, data)
        return real(label, data, file_name=file_name, mime=mime, **kwargs)     # its key taken, as in the app
    monkeypatch.setattr(streamlit, "download_button", download_button)
    return found


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_leadership_downloads_the_draft_from_the_overview_and_the_board(demo_path, offered):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=90)
    sign_in_test_user(at, role="viewer")
    at.query_params["period"] = "2024-Q4"
    at.run()
    assert not at.exception, at.exception
    name, data = offered["overview_report_docx"]
    assert name == "MAU_bao-cao-cchc_2024_20241231.docx"              # sample data: the name says so first
    texts = _paragraphs(data)
    assert "Kết quả thực hiện công tác cải cách hành chính năm 2024 (DỮ LIỆU MẪU)" in texts
    assert any(t.startswith("Đến ngày 31/12/2024: 19/52 chỉ tiêu đạt") for t in texts)
    offered.clear()
    at = open_alone("board.py", quarter=2, user=VIEWER)
    name, data = offered["board_report_docx"]
    assert name == "MAU_bao-cao-cchc_2024-H1_20240630.docx"
    assert "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024 (DỮ LIỆU MẪU)" in _paragraphs(data)
    assert not [e for e in at.expander if e.label == "Mẫu Word của báo cáo định kỳ"]     # administrators only


def _template_with(line: str) -> bytes:
    edited = Document(str(report_template.SHIPPED))
    edited.add_paragraph(line)
    out = io.BytesIO()
    edited.save(out)
    return out.getvalue()


def _upload(at, name: str, data: bytes):
    at.file_uploader(key="report_template_file").set_value((name, data, report_template.DOCX_MIME))
    at.run()
    at.button(key="report_template_use").click()
    at.run()
    assert not at.exception, at.exception
    return at


def _templates(path) -> list[tuple]:
    return read_rows(path, "SELECT file_name, uploaded_by FROM report_templates ORDER BY id")


def test_an_administrator_replaces_the_template(demo_path, offered):
    at = open_alone("board.py", quarter=4, user=ADMIN, session={"report_template_open": True})
    assert "Đang dùng mẫu gốc kèm theo ứng dụng." in [c.value for c in at.caption]
    _upload(at, "mau-sai.docx", _template_with("{{ nguoi_ky }} {{ so_van_ban }}"))
    [error] = at.error
    assert error.value.startswith("Không dùng mẫu mau-sai.docx") and "nguoi\\_ky, so\\_van\\_ban" in error.value
    assert _templates(demo_path) == []
    _upload(at, "mau-moi.docx", _template_with("Số liệu chốt ngày {{ as_of }}."))
    assert [s.value for s in at.success] == ["Đã dùng mẫu mau-moi.docx cho các báo cáo từ nay."]
    assert _templates(demo_path) == [("mau-moi.docx", "snv.quantri")]
    offered.clear()
    at.run()
    assert "Số liệu chốt ngày 31/12/2024." in _paragraphs(offered["board_report_docx"][1])
    at.button(key="report_template_restore").click()
    at.run()
    assert [s.value for s in at.success] == ["Đã trở lại mẫu gốc."]
    assert _templates(demo_path)[-1] == (None, "snv.quantri")
