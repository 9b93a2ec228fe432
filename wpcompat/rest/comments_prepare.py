"""A comment as WP_REST_Comments_Controller::prepare_item_for_response() shows it.

Everything a page of comments needs beyond its rows (posts, authors' emails, children, link
facts) is loaded for the whole page in one query each before any item is built.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from auth.capabilities import can_read_post as user_can_read_post
from schemas.comments import registered_comment_meta
from wpcompat.avatars import comment_avatar_urls, show_avatars
from wpcompat.permalinks import Links, page_of_comment
from wpcompat.render.pipelines import comment_text as render_comment_text
from wpcompat.rest.comments_access import REST_POST_ROUTES, load_comment, load_posts, post_of, rows_of
from wpcompat.rest.object_memo import memo_versions, object_memo, viewer_key
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource
from wpcompat.storage.comments import (
    get_meta_for_comments,
    ids_with_children,
    user_emails,
)
from wpcompat.util.dates import to_rfc3339

Row = dict[str, Any]
BASE = "/wp/v2/comments"
_ALL = ("view", "edit", "embed")
_VIEW_EDIT = ("view", "edit")
# The fields of the item schema in the order prepare_item_for_response() writes them, with
# their contexts (filter_response_by_context).
FIELD_CONTEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id", _ALL), ("post", _VIEW_EDIT), ("parent", _ALL), ("author", _ALL), ("author_name", _ALL),
    ("author_email", ("edit",)), ("author_url", _ALL), ("author_ip", ("edit",)),
    ("author_user_agent", ("edit",)), ("date", _ALL), ("date_gmt", _VIEW_EDIT), ("content", _ALL),
    ("link", _ALL), ("status", _VIEW_EDIT), ("type", _ALL), ("author_avatar_urls", _ALL),
    ("meta", _VIEW_EDIT),
)


def comment_text(raw: str, req: RestRequest) -> str:
    """The `comment_text` filters (content.rendered), from the render pipelines (which read the
    site's URLs and use_smilies from their own configuration)."""
    return render_comment_text(raw, legacy_61=req.site.legacy_61)


def status_name(approved: str) -> str:
    """prepare_status_response(): the stored comment_approved as REST names it."""
    if approved in ("0", "hold"):
        return "hold"
    if approved in ("1", "approve"):
        return "approved"
    return approved


def comment_type(row: Row) -> str:
    """get_comment_type(): comments stored before 5.5 have an empty type."""
    return str(row.get("comment_type") or "comment")


def wanted_fields(req: RestRequest) -> list[str]:
    """get_fields_for_response(): the schema's fields in this context, trimmed by `_fields`."""
    key = ("comments.fields", req.context, req.query.get("_fields") if not req.embedded else None)
    if key not in req.cache:
        context = req.context
        avatars = show_avatars(req.site)
        asked = req.fields
        # 6.1's comments controller tests each field with in_array() against
        # get_fields_for_response(), which keeps a nested request (`content.rendered`) under its
        # full name: a field is computed only when its own name is asked for. (Served as a later
        # version, the fields stay rest_is_field_included()'s, as in the other controllers.)
        exact = req.site.legacy_61 and bool(asked)
        req.cache[key] = [
            name for name, contexts in FIELD_CONTEXTS
            if context in contexts and (avatars or name != "author_avatar_urls")
            and (name in (asked or []) if exact else req.wants(name))
        ]
    fields: list[str] = req.cache[key]
    return fields


async def preload(req: RestRequest, comments: list[Row]) -> None:
    """Load, in one query each, what building these comments needs that is not loaded yet."""
    rows = rows_of(req)
    fields = wanted_fields(req)
    links_wanted = req.wants("_links") or req.wants("_embedded")
    await load_posts(req, {int(c["comment_post_ID"]) for c in comments})
    if "author_avatar_urls" in fields:
        ids = {int(c["user_id"]) for c in comments if int(c["user_id"] or 0)} - set(rows.user_emails)
        if ids:
            found = await user_emails(req.storage, ids)
            for i in ids:
                rows.user_emails[i] = found.get(i)
        # Social commenters' pictures (wpcompat.web.social): the hc_avatar meta, one query a page.
        social = req.cache.setdefault("hc_avatar", {})
        wanted = {int(c["comment_ID"]) for c in comments} - set(social)
        if wanted:
            found_meta = await get_meta_for_comments(req.storage, wanted, ["hc_avatar"])
            for i in wanted:
                social[i] = (found_meta.get(i, {}).get("hc_avatar") or [None])[0]
    if links_wanted:
        ids = {int(c["comment_ID"]) for c in comments} - set(rows.children)
        if ids:
            parents = await ids_with_children(req.storage, ids)
            for i in ids:
                rows.children[i] = i in parents
    if "link" in fields:
        posts = [post_of(req, int(c["comment_post_ID"])) for c in comments]
        await _links(req).prepare([p for p in posts if p is not None])
        if req.site.option_bool("page_comments"):
            for c in comments:
                await comment_page(req, c)


def _links(req: RestRequest) -> Links:
    # wp_force_plain_post_permalink(): private posts keep their pretty link for their readers.
    return Links.of(req, private_readable=lambda post: user_can_read_post(req.user, post))


async def comment_page(req: RestRequest, comment: Row) -> int | None:
    """get_page_of_comment() for this request's viewer, memoised with the request's rows."""
    viewer = req.user.id if req.user is not None else None
    return await page_of_comment(
        req.site, req.storage, comment, viewer, lambda comment_id: load_comment(req, comment_id), rows_of(req).pages
    )


def comment_link(req: RestRequest, comment: Row) -> str:
    """get_comment_link(), after `preload` (which finds the comment's page)."""
    cpage = rows_of(req).pages.get(int(comment["comment_ID"])) if req.site.option_bool("page_comments") else None
    return _links(req).comment_link(post_of(req, int(comment["comment_post_ID"])), int(comment["comment_ID"]), cpage)


async def meta_values(req: RestRequest, comments: list[Row]) -> dict[int, Any]:
    """The `meta` field: [] in 6.1 (nothing registered); registered keys since 6.9."""
    registered = registered_comment_meta(legacy_61=req.site.legacy_61)
    if not registered:
        return {}
    stored = await get_meta_for_comments(req.storage, [int(c["comment_ID"]) for c in comments], registered)
    out: dict[int, Any] = {}
    for c in comments:
        values = stored.get(int(c["comment_ID"]), {})
        out[int(c["comment_ID"])] = {key: (values.get(key) or [""])[0] for key in registered}
    return out


def prepare(req: RestRequest, comment: Row, meta: Any = None) -> Resource:
    """One comment, after `preload`. Only the wanted fields are computed."""
    fields = wanted_fields(req)
    comment_id = int(comment["comment_ID"])
    data: dict[str, Any] = {}
    for name in fields:
        if name == "id":
            data["id"] = comment_id
        elif name == "post":
            data["post"] = int(comment["comment_post_ID"])
        elif name == "parent":
            data["parent"] = int(comment["comment_parent"])
        elif name == "author":
            data["author"] = int(comment["user_id"])
        elif name == "author_name":
            data["author_name"] = comment["comment_author"]
        elif name == "author_email":
            data["author_email"] = comment["comment_author_email"]
        elif name == "author_url":
            data["author_url"] = comment["comment_author_url"]
        elif name == "author_ip":
            data["author_ip"] = comment["comment_author_IP"]
        elif name == "author_user_agent":
            data["author_user_agent"] = comment["comment_agent"]
        elif name == "date":
            data["date"] = to_rfc3339(comment["comment_date"], req.site.tz)
        elif name == "date_gmt":
            data["date_gmt"] = to_rfc3339(comment["comment_date_gmt"], req.site.tz)
        elif name == "content":
            content: dict[str, str] = {}
            if req.wants("content.rendered"):
                content["rendered"] = comment_text(comment["comment_content"], req)
            if req.context == "edit" and req.wants("content.raw"):
                content["raw"] = comment["comment_content"]
            data["content"] = content
        elif name == "link":
            data["link"] = comment_link(req, comment)
        elif name == "status":
            data["status"] = status_name(str(comment["comment_approved"]))
        elif name == "type":
            data["type"] = comment_type(comment)
        elif name == "author_avatar_urls":
            user_id = int(comment["user_id"] or 0)
            email = rows_of(req).user_emails.get(user_id) if user_id else None
            data["author_avatar_urls"] = comment_avatar_urls(
                req.site, comment, email, req.cache.get("hc_avatar", {}).get(comment_id)
            )
        elif name == "meta":
            data["meta"] = meta if meta is not None else []
    resource = Resource(data)
    if req.wants("_links") or req.wants("_embedded"):
        add_links(req, resource, comment)
    return resource


def _memo_scope(req: RestRequest) -> Hashable:
    """What a memoised comment's output depends on besides the comment: the request's
    context and `_fields`, and the viewer (a comment's page, in `link`, counts the viewer's
    own unapproved comments)."""
    fields = req.fields
    return (req.context, tuple(fields) if fields is not None else None, viewer_key(req))


def _copy(resource: Resource) -> Resource:
    # Callers add fields (likes) or replace them (`_fields`) at the top level of the item.
    return Resource(dict(resource.data), dict(resource.links), resource.links_always)


async def prepare_comments(req: RestRequest, comments: list[Row]) -> list[Resource]:
    """`preload`, `meta_values` and `prepare` for these comments, with the items prepared at
    the versions this request started from taken from the memo (rest/object_memo.py); when
    all are, none of the loads runs."""
    versions = memo_versions(req)
    if versions is None:
        await preload(req, comments)
        meta = await meta_values(req, comments) if comments else {}
        return [prepare(req, c, meta.get(int(c["comment_ID"]))) for c in comments]
    memo = object_memo(req.storage, req.settings)
    scope = _memo_scope(req)
    post_versions: dict[int, Hashable] = {}  # a page's comments are mostly of a few posts
    out: list[Resource | None] = []
    labels: list[tuple[Hashable, Hashable] | None] = []
    missing: list[Row] = []
    for comment in comments:
        post_id = int(comment["comment_post_ID"] or 0)
        version = post_versions.get(post_id)
        if version is None:
            version = post_versions[post_id] = versions.of_comments(post_id)
        label = (("comment", int(comment["comment_ID"]), scope), version) if version is not None else None
        found = memo.get(*label) if label is not None else None
        labels.append(label)
        out.append(None if found is None else _copy(found))
        if found is None:
            missing.append(comment)
    if missing:
        await preload(req, missing)
        meta = await meta_values(req, missing)
        for i, (comment, label) in enumerate(zip(comments, labels, strict=True)):
            if out[i] is None:
                resource = prepare(req, comment, meta.get(int(comment["comment_ID"])))
                if label is not None:
                    memo.put(label[0], label[1], _copy(resource))
                out[i] = resource
    return out  # type: ignore[return-value]


def add_links(req: RestRequest, resource: Resource, comment: Row) -> None:
    """prepare_links(): self, collection, author, up, in-reply-to, children."""
    site = req.site
    comment_id = int(comment["comment_ID"])
    resource.add_link("self", site.rest_url(f"{BASE}/{comment_id}"))
    resource.add_link("collection", site.rest_url(BASE))
    user_id = int(comment["user_id"] or 0)
    if user_id:
        resource.add_link("author", site.rest_url(f"/wp/v2/users/{user_id}"), embeddable=True)
    post = post_of(req, int(comment["comment_post_ID"]))
    if post is not None:
        route = REST_POST_ROUTES.get(str(post["post_type"]))
        if route:
            resource.add_link("up", site.rest_url(f"{route}/{post['ID']}"), embeddable=True,
                              post_type=post["post_type"])
    parent = int(comment["comment_parent"] or 0)
    if parent:
        resource.add_link("in-reply-to", site.rest_url(f"{BASE}/{parent}"), embeddable=True)
    if rows_of(req).children.get(comment_id):
        resource.add_link("children", site.rest_url(BASE, {"parent": comment_id}), embeddable=True)
