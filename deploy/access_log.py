"""Which app process nginx sent a route to, read from its access log (``log_format cchc`` of
deploy/nginx-cchc.conf): clients are not told, the operator and the tests read it here."""
from __future__ import annotations

import re
import ssl
import time
import urllib.request
from pathlib import Path

# upstream=127.0.0.1:8601 route=r7 — the end of each line of the cchc format
_LINE = re.compile(r" upstream=(?P<upstream>\S+) route=(?P<route>\S+)$")


def upstreams(log: Path) -> dict[str, str]:
    """Route (the cchc_route cookie) → the address of the app process that answered its last request."""
    found: dict[str, str] = {}
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if match := _LINE.search(line):
            found[match["route"]] = match["upstream"]
    return found


def balanced_routes(url: str, log: Path, processes: int, tls: ssl.SSLContext | None = None,
                    tries: int = 64, timeout: float = 30) -> dict[str, str]:
    """App process address → a route cookie that nginx at ``url`` sends to it, for each of ``processes``.
    Asks with ``tries`` made-up routes, then reads ``log`` (nginx writes each line once it has answered)."""
    routes = [f"r{n}" for n in range(tries)]
    for route in routes:
        request = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"cchc_route={route}"})
        urllib.request.urlopen(request, timeout=10, context=tls).close()
    deadline = time.monotonic() + timeout
    while not set(routes) <= (logged := upstreams(log)).keys():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{log} does not name the routes asked for")
        time.sleep(0.1)
    found = {logged[route]: route for route in reversed(routes)}       # the first route of each process
    if len(found) != processes:
        raise RuntimeError(f"nginx sent {tries} routes to {sorted(found)}, not to {processes} processes")
    return found
