"""scripts/diff-random.sh: the randomized differential tester (issue 10, part 2).

For each generated site of the seed: put random content into a fresh site of the real WordPress
(wordpress.py), export it, build the same site in wpcompat from that export exactly as
scripts/oracle_site.py does for the oracle's own site, serve it, send the same random read
requests to both (queries.py) as anonymous, admin, author and subscriber, and compare status,
X-WP-Total/X-WP-TotalPages, Link, Allow, Content-Type and the JSON bodies field by field after the
oracle's own normalisation (lib/normalize.py: base URL and the like).

Prints identical/total per site and the differences grouped by class (route + JSON path kind),
and writes a JSON report. Needs the live oracle (../shared/oracle) and root (hosts, configs):
on demand only, never in CI.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from diffrandom import content, queries, ties, wordpress  # noqa: E402

COMPARED_HEADERS = ["Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link", "Allow"]
WPCOMPAT_PORT = 8132


def log(msg: str) -> None:
    print(f"diff-random: {msg}", file=sys.stderr, flush=True)


def rescore(report: Path) -> None:
    """Classify the stored results of a report again with this tester's deliberate() (the
    answers are not asked again), and print the figures."""
    wordpress.oracle_lib(Path(default_oracle()))
    data = json.loads(report.read_text())
    for s in data["sites"]:
        for r in s["results"]:
            if not r["ok"] and r.get("bodies"):
                entry = {"route": r["route"], "path": r["path"], "params": r["params"]}
                a = {"status": r["wp"]["status"], "body": r["bodies"]["wp"]}
                b = {"status": r["ours"]["status"], "body": r["bodies"]["ours"]}
                r["deliberate"] = deliberate(entry, a, b)
    report.write_text(json.dumps(data, ensure_ascii=False, indent=1))


def build_wordpress(seed: int, index: int, oracle: Path, out: Path, reuse: bool) -> tuple[dict, dict]:
    """The site on the real WordPress and its export in ``out``; (plan, credentials)."""
    plan = content.make_plan(seed, index)
    site = wordpress.Site(index, oracle, Path("/tmp"))
    creds_file = out / "wp-creds.json"
    if reuse and (out / "site.json").exists() and creds_file.exists():
        meta = json.loads((out / "plan.json").read_text())
        if meta.get("seed") == seed:
            log(f"{site.host}: reusing the site built earlier for seed {seed}")
            return plan, json.loads(creds_file.read_text())
    wordpress.ensure_nginx(Path(f"/tmp/{wordpress.PREFIX}-random"))
    t0 = time.monotonic()
    site.create()
    site.configure(plan)
    site.populate(plan)
    site.configure(plan, final=True)
    site.export(out)
    (out / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1))
    creds = {
        "url": site.url,
        "auth": {k: list(site.creds[v]) for k, v in wordpress.AUTH_KINDS.items()},
        "ids": site.ids,
        "refused": site.refused,
    }
    creds_file.write_text(json.dumps(creds, indent=1))
    zone = plan["options"]["timezone_string"] or "gmt_offset " + plan["options"]["gmt_offset"]
    log(
        f"{site.host}: built in {time.monotonic() - t0:.0f} s ({zone}, permalinks {plan['permalink']!r}, "
        f"{len(site.ids['posts'])} posts, "
        f"{len(site.ids['comments'])} comments; WordPress refused {len(site.refused)} comments)"
    )
    return plan, creds


def build_wpcompat(
    out: Path, port: int, reuse: bool
) -> tuple[str, dict[str, tuple[str, str]], subprocess.Popen]:
    """The same site in wpcompat (scripts/oracle_site.py from the export), served on ``port``."""
    import oracle_site

    db = out / "wpcompat.db"
    url = f"http://127.0.0.1:{port}"
    auth_env = out / "wpcompat-auth.env"
    if reuse and db.exists() and auth_env.exists():
        log(f"{out.name}: reusing the wpcompat site built earlier")
        return (url, *serve(out, db, url, port, auth_env))  # type: ignore[return-value]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with open(out / "oracle-site.log", "w") as logf:
        old = sys.stderr
        sys.stderr = logf
        try:
            rc = oracle_site.main(
                [
                    "--oracle-dir",
                    str(out),
                    "--site-url",
                    url,
                    "--database-url",
                    f"sqlite:///{db}",
                    "--auth-env",
                    str(auth_env),
                ]
            )
        finally:
            sys.stderr = old
    if rc != 0:
        raise RuntimeError(f"oracle_site.py failed, see {out / 'oracle-site.log'}")
    return (url, *serve(out, db, url, port, auth_env))  # type: ignore[return-value]


def serve(out: Path, db: Path, url: str, port: int, auth_env: Path) -> tuple[dict, subprocess.Popen]:
    env_vals = dict(
        line.split("=", 1) for line in auth_env.read_text().splitlines() if "=" in line and line[0] != "#"
    )
    auths = {
        "admin": (env_vals["WP_ADMIN_USER"], env_vals["WP_APP_PASSWORD"]),
        "author": (env_vals["WP_AUTHOR_USER"], env_vals["WP_AUTHOR_APP_PASSWORD"]),
        "subscriber": (env_vals["WP_SUBSCRIBER_USER"], env_vals["WP_SUBSCRIBER_APP_PASSWORD"]),
    }
    exe = REPO / ".venv" / "bin" / "wpcompat"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "WPCOMPAT_SITE_URL": url,
        "WPCOMPAT_WP_VERSION": "6.1",
        "WPCOMPAT_DEMO_IMPORT": "false",
    }
    with open(out / "serve.log", "w") as serve_log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(
            [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=out,
            env=env,
            stdout=serve_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"wpcompat serve exited, see {out / 'serve.log'}") from None
            time.sleep(0.25)
    return auths, proc


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def slugs_of(export: str) -> list[str]:
    found = re.findall(r"<wp:(?:post_name|category_nicename|tag_slug)><!\[CDATA\[(.*?)\]\]>", export)
    return sorted({s for s in found if s})


def path_kind(path: str) -> str:
    """A JSON path as a class: list indexes and numeric keys erased."""
    return re.sub(r"\[\d+\]", "[]", path)


def leak_like(wp: dict, ours: dict, problems: list[str]) -> bool:
    """Does wpcompat show something WordPress does not (the "shows what it must not" kind)?

    A refusal of WordPress's (4xx) answered with content is; a crash of WordPress's (5xx: a PHP
    fatal error) is no refusal, and keys of our own error body are no content."""
    if ours["status"] < 300 <= wp["status"] < 500:
        return True
    if ours["status"] >= 400:
        return False
    for p in problems:
        if p.endswith("(unexpected)") and not p.startswith("header"):
            return True
        m = re.search(r"\(length (\d+) != (\d+)\)", p)
        if m and int(m.group(2)) > int(m.group(1)):
            return True
    try:
        if int(ours["headers"].get("X-WP-Total", 0)) > int(wp["headers"].get("X-WP-Total", 0)):
            return True
    except ValueError:
        pass
    return False


# Types WordPress registers with REST routes that wpcompat does not serve (docs/differences.md:
# /wp/v2/types lists only the served types; their own routes answer 404 rest_type_invalid).
UNSERVED_TYPES = frozenset({"nav_menu_item", "wp_block", "wp_template", "wp_template_part", "wp_navigation"})
CREDENTIAL_KEYS = frozenset({"uuid", "app_id", "name", "created", "last_used", "last_ip"})


def mask_credentials(body: Any) -> Any:
    """An Application Password as the other side cannot have it: each side's harness made its
    own (uuid, name, creation and last use are that side's); the shape, fields and who may see
    what stay compared."""
    text = json.dumps(body)
    for uuid in set(re.findall(r'"uuid": "([0-9a-f-]{36})"', text)):
        text = text.replace(uuid, "<uuid>")
    masked = json.loads(text)

    def walk(v: Any) -> Any:
        if isinstance(v, dict):
            return {
                k: ("<credential>" if k in CREDENTIAL_KEYS and x is not None else walk(x))
                for k, x in v.items()
            }
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return walk(masked)


def deliberate(entry: dict, wp: dict, ours: dict) -> str | None:
    """The listed deliberate difference (docs/differences.md) this answer shows, if that is all
    it shows; None otherwise."""
    from normalize import diff  # type: ignore[import-not-found]

    route = entry["route"]
    params = entry["params"] if isinstance(entry["params"], dict) else dict(entry["params"][1:])
    if route == "/wp/v2/types" and wp["status"] == ours["status"] == 200:
        body = wp["body"]
        inner = body.get("body") if isinstance(body, dict) and "status" in body and "body" in body else body
        if isinstance(inner, dict):
            kept = {k: v for k, v in inner.items() if k not in UNSERVED_TYPES}
            ours_inner = ours["body"].get("body") if inner is not body else ours["body"]
            if kept != inner and (kept or []) == ours_inner:
                return "types: only the served post types are listed"
    if route.startswith("/wp/v2/types/") and ours["status"] == 404:
        # The address, or ?rest_route= under plain permalinks.
        path = entry["path"] if entry["path"] != "/" else str(entry["params"][0][1])
        if path.rstrip("/").rsplit("/", 1)[-1].lower() in UNSERVED_TYPES:
            return "types: an unserved post type is 404 rest_type_invalid"
    if route == "/wp/v2/taxonomies" and wp["status"] == 500 and ours["status"] == 200:
        return "taxonomies?type=<unknown type>: WordPress dies with a PHP fatal error"
    if route == "/wp/v2/users" and str(params.get("offset", "")).lstrip().startswith("-"):
        if wp["status"] == ours["status"] == 200 and not diff(wp["body"], ours["body"]):
            return "users?offset=<negative>: WordPress's total is FOUND_ROWS() after a failed query"
    return None


class TieRanks:
    """The tie ranks of the generated site's rows (ties.py), asked of its MariaDB database once
    per ORDER BY."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.memo: dict[str, dict[int, int]] = {}

    def ranks(self, sql: str) -> dict[int, int]:
        if sql not in self.memo:
            out = wordpress.mariadb(sql, self.database)
            self.memo[sql] = {
                int(i): int(r) for i, r in (line.split("\t") for line in out.splitlines() if line)
            }
        return self.memo[sql]


def compare_one(
    entry: dict,
    wp_client,
    our_client,
    wp_auths,
    our_auths,
    wp_norm,
    our_norm,
    tie_ranks: TieRanks | None = None,
) -> dict:
    from normalize import diff  # type: ignore[import-not-found]
    from replay import send  # type: ignore[import-not-found]

    wp_res, _ = send(wp_client, entry, {}, wp_auths)
    our_res, _ = send(our_client, entry, {}, our_auths)
    a, b = wp_norm.response(wp_res), our_norm.response(our_res)
    if "application-passwords" in entry["route"]:
        a, b = {**a, "body": mask_credentials(a["body"])}, {**b, "body": mask_credentials(b["body"])}
    ties_as_sets = False
    if tie_ranks is not None and a["status"] == b["status"] == 200 and a["body"] != b["body"]:
        params = entry["params"] if isinstance(entry["params"], dict) else dict(entry["params"][1:])
        sql = ties.order_sql(entry["route"], params)
        if sql is not None:
            reordered = ties.reorder_ties(a["body"], b["body"], tie_ranks.ranks(sql))
            if reordered is not None:
                b = {**b, "body": reordered}
                ties_as_sets = True
    problems: list[str] = []
    if a["status"] != b["status"]:
        problems.append(f"status {a['status']} != {b['status']}")
    for h in COMPARED_HEADERS:
        if a["headers"].get(h) != b["headers"].get(h):
            problems.append(f"header {h}")
    problems += diff(a["body"], b["body"])
    return {
        "name": entry["name"],
        "route": entry["route"],
        "path": entry["path"],
        "params": entry["params"],
        "auth": entry["auth"],
        "ok": not problems,
        "ties_as_sets": ties_as_sets,
        "deliberate": deliberate(entry, a, b) if problems else None,
        "problems": problems[:30],
        "leak": bool(problems) and leak_like(a, b, problems),
        "wp": {"status": a["status"], "headers": a["headers"]},
        "ours": {"status": b["status"], "headers": b["headers"]},
        "bodies": None if not problems else {"wp": a["body"], "ours": b["body"]},
    }


def run_site(
    seed: int,
    index: int,
    n_requests: int,
    oracle: Path,
    out_root: Path,
    reuse: bool,
    jobs: int,
    reuse_wpcompat: bool = False,
    first_port: int = WPCOMPAT_PORT,
    raw_order: bool = False,
) -> dict:
    out = out_root / f"s{index}"
    out.mkdir(parents=True, exist_ok=True)
    plan, creds = build_wordpress(seed, index, oracle, out, reuse)
    wordpress.oracle_lib(oracle)
    from normalize import Normalizer  # type: ignore[import-not-found]
    from wphttp import Client  # type: ignore[import-not-found]

    port = first_port + index
    url, our_auths, proc = build_wpcompat(out, port, reuse_wpcompat)
    try:
        site = queries.Site(creds["ids"], slugs_of((out / "export.wxr.xml").read_text(encoding="utf-8")))
        rng = random.Random(f"{seed}:{index}:requests")
        routes = queries.get_routes()
        entries = [queries.make_request(rng, routes, site, n) for n in range(n_requests)]
        if not plan["permalink"]:
            # Plain permalinks: WordPress has no /wp-json/ address, only ?rest_route=.
            for e in entries:
                route = e["path"].removeprefix("/wp-json")
                e["path"], e["params"] = "/", [("rest_route", route), *e["params"].items()]
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        wp_norm = Normalizer(creds["url"], now, now)
        our_norm = Normalizer(url, now, now)
        wp_client, our_client = Client(creds["url"], timeout=120), Client(url, timeout=120)
        wp_auths = {k: tuple(v) for k, v in creds["auth"].items()}
        tie_ranks = None if raw_order else TieRanks(wordpress.Site.database_name(index))
        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            results = list(
                pool.map(
                    lambda e: compare_one(
                        e, wp_client, our_client, wp_auths, our_auths, wp_norm, our_norm, tie_ranks
                    ),
                    entries,
                )
            )
        log(f"s{index}: {len(results)} requests compared in {time.monotonic() - t0:.0f} s")
    finally:
        stop(proc)
    result = {
        "site": f"s{index}",
        "wordpress": creds["url"],
        "timezone": plan["options"]["timezone_string"],
        "gmt_offset": plan["options"]["gmt_offset"],
        "permalink": plan["permalink"],
        "identical": sum(r["ok"] for r in results),
        "total": len(results),
        "results": results,
    }
    # Each site's results as soon as it is done: a long run can be read while it goes on.
    (out / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return result


def classes(sites: list[dict]) -> dict[str, dict[str, Any]]:
    """Differences grouped by route and kind of JSON path (or status/header)."""
    out: dict[str, dict[str, Any]] = {}
    for s in sites:
        for r in s["results"]:
            if r["ok"]:
                continue
            kinds = sorted(
                {
                    path_kind(p.split(" (")[0]) if p.startswith("$") else p.split(" !=")[0]
                    for p in r["problems"]
                }
            )
            listed = "[listed deliberate] " if r.get("deliberate") else ""
            key = f"{listed}{queries.route_short(r['route'])} :: {', '.join(kinds[:4])}"
            c = out.setdefault(key, {"count": 0, "leak": 0, "examples": []})
            c["count"] += 1
            c["leak"] += r["leak"]
            if len(c["examples"]) < 3:
                c["examples"].append(
                    f"{s['site']} {r['name']} {r['auth'] or 'anon'} GET {r['path']} {r['params']}"
                )
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["count"]))


