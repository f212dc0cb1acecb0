"""What the upload page tells a unit first: the reports it has to send in a plan year, each with its deadline and
its state as the submissions board judges it (:mod:`cchc.views.board`: the same states, labels and colours), and
in a sentence or two what is left to do. A sample plan year says so in the title and in a notice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from pandas.io.formats.style import Styler

from cchc import look
from cchc.formatting import format_date, format_period
from cchc.i18n import translate
from cchc.page_models.blocks import Line, caption, markdown, warning
from cchc.page_models.board import rendered
from cchc.text import plain_markdown
from cchc.views import board

STATE_COLUMN = "Tình trạng"


@dataclass(frozen=True)
class DueReports:
    """The unit's reports of a plan year; ``table`` None when it has none to send (a central agency's targets)."""

    title: str
    lines: tuple[Line, ...]
    table: pd.DataFrame | None = None
    styled: Styler | None = None


def _report_names(rows: pd.DataFrame, lang: str) -> str:
    """"Chỉ tiêu Quý IV/2024 (hạn 15/01/2025)", one per report, in the order of the rows."""
    return "; ".join(translate("upload.due_item", lang, kind=translate(f"upload.kind.{r['report']}", lang),
                               period=format_period(r["period"]), date=format_date(r["due_date"]))
                     + (translate("upload.due_refused", lang) if r["state"] == board.REJECTED else "")
                     for r in rows.to_dict("records"))


def due_reports(frame: pd.DataFrame, unit_name: str, plan_year: int, today: date, sample_plan: bool,
                lang: str) -> DueReports:
    """From :func:`cchc.views.board.board` of one unit (``unit_code``), judged on ``today``: a report not due yet is
    "Chưa đến hạn", one due and not sent "Chưa nộp"."""
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    title = look.sample_title(t("upload.due_title", year=plan_year), plan=sample_plan, data=False)
    notice = (warning(t("sample_plan.banner", year=plan_year)),) if sample_plan else ()
    if frame.empty:
        return DueReports(title, (*notice, caption(t("upload.due_nothing", unit=plain_markdown(unit_name), year=plan_year))))
    rows = board.judged_on(frame, today).sort_values(["period", "report"])
    todo = rows[rows["state"].isin(board.NOT_RECEIVED)]
    not_due = rows[rows["state"] == board.NOT_DUE]
    upcoming = not_due[not_due["due_date"] == not_due["due_date"].min()] if len(not_due) else not_due
    lines: list[Line] = list(notice)
    if len(todo):
        lines.append(warning(t("upload.due_todo", reports=_report_names(todo, lang))))
    elif not len(upcoming):
        lines.append(markdown(t("upload.due_all_sent", year=plan_year)))
    if len(upcoming):
        lines.append(markdown(t("upload.due_next", reports=_report_names(upcoming, lang))))
    lines.append(caption(t("upload.due_caption", date=format_date(today))))
    table = pd.DataFrame({
        "Kỳ báo cáo": rows["period"].map(format_period),
        "Báo cáo": rows["report"].map(lambda r: t(f"upload.kind.{r}")),
        "Hạn nộp": rows["due_date"].map(format_date),
        STATE_COLUMN: rows["state"].map(board.CELLS),
        "Ngày gửi": rows["uploaded_at"].map(lambda at: "–" if pd.isna(at) else format_date(at)),
    }).reset_index(drop=True)
    return DueReports(title, tuple(lines), table, rendered(table, board.cell_style, [STATE_COLUMN]))
