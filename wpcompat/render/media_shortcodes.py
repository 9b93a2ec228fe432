"""Content that needs the media library: ``[gallery]`` and ``srcset``/``sizes`` on content images.

The text filters are pure; these two need attachments (rows, metadata, links). The caller
(which has the database) loads what a text refers to into a :class:`MediaLibrary` and renders
with :func:`rendering_with`; the shortcode handler and the content-tags filter find it through
a context variable, because WordPress's handler signature (atts, content, tag) has no room for
it. Without a library, ``[gallery]`` renders ``""`` and images keep their tags, as before.

Per-request state lives in :class:`MediaState`: WordPress numbers galleries with a static
counter (``gallery-1``, ``gallery-2`` …) that runs across every post rendered in one request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol

from ._php import PHP_TRIM
from .escape import esc_attr, sanitize_html_class
from .texturize import wptexturize


class Attachment(Protocol):
    """One attachment as the media shortcodes see it (built by the caller from row + meta)."""

    id: int
    post_excerpt: str
    mime_type: str
    status: str
    menu_order: int
    date: str  # post_date, for orderby=date
    title: str
    width: int | None  # from _wp_attachment_metadata (None when absent)
    height: int | None

    def image(self, size: str, extra: dict[str, str]) -> str:
        """wp_get_attachment_image( id, size, false, extra )."""

    def link(self, size: str, *, permalink: bool, extra: dict[str, str]) -> str:
        """wp_get_attachment_link( id, size, permalink, false, false, extra )."""

    def srcset(self, src: str, width: int, height: int) -> str:
        """wp_calculate_image_srcset() for this attachment's metadata ("" when none)."""

    def dimensions_of(self, src: str) -> tuple[int, int] | None:
        """wp_image_src_get_dimensions(): the stored size whose file `src` names."""


class MediaLibrary(Protocol):
    def attachment(self, attachment_id: int) -> Attachment | None: ...

    def children(self, post_id: int) -> list[Attachment]:
        """The attachments whose parent is `post_id` (any MIME type, any order)."""


@dataclass
class MediaState:
    """Per-request counters (one per HTTP request, shared by every post it renders)."""

    gallery_instance: int = 0


@dataclass
class MediaContext:
    library: MediaLibrary
    post_id: int
    state: MediaState = field(default_factory=MediaState)


_current: ContextVar[MediaContext | None] = ContextVar("wpcompat_render_media", default=None)


@contextmanager
def rendering_with(context: MediaContext) -> Iterator[None]:
    token = _current.set(context)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> MediaContext | None:
    return _current.get()


# ---------------------------------------------------------------- [gallery]

_ID_LIST_SPLIT_RE = re.compile(r"[\s,]+")
_INT_PREFIX_RE = re.compile(r"^[ \t\n\r\v\f]*([+-]?[0-9]+)")
# wp_kses_allowed_html('post') tags a gallery may use for its items (tag_escape'd names).
_TAG_ESCAPE_RE = re.compile(r"[^a-zA-Z0-9_:]")


def _intval(value: str) -> int:
    m = _INT_PREFIX_RE.match(value)
    return int(m.group(1)) if m else 0


def _id_list(value: str) -> list[int]:
    """wp_parse_id_list(): absint of each item, duplicates dropped, order kept."""
    out: list[int] = []
    for part in _ID_LIST_SPLIT_RE.split(value):
        if part == "":
            continue
        n = abs(_intval(part))
        if n not in out:
            out.append(n)
    return out


def _sorted(items: list[Attachment], orderby: str, order: str, post_in: list[int]) -> list[Attachment]:
    """WP_Query's orderby for the gallery's query (the usual keys; unknown ones fall back to date)."""
    desc = order.upper() != "ASC"
    keys = [k for k in re.split(r"[\s,]+", orderby.strip()) if k]
    if "post__in" in keys and post_in:
        position = {aid: i for i, aid in enumerate(post_in)}
        return sorted(items, key=lambda a: position.get(a.id, len(position)))
    if orderby.strip().lower() in ("none", "rand"):
        return items

    def key_of(name: str, a: Attachment) -> object:
        name = name.lower()
        if name in ("menu_order",):
            return a.menu_order
        if name in ("id",):
            return a.id
        if name in ("title", "post_title"):
            return a.title.lower()
        return a.date

    result = list(items)
    # The last key is the least significant: sort by it first (Python's sort is stable).
    for name in reversed(keys or ["date"]):
        result.sort(key=lambda a, n=name: key_of(n, a), reverse=desc)  # type: ignore[misc]
    return result


