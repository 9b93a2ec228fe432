"""Users, terms and settings routes on PostgreSQL and MariaDB/MySQL, when a test server is given.

The databases are made on the test servers of tests/backends.py (WPCOMPAT_TEST_POSTGRES_URL,
WPCOMPAT_TEST_MYSQL_URL); without a server the test is skipped, under CI it fails.
"""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from settings import Settings
from tests.backends import new_server_database
from wpcompat.storage import open_storage

from .readside_site import make_site

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
def test_read_and_write_routes_on_server_databases(url: str) -> None:
    # A new database of this run on the local test server (tests/backends.py).
    url = new_server_database(url)
    _drop_tables(url)
    site = make_site(Settings(database_url=url, demo_import=False))
    admin = site.auth("admin")
    with site.client() as client:
        r = client.get("/wp-json/wp/v2/categories")
        assert [c["id"] for c in r.json()] == [6, 5, 3, 2, 1, 7, 4]
        r = client.get("/wp-json/wp/v2/categories", params={"hide_empty": "1"})
        assert r.headers["X-WP-Total"] == "5"
        assert [t["id"] for t in client.get("/wp-json/wp/v2/tags", params={"search": "sc"}).json()] == [10]
        assert [t["id"] for t in client.get("/wp-json/wp/v2/tags", params={"post": site.posts["bilan"]}).json()] == [
            11, 12, 10]
        r = client.get("/wp-json/wp/v2/users", params={"search": "DUP"})
        assert [u["name"] for u in r.json()] == ["Jeanne Dupont"]
        r = client.get("/wp-json/wp/v2/users", params={"who": "authors", "orderby": "include",
                                                        "include": f"{site.users['author']},{site.users['admin']}"},
                       headers=admin)
        assert [u["name"] for u in r.json()] == ["Jeanne Dupont", "Camille Martin"]
        r = client.get("/wp-json/wp/v2/users", params={"roles": "editor,subscriber"}, headers=admin)
        assert [u["name"] for u in r.json()] == ["Eddy Teur", "Paul Lefèvre"]
        r = client.get("/wp-json/wp/v2/users", params={"capabilities": "moderate_comments"}, headers=admin)
        assert [u["name"] for u in r.json()] == ["Camille Martin", "Eddy Teur"]
        r = client.post("/wp-json/wp/v2/tags", json={"name": "Nouveau", "slug": "scop"}, headers=admin)
        assert r.status_code == 201 and r.json()["slug"] == "scop-2"
        new_id = r.json()["id"]
        r = client.delete(f"/wp-json/wp/v2/tags/{new_id}", params={"force": "true"}, headers=admin)
        assert r.status_code == 200
        r = client.post("/wp-json/wp/v2/users", json={"username": "nouveau", "email": "n@exemple.fr",
                                                     "password": "x", "roles": ["author"]}, headers=admin)
        assert r.status_code == 201 and r.json()["roles"] == ["author"]
        r = client.post("/wp-json/wp/v2/settings", json={"posts_per_page": 7}, headers=admin)
        assert r.json()["posts_per_page"] == 7
    _drop_tables(url)
