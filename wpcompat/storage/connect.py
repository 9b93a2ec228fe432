"""Opening a site's database through `databases`, with the right backend for each URL."""

from __future__ import annotations

from typing import ClassVar

from databases import Database

from wpcompat.storage.database import Storage
from wpcompat.storage.dialect import DRIVERS, check_url, connection_options
from wpcompat.storage.schema import ensure_schema
from wpcompat.storage.tables import make_tables


class WPDatabase(Database):
    """`databases.Database` with this project's drivers (storage/dialect.py)."""

    SUPPORTED_BACKENDS: ClassVar[dict[str, str]] = {**Database.SUPPORTED_BACKENDS, **DRIVERS}


def check_database_url(database_url: str) -> str:
    """The URL when a backend of storage/dialect.py (`SCHEMES`) serves its scheme; else
    SettingsError, one line naming DATABASE_URL (the CLI checks it at start-up)."""
    return check_url(database_url)


async def open_storage(database_url: str, table_prefix: str = "wp_", create: bool = True) -> Storage:
    """Connect, and create or upgrade the schema unless `create` is false."""
    check_database_url(database_url)
    db = WPDatabase(database_url, **connection_options(database_url))
    await db.connect()
    storage = Storage(db=db, tables=make_tables(table_prefix))
    if create:
        await ensure_schema(storage)
    return storage
