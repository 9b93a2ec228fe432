"""Gravatar URLs exactly as WordPress's get_avatar_data() builds them, and rest_get_avatar_urls().

Two generations matter:
- 6.1 (`site.legacy_61`): MD5 of the trimmed, lower-cased email; over http the host is
  `{0,1,2}.gravatar.com` (first hex digit of the hash mod 3, a random one when there is no
  email), over https `secure.gravatar.com`.
- 7.1: SHA-256 of the same string (since 6.8), always `https://secure.gravatar.com` (since 6.7).

The query is `s`, `d`, `f`, `r` in that order, each value rawurlencoded, empty ones dropped
(PHP's array_filter), so `?s=96&d=mm&r=g` with the default options.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from wpcompat.site import Site

# rest_get_avatar_sizes(): the `rest_avatar_sizes` filter's default.
REST_AVATAR_SIZES: tuple[int, ...] = (24, 48, 96)
# get_avatar_comment_types(): only plain comments get an avatar; pingbacks and trackbacks get
# `false` URLs.
AVATAR_COMMENT_TYPES: frozenset[str] = frozenset({"comment"})
_PHP_TRIM = " \t\n\r\0\x0b"
_ASCII_UPPER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def show_avatars(site: Site) -> bool:
    """The `show_avatars` option: without it the REST schemas have no avatar field at all."""
    return site.option_bool("show_avatars")


def email_hash(email: str, *, legacy_61: bool) -> str:
    """md5 (≤6.7) or sha256 (6.8+) of strtolower(trim($email)).

    PHP's trim and strtolower work on bytes and only touch ASCII, unlike str.strip/str.lower.
    """
    data = email.strip(_PHP_TRIM).encode("utf-8").translate(_ASCII_UPPER)
    return hashlib.md5(data).hexdigest() if legacy_61 else hashlib.sha256(data).hexdigest()


def _rawurlencode(value: str) -> str:
    # PHP's rawurlencode: RFC 3986, only A-Za-z0-9-_.~ stay as they are.
    return quote(value, safe="-_.~")


def _default_arg(site: Site) -> str:
    # get_option( 'avatar_default', 'mystery' ); an empty value also means "mystery".
    default = site.option("avatar_default", "mystery") or "mystery"
    if default in ("mm", "mystery", "mysteryman"):
        return "mm"
    if default == "gravatar_default":
        return ""
    return default


def avatar_url(
    site: Site,
    email: str | None,
    size: int = 96,
    *,
    rng: random.Random | None = None,
) -> str:
    """get_avatar_url() for an email address (None/"" when the author left none).

    `rng` only exists so tests can pin the random server chosen when there is no email.
    """
    legacy = site.legacy_61
    # 6.7+ always uses https; 6.1 only when is_ssl() (we take the site's own scheme for it).
    secure = not legacy or site.is_https
    # get_option( 'avatar_rating' ) lower-cased; a missing option is PHP false, i.e. dropped.
    rating = site.option("avatar_rating", "").lower()
    if email:
        return _email_avatar_url(email, size, legacy, secure, _default_arg(site), rating)
    server = "" if secure else str((rng or random).randint(0, 2))
    return _build_url("", server, size, _default_arg(site), rating)


@lru_cache(maxsize=8192)
def _email_avatar_url(email: str, size: int, legacy: bool, secure: bool, default: str, rating: str) -> str:
    # Pure in its arguments, and a page shows the same few authors over and over.
    digest = email_hash(email, legacy_61=legacy)
    return _build_url(digest, "" if secure else str(int(digest[0], 16) % 3), size, default, rating)


def _build_url(digest: str, server: str, size: int, default: str, rating: str) -> str:
    """`server` is the http host's digit, or "" for https://secure.gravatar.com."""
    if server:
        url = f"http://{server}.gravatar.com/avatar/{digest}"
    else:
        url = "https://secure.gravatar.com/avatar/" + digest
    query_args = (("s", str(size)), ("d", default), ("r", rating))
    query = "&".join(f"{k}={_rawurlencode(v)}" for k, v in query_args if v and v != "0")
    return f"{url}?{query}" if query else url


def avatar_urls(email: str | None, site: Site) -> dict[str, str]:
    """rest_get_avatar_urls() for a user (pass its user_email) or a comment's email:
    `{"24": url, "48": url, "96": url}`. Like PHP, each size draws its own random server when
    there is no email."""
    return {str(size): avatar_url(site, email, size) for size in REST_AVATAR_SIZES}


def comment_avatar_urls(
    site: Site, comment: Mapping[str, Any], user_email: str | None = None, social_avatar: str | None = None
) -> dict[str, str | bool]:
    """rest_get_avatar_urls( $comment ).

    A comment by a registered user uses the user's current email (`user_email`, None when the
    user is gone), otherwise the email typed with the comment; `social_avatar` is the comment's
    `hc_avatar` meta. Types other than comments (pingback, trackback) get `false` URLs.
    """
    comment_type = str(comment.get("comment_type") or "comment")
    if comment_type not in AVATAR_COMMENT_TYPES:
        return {str(size): False for size in REST_AVATAR_SIZES}
    # A social commenter's comment shows their provider picture (meta hc_avatar), as
    # WordPress.com's comments did.
    social = social_avatar_urls(social_avatar) if not int(comment.get("user_id") or 0) else None
    if social is not None:
        return dict(social)
    email = user_email if user_email is not None else (comment.get("comment_author_email") or "")
    return dict(avatar_urls(email, site))


def provider_avatar_url(url: str, size: int) -> str:
    """A social commenter's picture (comment meta `hc_avatar`) at `size` pixels where the
    provider's URL says how: Gravatar's `s=`, Google's `=sNN-c`; others as they are."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.endswith("gravatar.com"):
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("s", "size")]
        return urlunsplit(parts._replace(query=urlencode([("s", str(size)), *query])))
    if host.endswith("googleusercontent.com"):
        return re.sub(r"=s\d+(-c)?$", f"=s{size}-c", url)
    return url


def social_avatar_urls(url: str | None) -> dict[str, str] | None:
    """author_avatar_urls from a social commenter's `hc_avatar`, None when it is not https."""
    if not url or not url.startswith("https://") or any(c in url for c in "\"'<> "):
        return None
    return {str(size): provider_avatar_url(url, size) for size in REST_AVATAR_SIZES}
