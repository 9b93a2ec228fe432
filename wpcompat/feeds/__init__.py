"""The site's RSS 2.0 feeds, at WordPress's addresses.

`/feed/` (latest posts), `/comments/feed/` (latest comments), `<post permalink>feed/` (a post's
comments), `/category/<path>/feed/` and `/tag/<slug>/feed/`, and their `?feed=` forms.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Sequence
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wpcompat.discussion.rules import comments_open
from wpcompat.feeds.rss2 import GENERATOR_61, Channel, CommentItem, PostItem, comments_feed, posts_feed
from wpcompat.permalinks import Links
from wpcompat.render.escape import esc_html, esc_url
from wpcompat.render.feed import (
    category_rss,
    comment_author_rss,
    comment_text_rss,
    comment_title_rss,
    ent2ncr,
)
from wpcompat.render.pipelines import RenderSession
from wpcompat.rest.comments_prepare import comment_link as link_of
from wpcompat.rest.comments_prepare import preload
from wpcompat.rest.request import RestRequest
from wpcompat.site import Site, load_site
from wpcompat.storage import Storage
from wpcompat.storage.posts import PostQuery, TaxClause, find_posts, object_terms
from wpcompat.storage.posts import as_dicts as rows_as_dicts

CONTENT_TYPE = "application/rss+xml; charset=UTF-8"
_FEED_TAIL = re.compile(r"^(?P<base>.*?/)?feed(?:/(?:rss2|rss|atom|rdf))?/?$")


class FeedContext:
    """What one feed request needs: the site, its storage and a per-request memo for links."""

    def __init__(self, site: Site, storage: Storage) -> None:
        self.site = site
        self.storage = storage
        self.cache: dict[Any, Any] = {}
        self.render = RenderSession(legacy_61=site.legacy_61)
        self.links = Links.of(self)


def _rfc2822(gmt: str) -> str:
    moment = dt.datetime.strptime(gmt[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
    return format_datetime(moment).replace("-0000", "+0000")


def _self_link(site: Site, request: Request) -> str:
    # WordPress builds it from the home URL's host without its port (self_link()).
    host = urlsplit(site.home).hostname or ""
    scheme = urlsplit(site.home).scheme or "http"
    path = request.url.path + (("?" + request.url.query) if request.url.query else "")
    return f"{scheme}://{host}{path}"


def _bloginfo(site: Site, name: str) -> str:
    return esc_html(site.option(name))


def _language(site: Site) -> str:
    return (site.option("WPLANG") or "en_US").replace("_", "-")


async def _authors(storage: Storage, ids: Sequence[int]) -> dict[int, str]:
    users = storage.tables.users
    if not ids:
        return {}
    rows = await storage.db.fetch_all(sa.select(users.c.ID, users.c.display_name).where(users.c.ID.in_(list(ids))))
    return {int(r[0]): str(r[1]) for r in rows}


async def _last_post_modified(storage: Storage) -> str:
    posts = storage.tables.posts
    value = await storage.db.fetch_val(
        sa.select(sa.func.max(posts.c.post_modified_gmt)).where(posts.c.post_status == "publish")
    )
    return str(value or "1970-01-01 00:00:00")


async def _post_items(ctx: FeedContext, rows: list[dict[str, Any]]) -> list[PostItem]:
    await ctx.links.prepare(rows)
    ids = [int(r["ID"]) for r in rows]
    terms = await object_terms(ctx.storage, ids, ["category", "post_tag"])
    authors = await _authors(ctx.storage, sorted({int(r["post_author"]) for r in rows}))
    items = []
    for row in rows:
        post_id = int(row["ID"])
        link = ctx.links.permalink(row)
        protected = bool(row["post_password"])
        count = int(row["comment_count"] or 0)
        # comments_open(): the post's setting, and closed with age when the site says so.
        open_ = comments_open(row, ctx.site, post_date_gmt=str(row["post_date_gmt"]), now=time.time())
        names: list[str] = []
        for taxonomy in ("category", "post_tag"):
            for term in terms.get(post_id, {}).get(taxonomy, []):
                name = category_rss(term.name)
                if name not in names:
                    names.append(name)
        title = ctx.render.feed_title(row["post_title"], protected=protected, private=row["post_status"] == "private")
        description = ctx.render.feed_excerpt(
            row["post_excerpt"], row["post_content"], post_id, password_required=protected
        )
        content = ctx.render.feed_content(row["post_content"], post_id, password_required=protected)
        with_comments = bool(count) or open_
        items.append(
            PostItem(
                title=title,
                link=link,
                comments_link=(link + ("#comments" if count else "#respond")) if with_comments else None,
                creator=ent2ncr(authors.get(int(row["post_author"]), "")),
                pub_date=_rfc2822(row["post_date_gmt"]),
                categories=names,
                guid=esc_html(row["guid"]),
                description=description,
                content=content,
                comments_feed=_post_comments_feed_url(ctx, link) if with_comments else None,
                comment_count=count,
                excerpt_only=ctx.site.option_bool("rss_use_excerpt"),
            )
        )
    return items


def _post_comments_feed_url(ctx: FeedContext, permalink: str) -> str:
    if ctx.site.pretty_permalinks:
        # get_post_comments_feed_link(): user_trailingslashit() follows the structure's end.
        return ctx.links.ps.trailingslash(permalink.rstrip("/") + "/feed/")
    return permalink + "&feed=rss2"


async def posts_feed_response(
    request: Request, ctx: FeedContext, query: PostQuery, title: str, alternate: str | None = None
) -> Response:
    found = await find_posts(ctx.storage, query)
    rows = found.rows
    items = await _post_items(ctx, rows)
    modified = max((r["post_modified_gmt"] for r in rows), default=None) or await _last_post_modified(ctx.storage)
    channel = Channel(
        title=title,
        self_link=_self_link(ctx.site, request),
        link=ctx.site.home,
        description=_bloginfo(ctx.site, "blogdescription"),
        last_build=_rfc2822(modified),
        language=_language(ctx.site),
        generator=GENERATOR_61,
    )
    link = _api_link(ctx.site)
    if alternate is not None:
        # Archive pages (and their feeds) point at their REST twin, as rest_output_link_header does.
        link += f', <{ctx.site.rest_url(alternate)}>; rel="alternate"; type="application/json"'
    return Response(posts_feed(channel, items), headers={"Content-Type": CONTENT_TYPE, "Link": link})


def _api_link(site: Site) -> str:
    return f'<{site.rest_url("/")}>; rel="https://api.w.org/"'


def _posts_query(site: Site) -> PostQuery:
    return PostQuery(post_types=["post"], statuses=["publish"], per_page=site.option_int("posts_per_rss", 10))


async def _comment_rows(ctx: FeedContext, post_id: int | None) -> list[dict[str, Any]]:
    t = ctx.storage.tables
    c, p = t.comments, t.posts
    query = (
        sa.select(c, p.c.post_title, p.c.post_password, p.c.post_status)
        .select_from(c.join(p, c.c.comment_post_ID == p.c.ID))
        .where(c.c.comment_approved == "1")
        .order_by(c.c.comment_date_gmt.desc(), c.c.comment_ID.desc())
        .limit(ctx.site.option_int("posts_per_rss", 10))
    )
    if post_id is not None:
        query = query.where(c.c.comment_post_ID == post_id)
    else:
        query = query.where(p.c.post_status == "publish", p.c.post_type.in_(["post", "page", "attachment"]))
    return rows_as_dicts(await ctx.storage.db.fetch_all(query))


def _rest_route(post: dict[str, Any]) -> str:
    """rest_get_route_for_post(): the post's own REST route, by its type's REST base."""
    base = {"post": "posts", "page": "pages", "attachment": "media"}.get(str(post["post_type"]), "posts")
    return f"/wp/v2/{base}/{post['ID']}"


async def _comment_links(ctx: FeedContext, rows: list[dict[str, Any]]) -> dict[int, str]:
    """get_comment_link() of each comment, comment pages included, as the REST side computes it."""
    if not rows:
        return {}
    req = RestRequest(
        method="GET", path="", route=None, query={}, body={}, url_params={}, headers={},
        storage=ctx.storage, settings=ctx.site.settings, site=ctx.site, user=None,
    )
    await preload(req, rows)
    return {int(row["comment_ID"]): link_of(req, row) for row in rows}


async def _reply_parents(ctx: FeedContext, rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    ids = sorted({int(r["comment_parent"]) for r in rows if int(r["comment_parent"] or 0)})
    if not ids:
        return {}
    comments = ctx.storage.tables.comments
    fetched = await ctx.storage.db.fetch_all(sa.select(comments).where(comments.c.comment_ID.in_(ids)))
    return {int(r["comment_ID"]): r for r in rows_as_dicts(fetched)}


def _comment_text(row: dict[str, Any], parents: dict[int, dict[str, Any]], links: dict[int, str]) -> str:
    """get_comment_text() in a comment feed: a reply starts with "In reply to <a>parent</a>."."""
    text = str(row["comment_content"])
    parent = parents.get(int(row["comment_parent"] or 0))
    if parent is None:
        return text
    name = str(parent["comment_author"] or "") or "Anonymous"
    anchor = f'<a href="{esc_url(links[int(parent["comment_ID"])])}">{name}</a>'
    return ent2ncr("In reply to %s.") % anchor + "\n\n" + text


async def comments_feed_response(request: Request, ctx: FeedContext, post: dict[str, Any] | None) -> Response:
    rows = await _comment_rows(ctx, int(post["ID"]) if post else None)
    posts = {}
    if rows:
        posts_t = ctx.storage.tables.posts
        ids = sorted({int(r["comment_post_ID"]) for r in rows})
        fetched = await ctx.storage.db.fetch_all(sa.select(posts_t).where(posts_t.c.ID.in_(ids)))
        posts = {int(r["ID"]): r for r in rows_as_dicts(fetched)}
    await ctx.links.prepare(list(posts.values()) + ([post] if post else []))
    parents = await _reply_parents(ctx, rows)
    links = await _comment_links(ctx, rows + list(parents.values()))
    items = []
    for row in rows:
        parent = posts[int(row["comment_post_ID"])]
        protected = bool(parent["post_password"])
        post_title = ctx.render.feed_title(parent["post_title"], protected=protected,
                                           private=parent["post_status"] == "private")
        link = links[int(row["comment_ID"])]
        text = _comment_text(row, parents, links)
        content = ctx.render.comment(text)
        items.append(
            CommentItem(
                title=comment_title_rss(post_title, row["comment_author"], singular=post is not None),
                link=link,
                creator=comment_author_rss(row["comment_author"]),
                pub_date=_rfc2822(row["comment_date_gmt"]),
                # get_comment_guid(): the post's guid, not its permalink.
                guid=esc_html(str(parent["guid"])) + "#comment-" + str(row["comment_ID"]),
                description=comment_text_rss(text),
                content=content,
                protected=protected,
            )
        )
    # get_feed_build_date(): the newest of the comments' dates and the queried posts' modified
    # dates; a post's own comment feed has that post in its query even with no comment.
    queried = [post] if post is not None else list(posts.values())
    times = [r["comment_date_gmt"] for r in rows] + [p["post_modified_gmt"] for p in queried]
    built = max(times) if times else await _last_post_modified(ctx.storage)
    if post is not None:
        title = ent2ncr("Comments on: %s") % ctx.render.feed_title(post["post_title"])
        # is_single() ? the_permalink_rss() : the home URL -- a page is singular, not single.
        link = ctx.site.home if post["post_type"] == "page" else ctx.links.permalink(post)
    else:
        title = ent2ncr("Comments for %s") % _bloginfo(ctx.site, "blogname")
        link = ctx.site.home
    channel = Channel(
        title=title,
        self_link=_self_link(ctx.site, request),
        link=link,
        description=_bloginfo(ctx.site, "blogdescription"),
        last_build=_rfc2822(built),
        language=None,
        generator=GENERATOR_61,
    )
    headers = {"Content-Type": CONTENT_TYPE, "Link": _api_link(ctx.site)}
    if post is not None:
        headers["Link"] += (
            f', <{ctx.site.rest_url(_rest_route(post))}>; rel="alternate"; type="application/json"'
            f', <{ctx.site.home}/?p={post["ID"]}>; rel=shortlink'
        )
    return Response(comments_feed(channel, items), headers=headers)


async def _term_by_path(storage: Storage, taxonomy: str, path: str) -> dict[str, Any] | None:
    """The term at a (hierarchical) archive path such as `parent/child`."""
    slugs = [s for s in path.split("/") if s]
    if not slugs:
        return None
    t = storage.tables
    query = (
        sa.select(t.terms.c.term_id, t.terms.c.name, t.terms.c.slug, t.term_taxonomy.c.parent)
        .select_from(t.terms.join(t.term_taxonomy, t.term_taxonomy.c.term_id == t.terms.c.term_id))
        .where(t.term_taxonomy.c.taxonomy == taxonomy, t.terms.c.slug == slugs[-1])
    )
    row = await storage.db.fetch_one(query)
    return None if row is None else dict(row._mapping)


async def term_feed(request: Request, ctx: FeedContext, taxonomy: str, path: str) -> Response:
    term = await _term_by_path(ctx.storage, taxonomy, path)
    if term is None:
        return _not_found()
    query = _posts_query(ctx.site)
    query.tax = [TaxClause(taxonomy, [int(term["term_id"])], "IN", include_children=taxonomy == "category")]
    title = f"{esc_html(ent2ncr(term['name']))} &#8211; {_bloginfo(ctx.site, 'blogname')}"
    rest_base = "categories" if taxonomy == "category" else "tags"
    return await posts_feed_response(request, ctx, query, title, f"/wp/v2/{rest_base}/{term['term_id']}")


def _not_found() -> Response:
    return Response("Not Found", status_code=404, media_type="text/plain")


def _permalink_regex(structure: str) -> re.Pattern[str] | None:
    """A regex matching a post's path under the permalink structure (named groups per tag)."""
    if not structure:
        return None
    pattern = re.escape(structure.strip("/"))
    codes = {
        "year": r"(?P<year>\d{4})", "monthnum": r"(?P<monthnum>\d{1,2})", "day": r"(?P<day>\d{1,2})",
        "hour": r"(?P<hour>\d{1,2})", "minute": r"(?P<minute>\d{1,2})", "second": r"(?P<second>\d{1,2})",
        "postname": r"(?P<postname>[^/]+)", "post_id": r"(?P<post_id>\d+)", "category": r"(?P<category>.+?)",
        "author": r"(?P<author>[^/]+)",
    }
    for code, regex in codes.items():
        pattern = pattern.replace(re.escape(f"%{code}%"), regex)
    return re.compile("^" + pattern + "/?$")


