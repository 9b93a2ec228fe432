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
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared_path
from tests.oracle_server import oracle_site_server

# The read requests that are known not to answer like WordPress 6.1, each for a stated reason.
# Every other one must match: a new difference fails the test, and so does a known one that
# starts matching (then it no longer belongs here).
KNOWN_DIFFERENCES = {
    # The index lists every route WordPress registers (block editor, themes, plugins, menus,
    # widgets, oEmbed, batch …); wpcompat lists only the routes it really serves.
    "index": "routes WordPress serves and wpcompat does not are not listed",
    "index_no_slash": "routes WordPress serves and wpcompat does not are not listed",
    "namespace_wp_v2": "routes WordPress serves and wpcompat does not are not listed",
    # Deliberate: WordPress 6.1 silently treats a wrong Application Password as anonymous.
    "posts_bad_password": "a wrong Application Password is 401 incorrect_password, not anonymous",
    "posts_bad_user": "an unknown user is 401 invalid_username, not anonymous",
}
COMPARE_TIMEOUT_S = 600
# compare.py's report and log are copied here, for CI to keep as artifacts.
ARTIFACTS = ROOT / "test-artifacts" / "oracle-golden"

pytestmark = pytest.mark.oracle


def test_rest_api_matches_wordpress_golden(tmp_path: Path) -> None:
    oracle = shared_path("oracle")
    compare = shared_path("oracle", "compare.py")
    manifest = json.loads(shared_path("oracle", "golden", "MANIFEST.json").read_text(encoding="utf-8"))
    reads = [r["name"] for r in manifest["requests"] if r.get("phase", "read") == "read"]
    report = tmp_path / "compare-report.json"

    with oracle_site_server(tmp_path, oracle) as site:
        creds = site.credentials()
        auth = [
            f"admin={creds['WP_ADMIN_USER']}:{creds['WP_APP_PASSWORD']}",
            f"author={creds['WP_AUTHOR_USER']}:{creds['WP_AUTHOR_APP_PASSWORD']}",
            f"subscriber={creds['WP_SUBSCRIBER_USER']}:{creds['WP_SUBSCRIBER_APP_PASSWORD']}",
        ]
        # --env: our credentials, never the oracle's own .env-wp (its "bad_password" request
        # takes the admin login from there); --auth says the same explicitly.
        proc = subprocess.run(
            [sys.executable, str(compare), site.url, "--read-only", "--env", str(site.auth_env),
             *(arg for a in auth for arg in ("--auth", a)), "--json-report", str(report)],
            capture_output=True, text=True, timeout=COMPARE_TIMEOUT_S, check=False,
        )  # fmt: skip
    (tmp_path / "compare.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in ("compare.log", "compare-report.json", "serve.log", "oracle-site.log"):
        if (tmp_path / name).exists():
            shutil.copy(tmp_path / name, ARTIFACTS / name)

    # 0: all passed, 1: some failed; anything else means compare.py could not do its job.
    assert proc.returncode in (0, 1), f"compare.py exited {proc.returncode}:\n{proc.stderr[-2000:]}"
    results = json.loads(report.read_text(encoding="utf-8"))
    # Every read request must have been compared (a "SKIP" would hide a missing golden file).
    assert sorted(r["name"] for r in results) == sorted(reads)

    failed = {r["name"]: r for r in results if not r["ok"]}
    unexpected = sorted(set(failed) - set(KNOWN_DIFFERENCES))
    now_matching = sorted(set(KNOWN_DIFFERENCES) - set(failed))
    detail = "\n".join(f"  {n}: {'; '.join(failed[n]['problems'][:4])}" for n in unexpected[:60])
    assert not unexpected, (
        f"{len(results) - len(failed)}/{len(results)} read requests answer like WordPress; "
        f"new differences ({len(unexpected)}):\n{detail}\nFull report: {ARTIFACTS / 'compare-report.json'}"
    )
    assert not now_matching, f"these now match WordPress; drop them from KNOWN_DIFFERENCES: {now_matching}"
