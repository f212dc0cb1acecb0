"""A plan year as an Excel workbook: the layout shared by the writer, the reader and the loader.

``python -m etl plan template`` writes the workbook (:mod:`etl.plans.workbook`), Sở Nội vụ fills it,
``python -m etl plan import`` reads and checks it cell by cell (:mod:`etl.plans.reader`) and loads it as
that year's plan in one transaction (:mod:`etl.plans.loader`). Every sheet is a table: headers in row 1,
one row per item from row 2; the reader finds columns by their header text, so columns may be moved.
Choice columns show Vietnamese labels (the reader also accepts the codes stored in the database).
"""
from __future__ import annotations

from dataclasses import dataclass

from cchc.vocabulary import LEVEL_NAMES, UNIT_KIND_NAMES

INSTRUCTIONS_SHEET = "Hướng dẫn"
PLAN_SHEET = "Kế hoạch"
AREAS_SHEET = "Lĩnh vực"
TARGETS_SHEET = "Chỉ tiêu"
TASKS_SHEET = "Nhiệm vụ"
DEADLINES_SHEET = "Hạn báo cáo"
LISTS_SHEET = "Danh sách"           # hidden: the dropdowns' values

LEVEL_LABELS = LEVEL_NAMES
MEASURE_LABELS = {"percent": "Tỷ lệ (%)", "count": "Số lượng", "reduction": "Mức giảm"}
DIRECTION_LABELS = {"at_least": "Tối thiểu (≥)", "at_most": "Tối đa (≤)"}
REPORTER_LABELS = {"each_unit": "Từng đơn vị báo cáo", "lead_unit": "Đơn vị chủ trì báo cáo"}
REPORT_LABELS = {"plan": "Kế hoạch CCHC năm", "targets": "Báo cáo chỉ tiêu", "tasks": "Báo cáo nhiệm vụ"}
# The deadlines sheet names districts and communes by their level, as workbooks already filled write them.
UNIT_KIND_LABELS = {**UNIT_KIND_NAMES, "district": LEVEL_NAMES["district"], "commune": LEVEL_NAMES["commune"]}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: database field, header, width, whether a value is required, how it is read.

    ``kind``: text, code (a code in Latin letters), number, integer, date, choice (``choices``: code → label),
    unit (a unit code valid in the plan year), index (an index code), area (a code of the areas sheet).
    """

    key: str
    header: str
    width: float
    required: bool = False
    kind: str = "text"
    choices: dict[str, str] | None = None


PLAN_COLUMNS = [
    Column("year", "Năm kế hoạch", 14, True, "integer"),
    Column("title", "Tên kế hoạch", 60, True),
    Column("decision", "Văn bản ban hành", 50),
    Column("source", "Nguồn", 40),
]
AREA_COLUMNS = [
    Column("code", "Mã lĩnh vực", 14, True, "code"),
    Column("section", "Mục (số La Mã)", 14, True, "code"),
    Column("name", "Tên lĩnh vực", 60, True),
]
TARGET_COLUMNS = [
    Column("code", "Mã chỉ tiêu", 14, True, "code"),
    Column("level", "Cấp", 14, True, "choice", LEVEL_LABELS),
    Column("area_code", "Lĩnh vực", 12, True, "area"),
    Column("item", "Số mục", 8),
    Column("source", "Nguồn trong kế hoạch", 14, True),
    Column("text", "Nội dung chỉ tiêu (như văn bản ghi)", 60, True),
    Column("indicator", "Tên ngắn của chỉ tiêu", 30, True),
    Column("measure", "Loại số đo", 14, True, "choice", MEASURE_LABELS),
    Column("unit_of_measure", "Đơn vị tính", 12),
    Column("direction", "Chiều mục tiêu", 14, True, "choice", DIRECTION_LABELS),
    Column("target_value", "Giá trị mục tiêu", 12, True, "number"),
    Column("target_value_max", "Giá trị mục tiêu tối đa (nếu là khoảng)", 14, False, "number"),
    Column("numerator_label", "Tử số", 30),
    Column("denominator_label", "Mẫu số", 30),
    Column("reported_by", "Ai báo cáo", 20, True, "choice", REPORTER_LABELS),
    Column("lead_unit_code", "Đơn vị chủ trì (mã)", 12, False, "unit"),
    Column("index_code", "Chỉ số liên quan", 14, False, "index"),
    Column("note", "Ghi chú", 30),
]
TASK_COLUMNS = [
    Column("section", "Mục", 8, True, "code"),
    Column("code", "Mã nhiệm vụ", 12, True, "code"),
    Column("objective", "Mục tiêu", 30),
    Column("task", "Nhiệm vụ", 30),
    Column("activity", "Hoạt động", 40),
    Column("deliverable", "Sản phẩm", 25),
    Column("lead_text", "Chủ trì (như văn bản ghi)", 25, True),
    Column("partner_text", "Phối hợp (như văn bản ghi)", 30),
    Column("deadline_text", "Thời hạn (như văn bản ghi)", 18),
    Column("funding_text", "Kinh phí", 15),
]
DEADLINE_COLUMNS = [
    Column("report", "Loại báo cáo", 20, True, "choice", REPORT_LABELS),
    Column("period", "Kỳ", 12, True, "code"),
    Column("unit_kind", "Loại đơn vị (để trống: mọi đơn vị)", 20, False, "choice", UNIT_KIND_LABELS),
    Column("due_date", "Hạn nộp", 14, True, "date"),
    Column("note", "Ghi chú", 50),
]
SHEETS: dict[str, list[Column]] = {
    PLAN_SHEET: PLAN_COLUMNS, AREAS_SHEET: AREA_COLUMNS, TARGETS_SHEET: TARGET_COLUMNS,
    TASKS_SHEET: TASK_COLUMNS, DEADLINES_SHEET: DEADLINE_COLUMNS,
}
FIRST_DATA_ROW = 2
