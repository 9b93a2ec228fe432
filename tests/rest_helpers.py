"""Building a REST app around chosen routes, for tests of the framework itself."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.testclient import TestClient

from settings import Settings
from wpcompat.rest.index import index_routes
from wpcompat.rest.routing import Route, Router
from wpcompat.rest.server import RestMiddleware, RestServer
from wpcompat.storage import open_storage


def client_for(settings: Settings, routes: list[Route]) -> TestClient:
    namespaces = sorted({r.namespace for r in routes})
    router = Router(index_routes(namespaces) + routes)
    server = RestServer(router, settings)

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):  # type: ignore[no-untyped-def]
        app.state.storage = await open_storage(settings.database_url, settings.table_prefix)
        yield
        await app.state.storage.db.disconnect()

    app = Starlette(middleware=[Middleware(RestMiddleware, server=server)], lifespan=lifespan)
    return TestClient(app)
