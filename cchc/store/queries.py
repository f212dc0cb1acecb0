"""Read queries shared by several parts: the export tables, the headline scores, the data version, the plan
years, the catalogs as a whole. A query that one data view alone needs stays in that view (:mod:`cchc.views`).

Each function takes the shared connection; SQL is parameterised.
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from cchc.store import db

PROVINCE = "T42"
HEADLINE_INDICES = ("PAR_INDEX", "SIPAS", "PAPI", "PCI", "DTI")

# Export tables of `python -m etl export`: name -> SQL (columns in the documented order).
EXPORTS: dict[str, str] = {
    "units": """
        SELECT code, name, short_name, kind, level, parent_code, gso_code, subtype, valid_from, valid_to
        FROM units
        ORDER BY CASE level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END,
                 CASE kind WHEN 'province' THEN 0 WHEN 'department' THEN 1 WHEN 'central_agency' THEN 2
                           WHEN 'other_body' THEN 3 ELSE 4 END, code""",
    "targets": """
        SELECT t.code, a.name AS area, t.level, t.text, t.indicator, t.measure, t.unit_of_measure, t.direction,
               t.target_value, t.target_value_max, t.reported_by, t.lead_unit_code, t.numerator_label,
               t.denominator_label, t.index_code, t.item, t.source, t.plan_year, t.note
        FROM targets t JOIN plan_areas a ON a.plan_year = t.plan_year AND a.code = t.area_code
        ORDER BY t.plan_year, a.sort_order, t.source, t.item, t.code,
                 CASE t.level WHEN 'all' THEN 0 WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END""",
    "tasks": """
        SELECT t.code, a.name AS area, t.objective, t.task, t.activity, t.deliverable,
               array_to_string(t.lead_unit_codes, ';') AS lead_unit_codes, t.lead_text,
               t.partner_text AS partner_units, array_to_string(t.partner_unit_codes, ';') AS partner_unit_codes,
               t.deadline_text, t.due_date, t.deadline_kind, t.funding_text, t.section, t.plan_year
        FROM tasks t JOIN plan_areas a ON a.plan_year = t.plan_year AND a.code = t.area_code
        ORDER BY t.plan_year, t.sort_order""",
    "index-scores": """
        SELECT index_code, year, unit_code, component_code, score, max_score, rank, rank_of, source_url, flag,
               stat, other_name, note, origin, submission_id, is_sample
        FROM current_index_scores
        ORDER BY index_code, year, unit_code, stat, component_code, id""",
    "published-results": """
        SELECT r.index_code AS "index", r.year, p.name AS province, r.component_code AS component,
               r.score AS value, r.rank, r.rank_of, r.flags, r.source_url
        FROM current_province_results r JOIN provinces p ON p.code = r.province_code
        LEFT JOIN index_components c ON c.index_code = r.index_code AND c.component_code = r.component_code
        ORDER BY r.index_code, r.year, p.ranked_among DESC, c.sort_order NULLS LAST, r.component_code,
                 r.rank NULLS LAST, p.name""",
    "target-values": """
        SELECT unit_code, period, target_code, level, numerator, denominator, value, note, submission_id, is_sample
        FROM current_target_values
        ORDER BY period, unit_code, target_code""",
    "task-progress": """
        SELECT unit_code, period, task_code, status, percent_done, evidence, completed_on, note, submission_id, is_sample
        FROM current_task_progress
        ORDER BY period, unit_code, task_code""",
    "submissions": """
        SELECT s.id, CAST(date_trunc('second', s.uploaded_at) AS VARCHAR) AS uploaded_at, s.uploaded_by, s.filename, s.sha256, s.size_bytes, s.kind, s.unit_code, s.period,
               s.status, s.superseded_by, s.is_sample,
               (SELECT count(*) FROM submission_problems p WHERE p.submission_id = s.id AND p.severity = 'error') AS errors,
               (SELECT count(*) FROM submission_problems p WHERE p.submission_id = s.id AND p.severity = 'warning') AS warnings
        FROM submissions s
        ORDER BY s.id""",
}


def export_table(conn: db.Connection, name: str) -> pd.DataFrame:
    """One of the export tables, by its command-line name."""
    return db.query_df(conn, EXPORTS[name])


def headline_scores(conn: db.Connection, unit_code: str = PROVINCE) -> pd.DataFrame:
    """Yearly total score and rank of the headline indices for one unit, with their catalog entry.

    Where a year has several rows (two sources, or two ranking bases), the row without a flag comes
    first, then the one with a score, so the caller can take the first row of each year.
    """
    return db.query_df(
        conn,
        """
        SELECT s.index_code, i.name_vi, i.display_unit, i.scale_max, i.sort_order, s.year, s.score,
               s.max_score, s.rank, s.rank_of, s.flag, s.note, s.source_url
        FROM current_index_scores s JOIN indices i ON i.code = s.index_code
        WHERE s.unit_code = ? AND s.component_code = 'TOTAL' AND s.stat = 'value'
          AND s.index_code = ANY(?)
        ORDER BY i.sort_order, s.year, s.flag IS NOT NULL, s.score IS NULL, s.rank_of DESC NULLS LAST
        """,
        [unit_code, list(HEADLINE_INDICES)],
    )


FILE_KINDS = ("targets", "tasks", "indices")     # the kinds of report files (submissions.kind)


class DataVersion(NamedTuple):
    """What the dashboards show may have changed when this changes: a file received (accepted or rejected:
    the board shows both) or a catalog loaded. Every write of dashboard data goes through one of the two:
    ingest records a submission (ids only grow), ``init``, a plan or published results record what they load in
    ``catalog_versions``. Each kind of file has its part too, so that a view made from one kind's values alone
    (:meth:`of`) stays as it is while files of the other kinds arrive: on a deadline day, one every few seconds.
    """

    files: tuple[int, int]  # how many submissions, and the last one
    catalogs: str           # when a catalog was last loaded
    kinds: tuple[tuple[int, int], ...] = ()     # the same as ``files`` for each of FILE_KINDS

    def of(self, kind: str) -> DataVersion:
        """The version as a view made from files of ``kind`` alone (and the catalogs) sees it: ``files`` counts
        that kind's files only (each loader reads one kind, so the parts never meet in one cache)."""
        if not self.kinds:
            return self     # already one kind's (a loader calling another of the same kind narrows again)
        return DataVersion(self.kinds[FILE_KINDS.index(kind)], self.catalogs)


