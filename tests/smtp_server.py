"""A real SMTP server for tests (aiosmtpd, on a free local port), recording what it accepts.

It can be told to refuse for a while ("451 try again later"), to refuse an address for good, or
to hold one recipient's message half-way (before the message itself is sent) until released, so
that a test can stop the sender at that moment.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.refuse_next = 0  # this many messages are refused with 451, then all accepted
        self.refused = 0
        self.unknown_addresses: set[str] = set()  # refused for good (550)
        self.hold_address = ""  # a message to this address waits at RCPT until released
        self.holding = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.unknown_addresses:
            return "550 5.1.1 No such user here"
        if address == self.hold_address and not self.release.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "421 4.3.0 Closing"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                self.refused += 1
                return "451 4.3.0 Mail server busy, try again later"
            self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 Accepted"

    def ids(self) -> Counter[str]:
        """How many times each Message-ID arrived."""
        return Counter(str(message["Message-ID"]) for message in self.received)

    def to(self) -> list[str]:
        return [str(message["To"]) for message in self.received]

    def wait_for(self, count: int, timeout: float = 60) -> None:
        """Wait (polling) until the server has accepted `count` messages."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(self.received)} of {count} messages arrived")
            time.sleep(0.05)


class SmtpServer:
    def __init__(self) -> None:
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.handler.release.set()
        self.controller.stop()
