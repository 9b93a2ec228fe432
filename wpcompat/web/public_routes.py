"""WordPress's public addresses: the home page, posts and pages by permalink, archives, search,
feeds, embeds and 404, answered as WordPress answers them (status, canonical redirects, headers,
discovery links), rendered by the default theme (wpcompat/web/theme).

The request goes the way it goes through WordPress: rewrite rules and query vars
(wpcompat/rewrite.py) → the query (wpcompat/public_query.py) → the canonical redirect
(redirect_canonical, wp_old_slug_redirect) → a feed, an embed, or a themed page.
A site whose front end lives elsewhere (WPCOMPAT_FRONT_URL) gets every such address redirected there.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from wpcompat import public_links as pl
from wpcompat.feeds import FeedContext, comments_feed_response, posts_feed_response
from wpcompat.permalinks import Links, Permastructs
from wpcompat.public_query import Resolved, resolve
from wpcompat.render.escape import esc_html
from wpcompat.render.feed import ent2ncr
from wpcompat.render.pipelines import the_title
from wpcompat.rewrite import parse_request, verbose_page_rules
from wpcompat.site import Site, load_site
from wpcompat.storage.posts import object_terms
from wpcompat.storage.public import adjacent_post, display_names, published_page_tree
from wpcompat.web.theme import (
    EMBED_CSS,
    Page,
    PostView,
    archive_header,
    embed_card,
    not_found,
    pagination,
    post_full,
    post_summary,
    render,
    theme_file,
)
from wpcompat.web.theme.i18n import MONTHS, language

HTML = "text/html; charset=UTF-8"
# Query vars whose plain form redirects to the pretty link (redirect_canonical). `pagename`,
# `s`, `paged` and feeds asked by query string keep their address, as in WordPress.
_PLAIN_SINGULAR = ("p", "page_id", "attachment_id", "name")
_PLAIN_ARCHIVE = ("cat", "category_name", "tag", "author", "m", "year", "monthnum", "day")


class Ctx:
    """One public request: the site, its permastructs and a links memo."""

    def __init__(self, request: Request, site: Site) -> None:
        self.request = request
        self.site = site
        self.storage = request.app.state.storage
        self.settings = request.app.state.settings
        self.ps = Permastructs.of(site)
        self.cache: dict[Any, Any] = {}
        self.links = Links.of(self)

    @property
    def home(self) -> str:
        return self.site.home


def _redirect(url: str, status: int = 301) -> Response:
    return RedirectResponse(url, status_code=status, headers={"X-Redirect-By": "WordPress"})


async def _page_paths(ctx: Ctx) -> set[str]:
    """The paths of every published page (get_page_by_path for the verbose page rules)."""
    by_id = await published_page_tree(ctx.storage)
    paths = set()
    for page_id in by_id:
        parts, current, seen = [], page_id, set()
        while current in by_id and current not in seen:
            seen.add(current)
            parts.insert(0, by_id[current][0])
            current = by_id[current][1]
        paths.add("/".join(parts))
    return paths


def _request_path(ctx: Ctx) -> str:
    home_path = urlsplit(ctx.home).path.rstrip("/")
    path = ctx.request.url.path
    if home_path and path.startswith(home_path):
        path = path[len(home_path):]
    return path


# ---------------------------------------------------------------- links of the queried object


async def object_link(ctx: Ctx, res: Resolved) -> str | None:
    """The link of what the request shows (the first page of an archive)."""
    if res.singular and res.post is not None:
        return await ctx.links.permalink_of(res.post)
    if res.kind in ("category", "post_tag") and res.term is not None:
        return await ctx.links.term_link(res.term.term_id, res.term.taxonomy, res.term.slug)
    if res.kind == "author" and res.author is not None:
        return ctx.links.author_link(int(res.author["ID"]), res.author["user_nicename"])
    if res.kind == "date":
        return pl.date_link(ctx.ps, *res.date)
    if res.kind == "search":
        return pl.search_link(ctx.ps, res.search)
    if res.kind == "home":
        return ctx.ps.home_url("/")
    return None


def _with_suffix(ctx: Ctx, link: str, res: Resolved) -> str:
    if res.embed:
        return ctx.ps.trailingslash(link.rstrip("/") + "/embed") if ctx.ps.pretty else link + "&embed=true"
    if res.paged > 1 and not res.singular:
        return pl.pagenum_link(ctx.ps, link, res.paged)
    return link


async def canonical_redirect(ctx: Ctx, res: Resolved, from_rule: bool) -> str | None:
    """redirect_canonical() for what wpcompat serves: plain forms and stray slashes → the link."""
    if not ctx.ps.pretty:
        return await _plain_canonical(ctx, res)
    if res.feed or res.status != 200 or res.kind in ("home", "search"):
        return None
    v = res.vars
    query_keys = set(ctx.request.query_params.keys())
    link = await object_link(ctx, res)
    if link is None:
        return None
    target = _with_suffix(ctx, link, res)
    from_query = query_keys & set(_PLAIN_SINGULAR if res.singular else _PLAIN_ARCHIVE)
    if from_query:
        return target
    if not from_rule or (res.singular and (v.get("page") or v.get("cpage"))):
        return None
    wanted = urlsplit(target)
    if ctx.request.url.path != wanted.path:
        return target + (("?" + ctx.request.url.query) if ctx.request.url.query and not wanted.query else "")
    return None


async def _plain_canonical(ctx: Ctx, res: Resolved) -> str | None:
    """Without pretty permalinks WordPress still adds the trailing slash to a path, and writes a
    post's comments feed as get_post_comments_feed_link() does (`?feed=rss2&p=8`)."""
    path = ctx.request.url.path
    query = ctx.request.url.query
    if path != "/" and not path.endswith("/") and not path.endswith(".php"):
        return str(ctx.request.url.replace(path=path + "/"))
    if res.feed and res.singular and res.post is not None and res.vars.get("feed") == res.feed:
        link = await ctx.links.permalink_of(res.post)
        target = pl.post_comments_feed_link(ctx.ps, link, int(res.post["ID"]), res.post["post_type"], res.feed)
        if urlsplit(target).query != query and set(ctx.request.query_params) <= {"p", "page_id", "feed"}:
            return target
    return None


