"""Small PHP-compatibility helpers shared by the filters.

WordPress's filters are written against PHP's byte-oriented PCRE (no ``/u`` flag) and PHP's
string functions. These helpers give the Python equivalents the same semantics on ``str``:

* ``PHP_TRIM`` is what PHP's ``trim()`` strips by default; Python's ``str.strip()`` would also
  strip U+00A0 and other Unicode spaces, which changes output.
* ``SPACES`` is ``wp_spaces_regexp()`` (the default: ASCII blanks, U+00A0 and ``&nbsp;``).
* PHP's ``\\Z`` also matches before a final newline; Python's does not, so ``PZ`` is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

PHP_TRIM = " \t\n\r\0\x0b"

# wp_spaces_regexp(): one "space" is an ASCII blank, a no-break space or the &nbsp; entity.
SPACES = r"(?:[\r\n\t ]|\u00a0|&nbsp;)"
# Python look-behinds must be fixed width, so the alternatives are split in two.
AFTER_SPACE = r"(?:(?<=[\r\n\t \u00a0])|(?<=&nbsp;))"
NOT_AFTER_SPACE = r"(?<![\r\n\t \u00a0])(?<!&nbsp;)"
# PHP's \Z: end of subject or before a final newline.
PZ = r"(?=\n?\Z)"


def php_trim(text: str, chars: str = PHP_TRIM) -> str:
    return text.strip(chars)


def str_replace_seq(text: str, pairs: Iterable[tuple[str, str]]) -> str:
    """PHP ``str_replace(array, array, $s)``: each pair is applied in turn over the whole text."""
    for needle, repl in pairs:
        if needle in text:
            text = text.replace(needle, repl)
    return text


def compile_strtr(table: dict[str, str]) -> Callable[[str], str]:
    """PHP ``strtr($s, array)``: longest match first, replaced text is never rescanned.

    Compiled once per table (tables are module constants) so each call is one ``re.sub``.
    """
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))

    def replace(match: re.Match[str]) -> str:
        return table[match.group(0)]

    def apply(text: str) -> str:
        return pattern.sub(replace, text)

    return apply
