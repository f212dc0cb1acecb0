"""Display tables of the targets and tasks pages: the frames pages show and export, with Vietnamese headers.

Numbers and dates are :class:`cchc.formatting.Shown`: formatted here, on the server, so a browser set to English
still shows 85,5% and 26/11/2026 (the page shows :func:`cchc.formatting.as_text` of the table), and kept as numbers
and dates in the Excel download.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
from pandas.io.formats.style import Styler

from cchc.formatting import Shown, date_cell, measure_cell, signed_cell
from cchc.metrics import target_status, task_state
from cchc.metrics.target_status import status_text
from cchc.vocabulary import LEVEL_NAMES


def targets_table(progress: pd.DataFrame) -> pd.DataFrame:
    """The targets page table: status first, worst first within each area; numbers as :class:`Shown`."""
    def cell(row: dict, key: str, prefix: str = "") -> Shown:
        return measure_cell(row[key], row["measure"], row["unit_of_measure"], prefix)

    rows = []
    for row in target_status.worst_first(progress).to_dict("records"):
        rows.append({
            "Trạng thái": status_text(row["status"]),
            "Mã": row["code"],
            "Lĩnh vực": row["area"],
            "Chỉ tiêu": row["indicator"],
            "Cấp": LEVEL_NAMES[row["level"]],
            "Kế hoạch": cell(row, "target_value", "≥ " if row["direction"] == "at_least" else "≤ "),
            "Mới nhất": cell(row, "latest"),
            "Dự báo cuối năm": cell(row, "year_end"),
            "Chênh lệch": signed_cell(row["gap"], 1),
            "Quý I": cell(row, "q1"), "Quý II": cell(row, "q2"), "Quý III": cell(row, "q3"), "Quý IV": cell(row, "q4"),
            "Phần còn lại cần đạt": cell(row, "required_rest"),
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
        "Hạn chót": date_cell(row["due_date"], missing=""),
        "Tình trạng": task_state.LABELS[row["state"]],
        "Chủ trì đã báo cáo hoàn thành": f"{row['lead_done']}/{row['lead_reports']}" if row["lead_reports"] else "",
    } for row in progress.to_dict("records")])


def rendered(data: pd.DataFrame, style: Callable[[str], str], subset: Sequence[str]) -> Styler:
    """A styled table rendered once, then shared by every session that shows it.

    ``st.dataframe`` asks a Styler to ``_compute`` its styles and ``_translate`` them on every run: pandas'
    rendering, cell by cell. The board's grid is the same for every viewer, so this Styler answers both from
    the rendering done here, when the view is built. (Streamlit accepts a Styler by its exact type, hence
    the two methods replaced on the instance rather than a subclass.) The rendering keeps the cell styles
    and leaves out the cells' display texts: with no formatter they are the table's own values, which
    Streamlit then sends as they are instead of rebuilding them cell by cell.
    """
    styler = data.style.map(style, subset=list(subset))
    styler._compute()
    translated = {**styler._translate(False, False), "body": []}
    styler._compute = lambda: styler
    styler._translate = lambda *_args, **_kwargs: translated
    return styler
