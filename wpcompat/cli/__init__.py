"""`wpcompat`, the command line, in the spirit of wp-cli.

Each command family lives in its own module and registers its sub-commands here. A handler
receives the parsed arguments and returns an exit code; settings errors and other expected
failures are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from settings import Settings, SettingsError, load_settings
from wpcompat.cli import commenters, comments, options, serve, users, wxr
from wpcompat.storage import Storage, open_storage


class CommandError(Exception):
    """An expected failure of a command: printed as one line, exit status 1."""


FAMILIES = (serve, wxr, options, users, comments, commenters)

StorageHandler = Callable[[Storage, Settings, argparse.Namespace], Awaitable[int]]


def with_storage(handler: StorageHandler) -> Callable[[Settings, argparse.Namespace], int]:
    """Run an async handler with the site's storage open, and close it afterwards."""

    def run(settings: Settings, args: argparse.Namespace) -> int:
        async def main() -> int:
            storage = await open_storage(settings.database_url, settings.table_prefix)
            try:
                return await handler(storage, settings, args)
            finally:
                await storage.db.disconnect()

        return asyncio.run(main())

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wpcompat", description="A WordPress-compatible blog service, without WordPress."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for family in FAMILIES:
        family.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"wpcompat: configuration error: {error}", file=sys.stderr)
        return 2
    handler: Any = args.handler
    try:
        return int(handler(settings, args) or 0)
    except CommandError as error:
        print(f"wpcompat: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("wpcompat: interrupted", file=sys.stderr)
        return 130
