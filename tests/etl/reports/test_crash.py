"""Killed at any moment, nothing is lost or half-loaded: a batch ingest of 50 files by the command line is
killed (SIGKILL) at random moments (10 on DuckDB and 2 on PostgreSQL in every run of the suite;
``CCHC_CRASH_TRIALS=20,3`` for more, as for issue 12's figures); after a restart every file is fully in or fully
out, with the outcome and rows of an uninterrupted run, and `etl check` finds nothing wrong; sending the batch
again completes it, each file once."""
from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from cchc.applicability import Catalog
from cchc.config import ARCHIVE_ENV_VAR, archive_dir_for
from cchc.store import db
from etl.operations.check import check
from etl.operations.setup import recover
from etl.reports.ingest import ingest_path
from tests.conftest import PROJECT_ROOT

FILES = 50
# Each suite run draws new moments, so the runs add up; a longer campaign by hand: CCHC_CRASH_TRIALS=20,3.
TRIALS, POSTGRES_TRIALS = (int(n) for n in os.environ.get("CCHC_CRASH_TRIALS", "10,2").split(","))
RESEND_EVERY = 5        # sending the batch again is checked after every fifth trial (it is the slow part)
RESULTS = PROJECT_ROOT / "test-output" / "crash-trials.txt"


@pytest.fixture(scope="module")
def batch(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The first 50 files the sample's clerks sent (some with a mistake, then corrected), copied from the
    sample database's archive."""
    folder = tmp_path_factory.mktemp("batch")
    conn = db.connect(demo_db_template, read_only=True)
    try:
        sent = db.query_rows(conn, "SELECT filename, archive_path FROM submissions ORDER BY id LIMIT ?", [FILES])
    finally:
        conn.close()
    paths = []
    for number, (name, archived) in enumerate(sent):
        paths.append(folder / f"{number:02d}_{name}")
        shutil.copy(archived, paths[-1])
    return paths


def _outcomes(conn: db.Connection) -> dict[str, tuple]:
    """Each submission by SHA-256: (status, rows loaded)."""
    return {sha: (status, rows) for sha, status, rows in db.query_rows(conn, """
        SELECT s.sha256, s.status, (SELECT count(*) FROM target_values v WHERE v.submission_id = s.id)
                                   + (SELECT count(*) FROM task_progress v WHERE v.submission_id = s.id)
        FROM submissions s""")}


class Forker:
    """The fork server of tests/etl/forking.py: each command starts at once, in a copy of a process that has
    already imported the command line."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.etl.forking"], cwd=PROJECT_ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def start(self, args: list[str], env: dict[str, str]) -> int:
        self.process.stdin.write(json.dumps({"args": args, "env": env}) + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def ended_within(self, seconds: float) -> bool:
        """Whether the last command ended within ``seconds`` (its status is then read)."""
        ready, _, _ = select.select([self.process.stdout], [], [], seconds)
        if ready:
            self.process.stdout.readline()
        return bool(ready)

    def kill(self, pid: int) -> None:
        """SIGKILL the command, and wait until it has been reaped."""
        os.kill(pid, signal.SIGKILL)
        self.process.stdout.readline()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@dataclass
class Target:
    """A fresh initialised database for one run, and its archive."""

    database: str
    archive: Path

    def ingest(self, forker: Forker, files: list[Path]) -> int:
        return forker.start(["ingest", "--db", self.database, "--as", "lo-nap", *map(str, files)],
                            {ARCHIVE_ENV_VAR: str(self.archive)})


def _trials(forker: Forker, batch: list[Path], new_target, trials: int, label: str) -> list[str]:
    """Run the batch once whole, then ``trials`` times killed at a random moment; returns a line per trial."""
    control = new_target("control")
    started = time.monotonic()
    control.ingest(forker, batch)
    while not forker.ended_within(60):
        pass
    whole_run = time.monotonic() - started        # the span the random moments are drawn from
    conn = db.connect(control.database)
    try:
        expected = _outcomes(conn)
    finally:
        conn.close()
    assert len(expected) == FILES and {s for s, _ in expected.values()} == {"accepted", "rejected"}

    rng, lines = random.Random(20241231), []
    for trial in range(trials):
        target = new_target(f"trial{trial}")
        moment = rng.uniform(0.02, 0.85) * whole_run   # a later run is quicker than the first: stay inside it
        pid = target.ingest(forker, batch)
        killed = not forker.ended_within(moment)    # the random moment of the power cut
        if killed:
            forker.kill(pid)
        conn = db.connect(target.database)          # the restart
        try:
            recovery = recover(conn, target.archive)
            report = check(conn, target.archive)
            assert not report.problems, "\n".join(report.lines())
            rows = _outcomes(conn)
            half = {sha for sha, outcome in rows.items() if outcome != expected[sha]}
            archived = {p.name.split(".")[0] for p in target.archive.glob("??/*.xlsx")}
            assert not half and archived == set(rows), (half, archived ^ set(rows))
            before = len(rows)
            if trial % RESEND_EVERY == 0:           # the operator sends the whole batch again
                catalog = Catalog(conn)
                again = [ingest_path(conn, f, "lo-nap", target.archive, catalog=catalog) for f in batch]
                assert sum(r.duplicate_of is not None for r in again) == before
                report = check(conn, target.archive)
                assert not report.problems, "\n".join(report.lines())
                assert _outcomes(conn) == expected
        finally:
            conn.close()
        lines.append(f"{label} trial {trial + 1:2d}: killed at {moment:5.2f} s of {whole_run:.2f} s "
                     f"({'while running' if killed else 'after it ended'}); files in at restart: {before}/{FILES}; "
                     f"completed by recovery: {len(recovery.completed)}, dropped: {len(recovery.dropped)}; "
                     "lost or half-loaded: 0")
    return lines


def test_a_batch_killed_at_random_moments_loses_nothing(batch, catalog_db_template, postgres,
                                                         postgres_catalog_template, tmp_path):
    def on_duckdb(name: str) -> Target:
        path = tmp_path / name / "cchc.duckdb"
        path.parent.mkdir()
        shutil.copy(catalog_db_template, path)
        return Target(str(path), archive_dir_for(path))

    def on_postgresql(name: str) -> Target:
        url = postgres.create_database(f"crash_{name}", template=postgres_catalog_template)
        return Target(url, tmp_path / f"pg-{name}" / "archive")

    forker = Forker()
    try:
        lines = (_trials(forker, batch, on_duckdb, TRIALS, "DuckDB")
                 + _trials(forker, batch, on_postgresql, POSTGRES_TRIALS, "PostgreSQL"))
    finally:
        forker.close()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
