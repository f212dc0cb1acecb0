"""A real SMTP server for the tests of the e-mail reminders: aiosmtpd on a free local port, keeping what it
receives; it refuses mail for :data:`REFUSED` (550), as a server does for an address that does not exist."""
from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

REFUSED = "khong-nhan@hatinh.gov.vn"


class Inbox:
    """What the server received."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address == REFUSED:
            return "550 hop thu khong ton tai"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """The server's inbox and port, while the block runs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
