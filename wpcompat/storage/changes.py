"""The change log: what changed in the site's tables, whoever changed them, for the caches.

Row triggers on WordPress's tables (and on our tables whose rows anonymous answers show) keep
a clock and a log in the database itself, so they see every change: this process's, another
instance's, the CLI's, and WordPress's own when it runs on the same database. Each changed row
bumps the clock (`<prefix>wpc_change_clock`, one row) and logs one row (`<prefix>wpc_changes`)
with the new value of the clock and a tag saying what the change can affect:

- `comments:<post id>`: the comments of one post (a comment, its meta, the post's comment_count);
- `unapproved:<post id>`: the same, for a comment no anonymous answer shows or shows a sign of
  (held, spam or trash before and after the change, not a reply, nobody's parent) or its meta;
- `comments`: some comment whose post is not known (its meta outliving it);
- `posts:<post id>`: a row of posts or postmeta of one post (its title, status, slug, date...
  appear in every list); `posts` when the post is not known (a post's ID changed);
- `terms`: terms, taxonomies and the posts' terms (every answer may show them; only the
  lists filtered by a term count them);
- `global`: options, users and the rest (everything may show them);
- `transient`: WordPress's transients in the options (no answer of ours reads them);
- `auth_failures`: a failed sign-in recorded (or a recorded one changed; forgetting one cannot
  make a remembered "no failure" wrong: storage/auth_failures.py).

Why a clock row and not a sequence: a sequence hands out numbers in the order transactions
*start* writing, and they may commit in another order, so a reader that has seen number 11
could still miss 10 committed later. The trigger's UPDATE of the one clock row keeps the row
locked until commit, so writers pass the clock one after the other and commit in its order:
once a reader sees the clock at N, every change up to N is committed and in the log (the log is
dense: one row per tick). The price is that writing transactions queue on that row from their
first change to their commit (SQLite already lets one writer in at a time).

`ChangeWatcher.sync()` asks the clock (one primary-key read) before a cached answer is served,
reads the new log rows when it moved, and remembers the last tick of each tag; a cache keeps an
answer computed at tick T as long as none of the tags it depends on changed after T. Old log
rows are pruned; an instance that finds the rows it needs gone forgets everything instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from wpcompat.storage.dialect import (
    concat_sql,
    drop_trigger_ddl,
    existing_triggers,
    quote,
    row_trigger_ddl,
    same_sql,
)
from wpcompat.storage.feature_tables import CHANGE_CLOCK, CHANGE_LOG
from wpcompat.storage.prebuilt import bind, prebuilt_statement
from wpcompat.storage.statements import prebuilt

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

log = logging.getLogger("wpcompat")

GLOBAL, POSTS, COMMENTS, TRANSIENT, TERMS = "global", "posts", "comments", "transient", "terms"
AUTH_FAILURES = "auth_failures"
# A dependency (never a change) on the comments of any post.
ANY_COMMENTS = "comments:*"
# The tag of a change of post P's comments that no anonymous answer shows (`unapproved:P`: a
# comment held, spam or trash before and after, neither a reply nor a parent), and the
# dependencies on the changes anonymous answers may show (`approved_comments_of`).
UNAPPROVED = "unapproved"
_APPROVED = ":approved"
ANY_APPROVED_COMMENTS = ANY_COMMENTS + _APPROVED
# A dependency (never a change): GLOBAL but for TERMS (which GLOBAL includes): what a list's
# total may depend on when no term filters it.
SITE = "global:site"
# Per post changes kept (post ID and tick) for totals adjusted post by post (count_memo.py);
# past that, older ones are known only as "some post changed".
KEEP_POST_CHANGES = 4096
EVENTS = (("INSERT", "ins"), ("UPDATE", "upd"), ("DELETE", "del"))
# Log rows kept for instances that poll late; past that they forget everything once.
KEEP_ROWS = 20_000
# MariaDB/MySQL: a session variable under which the triggers do nothing, set by a bulk load
# (which cannot drop them inside its transaction there: DDL would commit it).
BULK_LOAD_VARIABLE = "@wpcompat_bulk_load"


def comments_of(post_id: int | str) -> str:
    """The tag of the comments of one post."""
    return f"{COMMENTS}:{post_id}"


def approved_comments_of(post_id: int | str) -> str:
    """A dependency on what anonymous readers may see of one post's comments: any change but
    those logged `unapproved:<post id>`."""
    return f"{COMMENTS}:{post_id}{_APPROVED}"


def _tables(storage: Storage) -> tuple[sa.Table, sa.Table]:
    """The clock and the log (defined with the site's tables: storage/feature_tables.py)."""
    tables = storage.tables.metadata.tables
    prefix = storage.tables.prefix
    return tables[f"{prefix}{CHANGE_CLOCK}"], tables[f"{prefix}{CHANGE_LOG}"]


@dataclass(frozen=True)
class _Watched:
    table: sa.Table
    # The tag of one changed row, as SQL text, given the row's alias (NEW or OLD) and the event.
    tag: Callable[[Storage, str, str], str]
    # The events logged (statement word, short name in the trigger's name).
    events: tuple[tuple[str, str], ...] = EVENTS


def _literal(tag: str) -> Callable[[Storage, str, str], str]:
    return lambda storage, row, event: f"'{tag}'"


def _col(storage: Storage, row: str, name: str) -> str:
    return f"{row}.{quote(storage, name)}"


def _unlocked_rows(storage: Storage) -> str:
    """SQL text ending a read of other rows of the watched tables inside a trigger.

    The trigger reads them holding the clock, so every transaction logged before it has
    committed: a read of the latest committed rows sees all it must. PostgreSQL's statements
    (read committed) each read such a snapshot. MariaDB's INSERT … SELECT reads them with
    shared locks (under repeatable read: the transaction's own snapshot may be older), and a
    lock would wait for a row another transaction wrote and has not logged yet: that one waits
    for the clock this one holds, a deadlock. Skipping rows locked by others is right there:
    their writer logs after this change, and its own tag says what it changed."""
    if not storage.is_mysql:
        return ""
    # MariaDB has no FOR SHARE; MySQL 8 takes no SKIP LOCKED after LOCK IN SHARE MODE.
    # `install` reads which server it is before it writes a trigger.
    return " FOR SHARE SKIP LOCKED" if storage.memo.get(_MYSQL_PROPER) else " LOCK IN SHARE MODE SKIP LOCKED"


# storage.memo key: the server behind a mysql:// URL is MySQL, not MariaDB.
_MYSQL_PROPER = "changes.mysql_proper"


def _unseen_comment(storage: Storage, comments: sa.Table, row: str) -> str:
    """SQL text: the comment `row` is one no anonymous answer can show, nor show a sign of:
    not approved, not a reply (a held reply gives its parent a `children` link) and nobody's
    parent (a reply's page is its top-level ancestor's, held or not). NULLs count as shown."""
    children = (
        f"SELECT 1 FROM {quote(storage, comments.name)} {quote(storage, 'wpc_child')} "
        f"WHERE {quote(storage, 'wpc_child')}.{quote(storage, 'comment_parent')} = {_col(storage, row, 'comment_ID')}"
        f"{_unlocked_rows(storage)}"
    )
    return (
        f"({_col(storage, row, 'comment_approved')} <> '1' AND {_col(storage, row, 'comment_parent')} = 0 "
        f"AND NOT EXISTS ({children}))"
    )


def _comment_tag(comments: sa.Table) -> Callable[[Storage, str, str], str]:
    def tag(storage: Storage, row: str, event: str) -> str:
        post = _col(storage, row, "comment_post_ID")
        shown = concat_sql(storage, "'comments:'", post)
        unseen = concat_sql(storage, f"'{UNAPPROVED}:'", post)
        if event != "UPDATE":
            return f"CASE WHEN {_unseen_comment(storage, comments, row)} THEN {unseen} ELSE {shown} END"
        both = f"{_unseen_comment(storage, comments, 'OLD')} AND {_unseen_comment(storage, comments, 'NEW')}"
        # A comment moved to another post changes two posts' comments: say "some comments".
        moved = same_sql(storage, _col(storage, "OLD", "comment_post_ID"), post)
        return f"CASE WHEN NOT {moved} THEN '{COMMENTS}' WHEN {both} THEN {unseen} ELSE {shown} END"
    return tag


def post_of(post_id: int | str) -> str:
    """The tag of one post's row or meta."""
    return f"{POSTS}:{post_id}"


def _one_post_tag(storage: Storage, row: str, event: str, column: str) -> str:
    """`posts:<id>` of the row's post; `posts` for an update moving the row to another post."""
    tag = concat_sql(storage, f"'{POSTS}:'", _col(storage, row, column))
    if event != "UPDATE":
        return tag
    return f"CASE WHEN {same_sql(storage, _col(storage, 'OLD', column), _col(storage, row, column))} THEN {tag} ELSE '{POSTS}' END"


def _postmeta_tag(storage: Storage, row: str, event: str) -> str:
    return _one_post_tag(storage, row, event, "post_id")


def _post_tag(table: sa.Table) -> Callable[[Storage, str, str], str]:
    def tag(storage: Storage, row: str, event: str) -> str:
        if event != "UPDATE":
            return _one_post_tag(storage, row, event, "ID")
        # Counting a post's comments (wp_update_comment_count) changes no list of posts: only
        # the post's comments (whose write is logged anyway) may show it.
        unchanged = " AND ".join(
            same_sql(storage, _col(storage, "OLD", c.name), _col(storage, "NEW", c.name))
            for c in table.columns if c.name != "comment_count"
        )
        comments = concat_sql(storage, "'comments:'", _col(storage, "NEW", "ID"))
        return f"CASE WHEN {unchanged} THEN {comments} ELSE {_one_post_tag(storage, row, event, 'ID')} END"
    return tag


def _commentmeta_tag(comments: sa.Table) -> Callable[[Storage, str, str], str]:
    def tag(storage: Storage, row: str, event: str) -> str:
        owner = quote(storage, "wpc_owner")
        post = f"{owner}.{quote(storage, 'comment_post_ID')}"
        shown, unseen = concat_sql(storage, "'comments:'", post), concat_sql(storage, f"'{UNAPPROVED}:'", post)
        return (
            f"COALESCE((SELECT CASE WHEN {_unseen_comment(storage, comments, owner)} THEN {unseen} ELSE {shown} END "
            f"FROM {quote(storage, comments.name)} {owner} "
            f"WHERE {owner}.{quote(storage, 'comment_ID')} = {_col(storage, row, 'comment_id')}"
            # A comment being written by another transaction: "some comments" (its writer logs too).
            f"{_unlocked_rows(storage)}), '{COMMENTS}')"
        )
    return tag


def _option_tag(storage: Storage, row: str, event: str) -> str:
    name = _col(storage, row, "option_name")
    # '#' escapes LIKE's '_' the same way on every backend (a backslash is MySQL's string escape).
    return (
        f"CASE WHEN {name} LIKE '#_transient#_%' ESCAPE '#' OR {name} LIKE '#_site#_transient#_%' ESCAPE '#' "
        f"THEN '{TRANSIENT}' ELSE '{GLOBAL}' END"
    )


def _watched(storage: Storage) -> list[_Watched]:
    t = storage.tables
    watched = [
        _Watched(t.posts, _post_tag(t.posts)),
        _Watched(t.postmeta, _postmeta_tag),
        _Watched(t.comments, _comment_tag(t.comments)),
        _Watched(t.commentmeta, _commentmeta_tag(t.comments)),
        _Watched(t.options, _option_tag),
    ]
    watched += [_Watched(table, _literal(TERMS)) for table in (
        t.terms, t.termmeta, t.term_taxonomy, t.term_relationships)]
    watched += [_Watched(table, _literal(GLOBAL)) for table in (
        t.users, t.usermeta,
        # Ours that answers show: likes (counts and faces), social identities (commenters' names
        # and avatars). Sessions, throttling and mail never reach an anonymous answer.
        t.oauth_identities, t.metadata.tables[f"{t.prefix}wpc_likes"],
    )]  # fmt: skip
    # Sign-in failures, whoever records them (an older instance too, which does not log them
    # itself): what an instance remembers as "no failure" must end with any new one. Deleted
    # failures are not logged (a purge deletes many, and none can make "no failure" wrong).
    watched.append(_Watched(t.auth_failures, _literal(AUTH_FAILURES), events=EVENTS[:2]))
    return watched


# The tables whose triggers changed since a first installation, with the version of their
# triggers now: renamed, so that `install` replaces those of an older installation. 2: `posts`
# logged post by post and the terms apart from `global`; 3: MariaDB's comment triggers read
# other comments without waiting for their locks (`_unlocked_rows`).
_VERSIONS = {
    "posts": 2, "postmeta": 2, "terms": 2, "termmeta": 2, "term_taxonomy": 2, "term_relationships": 2,
    "comments": 3, "commentmeta": 3,
}  # fmt: skip


def _trigger_name(storage: Storage, table: sa.Table, short: str, *, version: int | None = None) -> str:
    name = table.name.removeprefix(storage.tables.prefix)
    version = _VERSIONS.get(name, 1) if version is None else version
    return f"{storage.tables.prefix}wpc_chg{version if version > 1 else ''}_{name}_{short}"


def _legacy(storage: Storage) -> dict[str, sa.Table]:
    """The names of the older triggers `install` replaces, with their tables."""
    return {
        _trigger_name(storage, w.table, short, version=older): w.table
        for w in _watched(storage) for _, short in w.events
        for older in range(1, _VERSIONS.get(w.table.name.removeprefix(storage.tables.prefix), 1))
    }


def _expected(storage: Storage) -> dict[str, tuple[_Watched, str]]:
    return {
        _trigger_name(storage, w.table, short): (w, event) for w in _watched(storage) for event, short in w.events
    }


async def install(storage: Storage) -> list[str]:
    """Start the clock and create every missing trigger; return the triggers created. (The
    clock and the log are tables of the site's schema, created with the others.)"""
    clock, changes = _tables(storage)
    if await storage.db.fetch_val(sa.select(sa.func.count()).select_from(clock)) == 0:
        await storage.db.execute(sa.insert(clock).values(id=1, seq=0, epoch=secrets.token_hex(8)))
    present = await existing_triggers(storage)
    if storage.is_mysql:
        version = str(await storage.db.fetch_val("SELECT VERSION()"))
        storage.memo[_MYSQL_PROPER] = "mariadb" not in version.lower()
    q = lambda name: quote(storage, name)  # noqa: E731
    bump = f"UPDATE {q(clock.name)} SET {q('seq')} = {q('seq')} + 1 WHERE {q('id')} = 1"
    created: list[str] = []
    for name, (watched, event) in _expected(storage).items():
        if name in present:
            continue
        row = "OLD" if event == "DELETE" else "NEW"
        append = (
            f"INSERT INTO {q(changes.name)} ({q('seq')}, {q('tag')}) "
            f"SELECT {q('seq')}, {watched.tag(storage, row, event)} FROM {q(clock.name)} WHERE {q('id')} = 1"
        )
        body = [bump, append]
        if storage.is_mysql:
            body = [f"IF {BULK_LOAD_VARIABLE} IS NULL THEN {bump}; {append}; END IF"]
        for statement in row_trigger_ddl(storage, name, watched.table.name, event, body):
            await storage.db.execute(statement)
        created.append(name)
    await _drop_legacy(storage, present)
    return created


async def _drop_legacy(storage: Storage, present: set[str]) -> list[str]:
    dropped = []
    for name, table in _legacy(storage).items():
        if name in present:
            for statement in drop_trigger_ddl(storage, name, table.name):
                await storage.db.execute(statement)
            dropped.append(name)
    return dropped


async def uninstall(storage: Storage) -> list[str]:
    """Drop the triggers and stop the clock (running instances stop caching at their next
    read of it; off until `install` again); return the triggers dropped."""
    clock, _ = _tables(storage)
    await storage.db.execute(sa.delete(clock))
    return await _drop_triggers(storage)


async def _drop_triggers(storage: Storage) -> list[str]:
    """Drop every trigger of the change log that exists; return their names."""
    present = await existing_triggers(storage)
    dropped: list[str] = []
    for name, (watched, _) in _expected(storage).items():
        if name in present:
            for statement in drop_trigger_ddl(storage, name, watched.table.name):
                await storage.db.execute(statement)
            dropped.append(name)
    await _drop_legacy(storage, present)
    return dropped


async def installed(storage: Storage, *, partly: bool = False) -> bool:
    """Whether every trigger is there (else some change could go unseen); with `partly`,
    whether any is (then they were installed once and are kept complete)."""
    expected, present = set(_expected(storage)), await existing_triggers(storage)
    return bool(expected & present) if partly else expected <= present


async def read_clock(storage: Storage) -> tuple[int, str]:
    """The clock's tick (the number of changes ever logged) and the installation's epoch."""
    statement = storage.memo.get("changes.read_clock")
    if statement is None:
        # Read before every request: built once, and compiled once (found by identity).
        clock, _ = _tables(storage)
        statement = storage.memo["changes.read_clock"] = prebuilt(
            sa.select(clock.c.seq, clock.c.epoch).where(clock.c.id == 1)
        )
    rows = await storage.fetch_clock_rows(statement)
    return (int(rows[0][0]), str(rows[0][1])) if rows else (0, "")


async def read_clock_since(storage: Storage, after: int) -> tuple[int, str, list[tuple[int, str]]]:
    """The clock (tick, epoch) and the log's rows with a tick in (after, tick], in one read:
    an instance that follows the log pays one statement per change it sees, not two."""
    query = bind(prebuilt_statement(storage, "changes.clock_since", _clock_since), after=int(after), clock_id=1)
    rows = await storage.fetch_clock_rows(query)
    if not rows:
        return 0, "", []
    first = rows[0]
    logged = [(int(r[2]), str(r[3])) for r in rows if r[2] is not None]
    return int(first[0]), str(first[1]), logged


def _clock_since(storage: Storage) -> sa.Select[tuple[int, str, int, str]]:
    clock, changes = _tables(storage)
    after = sa.bindparam("after", type_=sa.BigInteger())
    joined = clock.outerjoin(changes, sa.and_(changes.c.seq > after, changes.c.seq <= clock.c.seq))
    return (
        sa.select(clock.c.seq.label("clock_seq"), clock.c.epoch, changes.c.seq.label("log_seq"), changes.c.tag)
        .select_from(joined).where(clock.c.id == sa.bindparam("clock_id"))
    )


async def logged_between(storage: Storage, after: int, upto: int) -> list[tuple[int, str]]:
    """The log's rows with a tick in (after, upto]: all of them unless they were pruned."""
    _, changes = _tables(storage)
    rows = await storage.db.fetch_all(
        sa.select(changes.c.seq, changes.c.tag).where(changes.c.seq > after, changes.c.seq <= upto)
    )
    return [(int(r[0]), str(r[1])) for r in rows]


async def prune(storage: Storage, below: int) -> None:
    """Delete the log's rows up to tick `below` (instances behind it forget everything)."""
    _, changes = _tables(storage)
    await storage.db.execute(sa.delete(changes).where(changes.c.seq <= below))


class ChangeWatcher:
    """One process's view of the change log: the last tick of each tag it has seen.

    `sync()` must be awaited before trusting what was cached: it returns once a read of the
    clock that *was sent after the call* has been applied. Requests arriving before the read in
    flight was sent share it (a burst that arrives in one turn of the event loop costs one read);
    those arriving after share the next one, so a burst costs one or two reads, not one each.
    """

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.available: bool | None = None
        self.seq = -1
        self.epoch = ""
        # Changes up to `floor` are known only as "something changed".
        self.floor = -1
        self._last: dict[str, int] = {}
        self._current: asyncio.Future[None] | None = None
        # Whether `_current` has sent its read of the clock (set in the same step as the
        # read's await: a caller that finds it False arrived before the read was sent).
        self._sent = False
        self._next: asyncio.Future[None] | None = None
        self._pruned_at = 0
        self.reads = 0
        # (tick, post ID) of the last posts changed one by one, oldest first; changes of posts
        # up to `post_floor` are known only as "some post changed".
        self._posts: deque[tuple[int, int]] = deque()
        self.post_floor = -1

    async def request_tick(self) -> int | None:
        """The tick the current read request started from (`pinned`), else `sync()`: what a
        request reads after its start is checked against the log as it saw it then, without
        a second read of the clock (a total remembered at that tick is stale at the next
        request's sync if anything changed since)."""
        pinned = _PINNED.get()
        if pinned is not None and pinned[0] is self:
            return pinned[1]
        return await self.sync()

    async def sync(self) -> int | None:
        """The current tick (after applying its changes), or None where the log is not installed."""
        if self.available is False:
            return None
        if self._current is not None and not self._current.done():
            if not self._sent:
                # Not sent yet: the clock it reads is the one after this request arrived.
                waiting = self._current
            else:
                # The read in flight may have read the clock before this request arrived.
                if self._next is None:
                    self._next = asyncio.ensure_future(self._after(self._current))
                waiting = self._next
        else:
            self._sent = False
            waiting = self._current = asyncio.ensure_future(self._poll())
        await asyncio.shield(waiting)
        return self.seq if self.available else None

    async def _after(self, before: asyncio.Future[None]) -> None:
        # Its own waiters got its error, if any; this read is a new one.
        with contextlib.suppress(Exception):
            await asyncio.shield(before)
        self._current, self._next, self._sent = self._next, None, False
        await self._poll()

    async def _poll(self) -> None:
        if self.available is None:
            self.available = await installed(self.storage)
            if not self.available:
                log.info("change log not installed: no response cache (see docs/cache.md)")
                return
        self.reads += 1
        rows: list[tuple[int, str]] | None = None
        # From here on, a caller of sync() may have arrived after the read was sent.
        self._sent = True
        if self.seq >= 0 and self.epoch:
            # Following the log already: the clock and what was logged since, in one read.
            seq, epoch, rows = await read_clock_since(self.storage, self.seq)
        else:
            seq, epoch = await read_clock(self.storage)
        if not epoch:
            # `wpcompat cache remove` stopped the clock: nothing can be trusted from now on
            # (a restart looks for the triggers again).
            self.available = False
            self._forget(seq)
            return
        if epoch != self.epoch or seq < self.seq:
            self._forget(seq)
            self.epoch = epoch
            return
        if seq == self.seq:
            return
        if rows is None:
            rows = await logged_between(self.storage, self.seq, seq)
        if len(rows) != seq - self.seq:
            self._forget(seq)  # pruned before this instance read them
            return
        for tick, tag in rows:
            self._record(tag, tick)
        self.seq = seq
        if seq - self._pruned_at > 2 * KEEP_ROWS:
            self._pruned_at = seq
            await prune(self.storage, seq - KEEP_ROWS)

    def _forget(self, seq: int) -> None:
        self._last.clear()
        self.seq = self.floor = seq

    def _record(self, tag: str, tick: int) -> None:
        if tag.startswith(COMMENTS):
            self._last[tag] = self._last[ANY_COMMENTS] = self._last[ANY_APPROVED_COMMENTS] = tick
            self._last[tag + _APPROVED] = tick
        elif tag.startswith(UNAPPROVED):
            self._last[COMMENTS + tag[len(UNAPPROVED):]] = self._last[ANY_COMMENTS] = tick
        elif tag.startswith(POSTS):
            self._last[POSTS] = tick
            post = tag[len(POSTS) + 1:]
            if post.isdigit():
                self._posts.append((tick, int(post)))
                if len(self._posts) > KEEP_POST_CHANGES:
                    self.post_floor = self._posts.popleft()[0]
            else:
                self.post_floor = tick
        elif tag == TERMS:
            self._last[TERMS] = self._last[GLOBAL] = tick
        elif tag == GLOBAL:
            self._last[GLOBAL] = self._last[SITE] = tick
        else:
            self._last[tag] = tick

    def posts_changed_since(self, tick: int, limit: int) -> set[int] | None:
        """The IDs of the posts changed after `tick` (their rows or meta), or None when that is
        not known (a change of posts not logged post by post, a forgotten log) or they are
        more than `limit`."""
        if tick < self.floor or tick < self.post_floor:
            return None
        changed: set[int] = set()
        for at, post in reversed(self._posts):
            if at <= tick:
                break
            changed.add(post)
            if len(changed) > limit:
                return None
        return changed

    def last_change(self, dependencies: Iterable[str]) -> int:
        """The last tick at which anything in `dependencies` changed (as far as known).

        A dependency is GLOBAL (TERMS included), SITE (GLOBAL but TERMS), TERMS, POSTS (any
        post), ANY_COMMENTS, ANY_APPROVED_COMMENTS, `comments_of(id)` or
        `approved_comments_of(id)`; the last two also change with COMMENTS (a comment of an
        unknown post)."""
        last = self.floor
        get = self._last.get
        for dependency in dependencies:
            last = max(last, get(dependency, -1))
            if dependency.startswith(COMMENTS + ":"):
                last = max(last, get(COMMENTS, -1))
        return last

    def tag_version(self, tag: str) -> int:
        """A number that changes when `tag` changes (e.g. GLOBAL for a memo of the options)."""
        return self.last_change((tag,))


# (watcher, tick) of the read request running in this context (rest/server.py pins it).
_PINNED: ContextVar[tuple[ChangeWatcher, int] | None] = ContextVar("wpc_request_tick", default=None)


@contextlib.contextmanager
def pinned(changes: ChangeWatcher, tick: int) -> Iterator[None]:
    """Within the block, `changes.request_tick()` is `tick` (the read request's own sync)."""
    token = _PINNED.set((changes, tick))
    try:
        yield
    finally:
        _PINNED.reset(token)


def watcher(storage: Storage) -> ChangeWatcher:
    """The storage's one watcher (per process and database handle)."""
    found = storage.memo.get("change_watcher")
    if found is None:
        found = storage.memo["change_watcher"] = ChangeWatcher(storage)
    return found  # type: ignore[no-any-return]


# ---------------------------------------------------------------- bulk loads


async def suspend_for_bulk_load(storage: Storage) -> list[str]:
    """Before a bulk load into an empty site, inside the import's transaction: silence the
    triggers, which would log two rows per imported row (millions for a big blog) that no
    reader needs one by one; `resume_after_bulk_load` brings them back and logs one global
    change, so every instance forgets what it cached. SQLite and PostgreSQL drop them (their
    DDL is part of the transaction: a failed import gets them back with the rollback);
    MariaDB/MySQL, whose DDL would commit the transaction, set the session variable the
    triggers test (only this connection's writes go unlogged; `end_bulk_load` unsets it,
    also when the import fails). Returns what was silenced (empty: nothing)."""
    if not storage.is_mysql:
        return await _drop_triggers(storage)
    names = set(_expected(storage))
    rows = await storage.db.fetch_all(
        "SELECT trigger_name AS name, action_statement AS body FROM information_schema.triggers "
        "WHERE trigger_schema = DATABASE()"
    )
    bodies = {str(r[0]): str(r[1]) for r in rows if str(r[0]) in names}
    # Triggers made before they tested the variable keep logging (slower, still right).
    if not bodies or any(BULK_LOAD_VARIABLE not in body for body in bodies.values()):
        return []
    await storage.db.execute(f"SET {BULK_LOAD_VARIABLE} = 1")
    return sorted(bodies)


async def end_bulk_load(storage: Storage) -> None:
    """MariaDB/MySQL: this connection's writes are logged again (idempotent; nothing elsewhere)."""
    if storage.is_mysql:
        await storage.db.execute(f"SET {BULK_LOAD_VARIABLE} = NULL")


async def resume_after_bulk_load(storage: Storage, dropped: list[str]) -> None:
    if not dropped:
        return
    if storage.is_mysql:
        await end_bulk_load(storage)
    else:
        await install(storage)
    await log_change(storage, GLOBAL)


async def log_change(storage: Storage, tag: str) -> None:
    """Log one change by hand, as the triggers do (a bulk load that ran without them)."""
    clock, changes = _tables(storage)
    await storage.db.execute(sa.update(clock).where(clock.c.id == 1).values(seq=clock.c.seq + 1))
    seq = await storage.db.fetch_val(sa.select(clock.c.seq).where(clock.c.id == 1))
    if seq is not None:
        await storage.db.execute(sa.insert(changes).values(seq=int(seq), tag=tag))
