"""The import and export on PostgreSQL and MariaDB/MySQL, when a test server is given.

The databases are made on the test servers of tests/backends.py (WPCOMPAT_TEST_POSTGRES_URL,
WPCOMPAT_TEST_MYSQL_URL); without a server the test is skipped, under CI it fails.
"""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from tests.backends import new_server_database
from tests.conftest import shared_path
from tests.test_wxr_support import dump
from wpcompat.storage import open_storage
from wpcompat.wxr.exporter import export_wxr
from wpcompat.wxr.importer import import_files

URLS = [
    pytest.param("postgresql", id="postgresql"),
    pytest.param("mysql", id="mysql"),
]


async def _clean(storage) -> None:
    for table in reversed(storage.tables.metadata.sorted_tables):
        await storage.db.execute(sa.text(f"DROP TABLE IF EXISTS {table.name}"))


@pytest.mark.parametrize("url", URLS)
async def test_oracle_import_merge_export_on_server_databases(url, tmp_path):
    # A new database of this run on the local test server (tests/backends.py).
    url = new_server_database(url)
    export, extras = shared_path("oracle", "export.wxr.xml"), shared_path("oracle", "extras.wxr.xml")
    storage = await open_storage(url, create=False)
    await _clean(storage)
    await storage.db.disconnect()
    storage = await open_storage(url)
    try:
        first = await import_files(storage, [export, extras], progress=False)
        assert first.posts_total == 25 and first.comments_total == 41 and first.users_created == 3
        state = await dump(storage)
        again = await import_files(storage, [export, extras], progress=False)
        assert again.posts_total == again.comments_total == 0
        assert await dump(storage) == state
        # Sequences moved past the imported ids (PostgreSQL does not do it by itself).
        p = storage.tables.posts
        new_id = await storage.db.execute(sa.insert(p).values(post_title="after import", post_type="post"))
        assert new_id > 24
        await storage.db.execute(sa.delete(p).where(p.c["ID"] == new_id))
        out = io.StringIO()
        await export_wxr(storage, out)
        path = tmp_path / "export.xml"
        path.write_text(out.getvalue(), encoding="utf-8")
        sqlite = await open_storage(f"sqlite:///{tmp_path / 'copy.db'}")
        try:
            await import_files(sqlite, [path], progress=False)
            copy, original = await dump(sqlite, skip_spam=True), await dump(storage, skip_spam=True)
            # What WordPress's exporter leaves out: revisions, and the spam comment with its meta.
            original["wp_posts"] = [r for r in original["wp_posts"] if r[20] != "revision"]
            original["wp_commentmeta"] = [r for r in original["wp_commentmeta"] if r[0] != "15"]
            assert copy == original
        finally:
            await sqlite.db.disconnect()
    finally:
        await _clean(storage)
        await storage.db.disconnect()
