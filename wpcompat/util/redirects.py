"""Where a redirect may go: WordPress's wp_sanitize_redirect() + wp_validate_redirect().

One helper for every redirect whose target a client chooses: the classic comment form's
`redirect_to`, the social login's `redirect_to`, and /wp-login.php's. The rules are WordPress's:

- sanitize: spaces and non-ASCII characters percent-encoded, every character outside a short
  list dropped (backslashes, quotes, angle brackets, control characters …), and `%0d`/`%0a`
  removed until none is left;
- validate: a leading `//` is read as `http://`; only the http and https schemes; a scheme,
  user, password or port without a host is refused; a user, password or host holding `:/?#@`
  is refused; a host must be the site's (or one of WPCOMPAT_ALLOWED_REDIRECT_ORIGINS); a
  relative path is made absolute from the current request's directory. Stricter than
  WordPress in one point: a target with a user or password (`http://x@site/`) is refused.

Where PHP's parse_url() would read a URL in a way browsers might not, the target is refused
rather than guessed: a refused target gives the caller's fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from wpcompat.util.urls import url_host

# The characters wp_sanitize_redirect() keeps (after percent-encoding spaces and UTF-8).
_DROPPED = re.compile(r"[^a-z0-9\-~+_.?#=&;,/:%!*\[\]()@]", re.IGNORECASE)
_NEWLINES = re.compile(r"%0[da]", re.IGNORECASE)
_TRIM = " \t\n\r\0\x08\x0b"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_MALFORMED = re.compile(r"[:/?#@]")


def sanitize_redirect(location: str) -> str:
    """wp_sanitize_redirect(): a Location header value with nothing a browser could misread."""
    location = location.replace(" ", "%20")
    location = "".join(c if ord(c) < 0x80 else quote(c, safe="") for c in location)
    location = _DROPPED.sub("", location)
    while True:
        stripped = _NEWLINES.sub("", location)
        if stripped == location:
            return location
        location = stripped


def _authority(rest: str) -> tuple[str | None, str | None, str | None, str | None] | None:
    """(user, password, host, port) of `//authority…`, None when it cannot be read safely."""
    end = len(rest)
    for mark in "/?#":
        found = rest.find(mark, 2)
        if found != -1:
            end = min(end, found)
    authority = rest[2:end]
    if not authority:
        return None
    user = password = None
    if "@" in authority:
        userinfo, _, authority = authority.rpartition("@")
        user, colon, password_part = userinfo.partition(":")
        password = password_part if colon else None
    host, port = authority, None
    if authority.startswith("["):
        close = authority.find("]")
        if close == -1:
            return None
        host, tail = authority[: close + 1], authority[close + 1:]
        if tail:
            if not tail.startswith(":"):
                return None
            port = tail[1:]
    elif ":" in authority:
        host, _, port = authority.rpartition(":")
    if port is not None and port != "" and (not port.isdigit() or int(port) > 65535):
        return None
    if not host:
        return None
    return user, password, host, port or None


def validate_redirect(
    location: str, fallback: str, allowed_hosts: Iterable[str], request_path: str = "/",
) -> str:
    """wp_validate_redirect(): `location` when it stays on an allowed host, else `fallback`.

    `allowed_hosts` are host names (the site's first, as parse_url(home_url()) gives it);
    `request_path` is the path of the current request, from which a relative target is read.
    """
    location = sanitize_redirect(location.strip(_TRIM))
    if location.startswith("//"):
        location = "http:" + location
    cut = location.find("?")
    test = location[:cut] if cut > 0 else location
    scheme_match = _SCHEME.match(test)
    host = None
    if scheme_match is not None:
        if scheme_match.group(1) not in ("http", "https"):
            return fallback
        rest = test[scheme_match.end():]
        if not rest.startswith("//"):
            # `https:evil.example`: a scheme without a host.
            return fallback
        parsed = _authority(rest)
        if parsed is None:
            return fallback
        user, password, host, _port = parsed
        if _MALFORMED.search(host):
            return fallback
        if user is not None or password is not None:
            # WordPress lets `http://evil.example@site/` through (the host is the site's); a
            # redirect never needs credentials, and the URL reads as the other site to a
            # person: refused.
            return fallback
    elif test and not test.startswith("/"):
        # A relative path: from the directory of the current request, as WordPress does.
        directory = request_path.rsplit("/", 1)[0] if "/" in request_path else ""
        location = "/" + (directory.strip("/") + "/" if directory.strip("/") else "") + location
    if host is not None:
        hosts = list(allowed_hosts)
        home = hosts[0] if hosts else ""
        if host not in hosts and home.lower() != host:
            return fallback
    return location


def site_redirect_hosts(site_url: str, extra_origins: Iterable[str] = ()) -> list[str]:
    """The hosts redirects may go to: the site's, then those of WPCOMPAT_ALLOWED_REDIRECT_ORIGINS."""
    hosts = [url_host(site_url) or ""]
    hosts += [h for h in (url_host(o) for o in extra_origins) if h]
    return hosts


def safe_redirect(
    location: str, site_url: str, fallback: str, extra_origins: Iterable[str] = (), request_path: str = "/",
) -> str:
    """wp_safe_redirect()'s target: `location` sanitized and validated against the site's hosts."""
    return validate_redirect(
        sanitize_redirect(location), fallback, site_redirect_hosts(site_url, extra_origins), request_path,
    )


__all__ = ["safe_redirect", "sanitize_redirect", "site_redirect_hosts", "validate_redirect"]
