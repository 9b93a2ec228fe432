"""Big files are read in a child process: same records, same errors, same database."""

from __future__ import annotations

import pytest

from tests.conftest import shared_path
from tests.test_wxr_hostile import BILLION_LAUGHS
from tests.test_wxr_support import FIXTURES, MALFORMED, dump
from wpcompat.storage import open_storage
from wpcompat.wxr import pipeline
from wpcompat.wxr.importer import import_files
from wpcompat.wxr.pipeline import Records
from wpcompat.wxr.reader import WXRError, read_wxr

RICH = "theme-test-data/themeunittestdata.wordpress.xml"


async def _collect(path, parallel: bool) -> list:
    return [record async for record in Records(path, parallel=parallel)]


async def test_child_reader_yields_the_same_records():
    path = shared_path(*FIXTURES, RICH)
    assert await _collect(path, True) == list(read_wxr(path))


async def test_child_reader_reports_errors_with_position(tmp_path):
    bad = shared_path(*FIXTURES, "wordpress-importer/phpunit-data/malformed.xml")
    with pytest.raises(WXRError) as caught:
        await _collect(bad, True)
    assert (caught.value.line, caught.value.column) == MALFORMED["wordpress-importer/phpunit-data/malformed.xml"]
    hostile = tmp_path / "bomb.xml"
    hostile.write_text(BILLION_LAUGHS)
    with pytest.raises(WXRError, match="refused"):
        await _collect(hostile, True)


async def test_parallel_import_gives_the_same_database(storage, tmp_path, monkeypatch):
    path = shared_path(*FIXTURES, RICH)
    await import_files(storage, [path], progress=False)
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    other = await open_storage(f"sqlite:///{tmp_path / 'parallel.db'}")
    try:
        await import_files(other, [path], progress=False)
        assert await dump(other) == await dump(storage)
    finally:
        await other.db.disconnect()


async def test_stopping_early_ends_the_child():
    records = Records(shared_path(*FIXTURES, RICH), parallel=True).__aiter__()
    first = await records.__anext__()
    assert first is not None
    await records.aclose()  # terminates and reaps the reader process
