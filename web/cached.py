"""The pages' data, computed once and shared by every session: finished views (tables, texts, figures)
per data version, role and choice, so that a page run only draws.

- **Key.** Every loader takes the run's :class:`DataKey` first: the database, its data version
  (:func:`cchc.store.queries.data_version`, which changes with every file received and every catalog loaded,
  whichever process wrote it) and the role. A view made from one kind of file (targets, tasks, index results:
  ``_made_of``) is keyed by that kind's part only, so a targets report does not rebuild the tasks' views.
  The catalog snapshot follows the catalogs alone, and the upload page's list of what is due the unit's own
  files, so that a busy deadline day does not reload them with every file received.
- **Deadline days.** dashboard.py reads the key once per run (:func:`begin_run`). Which version it shows is
  :mod:`web.versions`' choice: the latest, or for the time of one rebuild in the background, the last finished
  one. Nothing needs clearing.
- **Guard.** Getting the key is where the dashboards' data is guarded: only accounts that may read every
  unit's data (administrators, leadership) get past :func:`data_key`, before any cache is consulted.
- **Shared, not copied.** ``st.cache_resource`` hands every session the same object (``st.cache_data``
  would unpickle a copy on every run). Views are read-only: a page never changes what it is given.
  Old versions leave the cache after an hour or when a loader holds too many entries.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple, TypeVar
from urllib.parse import quote

import pandas as pd
import streamlit as st

from cchc.applicability import Catalog
from cchc.charts import map as map_chart
from cchc.config import default_database
from cchc.documents import scorecard
from cchc.meeting import presentation
from cchc.meeting.agenda import Meeting
from cchc.meeting.agenda import meeting as build_meeting
from cchc.page_models import board as board_page
from cchc.page_models import comparison as comparison_page_model
from cchc.page_models import indices as indices_page
from cchc.page_models import overview as overview_page
from cchc.page_models import targets as targets_page
from cchc.page_models import tasks as tasks_page
from cchc.page_models import units as units_page
from cchc.page_models import upload as upload_page
from cchc.periods import Period, parse_period
from cchc.store import queries
from cchc.views import board, comparison, indices, units
from cchc.views import unit_map as unit_maps
from cchc.views.reporting import missing_reports
from cchc.views.target_progress import target_progress
from cchc.views.task_progress import task_progress
from web import versions
from web.app import language
from web.database import database
from web.session import USER, require

TTL = 3600
SMALL, LARGE = 16, 256      # entries kept per loader: a handful of periods, or one per unit and choice
RUN_KEY = "data_key"
Loader = TypeVar("Loader", bound=Callable)


class DataKey(NamedTuple):
    """What a cached view depends on besides its own arguments."""

    database: str
    version: queries.DataVersion
    role: str

    def of(self, kind: str) -> DataKey:
        """The key of a view made from one kind of file (:meth:`cchc.store.queries.DataVersion.of`)."""
        return self._replace(version=self.version.of(kind))


def _key(role: str) -> DataKey:
    """The run's key: the latest version, or the last one whose views are built (:func:`web.versions.shown`)."""
    path = default_database()
    version = versions.shown(versions.Slot(path, role), queries.data_version(database(path)),
                             lambda version: DataKey(path, version, role))
    return DataKey(path, version, role)


def begin_run() -> None:
    """Read the data version for this run (dashboard.py, once, before a dashboard or the projector draws)."""
    user = st.session_state.get(USER)
    if user is not None:
        st.session_state[RUN_KEY] = _key(user.role)


def data_key() -> DataKey:
    """The key of every loader below.

    Raises :class:`cchc.auth.PermissionDenied` unless the signed-in account may read all units' data.
    """
    user = require("read_all")
    key = st.session_state.get(RUN_KEY)
    if key is None or key.role != user.role or key.database != default_database():
        key = _key(user.role)       # a page run on its own (tests): no run key from dashboard.py
    return key


# --- reference data, for any signed-in account ------------------------------------------------------------

@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _catalog(database_path: str, catalogs: str) -> Catalog:
    return Catalog(database(database_path))


def catalog() -> Catalog:
    """The catalog snapshot (units, targets, tasks) for forms. Reference data every signed-in role may read."""
    path = default_database()
    return _catalog(path, queries.data_version(database(path)).catalogs)


