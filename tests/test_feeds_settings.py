"""Feeds follow the site's reading and discussion settings as WordPress 6.1's templates do
(found on the oracle site "offset": summaries only, comments closed with age, paged comment
links, replies introduced, guids; pages' comment feeds are replayed with that site)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from starlette.testclient import TestClient

from settings import Settings
from wpcompat.app import create_app
from wpcompat.storage import open_storage
from wpcompat.storage.options import set_option


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with TestClient(create_app(Settings(database_url=url, site_url="http://blog.test"))) as c:
        yield c, url


def _options(url: str, **values: str) -> None:
    async def run() -> None:
        storage = await open_storage(url)
        try:
            for name, value in values.items():
                await set_option(storage, name, value)
        finally:
            await storage.db.disconnect()
    asyncio.run(run())


def _items(response) -> list:
    assert response.status_code == 200, response.text[:300]
    return etree.fromstring(response.content).findall("./channel/item")


def test_summaries_only_leave_out_the_content(site) -> None:
    client, url = site
    assert all(i.find("{http://purl.org/rss/1.0/modules/content/}encoded") is not None for i in _items(client.get("/feed/")))
    _options(url, rss_use_excerpt="1")
    items = _items(client.get("/feed/"))
    assert items
    assert all(i.find("{http://purl.org/rss/1.0/modules/content/}encoded") is None for i in items)
    assert all(i.findtext("description") for i in items)


def test_comments_closed_with_age_have_no_comments_link(site) -> None:
    client, url = site
    posts = client.get("/wp-json/wp/v2/posts", params={"per_page": 100, "_fields": "id,link"}).json()
    counts = {p["link"]: len(client.get("/wp-json/wp/v2/comments", params={"post": p["id"]}).json()) for p in posts}
    _options(url, close_comments_for_old_posts="1", close_comments_days_old="1")
    for item in _items(client.get("/feed/")):
        has_comments = counts.get(item.findtext("link"), 0) > 0
        # get_comments_number() || comments_open(): every demo post is older than a day.
        assert (item.find("comments") is not None) == has_comments


def test_comment_items_replies_guids_and_paged_links(site) -> None:
    client, url = site
    _options(url, page_comments="1", comments_per_page="1", default_comments_page="newest")
    items = _items(client.get("/comments/feed/"))
    assert items
    comments = {c["id"]: c for c in client.get("/wp-json/wp/v2/comments", params={"per_page": 100}).json()}
    for item in items:
        cid = int(item.findtext("link").rsplit("#comment-", 1)[1])
        comment = comments[cid]
        post = client.get(f"/wp-json/wp/v2/posts/{comment['post']}", params={"_fields": "guid,link"}).json()
        # get_comment_guid(): the post's guid; get_comment_link(): its comment page when paged.
        assert item.findtext("guid") == f"{post['guid']['rendered']}#comment-{cid}"
        assert item.findtext("link") == comment["link"]
        assert re.search(r"/comment-page-\d+/#comment-", item.findtext("link"))
        description = item.findtext("description")
        assert description.startswith("In reply to <a href=") == bool(comment["parent"])