async def find_post_by_path(ctx: FeedContext, path: str) -> dict[str, Any] | None:
    """url_to_postid() for posts under the permalink structure, and pages by their path."""
    posts = ctx.storage.tables.posts
    regex = _permalink_regex(ctx.site.option("permalink_structure"))
    match = regex.match(path.strip("/")) if regex else None
    query = sa.select(posts).where(posts.c.post_status == "publish")
    if match:
        groups = match.groupdict()
        if groups.get("post_id"):
            query = query.where(int(groups["post_id"]) == posts.c.ID)
        elif groups.get("postname"):
            query = query.where(posts.c.post_name == groups["postname"], posts.c.post_type == "post")
        else:
            return None
    else:
        slug = path.strip("/").split("/")[-1]
        query = query.where(posts.c.post_name == slug, posts.c.post_type == "page")
    rows = rows_as_dicts(await ctx.storage.db.fetch_all(query.limit(1)))
    return rows[0] if rows else None


async def feed_endpoint(request: Request) -> Response:
    site = await load_site(request.app.state.storage, request.app.state.settings)
    ctx = FeedContext(site, request.app.state.storage)
    path = request.url.path
    if path in ("/feed/", "/feed", "/feed/rss2/") or (request.query_params.get("feed") in ("rss2", "rss") and path == "/"):
        return await posts_feed_response(request, ctx, _posts_query(site), _bloginfo(site, "blogname"))
    if path in ("/comments/feed/", "/comments/feed") or request.query_params.get("feed") == "comments-rss2":
        return await comments_feed_response(request, ctx, None)
    m = _FEED_TAIL.match(path.lstrip("/"))
    base = (m.group("base") or "") if m else ""
    for taxonomy, prefix in (("category", site.option("category_base") or "category"),
                             ("post_tag", site.option("tag_base") or "tag")):
        if base.startswith(prefix.strip("/") + "/"):
            return await term_feed(request, ctx, taxonomy, base[len(prefix.strip("/")) + 1:])
    post = await find_post_by_path(ctx, base)
    if post is None:
        return _not_found()
    return await comments_feed_response(request, ctx, post)


def feed_routes() -> list[Route]:
    return [
        Route("/feed/", feed_endpoint, methods=["GET", "HEAD"]),
        Route("/feed/rss2/", feed_endpoint, methods=["GET", "HEAD"]),
        Route("/comments/feed/", feed_endpoint, methods=["GET", "HEAD"]),
        Route("/{path:path}/feed/", feed_endpoint, methods=["GET", "HEAD"]),
    ]
