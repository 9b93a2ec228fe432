"""An OpenAPI 3.1 description of the REST API, generated from the routes and `schemas/`.

Served at `/wp-json/wpcompat/v1/openapi.json` (a route outside WordPress's namespaces, so the
index and `namespaces` stay WordPress's), and read by the fuzzing suite (tests/fuzzing.py) and
by any OpenAPI tool (Schemathesis, client generators). Every route, method and argument is
there with its JSON schema, as the OPTIONS answers give them.
"""

from __future__ import annotations

import re
from typing import Any

from wpcompat.rest.errors import RestError
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import Endpoint, Route, Router

PATH = "/wpcompat/v1/openapi.json"
_GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)")
# JSON-schema keywords OpenAPI 3.1 reads; WordPress's own (context, readonly, arg_options …) go.
_KEYWORDS = {
    "type", "enum", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minLength", "maxLength", "pattern", "items", "properties", "additionalProperties", "minItems",
    "maxItems", "uniqueItems", "default", "description", "anyOf", "oneOf", "required",
}
_ERROR = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "data": {"type": ["object", "array", "null", "string"]},
    },
}


def json_schema(schema: Any) -> Any:
    """A WordPress arg or property schema as plain JSON schema."""
    if isinstance(schema, list):
        return [json_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key not in _KEYWORDS:
            continue
        if key == "required" and not isinstance(value, list):
            continue  # WordPress's per-argument `required: true`, not JSON schema's list
        if key in ("items", "additionalProperties"):
            out[key] = json_schema(value) if isinstance(value, dict) else value
        elif key == "properties" and isinstance(value, dict):
            out[key] = {k: json_schema(v) for k, v in value.items()}
        elif key in ("anyOf", "oneOf"):
            out[key] = [json_schema(v) for v in value]
        elif key in ("exclusiveMinimum", "exclusiveMaximum"):
            # Draft 4's boolean form: the bound is minimum/maximum, exclusive.
            bound = schema.get("minimum" if key == "exclusiveMinimum" else "maximum")
            if value is True and bound is not None:
                out[key] = bound
        else:
            out[key] = value
    if "exclusiveMinimum" in out:
        out.pop("minimum", None)
    if "exclusiveMaximum" in out:
        out.pop("maximum", None)
    return out


def openapi_path(pattern: str) -> tuple[str, list[dict[str, Any]]]:
    """`/wp/v2/posts/(?P<id>[\\d]+)` → `/wp/v2/posts/{id}` and its path parameters."""
    params: list[dict[str, Any]] = []

    def named(match: re.Match[str]) -> str:
        params.append({"name": match.group(1), "in": "path", "required": True,
                       "schema": {"type": "string", "pattern": f"^{match.group(2)}$"}})
        return "{" + match.group(1) + "}"

    return _GROUP.sub(named, pattern), params


def _operation(route: Route, endpoint: Endpoint, method: str, path_params: list[dict[str, Any]]) -> dict[str, Any]:
    in_path = {p["name"] for p in path_params}
    args = {name: arg for name, arg in endpoint.args.items() if name not in in_path}
    operation: dict[str, Any] = {
        "operationId": f"{method.lower()} {route.pattern}",
        "tags": [route.namespace or "index"],
        "parameters": list(path_params),
        "responses": {
            "200": {"description": "The answer, as WordPress gives it."},
            "default": {"description": "A WordPress error (WP_Error).",
                        "content": {"application/json": {"schema": _ERROR}}},
        },
    }
    if method in ("GET", "DELETE"):
        for name, arg in args.items():
            operation["parameters"].append({
                "name": name, "in": "query", "required": bool(arg.get("required")),
                "schema": json_schema(arg),
                # PHP's style: `a[]=1&a[]=2`, `a[k]=v`.
                "style": "deepObject" if arg.get("type") == "object" else "form", "explode": True,
            })
    elif args:
        body = {"type": "object", "properties": {name: json_schema(arg) for name, arg in args.items()}}
        required = [name for name, arg in args.items() if arg.get("required")]
        if required:
            body["required"] = required
        operation["requestBody"] = {"content": {
            "application/json": {"schema": body},
            "application/x-www-form-urlencoded": {"schema": body},
        }}
    return operation


def document(router: Router, server_url: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for route in router.routes:
        if route.pattern == PATH:
            continue
        path, path_params = openapi_path(route.pattern)
        item = paths.setdefault(path, {})
        for endpoint in route.endpoints:
            for method in endpoint.methods:
                item[method.lower()] = _operation(route, endpoint, method, path_params)
    return {
        "openapi": "3.1.0",
        "info": {"title": "WordPress REST API (wpcompat)", "version": "wp/v2",
                 "description": "Generated from wpcompat's routes and schemas/."},
        "servers": [{"url": server_url}],
        "components": {"securitySchemes": {
            "applicationPassword": {"type": "http", "scheme": "basic"},
            "nonce": {"type": "apiKey", "in": "header", "name": "X-WP-Nonce"},
        }},
        "paths": paths,
    }


async def get_document(req: RestRequest) -> RestResponse:
    router = req.router
    if not isinstance(router, Router):
        raise RestError("rest_no_route", "No route was found matching the URL and request method.", 404)
    return RestResponse(document(router, req.site.rest_url("/").rstrip("/")))


def route() -> Route:
    # No namespace: WordPress's index and `namespaces` list stay as WordPress's.
    return Route(PATH, "", [Endpoint(("GET",), get_document)], show_in_index=False)


__all__ = ["PATH", "document", "json_schema", "openapi_path", "route"]
