"""No authenticated answer is ever served to another request by the shared response cache.

For every spelling of every credential (the session cookie with a nonce in the X-WP-Nonce
header, in the query string under every name PHP reads as `_wpnonce`, in a form or multipart
body of a POST overridden to GET; HTTP Basic; a bearer token), an authenticated request is made,
then the very same URL is asked without credentials (and the other way round). The anonymous
request must never get the private answer, and the authenticated one never the anonymous one.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from auth.accounts import UserFields, create_user
from auth.application_passwords import create_password
from auth.nonces import REST_ACTION, create_nonce
from auth.sessions import COOKIE_NAME, cookie_value, create_session
from settings import Settings
from wpcompat.app import create_app
from wpcompat.rest.cache import ResponseCache

from . import conftest

pytestmark = pytest.mark.skipif(conftest.BACKEND != "sqlite", reason="the response cache is SQLite's only")

SECRET_TITLE = "Top secret draft 7f3a"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'site.db'}", site_url="http://example.test",
                        demo_import=False, response_cache=True)
    app = create_app(settings)
    with TestClient(app, base_url="http://example.test") as client:
        storage = client.app.state.storage

        async def make() -> dict[str, Any]:
            user_id = await create_user(storage, "boss", UserFields(email="boss@example.test", role="administrator"))
            password, _ = await create_password(storage, user_id, "tests")
            session = await create_session(storage, settings, user_id=user_id)
            posts = storage.tables.posts
            private = await storage.db.execute(sa.insert(posts).values(
                post_title=SECRET_TITLE, post_name="secret", post_status="private", post_type="post",
                post_author=user_id, post_date="2026-01-01 10:00:00", post_date_gmt="2026-01-01 09:00:00",
                post_modified="2026-01-01 10:00:00", post_modified_gmt="2026-01-01 09:00:00"))
            return {
                "cookie": cookie_value(settings, session),
                "nonce": create_nonce(settings.secret_key, REST_ACTION, user_id, session.token),
                "basic": base64.b64encode(f"boss:{password}".encode()).decode(),
                "private": private,
            }

        facts = client.portal.call(make)
        server = next(m.kwargs["server"] for m in app.user_middleware if "server" in m.kwargs)
        assert isinstance(server.cache, ResponseCache)
        yield client, facts


# Every name PHP's $_GET/$_POST parsing turns into `_wpnonce` (percent-escapes, and the space and
# dot PHP rewrites to underscores in a top-level name).
NONCE_NAMES = ["_wpnonce", "%5Fwpnonce", "%5fwpnonce", "_wp%6Eonce", "%5F%77%70%6E%6F%6E%63%65",
               "+wpnonce", "%20wpnonce", ".wpnonce", "%2Ewpnonce"]


def spellings(facts: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(name, how to send) for every way of carrying credentials."""
    nonce, cookie = facts["nonce"], {COOKIE_NAME: facts["cookie"]}
    out: list[tuple[str, dict[str, Any]]] = []
    for name in NONCE_NAMES:
        out.append((f"query {name}", {"cookies": cookie, "query": f"{name}={nonce}"}))
    out.append(("header X-WP-Nonce", {"cookies": cookie, "headers": {"X-WP-Nonce": nonce}}))
    out.append(("header x-wp-nonce", {"cookies": cookie, "headers": {"x-wp-nonce": nonce}}))
    for name in ("_wpnonce", "%5Fwpnonce", "_wp%6Eonce"):
        out.append((f"form body {name} + _method=GET", {
            "cookies": cookie, "method": "POST", "query": "_method=GET",
            "content": f"{name}={nonce}".encode(),
            "headers": {"Content-Type": "application/x-www-form-urlencoded"}}))
    out.append(("form body + X-HTTP-Method-Override", {
        "cookies": cookie, "method": "POST", "content": f"_wpnonce={nonce}".encode(),
        "headers": {"Content-Type": "application/x-www-form-urlencoded", "X-HTTP-Method-Override": "GET"}}))
    boundary = "b0undary"
    multipart = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_wpnonce\"\r\n\r\n{nonce}\r\n"
                 f"--{boundary}--\r\n").encode()
    out.append(("multipart body + _method=GET", {
        "cookies": cookie, "method": "POST", "query": "_method=GET", "content": multipart,
        "headers": {"Content-Type": f"multipart/form-data; boundary={boundary}"}}))
    out.append(("Basic", {"headers": {"Authorization": f"Basic {facts['basic']}"}}))
    out.append(("basic (lower-case scheme)", {"headers": {"Authorization": f"basic {facts['basic']}"}}))
    out.append(("Bearer", {"headers": {"Authorization": "Bearer some-token"}}))
    return out


def send(client: TestClient, path: str, how: dict[str, Any], extra_query: str) -> Any:
    query = "&".join(q for q in (how.get("query"), extra_query) if q)
    url = path + ("&" if "?" in path else "?") + query if query else path
    client.cookies.clear()
    for name, value in how.get("cookies", {}).items():
        client.cookies.set(name, value, domain="example.test")
    response = client.request(how.get("method", "GET"), url, headers=how.get("headers", {}),
                              content=how.get("content"))
    client.cookies.clear()
    return response, url


def anonymous(client: TestClient, url: str) -> Any:
    client.cookies.clear()
    return client.get(url)


PATHS = ["/wp-json/wp/v2/users/me", "/wp-json/wp/v2/posts/{private}", "/wp-json/wp/v2/posts?status=private",
         "/?rest_route=/wp/v2/users/me"]


def test_no_authenticated_answer_reaches_another_request(site) -> None:
    client, facts = site
    checked = 0
    for n, (name, how) in enumerate(spellings(facts)):
        for path_template in PATHS:
            path = path_template.format(private=facts["private"])
            # Authenticated first, then the same URL anonymously.
            authed, url = send(client, path, how, f"probe={n}a")
            after = anonymous(client, url)
            secret_seen = SECRET_TITLE in authed.text or '"slug":"boss"' in authed.text
            if name.startswith(("query", "header", "form", "multipart", "Basic", "basic")):
                # The spelling really does authenticate (WordPress reads it too).
                assert authed.status_code == 200 and secret_seen, (name, path, authed.status_code, authed.text)
            assert SECRET_TITLE not in after.text and '"slug":"boss"' not in after.text, (name, path)
            # Anonymous first (its answer is cached), then authenticated: it must not get the
            # cached anonymous answer either.
            before = anonymous(client, url.replace(f"probe={n}a", f"probe={n}b"))
            authed2, _ = send(client, path, how, f"probe={n}b")
            if secret_seen:
                assert authed2.content != before.content, (name, path)
            checked += 1
    assert checked == len(spellings(facts)) * len(PATHS)


def test_anonymous_answers_are_still_cached(site) -> None:
    client, _ = site
    server = next(m.kwargs["server"] for m in client.app.user_middleware if "server" in m.kwargs)
    hits = server.cache.hits
    client.get("/wp-json/wp/v2/posts")
    client.get("/wp-json/wp/v2/posts")
    # A session cookie alone is ignored by authentication (no nonce), so it may share.
    client.cookies.set(COOKIE_NAME, "anything", domain="example.test")
    client.get("/wp-json/wp/v2/posts")
    assert server.cache.hits == hits + 2
