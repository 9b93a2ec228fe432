"""Prepared items kept across requests while nothing they show has changed.

Preparing an item (a post's fields, rendered text and links) costs more than reading it, and
the same items are asked for again and again by logged-in readers, whom the response cache
does not serve. This memo keeps each prepared item under its object's identity and everything
else the output depends on (the request's context and `_fields`, the viewer where the output
depends on who asks, …: the caller builds that key), labelled with the change log's versions
of the tags the item depends on (`storage/changes.py`, docs/cache.md). Those versions are read
once at the start of each read request (`ChangeWatcher.sync()`, which sees every committed
write: ours, another instance's, the CLI's, WordPress's through the triggers), so an item is
served only if none of its tags changed since it was prepared, and an item prepared while a
write was committing carries the versions from before it and is never served after it.

No versions, no memo: where the change log is not installed (a WordPress database served in
place without `wpcompat cache install`), for writes (what a write returns must show the write,
which the versions read before it cannot tell), and for requests built outside the server.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from wpcompat.storage.changes import GLOBAL, POSTS, ChangeWatcher, approved_comments_of, comments_of, pinned
from wpcompat.util.versioned_lru import VersionedLRU

if TYPE_CHECKING:
    from settings import Settings
    from wpcompat.rest.request import RestRequest
    from wpcompat.storage import Storage

# Items kept per process and database (about 2-4 kB each, a few MB in all).
MAX_ITEMS = 4096


class ObjectMemo(VersionedLRU[Hashable, Hashable, Any]):
    """The memo of one storage and settings: key → (versions, value), served at exactly the
    versions it was prepared at (`get`), least recently used out first."""

    __slots__ = ("settings",)

    def __init__(self, settings: Settings, size: int = MAX_ITEMS) -> None:
        super().__init__(size)
        self.settings = settings


def object_memo(storage: Storage, settings: Settings) -> ObjectMemo:
    """The storage's memo for the app's settings (the site URL and WordPress version shape
    every item: an app with other settings on the same storage starts it afresh)."""
    memo: ObjectMemo | None = storage.memo.get("object_memo")
    if memo is None or memo.settings is not settings:
        memo = storage.memo["object_memo"] = ObjectMemo(settings)
    return memo


class MemoVersions:
    """The change log as one read request saw it when it started: the versions it labels and
    checks memoised items with."""

    __slots__ = ("_watcher", "epoch", "global_", "posts", "seq")

    def __init__(self, watcher: ChangeWatcher) -> None:
        self._watcher = watcher
        self.seq = watcher.seq
        self.epoch = watcher.epoch
        self.global_ = watcher.tag_version(GLOBAL)
        self.posts = watcher.tag_version(POSTS)

    def pinned(self) -> contextlib.AbstractContextManager[None]:
        """For the request's duration: storage reads take its tick (no second clock read)."""
        return pinned(self._watcher, self.seq)

    def of_global(self) -> tuple[str, int]:
        """What a term or a user shows: options, users, terms (all logged as `global`)."""
        return (self.epoch, self.global_)

    def of_posts(self) -> tuple[str, int, int]:
        """What a post's item depends on: any post or postmeta row (its own, its parent's,
        its featured image's…) and anything global (options, users, terms)."""
        return (self.epoch, self.global_, self.posts)

    def of_comments(self, post_id: int) -> tuple[str, int, int, int] | None:
        """What a comment of post `post_id` shows: its own rows (and those of the post's other
        comments, which decide its page in `link`), its post, and anything global; None when
        the watcher has moved past what this request started from (another request synced in
        between): the version it now gives may be newer than the rows this request read."""
        version = self._watcher.last_change((comments_of(post_id),))
        if version > self.seq or self._watcher.epoch != self.epoch:
            return None
        return (self.epoch, self.global_, self.posts, version)

    def of_approved_comments(self, post_id: int) -> tuple[str, int, int, str, int] | None:
        """`of_comments` for an anonymous reader, who sees the approved comments of the post
        and, of the others, only what the log tags as shown (a held reply's `children` link):
        a comment held for moderation (`unapproved:<post>`) leaves it as it was."""
        version = self._watcher.last_change((approved_comments_of(post_id),))
        if version > self.seq or self._watcher.epoch != self.epoch:
            return None
        return (self.epoch, self.global_, self.posts, "approved", version)


def memo_versions(req: RestRequest) -> MemoVersions | None:
    """The versions a request may use the memo with, or None (see the module's docstring)."""
    versions = req.memo_versions
    if versions is None or req.method not in ("GET", "HEAD"):
        return None
    return versions  # type: ignore[no-any-return]


def viewer_key(req: RestRequest) -> Hashable:
    """Who asks, for the items whose output depends on it."""
    user = req.user
    return (user.id if user is not None else 0, req.commenter_id)
