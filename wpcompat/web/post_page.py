"""A plain page for one post (`/?p=ID`) with the comment widget: the demo's blog post.

wpcompat serves no theme; this page exists so that `make run` shows a post and its comments
the way a reader sees them, and so that the widget is tested in a real page. Title and
content go through the same render pipeline as the REST API's `rendered` fields.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from wpcompat.render.pipelines import the_content, the_title
from wpcompat.site import Site, load_site
from wpcompat.storage import Storage

STATIC_DIR = Path(__file__).parent.parent / "static"

PAGE_CSS = """
body{margin:0;font:18px/1.6 Georgia,'Times New Roman',serif;color:#1d1d1f;background:#fbfaf7}
.site-header{border-bottom:1px solid #e4e1d8;background:#fff}
.site-header .inner,.entry{max-width:42rem;margin:0 auto;padding:1rem 1.25rem}
.site-title{font:700 1.15rem/1.3 system-ui,sans-serif;margin:0}.site-title a{color:inherit;text-decoration:none}
.site-description{margin:.1rem 0 0;font:.9rem system-ui,sans-serif;color:#5f5d57}
.entry-title{font-size:2rem;line-height:1.2;margin:2rem 0 .25rem}
.entry-meta{font:.9rem system-ui,sans-serif;color:#5f5d57;margin:0 0 1.5rem}
.entry-content a{color:#8a3b12}
.posts{list-style:none;padding:0}.posts li{margin:0 0 1rem}.posts a{font-size:1.3rem;color:#8a3b12}
"""


async def _post(storage: Storage, post_id: int) -> dict | None:
    posts = storage.tables.posts
    row = await storage.db.fetch_one(
        sa.select(posts).where(posts.c["ID"] == post_id, posts.c.post_status == "publish",
                               posts.c.post_password == "")
    )
    return dict(row._mapping) if row else None


def _page(site: Site, title: str, body: str) -> str:
    lang = (site.option("WPLANG") or "en_US").replace("_", "-")
    name = escape(site.option("blogname"))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f'<link rel="https://api.w.org/" href="{escape(site.rest_url("/"))}" />\n'
        f"<style>{PAGE_CSS}</style>\n</head>\n<body>\n"
        f'<header class="site-header"><div class="inner"><p class="site-title"><a href="{escape(site.home)}/">{name}</a></p>'
        f'<p class="site-description">{escape(site.option("blogdescription"))}</p></div></header>\n'
        f"{body}\n</body>\n</html>\n"
    )


async def post_page(request: Request, post_id: int) -> HTMLResponse:
    storage = request.app.state.storage
    site = await load_site(storage, request.app.state.settings)
    post = await _post(storage, post_id)
    if post is None:
        return HTMLResponse(_page(site, "Not found", '<main class="entry"><h1>Not found</h1></main>'), 404)
    title = the_title(post["post_title"], legacy_61=site.legacy_61)
    content = the_content(post["post_content"], legacy_61=site.legacy_61)
    date = str(post["post_date"])[:10]
    body = (
        f'<main class="entry"><article id="post-{post_id}">\n'
        f'<h1 class="entry-title">{title}</h1>\n'
        f'<p class="entry-meta"><time datetime="{escape(str(post["post_date_gmt"]).replace(" ", "T"))}Z">{escape(date)}</time></p>\n'
        f'<div class="entry-content">\n{content}\n</div>\n</article>\n'
        f'<div id="comments"></div>\n'
        f'<script src="{escape(site.home)}/embed/comments.js" data-post="{post_id}" data-target="comments" async></script>\n'
        "</main>"
    )
    return HTMLResponse(_page(site, title, body))


async def recent_posts_html(storage: Storage, limit: int = 10) -> str:
    """A list of the newest published posts, linking to their `?p=` page."""
    posts = storage.tables.posts
    rows = await storage.db.fetch_all(
        sa.select(posts.c["ID"], posts.c.post_title)
        .where(posts.c.post_type == "post", posts.c.post_status == "publish")
        .order_by(posts.c.post_date.desc()).limit(limit)
    )
    items = "".join(
        f'<li><a href="/?p={int(r["ID"])}">{the_title(r["post_title"])}</a></li>' for r in rows
    )
    return f'<ul class="posts">{items}</ul>' if items else ""


def embed_routes() -> list[BaseRoute]:
    """The widget's files: /embed/comments.js and /embed/comments.css."""
    return [Mount("/embed", app=StaticFiles(directory=STATIC_DIR), name="embed")]
