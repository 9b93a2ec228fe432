"""wpcompat's REST API answers like WordPress 6.1: the oracle's recorded answers, replayed.

The oracle (../shared/oracle) recorded 275 requests against a real WordPress 6.1 (golden/).
This test builds the same site in wpcompat with scripts/oracle-site.sh, serves it, and replays
the 219 read requests with the oracle's own compare.py, which compares status, headers and
bodies field by field after normalising only what legitimately differs (base URL, nonces).
WordPress itself need not run: the golden files are the reference.

By hand, with a report of every difference:  scripts/oracle-compare.sh -v
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import conftest
from tests.conftest import ROOT, shared_path
from tests.oracle_server import OracleSite, compare_reads, oracle_site_server

# The read requests that are known not to answer like WordPress 6.1, each for a stated reason.
# Every other one must match: a new difference fails the test, and so does a known one that
# starts matching (then it no longer belongs here).
KNOWN_DIFFERENCES = {
    # Deliberate: WordPress 6.1 silently treats a wrong Application Password as anonymous.
    "posts_bad_password": "a wrong Application Password is 401 incorrect_password, not anonymous",
    "posts_bad_user": "an unknown user is 401 invalid_username, not anonymous",
}
# The index lists every route WordPress registers (block editor, themes, plugins, menus, widgets,
# oEmbed, batch …); wpcompat lists only the routes it really serves, and its own namespace. These
# are compared without that difference (recompare_index): every route both list, and every other
# key of the index, must match.
INDEX_REQUESTS = {
    "index": "/wp-json/",
    "index_no_slash": "/wp-json",
    "namespace_wp_v2": "/wp-json/wp/v2",
}
# Likewise /wp/v2/types lists only the post types whose routes wpcompat serves (post, page,
# attachment): compared on those (recompare_types), each entry must match.
TYPES_REQUESTS = {"types": "view", "types_edit_admin": "edit, as the admin"}
# compare.py's report and log are copied here, for CI to keep as artifacts.
ARTIFACTS = ROOT / "test-artifacts" / "oracle-golden"

pytestmark = pytest.mark.oracle


def test_rest_api_matches_wordpress_golden(tmp_path: Path) -> None:
    oracle = shared_path("oracle")
    compare = shared_path("oracle", "compare.py")
    golden = shared_path("oracle", "golden")
    # On the run's backend (--backend postgresql / mysql), as the REST suites are.
    with oracle_site_server(tmp_path, oracle, conftest.site_db_url(tmp_path)) as site:
        results, _ = compare_reads(site, compare, golden, tmp_path)
        results = recompare_index(results, site, golden, INDEX_REQUESTS)
        results = recompare_types(results, site, golden, TYPES_REQUESTS)
    check_results(results, golden, KNOWN_DIFFERENCES, tmp_path, ARTIFACTS)


def check_results(results: list[dict], golden: Path, known: dict[str, str], workdir: Path, artifacts: Path) -> None:
    """Every read request of the manifest compared, and only the known ones differing."""
    artifacts.mkdir(parents=True, exist_ok=True)
    for name in ("compare.log", "compare-report.json", "serve.log", "oracle-site.log"):
        if (workdir / name).exists():
            shutil.copy(workdir / name, artifacts / name)
    manifest = json.loads((golden / "MANIFEST.json").read_text(encoding="utf-8"))
    reads = [r["name"] for r in manifest["requests"] if r.get("phase", "read") == "read"]
    # Every read request must have been compared (a "SKIP" would hide a missing golden file).
    assert sorted(r["name"] for r in results) == sorted(reads)

    failed = {r["name"]: r for r in results if not r["ok"]}
    unexpected = sorted(set(failed) - set(known))
    now_matching = sorted(set(known) - set(failed))
    detail = "\n".join(f"  {n}: {'; '.join(failed[n]['problems'][:4])}" for n in unexpected[:60])
    assert not unexpected, (
        f"{len(results) - len(failed)}/{len(results)} read requests answer like WordPress; "
        f"new differences ({len(unexpected)}):\n{detail}\nFull report: {artifacts / 'compare-report.json'}"
    )
    assert not now_matching, f"these now match WordPress; drop them from the known differences: {now_matching}"


def _oracle_lib(name: str) -> Any:
    """A module of the oracle's lib/ (the replay and normalisation compare.py uses)."""
    lib = str(shared_path("oracle", "lib"))
    if lib not in sys.path:
        sys.path.insert(0, lib)
    # The oracle folder may be read-only, and is shared: write no __pycache__ into it.
    before, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        return importlib.import_module(name)
    finally:
        sys.dont_write_bytecode = before


def _date_ties_by_id(body: Any) -> Any:
    """A list of items with the items of each run of equal `date` put in id order; the runs
    themselves keep their place, so the order by date is still compared."""
    if not isinstance(body, list) or not all(isinstance(i, dict) and "date" in i and "id" in i for i in body):
        return body
    out: list[Any] = []
    run: list[Any] = []
    for item in body:
        if run and item["date"] != run[0]["date"]:
            out += sorted(run, key=lambda i: i["id"])
            run = []
        run.append(item)
    return out + sorted(run, key=lambda i: i["id"])


