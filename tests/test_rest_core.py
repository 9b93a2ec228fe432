"""The REST framework: routing, validation messages, envelopes, JSONP, links and headers."""

import pytest

from wpcompat.rest.paging import pagination_headers
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse
from wpcompat.rest.routing import Endpoint, Route

from .rest_helpers import client_for

ARGS = {
    "context": {"type": "string", "enum": ["view", "embed", "edit"], "default": "view"},
    "page": {"type": "integer", "default": 1, "minimum": 1},
    "per_page": {"type": "integer", "default": 10, "minimum": 1, "maximum": 100},
    "order": {"type": "string", "default": "desc", "enum": ["asc", "desc"]},
    "after": {"type": "string", "format": "date-time"},
    "include": {"type": "array", "items": {"type": "integer"}, "default": []},
    "sticky": {"type": "boolean"},
}


async def list_things(req: RestRequest) -> RestResponse:
    items = []
    for i in req["include"] or [1, 2, 3]:
        r = Resource({"id": i, "title": {"rendered": f"T{i}"}, "page": req["page"]})
        r.add_link("self", req.site.rest_url(f"/test/v1/things/{i}"))
        r.add_link("https://api.w.org/thing", req.site.rest_url(f"/test/v1/things/{i}"), embeddable=True)
        items.append(r)
    headers = pagination_headers(req, "/test/v1/things", 25, req["per_page"], req["page"])
    return RestResponse(items, headers=headers)


async def get_thing(req: RestRequest) -> RestResponse:
    r = Resource({"id": int(req.url_params["id"]), "context": req.context, "sticky": req["sticky"]})
    r.add_link("self", req.site.rest_url(f"/test/v1/things/{req.url_params['id']}"))
    return RestResponse(r, headers={"Link": '<http://x/>; rel="alternate"; type=text/html'})


async def deny(req: RestRequest) -> None:
    from wpcompat.rest.errors import not_allowed

    raise not_allowed(req.logged_in)


ROUTES = [
    Route("/test/v1/things", "test/v1", [
        Endpoint(("GET",), list_things, ARGS),
        Endpoint(("POST",), list_things, {}, permission=deny),
    ]),
    Route("/test/v1/things/(?P<id>[\\d]+)", "test/v1", [
        Endpoint(("GET",), get_thing, {"context": ARGS["context"], "sticky": ARGS["sticky"]}),
    ]),
]


@pytest.fixture
def client(settings):
    with client_for(settings, ROUTES) as c:
        yield c


def test_no_route(client):
    r = client.get("/wp-json/test/v1/nope")
    assert r.status_code == 404
    assert r.json() == {
        "code": "rest_no_route",
        "message": "No route was found matching the URL and request method.",
        "data": {"status": 404},
    }
    assert r.headers["link"] == '<http://example.test/wp-json/>; rel="https://api.w.org/"'
    assert r.headers["content-type"] == "application/json; charset=UTF-8"


def test_wrong_method_and_non_numeric_id_are_no_route(client):
    assert client.delete("/wp-json/test/v1/things").json()["code"] == "rest_no_route"
    assert client.get("/wp-json/test/v1/things/abc").status_code == 404


@pytest.mark.parametrize(
    ("query", "param", "code", "message"),
    [
        ("per_page=200", "per_page", "rest_out_of_bounds",
         "per_page must be between 1 (inclusive) and 100 (inclusive)"),
        ("page=0", "page", "rest_out_of_bounds", "page must be greater than or equal to 1"),
        ("order=up", "order", "rest_not_in_enum", "order is not one of asc and desc."),
        ("after=2020-01-01", "after", "rest_invalid_date", "Invalid date."),
        ("per_page=abc", "per_page", "rest_invalid_type", "per_page is not of type integer."),
        ("include=1,x", "include", "rest_invalid_type", "include[1] is not of type integer."),
    ],
)
def test_invalid_params(client, query, param, code, message):
    r = client.get(f"/wp-json/test/v1/things?{query}")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "rest_invalid_param"
    assert body["message"] == f"Invalid parameter(s): {param}"
    assert body["data"]["params"] == {param: message}
    assert body["data"]["details"][param]["code"] == code
    # The matched route still advertises what the caller may do.
    assert r.headers["allow"] == "GET"


def test_php_style_arrays_and_comma_lists(client):
    assert [i["id"] for i in client.get("/wp-json/test/v1/things?include[]=5&include[]=7").json()] == [5, 7]
    assert [i["id"] for i in client.get("/wp-json/test/v1/things?include[0]=4").json()] == [4]
    assert [i["id"] for i in client.get("/wp-json/test/v1/things?include=8,9").json()] == [8, 9]


def test_boolean_coercion(client):
    assert client.get("/wp-json/test/v1/things/1?sticky=false").json()["sticky"] is False
    assert client.get("/wp-json/test/v1/things/1?sticky=1").json()["sticky"] is True
    assert client.get("/wp-json/test/v1/things/1?sticky=yes").status_code == 400


