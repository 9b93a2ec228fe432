"""The totals of count_memo shared by the worker processes of one server.

Each worker process keeps its own memo of lists' totals (storage/count_memo.py), so with
several workers each one counts a list again the first time it is asked for it: 100,000
posts, 900,000 approved comments, every post's text for a search, an OFFSET walk of 50,000
rows for a deep page. These first requests take hundreds of milliseconds on a big site, and
every request queued behind them on that worker waits as long (the p99 of a busy server in
its first seconds, and again after every write that changes a total, once per worker).

`wpcompat serve` with several workers makes one private folder for its workers
(`WORKERS_FOLDER`, removed when it stops); a worker that counted a total writes it there, with
the change log's tick it was counted at and the log's epoch, and the others read it before
counting. A value read there is given only under the same test as the worker's own memo
(counted at or before the request's tick, nothing it depends on changed since, same epoch):
it is exactly what the worker would have kept had it counted at that tick itself.

Keys are written as text that names the same thing in every process (classes and functions by
their module and name; a key holding anything else that only a memory address tells apart is
not shared). Values are read back with an unpickler that builds nothing but plain data.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import hashlib
import io
import os
import pickle
import types
from collections.abc import Hashable
from pathlib import Path
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.operators import custom_op
from sqlalchemy.types import TypeEngine

# Past this many files the oldest half goes (tested every _PRUNE_EVERY writes).
_MOST_FILES = 4096
_PRUNE_EVERY = 256
_MEMO = "shared_memo"


def use_folder(storage_memo: dict[str, Any], folder: str | None) -> None:
    """Share this storage's totals through the workers' `folder` (settings.workers_folder; None
    or empty: not shared), in a sub-folder of their own (answers may live beside them)."""
    storage_memo.pop(_MEMO, None)
    if folder and os.path.isdir(folder):
        totals = Path(folder) / "totals"
        with contextlib.suppress(OSError):  # the folder gone meanwhile: not shared
            totals.mkdir(exist_ok=True)
            storage_memo[_MEMO] = _Folder(totals)


class _Folder:
    __slots__ = ("path", "writes")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writes = 0


def _folder(storage_memo: dict[str, Any]) -> _Folder | None:
    return storage_memo.get(_MEMO)


def stable_text(key: Any) -> str | None:
    """`key` as text that is the same in every process, or None when it holds something only
    its address tells apart (a lambda, a local function, an object without a plain repr)."""
    out: list[str] = []
    return "".join(out) if _write(key, out) else None


def _write(value: Any, out: list[str]) -> bool:
    if value is None or isinstance(value, (bool, int, float, str, bytes, decimal.Decimal,
                                           datetime.date, datetime.time, datetime.timedelta)):
        out.append(f"{type(value).__name__}:{value!r}")
        return True
    if isinstance(value, (tuple, list, frozenset, set)):
        items = sorted(value, key=repr) if isinstance(value, (frozenset, set)) else value
        out.append(f"{type(value).__name__}(")
        for item in items:
            if not _write(item, out):
                return False
            out.append(",")
        out.append(")")
        return True
    if isinstance(value, dict):
        out.append("dict(")
        for k, v in value.items():
            if not (_write(k, out) and _write(v, out)):
                return False
            out.append(",")
        out.append(")")
        return True
    if isinstance(value, (type, types.FunctionType, types.BuiltinFunctionType)):
        name = getattr(value, "__qualname__", "")
        if not name or "<" in name:  # a lambda or a function made inside another: no name
            return False
        out.append(f"{type(value).__name__}:{value.__module__}.{name}")
        return True
    if isinstance(value, custom_op):
        # An operator of SQL's own (a full-text MATCH, GLOB …): SQLAlchemy's cache keys tell
        # them apart by this key, which names it (its repr is only an address).
        return _write(("custom_op", value._hash_key()), out)
    known = _SCHEMA_TEXTS.get(id(value))
    if known is not None and known[0] is value:
        out.append(known[1])
        return True
    if isinstance(value, sa.Table):
        # The storage's tables (one definition per prefix): the name tells them apart, where
        # their repr would list every column (slow: SQLAlchemy builds it by introspection).
        text = f"table:{value.fullname}"
    else:
        text = repr(value)
        if " at 0x" in text or " object at " in text:
            return False
        text = f"{type(value).__module__}.{type(value).__qualname__}:{text}"
    if isinstance(value, (sa.Table, sa.Column, TypeEngine)) and len(_SCHEMA_TEXTS) < _MOST_SCHEMA_TEXTS:
        # Objects of the schema live as long as the process (kept here with their text).
        _SCHEMA_TEXTS[id(value)] = (value, text)
    out.append(text)
    return True


_SCHEMA_TEXTS: dict[int, tuple[Any, str]] = {}
_MOST_SCHEMA_TEXTS = 4096


def _path(folder: _Folder, key: Hashable, epoch: str) -> tuple[Path, str] | None:
    text = stable_text(key)
    if text is None:
        return None
    text = f"{epoch}\n{text}"
    return folder.path / hashlib.blake2b(text.encode(), digest_size=20).hexdigest(), text


class _PlainData(pickle.Unpickler):
    """Builds only plain values: what count_memo keeps (numbers, text, dates, tuples, dicts,
    its IdSet), nothing that runs code."""

    _ALLOWED: ClassVar[frozenset[tuple[str, str]]] = frozenset({
        ("datetime", "datetime"), ("datetime", "date"), ("datetime", "timedelta"), ("datetime", "timezone"),
        ("decimal", "Decimal"), ("builtins", "bytearray"), ("builtins", "set"), ("builtins", "frozenset"),
        ("wpcompat.storage.count_memo", "IdSet")})

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not plain data")
        return super().find_class(module, name)


def read(storage_memo: dict[str, Any], key: Hashable, epoch: str) -> tuple[int, Any] | None:
    """(tick counted at, value) written for `key` under `epoch` by any worker, else None."""
    folder = _folder(storage_memo)
    if folder is None or not epoch:
        return None
    found = _path(folder, key, epoch)
    if found is None:
        return None
    path, text = found
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        written_text, tick, value = _PlainData(io.BytesIO(data)).load()
    except Exception:  # a file cut short, or not ours: counted again
        return None
    if written_text != text or not isinstance(tick, int):
        return None  # another key with the same digest (never seen), or another epoch
    return tick, value


def write(storage_memo: dict[str, Any], key: Hashable, epoch: str, tick: int, value: Any) -> None:
    """Keep `value`, counted at `tick`, for the other workers (a failure only loses the share)."""
    folder = _folder(storage_memo)
    if folder is None or not epoch:
        return
    found = _path(folder, key, epoch)
    if found is None:
        return
    path, text = found
    try:
        data = pickle.dumps((text, tick, value), protocol=5)
        # Written whole then renamed: a reader sees the old file or the new one, never half.
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes(data)
        os.replace(part, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
    folder.writes += 1
    if folder.writes % _PRUNE_EVERY == 0:
        _prune(folder.path)


def _prune(path: Path) -> None:
    try:
        entries = [(e.stat().st_mtime, e.path) for e in os.scandir(path) if e.is_file()]
    except OSError:
        return
    if len(entries) <= _MOST_FILES:
        return
    entries.sort()
    for _, name in entries[: len(entries) // 2]:
        with contextlib.suppress(OSError):
            os.unlink(name)
