"""The change clock read on its held connection (storage/held_connection.py, the backends'
`fetch_held`): it sees what other connections commit, a broken connection is replaced by the
pool's without a failed read, and closing the storage gives it back.

Runs on SQLite, and with `--backend postgresql` / `--backend mysql` on their test servers.
"""

from __future__ import annotations

import asyncio
from typing import Any

import sqlalchemy as sa

from wpcompat.storage import Storage, changes, open_storage

_POST = {
    "post_status": "publish", "post_type": "post", "post_content": "", "post_excerpt": "",
    "to_ping": "", "pinged": "", "post_content_filtered": "",
}  # fmt: skip


async def _write_post(storage: Storage, title: str) -> None:
    await storage.db.execute(sa.insert(storage.tables.posts).values(post_title=title, post_name=title, **_POST))


def _held_connection(storage: Storage) -> Any:
    backend = storage.db._backend  # type: ignore[attr-defined]
    held = getattr(backend, "_held_connection", None)
    if held is not None:
        return held._connection
    return getattr(backend, "_clock", None)


async def test_the_clock_follows_another_instance_s_writes(storage: Storage) -> None:
    other = await open_storage(str(storage.db.url), storage.tables.prefix, create=False)
    try:
        watcher = changes.watcher(storage)
        first = await watcher.sync()
        assert first is not None
        for n in range(3):
            await _write_post(other, f"autre-{n}")
            seen = await watcher.sync()
            assert seen is not None and seen > first
            first = seen
        assert _held_connection(storage) is not None
    finally:
        await other.close()


async def _break(connection: Any) -> None:
    if hasattr(connection, "terminate"):  # asyncpg
        connection.terminate()
    else:
        result = connection.close()  # asyncmy (sync), sqlite3 (sync)
        if asyncio.iscoroutine(result):
            await result


async def test_a_broken_held_connection_is_replaced(storage: Storage) -> None:
    watcher = changes.watcher(storage)
    before = await watcher.sync()
    assert before is not None
    broken = _held_connection(storage)
    assert broken is not None
    await _break(broken)
    await _write_post(storage, "apres")
    after = await watcher.sync()
    assert after is not None and after > before
    # The next read takes a new connection for the clock.
    await _write_post(storage, "encore")
    assert (await watcher.sync() or 0) > after
    assert _held_connection(storage) not in (None, broken)


async def test_closing_gives_the_connection_back(storage: Storage) -> None:
    other = await open_storage(str(storage.db.url), storage.tables.prefix, create=False)
    await changes.watcher(other).sync()
    assert _held_connection(other) is not None
    await asyncio.wait_for(other.close(), timeout=30)
    assert _held_connection(other) is None
