"""The cluster's copy of the nginx site: both servers get this set-up's ports, certificate and log, and Debian's
nginx accepts the result (`nginx -t`). The browser test tests/browser/test_cluster.py runs it for real, with a
certificate of its own; here the trial's self-signed one, which must not pin HTTPS for localhost (HSTS)."""
from __future__ import annotations

import shutil
import socket
import subprocess

from deploy.cluster import free_ports, nginx_config
from deploy.tls import self_signed


def test_the_trial_site_has_both_servers_and_nginx_accepts_it(tmp_path):
    tls = self_signed(tmp_path / "tls")
    (tmp_path / "nginx.conf").write_text(nginx_config(tmp_path, tmp_path, 1080, 1443, [1601, 1602], tls, trial=True),
                                         encoding="utf-8")
    site = (tmp_path / "cchc.conf").read_text(encoding="utf-8")
    for line in ("listen 1080;", "listen 1443 ssl;", "return 301 https://$host:1443$request_uri;",
                 "server 127.0.0.1:1601;", "server 127.0.0.1:1602;", f"ssl_certificate {tls[0]};",
                 f"ssl_certificate_key {tls[1]};", '"max-age=0"'):
        assert line in site, line
    assert site.count(f"access_log {tmp_path}/nginx-access.log cchc;") == 2
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    checked = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                              "-e", str(tmp_path / "error.log")], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr


def test_the_app_processes_get_consecutive_free_ports_below_the_outgoing_range():
    # the ports after a free one may be any outgoing connection's in the system's range (32768 and up): the second
    # app process of a test cluster once found its port taken
    first = free_ports(3)
    assert 20000 <= first and first + 2 < 32768
    for port in range(first, first + 3):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
