"""HTML entity helpers shared by kses and the escaping functions.

wp_kses_normalize_entities() is the key one: every ``&`` that does not start an entity from
WordPress's allow-list (the HTML 4 names plus ``apos``) or a valid numeric reference becomes
``&amp;``; numeric references are normalised (``&#39;`` → ``&#039;``, ``&#x0041;`` → ``&#x41;``).
"""

from __future__ import annotations

import re
from html.entities import name2codepoint

from ._php import compile_strtr

# $allowedentitynames in kses.php: the HTML 4.01 named entities plus &apos;.
ALLOWED_ENTITY_NAMES: frozenset[str] = frozenset(name2codepoint) | {"apos"}
# htmlspecialchars(double_encode=false) checks names against the HTML 4.01 table only.
HTML401_ENTITY_NAMES: frozenset[str] = frozenset(name2codepoint)

_NAMED_RE = re.compile(r"&amp;([A-Za-z]{2,8}[0-9]{0,2});")
_DEC_RE = re.compile(r"&amp;#(0*[0-9]{1,7});")
_HEX_RE = re.compile(r"&amp;#[Xx](0*[0-9A-Fa-f]{1,6});")


def valid_unicode(cp: int) -> bool:
    return (
        cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF
    )


def _named(m: re.Match[str]) -> str:
    name = m.group(1)
    return f"&{name};" if name in ALLOWED_ENTITY_NAMES else f"&amp;{name};"


def _dec(m: re.Match[str]) -> str:
    digits = m.group(1)
    if valid_unicode(int(digits)):
        return "&#" + (digits.lstrip("0").rjust(3, "0")) + ";"
    return f"&amp;#{digits};"


def _hex(m: re.Match[str]) -> str:
    digits = m.group(1)
    if valid_unicode(int(digits, 16)):
        return "&#x" + digits.lstrip("0") + ";"
    return f"&amp;#x{digits};"


def normalize_entities(text: str) -> str:
    """wp_kses_normalize_entities() in its default 'html' context."""
    if "&" not in text:
        return text
    text = text.replace("&", "&amp;")
    text = _NAMED_RE.sub(_named, text)
    text = _DEC_RE.sub(_dec, text)
    return _HEX_RE.sub(_hex, text)


_DECODE_DEC_RE = re.compile(r"&#([0-9]+);")
_DECODE_HEX_RE = re.compile(r"&#[Xx]([0-9A-Fa-f]+);")


def kses_decode_entities(text: str) -> str:
    """wp_kses_decode_entities(): numeric references only, as PHP chr() (one byte, mod 256)."""
    text = _DECODE_DEC_RE.sub(lambda m: chr(int(m.group(1)) % 256), text)
    return _DECODE_HEX_RE.sub(lambda m: chr(int(m.group(1), 16) % 256), text)


def _cp1252_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in range(128, 160):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            char = ""
        table[f"&#{code};"] = f"&#{ord(char)};" if char else ""
    return table


_CONVERT_INVALID = compile_strtr(_cp1252_table())


def convert_invalid_entities(content: str) -> str:
    """Map ``&#128;``..``&#159;`` (Windows-1252 code points typed as entities) to real ones."""
    if "&#1" not in content:
        return content
    return _CONVERT_INVALID(content)
