"""A SQLite backend for `databases` that keeps its connections open.

The stock backend opens a new aiosqlite connection (and thread) for every query
(encode/databases#37), which caps a server near 250 requests/s. This one keeps a small pool of
long-lived connections in WAL mode: readers run side by side, one writer at a time, and write
transactions take the write lock up front (BEGIN IMMEDIATE) so two of them never deadlock on a
lock upgrade.

Writers queue instead of polling (`WriteGate`): SQLite's own answer to a second writer is
SQLITE_BUSY, and its busy handler retries after sleeps that grow to 100 ms, so under a stream
of writes from several worker processes most of the time went to sleeping while the lock was
free. Every write transaction first takes this process's turn (an asyncio lock), then the
database file's (an exclusive `flock` on `<database>-wpcwrite`, which the kernel queues), and
only then BEGIN IMMEDIATE, which then finds SQLite's lock free. The busy handler stays, for
writers that do not queue here (another program, the sqlite3 shell).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import sqlite3
import time
import typing
import uuid

import aiosqlite
from databases.backends.common.records import Record, Row
from databases.backends.sqlite import (
    CompilationContext,
    SQLiteBackend,
    SQLiteConnection,
    SQLiteTransaction,
)
from databases.core import DatabaseURL
from databases.interfaces import TransactionBackend
from sqlalchemy.sql import ClauseElement

from wpcompat.storage.collation import SQLITE_FUNCTION, SQLITE_UNSURE_FUNCTION, fold, unsure
from wpcompat.storage.statements import SQLITE, bound

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=30000",
    "PRAGMA foreign_keys=OFF",
    "PRAGMA cache_size=-16000",
)


def _daemon(connection: aiosqlite.Connection) -> aiosqlite.Connection:
    """Let the process exit even when an owner never called disconnect().

    Each aiosqlite connection runs a worker thread; a non-daemon one left open (a crashed
    task, a forgotten test fixture) would keep the interpreter waiting at exit for ever.
    disconnect() still closes every connection properly.
    """
    connection._thread.daemon = True  # not started yet: it starts when the connection is awaited
    return connection


class _HandedBack(Exception):
    """A cancelled wait for the gate file, whose thread will release the gate when it ends."""


class WriteGate:
    """One writer at a time across every process of this machine that serves the database file.

    In this process, writers queue on an asyncio lock; the holder then takes an exclusive
    `flock` on the gate file, which queues the processes in the kernel: a waiting process sleeps
    until the lock is released, then wakes (no polling, unlike SQLite's busy handler). The
    holder is a task: `held()` lets a nested write of that task through (its savepoints run
    inside the transaction it opened) and nobody else.

    Fairness between processes: flock does not queue in order, so a process that has just
    released the lock and wants it again goes through the blocking call in a thread, as a
    waiter does, instead of the instant non-blocking try: the other process, woken by the
    release, gets its turn (and commits the comments that queued meanwhile in one group).
    """

    # A process that released the lock less than this ago lets a waiting process in first.
    RECENT_S = 0.002

    def __init__(self, database: str) -> None:
        self._lock = asyncio.Lock()
        # No file for an in-memory database: one process is all that can see it.
        self._path = None if database in ("", ":memory:") or database.startswith("file::memory:") else (
            database + "-wpcwrite")
        self._fd: int | None = None
        self._owner: asyncio.Task[typing.Any] | None = None
        self._released_at = 0.0
        # Times this process found the file lock taken by another process (for the tests).
        self.waits = 0

    def held(self) -> bool:
        """Whether the current task holds the gate."""
        return self._owner is not None and self._owner is asyncio.current_task()

    async def acquire(self) -> None:
        await self._lock.acquire()
        try:
            if self._path is not None:
                await self._lock_file()
        except _HandedBack:
            raise asyncio.CancelledError from None
        except BaseException:
            self._lock.release()
            raise
        self._owner = asyncio.current_task()

    def release(self) -> None:
        self._owner = None
        try:
            if self._path is not None and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                self._released_at = time.monotonic()
        finally:
            self._lock.release()

    @contextlib.asynccontextmanager
    async def turn(self) -> typing.AsyncIterator[None]:
        await self.acquire()
        try:
            yield
        finally:
            self.release()

    async def _lock_file(self) -> None:
        if self._fd is None:
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)  # type: ignore[arg-type]
        fd = self._fd
        if time.monotonic() - self._released_at >= self.RECENT_S:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                self.waits += 1
        waiting = asyncio.get_running_loop().run_in_executor(None, fcntl.flock, fd, fcntl.LOCK_EX)
        try:
            await asyncio.shield(waiting)
        except asyncio.CancelledError:
            # The thread still waits for the lock: whenever it gets it, give it back (or every
            # other process would wait for ever), and only then let this process's next writer
            # in (its flock on the same file would succeed at once, and be undone by this).
            def hand_back(done: asyncio.Future[None]) -> None:
                try:
                    if not done.cancelled() and done.exception() is None:
                        fcntl.flock(fd, fcntl.LOCK_UN)
                finally:
                    self._lock.release()

            waiting.add_done_callback(hand_back)
            raise _HandedBack from None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class PersistentPool:
    """Up to `size` aiosqlite connections, opened on first need and reused until disconnect."""

    def __init__(self, url: DatabaseURL, size: int = 4, **options: typing.Any) -> None:
        self._database = url.database or ":memory:"
        self._options = options
        self._size = size
        self._idle: asyncio.LifoQueue[aiosqlite.Connection] = asyncio.LifoQueue()
        self._all: list[aiosqlite.Connection] = []
        self._opening = 0
        self.gate = WriteGate(self._database)
        # Present so the stock backend's disconnect() finds what it expects.
        self._memref = None

    async def _open(self) -> aiosqlite.Connection:
        connection = _daemon(aiosqlite.connect(self._database, isolation_level=None, **self._options))
        await connection.__aenter__()
        for pragma in PRAGMAS:
            await connection.execute(pragma)
        # Searches compare as MySQL's accent- and case-blind collation does (storage/collation.py).
        await connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
        # The search index's triggers: which posts the exact test must still check (search_index.py).
        await connection.create_function(SQLITE_UNSURE_FUNCTION, 3, unsure, deterministic=True)
        return connection

    async def acquire(self) -> aiosqlite.Connection:
        if self._idle.empty() and len(self._all) + self._opening < self._size:
            self._opening += 1
            try:
                connection = await self._open()
            finally:
                self._opening -= 1
            self._all.append(connection)
            return connection
        return await self._idle.get()

    async def release(self, connection: aiosqlite.Connection) -> None:
        if connection.in_transaction:
            # A task died mid-transaction; never hand its half-done work to the next one.
            await connection.rollback()
        self._idle.put_nowait(connection)

    async def close(self) -> None:
        for connection in self._all:
            await connection.close()
        self._all.clear()
        self._idle = asyncio.LifoQueue()
        self.gate.close()


class ImmediateTransaction(SQLiteTransaction):
    """BEGIN IMMEDIATE after the write gate (a caller that took it already, e.g.
    `comment_writes.write_transaction` before taking a connection, is let through), and every
    statement of a transaction (BEGIN, SAVEPOINT, RELEASE, COMMIT, ROLLBACK) in one trip to the
    connection's thread (aiosqlite's execute() and the cursor's close() are two)."""

    _gated = False

    async def _run(self, sql: str) -> None:
        assert self._connection._connection is not None, "Connection is not acquired"
        await _write(self._connection._connection, sql, ())

    async def start(self, is_root: bool, extra_options: dict[typing.Any, typing.Any]) -> None:
        self._is_root = is_root
        if is_root:
            gate = self._connection._pool.gate
            if not gate.held():
                await gate.acquire()
                self._gated = True
            try:
                await self._run("BEGIN IMMEDIATE")
            except BaseException:
                self._ungate()
                raise
            return
        self._savepoint_name = f"STARLETTE_SAVEPOINT_{uuid.uuid4().hex}"
        await self._run(f"SAVEPOINT {self._savepoint_name}")

    def _ungate(self) -> None:
        if self._gated:
            self._gated = False
            self._connection._pool.gate.release()

    async def commit(self) -> None:
        try:
            await self._run("COMMIT" if self._is_root else f"RELEASE SAVEPOINT {self._savepoint_name}")
        finally:
            if self._is_root:
                self._ungate()

    async def rollback(self) -> None:
        try:
            await self._run("ROLLBACK" if self._is_root else f"ROLLBACK TO SAVEPOINT {self._savepoint_name}")
        finally:
            if self._is_root:
                self._ungate()


class PooledSQLiteConnection(SQLiteConnection):
    def transaction(self) -> TransactionBackend:
        return ImmediateTransaction(self)

    def _compile(self, query: ClauseElement) -> tuple[str, list[typing.Any], typing.Any, typing.Any]:
        """Compile once per statement shape; later calls only bind the new values.

        `databases` compiles every statement anew, which costs more than running it on
        SQLite. SQLAlchemy's cache key tells statements of the same shape apart, and the
        compiled form then takes each call's values (expanding IN lists as needed).
        """
        found = SQLITE.expanded(query, self._dialect)
        if found is None:
            return super()._compile(query)  # type: ignore[no-any-return]
        compiled, expanded = found
        args = [bound(expanded, name) for name in expanded.positiontup or ()]
        context = SQLITE.context(self._dialect, compiled)
        return expanded.statement, args, compiled._result_columns, CompilationContext(context)

    def _records(self, rows: typing.Any, description: typing.Any, compiled: typing.Any) -> list[Record]:
        _sql, _args, result_columns, context = compiled
        column_maps = SQLITE.maps(result_columns)
        metadata = SQLITE.result_metadata(result_columns, context, description)
        return [
            Record(Row(metadata, metadata._processors, metadata._keymap, row), result_columns, self._dialect, column_maps)
            for row in rows
        ]

    async def execute(self, query: ClauseElement) -> typing.Any:
        """As `databases` answers (the new row's id, else the rows changed), in one trip.
        A write outside any transaction (SQLite's autocommit) queues at the write gate too."""
        assert self._connection is not None, "Connection is not acquired"
        sql, args, _columns, _context = self._compile(query)
        gate = self._pool.gate  # type: ignore[attr-defined]
        if self._connection.in_transaction or gate.held():
            lastrowid, rowcount = await _write(self._connection, sql, args)
        else:
            async with gate.turn():
                lastrowid, rowcount = await _write(self._connection, sql, args)
        return rowcount if lastrowid == 0 else lastrowid

    async def fetch_all(self, query: ClauseElement) -> list[Record]:
        assert self._connection is not None, "Connection is not acquired"
        compiled = self._compile(query)
        rows, description = await _select(self._connection, compiled[0], compiled[1], True)
        return self._records(rows, description, compiled)

    async def fetch_one(self, query: ClauseElement) -> Record | None:
        assert self._connection is not None, "Connection is not acquired"
        compiled = self._compile(query)
        rows, description = await _select(self._connection, compiled[0], compiled[1], False)
        if not rows:
            return None
        return self._records(rows, description, compiled)[0]


def _select_in_thread(
    connection: aiosqlite.Connection, sql: str, args: typing.Sequence[typing.Any], many: bool
) -> tuple[list[typing.Any], typing.Any]:
    # Runs in the connection's own thread: execute, fetch and close in one go.
    cursor = connection._conn.execute(sql, args)
    try:
        rows = cursor.fetchall() if many else cursor.fetchmany(1)
        return rows, cursor.description
    finally:
        cursor.close()


async def _select(
    connection: aiosqlite.Connection, sql: str, args: typing.Sequence[typing.Any], many: bool
) -> tuple[list[typing.Any], typing.Any]:
    """A read in one trip to the connection's thread.

    aiosqlite's execute(), fetchall() and the cursor's close() are three trips (a queue put,
    a thread wake-up and a future each): about 0.1 ms of CPU per query, more than SQLite
    spends on most of ours.
    """
    result: tuple[list[typing.Any], typing.Any] = await connection._execute(
        _select_in_thread, connection, sql, args, many
    )
    return result


def _write_in_thread(
    connection: aiosqlite.Connection, sql: str, args: typing.Sequence[typing.Any]
) -> tuple[int, int]:
    cursor = connection._conn.execute(sql, args)
    try:
        return cursor.lastrowid or 0, cursor.rowcount
    finally:
        cursor.close()


async def _write(
    connection: aiosqlite.Connection, sql: str, args: typing.Sequence[typing.Any]
) -> tuple[int, int]:
    """A statement that returns no rows, in one trip to the connection's thread (see _select):
    (lastrowid, rowcount)."""
    result: tuple[int, int] = await connection._execute(_write_in_thread, connection, sql, args)
    return result


class PooledSQLiteBackend(SQLiteBackend):
    def __init__(self, database_url: DatabaseURL | str, **options: typing.Any) -> None:
        size = int(options.pop("pool_size", 4))
        super().__init__(database_url, **options)
        self._watcher: aiosqlite.Connection | None = None
        self._clock: sqlite3.Connection | None = None
        self._pool = PersistentPool(self._database_url, size=size, **options)  # type: ignore[assignment]

    async def disconnect(self) -> None:
        await self._pool.close()  # type: ignore[attr-defined]
        if self._watcher is not None:
            await self._watcher.close()
            self._watcher = None
        if self._clock is not None:
            self._clock.close()
            self._clock = None

    async def fetch_held(
        self, query: ClauseElement, fallback: typing.Callable[[], typing.Awaitable[typing.Any]]
    ) -> typing.Any:
        """The rows of the change clock's read (storage/changes.py), read at once in the event
        loop's thread on a connection of its own: a primary-key read costs SQLite a few
        microseconds, the trip to a pooled connection's thread (a queue, a wake-up, a future)
        about a hundred. That connection only reads, each statement in its own transaction
        (autocommit: the latest commit), and never waits: a read SQLite refuses at once
        (SQLITE_BUSY, e.g. while the WAL is being reset) is made on the pool as any other.
        A database in memory is not shared between connections: there, always the pool."""
        database = self._database_url.database or ":memory:"
        if database == ":memory:" or "mode=memory" in database:
            return await fallback()
        sql, args, _columns, _context = self.connection()._compile(query)
        try:
            if self._clock is None:
                self._clock = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
                self._clock.execute("PRAGMA busy_timeout=0")
            cursor = self._clock.execute(sql, args)
            try:
                return cursor.fetchall()
            finally:
                cursor.close()
        except sqlite3.Error:
            if self._clock is not None:
                self._clock.close()
                self._clock = None
        return await fallback()

    async def data_version(self) -> int:
        """A number that changes whenever anyone commits a change to the database file.

        PRAGMA data_version ignores the asking connection's own commits, so it is asked on a
        connection of its own that never writes.
        """
        if self._watcher is None:
            self._watcher = await _daemon(aiosqlite.connect(self._database_url.database or ":memory:"))
        rows, _ = await _select(self._watcher, "PRAGMA data_version", (), False)
        return int(rows[0][0]) if rows else 0

    def connection(self) -> PooledSQLiteConnection:
        return PooledSQLiteConnection(self._pool, self._dialect)  # type: ignore[arg-type]

    @property
    def write_gate(self) -> WriteGate:
        return self._pool.gate  # type: ignore[attr-defined,no-any-return]
