"""The sample data that `make run` asks for (``init --demo --background``), loaded by the app itself in the
background from its first start, and the banner that tells every page how far it has come.

DuckDB lets one process write the file, and the app holds it while it runs: so the app loads the sample
files (built and read by worker processes, ingested by a thread here), and the pages work from the first
minute, on the reports loaded so far. A load that was stopped resumes at the next start.
"""
from __future__ import annotations

import atexit
import logging
import threading
from dataclasses import dataclass

import streamlit as st

from cchc.config import archive_dir_for
from cchc.formatting import format_number
from cchc.store import db
from etl.sample.reports import LOADING, create_demo, sample_state
from web.app import t

log = logging.getLogger("cchc")
REFRESH_SECONDS = 2


@dataclass
class Progress:
    """How far the load has come (written by the loading thread, read by page runs)."""

    done: int = 0
    total: int = 0
    finished: bool = False
    failed: bool = False


_loads: dict[str, Progress] = {}     # database path → its load in this process
_lock = threading.Lock()
_threads: list[threading.Thread] = []
_stopping = threading.Event()


class _Stopped(Exception):
    """The app is stopping: the load ends after the file in hand, and resumes at the next start."""


def start(conn: db.Connection, path: str) -> None:
    """Load the sample data in the background if it was asked for and is not all in (once per process)."""
    with _lock:
        if path in _loads or sample_state(conn) != LOADING:
            return
        progress = _loads[path] = Progress()
        thread = threading.Thread(target=_load, args=(conn, path, progress), name="cchc-sample-data", daemon=True)
        _threads.append(thread)
    thread.start()


def _load(conn: db.Connection, path: str, progress: Progress) -> None:
    def advance(done: int, total: int) -> None:
        progress.done, progress.total = done, total
        if _stopping.is_set():
            raise _Stopped

    try:
        create_demo(conn, archive_dir_for(path), progress=advance)
    except _Stopped:
        log.info("sample data: stopped with the app at %s/%s files; the load resumes at the next start",
                 progress.done, progress.total)
        return
    except Exception:  # noqa: BLE001 - a failed load must not take the app down; the banner says so
        log.exception("sample data: the load failed")
        progress.failed = True
    progress.finished = True


@atexit.register
def _stop() -> None:
    """At the app's exit (Ctrl+C on `make run`), end the load after the file in hand. Left to run, the thread is
    stopped by the interpreter's exit inside DuckDB, and the process aborts ("terminate called …")."""
    _stopping.set()
    for thread in _threads:
        thread.join(timeout=60)


def _banner_text(progress: Progress) -> str:
    share = progress.done * 100 // progress.total if progress.total else 0
    return t("sample.loading", done=format_number(progress.done),
             total=format_number(progress.total) if progress.total else "…", share=share)


@st.fragment(run_every=REFRESH_SECONDS)
def _live(path: str) -> None:
    progress = _loads[path]
    if progress.finished:
        st.rerun(scope="app")      # once, so the page shows every report; the banner is then gone
    st.info(_banner_text(progress), icon=":material/hourglass_top:")


def banner(path: str) -> None:
    """On every page while the sample data loads: how far it is, refreshed every few seconds."""
    progress = _loads.get(path)
    if progress is None:
        return
    if progress.failed:
        st.warning(t("sample.failed"))
    elif not progress.finished:
        _live(path)
