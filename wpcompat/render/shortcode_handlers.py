"""Handlers of the shortcodes a stock WordPress 6.1 registers.

* ``[caption]`` / ``[wp_caption]``: img_caption_shortcode() in its HTML5 form (block themes
  such as Twenty Twenty-Three declare ``html5`` caption support).
* ``[embed]``: with outbound HTTP blocked (as on the oracle) oEmbed never resolves, so WordPress
  falls back to a plain link; the expansion itself happens at priority 8 (see
  :func:`run_embed_shortcode`), and any ``[embed]`` left for do_shortcode renders as ``""``.
* ``[gallery]``, ``[audio]``, ``[video]``, ``[playlist]``: rendered from the media context the
  caller sets (see :mod:`.media_shortcodes`: attachments and per-request numbering). Without
  one, ``[gallery]`` renders ``""`` and the others are left as text.
"""

from __future__ import annotations

import re

from ._php import PHP_TRIM
from .escape import esc_attr, esc_html, esc_url, sanitize_html_class
from .media_shortcodes import audio_shortcode, gallery_shortcode, playlist_shortcode, video_shortcode
from .shortcodes import LeaveAsText, add_shortcode, do_shortcode

_CAPTION_CONTENT_RE = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.I | re.S | re.ASCII)
_INT_PREFIX_RE = re.compile(r"^[ \t\n\r\v\f]*([+-]?[0-9]+)")


def _php_int(value: str) -> int:
    m = _INT_PREFIX_RE.match(value)
    return int(m.group(1)) if m else 0


def caption_shortcode(attr, content: str, tag: str) -> str:  # type: ignore[no-untyped-def]
    given: dict[str | int, str] = dict(attr) if isinstance(attr, dict) else {}
    if "caption" not in given:
        # Unanchored, like preg_match(): text before the image is dropped.
        m = _CAPTION_CONTENT_RE.search(content)
        if m:
            content = m.group(1)
            given["caption"] = m.group(2).strip(PHP_TRIM)
    elif "<" in given["caption"]:
        from .kses import wp_kses_post

        given["caption"] = wp_kses_post(given["caption"])
    atts = {"id": "", "caption_id": "", "align": "alignnone", "width": "", "caption": "", "class": ""}
    for key in atts:
        if key in given:
            atts[key] = given[key]
    width = _php_int(atts["width"])
    if width < 1 or not atts["caption"] or atts["caption"] == "0":
        return content
    id_attr = caption_id = describedby = ""
    if atts["id"]:
        atts["id"] = sanitize_html_class(atts["id"])
        id_attr = f'id="{esc_attr(atts["id"])}" '
    if atts["caption_id"]:
        atts["caption_id"] = sanitize_html_class(atts["caption_id"])
    elif atts["id"]:
        atts["caption_id"] = "caption-" + atts["id"].replace("_", "-")
    if atts["caption_id"]:
        caption_id = f'id="{esc_attr(atts["caption_id"])}" '
        describedby = f'aria-describedby="{esc_attr(atts["caption_id"])}" '
    css_class = f"wp-caption {atts['align']} {atts['class']}".strip(PHP_TRIM)
    # HTML5 captions never added WordPress's historical extra 10px.
    style = f'style="width: {width}px" '
    return (
        f'<figure {id_attr}{describedby}{style}class="{esc_attr(css_class)}">{do_shortcode(content)}'
        f'<figcaption {caption_id}class="wp-caption-text">{atts["caption"]}</figcaption></figure>'
    )


def embed_link(attr, content: str, tag: str) -> str:  # type: ignore[no-untyped-def]
    """WP_Embed::shortcode() when no oEmbed provider answers: a plain link to the URL."""
    url = content
    if not url and isinstance(attr, dict) and attr.get("src"):
        url = attr["src"]
    url = url.strip(PHP_TRIM)
    if not url:
        return ""
    return f'<a href="{esc_url(url)}">{esc_html(url)}</a>'


def empty_output(attr, content: str, tag: str) -> str:  # type: ignore[no-untyped-def]
    return ""


def leave_as_text(attr, content: str, tag: str) -> str:  # type: ignore[no-untyped-def]
    """Keep the shortcode's source text unchanged."""
    raise LeaveAsText


def register_defaults() -> None:
    add_shortcode("wp_caption", caption_shortcode)
    add_shortcode("caption", caption_shortcode)
    add_shortcode("gallery", gallery_shortcode)
    add_shortcode("playlist", playlist_shortcode)
    add_shortcode("audio", audio_shortcode)
    add_shortcode("video", video_shortcode)
    # WP_Embed registers [embed] as __return_false; the real work is run_embed_shortcode().
    add_shortcode("embed", empty_output)


# Imported by the render pipelines (so by every use of wpcompat.render): the stock shortcodes are
# known before any text is filtered.
register_defaults()
