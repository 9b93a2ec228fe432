"""The wp/v2 routes we serve, declared as data, in the order WordPress's index lists them.

Each :class:`Route` has its WordPress pattern, namespace, endpoints (methods, ``allow_batch``, the function
giving the args) and the item-schema function used by OPTIONS. The framework attaches handlers by
``pattern`` (or by each endpoint's ``resource``/``action``/``subtype``), and builds the discovery index and
OPTIONS answers with :func:`route_data`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schemas import comments, posts, revisions, search, settings, statuses, taxonomies, terms, types, users
from schemas.common import READABLE, Args, Schema, index_args, php_args_json

ArgsFn = Callable[[bool], Args]
SchemaFn = Callable[[bool, str], Schema]

NAMESPACE = "wp/v2"
ID = r"(?P<id>[\d]+)"
PARENT = r"(?P<parent>[\d]+)"
CREATABLE: tuple[str, ...] = ("POST",)
EDITABLE: tuple[str, ...] = ("POST", "PUT", "PATCH")
DELETABLE: tuple[str, ...] = ("DELETE",)
GET: tuple[str, ...] = tuple(READABLE)

# Index-level constants (GET /wp-json/): the help link, and the root route's own description.
INDEX_HELP_LINK: dict[str, Any] = {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]}


@dataclass(frozen=True)
class Endpoint:
    methods: tuple[str, ...]
    args: ArgsFn
    resource: str
    action: str  # list, create, read, update, delete, index
    subtype: str | None = None  # post type, taxonomy or revision parent type
    allow_batch: bool = False


@dataclass(frozen=True)
class Route:
    pattern: str
    endpoints: tuple[Endpoint, ...]
    schema: SchemaFn | None = None
    namespace: str = NAMESPACE

    @property
    def methods(self) -> list[str]:
        out: list[str] = []
        for endpoint in self.endpoints:
            out.extend(endpoint.methods)
        return out

    @property
    def has_variables(self) -> bool:
        return "(?P<" in self.pattern

    @property
    def regex(self) -> re.Pattern[str]:
        """The pattern as WordPress matches it: anchored, case-insensitive."""
        return re.compile("^" + self.pattern + "$", re.IGNORECASE)


def route_data(route: Route, *, legacy_61: bool, rest_root: str, with_schema: bool = False) -> dict[str, Any]:
    """The route as the index shows it (``with_schema=True``: as OPTIONS shows it).

    ``rest_root`` is the API root URL with its trailing slash, e.g. ``http://example.org/wp-json/``.
    """
    data: dict[str, Any] = {"namespace": route.namespace, "methods": route.methods, "endpoints": []}
    if with_schema and route.schema is not None:
        data["schema"] = route.schema(legacy_61, rest_root)
    for endpoint in route.endpoints:
        entry: dict[str, Any] = {"methods": list(endpoint.methods)}
        if endpoint.allow_batch:
            entry["allow_batch"] = {"v1": True}
        entry["args"] = php_args_json(endpoint.args(legacy_61))
        data["endpoints"].append(entry)
    if not route.has_variables:
        data["_links"] = {"self": [{"href": rest_root + route.pattern.lstrip("/")}]}
    return data


# --------------------------------------------------------------------------------------------------------
# Builders


def _root_args(legacy_61: bool) -> Args:
    return index_args({"context": {"default": "view"}})


def _namespace_args(legacy_61: bool) -> Args:
    return index_args({"namespace": {"default": NAMESPACE}, "context": {"default": "view"}})


def _post_type_routes(post_type: str, base: str) -> list[Route]:
    batch = posts.post_type(post_type).allow_batch

    def schema(legacy_61: bool, rest_root: str) -> Schema:
        return posts.item_schema(post_type, legacy_61=legacy_61, rest_root=rest_root)

    def ep(methods: tuple[str, ...], fn: Callable[..., Args], action: str) -> Endpoint:
        return Endpoint(
            methods,
            lambda legacy_61: fn(post_type, legacy_61=legacy_61),
            "posts",
            action,
            post_type,
            batch,
        )

    out = [
        Route(
            f"/{NAMESPACE}/{base}",
            (ep(GET, posts.collection_args, "list"), ep(CREATABLE, posts.create_args, "create")),
            schema,
        ),
        Route(
            f"/{NAMESPACE}/{base}/{ID}",
            (
                ep(GET, posts.item_args, "read"),
                ep(EDITABLE, posts.update_args, "update"),
                ep(DELETABLE, posts.delete_args, "delete"),
            ),
            schema,
        ),
    ]
    if "revisions" in posts.post_type(post_type).schema_features and post_type != "attachment":
        out += _revision_routes(post_type, base)
    return out


def _revision_routes(post_type: str, base: str) -> list[Route]:
    def schema(legacy_61: bool, rest_root: str) -> Schema:
        return revisions.item_schema(post_type, legacy_61=legacy_61)

    def ep(methods: tuple[str, ...], fn: Callable[..., Args], action: str) -> Endpoint:
        return Endpoint(
            methods, lambda legacy_61: fn(post_type, legacy_61=legacy_61), "revisions", action, post_type
        )

    return [
        Route(
            f"/{NAMESPACE}/{base}/{PARENT}/revisions", (ep(GET, revisions.collection_args, "list"),), schema
        ),
        Route(
            f"/{NAMESPACE}/{base}/{PARENT}/revisions/{ID}",
            (ep(GET, revisions.item_args, "read"), ep(DELETABLE, revisions.delete_args, "delete")),
            schema,
        ),
    ]


def _term_routes(taxonomy: str, base: str) -> list[Route]:
    def schema(legacy_61: bool, rest_root: str) -> Schema:
        return terms.item_schema(taxonomy, legacy_61=legacy_61)

    def ep(methods: tuple[str, ...], fn: Callable[..., Args], action: str) -> Endpoint:
        return Endpoint(
            methods, lambda legacy_61: fn(taxonomy, legacy_61=legacy_61), "terms", action, taxonomy, True
        )

    return [
        Route(
            f"/{NAMESPACE}/{base}",
            (ep(GET, terms.collection_args, "list"), ep(CREATABLE, terms.create_args, "create")),
            schema,
        ),
        Route(
            f"/{NAMESPACE}/{base}/{ID}",
            (
                ep(GET, terms.item_args, "read"),
                ep(EDITABLE, terms.update_args, "update"),
                ep(DELETABLE, terms.delete_args, "delete"),
            ),
            schema,
        ),
    ]


def _simple(module: Any, name: str) -> ArgsFn:
    fn = getattr(module, name)
    return lambda legacy_61: fn(legacy_61=legacy_61)


def _schema_of(module: Any) -> SchemaFn:
    return lambda legacy_61, rest_root: module.item_schema(legacy_61=legacy_61)


ROOT_ROUTE = Route("/", (Endpoint(GET, _root_args, "index", "index"),), namespace="")
NAMESPACE_ROUTE = Route(f"/{NAMESPACE}", (Endpoint(GET, _namespace_args, "index", "namespace"),))


def _build() -> tuple[Route, ...]:
    routes: list[Route] = [NAMESPACE_ROUTE]
    routes += _post_type_routes("post", "posts")
    routes += _post_type_routes("page", "pages")
    routes += _post_type_routes("attachment", "media")
    for resource, module, var in (
        ("types", types, r"(?P<type>[\w-]+)"),
        ("statuses", statuses, r"(?P<status>[\w-]+)"),
        ("taxonomies", taxonomies, r"(?P<taxonomy>[\w-]+)"),
    ):
        routes.append(
            Route(
                f"/{NAMESPACE}/{resource}",
                (Endpoint(GET, _simple(module, "collection_args"), resource, "list"),),
                _schema_of(module),
            )
        )
        routes.append(
            Route(
                f"/{NAMESPACE}/{resource}/{var}",
                (Endpoint(GET, _simple(module, "item_args"), resource, "read"),),
                _schema_of(module),
            )
        )
    routes += _term_routes("category", "categories")
    routes += _term_routes("post_tag", "tags")
    user_schema = _schema_of(users)
    routes += [
        Route(
            f"/{NAMESPACE}/users",
            (
                Endpoint(GET, _simple(users, "collection_args"), "users", "list"),
                Endpoint(CREATABLE, _simple(users, "create_args"), "users", "create"),
            ),
            user_schema,
        ),
        Route(
            f"/{NAMESPACE}/users/{ID}",
            (
                Endpoint(GET, _simple(users, "item_args"), "users", "read"),
                Endpoint(EDITABLE, _simple(users, "update_args"), "users", "update"),
                Endpoint(DELETABLE, _simple(users, "delete_args"), "users", "delete"),
            ),
            user_schema,
        ),
        Route(
            f"/{NAMESPACE}/users/me",
            (
                Endpoint(GET, _simple(users, "me_item_args"), "users", "read", "me"),
                Endpoint(EDITABLE, _simple(users, "me_update_args"), "users", "update", "me"),
                Endpoint(DELETABLE, _simple(users, "me_delete_args"), "users", "delete", "me"),
            ),
            user_schema,
        ),
        Route(
            f"/{NAMESPACE}/comments",
            (
                Endpoint(GET, _simple(comments, "collection_args"), "comments", "list"),
                Endpoint(CREATABLE, _simple(comments, "create_args"), "comments", "create"),
            ),
            _schema_of(comments),
        ),
        Route(
            f"/{NAMESPACE}/comments/{ID}",
            (
                Endpoint(GET, _simple(comments, "item_args"), "comments", "read"),
                Endpoint(EDITABLE, _simple(comments, "update_args"), "comments", "update"),
                Endpoint(DELETABLE, _simple(comments, "delete_args"), "comments", "delete"),
            ),
            _schema_of(comments),
        ),
        Route(
            f"/{NAMESPACE}/search",
            (Endpoint(GET, _simple(search, "collection_args"), "search", "list"),),
            _schema_of(search),
        ),
        Route(
            f"/{NAMESPACE}/settings",
            (
                Endpoint(GET, _simple(settings, "item_args"), "settings", "read"),
                Endpoint(EDITABLE, _simple(settings, "update_args"), "settings", "update"),
            ),
            _schema_of(settings),
        ),
    ]
    return tuple(routes)


#: Every wp/v2 route we serve, in index order (the namespace route first).
ROUTES: tuple[Route, ...] = _build()
ROUTES_BY_PATTERN: dict[str, Route] = {route.pattern: route for route in ROUTES}


def routes_index(*, legacy_61: bool, rest_root: str) -> dict[str, dict[str, Any]]:
    """``routes`` entries of ``GET /wp-json/`` for what we serve (the root route, then wp/v2)."""
    return {
        route.pattern: route_data(route, legacy_61=legacy_61, rest_root=rest_root)
        for route in (ROOT_ROUTE, *ROUTES)
    }


def namespace_routes(*, legacy_61: bool, rest_root: str) -> dict[str, dict[str, Any]]:
    """``routes`` of the namespace index ``GET /wp-json/wp/v2``: every wp/v2 route we serve."""
    return {route.pattern: route_data(route, legacy_61=legacy_61, rest_root=rest_root) for route in ROUTES}


def match(path: str) -> tuple[Route, dict[str, str]] | None:
    """The route serving ``path`` (e.g. ``/wp/v2/posts/5``) and its named groups, as WordPress matches."""
    for route in (ROOT_ROUTE, *ROUTES):
        found = route.regex.match(path)
        if found:
            return route, found.groupdict()
    return None
