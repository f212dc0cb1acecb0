"""Shared fixtures: a real DuckDB file built by the real `init` path from the committed catalogs."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cchc import db
from etl.setup import initialise

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: object, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m etl ARGS` in a new process, as an operator would."""
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


@pytest.fixture(scope="session")
def catalog_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database initialised once per test session; copy it before changing it."""
    path = tmp_path_factory.mktemp("template") / "cchc.duckdb"
    conn = db.connect(path)
    try:
        initialise(conn, actor="test")
    finally:
        conn.close()
    return path


@pytest.fixture
def db_path(catalog_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the initialised database file."""
    path = tmp_path / "cchc.duckdb"
    shutil.copy(catalog_db_template, path)
    return path


@pytest.fixture
def conn(db_path: Path):
    """An open read-write connection to a private initialised database."""
    connection = db.connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def held_db_path(db_path: Path):
    """A database file held open read-write by another process, as the running app holds it."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, time
        connection = duckdb.connect({str(db_path)!r}); print('ready', flush=True); time.sleep(120)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield db_path
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture(scope="session")
def demo_db_template(catalog_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the 2024 sample data of `init --demo`, built once per session (about a minute)."""
    from etl.demo import add_demo_accounts, create_demo
    from etl.ingest import archive_dir_for

    path = tmp_path_factory.mktemp("demo") / "cchc.duckdb"
    shutil.copy(catalog_db_template, path)
    conn = db.connect(path)
    try:
        create_demo(conn, archive_dir_for(path))
        add_demo_accounts(conn)
    finally:
        conn.close()
    return path


@pytest.fixture
def demo_conn(demo_db_template: Path, tmp_path: Path):
    """A read-write connection to a private copy of the sample-data database."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    connection = db.connect(path)
    yield connection
    connection.close()


@pytest.fixture
def demo_path(demo_db_template, tmp_path, monkeypatch):
    """A copy of the sample-data database that the app under test uses (CCHC_DB)."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path
