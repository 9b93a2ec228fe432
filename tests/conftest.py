"""Shared fixtures: a fresh site database per test, settings, and paths to shared fixtures.

`pytest --backend postgresql|mysql` (or WPCOMPAT_TEST_BACKEND) runs the same tests on a database
server instead of SQLite: see tests/backends.py.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from settings import Settings
from tests import backends
from wpcompat.storage import Storage, open_storage

if TYPE_CHECKING:
    from tests.fakes.smtp_server import SmtpSink

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WPCOMPAT_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() == "true"
pytest_plugins = ["tests.browser"]  # the browser tests' fixtures: browser, playwright_api


def shared_path(*parts: str) -> Path:
    """A path in ../shared; skipped with a reason outside CI, a failure under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing, and CI must run the tests that read it")
        pytest.skip(f"{path} is missing (a clone outside the team's workplace)")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=backends.BACKENDS,
        default=os.environ.get("WPCOMPAT_TEST_BACKEND", "sqlite"),
        help="database the site fixtures use (default: sqlite, or WPCOMPAT_TEST_BACKEND)",
    )


def pytest_configure(config: pytest.Config) -> None:
    global BACKEND
    BACKEND = config.getoption("--backend")


def pytest_report_header(config: pytest.Config) -> str:
    return f"wpcompat database backend: {BACKEND}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    backends.drop_everything()


BACKEND = "sqlite"


def site_db_url(directory: Path, name: str = "site.db") -> str:
    """A new, empty database for one site on the run's backend (a file in `directory` for SQLite)."""
    if BACKEND == "sqlite":
        return f"sqlite:///{directory / name}"
    return backends.new_server_database(BACKEND)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    if BACKEND == "sqlite":
        return f"sqlite:///{tmp_path / 'site.db'}"
    return backends.server(BACKEND).scratch_database()


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


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    """A real SMTP server (aiosmtpd) on a free port for the mail tests; `sink.url` is its address."""
    from tests.fakes.smtp_server import SmtpSink  # aiosmtpd is loaded only by the tests that send mail

    server = SmtpSink().start()
    try:
        yield server
    finally:
        server.stop()
