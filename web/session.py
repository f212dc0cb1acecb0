"""Who is signed in to this browser session: the sign-in page (local accounts, and the province's
single sign-on when the deployment configures ``[auth]`` in secrets), sign-out, and expiry.

The session lives in the database (:func:`cchc.auth.open_session`); the browser keeps its token in a
cookie, so a reload or a link opened in a new tab stays signed in. Every sign-in gets a new token. The
cookie is never sent with a request another site starts (SameSite=Strict), and only over HTTPS when the
app is served that way (Secure). The session and the account are re-read on every run, so expiry, a
disabled account, a changed password or a changed role take effect at the next click. Checks on data go
through :func:`require`, called by the data loaders. Failed sign-ins are counted per account and per
client address (:func:`client_address`).
"""
from __future__ import annotations

import logging
import os
import time
from datetime import timedelta

import streamlit as st

from cchc import auth
from cchc.text import plain_markdown
from web.app import t
from web.database import connection

USER, TOKEN, NOTICE, COOKIE_OUT = "user", "session_token", "sign_in_notice", "session_cookie_out"
COOKIE = "cchc_session"
# Addresses of proxies in front of the app on other machines (comma-separated), whose X-Forwarded-For is
# believed; nginx on this machine (deploy/nginx-cchc.conf) is believed without being named.
PROXIES_ENV = "CCHC_TRUSTED_PROXIES"


