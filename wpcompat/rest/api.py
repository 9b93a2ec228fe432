"""The wp/v2 API: every resource module's routes, in WordPress's registration order."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from types import ModuleType

from settings import Settings
from wpcompat.rest import (
    application_passwords,
    comments,
    likes,
    oembed,
    openapi,
    posts,
    search,
    statuses,
    taxonomies,
    terms,
    types,
    users,
)
from wpcompat.rest import settings as site_settings
from wpcompat.rest.cache import ResponseCache, SharedAnswers, SharedStore
from wpcompat.rest.index import index_routes
from wpcompat.rest.routing import Route, Router
from wpcompat.rest.server import RestServer
from wpcompat.rest.worker_answers import WorkerAnswers

# One module per WordPress resource, in WordPress's registration order (the index lists routes
# in this order); each exposes `routes(settings) -> list[Route]`.
RESOURCE_MODULES: tuple[ModuleType, ...] = (
    # WordPress registers oEmbed's routes first (its namespace leads the index).
    oembed, posts, types, statuses, taxonomies, terms, users, application_passwords, comments, search,
    site_settings,
    likes,  # our namespace, wpcompat/v1: likes and e-mail subscriptions
)


def build_router(settings: Settings) -> Router:
    resource_routes: list[Route] = []
    for module in RESOURCE_MODULES:
        resource_routes.extend(module.routes(settings))
    namespaces: list[str] = []
    for route in resource_routes:
        if route.namespace not in namespaces:
            namespaces.append(route.namespace)
    routes = index_routes([])[:1]
    for namespace in namespaces:
        routes.extend(index_routes([namespace])[1:])
        routes.extend(r for r in resource_routes if r.namespace == namespace)
    # The OpenAPI description of all of the above (not in WordPress's index).
    routes.append(openapi.route())
    return Router(routes)


def build_server(settings: Settings) -> RestServer:
    shared: SharedStore | None = None
    if settings.response_cache and settings.cache_url:
        # One namespace per site: instances of the same site (database, prefix, address,
        # WordPress version answered as) share answers, other sites on the same Redis do not.
        site = "\n".join((settings.database_url, settings.table_prefix, settings.site_url, settings.wp_version))
        shared = SharedAnswers(settings.cache_url, hashlib.blake2b(site.encode(), digest_size=8).hexdigest())
    elif settings.response_cache and settings.workers_folder:
        # Several workers of one `wpcompat serve`: each URL computed by one of them per change
        # (a folder gone, the server stopping: each worker computes its own, as with one).
        answers = Path(settings.workers_folder) / "answers"
        with contextlib.suppress(OSError):
            answers.mkdir(exist_ok=True)
            shared = WorkerAnswers(answers)
    cache = ResponseCache(shared=shared) if settings.response_cache else None
    return RestServer(build_router(settings), settings, cache)
