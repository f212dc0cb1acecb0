"""`make run`'s sample data, loaded by the app in the background, and the banner on every page meanwhile."""
import threading
import time

import pytest

from cchc.store import db
from etl.sample.reports import COMPLETE, loaded_files, sample_state
from tests.etl.sample.test_reports import exports, stop_before_the_last
from tests.pages.conftest import signed_in_app
from web import sample


def wait_until(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def unfinished(demo_path):
    """The sample database with its last files not loaded yet, as after `init --demo --background`."""
    conn = db.connect(demo_path)
    try:
        whole = exports(conn)
        stop_before_the_last(conn, 6)
    finally:
        conn.close()
    yield demo_path, whole
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
