"""`wpcompat commenter list|export|erase`: the site owner's side of commenters' privacy rights.

A commenter who signed in with a provider is named by the identity's number (first column of
`list`) or by `provider:user-id` (e.g. `google:1170…`), as `/auth/me/export` shows it. Erasing
anonymises their comments or deletes them (`--mode`, default WPCOMPAT_COMMENTER_ERASE).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from auth.identities import (
    Identity,
    comment_rows,
    erase_identity,
    export_identity,
    find_identity,
    get_identity,
)
from settings import Settings
from wpcompat.cli.base import CommandError, with_storage
from wpcompat.storage import Storage
from wpcompat.storage.identities import all_identity_rows


def register(sub: Any) -> None:
    commenter = sub.add_parser("commenter", help="list, export and erase social commenters' data")
    actions = commenter.add_subparsers(dest="action", metavar="ACTION", required=True)
    list_ = actions.add_parser("list", help="commenters who signed in with a provider")
    list_.set_defaults(handler=with_storage(_list))
    export = actions.add_parser("export", help="everything stored about a commenter, as JSON")
    export.add_argument("commenter", help="identity number, or provider:user-id")
    export.add_argument("-o", "--output", help="write to this file instead of standard output")
    export.set_defaults(handler=with_storage(_export))
    erase = actions.add_parser("erase", help="erase a commenter's identity and the personal data of their comments")
    erase.add_argument("commenter", help="identity number, or provider:user-id")
    erase.add_argument("--mode", choices=("anonymize", "delete"),
                       help="anonymize the comments (keep them) or delete them (default: WPCOMPAT_COMMENTER_ERASE)")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(handler=with_storage(_erase))


async def _find(storage: Storage, ref: str) -> Identity:
    identity = None
    if ref.isdigit():
        identity = await get_identity(storage, int(ref))
    elif ":" in ref:
        provider, _, subject = ref.partition(":")
        identity = await find_identity(storage, provider.lower(), subject)
    if identity is None:
        raise CommandError(f"No commenter identity '{ref}' (see `wpcompat commenter list`)")
    return identity


async def _list(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    rows = await all_identity_rows(storage)
    table = [["ID", "provider:user-id", "name", "email", "comments", "last login (UTC)"]]
    for row in rows:
        identity = await get_identity(storage, int(row["id"]))
        assert identity is not None
        count = len(await comment_rows(storage, identity))
        table.append([str(identity.id), f"{identity.provider}:{identity.subject}", identity.name,
                      identity.email + (" (verified)" if identity.email_verified else ""), str(count),
                      str(row["last_login_gmt"])])
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    return 0


async def _export(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    data = await export_identity(storage, await _find(storage, args.commenter))
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
        print(f"Success: Exported {len(data['comments'])} comment(s) to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


async def _erase(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    identity = await _find(storage, args.commenter)
    mode = args.mode or settings.commenter_erase_mode
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("erase asks for confirmation: run it in a terminal, or add --yes")
        answer = input(f"Erase {identity.provider}:{identity.subject} ({identity.name}) and {mode} their comments? [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "o", "oui"):
            print("Nothing erased.")
            return 1
    counts = await erase_identity(storage, identity, mode)  # type: ignore[arg-type]
    verb = "Deleted" if mode == "delete" else "Anonymised"
    print(f"Success: Erased {identity.provider}:{identity.subject}. {verb} {counts['comments']} comment(s).")
    return 0
