"""The app's own CSS, on every page but the projector's (which has its own, :mod:`cchc.meeting.presentation`).

Streamlit leaves a band of about 90 px between its top menu and the page; a page here opens on its filter bar and
headline right under the menu. Streamlit draws captions in the text colour at 60 % opacity, 4:1 on white, under
the 4.5:1 that small text needs (axe-core's color-contrast): here they are opaque, in :data:`cchc.look.QUIET_TEXT`.
"""
from __future__ import annotations

import streamlit as st

from cchc import look

CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 4.25rem; }
.cchc-headline p { font-size: 1.45rem; line-height: 1.4; margin: 0; }
[data-testid="stCaptionContainer"] { opacity: 1; color: QUIET_TEXT; }
</style>
""".replace("QUIET_TEXT", look.QUIET_TEXT)


def apply() -> None:
    """Put the app's CSS on the page (once per run, before anything else is drawn)."""
    st.html(CSS)
