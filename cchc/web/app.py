"""Streamlit glue shared by the pages: the one database connection of the process, the language, drawing a
view's lines, and a guard that turns any failure into a Vietnamese message instead of a traceback.
"""
from __future__ import annotations

import atexit
import gc
import logging
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from cchc import auth
from cchc.store import db, exports
from cchc.config import archive_dir_for, default_database
from cchc.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from cchc.views.blocks import Line, Metric

log = logging.getLogger("cchc")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    from etl.setup import initialise, recover  # the app keeps catalogs current; etl never imports streamlit

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
    from cchc.web import sample  # the sample data `make run` asked for loads in the background

    sample.start(conn, path)
    return conn


def language() -> str:
    """The interface language chosen in the sidebar (Vietnamese unless switched)."""
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    """A UI string in the current language."""
    return translate(key, language(), **values)


def language_picker() -> None:
    """The language switch in the sidebar; the choice is kept in the URL (?lang=en)."""
    current = st.query_params.get("lang", DEFAULT_LANGUAGE)
    if current not in LANGUAGES:
        current = DEFAULT_LANGUAGE
    choice = st.sidebar.selectbox(
        translate("app.language"), list(LANGUAGES), index=list(LANGUAGES).index(current),
        format_func=LANGUAGES.get, key="lang",
    )
    if choice == DEFAULT_LANGUAGE:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = choice


def draw(lines: Sequence[Line], where: object = st) -> None:
    """Draw a view's lines (markdown, captions, notices) in ``where`` (the page, a column, a container)."""
    for kind, text in lines:
        getattr(where, kind)(text)


def metric(item: Metric, where: object = st) -> None:
    """An ``st.metric`` of a view, with the lines under it."""
    where.metric(item.label, item.value, delta=item.delta, help=item.help)
    draw(item.lines, where)


def excel_button(frame: pd.DataFrame, sheet: str, file_stem: str, key: str) -> None:
    """The table just shown, as an Excel file with the same Vietnamese headers (built only when clicked)."""
    st.download_button(t("app.download_table"), lambda: exports.xlsx_bytes(frame, sheet), file_name=f"{file_stem}.xlsx",
                       mime=XLSX_MIME, icon=":material/download:", on_click="ignore", key=key)


def guarded(page: Callable[[], object]) -> object:
    """Run a page (or a part of one); a failure is logged in full and shown as one Vietnamese sentence.

    Returns what the part returned, or None when it failed.
    """
    try:
        return page()
    except auth.PermissionDenied as refused:
        st.warning(str(refused))
        return None
    except db.DatabaseBusyError:
        log.warning("database busy: held by another process")
        st.warning(t("app.busy"))
        return None
    except Exception:  # noqa: BLE001 - the user must never see a traceback
        log.exception("page failed")
        st.error(t("app.error"))
    return None
