"""Where a login may send the reader back to: the site's own origins, nothing else.

`redirect_to` comes from the page that started the login. It is checked when the login starts
and kept in the signed flow cookie; the callback never reads a destination from its query
string, so the provider's redirect cannot be turned into an open redirect.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    port = parts.port
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname.lower()
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def origin_allowed(origin: str | None, allowed: Iterable[str]) -> bool:
    if not origin:
        return False
    mine = _origin(origin)
    return mine is not None and mine in {_origin(a) for a in allowed}


def safe_redirect(target: str | None, site_url: str, allowed: Iterable[str]) -> str:
    """`target` made absolute when it stays on an allowed origin; the site's home otherwise."""
    home = site_url.rstrip("/") + "/"
    if not target or len(target) > 2000:
        return home
    # Browsers drop tabs/newlines inside URLs and read `\` as `/`: refuse all such tricks
    # outright instead of guessing how each browser will parse them.
    if any(ord(c) < 0x20 or c in "\\\x7f" for c in target):
        return home
    if target.startswith("/"):
        if target.startswith("//"):
            return home
        return site_url.rstrip("/") + target
    parts = urlsplit(target)
    if parts.username is not None or parts.password is not None:
        return home
    if origin_allowed(target, allowed) and parts.scheme in ("http", "https"):
        return target
    return home
