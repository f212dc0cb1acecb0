"""Which data version a page run shows, so that a deadline day's uploads do not make every viewer wait for
the shared views to be rebuilt (:mod:`web.cached`).

Every file received changes the data version, and every cached view is keyed by it. Without this module each
upload sends every viewer's next run into a rebuild of the views it draws, several times a minute (bench/deadline.py
measured a p95 of 12 s for a page run with five viewers and one file every 2 s).

- **Rebuilt once, in the background.** The process remembers which views were asked for lately (loader and
  arguments, the *working set*). When the version changes, the first run to notice starts one thread that
  builds the working set on the new version, and draws the new version itself. While the thread works, the
  other sessions keep the last finished version; when it is done, the new version is the finished one. One
  rebuild at a time: versions that arrive meanwhile are taken by the next one.
- **Never backwards, never stale for the one who wrote.** A session shows the finished version, or the one it
  showed last if that is newer. A new session and a session that has just sent data (:func:`wrote_data`) see the
  latest version at once. So a person never sees data go back in time, and a reporter sees their own upload at
  once; a single user (and every test that writes, then looks) always sees the latest.
- **For a moment only.** A viewer keeps the finished version for at most ``STALE_SECONDS`` of a rebuild
  (``CCHC_STALE_SECONDS``, 8 s unless set); after
  that its runs take the version being built, building what is still missing of it together with the rebuild
  (under a full house, the one rebuild thread gets a small share of the interpreter and would take 10 to 30 s).
"""
from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import NamedTuple, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from cchc.config import stale_seconds
from cchc.store import queries

log = logging.getLogger("cchc")

SEEN = "data_version_seen"      # session state: the version this session's last run showed
WROTE = "data_version_wrote"    # session state: this session has just sent data
RECENT_SECONDS = 120            # a view asked for within this time is in the working set
WORKING_SET = 64                # at most this many views are rebuilt ahead, the most recently used first
STALE_SECONDS = stale_seconds()     # how long a viewer keeps the finished version while a rebuild runs, at most
ORDER_KEPT = 10_000             # versions remembered in the order they were met

Loader = TypeVar("Loader", bound=Callable)


class Slot(NamedTuple):
    """Views are shared per database and role (the :class:`web.cached.DataKey` without its version)."""

    database: str
    role: str


class _Process:
    """The process's finished versions, rebuilds under way and working sets (shared by every session)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.finished: dict[Slot, queries.DataVersion] = {}
        self.building: dict[Slot, tuple[queries.DataVersion, float]] = {}     # version being built, since when
        self.used: dict[Slot, dict[tuple, float]] = {}   # (loader, args) -> when last asked for
        self.order: dict[queries.DataVersion, int] = {}    # versions in the order this process first met them

    def newest(self, *found: queries.DataVersion | None) -> queries.DataVersion:
        """(Under the lock.) The version met last among ``found``."""
        return max((v for v in found if v is not None), key=lambda v: self.order.get(v, -1))


_process = _Process()


def shown(slot: Slot, latest: queries.DataVersion, make_key: Callable[[queries.DataVersion], tuple]
          ) -> queries.DataVersion:
    """The version this run shows, given the ``latest`` in the database; starts the rebuild when one is due.
    ``make_key`` turns a version into the loaders' first argument (a :class:`web.cached.DataKey`)."""
    seen = st.session_state.get(SEEN)
    fresh = st.session_state.pop(WROTE, False)
    with _process.lock:
        if latest not in _process.order:
            if len(_process.order) > ORDER_KEPT:    # a long day's versions: only the finished ones matter now
                keep = {*_process.finished.values(), *(v for v, _ in _process.building.values())}
                _process.order = {v: n for v, n in _process.order.items() if v in keep}
            _process.order[latest] = max(_process.order.values(), default=-1) + 1
        finished = _process.finished.setdefault(slot, latest)
        if finished == latest:
            version = latest
        elif slot in _process.building:
            # the finished version, or the one the session showed last if it is newer (it started the rebuild and
            # asked for its views first); once the rebuild has taken STALE_SECONDS, the version being built (the
            # session builds what is still missing of it, with the rebuild). A new session, or one that has just
            # sent data, sees the latest.
            built, since = _process.building[slot]
            kept = finished if time.monotonic() - since < STALE_SECONDS else built
            version = _process.newest(seen, kept) if seen is not None and not fresh else latest
        else:
            _process.building[slot] = (latest, time.monotonic())
            _start_rebuild(slot, latest, make_key)
            version = latest
    st.session_state[SEEN] = version
    return version


def wrote_data() -> None:
    """This session has just sent data (a file, a plan, results): its next run shows the latest version."""
    st.session_state[WROTE] = True


def recorded(loader: Loader) -> Loader:
    """Decorate a cached loader whose first argument is a DataKey: each call joins the working set (the call as
    decorated, so that a rebuild calls it the same way)."""
    @functools.wraps(loader)
    def call(key, *args):
        with _process.lock:
            _process.used.setdefault(Slot(key.database, key.role), {})[(call, args)] = time.monotonic()
        return loader(key, *args)
    return call  # type: ignore[return-value]


def _working_set(slot: Slot) -> list[tuple]:
    now, used = time.monotonic(), _process.used.get(slot, {})
    for entry in [entry for entry, when in used.items() if now - when > RECENT_SECONDS]:
        del used[entry]
    return sorted(used, key=used.__getitem__, reverse=True)[:WORKING_SET]


def _start_rebuild(slot: Slot, version: queries.DataVersion, make_key: Callable) -> None:
    """(Under the lock.) Build the working set on ``version`` in a thread of its own, then make it the finished one.
    One thread: more would finish sooner but slow every viewer's run more (tried with four, bench/deadline.py)."""
    work = _working_set(slot)

    def rebuild() -> None:
        done = False
        try:
            key = make_key(version)
            start = time.perf_counter()
            for loader, args in work:
                loader(key, *args)
            done = True
            log.debug("shared views rebuilt for %s: %d in %.2f s", slot.role, len(work), time.perf_counter() - start)
        except Exception:       # the runs that ask for a view build it themselves, and show their own message
            log.exception("rebuilding the shared views for %s failed", slot.role)
        finally:
            with _process.lock:
                if done:
                    _process.finished[slot] = version
                _process.building.pop(slot, None)

    thread = threading.Thread(target=rebuild, name="cchc-views-rebuild", daemon=True)
    context = get_script_run_ctx()
    if context is not None:
        add_script_run_ctx(thread, context)     # Streamlit's caches expect a run's context on the thread
    thread.start()
