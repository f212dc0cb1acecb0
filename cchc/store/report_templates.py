"""The rows of the periodic report's Word template (migration 014): the template in use is the latest row; a row
without content goes back to the shipped one. Checking a template and who may replace it are
:mod:`cchc.documents.report_template`'s."""
from __future__ import annotations

import base64
from datetime import datetime
from typing import NamedTuple

from cchc.store import db


class Uploaded(NamedTuple):
    """A template an administrator uploaded."""

    content: bytes
    file_name: str
    uploaded_by: str
    uploaded_at: datetime


def latest(conn: db.Connection) -> Uploaded | None:
    """The uploaded template in use, or None when it is the shipped one."""
    rows = db.query_rows(conn, "SELECT content, file_name, uploaded_by, uploaded_at FROM report_templates "
                               "ORDER BY id DESC LIMIT 1")
    if not rows or rows[0][0] is None:
        return None
    content, name, who, when = rows[0]
    return Uploaded(base64.b64decode(content), name, who, when)


def add(cur: db.Connection, content: bytes | None, file_name: str | None, digest: str | None, actor: str) -> None:
    """A new template in use: ``content`` (None: back to the shipped one), inside the caller's transaction."""
    db.insert_rows(cur, "report_templates", ["file_name", "content", "sha256", "uploaded_by"],
                   [[file_name, base64.b64encode(content).decode("ascii") if content is not None else None, digest,
                     actor]])
