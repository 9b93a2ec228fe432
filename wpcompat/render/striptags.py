"""PHP's strip_tags() and WordPress's wp_strip_all_tags().

strip_tags() is a byte-level state machine in PHP (php_strip_tags_ex), not a regex, and its
quirks show in WordPress output: a ``<`` followed by whitespace is text, a ``<`` inside a tag
opens a nested level that a later ``>`` must close, ``<!--`` starts a comment ending only at
``-->``, ``<?`` starts a processing instruction, quotes hide ``>``. This is a port of that
machine for the no-allowed-tags case.
"""

from __future__ import annotations

import re

_SCRIPT_STYLE_RE = re.compile(r"<(script|style)[^>]*?>.*?</\1>", re.I | re.S)
_BREAKS_RE = re.compile(r"[\r\n\t ]+")
_TRIM = " \t\n\r\0\x0b"
_C_SPACE = " \t\n\v\f\r"
_DOCTYP = "doctyp"


# Characters each state reacts to; everything between them is skipped (or copied) at once.
_NEXT = (
    re.compile(r"[<>\0]"),  # 0: text
    re.compile(r"[<>\"'!?\0]"),  # 1: inside a tag
    re.compile(r"[()>\"'lL\0]"),  # 2: inside <? ... ?>
    re.compile(r"[>\"'\-eE\0]"),  # 3: inside <! ...
    re.compile(r">"),  # 4: inside <!-- ... -->
)


def strip_tags(text: str) -> str:
    if "<" not in text and ">" not in text and "\0" not in text:
        return text
    out: list[str] = []
    n = len(text)
    state = 0  # 0 text, 1 tag, 2 <? ... ?>, 3 <! ..., 4 <!-- comment
    depth = 0
    in_q = ""  # the quote character we are inside, if any
    lc = ""  # last significant character (PHP's "lc")
    br = 0  # parenthesis balance inside <? ... ?>
    is_xml = False
    i = 0
    while i < n:
        m = _NEXT[state].search(text, i)
        if m is None:
            if state == 0:
                out.append(text[i:])
            break
        j = m.start()
        if state == 0 and j > i:
            out.append(text[i:j])
        i = j
        c = text[i]
        prev = text[i - 1] if i > 0 else ""
        if c == "\0":
            pass
        elif state == 0:
            if c == "<":
                if not in_q:
                    nxt = text[i + 1] if i + 1 < n else "\0"
                    if nxt in _C_SPACE:
                        out.append(c)
                    else:
                        lc = "<"
                        state = 1
            elif depth:  # ">"
                depth -= 1
            elif not in_q:
                out.append(c)
        elif state == 1:
            if c == "<":
                if not in_q:
                    nxt = text[i + 1] if i + 1 < n else "\0"
                    if nxt not in _C_SPACE:
                        depth += 1
            elif c == ">":
                if depth:
                    depth -= 1
                elif not in_q:
                    lc = ">"
                    if not (is_xml and prev == "-"):
                        in_q, state, is_xml = "", 0, False
            elif c in "\"'":
                if i != 0 and (not in_q or c == in_q):
                    in_q = "" if in_q else c
            elif c == "!":
                if prev == "<":
                    state, lc = 3, c
            elif prev == "<":  # "?"
                br, state = 0, 2
        elif state == 2:
            if c == "(":
                if lc not in "\"'" or lc == "":
                    lc, br = "(", br + 1
            elif c == ")":
                if lc not in "\"'" or lc == "":
                    lc, br = ")", br - 1
            elif c == ">":
                if depth:
                    depth -= 1
                elif not in_q and not br and lc != '"' and prev == "?":
                    in_q, state = "", 0
            elif c in "\"'":
                if prev != "\\":
                    if lc == c:
                        lc = ""
                    elif lc != "\\":
                        lc = c
                    if i != 0 and (not in_q or c == in_q):
                        in_q = "" if in_q else c
            elif (
                i > 4
                and text[i - 1] in "mM"
                and text[i - 2] in "xX"
                and text[i - 3] == "?"
                and text[i - 4] == "<"
            ):
                state, is_xml = 1, True  # "<?xml" is markup, not PHP
        elif state == 3:
            if c == ">":
                if depth:
                    depth -= 1
                elif not in_q:
                    in_q, state = "", 0
            elif c in "\"'":
                if i != 0 and prev != "\\" and (not in_q or c == in_q):
                    in_q = "" if in_q else c
            elif c == "-":
                if i >= 2 and prev == "-" and text[i - 2] == "!":
                    state = 4
            elif i > 6 and text[i - 6 : i].lower() == _DOCTYP:  # "<!DOCTYPE" is a tag
                state = 1
        elif not in_q and i >= 2 and prev == "-" and text[i - 2] == "-":  # state 4, at ">"
            in_q, state = "", 0
        i += 1
    return "".join(out)


def wp_strip_all_tags(text: str, remove_breaks: bool = False) -> str:
    """Remove every tag, and the content of script/style elements; trims the result."""
    text = _SCRIPT_STYLE_RE.sub("", text)
    text = strip_tags(text)
    if remove_breaks:
        text = _BREAKS_RE.sub(" ", text)
    return text.strip(_TRIM)
