"""The periodic report as a Word file: the template (a .docx with Jinja2 fields, docxtpl), which one is in use,
checking a replacement an administrator uploads, and filling it with :func:`cchc.documents.report.report_context`.

The shipped template (``data/templates/bao-cao-cchc.docx``) follows Nghị định 30/2020/NĐ-CP: A4, Times New Roman,
margins 20/20/30/15 mm, the header block, page numbers from page 2. The office may edit it in Word and upload it
(the board page, for administrators). A template is kept only when every field it names is one the report fills:
docxtpl lists the names a template uses, and a trial fill with strict undefined values catches a misspelt
attribute (``row.valeu``) or a field used the wrong way. A refused template changes nothing.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from pathlib import PureWindowsPath
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate, RichText

from cchc import auth, look
from cchc.config import DATA_DIR
from cchc.documents.report import Placeholder
from cchc.formatting import format_moment
from cchc.store import db, journal, report_templates

SHIPPED = DATA_DIR / "templates" / "bao-cao-cchc.docx"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_BYTES = 5 * 1024 * 1024
# A placeholder in the warning hue's light fill and dark text (cchc.look): "still to write", readable printed in grey.
PLACEHOLDER_FILL, PLACEHOLDER_INK = look.FILLS[look.AMBER]

# The fields a template may name, with what each holds (shown to the office beside the upload).
FIELDS: dict[str, str] = {
    "title": "tên báo cáo, ví dụ \"Kết quả thực hiện công tác cải cách hành chính quý IV năm 2024\" (kèm dấu mẫu)",
    "sample_mark": "dòng cảnh báo khi là kế hoạch mẫu hoặc dữ liệu mẫu (rỗng khi là số liệu thật)",
    "period_name": "kỳ báo cáo: \"quý I năm 2024\", \"6 tháng đầu năm 2024\", \"năm 2024\"",
    "plan_year": "năm kế hoạch",
    "as_of": "ngày chốt số liệu (31/12/2024)",
    "draft_year": "năm soạn báo cáo",
    "drafted_on": "ngày tạo bản nháp",
    "cutoff": "câu nêu ngày chốt số liệu và nguồn",
    "summary": "câu tóm tắt chỉ tiêu và nhiệm vụ",
    "direction": "mục I: name, lines (các câu có số liệu), overdue_title, overdue (nhiệm vụ quá hạn), placeholder",
    "areas": "mục II, mỗi lĩnh vực: number, name, lines, overdue_title, overdue, placeholder",
    "assessment": "mục III: strengths, weaknesses, causes (phần cần viết)",
    "outlook": "mục IV: tasks, proposals (phần cần viết)",
    "signer": "chỗ ký, ghi họ tên (phần cần viết)",
    "targets": "Phụ lục I, mỗi dòng: number, code, indicator, level, value, target, status, fill (màu ô)",
    "tasks_overdue": "Phụ lục II, nhiệm vụ quá hạn: number, code, activity, lead, due, state",
    "tasks_done": "Phụ lục II, nhiệm vụ hoàn thành: number, code, activity, lead, due, state",
    "reports": "Phụ lục III, mỗi đơn vị: number, unit, targets, tasks, targets_fill, tasks_fill",
    "reports_period": "quý của các báo cáo trong Phụ lục III (Quý IV/2024)",
    "indices": "Phụ lục IV, mỗi chỉ số: name, year, score, rank, change",
}


class TemplateRefused(ValueError):
    """The template cannot be used; ``problems`` says why, in Vietnamese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _rich(value: Any) -> Any:
    """The context as docxtpl takes it: each placeholder a highlighted, bracketed run."""
    if isinstance(value, Placeholder):
        text = RichText()
        text.add(str(value), italic=True, highlight=PLACEHOLDER_FILL, color=PLACEHOLDER_INK)
        return text
    if isinstance(value, Mapping):
        return {key: _rich(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rich(item) for item in value]
    return value


def _open(content: bytes) -> DocxTemplate:
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise TemplateRefused(["Tệp không phải tài liệu Word (.docx). Hãy lưu mẫu dạng \"Word Document (*.docx)\"."])
    try:
        return DocxTemplate(io.BytesIO(content))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise TemplateRefused(["Tệp không phải tài liệu Word (.docx) đọc được."]) from None


def _fill(template: DocxTemplate, context: dict, strict: bool) -> bytes:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined if strict else jinja2.Undefined,
                                     autoescape=False)
    template.render(_rich(context), environment, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def check(content: bytes, context: dict) -> None:
    """Raise :class:`TemplateRefused` unless ``content`` is a .docx whose every field the report fills."""
    if len(content) > MAX_BYTES:
        raise TemplateRefused([f"Tệp quá lớn ({len(content) // 1024 // 1024} MB): mẫu báo cáo tối đa 5 MB."])
    template = _open(content)
    try:
        used = template.get_undeclared_template_variables()
    except jinja2.TemplateSyntaxError as error:
        raise TemplateRefused([f"Mẫu viết sai cú pháp trường ở dòng {error.lineno}: {error.message}."]) from None
    unknown = sorted(used - set(FIELDS))
    if unknown:
        raise TemplateRefused([f"Mẫu dùng trường không có trong báo cáo: {', '.join(unknown)}.",
                               f"Các trường có: {', '.join(FIELDS)}."])
    try:
        _fill(_open(content), context, strict=True)
    except jinja2.UndefinedError as error:
        raise TemplateRefused([f"Mẫu dùng trường không có trong báo cáo: {error.message}."]) from None
    except jinja2.TemplateError as error:
        raise TemplateRefused([f"Mẫu không điền được: {error}."]) from None


def render(context: dict, content: bytes | None = None) -> bytes:
    """The report as .docx bytes: ``context`` filled into ``content`` (a template), or into the shipped one."""
    return _fill(_open(content if content is not None else SHIPPED.read_bytes()), context, strict=False)


def current(conn: db.Connection) -> tuple[bytes, str | None]:
    """The template in use and, for an uploaded one, who uploaded which file when (None: the shipped one)."""
    uploaded = report_templates.latest(conn)
    if uploaded is None:
        return SHIPPED.read_bytes(), None
    return uploaded.content, f"{uploaded.file_name} · {uploaded.uploaded_by} · {format_moment(uploaded.uploaded_at)}"


def replace(conn: db.Connection, user: auth.User, content: bytes, file_name: str, context: dict) -> None:
    """Use an uploaded template from now on, once :func:`check` passes with ``context`` (audited)."""
    auth.require(user, "manage")
    check(content, context)
    digest = hashlib.sha256(content).hexdigest()
    name = PureWindowsPath(file_name).name          # a browser may send a Windows path: its last part, either way
    with db.transaction(conn) as cur:
        report_templates.add(cur, content, name, digest, user.username)
        journal.record(cur, user.username, "report_template_upload", "report_templates", None,
                       {"file": name, "sha256": digest, "bytes": len(content)})


def restore_shipped(conn: db.Connection, user: auth.User) -> None:
    """Go back to the shipped template (audited; the uploaded ones stay in the table)."""
    auth.require(user, "manage")
    with db.transaction(conn) as cur:
        report_templates.add(cur, None, None, None, user.username)
        journal.record(cur, user.username, "report_template_restore", "report_templates", None, {})
