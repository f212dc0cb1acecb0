"""Display tables of the targets and tasks pages: the frames pages show and export, with Vietnamese headers and
formatted values.

Numbers are formatted here, on the server, so a browser set to English still shows 85,5% and 26/11/2026.
"""
from __future__ import annotations

import pandas as pd

from cchc.formatting import format_date, format_measure, format_signed
from cchc.metrics import task_state
from cchc.metrics.target_status import status_text
from cchc.missing import is_missing
from cchc.vocabulary import LEVEL_NAMES


def targets_table(progress: pd.DataFrame) -> pd.DataFrame:
    """The targets page table."""
    def fmt(row, key):
        return format_measure(row[key], row["measure"], row["unit_of_measure"])

    rows = []
    for row in progress.to_dict("records"):
        sign = "≥ " if row["direction"] == "at_least" else "≤ "
        rows.append({
            "Mã": row["code"],
            "Lĩnh vực": row["area"],
            "Chỉ tiêu": row["indicator"],
            "Cấp": LEVEL_NAMES[row["level"]],
            "Kế hoạch": sign + fmt(row, "target_value"),
            "Quý I": fmt(row, "q1"), "Quý II": fmt(row, "q2"), "Quý III": fmt(row, "q3"), "Quý IV": fmt(row, "q4"),
            "Mới nhất": fmt(row, "latest"),
            "Chênh lệch": "–" if is_missing(row["gap"]) else format_signed(row["gap"], 1),
            "Dự báo cuối năm": fmt(row, "year_end"),
            "Phần còn lại cần đạt": fmt(row, "required_rest"),
            "Trạng thái": status_text(row["status"]),
            "Đơn vị đã báo cáo": f"{row['reporting']}/{row['expected']}",
        })
    return pd.DataFrame(rows)


def tasks_table(progress: pd.DataFrame) -> pd.DataFrame:
    """The tasks page table."""
    return pd.DataFrame([{
        "Mã": row["code"],
        "Lĩnh vực": row["area"],
        "Hoạt động": row["activity"] or row["task"],
        "Chủ trì": row["lead_text"],
        "Thời hạn": "Thường xuyên" if row["deadline_kind"] == "recurring" else row["deadline_text"],
        "Hạn chót": format_date(row["due_date"], missing=""),
        "Tình trạng": task_state.LABELS[row["state"]],
        "Chủ trì đã báo cáo hoàn thành": f"{row['lead_done']}/{row['lead_reports']}" if row["lead_reports"] else "",
    } for row in progress.to_dict("records")])
