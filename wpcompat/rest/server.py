"""The REST server: WordPress's serve_request and dispatch, as a pure ASGI application.

One request flows one way: authentication → routing → argument validation (schemas/) →
permission check → handler → `_fields` → links and `_embed` → envelope/JSONP → JSON bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hashlib
import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from settings import Settings
from wpcompat.rest.authentication import authenticate, client_ip
from wpcompat.rest.cache import CachedAnswer, KeptAnswer, ResponseCache, dependencies
from wpcompat.rest.credentials import Credentials, request_credentials
from wpcompat.rest.embedding import embed_label, keep_answer, kept_answer
from wpcompat.rest.errors import RestError, no_route
from wpcompat.rest.fields import field_included, filter_fields
from wpcompat.rest.object_memo import MemoVersions
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse, resource_to_data
from wpcompat.rest.routing import Endpoint, Route, Router
from wpcompat.rest.validation import ParamError, sanitize_value, validate_value
from wpcompat.site import Site, load_site
from wpcompat.storage import Storage
from wpcompat.storage.changes import GLOBAL, pinned, watcher
from wpcompat.storage.options import begin_snapshot, end_snapshot
from wpcompat.util.forms import read_multipart
from wpcompat.util.jsonenc import encode_json
from wpcompat.util.querystring import build_query, parse_query

_JSONP_OK = re.compile(r"^[\w.]+$")
_BASE_HEADERS = {
    "X-Robots-Tag": "noindex",
    "X-Content-Type-Options": "nosniff",
    "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages, Link",
    "Access-Control-Allow-Headers": "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type",
}
_NOCACHE = {"Expires": "Wed, 11 Jan 1984 05:00:00 GMT", "Cache-Control": "no-cache, must-revalidate, max-age=0"}
_METHODS_WITH_BODY = ("POST", "PUT", "PATCH", "DELETE")


def parse_embed(raw: Any) -> bool | list[str]:
    """rest_parse_embed_param: bare/1/true embeds everything, a list embeds those relations."""
    if raw is None:
        return False
    if raw in ("", "1", "true", True):
        return True
    values = raw if isinstance(raw, list) else [v for v in re.split(r"[\s,]+", str(raw)) if v]
    return values or True


_INT_HEADERS = frozenset({"X-WP-Total", "X-WP-TotalPages"})


# The arguments WP_REST_Controller declares with 'validate_callback' => 'rest_validate_request_arg'
# (get_context_param and the collection params page, per_page, search): has_valid_params() checks them.
_VALIDATED_FIRST = frozenset({"context", "page", "per_page", "search"})


def _no_validation(arg: dict[str, Any]) -> bool:
    """`'validate_callback' => null` in an arg's arg_options: no schema validation."""
    return "validate_callback" in arg and arg["validate_callback"] is None


def _in_request_order(req: RestRequest, errors: dict[str, ParamError]) -> dict[str, ParamError]:
    """The invalid parameters in the order WordPress meets them: sanitize_params() walks the
    request's parameters as sent (body first, then the query string, then the URL's), not the
    endpoint's argument list."""
    order = {name: i for i, name in enumerate(dict.fromkeys([*req.body, *req.query, *req.url_params]))}
    return dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))


class _ArgPlan:
    """An endpoint's arguments as validation walks them: defaults, required names, the few
    checked first, the defaults known to pass (`checked`) and those checked on each request."""

    __slots__ = ("checked", "defaults", "endpoint", "first", "names", "position", "required", "unchecked_defaults")

    def __init__(self, endpoint: Endpoint, checked: dict[str, Any]) -> None:
        args = endpoint.args
        self.endpoint = endpoint
        self.checked = checked
        self.defaults = {name: arg["default"] for name, arg in args.items() if "default" in arg}
        self.required = [name for name, arg in args.items() if arg.get("required")]
        self.first = [
            (name, arg) for name, arg in args.items() if name in _VALIDATED_FIRST and not _no_validation(arg)
        ]
        self.names = frozenset(args)
        self.position = {name: i for i, name in enumerate(args)}
        self.unchecked_defaults = frozenset(
            name for name, value in self.defaults.items() if value is not None and name not in checked
        )


