"""A real feed reader (feedparser) on every feed address WordPress serves, for each permalink
structure: each feed parses without error (not even a "bozo" warning), has entries where the
site has content, and every entry's link answers 200 once redirects are followed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from settings import Settings
from tests.conftest import shared_path
from tests.public_site import build_public_site
from wpcompat.app import create_app

feedparser = pytest.importorskip("feedparser")

HOME = "http://testserver"
# Every feed address of WordPress, per structure; `None`: not an address of that structure.
# (pretty, plain, must have entries)
FEEDS = [
    ("/feed/", "/?feed=rss2", True),
    ("/feed/atom/", "/?feed=atom", True),
    ("/feed/rss2/", "/?feed=rss2", True),
    ("/comments/feed/", "/?feed=comments-rss2", True),
    ("/comments/feed/atom/", "/?feed=comments-atom", True),
    ("{post}feed/", "/?feed=rss2&p=8", True),
    ("{post}feed/atom/", "/?feed=atom&p=8", True),
    ("{category}feed/", "/?feed=rss2&cat=3", True),
    ("{category}feed/atom/", "/?feed=atom&cat=3", True),
    ("{tag}feed/", "/?feed=rss2&tag=scop", True),
    ("{author}feed/", "/?feed=rss2&author=2", True),
    ("{author}feed/atom/", "/?feed=atom&author=2", True),
    ("/search/scop/feed/rss2/", "/?s=scop&feed=rss2", True),
    ("/search/scop/feed/atom/", "/?s=scop&feed=atom", True),
    ("{year}feed/", "/?m=2020&feed=rss2", True),
    ("/?feed=rss2", "/?feed=rss2", True),
    ("/?feed=comments-atom", "/?feed=comments-atom", True),
]


@pytest.fixture(scope="module", params=["plain", "date", "archives", "cat"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, TestClient]]:
    db: Path = tmp_path_factory.mktemp(f"feeds-{request.param}") / "site.db"
    settings = build_public_site(Settings(site_url=HOME), shared_path("oracle"), request.param, db)
    with TestClient(create_app(settings), base_url=HOME) as client:
        yield request.param, client


def _links(client: TestClient) -> dict[str, str]:
    def link(route: str) -> str:
        url = client.get("/wp-json" + route).json()["link"]
        path = url.removeprefix(HOME)
        return path if path.endswith("/") else path + "/"

    return {
        "post": link("/wp/v2/posts/8"), "category": link("/wp/v2/categories/3"),
        "tag": link("/wp/v2/tags/5"), "author": link("/wp/v2/users/2"),
    }


def test_every_feed_address_reads_in_a_feed_reader(site: tuple[str, TestClient]) -> None:
    structure, client = site
    links = _links(client) if structure != "plain" else {}
    if links:
        year = client.get("/?m=2020", follow_redirects=False).headers["location"].removeprefix(HOME)
        links["year"] = year if year.endswith("/") else year + "/"
    checked_links: set[str] = set()
    for pretty, plain, with_entries in FEEDS:
        address = plain if structure == "plain" else pretty.format(**links)
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.headers["content-type"].split(";")[0] in ("application/rss+xml", "application/atom+xml")
        parsed = feedparser.parse(response.content, response_headers={
            "content-location": HOME + address, "content-type": response.headers["content-type"]})
        assert not parsed.bozo, (address, parsed.get("bozo_exception"))
        assert parsed.feed.get("title") is not None, address
        if with_entries:
            assert parsed.entries, address
        for entry in parsed.entries:
            link = entry.link
            assert link.startswith(HOME), (address, link)
            page = link.split("#")[0]
            if page in checked_links:
                continue
            checked_links.add(page)
            answer = client.get(page.removeprefix(HOME) or "/")
            assert answer.status_code == 200, (address, link)
    assert len(checked_links) >= 10
