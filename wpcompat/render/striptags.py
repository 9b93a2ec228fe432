"""PHP's strip_tags() and WordPress's wp_strip_all_tags().

strip_tags() is a small state machine in PHP, not a regex: a ``<`` followed by whitespace is
text, quotes inside a tag hide ``>``, and comments and ``<?…?>`` are removed whole. This port
follows those rules for the cases that occur in posts and comments.
"""

from __future__ import annotations

import re

_SCRIPT_STYLE_RE = re.compile(r"<(script|style)[^>]*?>.*?</\1>", re.I | re.S)
_BREAKS_RE = re.compile(r"[\r\n\t ]+")
_TRIM = " \t\n\r\0\x0b"


def strip_tags(text: str) -> str:
    if "<" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c != "<":
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1] if i + 1 < n else ""
        if nxt == "" or nxt in " \t\n\r\x0b\x0c":
            out.append(c)
            i += 1
            continue
        if text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            i = n if end < 0 else end + 3
            continue
        if nxt == "?":
            end = text.find("?>", i + 2)
            i = n if end < 0 else end + 2
            continue
        # Inside a tag: skip to the matching '>' (nested '<' and quoted '>' do not end it).
        depth = 1
        quote = ""
        i += 1
        while i < n and depth:
            ch = text[i]
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "<":
                depth += 1
            elif ch == ">":
                depth -= 1
            i += 1
    return "".join(out)


def wp_strip_all_tags(text: str, remove_breaks: bool = False) -> str:
    """Remove every tag, and the content of script/style elements; trims the result."""
    text = _SCRIPT_STYLE_RE.sub("", text)
    text = strip_tags(text)
    if remove_breaks:
        text = _BREAKS_RE.sub(" ", text)
    return text.strip(_TRIM)
