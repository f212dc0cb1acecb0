"""The views of a steering-committee meeting, prepared once for the projector (presentation mode) and for
the deck (PPTX, PDF): the five indices, targets by status, the units lagging most, overdue tasks by lead
unit, the reporting status of the period, and the 69 communes and wards on the map by status.

Every number here is formatted in Vietnamese already; each view carries the table it shows, the chart
series behind it, and speaker notes with the numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from cchc import look
from cchc.applicability import Catalog
from cchc.charts.common import Chart
from cchc.formatting import (
    format_date,
    format_index_score,
    format_measure,
    format_number,
    format_percent,
    format_period,
    format_rank,
)
from cchc.i18n import translate
from cchc.metrics import target_status, task_state
from cchc.metrics.target_status import status_text
from cchc.metrics.task_state import OVERDUE
from cchc.periods import Period, quarter_of
from cchc.store import db, queries
from cchc.views import board, comparison
from cchc.views.index_summary import summarise
from cchc.views.target_progress import target_progress
from cchc.views.task_progress import task_progress
from cchc.views.unit_map import UnitMap, unit_map
from cchc.views.unit_status import lagging_units, unit_statuses
from cchc.views.units import commune_target_choices
from cchc.vocabulary import UNIT_KIND_NAMES

ROWS = 10                     # table rows a room can read on one screen


@dataclass(frozen=True)
class View:
    """One screen of the meeting (one slide of the deck)."""

    key: str
    title: str
    headline: str                          # the sentence to read out
    table: pd.DataFrame                    # formatted text, Vietnamese headers
    chart: Chart | None = None
    row_status: list[str] = field(default_factory=list)   # a status key per table row, for red/amber/green
    notes: list[str] = field(default_factory=list)        # the numbers behind the view
    unit_map: UnitMap | None = None                       # the map view's map (drawn instead of a chart)


@dataclass(frozen=True)
class Meeting:
    """What the meeting looks at: the plan year, period and as-of date, and the views."""

    plan_year: int
    period: Period
    as_of: date
    is_sample: bool
    views: list[View]
    is_sample_plan: bool = False        # the plan itself is a sample (plans.is_sample): "Kế hoạch mẫu"

    @property
    def title(self) -> str:
        if self.is_sample_plan:
            return f"Tình hình thực hiện Kế hoạch mẫu năm {self.plan_year} (không phải kế hoạch chính thức)"
        return f"Tình hình thực hiện Kế hoạch cải cách hành chính năm {self.plan_year}"

    @property
    def subtitle(self) -> str:
        return f"{format_period(self.period.code)} · Số liệu đến ngày {format_date(self.as_of)}"


def _indices(conn: db.Connection) -> View:
    summaries = summarise(queries.headline_scores(conn))
    table = pd.DataFrame([{
        "Chỉ số": translate(f"index.{s.index_code}"),
        "Năm": str(s.year),
        "Điểm": format_index_score(s.score, s.display_unit, s.max_score),
        "Xếp hạng": format_rank(s.rank, s.rank_of),
        "So với năm trước": _rank_change(s.rank_change),
    } for s in summaries])
    par = next((s for s in summaries if s.index_code == "PAR_INDEX"), None)
    chart = None
    headline = "Chưa có chỉ số nào được công bố."
    if par is not None:
        scored = par.series.dropna(subset=["score"])
        chart = Chart(f"{translate('index.PAR_INDEX')}: điểm của tỉnh qua các năm", [str(y) for y in scored["year"]],
                      {"Điểm": [round(float(v), 2) for v in scored["score"]]}, decimals=2, trend=True)
        headline = (f"{translate('index.PAR_INDEX')} {par.year}: {format_index_score(par.score, par.display_unit, par.max_score)}, "
                    f"xếp hạng {format_rank(par.rank, par.rank_of)}.")
    full_names = [s.name for s in summaries]
    notes = [f"{name} {row['Năm']}: điểm {row['Điểm']}, xếp hạng {row['Xếp hạng']} ({row['So với năm trước']})."
             for name, row in zip(full_names, table.to_dict("records"))]
    return View("indices", "Năm chỉ số cải cách hành chính của tỉnh", headline, table, chart, notes=notes)


def _provinces(conn: db.Connection) -> View | None:
    """Hà Tĩnh among the provinces: per index, its rank nationally and in its region, in the edition the comparison
    page opens on. A table without a chart: the provinces' scores lie close together, and bars from zero (all the
    projector and the deck draw) would show them alike."""
    editions = comparison.editions(conn)
    shown = [comparison.comparison(conn, comparison.preferred([e for e in editions if e.index_code == code]))
             for code in queries.HEADLINE_INDICES if any(e.index_code == code for e in editions)]
    shown = [c for c in shown if c.home is not None]
    if not shown:
        return None
    rows = []
    for c in shown:
        home, region = c.home or {}, c.region_rank
        flag = " (hạng tự tính)" if isinstance(home["flags"], str) and "computed" in home["flags"] else ""
        rows.append({"Chỉ số": translate(f"index.{c.edition.index_code}"), "Kỳ": str(c.edition.year),
                     "Hạng toàn quốc": format_rank(_int(home["rank"]), _int(home["rank_of"])) + flag,
                     "Hạng trong vùng": f"{format_rank(*region)} {c.region}" if region and region[1] > 1 else "–",
                     "Tỉnh có số liệu": f"{len(c.totals)}/{c.edition.among}"})
    largest = shown.index(max(shown, key=lambda c: len(c.totals)))
    row, region = rows[largest], shown[largest].region_rank
    headline = (f"{row['Chỉ số']} {row['Kỳ']}: Hà Tĩnh xếp hạng {row['Hạng toàn quốc']} cả nước"
                + (f", thứ {region[0]}/{region[1]} {shown[largest].region}." if region and region[1] > 1 else "."))
    notes = [f"{r['Chỉ số']} {r['Kỳ']}: hạng {r['Hạng toàn quốc']} cả nước; {r['Tỉnh có số liệu']} tỉnh có số liệu."
             for r in rows]
    return View("provinces", "Hà Tĩnh giữa các tỉnh", headline, pd.DataFrame(rows), notes=notes)


def _int(value: float | None) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _rank_change(places: int | None) -> str:
    """Places gained or lost, in the overview's words."""
    if places is None:
        return "–"
    if places == 0:
        return translate("overview.rank_same")
    return ("▲ " + translate("overview.rank_up", n=places)) if places > 0 else \
        ("▼ " + translate("overview.rank_down", n=-places))


