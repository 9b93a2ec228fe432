"""A bounded map of values kept under a version label, least recently used out first.

The caches of wpcompat (the response cache, the object memo and the embedded answers kept in
it, the totals of lists) all keep a value with the version of what it shows (change-log
versions, a tick and its dependencies...) and serve it only while that version is still
current. This is their one store: what a version is and when it is current is the caller's
(`get` for a version that must be equal; `peek`, then `use`, for a test of the kept label); the
store keeps the order of use and the bounds (a number of entries, and optionally a total
weight: the bytes of the answers kept).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
L = TypeVar("L")
V = TypeVar("V")


class VersionedLRU(Generic[K, L, V]):
    """key → (label, value); past `max_entries` entries (or `max_weight`, where values are
    weighed by `weigh`) the least recently used go first."""

    __slots__ = ("_items", "_weigh", "hits", "max_entries", "max_weight", "misses", "weight")

    def __init__(
        self, max_entries: int, *, max_weight: int | None = None, weigh: Callable[[V], int] | None = None,
    ) -> None:
        self.max_entries = max_entries
        self.max_weight = max_weight
        self._weigh = weigh if max_weight is not None else None
        self._items: OrderedDict[K, tuple[L, V]] = OrderedDict()
        self.weight = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: K, label: L) -> V | None:
        """The value kept for `key` under exactly this label, else None."""
        found = self._items.get(key)
        if found is None or found[0] != label:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return found[1]

    def peek(self, key: K) -> tuple[L, V] | None:
        """What is kept for `key`, current or not, without counting a use (then `use` it if
        the caller finds it current: the hot paths test the label inline, no closure)."""
        return self._items.get(key)

    def use(self, key: K) -> None:
        """Count a use of what `peek` gave: most recently used now."""
        self._items.move_to_end(key)
        self.hits += 1

    def put(self, key: K, label: L, value: V) -> None:
        items = self._items
        weigh = self._weigh
        if weigh is not None:
            old = items.get(key)
            if old is not None:
                self.weight -= weigh(old[1])
            self.weight += weigh(value)
        items[key] = (label, value)
        items.move_to_end(key)
        if len(items) > self.max_entries or (weigh is not None and self.weight > self.max_weight):  # type: ignore[operator]
            self._shrink()

    def _shrink(self) -> None:
        items, weigh = self._items, self._weigh
        while len(items) > self.max_entries or (weigh is not None and self.weight > self.max_weight):  # type: ignore[operator]
            _, (_, dropped) = items.popitem(last=False)
            if weigh is not None:
                self.weight -= weigh(dropped)

    def __iter__(self) -> Iterator[K]:
        """The keys, least recently used first (a copy: the store may change meanwhile)."""
        return iter(list(self._items))

    def clear(self) -> None:
        self._items.clear()
        self.weight = 0

    def __len__(self) -> int:
        return len(self._items)
