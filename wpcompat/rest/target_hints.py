"""`targetHints` of `self` links (WordPress 6.7+): the methods the caller may use on the item.

WordPress computes them like the `Allow` header of a GET on the link's URL: every endpoint of
the matched route whose permission callback passes, in registration order. We do the same with
the route's own permission callbacks, on a request sharing this one's cache (so the lookups they
make are memoised).
"""

from __future__ import annotations

from typing import Any

from wpcompat.rest.errors import RestError
from wpcompat.rest.request import RestRequest


async def allowed_methods(req: RestRequest, path: str, url_params: dict[str, str]) -> list[str]:
    router = req.router
    matched = router.match(path, "GET") if router is not None else None
    if matched is None:
        return []
    route = matched[0]
    probe = RestRequest(
        method="GET", path=path, route=route, query={}, body={}, url_params=dict(url_params),
        headers=req.headers, storage=req.storage, settings=req.settings, site=req.site, user=req.user,
        client_ip=req.client_ip, cache=req.cache, embedded=req.embedded, router=req.router,
        commenter_id=req.commenter_id,
    )
    # The URL's parameters after sanitizing, and the GET endpoint's defaults (context=view).
    get_endpoint = route.endpoint_for("GET")
    defaults = {k: a["default"] for k, a in (get_endpoint.args if get_endpoint else {}).items() if "default" in a}
    probe.params = {**defaults, **{k: int(v) if v.isascii() and v.isdigit() and len(v) < 19 else v for k, v in url_params.items()}}
    probe.given = set(url_params)
    allowed: list[str] = []
    for endpoint in route.endpoints:
        if endpoint.permission is not None:
            try:
                await endpoint.permission(probe)
            except RestError:
                continue
        allowed.extend(m for m in endpoint.methods if m not in allowed)
    return allowed


async def self_link(req: RestRequest, href: str, path: str, url_params: dict[str, str]) -> dict[str, Any]:
    """The `self` link of an item: with `targetHints` as current WordPress adds them."""
    if req.site.legacy_61:
        return {"href": href}
    return {"href": href, "targetHints": {"allow": await allowed_methods(req, path, url_params)}}
