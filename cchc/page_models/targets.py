"""What the targets page shows, finished: the counts by status, the table of every target by area, and for
each target its detail (quarters chart, status, plan, latest value, projection, who has reported).

Built from :func:`cchc.views.target_progress.target_progress` once per data version, period and level.
The detail's lines are Markdown; the texts of the plan and the units' names in them are escaped
(:func:`cchc.text.plain_markdown`).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pandas.io.formats.style import Styler

from cchc import look
from cchc.charts.targets import quarters_chart, targets_chart
from cchc.formatting import as_text, format_measure
from cchc.metrics import target_status
from cchc.metrics.target_status import status_text
from cchc.page_models.blocks import Line, caption, markdown
from cchc.page_models.tables import rendered, targets_table
from cchc.text import plain_markdown
from cchc.vocabulary import LEVEL_NAMES

ALL_AREAS = "Tất cả lĩnh vực"
SHOWN_MISSING_UNITS = 40


@dataclass(frozen=True)
class TargetDetail:
    """One target in detail: the selectbox label, the chart (HTML), and the lines beside it (kind, text)."""

    label: str
    chart: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class AreaTargets:
    """The targets of one area (or of all): the chart first, then the table (to download, and shown with its status
    cells coloured) and the details."""

    title: str                  # the chart's, written above it by the page
    chart: str                  # the picture of every target (HTML)
    table: pd.DataFrame
    shown: Styler
    details: tuple[TargetDetail, ...]


@dataclass(frozen=True)
class TargetsPage:
    is_sample: bool
    sample_label: str | None                # the label of a sample plan year or of sample reports
    counts: tuple[tuple[str, int], ...]     # (status text, number of targets)
    areas: tuple[str, ...]                  # ALL_AREAS first
    by_area: dict[str, AreaTargets]


def _measure(row: dict, key: str) -> str:
    return format_measure(row[key], row["measure"], row["unit_of_measure"])


def target_detail(row: dict) -> TargetDetail:
    """The detail of one row of ``target_progress``."""
    unit = "%" if row["measure"] == "percent" or row["unit_of_measure"] == "%" else ""
    by_quarter = {q: row[f"q{q}"] for q in range(1, 5) if row[f"q{q}"] == row[f"q{q}"]}
    lines = [
        markdown(f"**{plain_markdown(row['code'])}** — {plain_markdown(row['text'])}"),
        markdown(f"Trạng thái: **{status_text(row['status'])}**"),
        markdown(f"Kế hoạch: **{_measure(row, 'target_value')}** · mới nhất: **{_measure(row, 'latest')}** · "
                     f"dự báo cuối năm: **{_measure(row, 'year_end')}**"),
    ]
    if row["required_rest"] is not None and row["required_rest"] == row["required_rest"]:
        lines.append(markdown(f"Phần còn lại của năm cần đạt: **{_measure(row, 'required_rest')}**"))
    if row["method"] == "ratio":
        lines.append(caption("Giá trị cấp tỉnh = tổng tử số / tổng mẫu số của các đơn vị báo cáo."))
    elif row["method"] == "mean":
        lines.append(caption("Các đơn vị không báo cáo tử số, mẫu số: giá trị cấp tỉnh là trung bình cộng."))
    lines.append(markdown(f"Đơn vị đã báo cáo: **{row['reporting']}/{row['expected']}**"))
    missing = row["missing_units"]
    if missing:
        lines.append(caption("Chưa báo cáo: " + plain_markdown(", ".join(missing[:SHOWN_MISSING_UNITS]))
                      + (" …" if len(missing) > SHOWN_MISSING_UNITS else "")))
    return TargetDetail(f"{row['code']} · {LEVEL_NAMES[row['level']]} · {row['indicator']}",
                        quarters_chart(by_quarter, row["target_value"], row["year_end"], row["indicator"], unit),
                        tuple(lines))


def _area(progress: pd.DataFrame, title: str) -> AreaTargets:
    table = targets_table(progress)
    return AreaTargets(title, targets_chart(progress), table,
                       rendered(as_text(table), target_status.cell_style, ["Trạng thái"]),
                       tuple(target_detail(row) for row in target_status.worst_first(progress).to_dict("records")))


def targets_page(progress: pd.DataFrame, level: str, sample_plan: bool = False) -> TargetsPage:
    """The page for the rows of ``target_progress`` at ``level`` (the filter bar's; "all" for every level), of a
    sample plan year or not."""
    if level != "all":
        progress = progress[progress["level"].isin((level, "all"))].reset_index(drop=True)
    counts = progress["status"].value_counts()
    areas = list(dict.fromkeys(progress["area"].dropna()))
    sample_data = bool(progress["is_sample"].any())
    def title(area: str | None) -> str:
        text = "Chỉ tiêu so với kế hoạch" + (f" · {area}" if area else ", theo lĩnh vực")
        return look.sample_title(text, plan=sample_plan, data=sample_data)

    by_area = {ALL_AREAS: _area(progress, title(None))}
    for area in areas:
        by_area[area] = _area(progress[progress["area"] == area].reset_index(drop=True), title(area))
    return TargetsPage(sample_data, look.sample_label(plan=sample_plan, data=sample_data),
                       tuple((status_text(status), int(counts.get(status, 0))) for status in target_status.STATUSES),
                       (ALL_AREAS, *areas), by_area)