def _targets(conn: db.Connection, plan_year: int, period: Period, catalog: Catalog) -> View:
    progress = target_progress(conn, plan_year, quarter_of(period), catalog)
    counts = progress["status"].value_counts()
    order = list(target_status.STATUSES)
    chart = Chart("Số chỉ tiêu theo trạng thái", [target_status.LABELS[s] for s in order],
                  {"Số chỉ tiêu": [int(counts.get(s, 0)) for s in order]},
                  colours=[target_status.COLOURS[s] for s in order])
    # the order of every other list of targets (the targets page, its chart): a target without data before one on track
    worst = progress.assign(_order=progress["status"].map({s: n for n, s in enumerate(target_status.WORST_FIRST)}))
    worst = worst.sort_values(["_order", "code"]).head(ROWS)
    table = pd.DataFrame([{
        "Mã": row["code"],
        "Chỉ tiêu": row["indicator"],
        "Kế hoạch": ("≥ " if row["direction"] == "at_least" else "≤ ")
                    + _measure(row["target_value"], row),
        "Mới nhất": _measure(row["latest"], row),
        "Dự báo cuối năm": _measure(row["year_end"], row),
        "Trạng thái": status_text(row["status"]),
    } for row in worst.to_dict("records")])
    total = len(progress)
    headline = (f"{format_number(counts.get(target_status.MET, 0))}/{format_number(total)} chỉ tiêu đã đạt; "
                f"{format_number(counts.get(target_status.BEHIND, 0))} chậm, khó đạt; "
                f"{format_number(counts.get(target_status.AT_RISK, 0))} có nguy cơ không đạt.")
    notes = [f"{target_status.LABELS[s]}: {format_number(counts.get(s, 0))} chỉ tiêu." for s in order] + \
            [f"{r['Mã']} ({r['Chỉ tiêu']}): mới nhất {r['Mới nhất']}, dự báo {r['Dự báo cuối năm']}, kế hoạch "
             f"{r['Kế hoạch']}." for r in table.to_dict("records")]
    return View("targets", f"Chỉ tiêu năm {plan_year} theo trạng thái", headline, table, chart,
                row_status=list(worst["status"]), notes=notes)


