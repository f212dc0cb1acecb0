"""Tài khoản (administrators): the accounts, a form to create one, and for a chosen account a new
password, its e-mail address (a reporter's gets its unit's reminders), or disabling / enabling it. Every change
goes through :mod:`cchc.auth`, which checks the role, the address, and writes the audit log. Names typed by administrators are shown as typed (:func:`cchc.text.plain_markdown`).

Units are those of today: the picker lists the units that exist today, and a reporter whose unit has ended
(a 2023 commune after 1/7/2025) is marked "đơn vị không còn", with a notice naming what the unit became.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from cchc import auth
from cchc.formatting import format_date
from cchc.text import plain_markdown
from etl.sample.reports import DEMO_ACCOUNTS
from web import cached, session
from web.app import excel_button, guarded, t
from web.database import connection

NOTICE = "accounts_notice"
ENDED_MARK = "(đơn vị không còn)"


def accounts_table(users: pd.DataFrame, ended: dict[str, str]) -> pd.DataFrame:
    """The accounts for the screen; ``ended``: the reporters whose unit no longer exists (:func:`cchc.auth.ended_units`)."""
    mark = users["username"].map(lambda name: " " + ENDED_MARK if name in ended else "")
    return pd.DataFrame({
        "Tên đăng nhập": users["username"],
        "Họ tên": users["display_name"].fillna(""),
        "Vai trò": users["role"].map(auth.ROLES),
        "Đơn vị": users["unit_code"].fillna("") + mark,
        "Thư điện tử": users["email"].fillna(""),
        "Trạng thái": users["active"].map({True: "Đang dùng", False: "Đã vô hiệu hóa"}),
        "Đăng nhập sai": users["failed_attempts"],
        "Tạo ngày": users["created_at"].map(format_date),
    })


def add_form(user: auth.User, units: pd.DataFrame) -> None:
    names = dict(zip(units["code"], units["name"]))
    with st.form("account_add", clear_on_submit=True):
        st.markdown(f"**{t('accounts.add')}**")
        left, right = st.columns(2)
        username = left.text_input(t("accounts.username"), help=t("accounts.username_help"), key="new_username")
        display = right.text_input(t("accounts.display_name"), key="new_display_name")
        role = left.selectbox(t("accounts.role"), list(auth.ROLES), format_func=auth.ROLES.get, index=1, key="new_role")
        unit = right.selectbox(t("accounts.unit"), [None, *names], help=t("accounts.unit_help"), key="new_unit",
                               format_func=lambda c: "—" if c is None else f"{names[c]} ({c})", placeholder="—")
        password = left.text_input(t("accounts.password"), type="password", help=t("accounts.password_help"),
                                   key="new_password")
        again = right.text_input(t("accounts.password_again"), type="password", key="new_password_again")
        email = left.text_input(t("accounts.email"), help=t("accounts.email_help"), key="new_email",
                                placeholder="canbo@hatinh.gov.vn")
        submitted = st.form_submit_button(t("accounts.create"), type="primary")
    if submitted:
        if password != again:
            st.error(t("accounts.mismatch"))
            return
        try:
            made = auth.add_user(connection(), username, password, role, user, unit, display.strip() or None,
                                 valid_on=date.today(), email=email)
        except auth.AuthError as refused:
            st.error(plain_markdown(str(refused)))    # it may quote what was typed
        else:
            st.session_state[NOTICE] = t("accounts.created", username=plain_markdown(made.username),
                                         role=auth.ROLES[made.role])
            st.rerun()    # the table above must show the new account


def manage(user: auth.User, users: pd.DataFrame) -> None:
    st.markdown(f"**{t('accounts.change')}**")
    chosen = st.selectbox(t("accounts.pick"), list(users["username"]), key="account_pick")
    row = users[users["username"] == chosen].iloc[0]
    left, right = st.columns(2)
    with left.form("account_password", clear_on_submit=True):
        password = st.text_input(t("accounts.new_password"), type="password")
        again = st.text_input(t("accounts.password_again"), type="password")
        if st.form_submit_button(t("accounts.set_password")):
            if password != again:
                st.error(t("accounts.mismatch"))
            else:
                try:
                    auth.set_password(connection(), chosen, password, user)
                    st.success(t("accounts.password_set", username=plain_markdown(chosen)))
                except auth.AuthError as refused:
                    st.error(plain_markdown(str(refused)))
    with right.form("account_email", clear_on_submit=False):
        current = row["email"] if isinstance(row["email"], str) else ""
        email = st.text_input(t("accounts.email"), value=current, help=t("accounts.email_help"),
                              key=f"account_email_{chosen}", placeholder="canbo@hatinh.gov.vn")
        if st.form_submit_button(t("accounts.set_email")):
            try:
                kept = auth.set_email(connection(), chosen, email, user)
            except auth.AuthError as refused:
                st.error(plain_markdown(str(refused)))     # it quotes what was typed
            else:
                st.session_state[NOTICE] = (t("accounts.email_set", username=plain_markdown(chosen),
                                              email=plain_markdown(kept)) if kept
                                            else t("accounts.email_cleared", username=plain_markdown(chosen)))
                st.rerun()    # the table above must show it
    with right:
        active = bool(row["active"])
        st.caption(t("accounts.active_now") if active else t("accounts.inactive_now"))
        if st.button(t("accounts.disable") if active else t("accounts.enable"), key="account_toggle"):
            try:
                auth.set_active(connection(), chosen, not active, user)
            except auth.AuthError as refused:
                st.error(plain_markdown(str(refused)))
            else:
                st.rerun()


def render() -> None:
    user = session.require("manage")
    st.title(t("accounts.title"))
    if NOTICE in st.session_state:
        st.success(st.session_state.pop(NOTICE))
    users = auth.list_users(connection(), user)
    demo = set(users.loc[users["active"] & users["username"].isin([a.username for a in DEMO_ACCOUNTS]), "username"])
    if demo:
        st.warning(t("accounts.demo_active", names=", ".join(sorted(demo))))
    today = date.today()
    ended = auth.ended_units(connection(), users, today)
    if ended:
        st.warning(t("accounts.ended_units", n=len(ended)) + "\n\n"
                   + "\n".join(f"- {plain_markdown(name)}: {plain_markdown(why)}" for name, why in ended.items()))
    table = accounts_table(users, ended)
    st.dataframe(table, hide_index=True, width="stretch", key="accounts_table")
    excel_button(table, "Tài khoản", "tai-khoan", "accounts_excel")
    add_form(user, cached.catalog().reporting_units(today))
    st.divider()
    manage(user, users)


guarded(render)
