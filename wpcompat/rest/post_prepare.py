"""prepare_item_for_response of the posts and attachments controllers, for a page of posts.

`PostBatch.load` reads what the page needs in a fixed number of queries (meta, terms,
revisions, parents and permalinks); `PostBatch.prepare` then builds each item without I/O:
fields in WordPress's order, only those the context and `_fields` ask for, and `_links`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from auth.capabilities import can_edit_others_posts, can_publish, has_cap
from schemas import posts as post_schemas
from wpcompat.permalinks import Links
from wpcompat.registry import OBJECT_TAXONOMIES, SERVED_TAXONOMIES, served_post_type
from wpcompat.render import pipelines
from wpcompat.render.escape import esc_textarea, sanitize_html_class
from wpcompat.render.excerpt import wp_trim_excerpt
from wpcompat.render.formatting import sanitize_title
from wpcompat.render.media_shortcodes import MediaContext
from wpcompat.rest import media
from wpcompat.rest.media_library import (
    LoadedLibrary,
    load_media,
    media_context,
    render_session,
    render_state,
    set_render_state,
)
from wpcompat.rest.object_memo import memo_versions, object_memo, viewer_key
from wpcompat.rest.post_access import can_delete, can_edit, can_view, load_parents, password_ok
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource
from wpcompat.storage.posts import (
    ObjectTerm,
    RevisionStats,
    Row,
    object_terms,
    post_meta,
    posts_by_id,
    posts_with_slugs,
    revision_stats,
)
from wpcompat.util.dates import ZERO_DATE, gmt_from_local, to_rfc3339
from wpcompat.util.phpserial import loads_maybe

# Taxonomies shown in REST (a field, a `_links` entry, a filter): rest_base by name.
REST_TAXONOMIES: dict[str, str] = {t.slug: t.rest_base for t in SERVED_TAXONOMIES}
POST_META_KEYS = ("_thumbnail_id", "_wp_page_template", "footnotes")


@lru_cache(maxsize=16)
def schema_properties(post_type: str, legacy_61: bool) -> dict[str, Any]:
    return post_schemas.item_schema(post_type, legacy_61=legacy_61)["properties"]


def block_version(content: str) -> int:
    """block_version(): 1 when the content holds block delimiters."""
    return 1 if "<!-- wp:" in content else 0


def filter_by_context(data: dict[str, Any], properties: Any, context: str) -> dict[str, Any]:
    """rest_filter_response_by_context(): drop (sub)fields the schema keeps out of `context`."""
    if not isinstance(properties, dict):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        schema = properties.get(key)
        if isinstance(schema, dict):
            contexts = schema.get("context")
            if contexts is not None and context not in contexts:
                continue
            if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
                value = filter_by_context(value, schema["properties"], context)
        out[key] = value
    return out


@dataclass
class PostBatch:
    """A page of posts of one type and everything their responses need."""

    req: RestRequest
    post_type: str
    rows: list[Row]
    meta: dict[int, dict[str, str]] = field(default_factory=dict)
    terms: dict[int, dict[str, list[ObjectTerm]]] = field(default_factory=dict)
    revisions: dict[int, RevisionStats] = field(default_factory=dict)
    parents: dict[int, Row] = field(default_factory=dict)
    featured: dict[int, Row] = field(default_factory=dict)
    taken: dict[int, set[str]] = field(default_factory=dict)
    _wants: dict[str, bool] = field(default_factory=dict)
    _root: str | None = None
    links: Links | None = None
    media_library: LoadedLibrary | None = None

    @property
    def legacy_61(self) -> bool:
        return self.req.site.legacy_61

    @property
    def properties(self) -> dict[str, Any]:
        return schema_properties(self.post_type, self.legacy_61)

    def wants(self, name: str) -> bool:
        """In the schema for this context, and asked for by `_fields` (get_fields_for_response).

        Memoised per batch: every item of a page asks the same questions.
        """
        memo = self._wants
        found = memo.get(name)
        if found is None:
            found = self._compute_wants(name)
            memo[name] = found
        return found

    def _compute_wants(self, name: str) -> bool:
        # The schema's contexts are checked at every level (title.raw is edit-only), so the
        # data is built already filtered by context (rest_filter_response_by_context).
        schema: Any = {"properties": self.properties}
        for part in name.split("."):
            properties = schema.get("properties") if isinstance(schema, dict) else None
            if not isinstance(properties, dict):
                break
            schema = properties.get(part)
            if schema is None:
                return False
            contexts = schema.get("context")
            if contexts is not None and self.req.context not in contexts:
                return False
        return self.req.fields is None or self.req.wants(name)

    @property
    def wants_links(self) -> bool:
        return self.req.fields is None or self.req.wants("_links") or self.req.wants("_embedded")

    @classmethod
    async def load(cls, req: RestRequest, post_type: str, rows: list[Row]) -> PostBatch:
        batch = cls(req, post_type, rows)
        ids = [int(r["ID"]) for r in rows]
        memo: dict[int, Row | None] = req.cache.setdefault("posts.rows", {})
        for row in rows:
            memo.setdefault(int(row["ID"]), row)
        batch.meta = await meta_of(req, ids)
        taxonomies = OBJECT_TAXONOMIES.get(post_type, ())
        if taxonomies:
            batch.terms = await object_terms(req.storage, ids, taxonomies)
        if post_type in ("post", "page") and batch.wants_links:
            batch.revisions = await revision_stats(req.storage, ids)
        batch.parents = await load_parents(req, rows)
        thumb_ids = [i for i in (_int(m.get("_thumbnail_id")) for m in batch.meta.values()) if i]
        if thumb_ids and batch.wants_links and (not batch.legacy_61 or "_embed" in req.query):
            # The featured images: 7.0+ checks they are readable, and `_embed` will ask for each
            # one; reading them (and their meta) now serves those sub-requests from the cache.
            batch.featured = await posts_by_id(req.storage, [i for i in thumb_ids if i not in memo or not memo[i]])
            for thumb_id, thumb in batch.featured.items():
                memo[thumb_id] = thumb
            batch.featured.update({i: memo[i] for i in thumb_ids if memo.get(i)})  # type: ignore[misc]
            await meta_of(req, thumb_ids)
        if batch.wants("link") or batch.wants("permalink_template") or batch.wants("class_list"):
            batch.links = Links.of(req, lambda row: can_read_private_row(req, row))
            await batch.links.prepare(rows)
        if batch.wants("content.rendered") or batch.wants("description.rendered"):
            batch.media_library = await load_media(req, {int(r["ID"]): r["post_content"] for r in rows})
        if batch.wants("generated_slug") or batch.wants("permalink_template"):
            batch.taken = await taken_slugs(req, rows)
        return batch

    # ------------------------------------------------------------ one item

    def prepare(self, row: Row) -> Resource:
        req = self.req
        site = req.site
        post_id = int(row["ID"])
        meta = self.meta.get(post_id, {})
        data: dict[str, Any] = {}
        if self.wants("id"):
            data["id"] = post_id
        if self.wants("date"):
            data["date"] = to_rfc3339(row["post_date"], site.tz)
        if self.wants("date_gmt"):
            gmt = row["post_date_gmt"]
            if gmt == ZERO_DATE:
                # A draft keeps no GMT date: REST derives it from the local one.
                gmt = gmt_from_local(row["post_date"], site.tz)
            data["date_gmt"] = to_rfc3339(gmt, site.tz)
        if self.wants("guid"):
            data["guid"] = self._pick("guid", rendered=row["guid"], raw=row["guid"])
        if self.wants("modified"):
            data["modified"] = to_rfc3339(row["post_modified"], site.tz)
        if self.wants("modified_gmt"):
            modified_gmt = row["post_modified_gmt"]
            if modified_gmt == ZERO_DATE:
                modified_gmt = gmt_from_local(row["post_modified"], site.tz)
            data["modified_gmt"] = to_rfc3339(modified_gmt, site.tz)
        if self.wants("password"):
            data["password"] = row["post_password"]
        if self.wants("slug"):
            data["slug"] = row["post_name"]
        if self.wants("status"):
            data["status"] = row["post_status"]
        if self.wants("type"):
            data["type"] = row["post_type"]
        if self.wants("link") and self.links is not None:
            data["link"] = self.links.permalink(row)
        if self.wants("title"):
            data["title"] = {}
            if self.wants("title.raw"):
                data["title"]["raw"] = row["post_title"]
            if self.wants("title.rendered"):
                data["title"]["rendered"] = pipelines.the_title(
                    row["post_title"], private=row["post_status"] == "private", legacy_61=self.legacy_61
                )
        visible = password_ok(req, row)
        protected = bool(row["post_password"])
        if self.wants("content"):
            content: dict[str, Any] = {}
            if self.wants("content.raw"):
                content["raw"] = row["post_content"]
            if self.wants("content.rendered"):
                content["rendered"] = (
                    self._render().content(row["post_content"], media=self._media(post_id)) if visible else ""
                )
            if self.wants("content.protected"):
                content["protected"] = protected
            if self.wants("content.block_version"):
                content["block_version"] = block_version(row["post_content"])
            data["content"] = content
        if self.wants("excerpt"):
            rendered = ""
            if visible and self.wants("excerpt.rendered"):
                rendered = self._excerpt(row)
            data["excerpt"] = self._pick("excerpt", raw=row["post_excerpt"], rendered=rendered, protected=protected)
        if self.wants("author"):
            data["author"] = int(row["post_author"])
        if self.wants("featured_media"):
            data["featured_media"] = _int(meta.get("_thumbnail_id"))
        if self.wants("parent"):
            data["parent"] = int(row["post_parent"])
        if self.wants("menu_order"):
            data["menu_order"] = int(row["menu_order"])
        if self.wants("comment_status"):
            data["comment_status"] = row["comment_status"]
        if self.wants("ping_status"):
            data["ping_status"] = row["ping_status"]
        if self.wants("sticky"):
            data["sticky"] = post_id in sticky_ids(req)
        if self.wants("template"):
            template = meta.get("_wp_page_template", "")
            data["template"] = "" if template in ("", "default") else template
        if self.wants("format"):
            data["format"] = self._format(post_id)
        if self.wants("meta"):
            data["meta"] = self._meta(meta)
        for taxonomy, base in REST_TAXONOMIES.items():
            if taxonomy in OBJECT_TAXONOMIES.get(self.post_type, ()) and self.wants(base):
                data[base] = [t.term_id for t in self.terms.get(post_id, {}).get(taxonomy, [])]
        if self.wants("permalink_template") or self.wants("generated_slug"):
            template_link, slug = self._sample_permalink(row)
            if self.wants("permalink_template"):
                data["permalink_template"] = template_link
            if self.wants("generated_slug"):
                data["generated_slug"] = editable_slug(slug)
        if self.wants("class_list"):
            data["class_list"] = self._class_list(row, meta, visible)
        if self.post_type == "attachment":
            data.update(self._attachment_fields(row, meta))
        resource = Resource(data)
        if self.wants_links:
            self._add_links(resource, row, meta)
        return resource

    # ------------------------------------------------------------ fields

    def _render(self) -> pipelines.RenderSession:
        return render_session(self.req)

    def _media(self, post_id: int) -> MediaContext | None:
        return media_context(self.req, self.media_library, post_id)

    def _pick(self, name: str, **parts: Any) -> dict[str, Any]:
        """An object field with only the sub-fields this context and `_fields` ask for."""
        return {key: value for key, value in parts.items() if self.wants(f"{name}.{key}")}

    def _excerpt(self, row: Row) -> str:
        length = self.req.params.get("excerpt_length") if not self.legacy_61 else None
        if length is None:
            return self._render().excerpt(row["post_excerpt"], row["post_content"])
        # excerpt_length (6.6+) overrides the 55 words of an automatic excerpt.
        legacy = self.legacy_61
        trimmed = wp_trim_excerpt(row["post_excerpt"], row["post_content"],
                                  lambda text: pipelines.the_content(text, legacy_61=legacy), length=int(length))
        return pipelines.the_excerpt_filter(trimmed)

    def _format(self, post_id: int) -> str:
        formats = self.terms.get(post_id, {}).get("post_format", [])
        for term in formats:
            if term.slug.startswith("post-format-"):
                return term.slug[len("post-format-"):]
        return "standard"

    def _meta(self, meta: dict[str, str]) -> Any:
        registered = post_schemas.registered_post_meta(self.post_type, legacy_61=self.legacy_61)
        if not registered:
            return []  # PHP's empty array
        return {key: meta.get(key, schema.get("default", "")) for key, schema in registered.items()}

    def _sample_permalink(self, row: Row) -> tuple[str, str]:
        """get_sample_permalink(): the link with %postname% left in, and the slug from the title."""
        sample = dict(row)
        if row["post_status"] in ("draft", "pending", "future"):
            sample["post_status"] = "publish"
        slug = sanitize_title(str(row["post_title"]), str(row["ID"]))
        slug = unique_slug(slug, self.taken.get(int(row["ID"]), set()))
        sample["post_name"] = slug
        assert self.links is not None
        link = self.links.permalink(sample, leavename=True, sample=True)
        if self.post_type == "page":
            facts = self.links.facts(sample)
            parents = [str(p.get("post_name") or "") for p in facts.ancestors if p.get("post_name")]
            uri = "/".join(reversed(parents))
            link = link.replace("%pagename%", f"{uri}/%pagename%" if uri else "%pagename%")
        return link, slug

    def _class_list(self, row: Row, meta: dict[str, str], visible: bool) -> list[str]:
        """get_post_class() outside the loop (no `sticky` class: REST is not the home page)."""
        post_id = int(row["ID"])
        post_type = row["post_type"]
        classes = [f"post-{post_id}", post_type, f"type-{post_type}", f"status-{row['post_status']}"]
        if post_type == "post":
            classes.append(f"format-{sanitize_html_class(self._format(post_id))}")
        required = bool(row["post_password"]) and not (self.req.context == "edit" and visible)
        if required:
            classes.append("post-password-required")
        elif row["post_password"]:
            classes.append("post-password-protected")
        # is_attachment() asks about the main query, which REST has not: false for every post.
        if _int(meta.get("_thumbnail_id")) and not required:
            classes.append("has-post-thumbnail")
        classes.append("hentry")
        for taxonomy in ("category", "post_tag", "post_format"):
            for term in self.terms.get(post_id, {}).get(taxonomy, []):
                if not term.slug:
                    continue
                term_class = sanitize_html_class(term.slug, str(term.term_id))
                if term_class.isdigit() or not term_class.strip("-"):
                    term_class = str(term.term_id)
                if taxonomy == "post_tag":
                    classes.append(f"tag-{term_class}")
                else:
                    classes.append(sanitize_html_class(f"{taxonomy}-{term_class}", f"{taxonomy}-{term.term_id}"))
        return list(dict.fromkeys(classes))

    def _attachment_fields(self, row: Row, meta: dict[str, str]) -> dict[str, Any]:
        site = self.req.site
        home = site.home
        options = site.options
        out: dict[str, Any] = {}
        if self.wants("description"):
            # prepend_attachment(): the medium image (or the title) linking to the file.
            player = media.attachment_player(row, meta, home)
            link = None if player else media.attachment_link(row, meta, home, options)
            out["description"] = self._pick(
                "description", raw=row["post_content"],
                rendered=self._render().content(row["post_content"], media=self._media(int(row["ID"])),
                                                attachment_link=link, attachment_player=player),
            )
        if self.wants("caption"):
            out["caption"] = self._pick(
                "caption", raw=row["post_excerpt"],
                rendered=pipelines.the_excerpt(row["post_excerpt"], row["post_content"], legacy_61=self.legacy_61),
            )
        if self.wants("alt_text"):
            out["alt_text"] = meta.get("_wp_attachment_image_alt", "")
        if self.wants("media_type"):
            out["media_type"] = "image" if media.is_image(row, meta) else "file"
        if self.wants("mime_type"):
            out["mime_type"] = row["post_mime_type"]
        if self.wants("media_details"):
            out["media_details"] = media.media_details(row, meta, home, options)
        if self.wants("post"):
            out["post"] = int(row["post_parent"]) or None
        if self.wants("source_url"):
            out["source_url"] = media.attachment_url(row, meta, home)
        if self.wants("missing_image_sizes"):
            # The files are not ours to inspect; WordPress lists sizes it could still generate.
            out["missing_image_sizes"] = []
        return out

    # ------------------------------------------------------------ links

    def _url(self, path: str, arg: str | None = None, value: int = 0) -> str:
        """rest_url( path ) with one `?arg=value`: built by hand for pretty permalinks (the
        common case, many times per page), through Site.rest_url otherwise."""
        site = self.req.site
        if not site.pretty_permalinks:
            return site.rest_url(path, {arg: value} if arg else None)
        root = self._root
        if root is None:
            root = self._root = site.rest_url("/")
        url = root + path.lstrip("/")
        return f"{url}?{arg}={value}" if arg else url

    def _add_links(self, resource: Resource, row: Row, meta: dict[str, str]) -> None:
        req = self.req
        site = req.site
        post_id = int(row["ID"])
        post_type = row["post_type"]
        base = served_post_type(self.post_type).rest_base
        self_href = self._url(f"/wp/v2/{base}/{post_id}")
        if site.legacy_61:
            resource.add_link("self", self_href)
        else:
            resource.links.setdefault("self", []).append(
                {"href": self_href, "targetHints": {"allow": self.allowed_methods(row)}}
            )
        resource.add_link("collection", self._url(f"/wp/v2/{base}"))
        resource.add_link("about", self._url(f"/wp/v2/types/{post_type}"))
        if int(row["post_author"] or 0):
            resource.add_link("author", self._url(f"/wp/v2/users/{int(row['post_author'])}"), embeddable=True)
        resource.add_link("replies", self._url("/wp/v2/comments", "post", post_id), embeddable=True)
        if post_type in ("post", "page"):
            stats = self.revisions.get(post_id, RevisionStats(0, 0))
            history = f"/wp/v2/{base}/{post_id}/revisions"
            resource.add_link("version-history", self._url(history), count=stats.count)
            if stats.count > 0:
                resource.add_link("predecessor-version", self._url(f"{history}/{stats.latest_id}"),
                                  id=stats.latest_id)
        if served_post_type(self.post_type).hierarchical and int(row["post_parent"] or 0):
            resource.add_link("up", self._url(f"/wp/v2/{base}/{int(row['post_parent'])}"), embeddable=True)
        thumbnail = _int(meta.get("_thumbnail_id"))
        if thumbnail and self._featured_readable(thumbnail):
            resource.add_link("https://api.w.org/featuredmedia", self._url(f"/wp/v2/media/{thumbnail}"),
                              embeddable=True)
        if post_type != "attachment":
            resource.add_link("https://api.w.org/attachment", self._url("/wp/v2/media", "parent", post_id))
        for taxonomy, tax_base in REST_TAXONOMIES.items():
            if taxonomy in OBJECT_TAXONOMIES.get(post_type, ()):
                resource.add_link("https://api.w.org/term", self._url(f"/wp/v2/{tax_base}", "post", post_id),
                                  taxonomy=taxonomy, embeddable=True)
        if req.context == "edit":
            for rel in self._actions():
                resource.add_link(rel, self_href)

    def _featured_readable(self, thumbnail: int) -> bool:
        if self.legacy_61:
            return True
        # Since 7.0 the link is only given for media the user may see.
        media_row = self.featured.get(thumbnail)
        if media_row is None:
            return False
        return media_row["post_status"] == "publish" or can_read_private_row(self.req, media_row, self.parents)

    def _actions(self) -> list[str]:
        """get_available_actions(): what the user may do, as `wp:action-*` links (edit context)."""
        user = self.req.user
        pt = self.post_type
        rels: list[str] = []
        if pt != "attachment" and can_publish(user, pt):
            rels.append("https://api.w.org/action-publish")
        if has_cap(user, "unfiltered_html"):
            rels.append("https://api.w.org/action-unfiltered-html")
        if pt == "post" and can_edit_others_posts(user, pt) and can_publish(user, pt):
            rels.append("https://api.w.org/action-sticky")
        if "author" in served_post_type(pt).schema_features and can_edit_others_posts(user, pt):
            rels.append("https://api.w.org/action-assign-author")
        for taxonomy, base in REST_TAXONOMIES.items():
            if taxonomy not in OBJECT_TAXONOMIES.get(pt, ()):
                continue
            # Hierarchical taxonomies need edit_terms (manage_categories) to create terms.
            create_cap = "manage_categories" if taxonomy == "category" else "edit_posts"
            if has_cap(user, create_cap):
                rels.append(f"https://api.w.org/action-create-{base}")
            if has_cap(user, "edit_posts"):
                rels.append(f"https://api.w.org/action-assign-{base}")
        return rels

    def allowed_methods(self, row: Row) -> list[str]:
        """targetHints.allow of the self link (6.7+): methods whose permission check passes."""
        allowed: list[str] = []
        if can_view(self.req, row, self.parents):
            allowed.append("GET")
        if can_edit(self.req, row):
            allowed += ["POST", "PUT", "PATCH"]
        if can_delete(self.req, row):
            allowed.append("DELETE")
        return allowed


# Only these items are memoised: what a published post shows does not depend on who may
# read private posts (its link, its parent's).
_MEMO_TYPES = frozenset({"post", "page"})


def _request_key(req: RestRequest, post_type: str) -> Hashable:
    """What every post's item of this request depends on besides its rows."""
    legacy = req.site.legacy_61
    context = req.context
    fields = req.fields
    # 6.7+ shows the viewer's methods in `targetHints` (and 7.0+ which featured images they may
    # see); the edit context shows their actions: then the item is the viewer's own.
    viewer = viewer_key(req) if not legacy or context == "edit" else None
    return (
        "post", post_type, context, tuple(fields) if fields is not None else None,
        None if legacy else repr(req.params.get("excerpt_length")), viewer,
    )


