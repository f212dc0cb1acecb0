"""Numbers, dates and periods written the Vietnamese way: 1.234,5 · 85,5% · 26/11/2026 · Quý II/2024.

Used by tables, charts, exports and every text the app shows, so that the format never depends on
the browser's language.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from cchc.missing import is_missing

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PERIOD = re.compile(r"^(\d{4})-Q([1-4])$")


def format_number(value: float | int | None, decimals: int = 0, missing: str = "–") -> str:
    """1234.5 → "1.234,5" (dot for thousands, comma for decimals)."""
    if value is None or is_missing(value):      # (``is None`` too, for mypy: is_missing does not narrow the type)
        return missing
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_score(value: float | None, missing: str = "–") -> str:
    """A score with as many decimals as it needs, up to four: 89.72 → "89,72", 0.6961 → "0,6961"."""
    if value is None or is_missing(value):
        return missing
    for decimals in range(0, 5):
        if abs(round(value, decimals) - value) < 1e-9:
            return format_number(value, decimals)
    return format_number(value, 4)


def format_percent(value: float | None, decimals: int = 1, missing: str = "–") -> str:
    """85.5 → "85,5%" (the value is already in percent); trailing ",0" is kept for alignment."""
    if is_missing(value):
        return missing
    return format_number(value, decimals) + "%"


def format_signed(value: float | None, decimals: int = 2, missing: str = "–") -> str:
    """A change with its sign: 1.37 → "+1,37", -0.5 → "−0,50"."""
    if value is None or is_missing(value):
        return missing
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + format_number(abs(value), decimals)


def format_date(value: date | datetime | None, missing: str = "–") -> str:
    """date(2026, 11, 26) → "26/11/2026"."""
    if value is None:
        return missing
    return value.strftime("%d/%m/%Y")


def format_period(period: str) -> str:
    """"2024-Q2" → "Quý II/2024"; a bare year "2024" → "Năm 2024"."""
    match = _PERIOD.match(period)
    if match:
        return f"Quý {_ROMAN[int(match.group(2))]}/{match.group(1)}"
    if period.isdigit():
        return f"Năm {period}"
    return period


def format_rank(rank: int | None, rank_of: int | None, missing: str = "–") -> str:
    """15, 63 → "15/63"."""
    if rank is None or is_missing(rank):
        return missing
    return f"{int(rank)}/{int(rank_of)}" if rank_of is not None and not is_missing(rank_of) else str(int(rank))


def format_index_score(score: float | None, display_unit: str | None, scale_max: float | None, missing: str = "–") -> str:
    """An index score as readers know it: "89,72%", "44,31/80", "0,6961" (0–1 scales keep 4 decimals)."""
    if is_missing(score):
        return missing
    if scale_max is not None and not is_missing(scale_max) and scale_max <= 1:
        return format_number(score, 4)
    text = format_number(score, 2).removesuffix(",00")
    if display_unit == "%":
        return text + "%"
    if scale_max and not is_missing(scale_max) and scale_max != 100:
        return f"{text}/{format_score(scale_max)}"
    return text


def format_measure(value: float | None, measure: str, unit_of_measure: str | None, missing: str = "–") -> str:
    """A target's value in its unit: "85,5%", "3 sáng kiến", "28 biên chế", "2,5%"."""
    if is_missing(value):
        return missing
    if measure == "percent" or unit_of_measure == "%":
        return format_number(value, 1).removesuffix(",0") + "%"
    text = format_number(value, 1).removesuffix(",0")
    return f"{text} {unit_of_measure}" if unit_of_measure else text
