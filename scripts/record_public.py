#!/usr/bin/env python3
"""Record how a real WordPress answers its public addresses (not the REST API): permalinks,
canonical redirects, archives, feeds, discovery, oEmbed, admin-ajax's rest-nonce.

Usage: scripts/record_public.py BASE_URL OUT_DIR
  BASE_URL  a WordPress holding the oracle's content (../shared/oracle), e.g. one of the sites
            built beside the oracle with another permalink_structure (see tests/oracle_public/README.md)
  OUT_DIR   one JSON file per request (tests/oracle_public/<structure>/)

Each file holds the request, every hop of the redirect chain (status, Location) and the final
answer: status, the headers that matter, and the body when it is data (feeds, oEmbed, JSON,
admin-ajax) or the `<link>`s and `<title>` of an HTML page's head. The base URL is written
`{home}` so that the recording can be replayed against any host. Standard library only.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
import urllib.parse
from pathlib import Path

HEADERS = ("content-type", "link", "location", "x-redirect-by", "x-pingback", "x-wp-total",
           "x-wp-totalpages", "x-content-type-options", "x-frame-options", "content-security-policy")
MAX_HOPS = 6


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    conn.request("GET", path, headers={"User-Agent": "wpcompat-recorder", **(headers or {})})
    resp = conn.getresponse()
    body = resp.read()
    got: dict[str, str] = {}
    for key, value in resp.getheaders():
        # Several Link headers (REST API, alternate, shortlink) are one list, comma separated.
        got[key.lower()] = got[key.lower()] + ", " + value if key.lower() in got else value
    conn.close()
    return resp.status, got, body


def head_of(html: str) -> dict[str, object]:
    head = html.split("</head>", 1)[0]
    links = [m.group(0) for m in re.finditer(r"<link\b[^>]*>", head)]
    keep = [
        link for link in links
        if re.search(r"""rel=["'](alternate|canonical|shortlink|https://api\.w\.org/|EditURI|icon)["']""", link)
    ]
    title = re.search(r"<title>(.*?)</title>", head, re.S)
    return {"links": keep, "title": title.group(1) if title else None}


def _home(text: str, base: str) -> str:
    """The base URL as `{home}`, also where it is URL-encoded (oEmbed discovery links)."""
    return text.replace(base, "{home}").replace(urllib.parse.quote(base, safe=""), "{home_encoded}")


def record(base: str, path: str, headers: dict[str, str] | None = None) -> dict[str, object]:
    url = base + path
    chain = []
    for _ in range(MAX_HOPS):
        status, got, body = fetch(url, headers)
        if status in (301, 302, 303, 307, 308) and "location" in got:
            chain.append({"status": status, "location": _home(got["location"], base),
                          "x-redirect-by": got.get("x-redirect-by")})
            url = urllib.parse.urljoin(url, got["location"])
            if not url.startswith(base):
                break
            continue
        break
    ctype = got.get("content-type", "")
    text = _home(body.decode("utf-8", "replace"), base)
    out: dict[str, object] = {
        "request": {"path": path, "headers": headers or {}},
        "chain": chain,
        "status": status,
        "headers": {k: _home(got[k], base) for k in HEADERS if k in got},
    }
    if "html" in ctype:
        out["head"] = head_of(text)
    else:
        out["body"] = text
    return out


def rest(base: str, pretty: bool, route: str) -> dict:
    path = "/wp-json" + route if pretty else "/?rest_route=" + route
    return json.loads(fetch(base + path)[2])


