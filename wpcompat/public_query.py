"""WP_Query for the public pages: parsed query vars → what is shown (posts, the queried object).

The vars come from wpcompat/rewrite.py; this module reads the database. Only published
content is public (drafts, private and future posts are 404 for readers, as in WordPress).
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from typing import Any

from wpcompat.rewrite import Parsed
from wpcompat.site import Site
from wpcompat.storage import Storage
from wpcompat.storage.posts import DateClause, PostQuery, TaxClause, find_posts
from wpcompat.storage.public import old_slug_post, post_by_id, post_by_slug, public_by_slug, public_user
from wpcompat.storage.terms import Term, get_term, taxonomy_terms
from wpcompat.util.numbers import php_intval

Row = dict[str, Any]


@dataclass
class Resolved:
    """What a public request shows, and whether it exists (WP_Query's is_* flags, flattened)."""

    kind: str  # home, single, page, attachment, category, post_tag, author, date, search, 404
    vars: dict[str, str]
    posts: list[Row] = field(default_factory=list)
    total: int = 0
    paged: int = 1
    per_page: int = 10
    post: Row | None = None  # the singular post
    term: Term | None = None
    author: Row | None = None
    date: tuple[int, int, int] = (0, 0, 0)  # year, month, day (0 = not given)
    search: str = ""
    feed: str = ""  # rss2, atom, rdf, rss ('' = HTML)
    comments_feed: bool = False  # withcomments / comments-rss2 / a singular's feed
    embed: bool = False
    old_slug_target: Row | None = None  # a post found through `_wp_old_slug`

    @property
    def max_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def singular(self) -> bool:
        return self.kind in ("single", "page", "attachment")

    @property
    def archive(self) -> bool:
        return self.kind in ("category", "post_tag", "author", "date")

    @property
    def status(self) -> int:
        """WP::handle_404(): found posts, an existing term/author, the home or a search are 200."""
        if self.kind == "404":
            return 404
        if self.feed:
            return 200
        if self.singular:
            return 200 if self.post is not None else 404
        if self.posts:
            return 200
        if self.paged > 1:
            return 404
        if self.kind in ("category", "post_tag") and self.term is not None:
            return 200
        if self.kind == "author" and self.author is not None:
            return 200
        if self.kind in ("home", "search"):
            return 200
        return 404


def _int(value: str) -> int:
    """PHP's (int) cast of a query var: leading digits, saturating at 64 bits (never an SQL overflow)."""
    return php_intval(value)


async def page_by_path(storage: Storage, path: str, post_type: str = "page") -> Row | None:
    """get_page_by_path(): the published page whose slug chain is `parent/child`."""
    slugs = [s for s in path.strip("/").split("/") if s]
    if not slugs:
        return None
    types = [post_type, "attachment"] if post_type == "page" else [post_type]
    candidates = await public_by_slug(storage, slugs[-1], types)
    for candidate in sorted(candidates, key=lambda r: (r["post_type"] != post_type, r["ID"])):
        parent, ok = int(candidate["post_parent"] or 0), True
        for slug in reversed(slugs[:-1]):
            row = await post_by_id(storage, parent, ["page", "post", "attachment"]) if parent else None
            if row is None or row["post_name"] != slug:
                ok = False
                break
            parent = int(row["post_parent"] or 0)
        if ok and (len(slugs) > 1 or not parent or candidate["post_type"] == "attachment"):
            return candidate if candidate["post_type"] == post_type or len(slugs) > 1 else None
    return None


async def _category_by_path(storage: Storage, path: str) -> Term | None:
    """A category by `parent/child` (the last slug must exist; its ancestors must match)."""
    slugs = [s for s in path.strip("/").split("/") if s]
    if not slugs:
        return None
    terms = {t.term_id: t for t in await taxonomy_terms(storage, "category")}
    for term in terms.values():
        if term.slug != slugs[-1]:
            continue
        chain, parent = [term.slug], term.parent
        while parent and parent in terms:
            chain.insert(0, terms[parent].slug)
            parent = terms[parent].parent
        # WordPress accepts the bare slug of a child category too (and redirects to the full path).
        if len(slugs) == 1 or chain == slugs:
            return term
    return None


async def _term_by_slug(storage: Storage, taxonomy: str, slug: str) -> Term | None:
    return next((t for t in await taxonomy_terms(storage, taxonomy) if t.slug == slug), None)


def _date_range(year: int, month: int, day: int) -> DateClause | None:
    if not year:
        return None
    if day and month:
        start, end = f"{year:04d}-{month:02d}-{day:02d} 00:00:00", f"{year:04d}-{month:02d}-{day:02d} 23:59:59"
    elif month:
        last = calendar.monthrange(year, min(max(month, 1), 12))[1]
        start, end = f"{year:04d}-{month:02d}-01 00:00:00", f"{year:04d}-{month:02d}-{last:02d} 23:59:59"
    else:
        start, end = f"{year:04d}-01-01 00:00:00", f"{year:04d}-12-31 23:59:59"
    # DateClause bounds are exclusive; one second around the day's edges makes them inclusive.
    return DateClause("post_date", after=_shift(start, -1), before=_shift(end, 1))


def _shift(stamp: str, seconds: int) -> str:
    import datetime as dt

    moment = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S") + dt.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _date_vars(v: dict[str, str]) -> tuple[int, int, int]:
    m = "".join(ch for ch in v.get("m", "") if ch.isdigit())
    if m:
        return _int(m[:4]), _int(m[4:6]), _int(m[6:8])
    return _int(v.get("year", "")), _int(v.get("monthnum", "")), _int(v.get("day", ""))


async def resolve(storage: Storage, site: Site, parsed: Parsed) -> Resolved:
    """WP_Query::parse_query + get_posts for the public query vars."""
    v = dict(parsed.vars)
    feed = v.get("feed", "")
    if feed.startswith("comments-"):
        feed, v["withcomments"] = feed.removeprefix("comments-"), "1"
    per_page = _posts_per_page(site.option_int("posts_per_rss" if feed else "posts_per_page", 10))
    res = Resolved(kind="home", vars=v, paged=max(_int(v.get("paged", "1")), 1), per_page=per_page,
                   feed=feed if feed in ("rss2", "atom", "rss", "rdf") else ("rss2" if feed else ""),
                   embed=bool(v.get("embed")))
    if parsed.error:
        res.kind = "404"
        return res
    # --- singular
    if any(v.get(k) for k in ("p", "name", "page_id", "pagename", "attachment_id", "attachment")):
        return await _resolve_singular(storage, res, v)
    # --- archives and the home page
    query = PostQuery(post_types=["post"], statuses=["publish"], per_page=per_page, page=res.paged)
    if v.get("s"):
        res.kind, res.search = "search", v["s"]
        query.search = v["s"]
        query.post_types = ["post", "page"]
        # Recorded from WordPress 6.1: search feeds list the newest first, pages by relevance.
        query.orderby = "date" if res.feed else "relevance"
    if v.get("cat") or v.get("category_name"):
        term = (await get_term(storage, _int(v["cat"]), "category") if v.get("cat")
                else await _category_by_path(storage, v["category_name"]))
        res.kind, res.term = "category", term
        if term is None:
            return res
        query.tax.append(TaxClause("category", [term.term_id], "IN", include_children=True))
    elif v.get("tag"):
        term = await _term_by_slug(storage, "post_tag", v["tag"])
        res.kind, res.term = "post_tag", term
        if term is None:
            return res
        query.tax.append(TaxClause("post_tag", [term.term_id], "IN"))
    if v.get("author") or v.get("author_name"):
        author = (await public_user(storage, user_id=_int(v["author"])) if v.get("author")
                  else await public_user(storage, nicename=v["author_name"]))
        if res.kind in ("home",):
            res.kind = "author"
        res.author = author
        if author is None:
            res.kind = "author"
            return res
        query.authors = [int(author["ID"])]
    year, month, day = _date_vars(v)
    if year:
        if res.kind == "home":
            res.kind = "date"
        res.date = (year, month, day)
        clause = _date_range(year, month, day)
        if clause:
            query.dates.append(clause)
    if res.kind == "home" and res.feed and v.get("withcomments"):
        res.comments_feed = True
        return res
    found = await find_posts(storage, query)
    res.posts, res.total = found.rows, found.total
    return res


async def _resolve_singular(storage: Storage, res: Resolved, v: dict[str, str]) -> Resolved:
    post: Row | None = None
    if v.get("attachment_id"):
        res.kind = "attachment"
        post = await post_by_id(storage, _int(v["attachment_id"]), ["attachment"])
    elif v.get("attachment"):
        res.kind = "attachment"
        post = await post_by_slug(storage, v["attachment"], "attachment")
    elif v.get("page_id"):
        res.kind = "page"
        post = await post_by_id(storage, _int(v["page_id"]), ["page"])
    elif v.get("pagename"):
        res.kind = "page"
        post = await page_by_path(storage, v["pagename"])
        if post is not None and post["post_type"] == "attachment":
            res.kind = "attachment"
    elif v.get("p"):
        post = await post_by_id(storage, _int(v["p"]), ["post", "page", "attachment"])
        res.kind = {"page": "page", "attachment": "attachment"}.get(post["post_type"] if post else "", "single")
    else:
        res.kind = "single"
        post = await post_by_slug(storage, v["name"], "post", published=True)
        if post is None:
            res.old_slug_target = await old_slug_post(storage, v["name"])
    if post is not None:
        visible = post["post_status"] == "publish" or (
            post["post_type"] == "attachment" and post["post_status"] == "inherit")
        if not visible:
            post = None
    if post is not None and v.get("p") and v.get("name") and post["post_name"] != v["name"]:
        post = None
    res.post = post
    res.posts = [post] if post else []
    res.total = len(res.posts)
    if res.feed and post is not None:
        res.comments_feed = True
    return res


def _posts_per_page(value: int) -> int:
    """WP_Query's reading of posts_per_page: below -1 its absolute value, 0 is 1. (-1, every
    post on one page, is bounded here like any other huge value: storage caps the LIMIT.)"""
    if value == -1:
        return 2**31 - 1
    return abs(value) or 1
