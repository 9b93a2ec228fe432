"""The site's feeds (RSS 2.0 and Atom): the posts of any public query, or comments.

Which feed a URL asks for is decided by wpcompat/web (rewrite rules and query vars, as WordPress
does): the site's posts, a term's, an author's, a date's or a search's posts, the site's
comments or one post's comments. This module builds the document for that query.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from wpcompat.discussion.rules import comments_open
from wpcompat.feeds import atom
from wpcompat.feeds.rss2 import GENERATOR_61, Channel, CommentItem, PostItem, comments_feed, posts_feed
from wpcompat.permalinks import Links, Permastructs
from wpcompat.public_links import post_comments_feed_link
from wpcompat.render.chars import convert_chars
from wpcompat.render.escape import esc_attr, esc_html, esc_url
from wpcompat.render.feed import (
    category_rss,
    comment_author_rss,
    comment_text_rss,
    comment_title_rss,
    ent2ncr,
)
from wpcompat.render.pipelines import RenderSession
from wpcompat.render.striptags import strip_tags
from wpcompat.rest.comments_prepare import comment_link as link_of
from wpcompat.rest.comments_prepare import preload
from wpcompat.rest.request import RestRequest
from wpcompat.site import Site
from wpcompat.storage import Storage
from wpcompat.storage.comments import get_comments_by_ids
from wpcompat.storage.posts import object_terms, posts_by_id
from wpcompat.storage.public import display_names, feed_comments, last_published_modified_gmt
from wpcompat.storage.users import get_user_row

CONTENT_TYPE = "application/rss+xml; charset=UTF-8"


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


def _rfc3339(gmt: str) -> str:
    return str(gmt)[:10] + "T" + str(gmt)[11:19] + "Z"


def _self_link(site: Site, request: Request) -> str:
    # WordPress builds it from the home URL's host without its port (self_link()).
    host = urlsplit(site.home).hostname or ""
    scheme = urlsplit(site.home).scheme or "http"
    path = request.url.path + (("?" + request.url.query) if request.url.query else "")
    # esc_url(): `&` in a query string is written `&#038;`.
    return f"{scheme}://{host}{path}".replace("&", "&#038;")


def _bloginfo(site: Site, name: str) -> str:
    return esc_html(site.option(name))


def _bloginfo_rss(site: Site, name: str) -> str:
    """bloginfo_rss(): the raw option without tags, characters converted, then ent2ncr (the
    filter feeds add), so `&lt;` stays an entity but numeric (`&#60;`), never `&lt;`."""
    return ent2ncr(convert_chars(strip_tags(site.option(name) or "")))


def _language(site: Site) -> str:
    return (site.option("WPLANG") or "en_US").replace("_", "-")


async def _authors(storage: Storage, ids: Sequence[int]) -> dict[int, str]:
    return {user_id: names[0] for user_id, names in (await display_names(storage, ids)).items()}


async def _last_post_modified(storage: Storage) -> str:
    return await last_published_modified_gmt(storage) or "1970-01-01 00:00:00"


async def _author_urls(storage: Storage, ids: Sequence[int]) -> dict[int, str]:
    """Each author's user_url (the Atom entries' <uri>), one query per author of the page."""
    urls = {}
    for user_id in ids:
        row = await get_user_row(storage, user_id)
        urls[user_id] = str(row["user_url"] or "") if row else ""
    return urls


async def _post_items(ctx: FeedContext, rows: list[dict[str, Any]], *, author_urls: bool = False) -> list[PostItem]:
    await ctx.links.prepare(rows)
    ids = [int(r["ID"]) for r in rows]
    terms = await object_terms(ctx.storage, ids, ["category", "post_tag"])
    author_ids = sorted({int(r["post_author"]) for r in rows})
    authors = await _authors(ctx.storage, author_ids)
    urls = await _author_urls(ctx.storage, author_ids) if author_urls else {}
    items = []
    for row in rows:
        post_id = int(row["ID"])
        link = ctx.links.permalink(row)
        protected = bool(row["post_password"])
        count = int(row["comment_count"] or 0)
        # comments_open(): the post's setting, and closed with age when the site says so.
        open_ = comments_open(row, ctx.site, post_date_gmt=str(row["post_date_gmt"]), now=time.time())
        names: list[str] = []
        # Atom writes the name in an attribute: the rss context's name through esc_attr(), its
        # entities kept (`News &amp; Views`), where RSS 2.0 decodes it inside CDATA.
        atom_names: list[str] = []
        for taxonomy in ("category", "post_tag"):
            for term in terms.get(post_id, {}).get(taxonomy, []):
                name = category_rss(term.name)
                if name not in names:
                    names.append(name)
                atom_name = esc_attr(convert_chars(term.name))
                if atom_name not in atom_names:
                    atom_names.append(atom_name)
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
                comments_feed=_post_comments_feed_url(ctx, link, row) if with_comments else None,
                comment_count=count,
                excerpt_only=ctx.site.option_bool("rss_use_excerpt"),
                published=_rfc3339(row["post_date_gmt"]),
                updated=_rfc3339(row["post_modified_gmt"]),
                comments_feed_atom=_post_comments_feed_url(ctx, link, row, "atom") if with_comments else None,
                author_url=urls.get(int(row["post_author"]), ""),
                atom_categories=atom_names,
            )
        )
    return items


def _post_comments_feed_url(ctx: FeedContext, permalink: str, row: dict[str, Any], feed: str = "rss2") -> str:
    # Written into XML: esc_url() turns `&` into `&#038;`.
    url = post_comments_feed_link(Permastructs.of(ctx.site), permalink, int(row["ID"]), row["post_type"], feed)
    return url.replace("&", "&#038;")


async def posts_feed_response(
    request: Request, ctx: FeedContext, rows: list[dict[str, Any]], title: str, *, feed: str = "rss2",
    alternate: str | None = None,
) -> Response:
    """The posts of a query as a feed (`rows`: the query's first page, newest first)."""
    items = await _post_items(ctx, rows, author_urls=feed == "atom")
    modified = max((r["post_modified_gmt"] for r in rows), default=None) or await _last_post_modified(ctx.storage)
    channel = Channel(
        title=title,
        self_link=_self_link(ctx.site, request),
        link=ctx.site.home,
        description=_bloginfo_rss(ctx.site, "blogdescription"),
        last_build=_rfc2822(modified),
        language=_language(ctx.site),
        generator=GENERATOR_61,
        updated=_rfc3339(modified),
    )
    link = _api_link(ctx.site)
    if alternate is not None:
        # Archive pages (and their feeds) point at their REST twin, as rest_output_link_header does.
        link += f', <{ctx.site.rest_url(alternate)}>; rel="alternate"; type="application/json"'
    if feed == "atom":
        ps = Permastructs.of(ctx.site)
        body = atom.posts_feed(channel, items, lang=_language(ctx.site), scheme=ctx.site.home,
                               feed_id=_feed_link(ps, "atom"))
        return Response(body, headers={"Content-Type": atom.CONTENT_TYPE, "Link": link})
    return Response(posts_feed(channel, items), headers={"Content-Type": CONTENT_TYPE, "Link": link})


def _feed_link(ps: Permastructs, feed: str, comments: bool = False) -> str:
    from wpcompat.public_links import feed_link

    return feed_link(ps, feed, comments=comments)


def _api_link(site: Site) -> str:
    return f'<{site.rest_url("/")}>; rel="https://api.w.org/"'


async def _comment_rows(ctx: FeedContext, post_id: int | None) -> list[dict[str, Any]]:
    return await feed_comments(ctx.storage, limit=ctx.site.option_int("posts_per_rss", 10), post_id=post_id)


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
    return {int(r["comment_ID"]): r for r in (await get_comments_by_ids(ctx.storage, ids)).rows}


def _comment_text(row: dict[str, Any], parents: dict[int, dict[str, Any]], links: dict[int, str]) -> str:
    """get_comment_text() in a comment feed: a reply starts with "In reply to <a>parent</a>."."""
    text = str(row["comment_content"])
    parent = parents.get(int(row["comment_parent"] or 0))
    if parent is None:
        return text
    name = str(parent["comment_author"] or "") or "Anonymous"
    anchor = f'<a href="{esc_url(links[int(parent["comment_ID"])])}">{name}</a>'
    return ent2ncr("In reply to %s.") % anchor + "\n\n" + text


async def comments_feed_response(request: Request, ctx: FeedContext, post: dict[str, Any] | None,
                                 *, feed: str = "rss2", missing: bool = False, missing_link: str = "") -> Response:
    """The site's latest comments, or one post's; `missing`: the feed of a post that does not
    exist, which WordPress answers as an empty comments feed (200, "Comments on: ")."""
    rows = [] if missing else await _comment_rows(ctx, int(post["ID"]) if post else None)
    posts = {}
    if rows:
        posts = await posts_by_id(ctx.storage, {int(r["comment_post_ID"]) for r in rows})
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
                guid=esc_html(parent["guid"]) + "#comment-" + str(row["comment_ID"]),
                description=comment_text_rss(text),
                content=content,
                protected=protected,
                published=_rfc3339(row["comment_date_gmt"]),
                post_guid=esc_html(parent["guid"]),
                post_link=ctx.links.permalink(parent),
            )
        )
    # get_feed_build_date(): the newest of the comments' dates and the queried posts' modified
    # dates; a post's own comment feed has that post in its query even with no comment.
    queried = [post] if post is not None and not missing else list(posts.values())
    times = [r["comment_date_gmt"] for r in rows] + [p["post_modified_gmt"] for p in queried]
    built = max(times) if times else await _last_post_modified(ctx.storage)
    ps = Permastructs.of(ctx.site)
    if post is not None:
        # feed-rss2-comments.php says "Comments on: %s", feed-atom-comments.php "Comments on %s".
        pattern = "Comments on %s" if feed == "atom" else "Comments on: %s"
        title = ent2ncr(pattern) % ctx.render.feed_title(post["post_title"])
        permalink = ctx.links.permalink(post)
        feed_id = post_comments_feed_link(ps, permalink, int(post["ID"]), post["post_type"], "atom")
        if feed == "atom":
            link = permalink + "#comments"  # feed-atom-comments.php links the post's comments
        else:
            # is_single() ? the_permalink_rss() : the home URL -- a page is singular, not single.
            link = ctx.site.home if post["post_type"] == "page" else permalink
    elif missing:
        title = ent2ncr("Comments on %s" if feed == "atom" else "Comments on: %s") % ""
        link = missing_link
        feed_id = _self_link(ctx.site, request)
    else:
        title = ent2ncr("Comments for %s") % _bloginfo(ctx.site, "blogname")
        link = ctx.site.home
        feed_id = _feed_link(ps, "atom", comments=True)
    feed_id = feed_id.replace("&#038;", "&").replace("&", "&#038;")  # written into XML (esc_url)
    channel = Channel(
        title=title,
        self_link=_self_link(ctx.site, request) if feed != "atom" else feed_id,
        link=link,
        description=_bloginfo_rss(ctx.site, "blogdescription"),
        last_build=_rfc2822(built),
        language=None,
        generator=GENERATOR_61,
        updated=_rfc3339(built),
    )
    headers = {"Content-Type": CONTENT_TYPE, "Link": _api_link(ctx.site)}
    if post is not None:
        headers["Link"] += (
            f', <{ctx.site.rest_url(_rest_route(post))}>; rel="alternate"; type="application/json"'
            f', <{ctx.site.home}/?p={post["ID"]}>; rel=shortlink'
        )
    if feed == "atom":
        headers["Content-Type"] = atom.CONTENT_TYPE
        return Response(atom.comments_feed(channel, items, lang=_language(ctx.site), feed_id=feed_id),
                        headers=headers)
    return Response(comments_feed(channel, items), headers=headers)