# ---------------------------------------------------------------- discovery (head and headers)


def _link_tag(rel: str, href: str, *, type_: str = "", title: str = "", quote_char: str = '"') -> str:
    q = quote_char
    attrs = f"rel={q}{rel}{q}" + (f' type="{type_}"' if type_ else "") + (f' title="{title}"' if title else "")
    return f"<link {attrs} href={q}{esc_attr(href)}{q} />"


def esc_attr(text: str) -> str:
    return escape(text, quote=True).replace("&amp;", "&#038;")


def _rest_route_of(res: Resolved) -> str | None:
    """The REST twin of the queried object (rest_get_queried_resource_route)."""
    if res.singular and res.post is not None:
        base = {"page": "pages", "attachment": "media"}.get(res.post["post_type"], "posts")
        return f"/wp/v2/{base}/{int(res.post['ID'])}"
    if res.kind in ("category", "post_tag") and res.term is not None:
        return f"/wp/v2/{'categories' if res.kind == 'category' else 'tags'}/{res.term.term_id}"
    if res.kind == "author" and res.author is not None:
        return f"/wp/v2/users/{int(res.author['ID'])}"
    return None


def _oembed_url(ctx: Ctx, permalink: str, fmt: str = "") -> str:
    """get_oembed_endpoint_url()."""
    if ctx.ps.pretty:
        url = ctx.site.rest_url("/oembed/1.0/embed") + "?url=" + quote(permalink, safe="")
    else:
        url = ctx.home + "/index.php?rest_route=" + quote("/oembed/1.0/embed", safe="") + "&url=" + quote(
            permalink, safe="")
    return url + ("&format=" + fmt if fmt else "")


