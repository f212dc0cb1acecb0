"""The pieces a finished view hands to its page: lines of text that say how they are drawn, and metrics.

A page draws them with :func:`web.app.draw`; the view decides the words, the page only the layout.
Lines are Markdown: a view escapes every value from the data it writes into one (:mod:`cchc.text`).
"""
from __future__ import annotations

from dataclasses import dataclass

MARKDOWN, CAPTION, INFO, WARNING = "markdown", "caption", "info", "warning"
Line = tuple[str, str]          # (MARKDOWN | CAPTION | INFO | WARNING, text)


def markdown(text: str) -> Line:
    return MARKDOWN, text


def caption(text: str) -> Line:
    return CAPTION, text


def info(text: str) -> Line:
    return INFO, text


def warning(text: str) -> Line:
    return WARNING, text


@dataclass(frozen=True)
class Metric:
    """An ``st.metric`` and the lines under it."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    lines: tuple[Line, ...] = ()