def requests_for(base: str) -> dict[str, tuple[str, dict[str, str]] | str]:
    status, _, _ = fetch(base + "/?p=6")
    pretty = status == 301
    post = rest(base, pretty, "/wp/v2/posts/6")["link"]
    page = rest(base, pretty, "/wp/v2/pages/23")["link"]
    cat = rest(base, pretty, "/wp/v2/categories/3")["link"]
    tag = rest(base, pretty, "/wp/v2/tags/5")["link"]
    author = rest(base, pretty, "/wp/v2/users/2")["link"]
    rel = lambda url: url.replace(base, "")  # noqa: E731
    post, page, cat, tag, author = map(rel, (post, page, cat, tag, author))
    q = urllib.parse.quote
    oembed = "/wp-json/oembed/1.0/embed?url=" if pretty else "/?rest_route=/oembed/1.0/embed&url="
    reqs: dict[str, object] = {
        "home": "/",
        "home_paged_query": "/?paged=2",
        "home_paged_pretty": "/page/2/",
        "home_paged_beyond": "/?paged=9",
        "post_plain": "/?p=6",
        "post_plain_private": "/?p=12",
        "post_plain_missing": "/?p=9999",
        "post_plain_draft": "/?p=19",
        "post_permalink": post,
        "post_old_slug_query": "/?name=welcome-old-slug",
        "post_by_name_query": "/?name=bienvenue-sur-secteur-ess",
        "page_plain": "/?page_id=23",
        "page_permalink": page,
        "page_pagename_query": "/?pagename=a-propos/lequipe",
        "attachment_plain": "/?attachment_id=24",
        "category_plain": "/?cat=3",
        "category_name_query": "/?category_name=cooperatives",
        "category_link": cat,
        "category_link_paged": cat.rstrip("/") + ("/page/2/" if pretty else "&paged=2"),
        "category_missing": "/?cat=999",
        "tag_plain": "/?tag=scop",
        "tag_link": tag,
        "author_plain": "/?author=2",
        "author_link": author,
        "author_missing": "/?author=99",
        "date_year_query": "/?m=2020",
        "date_month_query": "/?m=202010",
        "date_day_query": "/?m=20201001",
        "date_year_month_vars": "/?year=2020&monthnum=10",
        "date_year_pretty": "/2020/",
        "date_month_pretty": "/2020/10/",
        "date_day_pretty": "/2020/10/01/",
        "date_empty_year": "/?m=2015",
        "search_query": "/?s=scop",
        "search_pretty": "/search/scop/",
        "search_nothing": "/?s=zzzqqq",
        "not_found": "/nothing-here-at-all/",
        "feed_posts": "/feed/",
        "feed_posts_noslash": "/feed",
        "feed_posts_rss2": "/feed/rss2/",
        "feed_posts_atom": "/feed/atom/",
        "feed_posts_query": "/?feed=rss2",
        "feed_posts_query_atom": "/?feed=atom",
        "feed_comments": "/comments/feed/",
        "feed_comments_atom": "/comments/feed/atom/",
        "feed_comments_query": "/?feed=comments-rss2",
        "feed_comments_query_atom": "/?feed=comments-atom",
        "feed_post_comments_query": "/?p=8&feed=rss2",
        "feed_category_query": "/?cat=3&feed=rss2",
        "feed_tag_query_atom": "/?tag=scop&feed=atom",
        "feed_author_query": "/?author=2&feed=rss2",
        "feed_search_query": "/?s=scop&feed=rss2",
        "feed_search_query_atom": "/?s=scop&feed=atom",
        "oembed_post": oembed + q(base + post, safe=""),
        "oembed_post_xml": oembed + q(base + post, safe="") + "&format=xml",
        "oembed_post_maxwidth": oembed + q(base + post, safe="") + "&maxwidth=300",
        "oembed_page": oembed + q(base + page, safe=""),
        "oembed_missing": oembed + q(base + "/nothing-here/", safe=""),
        "oembed_no_url": oembed[: -len("url=")].rstrip("?&"),
        "rest_nonce_anonymous": "/wp-admin/admin-ajax.php?action=rest-nonce",
        "rest_made_up_nonce": ("/wp-json/wp/v2/posts?per_page=1" if pretty else "/?rest_route=/wp/v2/posts&per_page=1",
                               {"X-WP-Nonce": "0123456789"}),
    }
    if pretty:
        post_dir = post.rstrip("/")
        reqs.update({
            "post_permalink_noslash": post_dir if post.endswith("/") else post + "/",
            "post_embed": post_dir + "/embed/",
            "post_feed": post_dir + "/feed/",
            "post_feed_atom": post_dir + "/feed/atom/",
            "post_old_slug": post.replace("bienvenue-sur-secteur-ess", "welcome-old-slug")
            if "bienvenue-sur-secteur-ess" in post else None,
            "post_paged_comments": post_dir + "/comment-page-1/",
            "category_feed": cat.rstrip("/") + "/feed/",
            "category_feed_atom": cat.rstrip("/") + "/feed/atom/",
            "tag_feed": tag.rstrip("/") + "/feed/",
            "author_feed": author.rstrip("/") + "/feed/",
            "search_feed_pretty": "/search/scop/feed/rss2/",
            "date_year_feed": "/2020/feed/",
            "feed_post_missing": post_dir.rsplit("/", 1)[0] + "/no-such-post/feed/",
            "feed_category_missing": "/category/no-such-category/feed/",
            "feed_tag_missing": tag.rsplit("/", 2)[0] + "/nope/feed/" if tag.endswith("/") else tag.rsplit("/", 1)[0] + "/nope/feed/",
            "feed_author_missing": author.rsplit("/", 2)[0] + "/nobody/feed/" if author.endswith("/") else author.rsplit("/", 1)[0] + "/nobody/feed/",
        })
    else:
        reqs["post_embed"] = "/?p=6&embed=true"
    return {k: v for k, v in reqs.items() if v}


def main() -> None:
    base, out_dir = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, spec in requests_for(base).items():
        path, headers = (spec, {}) if isinstance(spec, str) else spec
        answer = record(base, path, headers)
        (out_dir / f"{name}.json").write_text(json.dumps(answer, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
        print(name, answer["status"], [h["status"] for h in answer["chain"]], path)


if __name__ == "__main__":
    main()
