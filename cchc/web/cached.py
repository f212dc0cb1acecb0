"""Cached loaders for the pages: each computes from the shared connection once per set of arguments
(for five minutes), so moving between pages does not recompute the same tables.

The database file is part of every cache key: one process may serve (or test) several databases.
Getting that key is also where the dashboards' data is guarded: only accounts that may read every
unit's data (administrators, leadership) get past :func:`database_key`, before any cache is consulted.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from cchc import queries
from cchc.applicability import Catalog
from cchc.config import default_db_path
from cchc.meeting import Meeting
from cchc.meeting import meeting as build_meeting
from cchc.periods import Period, parse_period
from cchc.views.reporting import missing_reports
from cchc.web.session import require
from cchc.views.target_progress import target_progress
from cchc.views.task_progress import task_progress
from cchc.web.app import connection

TTL = 300


def catalog() -> Catalog:
    """The catalog snapshot (units, targets, tasks) for forms. Reference data every signed-in role may
    read, so no role check here; kept for five minutes like the other loaders."""
    return _catalog(str(default_db_path()))


@st.cache_resource(ttl=TTL, show_spinner=False)
def _catalog(database: str) -> Catalog:
    return Catalog(connection())


def database_key() -> str:
    """The database file, the first argument of every cached loader (pages' own loaders too).

    Raises :class:`cchc.auth.PermissionDenied` unless the signed-in account may read all units' data.
    """
    require("read_all")
    return str(default_db_path())


def headline_scores() -> pd.DataFrame:
    """:func:`cchc.queries.headline_scores`: the published indices, year by year."""
    return _headline_scores(database_key())


def meeting(plan_year: int, period_code: str, as_of: date) -> Meeting:
    """:func:`cchc.meeting.meeting`: the views of the steering committee's meeting."""
    return _meeting(database_key(), plan_year, period_code, as_of)


def targets(plan_year: int, quarter: int) -> pd.DataFrame:
    """:func:`cchc.views.target_progress.target_progress` for the province."""
    return _targets(database_key(), plan_year, quarter)


def tasks(plan_year: int, as_of: date) -> pd.DataFrame:
    """:func:`cchc.views.task_progress.task_progress` on a date."""
    return _tasks(database_key(), plan_year, as_of)


def missing(period_code: str) -> pd.DataFrame:
    """:func:`cchc.views.reporting.missing_reports` of a quarter."""
    return _missing(database_key(), period_code)


@st.cache_data(ttl=TTL, show_spinner=False)
def _headline_scores(database: str) -> pd.DataFrame:
    return queries.headline_scores(connection())


@st.cache_data(ttl=TTL, show_spinner=False)
def _meeting(database: str, plan_year: int, period_code: str, as_of: date) -> Meeting:
    return build_meeting(connection(), plan_year, parse_period(period_code), as_of)


@st.cache_data(ttl=TTL, show_spinner=False)
def _targets(database: str, plan_year: int, quarter: int) -> pd.DataFrame:
    return target_progress(connection(), plan_year, quarter)


@st.cache_data(ttl=TTL, show_spinner=False)
def _tasks(database: str, plan_year: int, as_of: date) -> pd.DataFrame:
    return task_progress(connection(), plan_year, as_of)


@st.cache_data(ttl=TTL, show_spinner=False)
def _missing(database: str, period_code: str) -> pd.DataFrame:
    year, quarter = period_code.split("-Q")
    return missing_reports(connection(), Period(int(year), int(quarter)))
