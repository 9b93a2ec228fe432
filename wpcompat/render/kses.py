"""wp_kses() with WordPress's comment allow-list, plus wp_rel_ugc().

Why a port and not nh3 alone: the stored comment must be byte-identical to WordPress's, and
kses is a *lexical* filter, not an HTML parser. It keeps the author's attribute quoting
(``href='x'`` stays single-quoted), keeps the text of removed elements (``<script>alert(1)
</script>`` → ``alert(1)``), removes schemes it does not know from URL attributes
(``javascript:alert(1)`` → ``alert(1)``), turns a stray ``>`` into ``&gt;``, normalises
entities, and never re-serialises or balances the markup. nh3 (html5ever) re-serialises and
balances, so it cannot reproduce those bytes; the test-suite uses it as an independent check
that what this module lets through is safe.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from .entities import normalize_entities
from .escape import esc_attr, esc_html
from .protocols import ALLOWED_PROTOCOLS, kses_bad_protocol, kses_no_null

AllowedHtml = Mapping[str, Mapping[str, object]]

# $allowedtags: what users without unfiltered_html may use in comments (unchanged 6.1 → 7.x).
ALLOWED_TAGS: AllowedHtml = {
    "a": {"href": True, "title": True},
    "abbr": {"title": True},
    "acronym": {"title": True},
    "b": {},
    "blockquote": {"cite": True},
    "cite": {},
    "code": {},
    "del": {"datetime": True},
    "em": {},
    "i": {},
    "q": {"cite": True},
    "s": {},
    "strike": {},
    "strong": {},
}

# wp_kses_uri_attributes(): values checked with wp_kses_bad_protocol().
URI_ATTRIBUTES = frozenset({
    "action", "archive", "background", "cite", "classid", "codebase", "data", "formaction", "href",
    "icon", "longdesc", "manifest", "poster", "profile", "src", "usemap", "xmlns",
})  # fmt: skip

_ALLOWED_PROTOCOLS = frozenset(ALLOWED_PROTOCOLS)

_LESS_THAN_RE = re.compile(r"<[^>]*?((?=<)|>|$)")
_SPLIT_RE = re.compile(r"(<!--.*?(-->|$))|(<[^>]*(>|$)|>)")
_ELEMENT_RE = re.compile(r"^<\s*(/\s*)?([a-zA-Z0-9-]+)([^>]*)>?$", re.ASCII)
_XHTML_SLASH_RE = re.compile(r"\s*/\s*$", re.ASCII)
_DASHES_RE = re.compile(r"--+")
_TRAILING_DASH_RE = re.compile(r"-$")
_ANGLES_RE = re.compile(r"[<>]")

_ATTR_NAME_RE = re.compile(r"^([_a-zA-Z][-_a-zA-Z0-9:.]*)")
_EQUALS_RE = re.compile(r"^\s*=\s*", re.ASCII)
_LEADING_WS_RE = re.compile(r"^\s+", re.ASCII)
_DQ_MATCH_RE = re.compile(r'^"([^"]*)"(\s+|/?$)', re.ASCII)
_DQ_CUT_RE = re.compile(r'^"[^"]*"(\s+|$)', re.ASCII)
_SQ_MATCH_RE = re.compile(r"^'([^']*)'(\s+|/?$)", re.ASCII)
_SQ_CUT_RE = re.compile(r"^'[^']*'(\s+|$)", re.ASCII)
_UQ_MATCH_RE = re.compile(r"^([^\s\"']+)(\s+|/?$)", re.ASCII)
_UQ_CUT_RE = re.compile(r"^[^\s\"']+(\s+|$)", re.ASCII)
_HTML_ERROR_RE = re.compile(r"^(\"[^\"]*(\"|$)|'[^']*('|$)|\S)*\s*", re.ASCII)


def pre_kses_less_than(text: str) -> str:
    """wp_pre_kses_less_than(): a ``<`` that never closes is escaped instead of being a tag."""
    if "<" not in text:
        return text
    return _LESS_THAN_RE.sub(lambda m: m.group(0) if ">" in m.group(0) else esc_html(m.group(0)), text)


class Attr:
    __slots__ = ("name", "value", "vless", "whole")

    def __init__(self, name: str, value: str, whole: str, vless: bool) -> None:
        self.name, self.value, self.whole, self.vless = name, value, whole, vless


def kses_hair(attr: str, allowed_protocols: frozenset[str] = _ALLOWED_PROTOCOLS) -> dict[str, Attr]:
    """wp_kses_hair(): split an attribute list; first occurrence of a name wins, case-sensitively."""
    attrs: dict[str, Attr] = {}
    mode = 0
    name = ""

    def value_of(raw: str) -> str:
        return kses_bad_protocol(raw, allowed_protocols) if name.lower() in URI_ATTRIBUTES else raw

    while attr:
        working = False
        if mode == 0:
            m = _ATTR_NAME_RE.match(attr)
            if m:
                name = m.group(1)
                working, mode = True, 1
                attr = attr[m.end() :]
        elif mode == 1:
            m = _EQUALS_RE.match(attr)
            if m:
                working, mode = True, 2
                attr = attr[m.end() :]
            else:
                m = _LEADING_WS_RE.match(attr)
                if m:
                    working, mode = True, 0
                    if name not in attrs:
                        attrs[name] = Attr(name, "", name, True)
                    attr = attr[m.end() :]
        else:
            for match_re, cut_re, quote in ((_DQ_MATCH_RE, _DQ_CUT_RE, '"'), (_SQ_MATCH_RE, _SQ_CUT_RE, "'")):
                m = match_re.match(attr)
                if m:
                    value = value_of(m.group(1))
                    if name not in attrs:
                        attrs[name] = Attr(name, value, f"{name}={quote}{value}{quote}", False)
                    working, mode = True, 0
                    attr = cut_re.sub("", attr, count=1)
                    break
            else:
                m = _UQ_MATCH_RE.match(attr)
                if m:
                    value = value_of(m.group(1))
                    if name not in attrs:
                        # Unquoted values are quoted on output, as WordPress does.
                        attrs[name] = Attr(name, value, f'{name}="{value}"', False)
                    working, mode = True, 0
                    attr = _UQ_CUT_RE.sub("", attr, count=1)
        if not working:
            # Not well-formed: drop up to the next whitespace (respecting quotes) and restart.
            attr = _HTML_ERROR_RE.sub("", attr, count=1)
            mode = 0
    if mode == 1 and name not in attrs:
        attrs[name] = Attr(name, "", name, True)
    return attrs


_DATA_ATTR_RE = re.compile(r"^data(?:-[a-z0-9_]+)+$")
_SMALL_INT_RE = re.compile(r"^\s{0,6}[0-9]{1,6}\s{0,6}$", re.ASCII)
_UPLOAD_PREFIXES: list[str] = []


def set_upload_base(site_url: str | None) -> None:
    """The site's host (and port), for the post list's "PDF objects from our uploads" rule."""
    _UPLOAD_PREFIXES.clear()
    if site_url:
        split = urlsplit(site_url)
        host = (split.hostname or "") + (f":{split.port}" if split.port else "")
        _UPLOAD_PREFIXES.extend((f"http://{host}/", f"https://{host}/"))


def _allow_pdf_object(url: str) -> bool:
    """_wp_kses_allow_pdf_objects(): a .pdf of this site, without query or fragment."""
    if "?" in url or "#" in url or not url.lower().endswith(".pdf"):
        return False
    return any(url.startswith(prefix) for prefix in _UPLOAD_PREFIXES)


_VALUE_CALLBACKS = {"_wp_kses_allow_pdf_objects": _allow_pdf_object}


def _check_attr_val(value: str, vless: bool, check: str, expected: object) -> bool:
    """wp_kses_check_attr_val() for the checks WordPress's own lists use."""
    check = check.lower()
    if check == "valueless":
        return str(expected).lower() == ("y" if vless else "n")
    if check == "values":
        return value.lower() in (expected or ())  # type: ignore[operator]
    if check == "value_callback":
        callback = _VALUE_CALLBACKS.get(str(expected))
        return bool(callback and callback(value))
    if check in ("maxlen", "minlen"):
        size = len(value.encode("utf-8"))
        return size <= int(expected) if check == "maxlen" else size >= int(expected)  # type: ignore[call-overload]
    if check in ("maxval", "minval"):
        if not _SMALL_INT_RE.match(value):
            return False
        number = int(value.strip())
        return number <= int(expected) if check == "maxval" else number >= int(expected)  # type: ignore[call-overload]
    return True  # "required" and unknown keys do not reject by themselves


