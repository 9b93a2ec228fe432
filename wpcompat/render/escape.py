"""Output escaping as WordPress does it: esc_html, esc_attr, esc_url, sanitize_html_class."""

from __future__ import annotations

import re

from .entities import HTML401_ENTITY_NAMES, normalize_entities
from .protocols import ALLOWED_PROTOCOLS, kses_bad_protocol

_SPECIAL_RE = re.compile(r"[&<>\"']")
# An already-valid reference that htmlspecialchars(double_encode=false) leaves alone.
_AMP_RE = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]*);|#([0-9]+);|#[xX]([0-9A-Fa-f]+);)?")


def _keep_or_encode_amp(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return m.group(0) if m.group(1) in HTML401_ENTITY_NAMES else "&amp;" + m.group(0)[1:]
    if m.group(2) is not None or m.group(3) is not None:
        return m.group(0)
    return "&amp;"


def wp_specialchars(text: str, *, quotes: bool = False) -> str:
    """_wp_specialchars() without double encoding (ENT_NOQUOTES, or ENT_QUOTES when ``quotes``)."""
    if not text or not _SPECIAL_RE.search(text):
        return text
    text = normalize_entities(text)
    text = _AMP_RE.sub(_keep_or_encode_amp, text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    if quotes:
        text = text.replace('"', "&quot;").replace("'", "&#039;")
    return text


def esc_html(text: str) -> str:
    return wp_specialchars(text, quotes=True)


def esc_attr(text: str) -> str:
    return wp_specialchars(text, quotes=True)


def esc_textarea(text: str) -> str:
    """htmlspecialchars(ENT_QUOTES) *with* double encoding."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("'", "&#039;")
    )  # fmt: skip


_URL_BAD_CHARS_RE = re.compile(r"[^a-z0-9\-~+_.?#=!&;,/:%@$|*'()\[\]\u0080-\U0010ffff]", re.I)
_URL_CRLF = ("%0d", "%0a", "%0D", "%0A")
_PHP_FILE_RE = re.compile(r"^[a-z0-9-]+?\.php", re.I)


def _deep_replace(search: tuple[str, ...], subject: str) -> str:
    found = True
    while found:
        found = False
        for s in search:
            if s in subject:
                subject = subject.replace(s, "")
                found = True
    return subject


def _php_url_front(url: str) -> str:
    """The scheme://user:pass@host:port prefix esc_url() rebuilds from PHP's parse_url().

    PHP's parser takes the authority up to the first "/", "?" or "#", so a stray "[" can end up
    in the host (and is then left as is), unlike Python's urlsplit, which rejects such URLs.
    """
    front = ""
    rest = url
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):(//)?", url)
    if m and m.group(2):
        front = m.group(1) + "://"
        rest = url[m.end() :]
    elif url.startswith("//"):
        front = "//"
        rest = url[2:]
    elif url.startswith("/"):
        return "//"  # no host: WordPress then removes every "//" from the URL's tail
    else:
        return ""
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return front + authority


def _bracket_encode(url: str) -> str:
    """Percent-encode [ and ] after the authority, as esc_url() does."""
    front = _php_url_front(url)
    end_dirty = url.replace(front, "") if front else url
    end_clean = end_dirty.replace("[", "%5B").replace("]", "%5D")
    return url.replace(end_dirty, end_clean) if end_dirty else url


def esc_url(url: str, protocols: tuple[str, ...] | None = None, *, context: str = "display") -> str:
    """esc_url() ('display': entities for & and ') or esc_url_raw()/sanitize_url() ('db')."""
    if url == "":
        return url
    url = url.lstrip(" \t\n\r\0\x0b").replace(" ", "%20")
    url = _URL_BAD_CHARS_RE.sub("", url)
    if url == "":
        return url
    if not url.lower().startswith("mailto:"):
        url = _deep_replace(_URL_CRLF, url)
    url = url.replace(";//", "://")
    if ":" not in url and url[0] not in "/#?" and not _PHP_FILE_RE.match(url):
        url = "http://" + url
    if context == "display":
        url = normalize_entities(url)
        url = url.replace("&amp;", "&#038;").replace("'", "&#039;")
    if "[" in url or "]" in url:
        url = _bracket_encode(url)
    if url[0] == "/":
        return url
    allowed = frozenset(protocols if protocols is not None else ALLOWED_PROTOCOLS)
    good = kses_bad_protocol(url, allowed)
    if good.lower() != url.lower():
        return ""
    return good


def esc_url_raw(url: str, protocols: tuple[str, ...] | None = None) -> str:
    return esc_url(url, protocols, context="db")


sanitize_url = esc_url_raw

_OCTET_RE = re.compile(r"%[a-fA-F0-9][a-fA-F0-9]")
_HTML_CLASS_BAD_RE = re.compile(r"[^A-Za-z0-9_-]")


def sanitize_html_class(css_class: str, fallback: str = "") -> str:
    sanitized = _HTML_CLASS_BAD_RE.sub("", _OCTET_RE.sub("", css_class))
    return sanitized if sanitized else fallback
