"""Where things live: the project root, the data folder and the DuckDB file.

The database path defaults to ``data/cchc.duckdb`` and can be changed with the ``CCHC_DB``
environment variable (the command line also takes ``--db``).
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DB_ENV_VAR = "CCHC_DB"


def default_db_path() -> Path:
    """The database file the app and the CLI use unless told otherwise."""
    configured = os.environ.get(DB_ENV_VAR)
    return Path(configured) if configured else DATA_DIR / "cchc.duckdb"
