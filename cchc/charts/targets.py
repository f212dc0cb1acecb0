"""The targets page's pictures, HTML drawn on the server (:mod:`cchc.charts.pictures` says why): every target of the
plan as a bar of how far it has come towards its target, grouped by area and worst first, coloured and marked by
status, with the year-end projection on it; one target's quarters; the targets by status as one bar of shares.

Targets are counted in different units (a share, a number of initiatives, a ceiling of staff), so the bars share
one scale: the latest value as a share of the target (100% = reached). A ceiling ("≤ 5") counts the other way:
staying at or under it is 100%. The label beside each bar gives the values themselves.
"""
from __future__ import annotations

import pandas as pd

from cchc import look
from cchc.charts.common import GRID, PALETTE
from cchc.charts.pictures import FIGURE, INK, Part, escaped, key_item, legend, share_bar, swatch
from cchc.formatting import format_measure, format_number, format_percent
from cchc.metrics import target_status
from cchc.missing import is_missing
from cchc.vocabulary import LEVEL_NAMES

CAP = 150.0                    # bars beyond 150% of the target are drawn to 150%: the label tells the value
TRACK = "#EEF1F4"              # the bar's track, to 150%


def achievement(value: float | None, target: float, direction: str) -> float | None:
    """How far ``value`` has come towards ``target``, in percent of it (100 = reached), capped at :data:`CAP`."""
    if value is None or is_missing(value):
        return None
    if direction == "at_least":
        share = value / target * 100 if target else (100.0 if value >= 0 else 0.0)
    else:                      # a ceiling: at or under it is reached; over it, the further, the less
        share = 100.0 if value <= target else (target / value * 100 if value > 0 else 0.0)
    return max(0.0, min(CAP, share))


def _label(row: dict) -> str:
    return f"{row['code']} · {LEVEL_NAMES[row['level']]}"


def _values(row: dict) -> str:
    sign = "≥ " if row["direction"] == "at_least" else "≤ "
    target = sign + format_measure(row["target_value"], row["measure"], row["unit_of_measure"])
    if row["status"] == target_status.NO_DATA:
        return f"{look.TARGET_MARKS[row['status']]} chưa có số liệu · kế hoạch {target}"
    latest = format_measure(row["latest"], row["measure"], row["unit_of_measure"])
    return f"{look.TARGET_MARKS[row['status']]} {latest} / {target}"


def _row(row: dict) -> str:
    """One target: its name, its bar (coloured by status) against 100%, its projection, its values."""
    status = row["status"]
    colour = look.TARGET_COLOURS[status]
    share = achievement(row["latest"], row["target_value"], row["direction"]) or 0.0
    # the projection of a target not yet met
    projected = None if status == target_status.MET else achievement(row["year_end"], row["target_value"],
                                                                     row["direction"])
    said = f"{target_status.status_text(status)}: {row['indicator']} · {_values(row)}"
    if projected is not None:
        said += " · dự báo cuối năm " + format_measure(row["year_end"], row["measure"], row["unit_of_measure"])
    track = (f'<div style="position:relative;height:18px;background:{TRACK};border-radius:2px">'
             f'<div data-colour="{colour}" title="{escaped(said)}" style="position:absolute;left:0;top:0;bottom:0;'
             f'width:{share / CAP * 100:.2f}%;background:{colour};border-radius:2px"></div>'
             f'<div style="position:absolute;left:{100 / CAP * 100:.2f}%;top:-3px;bottom:-3px;'
             f'border-left:2px dashed {INK}"></div>')
    if projected is not None:
        track += (f'<div title="Dự báo cuối năm" style="position:absolute;left:calc({projected / CAP * 100:.2f}% - 2px);'
                  f'top:-4px;bottom:-4px;width:4px;background:{INK}"></div>')
    track += "</div>"
    return (f'<div style="display:flex;flex-wrap:wrap;align-items:center;column-gap:12px;padding:3px 0">'
            f'<div style="flex:0 0 11em">{escaped(_label(row))}</div>'
            f'<div style="flex:1 1 220px">{track}</div>'
            f'<div style="flex:0 0 17em;color:{INK}">{escaped(_values(row))}</div></div>')