def _served_listing(gold: Any, ours: Any) -> tuple[Any, Any]:
    """The index as wpcompat may differ from it on purpose (docs/differences.md): the routes
    WordPress lists and wpcompat does not serve, and wpcompat's own namespace, are left out on
    both sides; the routes both list must be described alike, and every other key must match."""
    if not isinstance(gold, dict) or not isinstance(ours, dict):
        return gold, ours
    both = set(gold.get("routes", {})) & set(ours.get("routes", {}))
    g, o = dict(gold), dict(ours)
    for side in (g, o):
        side.pop("namespaces", None)
        # WordPress advertises its wp-admin/authorize-application.php flow, a page wpcompat lacks.
        side.pop("authentication", None)
        if "routes" in side:
            side["routes"] = {k: v for k, v in side["routes"].items() if k in both}
    return g, o


def _served_types(gold: Any, ours: Any) -> tuple[Any, Any]:
    """/wp/v2/types as wpcompat may differ from it on purpose (docs/differences.md): only the
    post types both list are compared (wpcompat lists those whose routes it serves); a type
    wpcompat lists and WordPress does not still shows as a difference."""
    if not isinstance(gold, dict) or not isinstance(ours, dict):
        return gold, ours
    return {k: v for k, v in gold.items() if k in ours}, ours


def _sorted_ties(gold: Any, ours: Any) -> tuple[Any, Any]:
    return _date_ties_by_id(gold), _date_ties_by_id(ours)


def recompare_date_ties(
    results: list[dict], site: OracleSite, golden: Path, names: dict[str, str]
) -> list[dict]:
    """Compare again, as compare.py does, the requests of `names` that failed, with the items
    that share a date taken in id order on both sides.

    Only for requests WordPress answers from `ORDER BY post_date DESC` and nothing else
    (WP_Query's date order has no second key): MySQL returns rows with the same date in
    whatever order its plan reads them (ID descending through an index, ascending after a
    filesort, even both within one answer), so there is no order there to match. Everything
    else (status, headers, which items, their fields, the order of different dates) must match.
    """
    return recompare(results, site, golden, names, _sorted_ties)


def recompare_index(results: list[dict], site: OracleSite, golden: Path, names: dict[str, str]) -> list[dict]:
    """Compare again the index requests of `names` without their listing of unserved routes."""
    return recompare(results, site, golden, names, _served_listing)


def recompare_types(results: list[dict], site: OracleSite, golden: Path, names: dict[str, str]) -> list[dict]:
    """Compare again the /wp/v2/types requests of `names` on the post types wpcompat serves."""
    return recompare(results, site, golden, names, _served_types)


def recompare(
    results: list[dict],
    site: OracleSite,
    golden: Path,
    names: dict[str, str],
    view: Callable[[Any, Any], tuple[Any, Any]],
) -> list[dict]:
    """Replay again the failed requests of `names` (the oracle's own replay and normalisation,
    as compare.py) and compare `view` of the two JSON bodies (WordPress's, ours); status and
    headers as they are."""
    failed = [r for r in results if not r["ok"] and r["name"] in names]
    if not failed:
        return results
    replay, wphttp, normalize = (_oracle_lib(m) for m in ("replay", "wphttp", "normalize"))
    manifest = json.loads((golden / "MANIFEST.json").read_text(encoding="utf-8"))
    entries = {e["name"]: e for e in manifest["requests"]}
    auths = replay.auth_table(site.credentials())
    client = wphttp.Client(site.url)
    g_utc = dt.datetime.strptime(manifest["recorded_at_utc"], "%Y-%m-%dT%H:%M:%S")
    g_local = dt.datetime.strptime(manifest["recorded_at_local"], "%Y-%m-%dT%H:%M:%S")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    redone = {}
    for result in failed:
        name = result["name"]
        gold = json.loads((golden / f"{name}.json").read_text(encoding="utf-8"))
        res, _ = replay.send(client, entries[name], dict(manifest["ids"]), auths, sleep=False)
        # Read requests of a stored site: no new ids; "now" matters only to the write phase.
        ng = normalize.Normalizer(manifest["base_url"], g_utc, g_local).response(gold)
        nr = normalize.Normalizer(site.url, now, now).response(res)
        problems = [f"status {ng['status']} != {nr['status']}"] if ng["status"] != nr["status"] else []
        problems += [
            f"header {h}"
            for h in ("Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link", "Allow", "Location")
            if ng["headers"].get(h) != nr["headers"].get(h)
        ]
        if ng["body_kind"] != nr["body_kind"] or ng["body_kind"] != "json":
            problems.append(f"body kind {ng['body_kind']} != {nr['body_kind']} (not JSON)")
        else:
            problems += normalize.diff(*view(ng["body"], nr["body"]))
        redone[name] = {"name": name, "ok": not problems, "problems": problems}
    return [redone.get(r["name"], r) for r in results]
