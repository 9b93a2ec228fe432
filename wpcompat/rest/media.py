"""What an attachment adds to a post: file URLs, media_details, and the image markup.

wp_get_attachment_url, image_downsize, wp_calculate_image_srcset and wp_get_attachment_image
as WordPress computes them from `_wp_attached_file` and `_wp_attachment_metadata`, with no
access to the files themselves (WordPress never reads them to answer either).
"""

from __future__ import annotations

import posixpath
from typing import Any

from wpcompat.render.escape import esc_attr, esc_url
from wpcompat.render.striptags import strip_tags
from wpcompat.util.numbers import php_intval
from wpcompat.util.phpserial import loads_maybe

Meta = dict[str, str]
MAX_SRCSET_WIDTH = 2048
# Attachment meta read for a page of media.
MEDIA_META_KEYS = ("_wp_attached_file", "_wp_attachment_metadata", "_wp_attachment_image_alt")


def uploads_baseurl(site_url: str) -> str:
    return site_url.rstrip("/") + "/wp-content/uploads"


def attachment_url(row: dict[str, Any], meta: Meta, site_url: str) -> str:
    """wp_get_attachment_url(): the uploads URL of `_wp_attached_file`, else the guid."""
    file = meta.get("_wp_attached_file", "")
    base = uploads_baseurl(site_url)
    if file:
        if "wp-content/uploads" in file:
            rel = file.split("wp-content/uploads", 1)[1].strip("/")
            return base + "/" + rel
        return f"{base}/{file}"
    return str(row.get("guid") or "")


def attachment_metadata(meta: Meta) -> Any:
    raw = meta.get("_wp_attachment_metadata")
    return loads_maybe(raw) if raw else None


def is_image(row: dict[str, Any], meta: Meta) -> bool:
    """wp_attachment_is_image(): an attached file whose MIME type is image/…."""
    if not meta.get("_wp_attached_file"):
        return False
    if str(row.get("post_mime_type") or "").startswith("image/"):
        return True
    ext = posixpath.splitext(meta["_wp_attached_file"])[1].lower().lstrip(".")
    return row.get("post_mime_type") == "import" and ext in ("jpg", "jpeg", "jpe", "gif", "png", "webp")


def constrain_dimensions(width: int, height: int, max_w: int = 0, max_h: int = 0) -> tuple[int, int]:
    """wp_constrain_dimensions()."""
    if not max_w and not max_h:
        return width, height
    w_ratio = h_ratio = 1.0
    did_w = did_h = False
    if max_w > 0 and width > 0 and width > max_w:
        w_ratio, did_w = max_w / width, True
    if max_h > 0 and height > 0 and height > max_h:
        h_ratio, did_h = max_h / height, True
    smaller, larger = min(w_ratio, h_ratio), max(w_ratio, h_ratio)
    if int(_php_round(width * larger)) > max_w or int(_php_round(height * larger)) > max_h:
        ratio = smaller
    else:
        ratio = larger
    w = max(1, int(_php_round(width * ratio)))
    h = max(1, int(_php_round(height * ratio)))
    if did_w and w == max_w - 1:
        w = max_w
    if did_h and h == max_h - 1:
        h = max_h
    return w, h


def _php_round(value: float) -> float:
    # PHP rounds half away from zero; Python's round() is banker's rounding.
    return float(int(value + 0.5)) if value >= 0 else -float(int(-value + 0.5))


def _size_limits(size: str, options: dict[str, str]) -> tuple[int, int] | None:
    if size in ("thumb", "thumbnail", "medium", "medium_large", "large"):
        name = "thumbnail" if size == "thumb" else size
        return php_intval(options.get(f"{name}_size_w") or 0), php_intval(options.get(f"{name}_size_h") or 0)
    return None


def image_src(row: dict[str, Any], meta: Meta, size: str, site_url: str, options: dict[str, str]
              ) -> tuple[str, int, int] | None:
    """wp_get_attachment_image_src() / image_downsize() for a named size (no icons)."""
    url = attachment_url(row, meta, site_url)
    data = attachment_metadata(meta)
    if not isinstance(data, dict):
        data = {}
    sizes = data.get("sizes") if isinstance(data.get("sizes"), dict) else {}
    if not url or (not is_image(row, meta) and not isinstance(sizes.get("full"), dict)):
        # image_downsize() has no picture of a file that is not an image (PDF, audio…).
        return None
    width = height = 0
    intermediate = sizes.get(size) if size != "full" else None
    if isinstance(intermediate, dict) and intermediate.get("file"):
        url = url[: len(url) - len(posixpath.basename(url))] + str(intermediate["file"])
        width, height = int(intermediate.get("width") or 0), int(intermediate.get("height") or 0)
    if not width and not height:
        width, height = int(data.get("width") or 0), int(data.get("height") or 0)
    limits = _size_limits(size, options)
    if limits is None:
        limits = (width, height)
    width, height = constrain_dimensions(width, height, *limits)
    return url, width, height


def _matches_ratio(w1: int, h1: int, w2: int, h2: int) -> bool:
    """wp_image_matches_ratio(): same aspect ratio within a pixel."""
    if w1 > w2:
        constrained = constrain_dimensions(w1, h1, w2)
        expected = (w2, h2)
    else:
        constrained = constrain_dimensions(w2, h2, w1)
        expected = (w1, h1)
    return abs(constrained[0] - expected[0]) <= 1 and abs(constrained[1] - expected[1]) <= 1


