"""Put a plan (content.py) into a fresh site of its own on the shared real WordPress, and export it.

Each generated site is a host name of its own (``<prefix>-random-sN.test``, in /etc/hosts) with its
own database (``wpc_<prefix>_random_sN``) and Debian config file
``/etc/wordpress/config-<host>.php``; the oracle's default site (Host 127.0.0.1, database
``wordpress``) is never touched. The prefix and ports are the runner's options (``--prefix``,
``--wp-port``), so that several people sharing one oracle each keep to their own names and ports.

The oracle's own nginx sends every request to WordPress as ``Host: 127.0.0.1:8080`` (it fixes
HTTP_HOST so that links keep the port), so a host-named site cannot be reached through it. A
small nginx of ours (``WP_PORT``, a copy of the oracle's config that passes the request's Host)
serves the same WordPress and the same PHP-FPM pool.

Content goes in the way a blogger puts it in: through the REST API (as the admin, or as the
author with the author's own Application Password so that kses applies to what they write);
options that REST does not expose go through WordPress's update_option() (a small PHP run),
and only what no API can set (a comment's date after the flood check, a post's modified date)
is written in SQL. Then the oracle's export.sh and make-extras.py write what wpcompat imports.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ORACLE_CONFIG = Path("/etc/wordpress/config-127.0.0.1.php")
ORACLE_NGINX = Path("/etc/nginx/wp-oracle.conf")
PHP_SOCKET = "/run/wp-oracle/php-fpm.sock"
# Defaults only; the runner sets both from its options before any site is made.
WP_PORT = 8131
PREFIX = "i10"
ADMIN_PASSWORD = "diff-random-admin"
AUTH_KINDS = {"admin": "admin", "author": "author1", "subscriber": "subscriber3"}

# Options are applied with update_option(), then the rewrite rules flushed for the permalinks.
OPTIONS_PHP = r"""
$_SERVER['HTTP_HOST'] = $argv[1]; $_SERVER['SERVER_NAME'] = explode(':', $argv[1])[0];
$_SERVER['REQUEST_URI'] = '/'; $_SERVER['REQUEST_METHOD'] = 'GET'; $_SERVER['REMOTE_ADDR'] = '127.0.0.1';
define('WP_USE_THEMES', false);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/misc.php';
$in = json_decode(file_get_contents('php://stdin'), true);
foreach ($in['options'] as $k => $v) { update_option($k, $v); }
global $wp_rewrite;
$wp_rewrite->set_permalink_structure($in['permalink']);
flush_rewrite_rules(false);
if ($in['app_password']) {
    $pw = WP_Application_Passwords::create_new_application_password(1, array('name' => 'diff-random'));
    echo $pw[0], "\n";
} else { echo "ok\n"; }
"""


class WpError(Exception):
    pass


def oracle_lib(oracle_dir: Path) -> None:
    """The oracle's stdlib client (wphttp) and normaliser are imported from its lib/."""
    lib = str(oracle_dir / "lib")
    if lib not in sys.path:
        sys.path.insert(0, lib)


def ensure_nginx(state: Path) -> None:
    """Our nginx in front of the shared PHP-FPM, passing the Host header (see the module doc)."""
    conf = state / "nginx.conf"
    pidfile = state / "nginx.pid"
    if pidfile.exists():
        pid = int(pidfile.read_text().split()[0])
        if Path(f"/proc/{pid}").exists():
            return
    text = ORACLE_NGINX.read_text()
    text = re.sub(r"pid [^;]+;", f"pid {pidfile};", text)
    text = re.sub(r"error_log [^;]+;", f"error_log {state / 'nginx-error.log'};", text)
    text = re.sub(r"listen [^;]+;", f"listen 127.0.0.1:{WP_PORT};", text)
    text = re.sub(r"server_name [^;]+;", "server_name _;", text)
    text = re.sub(r"fastcgi_param HTTP_HOST [^;]+;", "fastcgi_param HTTP_HOST $http_host;", text)
    state.mkdir(parents=True, exist_ok=True)
    conf.write_text(text)
    subprocess.run(["nginx", "-c", str(conf)], check=True, capture_output=True)
    time.sleep(0.5)


