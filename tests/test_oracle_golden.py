"""wpcompat's REST API answers like WordPress 6.1: the oracle's recorded answers, replayed.

The oracle (../shared/oracle) recorded 275 requests against a real WordPress 6.1 (golden/).
This test builds the same site in wpcompat with scripts/oracle-site.sh, serves it, and replays
the 219 read requests with the oracle's own compare.py, which compares status, headers and
bodies field by field after normalising only what legitimately differs (base URL, nonces).
WordPress itself need not run: the golden files are the reference.

By hand, with a report of every difference:  scripts/oracle-compare.sh -v
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared_path
from tests.oracle_server import compare_reads, oracle_site_server

# The read requests that are known not to answer like WordPress 6.1, each for a stated reason.
# Every other one must match: a new difference fails the test, and so does a known one that
# starts matching (then it no longer belongs here).
KNOWN_DIFFERENCES = {
    # The index lists every route WordPress registers (block editor, themes, plugins, menus,
    # widgets, oEmbed, batch …); wpcompat lists only the routes it really serves.
    "index": "routes WordPress serves and wpcompat does not are not listed",
    "index_no_slash": "routes WordPress serves and wpcompat does not are not listed",
    "namespace_wp_v2": "routes WordPress serves and wpcompat does not are not listed",
    # Likewise /wp/v2/types lists only the post types whose routes are served (post, page,
    # attachment); tests/test_rest_types.py checks those entries against these recordings.
    "types": "post types whose routes wpcompat does not serve are not listed",
    "types_edit_admin": "post types whose routes wpcompat does not serve are not listed",
    # Deliberate: WordPress 6.1 silently treats a wrong Application Password as anonymous.
    "posts_bad_password": "a wrong Application Password is 401 incorrect_password, not anonymous",
    "posts_bad_user": "an unknown user is 401 invalid_username, not anonymous",
}
# compare.py's report and log are copied here, for CI to keep as artifacts.
ARTIFACTS = ROOT / "test-artifacts" / "oracle-golden"

pytestmark = pytest.mark.oracle


def test_rest_api_matches_wordpress_golden(tmp_path: Path) -> None:
    oracle = shared_path("oracle")
    compare = shared_path("oracle", "compare.py")
    golden = shared_path("oracle", "golden")
    with oracle_site_server(tmp_path, oracle) as site:
        results, _ = compare_reads(site, compare, golden, tmp_path)
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
