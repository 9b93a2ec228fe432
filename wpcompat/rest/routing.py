"""Routes and endpoints, declared the way WordPress's register_rest_route declares them."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wpcompat.rest.embedding import Embedder
    from wpcompat.rest.request import RestRequest
    from wpcompat.rest.response import RestResponse

Handler = Callable[["RestRequest"], Awaitable["RestResponse"]]
# A permission callback returns normally when allowed and raises RestError when not.
Permission = Callable[["RestRequest"], Awaitable[None]]
# A custom sanitize step for one argument (WordPress's per-arg sanitize_callback): it receives the
# schema-sanitized value and returns the final one, or raises ParamError.
ArgHook = Callable[[Any, "RestRequest", str], Awaitable[Any]]
# Called by the server when the request asks for `_embed`, with the rows the answer was
# prepared from and one link relation (`author`, `replies`, `wp:term`…), before the first of
# its links that must be dispatched: loads in batches what those sub-requests will need.
EmbedPrimer = Callable[["RestRequest", list[dict[str, Any]], str], Awaitable[None]]

READABLE = ("GET",)
CREATABLE = ("POST",)
EDITABLE = ("POST", "PUT", "PATCH")
DELETABLE = ("DELETE",)


@dataclass
class Endpoint:
    methods: tuple[str, ...]
    handler: Handler
    args: dict[str, dict[str, Any]] = field(default_factory=dict)
    permission: Permission | None = None
    arg_hooks: dict[str, ArgHook] = field(default_factory=dict)
    allow_batch: bool = False
    embed_primer: EmbedPrimer | None = None
    # Which of this endpoint's answers to an embedded link may be kept across requests, and
    # under which change-log versions (rest/embedding.py); None: dispatched every time.
    embedder: Embedder | None = None
    # Arguments whose hook is WordPress's whole sanitize_callback: WordPress validates and
    # sanitizes by the schema (rest_parse_request_arg) only an argument without a callback of
    # its own, so these reach their hook as sent, unchecked.
    own_sanitize: frozenset[str] = frozenset()


@dataclass
class Route:
    """A route pattern in WordPress's syntax, e.g. `/wp/v2/posts/(?P<id>[\\d]+)`."""

    pattern: str
    namespace: str
    endpoints: list[Endpoint]
    schema: Callable[..., dict[str, Any]] | None = None  # () or (request)
    show_in_index: bool = True
    regex: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        # WordPress matches routes case-insensitively, anchored at both ends.
        self.regex = re.compile("^" + self.pattern + "$", re.IGNORECASE)

    @property
    def methods(self) -> list[str]:
        seen: list[str] = []
        for endpoint in self.endpoints:
            for method in endpoint.methods:
                if method not in seen:
                    seen.append(method)
        return seen

    def endpoint_for(self, method: str) -> Endpoint | None:
        for endpoint in self.endpoints:
            if method in endpoint.methods:
                return endpoint
        if method == "HEAD":
            return self.endpoint_for("GET")
        return None


class Router:
    """Every route of the API, matched in registration order like WordPress."""

    def __init__(self, routes: list[Route]) -> None:
        self.routes = routes
        # (path, method) → the match: every embedded link and request re-asks for the same few
        # paths, and each miss tries the patterns of every route in turn.
        self._matches: dict[tuple[str, str | None], tuple[Route, dict[str, str]] | None] = {}
        self.namespaces: list[str] = []
        for route in routes:
            if route.namespace and route.namespace not in self.namespaces:
                self.namespaces.append(route.namespace)

    def match(self, path: str, method: str | None = None) -> tuple[Route, dict[str, str]] | None:
        """The first route whose pattern matches and (when given) that answers `method`."""
        key = (path, method)
        if key in self._matches:
            found = self._matches[key]
        else:
            found = self._match(path, method)
            if len(self._matches) >= 4096:
                self._matches.clear()
            self._matches[key] = found
        # The URL parameters are the caller's to change.
        return None if found is None else (found[0], dict(found[1]))

    def _match(self, path: str, method: str | None) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            m = route.regex.match(path)
            if m and (method is None or route.endpoint_for(method) is not None):
                return route, {k: v for k, v in m.groupdict().items() if v is not None}
        return None

    def routes_in(self, namespace: str) -> list[Route]:
        return [r for r in self.routes if r.namespace == namespace]
