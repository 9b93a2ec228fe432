"""Searches compare as MySQL's utf8mb4_unicode_520_ci: blind to case and accents, on every backend."""

from __future__ import annotations

import sqlalchemy as sa

from wpcompat.storage.collation import fold
from wpcompat.storage.comments import CommentQuery, query_comments
from wpcompat.storage.posts import PostQuery, find_posts

TITLES = {1: "Économie circulaire", 2: "economie locale", 3: "ÉCONOMIE SOLIDAIRE", 4: "Καλημέρα κόσμε",
          5: "Äpple pie", 6: "apple pie", 7: "Zèbre", 8: "Mutuelles", 9: "🦘 kangaroo"}


async def _posts(storage) -> None:
    posts = storage.tables.posts
    for pid, title in TITLES.items():
        await storage.db.execute(sa.insert(posts).values(
            ID=pid, post_title=title, post_content="", post_excerpt="", post_status="publish", post_type="post",
            post_date=f"2022-01-0{pid} 00:00:00", post_date_gmt=f"2022-01-0{pid} 00:00:00"))


def test_fold() -> None:
    assert fold("ΚΑΛΗΜΈΡΑ") == fold("Καλημέρα") == "καλημερα"
    assert fold("Économie") == "economie"
    assert fold("MÊME %_\\") == "meme %_\\"  # LIKE's wildcards and escape left alone
    assert fold("你好") == "你好"


def test_fold_by_distinct_characters_is_fold_char_of_each() -> None:
    """fold() replaces each distinct character (or falls back to translate()): the result is
    fold_char of every character, whatever the mix, including foldings that give several
    characters (ß, ﬁ, İ), letters whose folding is not its own fixed point, and texts with
    more distinct letters than replace() passes are allowed."""
    import random

    from wpcompat.storage.collation import fold_char

    pool = [chr(c) for c in (*range(32, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x2000),
                             0x130, 0xDF, 0xFB01, 0x1F1, 0x13A0, 0xAB70, 0x4E00, 0x2019)]
    rng = random.Random(12)
    texts = ["Économie ÉCONOMIE", "Straße ﬁn İstanbul", "ΚΑΛΗΜΈΡΑ Καλημέρα", "Ꭰꭰ ǅ", "".join(pool)]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 120))) for _ in range(3000)]
    for text in texts:
        assert fold(text) == "".join(fold_char(ch) for ch in text), text


async def test_post_search_ignores_case_and_accents(storage) -> None:
    await _posts(storage)

    async def found(search: str) -> list[int]:
        return sorted(int(r["ID"]) for r in (await find_posts(storage, PostQuery(search=search, per_page=20))).rows)

    assert await found("economie") == [1, 2, 3]
    assert await found("ÉCONOMIE") == [1, 2, 3]
    assert await found("économie circulaire") == [1]
    assert await found("ΚΑΛΗΜΈΡΑ") == [4]
    assert await found("äpple") == [5, 6]
    assert await found("zebre") == [7]
    assert await found("🦘") == [9]
    assert await found("-economie") == [4, 5, 6, 7, 8, 9]  # exclusions fold alike


async def test_comment_search_ignores_case_and_accents(storage) -> None:
    await _posts(storage)
    comments = storage.tables.comments
    for cid, text in ((1, "Très bien"), (2, "TRES BIEN"), (3, "tres mal")):
        await storage.db.execute(sa.insert(comments).values(
            comment_ID=cid, comment_post_ID=1, comment_content=text, comment_approved="1",
            comment_date="2022-01-01 00:00:00", comment_date_gmt="2022-01-01 00:00:00"))
    page = await query_comments(storage, CommentQuery(search="très bien", status="approve"))
    assert sorted(int(r["comment_ID"]) for r in page.rows) == [1, 2]


async def test_title_order_keeps_ties_in_id_order_both_ways(storage) -> None:
    # MySQL's ORDER BY post_title sorts under the collation and leaves ties in table order.
    posts = storage.tables.posts
    for pid, title in ((11, "Même titre"), (12, "meme titre"), (13, "Même titre"), (14, "Zèbre"), (15, "apple")):
        await storage.db.execute(sa.insert(posts).values(
            ID=pid, post_title=title, post_content="", post_excerpt="", post_status="publish", post_type="post",
            post_date="2022-01-01 00:00:00", post_date_gmt="2022-01-01 00:00:00"))

    async def order(direction: str) -> list[int]:
        q = PostQuery(orderby="title", order=direction, per_page=20)
        return [int(r["ID"]) for r in (await find_posts(storage, q)).rows]

    assert await order("asc") == [15, 11, 12, 13, 14]
    assert await order("desc") == [14, 11, 12, 13, 15]
