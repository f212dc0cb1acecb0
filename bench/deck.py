"""Benchmark of the meeting deck on the sample data: the five views, then the PPTX and the PDF, as
`python -m etl deck` builds them (goal: under 10 s each, views included).

Run: `make bench` or `.venv/bin/python bench/deck.py [--db FILE]` (without --db, a sample-data database
is made first, about a minute). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import demo_database  # noqa: E402
from cchc.meeting.agenda import meeting  # noqa: E402
from cchc.meeting.deck import build_pptx  # noqa: E402
from cchc.meeting.deck_pdf import build_pdf  # noqa: E402
from cchc.periods import Period  # noqa: E402
from cchc.store import db  # noqa: E402

REPEATS = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an existing sample-data database (copied, never changed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = demo_database(Path(folder), args.db)
        conn = db.connect(path, read_only=True)
        try:
            times: dict[str, list[float]] = {"views": [], "pptx": [], "pdf": []}
            sizes = {}
            for _ in range(REPEATS):
                start = time.perf_counter()
                views = meeting(conn, 2024, Period(2024, 4), date(2024, 12, 31))
                times["views"].append(time.perf_counter() - start)
                for name, build in (("pptx", build_pptx), ("pdf", build_pdf)):
                    start = time.perf_counter()
                    sizes[name] = len(build(views))
                    times[name].append(time.perf_counter() - start)
        finally:
            conn.close()
    print(f"Meeting deck, sample data 2024-Q4, {REPEATS} runs (median, max):")
    for name, label in (("views", "five views"), ("pptx", "PPTX"), ("pdf", "PDF")):
        print(f"  {label:10s} {statistics.median(times[name]):6.2f} s  {max(times[name]):6.2f} s"
              + (f"  ({sizes[name] / 1024:,.0f} KB)" if name in sizes else ""))
    for name in ("pptx", "pdf"):
        total = statistics.median(times["views"]) + statistics.median(times[name])
        print(f"  {name.upper()} with its views: {total:.2f} s (goal under 10 s: {'met' if total < 10 else 'missed'})")


if __name__ == "__main__":
    main()
