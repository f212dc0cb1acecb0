"""What the tasks page shows, finished: the counts by state, the choices of its three filters, and for a
choice of areas, lead units and states the table and the timeline.

Built from :func:`cchc.views.task_progress.task_progress` once per data version and as-of date (and per
filter choice for the table and timeline).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from cchc.charts.common import Figure, tasks_timeline
from cchc.metrics import task_state
from cchc.page_models.tables import tasks_table


@dataclass(frozen=True)
class TasksPage:
    is_sample: bool
    counts: tuple[tuple[str, int], ...]     # (state label, number of tasks), in the order of task_state.LABELS
    areas: tuple[str, ...]
    leads: tuple[str, ...]


@dataclass(frozen=True)
class TaskSelection:
    """The tasks of the chosen areas, lead units and states (all when a choice is empty)."""

    table: pd.DataFrame
    timeline: Figure


def tasks_page(tasks: pd.DataFrame) -> TasksPage:
    counts = tasks["state"].value_counts()
    return TasksPage(bool(tasks["is_sample"].any()),
                     tuple((label, int(counts.get(state, 0))) for state, label in task_state.LABELS.items()),
                     tuple(dict.fromkeys(tasks["area"])), tuple(sorted(set(tasks["lead_text"].dropna()))))


def task_selection(tasks: pd.DataFrame, as_of: date, areas: Sequence[str] = (), leads: Sequence[str] = (),
                   states: Sequence[str] = ()) -> TaskSelection:
    shown = tasks
    if areas:
        shown = shown[shown["area"].isin(list(areas))]
    if leads:
        shown = shown[shown["lead_text"].isin(list(leads))]
    if states:
        shown = shown[shown["state"].isin(list(states))]
    return TaskSelection(tasks_table(shown), tasks_timeline(shown, task_state.COLOURS, task_state.LABELS, as_of))
