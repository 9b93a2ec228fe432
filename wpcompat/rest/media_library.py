"""The attachments a page of posts' content refers to, loaded for the renderer.

``[gallery]`` shows images by id or a post's attached images, and content images with a
``wp-image-N`` class get ``srcset``/``sizes`` from attachment N's metadata. The renderer is
pure, so before rendering a page of posts we read, in a few queries, every attachment its texts
can name, and hand the renderer a :class:`~wpcompat.render.media_shortcodes.MediaContext`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from wpcompat.permalinks import Links
from wpcompat.render.media_shortcodes import MediaContext, MediaState
from wpcompat.render.pipelines import RenderSession
from wpcompat.render.shortcodes import shortcode_parse_atts
from wpcompat.rest import media
from wpcompat.rest.request import RestRequest
from wpcompat.storage.posts import attachment_children, post_meta, posts_by_id
from wpcompat.util.numbers import absint

Row = dict[str, Any]

_GALLERY_RE = re.compile(r"\[(?:gallery|playlist)(?![\w-])([^\]]*)\]")
_WP_IMAGE_RE = re.compile(r"wp-image-([0-9]+)", re.I)
_IDS_RE = re.compile(r"[0-9]+")


@dataclass
class LoadedAttachment:
    """An attachment row + meta, answering what the media shortcodes ask of it."""

    row: Row
    meta: dict[str, str]
    site_url: str
    options: dict[str, str]
    page_link: str

    @property
    def id(self) -> int:
        return int(self.row["ID"])

    @property
    def post_excerpt(self) -> str:
        return str(self.row.get("post_excerpt") or "")

    @property
    def mime_type(self) -> str:
        return str(self.row.get("post_mime_type") or "")

    @property
    def status(self) -> str:
        return str(self.row.get("post_status") or "")

    @property
    def menu_order(self) -> int:
        return int(self.row.get("menu_order") or 0)

    @property
    def date(self) -> str:
        return str(self.row.get("post_date") or "")

    @property
    def title(self) -> str:
        return str(self.row.get("post_title") or "")

    @property
    def url(self) -> str:
        return media.attachment_url(self.row, self.meta, self.site_url)

    @property
    def description(self) -> str:
        return str(self.row.get("post_content") or "")

    @property
    def icon(self) -> str:
        """wp_mime_type_icon(): the core icon of the file's kind."""
        kind = self.mime_type.split("/", 1)[0]
        name = {"audio": "audio", "video": "video", "image": "default", "text": "text"}.get(kind, "default")
        return self.site_url.rstrip("/") + f"/wp-includes/images/media/{name}.png"

    @property
    def metadata(self) -> dict[str, Any]:
        return self._data()

    def _data(self) -> dict[str, Any]:
        data = media.attachment_metadata(self.meta)
        return data if isinstance(data, dict) else {}

    @property
    def width(self) -> int | None:
        value = self._data().get("width")
        return None if value is None else int(value or 0)

    @property
    def height(self) -> int | None:
        value = self._data().get("height")
        return None if value is None else int(value or 0)

    def image(self, size: str, extra: dict[str, str]) -> str:
        return media.attachment_image(self.row, self.meta, size, self.site_url, self.options, extra)

    def link(self, size: str, *, permalink: bool, extra: dict[str, str]) -> str:
        href = self.page_link if permalink else None
        return media.attachment_link(self.row, self.meta, self.site_url, self.options, size=size, href=href,
                                     extra=extra)

    def srcset(self, src: str, width: int, height: int) -> str:
        data = self._data()
        if not isinstance(data.get("sizes"), dict) or not data.get("sizes"):
            return ""
        return media.image_srcset(width, height, src, data, self.site_url)

    def dimensions_of(self, src: str) -> tuple[int, int] | None:
        data = self._data()
        name = posixpath.basename(src)
        if name == posixpath.basename(str(data.get("file") or "")):
            return int(data.get("width") or 0), int(data.get("height") or 0)
        sizes = data.get("sizes") if isinstance(data.get("sizes"), dict) else {}
        for size in sizes.values():
            if isinstance(size, dict) and size.get("file") == name:
                return int(size.get("width") or 0), int(size.get("height") or 0)
        return None