def _made_of(kind: str) -> Callable[[Loader], Loader]:
    """Decorate a loader whose view is made from files of ``kind`` alone (and the catalogs): it is kept while
    files of the other kinds arrive (the key it caches on counts only its kind's files)."""
    def decorate(loader: Loader) -> Loader:
        @functools.wraps(loader)
        def call(key: DataKey, *args):
            return loader(key.of(kind), *args)
        return call  # type: ignore[return-value]
    return decorate


def _catalog_of(key: DataKey) -> Catalog:
    return _catalog(key.database, key.version.catalogs)


# --- the upload page, for whoever submits for the unit (its reporter, Sở Nội vụ) -------------------------
# Keyed like the catalog, not by a DataKey: a reporter may not read every unit's data (data_key), only their own.

@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _due_reports(database_path: str, catalogs: str, files: tuple[int, int], unit_code: str, plan_year: int,
                 today: date, lang: str) -> upload_page.DueReports:
    catalog = _catalog(database_path, catalogs)
    unit = catalog.unit(unit_code)
    assert unit is not None     # the page offers only units of the catalog
    frame = board.board(database(database_path), plan_year, catalog, unit_code)
    return upload_page.due_reports(frame, unit["name"], plan_year, today, plan_year in catalog.sample_plan_years, lang)


def due_reports(unit_code: str, plan_year: int) -> upload_page.DueReports:
    """The unit's reports of the plan year with their deadlines and states as of today. Raises
    :class:`cchc.auth.PermissionDenied` unless the signed-in account may submit for the unit."""
    require("submit", unit_code)
    path = default_database()
    conn = database(path)   # the unit's own files: another unit's file does not change this list
    return _due_reports(path, queries.data_version(conn).catalogs, queries.unit_files(conn, unit_code), unit_code,
                        plan_year, date.today(), language())


# --- the filter bar -----------------------------------------------------------------------------------------

@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _plan_years(key: DataKey) -> tuple[int, ...]:
    return queries.plan_years(database(key.database))


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _latest_quarter(key: DataKey, year: int) -> int | None:
    return queries.latest_quarter(database(key.database), year)


def plan_years() -> tuple[int, ...]:
    """Plan years in the database, newest first."""
    return _plan_years(data_key())


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _sample_plan_years(key: DataKey) -> frozenset[int]:
    return queries.sample_plan_years(database(key.database))


def sample_plan_years() -> frozenset[int]:
    """Plan years whose plan is a sample ("Kế hoạch mẫu")."""
    return _sample_plan_years(data_key())


def latest_quarter(year: int) -> int | None:
    """The latest quarter of ``year`` with an accepted report, if any."""
    return _latest_quarter(data_key(), year)


# --- shared intermediate frames -----------------------------------------------------------------------------

def _period(code: str) -> Period:
    """The period of a code the pages made from one (loaders take codes: they are the cache's keys)."""
    period = parse_period(code)
    if period is None:
        raise ValueError(f"not a period code: {code!r}")
    return period


@versions.recorded
@_made_of("targets")
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _targets(key: DataKey, plan_year: int, quarter: int) -> pd.DataFrame:
    return target_progress(database(key.database), plan_year, quarter, catalog=_catalog_of(key))


@versions.recorded
@_made_of("tasks")
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _tasks(key: DataKey, plan_year: int, as_of: date) -> pd.DataFrame:
    return task_progress(database(key.database), plan_year, as_of, catalog=_catalog_of(key))


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _missing_reports(key: DataKey, period_code: str) -> pd.DataFrame:
    return missing_reports(database(key.database), _period(period_code), catalog=_catalog_of(key))


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _board(key: DataKey, plan_year: int) -> pd.DataFrame:
    return board.board(database(key.database), plan_year, catalog=_catalog_of(key))


# --- overview and projector ---------------------------------------------------------------------------------

