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
    url: str  # wp_get_attachment_url()
    description: str  # post_content
    icon: str  # wp_mime_type_icon()
    metadata: dict  # _wp_attachment_metadata ({} when none)
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
    audio_instance: int = 0
    video_instance: int = 0
    playlist_instance: int = 0


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


# ---------------------------------------------------------------- [audio] / [video]

# wp_get_mime_types() entries for the audio and video files the players accept, in its order.
_MEDIA_MIME_TYPES: tuple[tuple[str, str], ...] = (
    ("asf|asx", "video/x-ms-asf"), ("wmv", "video/x-ms-wmv"), ("wmx", "video/x-ms-wmx"), ("wm", "video/x-ms-wm"),
    ("avi", "video/avi"), ("divx", "video/divx"), ("flv", "video/x-flv"), ("mov|qt", "video/quicktime"),
    ("mpeg|mpg|mpe", "video/mpeg"), ("mp4|m4v", "video/mp4"), ("ogv", "video/ogg"), ("webm", "video/webm"),
    ("mkv", "video/x-matroska"), ("3gp|3gpp", "video/3gpp"), ("3g2|3gp2", "video/3gpp2"),
    ("mp3|m4a|m4b", "audio/mpeg"), ("aac", "audio/aac"), ("ra|ram", "audio/x-realaudio"), ("wav", "audio/wav"),
    ("ogg|oga", "audio/ogg"), ("flac", "audio/flac"), ("mid|midi", "audio/midi"), ("wma", "audio/x-ms-wma"),
    ("wax", "audio/x-ms-wax"), ("mka", "audio/x-matroska"),
)
AUDIO_EXTENSIONS = ("mp3", "ogg", "flac", "m4a", "wav")  # wp_get_audio_extensions()
VIDEO_EXTENSIONS = ("mp4", "m4v", "webm", "ogv", "flv")  # wp_get_video_extensions()
_YOUTUBE_RE = re.compile(r"^https?://(?:www\.)?(?:youtube\.com/watch|youtu\.be/)")
_VIMEO_RE = re.compile(r"^https?://(.+\.)?vimeo\.com/.*")


def check_filetype(filename: str) -> tuple[str, str]:
    """wp_check_filetype() over the media types: (extension, MIME type), ("", "") if none.

    The name must end with the extension (a query string after it does not match).
    """
    for exts, mime in _MEDIA_MIME_TYPES:
        m = re.search(r"\.(" + exts + r")$", filename, re.I)
        if m:
            return m.group(1), mime
    return "", ""


def add_query_arg_instance(url: str, instance: int) -> str:
    """add_query_arg( '_', instance, url ): set the ``_`` parameter, keeping any fragment last."""
    url, hash_mark, fragment = url.partition("#")
    base, question, query = url.partition("?")
    params = [p for p in query.split("&") if p and p.split("=", 1)[0] != "_"] if question else []
    params.append(f"_={instance}")
    return f"{base}?{'&'.join(params)}" + (f"#{fragment}" if hash_mark else "")


def _validate_boolean(value: str) -> bool:
    """wp_validate_boolean(): "false" (any case) is false, else PHP truthiness."""
    if value.lower() == "false":
        return False
    return value not in ("", "0")


def _shortcode_atts(defaults: dict[str, str], given: object) -> dict[str, str]:
    atts = dict(defaults)
    if isinstance(given, dict):
        for key in atts:
            if key in given:
                atts[key] = given[key]
    return atts


def _sources(atts: dict[str, str], types: list[str], instance: int, typed: dict[str, str] | None = None
             ) -> tuple[str, str]:
    """The ``<source>`` tags of each given type, and the first file (for the fallback link)."""
    from .escape import esc_url

    html = fileurl = ""
    for fallback in types:
        value = atts.get(fallback, "")
        if not value:
            continue
        if not fileurl:
            fileurl = value
        mime = (typed or {}).get(fallback) or check_filetype(value)[1]
        html += f'<source type="{mime}" src="{esc_url(add_query_arg_instance(value, instance))}" />'
    return html, fileurl


def _fallback_link(url: str) -> str:
    """wp_mediaelement_fallback()."""
    from .escape import esc_url

    return f'<a href="{esc_url(url)}">{esc_url(url)}</a>'


def _attached(context: MediaContext, kind: str) -> Attachment | None:
    """get_attached_media( kind, post ): the first by menu_order."""
    found = [a for a in context.library.children(context.post_id) if a.mime_type.startswith(kind + "/")]
    found.sort(key=lambda a: a.menu_order)
    return found[0] if found else None


def _next_player(kind: str) -> tuple[MediaContext, int]:
    """The media context and this player's number among the page's players of its kind (1 first)."""
    from .shortcodes import LeaveAsText

    context = _current.get()
    if context is None:
        raise LeaveAsText
    if kind == "audio":
        context.state.audio_instance += 1
        return context, context.state.audio_instance
    context.state.video_instance += 1
    return context, context.state.video_instance


