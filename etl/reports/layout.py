"""The shape of the Excel reports: what the templates write and what the reader looks for.

Templates place the report's identity in labelled cells above the table (unit code, period, kind),
then one header row, then one row per target, task or index score. The reader does not rely on the
positions: it finds the labels and the header row by their text (folded: no diacritics, any case
or spacing), so a report whose rows or columns were moved still reads. The header aliases below are
what people type instead of our headers.
"""
from __future__ import annotations

from dataclasses import dataclass

from cchc.vocabulary import REPORT_KINDS
from cchc.vocabulary import TASK_STATUSES as TASK_STATUSES  # the dropdown's wording, part of the layout

REPORT_SHEET = "Báo cáo"
INSTRUCTIONS_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"          # hidden sheet holding dropdown lists

KINDS = REPORT_KINDS


@dataclass(frozen=True)
class MetaField:
    """A labelled cell above the table: label in one cell, value in the next non-empty cell to the right."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()


META_FIELDS = (
    MetaField("unit_code", "Mã đơn vị", ("ma dv", "ma co quan")),
    MetaField("unit_name", "Tên đơn vị", ("don vi bao cao", "ten co quan")),
    MetaField("period", "Kỳ báo cáo", ("ky", "thoi ky bao cao")),
    MetaField("kind", "Mã mẫu báo cáo", ("mau bao cao", "loai bao cao")),
)


@dataclass(frozen=True)
class Column:
    """A column of the report table: our header, and other headers that mean the same."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    width: float = 14
    input: bool = False   # filled by the unit (unlocked in the template)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "targets": (
        Column("row_no", "STT", ("so tt", "tt"), width=6),
        Column("target_code", "Mã chỉ tiêu", ("ma ct", "ma so chi tieu"), required=True, width=13),
        Column("text", "Nội dung chỉ tiêu", ("chi tieu", "noi dung", "ten chi tieu"), width=60),
        Column("unit_of_measure", "Đơn vị tính", ("dvt", "don vi"), width=11),
        Column("target_value", "Chỉ tiêu kế hoạch", ("ke hoach", "chi tieu nam", "muc tieu", "chi tieu giao"), width=12),
        Column("numerator", "Tử số", ("tu so (a)", "so dat duoc"), width=13, input=True),
        Column("denominator", "Mẫu số", ("mau so (b)", "tong so"), width=13, input=True),
        Column("value", "Kết quả thực hiện", ("ket qua", "gia tri", "thuc hien", "ket qua (%)", "ty le dat duoc"),
               width=13, input=True),
        Column("note", "Ghi chú", ("ghi chu/giai trinh", "giai trinh"), width=30, input=True),
    ),
    "tasks": (
        Column("row_no", "STT", ("so tt", "tt"), width=6),
        Column("task_code", "Mã nhiệm vụ", ("ma nv", "ma hoat dong"), required=True, width=12),
        Column("activity", "Nội dung nhiệm vụ", ("nhiem vu", "hoat dong", "noi dung"), width=55),
        Column("deadline", "Thời hạn hoàn thành", ("thoi han", "thoi gian hoan thanh"), width=16),
        Column("role", "Vai trò", ("chu tri/phoi hop",), width=11),
        Column("status", "Tình trạng", ("trang thai", "tien do", "tinh trang thuc hien"), required=True, width=18, input=True),
        Column("percent_done", "Tỷ lệ hoàn thành (%)", ("% hoan thanh", "ty le hoan thanh", "ty le (%)"), width=12, input=True),
        Column("evidence", "Văn bản, sản phẩm minh chứng", ("minh chung", "van ban", "san pham", "ket qua, san pham"),
               width=28, input=True),
        Column("completed_on", "Ngày hoàn thành", ("ngay hoan thanh (dd/mm/yyyy)", "thoi diem hoan thanh"), width=14,
               input=True),
        Column("note", "Ghi chú", ("ghi chu/giai trinh", "giai trinh", "kho khan, vuong mac"), width=28, input=True),
    ),
    "indices": (
        Column("row_no", "STT", ("so tt", "tt"), width=6),
        Column("index_code", "Mã chỉ số", ("chi so",), required=True, width=20, input=True),
        Column("year", "Năm", ("nam danh gia",), required=True, width=8, input=True),
        Column("unit_code", "Mã đơn vị được đánh giá", ("ma don vi", "ma dv"), required=True, width=12, input=True),
        Column("unit_name", "Tên đơn vị được đánh giá", ("ten don vi", "don vi"), width=40),
        Column("component_code", "Mã thành phần", ("thanh phan", "linh vuc"), width=18, input=True),
        Column("score", "Điểm", ("diem dat duoc", "diem so", "ket qua"), width=10, input=True),
        Column("max_score", "Điểm tối đa", ("thang diem", "diem toi da"), width=10, input=True),
        Column("rank", "Xếp hạng", ("thu hang", "hang"), width=9, input=True),
        Column("rank_of", "Trên tổng số", ("tong so don vi", "so don vi xep hang"), width=10, input=True),
        Column("note", "Ghi chú", (), width=25, input=True),
    ),
}

# Task statuses: the dropdown shows vocabulary.TASK_STATUSES; readers also accept these.
TASK_STATUS_ALIASES = {
    "chua thuc hien": "not_started", "chua bat dau": "not_started",
    "dang trien khai": "in_progress", "dang lam": "in_progress",
    "hoan thanh": "done", "da xong": "done", "xong": "done",
    "hoan thanh cham": "done_late", "qua han": "done_late", "hoan thanh tre han": "done_late",
    "khong ap dung": "not_applicable",
}
DONE_STATUSES = ("done", "done_late")
