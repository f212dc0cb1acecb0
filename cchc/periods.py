"""Report periods: "2024-Q1" … "2024-Q4" for quarterly reports (values cumulative from 1 January to
the end of the quarter; Q2 is the 6-month report, Q4 the year report), or a year "2024" for index results.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.text import fold

# Days after the end of a quarter by which its report is due (the submissions board makes it configurable).
REPORT_DAYS_AFTER_QUARTER = 15

_CODE = re.compile(r"^(\d{4})-Q([1-4])$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True, order=True)
class Period:
    """A quarter of a year, or a whole year (quarter None)."""

    year: int
    quarter: int | None = None

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """Last day the period covers (cumulative from 1 January)."""
        if self.quarter is None:
            return date(self.year, 12, 31)
        month = self.quarter * 3
        return date(self.year, month, 30 if month in (6, 9) else 31)

    def previous(self) -> Period | None:
        """The quarter before, within the same year (values are cumulative within a year)."""
        return Period(self.year, self.quarter - 1) if self.quarter and self.quarter > 1 else None


def quarter_of(period: Period) -> int:
    """The quarter of a quarterly period, for what only a quarter has (a meeting, a unit map): a whole year is
    refused with a ValueError."""
    if period.quarter is None:
        raise ValueError(f"a quarter is needed, not the whole year {period.code}")
    return period.quarter


def report_deadline(period: Period, days_after: int = REPORT_DAYS_AFTER_QUARTER) -> date:
    """The day a period's report is due: a number of days after the period ends."""
    return period.end + timedelta(days=days_after)


def parse_period(text: object) -> Period | None:
    """Read a period as people write it: "2024-Q2", "Quý II/2024", "Quý 2 năm 2024", "Q2/2024", "2024".

    Returns None when the text is not a period.
    """
    if text is None:
        return None
    raw = str(text).strip()
    if isinstance(text, (int, float)) and float(text).is_integer():
        raw = str(int(text))
    match = _CODE.match(raw.upper())
    if match:
        return Period(int(match.group(1)), int(match.group(2)))
    compact = fold(raw).replace(" ", "")
    if re.fullmatch(r"(nam)?\d{4}", compact):
        return Period(int(compact[-4:]))
    match = re.fullmatch(r"(?:quy|q)(iv|iii|ii|i|[1-4])(?:/|nam|-)(\d{4})", compact)
    if match:
        quarter = match.group(1)
        return Period(int(match.group(2)), _ROMAN.get(quarter) or int(quarter))
    return None