@versions.recorded
@_made_of("indices")
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _index_cards(key: DataKey, lang: str) -> tuple[overview_page.IndexCard, ...]:
    return tuple(overview_page.index_cards(queries.headline_scores(database(key.database)), lang))


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _plan_summary(key: DataKey, plan_year: int, period_code: str, as_of: date, lang: str) -> overview_page.PlanSummary:
    period = _period(period_code)
    assert period.quarter is not None       # the overview's period is the filter bar's, a quarter
    return overview_page.plan_summary(_targets(key, plan_year, period.quarter), _tasks(key, plan_year, as_of),
                                      _missing_reports(key, period_code), plan_year, period, as_of, lang,
                                      plan_year in _sample_plan_years(key))


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _meeting(key: DataKey, plan_year: int, period_code: str, as_of: date) -> Meeting:
    return build_meeting(database(key.database), plan_year, _period(period_code), as_of)


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _screen(key: DataKey, plan_year: int, period_code: str, as_of: date, number: int) -> presentation.Screen:
    return presentation.screen(_meeting(key, plan_year, period_code, as_of), number)


def index_cards() -> tuple[overview_page.IndexCard, ...]:
    """The overview's card of each national index."""
    return _index_cards(data_key(), language())


def plan_summary(plan_year: int, period: Period, as_of: date) -> overview_page.PlanSummary:
    """The overview's plan year at a glance."""
    return _plan_summary(data_key(), plan_year, period.code, as_of, language())


def meeting(plan_year: int, period_code: str, as_of: date) -> Meeting:
    """:func:`cchc.meeting.meeting`: the views of the steering committee's meeting."""
    return _meeting(data_key(), plan_year, period_code, as_of)


def screen(plan_year: int, period_code: str, as_of: date, number: int) -> presentation.Screen:
    """One screen of the projector, finished."""
    return _screen(data_key(), plan_year, period_code, as_of, number)


# --- targets and tasks --------------------------------------------------------------------------------------

@versions.recorded
@_made_of("targets")
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _targets_page(key: DataKey, plan_year: int, quarter: int, level: str) -> targets_page.TargetsPage:
    return targets_page.targets_page(_targets(key, plan_year, quarter), level, plan_year in _sample_plan_years(key))


@versions.recorded
@_made_of("tasks")
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _tasks_page(key: DataKey, plan_year: int, as_of: date) -> tasks_page.TasksPage:
    return tasks_page.tasks_page(_tasks(key, plan_year, as_of))


@versions.recorded
@_made_of("tasks")
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _task_selection(key: DataKey, plan_year: int, as_of: date, areas: tuple[str, ...], leads: tuple[str, ...],
                    states: tuple[str, ...]) -> tasks_page.TaskSelection:
    return tasks_page.task_selection(_tasks(key, plan_year, as_of), as_of, areas, leads, states)


def targets(plan_year: int, quarter: int, level: str) -> targets_page.TargetsPage:
    """The targets page at a level ("all" for every level)."""
    return _targets_page(data_key(), plan_year, quarter, level)


def tasks(plan_year: int, as_of: date) -> tasks_page.TasksPage:
    """The tasks page: counts and the filters' choices."""
    return _tasks_page(data_key(), plan_year, as_of)


def task_selection(plan_year: int, as_of: date, areas: Sequence[str], leads: Sequence[str],
                   states: Sequence[str]) -> tasks_page.TaskSelection:
    """The tasks page's table and timeline for a choice of areas, lead units and states."""
    return _task_selection(data_key(), plan_year, as_of, tuple(areas), tuple(leads), tuple(states))


# --- indices ------------------------------------------------------------------------------------------------

@versions.recorded
@_made_of("indices")
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _index_page(key: DataKey, code: str, plan_year: int, lang: str) -> indices_page.IndexPage:
    return indices_page.index_page(indices.index_view(database(key.database), code, plan_year), plan_year, lang)


@versions.recorded
@_made_of("indices")
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _internal_rows(key: DataKey) -> pd.DataFrame:
    return indices.internal_rows(database(key.database))


@versions.recorded
@_made_of("indices")
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _internal_year(key: DataKey, year: int, level: str, unit_kind: str, lang: str) -> indices_page.InternalYear:
    return indices_page.internal_year(_internal_rows(key), year, level, unit_kind, lang)


def index_page(code: str, plan_year: int) -> indices_page.IndexPage:
    """One national index on the indices page."""
    return _index_page(data_key(), code, plan_year, language())


def internal_years() -> list[int]:
    """Years with internal PAR INDEX values, latest first."""
    return indices.internal_years(_internal_rows(data_key()))