def _attr_check(a: Attr, allowed_attrs: Mapping[str, object]) -> str | None:
    """wp_kses_attr_check(): the attribute's text to keep, or None."""
    name_low = a.name.lower()
    checks = allowed_attrs.get(name_low)
    if checks is None or checks == "" or checks is False:
        wildcard = allowed_attrs.get("data-*")
        if name_low.startswith("data-") and wildcard and _DATA_ATTR_RE.match(name_low):
            checks = wildcard
        else:
            return None
    whole, value = a.whole, a.value
    if name_low == "style":
        from .css import safecss_filter_attr

        new_value = safecss_filter_attr(value)
        if new_value in ("", "0"):  # PHP's empty()
            return None
        whole = whole.replace(value, new_value)
        value = new_value
    if isinstance(checks, Mapping):
        for key, expected in checks.items():
            if not _check_attr_val(value, a.vless, key, expected):
                return None
    return whole


def _kses_attr(element: str, attrlist: str, allowed: AllowedHtml, protocols: frozenset[str]) -> str:
    xhtml_slash = " /" if _XHTML_SLASH_RE.search(attrlist) else ""
    allowed_attrs = allowed.get(element.lower())
    if not allowed_attrs or allowed_attrs is True:
        return f"<{element}{xhtml_slash}>"
    required = {
        name for name, checks in allowed_attrs.items() if isinstance(checks, Mapping) and checks.get("required") is True
    }
    # A required attribute that is missing or refused leaves the bare opening tag.
    stripped_tag = "" if xhtml_slash else f"<{element}>"
    kept: list[str] = []
    for a in kses_hair(attrlist, protocols).values():
        name_low = a.name.lower()
        whole = _attr_check(a, allowed_attrs)
        if whole is not None:
            kept.append(" " + whole)
            required.discard(name_low)
        elif name_low in required:
            return stripped_tag
    if required:
        return stripped_tag
    attr2 = _ANGLES_RE.sub("", "".join(kept))
    return f"<{element}{attr2}{xhtml_slash}>"


