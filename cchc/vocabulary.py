"""The domain's words, each written once: the codes of unit kinds, levels, reports, a unit's role in a task, the
statuses a unit reports for a task and the outcomes of a submission, in the order lists show them, with the
Vietnamese each is shown with. (A status the app computes is named where its rule is: the targets' in
:mod:`cchc.metrics.target_status`, the tasks' in :mod:`cchc.metrics.task_state`, the reports' on the board in
:mod:`cchc.views.board`.)
"""
from __future__ import annotations

# The kinds of units that report, in the order every list shows them.
UNIT_KINDS = ("department", "central_agency", "district", "commune")
UNIT_KIND_ORDER = {kind: n for n, kind in enumerate(UNIT_KINDS)}
UNIT_KIND_NAMES = {"department": "Sở, ban, ngành", "central_agency": "Cơ quan Trung ương",
                   "district": "UBND cấp huyện", "commune": "UBND cấp xã"}
# In a letter (the board's reminder text), the central agencies by their full description.
UNIT_KIND_FULL_NAMES = {**UNIT_KIND_NAMES, "central_agency": "Cơ quan Trung ương đóng trên địa bàn tỉnh"}
# Units that report their own values of the targets every unit of a level reports (not the central agencies).
SELF_REPORTING_KINDS = ("department", "district", "commune")

# The level of a target (``all``: every level), in the order the plan workbook's dropdown lists them.
LEVEL_NAMES = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã", "all": "Mọi cấp"}

# The reports a unit sends (``plan``: its own yearly plan, which has a deadline but no template).
REPORT_KINDS = ("targets", "tasks", "indices")
REPORT_TITLES = {"targets": "Báo cáo kết quả thực hiện chỉ tiêu", "tasks": "Báo cáo tiến độ thực hiện nhiệm vụ",
                 "indices": "Kết quả chỉ số", "plan": "Kế hoạch CCHC năm của đơn vị"}
REPORT_LABELS = {"targets": "Kết quả chỉ tiêu", "tasks": "Tiến độ nhiệm vụ", "indices": "Kết quả chỉ số"}
REPORT_WORDS = {"targets": "chỉ tiêu", "tasks": "nhiệm vụ", "indices": "chỉ số", "plan": "kế hoạch"}   # "báo cáo …"

# A unit's part in a task.
TASK_ROLES = {"lead": "Chủ trì", "partner": "Phối hợp"}
# What a unit reports of a task: the wording of the template's dropdown (readers also accept aliases).
TASK_STATUSES = {
    "not_started": "Chưa triển khai",
    "in_progress": "Đang thực hiện",
    "done": "Đã hoàn thành",
    "done_late": "Hoàn thành quá hạn",
    "not_applicable": "Không thuộc phạm vi",
}

# The outcome of a file sent.
SUBMISSION_STATUSES = {"accepted": "Đã nhận", "rejected": "Bị từ chối", "superseded": "Đã được thay thế"}