def internal_year(year: int, level: str, unit_kind: str) -> indices_page.InternalYear:
    """The internal PAR INDEX of a year, narrowed by the filter bar's level and kind of unit."""
    return _internal_year(data_key(), year, level, unit_kind, language())


# --- the provinces compared ---------------------------------------------------------------------------------

@versions.recorded
@_made_of("indices")
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _editions(key: DataKey) -> tuple[comparison.Edition, ...]:
    return tuple(comparison.editions(database(key.database)))


@versions.recorded
@_made_of("indices")
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _comparison_page(key: DataKey, edition: comparison.Edition, lang: str) -> comparison_page_model.ComparisonPage:
    return comparison_page_model.comparison_page(comparison.comparison(database(key.database), edition), lang)


def editions() -> tuple[comparison.Edition, ...]:
    """The editions with results of several provinces, Hà Tĩnh's among them (newest first, by index)."""
    return _editions(data_key())


def comparison_page(edition: comparison.Edition) -> comparison_page_model.ComparisonPage:
    """Hà Tĩnh among the provinces in one edition."""
    return _comparison_page(data_key(), edition, language())


# --- units --------------------------------------------------------------------------------------------------

@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _unit_options(key: DataKey, day: date) -> units_page.UnitOptions:
    return units_page.unit_options(units.unit_options(database(key.database), day, _catalog_of(key)))


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _unit_search(key: DataKey, day: date, text: str) -> tuple[str, ...]:
    return tuple(units.search_units(_unit_options(key, day).frame, text)["code"])


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _unit_page(key: DataKey, code: str, plan_year: int, quarter: int, as_of: date, lang: str
               ) -> units_page.UnitPage | None:
    report = units.unit_report(database(key.database), code, plan_year, quarter, as_of, _catalog_of(key))
    return None if report is None else units_page.unit_page(report, Period(plan_year, quarter).code, as_of, lang)


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _compare_choices(key: DataKey, kind: str, plan_year: int) -> dict[str, str]:
    return units.compare_choices(database(key.database), kind, plan_year, _catalog_of(key))


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _comparison(key: DataKey, kind: str, choice: str, plan_year: int, quarter: int, parent: str | None
                ) -> units.Comparison:
    return units.compare_units(database(key.database), kind, choice, plan_year, quarter, parent, _catalog_of(key))


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _comparison_chart(key: DataKey, kind: str, choice: str, plan_year: int, quarter: int, parent: str | None,
                      highlight: str, lang: str) -> units_page.ComparisonChart:
    return units_page.comparison_chart(_comparison(key, kind, choice, plan_year, quarter, parent), highlight, lang)


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _commune_targets(key: DataKey, plan_year: int) -> dict[str, str]:
    return units.commune_target_choices(database(key.database), plan_year, _catalog_of(key))


@versions.recorded
@_made_of("targets")
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _district_communes(key: DataKey, district: str, target: str, plan_year: int, quarter: int
                       ) -> tuple[units_page.CommuneRow, ...]:
    return units_page.commune_rows(units.district_communes(database(key.database), district, target, plan_year,
                                                           quarter, _catalog_of(key)))


def unit_options(day: date) -> units_page.UnitOptions:
    """The units one can pick on the units page: those existing on ``day``, the period's last day."""
    return _unit_options(data_key(), day)


def unit_search(day: date, text: str) -> tuple[str, ...]:
    """The units of ``day`` whose name, district, code or short name contain every word typed (empty: none)."""
    return _unit_search(data_key(), day, text)


def unit_page(code: str, plan_year: int, quarter: int, as_of: date) -> units_page.UnitPage | None:
    """One unit's page (None for an unknown code)."""
    return _unit_page(data_key(), code, plan_year, quarter, as_of, language())


def compare_choices(kind: str, plan_year: int) -> dict[str, str]:
    """What units of a kind can be compared on."""
    return _compare_choices(data_key(), kind, plan_year)


def comparison_chart(kind: str, choice: str, plan_year: int, quarter: int, parent: str | None,
                     highlight: str) -> units_page.ComparisonChart:
    """Units of a kind ranked on one target or index, ``highlight`` picked out."""
    return _comparison_chart(data_key(), kind, choice, plan_year, quarter, parent, highlight, language())