class RestServer:
    def __init__(
        self, router: Router, settings: Settings, cache: ResponseCache | None = None, *, embed_shortcuts: bool = True,
    ) -> None:
        self.router = router
        self.settings = settings
        self.cache = cache
        # Embedded links answered with the answers kept for them (rest/embedding.py) and
        # dispatched with their parameters as validated the first time; off: WordPress's
        # general path, every link a sub-request that validates its parameters (the reference
        # tests/test_embed_differential.py compares the fast path with).
        self.embed_shortcuts = embed_shortcuts
        # id(endpoint) → what validating its arguments needs, worked out once (_plan).
        self._plans: dict[int, _ArgPlan] = {}
        # (REST root, 6.1 or not, href) → the embedded link's sub-request (_embed_link).
        self._links: dict[tuple[str, bool, str], _EmbedLink | None] = {}

    # ---------------------------------------------------------------- entry point
    async def serve(self, request: Request, route_path: str, storage: Storage) -> Response | KeptResponse:
        raw_query = _query_text(request)
        query = parse_query(raw_query)
        headers = {k.lower(): v for k, v in request.headers.items()}
        method = request.method.upper()
        override = query.get("_method") or headers.get("x-http-method-override")
        if isinstance(override, str) and override:
            method = override.upper()
        credentials = request_credentials(headers, query, await self._post_form(request))
        key = self.cache.key_for(method, route_path, raw_query, headers, credentials) if self.cache else None
        changes = watcher(storage)
        # The change log is read before anything cached is trusted (rest/cache.py), and before
        # any memoised item is (rest/object_memo.py): with the response cache off too.
        tick = await changes.sync()
        if key is not None and tick is not None and self.cache is not None:
            # This process's answer, checked against the log just read, with nothing in between.
            kept = self.cache.recent(key, changes)
            if kept is not None:
                return self._finish(request, method, kept, "hit", headers)
        memo = MemoVersions(changes) if tick is not None and method in ("GET", "HEAD") else None
        # The options are kept while nothing global changed (else while no commit at all).
        version = ("log", changes.epoch, changes.tag_version(GLOBAL)) if tick is not None else await storage.data_version()
        if key is None or tick is None or self.cache is None:
            response = await self._answer(request, route_path, storage, query, headers, method, credentials,
                                          version, memo, tick)
            answer = CachedAnswer(response.status_code, tuple(response.headers.items()), bytes(response.body))
            return self._finish(request, method, answer, "", headers)
        cached = await self.cache.get(key, changes)
        if cached is not None:
            return self._finish(request, method, cached, "hit", headers)
        computing = self.cache.computing(key, tick)
        if computing is not None:
            entry = await asyncio.shield(computing)
            if entry is not None:
                return self._finish(request, method, entry.answer, "hit", headers)
        future = self.cache.begin(key, tick)
        kept: KeptAnswer | None = None
        try:
            # Another worker of this server computing it: wait for its answer (rest/cache.py).
            kept = await self.cache.from_peers(key, tick, changes, future)
            if kept is not None:
                return self._finish(request, method, kept.answer, "hit", headers)
            response = await self._answer(request, route_path, storage, query, headers, method, credentials,
                                          version, memo)
            answer = CachedAnswer(response.status_code, tuple(response.headers.items()), bytes(response.body))
            if answer.status == 200:
                # The answer's data as it was before encoding, when there is one: the cache's
                # dependencies need the ids of a list's items, not a second decoding of the body.
                data = getattr(response, "wpc_data", None)
                deps = (dependencies(route_path, query, answer.body) if data is None
                        else dependencies(route_path, query, answer.body, data))
                kept = KeptAnswer(tick, deps, answer)
                await self.cache.put(key, tick, deps, answer, changes.epoch)
        finally:
            self.cache.end(key, tick, future, kept)
        return self._finish(request, method, answer, "miss", headers)

    async def _answer(
        self, request: Request, route_path: str, storage: Storage, query: dict[str, Any],
        headers: dict[str, str], method: str, credentials: Credentials, version: Any = None,
        memo: MemoVersions | None = None, tick: int | None = None,
    ) -> Response:
        site = await load_site(storage, self.settings, version)
        # get_option() answers from the options just loaded for the rest of the request, as
        # WordPress's alloptions does (an option write of the request drops that snapshot).
        token = begin_snapshot(storage, site.stored) if site.stored is not None else None
        try:
            with memo.pinned() if memo is not None else contextlib.nullcontext():
                return await self._respond(request, route_path, storage, query, headers, method, credentials,
                                           site, memo, version, tick)
        finally:
            if token is not None:
                end_snapshot(token)

    async def _respond(
        self, request: Request, route_path: str, storage: Storage, query: dict[str, Any],
        headers: dict[str, str], method: str, credentials: Credentials, site: Site,
        memo: MemoVersions | None, version: Any = None, tick: int | None = None,
    ) -> Response:
        out_headers = dict(_BASE_HEADERS)
        jsonp = query.get("_jsonp")
        rest_request: RestRequest | None = None
        try:
            if jsonp is not None and (not isinstance(jsonp, str) or not _JSONP_OK.match(jsonp)):
                raise RestError("rest_callback_invalid", "Invalid JSONP callback function.", 400, with_data=False)
            ip = client_ip(request, self.settings)
            # Who is asking is decided from the log as this request read it on arrival (a read
            # request is pinned to it throughout; a write only here, before it writes): no second
            # read of the clock for the sign-in throttle's remembered "no failure".
            with pinned(watcher(storage), tick) if memo is None and tick is not None else contextlib.nullcontext():
                principal = await authenticate(storage, self.settings, credentials, ip, version)
            body = await self._read_body(request, method)
            rest_request = RestRequest(
                method=method, path=route_path, route=None, query=query, body=body, url_params={},
                headers=headers, storage=storage, settings=self.settings, site=site, user=principal.user,
                client_ip=ip, router=self.router, commenter_id=principal.commenter_id,
                embed=parse_embed(query.get("_embed")) if "_embed" in query else False,
                credentials=credentials, memo_versions=memo,
            )
            try:
                response = await self.dispatch(rest_request)
            except RestError as error:
                response = self.error_response(error)
            if rest_request.route is not None:
                allow = await self.allowed_methods(rest_request, rest_request.route)
                if allow:
                    response.headers["Allow"] = allow
            response = self._filter_fields(rest_request, response)
        except RestError as error:
            response = self.error_response(error)
        if rest_request is not None and rest_request.user is not None:
            out_headers.update(_NOCACHE)
        elif "origin" not in headers:
            out_headers["Vary"] = "Origin"
        if "origin" in headers:
            out_headers.update(self._cors(headers["origin"]))
            out_headers.update(self._frontend_cors(headers["origin"]))
        embed = parse_embed(query.get("_embed")) if "_embed" in query else False
        status = response.status
        if "_envelope" in query:
            data = await self.response_to_data(rest_request, response, embed)
            # An empty PHP array of headers is a JSON list. The controllers set the pagination
            # totals as PHP integers, which the envelope keeps (HTTP headers make them text).
            envelope_headers = {
                name: int(value) if name in _INT_HEADERS and str(value).isdigit() else value
                for name, value in response.headers.items()
            }
            payload: Any = {"body": data, "status": status, "headers": envelope_headers or []}
            status = 200
        else:
            out_headers.update(response.headers)
            payload = await self.response_to_data(rest_request, response, embed)
        if "Link" not in out_headers:
            out_headers["Link"] = f'<{site.rest_url("/")}>; rel="https://api.w.org/"'
        if response.raw is not None and "_envelope" not in query:
            out_headers["Content-Type"] = response.raw[1]
            return Response(response.raw[0], status_code=status, headers=out_headers)
        content_type = "application/javascript" if jsonp is not None else "application/json"
        out_headers["Content-Type"] = f"{content_type}; charset=UTF-8"
        if status == 204 or payload is None:
            return Response(b"", status_code=status, headers=out_headers)
        pretty = "_pretty" in query
        body_bytes = encode_json(payload, pretty=pretty)
        if isinstance(jsonp, str) and _JSONP_OK.match(jsonp):
            # The /**/ prefix defuses the old Flash content-sniffing attack, as WordPress does.
            body_bytes = b"/**/" + jsonp.encode() + b"(" + body_bytes + b")"
        if method in ("GET", "HEAD") and status == 200:
            out_headers["ETag"] = 'W/"' + hashlib.blake2b(body_bytes, digest_size=12).hexdigest() + '"'
        answer = Response(body_bytes, status_code=status, headers=out_headers)
        if jsonp is None:
            answer.wpc_data = payload  # type: ignore[attr-defined]  # what the body encodes (`serve`)
        return answer

    def _finish(
        self, request: Request, method: str, answer: CachedAnswer, cache: str, request_headers: dict[str, str],
    ) -> Response | KeptResponse:
        """Send an answer: 304 when the client holds this version, no body for HEAD."""
        marked = bool(cache) and self.settings.cache_header
        if method == "GET" and not marked and "if-none-match" not in request_headers:
            # The common case, a cached answer above all: its headers encoded once, not per request.
            return KeptResponse(answer)
        headers = dict(answer.headers)
        if marked:
            headers["X-WPC-Cache"] = cache  # only where the settings ask (tests, docs/cache.md)
        etag = headers.get("etag")
        if etag is not None and request_headers.get("if-none-match") == etag:
            return Response(b"", status_code=304, headers={"ETag": etag})
        if method == "HEAD":
            # Content-Length must still describe the body a GET would get.
            response = Response(b"", status_code=answer.status, headers=headers)
            response.headers["content-length"] = str(len(answer.body))
            return response
        return Response(answer.body, status_code=answer.status, headers=headers)

    @staticmethod
    async def _post_form(request: Request) -> dict[str, Any] | None:
        """PHP's $_POST: the form body of a POST request (None for any other request), where
        rest_cookie_check_errors() looks for `_wpnonce` first."""
        if request.method.upper() != "POST":
            return None
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return None
        return await RestServer._form_body(request, content_type)

    @staticmethod
    async def _form_body(request: Request, content_type: str) -> dict[str, Any]:
        # Parsed once: the credentials read it before the body parameters do.
        parsed = getattr(request.state, "wpcompat_form", None)
        if parsed is None:
            parsed = await RestServer._parse_form(request, content_type)
            request.state.wpcompat_form = parsed
        return dict(parsed)

    @staticmethod
    async def _parse_form(request: Request, content_type: str) -> dict[str, Any]:
        if content_type == "application/x-www-form-urlencoded":
            raw = await request.body()
            return parse_query(raw.decode("utf-8", "replace")) if raw else {}
        form = await read_multipart(request)
        return {k: v for k, v in form.items() if isinstance(v, str)}

    async def _read_body(self, request: Request, method: str) -> dict[str, Any]:
        if request.method.upper() not in _METHODS_WITH_BODY:
            return {}
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        raw = await request.body()
        if not raw:
            return {}
        if content_type == "application/json":
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as error:
                raise RestError(
                    "rest_invalid_json", "Invalid JSON body passed.", 400,
                    {"json_error_code": 4, "json_error_message": str(error).split(":")[0]},
                ) from None
            return data if isinstance(data, dict) else {}
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return await self._form_body(request, content_type)
        return {}

    @staticmethod
    def _cors(origin: str) -> dict[str, str]:
        return {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "OPTIONS, GET, POST, PUT, PATCH, DELETE",
            "Access-Control-Allow-Credentials": "true",
            "Vary": "Origin",
        }

    def _frontend_cors(self, origin: str) -> dict[str, str]:
        """Issue 15: a listed front end (WPCOMPAT_FRONTEND_ORIGINS) may also send and read the
        own-edit headers; every other origin gets exactly WordPress's CORS answer."""
        from auth.oauth.redirects import origin_allowed
        from wpcompat.discussion.own_edit import TOKEN_HEADER, UNTIL_HEADER

        if not origin_allowed(origin, self.settings.frontend_origins):
            return {}
        return {
            "Access-Control-Expose-Headers": f"{_BASE_HEADERS['Access-Control-Expose-Headers']}, "
                                             f"{TOKEN_HEADER}, {UNTIL_HEADER}, X-WPC-Comment-Status",
            "Access-Control-Allow-Headers": f"{_BASE_HEADERS['Access-Control-Allow-Headers']}, {TOKEN_HEADER}",
        }

    # ---------------------------------------------------------------- dispatch
    async def dispatch(self, req: RestRequest, link: _EmbedLink | None = None) -> RestResponse:
        """Route, validate, check, handle. `link`: an embedded link's sub-request, whose
        validated parameters are worked out on its first dispatch and reused (_link_params)."""
        if req.method == "OPTIONS":
            matched_any = self.router.match(req.path)
            if matched_any is not None:
                route, url_params = matched_any
                req.route = route
                req.url_params = url_params
                # The permission checks behind `Allow` see the URL's parameters, as in WordPress.
                req.params = {**url_params, **req.query}
                from wpcompat.rest.index import route_data

                return RestResponse(route_data(route, req, with_schema=True))
        matched = self.router.match(req.path, req.method)
        if matched is None:
            raise no_route()
        route, url_params = matched
        endpoint = route.endpoint_for(req.method)
        assert endpoint is not None
        req.route = route
        req.url_params = url_params
        if link is not None and link.params is not None and self.embed_shortcuts:
            req.given = set(link.given)
            req.params = _own_copy(link.params)
        else:
            self._merge_params(req, endpoint)
            await self._validate(req, endpoint)
            if link is not None and self._pure_validation(req, endpoint):
                link.given = frozenset(req.given)
                link.params = _own_copy(req.params)
        if endpoint.permission is not None:
            await endpoint.permission(req)
        if req.method in ("GET", "HEAD"):
            req.permitted = endpoint
        response = await endpoint.handler(req)
        if endpoint.embed_primer is not None and req.embed and not req.embedded and response.embed_rows:
            # Run, per relation, by the first embedded link whose answer is not kept (embedded_data).
            primer, rows = endpoint.embed_primer, response.embed_rows
            req.embed_primer = lambda relation: primer(req, rows, relation)
        return response

    def _pure_validation(self, req: RestRequest, endpoint: Endpoint) -> bool:
        """Did validating these parameters depend on nothing but their values and the schema?

        True when no argument hook ran (a hook sees the request: the posts' `status` hook
        asks who the caller is); the schema's validation and sanitizing are pure functions of
        the value. An embedded link's query is the same on every request, so its validated
        parameters are too: they are kept with the link (`_EmbedLink.params`).
        """
        if not endpoint.arg_hooks:
            return True
        plan = self._plan(endpoint)
        todo = plan.unchecked_defaults | (req.given & plan.names)
        return not any(name in endpoint.arg_hooks for name in todo)

    def _merge_params(self, req: RestRequest, endpoint: Endpoint) -> None:
        # WordPress looks a parameter up in JSON, POST, GET, URL, then defaults: first found wins.
        params = dict(self._plan(endpoint).defaults)
        params.update(req.url_params)
        params.update(req.query)
        params.update(req.body)
        req.given = set(req.url_params) | set(req.query) | set(req.body)
        req.params = params

    def _plan(self, endpoint: Endpoint) -> _ArgPlan:
        """What validating this endpoint's arguments needs that does not depend on the request,
        worked out once (an `_embed` makes ~30 sub-requests to a handful of endpoints)."""
        plan = self._plans.get(id(endpoint))
        if plan is not None and plan.endpoint is endpoint:
            return plan
        plan = self._plans[id(endpoint)] = _ArgPlan(endpoint, self._checked_defaults(endpoint))
        return plan

    def _checked_defaults(self, endpoint: Endpoint) -> dict[str, Any]:
        """The endpoint's defaults as validation and sanitizing leave them, worked out once.

        Both are pure functions of the value and the argument's schema, so a default that
        passes gives the same value on every request (~30 of them per `_embed` sub-request).
        Left out, and checked on each request as before: a default with an argument hook (it
        sees the request), and a default that fails (its error must be reported as it comes).
        """
        values: dict[str, Any] = {}
        for name, arg in endpoint.args.items():
            if "default" not in arg or arg["default"] is None or name in endpoint.arg_hooks:
                continue
            try:
                value = arg["default"]
                if not _no_validation(arg):
                    validate_value(value, arg, name)
                if not ("sanitize_callback" in arg and arg["sanitize_callback"] is None):
                    value = sanitize_value(value, arg)
            except ParamError:
                continue
            values[name] = value
        return values

    async def _validate(self, req: RestRequest, endpoint: Endpoint) -> None:
        plan = self._plan(endpoint)
        params = req.params
        missing = [name for name in plan.required if params.get(name) is None]
        if missing:
            raise RestError(
                "rest_missing_callback_param", f"Missing parameter(s): {', '.join(missing)}", 400,
                {"params": missing},
            )
        errors: dict[str, ParamError] = {}
        defaults = plan.checked
        given = req.given
        # Two passes, as WordPress: has_valid_params() first checks, in the endpoint's argument
        # order, the arguments that carry an explicit validate_callback; only if they all pass
        # does sanitize_params() validate and sanitize each other one (rest_parse_request_arg:
        # a valid value is then sanitized, so a sanitize error of one parameter is reported
        # beside a type error of another), the errors listed in the request's order.
        for name, arg in plan.first:
            value = params.get(name)
            if value is None:
                continue
            if name not in given and name in defaults:
                continue  # a default known to pass
            try:
                validate_value(value, arg, name)
            except ParamError as error:
                errors[name] = error
        if not errors:
            # In the endpoint's argument order: the given ones, and the defaults not known to pass.
            todo = plan.unchecked_defaults | (given & plan.names) if given else plan.unchecked_defaults
            for name in sorted(todo, key=plan.position.__getitem__) if len(todo) > 1 else todo:
                if params.get(name) is None:
                    continue
                arg = endpoint.args[name]
                try:
                    value = params[name]
                    own = name in endpoint.own_sanitize
                    if name not in _VALIDATED_FIRST and not _no_validation(arg) and not own:
                        validate_value(value, arg, name)
                    if not own and not ("sanitize_callback" in arg and arg["sanitize_callback"] is None):
                        value = sanitize_value(value, arg)
                    hook = endpoint.arg_hooks.get(name)
                    if hook is not None:
                        value = await hook(value, req, name)
                    params[name] = value
                except ParamError as error:
                    errors[name] = error
            for name, value in defaults.items():
                if name not in given:
                    # The handlers may change what they are given: each request its own list.
                    params[name] = copy.copy(value) if isinstance(value, (list, dict)) else value
            if errors:
                errors = _in_request_order(req, errors)
        if errors:
            raise RestError(
                "rest_invalid_param",
                f"Invalid parameter(s): {', '.join(errors)}",
                400,
                {
                    "params": {k: e.message for k, e in errors.items()},
                    "details": {k: {"code": e.code, "message": e.message, "data": e.data} for k, e in errors.items()},
                },
            )

    async def allowed_methods(self, req: RestRequest, route: Route) -> str:
        """rest_send_allow_header: the methods whose permission check passes for this caller."""
        allowed: list[str] = []
        for endpoint in route.endpoints:
            ok = True
            if endpoint.permission is not None and endpoint is not req.permitted:
                try:
                    await endpoint.permission(req)
                except RestError:
                    ok = False
            if ok:
                for method in endpoint.methods:
                    if method not in allowed:
                        allowed.append(method)
        return ", ".join(allowed)

    # ---------------------------------------------------------------- response building
    @staticmethod
    def error_response(error: RestError) -> RestResponse:
        return RestResponse(error.body(), error.status, dict(error.headers))

    @staticmethod
    def _filter_fields(req: RestRequest, response: RestResponse) -> RestResponse:
        fields = req.fields
        if fields is None or response.status >= 400:
            return response
        data = response.data
        if isinstance(data, list):
            items = [resource_to_data(i) if isinstance(i, Resource) else i for i in data]
            response.data = filter_fields(items, fields)
        elif isinstance(data, Resource):
            kept = filter_fields(data.data, fields)
            if not data.links_always and not (
                field_included("_links", fields) or field_included("_embedded", fields)
            ):
                data.links = {}
            if kept == [] and not data.links:
                response.data = []  # nothing asked for exists: an empty PHP array
            else:
                data.data = kept or {}
        else:
            response.data = filter_fields(data, fields)
        return response

    async def response_to_data(self, req: RestRequest | None, response: RestResponse, embed: Any) -> Any:
        data = response.data
        if isinstance(data, Resource):
            item = resource_to_data(data)
            if embed and req is not None:
                item = await self._embed_links(req, item, embed, {})
            return item
        if isinstance(data, list):
            items = [resource_to_data(i) if isinstance(i, Resource) else i for i in data]
            if embed and req is not None:
                cache: dict[str, Any] = {}
                items = [await self._embed_links(req, i, embed, cache) for i in items]
            return items
        return data

    async def _embed_links(
        self, req: RestRequest, item: Any, embed: bool | list[str], cache: dict[str, Any]
    ) -> Any:
        if not isinstance(item, dict) or not item.get("_links"):
            return item
        embedded: dict[str, list[Any]] = {}
        for rel, links in item["_links"].items():
            if isinstance(embed, list) and rel not in embed:
                continue
            slots: list[Any] = []
            for link in links:
                if not link.get("embeddable"):
                    slots.append([])
                    continue
                href = link["href"]
                if href not in cache:
                    cache[href] = await self.embedded_data(req, href, rel)
                slots.append(cache[href])
            if any(slot for slot in slots):
                embedded[rel] = slots
        if embedded:
            return {**item, "_embedded": embedded}
        return item

    def _route_from_href(self, site: Site, href: str) -> tuple[str, dict[str, Any]] | None:
        parts = urlsplit(href)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        prefix = urlsplit(site.rest_url("/")).path.rstrip("/")
        if "rest_route" in query:
            return query.pop("rest_route"), parse_query(build_query(query))
        if parts.path.startswith(prefix):
            return parts.path[len(prefix):] or "/", parse_query(parts.query)
        return None

    def _embed_link(self, site: Site, href: str) -> _EmbedLink | None:
        """What an embedded link asks for, worked out once per URL: its route, the query of its
        sub-request (`context=embed`, the page size) and the endpoint that answers it."""
        key = (site.rest_url("/"), site.legacy_61, href)
        link = self._links.get(key, _UNKNOWN)
        if link is not _UNKNOWN:
            return link  # type: ignore[return-value]
        target = self._route_from_href(site, href)
        if target is None:
            link = None
        else:
            path, query = target
            query["context"] = "embed"
            matched = self.router.match(path, "GET")
            endpoint = matched[0].endpoint_for("GET") if matched is not None else None
            if not site.legacy_61 and "per_page" not in query and endpoint is not None:
                # Since WordPress 6.5 an embedded collection is asked for with its maximum page size.
                maximum = endpoint.args.get("per_page", {}).get("maximum")
                if maximum:
                    query["per_page"] = maximum
            link = _EmbedLink(path, query, endpoint, dict(matched[1]) if matched is not None else {})
        if len(self._links) >= _MAX_LINKS:
            self._links.clear()
        self._links[key] = link
        return link

    async def embedded_data(self, parent: RestRequest, href: str, relation: str = "") -> Any:
        """Dispatch a link internally with context=embed, as embed_links does; the answer kept
        from an earlier request when the link's resource vouches for it (rest/embedding.py)."""
        link = self._embed_link(parent.site, href)
        if link is None:
            return []
        endpoint = link.endpoint
        label = embed_label(parent, href, endpoint.embedder if endpoint is not None else None,
                            link.url_params, link.query) if self.embed_shortcuts else None
        if label is not None:
            kept = kept_answer(parent, label)
            if kept is not None:
                return kept
        if parent.embed_primer is not None and relation not in parent.primed:
            parent.primed.add(relation)
            await parent.embed_primer(relation)
        sub = RestRequest(
            method="GET", path=link.path, route=None, query=copy.deepcopy(link.query), body={}, url_params={},
            headers=parent.headers, storage=parent.storage, settings=parent.settings, site=parent.site,
            user=parent.user, client_ip=parent.client_ip, cache=parent.cache, embedded=True, router=parent.router,
            commenter_id=parent.commenter_id, credentials=parent.credentials, memo_versions=parent.memo_versions,
        )
        try:
            response = await self.dispatch(sub, link)
        except RestError as error:
            response = self.error_response(error)
        data = await self.response_to_data(sub, response, False)
        if label is not None:
            keep_answer(parent, label, data)
        return data


