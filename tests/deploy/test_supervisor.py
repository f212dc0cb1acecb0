"""The supervisor with real processes: one that is killed is started again and logged with its exit code; one
that fails at once every time is started again after growing pauses, then given up with a clear message."""
from __future__ import annotations

import signal
import subprocess
import time

import pytest

from deploy.supervisor import GaveUp, Supervisor
from tests.waiting import until


def test_a_killed_process_is_started_again_and_logged(tmp_path):
    supervisor = Supervisor(tmp_path / "supervisor.log")
    try:
        service = supervisor.add("sleeper", lambda: subprocess.Popen(["sleep", "600"], start_new_session=True))
        first = service.process
        assert first is not None
        first.send_signal(signal.SIGKILL)
        first.wait()

        def restarted() -> bool:
            supervisor.check()
            return service.process is not first and service.process is not None
        until(restarted, 30, "the process started again")
        assert service.process.poll() is None
    finally:
        supervisor.stop()
    log = (tmp_path / "supervisor.log").read_text(encoding="utf-8")
    assert "sleeper: đã dừng, mã thoát -9" in log and log.count("sleeper: đã khởi động") == 2


def test_a_process_failing_at_once_is_given_up_after_growing_pauses(tmp_path):
    supervisor = Supervisor(tmp_path / "supervisor.log", give_up=4, first_pause=0.05)
    starts: list[float] = []

    def start() -> subprocess.Popen:
        starts.append(time.monotonic())
        return subprocess.Popen(["false"], start_new_session=True)
    supervisor.add("broken", start)
    try:
        with pytest.raises(GaveUp, match="bỏ cuộc"):
            until(lambda: supervisor.check() or False, 30, "the supervisor gave up")
    finally:
        supervisor.stop()
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    assert len(starts) == 4 and gaps[0] >= 0.05 and gaps[1] >= 0.1 and gaps[2] >= 0.2, gaps
    assert "khởi động lại sau" in (tmp_path / "supervisor.log").read_text(encoding="utf-8")
