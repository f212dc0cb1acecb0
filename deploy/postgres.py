"""A PostgreSQL server of Debian's package in a folder of its own, reached by a Unix socket.

The cluster script uses it to start a one-machine set-up, and the tests start a throwaway server with it:
``initdb`` into a folder, a socket in that folder, no TCP port. PostgreSQL refuses to run as root, so
when started by root the server runs as an unprivileged account (``nobody`` unless told otherwise).
"""
from __future__ import annotations

import os
import pwd
import signal
import subprocess
import time
from pathlib import Path

from cchc.store import db
from cchc.store.programs import binary

SUPERUSER = "cchc"


class LocalPostgres:
    """A server whose data and socket live in ``folder``; ``url(name)`` names one of its databases."""

    def __init__(self, folder: Path, account: str = "nobody", fast: bool = False) -> None:
        self.fast = fast     # no fsync: for tests and benches only, a crash may lose the data
        self.folder = Path(folder).resolve()
        self.data = self.folder / "data"
        self.socket_dir = self.folder / "socket"
        self.account = account if os.getuid() == 0 else None
        self.process: subprocess.Popen | None = None

    def _run_as(self) -> dict:
        if self.account is None:
            return {}
        entry = pwd.getpwnam(self.account)
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def _own(self, path: Path) -> None:
        if self.account is not None:
            entry = pwd.getpwnam(self.account)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def start(self, timeout: float = 60) -> LocalPostgres:
        """initdb if the folder is new, then start the server and wait until it takes connections."""
        for path in (self.folder, self.socket_dir):
            path.mkdir(parents=True, exist_ok=True)
            self._own(path)
        if not (self.data / "PG_VERSION").exists():
            self.data.mkdir(exist_ok=True)
            self._own(self.data)
            made = subprocess.run([binary("initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                                   "--encoding=UTF8", "--locale=C.UTF-8", *(["--no-sync"] if self.fast else [])],
                                  capture_output=True, text=True, **self._run_as())
            if made.returncode:
                raise RuntimeError(f"initdb failed: {made.stderr.strip()}")
        log = open(self.folder / "server.log", "ab")
        self.process = subprocess.Popen(
            [binary("postgres"), "-D", str(self.data), "-k", str(self.socket_dir), "-c", "listen_addresses=",
             "-c", "max_connections=200", *(["-c", "fsync=off"] if self.fast else [])],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **self._run_as())
        deadline = time.monotonic() + timeout
        while subprocess.run([binary("pg_isready"), "-q", "-h", str(self.socket_dir), "-U", SUPERUSER]).returncode:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not start: " + (self.folder / "server.log").read_text()[-2000:])
            time.sleep(0.1)
        return self

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database (optionally a copy of ``template``); returns its URL. Names come from code."""
        db.check_identifiers(name, *([template] if template else []))
        conn = db.connect(self.url())      # autocommit, as CREATE DATABASE needs
        try:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        finally:
            conn.close()
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Remove the database ``name`` (nobody may be connected to it)."""
        db.check_identifiers(name)
        conn = db.connect(self.url())
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        finally:
            conn.close()

    def ensure_database(self, name: str) -> str:
        """The database ``name``, created if missing; returns its URL."""
        conn = db.connect(self.url())
        try:
            exists = db.query_rows(conn, "SELECT 1 FROM pg_database WHERE datname = ?", [name])
        finally:
            conn.close()
        return self.url(name) if exists else self.create_database(name)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)     # "fast" shutdown; SIGTERM ("smart") waits for every client
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
