"""A real SMTP server for tests (aiosmtpd, on a port the system gives it), recording what it
accepts; and the helpers the outbox's tests share.

It can be told to refuse for a while ("451 try again later"), to refuse an address for good, to
want a sign-in (a user and password), to refuse the sender, or to hold one recipient's message
half-way (before the message itself is sent, or after it is taken and before the sender hears
so) until released, so that a test can stop the sender at that moment.
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
from aiosmtpd.smtp import AuthResult, LoginPassword


class RecordingHandler:
    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.refuse_next = 0  # this many messages are refused with 451, then all accepted
        self.refused = 0
        self.unknown_addresses: set[str] = set()  # refused for good (550)
        self.allowed_senders: set[str] | None = None  # others refused (553)
        self.hold_address = ""  # a message to this address waits at RCPT until released
        # A message to this address is taken, then the "250 accepted" waits until released.
        self.hold_accepted = ""
        self.holding = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.allowed_senders is not None and address not in self.allowed_senders:
            return "553 5.7.1 Sender address rejected: not owned by user"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

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
        if self.hold_accepted in envelope.rcpt_tos and not self.release.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
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


class _AnyPortController(Controller):
    """Listens on a port the system chooses (port 0), and reads back which: no other process
    can take it between choosing and listening."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.handler = RecordingHandler()
        self.login = login
        extra: dict[str, Any] = {}
        if login is not None:
            extra = {
                "authenticator": self._authenticate,
                "auth_required": True,
                "auth_require_tls": False,
            }
        self.controller = _AnyPortController(self.handler, hostname="127.0.0.1", port=0, **extra)

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and self.login == (
            data.login.decode(),
            data.password.decode(),
        )
        return AuthResult(success=ok, handled=False)

    @property
    def port(self) -> int:
        return self.controller.port

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.handler.release.set()
        self.controller.stop()


class ClosedPort:
    """A local port held by this process with nobody listening: connecting is refused."""

    def __enter__(self) -> int:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        return self.socket.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        self.socket.close()


def use_server(settings: Any, server: SmtpServer) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 10
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.CAREREVIEW_EMAIL_CHANNEL = "smtp"


def work_the_queue() -> None:
    """What `carereview db_worker --batch` does: run every task that is ready, then stop."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
