"""The comment moderation screen at WordPress's address, /wp-admin/edit-comments.php.

screen.py renders the list (GET), actions.py does what its forms ask (POST), text.py holds the
words (FR/EN); moderation.js and moderation.css are served under /wp-admin/js and /wp-admin/css.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from wpcompat.site import load_site
from wpcompat.web.moderation.actions import SCREEN_PATH, perform
from wpcompat.web.moderation.comment_page import COMMENT_PATH, comment_php
from wpcompat.web.moderation.screen import login_redirect, may_use_screen, render
from wpcompat.web.moderation.text import TEXT
from wpcompat.web.signed_in import NO_STORE, page_language, signed_in

_HERE = Path(__file__).parent


async def edit_comments(request: Request) -> Response:
    who = await signed_in(request)
    if who is None:
        if request.method == "POST":
            return Response(status_code=403, headers=NO_STORE)
        return login_redirect(request)
    site = await load_site(request.app.state.storage, request.app.state.settings)
    lang = await page_language(request, site)
    if not may_use_screen(who):
        return HTMLResponse(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="UTF-8"><title>WordPress</title>'
                            f'</head><body><p>{TEXT[lang]["denied"]}</p></body></html>', 403, headers=NO_STORE)
    if request.method == "POST":
        return await perform(request, site, who)
    return await render(request, site, who, lang)


async def admin_home(request: Request) -> Response:
    return RedirectResponse(SCREEN_PATH, 302)


def _asset(name: str, media_type: str):
    body = (_HERE / name).read_bytes()

    async def endpoint(request: Request) -> Response:
        return Response(body, media_type=media_type, headers={"Cache-Control": "public, max-age=300"})

    return endpoint


def moderation_routes() -> list[BaseRoute]:
    return [
        Route(SCREEN_PATH, edit_comments, methods=["GET", "HEAD", "POST"]),
        Route(COMMENT_PATH, comment_php, methods=["GET", "HEAD", "POST"]),
        Route("/wp-admin/", admin_home, methods=["GET", "HEAD"]),
        Route("/wp-admin/js/wpc-moderation.js", _asset("moderation.js", "text/javascript; charset=utf-8")),
        Route("/wp-admin/css/wpc-moderation.css", _asset("moderation.css", "text/css; charset=utf-8")),
    ]
