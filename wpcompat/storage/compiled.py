"""PostgreSQL and MariaDB/MySQL backends for `databases` that compile each statement shape once.

`databases` compiles every statement anew; as the SQLite pool does (sqlite_pool.py), these take
the compiled form from storage/statements.py (by SQLAlchemy's cache key, or by identity for a
prebuilt statement) and only bind each call's values. Same SQL text, same values, same results:
only the compiling is saved.
"""

from __future__ import annotations

import typing

from databases.backends.asyncmy import AsyncMyBackend, AsyncMyConnection
from databases.backends.asyncmy import CompilationContext as MyCompilationContext
from databases.backends.common.records import Record, Row
from databases.backends.postgres import PostgresBackend, PostgresConnection
from sqlalchemy.sql import ClauseElement

from wpcompat.storage.held_connection import HeldConnection, Rows
from wpcompat.storage.statements import MYSQL, POSTGRESQL, bound

# ---------------------------------------------------------------- PostgreSQL (asyncpg)
_PG = POSTGRESQL


class CachedPostgresConnection(PostgresConnection):
    def _compile(self, query: ClauseElement) -> tuple[str, list[typing.Any], typing.Any]:
        found = _PG.expanded(query, self._dialect)
        if found is None:
            return super()._compile(query)  # type: ignore[no-any-return]
        compiled, expanded = found
        # asyncpg numbers its parameters: $1, $2 … in the order of the sorted names, as databases does.
        sql, names = _PG.numbered_sql(expanded.statement, expanded.parameters)
        return sql, [bound(expanded, name) for name in names], compiled._result_columns

    async def fetch_all(self, query: ClauseElement) -> list[Record]:
        assert self._connection is not None, "Connection is not acquired"
        sql, args, result_columns = self._compile(query)
        rows = await self._connection.fetch(sql, *args)
        maps = _PG.maps(result_columns)
        return [Record(row, result_columns, self._dialect, maps) for row in rows]

    async def fetch_one(self, query: ClauseElement) -> Record | None:
        assert self._connection is not None, "Connection is not acquired"
        sql, args, result_columns = self._compile(query)
        row = await self._connection.fetchrow(sql, *args)
        if row is None:
            return None
        return Record(row, result_columns, self._dialect, _PG.maps(result_columns))


async def _release_as_is(connection: typing.Any) -> None:
    """What the pool does to a connection given back, after asyncpg's own `_reset()` (which
    rolls back a transaction left open and drops listeners): nothing more.

    asyncpg's default sends `pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL` on
    every release, one more round trip for each statement run outside a transaction (the change
    clock read before each cached answer is one) and for each transaction. None of it has
    anything to undo here: we take no advisory lock, LISTEN to nothing, SET nothing for the
    session (only SET LOCAL, which ends with its transaction), and asyncpg's cursors live only
    inside transactions."""


class _HeldForClock:
    """The backend's held connection for the change clock (storage/held_connection.py): taken
    from its pool on first use, given back before the pool closes."""

    _pool: typing.Any
    _held_connection: HeldConnection[typing.Any] | None = None

    def _held(self) -> HeldConnection[typing.Any]:
        held = self._held_connection
        if held is None:
            pool = self._pool
            assert pool is not None, "DatabaseBackend is not running"
            held = self._held_connection = HeldConnection(pool.acquire, pool.release)
        return held

    async def disconnect(self) -> None:
        held, self._held_connection = self._held_connection, None
        if held is not None:
            await held.give_back()
        await super().disconnect()  # type: ignore[misc]


class CachedPostgresBackend(_HeldForClock, PostgresBackend):
    def connection(self) -> CachedPostgresConnection:
        return CachedPostgresConnection(self, self._dialect)

    def _get_connection_kwargs(self) -> dict[str, typing.Any]:
        kwargs: dict[str, typing.Any] = super()._get_connection_kwargs()
        kwargs.setdefault("reset", _release_as_is)
        return kwargs

    async def fetch_held(self, query: ClauseElement, fallback: typing.Callable[[], typing.Awaitable[Rows]]) -> Rows:
        """The rows of a prebuilt statement, as asyncpg gives them, read on the held connection
        (storage/held_connection.py; `fallback` where it cannot be)."""
        sql, args, _ = self.connection()._compile(query)

        async def read(connection: typing.Any) -> Rows:
            return await connection.fetch(sql, *args)  # type: ignore[no-any-return]

        return await self._held().run(read, fallback)

    async def data_version(self) -> str | None:
        """A text that changes whenever any transaction that writes commits (or ends), from
        any client: the server's current snapshot, `xmin:xmax:in-progress ids`.

        A transaction gets an id only when it writes. A write committed after one reading
        either was in progress then (its id leaves the list) or got its id later (xmax moves
        past it), so the text differs. It is the whole server's, so other databases' writes
        move it too: a needless re-read, never a missed change. Small on purpose: the change
        log of storage/changes.py (per table, with tags) is the fine-grained one.
        """
        if self._pool is None:
            return None
        async with self._pool.acquire() as connection:
            value = await connection.fetchval("SELECT txid_current_snapshot()::text")
        return None if value is None else str(value)


