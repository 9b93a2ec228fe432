"""Creating, updating, trashing and deleting posts, pages and media items (the write half of
WP_REST_Posts_Controller / WP_REST_Attachments_Controller).

Each request is one transaction (`write_transaction`): a check that fails half-way (an invalid
author, parent, featured image…) leaves nothing behind, where WordPress would keep the
already-inserted row. The order of the checks and their errors follow WordPress 6.1.
"""

from __future__ import annotations

import time
from typing import Any

from auth.capabilities import (
    can_assign_terms,
    can_create_posts,
    can_edit_others_posts,
    can_publish,
    has_cap,
    unfiltered_html,
)
from schemas import posts as post_schemas
from wpcompat.permalinks import Links
from wpcompat.registry import FLOATING_STATUSES, served_post_type
from wpcompat.render import pipelines
from wpcompat.render.formatting import sanitize_title
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.post_access import can_edit, load_post, post_of_type
from wpcompat.rest.post_prepare import PostBatch, can_read_private_row
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import ArgHook, Handler, Permission
from wpcompat.rest.validation import ParamError, php_intval
from wpcompat.storage import post_writes as store
from wpcompat.storage.comment_writes import write_transaction
from wpcompat.storage.posts import Row, get_post
from wpcompat.util.dates import ZERO_DATE, gmt_from_local, now_gmt, now_local, parse_rest_date

_FORMAT_SLUGS = ("aside", "chat", "gallery", "link", "image", "quote", "status", "video", "audio")


def _has_feature(post_type: str, feature: str, legacy_61: bool) -> bool:
    return served_post_type(post_type).has(feature, legacy_61)


def _taxonomies(post_type: str) -> list[tuple[str, str]]:
    return [(t.slug, t.rest_base) for t in served_post_type(post_type).served_taxonomies]


