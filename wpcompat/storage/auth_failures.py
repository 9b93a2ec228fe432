"""The `{prefix}wpc_auth_failures` table: one row per failed authentication (auth/throttle.py).

Every instance sharing the database inserts and counts the same rows, so a limit holds across
instances. Times are Unix seconds.

Every authenticated request asks whether its address or account ever failed (`any_failure`);
nearly always none did. Where the change log is installed (storage/changes.py), its triggers
log each failure recorded (tag FAILURES), by whichever instance (an older one too, which
inserts the row and nothing else), and a "none" is remembered with the tick the request read:
it holds until the log shows a failure after that tick. Forgetting failures (a right password,
the purge) cannot make "none" wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage import change_memo, prebuilt
from wpcompat.storage.changes import AUTH_FAILURES, watcher

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage


# The change log's tag of a new failure (logged by the failures table's triggers).
FAILURES = AUTH_FAILURES
# Addresses and accounts remembered without failures, per storage; past this many, the least
# recently asked are forgotten.
_NONE_KEPT = 4096


async def insert_failure(storage: Storage, *, ip: str, account: str | None, at: int) -> None:
    table = storage.tables.auth_failures
    await storage.db.execute(sa.insert(table).values(ip=ip[:100], account=account, failed_at=at))


async def any_failure(storage: Storage, *, ip: str, account: str | None) -> bool:
    """Is there any failure row of this address or this account (whatever its age)? One query,
    on the two indexes, unless a "none" is remembered under the change log; most sign-ins find
    none and need no other."""
    changes = watcher(storage)
    tick = await changes.request_tick() if changes.available else None
    key = (ip[:100], account)
    memo: change_memo.Memo[tuple[str, str | None], bool] = change_memo.memo_of(storage, "auth_failures.none", _NONE_KEPT)
    if tick is not None:
        def holds(seen_at: int) -> bool:
            return seen_at <= tick and changes.last_change((FAILURES,)) <= seen_at

        if change_memo.recall(memo, key, changes, holds) is not None:
            return False
    found = await _any_failure(storage, ip=ip, account=account)
    if not found and tick is not None:
        change_memo.remember(memo, key, changes, False, tick)
    return found


async def _any_failure(storage: Storage, *, ip: str, account: str | None) -> bool:
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
