"""`wpcompat comment list|approve|unapprove|spam|unspam|trash|untrash|delete`: moderation for a
site owner without an admin screen, in wp-cli's spirit (`Success: …` lines, `Warning: …` for
an ID that could not be changed, exit status 1 when any failed).

Every change goes through `wpcompat.discussion.moderation`, so counts and trash meta follow as
they do for REST moderation.
"""

from __future__ import annotations

import argparse
from typing import Any

from settings import Settings
from wpcompat.cli.base import CommandError, with_storage
from wpcompat.discussion.moderation import apply_status, delete_comment
from wpcompat.storage import Storage
from wpcompat.storage.comment_writes import fetch_comment, list_comments, update_comment

# `--status` → stored comment_approved values ("all" is WordPress's approved + held).
LIST_STATUSES: dict[str, tuple[str, ...] | None] = {
    "all": ("0", "1"), "approve": ("1",), "hold": ("0",), "spam": ("spam",), "trash": ("trash",), "any": None,
}
STATUS_NAMES = {"1": "approved", "0": "unapproved"}
# action → (status handed to moderation, past tense for the message, help)
ACTIONS: dict[str, tuple[str, str, str]] = {
    "approve": ("approve", "Approved", "approve comments (they show on the site)"),
    "unapprove": ("hold", "Unapproved", "hold comments for moderation"),
    "spam": ("spam", "Marked as spam", "mark comments as spam"),
    "unspam": ("unspam", "Unspammed", "take comments out of spam (back to their previous status)"),
    "trash": ("trash", "Trashed", "move comments to the trash"),
    "untrash": ("untrash", "Untrashed", "restore comments from the trash"),
}


def register(sub: Any) -> None:
    comment = sub.add_parser("comment", help="list and moderate comments")
    actions = comment.add_subparsers(dest="action", metavar="ACTION", required=True)
    list_ = actions.add_parser("list", help="list comments, newest first")
    list_.add_argument("--status", choices=list(LIST_STATUSES), default="all",
                       help="hold, approve, spam, trash, all (approved and held: the default) or any")
    list_.add_argument("--post", type=int, help="only the comments of this post ID")
    list_.set_defaults(handler=with_storage(_list))
    for name, (_status, _done, help_text) in ACTIONS.items():
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("ids", nargs="+", type=int, metavar="ID")
        parser.set_defaults(handler=with_storage(_change))
    delete = actions.add_parser("delete", help="move comments to the trash, or delete them with --force")
    delete.add_argument("ids", nargs="+", type=int, metavar="ID")
    delete.add_argument("--force", action="store_true", help="delete for good instead of trashing")
    delete.set_defaults(handler=with_storage(_delete))
    update = actions.add_parser("update", help="change a comment's stored author fields, IP or user agent")
    update.add_argument("id", type=int, metavar="ID")
    for flag, (_column, help_text) in UPDATABLE.items():
        update.add_argument(f"--{flag}", help=help_text)
    update.set_defaults(handler=with_storage(_update))


# `comment update` flags → wp_comments columns (wp-cli's `comment update --comment_agent=…`).
UPDATABLE: dict[str, tuple[str, str]] = {
    "author": ("comment_author", "the author's name"),
    "email": ("comment_author_email", "the author's email"),
    "url": ("comment_author_url", "the author's site"),
    "ip": ("comment_author_IP", "the author's IP address"),
    "agent": ("comment_agent", "the user agent the comment was sent with (WXR exports leave it out)"),
}


async def _update(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    values = {column: getattr(args, flag) for flag, (column, _help) in UPDATABLE.items()
              if getattr(args, flag) is not None}
    if not values:
        raise CommandError("nothing to update: give at least one of --" + ", --".join(UPDATABLE))
    if await fetch_comment(storage, args.id) is None:
        raise CommandError(f"could not update comment {args.id}: it does not exist")
    await update_comment(storage, args.id, values)
    print(f"Success: Updated comment {args.id}.")
    return 0


def _excerpt(text: str, width: int = 50) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


async def _list(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    rows = await list_comments(storage, statuses=LIST_STATUSES[args.status], post_id=args.post)
    header = ["ID", "post", "date (GMT)", "status", "author", "email", "content"]
    table = [[str(r["comment_ID"]), str(r["comment_post_ID"]), str(r["comment_date_gmt"]),
              STATUS_NAMES.get(str(r["comment_approved"]), str(r["comment_approved"])),
              str(r["comment_author"]), str(r["comment_author_email"]), _excerpt(str(r["comment_content"]))]
             for r in rows]
    widths = [max(len(line[i]) for line in [header, *table]) for i in range(len(header))]
    for line in [header, *table]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    return 0


async def _change(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    status, done, _help = ACTIONS[args.action]
    failed = 0
    for comment_id in args.ids:
        if await fetch_comment(storage, comment_id) is None:
            print(f"Warning: Could not find the comment with ID {comment_id}.")
            failed += 1
        elif await apply_status(storage, comment_id, status):
            print(f"Success: {done} comment {comment_id}.")
        else:
            print(f"Warning: Could not update comment {comment_id} (its status is already so).")
            failed += 1
    return 1 if failed else 0


async def _delete(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    failed = 0
    for comment_id in args.ids:
        if await delete_comment(storage, comment_id, force=args.force):
            print(f"Success: {'Deleted' if args.force else 'Trashed'} comment {comment_id}.")
        else:
            print(f"Warning: Could not delete comment {comment_id}.")
            failed += 1
    return 1 if failed else 0
