"""Authentication failures are throttled per address and per account, in the database.

After the limits, the next attempts get 429 with a Retry-After a client can act on; the right
password still works from another address; two instances on one database share the count.
"""

from __future__ import annotations

import asyncio
import base64
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from auth import throttle
from auth.accounts import UserFields, create_user
from auth.application_passwords import create_password
from tests.backends import new_server_database
from tests.test_multi_instance import serving
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import Endpoint, Route
from wpcompat.storage import changes, open_storage

from .rest_helpers import client_for

NOW = 1_800_000_000.0


async def test_address_limit_any_account(storage):
    for i in range(throttle.IP_LIMIT - 1):
        await throttle.record_failure(storage, ip="198.51.100.1", account=f"user{i}", now=NOW + i)
    assert await throttle.retry_after(storage, ip="198.51.100.1", account="other", now=NOW + 30) is None
    await throttle.record_failure(storage, ip="198.51.100.1", account="last", now=NOW + 30)
    wait = await throttle.retry_after(storage, ip="198.51.100.1", account=None, now=NOW + 30)
    # The oldest of the last IP_LIMIT failures (at NOW) leaves the window at NOW + IP_WINDOW.
    assert wait == throttle.IP_WINDOW - 30
    assert await throttle.retry_after(storage, ip="198.51.100.2", account=None, now=NOW + 30) is None
    assert await throttle.retry_after(storage, ip="198.51.100.1", account=None, now=NOW + wait + 30) is None


async def test_account_limit_from_one_address_spares_other_addresses(storage):
    for i in range(throttle.PAIR_LIMIT):
        await throttle.record_failure(storage, ip="203.0.113.5", account="Admin", now=NOW + i)
    wait = await throttle.retry_after(storage, ip="203.0.113.5", account="admin", now=NOW + 10)
    assert wait == throttle.ACCOUNT_WINDOW - 10
    assert await throttle.retry_after(storage, ip="203.0.113.6", account="admin", now=NOW + 10) is None
    # A right password (from anywhere) forgives the account's failures.
    await throttle.clear(storage, account="ADMIN")
    assert await throttle.retry_after(storage, ip="203.0.113.5", account="admin", now=NOW + 10) is None


async def test_account_limit_from_many_addresses_holds_back_those_addresses(storage):
    for i in range(throttle.ACCOUNT_LIMIT):
        await throttle.record_failure(storage, ip=f"192.0.2.{i}", account="admin", now=NOW + i)
    assert await throttle.retry_after(storage, ip="192.0.2.3", account="admin", now=NOW + 40) is not None
    # The owner, from an address with no failure, is not locked out by the attack.
    assert await throttle.retry_after(storage, ip="192.0.2.250", account="admin", now=NOW + 40) is None


async def test_no_failure_is_remembered_until_any_instance_records_one(storage, settings):
    """The per-request check answers "none" from memory under the change log, and a failure
    recorded by another instance (another handle on the database) ends that at the next sync."""
    other = await open_storage(settings.database_url, settings.table_prefix)
    asked: list[object] = []
    fetch_val = storage.db.fetch_val

    async def counted(query, *args, **kwargs):
        asked.append(query)
        return await fetch_val(query, *args, **kwargs)

    try:
        assert await changes.watcher(storage).sync() is not None
        storage.db.fetch_val = counted
        assert not await throttle.any_failures(storage, ip="198.51.100.9", account="Admin")
        assert len(asked) == 1
        assert not await throttle.any_failures(storage, ip="198.51.100.9", account="admin")
        assert len(asked) == 1  # remembered: no second query
        await throttle.record_failure(other, ip="198.51.100.77", account="ADMIN", now=NOW)
        assert await throttle.any_failures(storage, ip="198.51.100.9", account="admin")
        assert len(asked) == 2
        # A failure of an address alone is seen as well.
        assert not await throttle.any_failures(storage, ip="198.51.100.10", account=None)
        await throttle.record_failure(other, ip="198.51.100.10", account=None, now=NOW)
        assert await throttle.any_failures(storage, ip="198.51.100.10", account=None)
    finally:
        del storage.db.fetch_val
        await other.db.disconnect()


