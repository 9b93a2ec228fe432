"""PHP's serialize() format, as WordPress stores arrays in options and meta."""

from __future__ import annotations

import re
from typing import Any

import phpserialize

_SERIALIZED = re.compile(r'^(?:[aOC]:\d+:|s:\d+:"|[bid]:|N;$)', re.S)


def is_serialized(value: str) -> bool:
    """WordPress's is_serialized(): does this stored string look like PHP serialize() output?"""
    data = value.strip()
    if data == "N;":
        return True
    if len(data) < 4 or data[1] != ":":
        return False
    if data[-1] not in ";}":
        return False
    return bool(_SERIALIZED.match(data))


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        items = {k: _listify(v) for k, v in value.items()}
        if list(items) == list(range(len(items))):
            return list(items.values())
        return items
    return value


def loads(value: str) -> Any:
    """Decode a serialized string; PHP arrays with keys 0..n-1 become lists, others dicts."""
    decoded = phpserialize.loads(
        value.encode("utf-8"), decode_strings=True, object_hook=phpserialize.phpobject
    )
    return _listify(decoded)


def loads_maybe(value: str) -> Any:
    """WordPress's maybe_unserialize(): decode when serialized, else give the string back."""
    if not isinstance(value, str) or not is_serialized(value):
        return value
    try:
        return loads(value)
    except (ValueError, EOFError, TypeError):
        return value


def dumps(value: Any) -> str:
    """Serialize as PHP does (string lengths in UTF-8 bytes)."""
    return phpserialize.dumps(value, charset="utf-8").decode("utf-8")
