"""Fixtures of the page tests: a private copy of the sample-data database, set as the app's database."""
import shutil

import pytest


@pytest.fixture
def demo_path(demo_db_template, tmp_path, monkeypatch):
    """A copy of the sample-data database that the app under test uses (CCHC_DB)."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def open_alone(page: str, quarter: int = 4, session: dict | None = None, params: dict | None = None):
    """Run one page on its own, with the filters set as dashboard.py sets them; fails on any error shown."""
    from streamlit.testing.v1 import AppTest

    from cchc.page_filters import Filters
    from cchc.periods import Period
    from tests.conftest import PROJECT_ROOT

    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / page), default_timeout=60)
    at.session_state["filters"] = Filters(2024, Period(2024, quarter), Period(2024, quarter).end, "all")
    for key, value in (session or {}).items():
        at.session_state[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at
