"""Throttling of authentication failures (Application Passwords, session nonces, /wp-login.php).

WordPress core has no such limit (plugins add it); without one, a password can be guessed at
hundreds of tries a second. Failures are rows of `{prefix}wpc_auth_failures`, so every instance
sharing the database sees the same counts. Three sliding windows:

- an address (any account): `IP_LIMIT` failures in `IP_WINDOW` seconds;
- an account from one address: `PAIR_LIMIT` failures in `ACCOUNT_WINDOW`;
- an account from everywhere: `ACCOUNT_LIMIT` failures in `ACCOUNT_WINDOW`, which then holds
  back only the addresses that failed on it themselves.

An account is never locked for everyone: the owner, from an address that has not failed, still
signs in while someone else guesses (a lock for everyone would hand attackers a denial of
service). Callers ask `retry_after()` before checking a password, answer 429 with
`Retry-After` when it gives a number, call `record_failure()` on a wrong password and `clear()`
on a right one.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from wpcompat.storage import auth_failures as store

if TYPE_CHECKING:
    from wpcompat.storage import Storage

IP_LIMIT = 20
IP_WINDOW = 600
PAIR_LIMIT = 5
ACCOUNT_LIMIT = 30
ACCOUNT_WINDOW = 900

# WordPress core has no such error (plugins name their own); the message says what to do.
ERROR_CODE = "too_many_failed_logins"
ERROR_MESSAGE = "Too many failed login attempts. Please try again later."


def account_key(account: str | None) -> str | None:
    """Logins are matched without regard to case (MySQL's collation on user_login), so the
    count is too; an empty name counts for the address alone."""
    if account is None:
        return None
    key = account.strip().lower()[:191]
    return key or None


def _wait(times: list[int], limit: int, window: int, now: float) -> int | None:
    """Seconds until fewer than `limit` of `times` (newest first) are inside the window."""
    if len(times) < limit:
        return None
    return max(1, math.ceil(times[limit - 1] + window - now))


async def retry_after(
    storage: Storage, *, ip: str, account: str | None, now: float | None = None,
) -> int | None:
    """Seconds the client must wait before it may try again, None when it may try now."""
    now = time.time() if now is None else now
    waits: list[int | None] = []
    ip_times = await store.recent_times(storage, since=int(now) - IP_WINDOW, limit=IP_LIMIT, ip=ip)
    waits.append(_wait(ip_times, IP_LIMIT, IP_WINDOW, now))
    key = account_key(account)
    if key is not None:
        since = int(now) - ACCOUNT_WINDOW
        pair = await store.recent_times(storage, since=since, limit=PAIR_LIMIT, ip=ip, account=key)
        waits.append(_wait(pair, PAIR_LIMIT, ACCOUNT_WINDOW, now))
        if pair:
            everyone = await store.recent_times(storage, since=since, limit=ACCOUNT_LIMIT, account=key)
            waits.append(_wait(everyone, ACCOUNT_LIMIT, ACCOUNT_WINDOW, now))
    known = [w for w in waits if w is not None]
    return max(known) if known else None


async def any_failures(storage: Storage, *, ip: str, account: str | None) -> bool:
    """False when neither the address nor the account has failed lately: then `retry_after` is
    None and `clear` has nothing to forgive, and a caller may skip both (their three queries)."""
    return await store.any_failure(storage, ip=ip, account=account_key(account))


async def record_failure(
    storage: Storage, *, ip: str, account: str | None, now: float | None = None,
) -> None:
    now = time.time() if now is None else now
    await store.insert_failure(storage, ip=ip, account=account_key(account), at=int(now))
    # Rows older than every window count for nothing: keep the table as small as the attack.
    await store.purge_before(storage, int(now) - max(IP_WINDOW, ACCOUNT_WINDOW))


async def clear(storage: Storage, *, account: str) -> None:
    """A right password: the account's failures are forgiven (the address's are not)."""
    key = account_key(account)
    if key is not None:
        await store.delete_account(storage, key)


__all__ = [
    "ACCOUNT_LIMIT", "ACCOUNT_WINDOW", "ERROR_CODE", "ERROR_MESSAGE", "IP_LIMIT", "IP_WINDOW",
    "PAIR_LIMIT", "account_key", "any_failures", "clear", "record_failure", "retry_after",
]