def test_links_are_compacted_with_curies(client):
    item = client.get("/wp-json/test/v1/things?include=1").json()[0]
    assert list(item["_links"]) == ["self", "wp:thing", "curies"]
    assert item["_links"]["wp:thing"] == [
        {"embeddable": True, "href": "http://example.test/wp-json/test/v1/things/1"}
    ]


def test_embed_dispatches_links_in_embed_context(client):
    item = client.get("/wp-json/test/v1/things?include=2&_embed").json()[0]
    assert item["_embedded"]["wp:thing"][0]["context"] == "embed"


def test_fields_filter(client):
    items = client.get("/wp-json/test/v1/things?_fields=id,title.rendered&include=3").json()
    assert items == [{"id": 3, "title": {"rendered": "T3"}}]


def test_pagination_headers(client):
    r = client.get("/wp-json/test/v1/things?per_page=5&page=2")
    assert r.headers["x-wp-total"] == "25"
    assert r.headers["x-wp-totalpages"] == "5"
    assert r.headers["link"] == (
        '<http://example.test/wp-json/test/v1/things?per_page=5&page=1>; rel="prev", '
        '<http://example.test/wp-json/test/v1/things?per_page=5&page=3>; rel="next"'
    )


def test_allow_follows_permissions(client):
    assert client.get("/wp-json/test/v1/things").headers["allow"] == "GET"


def test_envelope(client):
    r = client.get("/wp-json/test/v1/things/4?_envelope=1&_fields=id")
    assert r.status_code == 200
    assert r.json() == {
        "body": {"id": 4},
        "status": 200,
        "headers": {"Link": '<http://x/>; rel="alternate"; type=text/html', "Allow": "GET"},
    }


def test_envelope_keeps_the_totals_integers(client):
    # WordPress's controllers set X-WP-Total/X-WP-TotalPages as PHP integers: numbers in the
    # envelope, text only once sent as HTTP headers.
    r = client.get("/wp-json/test/v1/things?_envelope=1&per_page=5")
    headers = r.json()["headers"]
    plain = client.get("/wp-json/test/v1/things?per_page=5").headers
    assert headers["X-WP-Total"] == int(plain["X-WP-Total"])
    assert headers["X-WP-TotalPages"] == int(plain["X-WP-TotalPages"])
    assert isinstance(headers["Link"], str)


def test_jsonp(client):
    r = client.get("/wp-json/test/v1/things/4?_jsonp=cb.x&_fields=id")
    assert r.text == '/**/cb.x({"id":4})'
    assert r.headers["content-type"] == "application/javascript; charset=UTF-8"
    bad = client.get("/wp-json/test/v1/things/4?_jsonp=bad-cb()")
    assert bad.status_code == 400
    assert bad.json() == {"code": "rest_callback_invalid", "message": "Invalid JSONP callback function."}


def test_rest_route_query_on_any_url(client):
    assert client.get("/?rest_route=/test/v1/things/6").json()["id"] == 6
    assert client.get("/some/page/?rest_route=/test/v1/things/6").json()["id"] == 6


def test_method_override(client):
    r = client.post("/wp-json/test/v1/things?_method=DELETE")
    assert r.json()["code"] == "rest_no_route"
    r = client.post("/wp-json/test/v1/things/2", headers={"X-HTTP-Method-Override": "GET"})
    assert r.json()["id"] == 2


def test_json_is_escaped_like_php(client):
    r = client.get("/wp-json/test/v1/things/4?_fields=id,_links")
    assert b"http:\\/\\/example.test" in r.content


def test_index_and_namespace(client):
    index = client.get("/wp-json/").json()
    assert index["namespaces"] == ["test/v1"]
    assert "/test/v1/things/(?P<id>[\\d]+)" in index["routes"]
    ns = client.get("/wp-json/test/v1").json()
    assert ns["namespace"] == "test/v1"
    assert ns["_links"] == {"up": [{"href": "http://example.test/wp-json/"}]}
    assert client.get("/wp-json").status_code == 200


def test_options_returns_route_description(client):
    r = client.options("/wp-json/test/v1/things")
    body = r.json()
    assert body["namespace"] == "test/v1"
    assert body["methods"] == ["GET", "POST"]
    assert body["endpoints"][1]["args"] == []


def test_etag_304(client):
    r = client.get("/wp-json/test/v1/things/1")
    etag = r.headers["etag"]
    again = client.get("/wp-json/test/v1/things/1", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_trailing_slash_is_the_same_route(client):
    assert client.get("/wp-json/test/v1/things/7/").json()["id"] == 7


def test_envelope_without_headers_has_an_empty_list(client):
    r = client.get("/wp-json/test/v1/nope?_envelope")
    assert r.status_code == 200
    assert r.json()["status"] == 404
    assert r.json()["headers"] == []


def test_pagination_links_keep_bare_parameters_bare(client):
    r = client.get("/wp-json/test/v1/things?_embed&per_page=5")
    assert r.headers["link"] == (
        '<http://example.test/wp-json/test/v1/things?_embed&per_page=5&page=2>; rel="next"'
    )
