"""Anonymous answers are reused until the database changes, from whichever process."""

import asyncio
import sqlite3

import httpx
import pytest

from wpcompat.rest.cache import ResponseCache
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import Endpoint, Route
from wpcompat.storage.options import get_option

from . import conftest
from .rest_helpers import client_for

# These tests write the SQLite file behind the server's back; the servers' change log is tested
# with two instances in tests/test_cache_instances.py.
pytestmark = pytest.mark.skipif(conftest.BACKEND != "sqlite", reason="writes the SQLite file directly")

CALLS = {"n": 0}


async def blogname(req: RestRequest) -> RestResponse:
    CALLS["n"] += 1
    return RestResponse({"name": await get_option(req.storage, "blogname")})


ROUTES = [Route("/test/v1/name", "test/v1", [Endpoint(("GET",), blogname)])]


@pytest.fixture
def client(settings):
    CALLS["n"] = 0
    c = client_for(settings, ROUTES)
    c.app.user_middleware[0].kwargs["server"].cache = ResponseCache()
    with c:
        yield c


def _write_blogname(settings, value: str) -> None:
    # Another program writing the file directly, as the CLI or a second instance would.
    path = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE wp_options SET option_value = ? WHERE option_name = 'blogname'", (value,))


def test_repeated_anonymous_get_is_served_from_cache(client):
    first = client.get("/wp-json/test/v1/name")
    second = client.get("/wp-json/test/v1/name")
    assert first.content == second.content
    assert CALLS["n"] == 1
    assert second.headers["etag"] == first.headers["etag"]


def test_a_change_by_another_process_is_seen_at_once(client, settings):
    assert client.get("/wp-json/test/v1/name").json() == {"name": "My Site"}
    _write_blogname(settings, "Secteur ESS")
    assert client.get("/wp-json/test/v1/name").json() == {"name": "Secteur ESS"}
    assert CALLS["n"] == 2


def test_requests_that_may_be_a_user_are_never_cached(client, settings):
    from auth.nonces import REST_ACTION, create_nonce

    # A valid nonce of the logged-out user (a made-up one is refused with 403, as in WordPress).
    nonce = create_nonce(settings.secret_key, REST_ACTION, 0, "")
    client.get("/wp-json/test/v1/name", headers={"X-WP-Nonce": nonce})
    client.get("/wp-json/test/v1/name", headers={"X-WP-Nonce": nonce})
    assert CALLS["n"] == 2
    assert client.get("/wp-json/test/v1/name", headers={"X-WP-Nonce": "abc"}).status_code == 403


def test_head_gets_headers_without_body(client):
    get = client.get("/wp-json/test/v1/name")
    head = client.head("/wp-json/test/v1/name")
    assert head.content == b""
    assert head.headers["content-length"] == str(len(get.content))


class _Log:
    """The change log as the cache sees it: `changed` is the last tick of each tag."""

    epoch = ""

    def __init__(self) -> None:
        self.changed: dict[str, int] = {}

    def last_change(self, deps) -> int:
        return max((self.changed.get(d, -1) for d in deps), default=-1)


async def test_lru_bounds():
    from wpcompat.rest.cache import CachedAnswer

    cache = ResponseCache(max_entries=2)
    log = _Log()
    for i in range(3):
        await cache.put((str(i), "", ""), 1, frozenset({"global"}), CachedAnswer(200, (), b"x"), "")
    assert await cache.get(("0", "", ""), log) is None
    assert await cache.get(("2", "", ""), log) is not None
    log.changed["global"] = 2
    assert await cache.get(("2", "", ""), log) is None


async def test_an_answer_is_kept_until_one_of_its_tags_changes_after_it():
    from wpcompat.rest.cache import CachedAnswer

    cache = ResponseCache()
    log = _Log()
    await cache.put(("b", "", ""), 5, frozenset({"global", "posts", "comments:2"}), CachedAnswer(200, (), b"x"), "")
    log.changed.update({"comments:1": 9, "global": 5})  # another post's comments; a change it saw
    assert await cache.get(("b", "", ""), log) is not None
    log.changed["comments:2"] = 6
    assert await cache.get(("b", "", ""), log) is None


async def test_data_version_changes_on_any_commit(storage, settings):
    before = await storage.data_version()
    _write_blogname(settings, "x")
    assert await storage.data_version() != before


SLOW_CALLS = {"n": 0}


async def slow_blogname(req: RestRequest) -> RestResponse:
    SLOW_CALLS["n"] += 1
    await asyncio.sleep(0.05)  # readers arrive while the answer is being computed
    return RestResponse({"name": await get_option(req.storage, "blogname")})


