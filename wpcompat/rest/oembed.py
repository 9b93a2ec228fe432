"""oEmbed 1.0 provider: `/oembed/1.0/embed` (WP_oEmbed_Controller), JSON or XML.

A consumer (a link preview, another WordPress) asks with a post's URL; the answer describes the
post and carries the HTML of an embed card: a blockquote fallback and a sandboxed iframe of the
post's embeddable view (`<permalink>embed/`), tied together by a random secret. The proxy route
(`/oembed/1.0/proxy`, which fetches other sites' oEmbed for signed-in editors) is not served.
"""

from __future__ import annotations

import math
import re
import secrets
import string
from html import escape
from typing import Any
from urllib.parse import urlsplit

from settings import Settings
from wpcompat.permalinks import Links, Permastructs
from wpcompat.render.escape import esc_html
from wpcompat.render.pipelines import the_title
from wpcompat.rest.errors import RestError
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import READABLE, Endpoint, Route
from wpcompat.storage.public import public_user, published_page_tree
from wpcompat.util.numbers import absint

NAMESPACE = "oembed/1.0"
DEFAULT_WIDTH = 600
MIN_WIDTH, MAX_WIDTH = 200, 600
# Our own small listener (not WordPress's wp-embed script): it sizes the iframe to the height
# the embedded page reports, and hides the blockquote fallback once the iframe answers.
EMBED_SCRIPT = (
    "<script>\n(function(w,d){if(w.wpcEmbedListener)return;w.wpcEmbedListener=1;"
    "w.addEventListener('message',function(e){var m=e.data||{};"
    "if(!m.secret||/[^a-zA-Z0-9]/.test(m.secret))return;"
    "d.querySelectorAll('blockquote[data-secret=\"'+m.secret+'\"]').forEach(function(b){b.style.display='none'});"
    "d.querySelectorAll('iframe[data-secret=\"'+m.secret+'\"]').forEach(function(f){"
    "if(f.contentWindow!==e.source)return;f.removeAttribute('style');"
    "if(m.message==='height'){var h=Math.min(1000,Math.max(200,parseInt(m.value,10)||0));f.height=h}})});"
    "})(window,document);\n</script>\n"
)


def _secret() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(10))


def embed_url(ps: Permastructs, permalink: str) -> str:
    """get_post_embed_url()."""
    if ps.pretty and "?" not in permalink:
        return ps.trailingslash(permalink.rstrip("/") + "/embed")
    return permalink + ("&" if "?" in permalink else "?") + "embed=true"


def embed_html(ps: Permastructs, permalink: str, title: str, site_name: str, width: int, height: int) -> str:
    """get_post_embed_html(): the card's blockquote fallback, iframe and listener."""
    secret = _secret()
    src = escape(embed_url(ps, permalink)).replace("&amp;", "&#038;") + "#?secret=" + secret
    iframe_title = f"&#8220;{title}&#8221; &#8212; {site_name}"
    return (
        f'<blockquote class="wp-embedded-content" data-secret="{secret}"><a href="{escape(permalink)}">{title}</a>'
        f'</blockquote><iframe sandbox="allow-scripts" security="restricted" src="{src}" width="{width}" '
        f'height="{height}" title="{iframe_title}" data-secret="{secret}" frameborder="0" marginwidth="0" '
        f'marginheight="0" scrolling="no" class="wp-embedded-content"></iframe>' + EMBED_SCRIPT
    )


def dimensions(maxwidth: Any) -> tuple[int, int]:
    """get_oembed_response_data(): width within 200..600, height 16:9 but at least 200."""
    try:
        width = int(maxwidth)
    except (TypeError, ValueError):
        width = DEFAULT_WIDTH
    width = min(max(width, MIN_WIDTH), MAX_WIDTH)
    return width, max(math.ceil(width / 16 * 9), MIN_WIDTH)


async def url_to_post(req: RestRequest, url: str) -> dict[str, Any] | None:
    """url_to_postid() for a public, published post, page or attachment of this site."""
    from wpcompat.public_query import resolve
    from wpcompat.rewrite import parse_request

    home = urlsplit(req.site.home)
    parts = urlsplit(url)
    if parts.netloc.lower() != home.netloc.lower():
        return None
    path = parts.path
    if home.path and path.startswith(home.path.rstrip("/")):
        path = path[len(home.path.rstrip("/")):]
    query = dict(pair.split("=", 1) if "=" in pair else (pair, "") for pair in parts.query.split("&") if pair)
    ps = Permastructs.of(req.site)
    pages = {slug for slug, _ in (await published_page_tree(req.storage)).values()}
    parsed = parse_request(path, query, ps, page_exists=lambda p: p.rsplit("/", 1)[-1] in pages)
    resolved = await resolve(req.storage, req.site, parsed)
    if not resolved.singular or resolved.post is None or resolved.post.get("post_password"):
        return None
    return resolved.post


async def get_item(req: RestRequest) -> RestResponse:
    url = str(req.get("url") or "")
    post = await url_to_post(req, url)
    if post is None:
        raise RestError("oembed_invalid_url", "Not Found", 404)
    links = Links.of(req)
    permalink = await links.permalink_of(post)
    author = await public_user(req.storage, user_id=int(post["post_author"] or 0))
    width, height = dimensions(absint(req.get("maxwidth", DEFAULT_WIDTH)))
    title = the_title(post["post_title"], legacy_61=req.site.legacy_61)
    site_name = esc_html(req.site.option("blogname"))
    data: dict[str, Any] = {
        "version": "1.0",
        "provider_name": req.site.option("blogname"),
        "provider_url": req.site.home,
        "author_name": str(author["display_name"]) if author else "",
        "author_url": links.author_link(int(author["ID"]), str(author["user_nicename"])) if author else req.site.home,
        "title": title,
        "type": "rich",
        "width": width,
        "height": height,
        "html": embed_html(links.ps, permalink, title, site_name, width, height),
    }
    if req.get("format") == "xml":
        return RestResponse(raw=(to_xml(data), "text/xml; charset=UTF-8"))
    return RestResponse(data)


_NUMERIC_REF = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")


def _xml_text(value: Any) -> str:
    """A field as WordPress's SimpleXML writes it: numeric references become characters, then
    markup is escaped and every non-ASCII character is written `&#xHEX;`."""
    text = _NUMERIC_REF.sub(
        lambda m: chr(int(m.group(1)[1:], 16) if m.group(1)[0] in "xX" else int(m.group(1))), str(value))
    text = escape(text, quote=False)
    return "".join(ch if ord(ch) < 128 else f"&#x{ord(ch):X};" for ch in text)


def to_xml(data: dict[str, Any]) -> bytes:
    """_oembed_create_xml(): one element per field."""
    body = "".join(f"<{key}>{_xml_text(value)}</{key}>" for key, value in data.items())
    return f'<?xml version="1.0"?>\n<oembed>{body}</oembed>\n'.encode()


def routes(settings: Settings) -> list[Route]:
    del settings
    args = {
        "url": {"description": "The URL of the resource for which to fetch oEmbed data.", "required": True,
                "type": "string", "format": "uri"},
        # WordPress declares these two with a sanitize callback and no type: any format other
        # than xml is json (wp_oembed_ensure_format), maxwidth goes through absint(); neither
        # answers 400, and the index lists them without type or enum.
        "format": {"default": "json"},
        "maxwidth": {"default": DEFAULT_WIDTH},
    }
    return [
        Route(f"/{NAMESPACE}", NAMESPACE, [], show_in_index=False),
        Route(f"/{NAMESPACE}/embed", NAMESPACE, [Endpoint(READABLE, get_item, args=args)]),
    ]
