"""Tình hình nộp báo cáo: for every unit, quarter and kind of report it has to send, whether it came in
on time, late, was rejected, or is missing; the counts, the list of units still to report, and a
reminder text Sở Nội vụ can paste into an official letter or a message.

A report is
- **on_time** when an accepted file came in on or before the due date (a later correction does not
  make it late),
- **late** when the first accepted file came in after the due date,
- **rejected** when files were sent but every one was rejected (the last attempt failed),
- **missing** when nothing was sent,
- **not_due** (Chưa đến hạn) when nothing was sent and the due date is after the day the board is judged on
  (:func:`judged_on`): not late yet, so not counted as missing. That day is the view's as-of date, but never
  before the last file received (:func:`received_until`): the board counts every file received, so its present
  is at least that day. A past quarter seen with the filter bar's default date (the quarter's last day) is
  judged on today's data, and the sample 2026 year, received until August 2026, has its Q3 and Q4 not yet due.

Due dates come from the ``report_deadlines`` catalog (``data/plan/<year>/report_deadlines.csv``):
a row for the unit's kind wins over the row for every kind; without a row, the quarter's end plus
:data:`cchc.periods.REPORT_DAYS_AFTER_QUARTER` days.

Its SQL reads the submissions and deadlines of a plan year, the board's own rows.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from cchc import look
from cchc.applicability import Catalog
from cchc.formatting import date_cell, format_date, format_period
from cchc.periods import Period, parse_period, report_deadline
from cchc.store import db
from cchc.text import fold
from cchc.views.reporting import expected_reports
from cchc.vocabulary import REPORT_TITLES, REPORT_WORDS, UNIT_KIND_FULL_NAMES, UNIT_KIND_NAMES, UNIT_KIND_ORDER
from cchc.vocabulary import UNIT_KINDS as KINDS

ON_TIME, LATE, REJECTED, MISSING, NOT_DUE = "on_time", "late", "rejected", "missing", "not_due"
STATES = (ON_TIME, LATE, REJECTED, MISSING)           # a report as received, whatever the day
JUDGED_STATES = (*STATES, NOT_DUE)                    # and on the day the board is judged on (judged_on)
NOT_RECEIVED = (REJECTED, MISSING)
# Worst first: a unit's overall state over several reports is the worst of them.
SEVERITY = {MISSING: 0, REJECTED: 1, LATE: 2, NOT_DUE: 3, ON_TIME: 4}
LABELS = {ON_TIME: "Đúng hạn", LATE: "Trễ hạn", REJECTED: "Bị từ chối", MISSING: "Chưa nộp", NOT_DUE: "Chưa đến hạn"}
CELLS = {ON_TIME: "✓ Đúng hạn", LATE: "⏱ Trễ", REJECTED: "✗ Bị từ chối", MISSING: "— Chưa nộp",
         NOT_DUE: "◌ Chưa đến hạn"}
# The state's hue in the visual language (cchc.look), as a light background with dark text for a cell; the symbol
# in each cell carries the meaning too. Not due yet: no colour, nothing to act on.
COLOURS = {state: look.FILLS[colour] for state, colour in look.REPORT_COLOURS.items()}

REPORTS = ("targets", "tasks")
DISTRICT_COLUMN = "Huyện, thị xã, thành phố"

BOARD_COLUMNS = ["unit_code", "name", "kind", "district_code", "district_name", "period", "report", "due_date",
                 "state", "uploaded_at", "submission_id", "errors", "attempts", "is_sample"]


def quarters(plan_year: int) -> list[Period]:
    """The four quarterly report periods of a plan year."""
    return [Period(plan_year, q) for q in range(1, 5)]


def deadlines(conn: db.Connection, plan_year: int) -> pd.DataFrame:
    """The deadline catalog of a plan year: the plan first, then the quarters; kinds in catalog order.

    A row for a kind of unit of which no unit exists during its period is left out (the district rows of a
    2026 plan: the district level ended on 1/7/2025)."""
    frame = db.query_df(conn, """
        SELECT report, period, unit_kind, due_date, note FROM report_deadlines WHERE plan_year = ?
        ORDER BY report <> 'plan', period, due_date, report, unit_kind NULLS FIRST""", [plan_year])
    frame["due_date"] = pd.to_datetime(frame["due_date"]).dt.date
    units = db.query_df(conn, "SELECT kind, valid_from, valid_to FROM units")
    starts, ends = pd.to_datetime(units["valid_from"]), pd.to_datetime(units["valid_to"])

    def kind_exists(kind: object, period: str) -> bool:
        parsed = parse_period(period)
        if not isinstance(kind, str) or parsed is None:
            return True
        during = ((starts.isna() | (starts <= pd.Timestamp(parsed.end)))
                  & (ends.isna() | (ends > pd.Timestamp(parsed.start))))
        return bool((during & (units["kind"] == kind)).any())

    keep = [kind_exists(kind, period) for kind, period in zip(frame["unit_kind"], frame["period"])]
    return frame[keep].reset_index(drop=True)


def due_date(deadline_rows: pd.DataFrame, report: str, period: str, unit_kind: str | None) -> date:
    """The due date of a report for a kind of unit: its own row, else the row for all, else the default."""
    rows = deadline_rows[(deadline_rows["report"] == report) & (deadline_rows["period"] == period)]
    own = rows[rows["unit_kind"] == unit_kind] if unit_kind else rows.iloc[0:0]
    common = rows[rows["unit_kind"].isna()]
    for found in (own, common):
        if len(found):
            return found["due_date"].iloc[0]
    parsed = parse_period(period)
    if parsed is None:
        raise ValueError(f"not a report period: {period!r}")
    return report_deadline(parsed)


def _attempts(conn: db.Connection, periods: list[str], unit_code: str | None = None) -> pd.DataFrame:
    """Per unit, report and period: the first accepted upload, the current file, the last rejected one (of one unit's
    files only, when ``unit_code`` is given)."""
    one_unit = " AND s.unit_code = ?" if unit_code else ""
    return db.query_df(conn, f"""
        WITH s AS (
            SELECT s.id, s.unit_code, s.kind, s.period, s.status, s.uploaded_at, s.superseded_by, s.is_sample,
                   (SELECT count(*) FROM submission_problems p
                    WHERE p.submission_id = s.id AND p.severity = 'error') AS errors
            FROM submissions s
            WHERE s.kind IN ('targets', 'tasks') AND s.unit_code IS NOT NULL AND s.period = ANY(?){one_unit}
        ), last_rejected AS (
            SELECT DISTINCT ON (unit_code, kind, period) unit_code, kind, period,
                   id AS rejected_id, uploaded_at AS rejected_at, errors AS rejected_errors
            FROM s WHERE status = 'rejected'
            ORDER BY unit_code, kind, period, uploaded_at DESC, id DESC
        )
        SELECT s.unit_code, s.kind AS report, s.period,
               min(s.uploaded_at) FILTER (WHERE s.status = 'accepted') AS first_accepted_at,
               max(s.id) FILTER (WHERE s.status = 'accepted' AND s.superseded_by IS NULL) AS current_id,
               r.rejected_id, r.rejected_at, r.rejected_errors,
               count(*) AS attempts,
               bool_or(s.is_sample) AS is_sample
        FROM s LEFT JOIN last_rejected r ON r.unit_code = s.unit_code AND r.kind = s.kind AND r.period = s.period
        GROUP BY s.unit_code, s.kind, s.period, r.rejected_id, r.rejected_at, r.rejected_errors""",
        [periods, unit_code] if unit_code else [periods])


def _state(row: dict) -> tuple[str, object, object, int]:
    """State, deciding upload time, submission id and its error count of one expected report."""
    if pd.notna(row["first_accepted_at"]):
        first = pd.Timestamp(row["first_accepted_at"])
        state = ON_TIME if first.date() <= row["due_date"] else LATE
        return state, first, int(row["current_id"]), 0
    if pd.notna(row["rejected_id"]):
        return REJECTED, pd.Timestamp(row["rejected_at"]), int(row["rejected_id"]), int(row["rejected_errors"])
    return MISSING, pd.NaT, None, 0


def board(conn: db.Connection, plan_year: int, catalog: Catalog | None = None,
          unit_code: str | None = None) -> pd.DataFrame:
    """One row per unit, quarter and report (targets, tasks) the unit has to send, with its state; the rows of one
    unit only with ``unit_code`` (what the upload page tells a reporter is due).

    ``uploaded_at`` is the upload that decides the state (the first accepted file, or the last
    rejected attempt), ``submission_id`` the file that counts now (the current accepted one, or the
    last rejected attempt), ``errors`` that file's errors, ``attempts`` every file sent.
    """
    catalog = catalog or Catalog(conn)
    periods = quarters(plan_year)
    expected = pd.concat([expected_reports(catalog, p).assign(period=p.code) for p in periods], ignore_index=True)
    if unit_code:
        expected = expected[expected["unit_code"] == unit_code].reset_index(drop=True)
    if expected.empty:
        return pd.DataFrame(columns=BOARD_COLUMNS)
    names = dict(zip(catalog.units["code"], catalog.units["name"]))
    district_codes = set(catalog.units.loc[catalog.units["kind"] == "district", "code"])
    # the communes of 1/7/2025 belong to the province itself: no district to show or filter by
    expected["district_code"] = [parent if kind == "commune" and parent in district_codes
                                 else (code if kind == "district" else None)
                                 for code, kind, parent in zip(expected["unit_code"], expected["kind"],
                                                               expected["parent_code"])]
    expected["district_name"] = expected["district_code"].map(names)
    rows = deadlines(conn, plan_year)
    due = {key: due_date(rows, *key) for key in
           expected[["report", "period", "kind"]].drop_duplicates().itertuples(index=False, name=None)}
    expected["due_date"] = [due[key] for key in zip(expected["report"], expected["period"], expected["kind"])]
    merged = expected.merge(_attempts(conn, [p.code for p in periods], unit_code), on=["unit_code", "report", "period"],
                            how="left")
    decided = [_state(row) for row in merged.to_dict("records")]
    merged["state"] = [d[0] for d in decided]
    merged["uploaded_at"] = pd.to_datetime(pd.Series([d[1] for d in decided], index=merged.index, dtype=object))
    merged["submission_id"] = pd.array([d[2] for d in decided], dtype="Int64")
    merged["errors"] = [d[3] for d in decided]
    merged["attempts"] = merged["attempts"].fillna(0).astype(int)
    merged["is_sample"] = merged["is_sample"].fillna(False).astype(bool)
    merged = merged.assign(_kind=merged["kind"].map(UNIT_KIND_ORDER), _name=merged["name"].map(fold),
                           _district=merged["district_name"].fillna("").map(fold))
    merged = merged.sort_values(["_kind", "_district", "_name", "unit_code", "period", "report"])
    return merged[BOARD_COLUMNS].reset_index(drop=True)


def received_until(conn: db.Connection) -> date | None:
    """The day the last file was received, of any plan year (None: no file yet)."""
    last = db.query_rows(conn, "SELECT max(uploaded_at) FROM submissions")[0][0]
    return None if last is None else pd.Timestamp(last).date()


def judged_on(frame: pd.DataFrame, as_of: date, received: date | None = None) -> pd.DataFrame:
    """The board on the day it is judged: ``as_of`` (the view's as-of date), or ``received`` (the last file
    received, :func:`received_until`) when that is later. A report with nothing sent whose due date is after
    that day is :data:`NOT_DUE` rather than missing. A rejected file stays rejected: the unit has something to
    fix."""
    day = max(as_of, received) if received else as_of
    not_due = (frame["state"] == MISSING) & (pd.to_datetime(frame["due_date"]) > pd.Timestamp(day))
    return frame.assign(state=frame["state"].where(~not_due, NOT_DUE)) if not_due.any() else frame


def unit_states(frame: pd.DataFrame, report: str | None = None) -> pd.DataFrame:
    """One row per unit and quarter: the state of ``report``, or the worst state of its reports (None)."""
    rows = frame if report is None else frame[frame["report"] == report]
    keys = ["unit_code", "name", "kind", "district_code", "district_name", "period"]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, "state"])
    worst = rows.assign(_severity=rows["state"].map(SEVERITY)).sort_values("_severity", kind="stable")
    firsts = worst.drop_duplicates(["unit_code", "period"])
    order = {code: n for n, code in enumerate(dict.fromkeys(rows["unit_code"]))}
    firsts = firsts.assign(_order=firsts["unit_code"].map(order)).sort_values(["_order", "period"])
    return firsts[[*keys, "state"]].reset_index(drop=True)


def summary(frame: pd.DataFrame, by: Sequence[str] = ("period",)) -> pd.DataFrame:
    """Counts of each state per ``by`` (e.g. period, or period and kind): one column per state, and total."""
    by = list(by)
    counts = frame.groupby([*by, "state"]).size().unstack("state") if len(frame) else pd.DataFrame()
    counts = counts.reindex(columns=list(JUDGED_STATES)).fillna(0).astype(int)
    counts["total"] = counts.sum(axis=1)
    return counts.reset_index() if len(counts) else pd.DataFrame(columns=[*by, *JUDGED_STATES, "total"])


def filter_units(frame: pd.DataFrame, kinds: Sequence[str] = (), district: str | None = None) -> pd.DataFrame:
    """Rows of the chosen kinds of unit (all when empty) within a district (the district and its communes)."""
    if kinds:
        frame = frame[frame["kind"].isin(list(kinds))]
    if district:
        frame = frame[frame["district_code"] == district]
    return frame


def districts(frame: pd.DataFrame) -> dict[str, str]:
    """The districts that appear on the board: code → name, in board order."""
    found = frame.dropna(subset=["district_code"])
    return dict(zip(found["district_code"], found["district_name"]))


def missing_list(frame: pd.DataFrame, period: str, report: str | None = None) -> pd.DataFrame:
    """Units that have not (validly) reported for ``period``: one row per unit, in board order.

    Columns ``unit_code, name, kind, district_name, reports`` (the reports still awaited, e.g.
    ``("targets", "tasks")``), ``rejected`` (those of them whose file was rejected), ``due_date``.
    """
    rows = frame[(frame["period"] == period) & frame["state"].isin(NOT_RECEIVED)]
    if report is not None:
        rows = rows[rows["report"] == report]
    columns = ["unit_code", "name", "kind", "district_name", "reports", "rejected", "due_date"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    grouped = rows.groupby("unit_code", sort=False).agg(
        name=("name", "first"), kind=("kind", "first"), district_name=("district_name", "first"),
        reports=("report", tuple), due_date=("due_date", "max"))
    rejected = rows[rows["state"] == REJECTED].groupby("unit_code")["report"].agg(tuple)
    grouped["rejected"] = [rejected.get(code, ()) for code in grouped.index]
    return grouped.reset_index()[columns]


def has_districts(frame: pd.DataFrame, period: str | None = None) -> bool:
    """Whether any row (of ``period``) belongs to a district: no "Huyện" column or filter for a period without."""
    rows = frame if period is None else frame[frame["period"] == period]
    return bool(rows["district_code"].notna().any())


def missing_table(missing: pd.DataFrame, with_district: bool = True) -> pd.DataFrame:
    """:func:`missing_list` with Vietnamese headers and texts, for the screen and the Excel download; the
    district column only ``with_district`` (a period in which districts exist)."""
    def reports_text(reports: tuple, rejected: tuple) -> str:
        return "; ".join(REPORT_TITLES[r] + (" (tệp bị từ chối)" if r in rejected else "") for r in reports)

    table = pd.DataFrame({
        "Mã đơn vị": missing["unit_code"],
        "Tên đơn vị": missing["name"],
        "Loại đơn vị": missing["kind"].map(UNIT_KIND_NAMES),
        DISTRICT_COLUMN: missing["district_name"].where(missing["kind"] == "commune", "").fillna(""),
        "Báo cáo chưa nhận": [reports_text(a, b) for a, b in zip(missing["reports"], missing["rejected"])],
        "Hạn nộp": missing["due_date"],
    })
    return table if with_district else table.drop(columns=DISTRICT_COLUMN)


def _unit_entry(row: dict, expected_reports_of_unit: int) -> str:
    notes = []
    if len(row["reports"]) < expected_reports_of_unit:
        notes.append("báo cáo " + ", ".join(REPORT_WORDS[r] for r in row["reports"]))
    if row["rejected"]:
        notes.append("báo cáo " + ", ".join(REPORT_WORDS[r] for r in row["rejected"]) + " đã nộp nhưng bị từ chối")
    return row["name"] + (f" ({'; '.join(notes)})" if notes else "")


def reminder_text(missing: pd.DataFrame, period: str, due: date | None, expected_per_unit: dict[str, int] | None = None,
                  report: str | None = None, not_due: int = 0) -> str:
    """A ready-to-copy Vietnamese reminder naming the units of :func:`missing_list`, grouped by kind.

    ``expected_per_unit`` (unit code → number of reports it owes for the period) lets the text say
    which report is missing when a unit owes two and sent one; ``not_due`` is how many units have not sent
    theirs yet but are not late (:data:`NOT_DUE`): with nobody late, there is nobody to remind.
    """
    what = "báo cáo CCHC" if report is None else REPORT_TITLES[report].lower()
    deadline = f" (hạn nộp: {format_date(due)})" if due else ""
    if missing.empty and not_due:
        return (f"Chưa đến hạn nộp {what} {format_period(period)}{deadline}: {not_due} cơ quan, đơn vị chưa gửi, "
                "chưa có đơn vị nào cần nhắc.")
    if missing.empty:
        return f"Tất cả cơ quan, đơn vị đã gửi {what} {format_period(period)}{deadline}."
    expected_per_unit = expected_per_unit or {}
    lines = [
        "Kính gửi: Các cơ quan, đơn vị, địa phương có tên dưới đây.",
        "",
        f"Đến nay, Sở Nội vụ chưa nhận được {what} {format_period(period)}{deadline} của "
        f"{len(missing)} cơ quan, đơn vị, địa phương sau:",
    ]
    for kind in KINDS:
        rows = missing[missing["kind"] == kind].to_dict("records")
        if not rows:
            continue
        lines += ["", f"{UNIT_KIND_FULL_NAMES[kind]} ({len(rows)}):"]
        if kind != "commune":
            lines += [f"- {_unit_entry(r, expected_per_unit.get(r['unit_code'], 0))}" for r in rows]
            continue
        by_district: dict[str, list[str]] = {}
        for r in rows:
            by_district.setdefault(r["district_name"] or "", []).append(
                _unit_entry(r, expected_per_unit.get(r["unit_code"], 0)))
        lines += [f"- {district}: {', '.join(names)}." if district else f"- {', '.join(names)}."
                  for district, names in by_district.items()]
    lines += [
        "",
        "Đề nghị các cơ quan, đơn vị, địa phương khẩn trương hoàn thành và gửi báo cáo qua Hệ thống theo dõi "
        "CCHC (mục Nộp báo cáo); đối với báo cáo bị từ chối, sửa các lỗi được thông báo và nộp lại.",
        "Trân trọng./.",
    ]
    return "\n".join(lines)


def expected_counts(frame: pd.DataFrame, period: str) -> dict[str, int]:
    """Unit code → number of reports the unit owes for ``period`` (for :func:`reminder_text`)."""
    rows = frame[frame["period"] == period]
    return rows.groupby("unit_code").size().to_dict()


def period_due_date(frame: pd.DataFrame, period: str) -> date | None:
    """The latest due date of the period's reports shown (one date when the catalog has one per period)."""
    dates = frame.loc[frame["period"] == period, "due_date"]
    return max(dates) if len(dates) else None