def write_args(args: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The schema's arguments with WordPress's arg_options applied: title, content, excerpt
    (and a media item's caption and description) take a string or an object, unchecked."""
    out = dict(args)
    for name in ("title", "content", "excerpt", "caption", "description"):
        if name in out:
            # Not shown by OPTIONS (only schema keywords are); read by the server's validation.
            out[name] = {**out[name], "validate_callback": None, "sanitize_callback": None}
    return out


def template_hook(post_type: str) -> ArgHook:
    """check_template(): '' or the post's current template; anything else is not one of the
    theme's templates (none here)."""

    async def hook(value: Any, req: RestRequest, name: str) -> Any:
        if not value:
            return value
        # As PHP reads the route's id: digits beyond 64 bits name no post (and no database
        # column could hold them), never an overflow.
        post_id = php_intval(req.url_params.get("id") or 0)
        current = await store.get_meta(req.storage, post_id, "_wp_page_template") if post_id > 0 else None
        if value == current:
            return value
        raise ParamError("rest_invalid_param", "template is not one of .", None)

    return hook


# ---------------------------------------------------------------- permissions


def _int_or_none(value: Any) -> int | None:
    try:
        return php_intval(value)
    except (TypeError, ValueError):
        return None


async def _terms_assignable(req: RestRequest, post_type: str) -> bool:
    """check_assign_terms_permission(): every existing term sent needs assign_term."""
    for taxonomy, base in _taxonomies(post_type):
        raw = req.params.get(base)
        ids = [i for i in (_int_or_none(v) for v in (raw if isinstance(raw, list) else [raw])) if i]
        if not ids:
            continue
        known = await store.term_taxonomy_ids(req.storage, taxonomy, ids)
        if known and not can_assign_terms(req.user, taxonomy):
            return False
    return True


def _author_check(req: RestRequest, post_type: str, verb: str) -> None:
    # The permission also runs for the `Allow` header of a GET, whose `author` is a list:
    # PHP's `!==` finds it different from the user's id, as here.
    author = req.params.get("author")
    me = req.user.id if req.user is not None else 0
    if author and _int_or_none(author) != me and not can_edit_others_posts(req.user, post_type):
        raise forbidden("rest_cannot_edit_others", f"Sorry, you are not allowed to {verb} posts as this user.",
                        req.logged_in)


def _sticky_check(req: RestRequest, post_type: str) -> None:
    if req.params.get("sticky") and not can_edit_others_posts(req.user, post_type) \
            and not can_publish(req.user, post_type):
        raise forbidden("rest_cannot_assign_sticky", "Sorry, you are not allowed to make posts sticky.",
                        req.logged_in)


def create_permission(post_type: str) -> Permission:
    """create_item_permissions_check(), in WordPress's order."""

    async def check(req: RestRequest) -> None:
        if req.params.get("id"):
            raise RestError("rest_post_exists", "Cannot create existing post.", 400)
        _author_check(req, post_type, "create")
        _sticky_check(req, post_type)
        if not can_create_posts(req.user, post_type):
            raise forbidden("rest_cannot_create", "Sorry, you are not allowed to create posts as this user.",
                            req.logged_in)
        if not await _terms_assignable(req, post_type):
            raise forbidden("rest_cannot_assign_term", "Sorry, you are not allowed to assign the provided terms.",
                            req.logged_in)
        if post_type == "attachment":
            if not has_cap(req.user, "upload_files"):
                raise forbidden("rest_cannot_create", "Sorry, you are not allowed to upload media on this site.",
                                req.logged_in)
            parent_id = req.params.get("post")
            if parent_id:
                # (int) $request['post'] as WordPress casts it: this check also runs unvalidated,
                # for the Allow header of another method's answer.
                parent = await load_post(req, php_intval(parent_id))
                if parent is None or not can_edit(req, parent):
                    raise forbidden("rest_cannot_edit", "Sorry, you are not allowed to upload media to this post.",
                                    req.logged_in)
    return check


def update_permission(post_type: str) -> Permission:
    """update_item_permissions_check()."""

    async def check(req: RestRequest) -> None:
        row = await post_of_type(req, post_type, req.url_params.get("id"))
        if not can_edit(req, row):
            raise forbidden("rest_cannot_edit", "Sorry, you are not allowed to edit this post.", req.logged_in)
        _author_check(req, post_type, "update")
        _sticky_check(req, post_type)
        if not await _terms_assignable(req, post_type):
            raise forbidden("rest_cannot_assign_term", "Sorry, you are not allowed to assign the provided terms.",
                            req.logged_in)
    return check


# ---------------------------------------------------------------- prepare_item_for_database


def _text(value: Any) -> str | None:
    """A title/content/excerpt parameter: a string, or an object whose `raw` is used."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value.get("raw"):
        return str(value["raw"])
    return None


def _status(req: RestRequest, post_type: str, status: str) -> str:
    """handle_status_param()."""
    if status in ("private",) and not can_publish(req.user, post_type):
        raise forbidden("rest_cannot_publish", "Sorry, you are not allowed to create private posts in this post type.",
                        req.logged_in)
    if status in ("publish", "future") and not can_publish(req.user, post_type):
        raise forbidden("rest_cannot_publish", "Sorry, you are not allowed to publish posts in this post type.",
                        req.logged_in)
    if status not in ("draft", "pending", "private", "publish", "future", "inherit", "trash"):
        return "draft"
    return status


def _date_pair(req: RestRequest, value: str, utc: bool) -> tuple[str, str] | None:
    """rest_get_date_with_gmt(): (local, gmt); a value without offset is in the site's zone
    (or UTC for date_gmt)."""
    import datetime as dt

    parsed = parse_rest_date(value, dt.UTC if utc else req.site.tz)
    if parsed is None:
        return None
    fmt = "%Y-%m-%d %H:%M:%S"
    return parsed.astimezone(req.site.tz).strftime(fmt), parsed.astimezone(dt.UTC).strftime(fmt)


async def _prepare(req: RestRequest, post_type: str, existing: Row | None) -> dict[str, Any]:
    """The columns the request sets (WordPress's prepared post), plus `edit_date`."""
    p = req.params
    legacy = req.site.legacy_61
    out: dict[str, Any] = {}
    for name, column in (("title", "post_title"), ("content", "post_content"), ("excerpt", "post_excerpt")):
        if req.has(name) and _has_feature(post_type, {"title": "title", "content": "editor",
                                                       "excerpt": "excerpt"}[name], legacy):
            text = _text(p.get(name))
            if text is not None:
                out[column] = text
    if post_type == "attachment":
        # The attachments controller: caption → excerpt, description → content, post → parent.
        for name, column in (("caption", "post_excerpt"), ("description", "post_content")):
            if req.has(name):
                text = _text(p.get(name))
                if text is not None:
                    out[column] = text
        if req.has("post"):
            out["post_parent"] = php_intval(p.get("post") or 0)
    current_status = str(existing["post_status"]) if existing else ""
    status = p.get("status")
    if status is not None and (not current_status or current_status != status):
        out["post_status"] = _status(req, post_type, str(status))
    if p.get("date"):
        pair = _date_pair(req, str(p["date"]), utc=False)
        if pair and (existing is None or existing["post_date"] != pair[0]):
            out["post_date"], out["post_date_gmt"] = pair
            out["edit_date"] = True
    elif p.get("date_gmt"):
        pair = _date_pair(req, str(p["date_gmt"]), utc=True)
        if pair and (existing is None or existing["post_date_gmt"] != pair[1]):
            out["post_date"], out["post_date_gmt"] = pair
            out["edit_date"] = True
    if (req.has("date") and p.get("date") is None) or (req.has("date_gmt") and p.get("date_gmt") is None):
        # A null date resets both to "now" (floating for drafts).
        out["post_date"] = out["post_date_gmt"] = ZERO_DATE
    if req.has("slug") and p.get("slug") is not None:
        out["post_name"] = sanitize_title(str(p["slug"]))
    if p.get("author"):
        author = php_intval(p["author"])
        me = req.user.id if req.user is not None else 0
        if author != me and not await store.user_exists(req.storage, author):
            raise RestError("rest_invalid_author", "Invalid author ID.", 400)
        out["post_author"] = author
    if req.has("password") and p.get("password") is not None and post_type != "attachment":
        out["post_password"] = str(p["password"])
        if out["post_password"]:
            if p.get("sticky"):
                raise RestError("rest_invalid_field", "A post can not be sticky and have a password.", 400)
            if existing is not None and int(existing["ID"]) in await store.read_sticky(req.storage):
                raise RestError("rest_invalid_field", "A sticky post can not be password protected.", 400)
    if p.get("sticky") and existing is not None and existing.get("post_password"):
        # post_password_required(): a REST request carries no password cookie.
        raise RestError("rest_invalid_field", "A password protected post can not be set to sticky.", 400)
    if req.has("parent") and served_post_type(post_type).hierarchical:
        parent_id = php_intval(p.get("parent") or 0)
        if parent_id and await load_post(req, parent_id) is None:
            raise RestError("rest_post_invalid_id", "Invalid post parent ID.", 400)
        out["post_parent"] = parent_id
    if req.has("menu_order") and p.get("menu_order") is not None and post_type == "page":
        out["menu_order"] = php_intval(p["menu_order"])
    for name in ("comment_status", "ping_status"):
        if p.get(name):
            out[name] = str(p[name])
    return out


# ---------------------------------------------------------------- wp_insert_post


def _default_discussion(req: RestRequest, post_type: str, kind: str) -> str:
    """get_default_comment_status(): pages are closed; otherwise the site option when the type
    supports comments (posts, attachments) or trackbacks (posts only)."""
    supported = ("post", "attachment") if kind == "comment" else ("post",)
    if post_type not in supported:
        return "closed"
    return req.site.option(f"default_{kind}_status", "open") or "closed"


def _filter_text(req: RestRequest, values: dict[str, Any]) -> None:
    """sanitize_post( 'db' ): the save_pre filters (kses without unfiltered_html)."""
    raw_html = unfiltered_html(req.user)
    if "post_title" in values:
        values["post_title"] = pipelines.title_save_pre(values["post_title"], raw_html)
    if "post_content" in values:
        values["post_content"] = pipelines.content_save_pre(values["post_content"], raw_html)
    if "post_excerpt" in values:
        values["post_excerpt"] = pipelines.excerpt_save_pre(values["post_excerpt"], raw_html)


async def _save(req: RestRequest, post_type: str, existing: Row | None, changes: dict[str, Any]) -> Row:
    """wp_insert_post() / wp_update_post(): the whole row decided, written, and read back."""
    storage = req.storage
    tz = req.site.tz
    update = existing is not None
    edit_date = bool(changes.pop("edit_date", False))
    if existing is not None:
        post = dict(existing)
        previous_status = str(existing["post_status"])
        # Drafts shouldn't be assigned a date unless explicitly done so by the user.
        clear_date = (previous_status in FLOATING_STATUSES and not edit_date
                      and existing["post_date_gmt"] == ZERO_DATE)
        post.update(changes)
        if clear_date:
            post["post_date"], post["post_date_gmt"] = now_local(tz), ZERO_DATE
    else:
        previous_status = "new"
        post = {
            "post_author": req.user.id if req.user is not None else 0,
            "post_status": "draft",
            "post_type": post_type,
            "post_title": "", "post_content": "", "post_excerpt": "",
            "post_password": "", "post_name": "", "post_parent": 0, "menu_order": 0,
            "post_date": ZERO_DATE, "post_date_gmt": ZERO_DATE, "guid": "",
            "comment_status": "", "ping_status": "",
        }
        post.update(changes)
    # sanitize_post() runs on the merged post: kept fields are filtered again for this user.
    _filter_text(req, post)
    status = str(post["post_status"])
    if post_type == "attachment" and status not in ("inherit", "private", "trash", "auto-draft"):
        status = "inherit"
    legacy = req.site.legacy_61
    if (post_type != "attachment" and not post["post_title"] and not post["post_content"] and not post["post_excerpt"]
            and all(_has_feature(post_type, f, legacy) for f in ("editor", "title", "excerpt"))):
        raise RestError("empty_content", "Content, title, and excerpt are empty.", 400)
    # Dates: an empty local date comes from the GMT one, or is now.
    if post["post_date"] in ("", ZERO_DATE, None):
        gmt = post.get("post_date_gmt")
        if gmt in ("", ZERO_DATE, None):
            post["post_date"] = now_local(tz)
        else:
            from wpcompat.util.dates import local_from_gmt

            post["post_date"] = local_from_gmt(str(gmt), tz)
    if post.get("post_date_gmt") in ("", ZERO_DATE, None):
        post["post_date_gmt"] = ZERO_DATE if status in FLOATING_STATUSES else gmt_from_local(post["post_date"], tz)
    if update:
        post["post_modified"], post["post_modified_gmt"] = now_local(tz), now_gmt()
    else:
        # A new post's modified date is its date (an explicit past date included).
        post["post_modified"], post["post_modified_gmt"] = post["post_date"], post["post_date_gmt"]
    if post_type != "attachment" and post["post_date_gmt"] != ZERO_DATE:
        ahead = _seconds_between(now_gmt(), post["post_date_gmt"])
        if status == "publish" and ahead >= 60:
            status = "future"
        elif status == "future" and ahead < 60:
            status = "publish"
    post["post_status"] = status
    if not post.get("comment_status"):
        post["comment_status"] = "closed" if update else _default_discussion(req, post_type, "comment")
    if not post.get("ping_status"):
        post["ping_status"] = _default_discussion(req, post_type, "ping")
    # The slug: contributors may not choose one for pending posts; drafts keep none.
    name = str(post.get("post_name") or "")
    if status == "pending" and not can_publish(req.user, post_type):
        name = ""
    if not name:
        name = "" if status in FLOATING_STATUSES else sanitize_title(str(post["post_title"]))
    elif "post_name" in changes:
        name = sanitize_title(name)
    post_id = int(existing["ID"]) if existing is not None else 0
    if existing is not None and status != "trash" and previous_status == "trash":
        desired = await store.get_meta(storage, post_id, "_wp_desired_post_slug")
        if desired:
            await store.delete_meta(storage, post_id, ["_wp_desired_post_slug"])
            name = desired
    if status != "trash" and name:
        await store.suffix_trashed_namesakes(storage, post_id, post_type, name)
    if existing is not None and status == "trash" and previous_status != "trash":
        name = await store.add_trashed_suffix(storage, post_id, str(existing["post_name"]))
    name = await store.unique_post_slug(
        storage, name, post_id, status, post_type, int(post.get("post_parent") or 0),
        req.site.option("permalink_structure"), str(existing["post_name"]) if existing is not None else None)
    post["post_name"] = name
    columns = {k: v for k, v in post.items() if k in store.POST_COLUMNS}
    if existing is None:
        post_id = await store.insert_post(storage, columns)
    else:
        columns.pop("comment_count", None)
        await store.update_post(storage, post_id, columns)
    row = await get_post(storage, post_id)
    assert row is not None
    if not row["guid"]:
        links = Links(req.site, storage, {}, lambda r: can_read_private_row(req, r))
        guid = await links.permalink_of(row)
        await store.update_post(storage, post_id, {"guid": guid})
        row["guid"] = guid
    if "category" in [t for t, _ in _taxonomies(post_type)]:
        await _default_category(req, row, update)
    if update and status != previous_status:
        # _update_term_count_on_transition_post_status(): only published posts are counted.
        from wpcompat.storage.terms import recount_terms

        await recount_terms(storage, await store.object_tt_ids(storage, post_id))
    if existing is not None:
        await store.remember_old_link(storage, existing, row)
        # The post_updated hook: a revision of the new state, when it changed.
        await store.save_revision(storage, row, req.user.id if req.user is not None else 0, req.site.home)
    if status == "publish" and (existing is None or str(existing["post_status"]) != "publish"):
        # The post became public: its mail to the site's subscribers is queued with it.
        from wpcompat.mail.notifications import post_published

        await post_published(storage, row, req.settings)
    return row


def _seconds_between(earlier: str, later: str) -> float:
    from wpcompat.util.dates import parse_mysql

    a, b = parse_mysql(earlier), parse_mysql(later)
    if a is None or b is None:
        return 0.0
    return (b - a).total_seconds()


async def _default_category(req: RestRequest, row: Row, update: bool) -> None:
    """wp_set_post_categories(): a post without categories gets the default one."""
    post_id = int(row["ID"])
    if await store.object_tt_ids(req.storage, post_id, "category"):
        return
    if row["post_status"] == "auto-draft":
        return
    default = req.site.option_int("default_category")
    found = await store.term_taxonomy_ids(req.storage, "category", [default]) if default else {}
    if found:
        await store.set_object_terms(req.storage, post_id, "category", found.values())


async def _after_save(req: RestRequest, post_type: str, row: Row, created: bool) -> None:
    """What create_item/update_item do once the row is written: sticky, featured media, format,
    template, terms and meta."""
    p = req.params
    storage = req.storage
    post_id = int(row["ID"])
    legacy = req.site.legacy_61
    props = post_schemas.item_schema(post_type, legacy_61=legacy, rest_root="/")["properties"]

    async def sticky() -> None:
        if "sticky" in props and (created or p.get("sticky") is not None):
            req.cache["posts.sticky"] = frozenset(await store.set_sticky(storage, post_id, bool(p.get("sticky"))))

    async def featured() -> None:
        if "featured_media" in props and p.get("featured_media") is not None:
            ok = await _featured_media(req, post_id, php_intval(p["featured_media"]))
            if not ok and not created:
                raise RestError("rest_invalid_featured_media", "Invalid featured media ID.", 400)

    async def post_format() -> None:
        if "format" in props and p.get("format"):
            await _set_format(req, post_id, str(p["format"]))

    # create_item and update_item call these in different orders; only errors can tell.
    steps = (sticky, featured, post_format) if created else (post_format, featured, sticky)
    for step in steps:
        await step()
    if "template" in props and p.get("template") is not None:
        # handle_template( validate: true ): a template the theme lacks is stored as ''; this
        # site has no theme templates (check_template() already refused unknown new ones).
        await store.set_meta(storage, post_id, "_wp_page_template", "")
    for taxonomy, base in _taxonomies(post_type):
        ids = p.get(base)
        if isinstance(ids, list):
            found = await store.term_taxonomy_ids(storage, taxonomy, [php_intval(i) for i in ids])
            await store.set_object_terms(storage, post_id, taxonomy,
                                         [found[php_intval(i)] for i in ids if php_intval(i) in found])
    meta = p.get("meta")
    if isinstance(meta, dict) and meta:
        registered = post_schemas.registered_post_meta(post_type, legacy_61=legacy)
        for key, value in meta.items():
            if key in registered:
                await store.set_meta(storage, post_id, key, "" if value is None else str(value))
    if post_type == "attachment" and p.get("alt_text") is not None:
        from wpcompat.render.formatting import sanitize_text_field

        await store.set_meta(storage, post_id, "_wp_attachment_image_alt", sanitize_text_field(str(p["alt_text"])))


async def _featured_media(req: RestRequest, post_id: int, media_id: int) -> bool:
    """handle_featured_media() → set_post_thumbnail() / delete_post_thumbnail()."""
    storage = req.storage
    if not media_id:
        had = await store.get_meta(storage, post_id, "_thumbnail_id")
        await store.delete_meta(storage, post_id, ["_thumbnail_id"])
        return had is not None
    media = await get_post(storage, media_id)
    if media is None or media["post_type"] != "attachment":
        return False
    if str(media.get("post_mime_type") or "").startswith("image/"):
        await store.set_meta(storage, post_id, "_thumbnail_id", str(media_id))
        return True
    had = await store.get_meta(storage, post_id, "_thumbnail_id")
    await store.delete_meta(storage, post_id, ["_thumbnail_id"])
    return had is not None


async def _set_format(req: RestRequest, post_id: int, fmt: str) -> None:
    """set_post_format(): `standard` (or unknown) removes the format; others use (and if
    needed create) the `post-format-*` term."""
    storage = req.storage
    if fmt == "standard" or fmt not in _FORMAT_SLUGS:
        await store.set_object_terms(storage, post_id, "post_format", [])
        return
    from wpcompat.storage.posts import term_ids_by_slug
    from wpcompat.storage.term_writes import insert_term

    slug = f"post-format-{fmt}"
    ids = await term_ids_by_slug(storage, "post_format", [slug])
    if ids:
        tt = await store.term_taxonomy_ids(storage, "post_format", ids)
        tt_ids = list(tt.values())
    else:
        term = await insert_term(storage, "post_format", slug, slug=slug)
        tt_ids = [term.term_taxonomy_id]
    await store.set_object_terms(storage, post_id, "post_format", tt_ids)


# ---------------------------------------------------------------- responses


def _forget(req: RestRequest) -> None:
    """Drop what the request memoised about posts, links and terms: the writes changed them."""
    for key in list(req.cache):
        name = key[0] if isinstance(key, tuple) and key else key
        if isinstance(name, str) and name.split(".", 1)[0] in ("posts", "permalinks", "terms") \
                and name != "posts.sticky":
            del req.cache[key]


async def _respond(req: RestRequest, post_type: str, post_id: int, status: int = 200,
                   headers: dict[str, str] | None = None) -> RestResponse:
    _forget(req)
    req.params["context"] = "edit"
    row = await get_post(req.storage, post_id)
    assert row is not None
    batch = await PostBatch.load(req, post_type, [row])
    return RestResponse(batch.prepare(row), status=status, headers=headers or {})


# ---------------------------------------------------------------- handlers


def create_handler(post_type: str) -> Handler:
    base = served_post_type(post_type).rest_base

    async def create_item(req: RestRequest) -> RestResponse:
        if req.params.get("id"):
            raise RestError("rest_post_exists", "Cannot create existing post.", 400)
        if post_type == "attachment":
            # Uploads need a file store; wp_handle_upload has no equivalent here yet.
            if not req.body:
                raise RestError("rest_upload_no_data", "No data supplied.", 400)
            raise RestError("rest_not_implemented", "Uploading media is not available yet.", 501)
        async with write_transaction(req.storage):
            changes = await _prepare(req, post_type, None)
            if changes.get("post_name") and changes.get("post_status") in ("draft", "pending"):
                # wp_unique_post_slug() leaves draft slugs alone; create_item asks as if publishing.
                changes["post_name"] = await store.unique_post_slug(
                    req.storage, changes["post_name"], 0, "publish", post_type, int(changes.get("post_parent") or 0))
            row = await _save(req, post_type, None, changes)
            await _after_save(req, post_type, row, created=True)
        post_id = int(row["ID"])
        location = req.site.rest_url(f"/wp/v2/{base}/{post_id}")
        return await _respond(req, post_type, post_id, 201, {"Location": location})

    return create_item


def update_handler(post_type: str) -> Handler:
    async def update_item(req: RestRequest) -> RestResponse:
        row = await post_of_type(req, post_type, req.url_params.get("id"))
        post_id = int(row["ID"])
        if post_type == "attachment":
            parent = req.params.get("post")
            if parent:
                parent_row = await load_post(req, int(parent))
                if parent_row is not None and parent_row["post_type"] in ("revision", "attachment"):
                    raise RestError("rest_invalid_param", "Invalid parent type.", 400)
        async with write_transaction(req.storage):
            existing = await store.lock_post_row(req.storage, post_id)
            if existing is None:
                raise RestError("rest_post_invalid_id", "Invalid post ID.", 404)
            changes = await _prepare(req, post_type, existing)
            saved = await _save(req, post_type, existing, changes)
            await _after_save(req, post_type, saved, created=False)
        return await _respond(req, post_type, post_id)

    return update_item


def delete_handler(post_type: str) -> Handler:
    async def delete_item(req: RestRequest) -> RestResponse:
        row = await post_of_type(req, post_type, req.url_params.get("id"))
        post_id = int(row["ID"])
        # Media has no trash unless MEDIA_TRASH is on (it is off by default).
        supports_trash = post_type != "attachment"
        req.params["context"] = "edit"
        if req.params.get("force"):
            batch = await PostBatch.load(req, post_type, [row])
            previous = batch.prepare(row).data
            async with write_transaction(req.storage):
                locked = await store.lock_post_row(req.storage, post_id)
                if locked is None:
                    raise RestError("rest_cannot_delete", "The post cannot be deleted.", 500)
                await _delete(req, locked)
            _forget(req)
            return RestResponse({"deleted": True, "previous": previous})
        if not supports_trash:
            raise RestError("rest_trash_not_supported",
                            "The post does not support trashing. Set 'force=true' to delete.", 501)
        if row["post_status"] == "trash":
            raise RestError("rest_already_trashed", "The post has already been deleted.", 410)
        async with write_transaction(req.storage):
            locked = await store.lock_post_row(req.storage, post_id)
            if locked is None or locked["post_status"] == "trash":
                raise RestError("rest_already_trashed", "The post has already been deleted.", 410)
            await _trash(req, post_type, locked)
        return await _respond(req, post_type, post_id)

    return delete_item


async def _trash(req: RestRequest, post_type: str, row: Row) -> None:
    """wp_trash_post(): remember the status and time, move to the trash (through the update
    path: `__trashed` slug, modified date, revision check), trash the comments."""
    storage = req.storage
    post_id = int(row["ID"])
    await store.add_meta(storage, post_id, "_wp_trash_meta_status", str(row["post_status"]))
    await store.add_meta(storage, post_id, "_wp_trash_meta_time", str(int(time.time())))
    await _save(req, post_type, row, {"post_status": "trash"})
    # A trashed post leaves the sticky list (as WordPress answers: `sticky` false once trashed).
    req.cache["posts.sticky"] = frozenset(await store.set_sticky(storage, post_id, False))
    await store.trash_comments(storage, post_id)


async def _delete(req: RestRequest, row: Row) -> None:
    """wp_delete_post( force ) / wp_delete_attachment(), and the options that named the post."""
    storage = req.storage
    post_id = int(row["ID"])
    if row["post_type"] == "attachment":
        # No post keeps a deleted image as its featured image.
        await store.forget_featured_image(storage, post_id)
    await store.delete_post_rows(storage, row)
    if row["post_type"] == "page":
        site = req.site
        if site.option_int("page_on_front") == post_id:
            await store.write_option(storage, "show_on_front", "posts")
            await store.write_option(storage, "page_on_front", "0")
        if site.option_int("page_for_posts") == post_id:
            await store.write_option(storage, "page_for_posts", "0")
    else:
        req.cache["posts.sticky"] = frozenset(await store.set_sticky(storage, post_id, False))
