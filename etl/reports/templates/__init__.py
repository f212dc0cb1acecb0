"""Excel submission templates: one workbook per unit, period and kind of report.

A template is what a unit's clerk fills in and sends back. What every template has (the identity cells, the
header, locked labels and validated input cells, the instructions) is :mod:`~etl.reports.templates.sheet`'s, in
the look of :mod:`~etl.reports.templates.style`; each kind of report writes its own rows and instructions:
:mod:`~etl.reports.templates.targets`, :mod:`~etl.reports.templates.tasks` and
:mod:`~etl.reports.templates.indices`. This module is the API: which kind, which unit, which period, and the
workbook or file.

The reader does not depend on the positions written here (it looks for the labels and the header row by their
text), but it does rely on the texts of :mod:`etl.reports.layout`.
"""
from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from cchc import applicability, auth, look
from cchc.periods import parse_period
from cchc.store import db
from etl.reports import layout
from etl.reports.templates.indices import INDEX_EXTRA_ROWS, INDEX_REPORTING_UNIT, IndicesSheet
from etl.reports.templates.sheet import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    NOT_APPLICABLE_MARK,
    NothingToReportError,
    ReportSheet,
    Subject,
    TemplateError,
)
from etl.reports.templates.targets import TargetsSheet
from etl.reports.templates.tasks import TasksSheet

__all__ = [
    "TemplateError",
    "NothingToReportError",
    "HEADER_ROW",
    "FIRST_DATA_ROW",
    "NOT_APPLICABLE_MARK",
    "INDEX_EXTRA_ROWS",
    "INDEX_REPORTING_UNIT",
    "build_template",
    "listed_rows",
    "template_filename",
    "template_name",
    "template_for",
    "template_units",
    "write_template",
    "write_all_templates",
]

# Each kind of report (layout.KINDS) and the sheet that writes it.
SHEETS: dict[str, type[ReportSheet]] = {sheet.kind: sheet for sheet in (TargetsSheet, TasksSheet, IndicesSheet)}


def _kind(kind: str) -> type[ReportSheet]:
    if kind not in layout.KINDS:
        raise TemplateError(
            f"Không có mẫu báo cáo loại “{kind}”. Các loại mẫu: " + ", ".join(layout.KINDS) + "."
        )
    return SHEETS[kind]


def _sheet(subject: Subject) -> ReportSheet:
    return SHEETS[subject.kind](subject)


def _resolve(conn: db.Connection, kind: str, unit_code: str, period: str,
             catalog: applicability.Catalog | None = None) -> Subject:
    """Check the request and fetch the rows the template lists; raises TemplateError.

    ``catalog`` is a snapshot of the catalogs when the caller builds many templates (saves queries).
    """
    sheet = _kind(kind)
    parsed = sheet.check_period(period)
    code = str(unit_code or "").strip().upper()      # catalog codes are upper-case: "h436" is H436
    catalog = catalog or applicability.Catalog(conn)
    unit = catalog.unit(code)
    if unit is None:
        raise TemplateError(f"Không tìm thấy đơn vị có mã “{unit_code}” trong danh mục đơn vị.")
    return sheet.resolve(conn, unit, parsed, catalog)


def build_template(conn: db.Connection, kind: str, unit_code: str, period: str,
                   catalog: applicability.Catalog | None = None) -> Workbook:
    """The submission template of ``kind`` for a unit and period, as an openpyxl workbook.

    ``kind`` is one of ``layout.KINDS``. Targets and tasks take a quarter ("2024-Q2", also "Quý II/2024");
    the plan year is the period's year. Indices take a year ("2024") and only Sở Nội vụ (SNV) reports them.
    Raises :class:`TemplateError` (message in Vietnamese) for an unknown kind or unit, a bad period,
    a unit that does not exist at the end of the period, or a unit with nothing to report
    (:class:`NothingToReportError`). Pass a ``catalog`` snapshot when building many templates.
    """
    return _sheet(_resolve(conn, kind, unit_code, period, catalog)).build()


