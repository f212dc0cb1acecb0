"""Nộp báo cáo: first, what the unit has to send in the plan year, with deadlines and states; then a reporter
picks the report and the period (the unit is theirs; Sở Nội vụ picks any; a sample plan's periods say so),
downloads the prefilled template, sends the filled files, and reads for each one either what was
loaded or the cells to fix, with their own file marked up. Below: the unit's submission history, with the
senders' names.

Units are those of the chosen period: Sở Nội vụ picks the period first, then one of the units that exist on its
last day (Phường Thành Sen for 2026, Phường Nam Hà for 2024); a reporter is offered only the periods in which
their unit exists.

Files go through the same ingest as the command line, which checks the account's role itself. A file's
name and the values quoted from it are shown as typed (:func:`cchc.text.plain_markdown`) wherever Markdown is.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from cchc import auth, look
from cchc.applicability import Catalog
from cchc.config import archive_dir_for, default_database
from cchc.formatting import format_moment, format_number, format_period, moment_cell
from cchc.periods import Period, parse_period
from cchc.store.units import absence_reason, exists_on
from cchc.text import plain_markdown
from cchc.views import submissions
from cchc.vocabulary import SUBMISSION_STATUSES
from etl.reading.files import MAX_FILE_BYTES, FileRejected
from etl.reports.annotate import annotated_copy
from etl.reports.ingest import ACCEPTED, ingest_bytes
from etl.reports.templates import INDEX_REPORTING_UNIT, TemplateError, template_for, template_name
from etl.reports.validation import ERROR, Expected
from web import cached, session, versions
from web.app import XLSX_MIME, draw, excel_button, file_picker, guarded, t
from web.database import connection
from web.memo import table_text

PROBLEM_COLUMNS = {"severity": "Mức độ", "sheet": "Trang tính", "cell": "Ô", "value": "Giá trị", "message": "Nội dung"}
RESULTS = "upload_results"
PLAIN_TABLE_ROWS = 40          # longer problem lists get a scrolling table


def max_upload_bytes() -> int:
    """The server's own limit: Streamlit's maxUploadSize, never above what ingest accepts."""
    return min(MAX_FILE_BYTES, int(st.get_option("server.maxUploadSize")) * 1024 * 1024)


def choose_report(user: auth.User, known: Catalog) -> tuple[str, str | None]:
    """The kind of report and its period; a reporter sees only the periods in which their unit exists (None: none)."""
    reporter = user.role == auth.REPORTER
    own = known.unit(user.unit_code) if reporter else None
    kinds = ["targets", "tasks"] + (["indices"] if not reporter or user.unit_code == INDEX_REPORTING_UNIT else [])
    left, right = st.columns(2)
    kind = left.radio(t("upload.kind"), kinds, format_func=lambda k: t(f"upload.kind.{k}"), horizontal=True,
                      key="upload_kind")
    if kind == "indices":
        periods = [str(year) for year in range(date.today().year, 2020, -1)]
    else:
        periods = [Period(year, q).code for year in sorted(known.plan_years, reverse=True) for q in (4, 3, 2, 1)]
        if own is not None:
            periods = [p for p in periods if exists_on(own, parse_period(p).end)]
    if not periods:
        return kind, None
    sample = {p for p in periods if kind != "indices" and parse_period(p).year in known.sample_plan_years}
    # a sample plan year is offered, never chosen first (as in the filter bar): the newest period of a real plan
    first = next((n for n, p in enumerate(periods) if p not in sample), 0)
    period = right.selectbox(t("upload.period"), periods, index=first, key=f"upload_period_{kind}",
                             format_func=lambda p: t("upload.period_sample", period=format_period(p)) if p in sample
                             else format_period(p))
    return kind, period


def due_section(unit_code: str, plan_year: int) -> None:
    """What the unit has to send in the plan year: each report's deadline and state, as the board counts them."""
    due = cached.due_reports(unit_code, plan_year)
    st.subheader(due.title, divider="gray")
    draw(due.lines)
    if due.table is not None:
        st.dataframe(due.styled, hide_index=True, width="stretch", key="upload_due")


def choose_unit(user: auth.User, known: Catalog, kind: str, period: str) -> str:
    """The reporter's own unit; for Sở Nội vụ one of the units that exist on the period's last day (index results
    are Sở Nội vụ's own report)."""
    if user.role == auth.REPORTER:
        return user.unit_code
    if kind == "indices":
        return INDEX_REPORTING_UNIT
    units = known.reporting_units(parse_period(period).end)
    names = dict(zip(units["code"], units["name"]))
    if st.session_state.get("upload_unit") not in names:
        st.session_state.pop("upload_unit", None)     # picked for a period in which it existed: not in this one
    return st.selectbox(t("upload.unit"), list(names), format_func=lambda c: f"{names[c]} ({c})", key="upload_unit",
                        help=t("upload.unit_help"))