async def discovery(ctx: Ctx, res: Resolved, permalink: str | None) -> tuple[str, str]:
    """The `<head>` links and the `Link` header WordPress prints for this page."""
    name = esc_html(ctx.site.option("blogname"))
    ps = ctx.ps
    head = [
        _link_tag("alternate", pl.feed_link(ps), type_="application/rss+xml", title=f"{name} &raquo; Feed"),
        _link_tag("alternate", pl.feed_link(ps, comments=True), type_="application/rss+xml",
                  title=f"{name} &raquo; Comments Feed"),
    ]
    extra = await _extra_feed(ctx, res, permalink)
    if extra:
        head.append(_link_tag("alternate", extra[1], type_="application/rss+xml", title=f"{name} &raquo; {extra[0]}"))
    header = [f'<{ctx.site.rest_url("/")}>; rel="https://api.w.org/"']
    head.append(_link_tag("https://api.w.org/", ctx.site.rest_url("/")))
    route = _rest_route_of(res) if res.status == 200 else None
    if route:
        head.append(_link_tag("alternate", ctx.site.rest_url(route), type_="application/json"))
        header.append(f'<{ctx.site.rest_url(route)}>; rel="alternate"; type="application/json"')
    if res.singular and res.post is not None and permalink:
        shortlink = ctx.home + "/?p=" + str(int(res.post["ID"]))
        if res.kind != "attachment":  # WordPress prints none for attachment pages
            head.append(_link_tag("canonical", _canonical(ctx, res, permalink)))
        head.append(_link_tag("shortlink", shortlink, quote_char="'"))
        head.append(_link_tag("alternate", _oembed_url(ctx, permalink), type_="application/json+oembed"))
        head.append(_link_tag("alternate", _oembed_url(ctx, permalink, "xml"), type_="text/xml+oembed"))
        header.append(f"<{shortlink}>; rel=shortlink")
    return "\n".join(head), ", ".join(header)


def _canonical(ctx: Ctx, res: Resolved, permalink: str) -> str:
    """wp_get_canonical_url(): a comments page is its own canonical URL."""
    cpage = res.vars.get("cpage", "")
    if cpage.isdigit() and int(cpage) > 0:
        if ctx.ps.pretty:
            return ctx.ps.trailingslash(permalink.rstrip("/") + f"/comment-page-{int(cpage)}") + "#comments"
        return permalink + f"&cpage={int(cpage)}#comments"
    return permalink


async def _extra_feed(ctx: Ctx, res: Resolved, permalink: str | None) -> tuple[str, str] | None:
    """feed_links_extra(): the feed of what the page shows (title, URL)."""
    ps = ctx.ps
    if res.status != 200:
        return None
    if res.singular and res.post is not None and permalink:
        post = res.post
        if post["comment_status"] == "open" or int(post["comment_count"] or 0) > 0:
            title = the_title(post["post_title"], legacy_61=ctx.site.legacy_61)
            return (f"{title} Comments Feed",
                    pl.post_comments_feed_link(ps, permalink, int(post["ID"]), post["post_type"]))
        return None
    if res.kind in ("category", "post_tag") and res.term is not None:
        link = await ctx.links.term_link(res.term.term_id, res.term.taxonomy, res.term.slug)
        label = "Category" if res.kind == "category" else "Tag"
        return (f"{esc_html(res.term.name)} {label} Feed",
                pl.term_feed_link(ps, link, res.term.taxonomy, res.term.term_id, res.term.slug))
    if res.kind == "author" and res.author is not None:
        link = ctx.links.author_link(int(res.author["ID"]), res.author["user_nicename"])
        return (f"Posts by {esc_html(res.author['display_name'])} Feed",
                pl.author_feed_link(ps, link, int(res.author["ID"])))
    if res.kind == "search":
        return (f"Search Results for &#8220;{esc_html(res.search)}&#8221; Feed", pl.search_feed_link(ps, res.search))
    return None


