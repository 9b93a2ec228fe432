"""`/wp-admin/admin-ajax.php`: the one action browser clients of the REST API call there.

`action=rest-nonce` (wp_ajax_rest_nonce) answers a fresh `wp_rest` nonce for the browser session,
so that @wordpress/api-fetch can renew an expired `X-WP-Nonce` without reloading the page. Every
other request is answered as WordPress answers an action it has no handler for: `0`, status 400.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wpcompat.commenter_session import rest_nonce

# admin-ajax.php's headers (send_nosniff_header, send_frame_options_header, nocache_headers).
_HEADERS = {
    "Content-Type": "text/html; charset=UTF-8",
    "X-Robots-Tag": "noindex",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Expires": "Wed, 11 Jan 1984 05:00:00 GMT",
    "Cache-Control": "no-cache, must-revalidate, max-age=0",
}


async def admin_ajax(request: Request) -> Response:
    action = request.query_params.get("action")
    if action is None and request.method == "POST":
        action = (await request.form()).get("action")  # type: ignore[assignment]
    if action == "rest-nonce":
        nonce = await rest_nonce(request)
        if nonce is not None:
            return Response(nonce, headers=_HEADERS)
    return Response("0", status_code=400, headers=_HEADERS)


def admin_ajax_routes() -> list[Route]:
    return [Route("/wp-admin/admin-ajax.php", admin_ajax, methods=["GET", "POST"])]