def template_button(user: auth.User, kind: str, unit_code: str, period: str) -> None:
    """The prefilled template, built only when clicked (a page run of a reporter stays quick)."""
    conn = connection()
    try:
        name = template_name(conn, user, kind, unit_code, period, cached.catalog())
    except TemplateError as problem:
        st.info(problem.message_vi)
        return
    st.download_button(t("upload.template"), lambda: template_for(conn, user, kind, unit_code, period)[1],
                       file_name=name, mime=XLSX_MIME, icon=":material/download:", on_click="ignore",
                       key="upload_template")


def send(user: auth.User, files, expected: Expected) -> list[dict]:
    """Ingest each file, showing progress; returns what the page shows about each."""
    archive = archive_dir_for(default_database())
    limit = max_upload_bytes()
    progress = st.progress(0.0, text=t("upload.reading", n=1, total=len(files), name=plain_markdown(files[0].name)))
    results = []
    for number, uploaded in enumerate(files, 1):
        progress.progress((number - 1) / len(files), text=t("upload.reading", n=number, total=len(files),
                                                             name=plain_markdown(uploaded.name)))
        data = uploaded.getvalue()
        result = ingest_bytes(connection(), data, uploaded.name, user.username, archive, expected=expected,
                              max_bytes=limit, user=user)
        marked = None
        if result.problems:
            try:
                marked = annotated_copy(data, result.problems)
            except (FileRejected, ValueError, OSError):
                marked = None    # not a workbook at all: the problem table says so
        results.append({"result": result, "annotated": marked})
    progress.progress(1.0, text=t("upload.done", total=len(files)))
    return results      # the dashboards show them at the next click: the data version has changed


def problem_table(problems) -> pd.DataFrame:
    frame = pd.DataFrame([{k: getattr(p, k) for k in PROBLEM_COLUMNS} for p in problems])
    frame["severity"] = frame["severity"].map(lambda s: "Lỗi" if s == ERROR else "Cảnh báo")
    return frame.rename(columns=PROBLEM_COLUMNS)


def show_result(index: int, item: dict) -> None:
    result, marked = item["result"], item["annotated"]
    errors = sum(p.severity == ERROR for p in result.problems)
    what = f"{t(f'upload.kind.{result.kind}')} {format_period(result.period)}" if result.kind and result.period else ""
    name = plain_markdown(result.filename)
    if result.duplicate_of is not None:
        st.info(t("upload.duplicate", name=name, id=result.duplicate_of,
                  status=SUBMISSION_STATUSES[result.status]), icon=":material/info:")
    elif result.status == ACCEPTED:
        replaced = t("upload.replaces", ids=", ".join(f"số {i}" for i in result.superseded)) if result.superseded else ""
        st.success(t("upload.accepted", name=name, id=result.submission_id, what=what,
                     rows=format_number(result.rows_loaded)) + replaced, icon=":material/check_circle:")
    else:
        st.error(t("upload.rejected", name=name, id=result.submission_id, errors=format_number(errors)),
                 icon=":material/error:")
    if result.problems:
        if result.status == ACCEPTED:
            st.caption(t("upload.warnings"))
        problems = problem_table(result.problems)
        if len(problems) <= PLAIN_TABLE_ROWS:    # plain text: readable, printable, found by Ctrl+F
            st.table(problems.map(plain_markdown), hide_index=True, border="horizontal")   # its cells are Markdown
        else:
            st.dataframe(problems, hide_index=True, width="stretch", key=f"upload_problems_{index}",
                         column_config={"Nội dung": st.column_config.TextColumn(width="large")})
    if marked is not None:
        st.download_button(t("upload.annotated"), marked, file_name=f"can-sua_{result.filename.rsplit('.', 1)[0]}.xlsx",
                           mime=XLSX_MIME, icon=":material/edit_note:", key=f"upload_annotated_{index}",
                           help=t("upload.annotated_help"))


def sender(name: str | None, username: str, sample: bool) -> str:
    """Who sent a file, as people know them: the account's name; the sample data; the command line and its user."""
    if isinstance(name, str) and name:
        return name
    if sample:
        return t("upload.sender_sample")
    if username.startswith(auth.CLI_PREFIX):
        return t("upload.sender_cli", user=username.removeprefix(auth.CLI_PREFIX))
    return username