@dataclass
class LoadedLibrary:
    attachments: dict[int, LoadedAttachment]
    children_of: dict[int, list[int]]

    def attachment(self, attachment_id: int) -> LoadedAttachment | None:
        found = self.attachments.get(attachment_id)
        return found if found is not None and found.row.get("post_type") == "attachment" else None

    def children(self, post_id: int) -> list[LoadedAttachment]:
        found = (self.attachment(i) for i in self.children_of.get(post_id, []))
        return [a for a in found if a is not None]


def _referenced(text: str, post_id: int) -> tuple[set[int], set[int]]:
    """(attachment ids named, posts whose attached images a gallery shows) in one text."""
    # absint(): an author may write any number; one beyond 64 bits names no attachment and
    # must not reach the database unbindable.
    ids: set[int] = {absint(m) for m in _WP_IMAGE_RE.findall(text)}
    parents: set[int] = set()
    for m in _GALLERY_RE.finditer(text):
        atts = shortcode_parse_atts(m.group(1))
        given = atts if isinstance(atts, dict) else {}
        listed = str(given.get("ids") or given.get("include") or "")
        if listed:
            ids.update(absint(i) for i in _IDS_RE.findall(listed))
        else:
            parents.add(absint(m2.group(0)) if (m2 := _IDS_RE.match(str(given.get("id") or ""))) else post_id)
    return ids, parents


async def load_media(req: RestRequest, texts: dict[int, str]) -> LoadedLibrary:
    """The attachments `texts` (post id → raw content) refer to."""
    ids: set[int] = set()
    parents: set[int] = set()
    for post_id, text in texts.items():
        if "[audio" in text or "[video" in text:
            parents.add(post_id)  # a player without a file plays the post's first attached one
        if "[gallery" in text or "[playlist" in text or "wp-image-" in text.lower():
            more_ids, more_parents = _referenced(text, post_id)
            ids |= more_ids
            parents |= more_parents
    if not ids and not parents:
        return LoadedLibrary({}, {})
    children = await attachment_children(req.storage, parents)
    for listed in children.values():
        ids.update(listed)
    rows = await posts_by_id(req.storage, ids)
    metas = await post_meta(req.storage, rows, media.MEDIA_META_KEYS)
    links = Links.of(req)
    await links.prepare(rows.values())
    site = req.site
    loaded = {
        i: LoadedAttachment(row, metas.get(i, {}), site.home, site.options, links.permalink(row))
        for i, row in rows.items()
    }
    return LoadedLibrary(loaded, children)


def media_state(req: RestRequest) -> MediaState:
    """The request's media counters (WordPress's static counters live for one request)."""
    state: MediaState = req.cache.setdefault("render.media_state", MediaState())
    return state


def render_session(req: RestRequest) -> RenderSession:
    """The request's rendering state: posts render in response order, as in one PHP request."""
    key = ("render.session", req.site.legacy_61)
    session: RenderSession | None = req.cache.get(key)
    if session is None:
        session = req.cache[key] = RenderSession(legacy_61=req.site.legacy_61)
    return session


RenderState = tuple[bool, int, int, int, int]


def render_state(req: RestRequest) -> RenderState:
    """The request's rendering state as it stands (what renders next depends on it: whether a
    block post came before, how many galleries and players): part of a memoised post's key."""
    session: RenderSession | None = req.cache.get(("render.session", req.site.legacy_61))
    media: MediaState | None = req.cache.get("render.media_state")
    late = session.wpautop_late if session is not None else False
    if media is None:
        return (late, 0, 0, 0, 0)
    return (late, media.gallery_instance, media.audio_instance, media.video_instance, media.playlist_instance)


def set_render_state(req: RestRequest, state: RenderState) -> None:
    """Leave the request's rendering state as rendering a memoised item did."""
    if state == render_state(req):
        return
    render_session(req).wpautop_late = state[0]
    media = media_state(req)
    media.gallery_instance, media.audio_instance, media.video_instance, media.playlist_instance = state[1:]


def media_context(req: RestRequest, library: LoadedLibrary | None, post_id: int) -> MediaContext | None:
    if library is None:
        return None
    return MediaContext(library, post_id, media_state(req))