def _memo_key(req: RestRequest, request_key: Hashable, row: Row) -> Hashable | None:
    """What a post's item depends on besides its rows (the versions cover those), or None
    for an item that is not memoised."""
    if row["post_status"] != "publish" or row["post_type"] not in _MEMO_TYPES:
        return None
    # A protected post's content shows only with its password (or to its editors).
    visible = password_ok(req, row) if row["post_password"] else True
    return (request_key, int(row["ID"]), visible)


def _copy(resource: Resource) -> Resource:
    # Callers add fields (likes) or replace them (`_fields`) at the top level of the item.
    return Resource(dict(resource.data), dict(resource.links), resource.links_always)


async def prepare_posts(req: RestRequest, post_type: str, rows: list[Row]) -> list[Resource]:
    """The items of `rows`, from the memo where they were prepared at the versions this
    request started from (rest/object_memo.py), the others through a `PostBatch` (whose
    queries are skipped altogether when every item is memoised).

    In response order, as WordPress renders them: what a post renders depends on the posts
    rendered before it in the request (a block post moves wpautop, galleries and players are
    numbered), so that state is part of the key, and a memoised item leaves it as its
    rendering did."""
    versions = memo_versions(req)
    if versions is None:
        batch = await PostBatch.load(req, post_type, rows)
        return [batch.prepare(row) for row in rows]
    memo = object_memo(req.storage, req.settings)
    version = versions.of_posts()
    seen: dict[int, Row | None] = req.cache.setdefault("posts.rows", {})
    out: list[Resource] = []
    batch: PostBatch | None = None
    request_key = _request_key(req, post_type)
    for n, row in enumerate(rows):
        key = _memo_key(req, request_key, row)
        if key is not None:
            key = (key, render_state(req))
            found = memo.get(key, version)
            if found is not None:
                resource, after = found
                set_render_state(req, after)
                # Embedded sub-requests look rows up here, as after a load.
                seen.setdefault(int(row["ID"]), row)
                out.append(_copy(resource))
                continue
        if batch is None:
            # What the rest of the page needs (some of it may still be memoised).
            batch = await PostBatch.load(req, post_type, rows[n:])
        resource = batch.prepare(row)
        if key is not None:
            memo.put(key, version, (_copy(resource), render_state(req)))
        out.append(resource)
    return out