def _split2(chunk: str, allowed: AllowedHtml, protocols: frozenset[str]) -> str:
    chunk = chunk.replace('\\"', '"')  # wp_kses_stripslashes()
    if not chunk.startswith("<"):
        return "&gt;"
    if chunk.startswith("<!--"):
        inner = chunk.replace("<!--", "").replace("-->", "")
        while True:
            filtered = wp_kses(inner, allowed, protocols)
            if filtered == inner:
                break
            inner = filtered
        if inner == "":
            return ""
        inner = _DASHES_RE.sub("-", inner)
        inner = _TRAILING_DASH_RE.sub("", inner)
        return f"<!--{inner}-->"
    m = _ELEMENT_RE.match(chunk)
    if not m:
        return ""
    slash = (m.group(1) or "").strip(" \t\n\r\0\x0b")
    elem = m.group(2)
    if elem.lower() not in allowed:
        return ""
    if slash:
        return f"</{elem}>"
    return _kses_attr(elem, m.group(3), allowed, protocols)


def wp_kses(
    text: str, allowed: AllowedHtml = ALLOWED_TAGS, protocols: frozenset[str] = _ALLOWED_PROTOCOLS
) -> str:
    """Filter ``text`` to the ``allowed`` elements/attributes (default: the comment allow-list)."""
    text = kses_no_null(text, keep_slash_zero=True)
    text = normalize_entities(text)
    text = pre_kses_less_than(text)
    if "<" not in text and ">" not in text:
        return text
    return _SPLIT_RE.sub(lambda m: _split2(m.group(0), allowed, protocols), text)


def wp_filter_kses(text: str) -> str:
    """The comment filter for users without unfiltered_html."""
    return wp_kses(text, ALLOWED_TAGS)


def wp_kses_data(text: str) -> str:
    return wp_kses(text, ALLOWED_TAGS)


def _post_allowed() -> dict[str, dict[str, object]]:
    from .kses_post_tags import POST_TAGS

    table: dict[str, dict[str, object]] = {tag: dict.fromkeys(attrs, True) for tag, attrs in POST_TAGS.items()}
    table["a"]["download"] = {"valueless": "y"}
    table["object"]["data"] = {"required": True, "value_callback": "_wp_kses_allow_pdf_objects"}
    table["object"]["type"] = {"required": True, "values": ["application/pdf"]}
    return table


ALLOWED_POST_TAGS: AllowedHtml = _post_allowed()


def wp_kses_post(text: str) -> str:
    """kses with the post allow-list (authors' and contributors' posts, caption attributes).

    WordPress also re-serialises block comments' attributes through kses (filter_block_content);
    block comments are kept as written here.
    """
    return wp_kses(text, ALLOWED_POST_TAGS)


_A_TAG_RE = re.compile(r"<a (.+?)>", re.I)


