"""Reading a big WXR file in a child process while this one writes to the database.

Parsing XML and building records is about half the CPU of an import; on a machine with two
cores or more a separate reader process lets it run beside the database work. Records travel
in batches through a bounded queue, so memory stays flat: the reader waits when the writer is
behind. Small files are read in-process (starting a process costs more than it saves).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import functools
import gc
import importlib.util
import os
import pickle
import secrets
import struct
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO, Any

from wpcompat.wxr.reader import Item, Record, WXRError, WXRReader
from wpcompat.wxr.spool import Spool, cleanup, unspool

PARALLEL_BYTES = 16 << 20
BATCH_RECORDS = 100
BATCH_BYTES = 2 << 20
# Each batch crosses the pipe as its pickle's length, then the pickle.
_FRAME = struct.Struct("<Q")
# The pipe's buffer (64 KB by default): the reader works ahead by this much more while the
# importer is busy (building rows, waiting for the database), instead of stopping as soon as
# it has one batch ready. Kernel memory, in neither process's RSS.
PIPE_BYTES = 8 << 20


class Records:
    """Async iteration over a file's records; `position` = bytes read so far."""

    def __init__(self, path: str | Path, parallel: bool | None = None, lazy: bool = False) -> None:
        self.path = str(path)
        self.lazy = lazy  # huge contents as LongText (wpcompat.wxr.spool)
        # Items come with their texts folded for the search index (Item.search) when read in
        # a reader process: set before iterating.
        self.fold = False
        if parallel is None:
            parallel = (os.cpu_count() or 1) > 1 and _size(self.path) >= PARALLEL_BYTES
        self.parallel = parallel
        self.position = 0

    async def __aiter__(self) -> AsyncIterator[Record]:
        if not self.parallel:
            reader = WXRReader(self.path, lazy=self.lazy)
            for record in reader:
                self.position = reader.position
                yield record
            return
        async for record in self._from_child():
            yield record

    async def _from_child(self) -> AsyncIterator[Record]:
        # A plain child interpreter (not multiprocessing): it must not re-run the caller's
        # main module. Batches come back pickled through a pipe, whose small buffer makes the
        # reader wait whenever the importer is behind.
        root = str(Path(__file__).resolve().parents[2])  # so the child finds this very wpcompat
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
        # Huge texts stay in files the reader writes: only markers cross the pipe, and each
        # text is read here once, when its record is used.
        spool = Spool(Path(tempfile.gettempdir()) / f"wpcompat-wxr-{secrets.token_hex(8)}")
        child = subprocess.Popen(
            [sys.executable, "-m", "wpcompat.wxr.pipeline", self.path, str(spool.directory), spool.key,
             "fold" if self.fold else "-"],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": path},
        )
        assert child.stdout is not None
        stream = child.stdout
        _widen(stream.fileno())
        loop = asyncio.get_running_loop()
        finished = False
        # Only a batch whose bytes hold a marker of this spool has a text to put back: the
        # others skip walking every field of every comment (a tenth of an import's CPU).
        marker = b"wpcompat-spool-" + spool.key.encode()
        # The next batch is taken off the pipe while this one's records are imported: the
        # reader goes on with the one after instead of waiting for the importer to ask.
        ahead: asyncio.Future[bytes] | None = loop.run_in_executor(None, _read_frame, stream)
        try:
            while True:
                try:
                    assert ahead is not None
                    frame = await ahead
                    ahead = None
                    kind, payload, position = pickle.loads(frame)
                except (EOFError, pickle.UnpicklingError):
                    raise WXRError(self.path, 0, 0, "the reader process stopped unexpectedly") from None
                self.position = position
                if kind == "records":
                    ahead = loop.run_in_executor(None, _read_frame, stream)
                    if marker not in frame:
                        del frame
                        for record in payload:
                            yield record
                        continue
                    del frame
                    for record in payload:
                        yield unspool(record, spool, lazy=self.lazy)
                elif kind == "error":
                    raise WXRError(*payload)
                elif kind == "crash":
                    raise RuntimeError(f"reading {self.path} failed: {payload}")
                else:
                    finished = True
                    return
        finally:
            if not finished and child.poll() is None:
                child.terminate()
            if ahead is not None:
                # A read under way ends at the stopped reader's end of file: never close the
                # stream under it.
                with contextlib.suppress(Exception):
                    await ahead
            stream.close()
            child.wait(timeout=10)
            cleanup(spool)


