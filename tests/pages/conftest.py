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
