"""Discovery: the `/` index, namespace indexes, and the route descriptions OPTIONS returns."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from typing import Any

from wpcompat.rest.errors import RestError
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse
from wpcompat.rest.routing import Endpoint, Route

# rest_get_allowed_schema_keywords(): what of an argument's definition the index shows.
_SCHEMA_KEYWORDS = (
    "title", "description", "default", "type", "format", "enum", "items", "properties",
    "additionalProperties", "patternProperties", "minProperties", "maxProperties", "minimum",
    "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
    "pattern", "minItems", "maxItems", "uniqueItems", "anyOf", "oneOf",
)
_VARIABLE = re.compile(r"\(\?P<(\w+?)>.*?\)")


def _endpoint_data(endpoint: Endpoint) -> dict[str, Any]:
    data: dict[str, Any] = {"methods": list(endpoint.methods)}
    if endpoint.allow_batch:
        data["allow_batch"] = {"v1": True}
    args: dict[str, Any] = {}
    for name, definition in endpoint.args.items():
        shown = {k: v for k, v in definition.items() if k in _SCHEMA_KEYWORDS}
        shown["required"] = bool(definition.get("required"))
        args[name] = shown
    # An empty PHP array is a JSON list.
    data["args"] = args or []
    return data


def _schema_of(route: Route, req: RestRequest) -> dict[str, Any]:
    """The route's item schema; a schema callable with one parameter gets the request, for
    schemas that depend on options (`author_avatar_urls` only when `show_avatars` is on)."""
    schema = route.schema
    assert schema is not None
    try:
        takes_request = len(inspect.signature(schema).parameters) == 1
    except (TypeError, ValueError):
        takes_request = False
    return schema(req) if takes_request else schema()


def route_data(route: Route, req: RestRequest, with_schema: bool = False) -> dict[str, Any]:
    """get_data_for_route: namespace, methods, endpoints (+ schema for OPTIONS) and self link."""
    data: dict[str, Any] = {"namespace": route.namespace, "methods": route.methods, "endpoints": []}
    if with_schema and route.schema is not None:
        data["schema"] = _schema_of(route, req)
    data["endpoints"] = [_endpoint_data(e) for e in route.endpoints]
    if "(?P<" not in route.pattern:
        data["_links"] = {"self": [{"href": req.site.rest_url(route.pattern)}]}
    return data


def _gmt_offset(req: RestRequest) -> float | int | str:
    site = req.site
    if site.option("timezone_string"):
        offset = dt.datetime.now(site.tz).utcoffset() or dt.timedelta()
        hours = round(offset.total_seconds() / 3600, 2)
        return int(hours) if hours == int(hours) else hours
    # No time zone name: get_option() answers the stored string as it is ("5.5", "0"); only the
    # time zone's override (wp_timezone_override_offset) computes a number.
    return site.option("gmt_offset", "0")


async def get_index(req: RestRequest) -> RestResponse:
    router = req.router
    assert router is not None, "the index answers requests the server dispatched"
    site = req.site
    data: dict[str, Any] = {
        "name": site.option("blogname"),
        "description": site.option("blogdescription"),
        "url": site.home,
        "home": site.home,
        "gmt_offset": _gmt_offset(req),
        "timezone_string": site.option("timezone_string"),
    }
    if not site.legacy_61:
        data["page_for_posts"] = site.option_int("page_for_posts")
        data["page_on_front"] = site.option_int("page_on_front")
        data["show_on_front"] = site.option("show_on_front", "posts")
    data["namespaces"] = router.namespaces
    # WordPress advertises its authorize-application.php flow here; wpcompat has no such page
    # (it needs a WordPress sign-in), so it advertises none, as WordPress does when Application
    # Passwords are unavailable: an empty list.
    data["authentication"] = []
    data["routes"] = {r.pattern: route_data(r, req) for r in router.routes if r.show_in_index}
    data["site_logo"] = site.option_int("site_logo")
    data["site_icon"] = site.option_int("site_icon")
    data["site_icon_url"] = ""
    resource = Resource(data)
    resource.add_link("help", "https://developer.wordpress.org/rest-api/")
    return RestResponse(resource)


async def get_namespace_index(req: RestRequest) -> RestResponse:
    router = req.router
    assert router is not None, "the index answers requests the server dispatched"
    namespace = req.params.get("namespace") or req.url_params.get("namespace", "")
    routes = router.routes_in(namespace)
    if not routes:
        raise RestError("rest_invalid_namespace", "The specified namespace could not be found.", 404)
    resource = Resource(
        {"namespace": namespace, "routes": {r.pattern: route_data(r, req) for r in routes if r.show_in_index}}
    )
    resource.add_link("up", req.site.rest_url("/"))
    return RestResponse(resource)


_CONTEXT_ONLY = {"context": {"default": "view"}}


def index_routes(namespaces: list[str]) -> list[Route]:
    routes = [Route("/", "", [Endpoint(("GET",), get_index, dict(_CONTEXT_ONLY))])]
    for namespace in namespaces:
        args = {"namespace": {"default": namespace}, **_CONTEXT_ONLY}
        routes.append(Route("/" + namespace, namespace, [Endpoint(("GET",), get_namespace_index, args)]))
    return routes
