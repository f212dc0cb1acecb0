"""`init`: create or migrate the database and load every catalog, in one transaction.

Safe to run again: migrations already applied are skipped and unchanged catalogs are not rewritten.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cchc.config import DATA_DIR
from cchc.store import db, journal
from etl.catalogs import index_targets, indices, lineage, plan, provinces, report_deadlines, units
from etl.catalogs.unit_names import UnitNames
from etl.reports import archive


@dataclass
class InitReport:
    """What `init` did: migrations applied now, row counts per catalog, problems found in the data."""

    migrations: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def initialise(conn: db.Connection, actor: str, data_dir: Path = DATA_DIR) -> InitReport:
    """Migrate the open database and (re)load the catalogs from ``data_dir``."""
    report = InitReport(migrations=db.migrate(conn))
    unit_frame, group_frame = units.build_units(data_dir), units.build_groups(data_dir)
    unit_codes = set(unit_frame["code"])
    names = UnitNames.from_catalog(data_dir, unit_frame.to_dict("records"), group_frame.to_dict("records"))
    plans = [plan.build_plan(data_dir, year, names, unit_codes) for year in plan.plan_years(data_dir)]
    # under a lock: app processes starting together on one PostgreSQL database load each catalog once
    with db.transaction(conn, lock="catalogs") as cur:
        report.counts.update(units.load(cur, unit_frame, group_frame, actor))
        report.counts.update(lineage.load(cur, lineage.build_lineage(data_dir), actor))
        counts, problems = indices.load(cur, data_dir, unit_codes, actor)
        report.counts.update(counts)
        report.problems.extend(problems)
        counts, problems = provinces.load(cur, data_dir, indices.build_indices(data_dir)[1], actor)
        report.counts.update(counts)
        report.problems.extend(problems)
        for catalog in plans:
            for name, count in plan.load(cur, catalog, actor).items():
                report.counts[f"{name}:{catalog.year}"] = count
            report.problems.extend(f"{catalog.year}: {p}" for p in catalog.problems)
        counts, problems = index_targets.load(cur, data_dir, plans, actor)
        report.counts.update(counts)
        report.problems.extend(problems)
        counts, problems = report_deadlines.load(cur, data_dir, [catalog.year for catalog in plans], actor)
        report.counts.update(counts)
        report.problems.extend(problems)
    return report


def recover(conn: db.Connection, archive_dir: Path) -> archive.Recovery:
    """Finish what a process killed mid-way left behind: files staged in the archive (put in place when their
    submission committed, dropped when it did not) and audit entries not yet sealed into the chain.

    Runs at every start of the app and of the commands that write; harmless when there is nothing to do.
    """
    found = archive.recover(conn, archive_dir)
    journal.seal(conn)
    return found
