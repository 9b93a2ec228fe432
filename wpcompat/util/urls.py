"""URL parsing that cannot raise.

`urllib.parse.urlsplit` raises ValueError on some hostile input (`http://[::1`, an invalid IPv6
literal), and `SplitResult.port` raises on a port beyond 65535 or not a number (`http://a:99999`).
Every URL a client sends (Origin, Referer, redirect_to …) goes through these instead.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit


def split_url(url: str) -> SplitResult | None:
    """urlsplit(), or None for a URL it cannot read."""
    try:
        parts = urlsplit(url)
        # Touch the computed attributes that validate: they raise on a bad host or port.
        parts.hostname  # noqa: B018
        parts.port  # noqa: B018
    except ValueError:
        return None
    return parts


def url_origin(url: str) -> str | None:
    """`scheme://host[:port]` of an http(s) URL (default port dropped, host lower-cased), None
    for anything else or anything unreadable."""
    parts = split_url(url)
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    port = parts.port
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{parts.hostname.lower()}" + (f":{port}" if port and port != default else "")


def url_host(url: str) -> str | None:
    parts = split_url(url)
    return parts.hostname if parts is not None and parts.hostname else None


__all__ = ["split_url", "url_host", "url_origin"]
