"""force_balance_tags() / balanceTags(): close what is open, drop stray closers.

A stack-based repair, not an HTML parser: it lower-cases tag names, self-closes known void
elements (``<br>`` → ``<br />``), closes a non-nestable element reopened at the top of the
stack, and appends the missing closing tags at the end, exactly as WordPress 6.1 does.
"""

from __future__ import annotations

import re

SINGLE_TAGS = frozenset({
    "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input",
    "isindex", "link", "meta", "param", "source", "track", "wbr",
})  # fmt: skip
NESTABLE_TAGS = frozenset(
    {"article", "aside", "blockquote", "details", "div", "figure", "object", "q", "section", "span"}
)

_LT_DIGIT_RE = re.compile(r"<([0-9]{1})")
_TAG_RE = re.compile(
    r"<(/?)((?:[a-z](?:[a-z0-9._]*)-(?:[a-z0-9._-]+)+)|(?:[\w:]+))(?:\s*(/?)|(\s+)([^>]*))>",
    re.ASCII,
)
_TRIM = " \t\n\r\0\x0b"


def force_balance_tags(text: str) -> str:
    if "<" not in text:
        return text
    stack: list[str] = []
    tagqueue = ""
    out: list[str] = []
    # Protect a literal "< !--" and a "<3": neither is a tag.
    text = text.replace("< !--", "<    !--")
    text = _LT_DIGIT_RE.sub(r"&lt;\1", text)

    pos = 0
    while True:
        m = _TAG_RE.search(text, pos)
        if not m:
            break
        has_leading_slash = m.group(1) != ""
        tag = m.group(2).lower()
        is_single = tag in SINGLE_TAGS
        pre_ws = m.group(4) or ""
        attributes = (m.group(5) if m.group(5) is not None else (m.group(3) or "")).strip(_TRIM)
        has_self_closer = attributes.endswith("/")

        out.append(tagqueue)
        tagqueue = ""
        if has_leading_slash:
            if not stack:
                tag = ""
            elif stack[-1] == tag:
                tag = f"</{tag}>"
                stack.pop()
            else:
                # Closing tag not on top: close everything above it, then it.
                if tag in stack:
                    j = len(stack) - 1 - stack[::-1].index(tag)
                    while len(stack) > j:
                        tagqueue += f"</{stack.pop()}>"
                tag = ""
        else:
            if has_self_closer:
                if not is_single:
                    # A self-closed non-void element becomes an empty open+close pair.
                    attributes = attributes[:-1].strip(_TRIM) + f"></{tag}"
            elif is_single:
                # "<br>" becomes "<br />" but "<img src=x>" becomes "<img src=x/>" (no space).
                pre_ws = " "
                attributes += "/"
            else:
                if stack and tag not in NESTABLE_TAGS and stack[-1] == tag:
                    tagqueue = f"</{stack.pop()}>"
                stack.append(tag)
            if has_self_closer and is_single:
                pre_ws = " "
            tag = f"<{tag}{pre_ws}{attributes}>"
            if tagqueue:
                tagqueue += tag
                tag = ""
        out.append(text[pos : m.start()])
        out.append(tag)
        pos = m.end()

    out.append(tagqueue)
    out.append(text[pos:])
    while stack:
        x = stack.pop()
        if not x:
            break
        out.append(f"</{x}>")
    result = "".join(out)
    return result.replace("< !--", "<!--").replace("<    !--", "< !--")


def balance_tags(text: str, *, force: bool = False, use_balance_tags: bool = False) -> str:
    """balanceTags(): only balances when forced or when the ``use_balanceTags`` option is on.

    The option is off by default, which makes the ``pre_comment_content`` step a no-op.
    """
    return force_balance_tags(text) if force or use_balance_tags else text
