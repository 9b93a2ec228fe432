"""The fuzzing suite (tests/fuzzing.py): a quick seeded run in every test run, a long one on
demand (`scripts/fuzz.sh --minutes N`, or WPCOMPAT_FUZZ_MINUTES=N for this module).

The site is tests/posts_site.py's (posts, pages, media, terms, a user of every role), served
in-process; requests come from the OpenAPI description the service publishes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hsettings
from starlette.testclient import TestClient

from auth.nonces import REST_ACTION, create_nonce
from auth.sessions import cookie_value, create_session
from settings import Settings
from tests.conftest import site_db_url
from tests.fuzzing import HTML_TARGETS, Callers, Fuzzer, Request, requests, rest_targets
from wpcompat.app import create_app

from .posts_site import make_site

QUICK_EXAMPLES = int(os.environ.get("WPCOMPAT_FUZZ_QUICK", "400"))
LONG_MINUTES = float(os.environ.get("WPCOMPAT_FUZZ_MINUTES", "0") or 0)


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Fuzzer, list, Callers]]:
    directory = tmp_path_factory.mktemp("fuzz")
    base = Settings(database_url=site_db_url(directory), demo_import=False)
    site = make_site(base)
    settings = replace(site.settings, trusted_proxy_header="X-Forwarded-For")
    session = site.run(lambda storage: create_session(storage, settings, user_id=site.users["admin"]))
    callers = Callers(
        passwords=dict(site.passwords), cookie=cookie_value(settings, session),
        nonce=create_nonce(settings.secret_key, REST_ACTION, site.users["admin"], session.token),
    )
    with TestClient(create_app(settings), base_url="http://example.test", raise_server_exceptions=False) as client:
        r = client.get("/wp-json/wpcompat/v1/openapi.json")
        assert r.status_code == 200
        document = r.json()
        targets = rest_targets(document) + HTML_TARGETS
        fuzzer = Fuzzer(client, client.app.state.storage)
        client.get("/wp-json/wp/v2/posts")  # warm up: the first answer loads the site
        yield fuzzer, targets, callers


def test_openapi_describes_every_route(fuzz_site) -> None:
    fuzzer, targets, _ = fuzz_site
    document = fuzzer.client.get("/wp-json/wpcompat/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert {"/wp/v2/posts", "/wp/v2/posts/{id}", "/wp/v2/comments", "/wp/v2/users/me", "/wp/v2/settings",
            "/wp/v2/search", "/wp/v2/categories/{id}"} <= set(paths)
    assert {"get", "post", "put", "patch", "delete"} <= set(paths["/wp/v2/posts/{id}"])
    per_page = next(p for p in paths["/wp/v2/posts"]["get"]["parameters"] if p["name"] == "per_page")
    assert per_page["schema"]["maximum"] == 100
    assert "requestBody" in paths["/wp/v2/posts"]["post"]
    # The document itself is not advertised: the index lists only what a WordPress plugin would
    # (our wpcompat/v1 routes, e.g. likes, are listed as a plugin's namespace is).
    index = fuzzer.client.get("/wp-json/").json()
    assert not any("openapi" in route for route in index["routes"])
    assert sum(1 for t in targets if t.rest) >= 60


def test_deliberate_5xx_is_allowed_in_every_envelope(fuzz_site) -> None:
    # WordPress's own 501 for trashing a term stays a deliberate answer when wrapped for `_jsonp`
    # (same status, body inside `/**/callback(...)`), not only as plain JSON.
    fuzzer, _, callers = fuzz_site
    was, fuzzer.strict = fuzzer.strict, True
    try:
        for suffix in ("", "?_jsonp=cb", "?_jsonp=a.b"):
            url = "/wp-json/wp/v2/categories/4" + suffix
            before = fuzzer.statuses[501]
            fuzzer.send(Request("DELETE", url, callers.headers("admin"), None, True, "admin"))
            assert fuzzer.statuses[501] == before + 1, url
    finally:
        fuzzer.strict = was


def _run(fuzzer: Fuzzer, targets: list, callers: Callers, examples: int, run_seed: int) -> None:
    @seed(run_seed)
    @hsettings(max_examples=examples, deadline=None, database=None,
               phases=[Phase.generate] if not fuzzer.strict else [Phase.generate, Phase.shrink],
               suppress_health_check=list(HealthCheck))
    @given(requests(targets, callers))
    def check(request) -> None:
        fuzzer.send(request)

    check()


def test_quick_seeded_fuzz(fuzz_site) -> None:
    fuzzer, targets, callers = fuzz_site
    fuzzer.strict = True
    _run(fuzzer, targets, callers, QUICK_EXAMPLES, 20261206)
    summary = fuzzer.summary()
    assert summary["requests"] >= QUICK_EXAMPLES
    # The run reached the handlers, not only the validators.
    assert summary["statuses"].get(200, 0) > QUICK_EXAMPLES // 20, summary


@pytest.mark.skipif(not LONG_MINUTES, reason="a long run: scripts/fuzz.sh --minutes N")
def test_long_fuzz(fuzz_site) -> None:
    fuzzer, targets, callers = fuzz_site
    fuzzer.strict = False
    deadline = time.monotonic() + LONG_MINUTES * 60
    batch = 0
    while time.monotonic() < deadline:
        _run(fuzzer, targets, callers, 200, 1000 + batch)
        batch += 1
    summary = fuzzer.summary()
    report = os.environ.get("WPCOMPAT_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps({
            "summary": summary,
            "violations": [v.__dict__ for v in fuzzer.violations[:500]],
        }, indent=2, ensure_ascii=False, default=str))
    print(json.dumps(summary))
    assert not fuzzer.violations, (summary, fuzzer.violations[:5])
