"""What every command family shares: the error a command reports, and running with the site's storage open."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable

from settings import Settings
from wpcompat.storage import Storage, open_storage


class CommandError(Exception):
    """An expected failure of a command: printed as one line, exit status 1."""


StorageHandler = Callable[[Storage, Settings, argparse.Namespace], Awaitable[int]]


def with_storage(handler: StorageHandler) -> Callable[[Settings, argparse.Namespace], int]:
    """Run an async handler with the site's storage open, and close it afterwards."""

    def run(settings: Settings, args: argparse.Namespace) -> int:
        async def main() -> int:
            storage = await open_storage(settings.database_url, settings.table_prefix)
            # Mails a command causes (e.g. approving a comment) are queued for the server's sender.
            from wpcompat.mail.compose import bind

            bind(storage, settings)
            try:
                return await handler(storage, settings, args)
            finally:
                await storage.close()

        return asyncio.run(main())

    return run
