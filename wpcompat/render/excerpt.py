"""Automatic excerpts: wp_trim_words, get_the_content's teaser and wp_trim_excerpt.

An automatic excerpt is built from the post's content up to ``<!--more-->`` (REST renders
posts with ``$more = 0``), with shortcodes and non-text blocks removed, run through
``the_content``, stripped of tags and cut to 55 words followed by `` [&hellip;]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ._php import PHP_TRIM
from .balance import force_balance_tags
from .blocks import excerpt_remove_blocks
from .shortcodes import strip_shortcodes
from .striptags import wp_strip_all_tags

EXCERPT_LENGTH = 55
EXCERPT_MORE = " [&hellip;]"

_WORDS_SPLIT_RE = re.compile(r"[\n\r\t ]+")
_MORE_RE = re.compile(r"<!--more(.*?)?-->")
_MORE_BLOCK_RE = re.compile(r"<!-- /?wp:more(.*?) -->")
_NEXTPAGE = "<!--nextpage-->"


def wp_trim_words(text: str, num_words: int = 55, more: str | None = None) -> str:
    """Keep the first ``num_words`` whitespace-separated words of the tag-stripped text."""
    if more is None:
        more = "&hellip;"
    text = wp_strip_all_tags(text)
    words = [w for w in _WORDS_SPLIT_RE.split(text, maxsplit=num_words) if w != ""] if num_words >= 0 else []
    if len(words) > num_words:
        # PHP's preg_split limit leaves the rest of the text in the last element: drop it.
        return " ".join(words[:num_words]) + more
    return " ".join(words)


def first_page(content: str) -> str:
    """The first page of a post split with ``<!--nextpage-->`` (WP_Query::generate_postdata)."""
    if _NEXTPAGE not in content:
        return content
    content = content.replace("\n<!--nextpage-->\n", _NEXTPAGE).replace("\n<!--nextpage-->", _NEXTPAGE)
    content = content.replace("<!--nextpage-->\n", _NEXTPAGE)
    content = content.replace("<!-- wp:nextpage -->", "").replace("<!-- /wp:nextpage -->", "")
    if content.startswith(_NEXTPAGE):
        content = content[len(_NEXTPAGE) :]
    return content.split(_NEXTPAGE, 1)[0]


def get_the_content(content: str, *, more: bool = False, post_id: int = 0) -> str:
    """get_the_content() without a "more" link text, on page 1.

    ``more`` is WordPress's global ``$more``: 0 in REST (only the teaser, tags balanced), 1 in
    feeds (the whole page with ``<span id="more-ID"></span>`` where the tag was).
    """
    page = first_page(content)
    m = _MORE_RE.search(page)
    parts = [page]
    if m:
        if "<!-- wp:more " in page or "<!-- wp:core/more " in page:
            page = _MORE_BLOCK_RE.sub("", page)
        parts = page.split(m.group(0), 1)
    teaser = parts[0]
    if more and m and "<!--noteaser-->" in content:
        teaser = ""
    output = teaser
    if len(parts) > 1:
        if more:
            output += f'<span id="more-{post_id}"></span>' + parts[1]
        else:
            output = force_balance_tags(output)
    return output


def get_the_content_teaser(content: str) -> str:
    """get_the_content() as REST runs it (``$more = 0``)."""
    return get_the_content(content, more=False)


@lru_cache(maxsize=4096)
def excerpt_source(content: str, *, more: bool = False, post_id: int = 0) -> str:
    """What wp_trim_excerpt() hands to ``the_content``: the post without shortcodes or non-text blocks."""
    return excerpt_remove_blocks(strip_shortcodes(get_the_content(content, more=more, post_id=post_id)))


def wp_trim_excerpt(
    text: str,
    content: str,
    the_content: Callable[[str], str],
    *,
    length: int = EXCERPT_LENGTH,
    more: str = EXCERPT_MORE,
    source: str | None = None,
) -> str:
    """``text`` is the hand-written excerpt; when empty, one is generated from ``content``.

    ``source`` overrides what goes to ``the_content`` (feeds use the whole page, see
    :func:`excerpt_source`).
    """
    if text.strip(PHP_TRIM) != "":
        return text
    generated = the_content(excerpt_source(content) if source is None else source)
    generated = generated.replace("]]>", "]]&gt;")
    return wp_trim_words(generated, length, more)
