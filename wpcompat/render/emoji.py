"""wp_encode_emoji() and wp_staticize_emoji(): emoji as ``&#x…;`` entities or as Twemoji images.

Feeds run wp_staticize_emoji() (``the_content_feed``, ``comment_text_rss``) because feed
readers cannot run WordPress's emoji script: every known emoji sequence becomes an
``<img class="wp-smiley">`` pointing at the s.w.org CDN, outside code/pre/style/script/textarea.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .emoji_data import ENTITY_SEQUENCES, PARTIAL_CODE_POINTS

EMOJI_URL = "https://s.w.org/images/core/emoji/14.0.0/72x72/"
EMOJI_EXT = ".png"


def _entity(cps: tuple[int, ...]) -> str:
    return "".join(f"&#x{cp:x};" for cp in cps)


# (entity text, image file stem, the characters) in WordPress's order, indexed by first code point.
_SEQUENCES: list[tuple[str, str, str]] = [
    (_entity(cps), "-".join(f"{cp:x}" for cp in cps), "".join(chr(cp) for cp in cps))
    for cps in ENTITY_SEQUENCES
]
_BY_FIRST: dict[str, list[int]] = defaultdict(list)
for _index, _cps in enumerate(ENTITY_SEQUENCES):
    _BY_FIRST[f"{_cps[0]:x}"].append(_index)

_PARTIAL_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(PARTIAL_CODE_POINTS)) + "]")
_HEX_ENTITY_RE = re.compile(r"&#x([0-9a-f]+);")
_TAG_SPLIT = re.compile(r"(<.*?>)")
_IGNORE_OPEN = re.compile(r"^<(code|pre|style|script|textarea)>")


def wp_encode_emoji(text: str) -> str:
    """Replace every emoji code point by its ``&#x…;`` entity."""
    return _PARTIAL_RE.sub(lambda m: f"&#x{ord(m.group(0)):x};", text)


def wp_staticize_emoji(text: str) -> str:
    if "&#x" not in text:
        if text.isascii():
            return text
        encoded = wp_encode_emoji(text)
        if encoded == text:
            return text
        text = encoded
    firsts = set(_HEX_ENTITY_RE.findall(text))
    candidates = sorted(i for first in firsts for i in _BY_FIRST.get(first, ()))
    possible = [_SEQUENCES[i] for i in candidates if _SEQUENCES[i][0] in text]
    if not possible:
        return text
    out: list[str] = []
    ignore = ""
    for content in _TAG_SPLIT.split(text):
        if not ignore:
            m = _IGNORE_OPEN.match(content)
            if m:
                ignore = m.group(1)
        if not ignore and content and content[0] != "<" and "&#x" in content:
            for entity, stem, chars in possible:
                if entity in content:
                    img = (
                        f'<img src="{EMOJI_URL}{stem}{EMOJI_EXT}" alt="{chars}" class="wp-smiley" '
                        'style="height: 1em; max-height: 1em;" />'
                    )
                    content = content.replace(entity, img)
        if ignore and content == f"</{ignore}>":
            ignore = ""
        out.append(content)
    # Stray variation selectors are dropped.
    return "".join(out).replace("&#xfe0f;", "")
