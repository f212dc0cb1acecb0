"""The code's own checks, run by `make test` (and by `make lint` on their own): lint (ruff), types (mypy) and the
layers written as import contracts (import-linter), all configured in pyproject.toml; that a contract really
fails on an import that runs up the layers; and that SQL stays in the store, in the data views and in etl."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

BIN = Path(sys.executable).parent
PACKAGES = ("cchc", "etl", "web", "deploy", "pages")
SQL = re.compile(r"\b(SELECT\s[\s\S]{0,400}?\bFROM\s|INSERT INTO\s|UPDATE \w+ SET\s|DELETE FROM\s|CREATE TABLE\s)")


def _run(*command: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    done = _run(str(BIN / "ruff"), "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    done = _run(str(BIN / "mypy"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_import_contracts_are_kept():
    done = _run(str(BIN / "lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_an_import_up_the_layers_breaks_a_contract(tmp_path):
    """The contracts bite: in a copy of the code, the store importing the Streamlit glue, and the data views
    importing a page model, are each reported as broken."""
    for package in PACKAGES:
        shutil.copytree(PROJECT_ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path)
    store = tmp_path / "cchc" / "store" / "queries.py"
    store.write_text(store.read_text(encoding="utf-8") + "\nfrom web import app  # up: the store uses the glue\n",
                     encoding="utf-8")
    view = tmp_path / "cchc" / "views" / "board.py"
    view.write_text(view.read_text(encoding="utf-8") + "\nimport cchc.page_models.board  # up: a view uses a page\n",
                    encoding="utf-8")
    done = _run(str(BIN / "lint-imports"), "--no-cache", cwd=tmp_path)
    assert done.returncode != 0
    assert "cchc.store.queries -> web.app" in done.stdout
    assert "cchc.views.board -> cchc.page_models.board" in done.stdout


def test_sql_stays_in_the_store_the_data_views_and_etl():
    """The store owns the database, a data view may read its own rows (its package says why), etl loads data,
    deploy creates the server's databases; page models, charts, the meeting, metrics, the glue and the pages hold
    no SQL."""
    allowed = ("cchc/store/", "cchc/views/", "etl/", "deploy/")
    found = []
    for package in PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            relative = path.relative_to(PROJECT_ROOT).as_posix()
            if not relative.startswith(allowed) and SQL.search(path.read_text(encoding="utf-8")):
                found.append(relative)
    assert found == []
