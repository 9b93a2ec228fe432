"""The randomized tester's tie rule (scripts/diffrandom/ties.py) forgives only what it must.

Two answers may differ in the order of items that MySQL finds equal on every ORDER BY expression
WordPress uses (their order is MySQL's plan's, not WordPress's rule); any other difference in
order or content must stay a difference.
"""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

from diffrandom import ties

RANKS = {10: 3, 11: 3, 12: 3, 13: 2, 14: 1}


def items(*ids: int) -> list[dict[str, int | str]]:
    return [{"id": i, "title": f"t{i}"} for i in ids]


def test_ties_are_put_in_wordpress_order() -> None:
    wp, ours = items(12, 10, 11, 13, 14), items(10, 11, 12, 13, 14)
    assert ties.reorder_ties(wp, ours, RANKS) == wp


def test_distinct_keys_keep_their_order() -> None:
    # 13 and 14 have different keys: their swap is a real order difference.
    assert ties.reorder_ties(items(10, 13, 14), items(10, 14, 13), RANKS) is None


def test_a_tie_broken_across_a_page_is_a_difference() -> None:
    # Same ranks position by position, but another member of the tie on this page.
    assert ties.reorder_ties(items(10, 13), items(11, 13), RANKS) is None


def test_other_items_or_unknown_rows_stay_differences() -> None:
    assert ties.reorder_ties(items(10, 11), items(10, 11, 12), RANKS) is None
    assert ties.reorder_ties(items(10, 99), items(99, 10), RANKS) is None
    assert ties.reorder_ties([{"title": "no id"}], [{"title": "no id"}], RANKS) is None


def test_only_orders_without_a_tie_breaker_are_modelled() -> None:
    assert ties.order_sql("/wp/v2/posts", {}) is not None  # ORDER BY post_date alone
    assert ties.order_sql("/wp/v2/posts", {"orderby": "id"}) is None  # a unique key
    assert ties.order_sql("/wp/v2/posts", {"orderby": "include"}) is None
    assert ties.order_sql("/wp/v2/comments", {}) is None  # WP_Comment_Query adds comment_ID
    assert ties.order_sql("/wp/v2/search", {"type": "post-format"}) is None
    assert ties.order_sql("/wp/v2/search", {"type": "term"}) is not None  # get_terms: t.name alone
    # Several search words: WP_Query's relevance CASE is not modelled, so nothing is forgiven.
    assert ties.order_sql("/wp/v2/posts", {"orderby": "relevance", "search": "two words"}) is None
