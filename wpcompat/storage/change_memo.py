"""Values remembered under the change log (storage/changes.py): each kept with the tick it was
read at and the log's epoch, and given back while the caller's test of the changes logged
since that tick says it still holds.

One pair for the small memos of single rows and answers (the sign-in throttle's "no failure",
the commented post of a comment submission): the label and its test in one place. The epoch
changes when the log is installed again or another database is reached: then nothing kept holds.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from wpcompat.util.versioned_lru import VersionedLRU

if TYPE_CHECKING:
    from wpcompat.storage.changes import ChangeWatcher
    from wpcompat.storage.database import Storage

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Memo = VersionedLRU[K, tuple[int, str], V]


def memo_of(storage: Storage, name: str, size: int) -> Memo[K, V]:
    """The storage's memo called `name` (made on first use, `size` entries at most)."""
    found = storage.memo.get(name)
    if found is None:
        found = storage.memo[name] = VersionedLRU(size)
    return found  # type: ignore[no-any-return]


def recall(memo: Memo[K, V], key: K, changes: ChangeWatcher,
           holds: Callable[[int], bool]) -> V | None:
    """What is kept for `key` if it was read under the watcher's epoch and `holds(tick read
    at)` (nothing it depends on changed since), else None."""
    found = memo.peek(key)
    if found is None:
        return None
    (read_at, epoch), value = found
    if epoch != changes.epoch or not holds(read_at):
        return None
    memo.use(key)
    return value


def remember(memo: Memo[K, V], key: K, changes: ChangeWatcher, value: V,
             read_at: int) -> None:
    """Keep `value` for `key`, read at tick `read_at` (taken before the read: a change
    committed after it is logged after it)."""
    memo.put(key, (read_at, changes.epoch), value)
