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

The same memo keeps two other things a big list would otherwise read again on every request:
the few IDs a rare search term matches where no full-text index finds them (MariaDB), and
the (date, ID) of rows at known positions of a list, which turn OFFSET walks into seeks
(storage/posts._paged).

A comment changes no total of posts (the posts' `comment_count` is logged as a change of that
post's comments), so a stream of comments leaves the posts lists' totals standing. A list not
filtered by a term does not depend on the terms either. The totals that cost most (a search
reads every post's text) are kept with the IDs they count (`remembered_members`): when posts
change, only those posts are tested again (the log names them), so a new post changes a
search's total by one if it matches, and costs a primary-key lookup, not a new search.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from wpcompat.storage import change_memo, shared_memo
from wpcompat.storage.changes import (
    ANY_APPROVED_COMMENTS,
    ANY_COMMENTS,
    GLOBAL,
    POSTS,
    SITE,
    approved_comments_of,
    comments_of,
    watcher,
)

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

# What a total of posts may depend on: the posts and their meta, the terms (a category
# filter), and GLOBAL for everything else; comments add every post's comments.
POST_TOTALS = (POSTS, GLOBAL)
COMMENT_TOTALS = (ANY_COMMENTS, POSTS, GLOBAL)
_MAX_ENTRIES = 512
# Past this many changed posts since a count, counting again is as cheap as testing them.
_MOST_RECHECKED = 500


def comment_totals(post_ids: Iterable[int] = (), *, approved_only: bool = False) -> tuple[str, ...]:
    """What a total of comments depends on, narrower than COMMENT_TOTALS where the query says:
    the comments of `post_ids` only (when it is restricted to those posts), and only the
    changes anonymous readers may see (`approved_only`: status `approve` with no one's held
    comments included), which a comment held for moderation is not (storage/changes.py)."""
    posts = sorted(set(post_ids))
    if approved_only:
        comments = tuple(approved_comments_of(p) for p in posts) or (ANY_APPROVED_COMMENTS,)
    else:
        comments = tuple(comments_of(p) for p in posts) or (ANY_COMMENTS,)
    return (*comments, POSTS, GLOBAL)


def post_totals(by_terms: bool, *, posts: bool = True) -> tuple[str, ...]:
    """What a total of posts depends on: the posts (unless `posts` is false: for
    `remembered_members`), the site, and the terms when a term filters the list."""
    site = GLOBAL if by_terms else SITE
    return (POSTS, site) if posts else (site,)
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


async def recall(storage: Storage, key: Hashable | None, dependencies: Iterable[str]) -> tuple[Any, int | None]:
    """What was remembered for `key` (None: nothing, or no longer true) and the tick to
    remember a new value with (None: nothing may be remembered now). Ask before reading the
    database for the new value: a change after the tick then makes it stale at once."""
    # Inside a transaction a read may see rows that are not committed (and may never be).
    if key is None or getattr(storage.db.connection(), "_transaction_stack", None):
        return None, None
    changes = watcher(storage)
    tick = await changes.request_tick()
    if tick is None:
        return None, None
    # A value counted past the tick (a clock started again) does not hold; nor one counted
    # under another epoch (another database: change_memo checks it).
    def holds(counted_at: int) -> bool:
        return counted_at <= tick and changes.last_change(dependencies) <= counted_at

    memo = _memo(storage)
    found = change_memo.recall(memo, key, changes, holds)
    if found is None:
        # Another worker of this server may have counted it (storage/shared_memo.py).
        shared = shared_memo.read(storage.memo, key, changes.epoch)
        if shared is not None and holds(shared[0]):
            change_memo.remember(memo, key, changes, shared[1], shared[0])
            found = shared[1]
    return found, tick


def remember(storage: Storage, key: Hashable, value: Any, tick: int) -> None:
    """Keep `value` for `key`, read at `tick` (from `recall`), here and for the server's
    other workers."""
    changes = watcher(storage)
    change_memo.remember(_memo(storage), key, changes, value, tick)
    shared_memo.write(storage.memo, key, changes.epoch, tick, value)


def _memo(storage: Storage) -> change_memo.Memo[Hashable, Any]:
    """The storage's memo: key → ((tick counted at, the log's epoch), value)."""
    return change_memo.memo_of(storage, "totals", _MAX_ENTRIES)


async def remembered_total(storage: Storage, key: Hashable | None, dependencies: Iterable[str],
                           count: Callable[[], Awaitable[T]]) -> T:
    """`count()`, or what it gave for `key` while nothing in `dependencies` changed (a total,
    or the few IDs a search without a full-text index matches)."""
    found, tick = await recall(storage, key, dependencies)
    if found is not None:
        return found  # type: ignore[no-any-return]
    total = await count()
    if tick is not None and key is not None:
        remember(storage, key, total, tick)
    return total


def _reach(bits: bytearray, byte: int) -> None:
    """Grow `bits` (by a quarter more than needed, as IDs mostly grow) to hold byte `byte`."""
    if byte >= len(bits):
        bits.extend(bytes(byte + 1 - len(bits) + (len(bits) >> 2)))


class IdSet:
    """A set of post IDs as a bitmap (12.5 kB for 100,000 posts, where a set of ints takes
    megabytes): what a remembered total counts, to adjust it post by post."""

    __slots__ = ("_bits", "_count")

    def __init__(self, bits: bytearray, count: int) -> None:
        self._bits, self._count = bits, count

    @classmethod
    def of(cls, ids: Iterable[int]) -> IdSet:
        bits = bytearray()
        count = 0
        for i in ids:
            byte = i >> 3
            _reach(bits, byte)
            mask = 1 << (i & 7)
            if not bits[byte] & mask:
                bits[byte] |= mask
                count += 1
        return cls(bits, count)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        for byte, bits in enumerate(self._bits):
            if bits:
                yield from (byte << 3 | bit for bit in range(8) if bits >> bit & 1)

    def __contains__(self, i: int) -> bool:
        byte = i >> 3
        return 0 <= byte < len(self._bits) and bool(self._bits[byte] & (1 << (i & 7)))

    def changed(self, tested: Iterable[int], matching: set[int]) -> IdSet:
        """A copy where each of the `tested` IDs is in when it is in `matching`."""
        changed = IdSet(bytearray(self._bits), self._count)
        for i in tested:
            if (i in matching) != (i in changed):
                byte = i >> 3
                _reach(changed._bits, byte)
                changed._bits[byte] ^= 1 << (i & 7)
                changed._count += 1 if i in matching else -1
        return changed


async def remembered_members(storage: Storage, key: Hashable | None, dependencies: Iterable[str],
                             members: Callable[[], Awaitable[Iterable[int]]],
                             matching: Callable[[list[int]], Awaitable[Iterable[int]]]) -> IdSet:
    """The IDs of the posts a query matches (`members()`), remembered while nothing in
    `dependencies` (besides the posts, which must not be among them) changed. When posts
    changed since, only they are tested again (`matching(ids)`: those of `ids` the query
    matches now) and the set is adjusted: whatever the change (a new post, an edit, a
    deletion), a post the log does not name still matches as it did."""
    if key is None or getattr(storage.db.connection(), "_transaction_stack", None):
        return IdSet.of(await members())
    changes = watcher(storage)
    tick = await changes.request_tick()
    if tick is None:
        return IdSet.of(await members())
    epoch = changes.epoch
    # (Counted after this request's tick, by a request that started later: newer, and this
    # request reads the database after its tick anyway.)
    memo = _memo(storage)
    found = memo.peek(key)
    if found is None or found[0][1] != epoch or changes.last_change(dependencies) > found[0][0]:
        # Another worker of this server may have found them (storage/shared_memo.py).
        shared = shared_memo.read(storage.memo, key, epoch)
        if shared is not None and shared[0] <= tick and isinstance(shared[1], IdSet):
            change_memo.remember(memo, key, changes, shared[1], shared[0])
            found = memo.peek(key)
    if found is not None and found[0][1] == epoch and changes.last_change(dependencies) <= found[0][0]:
        memo.use(key)
        (counted_at, _), known = found
        if changes.last_change((POSTS,)) <= counted_at:
            return known  # type: ignore[no-any-return]
        changed = changes.posts_changed_since(counted_at, _MOST_RECHECKED)
        if changed is not None:
            tested = sorted(changed)
            adjusted = known.changed(tested, set(await matching(tested)))
            # Kept as of the older tick: posts changed after it are tested again next
            # time, which gives the same answer (the test reads them as they are now).
            remember(storage, key, adjusted, max(tick, counted_at))
            return adjusted
    counted = IdSet.of(await members())
    remember(storage, key, counted, tick)
    return counted
