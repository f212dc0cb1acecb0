"""Killed at any moment, nothing is lost or half-loaded: a batch ingest of 50 files by the command line is
killed (SIGKILL) at 20 random moments; after a restart every file is fully in or fully out, with the outcome
and rows of an uninterrupted run, and `etl check` finds nothing wrong; sending the batch again completes it,
each file once."""
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
from pathlib import Path

import pytest

from cchc import db
from cchc.applicability import Catalog
from cchc.config import archive_dir_for
from etl.check import check
from etl.ingest import ingest_path
from etl.setup import recover
from tests.conftest import PROJECT_ROOT

FILES, TRIALS = 50, 20
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


def _outcomes_of(path: Path) -> dict[str, tuple]:
    conn = db.connect(path, read_only=True)
    try:
        return _outcomes(conn)
    finally:
        conn.close()


class Forker:
    """The fork server of tests/etl/forking.py: each command starts at once, in a copy of a process that has
    already imported the command line."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.etl.forking"], cwd=PROJECT_ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def start(self, args: list[str]) -> int:
        self.process.stdin.write(json.dumps(args) + "\n")
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


def _ingest(path: Path, files: list[Path]) -> list[str]:
    return ["ingest", "--db", str(path), "--as", "lo-nap", *map(str, files)]


def test_a_batch_killed_at_random_moments_loses_nothing(batch, catalog_db_template, tmp_path):
    forker = Forker()
    control = tmp_path / "control" / "cchc.duckdb"
    control.parent.mkdir()
    shutil.copy(catalog_db_template, control)
    started = time.monotonic()
    forker.start(_ingest(control, batch))
    while not forker.ended_within(60):
        pass
    whole_run = time.monotonic() - started        # the span the random moments are drawn from
    expected = _outcomes_of(control)
    assert len(expected) == FILES and {s for s, _ in expected.values()} == {"accepted", "rejected"}

    rng, lines, lost = random.Random(20241231), [], 0
    for trial in range(TRIALS):
        path = tmp_path / f"trial{trial}" / "cchc.duckdb"
        path.parent.mkdir()
        shutil.copy(catalog_db_template, path)
        archive = archive_dir_for(path)
        moment = rng.uniform(0.02, 0.85) * whole_run   # a later trial run is quicker than the first: stay inside it
        pid = forker.start(_ingest(path, batch))
        killed = not forker.ended_within(moment)   # the random moment of the power cut
        if killed:
            forker.kill(pid)

        conn = db.connect(path)                   # the restart
        try:
            recovery = recover(conn, archive)
            report = check(conn, archive)
            assert not report.problems, "\n".join(report.lines())
            rows = _outcomes(conn)
            half = {sha for sha, outcome in rows.items() if outcome != expected[sha]}
            archived = {p.name.split(".")[0] for p in archive.glob("??/*.xlsx")}
            lost += len(half) + len(archived ^ set(rows))
            assert not half and archived == set(rows)
            before = len(rows)
            if trial % RESEND_EVERY == 0:           # the operator sends the whole batch again
                catalog = Catalog(conn)
                again = [ingest_path(conn, f, "lo-nap", archive, catalog=catalog) for f in batch]
                assert sum(r.duplicate_of is not None for r in again) == before
                report = check(conn, archive)
                assert not report.problems, "\n".join(report.lines())
        finally:
            conn.close()
        if trial % RESEND_EVERY == 0:
            assert _outcomes_of(path) == expected
        lines.append(f"trial {trial + 1:2d}: killed at {moment:5.2f} s of {whole_run:.2f} s "
                     f"({'while running' if killed else 'after it ended'}); files in at restart: {before}/{FILES}; "
                     f"completed by recovery: {len(recovery.completed)}, dropped: {len(recovery.dropped)}")
    forker.close()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines + [f"files lost or half-loaded: {lost}"]) + "\n", encoding="utf-8")
    assert lost == 0
