"""wp_json_encode's bytes (util/jsonenc.py): the fast escape of non-ASCII text in C gives
exactly what escaping each character (the codec handler, PHP's rule) gives."""

from __future__ import annotations

import json
import random

import orjson
import pytest

from wpcompat.util.jsonenc import encode_json


def _php(data: object) -> bytes:
    """The reference: json's own \\uXXXX escapes (surrogate pairs past the BMP), then `\\/`;
    DEL is written as it is (PHP escapes only the controls below 0x20)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("/", "\\/").replace("\\u007f", "\x7f").encode("ascii")


@pytest.mark.parametrize("text", [
    "Économie « Scop » l’égalité", "é\\xe9", "\\U0001f600 😀", "a\\\\x", "\x7f\x00\x1f\"", "𝔘 ß ﬁ \u2028",
    "\\", "x\\", "\\u00e9 é", "/é/",
])  # fmt: skip
def test_known_texts(text: str) -> None:
    data = {"t": text, "n": [1, text]}
    assert encode_json(data) == _php(data)


def test_random_texts_over_every_plane() -> None:
    rng = random.Random(12)
    pool = [chr(c) for c in (*range(0x20, 0x80), *range(0xA0, 0x3000, 7), *range(0x1F300, 0x1F700, 13))]
    pool += ["\\", "x", "U", "u", "/", '"', "\n"]
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        data = [text, {"k": text}]
        assert orjson.loads(encode_json(data)) == data
        assert encode_json(data) == _php(data), text
