"""Answers shared by the worker processes of one `wpcompat serve` (docs/cache.md).

With several workers, each keeps its own response cache: after a change (an approved comment
on post 15), every worker recomputed each affected URL once, so a stream of comments cost the
server the recomputations times the number of workers. This store, a directory the server's
workers share (its `answers` sub-folder of the workers' folder that `wpcompat serve` makes, `settings.workers_folder`), lets the first
worker that misses compute the answer and the others take it:

- an answer is one file (its tick, dependencies, status and headers on the first line, then the
  body), written whole under a temporary name and renamed, so a reader sees all of it or none;
- a worker about to compute a URL claims it with a file created exclusively that holds the tick
  it computes at; another worker that misses while that claim holds a tick at least as new as
  its own waits for the answer instead of computing it too (no stampede across processes); a
  claim at an older tick is not waited for (its answer may not be current there).

Like Redis (`SharedAnswers`), the store never decides freshness: each worker serves an answer
from it only if none of the answer's dependencies changed after its tick in that worker's own
reading of the change log. A lost file, a crashed worker's claim (older than `CLAIM_SECONDS`,
the longest a claim is waited for)
or a full disk costs a recomputation, never a stale answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from wpcompat.rest.cache import CLAIM_SECONDS, decode_entry, encode_entry

if TYPE_CHECKING:
    from wpcompat.rest.cache import KeptAnswer, Key

log = logging.getLogger("wpcompat")

# The directory is swept (oldest answers first) after this many bytes written or answers kept.
_SWEEP_BYTES = 16 * 1024 * 1024
_SWEEP_PUTS = 512


class WorkerAnswers:
    """Answers in files of a directory shared by one server's workers: a second-level store with
    cross-process claims. Bounded to `max_bytes` of answers (oldest removed when swept)."""

    claims = True

    def __init__(self, directory: str | Path, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._written = 0
        self._puts = 0
        self._warned = False

    def _name(self, epoch: str, key: Key) -> Path:
        digest = hashlib.blake2b(orjson.dumps((epoch, key)), digest_size=16).hexdigest()
        return self.directory / digest

    async def get(self, epoch: str, key: Key) -> KeptAnswer | None:
        try:
            raw = self._name(epoch, key).read_bytes()
        except OSError:
            return None
        return decode_entry(raw, key)

    async def put(self, epoch: str, key: Key, entry: KeptAnswer) -> None:
        path = self._name(epoch, key)
        data = encode_entry(key, entry)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, path)
        except OSError as error:  # a full disk must not fail requests
            self._warn(error)
            temporary.unlink(missing_ok=True)
            return
        self._written += len(data)
        self._puts += 1
        if self._written >= _SWEEP_BYTES or self._puts >= _SWEEP_PUTS:
            self._sweep()

    def claim(self, epoch: str, key: Key, tick: int) -> int | None:
        """Claim the computation of `key` at `tick`: None when this worker got it (or claims do
        not work here: then every worker computes, as without this store), else the tick the
        worker holding it computes at."""
        path = self._name(epoch, key).with_suffix(".claim")
        for _ in range(3):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                try:
                    held = path.read_bytes()
                    age = time.time() - path.stat().st_mtime
                except OSError:
                    continue  # released meanwhile: try again
                if age < CLAIM_SECONDS and held.isdigit():
                    return int(held)
                if age >= CLAIM_SECONDS:
                    path.unlink(missing_ok=True)  # a dead worker's claim
                continue  # (or one being written: read it again)
            except OSError as error:
                self._warn(error)
                return None
            try:
                os.write(fd, str(tick).encode())
            finally:
                os.close(fd)
            return None
        return tick  # contended: wait for whoever holds it, as at this tick

    def claimed(self, epoch: str, key: Key) -> bool:
        """Whether a computation of `key` is claimed (one stat: what a waiter polls)."""
        return self._name(epoch, key).with_suffix(".claim").exists()

    def release(self, epoch: str, key: Key) -> None:
        self._name(epoch, key).with_suffix(".claim").unlink(missing_ok=True)

    def _sweep(self) -> None:
        """Remove the oldest answers until what is kept fits in `max_bytes`."""
        self._written = self._puts = 0
        files: list[tuple[float, int, str]] = []
        try:
            with os.scandir(self.directory) as entries:
                for entry in entries:
                    if "." in entry.name:  # claims and files being written
                        continue
                    try:
                        st = entry.stat()
                    except OSError:
                        continue
                    files.append((st.st_mtime, st.st_size, entry.path))
        except OSError as error:
            self._warn(error)
            return
        total = sum(size for _, size, _ in files)
        for _, size, path in sorted(files):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
            total -= size

    def _warn(self, error: Exception) -> None:
        if not self._warned:
            self._warned = True
            log.warning("workers' shared response cache unavailable, answering without it: %s", error)

    async def close(self) -> None:
        return None