def gallery_shortcode(attr, content: str, tag: str) -> str:  # type: ignore[no-untyped-def]
    """gallery_shortcode() in its HTML5 form (block themes declare html5 gallery support)."""
    context = _current.get()
    if context is None:
        return ""
    context.state.gallery_instance += 1
    instance = context.state.gallery_instance
    given: dict[str | int, str] = dict(attr) if isinstance(attr, dict) else {}
    if given.get("ids"):
        # 'ids' is 'include' ordered as written, unless an orderby is given.
        if not given.get("orderby"):
            given["orderby"] = "post__in"
        given["include"] = given["ids"]
    atts = {
        "order": "ASC", "orderby": "menu_order ID", "id": str(context.post_id), "itemtag": "figure",
        "icontag": "div", "captiontag": "figcaption", "columns": "3", "size": "thumbnail",
        "include": "", "exclude": "", "link": "",
    }
    for key in atts:
        if key in given:
            atts[key] = given[key]
    post_id = _intval(atts["id"])
    if atts["order"] == "RAND":
        atts["orderby"] = "none"
    library = context.library
    wanted: list[Attachment]
    include = _id_list(atts["include"]) if atts["include"] else []
    if include:
        found = [library.attachment(i) for i in include]
        wanted = [a for a in found if a is not None and a.status == "inherit"]
    else:
        exclude = set(_id_list(atts["exclude"])) if atts["exclude"] else set()
        wanted = [a for a in library.children(post_id) if a.id not in exclude and a.status == "inherit"]
    # post_mime_type=image: only images are shown.
    wanted = [a for a in wanted if a.mime_type.startswith("image/")]
    wanted = _sorted(wanted, atts["orderby"], atts["order"], include)
    if not wanted:
        return ""
    itemtag = _TAG_ESCAPE_RE.sub("", atts["itemtag"].lower())
    captiontag = _TAG_ESCAPE_RE.sub("", atts["captiontag"].lower())
    icontag = _TAG_ESCAPE_RE.sub("", atts["icontag"].lower())
    from .kses_post_tags import POST_TAGS

    if itemtag not in POST_TAGS:
        itemtag = "dl"
    if captiontag not in POST_TAGS:
        captiontag = "dd"
    if icontag not in POST_TAGS:
        icontag = "dt"
    columns = _intval(atts["columns"])
    selector = f"gallery-{instance}"
    size = atts["size"]
    size_class = sanitize_html_class(size)
    out = [f"<div id='{selector}' class='gallery galleryid-{post_id} gallery-columns-{columns} gallery-size-{size_class}'>"]
    for item in wanted:
        has_caption = bool(item.post_excerpt.strip(PHP_TRIM))
        extra = {"aria-describedby": f"{selector}-{item.id}"} if has_caption else {}
        if atts["link"] == "file":
            image_output = item.link(size, permalink=False, extra=extra)
        elif atts["link"] == "none":
            image_output = item.image(size, extra)
        else:
            image_output = item.link(size, permalink=True, extra=extra)
        orientation = ""
        if item.width is not None and item.height is not None:
            orientation = "portrait" if item.height > item.width else "landscape"
        out.append(f"<{itemtag} class='gallery-item'>")
        out.append(f"\n\t\t\t<{icontag} class='gallery-icon {orientation}'>\n\t\t\t\t{image_output}\n\t\t\t</{icontag}>")
        if captiontag and has_caption:
            out.append(
                f"\n\t\t\t\t<{captiontag} class='wp-caption-text gallery-caption' id='{selector}-{item.id}'>"
                f"\n\t\t\t\t{wptexturize(item.post_excerpt)}\n\t\t\t\t</{captiontag}>"
            )
        out.append(f"</{itemtag}>")
    out.append("\n\t\t</div>\n")
    return "".join(out)


# ---------------------------------------------------------------- srcset / sizes on content images

_WP_IMAGE_RE = re.compile(r"wp-image-([0-9]+)", re.I)
_SRC_RE = re.compile(r' src="([^"]+)"')
_WIDTH_RE = re.compile(r' width="([0-9]+)"')
_HEIGHT_RE = re.compile(r' height="([0-9]+)"')
_IMG_CLOSE_RE = re.compile(r"<img ([^>]+?)[/ ]*>")


def content_image_attachment(tag: str) -> int:
    """The attachment id of a content ``<img>`` (its ``wp-image-N`` class), 0 for none."""
    m = _WP_IMAGE_RE.search(tag)
    return int(m.group(1)) if m else 0


def add_srcset_and_sizes(tag: str, attachment: Attachment) -> str:
    """wp_image_add_srcset_and_sizes(): responsive attributes from the attachment's sizes."""
    if " srcset=" in tag or " sizes=" in tag:
        return tag
    m = _SRC_RE.search(tag)
    if not m:
        return tag
    src = m.group(1).split("?", 1)[0]
    wm, hm = _WIDTH_RE.search(tag), _HEIGHT_RE.search(tag)
    width, height = (int(wm.group(1)) if wm else 0), (int(hm.group(1)) if hm else 0)
    if not width or not height:
        found = attachment.dimensions_of(src)
        if not found:
            return tag
        width, height = found
    srcset = attachment.srcset(src, width, height)
    if not srcset:
        return tag
    attrs = f' srcset="{esc_attr(srcset)}" sizes="{esc_attr(f"(max-width: {width}px) 100vw, {width}px")}"'
    return _IMG_CLOSE_RE.sub(lambda mm: f"<img {mm.group(1)}{attrs} />", tag, count=0)


def responsive_image(tag: str) -> str:
    """The srcset step of wp_filter_content_tags() for one ``<img>``, when a library is set."""
    context = _current.get()
    if context is None:
        return tag
    attachment_id = content_image_attachment(tag)
    if not attachment_id:
        return tag
    attachment = context.library.attachment(attachment_id)
    if attachment is None:
        return tag
    return add_srcset_and_sizes(tag, attachment)
