"""The pagination headers of every collection: totals and the prev/next `Link` header.

WordPress builds it with add_query_arg( urlencode_deep( $request->get_query_params() ) ): the
query parameters in the order the client sent them, with the values the arguments' sanitizers
wrote back (`exclude=6,8` → `exclude%5B0%5D=6&exclude%5B1%5D=8`, `sticky=false` → `sticky`),
`page` replaced in place or appended, and `=` dropped after empty values.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import quote

from wpcompat.rest.request import RestRequest

_EMPTY_VALUE = re.compile(r"=(&|$)")


def _urlencode(value: Any) -> str:
    """PHP's urlencode() of a scalar: booleans as "1"/"", spaces as `+`, `~` encoded."""
    if value is True:
        text = "1"
    elif value is False or value is None:
        text = ""
    else:
        text = str(value)
    return quote(text, safe="").replace("%20", "+").replace("~", "%7E")


def _pairs(key: str, value: Any) -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _pairs(f"{key}%5B{k}%5D", v)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _pairs(f"{key}%5B{i}%5D", v)]
    return [f"{key}={_urlencode(value)}"]


def sanitized_query(req: RestRequest) -> dict[str, Any]:
    """The query parameters as WP_REST_Request holds them after sanitize_params()."""
    args = {}
    if req.route is not None:
        endpoint = req.route.endpoint_for(req.method)
        args = endpoint.args if endpoint is not None else {}
    out: dict[str, Any] = {}
    for key, raw in req.query.items():
        out[key] = req.params[key] if key in args and req.params.get(key) is not None else raw
    return out


def page_url(req: RestRequest, route: str, page: int) -> str:
    site = req.site
    if site.pretty_permalinks:
        base, query = site.rest_url(route), {}
    else:
        # `?rest_route=` is one more query argument, overwritten in place by the request's own.
        base, query = site.home + "/index.php", {"rest_route": route}
    query.update(sanitized_query(req))
    query["page"] = page
    # Keys are not encoded (urlencode_deep only touches values); array keys get %5B…%5D.
    built = "&".join(p for k, v in query.items() for p in _pairs(str(k), v))
    return base + "?" + _EMPTY_VALUE.sub(r"\1", built)


def link_header(req: RestRequest, route: str, page: int, max_pages: int, *, clamp_prev: bool = True
                ) -> str | None:
    """`<…page=N-1>; rel="prev", <…page=N+1>; rel="next"`, or None when there is neither."""
    links: list[str] = []
    if page > 1:
        prev_page = min(page - 1, max_pages) if clamp_prev else page - 1
        links.append(f'<{page_url(req, route, prev_page)}>; rel="prev"')
    if max_pages > page:
        links.append(f'<{page_url(req, route, page + 1)}>; rel="next"')
    return ", ".join(links) if links else None


def collection_headers(req: RestRequest, route: str, total: int, max_pages: int, page: int,
                       *, clamp_prev: bool = True) -> dict[str, str]:
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(max_pages)}
    link = link_header(req, route, page, max_pages, clamp_prev=clamp_prev)
    if link:
        headers["Link"] = link
    return headers


def pagination_headers(req: RestRequest, route: str, total: int, per_page: int, page: int) -> dict[str, str]:
    """X-WP-Total, X-WP-TotalPages and the prev/next Link of a collection of `per_page` items."""
    max_pages = math.ceil(total / per_page) if per_page else 0
    return collection_headers(req, route, total, max_pages, page)