async def meta_of(req: RestRequest, ids: list[int]) -> dict[int, dict[str, str]]:
    """The meta keys a post response reads, for `ids`, memoised for the request and its
    embedded sub-requests (one query for those not seen yet)."""
    memo: dict[int, dict[str, str]] = req.cache.setdefault("posts.meta", {})
    missing = [i for i in ids if i not in memo]
    if missing:
        memo.update(await post_meta(req.storage, missing, (*POST_META_KEYS, *media.MEDIA_META_KEYS)))
    return {i: memo.get(i, {}) for i in ids}


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def editable_slug(slug: str) -> str:
    """The `editable_slug` filter get_sample_permalink() applies: urldecode then esc_textarea,
    so a stored "%d7%a2…" comes back as the letters typed."""
    return esc_textarea(urllib.parse.unquote_plus(slug))


def _sticky_from_raw(raw: str | None) -> tuple[int, ...]:
    """The `sticky_posts` option's ids, decoded once per raw value: a big site keeps
    hundreds of ids there, and unserializing them on every request cost most of a post's
    CPU. Keyed by the raw text, so any change (ours or WordPress's) is a new key."""
    cached = _STICKY.get(raw)
    if cached is None:
        value = [] if raw is None else loads_maybe(raw)
        items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
        cached = tuple(_int(v) for v in items if _int(v))
        if len(_STICKY) >= 8:
            _STICKY.clear()
        _STICKY[raw] = cached
    return cached


