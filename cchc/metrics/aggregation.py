"""The province-level value of a target reported by many units.

For a ratio target the province's rate is the sum of the units' numerators over the sum of their
denominators (a district that handled 10 000 dossiers weighs more than a commune that handled 200),
never the mean of their percentages. Targets reported without numerator and denominator (a
satisfaction rate) fall back to the plain mean, and say so. Units expected but not reporting are listed.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import SupportsFloat

import numpy as np
import pandas as pd

from cchc.missing import is_missing

RATIO, MEAN, SUM, SINGLE = "ratio", "mean", "sum", "single"


@dataclass(frozen=True)
class Aggregate:
    """A province-level value and how it was made."""

    value: float | None
    method: str
    numerator: float | None = None
    denominator: float | None = None
    reporting: int = 0
    missing: list[str] = field(default_factory=list)


def province_value(rows: pd.DataFrame, measure: str, expected_units: Iterable[str] = ()) -> Aggregate:
    """Combine unit rows (columns unit_code, numerator, denominator, value) into one value.

    On the columns' arrays rather than pandas selections: it runs for every target, level and quarter of a
    page, and for every unit of a map, each time a file arrives."""
    expected = set(expected_units)
    if not len(rows):
        return Aggregate(None, SINGLE, missing=sorted(expected))
    values = _floats(rows["value"])
    reported = ~np.isnan(values)
    count = int(reported.sum())
    missing = sorted(expected - set(rows["unit_code"].to_numpy(dtype=object)[reported]))
    if not count:
        return Aggregate(None, SINGLE, missing=missing)
    values = values[reported]
    numerators, denominators = _floats(rows["numerator"])[reported], _floats(rows["denominator"])[reported]
    if count == 1:
        return Aggregate(float(values[0]), SINGLE, _number(numerators[0]), _number(denominators[0]), 1, missing)
    with_ratio = ~np.isnan(numerators) & ~np.isnan(denominators) & (np.nan_to_num(denominators) > 0)
    if measure == "percent" and with_ratio.all():
        numerator, denominator = float(numerators.sum()), float(denominators.sum())
        return Aggregate(numerator / denominator * 100, RATIO, numerator, denominator, count, missing)
    if measure == "percent":
        return Aggregate(float(values.mean()), MEAN, reporting=count, missing=missing)
    return Aggregate(float(values.sum()), SUM, reporting=count, missing=missing)


def _floats(column: pd.Series) -> np.ndarray:
    """A column as floats, a missing value as NaN (whatever the column's dtype: float, nullable, Arrow, object)."""
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _number(value: SupportsFloat | None) -> float | None:
    return None if value is None or is_missing(value) else float(value)
