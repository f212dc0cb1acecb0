"""Shared fixtures: a real DuckDB file built by the real `init` path from the committed catalogs, and a
throwaway PostgreSQL server (Debian's package, a temporary folder, a Unix socket) for the same data on the
other backend. The fixtures ``conn`` and ``demo_conn`` give each test both backends in turn.
"""
from __future__ import annotations

import fcntl
import io
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from openpyxl import Workbook, load_workbook

from cchc.store import db
from deploy.postgres import LocalPostgres
from etl.operations.setup import initialise

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


def edited_workbook(data: bytes, edit: Callable[[Workbook], None]) -> bytes:
    """The workbook ``data`` opened with openpyxl, changed by ``edit``, saved again."""
    book = load_workbook(io.BytesIO(data))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def private_copy(template: Path, folder: Path) -> Path:
    """A copy of a session's database file in a test's own folder, for the test to change."""
    path = folder / "cchc.duckdb"
    shutil.copy(template, path)
    return path


@pytest.fixture
def db_path(catalog_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the initialised database file."""
    return private_copy(catalog_db_template, tmp_path)


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the whole test session, stopped and removed at the end.

    Its folder is directly under the system's temporary folder: run by root, the server runs as an
    unprivileged account, which cannot enter pytest's private temporary folders.
    """
    folder = Path(tempfile.mkdtemp(prefix="cchc-postgres-"))
    server = LocalPostgres(folder, fast=True).start()
    yield server
    _preparer.shutdown(wait=True)
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


_database_numbers = itertools.count(1)
_prepared: dict[str, Future] = {}
_preparer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postgres-copies")


def _new_copy(server: LocalPostgres, template: str) -> str:
    return server.create_database(f"test_{next(_database_numbers)}", template=template)


def _drop_later(server: LocalPostgres, url: str) -> None:
    """A test's database is dropped by the server while the next test runs: the copies would fill the disk."""
    _preparer.submit(server.drop_database, url.split("?")[0].rsplit("/", 1)[1])


def postgres_copy(server: LocalPostgres, template: str) -> str:
    """A private database made from ``template`` (a copy the server makes itself); returns its URL.

    The server makes the next copy of the same template while the test runs, so the next test has its own
    at once."""
    ready = _prepared.pop(template, None)
    url = ready.result() if ready is not None else _new_copy(server, template)
    _prepared[template] = _preparer.submit(_new_copy, server, template)
    return url


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
        server = request.getfixturevalue("postgres")
        url = postgres_copy(server, request.getfixturevalue("postgres_catalog_template"))
        connection = db.connect(url)
    yield connection
    connection.close()
    if backend != "duckdb":
        _drop_later(server, url)


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


def _needs_demo(item: pytest.Item) -> bool:
    # demo_conn asks for the sample database only when it runs (its backend decides which copy it makes)
    return bool({"demo_db_template", "demo_conn"} & set(getattr(item, "fixturenames", ())))


def _on_duckdb_only(item: pytest.Item) -> bool:
    """A test marked ``duckdb_only`` is about something the backend does not change (reading a file, the plan's
    catalog, a template's layout): its PostgreSQL run would repeat the DuckDB one."""
    spec = getattr(item, "callspec", None)
    return (item.get_closest_marker("duckdb_only") is not None and spec is not None
            and spec.params.get("backend") == "postgresql")


@pytest.hookimpl(trylast=True)     # after -k and -m have deselected: a run without sample tests builds no sample
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Files without the sample data first, then those with it, the browser files first among them (each group
    in its usual order): the sample database is built in the background while the first group runs, and the
    browser files, the longest, do not come last when two processes share the files out. Whole files move, since
    the processes take whole files (``--dist loadfile``, in this order: ``--no-loadscope-reorder``); a file with a
    single sample test would otherwise wait for the sample at its start."""
    repeated = [item for item in items if _on_duckdb_only(item)]
    if repeated:
        config.hook.pytest_deselected(items=repeated)
        items[:] = [item for item in items if not _on_duckdb_only(item)]
    needs_demo = {item.path for item in items if _needs_demo(item)}
    in_browser = {item.path for item in items if item.get_closest_marker("browser") is not None}
    items.sort(key=lambda item: (item.path in needs_demo, item.path not in in_browser))
    config.stash[_DEMO_WANTED] = any(_needs_demo(item) for item in items)


_DEMO_WANTED = pytest.StashKey[bool]()


@dataclass
class DemoBuild:
    """The session's sample database, built in the background by `init --demo`, which is killed (SIGKILL) once
    at a random moment and started again: the sample the tests use is the one a resumed load made."""

    path: Path
    log_path: Path
    killed_at: float
    killed_while_running: bool = False
    returncode: int | None = None
    done: threading.Event = field(default_factory=threading.Event)
    process: subprocess.Popen | None = None
    lock: IO | None = None          # shared by the processes of `pytest -n`: held by the one that builds

    def run(self) -> None:
        command = [sys.executable, "-m", "etl", "init", "--demo", "--as", "test", "--db", str(self.path)]
        with self.log_path.open("w") as log:
            try:
                first = self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
                try:
                    first.wait(timeout=self.killed_at)
                except subprocess.TimeoutExpired:
                    self.killed_while_running = True
                first.kill()
                first.wait()
                log.write(f"\n--- killed (SIGKILL) at {self.killed_at:.1f} s; started again ---\n")
                log.flush()
                self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
                self.returncode = self.process.wait(timeout=900)
            finally:
                self._result_path().write_text(json.dumps({"returncode": self.returncode, "killed_at": self.killed_at,
                                                           "killed_while_running": self.killed_while_running}))
                if self.lock is not None:       # the other test process reads the outcome now
                    fcntl.flock(self.lock, fcntl.LOCK_UN)
                self.done.set()

    def _result_path(self) -> Path:
        return self.path.with_name("result.json")

    def follow(self) -> None:
        """Wait for the build another test process makes (``pytest -n``): it holds ``lock`` until its outcome is
        written (the system lets go of the lock if that process dies, and the outcome is then missing)."""
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        if self._result_path().exists():
            result = json.loads(self._result_path().read_text())
            self.returncode, self.killed_at = result["returncode"], result["killed_at"]
            self.killed_while_running = result["killed_while_running"]
        self.done.set()


@pytest.fixture(scope="session", autouse=True)
def _demo_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """`python -m etl init --demo` into a new file, started with the session when any test needs the sample
    data (about a minute on two cores); :func:`demo_db_template` waits for it."""
    if not request.config.stash.get(_DEMO_WANTED, False):
        yield None
        return
    shared = os.environ.get("PYTEST_XDIST_WORKER") is not None
    if shared:      # the processes of `pytest -n` share one build: the first to take the lock makes it
        folder = tmp_path_factory.getbasetemp().parent / "demo"
        folder.mkdir(exist_ok=True)
        lock = (folder / "lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            builder = True
        except BlockingIOError:
            builder = False
    else:
        folder, builder, lock = tmp_path_factory.mktemp("demo"), True, None
    path = folder / "cchc.duckdb"
    # the moment of the kill falls anywhere from creating the database to the middle of the sample files
    build = DemoBuild(path, path.with_name("init.log"), killed_at=random.uniform(0.5, 25), lock=lock)
    threading.Thread(target=build.run if builder else build.follow, name="demo-build", daemon=True).start()
    yield build
    if shared and builder:          # the other process may still need it
        build.done.wait(timeout=900)
    elif build.process is not None and build.process.poll() is None:     # a session that ended before it did
        build.process.kill()


@pytest.fixture(scope="session")
def demo_db_template(_demo_build: DemoBuild) -> Path:
    """A database with the 2024 sample data of `init --demo`, built once per session in the background."""
    assert _demo_build.done.wait(timeout=900), "the sample data took more than 15 minutes"
    assert _demo_build.returncode == 0, _demo_build.log_path.read_text(encoding="utf-8")
    return _demo_build.path


@pytest.fixture(scope="session")
def postgres_demo_template(demo_db_template: Path, postgres: LocalPostgres) -> str:
    """The sample-data database copied to PostgreSQL by `etl copy`, once per session; its name."""
    from etl.operations.copy import copy_database

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
        server = request.getfixturevalue("postgres")
        url = postgres_copy(server, request.getfixturevalue("postgres_demo_template"))
        connection = db.connect(url)
    yield connection
    connection.close()
    if backend != "duckdb":
        _drop_later(server, url)


@pytest.fixture
def demo_path(demo_db_template, tmp_path, monkeypatch):
    """A copy of the sample-data database that the app under test uses (CCHC_DB)."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path