def _widen(fd: int) -> None:
    """The pipe's buffer to PIPE_BYTES where the kernel allows it (Linux: a process without
    CAP_SYS_RESOURCE gets at most /proc/sys/fs/pipe-max-size, 1 MB by default), else as
    much as allowed; elsewhere it stays as it is."""
    setter = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setter is None:
        return
    for size in (PIPE_BYTES, 1 << 20):
        try:
            fcntl.fcntl(fd, setter, size)
            return
        except OSError:
            continue


def _read_frame(stream: IO[bytes]) -> bytes:
    head = stream.read(_FRAME.size)
    if len(head) < _FRAME.size:
        raise EOFError
    (size,) = _FRAME.unpack(head)
    frame = stream.read(size)
    if len(frame) < size:
        raise EOFError
    return frame


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _read_into(path: str, out: IO[bytes], spool: Spool | None = None, fold: bool = False) -> None:
    """Child process: read the file and write pickled batches of records (with `fold`, each
    item's texts folded for the search index)."""
    reader = WXRReader(path, spool)
    batch: list[Record] = []
    size = 0

    def send(kind: str, payload: Any) -> None:
        frame = pickle.dumps((kind, payload, reader.position), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_FRAME.pack(len(frame)))
        out.write(frame)

    try:
        for record in reader:
            if fold and isinstance(record, Item):
                _fold(record)
            batch.append(record)
            size += _weight(record)
            if len(batch) >= BATCH_RECORDS or size >= BATCH_BYTES:
                send("records", batch)
                batch, size = [], 0
        if batch:
            send("records", batch)
        send("done", None)
    except WXRError as error:
        send("error", (error.path, error.line, error.column, error.message))
    except BrokenPipeError:
        return  # the importer stopped reading: nothing left to do
    except Exception as error:  # reported to the parent, which raises it
        send("crash", f"{type(error).__name__}: {error}")
    out.flush()


@functools.cache
def _fold_texts() -> Callable[[str, str, str], tuple[bool, str, str, str]]:
    """collation.fold_texts, loaded from its file alone: importing it through the storage
    package would load SQLAlchemy and the database drivers into the reader process (20 MB
    and 0.2 s) for a module of plain Python."""
    path = Path(__file__).resolve().parents[1] / "storage" / "collation.py"
    spec = importlib.util.spec_from_file_location("wpcompat_reader_collation", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fold_texts  # type: ignore[no-any-return]


def _fold(item: Item) -> None:
    texts = (item.title, item.excerpt, item.content)
    # A spooled text is only a marker here: folded where it is put back.
    if not any("wpcompat-spool-" in text for text in texts):
        item.search = _fold_texts()(*texts)


def _weight(record: Record) -> int:
    comments = getattr(record, "comments", None)
    if comments is None:
        return 256
    folded = 2 if getattr(record, "search", None) is not None else 1
    return folded * len(getattr(record, "content", "")) + sum(len(c.content) + 300 for c in comments)


if __name__ == "__main__":
    # Records are trees, freed by reference counting: the cyclic collector need not walk
    # them every 700 allocations (see importer.RARE_COLLECTIONS).
    gc.set_threshold(100_000, *gc.get_threshold()[1:])
    with contextlib.suppress(BrokenPipeError):
        spool = Spool(sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else None
        _read_into(sys.argv[1], sys.stdout.buffer, spool, fold=sys.argv[4:5] == ["fold"])
