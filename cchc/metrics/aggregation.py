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
    """Combine unit rows (columns unit_code, numerator, denominator, value) into one value."""
    reported = rows[rows["value"].notna()] if len(rows) else rows
    missing = sorted(set(expected_units) - set(reported["unit_code"])) if len(rows) else sorted(set(expected_units))
    if reported.empty:
        return Aggregate(None, SINGLE, missing=missing)
    if len(reported) == 1:
        row = reported.iloc[0]
        return Aggregate(float(row["value"]), SINGLE, _number(row["numerator"]), _number(row["denominator"]), 1, missing)
    with_ratio = reported[reported["numerator"].notna() & reported["denominator"].notna() & (reported["denominator"] > 0)]
    if measure == "percent" and len(with_ratio) == len(reported):
        numerator, denominator = float(with_ratio["numerator"].sum()), float(with_ratio["denominator"].sum())
        return Aggregate(numerator / denominator * 100, RATIO, numerator, denominator, len(reported), missing)
    if measure == "percent":
        return Aggregate(float(reported["value"].mean()), MEAN, reporting=len(reported), missing=missing)
    return Aggregate(float(reported["value"].sum()), SUM, reporting=len(reported), missing=missing)


def _number(value: SupportsFloat | None) -> float | None:
    return None if value is None or is_missing(value) else float(value)
