"""The one store of the caches (wpcompat/util/versioned_lru.py): labels, order of use, bounds."""

from __future__ import annotations

from wpcompat.util.versioned_lru import VersionedLRU


def test_a_value_is_served_under_its_own_label_only() -> None:
    lru: VersionedLRU[str, tuple[int, int], str] = VersionedLRU(4)
    lru.put("post", (1, 7), "prepared")
    assert lru.get("post", (1, 7)) == "prepared"
    assert lru.get("post", (1, 8)) is None
    assert lru.get("page", (1, 7)) is None
    assert (lru.hits, lru.misses) == (1, 2)


def test_peek_gives_the_label_to_test_and_use_counts_it() -> None:
    lru: VersionedLRU[str, int, str] = VersionedLRU(2)
    lru.put("list", 10, "answer")
    lru.put("other", 3, "kept")
    assert lru.peek("list") == (10, "answer") and lru.hits == 0  # kept, current or not
    lru.use("list")  # the caller found it current: most recently used now
    lru.put("third", 0, "new")
    assert list(lru) == ["list", "third"] and lru.hits == 1


def test_the_least_recently_used_go_first() -> None:
    lru: VersionedLRU[int, int, int] = VersionedLRU(2)
    lru.put(1, 0, 1)
    lru.put(2, 0, 2)
    assert lru.get(1, 0) == 1  # 2 is now the least recently used
    lru.put(3, 0, 3)
    assert list(lru) == [1, 3] and len(lru) == 2


def test_weights_bound_the_store_and_follow_replacements() -> None:
    lru: VersionedLRU[str, int, bytes] = VersionedLRU(10, max_weight=10, weigh=len)
    lru.put("a", 0, b"x" * 4)
    lru.put("b", 0, b"x" * 4)
    lru.put("a", 1, b"x" * 2)  # replaced: its old weight is given back
    assert lru.weight == 6 and list(lru) == ["b", "a"]
    lru.put("c", 0, b"x" * 6)
    assert list(lru) == ["a", "c"] and lru.weight == 8
    lru.clear()
    assert len(lru) == 0 and lru.weight == 0
