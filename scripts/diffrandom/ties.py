"""Ties whose order WordPress's own SQL leaves undefined, compared as sets (and nothing else).

WordPress sorts most lists by one column and nothing after it: posts by ``post_date`` alone
(``ORDER BY wp_posts.post_date DESC``), users by ``display_name``, terms by ``t.name`` or
``tt.count``. Two rows with the same value may come in either order: MySQL returns them in
whatever order its plan reads them, which changes with the index it picks and even with the
``LIMIT`` (a priority-queue sort for small pages, a merge sort for large ones). wpcompat picks one
order; when it differs from the one MySQL happened to give, that is no difference in behaviour.

So, for the list requests whose ORDER BY is known here (below), the items of the two answers
may be permuted only inside a run of items that MySQL itself finds equal on every ORDER BY
expression: the ranks are asked of the generated site's own MariaDB database
(``DENSE_RANK() OVER (ORDER BY <WordPress's expressions>)``, so equality is the column's own
collation: "Éa" and "ea" tie as they do for WordPress). The two answers must hold the same
items with the same sequence of ranks; anything else (another item, a tie broken across a page
boundary, a different order of distinct keys) stays a difference. Comments are never touched:
WP_Comment_Query always adds ``comment_ID`` to its ORDER BY, so their order is defined.
"""

from __future__ import annotations

import re
from typing import Any

# WP_Query's ORDER BY column for each REST `orderby` of posts, pages and media (id, include,
# include_slugs order by a unique key or a list: defined).
POST_ORDER = {
    "date": "post_date",
    "modified": "post_modified",
    "title": "post_title",
    "slug": "post_name",
    "author": "post_author",
    "parent": "post_parent",
    "menu_order": "menu_order",
}
USER_ORDER = {
    "name": "display_name",
    "slug": "user_nicename",
    "email": "user_email",
    "url": "user_url",
    "registered_date": "user_registered",
}
TERM_ORDER = {
    "name": "t.name",
    "slug": "t.slug",
    "count": "tt.count",
    "description": "tt.description",
    "term_group": "t.term_group",
}
POST_ROUTES = {"/wp/v2/posts", "/wp/v2/pages", "/wp/v2/media"}
TERM_ROUTES = {"/wp/v2/categories": "category", "/wp/v2/tags": "post_tag"}


def _esc_like(term: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", term)


def _sql_str(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _title_match(search: str) -> str | None:
    """WP_Query's relevance term for a search of one plain word (``post_title LIKE '%w%'``);
    None for anything WP_Query parses further (several words, quotes, exclusions, one letter)."""
    word = search.strip()
    if not word or re.search(r"[\s\"'\-]", word) or len(word) == 1:
        return None
    return f"post_title LIKE {_sql_str('%' + _esc_like(word) + '%')}"


def order_sql(route: str, params: dict[str, Any]) -> str | None:
    """A query giving (id, tie rank) for every row WordPress sorts in this request, or None when
    the order is defined or not modelled here."""
    orderby = str(params.get("orderby", "")) or None
    search = str(params.get("search", ""))
    if route in POST_ROUTES:
        if (orderby or "date") == "relevance":
            match = _title_match(search)
            if match is None:
                return None
            exprs = [match, "post_date"]
        elif (orderby or "date") in POST_ORDER:
            exprs = [POST_ORDER[orderby or "date"]]
        else:
            return None
        return f"SELECT ID, DENSE_RANK() OVER (ORDER BY {', '.join(exprs)}) FROM wp_posts"
    if route == "/wp/v2/search":
        if str(params.get("type", "post")) == "term":
            # The term search handler's get_terms() keeps WP_Term_Query's default: t.name alone.
            return "SELECT t.term_id, DENSE_RANK() OVER (ORDER BY t.name) FROM wp_terms t"
        if str(params.get("type", "post")) != "post":
            return None
        # The post search handler sets no orderby: WP_Query's default, by relevance first when
        # there is a search.
        exprs = ["post_date"]
        if search.strip():
            match = _title_match(search)
            if match is None:
                return None
            exprs.insert(0, match)
        return f"SELECT ID, DENSE_RANK() OVER (ORDER BY {', '.join(exprs)}) FROM wp_posts"
    if route == "/wp/v2/users":
        if orderby == "include_slugs" and not params.get("slug"):
            # nicename__in without names: WP_User_Query still orders by FIELD( user_nicename, '' ),
            # which is 0 for everyone: one tie.
            return "SELECT ID, DENSE_RANK() OVER (ORDER BY FIELD(user_nicename, '')) FROM wp_users"
        column = USER_ORDER.get(orderby or "name")
        if column is None:
            return None
        return f"SELECT ID, DENSE_RANK() OVER (ORDER BY {column}) FROM wp_users"
    if route in TERM_ROUTES:
        column = TERM_ORDER.get(orderby or "name")
        if column is None:
            return None
        return (
            f"SELECT t.term_id, DENSE_RANK() OVER (ORDER BY {column}) FROM wp_terms t "
            f"JOIN wp_term_taxonomy tt ON tt.term_id = t.term_id AND tt.taxonomy = '{TERM_ROUTES[route]}'"
        )
    return None


def ids_of(body: Any) -> list[int] | None:
    if not isinstance(body, list) or not all(
        isinstance(x, dict) and isinstance(x.get("id"), int) and not isinstance(x.get("id"), bool)
        for x in body
    ):
        return None
    return [x["id"] for x in body]


def reorder_ties(wp_body: Any, our_body: Any, ranks: dict[int, int]) -> Any:
    """Our items in WordPress's order when the two differ only inside runs of tied items (also
    inside an `_envelope`); else None."""
    if isinstance(wp_body, dict) and isinstance(our_body, dict) and "body" in wp_body and "body" in our_body:
        inner = reorder_ties(wp_body["body"], our_body["body"], ranks)
        return None if inner is None else {**our_body, "body": inner}
    wp_ids, our_ids = ids_of(wp_body), ids_of(our_body)
    if wp_ids is None or our_ids is None or wp_ids == our_ids or len(wp_ids) != len(our_ids):
        return None
    if any(i not in ranks for i in wp_ids + our_ids):
        return None
    if [ranks[i] for i in wp_ids] != [ranks[i] for i in our_ids]:
        return None  # different keys at some position: a real order difference
    start = 0
    while start < len(wp_ids):
        end = start
        while end + 1 < len(wp_ids) and ranks[wp_ids[end + 1]] == ranks[wp_ids[start]]:
            end += 1
        if sorted(wp_ids[start : end + 1]) != sorted(our_ids[start : end + 1]):
            return None
        start = end + 1
    if len(set(our_ids)) != len(our_ids):
        return None
    by_id = {x["id"]: x for x in our_body}
    return [by_id[i] for i in wp_ids]