def _measure(value: float | None, row: dict) -> str:
    return format_measure(value, row["measure"], row["unit_of_measure"])


def _lagging(conn: db.Connection, plan_year: int, period: Period, catalog: Catalog) -> View:
    statuses = unit_statuses(conn, plan_year, quarter_of(period), catalog)
    worst = lagging_units(statuses, ROWS)
    table = pd.DataFrame([{
        "Đơn vị": row["name"],
        "Loại": UNIT_KIND_NAMES.get(row["kind"], row["kind"] or ""),
        "Chỉ tiêu đã báo cáo": format_number(row["reported"]),
        "Chậm, khó đạt": format_number(row[target_status.BEHIND]),
        "Có nguy cơ": format_number(row[target_status.AT_RISK]),
        "Tỉ lệ chưa đạt tiến độ": format_percent(100 * row["lagging"], 0),
    } for row in worst.to_dict("records")])
    lagging_statuses = (target_status.BEHIND, target_status.AT_RISK)
    # shares of the targets each unit reported, as the table ranks them, with the counts beside
    chart = Chart("Tỉ lệ chỉ tiêu chậm hoặc có nguy cơ trên số chỉ tiêu đã báo cáo (số chỉ tiêu)", list(worst["name"]),
                  {target_status.LABELS[s]: [int(v) for v in worst[s]] for s in lagging_statuses}, stacked=True,
                  series_colours={target_status.LABELS[s]: target_status.COLOURS[s] for s in lagging_statuses},
                  totals=[int(v) for v in worst["reported"]])
    lagging = int((statuses["lagging"] >= 0.5).sum()) if len(statuses) else 0
    headline = (f"{format_number(lagging)}/{format_number(len(statuses))} đơn vị có từ một nửa số chỉ tiêu trở lên "
                "chậm hoặc có nguy cơ không đạt.")
    notes = [f"{r['Đơn vị']}: {r['Chậm, khó đạt']} chậm, {r['Có nguy cơ']} có nguy cơ trên {r['Chỉ tiêu đã báo cáo']} "
             f"chỉ tiêu ({r['Tỉ lệ chưa đạt tiến độ']})." for r in table.to_dict("records")]
    return View("lagging", "Các đơn vị chậm tiến độ nhất", headline, table, chart,
                row_status=[target_status.BEHIND] * len(table), notes=notes)


def _overdue(conn: db.Connection, plan_year: int, as_of: date, catalog: Catalog) -> View:
    tasks = task_progress(conn, plan_year, as_of, catalog)
    overdue = tasks[tasks["state"] == OVERDUE]
    names = queries.unit_names(conn)
    leads = overdue.explode("lead_unit_codes")
    by_lead = leads.groupby("lead_unit_codes")["code"].agg(list) if len(leads) else pd.Series(dtype=object)
    by_lead = by_lead.sort_values(key=lambda s: -s.map(len), kind="stable")
    top = by_lead.head(ROWS)
    table = pd.DataFrame([{
        "Đơn vị chủ trì": names.get(code, code),
        "Số nhiệm vụ quá hạn": format_number(len(codes)),
        "Nhiệm vụ": ", ".join(sorted(codes)),
    } for code, codes in top.items()], columns=["Đơn vị chủ trì", "Số nhiệm vụ quá hạn", "Nhiệm vụ"])
    chart = Chart("Số nhiệm vụ quá hạn theo đơn vị chủ trì", [names.get(c, c) for c in top.index],
                  {task_state.LABELS[OVERDUE]: [len(v) for v in top]},
                  series_colours={task_state.LABELS[OVERDUE]: task_state.COLOURS[OVERDUE]})
    headline = (f"{format_number(len(overdue))}/{format_number(len(tasks))} nhiệm vụ quá hạn đến ngày "
                f"{format_date(as_of)}, thuộc {format_number(len(by_lead))} đơn vị chủ trì.")
    notes = [f"{r['Đơn vị chủ trì']}: {r['Số nhiệm vụ quá hạn']} nhiệm vụ ({r['Nhiệm vụ']})."
             for r in table.to_dict("records")]
    return View("overdue", "Nhiệm vụ quá hạn theo đơn vị chủ trì", headline, table, chart,
                row_status=[target_status.BEHIND] * len(table), notes=notes)


