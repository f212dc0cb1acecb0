"""Benchmark of what `make run` does before the first page: `init` on a new and on an existing database,
and the server-side run time of the overview page (AppTest, median of repeated runs).

Run: `make bench` or `.venv/bin/python bench/startup.py`. Prints figures; asserts nothing.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.store import db  # noqa: E402
from etl.operations.setup import initialise  # noqa: E402

REPEATS = 5


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        fresh, again = [], []
        for n in range(REPEATS):
            path = Path(folder) / f"bench{n}.duckdb"
            conn = db.connect(path)
            fresh.append(timed(lambda conn=conn: initialise(conn, "bench")))
            again.append(timed(lambda conn=conn: initialise(conn, "bench")))
            conn.close()
        print(f"init, new database:      median {statistics.median(fresh) * 1000:7.1f} ms (n={REPEATS})")
        print(f"init, unchanged catalog: median {statistics.median(again) * 1000:7.1f} ms (n={REPEATS})")

        from streamlit.testing.v1 import AppTest

        os.environ["CCHC_DB"] = str(Path(folder) / "bench0.duckdb")
        app = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard.py"), default_timeout=60)
        app.run()  # first run opens the connection and checks the catalogs
        runs = [timed(app.run) for _ in range(REPEATS * 2)]
        print(f"overview page, server side: median {statistics.median(runs) * 1000:7.1f} ms (n={len(runs)})")


if __name__ == "__main__":
    main()
