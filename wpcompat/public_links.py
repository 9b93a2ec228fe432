"""The public links WordPress prints besides permalinks: feeds, archives by date, search, paging.

get_feed_link, get_post_comments_feed_link, get_term_feed_link, get_author_feed_link,
get_search_link, get_search_feed_link, get_year/month/day_link and get_pagenum_link, for
pretty and plain permalinks alike.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from wpcompat.permalinks import Permastructs
from wpcompat.rewrite import date_struct

DEFAULT_FEED = "rss2"


def _with_query(url: str, **args: str | int) -> str:
    return url + ("&" if "?" in url else "?") + urlencode({k: str(v) for k, v in args.items()})


def _feed_suffix(ps: Permastructs, url: str, feed: str) -> str:
    """`<url>/feed/` or `<url>/feed/atom/`, slash as the structure has it."""
    tail = "feed" if feed == DEFAULT_FEED else f"feed/{feed}"
    return ps.trailingslash(url.rstrip("/") + "/" + tail)


def feed_link(ps: Permastructs, feed: str = DEFAULT_FEED, *, comments: bool = False) -> str:
    if ps.pretty:
        base = ps.home_url(ps.root + ("comments/" if comments else ""))
        return _feed_suffix(ps, base, feed)
    return ps.home_url("?feed=" + ("comments-" if comments else "") + feed)


def post_comments_feed_link(ps: Permastructs, permalink: str, post_id: int, post_type: str,
                            feed: str = DEFAULT_FEED) -> str:
    if ps.pretty and "?" not in permalink:
        return _feed_suffix(ps, permalink, feed)
    arg = "page_id" if post_type == "page" else "p"
    return ps.home_url(f"?feed={feed}&{arg}={post_id}")


def term_feed_link(ps: Permastructs, term_link: str, taxonomy: str, term_id: int, slug: str,
                   feed: str = DEFAULT_FEED) -> str:
    if ps.pretty:
        return _feed_suffix(ps, term_link, feed)
    if taxonomy == "category":
        return ps.home_url(f"?feed={feed}&cat={term_id}")
    return ps.home_url(f"?feed={feed}&tag={slug}")


def author_feed_link(ps: Permastructs, author_link: str, user_id: int, feed: str = DEFAULT_FEED) -> str:
    if ps.pretty:
        return _feed_suffix(ps, author_link, feed)
    return ps.home_url(f"?feed={feed}&author={user_id}")


def search_link(ps: Permastructs, search: str) -> str:
    if ps.pretty:
        return ps.trailingslash(ps.home_url(ps.root + "search/" + quote(search, safe="")))
    return ps.home_url("?s=" + quote(search, safe=""))


def search_feed_link(ps: Permastructs, search: str, feed: str = DEFAULT_FEED) -> str:
    if ps.pretty:
        # get_search_feed_link() names the feed type and ends with a slash whatever the structure.
        return search_link(ps, search).rstrip("/") + f"/feed/{feed}/"
    return ps.home_url(f"?s={quote(search, safe='')}&feed={feed}")


def date_link(ps: Permastructs, year: int, month: int = 0, day: int = 0) -> str:
    if ps.pretty:
        struct = date_struct(ps)
        parts = struct.split("%year%")[0] + f"{year:04d}"
        if month:
            parts += f"/{month:02d}"
            if day:
                parts += f"/{day:02d}"
        return ps.trailingslash(ps.home_url(parts))
    m = f"{year:04d}" + (f"{month:02d}" if month else "") + (f"{day:02d}" if month and day else "")
    return ps.home_url("?m=" + m)


def pagenum_link(ps: Permastructs, base: str, paged: int) -> str:
    """get_pagenum_link(): page N of an archive whose first page is `base`."""
    if paged <= 1:
        return base
    if ps.pretty and "?" not in base:
        return ps.trailingslash(base.rstrip("/") + f"/page/{paged}")
    return _with_query(base if base != ps.home else ps.home_url("/"), paged=paged)
