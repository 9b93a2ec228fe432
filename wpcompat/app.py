"""The application factory: settings in, a Starlette app out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from settings import Settings, load_settings
from wpcompat.demo import import_demo_if_empty
from wpcompat.mail.compose import bind
from wpcompat.mail.sender import MailSender
from wpcompat.render.pipelines import SiteOptions
from wpcompat.render.pipelines import configure as configure_rendering
from wpcompat.rest.api import build_server
from wpcompat.rest.server import RestMiddleware
from wpcompat.storage import Storage, open_storage
from wpcompat.storage.options import get_option
from wpcompat.storage.search_words import cut_unsure_posts
from wpcompat.storage.shared_memo import use_folder
from wpcompat.web.admin_ajax import admin_ajax_routes
from wpcompat.web.classic_form import wp_comments_post
from wpcompat.web.favicon import favicon_routes
from wpcompat.web.lost_password import wp_login
from wpcompat.web.mail_pages import mail_routes
from wpcompat.web.moderation import moderation_routes
from wpcompat.web.post_page import embed_routes
from wpcompat.web.public_routes import public_routes
from wpcompat.web.social import social_routes

log = logging.getLogger("wpcompat")
FORM_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


async def healthz(request: Request) -> JSONResponse:
    storage = request.app.state.storage
    await storage.ping()
    return JSONResponse({"status": "ok"})


def start_mail(storage: Storage, settings: Settings) -> MailSender:
    """The outbox's sender, running until the app stops; code without a request (moderation,
    the CLI) finds the settings for its mails through `bind`."""
    sender = MailSender(storage, settings)
    bind(storage, settings, sender.wake)
    sender.start()
    return sender


async def _cut_search_words(storage: Storage, stop: asyncio.Event) -> None:
    """MariaDB: the posts the search words do not hold yet (WordPress's writes, a site's
    posts when the index was made) are cut after start, not before the first answer."""
    try:
        cut = await cut_unsure_posts(storage, stop=stop)
    except Exception:
        # Searches stay right (uncut posts are candidates of every search), only slower.
        log.exception("cutting the posts into search words failed; it is tried again at the next start")
        return
    if cut:
        log.info("search words: %d posts cut", cut)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        storage = await open_storage(settings.database_url, settings.table_prefix)
        app.state.storage = storage
        # One of `wpcompat serve`'s workers: lists' totals are shared with the others.
        use_folder(storage.memo, settings.workers_folder)
        if settings.demo_import:
            await import_demo_if_empty(storage, settings)
        # The text filters need the site's own URLs (links to it are not "nofollow ugc").
        configure_rendering(
            SiteOptions(
                home_url=settings.site_url,
                site_url=settings.site_url,
                use_smilies=await get_option(storage, "use_smilies") not in ("", "0"),
            )
        )
        mail_sender = start_mail(storage, settings)
        stop_cutting = asyncio.Event()
        cutting = asyncio.ensure_future(_cut_search_words(storage, stop_cutting))
        try:
            yield
        finally:
            # Not cancelled: the batch under way ends (see cut_unsure_posts), no other starts.
            stop_cutting.set()
            await cutting
            await mail_sender.stop()
            await storage.close()

    routes = [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        # The classic themes' comment form; it answers other methods itself (405).
        Route("/wp-comments-post.php", wp_comments_post, methods=list(FORM_METHODS)),
        *social_routes(settings),
        # WordPress's login page and comment moderation screen (wpcompat/web/).
        Route("/wp-login.php", wp_login, methods=["GET", "HEAD", "POST"]),
        *moderation_routes(),
        *embed_routes(),
        *mail_routes(),
        *admin_ajax_routes(),
        *favicon_routes(),
        # Last: every other address is one of WordPress's public pages (or its 404).
        *public_routes(),
    ]
    middleware = [Middleware(RestMiddleware, server=build_server(settings))]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.settings = settings
    return app
