"""The SQLite write gate (storage/sqlite_pool.py `WriteGate`): one writer at a time across
processes, by a flock of `<database>-wpcwrite`. Two gates on one file exclude each other as two
processes do (flock belongs to the open file, and each gate opens its own)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from wpcompat.storage.sqlite_pool import WriteGate


async def test_a_second_gate_on_the_file_waits_for_the_first(tmp_path: Path) -> None:
    first, second = WriteGate(str(tmp_path / "site.db")), WriteGate(str(tmp_path / "site.db"))
    try:
        await first.acquire()
        assert first.held()
        waiting = asyncio.create_task(second.acquire())
        await asyncio.sleep(0.05)
        assert not waiting.done() and second.waits == 1  # queued in the kernel, not polling
        first.release()
        await asyncio.wait_for(waiting, 5)
        second.release()
    finally:
        first.close()
        second.close()


async def test_a_waiter_cancelled_while_queued_gives_the_lock_back(tmp_path: Path) -> None:
    path = str(tmp_path / "site.db")
    first, second, third = WriteGate(path), WriteGate(path), WriteGate(path)
    try:
        await first.acquire()
        waiting = asyncio.create_task(second.acquire())
        await asyncio.sleep(0.05)
        waiting.cancel()  # a client gone while its writer queued
        await asyncio.gather(waiting, return_exceptions=True)
        first.release()
        # The cancelled waiter's thread got the lock after the release and handed it back.
        await asyncio.wait_for(third.acquire(), 5)
        third.release()
        # And its own process's queue is free again too.
        await asyncio.wait_for(second.acquire(), 5)
        second.release()
    finally:
        for gate in (first, second, third):
            gate.close()


async def test_only_the_holding_task_is_let_through(tmp_path: Path) -> None:
    gate = WriteGate(str(tmp_path / "site.db"))
    try:
        async def asks() -> bool:
            return gate.held()

        async with gate.turn():
            assert gate.held()
            assert await asyncio.create_task(asks()) is False
        assert not gate.held()
    finally:
        gate.close()