def default_oracle() -> Path:
    """../shared/oracle of the repository (or of the checkout a worktree belongs to)."""
    for base in (REPO.parent, REPO.parent.parent):
        if (base / "shared" / "oracle" / "export.sh").exists():
            return base / "shared" / "oracle"
    return REPO.parent / "shared" / "oracle"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sites", type=int, default=3)
    ap.add_argument("--requests", type=int, default=700, help="requests per site")
    ap.add_argument("--jobs", type=int, default=3, help="requests in flight")
    ap.add_argument("--reuse", action="store_true", help="reuse the WordPress sites built for this seed")
    ap.add_argument(
        "--reuse-wpcompat",
        action="store_true",
        help="with --reuse: also keep the wpcompat sites (re-test a changed server, same import)",
    )
    ap.add_argument(
        "--prefix",
        default=os.environ.get("DIFF_RANDOM_PREFIX", wordpress.PREFIX),
        help="names of the generated sites: hosts <prefix>-random-sK.test, databases wpc_<prefix>_random_sK",
    )
    ap.add_argument(
        "--wp-port",
        type=int,
        default=int(os.environ.get("DIFF_RANDOM_WP_PORT", wordpress.WP_PORT)),
        help="port of our nginx in front of the oracle's PHP-FPM",
    )
    ap.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("DIFF_RANDOM_PORT", WPCOMPAT_PORT)),
        help="first port of the wpcompat servers (one per site: port + site index)",
    )
    ap.add_argument(
        "--raw-order",
        action="store_true",
        help="compare ties of an order WordPress's SQL leaves undefined as ordered too (see ties.py)",
    )
    ap.add_argument(
        "--rescore",
        action="store_true",
        help="classify the stored answers of OUT/report.json again (no request sent) and print the figures",
    )
    ap.add_argument("--oracle-dir", default=os.environ.get("ORACLE_DIR") or str(default_oracle()))
    ap.add_argument("--out", help="working folder (default var/diff-random/seed-N)")
    ap.add_argument("--report", help="JSON report (default OUT/report.json)")
    a = ap.parse_args(argv)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a.prefix):
        ap.error("--prefix: lower-case letters, digits and single hyphens (a host and database name)")
    wordpress.PREFIX, wordpress.WP_PORT = a.prefix, a.wp_port
    oracle = Path(a.oracle_dir).resolve()
    out_root = Path(a.out).resolve() if a.out else REPO / "var" / "diff-random" / f"seed-{a.seed}"
    sites = []
    if a.rescore:
        report_file = Path(a.report) if a.report else out_root / "report.json"
        rescore(report_file)
        sites = json.loads(report_file.read_text())["sites"]
    for i in range(0 if a.rescore else a.sites):
        try:
            sites.append(
                run_site(
                    a.seed,
                    i,
                    a.requests,
                    oracle,
                    out_root,
                    a.reuse,
                    a.jobs,
                    a.reuse and a.reuse_wpcompat,
                    a.port,
                    a.raw_order,
                )
            )
        except Exception as error:  # one site that cannot be built must not lose the others' results
            log(f"s{i}: FAILED: {error.__class__.__name__}: {error}")
    if not sites:
        return 2
    total = sum(s["total"] for s in sites)
    same = sum(s["identical"] for s in sites)
    for s in sites:
        print(
            f"site {s['site']} ({s['timezone'] or 'gmt_offset ' + s['gmt_offset']}, permalinks "
            f"{s['permalink']!r}): {s['identical']}/{s['total']} identical ({100 * s['identical'] / s['total']:.2f}%)"
        )
    print(f"all: {same}/{total} identical ({100 * same / max(total, 1):.2f}%), seed {a.seed}")
    listed = [r["deliberate"] for s in sites for r in s["results"] if not r["ok"] and r.get("deliberate")]
    print(
        f"differences that are listed deliberate ones (docs/differences.md): {len(listed)}; "
        f"identical or listed: {same + len(listed)}/{total} ({100 * (same + len(listed)) / max(total, 1):.2f}%)"
    )
    for reason in sorted(set(listed)):
        print(f"  {listed.count(reason):4d}  {reason}")
    as_sets = sum(r.get("ties_as_sets", False) for s in sites for r in s["results"])
    print(
        f"of which {as_sets} identical once ties of an order WordPress's SQL leaves undefined were "
        "compared as sets (ties.py; --raw-order to count them as differences)"
    )
    grouped = classes(sites)
    for key, c in grouped.items():
        flag = f" [SHOWS MORE THAN WORDPRESS: {c['leak']}]" if c["leak"] else ""
        print(f"{c['count']:5d}  {key}{flag}")
        for ex in c["examples"][:1]:
            print(f"         e.g. {ex}")
    report = Path(a.report) if a.report else out_root / "report.json"
    report.write_text(
        json.dumps(
            {"seed": a.seed, "identical": same, "total": total, "classes": grouped, "sites": sites},
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"report: {report}")
    return 0 if same == total else 1


if __name__ == "__main__":
    sys.exit(main())