# ---------------------------------------------------------------- MariaDB / MySQL (asyncmy)
_MY = MYSQL


class CachedAsyncMyConnection(AsyncMyConnection):
    def _compile(self, query: ClauseElement) -> tuple[str, typing.Any, typing.Any, typing.Any]:
        found = _MY.expanded(query, self._dialect)
        if found is None:
            return super()._compile(query)  # type: ignore[return-value]
        compiled, expanded = found
        args = {name: bound(expanded, name) for name in expanded.parameters}
        context = MyCompilationContext(_MY.context(self._dialect, compiled))
        return expanded.statement, args, compiled._result_columns, context

    async def fetch_all(self, query: ClauseElement) -> list[Record]:
        assert self._connection is not None, "Connection is not acquired"
        sql, args, result_columns, context = self._compile(query)
        maps = _MY.maps(result_columns)
        async with self._connection.cursor() as cursor:
            try:
                await cursor.execute(sql, args)
                rows = await cursor.fetchall()
                metadata = _MY.result_metadata(result_columns, context, cursor.description)
                return [
                    Record(Row(metadata, metadata._processors, metadata._keymap, row), result_columns,
                           self._dialect, maps)
                    for row in rows
                ]  # fmt: skip
            finally:
                await cursor.close()

    async def fetch_one(self, query: ClauseElement) -> Record | None:
        assert self._connection is not None, "Connection is not acquired"
        sql, args, result_columns, context = self._compile(query)
        async with self._connection.cursor() as cursor:
            try:
                await cursor.execute(sql, args)
                row = await cursor.fetchone()
                if row is None:
                    return None
                metadata = _MY.result_metadata(result_columns, context, cursor.description)
                return Record(Row(metadata, metadata._processors, metadata._keymap, row), result_columns,
                              self._dialect, _MY.maps(result_columns))  # fmt: skip
            finally:
                await cursor.close()


# InnoDB's next transaction id, and the ids of the transactions that have written and not yet
# ended. A transaction that only reads has no real id (InnoDB shows a made-up one above 2^48).
_MY_VERSION = (
    "SELECT (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
    " WHERE VARIABLE_NAME = 'INNODB_MAX_TRX_ID'),"
    " (SELECT GROUP_CONCAT(trx_id ORDER BY trx_id) FROM information_schema.INNODB_TRX"
    " WHERE trx_id < 281474976710656)"
)


class CachedAsyncMyBackend(_HeldForClock, AsyncMyBackend):
    def connection(self) -> CachedAsyncMyConnection:
        return CachedAsyncMyConnection(self, self._dialect)

    async def fetch_held(self, query: ClauseElement, fallback: typing.Callable[[], typing.Awaitable[Rows]]) -> Rows:
        """The rows of a prebuilt statement, as asyncmy gives them, read on the held connection
        (storage/held_connection.py; `fallback` where it cannot be)."""
        sql, args, _, _ = self.connection()._compile(query)

        async def read(connection: typing.Any) -> Rows:
            async with connection.cursor() as cursor:
                await cursor.execute(sql, args)
                return await cursor.fetchall()  # type: ignore[no-any-return]

        return await self._held().run(read, fallback)

    async def data_version(self) -> str | None:
        """A text that changes whenever any transaction that writes commits (or ends), from any
        client: InnoDB's next transaction id and the writing transactions still running, as
        PostgreSQL's snapshot (see CachedPostgresBackend.data_version): a write committed after
        one reading either was running then (it leaves the list) or got its id later (the next
        id moves past it). Server-wide: other databases' writes move it too (a needless re-read).
        """
        if self._pool is None:
            return None
        async with self._pool.acquire() as connection, connection.cursor() as cursor:
            await cursor.execute(_MY_VERSION)
            row = await cursor.fetchone()
        if row is None or row[0] is None:
            return None
        return f"{row[0]}:{row[1] or ''}"