def _line(row: dict) -> str:
    line = f"{format_period(row['period'])} · báo cáo {REPORT_WORDS[row['report']]}: **{LABELS[row['state']]}**"
    if pd.notna(row["uploaded_at"]):
        verb = "gửi lần cuối" if row["state"] == REJECTED else "nộp"
        line += f" — {verb} ngày {format_date(row['uploaded_at'])}"
    return line + f" (hạn {format_date(row['due_date'])})"


def lines_by_unit(frame: pd.DataFrame) -> dict[str, list[str]]:
    """For each unit on the board, one sentence per quarter and report: its state, when it was sent, the deadline."""
    lines: dict[str, list[str]] = {}
    for row in frame.sort_values(["unit_code", "period", "report"]).to_dict("records"):
        lines.setdefault(row["unit_code"], []).append(_line(row))
    return lines


def grid(states: pd.DataFrame, periods: Sequence[str]) -> pd.DataFrame:
    """Units × quarters for the screen: identity columns, then one column per quarter with the cell text.

    The district column is left out when no unit shown belongs to a district (a year after 1/7/2025)."""
    columns = {p: format_period(p) for p in periods}
    if states.empty:
        return pd.DataFrame(columns=["Mã đơn vị", "Đơn vị", "Loại đơn vị", DISTRICT_COLUMN, *columns.values()])
    cells = states.pivot(index="unit_code", columns="period", values="state").reindex(columns=list(periods))
    units = states.drop_duplicates("unit_code").set_index("unit_code")
    table = pd.DataFrame({
        "Mã đơn vị": units.index,
        "Đơn vị": units["name"].values,
        "Loại đơn vị": units["kind"].map(UNIT_KIND_NAMES).values,
        DISTRICT_COLUMN: units["district_name"].where(units["kind"] == "commune", "").fillna("").values,
    })
    if not has_districts(states):
        table = table.drop(columns=DISTRICT_COLUMN)
    for period, title in columns.items():
        table[title] = [CELLS.get(s, "") if isinstance(s, str) else "" for s in cells.loc[units.index, period]]
    return table


def cell_style(text: str) -> str:
    """CSS of a grid cell from its text (for a pandas Styler)."""
    for state, label in CELLS.items():
        if text == label:
            return look.cell_css(look.REPORT_COLOURS[state])
    return ""


def counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`summary` by period as a table for the screen: one row per state, one column per quarter (a row for
    the reports not yet due only when there are some)."""
    shown = [s for s in JUDGED_STATES if s != NOT_DUE or counts[NOT_DUE].any()]
    table = pd.DataFrame({"Tình trạng": [CELLS[s] for s in shown] + ["Tổng số"]})
    for row in counts.to_dict("records"):
        table[format_period(row["period"])] = [int(row[s]) for s in shown] + [int(row["total"])]
    return table


def deadlines_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The deadline catalog with Vietnamese headers."""
    return pd.DataFrame({
        "Báo cáo": rows["report"].map(REPORT_TITLES),
        "Kỳ": rows["period"].map(format_period),
        "Áp dụng cho": [UNIT_KIND_NAMES[k] if isinstance(k, str) else "Mọi cơ quan, đơn vị" for k in rows["unit_kind"]],
        "Hạn nộp": rows["due_date"].map(date_cell).astype(object),
        "Ghi chú": rows["note"].fillna(""),
    })