# ---------------------------------------------------------------- titles


def document_title(ctx: Ctx, res: Resolved) -> str:
    """wp_get_document_title()."""
    name = esc_html(ctx.site.option("blogname"))
    sep = " &#8211; "
    if res.status == 404:
        return "Page not found" + sep + name
    if res.kind == "search":
        return f"Search Results for &#8220;{esc_html(res.search)}&#8221;" + sep + name
    if res.kind == "home":
        parts = [name]
        if res.paged > 1:
            parts.append(f"Page {res.paged}")
        description = esc_html(ctx.site.option("blogdescription"))
        if description:
            parts.append(description)
        return sep.join(parts)
    if res.singular and res.post is not None:
        return the_title(res.post["post_title"], legacy_61=ctx.site.legacy_61) + sep + name
    return archive_title(ctx, res, english=True) + sep + name


def archive_title(ctx: Ctx, res: Resolved, *, english: bool = False) -> str:
    lang = "en" if english else language(ctx.site.option("WPLANG"))
    if res.kind in ("category", "post_tag") and res.term is not None:
        return esc_html(res.term.name)
    if res.kind == "author" and res.author is not None:
        return esc_html(res.author["display_name"])
    if res.kind == "date":
        year, month, day = res.date
        if day and month:
            return f"{MONTHS[lang][month - 1]} {day}, {year}" if lang == "en" else f"{day} {MONTHS[lang][month - 1]} {year}"
        if month:
            return f"{MONTHS[lang][month - 1]} {year}"
        return str(year)
    return ""


# ---------------------------------------------------------------- rendering


def _page(ctx: Ctx) -> Page:
    return Page(
        site_name=ctx.site.option("blogname"),
        site_description=ctx.site.option("blogdescription"),
        home_url=ctx.ps.home_url("/"),
        asset_home=ctx.home,
        wplang=ctx.site.option("WPLANG"),
        date_format=ctx.site.option("date_format"),
        theme_dir=getattr(ctx.settings, "theme_dir", ""),
        legacy_61=ctx.site.legacy_61,
    )


async def _views(ctx: Ctx, rows: list[dict[str, Any]]) -> list[PostView]:
    await ctx.links.prepare(rows)
    ids = [int(r["ID"]) for r in rows]
    terms = await object_terms(ctx.storage, ids, ["category", "post_tag"])
    authors = await display_names(ctx.storage, (int(r["post_author"] or 0) for r in rows))
    views = []
    for row in rows:
        post_terms = terms.get(int(row["ID"]), {})
        cats = [(esc_html(t.name), await ctx.links.term_link(t.term_id, "category", t.slug))
                for t in post_terms.get("category", [])]
        tags = [(esc_html(t.name), await ctx.links.term_link(t.term_id, "post_tag", t.slug))
                for t in post_terms.get("post_tag", [])]
        name, nicename = authors.get(int(row["post_author"] or 0), ("", ""))
        views.append(PostView(row=row, link=ctx.links.permalink(row), author_name=name,
                              author_link=ctx.links.author_link(int(row["post_author"] or 0), nicename),
                              categories=cats, tags=tags))
    return views


async def _adjacent(ctx: Ctx, post: dict[str, Any], previous: bool) -> tuple[str, str] | None:
    """get_adjacent_post(): the published post just before (or after) this one."""
    adjacent = await adjacent_post(ctx.storage, post, previous=previous)
    if adjacent is None:
        return None
    return await ctx.links.permalink_of(adjacent), the_title(adjacent["post_title"], legacy_61=ctx.site.legacy_61)


