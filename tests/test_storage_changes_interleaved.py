"""The change log under writes that interleave (storage/changes.py), on the server backends.

Two transactions are driven step by step on two connections, in an order fixed by the test (no
timing): each step starts once the test says so. SQLite lets one writer in at a time, so these
orders cannot happen there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
import sqlalchemy as sa

from tests.test_storage_changes import _POST, _id
from wpcompat.storage import Storage, changes
from wpcompat.storage.changes import comments_of

Step = Callable[[], Awaitable[object]]


class _Transaction:
    """Steps run in one transaction on a task's own connection, each once `next()` allows it."""

    def __init__(self, storage: Storage, steps: list[Step]) -> None:
        self._turns = [asyncio.Event() for _ in steps]
        self._done = [asyncio.Event() for _ in steps]
        self._next = 0
        self.task = asyncio.ensure_future(self._run(storage, steps))

    async def _run(self, storage: Storage, steps: list[Step]) -> None:
        async with storage.db.connection() as connection, connection.transaction():
            for step, turn, done in zip(steps, self._turns, self._done, strict=True):
                await turn.wait()
                await step()
                done.set()

    def next(self) -> asyncio.Event:
        """Let the next step run; its end is the event returned."""
        self._turns[self._next].set()
        self._next += 1
        return self._done[self._next - 1]


async def _held_comment(storage: Storage) -> tuple[int, int, int]:
    """A post, a held top-level comment of it, and the watcher's tick after both."""
    if storage.is_sqlite:
        pytest.skip("one writer at a time: the transactions cannot interleave")
    await storage.db.execute(sa.insert(storage.tables.posts).values(post_title="A", post_name="a", **_POST))
    post = await _id(storage, storage.tables.posts, "ID")
    await storage.db.execute(_comment(storage, post, comment_approved="0"))
    held = await _id(storage, storage.tables.comments, "comment_ID")
    mark = await changes.watcher(storage).sync()
    assert mark is not None
    return post, held, mark


def _comment(storage: Storage, post: int, **values: object) -> sa.Insert:
    return sa.insert(storage.tables.comments).values(
        comment_post_ID=post, comment_content="x", comment_author="a", comment_type="comment", **values)


def _edit(storage: Storage, comment: int) -> Step:
    comments = storage.tables.comments
    return lambda: storage.db.execute(
        sa.update(comments).where(comments.c.comment_ID == comment).values(comment_content="y"))


async def _logged_since(storage: Storage, mark: int) -> list[str]:
    seq = await changes.watcher(storage).sync()
    assert seq is not None
    return [tag for _, tag in await changes.logged_between(storage, mark, seq)]


async def test_a_held_comment_edited_by_a_transaction_that_read_before_its_first_reply(storage: Storage) -> None:
    """A held top-level comment P is edited by a transaction that read before another one
    inserted and committed P's first reply: P is a parent when its edit is logged, so the edit
    is a change anonymous answers may show (the reply names it), not `unapproved:P`."""
    post, held, mark = await _held_comment(storage)
    comments = storage.tables.comments
    editor = _Transaction(storage, [
        # Its first read: MariaDB's repeatable read keeps this view for the transaction.
        lambda: storage.db.fetch_val(sa.select(comments.c.comment_content).where(comments.c.comment_ID == held)),
        _edit(storage, held),
    ])
    replier = _Transaction(storage, [lambda: storage.db.execute(_comment(storage, post, comment_parent=held))])
    await editor.next().wait()
    replier.next()
    await replier.task  # committed
    editor.next()
    await editor.task

    assert await _logged_since(storage, mark) == [comments_of(post), comments_of(post)]
    watcher = changes.watcher(storage)
    assert watcher.last_change([changes.approved_comments_of(post)]) == watcher.seq


async def _until_waiting(storage: Storage) -> None:
    """Return once some other transaction of this database waits for a lock (polled: the
    order of the test's steps is fixed, only how soon the server gets there varies)."""
    if storage.is_mysql:
        query = ("SELECT COUNT(*) FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p "
                 "ON p.ID = t.trx_mysql_thread_id WHERE t.trx_state = 'LOCK WAIT' AND p.DB = DATABASE()")
    else:
        query = ("SELECT COUNT(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                 "WHERE NOT l.granted AND a.datname = current_database()")
    for _ in range(2000):
        if int(await storage.db.fetch_val(sa.text(query))):
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the other transaction never waited")


async def test_a_held_comment_edited_while_its_first_reply_waits_to_be_logged(storage: Storage) -> None:
    """The reply's row is written but its transaction waits for the clock, which the editing
    transaction holds (it logged a change before): the edit is logged first, without waiting
    for the reply (not committed, logged after it; MariaDB's locking read of the replies made
    the two deadlock), and both commit."""
    post, held, mark = await _held_comment(storage)
    options = storage.tables.options
    editor = _Transaction(storage, [
        # A change that holds the clock and no lock near the comments (an option).
        lambda: storage.db.execute(sa.insert(options).values(option_name="wpc_test", option_value="1")),
        _edit(storage, held),
    ])
    replier = _Transaction(storage, [
        lambda: storage.db.execute(_comment(storage, post, comment_approved="1", comment_parent=held)),
    ])
    await editor.next().wait()
    replier.next()
    await _until_waiting(storage)  # the reply is written; its trigger waits for the clock
    editor.next()
    await asyncio.wait_for(editor.task, 30)
    await asyncio.wait_for(replier.task, 30)

    # The option, the edit while the reply was not committed, then the reply.
    unseen = f"{changes.UNAPPROVED}:{post}"
    assert await _logged_since(storage, mark) == [changes.GLOBAL, unseen, comments_of(post)]
