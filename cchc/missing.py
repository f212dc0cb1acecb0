"""What counts as no value, in one test every module uses: ``None``, NaN (Python's or NumPy's), and pandas'
``NA`` and ``NaT``. Frames read from the database keep a missing number as NaN, a missing text or date as
None, NA or NaT, depending on the column and the engine; code that looks at single values asks
:func:`is_missing` rather than which of them it got."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd


def is_missing(value: object) -> bool:
    """Whether ``value`` is no value. A text, a list or any other container is a value, even when empty."""
    if value is None:
        return True
    if isinstance(value, float):          # NumPy's float64 too
        return math.isnan(value)
    if isinstance(value, (int, str, bytes, list, tuple, dict, set, frozenset)):
        return False
    if value is pd.NA or value is pd.NaT:
        return True
    found = pd.isna(value)               # NumPy scalars: float32 NaN, datetime64 NaT; an array is a value
    return isinstance(found, (bool, np.bool_)) and bool(found)
