"""Huge CDATA sections kept out of the XML parser's memory.

libxml2 builds a text node whole, in a buffer grown as it reads, and lxml then copies it into
a Python string: a 200 MB post content costs three times its size or more while it is parsed
(then again through the reader process's pipe). `SpoolingSource` sits between the file and the
parser: a CDATA section longer than `SPOOL_BYTES` is written to a file of its own as it streams
by, and the parser sees a short marker instead. `unspool()` puts the text back into a record's
fields where the importer needs it, read from its file once.

Markers carry a random key of the reader, so a marker written in the file itself is plain
text. Only UTF-8 files are spooled (the text is stored as the file's bytes).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import IO, Any

SPOOL_BYTES = 4 << 20
# The longest text a record may hold: MySQL's default max_allowed_packet (64 MB), beyond which
# WordPress's own importer fails to insert the post. A longer one refuses its record (reported)
# without ever being read into memory.
MAX_TEXT_BYTES = 64 << 20
_OPEN = b"<![CDATA["
_CLOSE = b"]]>"
_CHUNK = 1 << 20
# The fields a lazy unspool() leaves in their files (by record type): a post's content.
LAZY_FIELDS = {"Item": frozenset({"content"})}


class Spool:
    """Where a reader's big texts go: a directory, and the marker key."""

    def __init__(self, directory: str | Path, key: str | None = None) -> None:
        self.directory = Path(directory)
        self.key = key or secrets.token_hex(8)
        self.count = 0
        self.pattern = re.compile(rf"wpcompat-spool-{self.key}-(\d+)-end")

    def marker(self, n: int) -> bytes:
        return f"wpcompat-spool-{self.key}-{n}-end".encode()

    def path(self, n: int) -> Path:
        return self.directory / f"text-{n}.bin"

    def size(self, n: int) -> int:
        try:
            return self.path(n).stat().st_size
        except OSError:
            return 0

    def forget(self, record: Any) -> None:
        """Delete the files of a refused record's texts."""
        for f in fields(record):
            value = getattr(record, f.name)
            if isinstance(value, str):
                for n in self.pattern.findall(value):
                    self.path(int(n)).unlink(missing_ok=True)
            elif isinstance(value, list):
                for item in value:
                    if is_dataclass(item):
                        self.forget(item)

    def read(self, n: int) -> str:
        path = self.path(n)
        try:
            with path.open("rb") as f:
                data = f.read()
        except OSError:
            return ""
        # The bytes go as soon as they are decoded: the text and its bytes are held together
        # only while decoding.
        text = data.decode("utf-8", "replace")
        del data
        # Read once: the file is not needed any more (and a 200 MB disk file with it).
        path.unlink(missing_ok=True)
        return text

    def expand(self, text: str) -> str:
        if "wpcompat-spool-" not in text:
            return text
        parts = self.pattern.split(text)
        if len(parts) == 1:
            return text
        if len(parts) == 3 and not parts[0] and not parts[2]:
            # The whole value is one spooled text (a post's content): the text as read, not a
            # joined copy, which would hold it twice at once.
            return self.read(int(parts[1]))
        out: list[str] = []
        for i, part in enumerate(parts):
            out.append(self.read(int(part)) if i % 2 else part)
        return "".join(out)


class SpoolingSource:
    """A binary stream (`read(size)`) that passes `source` through, with every CDATA section
    longer than `threshold` bytes replaced by a marker and its content written to `spool`."""

    def __init__(self, source: Any, spool: Spool, threshold: int = SPOOL_BYTES) -> None:
        self.source = source
        self.spool = spool
        self.threshold = threshold
        self._pending = b""  # bytes read but not yet passed on (may end in a partial marker)
        self._in_cdata = False
        self._held = bytearray()  # the current CDATA's content while it is still short
        self._file: IO[bytes] | None = None
        self._eof = False

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        want = size if size and size > 0 else _CHUNK
        while len(out) < want and not (self._eof and not self._pending):
            data = b"" if self._eof else self.source.read(_CHUNK)
            if not data:
                self._eof = True
            self._pending += data
            out += self._process()
        return bytes(out)

    def _process(self) -> bytes:
        """Pass on what can be passed of the pending bytes. A short CDATA section whole in
        the buffer passes as it is (two searches, no copy: a WXR file has one every few dozen
        bytes); a long one, or one that goes on past the buffer, is held or spooled."""
        buf, pos, start, out = self._pending, 0, 0, []
        if not self._in_cdata and len(buf) <= self.threshold:
            # Whatever comes before the buffer's last "]]>" passes as it is, whatever it holds
            # (one search, not two per section: a WXR file has a section every few dozen
            # bytes): after a "]]>" no section is open, and each section opened before it
            # closes by then, so none is longer than the buffer.
            closed = buf.rfind(_CLOSE)
            if closed >= 0:
                pos = closed + len(_CLOSE)
        while True:
            if not self._in_cdata:
                at = buf.find(_OPEN, pos)
                if at < 0:
                    cut = max(pos, len(buf) - (0 if self._eof else len(_OPEN) - 1))
                    out.append(buf[start:cut])
                    start = pos = cut
                    break
                body = at + len(_OPEN)
                end = buf.find(_CLOSE, body)
                if end >= 0 and end - body <= self.threshold:
                    pos = end + len(_CLOSE)
                    continue
                out.append(buf[start:body])
                start = pos = body
                self._in_cdata = True
                continue
            end = buf.find(_CLOSE, pos)
            if end < 0:
                cut = max(pos, len(buf) - (0 if self._eof else len(_CLOSE) - 1))
                self._hold(buf[pos:cut])
                start = pos = cut
                if self._eof:  # unterminated: the parser reports it
                    out.append(self._flush(b""))
                    self._in_cdata = False
                break
            self._hold(buf[pos:end])
            start = pos = end + len(_CLOSE)
            self._in_cdata = False
            out.append(self._flush(_CLOSE))
        self._pending = buf[start:]
        return b"".join(out)

    def _hold(self, data: bytes) -> None:
        if self._file is not None:
            self._file.write(data)
            return
        self._held += data
        if len(self._held) > self.threshold:
            self.spool.directory.mkdir(parents=True, exist_ok=True)
            self._file = self.spool.path(self.spool.count).open("wb")
            self._file.write(self._held)
            self._held = bytearray()

    def _flush(self, tail: bytes) -> bytes:
        if self._file is None:
            held, self._held = bytes(self._held), bytearray()
            return held + tail
        self._file.close()
        self._file = None
        marker = self.spool.marker(self.spool.count)
        self.spool.count += 1
        return marker + tail


