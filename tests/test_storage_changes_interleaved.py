"""The change log under writes that interleave (storage/changes.py), on the server backends.

Two transactions are driven step by step on two connections, in an order fixed by the test (no
timing): each step waits for the other's to finish. SQLite lets one writer in at a time, so
these orders cannot happen there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
import sqlalchemy as sa

from wpcompat.storage import Storage, changes
from wpcompat.storage.changes import comments_of

_POST = {
    "post_status": "publish", "post_type": "post", "post_content": "", "post_excerpt": "",
    "to_ping": "", "pinged": "", "post_content_filtered": "",
}  # fmt: skip


async def _id(storage: Storage, table: sa.Table, column: str) -> int:
    return int(await storage.db.fetch_val(sa.select(sa.func.max(table.c[column]))))


async def _in_transaction(storage: Storage, steps: list[Callable[[], Awaitable[object]]],
                          turns: list[asyncio.Event], done: list[asyncio.Event]) -> None:
    """Run `steps` in one transaction on this task's own connection, step i once `turns[i]` is set."""
    async with storage.db.connection() as connection, connection.transaction():
        for step, turn, finished in zip(steps, turns, done, strict=True):
            await turn.wait()
            await step()
            finished.set()


async def test_a_held_comment_edited_by_a_transaction_that_read_before_its_first_reply(storage: Storage) -> None:
    """A held top-level comment P is edited by a transaction that read before another one
    inserted and committed P's first reply: P is a parent when its edit is logged, so the edit
    is a change anonymous answers may show (the reply names it), not `unapproved:P`."""
    if storage.is_sqlite:
        pytest.skip("one writer at a time: the transactions cannot interleave")
    t = storage.tables
    await storage.db.execute(sa.insert(t.posts).values(post_title="A", post_name="a", **_POST))
    post = await _id(storage, t.posts, "ID")

    def comment(**values: object) -> sa.Insert:
        return sa.insert(t.comments).values(
            comment_post_ID=post, comment_content="x", comment_author="a", comment_type="comment", **values)

    await storage.db.execute(comment(comment_approved="0"))
    held = await _id(storage, t.comments, "comment_ID")
    watcher = changes.watcher(storage)
    mark = await watcher.sync()
    assert mark is not None

    edit_turns = [asyncio.Event(), asyncio.Event()]
    edit_done = [asyncio.Event(), asyncio.Event()]
    reply_turns, reply_done = [asyncio.Event()], [asyncio.Event()]
    by_id = t.comments.c.comment_ID == held
    editor = asyncio.ensure_future(_in_transaction(storage, [
        # Its first read: MariaDB's repeatable read keeps this view for the transaction.
        lambda: storage.db.fetch_val(sa.select(t.comments.c.comment_content).where(by_id)),
        lambda: storage.db.execute(sa.update(t.comments).where(by_id).values(comment_content="y")),
    ], edit_turns, edit_done))
    replier = asyncio.ensure_future(_in_transaction(
        storage, [lambda: storage.db.execute(comment(comment_approved="1", comment_parent=held))],
        reply_turns, reply_done))
    edit_turns[0].set()
    await edit_done[0].wait()
    reply_turns[0].set()
    await replier  # committed
    edit_turns[1].set()
    await editor

    seq = await watcher.sync()
    assert seq is not None
    logged = [tag for _, tag in await changes.logged_between(storage, mark, seq)]
    assert logged == [comments_of(post), comments_of(post)]
    assert watcher.last_change([changes.approved_comments_of(post)]) == seq


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
    for the reply (which is not committed and is logged after it), and both commit."""
    if storage.is_sqlite:
        pytest.skip("one writer at a time: the transactions cannot interleave")
    t = storage.tables
    await storage.db.execute(sa.insert(t.posts).values(post_title="A", post_name="a", **_POST))
    post = await _id(storage, t.posts, "ID")

    def comment(**values: object) -> sa.Insert:
        return sa.insert(t.comments).values(
            comment_post_ID=post, comment_content="x", comment_author="a", comment_type="comment", **values)

    await storage.db.execute(comment(comment_approved="0"))
    held = await _id(storage, t.comments, "comment_ID")
    watcher = changes.watcher(storage)
    mark = await watcher.sync()
    assert mark is not None

    edit_turns = [asyncio.Event(), asyncio.Event()]
    edit_done = [asyncio.Event(), asyncio.Event()]
    reply_turns, reply_done = [asyncio.Event()], [asyncio.Event()]
    by_id = t.comments.c.comment_ID == held
    editor = asyncio.ensure_future(_in_transaction(storage, [
        # A change that holds the clock and no lock near the comments (an option).
        lambda: storage.db.execute(sa.insert(t.options).values(option_name="wpc_test", option_value="1")),
        lambda: storage.db.execute(sa.update(t.comments).where(by_id).values(comment_content="y")),
    ], edit_turns, edit_done))
    replier = asyncio.ensure_future(_in_transaction(
        storage, [lambda: storage.db.execute(comment(comment_approved="1", comment_parent=held))],
        reply_turns, reply_done))
    edit_turns[0].set()
    await edit_done[0].wait()
    reply_turns[0].set()
    await _until_waiting(storage)  # the reply is written; its trigger waits for the clock
    edit_turns[1].set()
    await asyncio.wait_for(editor, 30)
    await asyncio.wait_for(replier, 30)

    seq = await watcher.sync()
    assert seq is not None
    logged = [tag for _, tag in await changes.logged_between(storage, mark, seq)]
    unseen = f"{changes.UNAPPROVED}:{post}"
    # The option, the edit while the reply was not committed, then the reply.
    assert logged == [changes.GLOBAL, unseen, comments_of(post)]
