"""Keep the deployment's processes running: one that ends is started again the same way, and each start and
end is logged.

``deploy.cluster`` hands every process it starts (the app processes, nginx, its own PostgreSQL server) to a
:class:`Supervisor`. When one ends, the event goes to stderr and to the run folder's ``supervisor.log`` with the
time and the exit code, and the process is started again: at once after a healthy run, else after a pause
that doubles with each quick failure (1, 2, 4 … up to 30 s), so that a process that dies at once every time does not spin. After ``GIVE_UP`` quick
failures in a row the supervisor gives up and says why; the cluster then stops everything. A run that lasted
``QUICK`` seconds or more counts as healthy and clears the count.

Each process gets a process group of its own; before a restart what is left of the group is killed (nginx's
workers outlive a killed master and would keep its port), and ``stop`` ends the groups in reverse order.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

QUICK = 30.0        # seconds: a process that ends sooner failed "at once"
GIVE_UP = 5         # quick failures in a row before the supervisor gives up
FIRST_PAUSE = 1.0   # seconds before the restart that follows a quick failure; doubled with each one
MAX_PAUSE = 30.0    # seconds: the longest pause before a restart


@dataclass
class Service:
    """A process to keep running: ``start`` starts it (in a new session) and returns it."""

    name: str
    start: Callable[[], subprocess.Popen]
    stop_signal: int = signal.SIGTERM    # PostgreSQL's fast shutdown is SIGINT (SIGTERM waits for every client)
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    quick_failures: int = 0
    restart_at: float | None = None      # when it is due to start again, after its pause


class GaveUp(RuntimeError):
    """A process failed at once too many times in a row."""


class Supervisor:
    """The deployment's processes, started in order, restarted when they end (see the module's docstring)."""

    def __init__(self, log: Path, give_up: int = GIVE_UP, first_pause: float = FIRST_PAUSE) -> None:
        self.log = log
        self.give_up, self.first_pause = give_up, first_pause
        self.services: list[Service] = []

    def say(self, message: str) -> None:
        """A timestamped line to stderr and to the log."""
        line = f"{datetime.now().isoformat(sep=' ', timespec='seconds')} {message}"
        print(line, file=sys.stderr, flush=True)
        with self.log.open("a", encoding="utf-8") as out:
            out.write(line + "\n")

    def add(self, name: str, start: Callable[[], subprocess.Popen], stop_signal: int = signal.SIGTERM) -> Service:
        """Start a process now (a failure raises: the deployment does not come up) and keep it running from the
        next :meth:`check` on."""
        service = Service(name, start, stop_signal)
        self.services.append(service)
        self._start(service, first=True)
        return service

    def processes(self) -> list[subprocess.Popen]:
        """The processes running now (or last run, for one waiting to start again)."""
        return [service.process for service in self.services if service.process is not None]

    def _start(self, service: Service, first: bool = False) -> None:
        service.started_at = time.monotonic()
        service.restart_at = None
        try:
            service.process = service.start()
        except Exception as failed:  # noqa: BLE001 - a restart that fails is one more failure, logged, not a crash
            if first:
                raise
            self._failed(service, f"không khởi động được / could not start: {failed}")
            return
        self.say(f"{service.name}: đã khởi động, pid {service.process.pid} / started, pid {service.process.pid}")

    def _failed(self, service: Service, what: str) -> None:
        """Count a failure, then give up or schedule the restart after its pause."""
        ran = time.monotonic() - service.started_at
        service.quick_failures = service.quick_failures + 1 if ran < QUICK else 0
        if service.quick_failures >= self.give_up:
            message = (f"{service.name}: {what}; dừng ngay sau khi khởi động {self.give_up} lần liền, bỏ cuộc — xem "
                       f"nhật ký trong {self.log.parent} / failed at once {self.give_up} times in a row, giving up")
            self.say(message)
            raise GaveUp(message)
        pause = min(self.first_pause * 2 ** (service.quick_failures - 1), MAX_PAUSE) if service.quick_failures else 0.0
        self.say(f"{service.name}: {what}, sau {ran:.0f} giây; khởi động lại sau {pause:.0f} giây / after {ran:.0f} s; "
                 f"restarting in {pause:.0f} s")
        service.restart_at = time.monotonic() + pause

    def check(self) -> None:
        """Note the processes that ended and start again those whose pause is over; raises :class:`GaveUp`."""
        for service in self.services:
            process = service.process
            if service.restart_at is None and process is not None and process.poll() is not None:
                _kill_group(process)
                self._failed(service, f"đã dừng, mã thoát {process.returncode} / ended with exit code "
                                      f"{process.returncode}")
            if service.restart_at is not None and time.monotonic() >= service.restart_at:
                self._start(service)

    def stop(self, timeout: float = 20) -> None:
        """End every process, the last started first (nginx before the apps, the apps before the database)."""
        for service in reversed(self.services):
            if service.process is not None and service.process.poll() is None:
                service.process.send_signal(service.stop_signal)
        for service in reversed(self.services):
            if service.process is None:
                continue
            try:
                service.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                service.process.kill()
                service.process.wait()
            _kill_group(service.process)


def _kill_group(process: subprocess.Popen) -> None:
    """Kill what is left of an ended process's group (its own children)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass        # nothing left
