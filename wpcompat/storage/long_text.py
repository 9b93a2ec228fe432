"""A text too big to bind: streamed from a file into a row that already exists (SQLite).

Binding a Python string makes SQLite copy it (the bound value) and copy it again into the row's
record, while Python still holds it: three times the text at once. Here the row's column first
gets a text of the right size (zeros: SQLite builds it, twice, but nothing else holds the text
yet), then the file's bytes are written over it through SQLite's incremental blob I/O, a
megabyte at a time. Used by the WXR importer for post contents of many megabytes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from wpcompat.storage.database import Storage

_CHUNK = 1 << 20


async def write_long_text(
    storage: Storage, table: sa.Table, key: str, key_value: int, column: str, path: Path, size: int, raw: Any = None,
) -> None:
    """Set `column` of the row whose `key` is `key_value` to the UTF-8 text in `path` (`size`
    bytes). SQLite only; `raw` is the aiosqlite connection of the caller's transaction."""
    if raw is None:
        raw = storage.db.connection().raw_connection
    name = table.name

    def fill(db: sqlite3.Connection) -> None:
        # Names come from our table definitions, never from input.
        db.execute(f'UPDATE "{name}" SET "{column}" = CAST(zeroblob(?) AS TEXT) WHERE "{key}" = ?', (size, key_value))
        row = db.execute(f'SELECT rowid FROM "{name}" WHERE "{key}" = ?', (key_value,)).fetchone()
        if row is None or not size:
            return
        with db.blobopen(name, column, row[0]) as blob, path.open("rb") as source:
            while chunk := source.read(_CHUNK):
                blob.write(chunk)

    # aiosqlite runs every call on its connection's own thread: so does this one.
    await raw._execute(fill, raw._conn)


__all__ = ["write_long_text"]
