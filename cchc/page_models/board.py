"""What the submissions board page shows, finished, in the interface language: for a period and the page's
own filters (kinds of unit, district, report), the headline counts, the coloured grid of units × quarters,
the counts by state, the units still to report with the reminder text, each unit's history, and the
deadlines.

Built from :mod:`cchc.views.board` once per data version, plan year, period and filter choice.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
from pandas.io.formats.style import Styler

from cchc import look
from cchc.charts.pictures import shares
from cchc.formatting import format_date, format_number, format_period
from cchc.i18n import translate
from cchc.page_models.blocks import Metric
from cchc.page_models.tables import rendered
from cchc.views import board
from cchc.vocabulary import UNIT_KIND_NAMES


@dataclass(frozen=True)
class BoardChoices:
    """What the page's own filters offer for a plan year, period by period: the kinds of unit and the districts
    that exist in the period (none of either after 1/7/2025, when the district level ended)."""

    empty: bool
    is_sample: bool
    districts: dict[str, dict[str, str]]    # period → {code → name}, in board order
    kinds: dict[str, tuple[str, ...]]       # period → kinds of unit expected to report, in board.KINDS order


@dataclass(frozen=True)
class BoardPage:
    """The board for one period and filter choice; ``nothing`` when no unit has to report under it."""

    nothing: bool
    period_title: str = ""
    metrics: tuple[Metric, ...] = ()
    grid: pd.DataFrame | None = None
    grid_styled: Styler | None = None
    shares: str | None = None               # the period's states as shares of each kind of unit, counts in them (HTML)
    counts: pd.DataFrame | None = None
    counts_styled: Styler | None = None
    missing_caption: str = ""
    missing: pd.DataFrame | None = None     # None: every unit has reported
    missing_for_excel: pd.DataFrame | None = None
    reminder: str = ""
    lookup: dict[str, str] | None = None    # code → "name (code)"
    lookup_lines: dict[str, tuple[str, ...]] | None = None


def board_choices(frame: pd.DataFrame) -> BoardChoices:
    """From :func:`cchc.views.board.board` of the plan year."""
    if frame.empty:
        return BoardChoices(True, False, {}, {})
    periods = {period: frame[frame["period"] == period] for period in dict.fromkeys(frame["period"])}
    return BoardChoices(False, bool(frame["is_sample"].any()),
                        {period: board.districts(rows) for period, rows in periods.items()},
                        {period: tuple(k for k in board.KINDS if k in set(rows["kind"])) for period, rows in periods.items()})


def board_page(frame: pd.DataFrame, plan_year: int, period: str, kinds: Sequence[str], district: str | None,
               report: str | None, lang: str, as_of: date | None = None, received: date | None = None) -> BoardPage:
    """The page for ``period`` of the plan year's board (``frame``), narrowed by the page's filters, as of the
    view's date ``as_of`` and the last file ``received`` (:func:`cchc.views.board.judged_on`): a report not due
    by then is "Chưa đến hạn", not missing (no ``as_of``: every report is due)."""
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    if as_of is not None:
        frame = board.judged_on(frame, as_of, received)

    shown = board.filter_units(frame, kinds, district)
    if report is not None:
        shown = shown[shown["report"] == report]
    if shown.empty:
        return BoardPage(nothing=True)
    states = board.unit_states(shown)
    counts = board.summary(states)
    due = board.period_due_date(shown, period)
    row = counts[counts["period"] == period]
    found = row.iloc[0].to_dict() if len(row) else {s: 0 for s in (*board.JUDGED_STATES, "total")}
    # "Chưa đến hạn" only when some report of the period is not due yet
    states_shown = [s for s in board.JUDGED_STATES if s != board.NOT_DUE or found[s]]
    metrics = (Metric(t("board.m_total"), format_number(found["total"]), help=t("board.m_total_help", date=format_date(due))),
               *(Metric(board.CELLS[state], format_number(found[state]), help=t(f"board.m_{state}_help"))
                 for state in states_shown))
    periods = [p.code for p in board.quarters(plan_year)]
    grid = board.grid(states, periods)
    counts_view = board.counts_table(counts)
    missing = board.missing_list(shown, period, report)
    missing_table = board.missing_table(missing, board.has_districts(frame, period))
    units = shown.drop_duplicates("unit_code")
    by_kind = board.summary(states[states["period"] == period], by=("kind",)).set_index("kind")
    kinds_shown = [k for k in board.KINDS if k in by_kind.index]
    shares_picture = shares([UNIT_KIND_NAMES[k] for k in kinds_shown],
                            [(board.CELLS[s], look.REPORT_COLOURS[s], [int(by_kind.loc[k, s]) for k in kinds_shown])
                             for s in states_shown],
                            t("board.shares_title", period=format_period(period))) if kinds_shown else None
    return BoardPage(
        nothing=False,
        period_title=t("board.period_title", period=format_period(period), date=format_date(due)),
        metrics=metrics,
        grid=grid, grid_styled=rendered(grid, board.cell_style, [format_period(p) for p in periods]),
        shares=shares_picture,
        counts=counts_view, counts_styled=rendered(counts_view, board.cell_style, ["Tình trạng"]),
        missing_caption=t("board.missing_caption", n=len(missing), period=format_period(period), date=format_date(due)),
        missing=None if missing.empty else missing_table,
        missing_for_excel=missing_table,
        reminder=board.reminder_text(missing, period, due, board.expected_counts(shown, period), report,
                                     not_due=int(found[board.NOT_DUE])),
        lookup={code: f"{name} ({code})" for code, name in zip(units["unit_code"], units["name"])},
        lookup_lines={code: tuple(lines) for code, lines in board.lines_by_unit(shown).items()},
    )


def deadlines_table(rows: pd.DataFrame) -> pd.DataFrame | None:
    """The deadline catalog of the plan year for the screen; None when it has no row."""
    return None if rows.empty else board.deadlines_table(rows)