def listed_rows(conn: db.Connection, kind: str, unit_code: str, period: str,
                catalog: applicability.Catalog | None = None) -> list[dict]:
    """The rows the template lists (targets, tasks, or the units whose index results it asks for), in order."""
    return _resolve(conn, kind, unit_code, period, catalog).rows


def template_filename(kind: str, unit_code: str, period: str, sample: bool = False) -> str:
    """The file name of a template: ``targets_2024-Q2_SNV.xlsx``; ``MAU_targets_2026-Q2_SNV.xlsx`` for a sample
    plan year (:func:`cchc.look.sample_file_name`)."""
    parsed = parse_period(period)
    code = parsed.code if parsed else str(period)
    return look.sample_file_name(f"{kind}_{code}_{unit_code}.xlsx", sample=sample)


def _filename(subject: Subject) -> str:
    return template_filename(subject.kind, subject.unit_code, subject.period.code, subject.sample_plan)


def template_name(conn: db.Connection, user: auth.User, kind: str, unit_code: str, period: str,
                  catalog: applicability.Catalog | None = None) -> str:
    """The file name of the template a signed-in user may download, without building it (the upload page
    builds it only when the button is clicked); raises :class:`TemplateError` like :func:`build_template`."""
    auth.require(user, "submit", unit_code)
    return _filename(_resolve(conn, kind, unit_code, period, catalog))


def template_for(conn: db.Connection, user: auth.User, kind: str, unit_code: str, period: str) -> tuple[str, bytes]:
    """The template a signed-in user downloads: its file name and bytes.

    Only someone who may submit for ``unit_code`` gets it (:func:`cchc.auth.require`).
    """
    auth.require(user, "submit", unit_code)
    subject = _resolve(conn, kind, unit_code, period)
    buffer = io.BytesIO()
    _sheet(subject).build().save(buffer)
    return _filename(subject), buffer.getvalue()


def write_template(conn: db.Connection, kind: str, unit_code: str, period: str, path: Path | str) -> Path:
    """Build the template (see :func:`build_template`) and save it at ``path``; returns the path.

    A ``path`` that is a folder (an existing one, or a path without a file extension) receives the file
    under :func:`template_filename`.
    """
    subject = _resolve(conn, kind, unit_code, period)
    target = Path(path)
    if target.is_dir() or not target.suffix:
        target = target / _filename(subject)
    target.parent.mkdir(parents=True, exist_ok=True)
    _sheet(subject).build().save(target)
    return target


def _subjects(conn: db.Connection, kind: str, period: str, catalog: applicability.Catalog) -> list[Subject]:
    """What each template of the period is about: one per unit that exists on the period's last day and has
    something to report (units without a row, e.g. central agencies for targets, are skipped)."""
    parsed = _kind(kind).check_period(period)
    if kind == "indices":
        codes = [INDEX_REPORTING_UNIT]
    else:
        codes = [str(code) for code in catalog.reporting_units(parsed.end)["code"]]
    subjects = []
    for code in codes:
        try:
            subjects.append(_resolve(conn, kind, code, parsed.code, catalog))
        except NothingToReportError:
            continue
    return subjects


def template_units(conn: db.Connection, kind: str, period: str) -> list[str]:
    """Codes of the units :func:`write_all_templates` makes a template for, in its order: for a 2026 quarter the
    69 communes and wards of 1/7/2025 and the departments of 2026, never a district or a 2023 commune."""
    return [s.unit_code for s in _subjects(conn, kind, period, applicability.Catalog(conn))]


def write_all_templates(conn: db.Connection, kind: str, period: str, folder: Path | str) -> list[Path]:
    """Save the template of every unit of :func:`template_units` in ``folder``; for indices only Sở Nội vụ
    gets a file. Returns the paths written, in the order of the units.
    """
    subjects = _subjects(conn, kind, period, applicability.Catalog(conn))
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for subject in subjects:
        path = out / _filename(subject)
        _sheet(subject).build().save(path)
        written.append(path)
    return written
