"""`wpcompat`, the command line, in the spirit of wp-cli.

Each command family lives in its own module and registers its sub-commands here. A handler
receives the parsed arguments and returns an exit code; settings errors and other expected
failures are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from auth.oauth import registry as oauth_providers
from settings import SettingsError, load_settings
from wpcompat.cli import cache, commenters, comments, mail, options, serve, users, wxr
from wpcompat.cli.base import CommandError
from wpcompat.storage import check_database_url

FAMILIES = (serve, wxr, options, users, comments, commenters, mail, cache)


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
        # The layers above settings check what they alone know (the backends' URL schemes, the
        # OAuth providers' names), before any command runs.
        check_database_url(settings.database_url)
        oauth_providers.configured(settings)
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
