"""What a phone shows in place of a table that does not fit it: a list of cards, status first.

Streamlit cannot know the screen's width on the server, so a page draws its table in a container that
:mod:`web.style` hides on a narrow screen when the cards are there, and the cards in one it shows only there
(the containers' keys give them the CSS classes ``st-key-desk_…`` and ``st-key-phone_…``). The cards are drawn
only for a phone's browser, which says so in its User-Agent (:func:`on_a_phone`): on a desk they would cost every
page load for nothing shown (the board's 259 cards took it from 0,89× to 1,19× the bare page in
``bench/browser.py``). Any other browser keeps its tables at every width. The desk view is the table, unchanged.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cchc import look
from cchc.metrics import target_status, task_state
from cchc.missing import is_missing
from cchc.views import board
from cchc.vocabulary import SUBMISSION_STATUSES
from web.memo import per_object, table_text

# Every status text a table shows, with its hue in the visual language (a unit's overdue task reads "⚠ Quá hạn").
HUES = {
    **{target_status.status_text(status): look.TARGET_COLOURS[status] for status in target_status.STATUSES},
    **{label: look.TASK_COLOURS[state] for state, label in task_state.LABELS.items()},
    "⚠ " + task_state.LABELS[task_state.OVERDUE]: look.TASK_COLOURS[task_state.OVERDUE],
    **{cell: look.REPORT_COLOURS[state] for state, cell in board.CELLS.items()},
    **{SUBMISSION_STATUSES[state]: hue for state, hue in
       (("accepted", look.GREEN), ("rejected", look.RED), ("superseded", look.GREY))},
}


def on_a_phone() -> bool:
    """Whether the browser is a phone's: "Mobi" in its User-Agent, as Mozilla advises (iPhone and Android
    phones say "Mobile"; tablets and desks do not)."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


def desk_only(key: str) -> DeltaGenerator:
    """A container hidden on a phone, for the table that :func:`cards` shows there as cards."""
    return st.container(key=f"desk_{key}")


def cards(frame: pd.DataFrame, key: str, *, fields: Sequence[str], title: str | None = None,
          status: str | None = None) -> None:
    """``frame``'s rows as cards, drawn only on a phone: the status first (its mark and colour), then the row's
    name (``title``) and its key values (``fields``, with their headers; those the table lacks are left out)."""
    if not on_a_phone():
        return
    with st.container(key=f"phone_{key}"):
        st.html(cards_html(frame, title=title, fields=fields, status=status))


def _badge(text: str) -> str:
    hue = HUES.get(text)
    if hue is None:
        return html.escape(text)
    background, ink = look.FILLS[hue]
    return f'<span class="cchc-badge" style="background:{background};color:{ink}">{html.escape(text)}</span>'


@per_object
def cards_html(frame: pd.DataFrame, *, fields: Sequence[str], title: str | None = None,
               status: str | None = None) -> str:
    """The HTML of :func:`cards` (cells as the table shows them; empty values left out), once per shared view."""
    shown = table_text(frame)
    items = []
    for row in shown.to_dict("records"):
        state = "" if status is None else str(row[status])
        hue = HUES.get(state, look.PALE)
        values = [(name, str(row[name])) for name in fields
                  if name in row and not is_missing(row[name]) and str(row[name]).strip() not in ("", "–")]
        items.append(
            f'<li class="cchc-card" style="border-left-color:{hue}">'
            + (f'<div class="cchc-card-status">{_badge(state)}</div>' if state else "")
            + (f'<div class="cchc-card-title">{html.escape(str(row[title]))}</div>' if title else "")
            + "".join(f'<div class="cchc-card-field"><span>{html.escape(name)}</span> {_badge(value)}</div>'
                      for name, value in values)
            + "</li>")
    return f'<ul class="cchc-cards">{"".join(items)}</ul>'
