"""How a mail leaves: over SMTP (WPCOMPAT_SMTP_URL), or only into the log (the default, so that
`make run` and the tests need no mail server).

    smtp://user:password@host:port        plain SMTP (port 25 by default)
    smtp://host:587?starttls=1            STARTTLS before logging in
    smtps://user:password@host:465        TLS from the first byte

smtplib runs in a worker thread: a slow server never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from typing import Protocol

from wpcompat.util.smtp_url import SmtpConfig, parse_smtp_url

log = logging.getLogger("wpcompat.mail")


class TransportError(Exception):
    """The mail could not be handed over (it stays in the outbox and is tried again)."""


class Transport(Protocol):
    async def send(self, raw: bytes, sender: str, recipients: list[str]) -> None: ...


class SmtpTransport:
    def __init__(self, config: SmtpConfig) -> None:
        self.config = config

    def _send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        c = self.config
        context = ssl.create_default_context()
        try:
            if c.tls:
                client: smtplib.SMTP = smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout, context=context)
            else:
                client = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
            with client:
                if c.starttls:
                    client.starttls(context=context)
                if c.username:
                    client.login(c.username, c.password)
                refused = client.sendmail(sender, recipients, raw)
                if refused and len(refused) == len(recipients):
                    raise TransportError(f"every recipient refused: {refused}")
        except (OSError, smtplib.SMTPException) as error:
            raise TransportError(f"{type(error).__name__}: {error}") from error

    async def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        await asyncio.to_thread(self._send, raw, sender, recipients)


class LogTransport:
    """The default: each mail is written to the log (recipient, subject) and counts as sent."""

    async def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        # The Subject only: the headers as written (compat32), its encoded words decoded.
        subject = BytesHeaderParser().parsebytes(raw)["Subject"] or ""
        log.info("mail (log only, no WPCOMPAT_SMTP_URL) to %s: %s", ", ".join(recipients),
                 str(make_header(decode_header(subject))))


def build_transport(smtp_url: str) -> Transport:
    if smtp_url:
        return SmtpTransport(parse_smtp_url(smtp_url))
    if not log.hasHandlers():
        # Nothing configured logging (uvicorn only sets up its own loggers): the log-only mails
        # must still show up, on stderr next to uvicorn's lines.
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return LogTransport()
