"""safecss_filter_attr(): the inline-style filter kses applies to ``style`` attributes.

Declarations whose property is not on WordPress 6.1's list are dropped; url() values must use
an allowed scheme; gradients, var()/calc()/min()/max()/minmax()/clamp() are accepted; anything
left containing ``\\ ( & } =`` or a comment is dropped.
"""

from __future__ import annotations

import re

from .protocols import ALLOWED_PROTOCOLS, kses_bad_protocol, kses_no_null

SAFE_STYLE_CSS: frozenset[str] = frozenset(
    [
        "background",
        "background-color",
        "background-image",
        "background-position",
        "background-size",
        "background-attachment",
        "background-blend-mode",
        "border",
        "border-radius",
        "border-width",
        "border-color",
        "border-style",
        "border-right",
        "border-right-color",
        "border-right-style",
        "border-right-width",
        "border-bottom",
        "border-bottom-color",
        "border-bottom-left-radius",
        "border-bottom-right-radius",
        "border-bottom-style",
        "border-bottom-width",
        "border-left",
        "border-left-color",
        "border-left-style",
        "border-left-width",
        "border-top",
        "border-top-color",
        "border-top-left-radius",
        "border-top-right-radius",
        "border-top-style",
        "border-top-width",
        "border-spacing",
        "border-collapse",
        "caption-side",
        "columns",
        "column-count",
        "column-fill",
        "column-gap",
        "column-rule",
        "column-span",
        "column-width",
        "color",
        "filter",
        "font",
        "font-family",
        "font-size",
        "font-style",
        "font-variant",
        "font-weight",
        "letter-spacing",
        "line-height",
        "text-align",
        "text-decoration",
        "text-indent",
        "text-transform",
        "height",
        "min-height",
        "max-height",
        "width",
        "min-width",
        "max-width",
        "margin",
        "margin-right",
        "margin-bottom",
        "margin-left",
        "margin-top",
        "margin-block-start",
        "margin-block-end",
        "margin-inline-start",
        "margin-inline-end",
        "padding",
        "padding-right",
        "padding-bottom",
        "padding-left",
        "padding-top",
        "padding-block-start",
        "padding-block-end",
        "padding-inline-start",
        "padding-inline-end",
        "flex",
        "flex-basis",
        "flex-direction",
        "flex-flow",
        "flex-grow",
        "flex-shrink",
        "flex-wrap",
        "gap",
        "row-gap",
        "grid-template-columns",
        "grid-auto-columns",
        "grid-column-start",
        "grid-column-end",
        "grid-column-gap",
        "grid-template-rows",
        "grid-auto-rows",
        "grid-row-start",
        "grid-row-end",
        "grid-row-gap",
        "grid-gap",
        "justify-content",
        "justify-items",
        "justify-self",
        "align-content",
        "align-items",
        "align-self",
        "clear",
        "cursor",
        "direction",
        "float",
        "list-style-type",
        "object-fit",
        "object-position",
        "overflow",
        "vertical-align",
    ]
)
_URL_TYPES = frozenset({"background", "background-image", "cursor", "list-style", "list-style-image"})
_GRADIENT_TYPES = frozenset({"background", "background-image"})
_CUSTOM_VAR_RE = re.compile(r"^--[a-zA-Z0-9-_]+$")
_URL_RE = re.compile(r"url\([^)]+\)")
_URL_PIECES_RE = re.compile(r"^url\(\s*(['\"]?)(.*)(\1)\s*\)$", re.S)
_GRADIENT_RE = re.compile(r"^(repeating-)?(linear|radial|conic)-gradient\(([^()]|rgb[a]?\([^()]*\))*\)$")
_FUNC_START_RE = re.compile(r"\b(?:var|calc|min|max|minmax|clamp)\(", re.ASCII)
_UNSAFE_RE = re.compile(r"[\\(&=}]|/\*")
_CONTROL_WS = str.maketrans("", "", "\n\r\t")
_ALLOWED = frozenset(ALLOWED_PROTOCOLS)


def _strip_css_functions(text: str) -> str:
    """Remove var()/calc()/… calls with balanced parentheses (PCRE's recursive ``(?1)``)."""
    out: list[str] = []
    pos = 0
    while True:
        m = _FUNC_START_RE.search(text, pos)
        if not m:
            break
        depth, i = 0, m.end() - 1
        while i < len(text):
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        if depth != 0:
            # Unbalanced: PCRE finds no match here; keep looking after this name.
            out.append(text[pos : m.end()])
            pos = m.end()
            continue
        out.append(text[pos : m.start()])
        pos = i + 1
    out.append(text[pos:])
    return "".join(out)


def safecss_filter_attr(css: str) -> str:
    css = kses_no_null(css).translate(_CONTROL_WS)
    out = ""
    for item in css.strip(" \t\n\r\0\x0b").split(";"):
        if item == "":
            continue
        item = item.strip(" \t\n\r\0\x0b")
        test = item
        found = url_attr = gradient_attr = False
        value = ""
        if ":" not in item:
            found = True
        else:
            selector, value = item.split(":", 1)
            selector = selector.strip(" \t\n\r\0\x0b")
            custom = bool(_CUSTOM_VAR_RE.match(selector))
            if custom or selector in SAFE_STYLE_CSS:
                found = True
                url_attr = selector in _URL_TYPES
                gradient_attr = selector in _GRADIENT_TYPES
            if custom:
                stripped = value.strip(" \t\n\r\0\x0b")
                url_attr = stripped.startswith("url(")
                gradient_attr = "-gradient(" in stripped
        if found and url_attr:
            for url_match in _URL_RE.findall(value):
                pieces = _URL_PIECES_RE.match(url_match)
                url = pieces.group(2).strip(" \t\n\r\0\x0b") if pieces and pieces.group(2) else ""
                if not url or kses_bad_protocol(url, _ALLOWED) != url:
                    found = False
                    break
                test = test.replace(url_match, "")
        if found and gradient_attr:
            stripped = value.strip(" \t\n\r\0\x0b")
            if _GRADIENT_RE.match(stripped):
                test = test.replace(stripped, "")
        if found and not _UNSAFE_RE.search(_strip_css_functions(test)):
            # A blank item adds nothing to an empty result but a ";" after a declaration.
            if out != "":
                out += ";"
            out += item
    return out
