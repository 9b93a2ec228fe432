"""Query strings read the way PHP fills `$_GET`: `a[]=1&a[]=2`, `a[0]=x`, `a[k][j]=v`."""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)(.*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")

Params = dict[str, Any]
# PHP's max_input_nesting_level: a name nested deeper is dropped whole.
MAX_NESTING = 64


def _php_name(name: str) -> str:
    # PHP turns spaces and dots in top-level names into underscores.
    return name.replace(" ", "_").replace(".", "_")


def _is_index(key: str) -> bool:
    # ASCII digits only: str.isdigit() also takes "¹" or "٣", which int() refuses or PHP does
    # not read as a number.
    return key.isascii() and key.isdigit() and len(key) < 19


def _assign(target: dict[str, Any], parts: list[str], value: str) -> None:
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "":
            numeric = [int(k) for k in target if isinstance(k, str) and _is_index(k)]
            part = str(max(numeric) + 1 if numeric else 0)
        if last:
            target[part] = value
            return
        child = target.get(part)
        if not isinstance(child, dict):
            child = {}
            target[part] = child
        target = child


def _listify(value: Any) -> Any:
    """PHP arrays with keys 0..n-1 in order become lists, as json_decode would give them."""
    if isinstance(value, dict):
        items = {k: _listify(v) for k, v in value.items()}
        if items and all(_is_index(k) for k in items) and [int(k) for k in items] == list(range(len(items))):
            return list(items.values())
        return items
    return value


_HEX = frozenset(b"0123456789abcdefABCDEF")


def _urldecode(text: str) -> str:
    """urldecode(): `+` is a space, `%XX` a byte, the bytes read as UTF-8. In one pass over
    the bytes (urllib's unquote takes seconds on a body of 100,000 escapes)."""
    if "+" in text:
        text = text.replace("+", " ")
    if "%" not in text:
        return text
    pieces = text.encode("utf-8", "surrogatepass").split(b"%")
    out = bytearray(pieces[0])
    for piece in pieces[1:]:
        if len(piece) >= 2 and piece[0] in _HEX and piece[1] in _HEX:
            out.append(int(piece[:2], 16))
            out += piece[2:]
        else:
            out += b"%"
            out += piece
    return out.decode("utf-8", "replace")


def split_pairs(query: str) -> list[tuple[str, str]]:
    """The decoded (name, value) pairs of a query string, as parse_qsl(keep_blank_values=True)."""
    pairs: list[tuple[str, str]] = []
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((_urldecode(name), _urldecode(value)))
    return pairs


def parse_query(query: str) -> Params:
    """Parse a raw query string into PHP-style nested parameters (last value of a name wins)."""
    result: dict[str, Any] = {}
    for name, value in split_pairs(query):
        m = _KEY.match(name)
        if not m or not m.group(2):
            result[_php_name(name)] = value
            continue
        base = _php_name(m.group(1))
        parts = _PART.findall(m.group(2))
        if len(parts) >= MAX_NESTING:
            continue
        container = result.get(base)
        if not isinstance(container, dict):
            container = {}
            result[base] = container
        _assign(container, parts, value)
    return {k: _listify(v) for k, v in result.items()}


def build_query(params: Params) -> str:
    """http_build_query: nested arrays as `a%5B0%5D=1`, as WordPress writes pagination links."""
    from urllib.parse import quote

    pairs: list[str] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}[{k}]", v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(f"{prefix}[{i}]", v)
        else:
            if value is None:
                return
            if value is True:
                value = "1"
            elif value is False:
                value = "0"
            pairs.append(f"{quote(prefix, safe='')}={quote(str(value), safe='')}".replace("%20", "+"))

    for key, value in params.items():
        walk(key, value)
    return "&".join(pairs)
