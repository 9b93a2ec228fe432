"""The workers of one server share computed answers and claims (rest/worker_answers.py): after
a change, one worker computes a URL and the others take its answer, never one that is stale in
their own reading of the change log."""

import asyncio
import os
import time

import pytest

from wpcompat.rest.cache import CachedAnswer, KeptAnswer, ResponseCache
from wpcompat.rest.worker_answers import WorkerAnswers

KEY = ("/wp/v2/comments", "post=15", "")
DEPS = frozenset({"global", "posts", "comments:15"})


class _Log:
    """A worker's reading of the change log: the last tick of each tag it has seen."""

    epoch = "e1"

    def __init__(self) -> None:
        self.changed: dict[str, int] = {}

    def last_change(self, deps) -> int:
        return max((self.changed.get(d, -1) for d in deps), default=-1)


def _workers(tmp_path, count: int = 2) -> list[ResponseCache]:
    return [ResponseCache(shared=WorkerAnswers(tmp_path)) for _ in range(count)]


async def test_a_worker_waits_for_the_answer_another_one_computes(tmp_path):
    a, b = _workers(tmp_path)
    log_a, log_b = _Log(), _Log()
    log_a.changed["comments:15"] = log_b.changed["comments:15"] = 7
    computing = a.begin(KEY, 7)
    assert await a.from_peers(KEY, 7, log_a, computing) is None  # a computes: it holds the claim
    waiting_for = b.begin(KEY, 7)
    waiting = asyncio.create_task(b.from_peers(KEY, 7, log_b, waiting_for))
    await asyncio.sleep(0.02)
    assert not waiting.done()  # b waits rather than computing it too
    answer = CachedAnswer(200, (("content-type", "application/json"),), b'[{"id":1}]')
    await a.put(KEY, 7, DEPS, answer, log_a.epoch)
    a.end(KEY, 7, computing, KeptAnswer(7, DEPS, answer))
    taken = await asyncio.wait_for(waiting, 2)
    assert taken is not None and taken.answer == answer
    b.end(KEY, 7, waiting_for, taken)
    assert await b.get(KEY, log_b) == answer  # kept in b's own memory too
    assert not list(tmp_path.glob("*.claim"))


async def test_an_answer_stale_in_a_workers_log_is_not_taken(tmp_path):
    a, b = _workers(tmp_path)
    log_a, log_b = _Log(), _Log()
    computing = a.begin(KEY, 7)
    assert await a.from_peers(KEY, 7, log_a, computing) is None
    answer = CachedAnswer(200, (), b"[]")
    await a.put(KEY, 7, DEPS, answer, log_a.epoch)
    a.end(KEY, 7, computing, KeptAnswer(7, DEPS, answer))
    log_b.changed["comments:15"] = 8  # b has seen a comment committed after a's reading
    assert await b.get(KEY, log_b) is None
    assert await b.from_peers(KEY, 8, log_b, b.begin(KEY, 8)) is None  # b computes it itself
    log_b.changed["comments:15"] = 7
    log_b.changed["comments:16"] = 9  # another post's comments: a's answer still holds
    assert await b.get(KEY, log_b) == answer


async def test_a_claim_at_an_older_tick_is_not_waited_for(tmp_path):
    a, b = _workers(tmp_path)
    log_a, log_b = _Log(), _Log()
    computing = a.begin(KEY, 5)
    assert await a.from_peers(KEY, 5, log_a, computing) is None
    b_computing = b.begin(KEY, 6)
    # a's answer (tick 5) may miss what b saw at 6: b computes at once rather than waits.
    assert await asyncio.wait_for(b.from_peers(KEY, 6, log_b, b_computing), 0.5) is None
    b.end(KEY, 6, b_computing, None)
    assert list(tmp_path.glob("*.claim"))  # a's claim is a's to release
    a.end(KEY, 5, computing, None)
    assert not list(tmp_path.glob("*.claim"))


async def test_an_answer_of_a_peer_that_failed_is_computed_here(tmp_path):
    a, b = _workers(tmp_path)
    log_a, log_b = _Log(), _Log()
    computing = a.begin(KEY, 7)
    assert await a.from_peers(KEY, 7, log_a, computing) is None
    b_computing = b.begin(KEY, 7)
    waiting = asyncio.create_task(b.from_peers(KEY, 7, log_b, b_computing))
    await asyncio.sleep(0.02)
    assert not waiting.done()
    a.end(KEY, 7, computing, None)  # a's answer was not shareable (an error): nothing kept
    assert await asyncio.wait_for(waiting, 2) is None  # b computes (and claims)
    assert list(tmp_path.glob("*.claim"))
    b.end(KEY, 7, b_computing, None)
    assert not list(tmp_path.glob("*.claim"))


async def test_a_dead_workers_claim_is_taken_over(tmp_path):
    a, b = _workers(tmp_path)
    log = _Log()
    assert await a.from_peers(KEY, 5, log, a.begin(KEY, 5)) is None  # then a dies without releasing it
    (claim,) = tmp_path.glob("*.claim")
    old = time.time() - 60
    os.utime(claim, (old, old))
    assert await asyncio.wait_for(b.from_peers(KEY, 5, log, b.begin(KEY, 5)), 0.5) is None


async def test_another_epoch_never_meets_these_answers(tmp_path):
    a, b = _workers(tmp_path)
    log = _Log()
    await a.put(KEY, 7, DEPS, CachedAnswer(200, (), b"[]"), log.epoch)
    other = _Log()
    other.epoch = "e2"  # a recreated database
    assert await b.get(KEY, other) is None


def test_the_store_is_bounded(tmp_path):
    store = WorkerAnswers(tmp_path, max_bytes=4096)
    async def fill() -> None:
        for i in range(600):  # more than one sweep's worth of answers
            await store.put("e", (str(i), "", ""), KeptAnswer(1, DEPS, CachedAnswer(200, (), b"x" * 100)))

    asyncio.run(fill())
    # swept at the 512th: what is left is the last 88 answers and what fitted then
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) < 4096 + 100 * 200


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_gives_several_workers_a_shared_directory(monkeypatch, settings, workers):
    """`wpcompat serve` names a directory for its workers only when there are several and no
    Redis, and removes it when the server stops."""
    import argparse

    from wpcompat.cli import serve

    for name in ("WPCOMPAT_WORKERS_FOLDER", "WPCOMPAT_HOST", "WPCOMPAT_PORT"):  # restored afterwards
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    seen: list[str | None] = []
    monkeypatch.setattr(serve, "_run_uvicorn", lambda *_: seen.append(os.environ.get("WPCOMPAT_WORKERS_FOLDER")))
    args = argparse.Namespace(host=None, port=None, workers=workers)
    assert serve.run(settings, args) == 0
    if workers == 1:
        assert seen == [None]
    else:
        assert seen[0] and not os.path.exists(seen[0])