async def render_html(ctx: Ctx, res: Resolved) -> tuple[str, str]:
    """The themed page and its Link header."""
    page = _page(ctx)
    permalink = await ctx.links.permalink_of(res.post) if res.singular and res.post is not None else None
    head, link_header = await discovery(ctx, res, permalink)
    status = res.status
    if status == 404:
        content, body_class = not_found(page), "error404"
    elif res.singular and res.post is not None:
        view = (await _views(ctx, [res.post]))[0]
        is_post = res.post["post_type"] == "post"
        previous = await _adjacent(ctx, res.post, True) if is_post else None
        next_ = await _adjacent(ctx, res.post, False) if is_post else None
        widget = res.post["post_type"] in ("post", "page") and (
            res.post["comment_status"] == "open" or int(res.post["comment_count"] or 0) > 0)
        content = post_full(page, view, previous=previous, next_=next_, widget=widget)
        body_class = "single" if is_post else res.post["post_type"]
    else:
        views = await _views(ctx, res.posts)
        parts = []
        if res.kind == "search":
            parts.append(archive_header(page.t("search_results").replace("%s", esc_html(res.search))))
        elif res.archive:
            label = {"category": "category", "post_tag": "tag", "author": "author"}.get(res.kind)
            if res.kind == "date":
                label = "day" if res.date[2] else "month" if res.date[1] else "year"
            parts.append(archive_header(page.t(label or "year").replace("%s", archive_title(ctx, res))))
        parts += [post_summary(page, view) for view in views]
        if res.kind == "search" and not views:
            parts.append(f"<p>{page.t('no_results')}</p>")
        base = await object_link(ctx, res) or ctx.ps.home_url("/")
        newer = pl.pagenum_link(ctx.ps, base, res.paged - 1) if res.paged > 1 else None
        older = pl.pagenum_link(ctx.ps, base, res.paged + 1) if res.paged < res.max_pages else None
        parts.append(pagination(page, newer, older))
        content, body_class = "\n".join(parts), res.kind if res.kind != "home" else "home blog"
    html = render(page, title=document_title(ctx, res), head=head, content=content, body_class=body_class,
                  search=res.search)
    return html, link_header


async def render_embed(ctx: Ctx, res: Resolved) -> Response:
    assert res.post is not None
    page = _page(ctx)
    permalink = await ctx.links.permalink_of(res.post)
    view = (await _views(ctx, [res.post]))[0]
    _, link_header = await discovery(ctx, res, permalink)
    html = (
        f'<!DOCTYPE html>\n<html lang="{escape(page.wplang.replace("_", "-") or "en-US")}" class="no-js">\n<head>\n'
        f"<title>{document_title(ctx, res)}</title>\n<meta charset=\"UTF-8\">\n"
        '<meta name="robots" content="noindex, follow" />\n'
        f"{_link_tag('canonical', permalink)}\n<style>{EMBED_CSS}</style>\n</head>\n"
        f'<body class="single">\n{embed_card(page, view)}\n{EMBED_HEIGHT_SCRIPT}</body>\n</html>\n'
    )
    return HTMLResponse(html, headers={"Link": link_header, "Content-Type": HTML})


# The embeddable view tells the page embedding it how tall it is, with the secret the iframe's
# URL carries (`#?secret=…`), as WordPress's embeds do; its links open in the top window.
EMBED_HEIGHT_SCRIPT = (
    "<script>\n(function(w,d){var m=/secret=([A-Za-z0-9]+)/.exec(w.location.hash);"
    "if(!m||w.parent===w)return;var s=m[1];function send(){w.parent.postMessage({message:'height',"
    "value:Math.ceil(d.documentElement.getBoundingClientRect().height),secret:s},'*')}"
    "w.addEventListener('load',send);w.addEventListener('resize',send);send()})(window,document);\n</script>\n"
)


# ---------------------------------------------------------------- feeds


