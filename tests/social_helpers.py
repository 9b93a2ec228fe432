"""Running a wpcompat site against the fake providers, and a tiny "browser" for the hops.

Our app runs in Starlette's TestClient (it keeps our cookies); the providers run for real on
127.0.0.1 (tests/fakes/oauth_providers.py), so Authlib's back-channel calls are real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.testclient import TestClient

from settings import Settings, load_settings
from tests.fakes.oauth_providers import FakeProviders, serve
from wpcompat.app import create_app

SITE = "http://testserver"


@contextmanager
def running_fakes() -> Iterator[FakeProviders]:
    fake = FakeProviders()
    with serve(fake.app()) as base:
        fake.base_url = base
        yield fake


def site_settings(fake: FakeProviders, tmp_path: Path, twitter_oauth1: bool = False, **env: str) -> Settings:
    environ = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
        "WPCOMPAT_SITE_URL": SITE,
        "WPCOMPAT_DEMO_IMPORT": "false",
        "WPCOMPAT_SECRET_KEY": "test-secret-key-0123456789",
        **fake.environ(twitter_oauth1=twitter_oauth1),
        **env,
    }
    return load_settings(None, environ)


@contextmanager
def site_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=SITE) as client:
        yield client


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def local(url: str) -> str:
    """A URL of our site as a path the TestClient can request."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == SITE, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def start_login(client: TestClient, provider: str, redirect_to: str = "/?p=1") -> str:
    """Our login route; returns the provider URL it sends the reader to."""
    r = client.get(f"/auth/{provider}/login", params={"redirect_to": redirect_to}, follow_redirects=False)
    assert r.status_code == 302, r.text
    return r.headers["location"]


def at_provider(url: str) -> str:
    """The provider's authorization page (approves at once); returns our callback URL."""
    r = httpx.get(url, follow_redirects=False)
    assert r.status_code == 302, r.text
    return r.headers["location"]


def login(client: TestClient, provider: str, redirect_to: str = "/?p=1") -> httpx.Response:
    callback = at_provider(start_login(client, provider, redirect_to))
    return client.get(local(callback), follow_redirects=False)
