"""Shared fixtures: a real DuckDB file built by the real `init` path from the committed catalogs, and a
throwaway PostgreSQL server (Debian's package, a temporary folder, a Unix socket) for the same data on the
other backend. The fixtures ``conn`` and ``demo_conn`` give each test both backends in turn.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import itertools

import pytest

from cchc import db
from deploy.postgres import LocalPostgres
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


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the whole test session, stopped and removed at the end.

    Its folder is directly under the system's temporary folder: run by root, the server runs as an
    unprivileged account, which cannot enter pytest's private temporary folders.
    """
    folder = Path(tempfile.mkdtemp(prefix="cchc-postgres-"))
    server = LocalPostgres(folder, fast=True).start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


_database_numbers = itertools.count(1)


def postgres_copy(server: LocalPostgres, template: str) -> str:
    """A private database made from ``template`` (a copy the server makes itself); returns its URL."""
    return server.create_database(f"test_{next(_database_numbers)}", template=template)


@pytest.fixture(scope="session")
def postgres_catalog_template(postgres: LocalPostgres) -> str:
    """The name of a PostgreSQL database initialised once per test session, to copy."""
    connection = db.connect(postgres.create_database("catalog_template"))
    try:
        initialise(connection, actor="test")
    finally:
        connection.close()
    return "catalog_template"


@pytest.fixture(params=["duckdb", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Which database a test that takes ``conn`` or ``demo_conn`` runs on: each test runs on both."""
    return request.param


@pytest.fixture
def conn(backend: str, request: pytest.FixtureRequest):
    """An open read-write connection to a private initialised database, of each backend in turn."""
    if backend == "duckdb":
        connection = db.connect(request.getfixturevalue("db_path"))
    else:
        connection = db.connect(postgres_copy(request.getfixturevalue("postgres"),
                                              request.getfixturevalue("postgres_catalog_template")))
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
    from cchc.config import archive_dir_for

    path = tmp_path_factory.mktemp("demo") / "cchc.duckdb"
    shutil.copy(catalog_db_template, path)
    conn = db.connect(path)
    try:
        create_demo(conn, archive_dir_for(path))
        add_demo_accounts(conn)
    finally:
        conn.close()
    return path


@pytest.fixture(scope="session")
def postgres_demo_template(demo_db_template: Path, postgres: LocalPostgres) -> str:
    """The sample-data database copied to PostgreSQL by `etl copy`, once per session; its name."""
    from etl.copy import copy_database

    copy_database(str(demo_db_template), postgres.create_database("demo_template"))
    return "demo_template"


@pytest.fixture
def demo_conn(backend: str, request: pytest.FixtureRequest, tmp_path: Path):
    """A read-write connection to a private copy of the sample-data database, of each backend in turn."""
    if backend == "duckdb":
        path = tmp_path / "demo.duckdb"
        shutil.copy(request.getfixturevalue("demo_db_template"), path)
        connection = db.connect(path)
    else:
        connection = db.connect(postgres_copy(request.getfixturevalue("postgres"),
                                              request.getfixturevalue("postgres_demo_template")))
    yield connection
    connection.close()


@pytest.fixture
def demo_path(demo_db_template, tmp_path, monkeypatch):
    """A copy of the sample-data database that the app under test uses (CCHC_DB)."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path
