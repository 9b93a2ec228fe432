"""JSON bytes as WordPress's wp_json_encode writes them: `\\/` and `\\uXXXX` escapes.

orjson does the work (about twenty times faster than the json module); the two escapes PHP adds
are applied afterwards, in C: the non-ASCII characters by the `backslashreplace` codec (`\\xe9`,
`\\u2019`, `\\U0001f600`) whose `\\x` is then PHP's `\\u00`, and characters past the BMP (rare)
written as surrogate pairs. Where the text holds an escaped backslash, a `\\x` of the codec
could not be told from a backslash followed by "x": a Python handler escapes each character
then (30 times slower on a page of French text, where the accented letters are far apart:
one call of the handler for each).
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

import orjson


def _escape_non_ascii(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    out = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


codecs.register_error("wpcompat_json", _escape_non_ascii)

_ASTRAL = re.compile(rb"\\U([0-9a-f]{8})")


def _surrogates(match: re.Match[bytes]) -> bytes:
    code = int(match[1], 16) - 0x10000
    return b"\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))


def _ascii(raw: bytes) -> bytes:
    """orjson's UTF-8 JSON with PHP's `\\uXXXX` for every non-ASCII character."""
    if b"\\\\" in raw:
        return raw.decode("utf-8").encode("ascii", "wpcompat_json")
    # No escaped backslash: every `\x` and `\U` is the codec's (orjson writes neither).
    escaped = raw.decode("utf-8").encode("ascii", "backslashreplace").replace(b"\\x", b"\\u00")
    return _ASTRAL.sub(_surrogates, escaped) if b"\\U" in escaped else escaped


def encode_json(data: Any, pretty: bool = False) -> bytes:
    if pretty:
        text = json.dumps(data, indent=4, ensure_ascii=True)
        return text.replace("/", "\\/").encode("ascii")
    try:
        raw = orjson.dumps(data)
    except orjson.JSONEncodeError:
        # What orjson refuses and PHP writes: integers beyond 64 bits, lone surrogates, keys
        # that are not strings. The json module writes them (INF and NAN, which PHP cannot
        # encode either, become 0).
        text = json.dumps(_finite(data), ensure_ascii=True, separators=(",", ":"), default=str)
        return text.replace("/", "\\/").encode("ascii")
    if not raw.isascii():
        raw = _ascii(raw)
    return raw.replace(b"/", b"\\/")


def _finite(data: Any) -> Any:
    if isinstance(data, float) and (data != data or data in (float("inf"), float("-inf"))):
        return 0
    if isinstance(data, dict):
        return {(k if isinstance(k, (str, int, float, bool)) or k is None else str(k)): _finite(v)
                for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data
