"""Where a login may send the reader back to: the site's own hosts, nothing else.

`redirect_to` comes from the page that started the login. It is checked when the login starts
(wp_validate_redirect's rules, wpcompat.util.redirects) and kept in the signed flow cookie; the
callback never reads a destination from its query string, so the provider's redirect cannot be
turned into an open redirect.
"""

from __future__ import annotations

from collections.abc import Iterable

from wpcompat.util.redirects import validate_redirect
from wpcompat.util.urls import url_host, url_origin


def origin_allowed(origin: str | None, allowed: Iterable[str]) -> bool:
    """Is `origin` (an Origin or Referer header) one of the `allowed` origins? Unreadable
    URLs (`http://a:99999`, `http://[::1`) are simply not allowed."""
    if not origin:
        return False
    mine = url_origin(origin)
    return mine is not None and mine in {url_origin(a) for a in allowed}


def safe_redirect(target: str | None, site_url: str, allowed: Iterable[str]) -> str:
    """`target` made absolute when it stays on an allowed host; the site's home otherwise.
    `allowed` are origins, the site's URL first."""
    home = site_url.rstrip("/") + "/"
    if not target or len(target) > 2000:
        return home
    hosts = [h for h in (url_host(a) for a in (site_url, *allowed)) if h]
    location = validate_redirect(target, home, hosts, request_path="/auth/")
    if location.startswith("/"):
        return site_url.rstrip("/") + location
    return location

