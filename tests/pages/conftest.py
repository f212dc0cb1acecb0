"""Helpers of the page tests: a signed-in test account, dashboard.py signed in, one page run on its own, the
initialised database as the app's (``app_db``) and its rows read back. (The sample-data database the app uses,
``demo_path``, is a fixture of tests/conftest.py.)"""
import pytest

ADMIN = ("snv.quantri", "admin", None)
VIEWER = ("lanhdao", "viewer", None)


def sign_in_test_user(at, db_path=None, role: str = "viewer", unit: str | None = None):
    """Sign ``at`` in as a test account of ``role`` (created if missing) in the database the app uses."""
    import os

    from cchc import auth
    from cchc.store import db

    username = f"test.{role}"
    conn = db.open_database(db_path or os.environ["CCHC_DB"])
    try:
        if not db.query_rows(conn, "SELECT 1 FROM users WHERE username = ?", [username]):
            auth.add_user(conn, username, "mat-khau-thu", role, "cli:test", unit)
        user = auth.User(username, role, unit, None)
        at.session_state["session_token"] = auth.open_session(conn, user)
        at.session_state["user"] = user
    finally:
        conn.close()
    return at


def signed_in_app(db_path, role: str = "viewer", unit: str | None = None):
    """dashboard.py run once as a signed-in user of ``role``; fails on any exception."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import PROJECT_ROOT

    at = sign_in_test_user(AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60), db_path, role, unit)
    at.run()
    assert not at.exception, at.exception
    return at


def open_alone(page: str, quarter: int = 4, session: dict | None = None, params: dict | None = None,
               user: tuple = VIEWER, check: bool = True):
    """Run one page on its own, signed in as ``user`` (name, role, unit) and with the filters set as
    dashboard.py sets them; fails on any error shown unless ``check`` is off."""
    from streamlit.testing.v1 import AppTest

    from cchc.auth import User
    from cchc.periods import Period
    from tests.conftest import PROJECT_ROOT
    from web.page_filters import Filters

    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / page), default_timeout=60)
    at.session_state["filters"] = Filters(2024, Period(2024, quarter), Period(2024, quarter).end, "all")
    if user is not None:
        at.session_state["user"] = User(user[0], user[1], user[2], None)
    for key, value in (session or {}).items():
        at.session_state[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if check:
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
    return at


def tab(key: str, name: str) -> dict:
    """The session entry that opens a page's tab (``key`` of its tabs; ``name`` of the catalog, e.g.
    "board.tab.missing"): web.app.open_tab draws the open tab only. For ``open_alone(session=…)``."""
    from cchc.i18n import translate

    return {key: translate(name)}


def open_tab(at, key: str, name: str):
    """Open another tab of the page ``at`` (as a click on it does: the page runs again) and return ``at``."""
    at.session_state[key] = tab(key, name)[key]
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app_db(db_path, monkeypatch):
    """The initialised database (no sample data) as the database of the app under test."""
    monkeypatch.setenv("CCHC_DB", str(db_path))
    return db_path


def read_rows(path, sql: str, params=None) -> list[tuple]:
    """Rows of the database the app under test writes (a connection of the app's configuration: DuckDB shares
    one database per configuration in a process)."""
    from cchc.store import db

    conn = db.connect(path)
    try:
        return db.query_rows(conn, sql, params)
    finally:
        conn.close()


def count_calls(monkeypatch, module, name: str) -> list:
    """Replace ``module.name`` by itself counted: the list of the arguments of each call, filled as it is called."""
    calls: list = []
    original = getattr(module, name)

    def counted(*args):
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(module, name, counted)
    return calls
