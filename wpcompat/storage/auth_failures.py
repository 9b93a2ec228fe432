"""The `{prefix}wpc_auth_failures` table: one row per failed authentication (auth/throttle.py).

Every instance sharing the database inserts and counts the same rows, so a limit holds across
instances. Times are Unix seconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage import prebuilt

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage


async def insert_failure(storage: Storage, *, ip: str, account: str | None, at: int) -> None:
    table = storage.tables.auth_failures
    await storage.db.execute(sa.insert(table).values(ip=ip[:100], account=account, failed_at=at))


async def any_failure(storage: Storage, *, ip: str, account: str | None) -> bool:
    """Is there any failure row of this address or this account (whatever its age)? One query,
    on the two indexes; most sign-ins find none and need no other."""
    if account is None:
        query = prebuilt.bind(prebuilt.statement(storage, "auth_failures.any_of_ip", _any_of_ip), ip=ip[:100])
    else:
        query = prebuilt.bind(prebuilt.statement(storage, "auth_failures.any", _any), ip=ip[:100], account=account)
    return await storage.db.fetch_val(query) is not None


def _any_of_ip(storage: Storage) -> Any:
    table = storage.tables.auth_failures
    return sa.select(table.c.id).where(table.c.ip == sa.bindparam("ip")).limit(1)


def _any(storage: Storage) -> Any:
    table = storage.tables.auth_failures
    match = sa.or_(table.c.ip == sa.bindparam("ip"), table.c.account == sa.bindparam("account"))
    return sa.select(table.c.id).where(match).limit(1)


async def recent_times(
    storage: Storage, *, since: int, limit: int, ip: str | None = None, account: str | None = None,
) -> list[int]:
    """The newest `limit` failure times since `since` (newest first) matching every given filter."""
    table = storage.tables.auth_failures
    query = sa.select(table.c.failed_at).where(table.c.failed_at > since)
    if ip is not None:
        query = query.where(table.c.ip == ip[:100])
    if account is not None:
        query = query.where(table.c.account == account)
    query = query.order_by(table.c.failed_at.desc()).limit(limit)
    return [int(row[0]) for row in await storage.db.fetch_all(query)]


async def delete_account(storage: Storage, account: str) -> None:
    """Forget an account's failures. Looked up first: a write on every successful request
    would change the data version and empty the response cache for nothing."""
    table = storage.tables.auth_failures
    found = await storage.db.fetch_val(sa.select(table.c.id).where(table.c.account == account).limit(1))
    if found is not None:
        await storage.db.execute(sa.delete(table).where(table.c.account == account))


async def purge_before(storage: Storage, cutoff: int) -> None:
    table = storage.tables.auth_failures
    await storage.db.execute(sa.delete(table).where(table.c.failed_at <= cutoff))
