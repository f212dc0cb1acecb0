"""A process that has imported the command line once and forks a copy of itself for each command it is sent:
the crash trials start a batch ingest at once, and kill it (SIGKILL) at the moment they choose.

Run as ``python -m tests.etl.forking``. Protocol on stdin/stdout, one line each: the test sends a command's
arguments and environment variables as JSON (``{"args": [...], "env": {...}}``); this process answers the child's pid, then, once the child has ended (by itself or killed)
and has been reaped, its wait status. The child's own output goes to /dev/null.

Not multiprocessing: its children run the parent's ``__main__`` again, and inside pytest that can be a page
script that an AppTest test left there.
"""
from __future__ import annotations

import json
import os
import sys

from etl.cli import main


def serve() -> None:
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            os.environ.update(command["env"])
            os._exit(main(command["args"]))
        print(pid, flush=True)
        print(os.waitpid(pid, 0)[1], flush=True)


if __name__ == "__main__":
    serve()
