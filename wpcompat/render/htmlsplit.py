"""wp_html_split(): cut text into alternating text / HTML-element pieces.

The same tokenizer is shared by wpautop (newline placeholders inside tags) and the shortcode
engine (square brackets inside tags). It treats comments and CDATA as one element each, and a
``<`` with no closing ``>`` as an element running to the end of the text, as WordPress does.
"""

from __future__ import annotations

import re

# get_html_split_regex(): PHP uses a conditional group; here the three cases are explicit.
_COMMENT = r"!(?:-(?!->)[^\-]*+)*+(?:-->)?"
_CDATA = r"!\[CDATA\[[^\]]*+(?:](?!]>)[^\]]*+)*+(?:]]>)?"
HTML_SPLIT_RE = re.compile(
    r"(<(?:(?=!--)" + _COMMENT + r"|(?=!\[CDATA\[)" + _CDATA + r"|(?!!--|!\[CDATA\[)[^>]*>?))"
)


def wp_html_split(text: str) -> list[str]:
    """Text at even indexes, elements (tags, comments, CDATA) at odd indexes."""
    return HTML_SPLIT_RE.split(text)


def replace_in_html_tags(text: str, needle: str, replacement: str) -> str:
    """wp_replace_in_html_tags() for one pair: replace only inside elements, never in text."""
    if needle not in text:
        return text
    parts = HTML_SPLIT_RE.split(text)
    changed = False
    for i in range(1, len(parts), 2):
        if needle in parts[i]:
            parts[i] = parts[i].replace(needle, replacement)
            changed = True
    return "".join(parts) if changed else text
