"""Where things live: the project root, the data folder, the database and the archive of received files.

The database defaults to the DuckDB file ``data/cchc.duckdb``. ``CCHC_DB`` (the command line also takes
``--db``) names another file, or a PostgreSQL server by a ``postgresql://`` URL. Received files are archived
beside a DuckDB file; ``CCHC_ARCHIVE`` names another folder, which every app process and command of a
PostgreSQL deployment must share. ``CCHC_STALE_SECONDS`` is how long, at most, a viewer's page may keep the data
as it was before the last file arrived while the shared views are rebuilt (:mod:`web.versions`).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DB_ENV_VAR = "CCHC_DB"
ARCHIVE_ENV_VAR = "CCHC_ARCHIVE"
STALE_ENV_VAR = "CCHC_STALE_SECONDS"
STALE_SECONDS = 8.0     # bench/deadline.py: 3 s kept files shown within 4–6 s but tripled a page's p95
_POSTGRES = ("postgresql://", "postgres://")


def default_database() -> str:
    """The database the app and the CLI use unless told otherwise: a DuckDB file path or a PostgreSQL URL."""
    return os.environ.get(DB_ENV_VAR) or str(DATA_DIR / "cchc.duckdb")


def stale_seconds() -> float:
    """``CCHC_STALE_SECONDS`` (seconds, 0 or more), or the default when unset or not a number."""
    try:
        return max(0.0, float(os.environ.get(STALE_ENV_VAR, STALE_SECONDS)))
    except ValueError:
        return STALE_SECONDS


def archive_dir_for(database: Path | str) -> Path:
    """The folder of received files: ``CCHC_ARCHIVE``, else beside the DuckDB file (``data/archive`` with
    PostgreSQL)."""
    configured = os.environ.get(ARCHIVE_ENV_VAR)
    if configured:
        return Path(configured).resolve()
    if str(database).startswith(_POSTGRES):
        return DATA_DIR / "archive"
    return Path(database).resolve().parent / "archive"


def shown(database: Path | str) -> str:
    """A database as it may be printed: a URL's password hidden."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", str(database))
