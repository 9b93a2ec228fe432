"""One pool connection held for the change clock's read (PostgreSQL, MariaDB/MySQL).

Every read request reads the change clock first (storage/changes.py, `ChangeWatcher.sync`), and
through `databases` that one primary-key read costs more of our CPU than the database's: a
connection taken from the pool and given back (asyncpg's acquire alone is a few hundred
microseconds of Python), the statement's records built with their result processors. The
watcher reads the clock one read at a time, so one connection taken once and kept serves all
of its reads; the statement is compiled as for any other read (storage/statements.py) and its
rows come back as the driver gives them (integers and text: the clock's columns).

The connection is outside any transaction (the pools' connections run each statement on its
own: autocommit, PostgreSQL's and InnoDB's fresh snapshot per statement), so a read sees every
change committed before it started, whoever committed it. A read that fails on it drops it (back
to the pool, which closes a broken one) and is run again on a pooled connection; a read that
finds it busy (a second watcher on the same backend) takes a pooled one. It is given back
before the pool closes (a pool waits for its connections to come back).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

log = logging.getLogger("wpcompat")

C = TypeVar("C")
Rows = Sequence[Sequence[Any]]


class HeldConnection(Generic[C]):
    """A pool connection taken on first use and kept until `give_back`."""

    def __init__(self, acquire: Callable[[], Awaitable[C]], release: Callable[[C], Awaitable[Any]]) -> None:
        self._acquire = acquire
        self._release = release
        self._connection: C | None = None
        self._lock = asyncio.Lock()
        self._closed = False

    async def run(self, read: Callable[[C], Awaitable[Rows]], fallback: Callable[[], Awaitable[Rows]]) -> Rows:
        """`read(connection)` on the held connection, else `fallback()` (busy, closing, or
        the held connection failed: a read is safe to run again)."""
        if self._closed or self._lock.locked():
            return await fallback()
        async with self._lock:
            try:
                if self._connection is None:
                    self._connection = await self._acquire()
                return await read(self._connection)
            except Exception:  # any failure: drop the connection, read on the pool
                log.debug("held connection failed; reading on the pool", exc_info=True)
                await self._drop()
            except BaseException:
                # Cancelled mid-read: the connection may be halfway through a result.
                await self._drop()
                raise
        return await fallback()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await self._release(connection)

    async def give_back(self) -> None:
        """Before the pool closes: return the connection (waiting for a read in flight)."""
        self._closed = True
        async with self._lock:
            await self._drop()
