"""Replacing the old site URL with the new one, also inside PHP-serialized values.

A serialized string records its length in bytes (`s:27:"…";`), so a plain text replacement
inside one corrupts it and PHP (and wpcompat) can no longer read the value. Serialized values
are therefore walked token by token and each string's length is recomputed after replacing.
"""

from __future__ import annotations

import re

from wpcompat.util.phpserial import is_serialized

_STRING = re.compile(rb's:(\d+):"')
_CUSTOM = re.compile(rb'C:\d+:"[^"]*":(\d+):\{')


class _Broken(ValueError):
    """The value only looks serialized: its lengths do not add up."""


def _walk(data: bytes, old: bytes, new: bytes) -> bytes:
    out = bytearray()
    i, size = 0, len(data)
    while i < size:
        byte = data[i : i + 1]
        if byte == b"s":
            m = _STRING.match(data, i)
            if m is None:
                raise _Broken("bad string token")
            start = m.end()
            end = start + int(m.group(1))
            if data[end : end + 2] != b'";':
                raise _Broken("string length does not match")
            inner = _replace_bytes(data[start:end], old, new)
            out += b's:%d:"' % len(inner) + inner + b'";'
            i = end + 2
        elif byte == b"C":
            # A custom-serialized object: its payload is opaque bytes of a known length.
            m = _CUSTOM.match(data, i)
            if m is None:
                raise _Broken("bad custom object")
            end = m.end() + int(m.group(1)) + 1
            out += data[i:end]
            i = end
        else:
            out += byte
            i += 1
    return bytes(out)


def _replace_bytes(value: bytes, old: bytes, new: bytes) -> bytes:
    if old not in value:
        return value
    text = value.decode("utf-8", errors="surrogateescape")
    if is_serialized(text):
        # Serialized data inside serialized data (plugins do that): fix the inner lengths too.
        try:
            return _walk(value, old, new)
        except _Broken:
            pass
    return value.replace(old, new)


def rewrite_text(value: str, old: str, new: str) -> str:
    """Plain replacement, for content, excerpts, GUIDs and URLs."""
    return value.replace(old, new) if old and old in value else value


def rewrite_meta(value: str, old: str, new: str) -> str:
    """Replacement in a meta value; a serialized value stays valid (lengths fixed)."""
    if not old or old not in value:
        return value
    if not is_serialized(value):
        return value.replace(old, new)
    raw = value.encode("utf-8", errors="surrogateescape")
    try:
        return _walk(raw, old.encode(), new.encode()).decode("utf-8", errors="surrogateescape")
    except _Broken:
        # Leave a value we cannot parse as it was: a wrong length would make it unreadable.
        return value
