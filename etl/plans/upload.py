"""What the Kế hoạch page (administrators) does: the plan workbook of a year to download, an uploaded workbook
checked cell by cell with a preview of what it would change, and the loading of that previewed workbook once
confirmed. The upload, the preview and the loading are audited; the functions taking a user check the role
(:mod:`cchc.permissions`). The reading, the preview and the loading themselves are the other modules of
:mod:`etl.plans` (the page calls this module, as the glue above etl may; nothing in ``cchc`` does).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from cchc import auth
from cchc.store import db, journal, queries
from etl.plans.loader import Changes, ImportReport, PlanRefused, import_plan, plan_changes, removed_with_values
from etl.plans.reader import PlanProblem, PlanReading, PlanRejected, read_plan
from etl.plans.workbook import plan_workbook_bytes
from etl.reading.errors import FileRejected

CHANGE_KINDS = {"added": "Thêm", "changed": "Sửa", "removed": "Bỏ"}


class StalePreview(Exception):
    """The confirmation does not match what is loadable now: another file, or the plan changed since the
    preview (loaded already, or by someone else). The message is Vietnamese."""


@dataclass
class PlanUpload:
    """An uploaded workbook as checked: its problems (cell by cell), or its reading and what loading it would
    change; ``refused``: targets and tasks with reported values that it drops (then it cannot be loaded)."""

    name: str
    sha256: str
    size: int
    problems: list[PlanProblem] = field(default_factory=list)
    reading: PlanReading | None = None
    changes: dict[str, Changes] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    replaces_sample: bool = False      # the year's plan now is the sample plan (Kế hoạch mẫu)

    @property
    def year(self) -> int | None:
        return self.reading.year if self.reading else None

    @property
    def changes_anything(self) -> bool:
        return any(c.added or c.removed or c.changed for c in self.changes.values())

    @property
    def loadable(self) -> bool:
        return self.reading is not None and not self.refused and self.changes_anything


def loaded_plans(conn: db.Connection) -> dict[int, bool]:
    """The plan years in the database, newest first, each with whether it is a sample plan."""
    samples = queries.sample_plan_years(conn)
    return {year: year in samples for year in queries.plan_years(conn)}


def template_years(loaded: list[int], today: date) -> list[int]:
    """The years a template can be made for, newest first: from the oldest loaded plan year to the year after
    the newest (loaded or current), so that a missing year in between can be entered too."""
    newest = max([*loaded, today.year])
    return sorted(set(loaded) | set(range(min(loaded, default=newest), newest + 2)), reverse=True)


def default_from_year(year: int, plans: dict[int, bool]) -> int | None:
    """The plan a template starts from unless chosen otherwise: the year's own plan (to correct it), else the
    newest real plan; never a sample plan, whose values must not pass for an official plan's."""
    real = [y for y, sample in plans.items() if not sample]
    return year if year in real else (max(real) if real else None)


def template(conn: db.Connection, user: auth.User, year: int, from_year: int | None) -> bytes:
    """The plan workbook of ``year`` (empty, or pre-filled from the plan of ``from_year``), as .xlsx bytes."""
    auth.require(user, "manage")
    return plan_workbook_bytes(conn, year, from_year)


def read_upload(conn: db.Connection, data: bytes, name: str) -> PlanUpload:
    """Check a workbook and preview what loading it would change; writes nothing."""
    upload = PlanUpload(name, hashlib.sha256(data).hexdigest(), len(data))
    try:
        reading = read_plan(conn, data)
    except FileRejected as rejected:
        upload.problems = [PlanProblem("", None, str(rejected))]
        return upload
    except PlanRejected as rejected:
        upload.problems = rejected.problems
        return upload
    upload.reading = reading
    upload.changes = plan_changes(conn, reading)
    with db.transaction(conn) as cur:
        upload.refused = removed_with_values(cur, reading)
    upload.replaces_sample = queries.is_sample_plan(conn, reading.year)
    return upload


def check_upload(conn: db.Connection, user: auth.User, data: bytes, name: str) -> PlanUpload:
    """:func:`read_upload`, audited: the upload (file, size, how many problems) and, when it could be read,
    the preview (what would change, what would be refused)."""
    auth.require(user, "manage")
    upload = read_upload(conn, data, name)
    year = str(upload.year) if upload.year else None
    with db.transaction(conn) as cur:
        journal.record(cur, user.username, "plan_upload", "plans", year, {
            "file": name, "sha256": upload.sha256, "bytes": upload.size, "problems": len(upload.problems)})
        if upload.reading is not None:
            journal.record(cur, user.username, "plan_preview", "plans", year, {
                **{part: change.summary(part) for part, change in upload.changes.items()},
                "file": name, "sha256": upload.sha256, "refused": upload.refused})
    return upload


def load(conn: db.Connection, user: auth.User, upload: PlanUpload, confirmed_sha256: str) -> ImportReport:
    """Load the previewed workbook as its year's plan (one transaction, audited by the loader).

    ``confirmed_sha256`` is the file the person confirmed; it must be the previewed one, and the preview must
    still be what loading would change (a second confirmation, or a plan changed by someone else since,
    raises :class:`StalePreview`). A refusal (removed targets with values) is audited and raised."""
    auth.require(user, "manage")
    if upload.reading is None or confirmed_sha256 != upload.sha256:
        raise StalePreview("Tệp đã thay đổi sau khi xem trước: chưa nạp gì. Hãy xem lại bản xem trước rồi xác nhận.")
    if plan_changes(conn, upload.reading) != upload.changes:
        raise StalePreview(f"Kế hoạch năm {upload.year} trong cơ sở dữ liệu đã thay đổi sau khi xem trước (vừa được "
                           "nạp, có thể bởi người khác): chưa nạp gì thêm. Hãy xem lại bản xem trước mới rồi xác nhận.")
    try:
        return import_plan(conn, upload.reading, user.username, upload.name)
    except PlanRefused as refused:
        with db.transaction(conn) as cur:
            journal.record(cur, user.username, "plan_refused", "plans", str(upload.year),
                           {"file": upload.name, "sha256": upload.sha256, "removed": refused.removed})
        raise


def problem_table(upload: PlanUpload) -> pd.DataFrame:
    """The problems as the page lists them: sheet, cell, message."""
    return pd.DataFrame([[p.sheet or "–", p.cell or "–", p.message] for p in upload.problems],
                        columns=["Trang tính", "Ô", "Nội dung"])


def change_table(upload: PlanUpload) -> pd.DataFrame:
    """Every item the workbook adds, changes or removes, by part of the plan."""
    rows = [[part, text, item] for part, change in upload.changes.items()
            for kind, text in CHANGE_KINDS.items() for item in getattr(change, kind)]
    return pd.DataFrame(rows, columns=["Phần", "Thay đổi", "Mục"])
