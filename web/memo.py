"""What a page derives from a shared view (the text of a table, its cards' HTML), computed once per view.

The views of :mod:`web.cached` are one object per data version, shared by every session, so what a page derives
from one is the same on every run of every session. :func:`per_object` keeps it beside the view for as long as the
view lives: when the cache lets a view go, what was derived from it goes too. A frame a page builds on its own run
is a new object, and gets no benefit (and costs nothing more than the call).
"""
from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, TypeVar

from cchc.formatting import as_text

Result = TypeVar("Result")


def _hashable(value: Any) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


def per_object(derive: Callable[..., Result]) -> Callable[..., Result]:
    """``derive(view, *args, **kwargs)`` computed once per view (by identity) and arguments (lists as tuples)."""
    results: dict[int, dict[Hashable, Result]] = {}
    lock = threading.Lock()

    @wraps(derive)
    def wrapper(view: Any, *args: Any, **kwargs: Any) -> Result:
        key = (tuple(_hashable(arg) for arg in args), tuple(sorted((k, _hashable(v)) for k, v in kwargs.items())))
        known = results.get(id(view))
        if known is not None and key in known:
            return known[key]
        value = derive(view, *args, **kwargs)
        with lock:
            if id(view) not in results:
                results[id(view)] = {}
                # an object's id may be reused once it is gone: forget it when it goes
                weakref.finalize(view, results.pop, id(view), None)
            results[id(view)][key] = value
        return value

    return wrapper


table_text = per_object(as_text)
"""A table as a page shows it (:func:`cchc.formatting.as_text`), once per shared view."""
