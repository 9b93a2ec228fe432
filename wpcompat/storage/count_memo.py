"""Totals of lists (found_posts, found_comments) remembered until the rows they count change.

A list's page is a walk of a few index entries, but its total (X-WP-Total) counts every
matching row: 100,000 index entries for the posts of a big blog, a million for its
comments, every post's text for a search. WordPress counts them on every request
(SQL_CALC_FOUND_ROWS). Here a total is kept, per query, together with the tick of the change
log (storage/changes.py) read *before* it was counted, and given again only while the log
says nothing it depends on changed since: the triggers log every write, whoever makes it
(this process, another instance, the CLI, WordPress itself), so a remembered total is always
the one a count would give now. Where the change log is not installed (a WordPress database
served in place without `wpcompat cache install`) every total is counted.

A comment changes no total of posts (the posts' `comment_count` is logged as a change of that
post's comments), so a stream of comments leaves the posts lists' totals standing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from wpcompat.storage.changes import ANY_COMMENTS, GLOBAL, POSTS, watcher

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

# What a total of posts may depend on: the posts and their meta, the terms (a category
# filter), and GLOBAL for everything else; comments add every post's comments.
POST_TOTALS = (POSTS, GLOBAL)
COMMENT_TOTALS = (ANY_COMMENTS, POSTS, GLOBAL)
_MAX_ENTRIES = 512
T = TypeVar("T")


def statement_key(statement: Any) -> Hashable | None:
    """A key for a SQLAlchemy statement and its values (None: it cannot be keyed)."""
    cache_key = statement._generate_cache_key()
    if cache_key is None:
        return None
    values = tuple(_hashable(bind.effective_value) for bind in cache_key.bindparams)
    return (cache_key.key, values)


def _hashable(value: Any) -> Hashable:
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(_hashable(v) for v in value)
    return value  # type: ignore[no-any-return]


async def remembered_total(storage: Storage, key: Hashable | None, dependencies: Iterable[str],
                           count: Callable[[], Awaitable[T]]) -> T:
    """`count()`, or what it gave for `key` while nothing in `dependencies` changed (a total,
    or the few IDs a search without a full-text index matches)."""
    # Inside a transaction a count may see rows that are not committed (and may never be).
    if key is None or getattr(storage.db.connection(), "_transaction_stack", None):
        return await count()
    changes = watcher(storage)
    tick = await changes.sync()
    if tick is None:
        return await count()
    memo: OrderedDict[Hashable, tuple[Any, int, str]] = storage.memo.setdefault("totals", OrderedDict())
    found = memo.get(key)
    if found is not None:
        total, counted_at, epoch = found
        # The epoch and the clock going backwards: another database, or a clock started again.
        if epoch == changes.epoch and counted_at <= tick and changes.last_change(dependencies) <= counted_at:
            memo.move_to_end(key)
            return total  # type: ignore[no-any-return]
    total = await count()
    memo[key] = (total, tick, changes.epoch)
    memo.move_to_end(key)
    while len(memo) > _MAX_ENTRIES:
        memo.popitem(last=False)
    return total
