#!/usr/bin/env python3
"""Copy an imported SQLite site into a fresh PostgreSQL or MariaDB database, table by table.

For the big-site benchmark (bench/bigsite.py): importing the 1.6 GB export into the servers
goes through the WXR parser and the importer's per-post work again; copying the rows of a
SQLite site already imported is a plain bulk load (COPY on PostgreSQL, multi-row INSERTs on
MariaDB), with the same storage functions the importer ends with (search side table, id
sequences, planner statistics).

    bench/load_from_sqlite.py /tmp/bigsite/wpc_bigsite_100k.db \
        --server postgresql://postgres@127.0.0.1:5432/postgres --name wpc_i12big_100k
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from import_bench import _server_database  # noqa: E402

from wpcompat.storage import changes, open_storage  # noqa: E402
from wpcompat.storage.bulk import bump_sequences, insert_rows, settle_after_bulk_load  # noqa: E402

BATCH = 5000


async def load(source: Path, url: str) -> None:
    storage = await open_storage(url)
    src = sqlite3.connect(source)
    try:
        for table in storage.tables.wordpress_tables:
            started = time.monotonic()
            names = [c.name for c in table.columns]
            # Rows a fresh schema already holds (default options, the first user …) give way.
            await storage.db.execute(table.delete())
            cursor = src.execute(f'SELECT {", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)} FROM "{table.name}"')
            count = 0
            async with storage.db.transaction():
                dropped = await changes.suspend_for_bulk_load(storage)
                while rows := cursor.fetchmany(BATCH):
                    await insert_rows(storage, table, [dict(zip(names, row, strict=True)) for row in rows])
                    count += len(rows)
                await changes.resume_after_bulk_load(storage, dropped)
            print(f"{table.name}: {count:,} rows in {time.monotonic() - started:.1f} s", file=sys.stderr)
        await bump_sequences(storage)
        await settle_after_bulk_load(storage)
    finally:
        src.close()
        await storage.db.disconnect()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sqlite", help="the SQLite database of an imported site")
    ap.add_argument("--server", required=True, help="PostgreSQL/MariaDB server URL (any database on it)")
    ap.add_argument("--name", required=True, help="the database made (dropped first) on the server")
    a = ap.parse_args()
    url = _server_database(a.server, a.name, create=True)
    started = time.monotonic()
    asyncio.run(load(Path(a.sqlite), url))
    print(f"{url}: loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
