"""Where a task stands on a date."""
from datetime import date

from cchc.metrics.task_state import DONE, DONE_LATE, IN_PROGRESS, NO_REPORT, NOT_STARTED, OVERDUE, task_state

AS_OF = date(2024, 7, 1)


def test_fixed_deadline_passed_and_not_done_is_overdue():
    assert task_state("fixed", date(2024, 6, 30), ["in_progress"], [None], AS_OF) == OVERDUE
    assert task_state("fixed", date(2024, 6, 30), [], [], AS_OF) == OVERDUE
    assert task_state("fixed", date(2024, 7, 1), ["in_progress"], [None], AS_OF) == IN_PROGRESS   # due today


def test_done_on_time_or_late():
    assert task_state("fixed", date(2024, 6, 30), ["done"], [date(2024, 6, 20)], AS_OF) == DONE
    assert task_state("fixed", date(2024, 3, 31), ["done"], [date(2024, 4, 20)], AS_OF) == DONE_LATE
    assert task_state("fixed", date(2024, 3, 31), ["done", "in_progress"], [date(2024, 3, 1), None], AS_OF) == OVERDUE


def test_recurring_and_conditional_are_never_overdue():
    assert task_state("recurring", None, ["in_progress"], [None], AS_OF) == IN_PROGRESS
    assert task_state("conditional", None, [], [], AS_OF) == NO_REPORT
    assert task_state("conditional", None, ["not_started"], [None], AS_OF) == NOT_STARTED
