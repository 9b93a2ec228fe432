"""The handle on a site's database: the connection, the tables of one prefix, and its backend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from databases import Database

from wpcompat.storage.tables import Tables

# The largest integer every backend takes in a statement (BIGINT; SQLite's INTEGER).
BIGINT_MAX = 2**63 - 1


def bigint(value: int) -> int:
    """`value` bounded to what the databases can bind: a LIMIT or OFFSET computed from request
    values (page × per_page) can be beyond 64 bits, and then simply finds nothing."""
    return max(-BIGINT_MAX - 1, min(BIGINT_MAX, int(value)))


def limit_rows(value: int) -> int:
    """A LIMIT as SQLite reads one on every backend (MySQL refuses a negative one): negative
    means no limit; bounded to 64 bits."""
    value = int(value)
    return BIGINT_MAX if value < 0 else min(BIGINT_MAX, value)


def offset_rows(value: int) -> int:
    """An OFFSET as SQLite reads one on every backend: negative is 0; bounded to 64 bits."""
    return max(0, min(BIGINT_MAX, int(value)))


@dataclass(frozen=True)
class Storage:
    """A connected database and the tables of one site (one table prefix) in it."""

    db: Database
    tables: Tables
    # Values derived from the data and valid for one data_version (e.g. the options), per process.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def dialect(self) -> str:
        return self.db.url.dialect

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def is_mysql(self) -> bool:
        return self.dialect in ("mysql", "mariadb")

    def write_gate(self) -> Any:
        """The queue every write transaction takes its turn in (`sqlite_pool.WriteGate`: this
        process's writers, then the database file's across processes), where the backend has
        one: SQLite's single writer. None on PostgreSQL/MariaDB, whose writers lock rows."""
        return getattr(self.db._backend, "write_gate", None)  # type: ignore[attr-defined]

    async def fetch_clock_rows(self, query: Any) -> Sequence[Sequence[Any]]:
        """The rows of a prebuilt read of the change clock, with the driver's values: on the
        connection the server backends hold for it outside any transaction
        (storage/held_connection.py), elsewhere (SQLite, aiomysql) as any read."""
        held = getattr(self.db._backend, "fetch_held", None)  # type: ignore[attr-defined]

        async def pooled() -> Sequence[Sequence[Any]]:
            return await self.db.fetch_all(query)

        return await held(query, pooled) if held is not None else await pooled()  # type: ignore[no-any-return]

    async def ping(self) -> None:
        """One round trip to the database (the health check): raises when it does not answer."""
        await self.db.fetch_val("SELECT 1")

    async def close(self) -> None:
        await self.db.disconnect()

    async def data_version(self) -> int | None:
        """A version that changes with every committed change to the data, from any process;
        None where the backend cannot tell (then nothing may be cached across requests)."""
        backend = self.db._backend  # type: ignore[attr-defined]
        probe = getattr(backend, "data_version", None)
        return await probe() if probe is not None else None
