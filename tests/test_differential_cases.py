"""Regression cases of the randomized differential tester (scripts/diff-random.sh), replayed.

Each class of difference the tester found between WordPress 6.1 and wpcompat, once fixed, has a
small golden file in tests/differential/golden/: one read request and WordPress's whole answer,
recorded from the oracle's default site by scripts/diffrandom/record_case.py. This test builds
that site in wpcompat (as tests/test_oracle_golden.py does), sends each request, and compares
status, the headers compare.py compares and the body, after the oracle's own normalisation
(lib/normalize.py: the base URL). WordPress itself need not run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared_path
from tests.oracle_server import OracleSite, oracle_site_server

GOLDEN = ROOT / "tests" / "differential" / "golden"
CASES = sorted(GOLDEN.glob("*.json"))
COMPARED_HEADERS = ("Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link", "Allow")
ORACLE_URL = "http://127.0.0.1:8080"  # where the cases were recorded (the default site)

pytestmark = pytest.mark.oracle


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OracleSite]:
    oracle = shared_path("oracle")
    with oracle_site_server(tmp_path_factory.mktemp("differential"), oracle) as running:
        yield running


def _oracle_lib() -> None:
    lib = str(shared_path("oracle", "lib"))
    if lib not in sys.path:
        sys.path.insert(0, lib)


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_answers_like_wordpress(site: OracleSite, case_file: Path) -> None:
    _oracle_lib()
    import datetime as dt

    from normalize import Normalizer, diff  # type: ignore[import-not-found]
    from replay import send  # type: ignore[import-not-found]
    from wphttp import Client  # type: ignore[import-not-found]

    case = json.loads(case_file.read_text(encoding="utf-8"))
    creds = site.credentials()
    auths = {
        "admin": (creds["WP_ADMIN_USER"], creds["WP_APP_PASSWORD"]),
        "author": (creds["WP_AUTHOR_USER"], creds["WP_AUTHOR_APP_PASSWORD"]),
        "subscriber": (creds["WP_SUBSCRIBER_USER"], creds["WP_SUBSCRIBER_APP_PASSWORD"]),
    }
    request = case["request"]
    entry = {"name": case["name"], "method": request["method"], "path": request["path"],
             "params": [tuple(p) for p in request["params"]], "auth": request["auth"]}  # fmt: skip
    got, _ = send(Client(site.url), entry, {}, auths)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    want = Normalizer(ORACLE_URL, now, now).response(case)
    have = Normalizer(site.url, now, now).response(got)
    problems = []
    if want["status"] != have["status"]:
        problems.append(f"status {want['status']} != {have['status']}")
    for name in COMPARED_HEADERS:
        if want["headers"].get(name) != have["headers"].get(name):
            problems.append(f"header {name}: {want['headers'].get(name)!r} != {have['headers'].get(name)!r}")
    problems += diff(want["body"], have["body"])
    assert not problems, f"{case['why']}\n" + "\n".join(problems[:20]) + (
        f"\nWordPress: {json.dumps(want['body'], ensure_ascii=False)[:800]}"
        f"\nwpcompat:  {json.dumps(have['body'], ensure_ascii=False)[:800]}"
    )
