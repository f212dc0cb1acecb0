"""Địa chỉ thư điện tử (administrators): where each unit is written to, for the e-mail reminders to units that have
not reported. The units of the period the reminders chase now (the quarter that ended last) are listed with their
addresses, searchable by name or code and filtered by kind, and those without any address are named first: the
reminders cannot reach them. An administrator adds an address to a unit or removes one (each change checked and
audited, with who and when), downloads every address in the import format, and uploads such a file, which goes
through the same all-or-nothing import as `python -m etl contacts import`.

A reporter account's address (set on the Tài khoản page) is shown beside its unit's own: the reminders go to both.
The logic is :mod:`etl.operations.contacts`'s; its functions check the role.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from cchc.formatting import format_date, format_period
from cchc.text import fold, plain_markdown
from cchc.vocabulary import UNIT_KIND_NAMES
from etl.operations import contacts as contacts_page
from etl.operations.reminders import last_ended_quarter
from web import cached, session
from web.app import file_picker, guarded, t
from web.database import connection

NOTICE, GENERATION = "contacts_notice", "contacts_generation"
NONE = "—"


def address_table(units: pd.DataFrame, book: pd.DataFrame) -> pd.DataFrame:
    """One row per address of the ``units`` (those without any: one row, no address), with where it comes from and
    who added it when; the units' order is kept, each unit's own addresses first."""
    rows = []
    for code, name, kind in zip(units["code"], units["name"], units["kind"]):
        listed = book[book["unit_code"] == code]
        base = {"Mã đơn vị": code, "Đơn vị": name, "Loại": UNIT_KIND_NAMES.get(kind, kind)}
        if listed.empty:
            rows.append({**base, "Địa chỉ thư": NONE, "Nguồn": t("contacts.no_address"), "Người thêm": "",
                         "Ngày thêm": ""})
        for email, account, added_by, added_at in zip(listed["email"], listed["account"], listed["added_by"],
                                                      listed["added_at"]):
            own = account is None or pd.isna(account)
            rows.append({**base, "Địa chỉ thư": email,
                         "Nguồn": t("contacts.source_unit") if own else t("contacts.source_account", name=account),
                         "Người thêm": added_by if own else "", "Ngày thêm": format_date(added_at) if own else ""})
    # the unit and its address first: on a phone, what is seen before the table is scrolled sideways
    return pd.DataFrame(rows, columns=["Đơn vị", "Địa chỉ thư", "Nguồn", "Mã đơn vị", "Loại", "Người thêm",
                                       "Ngày thêm"])


def without_section(units: pd.DataFrame, book: pd.DataFrame, period_code: str) -> None:
    """The units of the period that no reminder can reach."""
    without = units[~units["code"].isin(set(book["unit_code"]))]
    shown = format_period(period_code)
    if without.empty:
        st.success(t("contacts.all_reached", period=shown, n=len(units)), icon=":material/check_circle:")
        return
    st.warning(t("contacts.without", n=len(without), total=len(units), period=shown), icon=":material/mail_off:")
    with st.expander(t("contacts.without_list", n=len(without))):
        st.markdown("\n".join(f"- {plain_markdown(name)} ({plain_markdown(code)})"
                              for code, name in zip(without["code"], without["name"])))


def units_section(units: pd.DataFrame, book: pd.DataFrame) -> None:
    left, middle, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    search = left.text_input(t("contacts.search"), key="contacts_search", placeholder=t("contacts.search_placeholder"))
    kinds = [kind for kind in UNIT_KIND_NAMES if kind in set(units["kind"])]
    kind = middle.selectbox(t("contacts.kind"), [None, *kinds], key="contacts_kind",
                            format_func=lambda k: t("contacts.every_kind") if k is None else UNIT_KIND_NAMES[k])
    only_without = right.checkbox(t("contacts.only_without"), key="contacts_only_without")
    chosen = units
    if kind is not None:
        chosen = chosen[chosen["kind"] == kind]
    if search.strip():
        wanted = fold(search)
        chosen = chosen[chosen["name"].map(fold).str.contains(wanted, regex=False)
                        | chosen["code"].map(fold).str.contains(wanted, regex=False)]
    if only_without:
        chosen = chosen[~chosen["code"].isin(set(book["unit_code"]))]
    table = address_table(chosen, book)
    st.caption(t("contacts.shown", units=len(chosen), addresses=int((table["Địa chỉ thư"] != NONE).sum())))
    st.dataframe(table, hide_index=True, width="stretch", key="contacts_table",
                 column_config={"Địa chỉ thư": st.column_config.TextColumn(width=220)})


def add_form(user, units: pd.DataFrame, generation: int) -> None:
    names = dict(zip(units["code"], units["name"]))
    with st.form(f"contacts_add_{generation}", border=True):
        st.markdown(f"**{t('contacts.add')}**")
        left, right = st.columns(2)
        unit = left.selectbox(t("contacts.unit"), list(names), index=None, key=f"contacts_unit_{generation}",
                              format_func=lambda c: f"{names[c]} ({c})", placeholder=t("contacts.unit_placeholder"))
        email = right.text_input(t("contacts.email"), key=f"contacts_email_{generation}", help=t("contacts.email_help"),
                                 placeholder="vanthu@hatinh.gov.vn")
        submitted = st.form_submit_button(t("contacts.add_button"), type="primary", icon=":material/add:")
    if not submitted:
        return
    try:
        added = contacts_page.add_address(connection(), user, unit or "", email)
    except contacts_page.ContactError as refused:
        st.error(plain_markdown(str(refused)), icon=":material/error:")     # it quotes what was typed
        return
    changed(t("contacts.added", email=plain_markdown(added), unit=plain_markdown(names[unit])))


def remove_form(user, book: pd.DataFrame, names: dict[str, str]) -> None:
    own = book[book["account"].isna()]
    st.markdown(f"**{t('contacts.remove')}**")
    if own.empty:
        st.caption(t("contacts.nothing_to_remove"))
        return
    choices = list(zip(own["unit_code"], own["email"]))
    details = {(code, email): (by, at) for code, email, by, at in zip(own["unit_code"], own["email"], own["added_by"],
                                                                      own["added_at"])}

    def label(choice: tuple[str, str]) -> str:
        by, at = details[choice]
        return t("contacts.remove_option", unit=names.get(choice[0], choice[0]), code=choice[0], email=choice[1],
                 by=by, at=format_date(at))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(t("contacts.remove_pick"), choices, index=None, format_func=label, key="contacts_remove",
                            placeholder=t("contacts.remove_placeholder"))
    if right.button(t("contacts.remove_button"), icon=":material/delete:", key="contacts_remove_button",
                    disabled=chosen is None) and chosen is not None:
        try:
            contacts_page.remove_address(connection(), user, *chosen)
        except contacts_page.ContactError as refused:
            st.error(plain_markdown(str(refused)), icon=":material/error:")
            return
        changed(t("contacts.removed", email=plain_markdown(chosen[1]), unit=plain_markdown(names.get(chosen[0], chosen[0]))))


def file_section(user, generation: int) -> None:
    st.subheader(t("contacts.file_heading"), divider="gray")
    st.markdown(t("contacts.file_intro"))
    st.download_button(t("contacts.download"), lambda: contacts_page.export_csv(connection(), user),
                       file_name="dia-chi-thu-don-vi.csv", mime="text/csv", icon=":material/download:",
                       on_click="ignore", key="contacts_download")
    limit = int(st.get_option("server.maxUploadSize")) * 1024 * 1024
    files = file_picker(t("contacts.file"), ["csv"], limit, f"contacts_file_{generation}", multiple=False)
    if not files:
        return
    file = files[0]
    data = file.getvalue()
    try:
        found = contacts_page.check_upload(connection(), user, data)
    except contacts_page.ContactsRefused as refused:
        st.error(t("contacts.refused", name=plain_markdown(file.name), n=len(refused.problems)), icon=":material/block:")
        st.markdown("\n".join(f"- {plain_markdown(problem)}" for problem in refused.problems))
        return
    st.info(t("contacts.file_ok", name=plain_markdown(file.name), addresses=sum(len(e) for e in found.values()),
              units=len(found)), icon=":material/fact_check:")
    if st.button(t("contacts.load"), type="primary", icon=":material/task_alt:", key="contacts_load"):
        try:
            report = contacts_page.load_upload(connection(), user, data, file.name)
        except contacts_page.ContactsRefused as refused:     # the catalog changed since the check
            st.error("\n".join(plain_markdown(problem) for problem in refused.problems), icon=":material/block:")
            return
        changed(t("contacts.loaded", addresses=report.addresses, units=len(report.units), name=plain_markdown(file.name)))


def changed(notice: str) -> None:
    """After a change: say what was done, empty the forms and the file picker, and draw the page again."""
    st.session_state[NOTICE] = notice
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.rerun()


def render() -> None:
    user = session.require("manage")
    st.title(t("contacts.title"))
    st.markdown(t("contacts.intro"))
    if NOTICE in st.session_state:
        st.success(st.session_state.pop(NOTICE), icon=":material/check_circle:")
    generation = st.session_state.setdefault(GENERATION, 0)
    period = last_ended_quarter(date.today())
    catalog = cached.catalog()
    units = catalog.reporting_units(period.end)
    book = contacts_page.address_book(connection(), user)
    without_section(units, book, period.code)
    st.subheader(t("contacts.units_heading", period=format_period(period.code)), divider="gray")
    units_section(units, book)
    add_form(user, units, generation)
    remove_form(user, book, dict(zip(catalog.units["code"], catalog.units["name"])))
    file_section(user, generation)


guarded(render)
