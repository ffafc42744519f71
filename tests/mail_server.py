"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the mail tests: it collects messages, and
can stall every message at DATA until the test releases it (a mail server that hangs)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(
        self,
        stall: bool = False,
        on_message: Callable[[EmailMessage], Any] | None = None,
        keep: Callable[[EmailMessage], bool] | None = None,
    ) -> None:
        self.stall = stall
        self.on_message = on_message
        self.keep = keep  # accepted but not collected when it says False
        self.messages: list[EmailMessage] = []
        self.seen: list[Any] = []  # what on_message returned, per message
        self.stalled = threading.Event()  # a message reached DATA and is being held
        self.release = threading.Event()
        self.arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.stall:
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        message = message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        if self.keep is not None and not self.keep(message):
            return "250 Message accepted for delivery"
        if self.on_message is not None:
            self.seen.append(
                await asyncio.get_running_loop().run_in_executor(None, self.on_message, message)
            )
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float) -> list[EmailMessage]:
        """The messages once `count` arrived (fewer if the guard time passed first)."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
            return list(self.messages)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_server(mailbox: Mailbox) -> Iterator[int]:
    """Serve `mailbox` on a free port of 127.0.0.1; yields the port."""
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        mailbox.release.set()
        controller.stop()
