"""The site's HTML front: enough of a home page for people and for API discovery.

WordPress advertises its REST API on every front-end page, with a `Link` header (node-wpapi
discovers the API with a HEAD request on the site root) and a `<link>` in the HTML head.
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse

from wpcompat.site import load_site
from wpcompat.util.numbers import php_intval
from wpcompat.web.post_page import post_page, recent_posts_html


async def home(request: Request) -> HTMLResponse:
    if request.query_params.get("p", "").isascii() and request.query_params.get("p", "").isdigit() and request.method == "GET":
        # Beyond 64 bits is PHP_INT_MAX, as WordPress reads it: no such post.
        return await post_page(request, php_intval(request.query_params["p"]))
    site = await load_site(request.app.state.storage, request.app.state.settings)
    api_root = site.rest_url("/")
    name = escape(site.option("blogname"))
    description = escape(site.option("blogdescription"))
    lang = (site.option("WPLANG") or "en_US").replace("_", "-")
    page = (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{name}</title>\n"
        f'<link rel="https://api.w.org/" href="{escape(api_root)}" />\n'
        f"</head>\n<body>\n<h1>{name}</h1>\n<p>{description}</p>\n"
        f"{await recent_posts_html(request.app.state.storage)}\n</body>\n</html>\n"
    )
    headers = {"Link": f'<{api_root}>; rel="https://api.w.org/"'}
    if request.method == "HEAD":
        return HTMLResponse("", headers=headers)
    return HTMLResponse(page, headers=headers)