_STICKY: dict[str | None, tuple[int, ...]] = {}
_STICKY_SETS: dict[tuple[int, ...], frozenset[int]] = {}


def sticky_ids(req: RestRequest) -> frozenset[int]:
    """The `sticky_posts` option as a set of ids (as a write of this request left it, if any:
    the site's options were read before the write)."""
    written: frozenset[int] | None = req.cache.get("posts.sticky")
    if written is not None:
        return written
    ids = _sticky_from_raw(req.site.options.get("sticky_posts"))
    found = _STICKY_SETS.get(ids)
    if found is None:
        if len(_STICKY_SETS) >= 8:
            _STICKY_SETS.clear()
        found = _STICKY_SETS[ids] = frozenset(ids)
    return found


def sticky_list(req: RestRequest) -> list[int]:
    return list(_sticky_from_raw(req.site.options.get("sticky_posts")))


def can_read_private_row(req: RestRequest, row: Row, parents: dict[int, Row] | None = None) -> bool:
    """current_user_can( 'read_post' ) for a private post's permalink (pretty only if readable)."""
    from wpcompat.rest.post_access import can_read

    parent = None
    if parents and int(row.get("post_parent") or 0):
        parent = parents.get(int(row["post_parent"]))
    return can_read(req, row, parent)


def unique_slug(slug: str, taken: set[str]) -> str:
    """wp_unique_post_slug(): `slug`, or `slug-2`, `slug-3`… when another post holds it."""
    if slug not in taken:
        return slug
    suffix = 2
    while f"{slug}-{suffix}" in taken:
        suffix += 1
    return f"{slug}-{suffix}"


async def taken_slugs(req: RestRequest, rows: list[Row]) -> dict[int, set[str]]:
    """For each row, the slugs other posts hold that its generated slug must avoid (one query)."""
    candidates = {int(r["ID"]): sanitize_title(str(r["post_title"]), str(r["ID"])) for r in rows}
    if not candidates:
        return {}
    found = await posts_with_slugs(req.storage, candidates.values())
    out: dict[int, set[str]] = {}
    for row in rows:
        post_id, post_type = int(row["ID"]), row["post_type"]
        names: set[str] = set()
        for other in found:
            if int(other.ID) == post_id:
                continue
            if post_type == "attachment":
                names.add(str(other.post_name))
            elif post_type == "page":
                if other.post_type in ("page", "attachment") and int(other.post_parent) == int(row["post_parent"]):
                    names.add(str(other.post_name))
            elif other.post_type == post_type:
                names.add(str(other.post_name))
        out[post_id] = names
    return out
