"""`wpcompat cache install|remove|status`: the change log that keeps the response cache true.

A site whose tables wpcompat made has the log from the start. On WordPress's own database
served in place the triggers are added only by `install` (docs/cache.md): they are the one
thing wpcompat adds to WordPress's tables, and without them no answer is cached.
"""

from __future__ import annotations

import argparse
from typing import Any

from settings import Settings
from wpcompat.cli.base import with_storage
from wpcompat.storage import Storage, changes


def register(sub: Any) -> None:
    parser = sub.add_parser("cache", help="the response cache's change log (triggers)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("install", help="create the change log and its triggers").set_defaults(
        handler=with_storage(_install))
    actions.add_parser("remove", help="drop the triggers and the log (no cache afterwards)").set_defaults(
        handler=with_storage(_remove))
    actions.add_parser("status", help="whether the log is complete, and its clock").set_defaults(
        handler=with_storage(_status))  # fmt: skip


async def _install(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    created = await changes.install(storage)
    print(f"Success: created {len(created)} of the change log's tables and triggers." if created
          else "Success: the change log was already complete.")  # fmt: skip
    return 0


async def _remove(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    dropped = await changes.uninstall(storage)
    print(f"Success: dropped {len(dropped)} triggers and the change log.")
    return 0


async def _status(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    if not await changes.installed(storage):
        print("not installed: anonymous answers are not cached (wpcompat cache install)")
        return 1
    seq, epoch = await changes.read_clock(storage)
    print(f"installed: clock {seq}, epoch {epoch}")
    return 0
