"""make_clickable(): bare URLs, ``www.``/``ftp.`` hosts and e-mail addresses become links.

WordPress 6.1 gives every such link ``rel="nofollow"`` (``rel="nofollow ugc"`` while filtering
``comment_text``). From 6.2 on (``legacy_61=False``) internal links and non-http(s) schemes
get no ``nofollow``, and ``ugc`` is still added in comments.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .escape import esc_url

_TAG_SPLIT = re.compile(r"(<[^<>]+>)")
_CODE_OPEN = re.compile(r"^<(?:code|pre|script|style)[\s>]", re.I | re.ASCII)
_CODE_CLOSE = frozenset({"</code>", "</pre>", "</script>", "</style>"})
_TAG_WITH_URL = re.compile(r"^<\s*[\w]{1,20}+://", re.ASCII)

# Non-ASCII characters are URL characters (PHP matches them as bytes \x80-\xff).
_URLCH = r"[\w\u0080-\U0010ffff#%~/@\[\]*(+=&$-]"
_URL_CLICKABLE = re.compile(
    r"([\s(<.,;:!?])"
    r"([\w]{1,20}+://(?=\S{1,2000}\s)" + _URLCH + r"*+(?:['.,;:!?)]" + _URLCH + r"++)*)"
    r"(\)?)",
    re.ASCII,
)
_WWW_FTP = re.compile(
    r"([\s>])((www|ftp)\.[\w\u0080-\U0010ffff#$%&~/.\-;:=,?@\[\]+]+)", re.I | re.S | re.ASCII
)
_EMAIL = re.compile(r"([\s>])([.0-9a-z_+-]+)@(([0-9a-z-]+\.)+[0-9a-z]{2,})", re.I | re.ASCII)
_NESTED_LINKS = re.compile(r"(<a([ \r\n\t]+[^>]+?>|>))<a [^>]+?>([^>]+?)</a></a>", re.I)
_WS_RUN = re.compile(r"\s", re.ASCII)


class _Rel:
    """The rel attribute for generated links, given the version and the filtering context."""

    __slots__ = ("home_host", "in_comment", "legacy_61")

    def __init__(self, in_comment: bool, legacy_61: bool, home_url: str | None) -> None:
        self.in_comment = in_comment
        self.legacy_61 = legacy_61
        self.home_host = (urlsplit(home_url).hostname or "").lower() if home_url else ""

    def attr(self, url: str) -> str:
        if self.legacy_61:
            return ' rel="nofollow ugc"' if self.in_comment else ' rel="nofollow"'
        parts: list[str] = []
        try:
            split = urlsplit(url)
            scheme, host = split.scheme.lower(), (split.hostname or "").lower()
        except ValueError:
            scheme, host = "", ""
        internal = bool(self.home_host) and host == self.home_host
        if not internal and scheme in ("http", "https"):
            parts.append("nofollow")
        if self.in_comment:
            parts.append("ugc")
        return f' rel="{" ".join(parts)}"' if parts else ""


def _url_cb(m: re.Match[str], rel: _Rel) -> str:
    url = m.group(2)
    if m.group(3) == ")" and url.find("(") > 0:
        url += ")"
        suffix = ""
    else:
        suffix = m.group(3)
    # Keep parentheses in the URL only when they are balanced.
    while url.count("(") < url.count(")"):
        cut = url.rfind(")")
        suffix = url[cut:] + suffix
        url = url[:cut]
    url = esc_url(url)
    if not url:
        return m.group(0)
    return f'{m.group(1)}<a href="{url}"{rel.attr(url)}>{url}</a>{suffix}'


def _www_cb(m: re.Match[str], rel: _Rel) -> str:
    dest = "http://" + m.group(2)
    ret = ""
    if dest[-1] in ".,;:)":
        ret = dest[-1]
        dest = dest[:-1]
    dest = esc_url(dest)
    if not dest:
        return m.group(0)
    return f'{m.group(1)}<a href="{dest}"{rel.attr(dest)}>{dest}</a>{ret}'


def _email_cb(m: re.Match[str]) -> str:
    email = m.group(2) + "@" + m.group(3)
    return f'{m.group(1)}<a href="mailto:{email}">{email}</a>'


def _split_by_whitespace(text: str, goal: int) -> list[str]:
    """_split_str_by_whitespace(): chunks of about ``goal`` characters ending after a space."""
    chunks: list[str] = []
    while len(text) > goal:
        head = text[:goal]
        pos = max((head.rfind(c) for c in " \t\n\r\f\v"), default=-1)
        if pos < 0:
            m = _WS_RUN.search(text, goal)
            if not m:
                break
            pos = m.start()
        chunks.append(text[: pos + 1])
        text = text[pos + 1 :]
    if text:
        chunks.append(text)
    return chunks


def _clickable_piece(piece: str, rel: _Rel) -> str:
    ret = f" {piece} "
    if "://" in ret:
        ret = _URL_CLICKABLE.sub(lambda m: _url_cb(m, rel), ret)
    if "www." in ret.lower() or "ftp." in ret.lower():
        ret = _WWW_FTP.sub(lambda m: _www_cb(m, rel), ret)
    if "@" in ret:
        ret = _EMAIL.sub(_email_cb, ret)
    return ret[1:-1]


def make_clickable(
    text: str, *, in_comment: bool = False, legacy_61: bool = True, home_url: str | None = None
) -> str:
    rel = _Rel(in_comment, legacy_61, home_url)
    out: list[str] = []
    nested = 0
    for piece in _TAG_SPLIT.split(text):
        if _CODE_OPEN.match(piece):
            nested += 1
        elif nested and piece.lower() in _CODE_CLOSE:
            nested -= 1
        if nested or not piece or (piece[0] == "<" and not _TAG_WITH_URL.match(piece)):
            out.append(piece)
            continue
        if len(piece) > 10000:
            for chunk in _split_by_whitespace(piece, 2100):
                out.append(
                    chunk
                    if len(chunk) > 2101
                    else make_clickable(chunk, in_comment=in_comment, legacy_61=legacy_61, home_url=home_url)
                )
        else:
            out.append(_clickable_piece(piece, rel))
    result = "".join(out)
    if "</a></a>" in result:
        result = _NESTED_LINKS.sub(r"\1\3</a>", result)
    return result