def history_section(user: auth.User, unit_code: str, unit_name: str) -> None:
    st.subheader(t("upload.history", unit=plain_markdown(unit_name)), divider="gray")
    frame = submissions.history(connection(), user, unit_code)
    if frame.empty:
        st.info(t("upload.no_history"))
        return
    if frame["is_sample"].any():
        st.caption(t("sample.notice"))
    table = frame.assign(
        when=frame["uploaded_at"].map(moment_cell),
        sender=[sender(name, username, sample) for name, username, sample
                in zip(frame["sender_name"], frame["uploaded_by"], frame["is_sample"])],
        # a file refused before its kind or period was read has none (NaN when the whole column is empty)
        kind_text=frame["kind"].map(lambda k: t(f"upload.kind.{k}") if isinstance(k, str) and k else "–"),
        period_text=frame["period"].map(lambda p: format_period(p) if isinstance(p, str) and p else "–"),
        status_text=frame["status"].map(SUBMISSION_STATUSES),
        note=frame["superseded_by"].map(lambda s: "" if pd.isna(s) else t("upload.superseded_by", id=int(s))),
    )[["id", "when", "filename", "kind_text", "period_text", "status_text", "errors", "warnings", "sender", "note"]]
    table.columns = ["Số", "Thời điểm gửi", "Tệp", "Loại", "Kỳ", "Kết quả", "Lỗi", "Cảnh báo", "Người gửi", "Ghi chú"]
    st.dataframe(table_text(table), hide_index=True, width="stretch", height=min(35 * (len(table) + 1) + 3, 420),
                 key="upload_history")
    excel_button(table, "Lịch sử nộp", f"lich-su-nop-{unit_code}", "upload_history_excel",
                 look.sample_label(plan=False, data=True) if frame["is_sample"].any() else None)
    labels = {int(r.id): f"Số {r.id} · {r.filename} · {format_moment(r.uploaded_at)}" for r in frame.itertuples()}
    chosen = st.selectbox(t("upload.pick_original"), list(labels), format_func=labels.get, key="upload_pick")
    left, right = st.columns(2)
    name, data = submissions.original(connection(), user, chosen)
    left.download_button(t("upload.original"), data, file_name=name, icon=":material/download:", key="upload_original")
    found = submissions.problems(connection(), user, chosen)
    if not found.empty:
        marked = list(found.itertuples(index=False))
        right.download_button(t("upload.history_annotated"), lambda: annotated_copy(data, marked),
                              file_name=f"can-sua_{name.rsplit('.', 1)[0]}.xlsx", mime=XLSX_MIME,
                              icon=":material/edit_note:", on_click="ignore", key="upload_original_annotated")


def render() -> None:
    user = session.require_own("submit")
    st.title(t("upload.title"))
    known = cached.catalog()
    due_box = st.container()        # first on the page, filled once the unit and the year are chosen
    kind, period = choose_report(user, known)
    if period is None and user.role != auth.REPORTER:
        st.info(t("app.no_data"))      # no plan year loaded yet
        return
    if period is None:                 # the reporter's unit exists in no period of the plans loaded
        unit = known.unit(user.unit_code)
        ended = absence_reason(connection(), unit, date.today())
        st.warning(t("upload.unit_ended", unit=plain_markdown(unit["name"]), code=plain_markdown(user.unit_code),
                     why=f": {ended}" if ended else ""))
        history_section(user, user.unit_code, unit["name"])
        return
    unit_code = choose_unit(user, known, kind, period)
    unit = known.unit(unit_code)
    with due_box:
        due_section(unit_code, parse_period(period).year)
    st.markdown(t("upload.intro", unit=plain_markdown(unit["name"]), code=plain_markdown(unit_code)))
    st.markdown(t("upload.step1"))
    template_button(user, kind, unit_code, period)
    st.markdown(t("upload.step2", mb=format_number(max_upload_bytes() / 1024 / 1024)))
    generation = st.session_state.setdefault("upload_generation", 0)
    files = file_picker(t("upload.files"), ["xlsx", "xlsm", "xls"], max_upload_bytes(),
                        key=f"upload_files_{generation}", help=t("upload.files_help"))
    if st.button(t("upload.send"), type="primary", disabled=not files, key="upload_send"):
        st.session_state[RESULTS] = send(user, files, Expected(unit_code, kind, period))
        versions.wrote_data()       # this person's next page shows their files at once
        st.session_state["upload_generation"] = generation + 1    # empties the file picker for the next files
        st.rerun()
    st.caption(t("upload.step3"))
    for index, item in enumerate(st.session_state.get(RESULTS, [])):
        show_result(index, item)
    history_section(user, unit_code, unit["name"])


guarded(render)
