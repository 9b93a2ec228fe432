"""Shortcode API: registry, get_shortcode_regex, do_shortcode, strip_shortcodes, shortcode_unautop.

Only the shortcodes that a stock WordPress 6.1 registers are known here (caption, wp_caption,
gallery, playlist, audio, video, embed). Unknown ``[tags]`` are left as text, as WordPress does.
Handlers that need the database (gallery, audio, video, playlist) can be replaced with
:func:`add_shortcode` by the caller; the defaults are documented on each one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ._php import PHP_TRIM, SPACES
from .htmlsplit import wp_html_split

Atts = dict[str | int, str] | str
ShortcodeHandler = Callable[[Atts, str, str], str]


class LeaveAsText(Exception):
    """Raised by a handler to keep the shortcode's original text in the output."""


_REGISTRY: dict[str, ShortcodeHandler] = {}

# '@\[([^<>&/\[\]\x00-\x20=]++)@': candidate tag names present in the text.
_TAGNAME_RE = re.compile(r"\[([^<>&/\[\]\x00-\x20=]++)")
_TAGNAME_OR_CLOSE_RE = re.compile(r"\[/?([^<>&/\[\]\x00-\x20=]++)")


def add_shortcode(tag: str, handler: ShortcodeHandler) -> None:
    _REGISTRY[tag] = handler
    _compiled_shortcode_regex.cache_clear()


def remove_shortcode(tag: str) -> None:
    _REGISTRY.pop(tag, None)
    _compiled_shortcode_regex.cache_clear()


def shortcode_exists(tag: str) -> bool:
    return tag in _REGISTRY


def registered_tags() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def tags_in_text(text: str, *, include_closing: bool = False) -> tuple[str, ...]:
    """Registered names that appear after a ``[`` (array_intersect keeps registration order)."""
    rx = _TAGNAME_OR_CLOSE_RE if include_closing else _TAGNAME_RE
    found = set(rx.findall(text))
    return tuple(t for t in _REGISTRY if t in found)


def get_shortcode_regex(tagnames: tuple[str, ...] | None = None) -> str:
    """The 6-group pattern of get_shortcode_regex(): 1 ``[``, 2 name, 3 atts, 4 ``/``, 5 content, 6 ``]``."""
    names = tagnames if tagnames is not None else tuple(_REGISTRY)
    tagregexp = "|".join(re.escape(t) for t in names)
    return (
        r"\[(\[?)(" + tagregexp + r")(?![\w-])"
        r"([^\]\/]*(?:\/(?!\])[^\]\/]*)*?)"
        r"(?:(\/)\]|\](?:([^\[]*+(?:\[(?!\/\2\])[^\[]*+)*+)\[\/\2\])?)"
        r"(\]?)"
    )


