"""WP_Comment_Query in SQLAlchemy Core (wpcompat.storage.comments), one query var at a time."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from wpcompat.storage.comment_writes import recount_comments
from wpcompat.storage.comments import (
    CommentQuery,
    count_comments,
    get_comment_meta,
    get_comment_meta_value,
    get_comments_by_ids,
    ids_with_children,
    older_top_level_count,
    query_comments,
)

from .comments_site import Site, add_comment, make_site


@pytest.fixture
def site(settings) -> Site:
    return make_site(settings)


def ids(site: Site, q: CommentQuery) -> list[int]:
    async def go(storage: Any) -> list[int]:
        return [int(r["comment_ID"]) for r in (await query_comments(storage, q)).rows]

    return site.run(go)


def total(site: Site, q: CommentQuery) -> int:
    async def go(storage: Any) -> int:
        return (await query_comments(storage, q)).total

    return site.run(go)


def c(site: Site, *keys: Any) -> list[int]:
    return [site.comments[k] for k in keys]


def test_status(site: Site) -> None:
    post = [site.posts["private"]]
    assert ids(site, CommentQuery(status="approve", post__in=post)) == c(site, ("private", "approved"))
    assert ids(site, CommentQuery(status="hold", post__in=post)) == c(site, ("private", "hold"))
    assert ids(site, CommentQuery(status="spam", post__in=post)) == c(site, ("private", "spam"))
    assert ids(site, CommentQuery(status="trash", post__in=post)) == c(site, ("private", "trash"))
    # 'all' (the default) is approved or held; 'any' is everything.
    assert ids(site, CommentQuery(post__in=post)) == c(site, ("private", "hold"), ("private", "approved"))
    assert len(ids(site, CommentQuery(status="any", post__in=post))) == 4
    # A list ORs the statuses; an unknown name is compared literally and matches nothing.
    assert len(ids(site, CommentQuery(status="spam,trash", post__in=post))) == 2
    assert ids(site, CommentQuery(status="approved", post__in=post)) == []


def test_include_unapproved(site: Site) -> None:
    q = CommentQuery(status="approve", post__in=[site.posts["public"]], type="all",
                     include_unapproved=[site.users["subscriber"]])
    assert site.comments["subscriber_held"] in ids(site, q)
    assert site.comments[("public", "hold")] not in ids(site, q)
    q.include_unapproved = ["public.hold@exemple.fr"]
    assert site.comments[("public", "hold")] in ids(site, q)


def test_type(site: Site) -> None:
    post = [site.posts["public"]]
    comments = ids(site, CommentQuery(type="comment", post__in=post))
    # 'comment' also matches the empty type of comments stored before WordPress 5.5.
    assert site.comments["legacy"] in comments
    assert site.comments["pingback"] not in comments
    assert ids(site, CommentQuery(type="pings", post__in=post)) == [site.comments["pingback"]]
    assert ids(site, CommentQuery(type="pingback", post__in=post)) == [site.comments["pingback"]]
    assert site.comments["pingback"] in ids(site, CommentQuery(type="", post__in=post))
    not_pings = ids(site, CommentQuery(type__not_in=["pingback"], post__in=post))
    assert site.comments["pingback"] not in not_pings and site.comments["legacy"] in not_pings


def test_post_and_parent(site: Site) -> None:
    public = site.posts["public"]
    parent = site.comments[("public", "approved")]
    assert ids(site, CommentQuery(parent__in=[parent])) == [site.comments["reply"]]
    assert ids(site, CommentQuery(parent=parent)) == [site.comments["reply"]]
    top = ids(site, CommentQuery(parent__in=[0], post__in=[public], status="approve", type="all"))
    assert site.comments["reply"] not in top and parent in top
    excluded = ids(site, CommentQuery(parent__not_in=[0], post__in=[public]))
    assert sorted(excluded) == sorted(c(site, "reply", "held_reply"))
    # post=0 is a real filter (comments without a post), not "any post".
    assert ids(site, CommentQuery(post__in=[0])) == []
    both = ids(site, CommentQuery(post__in=[site.posts["draft"], site.posts["page"]], status="approve"))
    assert sorted(both) == sorted(c(site, ("draft", "approved"), ("page", "approved")))
    assert all(i not in ids(site, CommentQuery(post__not_in=[public], status="any")) for i in c(site, "reply"))


def test_authors(site: Site) -> None:
    author = site.users["author"]
    assert ids(site, CommentQuery(author__in=[author])) == [site.comments["by_author"]]
    assert site.comments["by_author"] not in ids(site, CommentQuery(author__not_in=[author], number=100))
    assert ids(site, CommentQuery(author_email="public.spam@exemple.fr", status="spam")) == c(site, ("public", "spam"))
    assert ids(site, CommentQuery(user_id=site.users["subscriber"])) == [site.comments["subscriber_held"]]


def test_include_exclude(site: Site) -> None:
    wanted = c(site, ("public", "approved"), "reply", ("page", "approved"))
    assert sorted(ids(site, CommentQuery(comment__in=wanted))) == sorted(wanted)
    assert not set(wanted) & set(ids(site, CommentQuery(comment__not_in=wanted, number=100)))


def test_search(site: Site) -> None:
    # Author, email, URL, IP and content, case-insensitively (MySQL's collation).
    assert ids(site, CommentQuery(search="UNE RÉPONSE".lower())) == [site.comments["reply"]]
    assert ids(site, CommentQuery(search="une réponse".replace("une", "UNE"))) == [site.comments["reply"]]
    assert ids(site, CommentQuery(search="blog.example", type="all")) == [site.comments["pingback"]]
    assert ids(site, CommentQuery(search="page.approved@")) == c(site, ("page", "approved"))
    assert len(ids(site, CommentQuery(search="192.0.2.7", number=100, status="any", type="all"))) == 26
    # LIKE wildcards are literal characters.
    assert ids(site, CommentQuery(search="%")) == []
    assert ids(site, CommentQuery(search="public_approved")) == []

    async def add(storage: Any) -> int:
        return await add_comment(storage, site.posts["public"], comment_content="100% coopératif_ok")

    new = site.run(add)
    assert ids(site, CommentQuery(search="100%")) == [new]
    assert ids(site, CommentQuery(search="f_ok")) == [new]


def test_dates_are_strict_bounds_on_comment_date(site: Site) -> None:
    # Local dates: reply at 09:00 local (08:00 GMT).
    q = CommentQuery(after="2021-03-02 08:59:59", before="2021-03-02 09:01:00", type="all")
    assert ids(site, q) == [site.comments["reply"]]
    assert ids(site, CommentQuery(after="2021-03-02 09:00:00", before="2021-03-02 09:01:00")) == []
    gmt = CommentQuery(after="2021-03-02 07:59:59", before="2021-03-02 08:00:01", date_column="comment_date_gmt")
    assert ids(site, gmt) == [site.comments["reply"]]


def test_default_order_and_id_tie_breaker(site: Site) -> None:
    async def same_dates(storage: Any) -> list[int]:
        return [await add_comment(storage, site.posts["page"], date="2021-04-01 10:00:00") for _ in range(3)]

    tied = site.run(same_dates)
    q = CommentQuery(post__in=[site.posts["page"]], status="approve", orderby="comment_date_gmt")
    assert ids(site, q)[:3] == sorted(tied, reverse=True)
    q.order = "ASC"
    # The tie-breaker follows the date clause's direction.
    assert ids(site, q)[-3:] == sorted(tied)
    # No orderby at all: comment_date_gmt only (no tie-breaker clause).
    q2 = CommentQuery(post__in=[site.posts["page"]], status="approve", order="ASC")
    assert set(ids(site, q2)[-3:]) == set(tied)


def test_order_by_other_column_breaks_ties_by_id_descending(site: Site) -> None:
    # WordPress means to follow the first clause but its strpos() arguments are swapped: DESC.
    q = CommentQuery(orderby="comment_post_ID", order="ASC", status="any", type="all", number=100)

    async def go(storage: Any) -> list[tuple[int, int]]:
        return [(int(r["comment_post_ID"]), int(r["comment_ID"])) for r in (await query_comments(storage, q)).rows]

    rows = site.run(go)
    assert len(rows) == 26
    assert rows == sorted(rows, key=lambda r: (r[0], -r[1]))


def test_order_by_id_and_include(site: Site) -> None:
    asc = ids(site, CommentQuery(orderby="comment_ID", order="ASC", status="any", type="all", number=100))
    assert asc == sorted(asc)
    wanted = c(site, "reply", ("page", "approved"), ("public", "approved"))
    assert ids(site, CommentQuery(comment__in=wanted, orderby="comment__in")) == wanted
    # FIELD() with an empty list is an SQL error in WordPress: nothing comes back.
    assert ids(site, CommentQuery(orderby="comment__in")) == []
    # Unknown names are skipped; with nothing valid left it is comment_date_gmt.
    assert ids(site, CommentQuery(orderby="bogus", number=3)) == ids(site, CommentQuery(orderby="comment_date_gmt", number=3))


def test_number_offset_and_total(site: Site) -> None:
    q = CommentQuery(status="approve", number=3)
    everything = ids(site, CommentQuery(status="approve"))
    assert total(site, q) == len(everything) == 9
    assert ids(site, q) == everything[:3]
    q.offset = 3
    assert ids(site, q) == everything[3:6]
    q.offset = 100
    assert ids(site, q) == [] and total(site, q) == 9
    assert total(site, CommentQuery(status="approve", post__in=[999], number=3)) == 0

    async def counted(storage: Any) -> int:
        return await count_comments(storage, CommentQuery(status="approve"))

    assert site.run(counted) == 9


def test_children_and_extras(site: Site) -> None:
    parent = site.comments[("public", "approved")]
    held_parent = site.comments[("public", "hold")]

    async def go(storage: Any) -> Any:
        with_children = await ids_with_children(storage, [parent, held_parent, site.comments["reply"]])
        page = await get_comments_by_ids(storage, [parent, site.comments["by_author"], site.comments["reply"]],
                                         with_extras=True)
        return with_children, page

    with_children, page = site.run(go)
    assert with_children == {parent, held_parent}
    assert page.children == {parent: True, site.comments["by_author"]: False, site.comments["reply"]: False}
    # The registered author's current email, not the one typed with the comment.
    assert page.user_emails == {site.users["author"]: "author@exemple.fr"}


def test_spam_and_trash_children_do_not_count(site: Site) -> None:
    parent = site.comments[("page", "approved")]

    async def go(storage: Any) -> set[int]:
        await add_comment(storage, site.posts["page"], comment_parent=parent, comment_approved="spam")
        await add_comment(storage, site.posts["page"], comment_parent=parent, comment_approved="trash")
        return await ids_with_children(storage, [parent])

    assert site.run(go) == set()


def test_older_top_level_count(site: Site) -> None:
    async def go(storage: Any) -> tuple[int, int, int]:
        comment = (await get_comments_by_ids(storage, [site.comments["legacy"]])).rows[0]
        anonymous = await older_top_level_count(storage, comment)
        own = await older_top_level_count(storage, comment, [site.users["subscriber"]])
        first = (await get_comments_by_ids(storage, [site.comments[("public", "approved")]])).rows[0]
        return anonymous, own, await older_top_level_count(storage, first)

    anonymous, own, first = site.run(go)
    # Approved top-level comments on the public post before "legacy": approved, by_author, pingback.
    assert (anonymous, own, first) == (3, 4, 0)


def test_recount_post_comments(site: Site) -> None:
    async def go(storage: Any) -> tuple[int, int]:
        n = await recount_comments(storage, site.posts["public"])
        posts = storage.tables.posts
        stored = await storage.db.fetch_val(sa.select(posts.c.comment_count).where(posts.c["ID"] == site.posts["public"]))
        return n, int(stored)

    # approved, reply, by_author, pingback, legacy: every approved comment, whatever its type.
    assert site.run(go) == (5, 5)


def test_comment_meta(site: Site) -> None:
    comment_id = site.comments[("public", "trash")]

    async def go(storage: Any) -> Any:
        meta = storage.tables.commentmeta
        for key, value in (("_wp_trash_meta_status", "1"), ("_wp_trash_meta_time", "1614592800"),
                           ("multi", "a"), ("multi", "b")):
            await storage.db.execute(sa.insert(meta).values(comment_id=comment_id, meta_key=key, meta_value=value))
        return (await get_comment_meta(storage, comment_id), await get_comment_meta_value(storage, comment_id, "multi"),
                await get_comment_meta_value(storage, comment_id, "absent"))

    everything, first, absent = site.run(go)
    assert everything == {"_wp_trash_meta_status": ["1"], "_wp_trash_meta_time": ["1614592800"], "multi": ["a", "b"]}
    assert (first, absent) == ("a", None)