def _reporting(conn: db.Connection, plan_year: int, period: Period, as_of: date, catalog: Catalog) -> View:
    frame = board.judged_on(board.board(conn, plan_year, catalog), as_of, board.received_until(conn))
    states = board.unit_states(frame[frame["period"] == period.code])
    counts = board.summary(states, by=("kind",)).set_index("kind") if len(states) else pd.DataFrame()
    kinds = [k for k in board.KINDS if k in counts.index]
    totals = {s: int(counts[s].sum()) if len(counts) else 0 for s in (*board.JUDGED_STATES, "total")}
    # "Chưa đến hạn" only when the period is not yet due for some units: a room reads one column less
    shown = [s for s in board.JUDGED_STATES if s != board.NOT_DUE or totals[s]]
    table = pd.DataFrame([{
        "Khối": UNIT_KIND_NAMES[k],
        **{board.LABELS[s]: format_number(counts.loc[k, s]) for s in shown},
        "Tổng số": format_number(counts.loc[k, "total"]),
    } for k in kinds])
    # shares of each kind's units: the 19 departments read as well as the 216 communes, with the counts beside
    chart = Chart("Tỉ lệ đơn vị theo tình hình nộp báo cáo, từng khối (số đơn vị)", [UNIT_KIND_NAMES[k] for k in kinds],
                  {board.LABELS[s]: [int(counts.loc[k, s]) for k in kinds] for s in shown}, stacked=True,
                  series_colours={board.LABELS[s]: look.REPORT_COLOURS[s] for s in shown},
                  totals=[int(counts.loc[k, "total"]) for k in kinds])
    due = board.period_due_date(frame, period.code)
    not_due = f", {format_number(totals[board.NOT_DUE])} chưa đến hạn" if totals[board.NOT_DUE] else ""
    headline = (f"{format_number(totals[board.ON_TIME] + totals[board.LATE])}/{format_number(totals['total'])} "
                f"đơn vị đã nộp báo cáo {format_period(period.code)} (hạn {format_date(due)}); "
                f"{format_number(totals[board.MISSING])} chưa nộp, {format_number(totals[board.REJECTED])} bị từ chối"
                f"{not_due}.")
    notes = [f"{board.LABELS[s]}: {format_number(totals[s])} đơn vị." for s in shown]
    return View("reporting", f"Tình hình nộp báo cáo {format_period(period.code)}", headline, table, chart,
                row_status=[], notes=notes)


def _map(conn: db.Connection, plan_year: int, period: Period, catalog: Catalog) -> View | None:
    """The 69 units on the map by their status on the plan's first target every commune reports (None: no such
    target)."""
    targets = commune_target_choices(conn, plan_year, catalog)
    if not targets:
        return None
    found = unit_map(conn, plan_year, period, next(iter(targets)), catalog)
    counts = found.counts()
    table = pd.DataFrame([{"Trạng thái": status_text(s), "Số xã, phường": format_number(counts[s])}
                          for s in target_status.STATUSES])
    total = format_number(len(found.units))
    headline = (f"{targets[found.target_code]}: {format_number(counts[target_status.MET])}/{total} xã, phường đạt; "
                f"{format_number(counts[target_status.BEHIND])} chậm, khó đạt; "
                f"{format_number(counts[target_status.AT_RISK])} có nguy cơ không đạt.")
    notes = [*([found.note] if found.note else []), found.credit] + \
        [f"{target_status.LABELS[s]}: " + ", ".join(found.units.loc[found.units["status"] == s, "name"])
         for s in target_status.STATUSES if counts[s]]
    return View("map", f"Bản đồ {total} xã, phường theo trạng thái chỉ tiêu", headline, table,
                row_status=list(target_status.STATUSES), notes=notes, unit_map=found)


VIEW_KEYS = ("indices", "targets", "lagging", "overdue", "reporting", "map", "provinces")


def meeting(conn: db.Connection, plan_year: int, period: Period, as_of: date) -> Meeting:
    """Every view of the meeting for a plan year, a quarter and an as-of date."""
    catalog = Catalog(conn)
    sample = queries.has_sample_reports(conn, plan_year)
    views = [_indices(conn), _targets(conn, plan_year, period, catalog), _lagging(conn, plan_year, period, catalog),
             _overdue(conn, plan_year, as_of, catalog), _reporting(conn, plan_year, period, as_of, catalog)]
    views += [view for view in [_map(conn, plan_year, period, catalog), _provinces(conn)] if view is not None]
    return Meeting(plan_year, period, as_of, sample, views, queries.is_sample_plan(conn, plan_year))
