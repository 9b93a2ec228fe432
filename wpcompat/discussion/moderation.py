"""Status changes and deletion of comments, as wp_set_comment_status(), wp_spam_comment(),
wp_trash_comment(), their un- counterparts and wp_delete_comment() make them.

Each change runs in one transaction and ends with the post's comment_count recounted, so the
count follows every approval, spam, trash and delete. Spam and trash remember the previous
status in `_wp_trash_meta_status` (and the time in `_wp_trash_meta_time`), which unspam and
untrash restore, as WordPress does.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from wpcompat.discussion.rules import APPROVED, HOLD, SPAM, TRASH, TRASH_ENABLED
from wpcompat.mail import notifications
from wpcompat.storage import comment_writes as store
from wpcompat.storage import likes as likes_store

if TYPE_CHECKING:
    from wpcompat.storage import Storage

TRASH_META_STATUS = "_wp_trash_meta_status"
TRASH_META_TIME = "_wp_trash_meta_time"
_TRASH_META = (TRASH_META_STATUS, TRASH_META_TIME)

# REST's handle_status_param() names → what to do. Anything else is ignored.
STATUS_ACTIONS: dict[str, str] = {
    "approved": "approve", "approve": "approve", "1": "approve",
    "hold": "hold", "0": "hold",
    "spam": "spam", "unspam": "unspam",
    "trash": "trash", "untrash": "untrash",
}


def status_name(approved: str) -> str:
    """wp_get_comment_status(): 'approved', 'unapproved', 'spam', 'trash'."""
    return {APPROVED: "approved", HOLD: "unapproved"}.get(approved, approved)


async def _set(storage: Storage, comment_id: int, value: str) -> None:
    await store.update_comment(storage, comment_id, {"comment_approved": value})


async def _remember(storage: Storage, comment_id: int, previous: str) -> None:
    await store.delete_comment_meta(storage, comment_id, _TRASH_META)
    await store.add_comment_meta(storage, comment_id, TRASH_META_STATUS, previous)
    await store.add_comment_meta(storage, comment_id, TRASH_META_TIME, str(int(time.time())))


async def _restore(storage: Storage, comment_id: int) -> str:
    previous = await store.first_comment_meta(storage, comment_id, TRASH_META_STATUS)
    await store.delete_comment_meta(storage, comment_id, _TRASH_META)
    # wp_untrash_comment(): an empty remembered status means "held".
    return previous or HOLD


async def apply_status(storage: Storage, comment_id: int, status: str, *, recount: bool = True) -> bool:
    """handle_status_param(): change the status; False when nothing changed (same status,
    unknown name, missing comment). Runs in its own transaction (nested: a savepoint)."""
    action = STATUS_ACTIONS.get(status)
    if action is None:
        return False
    async with store.write_transaction(storage):
        row = await store.fetch_comment(storage, comment_id)
        if row is None:
            return False
        if not TRASH_ENABLED and action == "trash":
            await delete_comment(storage, comment_id, force=True)
            return True
        current = str(row["comment_approved"])
        if status in ("approved", "hold", "spam", "trash") and status_name(current) == status:
            return False
        if action == "approve":
            target = APPROVED
        elif action == "hold":
            target = HOLD
        elif action in ("spam", "trash"):
            target = SPAM if action == "spam" else TRASH
            await _remember(storage, comment_id, current)
        else:  # unspam / untrash
            if current != (SPAM if action == "unspam" else TRASH):
                return False
            target = await _restore(storage, comment_id)
        if target == current:
            # wp_set_comment_status(): an UPDATE that changes nothing reports failure.
            return False
        await _set(storage, comment_id, target)
        if target == APPROVED and action == "approve":
            # wp_set_comment_status( 'approve' ) tells the post author (and we the subscribers).
            await notifications.comment_approved(storage, comment_id)
        if recount:
            await store.recount_comments(storage, int(row["comment_post_ID"]))
    return True


async def delete_comment(storage: Storage, comment_id: int, *, force: bool) -> bool:
    """wp_delete_comment(): to the trash unless forced (or already spam/trash), else gone for
    good, its replies moved up to its parent."""
    async with store.write_transaction(storage):
        row = await store.fetch_comment(storage, comment_id)
        if row is None:
            return False
        if not force and TRASH_ENABLED and str(row["comment_approved"]) not in (SPAM, TRASH):
            return await apply_status(storage, comment_id, "trash")
        await store.delete_comment_row(storage, row)
        await likes_store.delete_for(storage, "comment", [comment_id])
        await store.recount_comments(storage, int(row["comment_post_ID"]))
    return True
