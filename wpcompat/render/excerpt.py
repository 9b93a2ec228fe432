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
_MORE_BLOCK_RE = re.compile(r"<!-- /?wp:more(.*?)-->")


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


def get_the_content_teaser(content: str) -> str:
    """get_the_content() with ``$more = 0``: the part before ``<!--more-->``, tags balanced."""
    m = _MORE_RE.search(content)
    if not m:
        return content
    if "<!-- wp:more" in content:
        content = _MORE_BLOCK_RE.sub("", content)
    teaser = content.split(m.group(0), 1)
    output = teaser[0]
    if len(teaser) > 1:
        output = force_balance_tags(output)
    return output


@lru_cache(maxsize=4096)
def excerpt_source(content: str) -> str:
    """What wp_trim_excerpt() hands to ``the_content``: the teaser without shortcodes or non-text blocks."""
    return excerpt_remove_blocks(strip_shortcodes(get_the_content_teaser(content)))


def wp_trim_excerpt(
    text: str,
    content: str,
    the_content: Callable[[str], str],
    *,
    length: int = EXCERPT_LENGTH,
    more: str = EXCERPT_MORE,
) -> str:
    """``text`` is the hand-written excerpt; when empty, one is generated from ``content``."""
    if text.strip(PHP_TRIM) != "":
        return text
    generated = the_content(excerpt_source(content))
    generated = generated.replace("]]>", "]]&gt;")
    return wp_trim_words(generated, length, more)
