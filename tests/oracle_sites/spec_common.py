"""Read requests shared by the specs of our own oracle sites (record.py --spec SITE/spec.py).

build(R, rest, ids) adds, through R(name, path, params=..., auth=..., kind=...), requests over
every served REST route with the queries, contexts and auth kinds that differ between sites:
pagination, orderby (title ties), accent- and case-blind search, before/after with offsets,
_fields/_embed/_envelope/_jsonp, context=edit as each kind of user over items they may and
may not edit (posts, pages, media, comments, users, terms), settings, types, statuses.
`rest(route, params)` returns (path, params) for the site's permalink family: /wp-json/ROUTE
with pretty permalinks, /?rest_route=ROUTE with plain ones. Only ids present in `ids` are used.

A site's spec.py starts with `SPEC = []`, `R = recorder(SPEC)` and `IDS = load_ids(HERE)`.
"""
import json
import os

AUTHS = (None, "admin", "author", "subscriber")


def recorder(spec):
    """R(name, path, ...): appends one read request to `spec` (record.py's SPEC); names are unique."""
    def R(name, path, method="GET", params=None, auth=None, kind="json", **kw):
        if any(s["name"] == name for s in spec):
            raise ValueError("duplicate name " + name)
        spec.append({"name": name, "method": method, "path": path, "params": params or {}, "auth": auth,
                     "kind": kind, "phase": "read", **kw})
    return R


def load_ids(site_dir):
    """The ids populate.py wrote (SITE/ids.json), by the names the spec's paths use ({post_x})."""
    with open(os.path.join(site_dir, "ids.json"), encoding="utf-8") as f:
        return json.load(f)


