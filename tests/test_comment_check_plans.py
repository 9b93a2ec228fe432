"""The checks a comment submission makes while it holds the write lock (duplicate, flood,
"previously approved") each seek a commenter's index, on every backend: read with EXPLAIN.

Same method as tests/test_query_plans.py (whose site and helpers this reuses): the statements
the storage functions really send, and their plans, not timings. A plan that walks the date
index (every comment of the last hour) is as wrong here as a full scan: under a burst of
comments it grows with the burst, inside the lock every other writer waits on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import sqlalchemy as sa

from tests.test_query_plans import FULL_SCAN, Recorder, _kind, _plan, _sql
from tests.test_query_plans import storage as storage
from wpcompat.storage import Storage
from wpcompat.storage import comment_writes as store
from wpcompat.storage.dialect import compiler

EMAIL_INDEXES = ("wp_comments_author_email_date_gmt", "wp_comments_comment_author_email")

CHECKS: dict[str, tuple[Callable[[Storage], Awaitable[Any]], tuple[tuple[str, ...], ...]]] = {
    # name: (the call, for each statement it sends: the indexes its plan may use)
    "duplicate": (
        lambda s: store.find_duplicate(s, post_id=3, parent=0, author="Lectrice", email="l9@example.test",
                                       content="bien"),
        (EMAIL_INDEXES,),
    ),
    "flood of a guest": (
        lambda s: store.last_comment_gmt(s, since_gmt="2020-01-01 00:00:00", user_id=None, ip="192.0.2.1",
                                         email="l9@example.test"),
        (("wp_comments_comment_author_IP",), ("wp_comments_author_email_date_gmt",)),
    ),
    "flood of a user": (
        lambda s: store.last_comment_gmt(s, since_gmt="2020-01-01 00:00:00", user_id=5, ip="192.0.2.1",
                                         email="l9@example.test"),
        (("wp_comments_user_id_date_gmt",), ("wp_comments_author_email_date_gmt",)),
    ),
    "previously approved, a user": (
        lambda s: store.has_approved_comment(s, user_id=5, author="x", email="y"),
        (("wp_comments_user_id_date_gmt",),),
    ),
    "previously approved, a guest": (
        lambda s: store.has_approved_comment(s, user_id=None, author="Lectrice", email="l9@example.test"),
        (EMAIL_INDEXES,),
    ),
}


def _literal_sql(storage: Storage, statement: Any) -> str:
    """The statement with its values written in, for EXPLAIN. MySQL's compiler cannot write a
    date column's value in itself: there the values are quoted here (they are test constants)."""
    try:
        return _sql(storage, statement)
    except sa.exc.CompileError:
        compiled = statement.compile(dialect=compiler(storage))

        def quoted(value: Any) -> str:
            return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"

        values = {name: quoted(bind.value) for name, bind in compiled.binds.items()}
        if compiled.positiontup:
            return str(compiled) % tuple(values[name] for name in compiled.positiontup)
        return str(compiled) % values


@pytest.mark.parametrize("name", list(CHECKS))
async def test_the_checks_of_a_submission_seek_the_commenters_index(storage: Storage, name: str) -> None:
    call, expected = CHECKS[name]
    async with Recorder(storage) as rec:
        await call(storage)
    assert len(rec.statements) == len(expected)
    kind = _kind(storage)
    for statement, indexes in zip(rec.statements, expected, strict=True):
        sql = _literal_sql(storage, statement)
        plan = await _plan(storage, sql)
        text = "\n".join(plan)
        assert not any(FULL_SCAN[kind].search(line) for line in plan), f"full scan in\n{sql}\n{text}"
        assert any(index.lower() in text.lower() for index in indexes), f"not on {indexes}:\n{sql}\n{text}"


# The same checks as one submission asks them (store.submission_reads: one statement on SQLite,
# the post's lock then the checks on the servers): every check still seeks its index.
SUBMISSIONS = {
    "a guest": (
        store.SubmissionKey(post_id=3, parent=0, author="Lectrice", email="l9@example.test", content="bien",
                            ip="192.0.2.1", flood_since="2020-01-01 00:00:00", history=True),
        # (Its history is by name and e-mail: no user has this e-mail, which MariaDB's planner
        # finds out before planning the by-user branch.)
        (EMAIL_INDEXES, ("wp_comments_comment_author_IP",), ("wp_comments_author_email_date_gmt",),
         ("wpc_subscriptions_post",)),
    ),
    "a user": (
        store.SubmissionKey(post_id=3, parent=0, author="Lectrice", email="l9@example.test", content="bien",
                            ip="192.0.2.1", flood_since="2020-01-01 00:00:00", flood_user_id=5),
        (EMAIL_INDEXES, ("wp_comments_user_id_date_gmt",), ("wp_comments_author_email_date_gmt",)),
    ),
}


@pytest.mark.parametrize("name", list(SUBMISSIONS))
async def test_a_submissions_reads_seek_the_commenters_indexes(
    storage: Storage, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, expected = SUBMISSIONS[name]
    trips: list[int] = []
    one_round_trip = store.one_round_trip

    async def recorded(storage: Storage, queries: list[Any]) -> Any:
        # MariaDB's statements in one round trip: each is planned as it runs.
        trips.append(len(queries))
        rec.statements.extend(queries)
        return await one_round_trip(storage, queries)

    monkeypatch.setattr(store, "one_round_trip", recorded)
    async with Recorder(storage) as rec:
        reads = await store.submission_reads(storage, key)
    assert reads.post is not None and int(reads.post["ID"]) == 3
    assert len(rec.statements) == (1 if storage.is_sqlite else 2)
    assert trips == ([2] if storage.is_mysql else [])
    kind = _kind(storage)
    text = ""
    for statement in rec.statements:
        sql = _literal_sql(storage, statement)
        plan = await _plan(storage, sql)
        assert not any(FULL_SCAN[kind].search(line) for line in plan), f"full scan in\n{sql}\n" + "\n".join(plan)
        text += "\n".join(plan).lower() + "\n"
    for indexes in expected:
        assert any(index.lower() in text for index in indexes), f"not on {indexes}:\n{text}"
