"""A cache of anonymous REST answers, kept true by the database's change log (docs/cache.md).

Most REST traffic is anonymous reads of the same few URLs (front pages, lists of posts, a
post's comments). Their answer depends only on the data, the URL and the Origin header. Each
answer is kept with the tick of the change log (`storage/changes.py`) it was computed at and the
tags of what it can show (`dependencies`); it is served again while none of those tags changed
after that tick. The log sees every write (this instance's, another's, WordPress's own), and is
read before any cached answer is served, so the next read after a write never gets the old
answer; a comment on post A forgets the answers that can show A's comments, not `posts/B`, and
a comment held for moderation forgets none of the answers that show approved comments only.

Answers live in this process (the default) and, with `WPCOMPAT_CACHE_URL=redis://…`, also in
Redis, where every instance finds what another one computed. Validity is always decided here,
from this instance's reading of the log, never from Redis: a shared entry is only a candidate.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any, Protocol

import orjson
from starlette.responses import Response

from wpcompat.rest.credentials import Credentials
from wpcompat.storage.changes import (
    ANY_APPROVED_COMMENTS,
    ANY_COMMENTS,
    GLOBAL,
    POSTS,
    ChangeWatcher,
    approved_comments_of,
)
from wpcompat.util.versioned_lru import VersionedLRU

# How long a claim of another process is waited for (then it is taken for a dead one's).
CLAIM_SECONDS = 5.0

log = logging.getLogger("wpcompat")

# Cookies that change an anonymous answer: a guest's like token (`i_like`, wpcompat/rest/likes.py).
_PRIVATE_COOKIES = ("wpc_like_token=",)
# Routes of WordPress's own namespaces whose answers show no comment unless `_embed` asks.
_NO_COMMENTS = re.compile(r"^/(?:$|wp/v2(?:$|/(?!comments(?:/|$)))|oembed/1\.0(?:/|$))")
_POST_ITEM = re.compile(r"^/wp/v2/[\w-]+/(\d+)$")
_IDS = re.compile(r"^\d+(?:[,\s]+\d+)*$")

Key = tuple[str, str, str]


# `dependencies` without the answer's decoded data: it reads the body.
_UNDECODED: Any = object()


def dependencies(route: str, query: dict[str, Any], body: bytes = b"", data: Any = _UNDECODED) -> frozenset[str]:
    """The change tags an anonymous answer of `route` with `query` can show.

    Every answer may show options, users and terms (GLOBAL) and posts (a comment's link is its
    post's address). The comments of a post appear only in the comments routes and in what
    `_embed` adds (a post's `replies`), so only those depend on them, and on one post's
    comments where the request names the posts; our own namespace and unknown routes are
    taken to show any comment. A list of WordPress's routes with `_embed` shows the replies of
    the items it holds (their ids, read from `data`, the answer before it was encoded as `body`,
    when the caller has it: decoding a page of posts with their replies again cost ~3 ms), no
    other post's.

    An anonymous list of comments (a post's `replies` too) shows approved comments only, and
    of the others only the signs `storage/changes.py` logs as shown (a `children` link, a
    reply's page): it depends on `approved_comments_of`, which a comment held for moderation
    does not change. One comment by id (`comments/<id>`, an embedded `up`) is an error whose
    code says whether that comment exists: any change of any comment.
    """
    deps = {GLOBAL, POSTS}
    embed = "_embed" in query
    if route == "/wp/v2/comments":
        posts = _post_ids(query.get("post"))
        if embed:  # a reply embeds its parent comment, whatever its status, wherever it is
            deps.add(ANY_COMMENTS)
        elif posts:
            deps.update(approved_comments_of(p) for p in posts)
        else:
            deps.add(ANY_APPROVED_COMMENTS)
    elif not _NO_COMMENTS.match(route):
        deps.add(ANY_COMMENTS)
    elif embed:
        item = _POST_ITEM.match(route)
        listed = None if item else (_listed_ids(body) if data is _UNDECODED else listed_ids(data))
        if item:
            deps.add(approved_comments_of(item.group(1)))
        elif listed is not None:
            deps.update(approved_comments_of(i) for i in listed)
        else:
            deps.add(ANY_COMMENTS)
    return frozenset(deps)


def _listed_ids(body: bytes) -> list[int] | None:
    """The ids of the items of a JSON list answer, or None when it is not such a list (an
    envelope, JSONP, `_fields` without id...)."""
    try:
        items = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return listed_ids(items)


def listed_ids(items: Any) -> list[int] | None:
    """The ids of the items of a decoded JSON list answer, or None when it is not such a list."""
    if not isinstance(items, list):
        return None
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    return ids if all(isinstance(i, int) and not isinstance(i, bool) for i in ids) else None  # type: ignore[return-value]


def _post_ids(raw: Any) -> list[str]:
    """The post ids of a comments request's `post` argument, when it is a clean list of ids
    (anything else depends on every post's comments, whatever validation makes of it)."""
    values = raw if isinstance(raw, list) else [raw]
    ids: list[str] = []
    for value in values:
        if not isinstance(value, str) or not _IDS.match(value.strip()):
            return []
        ids += [str(int(v)) for v in re.split(r"[,\s]+", value.strip())]
    return ids


@dataclass(frozen=True)
class CachedAnswer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @functools.cached_property
    def raw_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers as a Starlette `Response` of this answer sends them (names lower-cased and
        encoded, one value per name, Content-Length added where missing): built once per kept
        answer rather than on every hit. Not to be changed by the caller."""
        return Response(self.body, status_code=self.status, headers=dict(self.headers)).raw_headers


def _body_size(answer: CachedAnswer) -> int:
    return len(answer.body)


@dataclass(frozen=True)
class KeptAnswer:
    """An answer with the tick of the log read before it was computed and what it depends on."""

    tick: int
    deps: frozenset[str]
    answer: CachedAnswer


def encode_entry(key: Key, entry: KeptAnswer) -> bytes:
    """An entry as a shared store keeps it: a JSON line (key, tick, dependencies, status,
    headers), then the body."""
    head = orjson.dumps({
        "key": key, "tick": entry.tick, "deps": sorted(entry.deps), "status": entry.answer.status,
        "headers": entry.answer.headers,
    })  # fmt: skip
    return head + b"\n" + entry.answer.body


def decode_entry(raw: bytes, key: Key) -> KeptAnswer | None:
    """The entry `encode_entry` wrote, or None when it is another key's (a digest collision)."""
    head, _, body = raw.partition(b"\n")
    try:
        meta = orjson.loads(head)
    except orjson.JSONDecodeError:
        return None
    if tuple(meta["key"]) != key:
        return None
    headers = tuple((str(k), str(v)) for k, v in meta["headers"])
    return KeptAnswer(int(meta["tick"]), frozenset(meta["deps"]), CachedAnswer(int(meta["status"]), headers, body))


class SharedStore(Protocol):
    """A second-level store of answers (Redis for several instances, files for one server's
    workers): a candidate for each miss, never trusted without the log."""

    claims: bool  # whether `claim` decides anything (else every process computes what it misses)

    async def get(self, epoch: str, key: Key) -> KeptAnswer | None: ...
    async def put(self, epoch: str, key: Key, entry: KeptAnswer) -> None: ...
    def claim(self, epoch: str, key: Key, tick: int) -> int | None: ...
    def release(self, epoch: str, key: Key) -> None: ...
    def claimed(self, epoch: str, key: Key) -> bool: ...
    async def close(self) -> None: ...


class SharedAnswers:
    """Answers in Redis (or Valkey), shared by the instances of one site: a second-level store.

    Keys are namespaced by the site (database, prefix, address) and the change log's epoch, so a
    recreated database never meets an older one's answers; entries expire after `ttl` seconds
    and Redis's own eviction bounds the memory. Any error of Redis is logged and reads as a miss.
    """

    def __init__(self, url: str, namespace: str, ttl: int = 600) -> None:
        import redis.asyncio as redis  # an optional dependency: `pip install -e '.[redis]'`

        self._client = redis.from_url(url)
        self._namespace = namespace
        self.ttl = ttl
        self._warned = False

    def _key(self, epoch: str, key: Key) -> str:
        digest = hashlib.blake2b(orjson.dumps(key), digest_size=16).hexdigest()
        return f"wpc:{self._namespace}:{epoch}:{digest}"

    async def get(self, epoch: str, key: Key) -> KeptAnswer | None:
        try:
            raw = await self._client.get(self._key(epoch, key))
        except Exception as error:  # a shared cache down must not fail requests
            self._warn(error)
            return None
        return None if raw is None else decode_entry(raw, key)

    async def put(self, epoch: str, key: Key, entry: KeptAnswer) -> None:
        try:
            await self._client.set(self._key(epoch, key), encode_entry(key, entry), ex=self.ttl)
        except Exception as error:  # a shared cache down must not fail requests
            self._warn(error)

    claims = False

    def claim(self, epoch: str, key: Key, tick: int) -> int | None:
        """No claims through Redis (yet): each instance computes what it misses."""
        return None

    def release(self, epoch: str, key: Key) -> None:
        return None

    def claimed(self, epoch: str, key: Key) -> bool:
        return False

    def _warn(self, error: Exception) -> None:
        if not self._warned:
            self._warned = True
            log.warning("shared response cache unavailable, answering without it: %s", error)

    async def close(self) -> None:
        await self._client.aclose()


class ResponseCache:
    def __init__(
        self, max_entries: int = 2048, max_bytes: int = 64 * 1024 * 1024, shared: SharedStore | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.shared = shared
        # key → ((tick, dependencies), answer), bounded by entries and by the bytes of the bodies.
        self._entries: VersionedLRU[Key, tuple[int, frozenset[str]], CachedAnswer] = VersionedLRU(
            max_entries, max_weight=max_bytes, weigh=_body_size,
        )
        self.shared_hits = 0
        self.misses = 0
        # Answers being computed, by key and tick: after a change, the readers of a URL wait
        # for one computation instead of all recomputing it at once (a stampede).
        self._computing: dict[tuple[Key, int], asyncio.Future[KeptAnswer | None]] = {}
        # The computations this process claimed in the shared store (released by `end`).
        # (claims are by key: at most one computation of this process holds it, with its epoch)
        self._claimed: dict[Key, tuple[asyncio.Future[KeptAnswer | None], str]] = {}

    @property
    def hits(self) -> int:
        """Answers served from this process's memory."""
        return self._entries.hits

    @staticmethod
    def key_for(
        method: str, path: str, raw_query: str, headers: dict[str, str], credentials: Credentials,
    ) -> Key | None:
        """The cache key of a request, or None when its answer must not be shared: anything
        authentication could read as a user (the same `credentials` it reads) keeps a request
        out of the cache, both ways."""
        if method not in ("GET", "HEAD") or not credentials.anonymous:
            return None
        if any(c in headers.get("cookie", "") for c in _PRIVATE_COOKIES):
            return None
        return (path, raw_query, headers.get("origin", ""))

    def recent(self, key: Key, changes: ChangeWatcher) -> CachedAnswer | None:
        """The answer this process keeps for `key` if nothing it depends on changed since it
        was computed (`changes` synced by the caller for this request); no wait, no Redis."""
        found = self._entries.peek(key)
        if found is not None and found[0][0] >= changes.last_change(found[0][1]):
            self._entries.use(key)
            return found[1]
        return None

    async def get(self, key: Key, changes: ChangeWatcher) -> CachedAnswer | None:
        """The answer kept for `key` if nothing it depends on changed since it was computed
        (`changes` synced by the caller for this request): this process's, else Redis's."""
        found = self.recent(key, changes)
        if found is not None:
            return found
        if self.shared is not None:
            shared = await self._from_shared(key, changes)
            if shared is not None:
                return shared.answer
        self.misses += 1
        return None

    async def _from_shared(self, key: Key, changes: ChangeWatcher) -> KeptAnswer | None:
        """The shared store's answer for `key` if it is current in this process's reading of
        the log (kept here too)."""
        assert self.shared is not None
        shared = await self.shared.get(changes.epoch, key)
        if shared is not None and shared.tick >= changes.last_change(shared.deps):
            self._entries.put(key, (shared.tick, shared.deps), shared.answer)
            self.shared_hits += 1
            return shared
        return None

    def current(self, entry: KeptAnswer, changes: ChangeWatcher) -> bool:
        """Whether an answer computed at `entry.tick` may be served after this reading of the log."""
        return entry.tick >= changes.last_change(entry.deps)

    async def from_peers(
        self, key: Key, tick: int, changes: ChangeWatcher, future: asyncio.Future[KeptAnswer | None],
    ) -> KeptAnswer | None:
        """After a miss (`begin` returned `future`), for a request that read the log at `tick`:
        the answer another process of the shared store is computing at `tick` or later (so
        current for this request, whatever it depends on), once it is kept; None when this
        process is to compute it (holding the claim until `end`, unless the holder computes at
        an older tick: waiting for an answer that may not do here would serialize the workers).

        A claim only decides who computes; what is served is an answer computed at this
        request's tick or later, or one current in this process's reading of the log."""
        if self.shared is None or not self.shared.claims:
            return None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CLAIM_SECONDS
        while True:
            held = self.shared.claim(changes.epoch, key, tick)
            if held is None:
                if key not in self._claimed:
                    self._claimed[key] = (future, changes.epoch)
                return None
            if held < tick or loop.time() > deadline:
                return None  # compute it here too (unclaimed)
            await asyncio.sleep(0.002)
            if not self.shared.claimed(changes.epoch, key):  # the holder is done: its answer
                found = await self.shared.get(changes.epoch, key)
                if found is not None and (found.tick >= tick or self.current(found, changes)):
                    self._entries.put(key, (found.tick, found.deps), found.answer)
                    self.shared_hits += 1
                    return found

    async def put(self, key: Key, tick: int, deps: frozenset[str], answer: CachedAnswer, epoch: str) -> None:
        """Keep an answer computed after the log was read at `tick`: a change committed while
        it was computed has a later tick, so it makes the entry stale rather than lost."""
        if len(answer.body) > self.max_bytes // 16:
            return
        self._entries.put(key, (tick, deps), answer)
        if self.shared is not None:
            await self.shared.put(epoch, key, KeptAnswer(tick, deps, answer))

    def computing(self, key: Key, tick: int) -> asyncio.Future[KeptAnswer | None] | None:
        """The answer another request is computing for this key at this tick, if any."""
        return self._computing.get((key, tick))

    def begin(self, key: Key, tick: int) -> asyncio.Future[KeptAnswer | None]:
        """This request computes the answer: others asking meanwhile wait for it."""
        future: asyncio.Future[KeptAnswer | None] = asyncio.get_running_loop().create_future()
        self._computing[(key, tick)] = future
        return future

    def end(self, key: Key, tick: int, future: asyncio.Future[KeptAnswer | None], entry: KeptAnswer | None) -> None:
        """The computation `begin` returned `future` for is over: `entry` (None: not
        shareable, each waiter computes its own)."""
        if self._computing.get((key, tick)) is future:
            del self._computing[(key, tick)]
        claimed = self._claimed.get(key)
        if claimed is not None and claimed[0] is future:
            self._release(key)
        if not future.done():
            future.set_result(entry)

    def _release(self, key: Key) -> None:
        claimed = self._claimed.pop(key, None)
        if claimed is not None and self.shared is not None:
            self.shared.release(claimed[1], key)