def build(R, rest, ids, searches=(), date_queries=(), extra_posts=()):
    def Q(name, route, params=None, **kw):
        path, prm = rest(route, dict(params or {}))
        R(name, path, params=prm, **kw)

    def has(*keys):
        return all(k in ids for k in keys)

    # discovery / errors
    Q("no_route", "/wp/v2/nope")
    Q("no_route_method", "/wp/v2/posts", method="DELETE")
    Q("posts_bad_id", "/wp/v2/posts/abc")
    Q("post_missing", "/wp/v2/posts/999999")
    Q("post_deleted", "/wp/v2/posts/{post_deleted}") if has("post_deleted") else None

    # posts: collection
    for auth in AUTHS:
        a = auth or "anon"
        Q(f"posts_{a}", "/wp/v2/posts", auth=auth)
        Q(f"posts_edit_{a}", "/wp/v2/posts", {"context": "edit"}, auth=auth)
        Q(f"posts_any_edit_{a}", "/wp/v2/posts", {"context": "edit", "status": "any", "per_page": 50}, auth=auth)
        Q(f"posts_draft_{a}", "/wp/v2/posts", {"status": "draft", "context": "edit"}, auth=auth)
        Q(f"posts_private_{a}", "/wp/v2/posts", {"status": "private"}, auth=auth)
        Q(f"pages_edit_{a}", "/wp/v2/pages", {"context": "edit", "status": "any"}, auth=auth)
        Q(f"media_edit_{a}", "/wp/v2/media", {"context": "edit"}, auth=auth)
        Q(f"comments_edit_{a}", "/wp/v2/comments", {"context": "edit", "per_page": 50}, auth=auth)
        Q(f"comments_all_{a}", "/wp/v2/comments", {"status": "all", "per_page": 50}, auth=auth)
        Q(f"comments_hold_{a}", "/wp/v2/comments", {"status": "hold"}, auth=auth)
        Q(f"users_edit_{a}", "/wp/v2/users", {"context": "edit"}, auth=auth)
        Q(f"users_{a}", "/wp/v2/users", {"per_page": 50}, auth=auth)
        Q(f"categories_edit_{a}", "/wp/v2/categories", {"context": "edit"}, auth=auth)
        Q(f"tags_edit_{a}", "/wp/v2/tags", {"context": "edit"}, auth=auth)
        Q(f"settings_{a}", "/wp/v2/settings", auth=auth)
        Q(f"statuses_{a}", "/wp/v2/statuses", auth=auth)
        Q(f"types_edit_{a}", "/wp/v2/types", {"context": "edit"}, auth=auth)
        Q(f"users_me_{a}", "/wp/v2/users/me", auth=auth)
    Q("posts_page2", "/wp/v2/posts", {"page": 2})
    Q("posts_page_last", "/wp/v2/posts", {"per_page": 3, "page": 4})
    Q("posts_offset", "/wp/v2/posts", {"offset": 3, "per_page": 2})
    for order in ("asc", "desc"):
        Q(f"posts_title_{order}", "/wp/v2/posts", {"orderby": "title", "order": order, "per_page": 100,
                                                  "_fields": "id,title,date"})
        Q(f"posts_date_{order}", "/wp/v2/posts", {"orderby": "date", "order": order, "per_page": 100,
                                                 "_fields": "id,date,date_gmt,modified,modified_gmt"})
        Q(f"posts_slug_{order}", "/wp/v2/posts", {"orderby": "slug", "order": order, "per_page": 100,
                                                 "_fields": "id,slug"})
        Q(f"pages_menu_order_{order}", "/wp/v2/pages", {"orderby": "menu_order", "order": order,
                                                       "_fields": "id,menu_order,parent,link"})
        Q(f"pages_title_{order}", "/wp/v2/pages", {"orderby": "title", "order": order, "_fields": "id,title"})
        Q(f"comments_date_{order}", "/wp/v2/comments", {"order": order, "per_page": 100,
                                                       "_fields": "id,date,date_gmt,post,parent"})
        Q(f"categories_name_{order}", "/wp/v2/categories", {"orderby": "name", "order": order})
        Q(f"tags_name_{order}", "/wp/v2/tags", {"orderby": "name", "order": order, "hide_empty": "true"})
        Q(f"users_name_{order}", "/wp/v2/users", {"orderby": "name", "order": order})
    Q("posts_full", "/wp/v2/posts", {"per_page": 100})
    Q("posts_embed", "/wp/v2/posts", {"_embed": "1", "per_page": 5})
    Q("posts_envelope", "/wp/v2/posts", {"_envelope": "1", "per_page": 2, "_fields": "id,title"})
    Q("posts_envelope_error", "/wp/v2/posts", {"_envelope": "1", "per_page": 500})
    Q("post_envelope_edit_anon", "/wp/v2/posts/{post_hello}", {"_envelope": "1", "context": "edit"})
    Q("posts_jsonp", "/wp/v2/posts", {"_jsonp": "cb", "per_page": 1, "_fields": "id,title"}, kind="text")
    Q("pages_full", "/wp/v2/pages", {"per_page": 100})
    Q("media_full", "/wp/v2/media", {"per_page": 100})
    Q("media_list_images", "/wp/v2/media", {"media_type": "image"})
    Q("media_list_audio", "/wp/v2/media", {"media_type": "audio"})
    Q("comments_full", "/wp/v2/comments", {"per_page": 100})
    Q("comments_hierarchy", "/wp/v2/comments", {"parent": 0, "per_page": 100, "_fields": "id,parent"})
    Q("categories_full", "/wp/v2/categories", {"per_page": 100})
    Q("tags_full", "/wp/v2/tags", {"per_page": 100})
    Q("taxonomies", "/wp/v2/taxonomies")
    Q("types", "/wp/v2/types")
    Q("users_who_authors", "/wp/v2/users", {"who": "authors"}, auth="author")
    Q("users_roles_admin", "/wp/v2/users", {"roles": "author,editor", "context": "edit"}, auth="admin")
    Q("users_roles_author", "/wp/v2/users", {"roles": "author"}, auth="author")

    for i, q in enumerate(searches):
        slug = f"{i}_" + "".join(c if c.isalnum() and c.isascii() else "_" for c in q)[:20]
        Q(f"posts_search_{slug}", "/wp/v2/posts", {"search": q, "_fields": "id,title"})
        Q(f"search_{slug}", "/wp/v2/search", {"search": q})
    for i, (key, value) in enumerate(date_queries):
        Q(f"posts_{key}_{i}", "/wp/v2/posts", {key: value, "per_page": 100, "_fields": "id,date,date_gmt"})
        Q(f"comments_{key}_{i}", "/wp/v2/comments", {key: value, "per_page": 100, "_fields": "id,date"})

    # single items, each through every auth kind, in view and edit contexts
    singles = []
    for key in sorted(ids):
        kind = key.split("_", 1)[0]
        route = {"post": "posts", "page": "pages", "media": "media", "comment": "comments", "user": "users",
                 "cat": "categories", "tag": "tags"}.get(kind)
        if route and key != "post_deleted":
            singles.append((key, route))
    for key, route in singles:
        Q(f"{key}", f"/wp/v2/{route}/{{{key}}}")
        for auth in ("author", "subscriber", "admin"):
            Q(f"{key}_edit_{auth}", f"/wp/v2/{route}/{{{key}}}", {"context": "edit"}, auth=auth)
        if route in ("posts", "pages", "comments"):
            Q(f"{key}_edit_anon", f"/wp/v2/{route}/{{{key}}}", {"context": "edit"})
    for key in extra_posts:
        Q(f"{key}_embed", "/wp/v2/posts/{" + key + "}", {"_embed": "1"})
    for key in ids:
        if key.startswith(("post_", "page_")) and key != "post_deleted":
            route = "posts" if key.startswith("post_") else "pages"
            Q(f"{key}_comments", "/wp/v2/comments", {"post": "{" + key + "}", "per_page": 100})
