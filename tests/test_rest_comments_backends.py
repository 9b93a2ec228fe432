"""The comments read side on PostgreSQL and MariaDB/MySQL, when a test server is given.

The databases are made on the test servers of tests/backends.py (WPCOMPAT_TEST_POSTGRES_URL,
WPCOMPAT_TEST_MYSQL_URL); without a server the test is skipped, under CI it fails.
"""

from __future__ import annotations

import asyncio
import hashlib

import pytest
import sqlalchemy as sa

from settings import Settings
from tests.backends import new_server_database
from wpcompat.storage import open_storage

from .comments_site import API, HOME, PASSWORD, make_site

URL = "/wp-json/wp/v2/comments"
URLS = [
    pytest.param("postgresql", id="postgresql"),
    pytest.param("mysql", id="mysql"),
]


def _drop_tables(url: str) -> None:
    async def run() -> None:
        storage = await open_storage(url, create=False)
        try:
            for table in reversed(storage.tables.metadata.sorted_tables):
                await storage.db.execute(sa.text(f"DROP TABLE IF EXISTS {table.name}"))
        finally:
            await storage.db.disconnect()

    asyncio.run(run())


@pytest.mark.parametrize("url", URLS)
def test_comments_on_server_databases(url: str) -> None:
    # A new database of this run on the local test server (tests/backends.py).
    url = new_server_database(url)
    _drop_tables(url)
    site = make_site(Settings(database_url=url, demo_import=False))
    public = site.posts["public"]
    first = site.comments[("public", "approved")]
    try:
        with site.client() as c:
            r = c.get(f"{URL}/{first}")
            body = r.json()
            digest = hashlib.md5(b"public.approved@exemple.fr").hexdigest()
            assert body["date"] == "2021-03-01T10:01:00" and body["date_gmt"] == "2021-03-01T09:01:00"
            assert body["link"] == f"{HOME}/2021/02/01/public/#comment-{first}"
            assert body["author_avatar_urls"]["96"].endswith(f"/avatar/{digest}?s=96&d=mm&r=g")
            assert body["_links"]["children"] == [{"embeddable": True, "href": f"{API}/wp/v2/comments?parent={first}"}]
            # Default order (date_gmt desc, id desc), totals before the per-comment checks.
            r = c.get(URL, params={"post": public, "per_page": 2})
            assert [x["id"] for x in r.json()] == [site.comments["legacy"], site.comments["by_author"]]
            assert (r.headers["x-wp-total"], r.headers["x-wp-totalpages"]) == ("4", "2")
            r = c.get(URL, params={"per_page": 2, "page": 50})
            assert r.json() == [] and r.headers["x-wp-total"] == "8"
            wanted = [site.comments["reply"], site.comments[("page", "approved")], first]
            r = c.get(URL, params={"include": ",".join(map(str, wanted)), "orderby": "include"})
            assert [x["id"] for x in r.json()] == wanted
            # Case-insensitive search, as MySQL's collation; LIKE wildcards are literal.
            assert [x["id"] for x in c.get(URL, params={"search": "UNE RÉPONSE".replace("É", "é")}).json()] == [
                site.comments["reply"]]
            assert c.get(URL, params={"search": "%"}).json() == []
            r = c.get(URL, params={"after": "2021-03-02T08:59:00", "before": "2021-03-02T09:01:00"})
            assert [x["id"] for x in r.json()] == [site.comments["reply"]]
            r = c.get(URL, params={"status": "all", "orderby": "post", "order": "asc", "per_page": 100,
                                   "type": "comment"}, headers=site.auth("admin"))
            rows = [(x["post"], x["id"]) for x in r.json()]
            assert rows == sorted(rows, key=lambda p: (p[0], -p[1]))
            assert c.get(URL, params={"post": site.posts["protected"], "password": PASSWORD}).status_code == 200
            r = c.get(URL, params={"post": public, "_embed": "1"})
            reply = next(x for x in r.json() if x["id"] == site.comments["reply"])
            assert reply["_embedded"]["in-reply-to"][0]["id"] == first
    finally:
        _drop_tables(url)
