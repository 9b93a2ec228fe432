"""The post allow-list of WordPress 6.1 (``wp_kses_allowed_html('post')``), as data.

Every element also accepts the global attributes. Recorded from a WordPress 6.1 install; used
where WordPress checks a single attribute against the post list (shortcodes inside attribute
values, see :mod:`wpcompat.render.shortcodes`).
"""

from __future__ import annotations

import re

GLOBAL_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "aria-describedby",
        "aria-details",
        "aria-label",
        "aria-labelledby",
        "aria-hidden",
        "class",
        "data-*",
        "dir",
        "id",
        "lang",
        "style",
        "title",
        "role",
        "xml:lang",
    }
)

_ELEMENT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "address": (),
    "a": ("href", "rel", "rev", "name", "target", "download"),
    "abbr": (),
    "acronym": (),
    "area": ("alt", "coords", "href", "nohref", "shape", "target"),
    "article": ("align",),
    "aside": ("align",),
    "audio": ("autoplay", "controls", "loop", "muted", "preload", "src"),
    "b": (),
    "bdo": (),
    "big": (),
    "blockquote": ("cite",),
    "br": (),
    "button": ("disabled", "name", "type", "value"),
    "caption": ("align",),
    "cite": (),
    "code": (),
    "col": ("align", "char", "charoff", "span", "valign", "width"),
    "colgroup": ("align", "char", "charoff", "span", "valign", "width"),
    "del": ("datetime",),
    "dd": (),
    "dfn": (),
    "details": ("align", "open"),
    "div": ("align",),
    "dl": (),
    "dt": (),
    "em": (),
    "fieldset": (),
    "figure": ("align",),
    "figcaption": ("align",),
    "font": ("color", "face", "size"),
    "footer": ("align",),
    "h1": ("align",),
    "h2": ("align",),
    "h3": ("align",),
    "h4": ("align",),
    "h5": ("align",),
    "h6": ("align",),
    "header": ("align",),
    "hgroup": ("align",),
    "hr": ("align", "noshade", "size", "width"),
    "i": (),
    "img": (
        "alt",
        "align",
        "border",
        "height",
        "hspace",
        "loading",
        "longdesc",
        "vspace",
        "src",
        "usemap",
        "width",
    ),
    "ins": ("datetime", "cite"),
    "kbd": (),
    "label": ("for",),
    "legend": ("align",),
    "li": ("align", "value"),
    "main": ("align",),
    "map": ("name",),
    "mark": (),
    "menu": ("type",),
    "nav": ("align",),
    "object": ("data", "type"),
    "p": ("align",),
    "pre": ("width",),
    "q": ("cite",),
    "rb": (),
    "rp": (),
    "rt": (),
    "rtc": (),
    "ruby": (),
    "s": (),
    "samp": (),
    "span": ("align",),
    "section": ("align",),
    "small": (),
    "strike": (),
    "strong": (),
    "sub": (),
    "summary": ("align",),
    "sup": (),
    "table": ("align", "bgcolor", "border", "cellpadding", "cellspacing", "rules", "summary", "width"),
    "tbody": ("align", "char", "charoff", "valign"),
    "td": (
        "abbr",
        "align",
        "axis",
        "bgcolor",
        "char",
        "charoff",
        "colspan",
        "headers",
        "height",
        "nowrap",
        "rowspan",
        "scope",
        "valign",
        "width",
    ),
    "textarea": ("cols", "rows", "disabled", "name", "readonly"),
    "tfoot": ("align", "char", "charoff", "valign"),
    "th": (
        "abbr",
        "align",
        "axis",
        "bgcolor",
        "char",
        "charoff",
        "colspan",
        "headers",
        "height",
        "nowrap",
        "rowspan",
        "scope",
        "valign",
        "width",
    ),
    "thead": ("align", "char", "charoff", "valign"),
    "title": (),
    "tr": ("align", "bgcolor", "char", "charoff", "valign"),
    "track": ("default", "kind", "label", "src", "srclang"),
    "tt": (),
    "u": (),
    "ul": ("type",),
    "ol": ("start", "type", "reversed"),
    "var": (),
    "video": (
        "autoplay",
        "controls",
        "height",
        "loop",
        "muted",
        "playsinline",
        "poster",
        "preload",
        "src",
        "width",
    ),
}

POST_TAGS: dict[str, frozenset[str]] = {
    tag: GLOBAL_ATTRIBUTES | frozenset(extra) for tag, extra in _ELEMENT_ATTRIBUTES.items()
}

_DATA_ATTR_RE = re.compile(r"^data(?:-[a-z0-9_]+)+$")


def post_attribute_allowed(element: str, name: str) -> bool:
    """Whether wp_kses_attr_check() accepts attribute ``name`` on ``element`` (post list)."""
    allowed = POST_TAGS.get(element.lower())
    if allowed is None:
        return False
    low = name.lower()
    if low in allowed:
        return True
    return low.startswith("data-") and bool(_DATA_ATTR_RE.match(low))
