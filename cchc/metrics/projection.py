"""Year-end projection of a target from the quarters reported so far, and what the rest of the year
must reach.

Reports are cumulative from 1 January. Counts and reductions build up through the year, so they are
projected at the pace so far (value × 4 / quarter). Percentages are rates: they are projected along
the straight line through the quarters reported (one quarter only: the rate stays where it is),
kept within 0–100.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

QUARTERS = 4


@dataclass(frozen=True)
class Projection:
    """The projected year-end value and the value the remaining quarters must reach (None: nothing to say)."""

    year_end: float | None
    required_rest: float | None


def _line_at(points: Mapping[int, float], x: float) -> float:
    """Least-squares straight line through (quarter, value) points, evaluated at ``x``."""
    n = len(points)
    mean_x = sum(points) / n
    mean_y = sum(points.values()) / n
    spread = sum((q - mean_x) ** 2 for q in points)
    slope = sum((q - mean_x) * (v - mean_y) for q, v in points.items()) / spread if spread else 0.0
    return mean_y + slope * (x - mean_x)


def project(values: Mapping[int, float], target: float, measure: str,
            numerator: float | None = None, denominator: float | None = None) -> Projection:
    """Project ``values`` (quarter → cumulative value) to the year end.

    ``numerator``/``denominator`` are the latest quarter's, for a ratio target: the rate the rest of the
    year must reach then counts what is left to do on the cases still to come.
    """
    reported = {q: v for q, v in values.items() if v is not None}
    if not reported:
        return Projection(None, None)
    last_quarter = max(reported)
    latest = reported[last_quarter]
    if measure == "percent":
        year_end = latest if last_quarter == QUARTERS else min(100.0, max(0.0, _line_at(reported, QUARTERS)))
        required = None
        if last_quarter < QUARTERS:
            required = target
            if numerator is not None and denominator:
                final_cases = denominator * QUARTERS / last_quarter
                rest_cases = final_cases - denominator
                required = (target / 100 * final_cases - numerator) / rest_cases * 100 if rest_cases else None
        return Projection(year_end, None if required is None else max(0.0, required))
    year_end = latest * QUARTERS / last_quarter
    required = max(0.0, target - latest) if last_quarter < QUARTERS else None
    return Projection(year_end, required)
