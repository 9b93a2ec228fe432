"""The sender: a task (started in the app's lifespan) that hands the outbox's due mails to the
transport, and tries again later, with exponential backoff, when that fails.

Nothing is lost: a mail leaves the outbox only once the server has taken it. A crash or a
restart mid-send leaves the row claimed under a lease; when the lease runs out any instance may
claim it again. Several instances on one database each claim different rows
(wpcompat.storage.mail.claim), so each mail is sent once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from typing import TYPE_CHECKING

from wpcompat.mail.transport import Transport, TransportError, build_transport
from wpcompat.storage import mail as store

if TYPE_CHECKING:
    from settings import Settings
    from wpcompat.storage import Storage

log = logging.getLogger("wpcompat.mail")

# A claimed batch must be sent before its lease runs out, or another instance would send it
# again: BATCH mails × the SMTP timeout (20 s) stays well under the lease.
LEASE_SECONDS = 300
BATCH = 10
MAX_BACKOFF = 3600
# How long a woken sender waits for more mails before its pass.
GATHER_SECONDS = 0.2


def backoff(attempts: int, base: int) -> int:
    """Seconds before attempt number `attempts + 1`: base, 2·base, 4·base … at most an hour."""
    return min(MAX_BACKOFF, base * (2 ** max(0, attempts)))


class MailSender:
    def __init__(self, storage: Storage, settings: Settings, transport: Transport | None = None,
                 poll_seconds: float = 2.0) -> None:
        self.storage = storage
        self.settings = settings
        self.transport = transport or build_transport(settings.smtp_url)
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._wake.set()

    async def send_due(self) -> int:
        """One pass: claim the due mails and send them; returns how many went out."""
        now = int(time.time())
        rows = await store.claim(self.storage, now=now, lease_seconds=LEASE_SECONDS, limit=BATCH)
        sent = 0
        for row in rows:
            raw = str(row["message"]).encode("utf-8")
            # Only the headers, as written (compat32): the envelope needs the addresses of
            # From/Sender, which are ASCII; parsing the parts or the modern header objects
            # cost more than building the mail.
            message = BytesHeaderParser().parsebytes(raw)
            sender = getaddresses([str(message.get("Sender") or message.get("From") or "")])
            envelope_from = sender[0][1] if sender else ""
            recipients = [addr for _, addr in getaddresses([str(row["recipient"])]) if addr]
            try:
                await self.transport.send(raw, envelope_from, recipients)
            except (TransportError, OSError) as error:
                delay = backoff(int(row["attempts"]), self.settings.mail_retry_seconds)
                log.warning("mail %s to %s not sent (%s); next try in %s s", row["id"], row["recipient"], error, delay)
                await store.mark_failed(self.storage, int(row["id"]), str(row["claimed_by"]),
                                        next_attempt=int(time.time()) + delay, error=str(error))
                continue
            await store.mark_sent(self.storage, int(row["id"]), str(row["claimed_by"]), int(time.time()))
            sent += 1
        return sent

    async def run(self) -> None:
        while not self._stopping:
            try:
                while await self.send_due():
                    pass
            except asyncio.CancelledError:
                raise
            except Exception:  # the database went away for a moment: try again at the next poll
                log.exception("mail sender pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
            if self._wake.is_set() and not self._stopping:
                # Woken by a queued mail: the mails queued in the next moments go in the same
                # pass, so a stream of comments costs a claim per batch, not per mail.
                await asyncio.sleep(GATHER_SECONDS)
            self._wake.clear()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run(), name="wpcompat-mail-sender")

    async def stop(self) -> None:
        # A flag as well as the cancellation: a database driver that swallows a cancellation
        # in the middle of a query would otherwise keep the loop polling and the shutdown
        # waiting for it forever (seen on MariaDB). The wait is bounded for the same reason.
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait({self._task}, timeout=10)
            self._task = None
