"""Shared fixtures: a fresh SQLite site per test, settings, and paths to shared fixtures."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from settings import Settings
from wpcompat.storage import Storage, open_storage

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WPCOMPAT_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def shared_path(*parts: str) -> Path:
    """A path in ../shared; skipped with a reason outside CI, a failure under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing, and CI must run the tests that read it")
        pytest.skip(f"{path} is missing (a clone outside the team's workplace)")
    return path


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'site.db'}"


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, site_url="http://example.test", demo_import=False)


@pytest.fixture
async def storage(settings: Settings) -> AsyncIterator[Storage]:
    store = await open_storage(settings.database_url, settings.table_prefix)
    try:
        yield store
    finally:
        await store.db.disconnect()
