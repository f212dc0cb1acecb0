"""Kết quả công bố (administrators): keep the published results of every province current without a code change.
Upload a national table of an edition (the publisher's Excel or CSV), read its problems cell by cell or the
preview of its columns and of what it changes, and confirm to import it; or enter one province's total by hand,
with the address of its source. Nothing is imported before the confirmation, and only the table previewed.

The logic is :mod:`etl.results.upload`'s; the pages' shared views follow the data version, which an import
changes, so the overview, the comparison and the projector show the new edition at their next run.
"""
from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st

from cchc.formatting import format_number
from cchc.text import plain_markdown
from cchc.views import indices as index_views
from etl.results import upload as results_page
from etl.results.loader import ResultsRefused, ranked_among
from web import session, versions
from web.app import guarded, t
from web.database import connection

UPLOAD, RESULT, NOTICE, GENERATION = "results_upload", "results_result", "results_notice", "results_generation"


def edition_choice(key: str) -> tuple[str, int, int]:
    """The index, the year assessed and the set of provinces ranked (63 up to 2024, 34 after), chosen."""
    left, middle, right = st.columns(3)
    code = left.selectbox(t("results.index"), index_views.INDICES, format_func=lambda c: t(f"index.{c}"),
                          key=f"{key}_index")
    year = int(middle.number_input(t("results.year"), min_value=2010, max_value=date.today().year, step=1,
                                   value=date.today().year - 1, key=f"{key}_year"))
    among = right.radio(t("results.among"), (63, 34), index=(63, 34).index(ranked_among(year)), horizontal=True,
                        key=f"{key}_among_{year}", format_func=lambda n: t("results.among_option", n=n))
    return code, year, among


def show_preview(user, upload: results_page.ResultsUpload, sha256: str, source: str) -> None:
    reading = upload.reading
    st.markdown(t("results.preview", name=plain_markdown(upload.name), sheet=plain_markdown(reading.sheet),
                  count=format_number(reading.provinces), among=upload.among))
    names = {c.code: c.name for c in results_page.components(connection(), upload.index_code)}
    st.dataframe(results_page.column_table(upload, names), hide_index=True, width="stretch", key="results_columns")
    if reading.without_data:
        st.caption(t("results.without_data", names=plain_markdown(", ".join(reading.without_data))))
    counts = upload.changes.summary()
    st.markdown(t("results.changes", **{k: format_number(v) for k, v in counts.items()}))
    if upload.changes.changed:
        with st.expander(t("results.changed_list", n=format_number(len(upload.changes.changed)))):
            st.markdown("\n".join(f"- {plain_markdown(line)}" for line in upload.changes.changed[:300]))
    if st.button(t("results.confirm", index=t(f"index.{upload.index_code}"), year=upload.year), type="primary",
                 icon=":material/task_alt:", key=f"results_confirm_{upload.sha256[:16]}"):
        confirm(user, upload, sha256, source)


def confirm(user, upload: results_page.ResultsUpload, sha256: str, source: str) -> None:
    try:
        changes = results_page.load(connection(), user, upload, sha256, source)
    except results_page.StalePreview as stale:
        st.session_state[NOTICE] = str(stale)
        st.session_state.pop(UPLOAD, None)
        st.rerun()
    except ResultsRefused as refused:
        st.error(plain_markdown(str(refused)), icon=":material/block:")
        return
    counts = changes.summary()
    st.session_state[RESULT] = t("results.loaded", index=t(f"index.{upload.index_code}"), year=upload.year,
                                 name=plain_markdown(upload.name), **{k: format_number(v) for k, v in counts.items()})
    versions.wrote_data()
    st.session_state.pop(UPLOAD, None)
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1     # empties the file picker
    st.rerun()


def import_section(user) -> None:
    st.subheader(t("results.import_heading"), divider="gray")
    st.markdown(t("results.import_intro"))
    if NOTICE in st.session_state:
        st.warning(st.session_state.pop(NOTICE), icon=":material/warning:")
    code, year, among = edition_choice("results_import")
    source = st.text_input(t("results.source"), key="results_import_source", placeholder="https://…")
    generation = st.session_state.setdefault(GENERATION, 0)
    file = st.file_uploader(t("results.file"), type=["xlsx", "xlsm", "xls", "csv"], key=f"results_file_{generation}")
    if file is None:
        if RESULT in st.session_state:
            st.success(st.session_state[RESULT], icon=":material/check_circle:")
        return
    data = file.getvalue()
    sha256 = hashlib.sha256(data).hexdigest()
    upload = st.session_state.get(UPLOAD)
    if upload is None or (upload.sha256, upload.name, upload.index_code, upload.year, upload.among) != (
            sha256, file.name, code, year, among):
        with st.spinner(t("results.checking")):
            upload = results_page.check_upload(connection(), user, data, file.name, code, year, among)
        st.session_state[UPLOAD] = upload
        st.session_state.pop(RESULT, None)
    if upload.reading.problems:
        st.error(t("results.rejected", name=plain_markdown(upload.name), n=format_number(len(upload.reading.problems))),
                 icon=":material/error:")
        st.dataframe(results_page.problem_table(upload), hide_index=True, width="stretch", key="results_problems",
                     column_config={"Nội dung": st.column_config.TextColumn(width="large")})
    else:
        show_preview(user, upload, sha256, source)


def manual_section(user) -> None:
    st.subheader(t("results.manual_heading"), divider="gray")
    st.markdown(t("results.manual_intro"))
    code, year, among = edition_choice("results_manual")
    with st.form("results_manual_form", border=False):
        choices = results_page.provinces(connection(), among)
        names = dict(choices)
        home = next((i for i, (c, _) in enumerate(choices) if c in ("42", "M42")), 0)
        province = st.selectbox(t("results.province"), [c for c, _ in choices], index=home,
                                format_func=lambda c: names[c], key="results_manual_province")
        left, middle, right = st.columns(3)
        score = left.number_input(t("results.score"), min_value=0.0, value=None, format="%.4f", key="results_manual_score")
        rank = middle.number_input(t("results.rank"), min_value=1, max_value=among, value=None, step=1,
                                   key="results_manual_rank")
        rank_of = right.number_input(t("results.rank_of"), min_value=1, max_value=among, value=among, step=1,
                                     key="results_manual_rank_of")
        source = st.text_input(t("results.source"), placeholder="https://…", key="results_manual_source")
        note = st.text_input(t("results.note"), key="results_manual_note")
        if not st.form_submit_button(t("results.save"), type="primary", icon=":material/save:"):
            return
    if score is None and rank is None:
        st.error(t("results.nothing_entered"), icon=":material/error:")
        return
    try:
        changes = results_page.enter(connection(), user, code, year, province, score,
                                     None if rank is None else int(rank), None if rank is None else int(rank_of),
                                     source, note or None)
    except ResultsRefused as refused:
        st.error(plain_markdown(str(refused)), icon=":material/block:")
        return
    st.success(t("results.saved", province=plain_markdown(names[province]), index=t(f"index.{code}"), year=year,
                 what=t("results.saved_new") if changes.added else t("results.saved_changed")),
               icon=":material/check_circle:")


def render() -> None:
    user = session.require("manage")
    st.title(t("results.title"))
    st.markdown(t("results.intro"))
    import_section(user)
    manual_section(user)


guarded(render)
