"""Benchmark of the Excel submission path on one quarter of the whole province.

Generates the targets template of every unit for 2024-Q2 (about 250 files), fills it as a clerk
would, ingests every file (one transaction each) into a fresh database, and compares with merely
reading the same files with python-calamine. Prints figures; asserts nothing.

Run: `make bench` or `.venv/bin/python bench/ingest.py`.
"""
from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import python_calamine  # noqa: E402

from cchc.applicability import Catalog  # noqa: E402
from cchc.config import archive_dir_for  # noqa: E402
from cchc.store import db  # noqa: E402
from etl.operations.setup import initialise  # noqa: E402
from etl.reports.ingest import ACCEPTED, ingest_path  # noqa: E402
from etl.reports.templates import NothingToReportError, build_template  # noqa: E402
from etl.sample.reports import _Clerk, _fill  # noqa: E402

PERIOD = "2024-Q2"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        conn = db.connect(root / "bench.duckdb")
        initialise(conn, "bench")
        catalog = Catalog(conn)
        rng = random.Random(7)

        start = time.perf_counter()
        files = []
        for unit in catalog.reporting_units("2024-06-30").to_dict("records"):
            try:
                workbook = build_template(conn, "targets", unit["code"], PERIOD, catalog)
            except NothingToReportError:
                continue
            clerk = _Clerk(unit, rng)
            rows = catalog.targets_for_unit(unit["code"], 2024).to_dict("records")
            _fill(workbook, "targets", {row["code"]: clerk.target_value(row, 2) for row in rows})
            path = root / f"targets_{PERIOD}_{unit['code']}.xlsx"
            workbook.save(path)
            files.append(path)
        generated = time.perf_counter() - start

        start = time.perf_counter()
        for path in files:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()
            book.close()
        bare = time.perf_counter() - start

        start = time.perf_counter()
        results = [ingest_path(conn, path, "bench", archive_dir_for(root / "bench.duckdb"), catalog=catalog)
                   for path in files]
        ingested = time.perf_counter() - start
        accepted = sum(r.status == ACCEPTED for r in results)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conn.close()

    print(f"files: {len(files)} targets reports for {PERIOD} ({accepted} accepted)")
    print(f"generate + fill templates: {generated:6.2f} s ({len(files) / generated:6.1f} files/s)")
    print(f"ingest (check, read, validate, load, archive, audit): {ingested:6.2f} s "
          f"({len(files) / ingested:6.1f} files/s, {ingested / len(files) * 1000:5.1f} ms/file)")
    print(f"whole batch (generate + ingest): {generated + ingested:6.2f} s")
    print(f"bare read with python-calamine: {bare:6.2f} s ({bare / len(files) * 1000:5.2f} ms/file); "
          f"ingest / bare read = {ingested / bare:5.1f}x")
    print(f"peak memory (max RSS): {peak_mb:6.1f} MB")


if __name__ == "__main__":
    main()