def commune_targets(plan_year: int) -> dict[str, str]:
    """Targets every commune reports."""
    return _commune_targets(data_key(), plan_year)


def district_communes(district: str, target: str, plan_year: int, quarter: int) -> tuple[units_page.CommuneRow, ...]:
    """A district's communes with their latest value of a target."""
    return _district_communes(data_key(), district, target, plan_year, quarter)


# --- the units' score cards (PDF) ---------------------------------------------------------------------------

@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _score_card(key: DataKey, code: str, period_code: str, as_of: date) -> bytes:
    card = scorecard.score_card(database(key.database), code, _period(period_code), as_of, _catalog_of(key))
    return b"" if card is None else scorecard.card_pdf(card)


@st.cache_resource(ttl=TTL, max_entries=2, show_spinner=False)    # a few MB each
def _score_cards_zip(key: DataKey, period_code: str, as_of: date) -> bytes:
    conn = database(key.database)
    return scorecard.cards_zip(scorecard.score_cards(conn, _period(period_code), as_of, _catalog_of(key)))


def score_card(code: str, period: Period, as_of: date) -> Callable[[], bytes]:
    """One unit's score card (:mod:`cchc.documents.scorecard`) as PDF bytes, made when the returned function is
    called (a download button's click, on a thread of its own: the key is this run's, taken now)."""
    key = data_key()
    return lambda: _score_card(key, code, period.code, as_of)


def score_cards_zip(period: Period, as_of: date) -> Callable[[], bytes]:
    """Every unit's score card of the period in one zip file, made when the returned function is called."""
    key = data_key()
    return lambda: _score_cards_zip(key, period.code, as_of)


# --- the map of the 69 units ----------------------------------------------------------------------------------

@versions.recorded
@_made_of("targets")
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _unit_map(key: DataKey, plan_year: int, period_code: str, target: str, lang: str) -> unit_maps.UnitMap:
    return unit_maps.unit_map(database(key.database), plan_year, _period(period_code), target, _catalog_of(key),
                              lang)


@versions.recorded
@_made_of("targets")
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _unit_map_picture(key: DataKey, plan_year: int, period_code: str, target: str, mode: str, lang: str,
                      unit_address: str) -> str:
    return map_chart.unit_map_picture(_unit_map(key, plan_year, period_code, target, lang), mode,
                                      link=lambda code: unit_address + quote(code))


def unit_map(plan_year: int, period: Period, target: str) -> unit_maps.UnitMap:
    """The map's data: a commune target's value and status for each of the 69 units in ``period``."""
    return _unit_map(data_key(), plan_year, period.code, target, language())


def unit_map_picture(plan_year: int, period: Period, target: str, mode: str, unit_address: str) -> str:
    """The map, coloured by status or shaded by value (``mode``), as HTML; a unit links to ``unit_address``
    followed by its code."""
    return _unit_map_picture(data_key(), plan_year, period.code, target, mode, language(), unit_address)


# --- submissions board --------------------------------------------------------------------------------------

@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _board_choices(key: DataKey, plan_year: int) -> board_page.BoardChoices:
    return board_page.board_choices(_board(key, plan_year))


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _board_page(key: DataKey, plan_year: int, period: str, kinds: tuple[str, ...], district: str | None,
                report: str | None, as_of: date, lang: str) -> board_page.BoardPage:
    received = board.received_until(database(key.database))
    return board_page.board_page(_board(key, plan_year), plan_year, period, kinds, district, report, lang, as_of,
                                 received)


@versions.recorded
@st.cache_resource(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _board_deadlines(key: DataKey, plan_year: int) -> pd.DataFrame | None:
    return board_page.deadlines_table(board.deadlines(database(key.database), plan_year))


def board_choices(plan_year: int) -> board_page.BoardChoices:
    """What the board page's own filters offer."""
    return _board_choices(data_key(), plan_year)


def board_view(plan_year: int, period: str, kinds: Sequence[str], district: str | None,
               report: str | None, as_of: date) -> board_page.BoardPage:
    """The board for a period and the page's filters, as of the view's date."""
    return _board_page(data_key(), plan_year, period, tuple(kinds), district, report, as_of, language())


def board_deadlines(plan_year: int) -> pd.DataFrame | None:
    """The deadline table of the plan year."""
    return _board_deadlines(data_key(), plan_year)