def image_srcset(width: int, height: int, src: str, data: dict[str, Any], site_url: str) -> str:
    """wp_calculate_image_srcset(): every stored size with the same ratio, `src` first."""
    if width < 1:
        return ""
    sizes = data.get("sizes") if isinstance(data.get("sizes"), dict) else {}
    candidates = [s for s in sizes.values() if isinstance(s, dict)]
    file = str(data.get("file") or "")
    thumb = sizes.get("thumbnail") if isinstance(sizes.get("thumbnail"), dict) else {}
    if thumb.get("mime-type") == "image/gif":
        return ""
    candidates.append({"width": data.get("width"), "height": data.get("height"), "file": posixpath.basename(file)})
    dirname = posixpath.dirname(file)
    dirname = dirname + "/" if dirname else ""
    baseurl = uploads_baseurl(site_url) + "/" + dirname
    sources: dict[int, str] = {}
    matched = False
    for image in candidates:
        is_src = False
        if not matched and (dirname + str(image.get("file"))) in src:
            matched = is_src = True
        image_w, image_h = int(image.get("width") or 0), int(image.get("height") or 0)
        if image_w > MAX_SRCSET_WIDTH and not is_src:
            continue
        if _matches_ratio(width, height, image_w, image_h):
            url = baseurl + str(image.get("file"))
            if is_src:
                sources = {image_w: url, **{k: v for k, v in sources.items() if k != image_w}}
            else:
                sources[image_w] = url
    if not matched or len(sources) < 2:
        return ""
    return ", ".join(f"{url.replace(' ', '%20')} {w}w" for w, url in sources.items())


def attachment_image(row: dict[str, Any], meta: Meta, size: str, site_url: str, options: dict[str, str],
                     extra: dict[str, str] | None = None) -> str:
    """wp_get_attachment_image() as WordPress 6.1 writes it (decoding=async, loading=lazy).

    `extra` attributes come after the defaults (wp_parse_args), before srcset/sizes.
    """
    found = image_src(row, meta, size, site_url, options)
    if found is None:
        return ""
    src, width, height = found
    attrs: dict[str, str] = {
        "src": src,
        "class": f"attachment-{size} size-{size}",
        "alt": strip_tags(meta.get("_wp_attachment_image_alt", "")).strip(),
        "decoding": "async",
        "loading": "lazy",
    }
    for name, value in (extra or {}).items():
        attrs[name] = value
    data = attachment_metadata(meta)
    if isinstance(data, dict):
        srcset = image_srcset(width, height, src, data, site_url)
        if srcset and width:
            attrs["srcset"] = srcset
            attrs["sizes"] = f"(max-width: {width}px) 100vw, {width}px"
    hw = (f'width="{width}" ' if width else "") + (f'height="{height}" ' if height else "")
    html = f"<img {hw}".rstrip()
    for name, value in attrs.items():
        html += f' {name}="{esc_attr(value)}"'
    return html + " />"


def attachment_player(row: dict[str, Any], meta: Meta, site_url: str
                      ) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """What prepend_attachment() plays for a video or audio attachment: (kind, player atts).

    wp_attachment_is(): an attached file whose MIME type is video/… or audio/…. Videos take
    their stored width and height. (A video's featured image as poster is not handled.)
    """
    if not meta.get("_wp_attached_file"):
        return None
    mime = str(row.get("post_mime_type") or "")
    src = attachment_url(row, meta, site_url)
    if mime.startswith("video/"):
        atts: list[tuple[str, str]] = [("src", src)]
        data = attachment_metadata(meta)
        if isinstance(data, dict) and data.get("width") and data.get("height"):
            atts += [("width", str(php_intval(data["width"]))), ("height", str(php_intval(data["height"])))]
        return "video", tuple(atts)
    if mime.startswith("audio/"):
        return "audio", (("src", src),)
    return None


def attachment_link(row: dict[str, Any], meta: Meta, site_url: str, options: dict[str, str], *,
                    size: str = "medium", href: str | None = None, extra: dict[str, str] | None = None) -> str:
    """wp_get_attachment_link( id, size ): the image (or the title) linking to the file.

    `href` replaces the file's URL (the attachment page, for permalink=true).
    """
    url = attachment_url(row, meta, site_url)
    if not url:
        return "Missing Attachment"
    if href is not None:
        url = href
    text = attachment_image(row, meta, size, site_url, options, extra)
    if not text.strip():
        text = str(row.get("post_title") or "")
    if not text.strip():
        text = posixpath.splitext(posixpath.basename(meta.get("_wp_attached_file", "")))[0]
    return f"<a href='{esc_url(url)}'>{text}</a>"


def media_details(row: dict[str, Any], meta: Meta, site_url: str, options: dict[str, str]) -> Any:
    """The `media_details` field: the stored metadata, sizes completed with URLs and `full`."""
    data = attachment_metadata(meta)
    if not data or not isinstance(data, dict):
        return {}
    details = dict(data)
    sizes = details.get("sizes")
    if isinstance(sizes, dict) and sizes:
        out_sizes: dict[str, Any] = {}
        for name, size in sizes.items():
            if not isinstance(size, dict):
                out_sizes[name] = size
                continue
            entry = dict(size)
            if "mime-type" in entry:
                entry["mime_type"] = entry.pop("mime-type")
            found = image_src(row, meta, str(name), site_url, options)
            if found is not None:
                entry["source_url"] = found[0]
            out_sizes[name] = entry
        full = image_src(row, meta, "full", site_url, options)
        if full is not None:
            out_sizes["full"] = {
                "file": posixpath.basename(full[0]),
                "width": full[1],
                "height": full[2],
                "mime_type": row.get("post_mime_type") or "",
                "source_url": full[0],
            }
        details["sizes"] = out_sizes
    else:
        details["sizes"] = {}
    return details
