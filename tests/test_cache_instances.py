"""Two `wpcompat serve` processes on one database, each with its response cache, stay true.

A write on either instance, or straight into WordPress's tables (as WordPress itself writes when
wpcompat serves its database in place), is in the very next answer of both; and the cache is
fine-grained: a comment on post A leaves `posts/B` and B's comments cached. Whether an answer
came from the cache is read from the X-WPC-Cache header, which WPCOMPAT_CACHE_HEADER turns on.
Runs on SQLite, PostgreSQL and MariaDB whatever --backend says, and once more with the answers
shared through Redis (WPCOMPAT_TEST_REDIS_URL, default db 5 of the local server; skipped
without one).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tests.backends import new_server_database
from tests.test_multi_instance import serving
from wpcompat.storage import open_storage

REDIS_URL = os.environ.get("WPCOMPAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
_POST = {
    "post_status": "publish", "post_type": "post", "comment_status": "open",
    "post_date": "2024-01-01 10:00:00", "post_date_gmt": "2024-01-01 09:00:00",
    "post_modified": "2024-01-01 10:00:00", "post_modified_gmt": "2024-01-01 09:00:00",
    "post_content": "", "post_excerpt": "", "to_ping": "", "pinged": "", "post_content_filtered": "",
}  # fmt: skip


async def _sql(url: str, statement: sa.Executable, then: sa.Select[tuple[int]] | None = None) -> int | None:
    """Run a statement straight on the tables, as WordPress (or any other program) would; then
    read one value (PostgreSQL's INSERT tells no id)."""
    storage = await open_storage(url, create=False)
    try:
        await storage.db.execute(statement)
        return await storage.db.fetch_val(then) if then is not None else None
    finally:
        await storage.db.disconnect()


async def _site(url: str) -> tuple[int, int]:
    storage = await open_storage(url)  # our schema, with the change log's triggers
    try:
        o, p = storage.tables.options, storage.tables.posts
        # A first-time commenter is published at once (not held for a previous approval).
        await storage.db.execute(
            sa.update(o).where(o.c.option_name == "comment_previously_approved").values(option_value="0"))
        a = await storage.db.execute(sa.insert(p).values(post_title="Post A", post_name="post-a", **_POST))
        b = await storage.db.execute(sa.insert(p).values(post_title="Post B", post_name="post-b", **_POST))
        return a, b
    finally:
        await storage.db.disconnect()


@pytest.fixture
def redis_db() -> Iterator[None]:
    """The test's Redis database, its answers deleted afterwards."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    yield
    for key in client.scan_iter("wpc:*"):
        client.delete(key)


def _get(base: str, path: str, **params: object) -> httpx.Response:
    r = httpx.get(base + "/wp-json" + path, params=params)  # type: ignore[arg-type]
    assert r.status_code == 200, r.text
    return r


@pytest.mark.parametrize("shared", [False, True], ids=["embedded", "redis"])
@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "mysql"])
def test_two_cached_instances_see_every_write_and_forget_only_what_it_touches(
    kind: str, shared: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest,
) -> None:
    if shared:
        request.getfixturevalue("redis_db")
        monkeypatch.setenv("WPCOMPAT_CACHE_URL", REDIS_URL)
    monkeypatch.setenv("WPCOMPAT_CACHE_HEADER", "true")
    monkeypatch.setenv("WPCOMPAT_RESPONSE_CACHE", "true")
    db_url = f"sqlite:///{tmp_path / 'site.db'}" if kind == "sqlite" else new_server_database(kind)
    post_a, post_b = asyncio.run(_site(db_url))
    posts, comments = "/wp/v2/posts", "/wp/v2/comments"
    with serving(db_url, tmp_path, "a") as a, serving(db_url, tmp_path, "b") as b:
        # Each instance computes an answer once, then serves it from its cache; with Redis the
        # second instance finds what the first computed.
        for path, params in ((f"{posts}/{post_b}", {}), (comments, {"post": post_a}), (comments, {"post": post_b})):
            assert _get(a, path, **params).headers["x-wpc-cache"] == "miss"
            assert _get(b, path, **params).headers["x-wpc-cache"] == ("hit" if shared else "miss")
            assert _get(a, path, **params).headers["x-wpc-cache"] == "hit"
            assert _get(b, path, **params).headers["x-wpc-cache"] == "hit"

        # A comment on A, posted through instance A: the next read of A's comments on either
        # instance has it; post B and B's comments stay cached on both.
        r = httpx.post(a + "/wp-json" + comments, json={
            "post": post_a, "author_name": "Ana", "author_email": "ana@example.test", "content": "On A, via a."})
        assert r.status_code == 201, r.text
        first = r.json()["id"]
        for base in (b, a):
            seen = _get(base, comments, post=post_a)
            assert [c["id"] for c in seen.json()] == [first]
            assert _get(base, f"{posts}/{post_b}").headers["x-wpc-cache"] == "hit"
            assert _get(base, comments, post=post_b).headers["x-wpc-cache"] == "hit"

        # WordPress's own writes, straight into the tables: a comment row on A, then B's title.
        table = sa.table(
            _prefixed("comments"), sa.column("comment_ID"), sa.column("comment_post_ID"), sa.column("comment_content"),
            sa.column("comment_author"), sa.column("comment_approved"), sa.column("comment_date"),
            sa.column("comment_date_gmt"), sa.column("comment_type"),
        )
        second = asyncio.run(_sql(db_url, sa.insert(table).values(
            comment_post_ID=post_a, comment_content="Written by WordPress.", comment_author="Wp",
            comment_approved="1", comment_date="2024-01-02 10:00:00", comment_date_gmt="2024-01-02 09:00:00",
            comment_type="comment",
        ), sa.select(sa.func.max(table.c.comment_ID))))  # fmt: skip
        for base in (a, b):
            assert sorted(c["id"] for c in _get(base, comments, post=post_a).json()) == sorted([first, second])
            assert _get(base, f"{posts}/{post_b}").headers["x-wpc-cache"] == "hit"
        asyncio.run(_sql(db_url, sa.update(sa.table(_prefixed("posts"), sa.column("ID"), sa.column("post_title")))
                         .where(sa.column("ID") == post_b).values(post_title="Post B, renamed")))  # fmt: skip
        for base in (b, a):
            assert _get(base, f"{posts}/{post_b}").json()["title"]["rendered"] == "Post B, renamed"

        # An option (the site's name) changed in the table: every answer may show options, so
        # both instances forget everything.
        asyncio.run(_sql(db_url, sa.update(sa.table(_prefixed("options"), sa.column("option_name"),
                                                    sa.column("option_value")))
                         .where(sa.column("option_name") == "blogname").values(option_value="Renamed")))  # fmt: skip
        assert _get(a, "/").json()["name"] == _get(b, "/").json()["name"] == "Renamed"
        assert _get(a, comments, post=post_b).headers["x-wpc-cache"] == "miss"
        assert _get(b, comments, post=post_b).headers["x-wpc-cache"] == ("hit" if shared else "miss")


def _prefixed(name: str) -> str:
    return f"wp_{name}"
