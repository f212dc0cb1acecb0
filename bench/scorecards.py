"""Benchmark of the score cards on the sample data: every unit's card of 2024-Q4, as `python -m etl scorecards`
and the Units page's zip button make them (the views of each unit, then its page of PDF), and the zip of all.

Run: `make bench` or `.venv/bin/python bench/scorecards.py [--db FILE] [--period 2024-Q4]` (without --db, a
sample-data database is made first, about a minute). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import demo_database  # noqa: E402
from cchc.documents.scorecard import card_pdf, score_cards  # noqa: E402
from cchc.periods import parse_period  # noqa: E402
from cchc.store import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an existing sample-data database (copied, never changed)")
    parser.add_argument("--period", default="2024-Q4", help="the quarter (default 2024-Q4)")
    args = parser.parse_args()
    period = parse_period(args.period)
    assert period is not None and period.quarter is not None, "a quarter: 2024-Q4"
    with tempfile.TemporaryDirectory() as folder:
        path = demo_database(Path(folder), args.db)
        conn = db.connect(path, read_only=True)
        views = pdf = 0.0
        buffer = io.BytesIO()
        start = time.perf_counter()
        try:
            cards = score_cards(conn, period, period.end)
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                count = 0
                while True:
                    began = time.perf_counter()
                    card = next(cards, None)
                    views += time.perf_counter() - began
                    if card is None:
                        break
                    began = time.perf_counter()
                    data = card_pdf(card)
                    pdf += time.perf_counter() - began
                    archive.writestr(card.file_name, data)
                    count += 1
        finally:
            conn.close()
        total = time.perf_counter() - start
    print(f"Score cards, sample data {period.code}, as of {period.end:%d/%m/%Y}:")
    print(f"  {count} cards in {total:.1f} s ({count / total:.1f} cards/s): views {views:.1f} s, PDF {pdf:.1f} s")
    print(f"  zip of all: {len(buffer.getvalue()) / 1024 / 1024:.1f} MB ({len(buffer.getvalue()) / count / 1024:.0f} KB "
          "a card)")


if __name__ == "__main__":
    main()
