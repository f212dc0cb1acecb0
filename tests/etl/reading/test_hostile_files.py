"""Hostile files (issue 12): each kind of :data:`KINDS` is sent through ``etl.reports.ingest.ingest_bytes`` into a real
DuckDB database and is refused with its Vietnamese message (and cell), or read safely with the exact values.

The files are ingested by one child process, so that a file that hung or aborted the reader (calamine aborts
the whole process when asked for an impossible grid) fails this test instead of killing the test run, and so
that the peak memory of reading them all can be measured. The child reports, for each file, the outcome and
what the database holds for it; the assertions are made here.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import traceback
from datetime import date
from pathlib import Path

from cchc.applicability import Catalog
from cchc.store import db
from etl.reading.files import clean_filename
from etl.reports.ingest import ingest_bytes
from tests.conftest import PROJECT_ROOT
from tests.etl.reading.hostile_files import KINDS, Refused

TODAY = date(2024, 7, 10)
REPORTED_TABLES = ("target_values", "task_progress", "index_scores")
PEAK_MEMORY_MB = 400        # the child's whole life: Python, pandas, DuckDB (about 200 MB), and every file read
GUARD_SECONDS = 300         # only so that a hang ends the test; the files take seconds
MARK = "@@"


def _counts(conn: db.Connection) -> dict[str, int]:
    return {table: db.query_rows(conn, f"SELECT count(*) FROM {table}")[0][0]
            for table in (*REPORTED_TABLES, "submissions")}


def ingest_all(manifest: str, database: str, archive: str) -> None:
    """In the child process: ingest each file of the manifest in turn, print what happened to it, then the peak
    memory. One JSON line each, marked, flushed at once (a hang shows after which file)."""
    conn = db.connect(Path(database))
    catalog = Catalog(conn)   # one snapshot for the whole batch, as `etl ingest` takes
    for item in json.loads(Path(manifest).read_text(encoding="utf-8")):
        before = _counts(conn)
        try:
            result = ingest_bytes(conn, Path(item["path"]).read_bytes(), item["filename"], "tester", Path(archive),
                                  today=TODAY, catalog=catalog)
        except Exception:  # noqa: BLE001 - the test reports it: ingest_bytes must never raise for a bad file
            print(MARK + json.dumps({"id": item["id"], "raised": traceback.format_exc()}), flush=True)
            continue
        sid = result.submission_id
        stored = db.query_rows(conn, "SELECT target_code, numerator, denominator, value, note FROM target_values "
                                     "WHERE submission_id = ? ORDER BY target_code", [sid])
        record = db.query_rows(conn, "SELECT status, filename, archive_path FROM submissions WHERE id = ?", [sid])
        print(MARK + json.dumps({
            "id": item["id"], "status": result.status, "duplicate_of": result.duplicate_of,
            "errors": [[p.cell, p.message] for p in result.problems if p.severity == "error"],
            "stored": {row[0]: list(row[1:]) for row in stored}, "record": record[0] if record else None,
            "before": before, "after": _counts(conn)}, ensure_ascii=False, default=str), flush=True)
    conn.close()
    # VmHWM, the peak resident memory of this process since it started: getrusage's ru_maxrss would also count
    # the parent's memory at the moment it forked this process
    peak_kb = re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1)
    print(MARK + json.dumps({"peak_mb": int(peak_kb) / 1024}), flush=True)


def _check(kind, seen: dict, archive: Path) -> list[str]:
    """What is wrong with what became of one kind of file (nothing: an empty list)."""
    if seen is None:
        return ["never ingested"]
    if "raised" in seen:
        return ["ingest_bytes raised:\n" + seen["raised"]]
    wrong = []
    outcome, record = kind.outcome, seen["record"]
    if seen["duplicate_of"] is not None:
        wrong.append("its bytes were those of another kind")
    if record is None or not Path(record[2]).resolve().is_relative_to(archive.resolve()):
        wrong.append(f"archived outside the archive folder: {record}")
    grew = {t: seen["after"][t] - seen["before"][t] for t in seen["after"]}
    if isinstance(outcome, Refused):
        messages = [(cell, message if outcome.whole else message[:len(outcome.message)]) for cell, message in seen["errors"]]
        if seen["status"] != "rejected" or (outcome.cell, outcome.message) not in messages:
            wrong.append(f"expected refused with {(outcome.cell, outcome.message)}, got {seen['status']}: {seen['errors']}")
        if grew != {"submissions": 1, **{t: 0 for t in REPORTED_TABLES}} or seen["stored"]:
            wrong.append(f"a rejected file wrote more than its submission: {grew}")
    else:
        expected = {code: list(values) for code, values in outcome.rows.items()}
        if seen["status"] != "accepted" or seen["stored"] != expected:
            wrong.append(f"expected accepted with {expected}, got {seen['status']} {seen['errors']} {seen['stored']}")
        if record is not None and record[1] != outcome.filename:
            wrong.append(f"stored under the name {record[1]!r}, not {outcome.filename!r}")
    return wrong


def test_hostile_files_are_refused_or_read_safely(db_path: Path, tmp_path: Path) -> None:
    files, archive = tmp_path / "files", tmp_path / "archive"
    files.mkdir()
    manifest = []
    for number, kind in enumerate(KINDS):
        path = files / f"{number:02d}.bin"
        path.write_bytes(kind.build())
        manifest.append({"id": kind.id, "path": str(path), "filename": kind.filename})
    assert len({kind.id for kind in KINDS}) == len(KINDS) >= 30
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    child = "import sys; from tests.etl.reading.test_hostile_files import ingest_all; ingest_all(*sys.argv[1:])"
    command = [sys.executable, "-c", child, str(tmp_path / "manifest.json"), str(db_path), str(archive)]
    try:
        run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=GUARD_SECONDS,
                             check=False)
        output, ended = run.stdout, f"exit status {run.returncode}: {run.stderr[-3000:]}"
    except subprocess.TimeoutExpired as hung:
        output, ended = (hung.stdout or b"").decode() if isinstance(hung.stdout, bytes) else hung.stdout or "", "hung"
    lines = [json.loads(line[len(MARK):]) for line in output.splitlines() if line.startswith(MARK)]
    seen = {line["id"]: line for line in lines if "id" in line}
    peak = next((line["peak_mb"] for line in lines if "peak_mb" in line), None)
    assert peak is not None, f"the child did not finish ({ended}); last file done: {list(seen)[-1:]}"

    failures = {kind.id: _check(kind, seen.get(kind.id), archive) for kind in KINDS}
    refused = sum(isinstance(kind.outcome, Refused) for kind in KINDS)
    print(f"\n{'kind of hostile file':45} outcome")
    for kind in KINDS:
        outcome = "refused" if isinstance(kind.outcome, Refused) else "read safely"
        print(f"{kind.id:45} {outcome}{'  FAILED' if failures[kind.id] else ''}")
    print(f"kinds tried {len(KINDS)}, refused {refused}, read safely {len(KINDS) - refused}; "
          f"peak memory of the child {peak:.0f} MB")
    assert not any(failures.values()), "\n".join(f"{k}: {w}" for k, found in failures.items() for w in found)
    assert peak < PEAK_MEMORY_MB
    # nothing written but the database and the archive (a zip entry named ../../… was never extracted)
    written = {path.name for path in tmp_path.iterdir() if not path.name.startswith(db_path.name)}
    assert written == {"files", "archive", "manifest.json"}
    assert not Path("/tmp/cchc-zip-slip.sh").exists()


def test_clean_filename() -> None:
    cases = {
        "Báo cáo quý II.xlsx": "Báo cáo quý II.xlsx",
        "../../../etc/passwd": "passwd",
        "C:\\Users\\van.thu\\Desktop\\bao cao.xls": "bao cao.xls",
        "bao\x00cao\x1b[31m.xlsx": "baocao[31m.xlsx",
        "hoa-don-\u202egpj.exe": "hoa-don-gpj.exe",
        "\u2066bao\u2069 \u200bcao.xlsm": "bao cao.xlsm",
        "<script>alert(1)</script>.xlsx": "script_.xlsx",
        "Ba\u0301o ca\u0301o.xlsx": "Báo cáo.xlsx",                   # decomposed: stored composed
        "  .. bao cao ..  .xlsx": "bao cao.xlsx",
        ".xlsx": "tệp không tên.xlsx",
        "": "tệp không tên",
        "/": "tệp không tên",
        "...": "tệp không tên",
        "bao-cao.tar.gz": "bao-cao.tar.gz",
        "bao-cao.khong phai duoi": "bao-cao.khong phai duoi",
        "đ" * 300 + ".xlsx": "đ" * 97 + ".xlsx",                     # 200 bytes at most, the extension kept
        "a" * 300: "a" * 200,
    }
    assert {name: clean_filename(name) for name in cases} == cases
    assert all(len(clean_filename(name).encode()) <= 200 for name in cases)