def _typed_source_given(atts: dict[str, str], extensions: tuple[str, ...]) -> bool:
    """Whether one of the per-format attributes (mp3="…", mp4="…") holds a file of that format."""
    return any(atts[ext] and check_filetype(atts[ext])[0].lower() == ext for ext in extensions)


def _src_from_attached(context: MediaContext, kind: str, atts: dict[str, str], types: list[str]) -> bool:
    """No source given: the post's first attached file of the kind becomes src (False: there is none)."""
    attached = _attached(context, kind)
    if attached is None or not attached.url:
        return False
    atts["src"] = attached.url
    types.insert(0, "src")
    return True


def _ie_shim(kind: str, instance: int) -> str:
    """The first player of its kind on a page carries the old-IE element shim."""
    return f"<!--[if lt IE 9]><script>document.createElement('{kind}');</script><![endif]-->\n" if instance == 1 else ""


def audio_shortcode(attr, content: str, tag: str) -> str:  # type: ignore[no-untyped-def]
    """wp_audio_shortcode() with the MediaElement library (the default)."""
    from .escape import esc_html, esc_url

    context, instance = _next_player("audio")
    defaults = {"src": "", "loop": "", "autoplay": "", "preload": "none", "class": "wp-audio-shortcode",
                "style": "width: 100%;", **{ext: "" for ext in AUDIO_EXTENSIONS}}
    atts = _shortcode_atts(defaults, attr)
    types = list(AUDIO_EXTENSIONS)
    primary = False
    if atts["src"]:
        if check_filetype(atts["src"])[0].lower() not in AUDIO_EXTENSIONS:
            return f'<a class="wp-embedded-audio" href="{esc_url(atts["src"])}">{esc_html(atts["src"])}</a>'
        primary = True
        types.insert(0, "src")
    else:
        primary = _typed_source_given(atts, AUDIO_EXTENSIONS)
    if not primary and not _src_from_attached(context, "audio", atts, types):
        return ""
    html_atts = {"class": atts["class"], "id": f"audio-{context.post_id}-{instance}",
                 "loop": "1" if _validate_boolean(atts["loop"]) else "",
                 "autoplay": "1" if _validate_boolean(atts["autoplay"]) else "",
                 "preload": atts["preload"], "style": atts["style"]}
    attrs = " ".join(f'{k}="{esc_attr(v)}"' for k, v in html_atts.items() if v or k not in ("loop", "autoplay", "preload"))
    html = _ie_shim("audio", instance)
    sources, fileurl = _sources(atts, types, instance)
    return f'{html}<audio {attrs} controls="controls">{sources}{_fallback_link(fileurl)}</audio>'


def video_shortcode(attr, content: str, tag: str) -> str:  # type: ignore[no-untyped-def]
    """wp_video_shortcode() with the MediaElement library (no $content_width: block themes)."""
    from .escape import esc_html, esc_url

    context, instance = _next_player("video")
    defaults = {"src": "", "poster": "", "loop": "", "autoplay": "", "muted": "false", "preload": "metadata",
                "width": "640", "height": "360", "class": "wp-video-shortcode",
                **{ext: "" for ext in VIDEO_EXTENSIONS}}
    atts = _shortcode_atts(defaults, attr)
    types = list(VIDEO_EXTENSIONS)
    typed: dict[str, str] = {}
    primary = False
    if atts["src"]:
        is_youtube, is_vimeo = bool(_YOUTUBE_RE.search(atts["src"])), bool(_VIMEO_RE.search(atts["src"]))
        if not is_youtube and not is_vimeo and check_filetype(atts["src"])[0].lower() not in VIDEO_EXTENSIONS:
            return f'<a class="wp-embedded-video" href="{esc_url(atts["src"])}">{esc_html(atts["src"])}</a>'
        if is_youtube:
            typed["src"] = "video/youtube"
        elif is_vimeo:
            typed["src"] = "video/vimeo"
        primary = True
        types.insert(0, "src")
    else:
        primary = _typed_source_given(atts, VIDEO_EXTENSIONS)
    if not primary and not _src_from_attached(context, "video", atts, types):
        return ""
    width, height = abs(_intval(atts["width"])), abs(_intval(atts["height"]))
    html_atts = {"class": atts["class"], "id": f"video-{context.post_id}-{instance}", "width": str(width),
                 "height": str(height), "poster": esc_url(atts["poster"]),
                 "loop": "1" if _validate_boolean(atts["loop"]) else "",
                 "autoplay": "1" if _validate_boolean(atts["autoplay"]) else "",
                 "muted": "1" if _validate_boolean(atts["muted"]) else "", "preload": atts["preload"]}
    optional = ("poster", "loop", "autoplay", "preload", "muted")
    attrs = " ".join(f'{k}="{esc_attr(v)}"' for k, v in html_atts.items() if (v and v != "0") or k not in optional)
    html = _ie_shim("video", instance)
    sources, fileurl = _sources(atts, types, instance, typed)
    inner = content.replace("\r\n", "").replace("\n", "").replace("\t", "") if "\n" in content else content
    html += f'<video {attrs} controls="controls">{sources}{inner.strip(PHP_TRIM)}{_fallback_link(fileurl)}</video>'
    width_rule = f"width: {_intval(atts['width'])}px;" if atts["width"] and atts["width"] != "0" else ""
    return f'<div style="{width_rule}" class="wp-video">{html}</div>'


