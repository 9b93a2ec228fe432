"""wp_filter_content_tags(), the part that needs no database, and wp_targeted_link_rel().

WordPress 6.1 adds ``loading="lazy"`` to ``<img>``/``<iframe>`` tags that have ``src``, ``width``
and ``height`` (REST is never "in the loop", so the first image is lazy too), and
``decoding="async"`` to every ``<img>``. The ``srcset``/``sizes`` it derives from attachment
metadata (``wp-image-N`` classes) are added when the caller loaded the attachments
(:mod:`.media_shortcodes`); the missing ``width``/``height`` it would add are not.
"""

from __future__ import annotations

import re

from .kses import kses_hair
from .media_shortcodes import responsive_image

_MEDIA_TAG_RE = re.compile(r"<(img|iframe)\s[^>]+>", re.ASCII)


def _img(tag: str) -> str:
    tag = responsive_image(tag)
    if " loading=" not in tag and ' src="' in tag and ' width="' in tag and ' height="' in tag:
        tag = tag.replace("<img", '<img loading="lazy"')
    # Only images whose src is double-quoted (which also leaves escaped JSON alone).
    if " decoding=" not in tag and ' src="' in tag:
        tag = tag.replace("<img ", '<img decoding="async" ')
    return tag


def _iframe(tag: str) -> str:
    if " loading=" in tag or ' data-secret="' in tag:
        return tag
    if ' src="' in tag and ' width="' in tag and ' height="' in tag:
        return tag.replace("<iframe", '<iframe loading="lazy"')
    return tag


def wp_filter_content_tags(content: str) -> str:
    if "<img" not in content and "<iframe" not in content:
        return content
    done: set[str] = set()
    for m in _MEDIA_TAG_RE.finditer(content):
        tag = m.group(0)
        if tag in done:
            continue
        done.add(tag)
        filtered = _img(tag) if m.group(1) == "img" else _iframe(tag)
        if filtered != tag:
            content = content.replace(tag, filtered)
    return content


_SCRIPT_STYLE_RE = re.compile(r"(<(script|style).*?</\2>)", re.I | re.S)
_TARGET_LINK_RE = re.compile(r"<a\s([^>]*target\s*=[^>]*)>", re.I | re.ASCII)
_WS_SPLIT_RE = re.compile(r"\s+", re.ASCII)


def _targeted_cb(m: re.Match[str]) -> str:
    from .escape import esc_attr

    link_html = m.group(1)
    atts = kses_hair(link_html)
    if "target" not in atts:
        # Rebuilt even when unchanged: "<A\n…>" comes back as "<a …>".
        return f"<a {link_html}>"
    rel = "noopener"
    wholes = {name: a.whole for name, a in atts.items()}
    if "rel" in atts:
        parts: list[str] = []
        for p in _WS_SPLIT_RE.split(f"{atts['rel'].value} {rel}"):
            if p and p not in parts:
                parts.append(p)
        rel = " ".join(parts)
    wholes["rel"] = f'rel="{esc_attr(rel)}"'
    return "<a " + " ".join(wholes.values()) + ">"


def wp_targeted_link_rel(text: str) -> str:
    """Add ``rel="noopener"`` to links that have a ``target`` (skipping script/style bodies)."""
    lower = text.lower()
    if "target" not in lower or "<a " not in lower:
        return text
    parts = _SCRIPT_STYLE_RE.split(text)
    # split() interleaves: text, whole match, tag name, text, ...
    out: list[str] = []
    for i in range(0, len(parts), 3):
        out.append(_TARGET_LINK_RE.sub(_targeted_cb, parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
