"""Application Passwords over HTTP Basic, as seen through the REST server."""

import asyncio
import base64

import pytest

from auth.accounts import UserFields, create_user
from auth.application_passwords import create_password
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import Endpoint, Route
from wpcompat.storage import open_storage

from .rest_helpers import client_for


async def whoami(req: RestRequest) -> RestResponse:
    return RestResponse({"user": req.user.login if req.user else None})


ROUTES = [Route("/test/v1/whoami", "test/v1", [Endpoint(("GET",), whoami)])]


def basic(login: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def password(settings):
    async def make() -> str:
        storage = await open_storage(settings.database_url)
        try:
            user_id = await create_user(
                storage, "jdupont", UserFields(email="jean.dupont@exemple.fr", role="author")
            )
            clear, _ = await create_password(storage, user_id, "tests")
            return clear
        finally:
            await storage.db.disconnect()

    return asyncio.run(make())


def test_valid_application_password_identifies_the_user(settings, password):
    with client_for(settings, ROUTES) as client:
        assert client.get("/wp-json/test/v1/whoami", headers=basic("jdupont", password)).json() == {
            "user": "jdupont"
        }
        # WordPress strips the spaces of the chunked form, and accepts the email as login.
        squeezed = password.replace(" ", "")
        r = client.get("/wp-json/test/v1/whoami", headers=basic("jean.dupont@exemple.fr", squeezed))
        assert r.json() == {"user": "jdupont"}


def test_anonymous_without_credentials(settings):
    with client_for(settings, ROUTES) as client:
        r = client.get("/wp-json/test/v1/whoami")
        assert r.json() == {"user": None}
        assert "vary" in r.headers and "cache-control" not in r.headers


def test_wrong_password_is_an_error_not_anonymous(settings, password):
    with client_for(settings, ROUTES) as client:
        r = client.get("/wp-json/test/v1/whoami", headers=basic("jdupont", "abcd efgh ijkl mnop qrst uvwx"))
        assert r.status_code == 401
        assert r.json()["code"] == "incorrect_password"


def test_unknown_user(settings, password):
    with client_for(settings, ROUTES) as client:
        r = client.get("/wp-json/test/v1/whoami", headers=basic("nobody", password))
        assert r.status_code == 401
        assert r.json()["code"] == "invalid_username"


def test_logged_in_answers_are_not_cacheable(settings, password):
    with client_for(settings, ROUTES) as client:
        r = client.get("/wp-json/test/v1/whoami", headers=basic("jdupont", password))
        assert r.headers["cache-control"] == "no-cache, must-revalidate, max-age=0"
        assert r.headers["expires"] == "Wed, 11 Jan 1984 05:00:00 GMT"


async def whoami_roles(req: RestRequest) -> RestResponse:
    return RestResponse({"user": req.user.login if req.user else None, "roles": list(req.user.roles) if req.user else []})


def test_a_change_made_elsewhere_is_seen_on_the_next_request(settings, password):
    """Credentials that succeeded are remembered only while nothing changed: a role changed and
    then the password revoked by another process (its own connection, as the CLI or WordPress
    itself would) are seen by the very next request."""
    from auth.accounts import set_role
    from auth.application_passwords import revoke_all_passwords
    from wpcompat.storage.users import get_user_row_by_login

    routes = [Route("/test/v1/whoami", "test/v1", [Endpoint(("GET",), whoami_roles)])]

    async def elsewhere(change: str) -> None:
        storage = await open_storage(settings.database_url)
        try:
            row = await get_user_row_by_login(storage, "jdupont")
            assert row is not None
            if change == "role":
                await set_role(storage, int(row["ID"]), "editor")
            else:
                await revoke_all_passwords(storage, int(row["ID"]))
        finally:
            await storage.db.disconnect()

    with client_for(settings, routes) as client:
        for _ in range(2):  # the second one may be answered from what the first one checked
            r = client.get("/wp-json/test/v1/whoami", headers=basic("jdupont", password))
            assert r.json() == {"user": "jdupont", "roles": ["author"]}
        asyncio.run(elsewhere("role"))
        r = client.get("/wp-json/test/v1/whoami", headers=basic("jdupont", password))
        assert r.json() == {"user": "jdupont", "roles": ["editor"]}
        asyncio.run(elsewhere("revoke"))
        r = client.get("/wp-json/test/v1/whoami", headers=basic("jdupont", password))
        assert r.status_code == 401
        assert r.json()["code"] == "incorrect_password"


def test_a_remembered_success_outlives_comments_but_not_a_failure(settings, password, monkeypatch):
    """Where the change log is installed, a success is remembered while the users' rows have not
    changed: a comment written meanwhile (which moves the database's version) does not make the
    next request check the password again, but failures recorded elsewhere for this address and
    account do: the throttle answers 429 as it would have without the memo."""
    import auth.basic
    from auth import throttle
    from wpcompat.storage.comment_writes import insert_comment

    checks = []
    real = auth.basic.authenticate_basic

    async def counted(*args, **kwargs):
        checks.append(1)
        return await real(*args, **kwargs)

    monkeypatch.setattr(auth.basic, "authenticate_basic", counted)

    async def elsewhere(change: str) -> None:
        storage = await open_storage(settings.database_url)
        try:
            if change == "comment":
                await insert_comment(storage, {"comment_post_ID": 1, "comment_content": "Bonjour", "comment_approved": "1",
                                               "comment_date": "2024-05-01 10:00:00",
                                               "comment_date_gmt": "2024-05-01 08:00:00"})
            else:
                for _ in range(throttle.PAIR_LIMIT):
                    await throttle.record_failure(storage, ip="testclient", account="jdupont")
        finally:
            await storage.db.disconnect()

    with client_for(settings, ROUTES) as client:
        # The first sign-in records the password's use (a user meta write: checked once more).
        for _ in range(3):
            assert client.get("/wp-json/test/v1/whoami", headers=basic("jdupont", password)).json() == {"user": "jdupont"}
        checked = len(checks)
        asyncio.run(elsewhere("comment"))
        assert client.get("/wp-json/test/v1/whoami", headers=basic("jdupont", password)).json() == {"user": "jdupont"}
        assert len(checks) == checked
        asyncio.run(elsewhere("failures"))
        r = client.get("/wp-json/test/v1/whoami", headers=basic("jdupont", password))
        assert r.status_code == 429
        assert len(checks) == checked + 1
