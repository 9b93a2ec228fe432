"""Writing comments: insert, update, delete, comment meta, and the lookups the checks need.

Every function runs on the caller's connection, so a caller that opened
`async with storage.db.transaction()` gets all of them atomically. `lock_post` is the first
statement of such a transaction: on SQLite the pooled backend already holds the write lock
(BEGIN IMMEDIATE), on PostgreSQL/MariaDB it takes a row lock on the post (SELECT … FOR UPDATE),
so two submissions to one post never both pass the duplicate check, and the recount that ends
the transaction sees every approved comment.

The SQL is portable (SQLite, PostgreSQL, MariaDB): no dialect-specific statements. Only how a
submission's statements travel differs: on MariaDB, those that follow one another with nothing
to decide between them go in one round trip (storage/round_trip.py); on PostgreSQL the insert carries
the post's count in the same statement (a data-modifying WITH).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa

from wpcompat.storage import change_memo, prebuilt
from wpcompat.storage.changes import watcher
from wpcompat.storage.comments import get_posts_for_comments
from wpcompat.storage.dialect import for_update, insert_returning_id
from wpcompat.storage.mail import subscriptions
from wpcompat.storage.round_trip import one_round_trip

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

Row = dict[str, Any]
T = TypeVar("T")

# The comment columns a caller may set (comment_ID is chosen by the database).
COMMENT_COLUMNS: frozenset[str] = frozenset({
    "comment_post_ID", "comment_author", "comment_author_email", "comment_author_url",
    "comment_author_IP", "comment_date", "comment_date_gmt", "comment_content", "comment_karma",
    "comment_approved", "comment_agent", "comment_type", "comment_parent", "user_id",
})


_HOLDING: ContextVar[bool] = ContextVar("wpcompat_comment_write", default=False)
# PostgreSQL: the posts the running group's transaction (run without savepoints) has locked, with
# what their lock read (`SUBMISSION_POST_COLUMNS`), for the group's later submissions.
_LOCKED_POSTS: ContextVar[dict[int, dict[str, Any]] | None] = ContextVar("wpcompat_locked_posts", default=None)


@asynccontextmanager
async def write_transaction(storage: Storage) -> AsyncIterator[None]:
    """A write transaction. On SQLite the writer first takes its turn at the write gate
    (`sqlite_pool.WriteGate`: this process's writers queue on an asyncio lock, the processes on
    a file lock), before it takes a connection: SQLite lets one writer in at a time anyway, and
    its busy handler makes the others poll with sleeps of up to 100 ms, which under load costs
    far more than waiting in line; a waiter holding no connection leaves the pool to readers.
    Re-entrant within a task (a nested call opens a savepoint, not a second turn)."""
    if _HOLDING.get():
        async with storage.db.transaction():
            yield
        return
    gate = storage.write_gate()
    if gate is not None:
        await gate.acquire()
    token = _HOLDING.set(True)
    try:
        async with storage.db.transaction():
            yield
    finally:
        _HOLDING.reset(token)
        if gate is not None:
            gate.release()


# ---------------------------------------------------------------- group commit
#
# Under concurrency, comment submissions on SQLite queue for its single writer, and each then
# pays a whole transaction: BEGIN IMMEDIATE, COMMIT (the WAL append), the hand-over of the lock.
# On PostgreSQL and MariaDB the submissions to one post queue likewise for its row lock, each
# paying its round trips and its log flush while the others wait. As nothing runs beside the
# holder anyway, `grouped_write` runs the submissions that queued up (on SQLite, all of this
# process's; on a server, a post's) as one transaction. A submission refused by its checks
# (duplicate, flood: a `Refusal`, raised before it writes anything) leaves nothing to undo, so
# the submissions of a group run one after the other with no savepoint each (two statements
# fewer per submission while the lock is held). One that fails in any other way may have
# written: the whole transaction is rolled back, it gets its error, and the others run again in
# a new transaction, each in a savepoint of its own, so that their fate no longer depends on
# another's.
# No submission is told it succeeded before the transaction that holds it has committed; if the
# transaction as a whole fails (its commit, or a savepoint that cannot be rolled back), every
# submission of the group gets that error and none of them is stored. Nothing waits to fill a
# group: a submission that finds no transaction running starts one at once, so a lone comment
# costs what it did before.
#
# Durability, as it is: SQLite runs in WAL mode with synchronous=NORMAL (storage/sqlite_pool.py):
# a commit survives a crash of the server process, but a power cut may lose the last commits
# (never half of one: the database stays consistent). PostgreSQL and MariaDB flush their log at
# each commit by default; a group shares that one flush.

GROUP_MAX = 32


class Refusal(Exception):
    """A submission refused before it wrote anything (its checks said no): in a group it needs
    no savepoint of its own to leave nothing behind."""


@dataclass
class _Pending:
    work: Callable[[], Awaitable[Any]]
    # Lock order on a server backend: the post a submission locks.
    order: int
    future: asyncio.Future[Any]
    # Run in a savepoint of its own (it shared a group with a submission that failed after writing).
    careful: bool = False


class _FailedAfterWriting(Exception):
    """A submission of a group without savepoints failed other than by a `Refusal`."""

    def __init__(self, index: int, error: Exception) -> None:
        super().__init__(repr(error))
        self.index = index
        self.error = error


@dataclass
class _Group:
    pending: list[_Pending] = field(default_factory=list)
    leader: asyncio.Task[None] | None = None


@dataclass
class _Groups:
    """The groups of one database: on SQLite one (its single writer), on a server backend one
    per post (the submissions to a post wait for its row lock anyway)."""

    by_key: dict[int, _Group] = field(default_factory=dict)
    # Transactions begun and submissions they held (committed or not): for the tests.
    transactions: int = 0
    submissions: int = 0


_GROUPS: weakref.WeakKeyDictionary[Any, _Groups] = weakref.WeakKeyDictionary()


def group_stats(storage: Storage) -> tuple[int, int]:
    """(transactions, submissions) that `grouped_write` has run on this storage so far."""
    groups = _GROUPS.get(storage.db)
    return (0, 0) if groups is None else (groups.transactions, groups.submissions)


async def grouped_write(storage: Storage, work: Callable[[], Awaitable[T]], *, order: int = 0) -> T:
    """Run `work` in a write transaction, shared with the submissions queued beside it.

    `work` runs in another task (the group's): it must use only `storage` and what it was given,
    not the caller's context variables. Its exception is the caller's, after its savepoint was
    rolled back. `order` is the post it will lock. On SQLite every submission of this process
    queues in one group (they queue on one lock anyway); on PostgreSQL and MariaDB in the group
    of their post: submissions to one post queue on its row lock anyway, and a group holds that
    lock once and commits once (one log flush) for all of them, while submissions to other posts
    run side by side on their own connections. Inside a write transaction already (a nested
    call), `work` simply runs there, in a savepoint.
    """
    if _HOLDING.get():
        async with storage.db.transaction():
            return await work()
    groups = _GROUPS.get(storage.db)
    if groups is None:
        groups = _GROUPS[storage.db] = _Groups()
    key = 0 if storage.is_sqlite else int(order)
    group = groups.by_key.get(key)
    if group is None:
        group = groups.by_key[key] = _Group()
    future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    group.pending.append(_Pending(work, order, future))
    if group.leader is None or group.leader.done():
        group.leader = asyncio.create_task(_lead(storage, groups, key, group))
    return await future


def _settle(future: asyncio.Future[Any], ok: bool, value: Any) -> None:
    if future.done():  # its caller went away (cancelled): nobody to tell
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


async def _lead(storage: Storage, groups: _Groups, key: int, group: _Group) -> None:
    """Drain the queue, one transaction per group of waiting submissions; then forget the group
    (a post's group lives only while its submissions queue)."""
    try:
        await _drain(storage, groups, group)
    finally:
        if not group.pending and groups.by_key.get(key) is group:
            del groups.by_key[key]


async def _drain(storage: Storage, groups: _Groups, group: _Group) -> None:
    while group.pending:
        batch, group.pending = group.pending[:GROUP_MAX], group.pending[GROUP_MAX:]
        # A caller cancelled before its turn (client gone): its comment is not written.
        batch = [item for item in batch if not item.future.done()]
        if not batch:
            continue
        outcomes: list[tuple[bool, Any]] = []
        groups.transactions += 1
        groups.submissions += len(batch)
        try:
            async with write_transaction(storage):
                if len(batch) == 1:
                    # Alone in its transaction: a refusal rolls the transaction itself back (the
                    # exception leaves this block), no savepoint needed.
                    outcomes.append((True, await batch[0].work()))
                elif any(item.careful for item in batch):
                    for item in batch:
                        outcomes.append(await _in_savepoint(storage, item.work))
                else:
                    outcomes = await _one_after_another(batch)
        except _FailedAfterWriting as failed:
            # Rolled back as a whole: the one that failed hears why, the others go first in the
            # queue again, each to run in a savepoint of its own.
            _settle(batch[failed.index].future, False, failed.error)
            again = [replace(item, careful=True) for n, item in enumerate(batch) if n != failed.index]
            group.pending[:0] = again
            continue
        except Exception as error:
            # Not committed: nothing of the group is stored, and each caller hears so.
            for item in batch:
                _settle(item.future, False, error)
            continue
        except BaseException:
            # The group's task itself was cancelled (shutdown): rolled back; no caller waits for ever.
            for item in [*batch, *group.pending]:
                item.future.cancel()
            group.pending.clear()
            raise
        for item, (ok, value) in zip(batch, outcomes, strict=True):
            _settle(item.future, ok, value)


async def _one_after_another(batch: list[_Pending]) -> list[tuple[bool, Any]]:
    """The outcomes of a group's submissions run without savepoints: a `Refusal` wrote nothing
    (its outcome is that error); any other failure ends the group (`_FailedAfterWriting`)."""
    outcomes: list[tuple[bool, Any]] = []
    token = _LOCKED_POSTS.set({})  # no savepoint rolls a lock back in this transaction
    try:
        for index, item in enumerate(batch):
            try:
                outcomes.append((True, await item.work()))
            except Refusal as refusal:
                outcomes.append((False, refusal))
            except Exception as error:
                raise _FailedAfterWriting(index, error) from error
    finally:
        _LOCKED_POSTS.reset(token)
    return outcomes


async def _in_savepoint(storage: Storage, work: Callable[[], Awaitable[Any]]) -> tuple[bool, Any]:
    """(True, result) or (False, the exception `work` raised, its writes rolled back).

    The savepoint is driven by hand, not by `async with`: a failure to roll it back (the
    transaction itself was lost, as MariaDB does on a deadlock) must end the whole group, not
    pass for this one submission's refusal."""
    savepoint = storage.db.transaction()
    await savepoint.start()
    try:
        value = await work()
    except Exception as error:
        await savepoint.rollback()
        return False, error
    await savepoint.commit()
    return True, value


# ---------------------------------------------------------------- a submission's reads
#
# A submission reads, under its lock: the post, a duplicate, the commenter's last comment (the
# flood check, unless exempt), their previous approvals (when the rules ask), and whether anyone
# subscribed to the post's comments. Sent one by one these were up to seven round trips while
# every other writer waited; `submission_reads` asks them in one statement on SQLite (the lock is
# the whole database's, taken by BEGIN IMMEDIATE before anything is read) and in two on
# PostgreSQL/MariaDB: there the post is locked first (SELECT … FOR UPDATE), and the checks come
# in a statement of their own, so that they read what the transactions that held the lock
# before committed (a snapshot taken before waiting for the lock would not see it).
# The statements are prebuilt (compiled once per shape, only values bound per call).


@dataclass(frozen=True)
class SubmissionKey:
    """What a submission's checks look for. `flood_since`: the flood check's window start (None:
    the actor is exempt); `flood_user_id`: the signed-in commenter (else the check is by IP);
    `history`: ask for the commenter's previously approved comments."""

    post_id: int
    parent: int
    author: str
    email: str
    content: str
    ip: str
    flood_since: str | None = None
    flood_user_id: int | None = None
    history: bool = False


@dataclass(frozen=True)
class SubmissionReads:
    post: Row | None
    duplicate: int | None
    # The commenter's newest comment in the flood window (None: none, or no flood check).
    last_comment_gmt: str | None
    approved_before: bool
    # Someone subscribed to this post's comments (else no subscriber needs to be read).
    subscribed: bool


_CHECK_LABELS = ("wpc_duplicate", "wpc_flood_who", "wpc_flood_email", "wpc_approved_before", "wpc_subscribed")


def _checks(storage: Storage, *, email: bool, flood: str, history: bool) -> list[Any]:
    """The checks as scalar subqueries, each written as its function below is (see there why:
    every one seeks a commenter's index)."""
    c = storage.tables.comments.c
    post_column: Any = c.comment_post_ID + 0 if email else c.comment_post_ID
    parent_column: Any = c.comment_parent + 0 if email else c.comment_parent
    duplicate = [
        post_column == sa.bindparam("dup_post"), parent_column == sa.bindparam("dup_parent"),
        c.comment_approved != "trash", c.comment_author == sa.bindparam("dup_author"),
        c.comment_content == sa.bindparam("dup_content"),
    ]
    if email:
        duplicate.append(c.comment_author_email == sa.bindparam("dup_email"))
    columns: list[Any] = [sa.select(c.comment_ID).where(*duplicate).limit(1).scalar_subquery()]
    if flood:
        who = c.user_id == sa.bindparam("flood_user") if flood == "user" else c.comment_author_IP == sa.bindparam("flood_ip")
        for match, since in ((who, "flood_since"), (c.comment_author_email == sa.bindparam("flood_email"), "flood_since2")):
            columns.append(
                sa.select(c.comment_date_gmt).where(match, c.comment_date_gmt >= sa.bindparam(since))
                .order_by(c.comment_date_gmt.desc()).limit(1).scalar_subquery()
            )
    else:
        columns += [sa.null(), sa.null()]
    if history:
        users = storage.tables.users
        owner = sa.select(users.c.ID).where(users.c.user_email == sa.bindparam("owner_email")).limit(1)
        approved = sa.func.coalesce(c.comment_approved, "") == "1"
        by_user = sa.exists().where(c.user_id == owner.scalar_subquery(), approved)
        by_name = sa.exists().where(
            c.comment_author == sa.bindparam("hist_author"), c.comment_author_email == sa.bindparam("hist_email"),
            approved,
        )
        # check_comment(): by the user whose e-mail it is, else by name and e-mail.
        columns.append(sa.case((owner.exists(), by_user), else_=by_name))
    else:
        columns.append(sa.null())
    s = subscriptions(storage)
    columns.append(sa.exists().where(s.c.kind == "comments", s.c.post_id == sa.bindparam("sub_post"),
                                     s.c.status == "confirmed"))
    return [column.label(label) for column, label in zip(columns, _CHECK_LABELS, strict=True)]


# What a submission reads of its post: its author (the approval rules, the notifications) and
# its title (the notifications). Not the whole row: its dates, content and the rest cost their
# conversion on every submission, for mails that need none of them.
SUBMISSION_POST_COLUMNS = ("ID", "post_author", "post_title")


def _submission_statement(storage: Storage, name: str) -> Any:
    _, part, email, flood, history = name.split(":")

    def build(storage: Storage) -> Any:
        posts = storage.tables.posts
        checks = _checks(storage, email=email == "email", flood=flood, history=history == "history")
        if part == "checks":
            return sa.select(*checks)
        locked = sa.select(*(posts.c[name] for name in SUBMISSION_POST_COLUMNS)).where(
            posts.c["ID"] == sa.bindparam("post_id"))
        if part == "lock":
            return for_update(storage, locked)
        return locked.add_columns(*checks)

    return _prebuilt(storage, name, build)


async def submission_reads(storage: Storage, key: SubmissionKey) -> SubmissionReads:
    """Everything a submission reads under its lock (see above); the post is None when it is gone."""
    flood = "" if key.flood_since is None else "user" if key.flood_user_id else "ip"
    shape = f"{'email' if key.email else ''}:{flood}:{'history' if key.history else ''}"
    values: dict[str, Any] = {
        "dup_post": int(key.post_id), "dup_parent": int(key.parent), "dup_author": key.author,
        "dup_content": key.content, "sub_post": int(key.post_id),
    }
    if key.email:
        values["dup_email"] = key.email
    if flood:
        values.update(flood_since=key.flood_since, flood_since2=key.flood_since, flood_email=key.email)
        values["flood_user" if flood == "user" else "flood_ip"] = int(key.flood_user_id or 0) if flood == "user" else key.ip
    if key.history:
        values.update(owner_email=key.email, hist_author=key.author, hist_email=key.email)
    if storage.is_sqlite:
        statement = _submission_statement(storage, f"comment_writes.submission:all:{shape}")
        record = await storage.db.fetch_one(prebuilt.bind(statement, post_id=int(key.post_id), **values))
        if record is None:
            return SubmissionReads(None, None, None, False, False)
        row = dict(record._mapping)
        checks = {label: row.pop(label) for label in _CHECK_LABELS}
    elif storage.is_mysql:
        # The lock, then the checks, in one round trip: MariaDB runs the second statement once
        # the first has its lock, and InnoDB's snapshot is taken by the first plain read (the
        # checks), so they see what the lock's previous holders committed, as two round trips did.
        lock = _submission_statement(storage, f"comment_writes.submission:lock:{shape}")
        checks_statement = _submission_statement(storage, f"comment_writes.submission:checks:{shape}")
        (locked, found) = await one_round_trip(storage, [
            prebuilt.bind(lock, post_id=int(key.post_id)), prebuilt.bind(checks_statement, **values)])
        if not locked.rows:
            return SubmissionReads(None, None, None, False, False)
        row = locked.mapping(0)
        checks = found.mapping(0)
        for label in ("wpc_flood_who", "wpc_flood_email"):
            checks[label] = _date_text(checks[label])
    else:
        # A group's later submissions to a post its transaction already locked skip the lock:
        # held until the commit, it keeps every other writer off the row, and none of ours
        # changes the columns it read (a comment moves only comment_count), so the row read
        # then is the row now. The checks are still read afresh (one snapshot per statement).
        locked = _LOCKED_POSTS.get()
        kept = locked.get(int(key.post_id)) if locked is not None else None
        if kept is None:
            lock = _submission_statement(storage, f"comment_writes.submission:lock:{shape}")
            record = await storage.db.fetch_one(prebuilt.bind(lock, post_id=int(key.post_id)))
            if record is None:
                return SubmissionReads(None, None, None, False, False)
            kept = dict(record._mapping)
            if locked is not None:
                locked[int(key.post_id)] = kept
        row = dict(kept)
        found = await storage.db.fetch_one(prebuilt.bind(
            _submission_statement(storage, f"comment_writes.submission:checks:{shape}"), **values))
        assert found is not None  # a SELECT without FROM has its one row
        checks = dict(found._mapping)
    flood_dates = [str(checks[label]) for label in ("wpc_flood_who", "wpc_flood_email") if checks[label] is not None]
    return SubmissionReads(
        post=row,
        duplicate=None if checks["wpc_duplicate"] is None else int(checks["wpc_duplicate"]),
        last_comment_gmt=max(flood_dates) if flood_dates else None,
        approved_before=bool(checks["wpc_approved_before"]),
        subscribed=bool(checks["wpc_subscribed"]),
    )


# ---------------------------------------------------------------- the commented post, remembered
#
# A new comment's permission check reads its post (status, password, comment_status, type…),
# and a post that takes comments takes them again and again: each POST read the same row, one
# statement more in every submission. The row is kept per process while the change log says
# nothing of that post changed since it was read (`posts:<id>`, logged by the triggers of every
# writer: this process, another instance, the CLI, WordPress). Its comment_count, which each
# new comment moves (logged as the post's comments, not as the post), is not part of what the
# checks read. No change log (or one that forgot): read each time, as before.

_POST_MEMO = "comment_writes.commented_posts"
_POST_MEMO_SIZE = 1024
# More posts changed than this since a row was kept: read it again rather than look further.
_POST_MEMO_RECHECK = 64


async def commented_post(storage: Storage, post_id: int) -> Row | None:
    """The post a new comment names (storage.comments.POST_COLUMNS; None: no such post), from
    the memo when the change log vouches for it, else read. Outside any transaction only."""
    changes = watcher(storage)
    usable = (
        changes.available and changes.seq >= 0 and changes.epoch
        and not getattr(storage.db.connection(), "_transaction_stack", None)
    )
    if not usable:
        return (await get_posts_for_comments(storage, [post_id])).get(int(post_id))
    memo: change_memo.Memo[int, Row] = change_memo.memo_of(storage, _POST_MEMO, _POST_MEMO_SIZE)

    def holds(read_at: int) -> bool:
        changed = changes.posts_changed_since(read_at, _POST_MEMO_RECHECK)
        return changed is not None and int(post_id) not in changed

    found = change_memo.recall(memo, int(post_id), changes, holds)
    if found is not None:
        return dict(found)
    # The tick before the read: a change committed after it is logged after it, and drops the row.
    read_at = changes.seq
    row = (await get_posts_for_comments(storage, [post_id])).get(int(post_id))
    if row is not None:
        change_memo.remember(memo, int(post_id), changes, dict(row), read_at)
    return row


def _date_text(value: Any) -> str | None:
    """A DATETIME as the driver gave it, as the column's type shows it (`WPDateTime`)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return None if value is None else str(value)


async def lock_post(storage: Storage, post_id: int) -> Row | None:
    """The post's row, locked for the rest of the transaction (None when it does not exist)."""
    posts = storage.tables.posts
    # The whole row: the notifications of the new comment name the post (no second read).
    query = sa.select(posts).where(posts.c["ID"] == int(post_id))
    record = await storage.db.fetch_one(for_update(storage, query))
    return None if record is None else dict(record._mapping)


async def find_duplicate(
    storage: Storage, *, post_id: int, parent: int, author: str, email: str, content: str
) -> int | None:
    """wp_allow_comment()'s duplicate check: same post, parent, author (and e-mail when one was
    given) and content, in any status but trash. MySQL compares these case-insensitively under
    its collation; we compare exactly on every backend."""
    c = storage.tables.comments.c
    post_column: Any = c.comment_post_ID
    parent_column: Any = c.comment_parent
    if email:
        # Look the e-mail up by its index: `+ 0` keeps a planner without statistics (SQLite)
        # from walking every comment of a busy post through the post or parent index instead,
        # which made each check (inside the write lock) grow with the post's comments.
        post_column = c.comment_post_ID + 0
        parent_column = c.comment_parent + 0
    where = [
        post_column == int(post_id),
        parent_column == int(parent),
        c.comment_approved != "trash",
        c.comment_author == author,
        c.comment_content == content,
    ]
    if email:
        where.append(c.comment_author_email == email)
    found = await storage.db.fetch_val(sa.select(c.comment_ID).where(*where).limit(1))
    return None if found is None else int(found)


async def last_comment_gmt(
    storage: Storage, *, since_gmt: str, user_id: int | None, ip: str, email: str
) -> str | None:
    """wp_check_comment_flood()'s lookup: the newest comment since `since_gmt` by this user
    (logged in) or this IP (anonymous), or by this e-mail.

    WordPress asks for both with one OR, which a planner answers by walking every comment of the
    window (the date index): under a burst of comments, each check grows with the burst. Two
    lookups, each the newest row of one index ((user_id or IP or e-mail), date), give the same
    answer in two seeks."""
    c = storage.tables.comments.c
    who = c.user_id == int(user_id) if user_id else c.comment_author_IP == ip
    newest: str | None = None
    for match in (who, c.comment_author_email == email):
        query = (
            sa.select(c.comment_date_gmt)
            .where(match, c.comment_date_gmt >= since_gmt)
            .order_by(c.comment_date_gmt.desc())
            .limit(1)
        )
        found = await storage.db.fetch_val(query)
        if found is not None and (newest is None or str(found) > newest):
            newest = str(found)
    return newest


async def has_approved_comment(storage: Storage, *, user_id: int | None, author: str, email: str) -> bool:
    """check_comment()'s "previously approved" lookup: by user when the e-mail is a user's,
    otherwise by name and e-mail."""
    c = storage.tables.comments.c
    if user_id:
        where = [c.user_id == int(user_id)]
    else:
        where = [c.comment_author == author, c.comment_author_email == email]
    # The status is read from the commenter's rows, never looked up by its index: most comments
    # are approved, and a planner that knows only that most comments are guests' (user_id 0)
    # would walk every approved comment of the site. COALESCE of a NOT NULL column changes no
    # answer and hides the column from the planner on every backend.
    approved = sa.func.coalesce(c.comment_approved, "") == "1"
    found = await storage.db.fetch_val(sa.select(c.comment_ID).where(*where, approved).limit(1))
    return found is not None


async def user_id_by_email(storage: Storage, email: str) -> int | None:
    users = storage.tables.users
    found = await storage.db.fetch_val(sa.select(users.c.ID).where(users.c.user_email == email).limit(1))
    return None if found is None else int(found)


async def insert_comment(storage: Storage, values: Mapping[str, Any], *, count_in: int = 0) -> int:
    """Insert a comments row (unknown keys are an error) and return its comment_ID.

    `count_in`: a post whose comment_count goes up by one with it (`bump_comment_count`; the
    caller holds the post's lock), in the same round trip where the backend allows it."""
    unknown = set(values) - COMMENT_COLUMNS
    if unknown:
        raise ValueError(f"not comment columns: {sorted(unknown)}")
    comments = storage.tables.comments
    if len(values) == len(COMMENT_COLUMNS):
        # Every column, as a submission writes: the prebuilt INSERT, only the values bound.
        statement = prebuilt.bind(_prebuilt(storage, "comment_writes.insert", _insert_statement), **values)
        if storage.is_mysql and count_in:
            inserted, _ = await one_round_trip(storage, [statement, _bump(storage, count_in, 1)])
            return inserted.insert_id
        if storage.dialect == "postgresql" and count_in:
            # One statement: the count's UPDATE as a data-modifying WITH beside the INSERT.
            counted = _prebuilt(storage, "comment_writes.insert_counted", _insert_counted_statement)
            return int(await storage.db.fetch_val(prebuilt.bind(counted, **values, post_id=int(count_in), delta=1)))
        if storage.dialect == "postgresql":
            comment_id = int(await storage.db.fetch_val(statement))
        else:
            comment_id = int(await storage.db.execute(statement))
    else:
        comment_id = await insert_returning_id(storage, sa.insert(comments).values(**values), comments.c.comment_ID)
    if count_in:
        await bump_comment_count(storage, count_in, 1)
    return comment_id


def _insert_statement(storage: Storage) -> Any:
    comments = storage.tables.comments
    statement = sa.insert(comments).values({name: sa.bindparam(name) for name in sorted(COMMENT_COLUMNS)})
    return statement.returning(comments.c.comment_ID) if storage.dialect == "postgresql" else statement


def _insert_counted_statement(storage: Storage) -> Any:
    """PostgreSQL: the INSERT returning the new ID, with the post's comment_count UPDATE run by
    the same statement (its row is already locked by the caller; the change log's triggers of
    both rows fire at the statement's end, one after the other)."""
    inserted = _insert_statement(storage).cte("wpc_inserted")
    counted = _bump_statement(storage).cte("wpc_counted")
    return sa.select(inserted.c.comment_ID).add_cte(counted)


def _prebuilt(storage: Storage, name: str, build: Callable[[Storage], Any]) -> Any:
    return prebuilt.statement(storage, name, build)


async def update_comment(storage: Storage, comment_id: int, values: Mapping[str, Any]) -> None:
    unknown = set(values) - COMMENT_COLUMNS
    if unknown:
        raise ValueError(f"not comment columns: {sorted(unknown)}")
    if values:
        comments = storage.tables.comments
        await storage.db.execute(
            sa.update(comments).where(comments.c.comment_ID == int(comment_id)).values(**values)
        )


async def fetch_comment(storage: Storage, comment_id: int) -> Row | None:
    comments = storage.tables.comments
    record = await storage.db.fetch_one(sa.select(comments).where(comments.c.comment_ID == int(comment_id)))
    return None if record is None else dict(record._mapping)


async def delete_comment_row(storage: Storage, comment: Mapping[str, Any]) -> None:
    """wp_delete_comment()'s writes: children move up one level, then meta and row go."""
    comments = storage.tables.comments
    meta = storage.tables.commentmeta
    comment_id = int(comment["comment_ID"])
    await storage.db.execute(
        sa.update(comments)
        .where(comments.c.comment_parent == comment_id)
        .values(comment_parent=int(comment.get("comment_parent") or 0))
    )
    await storage.db.execute(sa.delete(meta).where(meta.c.comment_id == comment_id))
    await storage.db.execute(sa.delete(comments).where(comments.c.comment_ID == comment_id))


async def add_comment_meta(storage: Storage, comment_id: int, key: str, value: str) -> None:
    meta = storage.tables.commentmeta
    await storage.db.execute(sa.insert(meta).values(comment_id=int(comment_id), meta_key=key, meta_value=value))


async def delete_comment_meta(storage: Storage, comment_id: int, keys: Iterable[str]) -> None:
    meta = storage.tables.commentmeta
    await storage.db.execute(
        sa.delete(meta).where(meta.c.comment_id == int(comment_id), meta.c.meta_key.in_(list(keys)))
    )


async def first_comment_meta(storage: Storage, comment_id: int, key: str) -> str | None:
    meta = storage.tables.commentmeta
    query = (
        sa.select(meta.c.meta_value)
        .where(meta.c.comment_id == int(comment_id), meta.c.meta_key == key)
        .order_by(meta.c.meta_id)
        .limit(1)
    )
    found = await storage.db.fetch_val(query)
    return None if found is None else str(found)


async def recount_comments(storage: Storage, post_id: int) -> int:
    """wp_update_comment_count_now(): comment_count = the post's approved comments.

    Counting (not incrementing) keeps the count exact whatever happened before; inside the
    caller's transaction it sees that transaction's own insert.
    """
    if not post_id:
        return 0
    c = storage.tables.comments.c
    posts = storage.tables.posts
    count = int(await storage.db.fetch_val(
        sa.select(sa.func.count()).where(c.comment_post_ID == int(post_id), c.comment_approved == "1")
    ) or 0)
    await storage.db.execute(posts.update().where(posts.c["ID"] == int(post_id)).values(comment_count=count))
    return count


async def bump_comment_count(storage: Storage, post_id: int, delta: int) -> None:
    """comment_count += delta, for a caller that holds the post's lock."""
    await storage.db.execute(_bump(storage, post_id, delta))


def _bump(storage: Storage, post_id: int, delta: int) -> Any:
    return prebuilt.bind(_prebuilt(storage, "comment_writes.bump", _bump_statement), post_id=int(post_id), delta=int(delta))


def _bump_statement(storage: Storage) -> Any:
    posts = storage.tables.posts
    return (
        posts.update().where(posts.c["ID"] == sa.bindparam("post_id"))
        .values(comment_count=posts.c.comment_count + sa.bindparam("delta", type_=sa.Integer()))
    )


async def list_comments(
    storage: Storage, *, statuses: Iterable[str] | None = None, post_id: int | None = None, limit: int = 0
) -> list[Row]:
    """Comments newest first, for the CLI (statuses as stored: '0', '1', 'spam', 'trash')."""
    comments = storage.tables.comments
    c = comments.c
    query = sa.select(comments).order_by(c.comment_date_gmt.desc(), c.comment_ID.desc())
    if statuses is not None:
        query = query.where(c.comment_approved.in_(list(statuses)))
    if post_id:
        query = query.where(c.comment_post_ID == int(post_id))
    if limit:
        query = query.limit(limit)
    return [dict(r._mapping) for r in await storage.db.fetch_all(query)]
