"""Pages of a post's comments kept across requests (wpcompat/rest/comment_pages.py) follow every
write that changes them, whoever writes: a comment added, deleted, moved to another post,
approved, its meta, its author's email; and an unchanged post's page is read once.

Runs on SQLite, and with `--backend postgresql` / `--backend mysql` on their test servers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from settings import Settings
from wpcompat.rest import comment_pages
from wpcompat.storage import Storage

from .comments_site import Site, add_comment, make_site


@pytest.fixture
def site(db_url: str) -> Site:
    return make_site(Settings(database_url=db_url, demo_import=False, response_cache=False))


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


def _page(client: TestClient, site: Site, post: str = "public", **params: Any) -> tuple[list[dict[str, Any]], str]:
    r = client.get("/wp-json/wp/v2/comments", params={"post": site.posts[post], **params},
                   headers=site.auth("subscriber"))
    assert r.status_code == 200, r.text
    return r.json(), r.headers["X-WP-Total"]


def _ids(client: TestClient, site: Site, post: str = "public", **params: Any) -> list[int]:
    return [c["id"] for c in _page(client, site, post, **params)[0]]


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The page queries that reach the database (a counter around query_comments)."""
    reads: list[int] = []
    original = comment_pages.query_comments

    async def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return await original(*args, **kwargs)

    monkeypatch.setattr(comment_pages, "query_comments", counted)
    return reads


def test_an_unchanged_post_s_page_is_read_once(site: Site, client: TestClient,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # (The subscriber's first request records the Application Password's use: a change.)
    _page(client, site)
    reads = _count_reads(monkeypatch)
    first = _page(client, site)
    for _ in range(3):
        assert _page(client, site) == first
    assert len(reads) == 1
    # Another page of the same post, another query: read once too.
    _page(client, site, per_page=1, page=2)
    _page(client, site, per_page=1, page=2)
    assert len(reads) == 2


def test_a_comment_on_another_post_keeps_the_page(site: Site, client: TestClient,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _ids(client, site)
    reads = _count_reads(monkeypatch)
    before = _ids(client, site)

    async def elsewhere(storage: Storage) -> None:
        await add_comment(storage, site.posts["page"], date="2021-03-05 09:00:00")

    site.run(elsewhere)
    assert _ids(client, site) == before
    assert len(reads) == 1


def test_a_comment_added_directly_is_seen(site: Site, client: TestClient) -> None:
    before, total = _page(client, site)
    assert _page(client, site) == (before, total)
    added: list[int] = []

    async def add(storage: Storage) -> None:
        added.append(await add_comment(storage, site.posts["public"], date="2021-03-05 09:00:00"))

    site.run(add)
    after, new_total = _page(client, site)
    assert after[0]["id"] == added[0]
    assert int(new_total) == int(total) + 1


def test_a_comment_deleted_or_moved_directly_leaves_the_page(site: Site, client: TestClient) -> None:
    comment_id = site.comments[("public", "approved")]
    assert comment_id in _ids(client, site)
    assert comment_id not in _ids(client, site, "page")
    site.write_directly(lambda t: sa.update(t.comments).where(t.comments.c["comment_ID"] == comment_id)
                        .values(comment_post_ID=site.posts["page"]))
    assert comment_id not in _ids(client, site)
    assert comment_id in _ids(client, site, "page")
    site.write_directly(lambda t: sa.delete(t.comments).where(t.comments.c["comment_ID"] == comment_id))
    assert comment_id not in _ids(client, site, "page")


def test_a_held_comment_approved_directly_appears(site: Site, client: TestClient) -> None:
    held = site.comments[("public", "hold")]
    assert held not in _ids(client, site)
    assert held not in _ids(client, site)
    site.write_directly(lambda t: sa.update(t.comments).where(t.comments.c["comment_ID"] == held)
                        .values(comment_approved="1"))
    assert held in _ids(client, site)


def test_a_social_picture_added_to_the_meta_is_shown(site: Site, client: TestClient) -> None:
    comment_id = site.comments[("public", "approved")]
    before = {c["id"]: c for c in _page(client, site)[0]}[comment_id]["author_avatar_urls"]
    assert {c["id"]: c for c in _page(client, site)[0]}[comment_id]["author_avatar_urls"] == before
    site.write_directly(lambda t: sa.insert(t.commentmeta).values(
        comment_id=comment_id, meta_key="hc_avatar", meta_value="https://images.exemple.fr/a.png"))
    after = {c["id"]: c for c in _page(client, site)[0]}[comment_id]["author_avatar_urls"]
    assert after != before
    assert "images.exemple.fr" in next(iter(after.values()))


def test_a_second_instance_sees_a_comment_trashed_on_the_first(site: Site) -> None:
    comment_id = site.comments[("public", "approved")]
    with site.client() as one, site.client() as two:
        for client in (one, two, one, two):
            assert comment_id in _ids(client, site)
        r = one.delete(f"/wp-json/wp/v2/comments/{comment_id}", headers=site.auth("admin"))
        assert r.status_code == 200, r.text
        assert comment_id not in _ids(two, site)
        assert comment_id not in _ids(one, site)