def data_version(conn: db.Connection) -> DataVersion:
    """The current :class:`DataVersion`, read on every page run, so one cheap query. The counts are there for
    PostgreSQL: two processes' ingests may commit in the other order than their ids, and a cache keyed on
    the last id alone would miss the one committed second."""
    per_kind = ", ".join(f"count(*) FILTER (WHERE kind = '{kind}'), max(id) FILTER (WHERE kind = '{kind}')"
                         for kind in FILE_KINDS)
    row = db.query_rows(conn, f"""
        SELECT (SELECT max(loaded_at) FROM catalog_versions), count(*), max(id), {per_kind}
        FROM submissions""")[0]
    catalogs, numbers = row[0], [value or 0 for value in row[1:]]
    pairs = [(numbers[n], numbers[n + 1]) for n in range(0, len(numbers), 2)]
    return DataVersion(pairs[0], catalogs.isoformat() if catalogs else "-", tuple(pairs[1:]))


def unit_files(conn: db.Connection, unit_code: str) -> tuple[int, int]:
    """How many files a unit has sent, and the last one: what its own reports' states depend on, besides the
    catalogs (the upload page's list of what is due)."""
    count, last = db.query_rows(conn, "SELECT count(*), max(id) FROM submissions WHERE unit_code = ?", [unit_code])[0]
    return count, last or 0


def plan_years(conn: db.Connection) -> tuple[int, ...]:
    """The plan years in the database, newest first."""
    return tuple(row[0] for row in db.query_rows(conn, "SELECT year FROM plans ORDER BY year DESC"))


def plan_areas(conn: db.Connection, year: int) -> list[tuple[str, str]]:
    """The areas of a plan year (code, name), in the plan's order."""
    return [(code, name) for code, name in db.query_rows(
        conn, "SELECT code, name FROM plan_areas WHERE plan_year = ? ORDER BY sort_order", [year])]


def sample_plan_years(conn: db.Connection) -> frozenset[int]:
    """The plan years whose plan is a sample (``plans.is_sample``, shown as "Kế hoạch mẫu")."""
    return frozenset(row[0] for row in db.query_rows(conn, "SELECT year FROM plans WHERE is_sample"))


def is_sample_plan(conn: db.Connection, year: int) -> bool:
    """Whether the plan of ``year`` is a sample plan."""
    return year in sample_plan_years(conn)


def latest_quarter(conn: db.Connection, year: int) -> int | None:
    """The latest quarter of a plan year with an accepted report, or None."""
    found = db.query_rows(conn, "SELECT max(period) FROM current_submissions WHERE plan_year = ?", [year])[0][0]
    return int(found[-1]) if found and "-Q" in found else None


class CatalogRows(NamedTuple):
    """The catalogs as :class:`cchc.applicability.Catalog` holds them."""

    units: pd.DataFrame
    groups: list[dict]
    targets: pd.DataFrame           # with area_order, in plan order
    tasks: pd.DataFrame             # in plan order
    plan_years: set[int]
    sample_plan_years: set[int]     # plans.is_sample: "Kế hoạch mẫu"
    components: set[tuple[str, str]]    # (index_code, component_code)


def catalog_rows(conn: db.Connection) -> CatalogRows:
    """Units, unit groups, targets, tasks, plan years (and which are samples) and index components, read in one go."""
    return CatalogRows(
        units=db.query_df(conn, "SELECT * FROM units"),
        groups=db.query_df(conn, "SELECT * FROM unit_groups").to_dict("records"),
        targets=db.query_df(conn, """
            SELECT t.*, a.sort_order AS area_order FROM targets t
            JOIN plan_areas a ON a.plan_year = t.plan_year AND a.code = t.area_code
            ORDER BY t.plan_year, a.sort_order, t.source, t.item, t.code"""),
        tasks=db.query_df(conn, "SELECT * FROM tasks ORDER BY plan_year, sort_order"),
        plan_years={r[0] for r in db.query_rows(conn, "SELECT year FROM plans")},
        sample_plan_years=set(sample_plan_years(conn)),
        components={(a, b) for a, b in db.query_rows(conn, "SELECT index_code, component_code FROM index_components")},
    )


def unit_names(conn: db.Connection) -> dict[str, str]:
    """Code → name of every unit and unit group (the groups a task names as lead: "UBND cấp huyện")."""
    return dict(db.query_rows(conn, "SELECT code, name FROM units UNION ALL SELECT code, name FROM unit_groups"))


def has_sample_reports(conn: db.Connection, plan_year: int) -> bool:
    """Whether any current report of the plan year is sample data."""
    return bool(db.query_rows(conn, "SELECT 1 FROM current_submissions WHERE plan_year = ? AND is_sample LIMIT 1",
                              [plan_year]))
