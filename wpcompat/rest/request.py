"""A REST request after routing: who asks, for which route, with which parameters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from auth.capabilities import User
    from settings import Settings
    from wpcompat.rest.credentials import Credentials
    from wpcompat.site import Site
    from wpcompat.storage import Storage


class MatchedRoute(Protocol):
    """The route a request matched (a routing.Route, which builds on this module): what the
    request's readers ask of it."""

    def endpoint_for(self, method: str) -> Any: ...


class RouteTable(Protocol):
    """The server's routes (a routing.Router): the index lists them, `targetHints` matches in them."""

    routes: list[Any]
    namespaces: list[str]

    def match(self, path: str, method: str | None = None) -> Any: ...

    def routes_in(self, namespace: str) -> list[Any]: ...


@dataclass
class RestRequest:
    method: str
    path: str
    route: MatchedRoute | None
    query: dict[str, Any]
    body: dict[str, Any]
    url_params: dict[str, str]
    headers: dict[str, str]
    storage: Storage
    settings: Settings
    site: Site
    user: User | None
    client_ip: str = "127.0.0.1"
    # The merged parameters: JSON body, form body, query, URL, then defaults (WordPress's order).
    params: dict[str, Any] = field(default_factory=dict)
    # Names the client actually sent (defaults excluded).
    given: set[str] = field(default_factory=set)
    # Per-request memo shared with embedded sub-requests (loaded rows, counts …).
    cache: dict[Any, Any] = field(default_factory=dict)
    embedded: bool = False
    # The routes the request was dispatched among (None for a request built outside the server).
    router: RouteTable | None = None
    # A social commenter's identity ID, when the request acts as one (rest/authentication.py).
    commenter_id: int | None = None
    # What `_embed` asks for (rest_parse_embed_param): nothing, everything, or these relations.
    embed: bool | list[str] = False
    # What the request claims to be (wpcompat.rest.credentials); None for internal requests.
    credentials: Credentials | None = None
    # The endpoint whose permission check this read request passed (the `Allow` header need
    # not ask it again: a read changes nothing the check looks at).
    permitted: Any = None
    # The change log's versions as this read request started (rest/object_memo.MemoVersions):
    # what memoised items are checked against; None where they may not be used.
    memo_versions: Any = None
    # The endpoint's `embed_primer`, bound to the answer's rows: the first embedded link of a
    # relation that is not kept across requests runs it for that relation (rest/embedding.py),
    # `primed` lists the relations done. Kept links need no loads.
    embed_primer: Callable[[str], Awaitable[None]] | None = None
    primed: set[str] = field(default_factory=set)

    def __getitem__(self, name: str) -> Any:
        return self.params.get(name)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.params.get(name)
        return default if value is None else value

    def has(self, name: str) -> bool:
        """Was the parameter sent by the client (not merely defaulted)?"""
        return name in self.given

    @property
    def context(self) -> str:
        return str(self.params.get("context") or "view")

    @property
    def logged_in(self) -> bool:
        return self.user is not None

    @property
    def fields(self) -> list[str] | None:
        """The `_fields` list, or None when every field is wanted."""
        raw = self.query.get("_fields")
        if raw is None or self.embedded:
            return None
        from wpcompat.rest.fields import parse_fields

        return parse_fields(raw)

    def wants(self, field_name: str) -> bool:
        """rest_is_field_included(): should this (possibly nested) field be computed?"""
        from wpcompat.rest.fields import field_included

        fields = self.fields
        return fields is None or field_included(field_name, fields)
