"""A cache of anonymous REST answers, keyed by URL and by the version of the data.

Most REST traffic is anonymous reads of the same few URLs (front pages, feeds of posts, a
post's comments). Their answer depends only on the database, the URL and the Origin header,
so it is kept until the database changes. The database's version must see every change, from
this process, another instance or another program (the CLI, WordPress itself): SQLite's
`PRAGMA data_version` on a connection that never writes does exactly that. Backends without
such a version get no cache rather than a stale one.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from wpcompat.rest.credentials import Credentials

# Cookies that change an anonymous answer: a guest's like token (`i_like`, wpcompat/rest/likes.py).
_PRIVATE_COOKIES = ("wpc_like_token=",)


@dataclass(frozen=True)
class CachedAnswer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class ResponseCache:
    def __init__(self, max_entries: int = 2048, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[Any, ...], tuple[Any, CachedAnswer]] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0
        # Answers being computed, by key and version: after a change, the readers of a URL
        # wait for one computation instead of all recomputing it at once (a stampede).
        self._computing: dict[tuple[Any, Any], asyncio.Future[CachedAnswer | None]] = {}

    @staticmethod
    def key_for(
        method: str, path: str, raw_query: str, headers: dict[str, str], credentials: Credentials,
    ) -> tuple[Any, ...] | None:
        """The cache key of a request, or None when its answer must not be shared: anything
        authentication could read as a user (the same `credentials` it reads) keeps a request
        out of the cache, both ways."""
        if method not in ("GET", "HEAD") or not credentials.anonymous:
            return None
        if any(c in headers.get("cookie", "") for c in _PRIVATE_COOKIES):
            return None
        return (path, raw_query, headers.get("origin", ""))

    def get(self, key: tuple[Any, ...], version: Any) -> CachedAnswer | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] != version:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[1]

    def put(self, key: tuple[Any, ...], version: Any, answer: CachedAnswer) -> None:
        if len(answer.body) > self.max_bytes // 16:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old[1].body)
        self._entries[key] = (version, answer)
        self._bytes += len(answer.body)
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body)

    def computing(self, key: tuple[Any, ...], version: Any) -> asyncio.Future[CachedAnswer | None] | None:
        """The answer another request is computing for this key and version, if any."""
        return self._computing.get((key, version))

    def begin(self, key: tuple[Any, ...], version: Any) -> None:
        """This request computes the answer: others asking meanwhile wait for it."""
        self._computing[(key, version)] = asyncio.get_running_loop().create_future()

    def end(self, key: tuple[Any, ...], version: Any, answer: CachedAnswer | None) -> None:
        """The computation is over: `answer` (None: not shareable, each waiter computes its own)."""
        future = self._computing.pop((key, version), None)
        if future is not None and not future.done():
            future.set_result(answer)
