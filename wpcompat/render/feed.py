"""What WordPress 6.1 puts in RSS feeds: titles, descriptions and ``content:encoded``.

Feeds differ from REST in three ways: the post is rendered with ``$more = 1`` (the whole first
page, with ``<span id="more-ID"></span>`` where ``<!--more-->`` was, also in generated
excerpts), named entities become numeric (ent2ncr), and emoji become Twemoji images
(wp_staticize_emoji). Password-protected posts show WordPress's fixed texts and form.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint

from ._php import PHP_TRIM
from .chars import convert_chars
from .emoji import wp_staticize_emoji
from .escape import esc_html, esc_url
from .excerpt import excerpt_source, get_the_content, wp_trim_excerpt
from .striptags import strip_tags

# ent2ncr(): HTML 4 named entities, three legacy names and "|" become decimal references.
_NCR = {f"&{name};": f"&#{cp};" for name, cp in name2codepoint.items()}
_NCR.update({"&brkbar;": "&#166;", "&die;": "&#168;", "&hibar;": "&#175;", "|": "&#124;"})
_NCR_RE = re.compile("|".join(re.escape(k) for k in sorted(_NCR, key=len, reverse=True)))

PROTECTED_EXCERPT = "There is no excerpt because this is a protected post."
_EMBED_IFRAME_HIDDEN = (
    '<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" '
    'style="position: absolute; clip: rect(1px, 1px, 1px, 1px);"'
)
_EMBED_IFRAME_SHOWN = '<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted"'


def ent2ncr(text: str) -> str:
    if "&" not in text and "|" not in text:
        return text
    return _NCR_RE.sub(lambda m: _NCR[m.group(0)], text)


_ENTITY_RE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _decode_entity(m: re.Match[str]) -> str:
    ref = m.group(1)
    if ref.startswith("#"):
        code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
        # ENT_COMPAT leaves the single quote encoded; an invalid code point stays as written.
        if code == 39 or not (0 < code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
            return m.group(0)
        return chr(code)
    code = name2codepoint.get(ref)
    return chr(code) if code is not None else m.group(0)


def html_entity_decode(text: str) -> str:
    """PHP's html_entity_decode(text, ENT_COMPAT, 'UTF-8'): HTML 4.01 named and numeric
    references become characters, except the single quote's."""
    return _ENTITY_RE.sub(_decode_entity, text) if "&" in text else text


def category_rss(name: str) -> str:
    """A term name in a feed's ``<category>`` (get_the_category_rss): the ``rss`` context's
    convert_chars, then html_entity_decode; the CDATA section keeps the rest as it is."""
    return html_entity_decode(convert_chars(name))


def title_rss(rendered_title: str) -> str:
    """The ``the_title_rss`` filters (ent2ncr, strip_tags, esc_html) on a get_the_title() value."""
    return esc_html(strip_tags(ent2ncr(rendered_title)))


def excerpt_rss(excerpt: str) -> str:
    """The ``the_excerpt_rss`` filters (ent2ncr, convert_chars) on a get_the_excerpt() value."""
    return convert_chars(ent2ncr(excerpt))


def comment_text_rss(raw: str) -> str:
    """``<description>`` of a comment feed item: ent2ncr, esc_html, then emoji images."""
    return wp_staticize_emoji(esc_html(ent2ncr(raw)))


def comment_author_rss(author: str) -> str:
    return ent2ncr(author if author else "Anonymous")


def comment_title_rss(post_title_rss: str, author: str, *, singular: bool = False) -> str:
    """``<title>`` of a comment feed item (``post_title_rss`` already through :func:`title_rss`)."""
    if singular:
        return ent2ncr("By: %s") % comment_author_rss(author)
    return (
        ent2ncr("Comment on %1$s by %2$s")
        .replace("%1$s", post_title_rss)
        .replace("%2$s", comment_author_rss(author))
    )


def password_form(post_id: int, site_url: str) -> str:
    """get_the_password_form(): what a protected post's content is replaced with."""
    action = esc_url(site_url.rstrip("/") + "/wp-login.php?action=postpass")
    label = f"pwbox-{post_id}"
    return (
        f'<form action="{action}" class="post-password-form" method="post">\n'
        "\t<p>This content is password protected. To view it please enter your password below:</p>\n"
        f'\t<p><label for="{label}">Password: <input name="post_password" id="{label}" type="password" '
        'size="20" /></label> <input type="submit" name="Submit" value="Enter" /></p></form>\n\t'
    )


def feed_content_source(post_content: str, post_id: int) -> str:
    """get_the_content() in a feed: the whole first page."""
    return get_the_content(post_content, more=True, post_id=post_id)


def content_feed(rendered: str) -> str:
    """get_the_content_feed() after ``the_content``: CDATA-safe, emoji images, visible embeds."""
    text = rendered.replace("]]>", "]]&gt;")
    text = wp_staticize_emoji(text)
    return text.replace(_EMBED_IFRAME_HIDDEN, _EMBED_IFRAME_SHOWN)


def generated_feed_excerpt(post_excerpt: str, post_content: str, post_id: int, the_content) -> str:  # type: ignore[no-untyped-def]
    """get_the_excerpt() in a feed (before :func:`excerpt_rss`)."""
    if post_excerpt.strip(PHP_TRIM) != "":
        return post_excerpt
    source = excerpt_source(post_content, more=True, post_id=post_id)
    return wp_trim_excerpt("", post_content, the_content, source=source)
