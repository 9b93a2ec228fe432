"""RSS feeds on the demo blog: valid XML at WordPress's addresses, with the right items."""

import pytest
from lxml import etree
from starlette.testclient import TestClient

from settings import Settings
from wpcompat.app import create_app


@pytest.fixture
def client(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}", site_url="http://blog.test")
    with TestClient(create_app(settings)) as c:
        yield c


def _items(response):
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/rss+xml; charset=UTF-8"
    root = etree.fromstring(response.content)
    return root, root.findall("./channel/item")


def test_posts_feed(client):
    root, items = _items(client.get("/feed/"))
    assert items, "the demo blog has published posts"
    assert root.findtext("./channel/link") == "http://blog.test"
    link = items[0].findtext("link")
    assert link.startswith("http://blog.test/")
    self_link = root.find("./channel/{http://www.w3.org/2005/Atom}link").get("href")
    assert self_link == "http://blog.test/feed/"


def test_comments_feed_and_a_posts_comments_feed(client):
    _, items = _items(client.get("/comments/feed/"))
    assert items
    comment_link = items[0].findtext("link")
    permalink = comment_link.split("#")[0]
    path = permalink.removeprefix("http://blog.test")
    _, post_items = _items(client.get(path + "feed/"))
    assert all(i.findtext("link").startswith(permalink) for i in post_items)
    assert post_items[0].findtext("title").strip().startswith("By: ")


def test_category_feed_and_unknown_paths(client):
    _, posts = _items(client.get("/feed/"))
    # As WordPress 6.1 (tests/oracle_public/*/feed_*_missing.json): empty feeds, not 404s.
    for path in ("/category/no-such-category/feed/", "/2001/01/01/no-such-post/feed/"):
        missing = client.get(path)
        assert missing.status_code == 200 and "<item>" not in missing.text
    categories = {c.text for i in posts for c in i.findall("category")}
    assert categories
