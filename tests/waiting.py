"""Waiting in tests for a condition, never for a fixed time: a check every 20 ms until it holds, or a failure that
says what did not happen."""
from __future__ import annotations

import time
from collections.abc import Callable


def until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Return once ``condition()`` is true; fail after ``timeout`` seconds, naming ``what`` was awaited."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout:g} s: {what}"
        time.sleep(0.02)