def mariadb(sql: str, db: str | None = None) -> str:
    args = ["mariadb", "-uroot", "--default-character-set=utf8mb4", "-N", "-B", "-e", sql]
    if db:
        args.append(db)
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def sql_str(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Site:
    """One generated site on the real WordPress."""

    def __init__(self, index: int, oracle_dir: Path, state_root: Path) -> None:
        self.name = f"s{index}"
        self.host = f"{PREFIX}-random-{self.name}.test"
        self.db = self.database_name(index)
        self.url = f"http://{self.host}:{WP_PORT}"
        self.state = state_root / f"wp-oracle-{PREFIX}-random-{self.name}"
        self.oracle_dir = oracle_dir
        self.ids: dict[str, Any] = {}
        self.creds: dict[str, tuple[str, str]] = {}
        self.options: dict[str, str] = {}
        self.refused: list[str] = []
        oracle_lib(oracle_dir)
        from wphttp import Client  # type: ignore[import-not-found]

        self.client = Client(self.url, timeout=120)

    @staticmethod
    def database_name(index: int) -> str:
        return f"wpc_{PREFIX.replace('-', '_')}_random_s{index}"

    # -- the empty site
    def create(self) -> None:
        hosts = Path("/etc/hosts").read_text()
        if not re.search(rf"^127\.0\.0\.1\s+{re.escape(self.host)}\s*$", hosts, re.M):
            with open("/etc/hosts", "a") as f:
                f.write(f"127.0.0.1 {self.host}\n")
        config = ORACLE_CONFIG.read_text()
        config = re.sub(r"define\( 'DB_NAME', '[^']*' \);", f"define( 'DB_NAME', '{self.db}' );", config)
        target = Path(f"/etc/wordpress/config-{self.host}.php")
        target.write_text(config)
        os.chmod(target, 0o640)
        subprocess.run(["chgrp", "www-data", str(target)], check=True)
        mariadb(
            f"DROP DATABASE IF EXISTS {self.db}; CREATE DATABASE {self.db} CHARACTER SET utf8mb4; "
            f"GRANT ALL ON {self.db}.* TO 'wordpress'@'localhost'"
        )
        r = self.client.request(
            "POST",
            "/wp-admin/install.php",
            params={"step": "2"},
            form={
                "weblog_title": "Generated",
                "user_name": "admin",
                "admin_password": ADMIN_PASSWORD,
                "admin_password2": ADMIN_PASSWORD,
                "pw_weak": "on",
                "admin_email": "admin@example.org",
                "blog_public": "1",
                "language": "",
            },
        )
        if r.status != 200 or "wp-login.php" not in r.text:
            raise WpError(f"{self.host}: install answered {r.status}: {r.text[:300]}")

    def configure(self, plan: dict[str, Any], *, final: bool = False) -> None:
        """The options; before the content (``final`` False) comments may not close by age yet,
        or WordPress would refuse the old posts' comments being put in."""
        self.options = dict(plan["options"])
        if not final:
            self.options["close_comments_for_old_posts"] = "0"
            self.options["comment_registration"] = "0"
        proc = subprocess.run(
            ["php", "-d", "display_errors=stderr", "-r", OPTIONS_PHP, "--", f"{self.host}:{WP_PORT}"],
            input=json.dumps(
                {"options": self.options, "permalink": plan["permalink"], "app_password": not final}
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0 or not proc.stdout.strip():
            raise WpError(f"{self.host}: options: {proc.stderr[-500:]}")
        if not final:
            self.creds["admin"] = ("admin", proc.stdout.strip().splitlines()[-1])

    # -- REST
    def call(self, method: str, route: str, body: dict[str, Any] | None = None, who: str = "admin") -> Any:
        """A REST request by ?rest_route=, which works whatever the permalinks (plain ones have
        no /wp-json/ address)."""
        return self.client.request(method, "/", params={"rest_route": route}, json_body=body, auth=self.creds[who])

    def rest(
        self,
        method: str,
        route: str,
        body: dict[str, Any] | None = None,
        who: str = "admin",
        ok: tuple[int, ...] = (200, 201),
    ) -> Any:
        r = self.call(method, route, body, who)
        if r.status not in ok:
            raise WpError(f"{self.host}: {method} {route} as {who}: {r.status} {r.text[:300]}")
        return r.json()

    def populate(self, plan: dict[str, Any]) -> None:
        users: dict[str, int] = {"admin": 1}
        for u in plan["users"][1:]:
            made = self.rest(
                "POST",
                "/wp/v2/users",
                {
                    "username": u["login"],
                    "email": u["email"],
                    "password": secrets.token_hex(8),
                    "roles": [u["role"]],
                    "name": u["name"],
                    "first_name": u["first_name"],
                    "last_name": u["last_name"],
                    "nickname": u["nickname"],
                    "url": u["url"],
                    "description": u["description"],
                },
            )
            users[u["login"]] = made["id"]
            pw = self.rest(
                "POST", f"/wp/v2/users/{made['id']}/application-passwords", {"name": "diff-random"}
            )
            self.creds[u["login"]] = (u["login"], pw["password"])
        cats: list[int | None] = []
        for c in plan["categories"]:
            parent = cats[c["parent"]] if c["parent"] is not None else None
            body = {
                "name": c["name"],
                "description": c["description"],
                **({"parent": parent} if parent else {}),
            }
            r = self.call("POST", "/wp/v2/categories", body)
            cats.append(r.json()["id"] if r.status == 201 else r.json().get("data", {}).get("term_id"))
        tags: list[int | None] = []
        for t in plan["tags"]:
            r = self.call("POST", "/wp/v2/tags", {"name": t["name"]})
            tags.append(r.json()["id"] if r.status == 201 else r.json().get("data", {}).get("term_id"))
        post_ids: list[int] = []
        modified: list[tuple[int, str]] = []
        for p in plan["posts"]:
            body = {k: p[k] for k in ("title", "content", "status", "date", "format") if k in p}
            for k in ("excerpt", "password", "comment_status"):
                if p.get(k):
                    body[k] = p[k]
            body["categories"] = [cats[i] for i in p["categories"] if cats[i]] or [1]
            body["tags"] = [tags[i] for i in p["tags"] if tags[i]]
            body["sticky"] = p["sticky"]
            who = p["author"] if p["author"] in self.creds and p["author"] != "admin" else "admin"
            if who == "admin":
                body["author"] = users[p["author"]]
            if (
                who != "admin"
                and p["status"] in ("private", "future", "publish")
                and p["author"].startswith("contrib")
            ):
                body["status"] = "pending"
            if who != "admin":
                body.pop("sticky", None)  # only editors may stick posts
            made = self.rest("POST", "/wp/v2/posts", body, who=who)
            post_ids.append(made["id"])
            if p.get("modified"):
                modified.append((made["id"], p["modified"]))
        page_ids: list[int] = []
        for pg in plan["pages"]:
            body = {k: pg[k] for k in ("title", "content", "status", "date", "menu_order")}
            body["author"] = users[pg["author"]]
            if pg["parent"] is not None:
                body["parent"] = page_ids[pg["parent"]]
            page_ids.append(self.rest("POST", "/wp/v2/pages", body)["id"])
        comment_ids: list[int | None] = []
        backdate: list[tuple[int, str]] = []
        for c in plan["comments"]:
            body: dict[str, Any] = {"post": post_ids[c["post"]], "content": c["content"], "date": c["date"]}
            if c["parent"] is not None and comment_ids[c["parent"]]:
                body["parent"] = comment_ids[c["parent"]]
            who = "admin"
            if c["who"] == "anon":
                body.update(
                    author_name=c["author_name"],
                    author_email=c["author_email"],
                    author_url=c["author_url"],
                    status=c["status"],
                )
            elif c["who"] == "user":
                body.update(author=users[c["user"]], status=c["status"])
            else:
                who = AUTH_KINDS["subscriber"]
                body.pop("date")
            r = self.call("POST", "/wp/v2/comments", body, who)
            if r.status != 201:
                self.refused.append(f"comment: {r.status} {r.json().get('code')}")
                comment_ids.append(None)  # closed post, draft, duplicate: WordPress said no
                continue
            cid = r.json()["id"]
            comment_ids.append(cid)
            if who != "admin":
                # Written now by WordPress; dated like the others so that the next comment from
                # this IP is not refused as a flood.
                backdate.append((cid, c["date"]))
                self.sql_comment_date(cid, c["date"])
        for pid, when in modified:
            self.sql_post_modified(pid, when)
        self.ids = {
            "users": users,
            "posts": post_ids,
            "pages": page_ids,
            "categories": [c for c in cats if c],
            "tags": [t for t in tags if t],
            "comments": [c for c in comment_ids if c],
        }

    def gmt(self, local: str) -> str:
        """The UTC time of a local wall-clock time of this site (WordPress's own conversion:
        the zone's offset at that time, or the fixed raw offset)."""
        when = dt.datetime.fromisoformat(local)
        tz, offset = self.options.get("timezone_string"), self.options.get("gmt_offset") or "0"
        if tz:
            utc = when.replace(tzinfo=ZoneInfo(tz)).astimezone(dt.UTC)
        else:
            utc = when.replace(tzinfo=dt.timezone(dt.timedelta(hours=float(offset))))
        return utc.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")

    def sql_comment_date(self, cid: int, local: str) -> None:
        mariadb(
            f"UPDATE wp_comments SET comment_date = {sql_str(local.replace('T', ' '))}, "
            f"comment_date_gmt = {sql_str(self.gmt(local))} WHERE comment_ID = {cid}",
            self.db,
        )

    def sql_post_modified(self, pid: int, local: str) -> None:
        mariadb(
            f"UPDATE wp_posts SET post_modified = {sql_str(local.replace('T', ' '))}, "
            f"post_modified_gmt = {sql_str(self.gmt(local))} WHERE ID = {pid}",
            self.db,
        )

    # -- export
    def export(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.state.mkdir(parents=True, exist_ok=True)
        env_file = self.state / ".env-wp"
        lines = [f"WP_URL={self.url}", f"DB_NAME={self.db}", "DB_USER=wordpress"]
        keys = {
            "admin": ("WP_ADMIN_USER", "WP_APP_PASSWORD"),
            "author": ("WP_AUTHOR_USER", "WP_AUTHOR_APP_PASSWORD"),
            "subscriber": ("WP_SUBSCRIBER_USER", "WP_SUBSCRIBER_APP_PASSWORD"),
        }
        for kind, login in AUTH_KINDS.items():
            lines += [f"{keys[kind][0]}={login}", f"{keys[kind][1]}={self.creds[login][1]}"]
        env_file.write_text("\n".join(lines) + "\n")
        env = {
            **os.environ,
            "ORACLE_STATE": str(self.state),
            "ORACLE_DB_NAME": self.db,
            "WP_HOSTPORT": f"{self.host}:{WP_PORT}",
        }
        subprocess.run(
            [str(self.oracle_dir / "export.sh"), "--out", str(out / "export.wxr.xml")],
            env=env,
            check=True,
            capture_output=True,
        )
        empty = self.state / "no-golden"
        empty.mkdir(exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(self.oracle_dir / "make-extras.py"),
                "--export",
                str(out / "export.wxr.xml"),
                "--golden",
                str(empty),
                "--env",
                str(env_file),
                "--out-dir",
                str(out),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        (out / "ids.json").write_text(json.dumps(self.ids, indent=1))

    def drop(self) -> None:
        mariadb(f"DROP DATABASE IF EXISTS {self.db}")
        Path(f"/etc/wordpress/config-{self.host}.php").unlink(missing_ok=True)


def quote_path(path: str) -> str:
    return urllib.parse.quote(path)