def sso_configured() -> bool:
    """Whether single sign-on (``st.login``) is set up in ``.streamlit/secrets.toml``."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: local accounts only
        return False


PRUNE_EVERY = timedelta(hours=1)     # how often at most a process prunes old sessions, at a sign-in
_last_prune = -float("inf")          # when this process last did (time.monotonic)
log = logging.getLogger("cchc")


def _start(user: auth.User, via: str) -> None:
    token = auth.open_session(connection(), user, via)
    st.session_state.update({USER: user, TOKEN: token, COOKIE_OUT: token})
    st.session_state.pop(NOTICE, None)
    _prune_now_and_then()


def _prune_now_and_then() -> None:
    """Delete old sessions and failed sign-ins (:func:`cchc.auth.prune_sessions`) at most once per
    :data:`PRUNE_EVERY` in this process: a sign-in is when sessions are made, so it is when they are cleared."""
    global _last_prune
    if time.monotonic() - _last_prune < PRUNE_EVERY.total_seconds():
        return
    _last_prune = time.monotonic()
    pruned = auth.prune_sessions(connection(), actor="app")
    if pruned.sessions or pruned.sign_in_failures:
        log.info("pruned %d old sessions and %d old failed sign-ins", pruned.sessions, pruned.sign_in_failures)


def session_cookie(token: str | None, secure: bool) -> str:
    """The session cookie as the browser is told to keep it (``token`` None: forget it): for the whole
    site, for a working day, never sent with a request another site starts, and over HTTPS only when
    ``secure``."""
    value, age = (token, int(auth.SESSION_MAX.total_seconds())) if token else ("", 0)
    return f"{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict" + ("; Secure" if secure else "")


def served_over_https(url: str | None, forwarded_proto: str | None) -> bool:
    """Whether the browser reached the app over HTTPS: the address in its bar says so, or the proxy in
    front, which ends TLS, does (X-Forwarded-Proto). A client that claims HTTPS falsely only makes its
    own browser keep the cookie from plain HTTP."""
    return (url or "").lower().startswith("https://") or (forwarded_proto or "").strip().lower() == "https"


def client_address(peer: str | None, forwarded_for: str | None, proxies: frozenset[str] = frozenset()) -> str:
    """The address a sign-in comes from, as failed sign-ins are counted.

    ``peer`` is the connection's own address (None: this machine; Streamlit reports 127.0.0.1 and ::1 so).
    X-Forwarded-For is believed only when the connection comes from this machine (nginx) or from one of
    ``proxies``: from anyone else it is text the client wrote. Of its addresses, the last one that is not a
    known proxy is the one the nearest trusted proxy saw (nginx appends it; those before it are the
    client's own claim).
    """
    if peer is not None and peer not in proxies:
        return peer
    for address in reversed([a.strip() for a in (forwarded_for or "").split(",")]):
        if address and address not in proxies:
            return address
    return peer or "localhost"


def _this_client() -> str:
    proxies = frozenset(a.strip() for a in os.environ.get(PROXIES_ENV, "").split(",") if a.strip())
    peer = st.context.ip_address
    return client_address(peer if isinstance(peer, str) else None,     # (AppTest gives a stand-in object)
                          ", ".join(st.context.headers.get_all("X-Forwarded-For")), proxies)


def _cookie_script(token: str | None) -> str:
    """JavaScript that keeps (or forgets) the session token in this browser, for reloads and new tabs."""
    https = served_over_https(st.context.url, st.context.headers.get("X-Forwarded-Proto"))
    return f"<script>document.cookie='{session_cookie(token, https)}';</script>"


def _write_cookie() -> None:
    """Send the pending cookie change (after sign-in or sign-out) to the browser."""
    if COOKIE_OUT in st.session_state:
        st.html(_cookie_script(st.session_state.pop(COOKIE_OUT)), unsafe_allow_javascript=True, width="content")


def current_user() -> auth.User | None:
    """The signed-in account, or None. Resumes the browser's session after a reload or in a new tab;
    ends it when it expired or the account was disabled (the database decides, on every run)."""
    token = st.session_state.get(TOKEN)
    if token is None:
        cookie = st.context.cookies.get(COOKIE)
        token = cookie if isinstance(cookie, str) else None
    user = auth.resume_session(connection(), token)
    if user is None and TOKEN in st.session_state:
        st.session_state.pop(TOKEN)
        st.session_state[NOTICE] = t("auth.expired")
        st.session_state[COOKIE_OUT] = None
    if user is None and sso_configured() and st.user.is_logged_in:
        try:
            email = st.user.get("email")
            user = auth.sign_in_external(connection(), email if isinstance(email, str) else None)
        except auth.AuthError as refused:
            st.session_state[NOTICE] = str(refused)
            st.logout()
            return None
        _start(user, "sso")
    elif user is not None:
        st.session_state[TOKEN] = token
    if user is None:
        st.session_state.pop(USER, None)
        return None
    st.session_state[USER] = user
    return user


def require(action: str, unit_code: str | None = None) -> auth.User:
    """The signed-in user, if they may do ``action``; otherwise :class:`cchc.auth.PermissionDenied`."""
    user: auth.User | None = st.session_state.get(USER)
    auth.require(user, action, unit_code)
    assert user is not None     # require() refuses None
    return user


def require_own(action: str) -> auth.User:
    """The signed-in user, if they may do ``action`` for their own unit (administrators: for any)."""
    user = st.session_state.get(USER)
    return require(action, user.unit_code if user else None)


def sign_in_page() -> None:
    """The page shown to anyone not signed in."""
    _write_cookie()
    st.title(t("auth.title"))
    if NOTICE in st.session_state:
        st.warning(st.session_state[NOTICE])
    left, _ = st.columns([2, 3])
    with left.form("sign_in"):
        username = st.text_input(t("auth.username"), key="sign_in_username")
        password = st.text_input(t("auth.password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if submitted:
        try:
            _start(auth.sign_in(connection(), username, password, client=_this_client()), "password")
        except auth.AuthError as refused:
            left.error(str(refused))
        else:
            st.rerun()
    if sso_configured():
        left.divider()
        left.button(t("auth.sso"), on_click=st.login, key="sign_in_sso")
    left.caption(t("auth.help"))


def account_bar(user: auth.User, present: bool = False) -> None:
    """Who is signed in, with the sign-out button, at the top right of every page; for those who may
    present, also the way into presentation mode."""
    show, who, out = st.columns([6, 3, 1], vertical_alignment="center")
    if present:
        show.page_link("pages/present.py", label=t("present.open"), icon=":material/slideshow:")
    role = t(f"auth.role.{user.role}")
    unit = f" · {plain_markdown(user.unit_code)}" if user.unit_code else ""
    # the name an administrator typed is shown as typed: Markdown only, no HTML around it
    who.markdown(f"**{plain_markdown(user.display_name or user.username)}** · {role}{unit}", text_alignment="right")
    with out:
        _write_cookie()
    if out.button(t("auth.sign_out"), key="sign_out"):
        auth.end_session(connection(), st.session_state.pop(TOKEN, None), user, "user")
        st.session_state.pop(USER, None)
        st.session_state[COOKIE_OUT] = None
        if sso_configured() and st.user.is_logged_in:
            st.logout()
        st.rerun()
