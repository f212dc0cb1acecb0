"""Streamlit glue shared by the pages: the language, drawing a view's lines and metrics, the table's Excel
button, a file picker in the interface language, and a guard that turns any failure into a Vietnamese message
instead of a traceback. The process's database connection is :mod:`web.database`'s.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from types import ModuleType

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cchc import auth, look
from cchc.formatting import format_number
from cchc.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from cchc.page_models.blocks import Line, Metric
from cchc.store import db, exports
from etl.reports.archive import ArchiveFull

log = logging.getLogger("cchc")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        format_func=LANGUAGES.__getitem__, key="lang",
    )
    if choice == DEFAULT_LANGUAGE:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = choice


def draw(lines: Sequence[Line], where: DeltaGenerator | ModuleType = st) -> None:
    """Draw a view's lines (markdown, captions, notices) in ``where`` (the page, a column, a container)."""
    for kind, text in lines:
        getattr(where, kind)(text)


def metric(item: Metric, where: DeltaGenerator | ModuleType = st) -> None:
    """An ``st.metric`` of a view, with the lines under it."""
    where.metric(item.label, item.value, delta=item.delta, help=item.help)
    draw(item.lines, where)


def excel_button(frame: pd.DataFrame, sheet: str, file_stem: str, key: str, sample: str | None = None) -> None:
    """The table just shown, as an Excel file with the same Vietnamese headers, its numbers and dates typed (built
    only when clicked). A sample's file says so (``sample``, a label of :func:`cchc.look.sample_label`): its name
    begins with "MAU_" and its first row is the label."""
    st.download_button(t("app.download_table"), lambda: exports.xlsx_bytes(frame, sheet, sample),
                       file_name=look.sample_file_name(f"{file_stem}.xlsx", sample=sample is not None),
                       mime=XLSX_MIME, icon=":material/download:", on_click="ignore", key=key)


def picture(markup: str, where: DeltaGenerator | ModuleType = st) -> None:
    """Draw a picture of :mod:`cchc.charts.pictures` or :mod:`cchc.charts.map` (HTML with inline SVG).

    By ``st.markdown``: ``st.html`` sanitises with DOMPurify's HTML profile, which drops SVG. The markup is the
    app's own, built on the server with every text from the data escaped; it is one line, so Markdown reads it
    as one HTML block and leaves it as it is."""
    where.markdown(markup, unsafe_allow_html=True)


def open_tab(tabs: dict[str, str], key: str) -> tuple[str, DeltaGenerator]:
    """Tabs (``tabs``: name -> label) of which only the open one is drawn: the name and container of that tab.

    Streamlit draws every tab's content unless told otherwise, and a browser pays for the hidden ones too (a
    chart, a table, its cards) before the page is still. Choosing another tab runs the page again and draws it."""
    containers = st.tabs(list(tabs.values()), key=key, on_change="rerun")
    return next((name, container) for name, container in zip(tabs, containers) if container.open)


def open_expander(label: str, key: str, icon: str | None = None) -> DeltaGenerator | None:
    """An expander whose content is drawn only once it is open, for the same reason as :func:`open_tab`: the
    container to draw in, or None while it is closed (opening it runs the page again and draws it)."""
    box = st.expander(label, key=key, icon=icon, on_change="rerun")
    return box if box.open else None


# Streamlit 1.67 writes the picker's own texts in English and has no option for them: a style scoped to one picker
# (its key's class) hides each text (font size 0) and shows the catalog's in its place, at the same size.
_PICKER_TEXTS = {
    "upload.picker_button": '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p',
    "upload.picker_drop": '[data-testid="stFileUploaderDropzone"] > input + div > span',     # while a file is dragged
    "upload.picker_limit": '[data-testid="stFileUploaderDropzoneInstructions"] span',
}


def _picker_style(key: str, types: Sequence[str], max_bytes: int) -> str:
    values = {"mb": format_number(max_bytes / 1024 / 1024), "types": ", ".join(kind.upper() for kind in types)}
    rules = []
    for text_key, selector in _PICKER_TEXTS.items():
        scoped = f".st-key-{key} {selector}"
        text = json.dumps(t(text_key, **values), ensure_ascii=False)      # a CSS string: quotes and backslashes escaped
        rules.append(f"{scoped} {{ font-size: 0; }} {scoped}::after {{ content: {text}; font-size: 0.875rem; }}")
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def file_picker(label: str, types: Sequence[str], max_bytes: int, key: str, help: str | None = None,
                multiple: bool = True) -> list:
    """``st.file_uploader`` for several files of ``types`` (one with ``multiple`` off; at most ``max_bytes`` each,
    the server's limit), its button and hints in the interface language; the files chosen."""
    st.html(_picker_style(key, types, max_bytes))
    chosen = st.file_uploader(label, type=list(types), accept_multiple_files=multiple, key=key, help=help)
    return list(chosen or []) if multiple else [chosen] if chosen is not None else []


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
    except ArchiveFull as full:
        log.error("upload refused: %s", full)
        st.error(t("app.disk_full"))
    except Exception as failure:  # noqa: BLE001 - the user must never see a traceback
        if db.unavailable(failure):     # the database server restarts: the next click works once it is back
            log.warning("database unavailable: %s", failure)
            st.warning(t("app.db_unavailable"))
        else:
            log.exception("page failed")
            st.error(t("app.error"))
    return None