def targets_chart(progress: pd.DataFrame) -> str:
    """The picture of the targets in ``progress`` (rows of ``target_progress``), HTML (:mod:`cchc.charts.pictures`):
    per area, each target's bar of how far it has come (100% = reached, drawn to :data:`CAP`), coloured and
    marked by status, worst first, with its year-end projection and its values written beside it. Its title is
    the page's to write."""
    rows = target_status.worst_first(progress).to_dict("records")
    parts, area = [], None
    for row in rows:
        if row["area"] != area:
            area = row["area"]
            parts.append(f'<div style="font-weight:600;margin-top:10px">{escaped(str(area))}</div>')
        parts.append(_row(row))
    present = [status for status in target_status.WORST_FIRST if any(row["status"] == status for row in rows)]
    key = legend([*(key_item(swatch(look.TARGET_COLOURS[s]), target_status.status_text(s)) for s in present),
                  key_item(f'<span style="display:inline-block;width:4px;height:16px;background:{INK}"></span>',
                           "Dự báo cuối năm"),
                  key_item(f'<span style="display:inline-block;height:16px;border-left:2px dashed {INK}"></span>',
                           f"100% = đạt chỉ tiêu (thanh dài tối đa {format_percent(CAP, 0)})")], 14)
    return (f'<figure role="img" aria-label="Chỉ tiêu so với kế hoạch" class="cchc-picture" '
            f'style="{FIGURE};font-size:14px;color:{INK}">'
            f'{key}{"".join(parts)}</figure>')


def quarters_chart(by_quarter: dict[int, float | None], target: float, year_end: float | None, label: str,
                   unit: str = "") -> str:
    """A target's value by quarter (bars, written on them), the target (a dashed line) and the year-end projection
    (a hollow diamond over Quý IV), HTML; the height is the largest of them."""
    known = [v for v in by_quarter.values() if v is not None]
    top = max([target, *known, *([year_end] if year_end is not None else [])]) * 1.15 or 1.0
    height = 200

    def at(value: float) -> str:
        return f"{value / top * 100:.2f}%"

    def text(value: float) -> str:
        return format_number(value, 1) + unit

    columns = []
    for quarter, roman in zip(range(1, 5), ("I", "II", "III", "IV")):
        value = by_quarter.get(quarter)
        bar = "" if value is None else (
            f'<div title="Quý {roman}: {text(value)}" style="position:absolute;bottom:0;left:20%;right:20%;'
            f'height:{at(value)};background:{PALETTE[0]}"><span style="position:absolute;bottom:100%;left:-20%;'
            f'right:-20%;text-align:center">{text(value)}</span></div>')
        if quarter == 4 and year_end is not None:
            bar += (f'<div title="Dự báo cuối năm: {text(year_end)}" style="position:absolute;left:50%;'
                    f'bottom:calc({at(year_end)} - 8px);width:12px;height:12px;margin-left:-6px;transform:rotate(45deg);'
                    f'border:3px solid {PALETTE[1]};background:#FFFFFF"></div>')
        columns.append(f'<div style="flex:1;position:relative">{bar}</div>')
    line = (f'<div title="Chỉ tiêu: {text(target)}" style="position:absolute;left:0;right:0;bottom:{at(target)};'
            f'border-top:3px dashed {PALETTE[3]}"></div>')
    names = "".join(f'<div style="flex:1;text-align:center">Quý {roman}</div>' for roman in ("I", "II", "III", "IV"))
    legend = (f'<span style="margin-right:16px"><span style="display:inline-block;width:14px;height:14px;'
              f'background:{PALETTE[0]};vertical-align:middle"></span> Đã đạt (lũy kế)</span>'
              f'<span style="margin-right:16px"><span style="display:inline-block;width:18px;vertical-align:middle;'
              f'border-top:3px dashed {PALETTE[3]}"></span> Chỉ tiêu: {text(target)}</span>'
              + (f'<span>◇ Dự báo cuối năm: {text(year_end)}</span>' if year_end is not None else ""))
    return (f'<figure role="img" aria-label="{escaped(label)}" class="cchc-picture" '
            f'style="{FIGURE};font-size:14px;color:{INK}">'
            f'<figcaption style="font-weight:600;font-size:16px;margin-bottom:22px">{escaped(label)}</figcaption>'
            f'<div style="position:relative;height:{height}px;display:flex;border-bottom:1px solid {GRID}">'
            f'{"".join(columns)}{line}</div><div style="display:flex">{names}</div>'
            f'<div style="margin-top:8px">{legend}</div></figure>')


def status_bar(counts: dict[str, int], label: str) -> str:
    """The targets by status as one bar of shares (HTML), worst status first, each part with its share and count,
    so that a small group shows beside a large one. Its title is the page's to write (``label`` names it for a
    screen reader), where it wraps on a phone."""
    return share_bar([Part(f"{look.TARGET_MARKS[status]} {target_status.LABELS[status]}", look.TARGET_COLOURS[status],
                           counts.get(status, 0)) for status in target_status.WORST_FIRST], label)
