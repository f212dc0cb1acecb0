"""A real SMTP server for the tests of the e-mail reminders: aiosmtpd on a free local port, keeping what it
receives; it refuses mail for :data:`REFUSED` (550), as a server does for an address that does not exist. Given a
password, it asks every client to sign in (AUTH LOGIN or PLAIN, without TLS on this local port) and takes only that
password."""
from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

REFUSED = "khong-nhan@hatinh.gov.vn"


class Inbox:
    """What the server received."""

    def __init__(self) -> None:
        self.messages: list = []
        self.logins: list[str] = []      # the user names that signed in

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address == REFUSED:
            return "550 hop thu khong ton tai"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(password: str | None = None) -> Iterator[tuple[Inbox, int]]:
    """The server's inbox and port, while the block runs; with ``password``, signing in with it is required."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()

    def authenticator(server, session, envelope, mechanism, data) -> AuthResult:
        if isinstance(data, LoginPassword) and data.password.decode() == password:
            inbox.logins.append(data.login.decode())
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)
    signing_in = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False} if password else {}
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **signing_in)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
