"""Killed at any moment, nothing is lost or half-loaded: a batch ingest of 50 files by the command line is
killed (SIGKILL) at 20 random moments; after a restart every file is fully in or fully out, with the outcome
and rows of an uninterrupted run, and `etl check` finds nothing wrong; sending the batch again completes it,
each file once."""
from __future__ import annotations

import multiprocessing
import random
import shutil
import time
from pathlib import Path

import pytest

from cchc import db
from cchc.applicability import Catalog
from cchc.config import archive_dir_for
from etl.check import check
from etl.cli import main
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


def _ingest_process(context, path: Path, files: list[Path]):
    process = context.Process(target=main, args=(["ingest", "--db", str(path), "--as", "lo-nap", *map(str, files)],))
    process.start()
    return process


def test_a_batch_killed_at_random_moments_loses_nothing(batch, catalog_db_template, tmp_path):
    # A fork server started once, with the command line imported: each trial's process starts at once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["etl.cli"])
    control = tmp_path / "control" / "cchc.duckdb"
    control.parent.mkdir()
    shutil.copy(catalog_db_template, control)
    started = time.monotonic()
    process = _ingest_process(context, control, batch)
    process.join()
    whole_run = time.monotonic() - started        # the span the random moments are drawn from
    expected = _outcomes_of(control)
    assert len(expected) == FILES and {s for s, _ in expected.values()} == {"accepted", "rejected"}

    rng, lines, lost = random.Random(20241231), [], 0
    for trial in range(TRIALS):
        path = tmp_path / f"trial{trial}" / "cchc.duckdb"
        path.parent.mkdir()
        shutil.copy(catalog_db_template, path)
        archive = archive_dir_for(path)
        moment = rng.uniform(0, whole_run)
        process = _ingest_process(context, path, batch)
        process.join(timeout=moment)              # the random moment of the power cut
        killed = process.is_alive()
        process.kill()
        process.join()

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
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines + [f"files lost or half-loaded: {lost}"]) + "\n", encoding="utf-8")
    assert lost == 0