async def render_feed(ctx: Ctx, res: Resolved) -> Response:
    feed_ctx = FeedContext(ctx.site, ctx.storage)
    feed = "atom" if res.feed == "atom" else "rss2"
    if res.singular:
        # A missing page's feed still links the home page; a missing post's links nothing.
        return await comments_feed_response(ctx.request, feed_ctx, res.post, feed=feed, missing=res.post is None,
                                            missing_link=ctx.home if res.vars.get("pagename") else "")
    if res.comments_feed:
        return await comments_feed_response(ctx.request, feed_ctx, None, feed=feed)
    name = esc_html(ctx.site.option("blogname"))
    title = name
    if res.archive and res.term is None and res.author is None and res.kind != "date":
        # WordPress answers the feed of a term or author that does not exist: empty, 200 (an
        # unknown author is still "user 0" to its REST link).
        alternate = "/wp/v2/users/0" if res.kind == "author" else None
        return await posts_feed_response(ctx.request, feed_ctx, [], title, feed=feed, alternate=alternate)
    if res.kind == "search":
        title = f"Search Results for &#8220;{esc_html(res.search)}&#8221; &#8211; {name}"
    elif res.archive:
        title = f"{ent2ncr(archive_title(ctx, res, english=True))} &#8211; {name}"
    return await posts_feed_response(ctx.request, feed_ctx, res.posts, title, feed=feed,
                                     alternate=_rest_route_of(res))


async def _not_found(ctx: Ctx, res: Resolved) -> Response:
    res.kind = "404"
    html, link = await render_html(ctx, res)
    return HTMLResponse(html, status_code=404, headers={"Link": link, "Content-Type": HTML})


# ---------------------------------------------------------------- the endpoint


async def public_page(request: Request) -> Response:
    settings = request.app.state.settings
    front = getattr(settings, "front_url", "")
    if front:
        # A headless site: its readers' pages live on the front end; send them there.
        url = front.rstrip("/") + request.url.path + (("?" + request.url.query) if request.url.query else "")
        return _redirect(url)
    site = await load_site(request.app.state.storage, settings)
    ctx = Ctx(request, site)
    query = {k: v for k, v in request.query_params.items()}
    page_paths = await _page_paths(ctx) if ctx.ps.pretty and verbose_page_rules(ctx.ps) else set()
    parsed = parse_request(_request_path(ctx), query, ctx.ps, page_exists=lambda p: p in page_paths)
    res = await resolve(ctx.storage, site, parsed)
    if res.kind == "single" and res.post is None and res.old_slug_target is not None:
        # wp_old_slug_redirect(): the post moved; keep the feed or embed the URL asked for.
        link = await ctx.links.permalink_of(res.old_slug_target)
        if res.feed:
            link = pl.post_comments_feed_link(ctx.ps, link, int(res.old_slug_target["ID"]), "post",
                                              "rss2" if res.feed == "rss2" else res.feed)
        return _redirect(_with_suffix(ctx, link, res))
    target = await canonical_redirect(ctx, res, bool(parsed.matched_rule))
    if target is not None:
        return _redirect(target)
    if res.feed:
        response = await render_feed(ctx, res)
    elif res.embed and res.singular and res.post is not None:
        response = await render_embed(ctx, res)
    else:
        html, link = await render_html(ctx, res)
        response = HTMLResponse(html, status_code=res.status, headers={"Link": link, "Content-Type": HTML})
    if request.method == "HEAD":
        return Response(b"", status_code=response.status_code, headers=dict(response.headers))
    return response


async def stylesheet(request: Request) -> Response:
    settings = request.app.state.settings
    css = theme_file("style.css", getattr(settings, "theme_dir", "")).read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


def public_routes() -> list[BaseRoute]:
    """Last in the app's routes: every address nothing else answers is a public page."""
    return [
        Route("/theme/style.css", stylesheet, methods=["GET", "HEAD"]),
        Route("/", public_page, methods=["GET", "HEAD"]),
        Route("/{path:path}", public_page, methods=["GET", "HEAD"]),
    ]
