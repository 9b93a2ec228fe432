"""Group commit of comment submissions (storage.comment_writes.grouped_write): submissions that
queue up together (on SQLite all of a process's, on a server backend those to one post) share
one transaction, each in its own savepoint.

What must hold: a submission refused inside a group leaves nothing behind while the others of
the group are stored; a group that does not commit stores none of its submissions and tells
each caller; a caller gone before its turn is not written; through the REST API, concurrent
clients really share transactions and every accepted comment is stored exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import httpx
import pytest

from wpcompat.app import create_app
from wpcompat.storage import Storage, open_storage
from wpcompat.storage import comment_writes as store

from .discussion_site import make_site


def _values(post_id: int, n: int) -> dict[str, Any]:
    return {"comment_post_ID": post_id, "comment_author": f"Lectrice {n}", "comment_author_email": f"l{n}@exemple.fr",
            "comment_content": f"Commentaire {n}", "comment_date": "2024-05-01 10:00:00",
            "comment_date_gmt": "2024-05-01 08:00:00", "comment_approved": "1"}


def _insert(storage: Storage, n: int, *, fail: bool = False, gate: asyncio.Event | None = None,
            started: asyncio.Event | None = None) -> Callable[[], Awaitable[int]]:
    async def work() -> int:
        if started is not None:
            started.set()
        if gate is not None:
            await gate.wait()
        comment_id = await store.insert_comment(storage, _values(1, n))
        if fail:
            raise ValueError(f"refused after writing {comment_id}")
        return comment_id

    return work


async def _stored_authors(storage: Storage) -> list[str]:
    return sorted(str(row["comment_author"]) for row in await store.list_comments(storage))


async def test_a_refused_submission_leaves_nothing_and_the_others_of_its_group_stay(storage: Storage) -> None:
    before = store.group_stats(storage)
    results = await asyncio.gather(
        store.grouped_write(storage, _insert(storage, 1)),
        store.grouped_write(storage, _insert(storage, 2, fail=True)),
        store.grouped_write(storage, _insert(storage, 3)),
        return_exceptions=True,
    )
    after = store.group_stats(storage)
    # The three queued before the group's task ran: one transaction held them all; the second
    # failed after writing, so that one was rolled back and the two others ran again in another.
    assert (after[0] - before[0], after[1] - before[1]) == (2, 5)
    assert isinstance(results[1], ValueError)
    assert isinstance(results[0], int) and isinstance(results[2], int)
    assert await _stored_authors(storage) == ["Lectrice 1", "Lectrice 3"]


async def test_a_submission_its_checks_refuse_costs_its_group_nothing(storage: Storage) -> None:
    async def refused() -> int:
        raise store.Refusal("a duplicate")

    before = store.group_stats(storage)
    results = await asyncio.gather(
        store.grouped_write(storage, _insert(storage, 1)),
        store.grouped_write(storage, refused),
        store.grouped_write(storage, _insert(storage, 3)),
        return_exceptions=True,
    )
    after = store.group_stats(storage)
    # One transaction, no savepoints: the refusal wrote nothing, the others are stored.
    assert (after[0] - before[0], after[1] - before[1]) == (1, 3)
    assert isinstance(results[1], store.Refusal)
    assert isinstance(results[0], int) and isinstance(results[2], int)
    assert await _stored_authors(storage) == ["Lectrice 1", "Lectrice 3"]


async def test_a_group_that_does_not_commit_stores_none_and_tells_every_caller(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store.write_transaction

    @asynccontextmanager
    async def failing_commit(storage: Storage) -> Any:
        async with real(storage):
            yield
            raise RuntimeError("the commit failed")  # inside: the transaction rolls back

    monkeypatch.setattr(store, "write_transaction", failing_commit)
    results = await asyncio.gather(
        *(store.grouped_write(storage, _insert(storage, n)) for n in range(4)), return_exceptions=True
    )
    assert all(isinstance(r, RuntimeError) for r in results), results
    monkeypatch.undo()
    assert await _stored_authors(storage) == []
    # The queue is usable again afterwards.
    assert isinstance(await store.grouped_write(storage, _insert(storage, 9)), int)
    assert await _stored_authors(storage) == ["Lectrice 9"]


async def test_a_caller_gone_before_its_turn_is_not_written(storage: Storage) -> None:
    gate, started = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(store.grouped_write(storage, _insert(storage, 1, gate=gate, started=started)))
    await started.wait()  # the first group is running: the next submission waits for the next one
    second = asyncio.create_task(store.grouped_write(storage, _insert(storage, 2)))
    third = asyncio.create_task(store.grouped_write(storage, _insert(storage, 3)))
    await asyncio.sleep(0)
    second.cancel()
    gate.set()
    assert isinstance(await first, int)
    assert isinstance(await third, int)
    with pytest.raises(asyncio.CancelledError):
        await second
    assert await _stored_authors(storage) == ["Lectrice 1", "Lectrice 3"]


async def test_a_nested_call_runs_inside_the_callers_transaction(storage: Storage) -> None:
    async def outer() -> int:
        inner = await store.grouped_write(storage, _insert(storage, 2))
        raise ValueError(str(inner))

    with pytest.raises(ValueError):
        await store.grouped_write(storage, outer)
    assert await _stored_authors(storage) == []


CLIENTS = 16
PER_CLIENT = 8


def test_concurrent_rest_clients_share_transactions_and_every_comment_is_stored_once(settings: Any) -> None:
    site = make_site(settings)
    site.settings = replace(site.settings, trusted_proxy_header="X-Forwarded-For")
    site.set_options(comment_previously_approved="0")
    url = "http://example.test/wp-json/wp/v2/comments"

    async def load() -> tuple[list[int], dict[int, int], tuple[int, int]]:
        app = create_app(site.settings)
        storage = app.state.storage = await open_storage(site.settings.database_url, site.settings.table_prefix)
        accepted: list[int] = []
        statuses: dict[int, int] = {}
        try:
            before = store.group_stats(storage)
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://example.test") as http:

                async def client(i: int) -> None:
                    for n in range(PER_CLIENT):
                        body = {"post": site.posts["open"], "author_name": f"Client {i}",
                                "author_email": f"c{i}n{n}@exemple.fr", "content": f"Commentaire {n} de {i}."}
                        headers = {"X-Forwarded-For": f"10.{i}.{n}.1"}
                        for _ in range(2 if n % 3 == 0 else 1):  # the same comment again: a duplicate
                            r = await http.post(url, json=body, headers=headers)
                            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                            if r.status_code == 201:
                                accepted.append(int(r.json()["id"]))

                await asyncio.gather(*(client(i) for i in range(CLIENTS)))
            after = store.group_stats(storage)
        finally:
            await storage.db.disconnect()
        return accepted, statuses, (after[0] - before[0], after[1] - before[1])

    accepted, statuses, (transactions, submissions) = asyncio.run(load())
    duplicates = CLIENTS * len(range(0, PER_CLIENT, 3))
    assert statuses == {201: CLIENTS * PER_CLIENT, 409: duplicates}
    if site.settings.database_url.startswith("sqlite"):
        assert submissions == CLIENTS * PER_CLIENT + duplicates
        assert transactions < submissions  # groups formed
    rows = site.comments("open")
    assert sorted(int(r["comment_ID"]) for r in rows) == sorted(accepted)
    assert len({(r["comment_author_email"], r["comment_content"]) for r in rows}) == len(rows)
    assert site.comment_count("open") == sum(1 for r in rows if r["comment_approved"] == "1")


async def test_a_group_locks_its_post_once_and_each_submission_reads_its_own_checks(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: the group's later submissions to the post its transaction locked skip the
    lock (held until the commit) and get the row it read; each still reads its checks afresh
    (a duplicate of a comment stored earlier in the same group is seen)."""
    import sqlalchemy as sa

    if storage.dialect != "postgresql":
        pytest.skip("SQLite takes no row lock; MariaDB reads the lock with the checks in one round trip")
    posts = storage.tables.posts
    await storage.db.execute(sa.insert(posts).values(
        post_author=3, post_title="Verrou", post_name="verrou", post_content="", post_excerpt="",
        to_ping="", pinged="", post_content_filtered="", post_status="publish", post_type="post"))  # fmt: skip
    post = int(await storage.db.fetch_val(sa.select(sa.func.max(posts.c["ID"]))))
    built: list[str] = []
    statement = store._submission_statement

    def counted(storage: Storage, name: str) -> Any:
        built.append(name)
        return statement(storage, name)

    monkeypatch.setattr(store, "_submission_statement", counted)

    def submission(n: int, content: str) -> Callable[[], Awaitable[tuple[Any, int | None]]]:
        key = store.SubmissionKey(post_id=post, parent=0, author="Lectrice", email="l@exemple.fr",
                                  content=content, ip="192.0.2.1")  # fmt: skip

        async def work() -> tuple[Any, int | None]:
            reads = await store.submission_reads(storage, key)
            if reads.duplicate:
                raise store.Refusal("a duplicate")
            values = {**_values(post, n), "comment_author": "Lectrice", "comment_author_email": "l@exemple.fr",
                      "comment_content": content}  # fmt: skip
            return reads.post, await store.insert_comment(storage, values)

        return work

    before = store.group_stats(storage)
    results = await asyncio.gather(
        *(store.grouped_write(storage, submission(n, f"Texte {n % 3}"), order=post) for n in range(5)),
        return_exceptions=True,
    )
    after = store.group_stats(storage)
    assert (after[0] - before[0], after[1] - before[1]) == (1, 5)
    assert sum(":lock:" in name for name in built) == 1
    stored = [r for r in results if not isinstance(r, BaseException)]
    # Texte 0, 1, 2 stored; the second Texte 0 and Texte 1 are the duplicates of the group's own.
    assert len(stored) == 3 and sum(isinstance(r, store.Refusal) for r in results) == 2
    assert all(row["ID"] == post and row["post_author"] == 3 and row["post_title"] == "Verrou" for row, _ in stored)
