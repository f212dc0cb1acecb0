"""The tasks page's finished view: counts, the filters' choices, the table and timeline of a choice."""
from datetime import date

from cchc.metrics import task_state
from cchc.page_models.tasks import task_selection, tasks_page
from cchc.views.task_progress import task_progress

AS_OF = date(2024, 9, 30)


def test_counts_and_choices(sample):
    tasks = task_progress(sample, 2024, AS_OF)
    page = tasks_page(tasks)
    assert [label for label, _ in page.counts] == list(task_state.LABELS.values())
    assert sum(n for _, n in page.counts) == len(tasks)
    assert list(page.areas) == list(dict.fromkeys(tasks["area"])) and list(page.leads) == sorted(page.leads)


def test_a_choice_narrows_the_table_and_the_timeline(sample):
    tasks = task_progress(sample, 2024, AS_OF)
    everything = task_selection(tasks, AS_OF)
    assert len(everything.table) == len(tasks)
    overdue = task_selection(tasks, AS_OF, states=[task_state.OVERDUE])
    assert set(overdue.table["Tình trạng"]) == {task_state.LABELS[task_state.OVERDUE]}
    assert [t["name"] for t in overdue.timeline.to_dict()["data"]] == [task_state.LABELS[task_state.OVERDUE]]
    area = tasks["area"].iloc[0]
    assert set(task_selection(tasks, AS_OF, areas=[area]).table["Lĩnh vực"]) == {area}
