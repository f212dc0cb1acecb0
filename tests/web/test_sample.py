"""`make run`'s sample data, loaded by the app in the background, and the banner on every page meanwhile."""
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from cchc.store import db
from etl.sample.reports import COMPLETE, loaded_files, sample_state
from tests.conftest import PROJECT_ROOT
from tests.etl.sample.test_reports import exports, stop_before_the_last
from tests.pages.conftest import signed_in_app
from web import sample


def wait_until(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def unload_the_last(path, files: int) -> dict:
    """Take the sample's last ``files`` files out of the database at ``path``, as after `init --demo --background`
    stopped before them; what the whole sample holds (:func:`exports`)."""
    conn = db.connect(path)
    try:
        whole = exports(conn)
        stop_before_the_last(conn, files)
    finally:
        conn.close()
    return whole


@pytest.fixture
def unfinished(demo_path):
    """The sample database with its last files not loaded yet, as after `init --demo --background`."""
    yield demo_path, unload_the_last(demo_path, 6)
    sample._loads.pop(str(demo_path), None)


def test_the_app_loads_the_rest_in_the_background(unfinished):
    path, whole = unfinished
    from web.database import database

    conn = database(str(path))               # the app's connection: opening it starts the load
    progress = sample._loads[str(path)]
    wait_until(lambda: progress.finished)
    assert not progress.failed and progress.done == progress.total == loaded_files(conn)
    assert sample_state(conn) == COMPLETE and exports(conn)["submissions"] == whole["submissions"]


def test_every_page_says_how_far_it_is(unfinished, monkeypatch):
    from web.database import database

    path, _ = unfinished
    halfway, release = threading.Event(), threading.Event()

    def slow(conn, archive, progress):       # a load that waits for the test, a third of the way
        progress(10, 30)
        halfway.set()
        release.wait(60)
        progress(30, 30)

    monkeypatch.setattr(sample, "create_demo", slow)
    database(str(path))                      # the app starts: so does the load
    assert halfway.wait(60)
    at = signed_in_app(path)
    assert "Đang nạp dữ liệu mẫu: 10/30 tệp báo cáo (33%)" in [i.value for i in at.info][0]
    release.set()
    wait_until(lambda: sample._loads[str(path)].finished)
    at.run()
    assert not [i.value for i in at.info if "Đang nạp" in i.value]


def test_an_app_stopped_while_loading_exits_cleanly_and_resumes_later(demo_path):
    """Ctrl+C on `make run` while the sample loads: the process ended with "terminate called after throwing an
    instance of ''" (the loading thread stopped inside DuckDB by the interpreter's exit). It now ends the load
    after the file in hand and exits normally; the next start loads the rest."""
    whole = unload_the_last(demo_path, 80)
    app = textwrap.dedent(f"""
        import time
        from web import sample
        from web.database import database
        database({str(demo_path)!r})                  # the app's first page: the load starts
        progress = sample._loads[{str(demo_path)!r}]
        deadline = time.monotonic() + 120
        while (progress.total == 0 or progress.done <= progress.total - 80) and time.monotonic() < deadline:
            time.sleep(0.01)        # polls, with a deadline: the loading thread sets no event to wait on
        print("loading", progress.done, progress.total, flush=True)
    """)     # ... and the interpreter exits, as after Ctrl+C
    ended = subprocess.run([sys.executable, "-c", app], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert ended.returncode == 0, ended.stderr[-2000:]
    assert "terminate called" not in ended.stderr and ended.stdout.startswith("loading")
    conn = db.connect(demo_path)
    try:
        assert sample_state(conn) != COMPLETE          # stopped part way; what is in is whole files
    finally:
        conn.close()
    from web.database import database

    conn = database(str(demo_path))                    # the next start
    wait_until(lambda: sample._loads[str(demo_path)].finished)
    assert sample_state(conn) == COMPLETE and exports(conn)["submissions"] == whole["submissions"]
    sample._loads.pop(str(demo_path), None)
