"""Start the dashboard as a deployment on one machine: PostgreSQL, several app processes, nginx in front.

    python -m deploy.cluster --pgdata /srv/cchc/postgres --archive /srv/cchc/archive
    python -m deploy.cluster --db postgresql://cchc@dbhost/cchc --archive /mnt/cchc-archive --processes 4

- The database: ``--db`` names a PostgreSQL server that runs already; otherwise ``--pgdata`` is a folder
  where a server of Debian's ``postgresql`` package is created (``initdb``, first time only) and started,
  reached by a Unix socket in that folder.
- ``python -m etl init`` brings the schema and catalogs up to date (``--demo``: with the sample data).
- One Streamlit process per core (``--processes``), on ports from ``--first-app-port``, all with the same
  database, archive folder (``--archive``, shared by every process) and cookie secret.
- Debian's nginx with ``deploy/nginx-cchc.conf``: HTTPS on ``--https-port`` with the certificate and key of
  ``--tls-cert`` and ``--tls-key``, plain HTTP on ``--port`` sending browsers there; each browser stays on one
  process. Without a certificate it makes a self-signed one for this machine, for a trial (browsers warn).

It prints the address when everything answers, and stops all it started on Ctrl+C or SIGTERM. A process that
ends (an app process, nginx, or the ``--pgdata`` server) is started again the same way, after a pause when it
keeps failing at once; after a few failures in a row everything stops (:mod:`deploy.supervisor`). Logs are in
``--run-dir`` (a new temporary folder unless given): each process's output, and ``supervisor.log`` with every
start and end.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import grp
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from deploy.postgres import LocalPostgres
from deploy.supervisor import GaveUp, Supervisor
from deploy.tls import self_signed

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SITE_CONFIG = Path(__file__).resolve().parent / "nginx-cchc.conf"
DATABASE = "cchc"


def nginx_config(run: Path, scratch: Path, port: int, https_port: int, app_ports: list[int],
                 tls: tuple[Path, Path], trial: bool = False) -> str:
    """The shipped site config with this set-up's ports (plain HTTP, HTTPS), app processes, certificate and key
    (``tls``) and access log (``nginx-access.log`` in ``run``), inside a main config of its own. ``scratch`` holds
    the files nginx's workers write (uploads on their way to an app process). ``trial``: the certificate is
    this machine's self-signed one."""
    site = SITE_CONFIG.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in app_ports)
    site = re.sub(r"(# app processes: begin\n).*?(\s*# app processes: end)", lambda m: m.group(1) + servers.rstrip("\n")
                  + m.group(2), site, flags=re.S)
    site = re.sub(r"listen \d+;", f"listen {port};", site)
    site = re.sub(r"listen \d+ ssl;", f"listen {https_port} ssl;", site)
    site = site.replace("https://$host$request_uri", f"https://$host:{https_port}$request_uri")
    site = re.sub(r"ssl_certificate \S+;", f"ssl_certificate {tls[0]};", site)
    site = re.sub(r"ssl_certificate_key \S+;", f"ssl_certificate_key {tls[1]};", site)
    site = re.sub(r"access_log \S+ cchc;", f"access_log {run}/nginx-access.log cchc;", site)
    if trial:   # a browser keeps HSTS for the name (localhost), whatever the port: a trial must not pin it
        site = re.sub(r"max-age=\d+", "max-age=0", site)
    (run / "cchc.conf").write_text(site, encoding="utf-8")
    user = ""
    if os.getuid() == 0:      # nginx started by root runs its workers as nobody
        entry = pwd.getpwnam("nobody")
        user = f"user nobody {grp.getgrgid(entry.pw_gid).gr_name};\n"
    return (f"{user}worker_processes 1;\ndaemon off;\npid {run}/nginx.pid;\nerror_log {run}/nginx-error.log;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n  access_log {run}/nginx-access.log;\n  client_body_temp_path {scratch}/body;\n"
            f"  proxy_temp_path {scratch}/proxy;\n  include {run}/cchc.conf;\n}}\n")


def free_port() -> int:
    """A TCP port of this machine that nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive TCP ports that nobody listens on now, for the app processes (which take
    the ports after ``--first-app-port``). They are taken below Linux's range of ports for outgoing connections
    (32768 and up), where the system gives a port to any connection and the port after a free one may be taken."""
    for _ in range(200):
        first = secrets.randbelow(32768 - 20000 - count) + 20000
        try:
            with contextlib.ExitStack() as held:
                for port in range(first, first + count):
                    held.enter_context(socket.socket()).bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError(f"no {count} consecutive free ports between 20000 and 32767")


