"""Creating and upgrading the schema at start: add what is missing, never drop anything.

WordPress's own tables are created only when absent. When they already exist (an existing
WordPress database served in place) their structure is left exactly as WordPress made it, and
only wpcompat's own tables are added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex, CreateTable

from wpcompat.storage import changes
from wpcompat.storage.bulk import refresh_statistics
from wpcompat.storage.dialect import ddl, existing_names
from wpcompat.storage.options import DB_VERSION_OPTION, SCHEMA_VERSION, install_default_options
from wpcompat.storage.search_index import ensure_search_index
from wpcompat.storage.tables import made_on

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage


async def ensure_schema(storage: Storage) -> list[str]:
    """Create missing tables and indexes; return what was created (for logs and tests)."""
    tables, indexes = await existing_names(storage)
    wordpress_there = storage.tables.posts.name in tables
    ours_before = False
    if storage.tables.options.name in tables:
        row = await storage.db.fetch_one(
            sa.select(storage.tables.options.c.option_value).where(
                storage.tables.options.c.option_name == DB_VERSION_OPTION
            )
        )
        ours_before = row is not None
    # Indexes are added to WordPress's tables only where wpcompat created them itself.
    may_touch_wordpress = not wordpress_there or ours_before
    created: list[str] = []
    added_to_rows: list[str] = []  # indexes new to tables that existed (and may hold rows)
    for table in storage.tables.metadata.sorted_tables:
        is_wordpress = table in storage.tables.wordpress_tables
        existed = table.name in tables
        if not existed:
            await storage.db.execute(ddl(storage, CreateTable(table)))
            created.append(table.name)
        elif is_wordpress and not may_touch_wordpress:
            continue
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            if index.name not in indexes and made_on(index, storage.dialect):
                await storage.db.execute(ddl(storage, CreateIndex(index)))
                created.append(str(index.name))
                if existed:
                    added_to_rows.append(str(index.name))
    if storage.is_sqlite and "sqlite_stat1" in tables:
        # SQLite's planner takes an index without statistics for a very selective one: a
        # new index on a big site's posts drew a rare word's search away from its few
        # candidates into a walk of every post (1 ms -> 60 ms). Its statistics, sampled.
        for name in added_to_rows:
            await storage.db.execute("PRAGMA analysis_limit=1000")
            await storage.db.execute(f'ANALYZE "{name}"')
    # ---- issue 12: the full-text candidate index of post searches (storage/search_index.py)
    created += await ensure_search_index(storage, tables, indexes, may_touch_wordpress)
    # ----
    await install_default_options(storage, fresh=not wordpress_there)
    # The change log's triggers (storage/changes.py) on a site whose tables we made, or where
    # they were installed before (kept complete); on WordPress's own database only on request
    # (`wpcompat cache install`): they are the one thing we would add to WordPress's tables.
    if not wordpress_there or await changes.installed(storage, partly=True):
        created += await changes.install(storage)
    if storage.is_sqlite and "sqlite_stat1" not in tables:
        await refresh_statistics(storage, if_big=True)
    return created


__all__ = ["SCHEMA_VERSION", "ensure_schema", "existing_names"]
