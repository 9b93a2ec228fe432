"""`_fields`: which fields a client asked for, and trimming a response to them."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from typing import Any

_SPLIT = re.compile(r"[\s,]+")


def parse_fields(raw: Any) -> list[str]:
    if isinstance(raw, list):
        items = [str(v) for v in raw]
    elif isinstance(raw, dict):
        items = [str(v) for v in raw.values()]
    else:
        items = [v for v in _SPLIT.split(str(raw)) if v]
    # `id` is always kept, as WordPress does for items that have one.
    return items


def field_included(name: str, fields: list[str]) -> bool:
    """True when `name` or one of its parents or children is requested."""
    for wanted in fields:
        if wanted == name:
            return True
        if wanted.startswith(name + "."):
            return True
        if name.startswith(wanted + "."):
            return True
    return False


def filter_fields(data: Any, fields: list[str]) -> Any:
    """rest_filter_response_fields: keep only the requested (dotted) paths of each item.

    What is left is a PHP array: when nothing of an object is asked for, it is an empty PHP
    array, which WordPress's JSON writes as ``[]`` (not ``{}``), at any depth.
    """
    if isinstance(data, list):
        return [filter_fields(item, fields) for item in data]
    if not isinstance(data, dict):
        return data
    tree: dict[str, Any] = {}
    for path in fields:
        node = tree
        parts = path.split(".")
        for i, part in enumerate(parts):
            if node is True:
                break
            if i == len(parts) - 1:
                node[part] = True
            else:
                node = node.setdefault(part, {})
    return _pick(data, tree) or []


def _pick(data: dict[str, Any], tree: dict[str, Any]) -> dict[str, Any] | list[Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in tree:
            continue
        sub = tree[key]
        if sub is True or not isinstance(value, dict):
            out[key] = value
        else:
            out[key] = _pick(value, sub) or []
    return out


def field_contexts(
    cache: dict[Any, Any], key: Hashable, item_schema: Callable[[], Mapping[str, Any]]
) -> dict[str, list[str]]:
    """Each item field's `context` list from the item schema, memoised in the request's cache
    under `key` (a prepare callback reads it for every item)."""
    if key not in cache:
        properties = item_schema()["properties"]
        cache[key] = {name: list(p.get("context") or []) for name, p in properties.items()}
    contexts: dict[str, list[str]] = cache[key]
    return contexts
