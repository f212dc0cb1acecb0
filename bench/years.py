"""Benchmark of years of data: the sample data with 1, 3 and 10 plan years, and what grows with them.

- **The years.** :func:`add_years` gives the sample database earlier plan years (2023, 2022, … back to 2015)
  by copying the 2024 plan (plan, areas, targets, tasks, report deadlines, moved to the year) and its quarterly
  reports (submissions with their problems, target values and task progress, moved to the year's periods and
  dates). Each copied file is in the archive too: the 2024 bytes with the year appended (so a new SHA-256),
  with its line in the archive's log, so that `etl check`, backup and restore handle as many files as the
  years hold. This is the documented faster path: the same rows ingest would write, without reading 1,200
  workbooks a year (the sample takes two minutes a year through ingest, `init --demo`).
- **The figures**, for each number of years: database file and archive size; `etl check`, `etl backup` and
  `etl restore` times (the commands, as the timers and the office run them); and each dashboard page's first
  run in a new process (nothing cached) and the median of its warm runs (AppTest, bench/pages.py). The pages
  show the newest year, 2024: the earlier years are there to find out whether they cost anything unseen.
- Goals (issue 23): warm runs do not grow with years that are not shown; a cold build at most doubles from 1
  to 10 years.

Run: `make bench` or `.venv/bin/python bench/years.py [--db DEMO.duckdb] [--years 1,3,10]`. Prints figures;
asserts nothing.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc.store import db  # noqa: E402
from etl.reports import archive  # noqa: E402

SOURCE_YEAR = 2024
ID_STEP = 100_000       # copied submission ids: the 2024 id + (2024 - year) * ID_STEP


def add_years(path: Path, count: int) -> list[int]:
    """Give the database at ``path`` (the sample data, its archive beside it) ``count`` earlier plan years
    copied from 2024; returns the years added."""
    years = [SOURCE_YEAR - n for n in range(1, count + 1)]
    archive_dir = path.parent / "archive"
    conn = db.connect(path)
    try:
        files = db.query_rows(conn, """
            SELECT id, filename, archive_path, status FROM submissions
            WHERE plan_year = ? AND kind IN ('targets', 'tasks')""", [SOURCE_YEAR])
        with db.transaction(conn) as cur:
            for year in years:
                _copy_year(cur, year, files, archive_dir)
    finally:
        conn.close()
    return years


def _copy_year(cur, year: int, files: list[tuple], archive_dir: Path) -> None:
    back, step, text = SOURCE_YEAR - year, (SOURCE_YEAR - year) * ID_STEP, str(year)
    cur.execute("INSERT INTO plans SELECT * REPLACE (? AS year, replace(title, '2024', ?) AS title) FROM plans "
                "WHERE year = ?", [year, text, SOURCE_YEAR])
    for table in ("plan_areas", "targets"):
        db.check_identifiers(table)
        cur.execute(f"INSERT INTO {table} SELECT * REPLACE (? AS plan_year) FROM {table} WHERE plan_year = ?",
                    [year, SOURCE_YEAR])
    cur.execute("INSERT INTO tasks SELECT * REPLACE (? AS plan_year, due_date - INTERVAL (?) YEAR AS due_date) "
                "FROM tasks WHERE plan_year = ?", [year, back, SOURCE_YEAR])
    cur.execute("INSERT INTO report_deadlines SELECT * REPLACE (? AS plan_year, replace(period, '2024', ?) AS period, "
                "due_date - INTERVAL (?) YEAR AS due_date) FROM report_deadlines WHERE plan_year = ?",
                [year, text, back, SOURCE_YEAR])
    digests = {}
    for sid, filename, stored, status in files:
        data = Path(stored).read_bytes() + text.encode()
        digest = hashlib.sha256(data).hexdigest()
        final = archive.final_path(archive_dir, digest, filename)
        final.parent.mkdir(parents=True, exist_ok=True)
        final.write_bytes(data)
        entry = {"id": sid + step, "status": status, "sha256": digest, "filename": filename, "copied_for": year}
        archive.log_path(archive_dir, digest).write_text(json.dumps(entry, ensure_ascii=False) + "\n", "utf-8")
        digests[sid] = (digest, str(final))
    cur.execute("CREATE TEMP TABLE copied (id BIGINT, sha256 VARCHAR, archive_path VARCHAR)")
    cur.executemany("INSERT INTO copied VALUES (?, ?, ?)", [(sid, d, p) for sid, (d, p) in digests.items()])
    cur.execute("""
        INSERT INTO submissions SELECT s.* REPLACE (
            s.id + ? AS id, c.sha256 AS sha256, c.archive_path AS archive_path,
            replace(s.period, '2024', ?) AS period, ? AS plan_year, s.superseded_by + ? AS superseded_by,
            s.uploaded_at - INTERVAL (?) YEAR AS uploaded_at)
        FROM submissions s JOIN copied c ON c.id = s.id""", [step, text, year, step, back])
    cur.execute("INSERT INTO submission_problems SELECT p.* REPLACE (p.submission_id + ? AS submission_id) "
                "FROM submission_problems p JOIN copied c ON c.id = p.submission_id", [step])
    for table in ("target_values", "task_progress"):
        db.check_identifiers(table)
        extra = ", completed_on - INTERVAL (?) YEAR AS completed_on" if table == "task_progress" else ""
        cur.execute(f"INSERT INTO {table} SELECT v.* REPLACE (v.submission_id + ? AS submission_id, "
                    f"replace(v.period, '2024', ?) AS period, ? AS plan_year{extra}) "
                    f"FROM {table} v JOIN copied c ON c.id = v.submission_id",
                    [step, text, year, *([back] if extra else [])])
    cur.execute("DROP TABLE copied")


# --- the figures -----------------------------------------------------------------------------------------------

def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _command(*args: str) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - start, done.returncode


def _pages(path: Path) -> dict[str, tuple[float, float]]:
    """Each page's first run and warm median, in a process of its own (nothing cached, as after a restart)."""
    done = subprocess.run([sys.executable, __file__, "--pages-of", str(path)], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return {name: (float(first), float(warm)) for name, first, warm in
            (line.split("\t") for line in done.stdout.splitlines() if line.count("\t") == 2)}


def _print_pages(path: Path) -> None:
    """(In the child process.) Page name, first run and warm median in seconds, tab-separated, one per line; first
    the overview that opens the process, nothing computed yet (the cold build)."""
    from bench.pages import page_runs

    for number, (name, opening, first, warm, _) in enumerate(page_runs(path)):
        if not number:
            print(f"cold overview\t{opening}\t0", flush=True)
        print(f"{name}\t{first}\t{warm}", flush=True)


def measure(demo: Path, years: int, folder: Path) -> dict:
    """Copy the sample into ``folder``, add the years, and measure."""
    folder.mkdir()
    path = folder / "cchc.duckdb"
    shutil.copy(demo, path)
    shutil.copytree(demo.parent / "archive", folder / "archive")
    conn = db.connect(path)     # the copied rows name the copy's archive
    with db.transaction(conn) as cur:
        cur.execute("UPDATE submissions SET archive_path = replace(archive_path, ?, ?)",
                    [str(demo.parent / "archive"), str(folder / "archive")])
    conn.close()
    start = time.perf_counter()
    add_years(path, years - 1)
    figures = {"generate": time.perf_counter() - start}
    conn = db.connect(path)
    figures["files"] = db.query_rows(conn, "SELECT count(*) FROM submissions")[0][0]
    figures["values"] = db.query_rows(conn, "SELECT count(*) FROM target_values")[0][0]
    conn.execute("CHECKPOINT")
    conn.close()
    figures["db_mb"], figures["archive_mb"] = _size_mb(path), _size_mb(folder / "archive")
    figures["check"], figures["check_status"] = _command("check", "--db", str(path))
    figures["backup"], _ = _command("backup", "--db", str(path), "-o", str(folder / "backup"))
    restored = folder / "restored" / "cchc.duckdb"
    restored.parent.mkdir()
    figures["restore"], figures["restore_status"] = _command("restore", str(folder / "backup"), "--db", str(restored))
    figures["pages"] = _pages(path)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an existing database with the sample data, its archive beside it (copied)")
    parser.add_argument("--years", default="1,3,10", help="numbers of plan years, comma-separated")
    parser.add_argument("--pages-of", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages_of:
        _print_pages(Path(args.pages_of))
        return
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo" / "cchc.duckdb"
        demo.parent.mkdir()
        if args.db:
            shutil.copy(args.db, demo)
            shutil.copytree(Path(args.db).parent / "archive", demo.parent / "archive")
            print("init --demo: not timed (--db given)")
        else:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "etl", "init", "--demo", "--db", str(demo)], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
            print(f"init --demo (2024 and the 2026 sample plan, through ingest): {time.perf_counter() - start:.1f} s")
        results = {n: measure(demo, n, Path(folder) / f"years-{n}") for n in (int(x) for x in args.years.split(","))}
    print("\nyears · submissions · target values · generate s · database MB · archive MB · etl check s (status) · "
          "backup s · restore s (status)")
    for n, f in results.items():
        print(f"  {n:2d} · {f['files']:6d} · {f['values']:8d} · {f['generate']:5.1f} · {f['db_mb']:6.1f} · "
              f"{f['archive_mb']:6.1f} · {f['check']:5.1f} ({f['check_status']}) · {f['backup']:5.1f} · "
              f"{f['restore']:5.1f} ({f['restore_status']})")
    print("\npage · first run s, then warm median s, for each number of years")
    for page in next(iter(results.values()))["pages"]:
        cells = " · ".join(f"{n} y: {f['pages'][page][0]:5.2f}" + (f" {f['pages'][page][1]:5.3f}" if f['pages'][page][1]
                                                                  else "") for n, f in results.items())
        print(f"  {page:10s} · {cells}")


if __name__ == "__main__":
    main()
