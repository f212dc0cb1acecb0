"""The process's one connection to each database, opened on first use: the catalogs are brought up to date,
what a crash left half-done is recovered, and the sample data `make run` asked for starts loading in the
background (:mod:`web.sample`). Pages use it through ``db.query_df`` and friends, which take a cursor per call.
"""
from __future__ import annotations

import atexit
import gc
import logging

import streamlit as st

from cchc.config import archive_dir_for, default_database
from cchc.store import db
from etl.operations.setup import initialise, recover
from web import sample

log = logging.getLogger("cchc")


def connection() -> db.Connection:
    """The process's read-write connection to the configured database (``CCHC_DB``).

    Pages use it through ``db.query_df`` and friends, which take a cursor per call.
    """
    return _shared_connection(default_database())


def database(path: str) -> db.Connection:
    """The process's connection to the database file ``path`` (the cached loaders name it in their key)."""
    return _shared_connection(path)


@st.cache_resource(show_spinner=False)
def _shared_connection(path: str) -> db.Connection:
    """One connection per database file and process; catalogs are brought up to date on first use."""
    conn = db.open_database(path)
    report = initialise(conn, actor="app")
    recovered = recover(conn, archive_dir_for(path))
    if recovered.completed or recovered.dropped:
        log.warning("after a crash: %d received files completed, %d unfinished dropped",
                    len(recovered.completed), len(recovered.dropped))
    for problem in report.problems:
        log.warning("catalog: %s", problem)
    # What is in memory now (modules, catalogs) stays for the life of the process: out of the garbage
    # collector's sight, so that its full collections only look at what page runs make.
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)    # and back in sight at exit, so that the process ends clean
    sample.start(conn, path)
    return conn
