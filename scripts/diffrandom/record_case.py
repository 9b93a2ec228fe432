"""Record one regression case of the randomized tester from the real WordPress's default site.

A class of difference that diff-random.sh found and that was fixed gets a small golden file in
tests/differential/golden/: one read request and WordPress's full answer to it, recorded from
the oracle's default site (read-only: GET only), which tests/test_differential_cases.py replays
against the same site built in wpcompat (CI has no live WordPress).

Usage: .venv/bin/python scripts/diffrandom/record_case.py NAME PATH [--param K=V ...]
       [--auth admin|author|subscriber] --why "the class of difference"
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

from diffrandom.runner import default_oracle  # noqa: E402
from diffrandom.wordpress import oracle_lib  # noqa: E402

GOLDEN = REPO / "tests" / "differential" / "golden"
ORACLE_URL = "http://127.0.0.1:8080"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("name")
    ap.add_argument("path", help="e.g. /wp-json/wp/v2/posts")
    ap.add_argument("--param", action="append", default=[], metavar="K=V")
    ap.add_argument("--auth", choices=["admin", "author", "subscriber"])
    ap.add_argument("--why", required=True)
    a = ap.parse_args(argv)
    oracle = default_oracle()
    oracle_lib(oracle)
    from replay import auth_table, send  # type: ignore[import-not-found]
    from wphttp import Client, read_env  # type: ignore[import-not-found]

    # The shipped credentials of the default site (never the state copy of another site).
    auths = auth_table(read_env(str(oracle / ".env-wp")))
    params: list[tuple[str, str]] = [tuple(p.split("=", 1)) for p in a.param]  # type: ignore[misc]
    entry = {"name": a.name, "method": "GET", "path": a.path, "params": params, "auth": a.auth}
    result, _ = send(Client(ORACLE_URL), entry, {}, auths)
    result.pop("all_headers", None)
    result.pop("elapsed_s", None)
    result["request"]["params"] = params
    case = {
        "why": a.why,
        "recorded_from": f"WordPress 6.1, the oracle's default site ({ORACLE_URL}, shipped snapshot)",
        "recorded_at_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        **result,
    }
    GOLDEN.mkdir(parents=True, exist_ok=True)
    out = GOLDEN / f"{a.name}.json"
    out.write_text(json.dumps(case, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {result['status']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