def _own_copy(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters a handler may change (its lists and dicts copied) without changing the link's."""
    return {k: copy.copy(v) if isinstance(v, (list, dict)) else v for k, v in params.items()}


class _EmbedLink:
    """An embeddable link's sub-request, as `_embed_link` works it out from the URL."""

    __slots__ = ("endpoint", "given", "params", "path", "query", "url_params")

    def __init__(self, path: str, query: dict[str, Any], endpoint: Endpoint | None, url_params: dict[str, Any]) -> None:
        self.path = path
        self.query = query
        self.endpoint = endpoint
        self.url_params = url_params
        # Its parameters as validation leaves them (None until a dispatch that validated
        # them without an argument hook: `RestServer._pure_validation`).
        self.params: dict[str, Any] | None = None
        self.given: frozenset[str] = frozenset()


_UNKNOWN = object()
# Links worked out (`RestServer._embed_link`) before the table starts afresh: a site's
# embeddable URLs, a few per post, user and term.
_MAX_LINKS = 20_000


class KeptResponse:
    """An answer sent as Starlette's `Response` of it would send it (same start message, same
    headers, same body), from the headers `CachedAnswer` encoded once."""

    __slots__ = ("answer",)

    def __init__(self, answer: CachedAnswer) -> None:
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = self.answer
        await send({"type": "http.response.start", "status": answer.status, "headers": list(answer.raw_headers)})
        await send({"type": "http.response.body", "body": answer.body})


# A query string that Starlette's `request.url.query` gives back unchanged: printable ASCII
# without `#` (urlsplit drops tabs and line breaks, and cuts at `#`; UTF-8 is decoded).
_PLAIN_QUERY = re.compile(rb"[\x21-\x22\x24-\x7e]*")


def _query_text(request: Request) -> str:
    """`request.url.query` without building the whole URL where the text is plain."""
    raw: bytes = request.scope.get("query_string", b"")
    if _PLAIN_QUERY.fullmatch(raw):
        return raw.decode("ascii")
    return request.url.query


class RestMiddleware:
    """Sends `/wp-json/…` and any `?rest_route=…` request to the REST server."""

    def __init__(self, app: ASGIApp, server: RestServer) -> None:
        self.app = app
        self.server = server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        route: str | None = None
        if path == "/wp-json" or path.startswith("/wp-json/"):
            route = path[len("/wp-json"):] or "/"
        elif b"rest_route=" in scope.get("query_string", b""):
            for key, value in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
                if key == "rest_route":
                    route = value or "/"
                    break
        if route is None:
            await self.app(scope, receive, send)
            return
        # rest_api_loaded() untrailingslashes the route: /wp/v2/users/1/ is /wp/v2/users/1.
        route = route.rstrip("/") or "/"
        request = Request(scope, receive)
        storage = request.app.state.storage
        response = await self.server.serve(request, route, storage)
        await response(scope, receive, send)


__all__ = ["Headers", "RestMiddleware", "RestServer", "parse_embed"]
