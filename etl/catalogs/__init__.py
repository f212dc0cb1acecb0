"""Catalog loading: units, indices with their published scores, and the plan of each year.

The catalogs are CSV files under ``data/`` that people review; ``init`` loads them. Each catalog
is replaced as a whole, in one transaction, and only when its content differs from what was
loaded last time, so running ``init`` twice changes nothing.
"""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pandas as pd

from cchc.store import db, journal
from cchc.text import nfc, squash_spaces


def read_csv(path: Path) -> list[dict[str, str | None]]:
    """Rows of a catalog CSV as dicts: text NFC-normalised and trimmed, empty cells as None."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {key: (squash_spaces(nfc(value)) or None) if value is not None else None for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def required(row: dict[str, str | None], column: str) -> str:
    """A cell of :func:`read_csv`'s row that the catalog always fills in (a code, a name); an empty one is a
    ValueError naming the column and the row."""
    value = row[column]
    if value is None:
        raise ValueError(f"catalog: {column} is empty in the row {row}")
    return value


def fingerprint(frame: pd.DataFrame) -> str:
    """A stable hash of a frame's content, to tell whether a catalog changed."""
    payload = json.dumps(
        {"columns": list(frame.columns), "rows": frame.astype(object).where(frame.notna(), None).values.tolist()},
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def replace_catalog(
    cur: db.Connection,
    name: str,
    table: str,
    frame: pd.DataFrame,
    actor: str,
    scope_sql: str = "TRUE",
    scope_params: list | None = None,
) -> bool:
    """Replace the rows of ``table`` within ``scope_sql`` by ``frame`` unless unchanged; True if written.

    ``table`` and ``scope_sql`` are code constants; values go through ``scope_params``.
    """
    digest = fingerprint(frame)
    known = cur.execute("SELECT sha256 FROM catalog_versions WHERE name = ?", [name]).fetchone()
    if known and known[0] == digest:
        return False
    cur.execute("DELETE FROM " + table + " WHERE " + scope_sql, scope_params or [])
    db.insert_frame(cur, table, frame)
    cur.execute(
        "INSERT INTO catalog_versions (name, sha256, row_count, loaded_at) VALUES (?, ?, ?, current_timestamp) "
        "ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, row_count = excluded.row_count, "
        "loaded_at = excluded.loaded_at",
        [name, digest, len(frame)],
    )
    journal.record(cur, actor, "load_catalog", table, name, {"rows": len(frame)})
    return True
