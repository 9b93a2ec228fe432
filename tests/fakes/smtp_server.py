"""A real SMTP server for the tests (aiosmtpd), on 127.0.0.1, that keeps what it receives.

It can be stopped and started again on the same port, to show that mail waits in the outbox
while the server is down and goes out, once, when it is back.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return str(body.get_content())


@dataclass
class SmtpSink:
    port: int = 0
    received: list[Received] = field(default_factory=list)
    _controller: Controller | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's hook
        message = message_from_bytes(envelope.content, policy=default)
        with self._lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        if not self.port:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def wait_for(self, count: int, timeout: float = 15.0) -> list[Received]:
        """Block until at least `count` mails arrived (then a short settle for extras)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    break
            time.sleep(0.05)
        time.sleep(0.3)
        with self._lock:
            got = list(self.received)
        assert len(got) >= count, f"{len(got)} mail(s) arrived, {count} expected: {[m.subject for m in got]}"
        return got

    def take(self, count: int, timeout: float = 15.0) -> list[Received]:
        """Wait for exactly `count` new mails and remove them from the list."""
        got = self.wait_for(count, timeout)
        assert len(got) == count, f"{len(got)} mail(s) arrived, {count} expected: {[m.subject for m in got]}"
        with self._lock:
            del self.received[:count]
        return got