def wait_until_up(url: str, processes: list[subprocess.Popen], timeout: float = 120,
                  tls: ssl.SSLContext | None = None) -> None:
    """Wait until ``url`` answers (each started process still running), or fail. ``tls``: how an https
    address's certificate is checked (default: as the system trusts)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2, context=tls)
            return
        except OSError:
            ended = [p.args for p in processes if p.poll() is not None]
            if ended or time.monotonic() > deadline:
                raise RuntimeError(f"{url} không phản hồi / did not answer; stopped: {ended}") from None
            time.sleep(0.2)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m deploy.cluster", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", help="PostgreSQL đang chạy: postgresql://…")
    where.add_argument("--pgdata", type=Path, help="thư mục của máy chủ PostgreSQL do lệnh này tạo và chạy")
    parser.add_argument("--archive", type=Path, required=True, help="thư mục lưu tệp đã nhận, dùng chung")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="số tiến trình ứng dụng")
    parser.add_argument("--port", type=int, default=8080, help="cổng HTTP của nginx (chuyển sang HTTPS)")
    parser.add_argument("--https-port", type=int, default=8443, help="cổng HTTPS của nginx")
    parser.add_argument("--tls-cert", type=Path, help="chứng thư số (PEM, kèm chứng thư trung gian)")
    parser.add_argument("--tls-key", type=Path, help="khóa riêng của chứng thư số (PEM)")
    parser.add_argument("--first-app-port", type=int, default=8601, help="cổng của tiến trình ứng dụng đầu tiên")
    parser.add_argument("--demo", action="store_true", help="nạp dữ liệu mẫu (chỉ để thử)")
    parser.add_argument("--run-dir", type=Path, help="thư mục nhật ký và cấu hình nginx")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert và --tls-key phải đi cùng nhau")
    run = (args.run_dir or Path(tempfile.mkdtemp(prefix="cchc-cluster-"))).resolve()
    run.mkdir(parents=True, exist_ok=True)
    args.archive.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))     # stop as on Ctrl+C: the finally below runs
    supervisor = Supervisor(run / "supervisor.log")
    scratch: Path | None = None
    try:
        if args.db:
            url = args.db
        else:
            server = LocalPostgres(args.pgdata)
            # restarted like the others: the same folder and socket, so the apps' pools reconnect by themselves
            supervisor.add("postgresql", lambda: _started(server.start()), stop_signal=signal.SIGINT)
            url = server.ensure_database(DATABASE)
        init = [sys.executable, "-m", "etl", "init", "--db", url, *(["--demo"] if args.demo else [])]
        subprocess.run(init, cwd=PROJECT_ROOT, check=True)
        env = {**os.environ, "CCHC_DB": url, "CCHC_ARCHIVE": str(args.archive.resolve()),
               "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))}
        app_ports = [args.first_app_port + n for n in range(args.processes)]
        for n, port in enumerate(app_ports, 1):
            supervisor.add(f"app-{n} (cổng {port})", functools.partial(_start_app, port, env, run / f"app-{n}.log"))
        for port in app_ports:
            wait_until_up(f"http://127.0.0.1:{port}/_stcore/health", supervisor.processes())
        # the workers' scratch folder directly under /tmp: run by root they are nobody, who may not enter the
        # run folder's parents
        scratch = Path(tempfile.mkdtemp(prefix="cchc-nginx-"))
        for folder in (scratch, scratch / "body", scratch / "proxy"):
            folder.mkdir(exist_ok=True)
            if os.getuid() == 0:
                shutil.chown(folder, "nobody")
        trial = args.tls_cert is None
        tls = self_signed(run / "tls") if trial else (args.tls_cert.resolve(), args.tls_key.resolve())
        (run / "nginx.conf").write_text(nginx_config(run, scratch, args.port, args.https_port, app_ports, tls, trial),
                                        encoding="utf-8")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        supervisor.add("nginx", lambda: subprocess.Popen(
            [nginx, "-e", str(run / "nginx-error.log"), "-p", str(run), "-c", str(run / "nginx.conf")], cwd=run,
            start_new_session=True))
        # whether nginx answers, whatever name the certificate gives (the office's: not 127.0.0.1)
        answers = ssl.create_default_context()
        answers.check_hostname, answers.verify_mode = False, ssl.CERT_NONE
        wait_until_up(f"https://127.0.0.1:{args.https_port}/_stcore/health", supervisor.processes(), tls=answers)
        print(f"Sẵn sàng / ready: https://localhost:{args.https_port} — {len(app_ports)} tiến trình ứng dụng "
              f"(cổng {', '.join(map(str, app_ports))}), nhật ký trong {run}. Ctrl+C để dừng.", flush=True)
        if trial:
            print("Chứng thư tự ký, chỉ để thử: trình duyệt sẽ cảnh báo. Khi triển khai thật dùng --tls-cert và "
                  "--tls-key (README).", flush=True)
        while True:         # a process that ends is started again (deploy.supervisor), until one keeps failing
            supervisor.check()
            time.sleep(0.5)
    except GaveUp:
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        supervisor.stop()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def _start_app(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """One Streamlit process of the app on ``port``; its output appended to ``log`` (kept across restarts)."""
    with log.open("ab") as out:       # the child holds its own copy of the file
        return subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _started(server: LocalPostgres) -> subprocess.Popen:
    assert server.process is not None       # start() has just set it
    return server.process


if __name__ == "__main__":
    sys.exit(main())