@lru_cache(maxsize=256)
def _compiled_shortcode_regex(tagnames: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(get_shortcode_regex(tagnames), re.ASCII)


_ATTS_RE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)""",
    re.ASCII,
)
_NBSP_ZWSP_RE = re.compile("[\u00a0\u200b]+")
_BALANCED_HTML_RE = re.compile(r"^[^<]*+(?:<[^>]*+>[^<]*+)*+$")
_CSLASH_RE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)", re.S)
_CESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "v": "\v", "b": "\b", "f": "\f"}


def _stripcslashes(value: str) -> str:
    if "\\" not in value:
        return value

    def one(m: re.Match[str]) -> str:
        s = m.group(1)
        if s[0] == "x" and len(s) > 1:
            return chr(int(s[1:], 16))
        if s[0] in "01234567":
            return chr(int(s, 8) & 0xFF)
        return _CESCAPES.get(s, s)

    return _CSLASH_RE.sub(one, value)


def shortcode_parse_atts(text: str) -> Atts:
    """Attributes as WordPress parses them: lower-cased names, positional values under int keys."""
    text = _NBSP_ZWSP_RE.sub(" ", text)
    matches = list(_ATTS_RE.finditer(text))
    if not matches:
        return text.lstrip(PHP_TRIM)
    atts: dict[str | int, str] = {}
    position = 0
    for m in matches:
        g = m.groups()
        if g[0]:
            atts[g[0].lower()] = _stripcslashes(g[1])
        elif g[2]:
            atts[g[2].lower()] = _stripcslashes(g[3])
        elif g[4]:
            atts[g[4].lower()] = _stripcslashes(g[5])
        else:
            value = g[6] if g[6] else g[7] if g[7] else g[8]
            if value is None:
                continue
            atts[position] = _stripcslashes(value)
            position += 1
    for key, value in atts.items():
        # Reject values holding an unclosed HTML element.
        if "<" in value and not _BALANCED_HTML_RE.match(value):
            atts[key] = ""
    return atts


def shortcode_atts(defaults: dict[str, str], atts: Atts) -> dict[str, str]:
    given = atts if isinstance(atts, dict) else {}
    return {name: given.get(name, default) for name, default in defaults.items()}


_OPEN_ESC = {"[": "&#91;", "]": "&#93;"}
_BRACKETS_RE = re.compile(r"[\[\]]")
_LEADING_SHORTCODE_IN_TAG_RE = re.compile(r"^<\s*\[\[?[^\[\]]+\]", re.ASCII)
_ELEMENT_NAME_RE = re.compile(r"[a-zA-Z0-9]+")


def _escape_brackets(element: str) -> str:
    return _BRACKETS_RE.sub(lambda m: _OPEN_ESC[m.group(0)], element)


def _shortcodes_in_html_tags(
    content: str, ignore_html: bool, pattern: re.Pattern[str], registry: dict[str, ShortcodeHandler]
) -> str:
    """do_shortcodes_in_html_tags(): expand or neutralise shortcodes found inside HTML tags.

    Brackets left inside a tag are escaped as ``&#91;``/``&#93;`` so the main pass cannot
    match across tags; the caller unescapes them afterwards. Pre-existing ``&#91;``/``&#93;``
    are padded to ``&#091;``/``&#093;`` first, exactly as WordPress does, so they survive.
    """
    from .kses import kses_attr_parse, kses_one_attr

    def expand(text: str) -> tuple[str, int]:
        return pattern.subn(lambda m: _do_shortcode_tag(m, registry), text)

    content = content.replace("&#91;", "&#091;").replace("&#93;", "&#093;")
    parts = wp_html_split(content)
    for i in range(1, len(parts), 2):
        element = parts[i]
        if not element or element[0] != "<":
            continue
        has_open, has_close = "[" in element, "]" in element
        if not has_open or not has_close:
            if has_open or has_close:
                parts[i] = _escape_brackets(element)
            continue
        if ignore_html or element.startswith("<!--") or element.startswith("<![CDATA["):
            parts[i] = _escape_brackets(element)
            continue
        attributes = kses_attr_parse(element)
        if attributes is None:
            # Some plugins write things like "[name] <[email]>".
            if _LEADING_SHORTCODE_IN_TAG_RE.match(element):
                element = expand(element)[0]
            parts[i] = _escape_brackets(element)
            continue
        front, back = attributes[0], attributes[-1]
        pieces = attributes[1:-1]
        elname = _ELEMENT_NAME_RE.search(front).group(0)  # type: ignore[union-attr]
        for j, attr in enumerate(pieces):
            open_at, close_at = attr.find("["), attr.find("]")
            if open_at < 0 or close_at < 0:
                continue
            double, single = attr.find('"'), attr.find("'")
            if (single < 0 or open_at < single) and (double < 0 or open_at < double):
                # A bare [shortcode] as name or value implies unfiltered HTML: no kses.
                pieces[j] = expand(attr)[0]
            else:
                new_attr, count = expand(attr)
                if count > 0:
                    new_attr = kses_one_attr(new_attr, elname)
                    if new_attr.strip(PHP_TRIM) != "":
                        pieces[j] = new_attr
        parts[i] = _escape_brackets(front + "".join(pieces) + back)
    return "".join(parts)


def _unescape_invalid_shortcodes(content: str) -> str:
    return content.replace("&#91;", "[").replace("&#93;", "]")


def _do_shortcode_tag(m: re.Match[str], registry: dict[str, ShortcodeHandler]) -> str:
    if m.group(1) == "[" and m.group(6) == "]":
        # [[tag]] is the escape syntax: drop one bracket on each side.
        return m.group(0)[1:-1]
    tag = m.group(2)
    handler = registry.get(tag)
    if handler is None:
        return m.group(0)
    attr = shortcode_parse_atts(m.group(3))
    content = m.group(5) or ""
    try:
        return m.group(1) + handler(attr, content, tag) + m.group(6)
    except LeaveAsText:
        return m.group(0)


def do_shortcode(content: str, *, handlers: dict[str, ShortcodeHandler] | None = None) -> str:
    """Expand registered shortcodes.

    ``handlers`` replaces the registry for one call (WP_Embed expands only ``[embed]``, with
    its own handler, before the other filters run), without touching the shared registry.
    """
    registry = _REGISTRY if handlers is None else handlers
    if "[" not in content or not registry:
        return content
    found = set(_TAGNAME_RE.findall(content))
    tagnames = tuple(t for t in registry if t in found)
    if not tagnames:
        return content
    pattern = _compiled_shortcode_regex(tagnames)
    content = _shortcodes_in_html_tags(content, False, pattern, registry)
    content = pattern.sub(lambda m: _do_shortcode_tag(m, registry), content)
    return _unescape_invalid_shortcodes(content)


def _strip_shortcode_tag(m: re.Match[str]) -> str:
    if m.group(1) == "[" and m.group(6) == "]":
        return m.group(0)[1:-1]
    return m.group(1) + m.group(6)


def strip_shortcodes(content: str) -> str:
    """Remove registered shortcodes (and their enclosed content); unknown ones stay as text."""
    if "[" not in content or not _REGISTRY:
        return content
    tagnames = tags_in_text(content)
    if not tagnames:
        return content
    pattern = _compiled_shortcode_regex(tagnames)
    content = _shortcodes_in_html_tags(content, True, pattern, _REGISTRY)
    content = pattern.sub(_strip_shortcode_tag, content)
    return _unescape_invalid_shortcodes(content)


@lru_cache(maxsize=64)
def _unautop_regex(tagnames: tuple[str, ...]) -> re.Pattern[str]:
    tagregexp = "|".join(re.escape(t) for t in tagnames)
    return re.compile(
        r"<p>(?:" + SPACES + r")*+"
        r"(\[(" + tagregexp + r")(?![\w-])"
        r"[^\]\/]*(?:\/(?!\])[^\]\/]*)*?"
        r"(?:\/\]|\](?:[^\[]*+(?:\[(?!\/\2\])[^\[]*+)*+\[\/\2\])?))"
        r"(?:" + SPACES + r")*+<\/p>",
        re.ASCII,
    )


def shortcode_unautop(text: str) -> str:
    """Unwrap a shortcode that wpautop put alone in a paragraph."""
    if not _REGISTRY or "[" not in text:
        return text
    return _unautop_regex(tuple(_REGISTRY)).sub(r"\1", text)