@dataclass(frozen=True, slots=True)
class Oversized:
    """A record refused because one of its texts is longer than MAX_TEXT_BYTES."""

    kind: str  # "item", "term" …
    line: int
    title: str
    field: str
    size: int

    def message(self, path: str) -> str:
        mb = self.size / (1 << 20)
        return (f"{path}:{self.line}: {self.kind} '{self.title[:60]}' not imported: its {self.field} is "
                f"{mb:.0f} MB, more than the {MAX_TEXT_BYTES >> 20} MB a text may hold")


def _too_big(record: Any, spool: Spool, limit: int) -> tuple[str, int] | None:
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and "wpcompat-spool-" in value:
            size = sum(spool.size(int(n)) for n in spool.pattern.findall(value))
            if size > limit:
                return f.name, size
        elif isinstance(value, list):
            for item in value:
                if is_dataclass(item):
                    found = _too_big(item, spool, limit)
                    if found is not None:
                        return found
    return None


class LongText:
    """A post's content kept in its spool file instead of memory: the importer streams it into
    SQLite (wpcompat.storage.long_text), so that the text is never held as a Python string
    beside the copies SQLite makes of a bound value. The file is this object's own (moved out
    of the spool, which its reader deletes when it ends)."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self.size = size  # bytes, UTF-8

    def contains(self, needle: str) -> bool:
        """Is `needle` in the text? Read in chunks, overlapping by the needle's length."""
        data = needle.encode()
        if not data:
            return False
        tail = b""
        with self.path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                if data in tail + chunk[: len(data) - 1] or data in chunk:
                    return True
                tail = chunk[-(len(data) - 1):] if len(data) > 1 else b""
        return False

    def read(self) -> str:
        """The text, for the cases that need it whole (the file is gone afterwards)."""
        try:
            with self.path.open("rb") as f:
                data = f.read()
        except OSError:
            return ""
        text = data.decode("utf-8", "replace")
        del data
        self.discard()
        return text

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    def __del__(self) -> None:
        # An import that failed before writing it leaves no file behind.
        with contextlib.suppress(Exception):
            self.discard()


def _valid_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return False
    return True


def _long_text(value: str, spool: Spool) -> LongText | None:
    """The value as a LongText when it is one spooled text of valid UTF-8 (read as is, its
    size in bytes is its stored size); None otherwise (expanded as usual)."""
    parts = spool.pattern.split(value)
    if len(parts) != 3 or parts[0] or parts[2]:
        return None
    path = spool.path(int(parts[1]))
    if not path.exists() or not _valid_utf8(path):
        return None
    own = Path(tempfile.gettempdir()) / f"wpcompat-longtext-{secrets.token_hex(8)}.bin"
    try:
        os.replace(path, own)
    except OSError:
        shutil.move(str(path), own)
    return LongText(own, own.stat().st_size)


def _expand(record: Any, spool: Spool, lazy: frozenset[str] = frozenset()) -> None:
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and "wpcompat-spool-" in value:
            long_text = _long_text(value, spool) if f.name in lazy else None
            setattr(record, f.name, long_text if long_text is not None else spool.expand(value))
        elif isinstance(value, list):
            for item in value:
                if is_dataclass(item):
                    _expand(item, spool)


def unspool(record: Any, spool: Spool, limit: int | None = None, lazy: bool = False) -> Any:
    """The record with every spooled text put back (its str fields, its comments and meta),
    or an `Oversized` in its place when a text is longer than `limit` (MAX_TEXT_BYTES; never
    read). With `lazy`, an item's content that is one spooled text stays in its file, as a
    `LongText`."""
    if not is_dataclass(record) or isinstance(record, Oversized):
        return record
    limit = MAX_TEXT_BYTES if limit is None else limit
    too_big = _too_big(record, spool, limit)
    if too_big is not None:
        spool.forget(record)
        return Oversized(type(record).__name__.lower(), int(getattr(record, "line", 0) or 0),
                         str(getattr(record, "title", "") or getattr(record, "name", "")), *too_big)
    _expand(record, spool, LAZY_FIELDS.get(type(record).__name__, frozenset()) if lazy else frozenset())
    return record


def is_utf8(head: bytes) -> bool:
    """Does the XML declaration say UTF-8 (or say nothing, which means UTF-8)?"""
    match = re.match(rb"\s*<\?xml[^>]*encoding=[\"']([^\"']+)[\"']", head)
    return match is None or match.group(1).lower().replace(b"_", b"-") in (b"utf-8", b"utf8")


def cleanup(spool: Spool) -> None:
    if spool.directory.exists():
        for path in spool.directory.glob("text-*.bin"):
            path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            os.rmdir(spool.directory)


__all__ = ["MAX_TEXT_BYTES", "SPOOL_BYTES", "LongText", "Oversized", "Spool", "SpoolingSource", "cleanup", "is_utf8", "unspool"]