def test_readers_of_one_url_wait_for_one_computation(settings):
    """After a change, concurrent readers of a URL share one computation (no stampede)."""
    SLOW_CALLS["n"] = 0
    routes = [Route("/test/v1/slow", "test/v1", [Endpoint(("GET",), slow_blogname)])]
    c = client_for(settings, routes)
    c.app.user_middleware[0].kwargs["server"].cache = ResponseCache()

    async def readers(count: int) -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=c.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await asyncio.gather(*(http.get("/wp-json/test/v1/slow") for _ in range(count)))

    with c:
        first = c.portal.call(readers, 8)
        assert {r.status_code for r in first} == {200}
        assert len({r.content for r in first}) == 1
        assert SLOW_CALLS["n"] == 1
        _write_blogname(settings, "Secteur ESS")
        second = c.portal.call(readers, 8)
        assert {r.json()["name"] for r in second} == {"Secteur ESS"}
        assert SLOW_CALLS["n"] == 2


def test_an_answer_depends_on_the_comments_it_can_show():
    from wpcompat.rest.cache import dependencies

    base = {"global", "posts"}
    # An anonymous list of comments shows approved ones only (a held comment changes none).
    assert dependencies("/wp/v2/comments", {"post": "3"}) == base | {"comments:3:approved"}
    assert dependencies("/wp/v2/comments", {"post": ["3", "4"]}) == base | {"comments:3:approved", "comments:4:approved"}
    assert dependencies("/wp/v2/comments", {"post": "3,x"}) == base | {"comments:*:approved"}
    assert dependencies("/wp/v2/comments", {}) == base | {"comments:*:approved"}
    # ...but a reply embeds its parent, whatever its status, and one comment by id says
    # whether it exists: any change of any comment.
    assert dependencies("/wp/v2/comments", {"post": "3", "_embed": ""}) == base | {"comments:*"}
    assert dependencies("/wp/v2/comments/7", {}) == base | {"comments:*"}
    assert dependencies("/wp/v2/posts/8", {}) == base
    assert dependencies("/wp/v2/posts", {"per_page": "10"}) == base
    assert dependencies("/", {}) == base
    # _embed adds the replies of the posts shown: the one asked for, or those of the list.
    assert dependencies("/wp/v2/posts/8", {"_embed": ""}) == base | {"comments:8:approved"}
    assert dependencies("/wp/v2/posts", {"_embed": ""}, b'[{"id": 1}, {"id": 2}]') == base | {
        "comments:1:approved", "comments:2:approved"}
    assert dependencies("/wp/v2/posts", {"_embed": ""}, b'{"body": [], "status": 200}') == base | {"comments:*"}
    assert dependencies("/wp/v2/posts", {"_embed": ""}, b'[{"title": {}}]') == base | {"comments:*"}
    # Our own namespace, and routes we do not know, may show any comment.
    assert dependencies("/wpcompat/v1/posts/8/likes", {}) == base | {"comments:*"}


async def _sent(app) -> list[dict]:
    messages: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        messages.append(message)

    await app({"type": "http", "method": "GET", "path": "/", "headers": []}, receive, send)
    return messages


@pytest.mark.parametrize("headers", [
    (("Link", "<a>"), ("link", "<b>"), ("X-WP-Total", "3"), ("ETag", 'W/"x"'), ("content-length", "7")),
    (("Vary", "Origin"), ("Content-Type", "application/json; charset=UTF-8")),  # no Content-Length
    (),
])  # fmt: skip
async def test_a_kept_answer_is_sent_as_starlette_s_response_of_it(headers):
    """The headers encoded once per kept answer are those Starlette's Response would send."""
    from starlette.responses import Response

    from wpcompat.rest.cache import CachedAnswer
    from wpcompat.rest.server import KeptResponse

    answer = CachedAnswer(200, headers, b'{"a":1}')
    expected = await _sent(Response(answer.body, status_code=answer.status, headers=dict(answer.headers)))
    assert await _sent(KeptResponse(answer)) == expected
    assert await _sent(KeptResponse(answer)) == expected  # the kept headers are not consumed


@pytest.mark.parametrize("query", [
    b"", b"per_page=10&_embed", b"a=%23b&c=%C3%A9", "é=ü".encode(), b"a=b#c", b"a=b\tc", b"a=\x01", b"a b=c",
    b"?x=1", b"a=\x7f&b=~",
])  # fmt: skip
def test_the_query_text_is_the_url_s(query):
    """The query text read from the scope is `request.url.query`, whatever its bytes."""
    from starlette.requests import Request

    from wpcompat.rest.server import _query_text

    scope = {"type": "http", "method": "GET", "path": "/wp-json/", "query_string": query, "headers": [(b"host", b"h")]}
    assert _query_text(Request(scope)) == Request(scope).url.query


def test_a_kept_answer_still_answers_if_none_match_and_head(client):
    first = client.get("/wp-json/test/v1/name")
    etag = first.headers["etag"]
    assert client.get("/wp-json/test/v1/name", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/wp-json/test/v1/name", headers={"If-None-Match": 'W/"other"'}).content == first.content
    assert list(client.get("/wp-json/test/v1/name").headers.multi_items()) == list(first.headers.multi_items())
    assert CALLS["n"] == 1
