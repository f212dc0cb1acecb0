"""Read the deadline column of the plan ("Thời gian hoàn thành") into a due date.

The plan writes deadlines as free text: "Trước 25/12/2023", "Tháng 01/2024", "Quý II, III/2024",
"Quý I-IV năm 2024", "Năm 2024-2026", "Thường xuyên", "Theo Kế hoạch của Bộ Nội vụ", "Sau khi …
công bố chỉ số …". The text comes from a PDF, so words may be broken ("Thườn g xuyên", "202 3"):
matching is done on the text folded to ASCII with every space removed.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from cchc.text import fold

FIXED = "fixed"            # a due date
RECURRING = "recurring"    # "Thường xuyên": ongoing, never overdue as a whole
CONDITIONAL = "conditional"  # depends on someone else's plan or announcement: no fixed date
NONE = "none"              # no deadline written
UNPARSED = "unparsed"      # text this parser does not understand

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_CONDITIONAL_STARTS = ("saukhi", "khico", "khi", "theo", "tuy", "caneu")
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_QUARTER = re.compile(r"quy([ivx,\-–]+)(?:/|nam)?(\d{4})?")
_MONTH = re.compile(r"thang(\d{1,2})(?:/|nam)?(\d{4})?")
_YEARS = re.compile(r"nam(\d{4})(?:[-–](\d{4}))?")


@dataclass(frozen=True)
class Deadline:
    """What a deadline text means: its kind and, for fixed deadlines, the last day allowed."""

    kind: str
    due_date: date | None = None


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: str | None, plan_year: int) -> Deadline:
    """Parse a deadline as written; ``plan_year`` supplies the year when the text gives none."""
    compact = fold(text or "").replace(" ", "")
    if not compact:
        return Deadline(NONE)
    if "thuongxuyen" in compact:
        return Deadline(RECURRING)
    if compact.startswith(_CONDITIONAL_STARTS):
        return Deadline(CONDITIONAL)
    try:
        dates = _DATE.findall(compact)
        if dates:
            day, month, year = (int(x) for x in dates[-1])
            return Deadline(FIXED, date(year, month, day))
        quarter = _QUARTER.search(compact)
        if quarter:
            numerals = [n for n in re.split(r"[,\-–]", quarter.group(1)) if n]
            last = _ROMAN[numerals[-1]]
            year = int(quarter.group(2) or plan_year)
            return Deadline(FIXED, _end_of_month(year, last * 3))
        month_match = _MONTH.search(compact)
        if month_match:
            return Deadline(FIXED, _end_of_month(int(month_match.group(2) or plan_year), int(month_match.group(1))))
        years = _YEARS.search(compact)
        if years:
            return Deadline(FIXED, date(int(years.group(2) or years.group(1)), 12, 31))
    except (KeyError, ValueError):
        return Deadline(UNPARSED)
    return Deadline(UNPARSED)
