"""convert_chars, capital_P_dangit and convert_invalid_entities (small character fixes)."""

from __future__ import annotations

import re

from ._php import str_replace_seq
from .entities import convert_invalid_entities

__all__ = ["capital_P_dangit", "convert_chars", "convert_invalid_entities"]

_BARE_AMP_RE = re.compile(r"&([^#])(?![a-z1-4]{1,8};)", re.I)


def convert_chars(content: str) -> str:
    """Encode an ``&`` that does not look like the start of an entity as ``&#038;``."""
    if "&" not in content:
        return content
    return _BARE_AMP_RE.sub(_encode_amp, content)


def _encode_amp(m: re.Match[str]) -> str:
    return "&#038;" + m.group(1)


_DANGIT_PAIRS = (
    (" Wordpress", " WordPress"),
    ("&#8216;Wordpress", "&#8216;WordPress"),
    ("&#8220;Wordpress", "&#8220;WordPress"),
    (">Wordpress", ">WordPress"),
    ("(Wordpress", "(WordPress"),
)


def capital_P_dangit(text: str, *, title: bool = False) -> str:
    """Titles get a blunt replacement; other text only where "Wordpress" starts a word."""
    if "Wordpress" not in text:
        return text
    if title:
        return text.replace("Wordpress", "WordPress")
    return str_replace_seq(text, _DANGIT_PAIRS)
