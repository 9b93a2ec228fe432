"""What the browser tests share: the system's Chromium driven by Playwright, a fresh browser per
test (the `browser` fixture, with `playwright_api` under it; both in tests/conftest.py), the page
errors a test asserts are none, and screenshots into test-artifacts/ (uploaded by CI).

Without Playwright or Chromium the browser tests are skipped with the reason, except under CI,
which must run them (scripts/install-test-deps.sh installs both).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI, ROOT

CHROMIUM = os.environ.get("WPCOMPAT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must run the browser test: {reason} (scripts/install-test-deps.sh installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def playwright_api() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    _require(sync_playwright is not None, "Playwright for Python is not installed (pip install -e '.[test]')")
    _require(Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None, f"{CHROMIUM} is missing (Debian package chromium)")
    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser(playwright_api: Any) -> Iterator[Any]:
    """A headless Chromium of the test's own, closed after it."""
    launched = playwright_api.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield launched
    finally:
        launched.close()


def page_errors(page: Any) -> list[str]:
    """The page's uncaught script errors, as they happen (the tests end asserting there are none)."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def screenshot(target: Any, name: str, **options: Any) -> None:
    """A page's or a locator's screenshot as test-artifacts/NAME."""
    ARTIFACTS.mkdir(exist_ok=True)
    target.screenshot(path=str(ARTIFACTS / name), **options)


def in_thread(coro_fn, *args):  # type: ignore[no-untyped-def]
    """asyncio.run in a thread of its own: Playwright's sync API owns this thread's loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coro_fn(*args))).result()
