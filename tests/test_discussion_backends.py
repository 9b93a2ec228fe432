"""The comment write SQL on PostgreSQL and MariaDB/MySQL: every statement compiles for those
dialects (no SQLite-only SQL), and the post is locked with SELECT … FOR UPDATE there.

The statements also run live on the test servers of tests/backends.py.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy.dialects import mysql, postgresql

from tests.backends import new_server_database
from wpcompat.storage import comment_writes as store
from wpcompat.storage.database import Storage
from wpcompat.storage.tables import make_tables


@dataclass
class _URL:
    dialect: str


@dataclass
class RecordingDB:
    """Stands in for databases.Database: records the statements, answers with nothing."""

    dialect: str
    statements: list[Any] = field(default_factory=list)

    @property
    def url(self) -> _URL:
        return _URL(self.dialect)

    async def fetch_one(self, query: Any) -> None:
        self.statements.append(query)

    async def fetch_val(self, query: Any) -> int:
        self.statements.append(query)
        return 1

    async def fetch_all(self, query: Any) -> list[Any]:
        self.statements.append(query)
        return []

    async def execute(self, query: Any) -> int:
        self.statements.append(query)
        return 1


async def _every_statement(storage: Storage) -> None:
    await store.lock_post(storage, 5)
    await store.find_duplicate(storage, post_id=5, parent=0, author="a", email="e@x.fr", content="c")
    await store.last_comment_gmt(storage, since_gmt="2024-01-01 00:00:00", user_id=None, ip="1.2.3.4", email="e")
    await store.last_comment_gmt(storage, since_gmt="2024-01-01 00:00:00", user_id=3, ip="1.2.3.4", email="e")
    await store.has_approved_comment(storage, user_id=None, author="a", email="e")
    await store.user_id_by_email(storage, "e@x.fr")
    await store.insert_comment(storage, {"comment_post_ID": 5, "comment_content": "c"})
    await store.update_comment(storage, 9, {"comment_approved": "1"})
    await store.delete_comment_row(storage, {"comment_ID": 9, "comment_parent": 0})
    await store.add_comment_meta(storage, 9, "_wp_trash_meta_status", "1")
    await store.delete_comment_meta(storage, 9, ["_wp_trash_meta_status"])
    await store.first_comment_meta(storage, 9, "_wp_trash_meta_status")
    await store.recount_comments(storage, 5)
    await store.bump_comment_count(storage, 5, 1)
    await store.list_comments(storage, statuses=["0"], post_id=5, limit=10)


@pytest.mark.parametrize(("name", "dialect"), [("postgresql", postgresql.dialect()), ("mysql", mysql.dialect())])
def test_statements_compile_and_lock_the_post(name, dialect):
    db = RecordingDB(name)
    storage = Storage(db=db, tables=make_tables("wp_"))  # type: ignore[arg-type]
    asyncio.run(_every_statement(storage))
    compiled = [str(s.compile(dialect=dialect)) for s in db.statements]
    assert "FOR UPDATE" in compiled[0]
    assert all("FOR UPDATE" not in sql for sql in compiled[1:])
    if name == "postgresql":
        assert any("RETURNING" in sql for sql in compiled)


@pytest.mark.parametrize("kind", ["postgresql", "mysql"])
def test_live_backend(kind):
    # A new database of this run on the local test server (tests/backends.py).
    url = new_server_database(kind)
    from wpcompat.storage import open_storage

    async def scenario() -> None:
        storage = await open_storage(url, "wpct_")
        try:
            async with store.write_transaction(storage):
                await store.lock_post(storage, 1)
                comment_id = await store.insert_comment(storage, {
                    "comment_post_ID": 1, "comment_author": "a", "comment_content": "live",
                    "comment_approved": "1", "comment_date": "2024-01-01 10:00:00",
                    "comment_date_gmt": "2024-01-01 09:00:00"})
                assert await store.find_duplicate(storage, post_id=1, parent=0, author="a", email="",
                                                  content="live") == comment_id
                await store.delete_comment_row(storage, {"comment_ID": comment_id, "comment_parent": 0})
        finally:
            await storage.db.disconnect()

    asyncio.run(scenario())


@pytest.mark.parametrize("kind", ["postgresql", "mysql"])
def test_an_insert_that_counts_its_comment(kind):
    """insert_comment(count_in=post): the comment and its post's comment_count + 1 together (one
    round trip on MariaDB, one statement on PostgreSQL), the new comment's ID returned."""
    import sqlalchemy as sa

    url = new_server_database(kind)
    from wpcompat.storage import open_storage

    async def scenario() -> None:
        storage = await open_storage(url, "wpct_")
        try:
            posts = storage.tables.posts
            stamp = "2024-01-02 10:00:00"
            post_id = int(await storage.db.execute(sa.insert(posts).values(
                post_author=1, post_date=stamp, post_date_gmt=stamp, post_content="", post_title="Compté",
                post_excerpt="", post_status="publish", comment_status="open", ping_status="open",
                post_password="", post_name="compte", to_ping="", pinged="", post_modified=stamp,
                post_modified_gmt=stamp, post_content_filtered="", post_parent=0, guid="", menu_order=0,
                post_type="post", post_mime_type="", comment_count=2)))
            if kind == "postgresql":
                post_id = int(await storage.db.fetch_val(sa.select(sa.func.max(posts.c["ID"]))))
            values = {
                "comment_post_ID": post_id, "comment_author": "a", "comment_author_email": "a@x.fr",
                "comment_author_url": "", "comment_author_IP": "192.0.2.1", "comment_date": stamp,
                "comment_date_gmt": stamp, "comment_content": "compté", "comment_karma": 0,
                "comment_approved": "1", "comment_agent": "", "comment_type": "comment", "comment_parent": 0,
                "user_id": 0,
            }
            ids = []
            for n in range(2):
                async with store.write_transaction(storage):
                    await store.lock_post(storage, post_id)
                    ids.append(await store.insert_comment(storage, {**values, "comment_content": f"c{n}"},
                                                          count_in=post_id))
            rows = await storage.db.fetch_all(
                sa.select(storage.tables.comments.c.comment_ID, storage.tables.comments.c.comment_content)
                .where(storage.tables.comments.c.comment_post_ID == post_id)
                .order_by(storage.tables.comments.c.comment_ID))
            assert [(int(r[0]), r[1]) for r in rows] == [(ids[0], "c0"), (ids[1], "c1")]
            count = await storage.db.fetch_val(sa.select(posts.c.comment_count).where(posts.c["ID"] == post_id))
            assert int(count) == 4
        finally:
            await storage.db.disconnect()

    asyncio.run(scenario())