def _rel_callback(m: re.Match[str], rel: str, home_host: str) -> str:
    text = m.group(1)
    atts = kses_hair(text, _ALLOWED_PROTOCOLS)
    href = atts.get("href")
    if href is not None and href.value and home_host:
        try:
            split = urlsplit(href.value)
            if split.scheme.lower() in ("http", "https") and (split.hostname or "").lower() == home_host:
                return f"<a {text}>"
        except ValueError:
            pass
    rel_att = atts.get("rel")
    if rel_att is not None:  # even a valueless rel is merged (giving rel=" nofollow ugc")
        parts = [p.strip(" \t\n\r\0\x0b") for p in rel_att.value.split(" ")]
        for p in rel.split(" "):
            if p not in parts:
                parts.append(p)
        seen: list[str] = []
        for p in parts:
            if p not in seen:
                seen.append(p)
        rel = " ".join(seen)
        del atts["rel"]
        html = ""
        for name, a in atts.items():
            html += f"{name} " if a.vless else f'{name}="{esc_attr(a.value)}" '
        text = html.strip(" \t\n\r\0\x0b")
    return f'<a {text} rel="{esc_attr(rel)}">'


def wp_rel_ugc(text: str, home_url: str | None = None) -> str:
    """Add ``rel="nofollow ugc"`` to every link (merged into an existing rel), except internal ones.

    ``home_url`` enables WordPress's exemption of links to the site's own host.
    """
    if "<a " not in text and "<A " not in text:
        return text
    home_host = (urlsplit(home_url).hostname or "").lower() if home_url else ""
    return _A_TAG_RE.sub(lambda m: _rel_callback(m, "nofollow ugc", home_host), text)


# --- Attribute parsing used by the shortcode engine ---------------------------------------

_HAIR_PARSE_UNIT = (
    r"(?:[_a-zA-Z][-_a-zA-Z0-9:.]*|\[\[?[^\[\]]+\]\]?)"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"']+(?:\s|$))|(?:\s|$))\s*"
)
_HAIR_PARSE_VALID_RE = re.compile(r"^(" + _HAIR_PARSE_UNIT + r")+$", re.ASCII)
_HAIR_PARSE_EXTRACT_RE = re.compile(_HAIR_PARSE_UNIT, re.ASCII)
_ATTR_PARSE_RE = re.compile(r"^(<\s*)(/\s*)?([a-zA-Z0-9]+\s*)([^>]*)(>?)$", re.ASCII)
_XHTML_SLASH_TAIL_RE = re.compile(r"\s*/\s*$", re.ASCII)


def kses_hair_parse(attr: str) -> list[str] | None:
    """wp_kses_hair_parse(): the attribute list cut into its raw pieces, or None if malformed."""
    if attr == "":
        return []
    if not _HAIR_PARSE_VALID_RE.match(attr):
        return None
    return _HAIR_PARSE_EXTRACT_RE.findall(attr)


def kses_attr_parse(element: str) -> list[str] | None:
    """wp_kses_attr_parse(): [front, attr pieces..., back] of an opening tag, or None."""
    m = _ATTR_PARSE_RE.match(element)
    if not m:
        return None
    begin, slash, elname, attr, end = m.group(1), m.group(2) or "", m.group(3), m.group(4), m.group(5)
    if slash:
        return None  # closing elements are not parsed
    tail = _XHTML_SLASH_TAIL_RE.search(attr)
    xhtml_slash = tail.group(0) if tail else ""
    if xhtml_slash:
        attr = attr[: -len(xhtml_slash)]
    pieces = kses_hair_parse(attr)
    if pieces is None:
        return None
    return [begin + slash + elname, *pieces, xhtml_slash + end]


_LEAD_WS_RE = re.compile(r"^\s*", re.ASCII)
_TRAIL_WS_RE = re.compile(r"\s*$", re.ASCII)
_EQ_SPLIT_RE = re.compile(r"\s*=\s*", re.ASCII)


def kses_one_attr(text: str, element: str) -> str:
    """wp_kses_one_attr(): one ``name=value`` checked against the post allow-list.

    Differs from WordPress only for ``style``, which WordPress would pass through its CSS
    filter (safecss_filter_attr); it is refused here.
    """
    from .kses_post_tags import post_attribute_allowed

    text = kses_no_null(text, keep_slash_zero=True)
    lead = _LEAD_WS_RE.match(text).group(0)  # type: ignore[union-attr]
    trail = _TRAIL_WS_RE.search(text).group(0)  # type: ignore[union-attr]
    text = text[len(lead) : len(text) - len(trail)] if trail else text[len(lead) :]
    split = _EQ_SPLIT_RE.split(text, maxsplit=1)
    name = split[0]
    if len(split) == 2:
        value = split[1]
        quote = value[0] if value else ""
        if quote in ('"', "'"):
            if not value.endswith(quote) or len(value) < 2:
                return ""
            value = value[1:-1]
        else:
            quote = '"'
        value = esc_attr(value)
        if name.lower() in URI_ATTRIBUTES:
            value = kses_bad_protocol(value, _ALLOWED_PROTOCOLS)
        text = f"{name}={quote}{value}{quote}"
    if name.lower() == "style" or not post_attribute_allowed(element, name):
        text = ""
    return lead + text + trail
