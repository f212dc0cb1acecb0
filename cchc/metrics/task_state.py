"""Where a plan task stands on a given date, from its deadline and the latest progress reports.

A task with a fixed due date is overdue once the date has passed and its lead units have not all
reported it done; done late when it was finished after the due date. Recurring tasks ("Thường xuyên")
and tasks that wait on someone else ("Theo kế hoạch của Bộ Nội vụ") are never overdue as a whole.
"""
from __future__ import annotations

from datetime import date

from cchc import look

DONE, DONE_LATE, OVERDUE, IN_PROGRESS, NOT_STARTED, NO_REPORT = (
    "done", "done_late", "overdue", "in_progress", "not_started", "no_report")
LABELS = {
    OVERDUE: "Quá hạn",
    IN_PROGRESS: "Đang thực hiện",
    NOT_STARTED: "Chưa triển khai",
    NO_REPORT: "Chưa có báo cáo",
    DONE_LATE: "Hoàn thành quá hạn",
    DONE: "Hoàn thành",
}
ORDER = {OVERDUE: 0, NO_REPORT: 1, NOT_STARTED: 2, IN_PROGRESS: 3, DONE_LATE: 4, DONE: 5}
COLOURS = look.TASK_COLOURS       # the visual language's, one colour per state


def task_state(deadline_kind: str, due_date: date | None, statuses: list[str], completed: list[date | None],
               as_of: date) -> str:
    """The state of a task on ``as_of`` from its lead units' latest statuses and completion dates."""
    due = due_date if deadline_kind == "fixed" else None     # only a fixed due date can be missed
    if statuses and all(s in ("done", "done_late", "not_applicable") for s in statuses):
        finished = [d for d in completed if d is not None]
        late = "done_late" in statuses or (due is not None and bool(finished) and max(finished) > due)
        return DONE_LATE if late else DONE
    if due is not None and due < as_of:
        return OVERDUE
    if not statuses:
        return NO_REPORT
    return NOT_STARTED if all(s == "not_started" for s in statuses) else IN_PROGRESS
