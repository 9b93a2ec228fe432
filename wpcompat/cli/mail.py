"""`wpcompat mail list|retry|test`: the outbox seen from the command line.

    wpcompat mail list [--status pending|sent] [--limit N]   newest first
    wpcompat mail retry [ID …]                                make pending mails due now
    wpcompat mail test ADDRESS                                send one mail through the transport now
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any

from settings import Settings
from wpcompat.mail.compose import Mail, build, wire
from wpcompat.mail.transport import TransportError, build_transport
from wpcompat.storage import Storage
from wpcompat.storage import mail as store


def register(sub: Any) -> None:
    from wpcompat.cli.base import with_storage

    mail = sub.add_parser("mail", help="the mail outbox: list, retry, send a test mail")
    actions = mail.add_subparsers(dest="action", metavar="ACTION", required=True)
    list_ = actions.add_parser("list", help="mails in the outbox, newest first")
    list_.add_argument("--status", choices=(store.PENDING, store.SENT), help="only mails in this state")
    list_.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    list_.set_defaults(handler=with_storage(_list))
    retry = actions.add_parser("retry", help="send pending mails at the next pass (all, or these ids)")
    retry.add_argument("ids", nargs="*", type=int, help="outbox ids (default: every pending mail)")
    retry.set_defaults(handler=with_storage(_retry))
    test = actions.add_parser("test", help="send a test mail now through WPCOMPAT_SMTP_URL (or the log)")
    test.add_argument("address", help="recipient")
    test.set_defaults(handler=_test)


def _when(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if epoch else "-"


async def _list(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    rows = await store.list_mail(storage, status=args.status, limit=max(1, args.limit))
    table = [["ID", "status", "kind", "to", "subject", "attempts", "created (UTC)", "next try / sent", "last error"]]
    for r in rows:
        when = _when(int(r["sent"])) if r["status"] == store.SENT else _when(int(r["next_attempt"]))
        table.append([str(r["id"]), r["status"], r["kind"], r["recipient"], r["subject"][:60], str(r["attempts"]),
                      _when(int(r["created"])), when, (r["last_error"] or "")[:60]])
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    return 0


async def _retry(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    n = await store.retry_now(storage, args.ids or None, int(time.time()))
    print(f"Success: {n} pending mail(s) will be sent at the server's next pass.")
    return 0


def _test(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from wpcompat.cli.base import CommandError
    from wpcompat.mail.compose import from_address

    mail = Mail(kind="test", to=args.address, subject="wpcompat: test mail",
                lines=[f"This test mail was sent by wpcompat for {settings.site_url}."])
    try:
        raw = wire(build(mail, settings, "en")).encode("ascii")
    except ValueError as error:
        raise CommandError(f"the mail could not be built: {error}") from None
    transport = build_transport(settings.smtp_url)
    try:
        asyncio.run(transport.send(raw, from_address(settings), [args.address]))
    except TransportError as error:
        raise CommandError(f"the mail could not be sent: {error}") from None
    where = "the SMTP server" if settings.smtp_url else "the log (no WPCOMPAT_SMTP_URL)"
    print(f"Success: a test mail to {args.address} was handed to {where}.")
    return 0