async def test_a_failure_an_older_instance_inserts_alone_ends_a_remembered_none(storage, settings):
    """An older instance records a failure with a plain INSERT and logs nothing itself: the
    failures table's triggers log it, so the "none" this instance remembers ends there too."""
    other = await open_storage(settings.database_url, settings.table_prefix)
    try:
        assert await changes.watcher(storage).sync() is not None
        assert not await throttle.any_failures(storage, ip="198.51.100.20", account="editor")
        table = other.tables.auth_failures
        await other.db.execute(table.insert().values(ip="198.51.100.21", account="editor", failed_at=int(NOW)))
        assert await throttle.any_failures(storage, ip="198.51.100.20", account="editor")
        assert not await throttle.any_failures(storage, ip="198.51.100.22", account=None)
        await other.db.execute(table.insert().values(ip="198.51.100.22", account=None, failed_at=int(NOW)))
        assert await throttle.any_failures(storage, ip="198.51.100.22", account=None)
        # A failure whose row is changed to name another account counts for it at once.
        assert not await throttle.any_failures(storage, ip="198.51.100.23", account="author")
        await other.db.execute(table.update().where(table.c.account == "editor").values(account="author"))
        assert await throttle.any_failures(storage, ip="198.51.100.23", account="author")
    finally:
        await other.db.disconnect()


async def test_old_failures_are_purged(storage):
    await throttle.record_failure(storage, ip="192.0.2.1", account="a", now=NOW)
    await throttle.record_failure(storage, ip="192.0.2.1", account="a", now=NOW + 10_000)
    rows = await storage.db.fetch_all(storage.tables.auth_failures.select())
    assert [int(r.failed_at) for r in rows] == [int(NOW) + 10_000]


# ---------------------------------------------------------------- through the REST API


async def whoami(req: RestRequest) -> RestResponse:
    return RestResponse({"user": req.user.login if req.user else None})


ROUTES = [Route("/test/v1/whoami", "test/v1", [Endpoint(("GET",), whoami)])]


def basic(login: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}


async def _user_with_password(db_url: str) -> str:
    storage = await open_storage(db_url)
    try:
        user_id = await create_user(storage, "jdupont", UserFields(email="jd@example.test", role="author"))
        clear, _ = await create_password(storage, user_id, "tests")
        return clear
    finally:
        await storage.db.disconnect()


def test_rest_answers_429_with_retry_after(settings):
    password = asyncio.run(_user_with_password(settings.database_url))
    settings = settings.__class__(**{**settings.__dict__, "trusted_proxy_header": "X-Forwarded-For"})
    attacker = {"X-Forwarded-For": "198.51.100.9"}
    wrong = basic("jdupont", "abcd efgh ijkl mnop qrst uvwx")
    with client_for(settings, ROUTES) as client:
        for _ in range(throttle.PAIR_LIMIT):
            r = client.get("/wp-json/test/v1/whoami", headers={**wrong, **attacker})
            assert r.status_code == 401 and r.json()["code"] == "incorrect_password"
        r = client.get("/wp-json/test/v1/whoami", headers={**basic("jdupont", password), **attacker})
        assert r.status_code == 429
        body = r.json()
        assert body["code"] == throttle.ERROR_CODE and body["data"]["status"] == 429
        assert 0 < int(r.headers["retry-after"]) <= throttle.ACCOUNT_WINDOW
        # The right password from another address still works, and forgives the account.
        owner = {**basic("jdupont", password), "X-Forwarded-For": "203.0.113.50"}
        assert client.get("/wp-json/test/v1/whoami", headers=owner).json() == {"user": "jdupont"}
        # Unknown logins count for the address too.
        for i in range(throttle.IP_LIMIT):
            client.get("/wp-json/test/v1/whoami", headers={**basic(f"nobody{i}", "x"), **attacker})
        r = client.get("/wp-json/test/v1/whoami", headers={**basic("someone", "x"), **attacker})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


@pytest.mark.parametrize("kind", ["postgresql", "mysql"])
def test_two_instances_share_the_count(kind: str, tmp_path: Path) -> None:
    db_url = new_server_database(kind)
    password = asyncio.run(_user_with_password(db_url))
    wrong = basic("jdupont", "abcd efgh ijkl mnop qrst uvwx")
    attacker = {"X-Forwarded-For": "198.51.100.77"}
    url = "/wp-json/wp/v2/users/me"
    with ExitStack() as stack:
        a = stack.enter_context(serving(db_url, tmp_path, "a"))
        b = stack.enter_context(serving(db_url, tmp_path, "b"))
        for i in range(throttle.PAIR_LIMIT):
            r = httpx.get((a if i % 2 else b) + url, headers={**wrong, **attacker})
            assert r.status_code == 401, r.text
        for base in (a, b):
            r = httpx.get(base + url, headers={**wrong, **attacker})
            assert r.status_code == 429 and int(r.headers["retry-after"]) > 0, r.text
        owner = {**basic("jdupont", password), "X-Forwarded-For": "203.0.113.51"}
        r = httpx.get(b + url, headers=owner)
        assert r.status_code == 200 and r.json()["slug"] == "jdupont", r.text
