"""Test databases on the PostgreSQL and MariaDB/MySQL servers, for `pytest --backend NAME`.

Every pytest run makes its own databases (named `wpct_<pid>_<n>`) on the server given by
WPCOMPAT_TEST_POSTGRES_URL / WPCOMPAT_TEST_MYSQL_URL (defaults: this machine's servers) and drops
them at the end. Building WordPress's schema costs one to two seconds on a server, so:

- a site that lives for a whole module gets a database of its own (`new_database`);
- the per-test `db_url` fixture reuses one scratch database, emptied back to the state of a
  freshly created site before each test (`scratch_database`): truncating is ten times cheaper
  than creating the tables again.

A server that cannot be reached fails the run under CI and skips the test elsewhere, with the
reason shown by `-ra`.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from databases import Database
from sqlalchemy.engine import make_url

BACKENDS = ("sqlite", "postgresql", "mysql")
SERVER_ENV = {"postgresql": "WPCOMPAT_TEST_POSTGRES_URL", "mysql": "WPCOMPAT_TEST_MYSQL_URL"}
SERVER_DEFAULT = {
    "postgresql": "postgresql://postgres@127.0.0.1:5432/test",
    "mysql": "mysql://root@127.0.0.1:3306/test",
}
IN_CI = os.environ.get("CI", "").lower() == "true"
T = TypeVar("T")


def _run(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion whether or not the caller is inside an event loop
    (module fixtures are sync, some tests are async): always in a thread of its own."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, make()).result()  # type: ignore[arg-type]


def server_url(kind: str) -> str:
    return os.environ.get(SERVER_ENV[kind], "") or SERVER_DEFAULT[kind]


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


class Server:
    """One database server of this test run: the databases it made, and the scratch one."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.url = server_url(kind)
        self.error: str | None = None
        self.made: list[str] = []
        self.scratch: str | None = None
        self.fresh_rows: dict[str, list[dict[str, Any]]] = {}
        self._names = itertools.count(1)
        try:
            _run(self._ping)
        except Exception as exc:
            self.error = f"{kind} test server {make_url(self.url).render_as_string()} unreachable: {exc!r}"

    async def _ping(self) -> None:
        db = Database(self.url)
        await db.connect()
        await db.disconnect()

    def require(self) -> None:
        if self.error is None:
            return
        if IN_CI:
            pytest.fail(self.error + " (CI must run every backend)", pytrace=False)
        pytest.skip(self.error)

    async def _admin(self, *statements: str) -> None:
        db = Database(self.url)
        await db.connect()
        try:
            for sql in statements:
                await db.execute(sql)
        finally:
            await db.disconnect()

    def new_database(self) -> str:
        """A new, empty database; its URL."""
        self.require()
        name = f"wpct_{os.getpid()}_{next(self._names)}"
        charset = " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci" if self.kind == "mysql" else ""
        _run(lambda: self._admin(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}{charset}"))
        self.made.append(name)
        return _with_database(self.url, name)

    def scratch_database(self) -> str:
        """The run's scratch database, holding exactly what a new site holds."""
        self.require()
        if self.scratch is None:
            self.scratch = self.new_database()
            _run(self._build_scratch)
        else:
            _run(self._reset_scratch)
        return self.scratch

    async def _build_scratch(self) -> None:
        from wpcompat.storage import open_storage

        assert self.scratch is not None
        storage = await open_storage(self.scratch)
        try:
            for table in storage.tables.metadata.sorted_tables:
                # Without their generated ids, which the restarted sequences give again in
                # the same order (explicit ids would leave PostgreSQL's sequences behind).
                auto = table.autoincrement_column
                rows = await storage.db.fetch_all(sa.select(table).order_by(*table.primary_key.columns))
                names = [c.name for c in table.columns]
                self.fresh_rows[table.name] = [
                    {k: r[k] for k in names if auto is None or k != auto.name}
                    for r in rows
                ]
        finally:
            await storage.db.disconnect()

    async def _reset_scratch(self) -> None:
        from wpcompat.storage.tables import make_tables

        assert self.scratch is not None
        tables = make_tables("wp_")
        db = Database(self.scratch)
        await db.connect()
        try:
            await self._empty(db, tables)
            for table in tables.metadata.sorted_tables:
                if self.fresh_rows.get(table.name):
                    await db.execute_many(sa.insert(table), self.fresh_rows[table.name])
        finally:
            await db.disconnect()

    async def _empty(self, db: Database, tables: Any) -> None:
        ours = {t.name for t in tables.metadata.sorted_tables}
        if self.kind == "postgresql":
            # A test that left a transaction open must not hang the run.
            await db.execute("SET lock_timeout = '20s'")
            rows = await db.fetch_all("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            present = {r[0] for r in rows}
            for extra in sorted(present - ours):
                await db.execute(f'DROP TABLE IF EXISTS "{extra}" CASCADE')
            # RESTART IDENTITY: ids start at 1 again, as in a new database.
            await db.execute(f"TRUNCATE {', '.join(sorted(ours & present))} RESTART IDENTITY")
            return
        await db.execute("SET SESSION lock_wait_timeout = 20")
        rows = await db.fetch_all("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")
        present = {r[0] for r in rows}
        for extra in sorted(present - ours):
            await db.execute(f"DROP TABLE IF EXISTS `{extra}`")
        names = sorted(ours & present)
        probe = ", ".join(f"(SELECT 1 FROM `{n}` LIMIT 1)" for n in names)
        row = await db.fetch_one(f"SELECT {probe}")
        # Only the tables a test wrote to: TRUNCATE (which also restarts AUTO_INCREMENT)
        # recreates the table, which is what costs time on InnoDB.
        for name, used in zip(names, tuple(row) if row else (), strict=True):
            if used is not None:
                await db.execute(f"TRUNCATE TABLE `{name}`")

    def drop_all(self) -> None:
        if not self.made:
            return
        _run(lambda: self._admin(*(f"DROP DATABASE IF EXISTS {n}" for n in self.made)))
        self.made.clear()


_servers: dict[str, Server] = {}


def server(kind: str) -> Server:
    if kind not in _servers:
        _servers[kind] = Server(kind)
    return _servers[kind]


def new_server_database(kind: str) -> str:
    """A fresh database on the PostgreSQL ("postgresql") or MariaDB ("mysql") test server."""
    return server(kind).new_database()


def drop_everything() -> None:
    for s in _servers.values():
        s.drop_all()