def media_player(kind: str, atts: dict[str, str]) -> str:
    """The audio or video player prepend_attachment() puts before an attachment's description."""
    from .shortcodes import LeaveAsText

    handler = audio_shortcode if kind == "audio" else video_shortcode
    try:
        return handler(atts, "", kind)
    except LeaveAsText:  # no media context: nothing to number the player with
        return ""


# ---------------------------------------------------------------- [playlist]

_ID3_DISPLAY_KEYS = ("artist", "album", "genre", "year", "length_formatted")  # wp_get_attachment_id3_keys()


def _php_json(value: object) -> str:
    """wp_json_encode() with PHP's default flags: ASCII only, slashes escaped."""
    import json

    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def _truthy(value: object) -> bool:
    return _validate_boolean(value) if isinstance(value, str) else bool(value)


def playlist_shortcode(attr, content: str, tag: str) -> str:  # type: ignore[no-untyped-def]
    """wp_playlist_shortcode() (no $content_width: block themes), tracks without cover art."""
    from .shortcodes import LeaveAsText

    context = _current.get()
    if context is None:
        raise LeaveAsText
    context.state.playlist_instance += 1
    instance = context.state.playlist_instance
    given: dict[str | int, str] = dict(attr) if isinstance(attr, dict) else {}
    if given.get("ids"):
        if not given.get("orderby"):
            given["orderby"] = "post__in"
        given["include"] = given["ids"]
    atts: dict[str, object] = {
        "type": "audio", "order": "ASC", "orderby": "menu_order ID", "id": str(context.post_id), "include": "",
        "exclude": "", "style": "light", "tracklist": True, "tracknumbers": True, "images": True, "artists": True,
    }
    for key in atts:
        if key in given:
            atts[key] = given[key]
    kind = "audio" if atts["type"] == "audio" else "video"
    post_id = _intval(str(atts["id"]))
    library = context.library
    include = _id_list(str(atts["include"])) if atts["include"] else []
    if include:
        found = [library.attachment(i) for i in include]
        wanted = [a for a in found if a is not None]
    else:
        exclude = set(_id_list(str(atts["exclude"]))) if atts["exclude"] else set()
        wanted = [a for a in library.children(post_id) if a.id not in exclude]
    wanted = [a for a in wanted if a.status == "inherit" and a.mime_type.startswith(kind + "/")]
    wanted = _sorted(wanted, str(atts["orderby"]), str(atts["order"]), include)
    if not wanted:
        return ""
    theme_width, theme_height = 640, 360  # an int until a video's size recomputes it
    data: dict[str, object] = {"type": kind, **{k: _truthy(atts[k]) for k in ("tracklist", "tracknumbers", "images",
                                                                               "artists")}}
    tracks: list[dict[str, object]] = []
    for item in wanted:
        url = item.url
        track: dict[str, object] = {"src": url, "type": check_filetype(url)[1] or False, "title": item.title,
                                    "caption": item.post_excerpt, "description": item.description}
        meta = item.metadata
        track_meta = {k: meta[k] for k in _ID3_DISPLAY_KEYS if meta.get(k)}
        track["meta"] = track_meta if track_meta else []
        if meta and kind == "video":
            if meta.get("width") and meta.get("height"):
                width, height = meta["width"], meta["height"]
                # PHP's round() gives a float (JSON "203.0"), halves away from zero.
                theme_height = float(int(height * theme_width / width + 0.5))
            else:
                width, height = 640, 360
            track["dimensions"] = {"original": {"width": width, "height": height},
                                   "resized": {"width": theme_width, "height": theme_height}}
        if _truthy(atts["images"]):
            icon = {"src": item.icon, "width": 48, "height": 64}
            track["image"] = icon
            track["thumb"] = dict(icon)
        tracks.append(track)
    data["tracks"] = tracks
    safe_type, safe_style = esc_attr(kind), esc_attr(str(atts["style"]))
    out = f"<!--[if lt IE 9]><script>document.createElement('{kind}');</script><![endif]-->\n\t" if instance == 1 else ""
    out += f'<div class="wp-playlist wp-{safe_type}-playlist wp-playlist-{safe_style}">\n\t'
    if kind == "audio":
        out += '\t\t<div class="wp-playlist-current-item"></div>\n\t'
    out += f'\t<{safe_type} controls="controls" preload="none" width="{theme_width}"\n\t\t'
    if kind == "video":
        out += f' height="{int(theme_height)}"'
    out += f'\t></{safe_type}>\n\t<div class="wp-playlist-next"></div>\n\t<div class="wp-playlist-prev"></div>\n'
    out += "\t<noscript>\n\t<ol>\n\t\t"
    out += "".join(f"<li>{item.link('thumbnail', permalink=False, extra={})}</li>" for item in wanted)
    out += "\t</ol>\n\t</noscript>\n"
    out += f'\t<script type="application/json" class="wp-playlist-script">{_php_json(data)}</script>\n</div>\n\t'
    return out
