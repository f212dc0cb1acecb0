"""Numbers, dates and periods written the Vietnamese way: 1.234,5 · 85,5% · 26/11/2026 · Quý II/2024.

Used by tables, charts, exports and every text the app shows, so that the format never depends on
the browser's language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from cchc.missing import is_missing

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
DATE_FORMAT = "dd/mm/yyyy"      # Excel's format of a date, as format_date writes it
MOMENT_FORMAT = "dd/mm/yyyy hh:mm"      # and of a moment, as format_moment writes it
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
    return format_number(value, _score_decimals(value))


def _score_decimals(value: float) -> int:
    """As many decimals as a score needs, up to four."""
    return next((decimals for decimals in range(0, 4) if abs(round(value, decimals) - value) < 1e-9), 4)


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


def format_moment(value: datetime | None, missing: str = "–") -> str:
    """datetime(2026, 11, 26, 14, 5) → "26/11/2026 14:05" (a file's sending time)."""
    if value is None or is_missing(value):
        return missing
    return value.strftime("%d/%m/%Y %H:%M")


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


@dataclass(frozen=True)
class Shown:
    """A number or date of a table: the text a page shows, and the value and Excel number format a download keeps,
    so that a spreadsheet computes with it and still reads it as the page does ("79,7%" is 0.797 in "0.0%")."""

    text: str
    value: float | int | date | datetime | None
    excel_format: str = "General"

    def __str__(self) -> str:
        return self.text


def _literal(text: str) -> str:
    """Text inside an Excel number format, quoted: "≥ " or " sáng kiến"."""
    return '"' + text.replace('"', "") + '"' if text else ""


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def measure_cell(value: float | None, measure: str, unit_of_measure: str | None, prefix: str = "",
                 missing: str = "–") -> Shown:
    """A target's value as :func:`format_measure` writes it (with a "≥ " ``prefix`` for a target): a share is kept
    as a fraction in a percent format, a count in its unit."""
    if value is None or is_missing(value):
        return Shown(missing, None)
    text = prefix + format_measure(value, measure, unit_of_measure)
    decimals = 0 if round(float(value), 1) == round(float(value)) else 1
    if measure == "percent" or unit_of_measure == "%":
        return Shown(text, float(value) / 100, _literal(prefix) + _number_format(decimals) + "%")
    unit = " " + unit_of_measure if unit_of_measure else ""
    return Shown(text, float(value), _literal(prefix) + _number_format(decimals) + _literal(unit))


def number_cell(value: float | int | None, decimals: int = 0, suffix: str = "", missing: str = "–") -> Shown:
    """A number as :func:`format_number` writes it, with an optional unit after it ("/80")."""
    if value is None or is_missing(value):
        return Shown(missing, None)
    return Shown(format_number(value, decimals) + suffix, value, _number_format(decimals) + _literal(suffix))


def score_cell(value: float | None, suffix: str = "", missing: str = "–") -> Shown:
    """A score as :func:`format_score` writes it, with an optional scale after it ("/80")."""
    if value is None or is_missing(value):
        return Shown(missing, None)
    decimals = _score_decimals(value)
    return Shown(format_score(value) + suffix, value, _number_format(decimals) + _literal(suffix))


def percent_cell(value: float | None, decimals: int = 1, missing: str = "–") -> Shown:
    """A value already in percent (85.5) as "85,5%", kept as the fraction 0.855."""
    if value is None or is_missing(value):
        return Shown(missing, None)
    return Shown(format_number(value, decimals) + "%", float(value) / 100, _number_format(decimals) + "%")


def signed_cell(value: float | None, decimals: int = 2, missing: str = "–") -> Shown:
    """A change as :func:`format_signed` writes it ("+1,37", "−0,50")."""
    if value is None or is_missing(value):
        return Shown(missing, None)
    number = _number_format(decimals)
    return Shown(format_signed(value, decimals), float(value), f'"+"{number};"−"{number};"±"{number}')


def date_cell(value: date | datetime | None, missing: str = "–") -> Shown:
    """A date as :func:`format_date` writes it, kept as a date."""
    if value is None or is_missing(value):
        return Shown(missing, None)
    return Shown(format_date(value), value, DATE_FORMAT)


def moment_cell(value: datetime | None, missing: str = "–") -> Shown:
    """A moment as :func:`format_moment` writes it, kept as a date and time."""
    if value is None or is_missing(value):
        return Shown(missing, None)
    return Shown(format_moment(value), pd.Timestamp(value).to_pydatetime(), MOMENT_FORMAT)


def index_score_cell(score: float | None, display_unit: str | None, scale_max: float | None,
                     missing: str = "–") -> Shown:
    """An index score as :func:`format_index_score` writes it: "89,72%" kept as 0.8972, "44,31/80" as 44.31."""
    if score is None or is_missing(score):
        return Shown(missing, None)
    text = format_index_score(score, display_unit, scale_max)
    if scale_max is not None and not is_missing(scale_max) and scale_max <= 1:
        return Shown(text, float(score), "0.0000")
    if display_unit == "%":
        return Shown(text, float(score) / 100, "0.00%")
    suffix = "/" + format_score(scale_max) if scale_max and not is_missing(scale_max) and scale_max != 100 else ""
    return Shown(text, float(score), "0.00" + _literal(suffix))


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as a page shows it: every :class:`Shown` value as its text."""
    return frame.map(lambda value: value.text if isinstance(value, Shown) else value)
