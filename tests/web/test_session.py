"""The session cookie as the browser is told to keep it, the client address failed sign-ins are counted by, and
the pruning of old sessions at a sign-in."""
from datetime import datetime

from cchc import auth
from cchc.store import db
from web import session
from web.session import client_address, served_over_https, session_cookie


def test_the_cookie_is_strict_always_and_secure_over_https():
    assert session_cookie("abc", secure=False) == "cchc_session=abc; Path=/; Max-Age=36000; SameSite=Strict"
    assert session_cookie("abc", secure=True) == "cchc_session=abc; Path=/; Max-Age=36000; SameSite=Strict; Secure"
    assert session_cookie(None, secure=True) == "cchc_session=; Path=/; Max-Age=0; SameSite=Strict; Secure"
    cases = {("https://cchc.hatinh.gov.vn/tong-quan", None): True, ("HTTPS://cchc/", None): True,
             ("http://10.0.0.5:8501/", "https"): True,      # nginx ends TLS and says so
             ("http://10.0.0.5:8501/", "http"): False, ("http://localhost:8501/", None): False, (None, None): False}
    assert {case: served_over_https(*case) for case in cases} == cases


def test_the_client_address_believes_only_the_proxy():
    cases = {
        # straight from another machine: its own address, whatever X-Forwarded-For it wrote
        ("198.51.100.2", "203.0.113.9"): "198.51.100.2",
        # through nginx on this machine: the address nginx added last, not the one the client wrote before it
        (None, "203.0.113.9, 198.51.100.2"): "198.51.100.2",
        (None, "198.51.100.2"): "198.51.100.2",
        (None, None): "localhost",        # a browser on the server itself
        (None, ""): "localhost",
    }
    assert {case: client_address(*case) for case in cases} == cases
    # a configured proxy on another machine in front of nginx: skipped from the right
    proxies = frozenset({"10.0.0.1", "10.0.0.2"})
    assert client_address("10.0.0.1", "1.2.3.4, 198.51.100.2, 10.0.0.2", proxies) == "198.51.100.2"
    assert client_address("10.0.0.9", "198.51.100.2", proxies) == "10.0.0.9"    # not a proxy: not believed


def test_a_sign_in_prunes_old_sessions_at_most_once_an_hour_per_process(conn, monkeypatch):
    user = auth.add_user(conn, "lanhdao", "Mật-khẩu-2024", auth.VIEWER, "admin")
    monkeypatch.setattr(session, "connection", lambda: conn)
    monkeypatch.setattr(session, "_last_prune", -float("inf"))
    long_ago = datetime(2024, 7, 1, 8, 0)

    def old_session() -> None:
        auth.end_session(conn, auth.open_session(conn, user, now=long_ago), user, now=long_ago)

    old_session()
    session._prune_now_and_then()
    assert db.query_rows(conn, "SELECT count(*) FROM sessions") == [(0,)]
    old_session()
    session._prune_now_and_then()                   # within the hour: left for the next prune
    assert db.query_rows(conn, "SELECT count(*) FROM sessions") == [(1,)]
    log = db.query_rows(conn, "SELECT actor, detail FROM audit_log WHERE action = 'prune_sessions'")
    assert log == [("app", '{"sessions": 1, "sign_in_failures": 0}')]
